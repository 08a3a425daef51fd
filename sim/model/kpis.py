"""The KPIs: the catalogue (key, unit, whether a KPI may be undefined; labels in sim/text/kpis.py) and the formulas, one
value per draw read from the yearly series and the appraisal. Doctor, CLI, app pages and exports
read the catalogue; nothing else lists KPIs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.i18n import t


class Kpi(NamedTuple):
    key: str
    unit: str
    may_be_undefined: bool = False  # NaN is a valid answer: a year never reached, a ratio with no cost

    def label(self, lang: str) -> str:
        """The KPI's label, from the catalogue (sim/text/kpis.py: kpi.<key>)."""
        return t(f"kpi.{self.key}", lang)


KPIS = (
    Kpi("staff_gap_target", "fte"),
    Kpi("staff_gap_target_pct", "share"),
    Kpi("first_gap_year", "year", may_be_undefined=True),
    Kpi("required_index_target", "share"),
    Kpi("staff_index_target", "share"),
    Kpi("digital_gap_l1_target", "persons"),
    Kpi("digital_gap_l2_target", "persons"),
    Kpi("digital_gap_l3_target", "persons"),
    Kpi("dx_cost_cumulative", "yen"),
    Kpi("net_cash_cost_cumulative", "yen"),
    Kpi("cash_outlay_cumulative", "yen"),
    Kpi("npv_cash", "yen"),
    Kpi("npv", "yen"),
    Kpi("bcr", "multiplier", may_be_undefined=True),
    Kpi("payback_year", "year", may_be_undefined=True),
    Kpi("dx_cost_per_resident", "yen"),
    Kpi("hours_saved_target", "hours"),
    Kpi("unfilled_target", "persons"),
    Kpi("applicants_needed_target", "persons"),
    Kpi("applicant_pool_target", "persons"),
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
