"""Batch runs over real municipalities: one engine call per chunk, each draw one municipality; rows
equal single runs; the CLI command. Reads ../shared/data/ (never a copy)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario, municipal
from sim.cli import main
from sim.engine import run
from sim.model.kpis import KPIS
from tests import shared_data
from tests.shared_data import IPSS, SSDSE, ipss, ssdse  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
STD = ROOT / "scenarios" / "standard_dx.toml"
KPI_KEYS = [k.key for k in KPIS]


@pytest.fixture(autouse=True)
def _shared_data_present():
    shared_data.require()


@pytest.fixture(scope="module")
def hokkaido(ssdse, ipss):
    return municipal.batch(load_scenario(STD), ssdse, ipss, prefecture="北海道")


def _close(a: float, b: float) -> bool:
    if np.isnan(a) or np.isnan(b):
        return np.isnan(a) and np.isnan(b)
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)


def test_hokkaido_rows(hokkaido):
    assert len(hokkaido) == 179
    assert hokkaido["code"].is_unique and (hokkaido["prefecture"] == "北海道").all()
    assert list(hokkaido.columns[:4]) == ["code", "prefecture", "name", "kind"]
    for col in ("population", "staff", "staff_per_10k", *KPI_KEYS):
        assert col in hokkaido.columns
    assert (hokkaido["projection"] == "ipss").all()
    assert np.isfinite(hokkaido["staff_gap_target_pct"]).all()
    sapporo = hokkaido.set_index("code").loc["01100"]
    assert sapporo["population"] == 1_970_144 and sapporo["staff"] == 7593


def test_batch_deterministic(hokkaido, ssdse, ipss):
    again = municipal.batch(load_scenario(STD), ssdse, ipss, prefecture="北海道")
    pd.testing.assert_frame_equal(again, hokkaido)


@pytest.mark.parametrize("code", ["01100", "01202", "01694"])
def test_batch_row_equals_single_run(hokkaido, ssdse, ipss, code):
    sc = load_scenario(STD)
    single = run(municipal.for_town(sc, municipal.profile(code, ssdse, ipss))[0])
    row = hokkaido.set_index("code").loc[code]
    for k in KPI_KEYS:
        assert _close(float(single.kpi_values[k][0]), float(row[k])), k


def test_batch_without_projection_and_hamadori(ssdse, ipss):
    """Fukushima: the 浜通り municipalities run on the size-class path; 双葉町 (population 0) is left out."""
    sc = load_scenario(STD)
    table = municipal.batch(sc, ssdse, ipss, prefecture="福島県")
    assert len(table) == 58 and "07546" not in set(table["code"])
    assert (table["projection"] == "size_class").sum() == 12
    row = table.set_index("code").loc["07547"]
    single = run(municipal.for_town(sc, municipal.profile("07547", ssdse, ipss))[0])
    for k in KPI_KEYS:
        assert _close(float(single.kpi_values[k][0]), float(row[k])), k
    plain = municipal.batch(sc, ssdse, None, prefecture="福島県")
    assert (plain["projection"] == "size_class").all()


def test_batch_other_horizon(ssdse, ipss):
    """A scenario ending in 2060 uses the projection extended past 2050 by the national path."""
    sc = load_scenario(STD).with_changes({"simulation.end_year": 2060})
    table = municipal.batch(sc, ssdse, ipss, prefecture="鳥取県")
    single = run(municipal.for_town(sc, municipal.profile("31201", ssdse, ipss, 2025, 2060))[0])
    row = table.set_index("code").loc["31201"]
    for k in KPI_KEYS:
        assert _close(float(single.kpi_values[k][0]), float(row[k])), k


def test_batch_scales_absolute_amounts_to_each_town(ssdse, ipss):
    """Digital hires, external talent and lever talent needs are the scenario town's own: a batch
    scales them by staff. A village does not get a city's digital hires; rows still equal single runs
    of the scaled scenario (a time-varying amount included)."""
    sc = load_scenario(ROOT / "scenarios" / "dx_accelerated.toml").with_changes(
        {"talent.digital_hires": {2026: 2, 2030: 6}, "talent.external_fulltime": 2})
    own = municipal.stated_staff(sc)
    table = municipal.batch(sc, ssdse, ipss, prefecture="長野県").set_index("code")
    hiraya = table.loc["20410"]  # 根羽村: 24 staff
    assert hiraya["scale"] == pytest.approx(hiraya["staff"] / own, rel=1e-9)
    assert 0.7 < hiraya["staff_index_target"] < 1.3 and hiraya["staff_gap_target_pct"] > -0.5
    for code in ("20410", "20202"):
        town, ratio = municipal.for_town(sc, municipal.profile(code, ssdse, ipss))
        assert town.value("talent.external_fulltime") == pytest.approx(2 * ratio)
        assert town.value("talent.digital_hires")[2030] == pytest.approx(6 * ratio)
        single = run(town)
        for k in KPI_KEYS:
            assert _close(float(single.kpi_values[k][0]), float(table.loc[code, k])), (code, k)


def test_batch_progress_and_unknown_prefecture(ssdse, ipss):
    calls = []
    municipal.batch(load_scenario(STD), ssdse, ipss, prefecture="鳥取県", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1] == (19, 19)
    with pytest.raises(ValueError, match="unknown prefecture '北海'"):
        municipal.batch(load_scenario(STD), ssdse, ipss, prefecture="北海")


def test_summary(hokkaido):
    s = municipal.batch_summary(hokkaido, 0.05)
    assert list(s["kind"]) == ["政令市", "市", "町", "村", "全体"]
    assert s.set_index("kind").loc["全体", "count"] == 179
    assert s["count"].iloc[:-1].sum() == 179
    assert (s["n_gap_above_threshold"] <= s["count"]).all()


def test_cli_batch(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["batch", str(STD), "--municipalities", str(SSDSE), "--projection", str(IPSS),
                 "--prefecture", "北海道", "--out", str(out)])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    assert "179" in cap.out and "政令市" in cap.out
    raw = (out / "kpis.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    kpis = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"全国地方公共団体コード": str})
    assert len(kpis) == 179 and kpis["全国地方公共団体コード"].iloc[0] == "01100"  # 5-character text
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig")
    assert {"区分", "団体数（団体）", "不足率（人口加重）（%）", "不足率（中央値）（%）", "しきい値超の団体数（団体）"} <= set(summary.columns)
    # the same unit in both files: the gap % of the towns and of their summary are both in %
    assert "目標年度の不足率（%）" in kpis.columns
    whole = summary.set_index("区分").loc["全体", "不足率（中央値）（%）"]
    assert whole == pytest.approx(kpis["目標年度の不足率（%）"].median(), abs=0.06)
    assert cap.err == ""  # no progress bar when stderr is not a terminal


def test_cli_batch_errors(tmp_path, capsys):
    code = main(["batch", str(STD), "--municipalities", str(SSDSE), "--prefecture", "北海", "--out", str(tmp_path),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "unknown prefecture '北海'" in err and "北海道" in err
    bad = tmp_path / "utf8.csv"
    bad.write_bytes(SSDSE.read_bytes().decode("cp932").encode("utf-8"))
    code = main(["batch", str(STD), "--municipalities", str(bad), "--out", str(tmp_path), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "utf8.csv" in err and "CP932" in err
    code = main(["batch", str(STD), "--municipalities", str(SSDSE), "--projection", str(SSDSE), "--out", str(tmp_path),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "UTF-8" in err
    code = main(["batch", str(STD), "--municipalities", str(tmp_path / "missing.csv"), "--out", str(tmp_path),
                 "--lang", "en"])
    assert code == 1 and "cannot read file" in capsys.readouterr().err
    code = main(["batch", str(STD)])
    assert code == 2  # --out is required


def test_cli_batch_reads_the_bundled_files_by_default(tmp_path, capsys):
    code = main(["batch", str(STD), "--prefecture", "鳥取県", "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    kpis = pd.read_csv(tmp_path / "kpis.csv", encoding="utf-8-sig", dtype={"全国地方公共団体コード": str})
    assert len(kpis) == 19 and (kpis["人口推計"] == "社人研の市区町村別推計").all()
