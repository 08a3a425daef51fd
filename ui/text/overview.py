"""Text of the overview page."""

TEXT = {
    "ja": {
        "overview.title": "自治体DX・人員計画シミュレーター",
        "overview.intro": "2050年までの職員数と必要人員、デジタル人材、DX計画の費用と効果を年度ごとに試算します。",
        "overview.kpis": "シナリオ「{name}」の主要指標",
    },
    "en": {
        "overview.title": "Municipal DX & Staffing Planning Simulator",
        "overview.intro": "Year by year to 2050: staff against required staff, digital talent, and what the DX plan "
                          "costs and saves.",
        "overview.kpis": "Key figures of the scenario “{name}”",
    },
}
