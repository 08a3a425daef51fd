"""Text of the plan optimiser page (計画の最適化)."""

TEXT = {
    "ja": {
        "nav.optimise": "計画の最適化",
        "opt.title": "計画の最適化",
        "opt.intro": "職員の不足率を目標以下に保ち、デジタル人材の不足を広げない計画のうち、町の現金支出（人件費・退職手当・採用・DX・情報システム・研修・"
                     "外部人材の合計、補助金控除後）が最も少ないものを探します。決める項目は、年間の採用数（固定計画）、"
                     "各施策の実施の有無・開始年度・普及の上限、L1研修のカバー率、外部人材、デジタル専門職の追加採用です。"
                     "法定の標準化はそのまま残します。",
        "opt.settings": "条件",
        "opt.max_gap": "許容する不足率（%）",
        "opt.max_gap_help": "基準年度の翌年度から指定した年度まで、毎年の不足率（不足÷必要人員）をこの値以下に保ちます。",
        "opt.until": "いつまで（年度）",
        "opt.until_help": "この年度まで不足率を抑えます。費用もこの年度までで数え、計画の最終年度もこの年度になります"
                          "（その後の年度は条件がないため、採用をやめる計画が最も安くなってしまうため）。",
        "opt.budget_cap": "DX計画の年間予算の上限（億円/年、0は上限なし）",
        "opt.budget_cap_help": "DX計画の費用（施策の初期投資・運用費、外部人材、研修。補助金控除後・法定分を除く）の毎年の上限。",
        "opt.digital": "デジタル人材の不足",
        "opt.digital_help": "L1（リテラシー）・L2（DX推進リーダー）・L3（専門人材）の不足（人）を、不足率と同じ年度に毎年抑えます。"
                            "「出発シナリオより増やさない」は、各年度・各レベルの不足を出発シナリオの不足以下に保ちます"
                            "（0.5人未満の差は許容し、出発シナリオの余剰までは求めません）。"
                            "この条件がないと、最も安い計画は研修と外部人材をやめてしまいます。",
        "opt.digital.keep": "出発シナリオより増やさない",
        "opt.digital.persons": "人数で上限を指定",
        "opt.digital.off": "条件にしない",
        "opt.digital_persons": "各レベルの不足の上限（人）",
        "opt.digital_persons_help": "L1・L2・L3のそれぞれの不足を、毎年この人数以下に保ちます（最初の数年の不足が大きいと満たせません）。",
        "opt.confidence_on": "不確実性を考慮する（モンテカルロ）",
        "opt.confidence_on_help": "不確実な入力を試行ごとに変え、指定した割合以上の試行で条件を満たす計画を探します。"
                                  "どの候補も同じ試行（共通乱数）で比べます。時間がかかります。",
        "opt.confidence": "条件を満たす試行の割合",
        "opt.draws": "候補1つ当たりの試行回数",
        "opt.seed_help": "同じシードなら同じ計画になります。",
        "opt.run": "最適化する",
        "opt.cancel": "中止",
        "opt.progress": "探索中：第{gen}世代（最大{total}世代）",
        "opt.cancelled": "中止しました。それまでに見つかった最良の計画（第{gen}世代まで）を示します。",
        "opt.cancelled_none": "中止しました。",
        "opt.error": "最適化できませんでした：{msg}",
        "opt.result": "結果",
        "opt.feasible": "条件を満たす最も安い計画が見つかりました（{gen}世代・{n:,}候補・{sec:.1f}秒）。",
        "opt.better_builtins": "標準シナリオ（{names}）をこの自治体に適用したものの方が安く条件を満たします。"
                               "標準シナリオは自治体以外の前提（採用市場など）も自らの値を使うため、比較表で違いを確かめてください。",
        "opt.infeasible": "条件を満たす計画は見つかりませんでした。",
        "opt.infeasible_gap": "到達できる最小の不足率は {gap} です（条件 {limit}）。",
        "opt.infeasible_digital": "デジタル人材の不足が上限を超える人数は、見つかった計画で最も少なくて {excess} です。",
        "opt.sentence_sep": "",
        "opt.binding_heading": "何が制約になっているか",
        "opt.metric.cost": "町の現金支出の累計（{start}〜{until}年度）",
        "opt.metric.vs_start": "出発シナリオとの差",
        "opt.metric.share_met": "条件を満たす試行の割合",
        "opt.plan_heading": "計画の内容（出発シナリオとの違い）",
        "opt.compare_heading": "標準シナリオとの比較（この自治体で計算）",
        "opt.compare_caption": "Δは計画との差です。費用と不足率は条件と同じ年度までで計算しています。",
        "opt.col.plan": "最適化した計画",
        "opt.col.start": "出発シナリオ",
        "opt.row.constraint_met": "条件を満たす",
        "opt.download_plan": "計画をシナリオファイル（TOML）でダウンロード",
        "opt.use_plan": "この計画を使う",
        "opt.used": "計画を作業中のシナリオにしました（サイドバーの「このセッション」に追加）。",
        "opt.download_compare": "比較をCSVでダウンロード",
        "opt.frontier_heading": "費用と不足率の関係",
        "opt.frontier_intro": "許容する不足率を0%から10%まで1%ずつ変え、それぞれの最も安い計画の費用を求めます"
                              "（デジタル人材と予算の条件は上と同じ。不確実性は考慮しません）。",
        "opt.frontier_run": "費用と不足率の関係を計算する",
        "opt.frontier_progress": "計算中：{done}/{total}",
        "opt.frontier_chart": "許容する不足率ごとの最小の現金支出",
        "opt.frontier.limit": "許容する不足率",
        "opt.frontier.cost": "町の現金支出の累計（億円）",
        "opt.frontier.max_gap": "不足率の最大",
        "opt.frontier.hires_mean": "年平均の採用数",
        "opt.frontier.levers_on": "実施する施策の数",
        "opt.frontier.l1_gap": "デジタル人材不足 L1（最終年度）",
        "opt.frontier.l2_gap": "デジタル人材不足 L2（最終年度）",
        "opt.frontier.l3_gap": "デジタル人材不足 L3（最終年度）",
        "opt.download_frontier": "費用と不足率の関係をCSVでダウンロード",
    },
    "en": {
        "nav.optimise": "Plan optimiser",
        "opt.title": "Plan optimiser",
        "opt.intro": "Finds, among the plans that keep the staff gap within a limit and the digital-talent gaps no "
                     "wider, the one with the least cash outlay "
                     "for the town (pay, retirement allowances, recruiting, DX, IT systems, training and external "
                     "talent, net of subsidies). It decides the hires per year (a fixed plan), each lever's on/off, "
                     "start year and adoption ceiling, L1 training coverage, external talent and extra digital hires. "
                     "The statutory standardisation stays as it is.",
        "opt.settings": "Conditions",
        "opt.max_gap": "Staff gap allowed (%)",
        "opt.max_gap_help": "In every year from the year after the base year to the chosen year, the gap (shortfall ÷ "
                            "required FTE) stays at or below this.",
        "opt.until": "Until (fiscal year)",
        "opt.until_help": "The gap is kept down up to this year. Costs are counted up to it as well and the plan ends "
                          "there (after it nothing would constrain the gap, and stopping hiring would be cheapest).",
        "opt.budget_cap": "Yearly budget cap of the DX plan (¥100M a year, 0 = none)",
        "opt.budget_cap_help": "Cap on the DX plan's cost each year (lever capex and opex, external talent, training; net "
                               "of subsidies, statutory levers excluded).",
        "opt.digital": "Digital-talent gaps",
        "opt.digital_help": "The gaps of L1 (literacy), L2 (DX leaders) and L3 (specialists), in persons, are held in "
                            "the same years as the staff gap. “No larger than the starting scenario's” keeps each "
                            "level's gap in each year at or below the starting scenario's (within half a person; its "
                            "surplus need not last). Without this condition the cheapest plan drops training and "
                            "external talent.",
        "opt.digital.keep": "No larger than the starting scenario's",
        "opt.digital.persons": "At most a number of persons",
        "opt.digital.off": "Not a condition",
        "opt.digital_persons": "Gap allowed at each level (persons)",
        "opt.digital_persons_help": "The L1, L2 and L3 gaps each stay at or below this number in every year (large gaps "
                                    "in the first years make it unreachable).",
        "opt.confidence_on": "Take uncertainty into account (Monte Carlo)",
        "opt.confidence_on_help": "Uncertain inputs vary across draws; the plan must meet the conditions in at least the "
                                  "chosen share of draws. Every candidate is compared on the same draws (common random "
                                  "numbers). Takes longer.",
        "opt.confidence": "Share of draws that must meet the conditions",
        "opt.draws": "Draws per candidate",
        "opt.seed_help": "The same seed gives the same plan.",
        "opt.run": "Optimise",
        "opt.cancel": "Cancel",
        "opt.progress": "Searching: generation {gen} (at most {total})",
        "opt.cancelled": "Cancelled. The best plan found up to generation {gen} is shown.",
        "opt.cancelled_none": "Cancelled.",
        "opt.error": "The optimisation could not run: {msg}",
        "opt.result": "Result",
        "opt.feasible": "The cheapest plan that meets the conditions was found ({gen} generations, {n:,} candidates, "
                        "{sec:.1f} s).",
        "opt.better_builtins": "Built-in scenarios applied to this town meet the conditions at a lower cost: {names}. A "
                               "built-in scenario keeps its own assumptions besides the town (the recruitment market, "
                               "for one): see the comparison for what differs.",
        "opt.infeasible": "No plan meets the conditions.",
        "opt.infeasible_gap": "The smallest gap that can be reached is {gap} (limit {limit}).",
        "opt.infeasible_digital": "A digital gap exceeds its limit by {excess} at the least, in the plans found.",
        "opt.sentence_sep": " ",
        "opt.binding_heading": "What binds",
        "opt.metric.cost": "Town's cash outlay, FY{start}–{until}",
        "opt.metric.vs_start": "vs the starting scenario",
        "opt.metric.share_met": "Share of draws meeting the conditions",
        "opt.plan_heading": "The plan (what differs from the starting scenario)",
        "opt.compare_heading": "Against the built-in scenarios (for this town)",
        "opt.compare_caption": "Δ is the difference to the plan. Cost and gap are counted up to the same year as the "
                               "conditions.",
        "opt.col.plan": "Optimised plan",
        "opt.col.start": "Starting scenario",
        "opt.row.constraint_met": "Meets the conditions",
        "opt.download_plan": "Download the plan as a scenario file (TOML)",
        "opt.use_plan": "Use this plan",
        "opt.used": "The plan is now the working scenario (added to “this session” in the sidebar).",
        "opt.download_compare": "Download the comparison as CSV",
        "opt.frontier_heading": "Cost against the gap allowed",
        "opt.frontier_intro": "The least cost for each gap limit from 0% to 10% in steps of 1% (the digital-talent and "
                              "budget conditions as above; without uncertainty).",
        "opt.frontier_run": "Compute cost against the gap allowed",
        "opt.frontier_progress": "Computing: {done}/{total}",
        "opt.frontier_chart": "Least cash outlay for each gap limit",
        "opt.frontier.limit": "Gap allowed",
        "opt.frontier.cost": "Town's cash outlay, cumulative (¥100M)",
        "opt.frontier.max_gap": "Worst gap",
        "opt.frontier.hires_mean": "Hires per year (mean)",
        "opt.frontier.levers_on": "Levers on",
        "opt.frontier.l1_gap": "Digital gap L1 (final year)",
        "opt.frontier.l2_gap": "Digital gap L2 (final year)",
        "opt.frontier.l3_gap": "Digital gap L3 (final year)",
        "opt.download_frontier": "Download cost against gap as CSV",
    },
}
