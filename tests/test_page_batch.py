"""Batch page (AppTest): the working scenario for every municipality of a prefecture; chart and CSV
builders. The data files are read from ../shared/data through symlinks (never copied)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.app_helpers import chart_data, open_page
from tests.shared_data import data_dir  # noqa: F401 (a fixture)
from ui.charts import batch as charts

PAGE = "ui/pages/batch.py"


def test_without_data_the_page_says_how_to_provide_it(app_test, monkeypatch, tmp_path):
    monkeypatch.setenv("DXSIM_DATA_DIR", str(tmp_path))  # an empty folder replaces the bundled files
    at = open_page(app_test, PAGE)
    assert "DXSIM_DATA_DIR" in " ".join(i.value for i in at.info)
    assert not at.dataframe


def test_a_fresh_clone_has_the_bundled_data(app_test, monkeypatch):
    monkeypatch.delenv("DXSIM_DATA_DIR", raising=False)
    at = open_page(app_test, PAGE)
    assert len(at.selectbox(key="batch_prefecture").options) == 47


def test_tottori_gives_19_rows_sorted_by_gap_and_the_chart(app_test, data_dir):
    at = open_page(app_test, PAGE)
    at.selectbox(key="batch_prefecture").select("鳥取県").run()
    at.button(key="batch_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == 19
    assert {"団体名", "区分", "人口", "不足率", "現金NPV（百万円）", "経済NPV（百万円・現金ではない）"} <= set(table.columns)
    assert "鳥取市" in set(table["団体名"])
    gap = table["不足率"].astype(float)
    assert gap.is_monotonic_decreasing or gap.dropna().is_monotonic_decreasing
    spec, points = chart_data(at)
    assert len(points) == 19
    assert spec["encoding"]["x"]["scale"]["type"] == "log"
    assert "name" in {t["field"] for t in spec["encoding"]["tooltip"]}
    assert at.get("download_button")
    # another scenario: the table is not shown as if it were its result
    label = next(o for o in at.selectbox(key="scenario_picker").options if o.startswith("現状維持"))
    at.selectbox(key="scenario_picker").select(label).run()
    assert not at.exception and not at.dataframe
    assert "もう一度" in " ".join(w.value for w in at.warning)
    # another prefecture: neither
    at.selectbox(key="batch_prefecture").select("島根県").run()
    assert not at.exception and not at.dataframe


def _batch_frame() -> pd.DataFrame:
    return pd.DataFrame({"code": ["31201", "31202"], "prefecture": ["鳥取県"] * 2, "name": ["鳥取市", "<b>米子市</b>"],
                         "kind": ["市", "町"], "population": [188_465.0, 147_317.0], "staff": [1000, 800],
                         "staff_per_10k": [53.1, 54.3], "staff_gap_target": [10.0, 20.0],
                         "staff_gap_target_pct": [0.05, 0.12], "first_gap_year": [2035.0, float("nan")],
                         "npv": [-1.5e9, 2e8], "dx_cost_cumulative": [3e9, 1e9], "dx_cost_per_resident": [900.0, 1100.0]})


def test_table_frame_labels_scales_and_sorts():
    out = charts.table_frame(_batch_frame(), "en")
    assert list(out["Name"]) == ["<b>米子市</b>", "鳥取市"]  # largest gap first; names kept as data
    assert list(out["Kind"]) == ["town", "city"]
    assert out["Gap %"].tolist() == pytest.approx([12.0, 5.0])
    assert out["Economic NPV (¥ million, not cash)"].tolist() == pytest.approx([200.0, -1500.0])


def test_csv_is_utf8_with_bom_and_keeps_every_column_for_excel_users():
    raw = charts.csv_bytes(_batch_frame().assign(code=["01210", "31202"]), "ja")
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(back.columns) == len(_batch_frame().columns) and back["団体名"][0] == "鳥取市"
    assert back["全国地方公共団体コード"].tolist() == ["01210", "31202"]  # 5-character text, leading zero kept
    assert back["区分"].tolist() == ["市", "町"]
    assert back["目標年度の不足率（%）"].tolist() == ["5.0", "12.0"]  # rates in %, as on screen
    assert back["目標年度の職員不足（人年）"].tolist() == ["10", "20"] or back["目標年度の職員不足（人年）"].tolist() == ["10.0", "20.0"]
    assert back["経済NPV（生み出した業務余力の金額換算を含む・現金ではない）（億円）"].tolist() == ["-15.0", "2.0"]
    assert back["不足率がしきい値を超える最初の年度（年度）"].tolist() == ["2035", ""]  # never reached: empty
    en = pd.read_csv(io.BytesIO(charts.csv_bytes(_batch_frame(), "en")), encoding="utf-8-sig", dtype=str)
    assert "Staff gap % in the target year (%)" in en.columns and "Local government code" in en.columns


def test_gap_chart_is_log_x_coloured_by_kind():
    frame = charts.chart_frame(_batch_frame(), "ja")
    spec = charts.gap_chart(frame, "ja", "2040年度").to_dict()
    assert spec["encoding"]["x"]["scale"]["type"] == "log"
    assert spec["encoding"]["color"]["field"] == "kind"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["政令市", "特別区", "市", "町", "村"]
    assert len(frame) == 2 and frame["gap_pct"].tolist() == pytest.approx([5.0, 12.0])
