"""The parameters page shows the headline KPIs with their change against the state before the last
edit (issue 12 point 5), and keeps its groups open or closed across reruns and page switches (point 8)."""

from __future__ import annotations

import math

from sim import run
from sim.model.kpis import KPI
from sim.scenario import loads
from sim.units import format_value
from tests.test_page_parameters import find, no_exception, open_page
from ui.headline import HEADLINE

PAGE = "ui/pages/parameters.py"
EXIT = "param:workforce.exit_rate_multiplier"


def headline_metrics(at, lang: str = "ja") -> dict:
    by_label = {m.label: m for m in at.metric}
    return {key: by_label[KPI[key].label(lang)] for key in HEADLINE}


def expected_delta(before_text: str, after_text: str, key: str, lang: str = "ja") -> str | None:
    """The change of a KPI computed with sim alone (no app code), formatted as a change."""
    before, after = run(loads(before_text)).kpi(key), run(loads(after_text)).kpi(key)
    if math.isnan(before) or math.isnan(after) or math.isclose(after, before, rel_tol=1e-12, abs_tol=1e-9):
        return None
    return format_value(after - before, KPI[key].unit, lang, delta=True)


def test_headline_kpis_show_the_change_of_each_edit(app_test):
    at = open_page(app_test, {"workforce": True})
    first = at.session_state["scenario_text"]
    cards = headline_metrics(at)
    assert all(not m.delta for m in cards.values())  # nothing edited yet
    gap_card = cards["staff_gap_target_pct"].value
    assert gap_card == format_value(run(loads(first)).kpi("staff_gap_target_pct"), "share", "ja")

    find(at.slider, EXIT, at).set_value(1.5).run()  # more leavers: a larger gap
    no_exception(at)
    second = at.session_state["scenario_text"]
    assert second != first
    cards = headline_metrics(at)
    gap = expected_delta(first, second, "staff_gap_target_pct")
    assert gap is not None and gap.startswith("+") and gap.endswith("pt")
    assert cards["staff_gap_target_pct"].delta == gap
    for key in HEADLINE:
        assert (cards[key].delta or None) == expected_delta(first, second, key), key
    assert cards["staff_gap_target_pct"].value == format_value(run(loads(second)).kpi("staff_gap_target_pct"),
                                                               "share", "ja")

    find(at.slider, EXIT, at).set_value(1.2).run()  # the next edit is compared with the state just before it
    no_exception(at)
    third = at.session_state["scenario_text"]
    cards = headline_metrics(at)
    gap = expected_delta(second, third, "staff_gap_target_pct")
    assert gap is not None and gap.startswith("-")
    for key in HEADLINE:
        assert (cards[key].delta or None) == expected_delta(second, third, key), key

    at.run()  # a rerun with no edit keeps the change of the last edit
    assert headline_metrics(at)["staff_gap_target_pct"].delta == gap


def test_headline_in_english_and_after_a_rejected_value(app_test):
    at = open_page(app_test, {"simulation": True})
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    cards = headline_metrics(at, "en")
    assert all(not m.delta for m in cards.values())
    before = at.session_state["scenario_text"]
    # a target year before the base year is rejected: no change, so no change is shown
    find(at.number_input, "param:simulation.target_year", at).set_value(2020).run()
    no_exception(at)
    assert at.session_state["scenario_text"] == before
    assert all(not m.delta for m in headline_metrics(at, "en").values())


def opened(at) -> list[str]:
    return [e.label for e in at.expander if e.proto.expanded]


def test_groups_keep_their_open_state_across_reruns_and_page_switches(app_test):
    at = open_page(app_test, {})
    assert opened(at) == []
    at.session_state["section:workforce"] = True  # the planner opens the workforce group
    at.run()
    no_exception(at)
    now_open = opened(at)
    assert len(now_open) == 1
    assert any((s.key or "").startswith(EXIT) for s in at.slider)  # an open group is built
    n_sliders = len(at.slider)
    at.run()
    assert opened(at) == now_open
    at.switch_page("ui/pages/results.py").run()
    no_exception(at)
    at.switch_page(PAGE).run()
    no_exception(at)
    assert opened(at) == now_open and len(at.slider) == n_sliders
    at.session_state["section:workforce"] = False  # and closes it again
    at.run()
    at.switch_page("ui/pages/overview.py").run()
    at.switch_page(PAGE).run()
    no_exception(at)
    assert opened(at) == []
    assert not [s for s in at.slider if (s.key or "").startswith(EXIT)]


def test_closed_groups_are_not_built(app_test):
    at = open_page(app_test, {})
    assert not [s for s in at.slider if (s.key or "").startswith("param:")]
    assert not [n for n in at.number_input if (n.key or "").startswith("param:")]
