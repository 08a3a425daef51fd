"""The parameters page and the levers editor (AppTest), and ui/widgets.py unit conversions."""

from __future__ import annotations

import pytest

from sim.parameters import GROUPS, LEVER_KINDS, REGISTRY, UNITS, group_label, lever_fields, lever_kind_label
from sim.scenario import loads
from tests.app_helpers import open_page as open_helper
from ui import widgets
from ui.i18n import CATALOG, LANGS

PAGE = "ui/pages/parameters.py"
PAGE_GROUPS = [g for g in GROUPS if g != "municipality" and not g.startswith("lever.")]


def key(name: str, at=None) -> str:
    rev = at.session_state["widget_revision"] if at is not None else 0
    return f"{name}@{rev}"


ALL_OPEN = {**{g: True for g in PAGE_GROUPS}, **{f"lever:{i}": True for i in range(20)}}


def find(elements, name: str, at=None):
    """The one widget of `name` (of the current revision): its key gains a generation suffix (~n) when
    it is drawn afresh after its state disagreed with the scenario (a rejected value, a reset)."""
    base = key(name, at)
    found = [e for e in elements if e.key == base or (e.key or "").startswith(base + "~")]
    assert len(found) == 1, (base, [e.key for e in elements])
    return found[0]


def open_page(app_test, sections: dict | None = None):
    """The parameters page with every group and lever expander open (closed ones are not built)."""
    at = app_test().run()
    at.session_state["parameters_open"] = ALL_OPEN if sections is None else sections
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def scenario(at):
    return loads(at.session_state["scenario_text"])


def no_exception(at):
    assert not at.exception, [e.message for e in at.exception]


# ------------------------------------------------------------------------------ unit conversions


@pytest.mark.parametrize("param_key, model, shown", [
    ("workforce.rehire_share", 0.25, 25.0),                 # share -> %
    ("budget.discount_rate", 0.04, 4.0),                    # rate -> %/yr
    ("budget.loaded_cost_per_fte", 7_500_000, 750.0),       # yen -> 万円
    ("lever.frontyard.capex_per_resident", 300, 300.0),     # small yen (per resident) -> 円
    ("workforce.exit_rate_multiplier", 1.5, 1.5),           # multiplier
    ("workforce.fixed_hires", 12, 12.0),                    # persons
    ("talent.external_fulltime", 1.5, 1.5),                 # fte
    ("demand.hours_per_fte", 1860, 1860.0),                 # hours
    ("workforce.smoothing_years", 4, 4),                    # years (integer)
    ("simulation.target_year", 2040, 2040),                 # year (integer)
    ("workforce.hiring_policy", "smoothed", "smoothed"),    # choice
])
def test_display_and_model_units(param_key, model, shown):
    p = REGISTRY[param_key]
    assert widgets.to_display(p, model) == shown
    assert type(widgets.to_display(p, model)) is type(shown)
    assert widgets.to_model(p, shown) == model


def test_conversions_are_exact_and_bounded_for_every_parameter():
    covered = set()
    for p in list(REGISTRY.values()):
        covered.add(widgets.display_unit(p))
        if not p.numeric:
            assert widgets.widget_kind(p) == "select"
            continue
        lo, hi, step = widgets.bounds(p)
        assert lo < hi and step > 0, p.key
        assert widgets.to_model(p, lo) == pytest.approx(p.min) and widgets.to_model(p, hi) == pytest.approx(p.max)
        if p.default is not None:
            shown = widgets.to_display(p, p.default)
            assert lo <= shown <= hi, p.key
            assert widgets.to_model(p, shown) == pytest.approx(p.default, rel=1e-10), p.key
        if p.integer:
            assert all(isinstance(x, int) for x in (lo, hi, step)), p.key
        else:
            assert all(isinstance(x, float) for x in (lo, hi, step)), p.key
        kind = widgets.widget_kind(p)
        assert kind == ("slider" if p.unit in ("share", "rate", "multiplier") else "number"), p.key
    assert {u for u in UNITS if u not in ("share", "rate", "yen")} <= covered
    assert {"percent", "percent_per_year", "man_yen", "yen"} <= covered


