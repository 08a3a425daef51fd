"""Text of the optimiser (sim.optimise): what binds a plan that meets no conditions, the plan's name and
description, the comparison's constraint rows and their yes/no, its errors (the CLI's lines: cli.opt.* in cli.py)."""

TEXT = {
    "ja": {
        "optimise.binding.applicant_cap": "応募者数による採用上限：採用したくても応募者が足りず、採用できない年があります。",
        "optimise.binding.budget_cap": "DX計画の予算上限：上限がなければ、施策・研修・外部人材で不足をもっと減らせます。",
        "optimise.binding.lever_ceilings": "施策の普及の上限：すべての施策を最初の年度から上限まで進め、採用を増やしても届きません。",
        "optimise.binding.hire_range": "採用数の探索範囲：範囲の上限まで採用しても届きません。",
        "optimise.binding.digital_gap": "デジタル人材の不足の上限：研修のカバー率・外部人材・デジタル専門職の採用を探索範囲の上限にしても、"
                                        "上限を超える年度があります。",
        "optimise.binding.horizon": "最初の年度の不足：採用は翌年度からしか効かないため、最初の年度の不足は変えられません。",
        "optimise.plan.name": "{name}（最適化した計画）",
        "optimise.plan.goal": "「{start}」から求めた費用最小の計画：{until}年度まで毎年、職員の不足率を{max_gap}以下に保つ",
        "optimise.plan.digital_keep": "デジタル人材（L1〜L3）の不足は毎年、出発シナリオ以下",
        "optimise.plan.digital_persons": "デジタル人材（L1〜L3）の不足は毎年{n}人以下",
        "optimise.plan.budget": "DX計画の費用は毎年{cap}億円以下",
        "optimise.plan.confidence": "モンテカルロ{draws}回（シード{seed}）の{share}以上で満たす",
        "optimise.plan.sep": "、",
        "optimise.plan.end": "（sim.optimise）。",
        "optimise.row.constraint_max_gap": "不足率の最大（{until}年度まで）",
        "optimise.row.constraint_digital_excess": "デジタル人材の不足が上限を超えた人数（最大、{until}年度まで）",
        "optimise.row.constraint_met": "制約を満たす",
        "optimise.flag.yes": "はい",
        "optimise.flag.no": "いいえ",
        "optimise.bad_until": "最終年度（until）は基準年度{base}より後、{shortest}年度（最短の期間）以降、最終年度{end}以前にしてください："
                              "{until}",
    },
    "en": {
        "optimise.binding.applicant_cap": "The applicant pool: some years the wanted hires cannot be filled for lack of applicants.",
        "optimise.binding.budget_cap": "The DX budget cap: without it the levers, training and external talent could close "
                                       "more of the gap.",
        "optimise.binding.lever_ceilings": "The levers' ceilings: every lever from the first year at its ceiling, with more hires, is still not enough.",
        "optimise.binding.hire_range": "The hire search range: hiring at the top of the range is still not enough.",
        "optimise.binding.digital_gap": "The digital-talent limit: even with training coverage, external talent and digital "
                                        "hires at the top of their ranges, a digital gap exceeds its limit in some year.",
        "optimise.binding.horizon": "The first year's gap: hires take effect the year after, so the first year cannot change.",
        "optimise.plan.name": "{name} (optimised plan)",
        "optimise.plan.goal": "Least-cost plan from '{start}': staff gap at most {max_gap} in every year to FY{until}",
        "optimise.plan.digital_keep": "digital gaps (L1–L3) no larger than the starting scenario's in every year",
        "optimise.plan.digital_persons": "digital gaps (L1–L3) at most {n} persons in every year",
        "optimise.plan.budget": "DX plan cost at most {cap} 億円 a year",
        "optimise.plan.confidence": "in at least {share} of {draws} Monte-Carlo draws (seed {seed})",
        "optimise.plan.sep": ", ",
        "optimise.plan.end": " (sim.optimise).",
        "optimise.row.constraint_max_gap": "Worst staff gap to FY{until}",
        "optimise.row.constraint_digital_excess": "Digital gap over its limit, most (to FY{until})",
        "optimise.row.constraint_met": "Meets the constraints",
        "optimise.flag.yes": "yes",
        "optimise.flag.no": "no",
        "optimise.bad_until": "until must be after the base year {base}, at least {shortest} (the shortest horizon) and at "
                              "most the final year {end}, got {until}",
    },
}
