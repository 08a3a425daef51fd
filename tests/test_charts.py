"""Chart data and builders of the results and overview pages (pure functions, no browser)."""

from __future__ import annotations

import dataclasses
import io
import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest

from sim import run
from sim.scenario import load_scenario
from sim.units import column_format, rounded
from ui.charts import colors
from ui.charts import results as charts
from ui.i18n import LANGS

YEARS = list(range(2025, 2051))


@pytest.fixture(scope="module")
def standard():
    return run(load_scenario("scenarios/standard_dx.toml"))


@pytest.fixture(scope="module")
def status_quo():
    return run(load_scenario("scenarios/status_quo.toml"))


def _frames(res):
    budget = charts.budget_frame(res)
    return {
        "supply_demand": (charts.supply_demand_frame(res), charts.supply_demand_chart,
                          ["year", "staff_regular", "rehired_fte", "supply_fte", "required_fte", "gap_fte"]),
        "flows": (charts.flows_frame(res), charts.flows_chart, ["year", "hires", "teinen", "other_exits", "unfilled"]),
        "digital": (charts.digital_frame(res), charts.digital_chart,
                    ["year"] + [f"{lv}_{m}" for lv in ("l1", "l2", "l3") for m in ("available", "required", "gap")]),
        "budget": (budget, charts.budget_chart,
                   ["year", "pay_regular", "pay_rehired", "allowance_teinen", "allowance_voluntary", "external_talent",
                    "lever_capex", "lever_opex",
                    "system_running", "training", "recruiting", "subsidies", "benefit", "dx_cost_net",
                    "net_benefit_cumulative"]),
        "net_benefit": (budget, charts.net_benefit_chart, None),
        "levers": (charts.levers_frame(res), charts.levers_chart, ["year", *res.lever_names]),
    }


