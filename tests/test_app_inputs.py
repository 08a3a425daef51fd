"""AppTest: every bound widget shows the scenario's value (after a page switch, a rejected value, a
reset, another scenario), a value still pending at a page switch reaches the scenario, and the
sidebar's number boxes take their bounds from the registry."""

from __future__ import annotations

import pytest

from sim.parameters import GROUPS, REGISTRY, group_label
from sim.scenario import loads
from ui import widgets

PARAMS = "ui/pages/parameters.py"
PAGE_GROUPS = [g for g in GROUPS if g != "municipality" and not g.startswith("lever.")]
ALL_OPEN = {g: True for g in PAGE_GROUPS}


def scenario(at):
    return loads(at.session_state["scenario_text"])


def no_exception(at):
    assert not at.exception, [e.message for e in at.exception]


def bound(at, prefix: str = "param:") -> dict:
    """parameter key -> the widget drawn for it."""
    out = {}
    for w in [*at.slider, *at.number_input, *at.selectbox]:
        if (w.key or "").startswith(prefix):
            out[w.key[len(prefix):].split("@", 1)[0]] = w
    return out


def assert_widgets_show_the_scenario(at) -> None:
    sc = scenario(at)
    shown = bound(at)
    assert len(shown) == sum(p.group in PAGE_GROUPS for p in REGISTRY.values())
    for key, w in shown.items():
        p = REGISTRY[key]
        val = sc.value(key)
        if isinstance(val, dict):
            val = next(iter(val.values()))
        expected = widgets.choice_label(p, val, "ja") if not p.numeric else widgets.to_display(p, val)
        assert w.value == pytest.approx(expected) if p.numeric else w.value == expected, key


def open_params(app_test):
    at = app_test().run()
    at.session_state["parameters_open"] = ALL_OPEN
    at.switch_page(PARAMS).run()
    no_exception(at)
    return at


def test_widgets_equal_the_scenario_after_switching_pages_and_back(app_test):
    at = open_params(app_test)
    assert_widgets_show_the_scenario(at)
    bound(at)["demand.hours_per_fte"].set_value(1750.0).run()
    bound(at)["workforce.exit_rate_multiplier"].set_value(1.3).run()
    for _ in range(2):
        at.switch_page("ui/pages/results.py").run()
        at.switch_page(PARAMS).run()
        no_exception(at)
        assert_widgets_show_the_scenario(at)
    sc = scenario(at)
    assert sc.value("demand.hours_per_fte") == 1750 and sc.value("workforce.exit_rate_multiplier") == 1.3
    assert sc.value("simulation.base_year") == 2025 and all(lev.enabled for lev in sc.levers)


def test_a_value_still_pending_at_a_page_switch_reaches_the_scenario(app_test):
    # set_value without a run, then the page switch's run: the value arrives with the page change
    # (as when the run that carried it was stopped) and is applied at the start of that run
    at = open_params(app_test)
    bound(at)["workforce.exit_rate_multiplier"].set_value(1.45)
    at.switch_page("ui/pages/results.py").run()
    no_exception(at)
    assert scenario(at).value("workforce.exit_rate_multiplier") == 1.45
    at.switch_page(PARAMS).run()
    assert bound(at)["workforce.exit_rate_multiplier"].value == 1.45


def test_a_rejected_value_is_reported_and_the_widget_goes_back(app_test):
    at = open_params(app_test)
    text = at.session_state["scenario_text"]
    bound(at)["simulation.target_year"].set_value(2060).run()  # after the final year 2050
    no_exception(at)
    assert at.session_state["scenario_text"] == text
    simulation = next(e for e in at.main.expander if e.label == group_label("simulation", "ja"))
    assert simulation.error and any("期間 2025〜2050 の外です" in c.value for c in simulation.code)  # beside, in Japanese
    assert bound(at)["simulation.target_year"].value == 2040
    at.switch_page("ui/pages/results.py").run()
    at.switch_page(PARAMS).run()
    assert bound(at)["simulation.target_year"].value == 2040
    assert at.session_state["scenario_text"] == text


def test_widgets_follow_a_reset_and_another_scenario(app_test):
    at = open_params(app_test)
    bound(at)["workforce.exit_rate_multiplier"].set_value(1.6).run()
    at.button(key="param_reset_all").click().run()
    no_exception(at)
    assert_widgets_show_the_scenario(at)
    picker = at.selectbox(key="scenario_picker")
    other = next(o for o in picker.options if "small_town" in o or "小規模" in o)
    picker.select(other).run()
    no_exception(at)
    assert "小規模" in scenario(at).name or "small" in scenario(at).name.lower()
    assert_widgets_show_the_scenario(at)


FIELDS = ("population", "share_65plus", "staff_admin", "staff_technical", "staff_digital")


def test_sidebar_number_boxes_take_the_registry_bounds(app_test):
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    for field in FIELDS:
        p = REGISTRY[f"municipality.{field}"]
        box = at.number_input(key=f"muni_{field}@0")
        lo, hi, step = widgets.bounds(p)
        assert (box.min, box.max, box.step) == (lo, hi, step), field


def test_a_sidebar_value_outside_the_registry_bounds_never_reaches_the_scenario(app_test):
    # reported: the box accepted 4,000,000 staff and kept showing it while the model used 304
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    before = scenario(at)
    staff = at.number_input(key="muni_staff_admin@0").value
    at.number_input(key="muni_staff_admin@0").set_value(4_000_000).run()  # registry max 50,000
    no_exception(at)
    assert scenario(at) == before
    boxes = [w for w in at.sidebar.number_input if w.key.startswith("muni_staff_admin@")]
    assert [b.value for b in boxes] == [staff]
    at.number_input(key="muni_staff_admin@0").set_value(400).run()  # within the bounds: applied
    assert scenario(at).municipality.values["municipality.staff_admin"] == 400


def test_a_value_kept_in_the_inbox_is_applied_when_the_widget_state_is_gone(app_test):
    # A page switch makes Streamlit drop the widget states the new request does not carry before
    # the run starts; ui/streamlit_patch.py keeps bound values in the inbox for apply_pending.
    at = open_params(app_test)
    wkey = bound(at)["workforce.exit_rate_multiplier"].key
    at.switch_page("ui/pages/results.py").run()  # the parameters page's widget states end here
    assert wkey not in at.session_state
    at.session_state["widget_inbox"] = {wkey: 1.35}
    at.run()
    no_exception(at)
    assert scenario(at).value("workforce.exit_rate_multiplier") == 1.35
    assert not at.session_state["widget_inbox"]  # emptied once handled
    at.switch_page(PARAMS).run()
    assert bound(at)["workforce.exit_rate_multiplier"].value == 1.35
