"""The command line's text: table headers, run summaries, progress, its error messages, and its --help."""

TEXT = {
    "ja": {
        "cli.h.low": "低（P5）",
        "cli.h.high": "高（P95）",
        "cli.h.kpi_low": "指標（低）",
        "cli.h.kpi_high": "指標（高）",
        "cli.h.swing": "振れ幅",
        "cli.h.s1_ci": "S1 信頼区間",
        "cli.h.st_ci": "ST 信頼区間",
        "cli.h.never": "期間内に未到達の試行",
        "cli.year_kpi_note": "* 年度の指標：P10/P50/P90 はその年度に到達した試行のみで計算。「期間内に未到達の試行」は期間内に"
                             "到達しない試行の割合（投資回収年度では、期間内に回収しない試行と純投資のない試行）。",
        "cli.year_kpi_mark": "{label} *",
        "cli.never_cell": "未到達{share}",
        "cli.with_note": "{cell}（{note}）",
        "cli.yes": "○",
        "cli.scenario": "シナリオ：{name}（{file}）",
        "cli.draws.one": "{n}回の試行",
        "cli.draws.many": "{n}回の試行",
        "cli.method": "、{method}法",
        "cli.run_line": "{draws}、乱数シード {seed}{method}、{first}〜{last}、目標年度 {target}",
        "cli.compare_line": "{name}：{file}（{draws}、乱数シード {seed}）",
        "cli.opt.condition_gap": "毎年度の不足率 ≤ {limit}（{first}〜{until}）",
        "cli.opt.condition_budget": "DX計画の費用 ≤ 年{cap}億円",
        "cli.opt.condition_confidence": "{draws}回の試行の{share}以上で（乱数シード {seed}）",
        "cli.opt.conditions": "条件：{items}",
        "cli.opt.sep": "、",
        "cli.opt.search": "探索：{generations}世代、{evaluations}候補、{seconds}秒（毎秒{rate}候補）",
        "cli.opt.found": "計画が見つかりました：現金支出 {cost}、最大の不足率 {gap}",
        "cli.opt.condition_digital_keep": "デジタル人材（L1〜L3）の不足 ≤ 出発シナリオ（毎年度）",
        "cli.opt.condition_digital_persons": "デジタル人材（L1〜L3）の不足 ≤ {n}（毎年度）",
        "cli.opt.none": "条件を満たす計画はありません。",
        "cli.opt.best_gap": "到達できる最小の最大不足率：{best}（上限 {limit}）。",
        "cli.opt.best_digital": "見つかった計画でデジタル人材の不足が上限を超える最小の人数：{excess}。",
        "cli.opt.what_binds": "制約となっているもの：",
        "cli.opt.better": "より少ない費用で条件を満たす組込みシナリオ：{names}",
        "cli.opt.wrote_plan": "{path} に書き出しました（python -m sim run {path} で同じ数値を再現できます）",
        "cli.medians": "複数回の試行の値は中央値（P50）です",
        "cli.report_ranges": "{draws}、乱数シード {seed}：P10〜P90の幅を含めました",
        "cli.wrote_files.one": "{n}個のファイルを {dir} に書き出しました：{names}",
        "cli.wrote_files.many": "{n}個のファイルを {dir} に書き出しました：{names}",
        "cli.wrote": "{target} に書き出しました",
        "cli.municipality": "自治体：{name}（{code}）、基準年度の人口 {population}人（{path}）",
        "cli.path.explicit": "社人研 2023年推計",
        "cli.note": "注：{note}",
        "cli.progress.draws": "モンテカルロ",
        "cli.progress.runs": "Sobol",
        "cli.progress.municipalities": "一括実行",
        "cli.progress.generations": "最適化",
        "cli.unit.generations": "世代",
        "cli.unit.draws": "回",
        "cli.unit.runs": "回",
        "cli.tornado_line": "指標：{kpi}（{key}）。トルネード：各入力をP5とP95に、ほかの入力を点推定値に置いた結果。基準 {base}",
        "cli.sobol_line": "指標：{kpi}（{key}）。Sobol指数、N = {n}（{runs}回の実行）、乱数シード {seed}、95%ブートストラップ区間",
        "cli.validate.ok": "OK  {file}",
        "cli.validate.fail": "FAIL {file}",
        "cli.validate.summary": "{total}件中{valid}件が有効です",
        "cli.batch.all": "全国",
        "cli.batch.line": "{n}団体（{where}）、うち社人研推計あり {ipss}団体。目標年度 {target}、不足率のしきい値 {threshold}",
        "cli.batch.wrote": "kpis.csv（{n}行）と summary.csv を {dir} に書き出しました",
        # errors
        "cli.error": "エラー：{msg}",
        "cli.interrupted": "中断しました",
        "cli.internal_error": "内部エラー：{error}",
        "cli.bug": "dx-simの不具合です。実行したコマンドとシナリオファイルを添えて報告してください。",
        "cli.bug_debug": "dx-simの不具合です。実行したコマンドとシナリオファイルを添えて報告してください"
                         "（DXSIM_DEBUG=1 でトレースバックを表示します）。",
        "cli.usage_error": "{prog} {command}：エラー：{msg}",
        "cli.argparse.error": "{prog}：エラー：{msg}",
        "cli.argparse.required": "次の引数が必要です：{args}",
        "cli.argparse.unrecognized": "認識できない引数です：{args}",
        "cli.argparse.invalid_choice": "引数 {arg}：{value} は選べません（選択肢：{choices}）",
        "cli.argparse.expected_one": "引数 {arg}：値を1つ指定してください",
        "cli.argparse.not_whole": "引数 {arg}：{value} は整数ではありません",
        "cli.argparse.range": "引数 {arg}：{lo}〜{hi} の範囲で指定してください（指定値 {value}）",
        "cli.argparse.power_of_two": "引数 {arg}：2から1,048,576までの2のべき乗（64、1024など）を指定してください（指定値 {value}）",
        "cli.argparse.not_number": "引数 {arg}：{value} は数値ではありません",
        "cli.argparse.share": "引数 {arg}：0より大きく1以下の割合（0.8など）を指定してください（指定値 {value}）",
        "cli.argparse.non_negative": "引数 {arg}：0以上の数値を指定してください（指定値 {value}）",
        "cli.argparse.digital": "引数 {arg}：{keep}、{off}、または人数を指定してください（指定値 {value}）",
        "cli.usage.format_needs_out": "--format には --out DIR が必要です",
        "cli.usage.two_scenarios": "compare には2つ以上のシナリオファイルが必要です",
        "cli.usage.unknown_group": "不明なグループ {group} です。グループ：{groups}",
        "cli.problems": "{head}シナリオに{n}件の問題があります：",
        "cli.set.problems": "--set の値でシナリオが無効になります（{n}件の問題）：",
        "cli.cannot_write": "{target} に書き込めません：{reason}",
        "cli.set.no_equals": "--set {item}：キー=値 の形で指定してください（例：workforce.exit_rate_multiplier=1.5）",
        "cli.set.unknown": "--set {key}：不明なパラメータです{hint}。`python -m sim params` で一覧を表示できます",
        "cli.set.did_you_mean": "（もしかして {keys}）",
        "cli.set.no_value": "--set {key}：値がありません。{expected}を指定してください",
        "cli.set.not_a_number": "--set {key}：{text} は数値ではありません。{expected}を指定してください",
        "cli.set.not_by_year": "--set {key}：このパラメータは年度別に設定できません。{expected}を指定してください",
        "cli.set.not_year_value": "--set {key}：{part} は 年度:値 の形ではありません（例：{key}=2025:10,2030:20）",
        "cli.set.year_twice": "--set {key}：{year}年度が2回指定されています（{text}）。各年度は1回だけ指定してください",
        "cli.set.problem": "--set {key}：{problem}。{expected}を指定してください",
        "cli.set.problem_year": "--set {key}（{year}）：{problem}。{expected}を指定してください",
        "cli.set.choice_problem": "--set {key}：{problem}",
        "cli.set.given_twice": "--set {key}：2回指定されています。各キーは1回だけ指定してください",
        "cli.expected.choice": "{choices} のいずれか",
        "cli.expected.number": "数値{range}（{unit}）",
        "cli.expected.whole": "整数{range}（{unit}）",
        "cli.expected.range": "（{lo}〜{hi}）",
        "cli.expected.series": "年度別は 2025:10,2030:20 の形",
        "cli.expected.with_series": "{what}（{series}）",
        "cli.unknown_kpi": "不明な指標 {kpi} です。--kpi には次のいずれかを指定してください：{keys}",
        "cli.unknown_prefecture": "不明な都道府県 {name} です{hint}",
        "cli.prefecture_hint": "（もしかして {names}）",
        "cli.prefecture_list": "。次のいずれかを指定してください：{names}",
        "cli.batch.municipality_set": "--set {key}：一括実行では各団体の値でシナリオの [municipality] を置き換えるため、"
                                      "この値は使われません。団体ごとに `run --municipality コード --set ...` で指定してください",
        "cli.municipality_error": "--municipality {query}：{msg}",
        # help (python -m sim [COMMAND] --help); help= texts go through argparse's %-formatting: a % is %%
        "cli.description": "dx-sim：自治体の職員数・デジタル人材・DX予算を年度ごとに推計します。"
                           "シナリオファイル（TOML）の実行・比較・検証を行います。",
        "cli.epilog": "終了ステータス：\n"
                      "  0  正常終了\n"
                      "  1  シナリオまたは入力の誤り（シナリオの問題、ファイルがない、--set の値の誤り、出力を書き込めない）\n"
                      "  2  使い方の誤り（不明なコマンド・オプション、オプションの値の誤り）\n"
                      "  3  予期しない内部エラー（dx-simの不具合です。報告してください。DXSIM_DEBUG=1 でトレースバックを表示します）\n"
                      "\n"
                      "例：\n"
                      "{examples}",
        "cli.argparse.positionals": "位置引数",
        "cli.argparse.options": "オプション",
        "cli.argparse.help": "このヘルプを表示して終了します",
        "cli.argparse.version": "バージョンを表示して終了します",
        "cli.arg.command": "実行するコマンド（各コマンドのオプションは python -m sim COMMAND --help で表示）",
        "cli.help.run": "シナリオを実行して指標を表示し、必要に応じて結果の表を書き出します",
        "cli.desc.run": "シナリオを実行して指標を表示します。--out を付けると結果の表（kpis、series、flows、budget、levers、"
                        "age_profile。複数回の試行では bands も）を書き出します。",
        "cli.help.compare": "複数のシナリオの指標を並べて比較し、1つ目との差を示します",
        "cli.desc.compare": "2つ以上のシナリオを実行して指標を並べて表示し、それぞれの1つ目のシナリオとの差（Δ）を示します。"
                            "複数回の試行では値は中央値です。",
        "cli.help.validate": "シナリオファイルを検証し、すべての問題を一覧表示します",
        "cli.desc.validate": "シナリオファイルを検証します。ファイルごとに「OK  ファイル名」または「FAIL ファイル名」と、"
                             "続けてすべての問題（キーのパス：内容）を表示します。無効なファイルが1つでもあれば終了ステータスは1です。",
        "cli.help.params": "パラメータ一覧（キー、既定値、範囲、出典）を表示します",
        "cli.desc.params": "パラメータ一覧を表示します。シナリオファイルと --set で使えるキーの一覧です。",
        "cli.help.sensitivity": "指標を左右する不確実な入力を示します（トルネードまたはSobol指数）",
        "cli.desc.sensitivity": "1つの指標について、シナリオの不確実な入力に対する感度を求めます。トルネード（各入力をP5とP95に、"
                                "ほかの入力を点推定値に置いた結果）、またはSobolの一次指数（S1）と総合指数（ST）を95%ブートストラップ"
                                "区間付きで示します。",
        "cli.help.doctor": "自己診断：同梱データ、組込みシナリオ、ライブラリフォルダを検査します",
        "cli.desc.doctor": "同梱のデータ表（読み込み、列、出典ID、団体別の複製がないこと）、組込みシナリオ（読み込み、実行、"
                           "指標が有限値であること）、ライブラリフォルダのすべての *.toml を検査し、問題を「ファイル:行: 内容」の"
                           "形で表示します。問題が1つでもあれば終了ステータスは1です。",
        "cli.help.batch": "SSDSE-Aファイルの全団体（または1つの都道府県）について1つのシナリオを一括実行します",
        "cli.desc.batch": "公式のSSDSE-A CSVにある全団体（人口 > 0）について、各団体の数値（人口、65歳以上の割合、職員数、面積。"
                          "--projection を付けると社人研推計も）で1つのシナリオを確定的に実行します。kpis.csv（1団体1行）と"
                          "summary.csv（団体区分別）を DIR に書き出します（UTF-8・BOM付き、見出しは --lang の言語）。",
        "cli.help.report": "定員管理計画のワークブック（xlsx）と議会向け報告書（docx）を書き出します",
        "cli.desc.report": "シナリオの2つの文書を DIR に書き出します。staffing_plan.xlsx（定員管理計画のシート、職員数と必要職員数の"
                           "グラフ、既定値と異なる前提条件、指標）と council_report.docx（平易な要約、グラフ、計画表、前提条件、"
                           "出典）です。--draws N（N > 1）ではモンテカルロでP10〜P90の幅を加えます。グラフの画像には日本語フォント"
                           "（fonts-noto-cjk、または DXSIM_FONT_DIR）が必要です。",
        "cli.help.optimise": "職員の不足率を上限以内に、デジタル人材の不足を広げずに保つ、費用が最小の計画を探します",
        "cli.desc.optimise": "毎年度の採用数、各施策の実施の有無・開始年度・普及率の上限、研修の対象割合、外部人材、デジタル人材の"
                             "採用を探索し、--until までの各年度で職員の不足率が --max-gap-pct 以下（期間はその年度で打ち切り）、"
                             "デジタル人材の不足（L1・L2・L3、人）がそれらの年度で出発シナリオを上回らない（--max-digital-gap）"
                             "計画のうち、自治体の現金支出（指標 cash_outlay_cumulative）が最小のものを求めます。年間のDX予算の上限"
                             "や、条件を満たすモンテカルロ試行の割合も指定できます。計画を出発シナリオ・組込みシナリオと並べて表示し、"
                             "--out で `python -m sim run` が同じ数値を再現するシナリオファイルとして書き出します。条件を満たす計画が"
                             "なければ終了ステータスは1です（制約となっているものを表示します）。",
        "cli.arg.set": "パラメータの値を上書きします（複数指定可）",
        "cli.arg.set_keys": "パラメータの値を上書きします（複数指定可）。数値、選択肢、または年度別に KEY=2025:10,2030:20 の形で"
                            "指定します。municipality.* と lever.<種類>.<項目>（その種類のすべての施策）も指定できます。"
                            "キーの一覧は `python -m sim params` で表示します",
        "cli.arg.draws": "モンテカルロ試行回数（既定：シナリオの値）。N > 1 でP10/P50/P90を表示します",
        "cli.arg.seed": "乱数シード（既定：シナリオの値）",
        "cli.arg.out": "結果の表を DIR に書き出します",
        "cli.arg.format": "--out のファイル形式：csv（表ごとに1ファイル、UTF-8・BOM付き。既定）、xlsx（表ごとに1シート）、json",
        "cli.arg.lang": "表・メッセージ・ヘルプ・ファイルの言語（既定：ja）",
        "cli.arg.municipality": "実在の自治体（同梱のSSDSE-A・社人研のファイル、または $DXSIM_DATA_DIR のもの）を団体コード（01210）"
                                "または名前（岩見沢市、北海道岩見沢市）で指定します。その自治体のデータでシナリオの [municipality] 表を"
                                "置き換え、--set はその後に適用します",
        "cli.arg.csv_out": "表をCSVにも書き出します（UTF-8・BOM付き、見出しは --lang の言語で単位付き）",
        "cli.arg.run.method": "--draws N（N > 1）の標本抽出法：random（既定。入力ごとに独立した乱数列）、lhs（ラテン超方格）、"
                              "sobol（スクランブルしたSobol列）",
        "cli.arg.run.out": "結果の表を DIR に書き出します（N > 1 回の試行では、どの表も年度ごとのP5〜P95の列付き（指標はP80も）、"
                           "さらに主な指標の幅 bands）",
        "cli.arg.compare.draws": "各シナリオのモンテカルロ試行回数（既定：各シナリオの値）",
        "cli.arg.compare.seed": "各シナリオの乱数シード（既定：各シナリオの値）",
        "cli.arg.compare.municipality": "{default}（すべてのシナリオに同じ自治体を使います）",
        "cli.arg.params.group": "グループGのみ（例：workforce、talent、lever.rpa_ai。lever ですべての施策）",
        "cli.arg.params.format": "table（既定）、csv、markdown（文書用）",
        "cli.arg.sensitivity.kpi": "指標のキー（例：staff_gap_target、npv。不明なキーを指定すると一覧を表示します）",
        "cli.arg.sensitivity.method": "tornado（既定）または sobol",
        "cli.arg.sensitivity.n": "Sobolの基本標本サイズ（2のべき乗、既定1024）。入力がd個なら N·(d+2) 回実行します",
        "cli.arg.sensitivity.seed": "Sobolの乱数シード（既定：シナリオの値）",
        "cli.arg.doctor.library": "検査するライブラリフォルダ（既定：$DXSIM_LIBRARY_DIR または scenarios/user/）",
        "cli.arg.batch.municipalities": "公表されたままのSSDSE-A CSV（CP932、見出し3行）。既定：同梱のSSDSE-A 2025年版と"
                                        "社人研2023年推計のファイル（または DXSIM_DATA_DIR のもの）",
        "cli.arg.batch.projection": "社人研2023年の市区町村別将来推計人口（整形済みCSV、READMEを参照）。--municipalities を指定して"
                                    "これを省くと、人口規模区分別の推移を使います",
        "cli.arg.batch.prefecture": "この都道府県のみ（例：北海道）",
        "cli.arg.batch.out": "kpis.csv と summary.csv を書き出すフォルダ",
        "cli.arg.report.draws": "P10〜P90の幅を求めるモンテカルロ試行回数（既定：シナリオの値。1 = 幅なし）",
        "cli.arg.report.out": "2つのファイルを書き出すフォルダ（なければ作成します）",
        "cli.arg.report.reiwa": "計画表の年度を令和で表示します（令和8年度 = 2026年度）",
        "cli.arg.optimise.scenario": "出発シナリオ（自治体と施策）",
        "cli.arg.optimise.max_gap_pct": "各年度に許容する職員の不足率（必要人員に対する%%。例：5）",
        "cli.arg.optimise.until": "不足率の上限を守る最終年度。費用はこの年度まで数え、計画もこの年度で終わります",
        "cli.arg.optimise.max_digital_gap": "同じ年度に許容するデジタル人材（L1・L2・L3、人）の不足：keep（既定）= 各年度で"
                                            "出発シナリオを上回らない（半人以内）、N = 各レベル・各年度でN人以下、off = 制約なし"
                                            "（この場合、費用が最小の計画は研修と外部人材をやめます）",
        "cli.arg.optimise.budget_cap_oku": "DX計画の年間費用の上限（億円）。既定：なし",
        "cli.arg.optimise.confidence": "条件を満たすべきモンテカルロ試行の割合（例：0.8）。すべての候補を同じ試行で実行します",
        "cli.arg.optimise.draws": "--confidence 指定時の候補ごとのモンテカルロ試行回数（既定：200）",
        "cli.arg.optimise.seed": "探索と試行の乱数シード（既定：シナリオの値）",
        "cli.arg.optimise.out": "計画をシナリオファイルとして書き出します",
        "cli.arg.optimise.compare_out": "比較表をCSVにも書き出します",
        "cli.arg.optimise.frontier_out": "不足率の上限0%%〜10%%ごとの最小費用も（確定的に）計算し、CSVに書き出します",
    },
    "en": {
        "cli.h.low": "Low (P5)",
        "cli.h.high": "High (P95)",
        "cli.h.kpi_low": "KPI at low",
        "cli.h.kpi_high": "KPI at high",
        "cli.h.swing": "Swing",
        "cli.h.s1_ci": "S1 CI",
        "cli.h.st_ci": "ST CI",
        "cli.h.never": "Not reached (draws)",
        "cli.year_kpi_note": "* Year KPIs: P10/P50/P90 over the draws in which the year is reached. \"Not reached (draws)\": "
                             "the share of draws in which it is not reached within the horizon (payback: not paid back, "
                             "or no net investment).",
        "cli.year_kpi_mark": "{label} *",
        "cli.never_cell": "not reached in {share}",
        "cli.with_note": "{cell} ({note})",
        "cli.yes": "yes",
        "cli.scenario": "Scenario: {name}  ({file})",
        "cli.draws.one": "{n} draw",
        "cli.draws.many": "{n} draws",
        "cli.method": ", {method} sampling",
        "cli.run_line": "{draws}, seed {seed}{method}, {first}–{last}, target year {target}",
        "cli.compare_line": "{name}: {file}  ({draws}, seed {seed})",
        "cli.opt.condition_gap": "staff gap ≤ {limit} every year {first}–{until}",
        "cli.opt.condition_budget": "DX plan cost ≤ {cap} 億円 a year",
        "cli.opt.condition_confidence": "in ≥ {share} of {draws} draws (seed {seed})",
        "cli.opt.conditions": "Conditions: {items}",
        "cli.opt.sep": "; ",
        "cli.opt.search": "Search: {generations} generations, {evaluations} candidates, {seconds} s ({rate} candidates/s)",
        "cli.opt.found": "Plan found: cash outlay {cost}, worst gap {gap}",
        "cli.opt.condition_digital_keep": "digital gaps L1–L3 ≤ the starting scenario's every year",
        "cli.opt.condition_digital_persons": "digital gaps L1–L3 ≤ {n} every year",
        "cli.opt.none": "No plan meets the conditions.",
        "cli.opt.best_gap": "The smallest worst gap reachable: {best} (limit {limit}).",
        "cli.opt.best_digital": "The smallest digital gap over its limit found: {excess}.",
        "cli.opt.what_binds": "What binds:",
        "cli.opt.better": "Built-in scenarios meeting the conditions for less: {names}",
        "cli.opt.wrote_plan": "wrote {path} (python -m sim run {path} reproduces these figures)",
        "cli.medians": "values with several draws are medians (P50)",
        "cli.report_ranges": "{draws}, seed {seed}: P10–P90 ranges included",
        "cli.wrote_files.one": "wrote {n} file to {dir}: {names}",
        "cli.wrote_files.many": "wrote {n} files to {dir}: {names}",
        "cli.wrote": "wrote {target}",
        "cli.municipality": "Municipality: {name} ({code}), population {population} in the base year ({path})",
        "cli.path.explicit": "IPSS 2023 projection",
        "cli.note": "note: {note}",
        "cli.progress.draws": "Monte Carlo",
        "cli.progress.runs": "Sobol",
        "cli.progress.municipalities": "batch",
        "cli.progress.generations": "optimise",
        "cli.unit.generations": "generations",
        "cli.unit.draws": "draws",
        "cli.unit.runs": "runs",
        "cli.tornado_line": "KPI: {kpi} ({key}); tornado: each input at its P5 and P95, the others at their point values; "
                            "base {base}",
        "cli.sobol_line": "KPI: {kpi} ({key}); Sobol' indices, N = {n} ({runs} runs), seed {seed}, 95% bootstrap intervals",
        "cli.validate.ok": "OK  {file}",
        "cli.validate.fail": "FAIL {file}",
        "cli.validate.summary": "{valid} of {total} files valid",
        "cli.batch.all": "all prefectures",
        "cli.batch.line": "{n} municipalities ({where}), {ipss} with the IPSS projection; target year {target}, "
                          "gap threshold {threshold}",
        "cli.batch.wrote": "wrote kpis.csv ({n} rows) and summary.csv to {dir}",
        "cli.error": "error: {msg}",
        "cli.interrupted": "interrupted",
        "cli.internal_error": "internal error: {error}",
        "cli.bug": "This is a bug in dx-sim. Please report it with the command you ran and the scenario file.",
        "cli.bug_debug": "This is a bug in dx-sim. Please report it with the command you ran and the scenario file; "
                         "set DXSIM_DEBUG=1 to see the traceback.",
        "cli.usage_error": "{prog} {command}: error: {msg}",
        "cli.argparse.error": "{prog}: error: {msg}",
        "cli.argparse.required": "the following arguments are required: {args}",
        "cli.argparse.unrecognized": "unrecognized arguments: {args}",
        "cli.argparse.invalid_choice": "argument {arg}: invalid choice: {value} (choose from {choices})",
        "cli.argparse.expected_one": "argument {arg}: expected one argument",
        "cli.argparse.not_whole": "argument {arg}: {value} is not a whole number",
        "cli.argparse.range": "argument {arg}: must be {lo}–{hi}, got {value}",
        "cli.argparse.power_of_two": "argument {arg}: N must be a power of two from 2 to 1,048,576 (e.g. 64, 1024), got {value}",
        "cli.argparse.not_number": "argument {arg}: {value} is not a number",
        "cli.argparse.share": "argument {arg}: expected a share above 0 and at most 1 (e.g. 0.8), got {value}",
        "cli.argparse.non_negative": "argument {arg}: expected a number from 0, got {value}",
        "cli.argparse.digital": "argument {arg}: expected {keep}, {off} or a number of persons, got {value}",
        "cli.usage.format_needs_out": "--format needs --out DIR",
        "cli.usage.two_scenarios": "compare needs at least two scenario files",
        "cli.usage.unknown_group": "unknown group {group}; groups: {groups}",
        "cli.problems": "{head}{n} problem(s) in the scenario:",
        "cli.set.problems": "the --set values make the scenario invalid ({n} problem(s)):",
        "cli.cannot_write": "cannot write to {target}: {reason}",
        "cli.set.no_equals": "--set {item}: expected key=value, e.g. workforce.exit_rate_multiplier=1.5",
        "cli.set.unknown": "--set {key}: unknown parameter{hint}; `python -m sim params` lists them",
        "cli.set.did_you_mean": " (did you mean {keys}?)",
        "cli.set.no_value": "--set {key}: no value given; expected {expected}",
        "cli.set.not_a_number": "--set {key}: {text} is not a number; expected {expected}",
        "cli.set.not_by_year": "--set {key}: this parameter cannot vary by year; expected {expected}",
        "cli.set.not_year_value": "--set {key}: {part} is not year:value; write e.g. {key}=2025:10,2030:20",
        "cli.set.year_twice": "--set {key}: year {year} is given twice ({text}); give each year once",
        "cli.set.problem": "--set {key}: {problem}; expected {expected}",
        "cli.set.problem_year": "--set {key} ({year}): {problem}; expected {expected}",
        "cli.set.choice_problem": "--set {key}: {problem}",
        "cli.set.given_twice": "--set {key}: given twice; give each key once",
        "cli.expected.choice": "one of {choices}",
        "cli.expected.number": "a number{range} ({unit})",
        "cli.expected.whole": "a whole number{range} ({unit})",
        "cli.expected.range": " in {lo}–{hi}",
        "cli.expected.series": "by year as 2025:10,2030:20",
        "cli.expected.with_series": "{what}; {series}",
        "cli.unknown_kpi": "unknown KPI {kpi}; --kpi takes one of: {keys}",
        "cli.unknown_prefecture": "unknown prefecture {name}{hint}",
        "cli.prefecture_hint": " (did you mean {names}?)",
        "cli.prefecture_list": "; expected one of {names}",
        "cli.batch.municipality_set": "--set {key}: batch replaces the scenario's [municipality] table with each "
                                      "municipality's own figures, so this value would be ignored; set it per town with "
                                      "`run --municipality CODE --set ...` instead",
        "cli.municipality_error": "--municipality {query}: {msg}",
        # help (python -m sim [COMMAND] --help); help= texts go through argparse's %-formatting: a % is %%
        "cli.description": "dx-sim: staffing, digital talent and DX budget of a Japanese municipality (自治体), "
                           "year by year. Runs, compares and checks scenario files (TOML).",
        "cli.epilog": "exit status:\n"
                      "  0  success\n"
                      "  1  invalid scenario or input (scenario problems, missing file, bad --set value, cannot write output)\n"
                      "  2  usage error (unknown command or option, bad option value)\n"
                      "  3  unexpected internal error (a bug: please report it; set DXSIM_DEBUG=1 to see the traceback)\n"
                      "\n"
                      "examples:\n"
                      "{examples}",
        "cli.argparse.positionals": "positional arguments",
        "cli.argparse.options": "options",
        "cli.argparse.help": "show this help message and exit",
        "cli.argparse.version": "show program's version number and exit",
        "cli.arg.command": "the command to run (python -m sim COMMAND --help lists its options)",
        "cli.help.run": "run a scenario, print its KPIs, optionally write the result tables",
        "cli.desc.run": "Run a scenario and print its KPIs; with --out, write the result tables "
                        "(kpis, series, flows, budget, levers, age_profile; with several draws also bands).",
        "cli.help.compare": "compare scenarios' KPIs side by side, with differences to the first",
        "cli.desc.compare": "Run two or more scenarios and print their KPIs side by side, with the "
                            "difference (Δ) of each to the first. With several draws the values are medians.",
        "cli.help.validate": "check scenario files and list every problem",
        "cli.desc.validate": "Check scenario files. Prints 'OK  file' or 'FAIL file' followed by every "
                             "problem (key path: message); exit status 1 if any file is invalid.",
        "cli.help.params": "print the parameter registry (keys, defaults, ranges, sources)",
        "cli.desc.params": "Print the parameter registry: the keys usable in scenario files and with --set.",
        "cli.help.sensitivity": "which uncertain inputs drive a KPI: tornado or Sobol' indices",
        "cli.desc.sensitivity": "Sensitivity of one KPI to the scenario's uncertain inputs: a tornado (each "
                                "input at its P5 and P95, the others at their point values) or Sobol' "
                                "first-order (S1) and total (ST) indices with 95% bootstrap intervals.",
        "cli.help.doctor": "self-check: bundled data, built-in scenarios, the library folder",
        "cli.desc.doctor": "Check the bundled data tables (load, columns, source ids, no per-municipality "
                           "copies), the built-in scenarios (load, run, finite KPIs) and every *.toml in the "
                           "library folder; print each problem as file:line: message; exit status 1 if any.",
        "cli.help.batch": "run one scenario for every municipality of an SSDSE-A file (or a prefecture)",
        "cli.desc.batch": "Run one scenario for every municipality (population > 0) of the official "
                          "SSDSE-A CSV, each with its own figures (population, 65+ share, staff, area; "
                          "the IPSS projection with --projection), deterministically. Writes kpis.csv (one "
                          "row per municipality) and summary.csv (by kind) into DIR, UTF-8 with BOM, headers in --lang.",
        "cli.help.report": "write the 定員管理計画 workbook (xlsx) and the council report (docx)",
        "cli.desc.report": "Write two documents for a scenario into DIR: staffing_plan.xlsx (the 定員管理計画 sheet, a "
                           "chart of staff against required staff, the assumptions that differ from the defaults, the "
                           "KPIs) and council_report.docx (a plain-language summary, charts, the plan table, assumptions, "
                           "sources). With --draws N > 1 a Monte Carlo adds the P10–P90 ranges. The chart images need a "
                           "Japanese font (fonts-noto-cjk, or DXSIM_FONT_DIR).",
        "cli.help.optimise": "find the least-cost plan that keeps the staff gap within a limit and the digital gaps no wider",
        "cli.desc.optimise": "Search hires per year, each lever's on/off, start year and adoption ceiling, training coverage, "
                             "external talent and digital hires for the plan with the least cash outlay for the town "
                             "(KPI cash_outlay_cumulative) whose staff gap stays at or below --max-gap-pct in every year up "
                             "to --until (the horizon is cut there), with no digital gap (L1, L2, L3 persons) larger than "
                             "the starting scenario's in those years (--max-digital-gap), optionally within a yearly DX "
                             "budget cap and in a share of Monte-Carlo draws. Prints the plan against the starting and "
                             "built-in scenarios; --out writes it as a scenario file that `python -m sim run` reproduces. "
                             "Exit status 1 when no plan meets the constraints (what binds is printed).",
        "cli.arg.set": "override a registry parameter (repeatable)",
        "cli.arg.set_keys": "override a registry parameter (repeatable): a number, a choice, or by year as "
                            "KEY=2025:10,2030:20; municipality.* and lever.<kind>.<field> (all levers of that kind) "
                            "work too. `python -m sim params` lists the keys",
        "cli.arg.draws": "Monte-Carlo draws (default: the scenario's); with N > 1 prints P10/P50/P90",
        "cli.arg.seed": "random seed (default: the scenario's)",
        "cli.arg.out": "write the result tables into DIR",
        "cli.arg.format": "file format for --out: csv (one UTF-8 file with BOM per table; default), "
                          "xlsx (one sheet per table), json",
        "cli.arg.lang": "language of tables, messages, help and files (default: ja)",
        "cli.arg.municipality": "a real municipality from the SSDSE-A / IPSS files (the bundled copies, or those in "
                                "$DXSIM_DATA_DIR): a code (01210) or a name (岩見沢市, 北海道岩見沢市); its profile "
                                "replaces the scenario's [municipality] table; --set applies after it",
        "cli.arg.csv_out": "also write the table as CSV (UTF-8 with BOM; headers in --lang with units)",
        "cli.arg.run.method": "sampling for --draws N > 1: random (default; each input from its own seeded stream), "
                              "lhs (Latin hypercube) or sobol (scrambled Sobol' sequence)",
        "cli.arg.run.out": "write the result tables into DIR (with N > 1 draws every table has P5–P95 columns per "
                           "year, the KPIs P80 too, and bands holds the main metrics' ranges)",
        "cli.arg.compare.draws": "Monte-Carlo draws for every scenario (default: each scenario's own)",
        "cli.arg.compare.seed": "random seed for every scenario (default: each scenario's)",
        "cli.arg.compare.municipality": "{default} (the same for every scenario)",
        "cli.arg.params.group": "only group G (e.g. workforce, talent, lever.rpa_ai, or lever for all levers)",
        "cli.arg.params.format": "table (default), csv, or markdown (for the docs)",
        "cli.arg.sensitivity.kpi": "KPI key, e.g. staff_gap_target, npv (an unknown key lists them)",
        "cli.arg.sensitivity.method": "tornado (default) or sobol",
        "cli.arg.sensitivity.n": "Sobol' base sample size, a power of two (default 1024); N·(d+2) runs for d inputs",
        "cli.arg.sensitivity.seed": "random seed for Sobol' (default: the scenario's)",
        "cli.arg.doctor.library": "library folder to check (default: $DXSIM_LIBRARY_DIR or scenarios/user/)",
        "cli.arg.batch.municipalities": "the SSDSE-A CSV as published (CP932, three header rows); default: the bundled "
                                        "SSDSE-A 2025 and IPSS 2023 files (or those of DXSIM_DATA_DIR)",
        "cli.arg.batch.projection": "IPSS 2023 municipal projection, tidy CSV (see README); with --municipalities and "
                                    "without this, the size-class paths",
        "cli.arg.batch.prefecture": "only this prefecture (e.g. 北海道)",
        "cli.arg.batch.out": "folder for kpis.csv and summary.csv",
        "cli.arg.report.draws": "Monte-Carlo draws for the P10–P90 ranges (default: the scenario's; 1 = none)",
        "cli.arg.report.out": "the folder to write the two files into (created if needed)",
        "cli.arg.report.reiwa": "fiscal years as 令和 (令和8年度 = FY2026) in the plan table",
        "cli.arg.optimise.scenario": "the starting scenario: its town and its policy",
        "cli.arg.optimise.max_gap_pct": "staff gap allowed in every year, in percent of the required FTE (e.g. 5)",
        "cli.arg.optimise.until": "the last fiscal year the gap limit holds; costs are counted to it and the plan ends there",
        "cli.arg.optimise.max_digital_gap": "digital gaps (L1, L2, L3, persons) allowed in the same years: keep (default) "
                                            "= no larger than the starting scenario's in each year (within half a "
                                            "person); N = at most N persons at every level in every year; off = not "
                                            "constrained (the cheapest plan then drops training and external talent)",
        "cli.arg.optimise.budget_cap_oku": "cap on the DX plan's cost each year, in 億円 (¥100M); default: none",
        "cli.arg.optimise.confidence": "the constraints must hold in at least this share of Monte-Carlo draws (e.g. 0.8); "
                                       "every candidate is run on the same draws",
        "cli.arg.optimise.draws": "Monte-Carlo draws per candidate with --confidence (default: 200)",
        "cli.arg.optimise.seed": "random seed of the search and of the draws (default: the scenario's)",
        "cli.arg.optimise.out": "write the plan as a scenario file",
        "cli.arg.optimise.compare_out": "also write the comparison table as CSV",
        "cli.arg.optimise.frontier_out": "also compute the least cost for each gap limit 0%%..10%% (deterministic) and "
                                         "write it as CSV",
    },
}
