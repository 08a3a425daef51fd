"""Names of the inputs that are not registry parameters (compare's inputs table, the 前提条件 sheet)."""

TEXT = {
    "ja": {
        "input.metadata.draws": "モンテカルロ試行回数",
        "input.metadata.seed": "乱数シード",
        "input.municipality.preset": "規模区分（プリセット）",
        "input.municipality.name": "自治体名",
        "input.municipality.population_path": "人口推移",
        "input.municipality.population_series": "人口（年度別）",
        "input.municipality.elderly_series": "65歳以上人口（年度別）",
        "input.municipality.age_profile": "年齢×職種別の職員数",
        "input.lever": "施策：{kind}",
        "input.lever_numbered": "{kind} {n}",
        "input.lever_name": "{kind}：施策名",
        "input.lever_field": "{kind}：{label}",
        "input.uncertainty": "不確実性：{label}",
    },
    "en": {
        "input.metadata.draws": "Monte-Carlo draws",
        "input.metadata.seed": "Random seed",
        "input.municipality.preset": "Size class (preset)",
        "input.municipality.name": "Municipality name",
        "input.municipality.population_path": "Population path",
        "input.municipality.population_series": "Population by year",
        "input.municipality.elderly_series": "Population 65+ by year",
        "input.municipality.age_profile": "Staff by age and category",
        "input.lever": "Lever: {kind}",
        "input.lever_numbered": "{kind} {n}",
        "input.lever_name": "{kind}: name",
        "input.lever_field": "{kind}: {label}",
        "input.uncertainty": "Uncertainty: {label}",
    },
}