def test_model_values_are_tidy():
    p = REGISTRY["workforce.rehire_share"]
    assert widgets.to_model(p, 15.000000000000002) == 0.15
    assert widgets.to_model(REGISTRY["budget.loaded_cost_per_fte"], 800.0) == 8_000_000
    assert isinstance(widgets.to_model(REGISTRY["budget.loaded_cost_per_fte"], 800.0), int)
    assert widgets.to_model(REGISTRY["talent.training_cost_l1"], 3.5) == 35_000


def test_every_choice_and_unit_has_a_label_in_every_language():
    for p in REGISTRY.values():
        for lang in LANGS:
            assert widgets.unit_label(p, lang) if p.numeric else True
            if not p.numeric:
                labels = widgets.choice_labels(p, lang)
                assert sorted(labels.values()) == sorted(p.choices), p.key
                assert len(labels) == len(p.choices), f"{p.key}: two choices share a label"
    assert CATALOG["ja"]["choice.hiring_policy.smoothed"] == "平準化"


def test_help_text_names_the_source_or_assumption():
    assert widgets.help_text(REGISTRY["recruitment.competition_ratio"], "ja").endswith("出典：R11")
    assert widgets.help_text(REGISTRY["workforce.rehire_fte"], "ja").endswith("出典：仮定")
    assert widgets.help_text(REGISTRY["workforce.rehire_fte"], "en").endswith("Source: assumption")
    # an assumption informed by sources names them as context, never as its source
    cloud = REGISTRY["lever.standardisation.cloud_cost_multiplier"]
    assert widgets.help_text(cloud, "ja").endswith("出典：仮定（参考：S33、S34）")
    assert widgets.help_text(cloud, "en").endswith("Source: assumption (context: S33, S34)")


# ---------------------------------------------------------------------------------------- page


def test_page_has_one_expander_per_group_and_a_widget_per_parameter(app_test):
    at = open_page(app_test)
    labels = [e.label for e in at.main.expander]
    assert labels[:len(PAGE_GROUPS)] == [group_label(g, "ja") for g in PAGE_GROUPS]
    assert group_label("municipality", "ja") not in labels  # the profile lives in the sidebar
    keys = {w.key for w in [*at.slider, *at.number_input, *at.selectbox]}
    for p in REGISTRY.values():
        if p.group in PAGE_GROUPS:
            assert key("param:" + p.key) in keys, p.key
    assert find(at.slider, "param:workforce.rehire_share").value == 80.0  # shares in %
    assert find(at.selectbox, "param:workforce.hiring_policy").value == "平準化"
    assert find(at.number_input, "param:simulation.target_year").value == 2040


def test_slider_changes_the_scenario_and_the_overview_kpi(app_test):
    at = app_test().run()
    before = [m.value for m in at.metric]
    at.session_state["parameters_open"] = {"workforce": True}
    at.switch_page(PAGE).run()
    text = at.session_state["scenario_text"]
    slider = find(at.slider, "param:workforce.exit_rate_multiplier")
    assert slider.value == 1.0 and not slider.label.endswith("●")
    slider.set_value(2.0).run()
    no_exception(at)
    assert at.session_state["scenario_text"] != text
    assert scenario(at).value("workforce.exit_rate_multiplier") == 2.0
    slider = find(at.slider, "param:workforce.exit_rate_multiplier")
    assert slider.value == 2.0 and slider.label.endswith(" ●")  # the changed marker
    assert "●変更：2件" in [c.value for c in at.caption]  # workforce: this slider + the scenario's hiring policy
    at.switch_page("ui/pages/overview.py").run()
    no_exception(at)
    after = [m.value for m in at.metric]
    assert after != before, (before, after)  # the KPIs (staff gap …) follow the change


