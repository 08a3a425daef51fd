"""Messages of the uncertainty and sensitivity analyses (sim.sensitivity, sim.inputs)."""

TEXT = {
    "ja": {
        "sim.unknown_kpi_choose_one": "不明な指標 {a0} です。次のいずれかを選んでください：{a1}",
        "sim.n_must_power_two": "n は2のべき乗（例：64、256、1024）にしてください（{a0} が指定されています）",
        "sim.scenario_has_no_uncertain": "シナリオに不確実な入力がありません",
        "sim.kpi_undefined_for_some": "指標 {a0} は一部の試行で値がありません（{a2}回中{a1}回。期間内に到達しない年度など）。Sobol指数を計算できないため、別の指標を選んでください",
        "scenario.staff_too_old": "{year}年4月1日に{age}歳以上の職員がいます。定年制度により、{oldest}歳より上の職員は{year}年度より前に退職しています",
    },
    "en": {
        "sim.unknown_kpi_choose_one": "unknown KPI {a0}; choose one of: {a1}",
        "sim.n_must_power_two": "n must be a power of two (e.g. 64, 256, 1024), got {a0}",
        "sim.scenario_has_no_uncertain": "the scenario has no uncertain inputs",
        "sim.kpi_undefined_for_some": "the KPI {a0} is undefined for some draws ({a1} of {a2}; e.g. a year that is never reached), so Sobol' indices cannot be computed; choose another KPI",
        "scenario.staff_too_old": "staff aged {age}+ on 1 April {year}: the 定年 rule retired everyone older than {oldest} before FY{year}",
    },
}
