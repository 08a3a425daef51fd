"""Budget lines and appraisal rows."""

TEXT = {
    "ja": {
        # cash lines of the budget (sim.model.budget / Results.budget_table)
        "line.pay_regular": "正規職員人件費",
        "line.pay_rehired": "再任用職員人件費",
        "line.allowance_teinen": "退職手当（定年退職）",
        "line.allowance_voluntary": "退職手当（普通退職）",
        "line.external_talent": "外部デジタル人材",
        "line.lever_capex": "DX初期投資・更新費（楽観バイアス補正込み）",
        "line.lever_opex": "DX運用費",
        "line.system_running": "情報システム運用経費",
        "line.training": "研修費",
        "line.recruiting": "採用経費",
        "line.subsidies": "補助金・交付税措置",
        # rows of the appraisal of the DX plan (what it adds to the status quo)
        "line.dx_cost": "DX計画の費用（補助控除後・法定分を除く）",
        "line.cash_saved": "削減できた人件費・退職手当・採用経費（現金）",
        "line.net_cash_cost": "DX計画の正味の現金負担",
        "line.capacity_freed": "生み出した業務余力（削減時間×人件費単価・現金ではない）",
        "line.residual_value": "残存価値（最終年度に計上）",
        "line.net_cash_cost_cumulative": "DX計画の正味の現金負担（累計）",
        "line.capacity_net_of_cost_cumulative": "業務余力の金額換算からDX計画費用を引いた累計（現金ではない）",
    },
    "en": {
        # cash lines of the budget (sim.model.budget / Results.budget_table)
        "line.pay_regular": "Pay: regular staff",
        "line.pay_rehired": "Pay: re-employed staff",
        "line.allowance_teinen": "Retirement allowance: 定年 retirees",
        "line.allowance_voluntary": "Retirement allowance: voluntary leavers",
        "line.external_talent": "External digital talent",
        "line.lever_capex": "DX capex and renewals (with optimism-bias uplift)",
        "line.lever_opex": "DX running cost",
        "line.system_running": "IT system running cost",
        "line.training": "Training",
        "line.recruiting": "Recruiting",
        "line.subsidies": "Subsidies and grants",
        # rows of the appraisal of the DX plan (what it adds to the status quo)
        "line.dx_cost": "DX plan cost (net of subsidies, statutory excluded)",
        "line.cash_saved": "Pay, allowances and recruiting no longer paid (cash)",
        "line.net_cash_cost": "Net cash cost of the DX plan",
        "line.capacity_freed": "Capacity freed (hours saved × loaded cost; not cash)",
        "line.residual_value": "Residual value (credited in the final year)",
        "line.net_cash_cost_cumulative": "Net cash cost of the DX plan, cumulative",
        "line.capacity_net_of_cost_cumulative": "Capacity freed less DX cost, cumulative (not cash)",
    },
}
