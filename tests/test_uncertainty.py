"""Sampling designs (random, Latin hypercube, Sobol') and Monte Carlo through the one engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario
from sim.engine import run
from sim.model.kpis import KPIS
from sim.sampling import METHODS, design, frozen, percentiles, sample_random, uncertain_inputs
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
    assert a.percentiles_by_path.keys() == b.percentiles_by_path.keys()
    for path, pa in a.percentiles_by_path.items():
        for q, v in pa.items():
            assert np.array_equal(v, b.percentiles_by_path[path][q], equal_nan=True), (path, q)
    assert np.array_equal(a.gap_pct_draws, b.gap_pct_draws, equal_nan=True)


def test_paths_beyond_the_memory_bound_are_summarised_in_further_passes(std):
    """A small bound forces several passes over the same draws: the same percentiles, and the progress
    counts every pass."""
    calls = []
    one = monte_carlo(std, 300, seed=3, chunk_size=120)
    few = monte_carlo(std, 300, seed=3, chunk_size=120, stack_bytes=300 * 26 * 4 * 7,
                      progress=lambda done, total: calls.append((done, total)))
    passes = -(-len(one.percentiles_by_path) // 7)
    assert passes > 5 and calls[-1] == (300 * passes, 300 * passes) and len(calls) == 3 * passes
    assert list(few.percentiles_by_path) == list(one.percentiles_by_path)
    for path, pct in one.percentiles_by_path.items():
        for q, v in pct.items():
            np.testing.assert_array_equal(few.percentiles_by_path[path][q], v, err_msg=f"{path} {q}")
    assert few.kpis.equals(one.kpis) and np.array_equal(few.gap_pct_draws, one.gap_pct_draws)


def test_progress_is_reported_per_chunk(std):
    calls = []
    monte_carlo(std, 250, seed=1, chunk_size=100, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_shapes_and_float32(mc):
    T = mc.years.size
    assert set(mc.kpi_values) == set(KPI_KEYS) | {"net_investment"}  # the flag that tells why a payback year is missing
    assert mc.gap_pct_draws.shape == (400, T) and mc.gap_pct_draws.dtype == np.float32
    for path, pct in mc.percentiles_by_path.items():
        assert list(pct) == ["p5", "p10", "p50", "p90", "p95"] and all(v.shape == (T,) for v in pct.values()), path
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


def test_every_path_is_summarised_as_the_vectorised_run_would_be(std):
    """One result of many draws (issue 11, point 4): every per-year quantity of a run, including the
    cumulative and derived ones, has the percentiles over the draws that one vectorised run gives."""
    m = monte_carlo(std, 300, seed=6)
    r = run(std, draws=300, seed=6)
    assert list(m.percentiles_by_path) == r.paths()
    for path in r.paths():
        expect = percentiles(np.asarray(r.values(path), dtype=float), axis=0)
        for q, v in expect.items():
            np.testing.assert_allclose(m.values(path)[q], v, rtol=1e-6, atol=1e-3, err_msg=f"{path} {q}")
        np.testing.assert_allclose(m.shown(path), r.shown(path), rtol=1e-6, atol=1e-3, err_msg=path)
    # its arrays hold the P50 path, one row, for readers of a single run
    np.testing.assert_allclose(m.series["gap_fte"][0], r.shown("gap_fte"), rtol=1e-6, atol=1e-3)
    np.testing.assert_allclose(m.age_profile, r.age_profile, rtol=1e-9)
    np.testing.assert_array_equal(m.gap_pct_draws, r.series["gap_pct"].astype(np.float32))


def test_the_tables_of_many_draws_have_a_column_per_percentile(mc):
    for name in ("series_table", "flows_table", "budget_table", "levers_table"):
        table = getattr(mc, name)
        assert {"p5", "p10", "p50", "p90", "p95"} <= set(table.columns) and "value" not in table.columns, name
    assert len(mc.levers_table) == len(mc.lever_names) * mc.years.size


def test_probability_of_a_gap_is_monotone_and_bounded(mc):
    year = 2040
    shares = np.linspace(-0.1, 0.4, 26)
    probs = [mc.prob_gap_exceeds(s, year) for s in shares]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert all(a >= b for a, b in zip(probs, probs[1:]))
    assert probs[0] > probs[-1]
    t = year - mc.years[0]
    assert mc.prob_gap_exceeds(0.05, year) == pytest.approx(np.mean(mc.gap_pct_draws[:, t] > 0.05))
    with pytest.raises(ValueError):
        mc.prob_gap_exceeds(0.1, 2100)


def test_export_kpis_and_bands(mc, tmp_path):
    paths = mc.write(tmp_path, "csv")
    assert sorted(p.name for p in paths) == sorted(f"{n}.csv" for n in ("kpis", "series", "flows", "budget", "levers",
                                                                         "age_profile", "bands"))
    for p in paths:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    kp = pd.read_csv(tmp_path / "kpis.csv", encoding="utf-8-sig")
    assert "P80" in kp.columns and list(kp["指標"]) == [k.label("ja") for k in KPIS]
    bands = pd.read_csv(tmp_path / "bands.csv", encoding="utf-8-sig")
    assert bands.columns[0] == "年度" and "不足率（%） P50" in bands.columns
    series = pd.read_csv(tmp_path / "series.csv", encoding="utf-8-sig")
    assert series.columns[0] == "年度" and "不足率（%） P10" in series.columns and "不足率（%） P90" in series.columns


def test_hundred_thousand_draws_are_chunked(small):
    """Memory stays bounded: per draw only the KPIs and the staff gap % are kept (a smoke test at 20,000
    draws); the percentiles of every path do not grow with the draws."""
    m = monte_carlo(small, 20_000, seed=1, chunk_size=5000)
    per_draw_bytes = (m.gap_pct_draws.nbytes + sum(a.nbytes for a in m.kpi_values.values())) / m.draws
    assert per_draw_bytes <= m.years.size * 4 + len(m.kpi_values) * 8
    assert all(v.shape == (m.years.size,) for pct in m.percentiles_by_path.values() for v in pct.values())


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
