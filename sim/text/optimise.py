"""Text of the optimiser (sim.optimise): what binds a plan that meets no conditions."""

TEXT = {
    "ja": {
        "optimise.binding.applicant_cap": "応募者数による採用上限：採用したくても応募者が足りず、採用できない年があります。",
        "optimise.binding.budget_cap": "DX計画の予算上限：上限がなければ施策でもっと不足を減らせます。",
        "optimise.binding.lever_ceilings": "施策の普及の上限：すべての施策を最初の年度から上限まで進め、採用を増やしても届きません。",
        "optimise.binding.hire_range": "採用数の探索範囲：範囲の上限まで採用しても届きません。",
        "optimise.binding.horizon": "最初の年度の不足：採用は翌年度からしか効かないため、最初の年度の不足は変えられません。",
    },
    "en": {
        "optimise.binding.applicant_cap": "The applicant pool: some years the wanted hires cannot be filled for lack of applicants.",
        "optimise.binding.budget_cap": "The DX budget cap: without it the levers could close more of the gap.",
        "optimise.binding.lever_ceilings": "The levers' ceilings: every lever from the first year at its ceiling, with more hires, is still not enough.",
        "optimise.binding.hire_range": "The hire search range: hiring at the top of the range is still not enough.",
        "optimise.binding.horizon": "The first year's gap: hires take effect the year after, so the first year cannot change.",
    },
}
