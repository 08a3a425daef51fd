"""Text of the 定員管理計画 (staffing plan) table and page, and of the council report (sim.report)."""

TEXT = {
    "ja": {
        "nav.staffing_plan": "定員管理計画",
        "plan.intro": "年度ごとの4月1日の職員数、退職・再任用・採用、必要人員と町の定員目標に対する過不足です。"
                      "Excelの定員管理計画とWordの報告書をこのページから作成できます。",
        "plan.reiwa": "年度を令和で表示する",
        "plan.file": "定員管理計画",
        "plan.target.title": "定員目標（年度ごと）",
        "plan.target.caption": "町の定員管理計画で定める各年度の職員数（再任用は常勤換算）。0はその年度に目標なし（必要人員が目標）。"
                               "入力はシナリオに保存されます。",
        "plan.target.policy_note": "定員目標に合わせて採用するには、採用方針を「必要人員に合わせる」にしてください。"
                                   "ほかの方針では目標は表の比較にだけ使われます。",
        "plan.documents": "提出用の資料",
        "plan.documents.caption": "ボタンを押したときに作成します（報告書はグラフの画像を作るため数秒かかります）。"
                                  "不確実性のページで試行を実行していれば、その範囲（P10〜P90）も載ります。",
        # the table (sim.plan): column headers, in the layout municipalities publish
        "plan.title": "定員管理計画",
        "plan.col.year": "年度",
        "plan.col.staff_admin": "4月1日職員数：事務",
        "plan.col.staff_technical": "4月1日職員数：技術・専門",
        "plan.col.staff_digital": "4月1日職員数：デジタル専門",
        "plan.col.staff_regular": "4月1日職員数：計",
        "plan.col.teinen": "定年退職",
        "plan.col.other_exits": "普通退職",
        "plan.col.rehired": "再任用（人数）",
        "plan.col.rehired_fte": "再任用（常勤換算）",
        "plan.col.hires": "採用",
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
        "nav.staffing_plan": "Staffing plan",
        "plan.intro": "Staff on 1 April of each year, exits, re-employment and hires, and the surplus or shortfall "
                      "against required staff and the town's own target. The Excel plan and the Word report are made here.",
        "plan.reiwa": "Show fiscal years in Reiwa",
        "plan.file": "staffing_plan",
        "plan.target.title": "Staff target by year",
        "plan.target.caption": "The staff numbers of the town's own 定員管理計画 (re-employed in FTE). 0 = no target that "
                               "year (required staff is the target). Saved in the scenario.",
        "plan.target.policy_note": "To hire towards the target, set the hiring policy to the target policy. Under other "
                                   "policies the target is only compared in the table.",
        "plan.documents": "Documents to hand in",
        "plan.documents.caption": "Made when you press the button (the report takes a few seconds for its chart images). "
                                  "When a Monte Carlo of this scenario has run on the uncertainty page, its P10–P90 ranges are included.",
        "plan.title": "Staffing plan (定員管理計画)",
        "plan.col.year": "Fiscal year",
        "plan.col.staff_admin": "Staff on 1 April: administrative",
        "plan.col.staff_technical": "Staff on 1 April: technical",
        "plan.col.staff_digital": "Staff on 1 April: digital",
        "plan.col.staff_regular": "Staff on 1 April: total",
        "plan.col.teinen": "定年 retirements",
        "plan.col.other_exits": "Other exits",
        "plan.col.rehired": "Re-employed (persons)",
        "plan.col.rehired_fte": "Re-employed (FTE)",
        "plan.col.hires": "Hires",
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
