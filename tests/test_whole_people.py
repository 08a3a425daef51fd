"""Headcounts are shown as whole people, with the note that the model works in expected values (issue 12
point 8): the overview's digital-talent cards, the uncertainty page's KPI table and its P10–P90 ranges."""

from __future__ import annotations

import re

from sim.model.kpis import KPI
from sim.scenario import load_scenario
from sim.uncertainty import monte_carlo
from tests.app_helpers import open_page
from tests.test_page_uncertainty import run_mc
from ui.charts.uncertainty import p_range
from ui.i18n import CATALOG

JA = CATALOG["ja"]
PERSONS = [k.key for k in KPI.values() if k.unit == "persons"]
FRACTION = re.compile(r"\d\.\d+人")  # a headcount with decimals (人年 and 人/年 are other units)


def test_overview_digital_cards_are_whole_people_with_the_note(app_test):
    at = open_page(app_test, "ui/pages/overview.py")
    digital = {m.label: m.value for m in at.metric if m.label in {KPI[k].label("ja") for k in PERSONS}}
    assert len(digital) == 3, digital
    for value in digital.values():
        assert value.endswith("人") and not FRACTION.search(value), value
    assert JA["common.expected_values_note"] in [c.value for c in at.caption]


def test_uncertainty_kpi_table_is_whole_people_with_the_note(app_test):
    at = run_mc(open_page(app_test, "ui/pages/uncertainty.py"))
    table = at.dataframe[0].value.set_index(JA["unc.col.kpi"])
    mc = monte_carlo(load_scenario("scenarios/standard_dx.toml"), 200, seed=2025).kpis.set_index("key")
    fractional = 0
    for key in PERSONS:
        row = table.loc[KPI[key].label("ja")]
        for p in ("P5", "P10", "P50", "P90", "P95"):
            assert not FRACTION.search(row[p]), (key, p, row[p])
            x = float(mc.loc[key, p.lower()])
            expected = int(abs(x) + 0.5) * (1 if x >= 0 else -1)
            assert row[p].replace(",", "") == f"{expected}人", (key, p, row[p], x)
            fractional += x != round(x)
    assert fractional  # the model's values do have fractions: the rounding is what the test sees
    assert JA["common.expected_values_note"] in [c.value for c in at.caption]


def test_p10_p90_range_of_a_headcount_is_whole_people():
    row = {"key": "digital_gap_l2_target", "p10": 2.4, "p90": 7.6, "unit": "persons"}
    assert p_range(row, "ja") == JA["unc.p_range"].format(low="2人", high="8人")