def _titles(spec) -> list[str]:
    """Every axis/legend title in a chart spec, in order."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "title" and isinstance(v, str):
                    out.append(v)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return out


@pytest.mark.parametrize("name", ["supply_demand", "flows", "digital", "budget", "net_benefit", "levers"])
@pytest.mark.parametrize("lang", LANGS)
def test_builders_return_valid_charts_over_the_years(standard, name, lang):
    frame, build, columns = _frames(standard)[name]
    chart = build(frame, lang)
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict(validate=True)
    assert "年度" in _titles(spec) if lang == "ja" else "Fiscal year" in _titles(spec)
    assert frame["year"].tolist() == YEARS
    if columns:
        assert frame.columns.tolist() == columns
    assert np.isfinite(frame.drop(columns="year").to_numpy(dtype=float)).all()


def test_japanese_and_english_titles_differ(standard):
    for name, (frame, build, _) in _frames(standard).items():
        ja, en = _titles(build(frame, "ja").to_dict()), _titles(build(frame, "en").to_dict())
        assert ja != en, name
        assert not any(ch in "".join(en) for ch in "年度人時間"), (name, en)


def test_supply_demand_frame_adds_up(standard):
    f = charts.supply_demand_frame(standard)
    np.testing.assert_allclose(f[["staff_regular", "rehired_fte"]].sum(axis=1), f["supply_fte"],
                               rtol=1e-9)
    np.testing.assert_allclose(f["required_fte"] - f["supply_fte"], f["gap_fte"], atol=1e-9)
    assert f.loc[f["year"] == 2040, "gap_fte"].item() == pytest.approx(standard.kpi("staff_gap_target"))


def test_flows_show_the_years_without_teinen(standard):
    f = charts.flows_frame(standard).set_index("year")
    for year in (2025, 2027, 2029, 2031):
        assert f.loc[year, "teinen"] == 0, year
    for year in (2026, 2028, 2030, 2032):
        assert f.loc[year, "teinen"] > 0, year
    assert (f["hires"] > 0).all()
    # and the chart data hold those zeros (a bar of 0, not a missing row)
    data = charts.flows_chart(charts.flows_frame(standard), "ja").data
    teinen = data[data["key"] == "teinen"].set_index("year")["value"]
    assert teinen.loc[[2025, 2027, 2029, 2031]].tolist() == [0, 0, 0, 0]


def test_age_frame_follows_the_year(standard):
    f2030, f2045 = charts.age_frame(standard, 2030), charts.age_frame(standard, 2045)
    assert f2030.columns.tolist() == ["year", "age", "admin", "technical", "digital"]
    assert f2030["year"].unique().tolist() == [2030] and f2045["year"].unique().tolist() == [2045]
    assert f2030["age"].tolist() == list(range(18, 71))
    assert not f2030[["admin", "technical", "digital"]].equals(f2045[["admin", "technical", "digital"]])
    staff = standard.series["staff_regular"][0, YEARS.index(2030)]
    assert f2030[["admin", "technical", "digital"]].to_numpy().sum() == pytest.approx(staff, rel=1e-6)
    assert charts.age_frame(standard, 1990)["year"].iloc[0] == 2025  # clipped to the horizon
    chart = charts.age_chart(f2030, "en")
    spec = chart.to_dict(validate=True)
    assert spec["title"] == "FY2030" and spec["encoding"]["y"]["sort"] == "descending"


def test_budget_frame_signs_and_cumulative_net(standard):
    f = charts.budget_frame(standard)
    assert (f["subsidies"] <= 0).all() and (f["pay_regular"] > 0).all()
    np.testing.assert_allclose(f["net_benefit_cumulative"], np.cumsum(f["benefit"] - f["dx_cost_net"]))
    without_pay = charts.budget_chart(f, "ja", include_pay=False).data
    assert "pay_regular" not in set(without_pay["key"]) and "subsidies" in set(without_pay["key"])
    # the chart is in 百万円; the tooltip text is the exact value formatted
    data = charts.budget_chart(f, "ja").data
    row = data[(data["key"] == "pay_regular") & (data["year"] == 2025)].iloc[0]
    assert row["value"] == pytest.approx(f.loc[0, "pay_regular"] / 1e6) and row["text"].endswith("億円")


def test_levers_frame_without_levers_and_with_duplicate_names(standard):
    no_levers = load_scenario("scenarios/status_quo.toml")
    empty = charts.levers_frame(run(dataclasses.replace(no_levers, levers=())))
    assert empty.columns.tolist() == ["year"]
    charts.levers_chart(empty, "ja").to_dict(validate=True)
    assert charts.levers_frame(standard).columns.tolist() == ["year", *standard.lever_names]


def test_levers_with_the_same_name_stay_apart():
    sc = load_scenario("scenarios/standard_dx.toml")
    twice = run(dataclasses.replace(sc, levers=(*sc.levers, sc.levers[-1])))
    cols = charts.levers_frame(twice).columns.tolist()
    name = sc.levers[-1].name
    assert cols.count(name) == 1 and f"{name} (2)" in cols
    assert len(set(cols)) == len(cols)


def test_frames_of_several_draws_are_medians():
    res = run(load_scenario("scenarios/standard_dx.toml"), draws=5, seed=1)
    f = charts.supply_demand_frame(res)
    np.testing.assert_allclose(f["required_fte"], np.median(res.series["required_fte"], axis=0))
    charts.supply_demand_chart(f, "en").to_dict(validate=True)


@pytest.mark.parametrize("lang", LANGS)
def test_csv_has_bom_and_parses_back(standard, lang):
    for name, (frame, _, _) in _frames(standard).items():
        payload = charts.csv_bytes(frame, lang, "fte")
        assert payload.startswith(b"\xef\xbb\xbf"), name
        back = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig")
        assert back.shape == frame.shape
        assert back.columns[0] == ("年度" if lang == "ja" else "Fiscal year")
        # the values at the display precision of their unit (one scale for the file), as every export gives them
        values = frame.iloc[:, 1:].to_numpy(dtype=float)
        col = column_format(values.ravel(), "fte", lang)
        np.testing.assert_array_equal(back.iloc[:, 1:].to_numpy(dtype=float), rounded(values, col))
        assert np.abs(back.iloc[:, 1:].to_numpy(dtype=float) - values).max() <= 0.5 * 10.0 ** -col.decimals + 1e-9
    header = charts.csv_bytes(charts.flows_frame(standard), "ja", "persons").decode("utf-8-sig").splitlines()[0]
    assert header == "年度,採用（人）,定年退職（人）,その他の退職（人）,未充足（人）"
    budget = charts.csv_bytes(charts.budget_frame(standard), "ja", "yen").decode("utf-8-sig").splitlines()
    assert "億円）" in budget[0] and "e+" not in budget[1]  # yen in the table's display scale, not raw


def test_summary_sentence():
    assert charts.summary_sentence(23.08, 0.0577, 2040, "ja") == "2040年度には必要人員に対して約23.1人年（5.8%）不足する見込みです。"
    assert charts.summary_sentence(23.08, 0.0577, 2040, "en") == (
        "In FY2040 the municipality is expected to be about 23.1 FTE (5.8%) short of the staff it needs.")
    assert "上回る" in charts.summary_sentence(-12.4, -0.03, 2040, "ja")
    assert "exceed" in charts.summary_sentence(-12.4, -0.03, 2040, "en")
    assert "釣り合う" in charts.summary_sentence(0.3, 0.001, 2040, "ja")
    assert "could not" in charts.summary_sentence(math.nan, math.nan, 2040, "en")


def test_chart_specs_are_json(standard):
    for name, (frame, build, _) in _frames(standard).items():
        json.loads(build(frame, "ja").to_json())


@pytest.mark.parametrize("lang", LANGS)
def test_supply_chart_colours_required_black_and_the_gap_red(standard, lang):
    """Each series keeps its colour: the required line is REQUIRED_COLOR and the shortfall band GAP_COLOR
    (a supply part removed once shifted the colours, so the gap was drawn black)."""
    spec = charts.supply_demand_chart(charts.supply_demand_frame(standard), lang).to_dict()
    scales = [layer["encoding"]["color"]["scale"] for layer in spec["layer"] if "scale" in layer["encoding"].get("color", {})]
    assert scales
    for scale in scales:
        colour = dict(zip(scale["domain"], scale["range"]))
        assert colour[charts.column_label("required_fte", lang)] == colors.REQUIRED_COLOR
        assert colour[charts.column_label("gap_fte", lang)] == colors.GAP_COLOR
        assert len(scale["range"]) == len(scale["domain"])


# ------------------------------------------------------------ issue 12 point 6: charts a planner can read


def _shrinking_town():
    """A small town that keeps replacing leavers while a lever cuts its workload: the required line falls
    well below the regular staff (it once left the plot: the y-axis was fitted to the areas only)."""
    from sim.scenario import Lever

    sc = load_scenario("scenarios/small_town.toml")
    return run(dataclasses.replace(sc, parameters={**sc.parameters, "workforce.hiring_policy": "replacement"},
                                   levers=(*sc.levers, Lever("custom", "業務削減", fields={"hours_saved": 60_000.0}))))


def _layer_extents(spec: dict) -> list[tuple[str, float, float]]:
    """(mark, lowest, highest) y value drawn by each layer of a layered spec; a stacked layer by its
    stacked tops (its bottom is the axis start by design)."""
    out = []
    for layer in spec["layer"]:
        data = pd.DataFrame(spec["datasets"][layer["data"]["name"]]) if "data" in layer else None
        enc = layer["encoding"]
        if data is None or "y" not in enc:
            continue
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        y = data[enc["y"]["field"]]
        if enc["y"].get("stack") == "zero":
            tops = data.sort_values("order").groupby(enc["x"]["field"].split(":")[0])[enc["y"]["field"]].cumsum()
            out.append((mark, float(data.groupby("order")[enc["y"]["field"]].min().iloc[0]), float(tops.max())))
            continue
        values = [y] + ([data[enc["y2"]["field"]]] if "y2" in enc else [])
        out.append((mark, float(min(v.min() for v in values)), float(max(v.max() for v in values))))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_supply_chart_y_domain_covers_every_layer_in_a_shrinking_town(lang):
    frame = charts.supply_demand_frame(_shrinking_town())
    assert frame["required_fte"].min() < 0.85 * frame["staff_regular"].min()  # the case of the report
    spec = charts.supply_demand_chart(frame, lang).to_dict()
    domains = {tuple(layer["encoding"]["y"]["scale"]["domain"]) for layer in spec["layer"]}
    (domain,) = domains
    extents = _layer_extents(spec)
    assert {m for m, _, _ in extents} == {"area", "line"} and len(extents) == 3
    for mark, low, high in extents:
        assert domain[0] <= low and high <= domain[1], (mark, low, high, domain)
    required = frame["required_fte"]
    assert domain[0] <= required.min() and required.max() <= domain[1]


def test_supply_chart_y_domain_of_a_synthetic_decline():
    years = np.arange(2025, 2051)
    staff = np.full(years.size, 100.0)
    frame = pd.DataFrame({"year": years, "staff_regular": staff, "rehired_fte": 5.0, "supply_fte": staff + 5,
                          "required_fte": np.linspace(120, 40, years.size)})
    frame["gap_fte"] = frame["required_fte"] - frame["supply_fte"]
    domain = charts.supply_demand_chart(frame, "ja").to_dict()["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert domain[0] <= 40 and domain[1] >= 120


def test_layered_charts_without_a_fixed_domain_share_one_y_scale(standard):
    """The net benefit line and its zero rule: no fixed domain, so Vega-Lite unions both layers."""
    spec = charts.net_benefit_chart(charts.budget_frame(standard), "ja").to_dict()
    for layer in spec["layer"]:
        assert "domain" not in layer["encoding"]["y"].get("scale", {})
    assert spec.get("resolve", {}).get("scale", {}).get("y", "shared") == "shared"


def _lever_colours(chart) -> dict[str, str]:
    scale = chart.to_dict()["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"]))


def test_a_lever_keeps_its_colour_when_another_is_disabled():
    sc = load_scenario("scenarios/standard_dx.toml")
    full = run(sc)
    levers = list(sc.levers)
    levers[0] = dataclasses.replace(levers[0], enabled=False)  # the first one: every later lever moved up
    less = run(dataclasses.replace(sc, levers=tuple(levers)))
    before = _lever_colours(charts.levers_chart(charts.levers_frame(full), "ja", full.lever_kinds))
    after = _lever_colours(charts.levers_chart(charts.levers_frame(less), "ja", less.lever_kinds))
    assert levers[0].name in before and levers[0].name not in after
    assert set(after) == set(before) - {levers[0].name}
    for name, colour in after.items():
        assert colour == before[name], name


def test_levers_are_coloured_by_kind_and_named_in_the_legend(standard):
    from ui.charts.colors import LEVER_COLORS

    colours = _lever_colours(charts.levers_chart(charts.levers_frame(standard), "ja", standard.lever_kinds))
    assert list(colours) == standard.lever_names
    for name, kind in zip(standard.lever_names, standard.lever_kinds):
        assert colours[name] == LEVER_COLORS[kind]


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_the_colour_table_keeps_red_and_black_for_the_gap_and_the_required_line():
    from sim.parameters import LEVER_KINDS
    from ui.charts import colors

    assert set(colors.LEVER_COLORS) == set(LEVER_KINDS)
    assert len(set(colors.LEVER_COLORS.values())) == len(LEVER_KINDS)  # one colour per kind
    reserved = {colors.GAP_COLOR: "gap_fte", colors.REQUIRED_COLOR: "required_fte"}
    for kind, colour in colors.LEVER_COLORS.items():
        assert colour.lower() not in reserved, kind
        for special in reserved:  # not even close to them (the old 3rd default colour was a red too)
            assert np.linalg.norm(_rgb(colour) - _rgb(special)) > 90, (kind, colour, special)
    for key, colour in colors.SERIES_COLORS.items():
        if colour == colors.GAP_COLOR:
            assert key == "gap_fte"
        if colour == colors.REQUIRED_COLOR:
            assert key in ("required_fte", "required")
    for colour in colors.SCENARIO_COLORS:
        assert colour not in reserved and np.linalg.norm(_rgb(colour) - _rgb(colors.GAP_COLOR)) > 90


def test_series_keep_their_colour_across_pages(standard):
    """The supply/required/gap colours of the results page are those of the uncertainty fan charts."""
    from ui.charts import uncertainty as unc
    from ui.charts.colors import SERIES_COLORS

    bands = pd.DataFrame([{"metric": m, "year": y, **{p: 1.0 for p in unc.PCTS}}
                          for m in ("supply_fte", "required_fte", "gap_fte") for y in (2025, 2026)])
    spec = unc.fan_chart(unc.fan_frame(bands, ("supply_fte", "required_fte", "gap_fte"), "fte", "ja"), "ja",
                         "t", "fte").to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    fan = dict(zip(scale["domain"], scale["range"]))
    assert list(fan.values()) == [SERIES_COLORS[m] for m in ("supply_fte", "required_fte", "gap_fte")]
    results = charts.supply_demand_chart(charts.supply_demand_frame(standard), "ja").to_dict()
    colour = dict(zip(*(results["layer"][0]["encoding"]["color"]["scale"][k] for k in ("domain", "range"))))
    assert colour[charts.column_label("required_fte", "ja")] == SERIES_COLORS["required_fte"]
    assert colour[charts.column_label("gap_fte", "ja")] == SERIES_COLORS["gap_fte"]


@pytest.mark.parametrize("lang", LANGS)
def test_headcounts_are_shown_as_whole_people_with_a_note(standard, lang):
    import re

    from ui.i18n import t

    frame = charts.flows_frame(standard)
    assert (frame[list(charts.FLOWS)] % 1 != 0).any().any()  # the model's expected values have fractions
    data = charts.flows_chart(frame, lang).data
    pattern = r"^-?[\d,]+人$" if lang == "ja" else r"^-?[\d,]+ persons$"
    assert all(re.match(pattern, text) for text in data["text"]), set(data["text"])
    age = charts.age_chart(charts.age_frame(standard, 2040), lang).data
    assert all(re.match(pattern, text) for text in age["text"])
    # the CSV keeps the expected values, and the note says so
    assert charts.csv_bytes(frame, lang, "persons")
    assert "CSV" in t("common.expected_values_note", lang)


def test_results_page_notes_expected_values_under_the_flows_chart(app_test):
    from tests.app_helpers import open_page
    from ui.i18n import t

    at = open_page(app_test, "ui/pages/results.py")
    captions = [c.value for c in at.caption]
    flows = captions.index(t("results.caption.flows", "ja"))
    assert captions[flows + 1] == t("common.expected_values_note", "ja")


def test_lever_titles_never_repeat_the_kind():
    from sim.labels import lever_title_kind

    sc = load_scenario("scenarios/standard_dx.toml")
    for lev in sc.levers:  # the built-in names all say their kind already
        assert lever_title_kind(lev.name, lev.kind, "ja") is None, lev.name
    assert lever_title_kind("フロントヤード改革", "frontyard", "ja") is None  # was 「…（フロントヤード改革（…））」
    assert lever_title_kind("窓口改革", "frontyard", "ja") == "フロントヤード改革"  # short, no nested brackets
    assert lever_title_kind("フロントヤード改革", "frontyard", "en") == "Front-yard reform"
    assert lever_title_kind("Front-yard reform 2026", "frontyard", "en") is None
    assert lever_title_kind("RPA拡大", "rpa_ai", "ja") == "AI・RPA"


def test_parameters_page_lever_titles_show_the_kind_once(app_test):
    from tests.app_helpers import open_page

    at = open_page(app_test, "ui/pages/parameters.py")
    titles = [e.label for e in at.main.expander if e.label.startswith("施策")]
    assert titles and "施策2：フロントヤード改革" in titles, titles
    for title in titles:
        assert title.count("（") <= 1 and "（フロントヤード改革" not in title, title


def test_colours_are_declared_once_in_the_colour_table():
    """No chart module names a colour of its own: every colour comes from ui/charts/colors.py."""
    import re
    from pathlib import Path

    from tests.conftest import ROOT

    for path in sorted(Path(ROOT, "ui").rglob("*.py")):
        if path.name == "colors.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r"#[0-9a-fA-F]{6}\b|color=\"(?:gray|grey|black|red)\"", text), path


def test_results_chart_heights_are_plot_heights(standard):
    """autosize fit-x on every single-view chart: Streamlit's default "fit" would squeeze the plot under
    the legends (the faceted digital chart keeps Streamlit's "pad")."""
    for name, (frame, build, _) in _frames(standard).items():
        spec = build(frame, "ja").to_dict()
        if name == "digital":
            assert "autosize" not in spec
            continue
        assert spec["autosize"]["type"] == "fit-x" and spec["height"] >= 250, name
