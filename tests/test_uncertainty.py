"""Sampling designs (random, Latin hypercube, Sobol') and Monte Carlo through the one engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario
from sim.engine import run
from sim.model.kpis import KPIS
from sim.sampling import METHODS, design, frozen, sample_random, uncertain_inputs
from sim.uncertainty import BAND_METRICS, monte_carlo

STD = "scenarios/standard_dx.toml"
SMALL = "scenarios/small_town.toml"
KPI_KEYS = [k.key for k in KPIS]


@pytest.fixture(scope="module")
def std():
    return load_scenario(STD)


@pytest.fixture(scope="module")
def small():
    return load_scenario(SMALL)


@pytest.fixture(scope="module")
def mc(std):
    return monte_carlo(std, 400, seed=11)


@pytest.mark.parametrize("method", METHODS)
def test_design_covers_every_input_within_bounds_and_is_reproducible(std, method):
    dims = uncertain_inputs(std)
    a = design(std, 257, seed=5, method=method)
    b = design(std, 257, seed=5, method=method)
    c = design(std, 257, seed=6, method=method)
    assert list(a) == [name for name, _, _ in dims]
    for name, _, u in dims:
        assert a[name].shape == (257,)
        assert np.array_equal(a[name], b[name])
        assert (a[name] >= u.low).all() and (a[name] <= u.high).all()
    assert any(not np.array_equal(a[k], c[k]) for k in a)


def test_random_design_is_the_per_key_streams(std):
    dims = uncertain_inputs(std)
    a = design(std, 100, seed=3, method="random")
    b = sample_random(dims, 100, 3)
    assert all(np.array_equal(a[k], b[k]) for k in b)


def test_unknown_method_is_a_clear_error(std):
    with pytest.raises(ValueError, match="lhs"):
        design(std, 10, seed=1, method="halton")


def test_lhs_marginals_are_stratified(std):
    n = 50
    dims = uncertain_inputs(std)
    x = design(std, n, seed=9, method="lhs")
    for name, _, u in dims:
        if u.dist == "lognormal":
            continue  # clipping merges the outer bins
        q = frozen(u).cdf(x[name])
        bins = np.clip(np.floor(q * n).astype(int), 0, n - 1)
        assert sorted(bins) == list(range(n)), name


@pytest.mark.parametrize("method", METHODS)
def test_same_seed_same_percentiles(std, method):
    a = monte_carlo(std, 200, seed=4, method=method)
    b = monte_carlo(std, 200, seed=4, method=method)
    ta, tb = a.kpis, b.kpis
    assert ta.equals(tb)
    assert a.band_table().equals(b.band_table())
    c = monte_carlo(std, 200, seed=5, method=method)
    assert not c.kpis.equals(ta)


def test_random_monte_carlo_equals_a_vectorised_run(std):
    m = monte_carlo(std, 120, seed=8)
    r = run(std, draws=120, seed=8)
    for k in KPI_KEYS:
        assert np.array_equal(m.kpi_values[k], r.kpi_values[k], equal_nan=True), k
    # one result interface: the same KPI table, so the CLI and the pages read either the same way
    pd.testing.assert_frame_equal(m.kpis, r.kpis)


def test_results_do_not_depend_on_chunk_size(std):
    a = monte_carlo(std, 1500, seed=2, method="lhs", chunk_size=700)
    b = monte_carlo(std, 1500, seed=2, method="lhs", chunk_size=5000)
    for k in KPI_KEYS:
        assert np.array_equal(a.kpi_values[k], b.kpi_values[k], equal_nan=True), k
    for m in BAND_METRICS:
        assert np.array_equal(a.per_draw[m], b.per_draw[m], equal_nan=True), m


def test_progress_is_reported_per_chunk(std):
    calls = []
    monte_carlo(std, 250, seed=1, chunk_size=100, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_shapes_and_float32(mc):
    T = mc.years.size
    assert set(mc.kpi_values) == set(KPI_KEYS) | {"net_investment"}  # the flag that tells why a payback year is missing
    assert set(mc.per_draw) == set(BAND_METRICS)
    for a in mc.per_draw.values():
        assert a.shape == (400, T) and a.dtype == np.float32
    assert mc.kpi_samples("npv").shape == (400,)
    with pytest.raises(KeyError):
        mc.kpi_samples("nope")


def test_percentiles_are_ordered_everywhere(mc):
    for m, b in mc.bands().items():
        assert b.shape == (5, mc.years.size)
        ok = ~np.isnan(b).any(axis=0)
        assert (np.diff(b[:, ok], axis=0) >= -1e-9).all(), m
    table = mc.band_table("en")
    assert list(table.columns[:7]) == ["metric", "year", "p5", "p10", "p50", "p90", "p95"]
    assert set(table["metric"]) == set(BAND_METRICS)
    kt = mc.kpis
    assert list(kt.columns) == ["key", "label_ja", "label_en", "unit", "value", "p5", "p10", "p50", "p80", "p90", "p95",
                                "mean", "draws_with_value", "never_share"]
    assert kt["value"].equals(kt["p50"])  # the table of a multi-draw Results too (one KPI table, issue 11 point 4)
    assert list(kt["key"]) == KPI_KEYS
    # Year KPIs: the share of draws that never reach the year; percentiles over the others (issue 10, point 8)
    for r in kt.to_dict("records"):
        a = mc.kpi_values[r["key"]]
        assert r["draws_with_value"] == int(np.isfinite(a).sum())
        if r["unit"] == "year":
            assert r["never_share"] == pytest.approx(np.isnan(a).mean())
            if np.isfinite(a).any():
                assert r["p50"] == pytest.approx(np.median(a[np.isfinite(a)]))
        else:
            assert np.isnan(r["never_share"])
    cols = ["p5", "p10", "p50", "p80", "p90", "p95"]
    for r in kt.to_dict("records"):
        vals = [r[c] for c in cols]
        if not any(np.isnan(vals)):
            assert all(x <= y + 1e-9 for x, y in zip(vals, vals[1:])), r["key"]


def test_net_benefit_band_is_the_cumulative_difference(mc):
    expect = np.cumsum(mc.per_draw["benefit"].astype(float) - mc.per_draw["dx_cost"].astype(float), axis=1)
    assert np.allclose(mc.per_draw["net_benefit_cumulative"], expect, rtol=1e-4, atol=1e3)


def test_probability_of_a_gap_is_monotone_and_bounded(mc):
    year = 2040
    shares = np.linspace(-0.1, 0.4, 26)
    probs = [mc.prob_gap_exceeds(s, year) for s in shares]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert all(a >= b for a, b in zip(probs, probs[1:]))
    assert probs[0] > probs[-1]
    t = year - mc.years[0]
    assert mc.prob_gap_exceeds(0.05, year) == pytest.approx(np.mean(mc.per_draw["gap_pct"][:, t] > 0.05))
    with pytest.raises(ValueError):
        mc.prob_gap_exceeds(0.1, 2100)


def test_export_kpis_and_bands(mc, tmp_path):
    paths = mc.write(tmp_path, "csv")
    assert sorted(p.name for p in paths) == ["bands.csv", "kpis.csv"]
    for p in paths:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    kp = pd.read_csv(tmp_path / "kpis.csv", encoding="utf-8-sig")
    assert "P80" in kp.columns and list(kp["指標"]) == [k.label("ja") for k in KPIS]
    bands = pd.read_csv(tmp_path / "bands.csv", encoding="utf-8-sig")
    assert bands.columns[0] == "年度" and "不足率（%） P50" in bands.columns


def test_hundred_thousand_draws_are_chunked(small):
    """Memory stays bounded: only float32 bands and KPIs are kept (a smoke test at 20,000 draws)."""
    m = monte_carlo(small, 20_000, seed=1, chunk_size=5000)
    per_draw_bytes = sum(a.nbytes for a in m.per_draw.values()) / m.draws
    assert per_draw_bytes <= len(BAND_METRICS) * m.years.size * 4


def test_compact_keeps_bands_probabilities_and_kpis():
    from sim import load_scenario
    from sim.uncertainty import monte_carlo

    full = monte_carlo(load_scenario("scenarios/small_town.toml"), 300, seed=3)
    small = full.compact()
    assert set(small.per_draw) == {"gap_pct"}
    for m, b in full.bands().items():
        np.testing.assert_array_equal(small.bands()[m], b)
    assert small.prob_gap_exceeds(0.05, 2040) == full.prob_gap_exceeds(0.05, 2040)
    assert small.kpis.equals(full.kpis)


def test_municipality_figures_are_sampled_per_draw_and_reach_the_tornado():
    """[uncertainty] on a municipality figure varies it per draw (the engine read draw 0's before) and the
    tornado evaluates it around the preset's value."""
    from sim.engine import run
    from sim.inputs import resolve
    from sim.scenario import loads
    from sim.sensitivity import tornado

    text = ('schema_version = 1\n[metadata]\nname = "uncertain town"\n'
            '[uncertainty."municipality.population"]\ndist = "uniform"\nlow = 60000\nhigh = 90000\n'
            '[uncertainty."municipality.staff_admin"]\ndist = "uniform"\nlow = 300\nhigh = 420\n')
    sc = loads(text)
    inp = resolve(sc, draws=5, seed=4)
    pop0 = inp.population[:, 0]
    np.testing.assert_array_equal(pop0, inp.values["municipality.population"][:, 0])
    assert np.unique(pop0).size == 5 and (pop0 == np.rint(pop0)).all()
    assert inp.staff0.shape[0] == 5
    np.testing.assert_allclose(inp.staff0[:, 0].sum(axis=1), inp.values["municipality.staff_admin"][:, 0])
    table = tornado(sc, "staff_gap_target").set_index("name")
    assert {"municipality.population", "municipality.staff_admin"} <= set(table.index)
    assert table["base"].iloc[0] == pytest.approx(run(sc).kpi("staff_gap_target"))
