"""Tornado and Sobol' indices: an analytic test function through the same code path, and the engine."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim import load_scenario
from sim.cli import main
from sim.engine import run
from sim.sensitivity import indices, sobol, tornado
from sim.sampling import uncertain_inputs

STD = "scenarios/standard_dx.toml"
SMALL = "scenarios/small_town.toml"


@pytest.fixture(scope="module")
def small():
    return load_scenario(SMALL)


def test_additive_function_indices_match_variance_shares():
    a = np.array([1.0, 2.0, 3.0, 0.5])
    share = a**2 / (a**2).sum()  # for independent uniforms of equal variance
    names = ["x1", "x2", "x3", "x4"]
    t = indices(lambda x: a @ x, [stats.uniform()] * 4, names, n=1024, seed=3).set_index("name").loc[names]
    tol = 0.02
    for i, name in enumerate(names):
        r = t.loc[name]
        assert r.S1_low - tol <= share[i] <= r.S1_high + tol, (name, r.S1, share[i])
        assert r.ST_low - tol <= share[i] <= r.ST_high + tol, (name, r.ST, share[i])
        assert r.S1 == pytest.approx(share[i], abs=0.05)
        assert r.ST == pytest.approx(share[i], abs=0.05)
        assert r.S1_low <= r.S1 <= r.S1_high and r.ST_low <= r.ST <= r.ST_high


def test_indices_are_reproducible_and_need_a_power_of_two():
    f = lambda x: x[0] + 2 * x[1] ** 2  # noqa: E731
    a = indices(f, [stats.uniform()] * 2, ["a", "b"], n=256, seed=1)
    b = indices(f, [stats.uniform()] * 2, ["a", "b"], n=256, seed=1)
    assert a.equals(b)
    with pytest.raises(ValueError, match="power of two"):
        indices(f, [stats.uniform()] * 2, ["a", "b"], n=100, seed=1)


def test_sobol_on_the_engine(small):
    calls = []
    t = sobol(small, "staff_gap_target", n=128, seed=1, n_resamples=100,
              progress=lambda done, total: calls.append((done, total)))
    d = len(uncertain_inputs(small))
    assert len(t) == d
    assert list(t.columns) == ["name", "label_ja", "label_en", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    assert t[["S1", "ST"]].to_numpy().min() >= -0.1 and t[["S1", "ST"]].to_numpy().max() <= 1.1
    assert (t["ST"] >= t["S1"] - 0.1).all()
    assert calls[-1] == (128 * (d + 2), 128 * (d + 2))
    # demand growth and the applicant pool drive the staff gap (the tornado agrees)
    assert t["name"].iloc[0] in {"demand.new_duty_growth", "recruitment.pool_headroom"}
    assert t["ST"].iloc[0] > 0.2


def test_sobol_refuses_a_kpi_undefined_in_some_draws(small):
    with pytest.raises(ValueError, match="undefined for some draws.*choose another KPI"):
        sobol(small, "first_gap_year", n=64, seed=1)  # the gap never passes the threshold in many draws
    with pytest.raises(ValueError, match="staff_gap_target"):
        sobol(small, "nope", n=64)


@pytest.mark.parametrize("kpi", ["staff_gap_target", "npv", "payback_year"])
def test_tornado_sorted_and_base_is_the_deterministic_kpi(small, kpi):
    t = tornado(small, kpi)
    assert list(t.columns[:9]) == ["name", "label_ja", "label_en", "low", "high", "kpi_low", "kpi_high", "base", "swing"]
    assert len(t) == len(uncertain_inputs(small))
    swing = t["swing"].dropna().to_numpy()
    assert (np.diff(swing) <= 0).all()
    det = run(small).kpi_values[kpi][0]
    if np.isnan(det):
        assert t["base"].isna().all()
    else:
        assert t["base"].iloc[0] == pytest.approx(det, rel=1e-9, abs=1e-9)
    assert (t["low"] <= t["high"]).all()


def test_tornado_labels_name_the_lever(small):
    t = tornado(small, "npv").set_index("name")
    lever_rows = [n for n in t.index if n.startswith("levers[")]
    assert lever_rows
    for n in lever_rows:
        i = int(n[len("levers["):n.index("]")])
        assert t.loc[n, "label_ja"].startswith(small.levers[i].name)


def call(capsys, *args):
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cli_tornado(capsys, tmp_path, lang):
    out_csv = tmp_path / "t.csv"
    code, out, err = call(capsys, "sensitivity", SMALL, "--kpi", "staff_gap_target", "--lang", lang,
                          "--out", str(out_csv))
    assert code == 0, err
    t = tornado(load_scenario(SMALL), "staff_gap_target")
    col = "label_ja" if lang == "ja" else "label_en"
    assert t[col].iloc[0] in out
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_sobol(capsys):
    code, out, err = call(capsys, "sensitivity", SMALL, "--kpi", "staff_gap_target", "--method", "sobol",
                          "--n", "64", "--lang", "en")
    assert code == 0, err
    assert "S1" in out and "ST" in out and "New-duty growth" in out
    assert "Traceback" not in err


def test_cli_bad_kpi_lists_the_keys(capsys):
    code, out, err = call(capsys, "sensitivity", SMALL, "--kpi", "nope")
    assert code == 1 and out == ""
    assert "nope" in err and "staff_gap_target" in err and "npv" in err


def test_cli_sobol_undefined_kpi_is_exit_1(capsys):
    code, _, err = call(capsys, "sensitivity", SMALL, "--kpi", "first_gap_year", "--method", "sobol", "--n", "64",
                        "--lang", "en")
    assert code == 1 and "choose another KPI" in err and "Traceback" not in err
    code, _, err = call(capsys, "sensitivity", SMALL, "--kpi", "first_gap_year", "--method", "sobol", "--n", "64")
    assert code == 1 and "別の指標を選んでください" in err  # Japanese by default


def test_cli_n_must_be_a_power_of_two(capsys):
    code, _, err = call(capsys, "sensitivity", SMALL, "--kpi", "npv", "--method", "sobol", "--n", "100")
    assert code == 2 and "2のべき乗" in err and "（指定値 100）" in err  # Japanese by default
    code, _, err = call(capsys, "sensitivity", SMALL, "--kpi", "npv", "--method", "sobol", "--n", "100", "--lang", "en")
    assert code == 2 and "power of two" in err


TABLES = ("kpis", "series", "flows", "budget", "levers", "age_profile", "bands", "assumptions")


@pytest.mark.parametrize("fmt, files", [("csv", {f"{n}.csv" for n in TABLES}), ("xlsx", {"results.xlsx"}),
                                        ("json", {"results.json"})])
def test_cli_run_draws_writes_percentiles_and_bands(capsys, tmp_path, fmt, files):
    import pandas as pd
    code, out, err = call(capsys, "run", STD, "--draws", "64", "--method", "lhs", "--out", str(tmp_path),
                          "--format", fmt)
    assert code == 0, err
    assert "lhs" in out and "P50" in out
    assert {p.name for p in tmp_path.iterdir()} == files
    if fmt == "csv":
        k = pd.read_csv(tmp_path / "kpis.csv", encoding="utf-8-sig")
        assert {"指標", "単位", "P50", "P80"} <= set(k.columns)
        b = pd.read_csv(tmp_path / "bands.csv", encoding="utf-8-sig")
        assert b.columns[0] == "年度" and {"職員不足（人年） P5", "職員不足（人年） P95"} <= set(b.columns)
        s = pd.read_csv(tmp_path / "budget.csv", encoding="utf-8-sig")  # every table of a run, with its percentiles
        assert s.columns[0] == "年度" and any(c.endswith(" P90") for c in s.columns)
    elif fmt == "xlsx":
        sheets = list(pd.read_excel(tmp_path / "results.xlsx", sheet_name=None))
        assert sheets[0] == "KPI" and sheets[-2:] == ["年度別の幅", "前提条件"] and len(sheets) == len(TABLES)
