"""Text of the data page."""

TEXT = {
    "ja": {
        "data.title": "データと出典",
        "data.intro": "モデルの式、パラメータの既定値と出典、同梱データ、出典一覧をまとめています。"
                      "出典が「仮定」の値は資料によらず設定した値です。",
        "data.tab.model": "モデル",
        "data.tab.validation": "検証",
        "data.validation_note": "モデルの数値を公式の統計や自治体の計画と照合した結果です（docs/validation.md、英語）。全国の集計、各入力の影響の向きと大きさ、1自治体の公表値との比較を含みます。",
        "data.tab.parameters": "パラメータ",
        "data.tab.data": "データ",
        "data.tab.sources": "出典一覧",
        "data.model_note": "以下はモデル説明（docs/model.ja.md）です。式中の `キー` はパラメータ表のキーを指します。",
        "data.params_caption": "全{n}項目。出典欄の記号は「出典一覧」のIDです。「仮定」は資料によらない設定値です。",
        "data.tables_intro": "シミュレーターに同梱している参照表です（data/ フォルダ）。内容の説明は data/SOURCES.md に記載しています。",
        "data.table_meta": "{rows}行 ・ 出典ID：{ids}",
        "data.unverified": "未検証（記憶による値）",
        "data.unverified_note": "このうち{n}行は「未検証（記憶による値）」です。既定値には使用せず、公表資料での確認が必要です。",
        "data.check_column": "注意",
        "data.show_table": "表を表示",
        "data.download_table": "この表をCSVでダウンロード",
        "data.sources_note": "以下は data/SOURCES.md（出典・検証状況・ライセンス）の全文です（英語で記載）。",
    },
    "en": {
        "data.title": "Data & sources",
        "data.intro": "The model's equations, the parameters with their defaults and sources, the bundled data and "
                      "the list of sources. A source marked “assumption” is a value we chose, not taken from a source.",
        "data.tab.model": "Model",
        "data.tab.validation": "Validation",
        "data.validation_note": "The model's figures checked against official statistics and a town's published plan (docs/validation.md): national totals, the direction and size of every input's effect, one town.",
        "data.tab.parameters": "Parameters",
        "data.tab.data": "Data",
        "data.tab.sources": "Sources",
        "data.model_note": "The model documentation (docs/model.md). A `key` in a formula is a key of the parameter table.",
        "data.params_caption": "{n} parameters. Source ids refer to the list of sources; “assumption” marks a value "
                               "we chose.",
        "data.tables_intro": "Reference tables bundled with the simulator (the data/ folder), described as in "
                             "data/SOURCES.md.",
        "data.table_meta": "{rows} rows · source ids: {ids}",
        "data.unverified": "unverified (from memory)",
        "data.unverified_note": "{n} rows are “unverified (from memory)”: never used as a default; check them "
                                "against the official tables.",
        "data.check_column": "Check",
        "data.show_table": "Show the table",
        "data.download_table": "Download this table (CSV)",
        "data.sources_note": "The full text of data/SOURCES.md (sources, verification, licences).",
    },
}
