"""The yearly metrics of a run: key -> unit, declared once (labels: metric.<key> in sim/text/metrics.py).
Results' series, the Monte-Carlo bands and the exports read them."""

from __future__ import annotations

from sim.model.demand import GROUPS as WORK_GROUPS

LEVELS = ("l1", "l2", "l3")

METRIC_UNITS: dict[str, str] = {
    "population": "persons", "population_65plus": "persons", "population_0_14": "persons",
    "staff_regular": "persons", "staff_admin": "persons", "staff_technical": "persons", "staff_digital": "persons",
    "rehired": "persons", "rehired_fte": "fte", "external_fte": "fte", "supply_fte": "fte",
    "required_fte": "fte", "staff_target": "persons", "gap_fte": "fte", "gap_pct": "share",
    "hires": "persons", "teinen": "persons", "other_exits": "persons", "rehired_leaving": "persons",
    "unfilled": "persons", "applicant_pool": "persons", "hire_capacity": "persons", "applicants_needed": "persons",
    **{f"{lv}_{m}": "persons" for m in ("required", "available", "gap") for lv in LEVELS},
    "hours_saved": "hours", "card_holding_rate": "share",
    **{f"required_fte_{g}": "fte" for g in WORK_GROUPS},
    # yen per year of the DX plan (Monte-Carlo bands)
    "dx_cost": "yen", "benefit": "yen", "net_benefit_cumulative": "yen",
    # the age profile's head count
    "staff": "persons",
}
