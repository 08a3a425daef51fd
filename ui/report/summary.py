"""The one-page summary of the council report in plain language, generated from the results (and the
Monte Carlo's P10–P90 ranges when one is given): the staff gap and when it opens, the 定年 gap years,
digital talent, and what the DX plan costs and frees."""

from __future__ import annotations

import numpy as np

from sim.units import format_value
from ui.charts.results import summary_sentence
from ui.charts.uncertainty import p_range
from ui.i18n import t


def summary_paragraphs(scenario, results, lang: str, mc=None) -> list[str]:
    """Paragraphs of the summary, each a few plain sentences."""
    kpi = results.kpi
    target = int(scenario.value("simulation.target_year"))
    v = lambda x, unit: format_value(x, unit, lang)  # noqa: E731
    out = []

    gap = summary_sentence(kpi("staff_gap_target"), kpi("staff_gap_target_pct"), target, lang)
    first = kpi("first_gap_year")
    threshold = v(float(scenario.value("simulation.gap_threshold")), "share")
    opens = (t("report.summary.gap_opens", lang, threshold=threshold, year=v(first, "year"))
             if np.isfinite(first) else t("report.summary.gap_never", lang, threshold=threshold))
    out.append(gap + opens + t("report.summary.required", lang, year=v(target, "year"),
                   index=v(kpi("required_index_target"), "share")))

    teinen = results.shown("teinen")
    none = [int(y) for y, n in zip(results.years, teinen) if n == 0]
    hires = results.shown("hires").mean()
    sep = t("list.sep", lang)
    staff = (t("report.summary.teinen_gaps", lang, years=sep.join(v(y, "year") for y in none)) if none else "")
    out.append(staff + t("report.summary.hires", lang, hires=v(hires, "persons"),
                         unfilled=v(kpi("unfilled_target"), "persons"), year=v(target, "year")))

    out.append(t("report.summary.digital", lang, year=v(target, "year"),
                 l1=v(kpi("digital_gap_l1_target"), "persons"), l2=v(kpi("digital_gap_l2_target"), "persons"),
                 l3=v(kpi("digital_gap_l3_target"), "persons")))

    capacity = float(results.shown("capacity_freed_cumulative")[-1])
    out.append(t("report.summary.dx", lang, cost=v(kpi("dx_cost_cumulative"), "yen"),
                 hours=v(kpi("hours_saved_target"), "hours"), year=v(target, "year"), capacity=v(capacity, "yen"),
                 net=v(kpi("net_cash_cost_cumulative"), "yen"), npv=v(kpi("npv"), "yen")))
    if mc is not None:
        table = mc.kpis.set_index("key")
        out.append(t("report.summary.mc", lang, draws=f"{mc.draws:,}"))
        for key in ("staff_gap_target", "first_gap_year", "dx_cost_cumulative", "npv"):
            out.append(t(f"report.summary.mc.{key}", lang, year=v(target, "year"), threshold=threshold,
                         range=p_range(table.loc[key], lang)))
    return out
