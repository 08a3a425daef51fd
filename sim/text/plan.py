"""Text of the 定員管理計画 (staffing plan) table (sim.plan): headers in the layout municipalities publish,
year labels and notes; shared by the page, the workbook and the report."""

TEXT = {
    "ja": {
        "plan.title": "定員管理計画",
        "plan.col.staff_admin": "4月1日職員数：事務",
        "plan.col.staff_technical": "4月1日職員数：技術・専門",
        "plan.col.staff_digital": "4月1日職員数：デジタル専門",
        "plan.col.staff_regular": "4月1日職員数：計",
        "plan.col.other_exits": "普通退職",
        "plan.col.rehired": "再任用（人数）",
        "plan.col.net_change": "増減",
        "plan.col.supply_fte": "職員数（再任用を常勤換算で含む）",
        "plan.col.required_fte": "必要人員",
        "plan.col.balance_required": "過不足（必要人員比）",
        "plan.col.staff_target": "定員目標",
        "plan.col.balance_target": "過不足（定員目標比）",
        "plan.year_reiwa": "令和{n}年度",
        "plan.year_plain": "{year}年度",
        "plan.note": "職員数は4月1日時点。定年退職・普通退職・採用はその年度中（採用は翌年4月1日付）で、"
                     "増減＝採用－定年退職－普通退職（翌年4月1日の正規職員数の変化）。"
                     "過不足は職員数（再任用を常勤換算で含む）から必要人員または定員目標を引いた値で、負は不足です。",
        "plan.median_note": "{draws}回の試行の中央値です（列ごとの中央値のため、列の間の足し算は厳密には一致しません）。",
    },
    "en": {
        "plan.title": "Staffing plan (定員管理計画)",
        "plan.col.staff_admin": "Staff on 1 April: administrative",
        "plan.col.staff_technical": "Staff on 1 April: technical",
        "plan.col.staff_digital": "Staff on 1 April: digital",
        "plan.col.staff_regular": "Staff on 1 April: total",
        "plan.col.other_exits": "Other exits",
        "plan.col.rehired": "Re-employed (persons)",
        "plan.col.net_change": "Net change",
        "plan.col.supply_fte": "Staff (re-employed in FTE)",
        "plan.col.required_fte": "Required staff",
        "plan.col.balance_required": "Surplus / shortfall vs required",
        "plan.col.staff_target": "Staff target",
        "plan.col.balance_target": "Surplus / shortfall vs target",
        "plan.year_reiwa": "FY{year} (Reiwa {n})",
        "plan.year_plain": "FY{year}",
        "plan.note": "Staff on 1 April. Retirements, exits and hires happen during the year (hires start on the next "
                     "1 April); net change = hires − 定年 retirements − other exits (the change of regular staff to the "
                     "next 1 April). Surplus / shortfall = staff (re-employed in FTE) − required staff or the target; "
                     "negative is a shortfall.",
        "plan.median_note": "Median of {draws} draws (a median per column, so columns do not add up exactly).",
    },
}
