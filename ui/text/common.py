"""App-wide text: title, navigation, shared messages."""

TEXT = {
    "ja": {
        # short legend names of series drawn on the compare and uncertainty pages
        "series.short.supply_fte": "供給人員",
        "series.short.required_fte": "必要人員",
        "series.short.gap_fte": "不足",
        "series.short.net_benefit_cumulative": "累計純便益",
        "app.page_title": "dx-sim 自治体DX・人員計画",
        "nav.overview": "概要",
        "nav.parameters": "パラメータ",
        "nav.results": "結果",
        "nav.compare": "比較",
        "nav.data": "データと出典",
        "common.download_csv": "CSVをダウンロード",
        "common.expected_values_note": "人数は期待値（平均的な見込み）で計算しているため、年0.3人のような端数が出ます。"
                                       "グラフの値と表は整数の人数に丸めて表示します（CSVは単位ごとの表示の精度で丸めています）。",
        "common.error_title": "入力に問題があります（現在のシナリオは変更していません）",
        "common.paren": "{text}（{note}）",
        "common.colon": "{a}：{b}",
    },
    "en": {
        "series.short.supply_fte": "Supply",
        "series.short.required_fte": "Required",
        "series.short.gap_fte": "Gap",
        "series.short.net_benefit_cumulative": "Cumulative net benefit",
        "app.page_title": "dx-sim municipal DX & staffing",
        "nav.overview": "Overview",
        "nav.parameters": "Parameters",
        "nav.results": "Results",
        "nav.compare": "Compare",
        "nav.data": "Data & sources",
        "common.download_csv": "Download CSV",
        "common.expected_values_note": "The model works in expected values, so a year can have, say, 0.3 hires. Chart "
                                       "values and tables show whole persons (the CSV gives each unit's display precision).",
        "common.error_title": "There is a problem with the input (the current scenario is unchanged)",
        "common.paren": "{text} ({note})",
        "common.colon": "{a}: {b}",
    },
}