def test_yen_widget_stores_yen(app_test):
    at = open_page(app_test)
    w = find(at.number_input, "param:budget.loaded_cost_per_fte")
    assert w.value == 750.0 and "万円" in w.label
    w.set_value(820.5).run()
    no_exception(at)
    assert scenario(at).value("budget.loaded_cost_per_fte") == 8_205_000
    assert find(at.number_input, "param:budget.loaded_cost_per_fte").label.endswith(" ●")


def test_reset_group_and_reset_all(app_test):
    at = open_page(app_test)
    find(at.slider, "param:workforce.exit_rate_multiplier").set_value(1.5).run()
    find(at.number_input, "param:budget.loaded_cost_per_fte").set_value(800.0).run()
    sc = scenario(at)
    assert sc.value("workforce.exit_rate_multiplier") == 1.5 and sc.value("budget.loaded_cost_per_fte") == 8_000_000
    at.button(key="param_reset:workforce").click().run()
    no_exception(at)
    sc = scenario(at)
    assert sc.value("workforce.exit_rate_multiplier") == 1.0
    assert sc.value("workforce.hiring_policy") == "replacement"  # the whole group
    assert sc.value("budget.loaded_cost_per_fte") == 8_000_000  # other groups untouched
    assert find(at.slider, "param:workforce.exit_rate_multiplier").value == 1.0
    assert find(at.selectbox, "param:workforce.hiring_policy").value == "退職者補充"
    at.button(key="param_reset_all").click().run()
    no_exception(at)
    sc = scenario(at)
    assert sc.parameters == {}
    assert len(sc.levers) == 8  # levers are not parameters
    assert find(at.number_input, "param:budget.loaded_cost_per_fte").value == 750.0
    assert not any(w.label.endswith("●") for w in [*at.slider, *at.number_input, *at.selectbox]
                   if w.key.startswith("param:"))


def test_invalid_change_shows_the_problem_and_keeps_the_scenario(app_test):
    at = open_page(app_test)
    text = at.session_state["scenario_text"]
    find(at.number_input, "param:simulation.target_year").set_value(2060).run()
    no_exception(at)
    assert at.session_state["scenario_text"] == text
    assert at.error and "変更していません" in at.error[0].value
    assert any("2060 は期間 2025〜2050 の外です" in c.value for c in at.code)  # in the app's language
    assert find(at.number_input, "param:simulation.target_year").value == 2040  # widget set back
    at.run()
    assert not at.error  # shown once


def test_choice_widget_changes_the_policy(app_test):
    at = open_page(app_test)
    find(at.selectbox, "param:workforce.hiring_policy").select("固定計画").run()
    no_exception(at)
    assert scenario(at).value("workforce.hiring_policy") == "fixed"


def test_time_varying_table_sets_a_series(app_test):
    at = open_page(app_test)
    pkey = "workforce.exit_rate_multiplier"
    find(at.toggle, "param_tv:" + pkey).set_value(True).run()
    no_exception(at)
    editor = f"param_series:{pkey}@0#0"
    at.session_state[editor] = {"edited_rows": {1: {"value": 1.6}}, "added_rows": [{"year": 2050, "value": 2.0}],
                                "deleted_rows": []}
    at.run()
    no_exception(at)
    assert scenario(at).value(pkey) == {2025: 1.0, 2040: 1.6, 2050: 2.0}
    slider = find(at.slider, "param:" + pkey)
    assert slider.disabled and slider.label.endswith("●")
    # a table with a year outside the horizon is rejected as a whole
    text = at.session_state["scenario_text"]
    at.session_state[f"param_series:{pkey}@0#1"] = {"edited_rows": {0: {"year": 2019}}, "added_rows": [],
                                                    "deleted_rows": []}
    at.run()
    no_exception(at)
    assert at.session_state["scenario_text"] == text
    assert at.error
    # switching "by year" off keeps the base-year value as a single number
    find(at.toggle, "param_tv:" + pkey).set_value(False).run()
    no_exception(at)
    assert scenario(at).value(pkey) == 1.0
    assert not find(at.slider, "param:" + pkey).disabled


