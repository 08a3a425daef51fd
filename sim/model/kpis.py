"""The KPIs: the catalogue (key, unit, labels, whether a KPI may be undefined) and the formulas, one
value per draw read from the yearly series and the appraisal. Doctor, CLI, app pages and exports
read the catalogue; nothing else lists KPIs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Kpi(NamedTuple):
    key: str
    unit: str
    label_ja: str
    label_en: str
    may_be_undefined: bool = False  # NaN is a valid answer: a year never reached, a ratio with no cost

    def label(self, lang: str) -> str:
        return self.label_ja if lang == "ja" else self.label_en


KPIS = (
    Kpi("staff_gap_target", "fte", "目標年度の職員不足", "Staff gap in the target year"),
    Kpi("staff_gap_target_pct", "share", "目標年度の不足率", "Staff gap % in the target year"),
    Kpi("first_gap_year", "year", "不足率がしきい値を超える最初の年度",
        "First year the gap exceeds the threshold", may_be_undefined=True),
    Kpi("required_index_target", "share", "必要人員（基準年度比）", "Required FTE vs base year"),
    Kpi("staff_index_target", "share", "職員数（基準年度比、再任用を含む）", "Staff in post vs base year (re-employed included)"),
    Kpi("digital_gap_l1_target", "persons", "デジタル人材不足 L1", "Digital gap L1"),
    Kpi("digital_gap_l2_target", "persons", "デジタル人材不足 L2", "Digital gap L2"),
    Kpi("digital_gap_l3_target", "persons", "デジタル人材不足 L3", "Digital gap L3"),
    Kpi("dx_cost_cumulative", "yen", "DX計画の累計費用（補助控除後・法定分を除く）",
        "Cumulative cost of the DX plan (net of subsidies, statutory levers excluded)"),
    Kpi("net_cash_cost_cumulative", "yen", "DX計画の正味の現金負担（累計：費用－削減できた人件費等）",
        "Net cash cost of the DX plan, cumulative (cost − pay and allowances no longer paid)"),
    Kpi("cash_outlay_cumulative", "yen", "町の現金支出の累計（人件費・退職手当・採用・DX・情報システム・研修・外部人材、補助金控除後）",
        "The town's cash outlay, cumulative (pay, allowances, recruiting, DX, IT systems, training, external talent; net of subsidies)"),
    Kpi("npv_cash", "yen", "現金NPV（財政収支：支払と削減できた支出のみ）", "Cash NPV (the town's money: paid and no longer paid)"),
    Kpi("npv", "yen", "経済NPV（生み出した業務余力の金額換算を含む・現金ではない）", "Economic NPV (capacity freed valued at pay; not cash)"),
    Kpi("bcr", "multiplier", "経済B/C（業務余力の金額換算÷DX費用）",
        "Economic B/C (capacity freed ÷ DX cost)", may_be_undefined=True),
    Kpi("payback_year", "year", "投資回収年度", "Payback year", may_be_undefined=True),
    Kpi("dx_cost_per_resident", "yen", "住民1人当たりDX計画費用（年平均）", "DX plan cost per resident per year"),
    Kpi("hours_saved_target", "hours", "目標年度の削減時間", "Hours saved in the target year"),
    Kpi("unfilled_target", "persons", "目標年度の未充足の採用数", "Unfilled posts in the target year"),
    Kpi("applicants_needed_target", "persons", "目標年度に必要な受験者数", "Applicants needed in the target year"),
    Kpi("applicant_pool_target", "persons", "目標年度の見込み受験者数", "Expected applicants in the target year"),
)
KPI = {k.key: k for k in KPIS}


def first_year_over(pct: np.ndarray, threshold: np.ndarray, years: np.ndarray) -> np.ndarray:
    """(draws,) first year in which pct exceeds the threshold; NaN when it never does."""
    over = pct > threshold[:, None]
    return np.where(over.any(axis=1), years[np.argmax(over, axis=1)].astype(float), np.nan)


def kpis(years: np.ndarray, target: int, threshold: np.ndarray, series: dict[str, np.ndarray],
         dx_cost: np.ndarray, appraisal: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """key -> (draws,) for every KPI; target: the KPI year (structural, the same in every draw)."""
    tt = int(np.clip(target - years[0], 0, years.size - 1))
    required = series["required_fte"]
    staff = series["supply_fte"]
    return {
        "staff_gap_target": series["gap_fte"][:, tt],
        "staff_gap_target_pct": series["gap_pct"][:, tt],
        "first_gap_year": first_year_over(series["gap_pct"], threshold, years),
        "required_index_target": required[:, tt] / required[:, 0],
        "staff_index_target": staff[:, tt] / np.where(staff[:, 0] > 0, staff[:, 0], np.nan),
        "digital_gap_l1_target": series["l1_gap"][:, tt],
        "digital_gap_l2_target": series["l2_gap"][:, tt],
        "digital_gap_l3_target": series["l3_gap"][:, tt],
        "dx_cost_cumulative": dx_cost.sum(axis=1),
        "net_cash_cost_cumulative": appraisal["net_cash_cost_cumulative"],
        "cash_outlay_cumulative": appraisal["cash_outlay_cumulative"],
        "npv_cash": appraisal["npv_cash"],
        "npv": appraisal["npv"],
        "bcr": appraisal["bcr"],
        "payback_year": appraisal["payback_year"],
        "net_investment": appraisal["invested"].astype(float),  # 1: a payback year can exist; 0: nothing to pay back
        "dx_cost_per_resident": (dx_cost / series["population"]).mean(axis=1),
        "hours_saved_target": series["hours_saved"][:, tt],
        "unfilled_target": series["unfilled"][:, tt],
        "applicants_needed_target": series["applicants_needed"][:, tt],
        "applicant_pool_target": series["applicant_pool"][:, tt],
    }
