"""Text of the overview page."""

TEXT = {
    "ja": {
        "overview.title": "自治体DX・人員計画シミュレーター",
        "overview.intro": "2050年までの職員数と必要人員、デジタル人材、DX計画の費用と効果を年度ごとに試算します。",
        "overview.kpis": "シナリオ「{name}」",
        "overview.section.staff": "職員の過不足",
        "overview.section.digital": "デジタル人材（{year}）",
        "overview.section.money": "DX投資の費用と効果",
        "overview.gap_fte": "{year}の職員不足",
        "overview.gap_pct": "{year}の不足率",
        "overview.first_gap": "不足率{pct}超えの最初の年度",
        "overview.first_gap_none": "期間内になし",
        "overview.required_index": "必要人員の基準年度比",
        "overview.required_index_help": "{year}の必要人員を基準年度の必要人員で割った値。",
        "overview.age_profile.default": "年齢構成：同梱の既定の形（仮定）。自治体の職員名簿（年齢×職種のCSV）を読み込むとそちらを使います。",
        "overview.age_profile.roster": "年齢構成：読み込んだ職員名簿（年齢×職種）。",
        "overview.new_duty_note": "新たな行政需要による業務量の伸び（既定：{rate}）は出典のない仮定で、不足への影響が最も大きい入力の一つです（パラメータ「新たな行政需要の伸び」）。",
        "overview.half_staff": "自治体戦略2040構想は「従来の半数の職員でも機能する自治体」を掲げています（基準年度比50%の目安）。"
                               "このシナリオでは{year}の必要人員は基準年度の{value}です。",
        "overview.gap_help": "正の値は不足、負の値は余裕（必要人員 − 供給）。",
        "overview.digital_help": "必要数 − 確保数。負の値は余裕。",
        "overview.payback_none": "期間内に回収しない",
        "overview.payback_no_investment": "純投資がないため、回収年度はありません（毎年の便益が費用以上、またはDX投資なし）。",
        "overview.summary.shortage": "{year}には必要人員に対して約{n}（{pct}）不足する見込みです。",
        "overview.summary.surplus": "{year}には職員が必要人員を約{n}（{pct}）上回る見込みです。",
        "overview.summary.balanced": "{year}には職員数と必要人員がほぼ釣り合う見込みです。",
        "overview.summary.unknown": "{year}の職員の過不足は算出できませんでした。",
    },
    "en": {
        "overview.title": "Municipal DX & Staffing Planning Simulator",
        "overview.intro": "Year by year to 2050: staff against required staff, digital talent, and what the DX plan "
                          "costs and saves.",
        "overview.kpis": "Scenario “{name}”",
        "overview.section.staff": "Staff against need",
        "overview.section.digital": "Digital talent ({year})",
        "overview.section.money": "DX investment: cost and return",
        "overview.gap_fte": "Staff gap in {year}",
        "overview.gap_pct": "Gap % in {year}",
        "overview.first_gap": "First year the gap exceeds {pct}",
        "overview.first_gap_none": "Not within the horizon",
        "overview.required_index": "Required FTE vs base year",
        "overview.required_index_help": "Required FTE in {year} divided by the required FTE in the base year.",
        "overview.age_profile.default": "Age profile: the bundled default shape (an assumption). Upload the town's roster (age × category CSV) to use it instead.",
        "overview.age_profile.roster": "Age profile: the uploaded roster (age × category).",
        "overview.new_duty_note": "Workload growth from new duties (default {rate}) is an assumption without a source, and one of the largest drivers of the gap (parameter “New-duty growth”).",
        "overview.half_staff": "自治体戦略2040構想 asks for a municipality that works with half the staff (50% of today "
                               "as the yardstick). In this scenario the required FTE in {year} is {value} of the "
                               "base year.",
        "overview.gap_help": "Positive: a shortage; negative: a surplus (required FTE − supply).",
        "overview.digital_help": "Required − available. Negative: a surplus.",
        "overview.payback_none": "Not within the horizon",
        "overview.payback_no_investment": "No net investment, so there is no payback year (benefits cover the costs every "
                                          "year, or there is no DX investment).",
        "overview.summary.shortage": "In {year} the municipality is expected to be about {n} ({pct}) short of the "
                                     "staff it needs.",
        "overview.summary.surplus": "In {year} staff are expected to exceed the required FTE by about {n} ({pct}).",
        "overview.summary.balanced": "In {year} staff are expected to about match the required FTE.",
        "overview.summary.unknown": "The staff gap in {year} could not be calculated.",
    },
}
