"""Results tables and exports: tidy shapes, UTF-8 with BOM, one Excel sheet per table."""

import io

import numpy as np
import pandas as pd

from sim import load_scenario, run
from sim.model.kpis import KPIS


def test_tables_are_tidy_and_complete():
    res = run(load_scenario("scenarios/standard_dx.toml"))
    tables = res.tables()
    assert set(tables) == {"kpis", "series", "flows", "budget", "levers", "age_profile"}
    assert list(tables["kpis"]["key"]) == [k.key for k in KPIS]
    series = tables["series"]
    assert list(series.columns) == ["metric", "year", "value"]
    assert len(series) == len(res.series) * len(res.years)
    flows = tables["flows"]
    assert set(flows["flow"]) == {"hires", "teinen", "other_exits", "unfilled"}
    assert set(flows["category"]) == {"admin", "technical", "digital"}
    assert set(tables["levers"]["lever"]) == set(res.lever_names)
    ages = tables["age_profile"]
    one_year = ages[ages["year"] == 2030].groupby("category")["staff"].sum()
    head = res.by_category["headcount"][0, :, 5]
    np.testing.assert_allclose(one_year.loc[["admin", "technical", "digital"]].to_numpy(), head)


def test_percentile_tables_with_many_draws():
    res = run(load_scenario("scenarios/standard_dx.toml"), draws=40)
    kpis = res.kpis
    for col in ("p5", "p10", "p50", "p90", "p95"):
        assert col in kpis.columns
    ordered = kpis[["p5", "p10", "p50", "p90", "p95"]].dropna()
    assert (ordered.diff(axis=1).iloc[:, 1:] >= -1e-9).all().all()
    assert {"p5", "p95"} <= set(res.series_table.columns)


def test_csv_export_has_bom_and_round_trips_at_display_precision():
    res = run(load_scenario("scenarios/small_town.toml"))
    raw = res.to_csv_bytes("kpis")
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["指標"].iloc[0] == "目標年度の職員不足" and back["単位"].iloc[0] == "人年"
    gap = res.kpi("staff_gap_target")
    assert back["値"].iloc[0] == round(gap, 1 if abs(gap) < 100 else 0)


def test_excel_has_one_sheet_per_table(tmp_path):
    res = run(load_scenario("scenarios/small_town.toml"))
    paths = res.write(tmp_path, "xlsx")
    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert list(sheets) == ["KPI", "年度別の推移", "採用と退職", "予算と評価", "施策別の削減時間", "年齢別職員数"]
    assert len(sheets["年度別の推移"]) == len(res.years)
