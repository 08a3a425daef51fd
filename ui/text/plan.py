"""Text of the 定員管理計画 (staffing plan) page and of the council report (ui.report); the table's own
headers are in sim/text/plan.py."""

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
    },
}