def test_builtin_series_is_shown_as_a_table(app_test):
    at = open_page(app_test)
    tv = find(at.toggle, "param_tv:talent.external_fulltime")
    assert tv.value is True  # standard_dx sets {2025 = 0, 2026 = 1}
    assert find(at.number_input, "param:talent.external_fulltime").disabled


def test_levers_add_edit_disable_remove(app_test):
    at = open_page(app_test)
    assert len(scenario(at).levers) == 8
    at.selectbox(key="lever_add_kind").select(lever_kind_label("custom", "ja")).run()
    at.button(key="lever_add").click().run()
    no_exception(at)
    sc = scenario(at)
    assert len(sc.levers) == 9 and sc.levers[8].kind == "custom" and sc.levers[8].name == lever_kind_label("custom", "ja")
    assert set(w.key for w in at.number_input if w.key.startswith("lever:8:")) >= {
        key(f"lever:8:{f}", at) for f, p in lever_fields("custom").items() if widget_is_number(p)}
    find(at.number_input, "lever:8:hours_saved", at).set_value(5000.0).run()
    no_exception(at)
    assert scenario(at).levers[8].fields == {"hours_saved": 5000}
    find(at.slider, "lever:8:ceiling", at).set_value(50.0).run()
    assert scenario(at).levers[8].fields == {"hours_saved": 5000, "ceiling": 0.5}
    find(at.toggle, "lever:8:enabled", at).set_value(False).run()
    no_exception(at)
    assert scenario(at).levers[8].enabled is False
    assert any(e.label.endswith("［無効］") for e in at.main.expander)
    at.button(key=key("lever:8:remove", at)).click().run()
    no_exception(at)
    assert len(scenario(at).levers) == 8


def widget_is_number(p) -> bool:
    return widgets.widget_kind(p) == "number"


def test_removing_a_lever_does_not_shift_values(app_test):
    at = open_page(app_test)
    assert find(at.slider, "lever:1:ceiling").value == 50.0  # frontyard, ceiling 0.5
    at.button(key=key("lever:0:remove")).click().run()
    no_exception(at)
    sc = scenario(at)
    assert [lev.kind for lev in sc.levers][:2] == ["frontyard", "eltax"]
    assert find(at.slider, "lever:0:ceiling", at).value == 50.0
    assert find(at.slider, "lever:1:ceiling", at).value == 60.0  # eltax default 0.6


def test_lever_name_is_escaped_and_an_empty_name_is_rejected(app_test):
    at = open_page(app_test)
    find(at.text_input, "lever:0:name").input("**太字** [link](x)").run()
    no_exception(at)
    assert scenario(at).levers[0].name == "**太字** [link](x)"
    assert any(r"\*\*太字\*\* \[link\]\(x\)" in e.label for e in at.main.expander)
    text = at.session_state["scenario_text"]
    find(at.text_input, "lever:0:name").input("  ").run()
    no_exception(at)
    assert at.session_state["scenario_text"] == text and at.error
    assert find(at.text_input, "lever:0:name").value == "**太字** [link](x)"


def test_language_switch_keeps_values_and_shows_english_labels(app_test):
    at = open_page(app_test)
    find(at.slider, "param:workforce.exit_rate_multiplier").set_value(2.0).run()
    text = at.session_state["scenario_text"]
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert at.session_state["scenario_text"] == text
    slider = find(at.slider, "param:workforce.exit_rate_multiplier")
    assert slider.value == 2.0 and slider.label == "Voluntary exit multiplier (×) ●"
    assert find(at.selectbox, "param:workforce.hiring_policy").value == "Smoothed"
    assert [e.label for e in at.main.expander][:len(PAGE_GROUPS)] == [group_label(g, "en") for g in PAGE_GROUPS]
    assert at.selectbox(key="lever_add_kind").value == lever_kind_label("frontyard", "en")
    find(at.selectbox, "param:workforce.hiring_policy").select("Fixed plan").run()
    assert scenario(at).value("workforce.hiring_policy") == "fixed"
