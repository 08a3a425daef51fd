"""Bundled reference tables (data/) and their loaders (sim.data)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import data

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
# Per-municipality files that must never be bundled (see DESIGN.md / data/SOURCES.md).
PER_MUNICIPALITY = [
    SHARED_DATA / "municipal" / "ssdse_a_2025_original_cp932.csv",
    SHARED_DATA / "municipal" / "municipalities_ssdse_extract.csv",
    SHARED_DATA / "ipss" / "ipss_municipal_projection_2023.csv",
    SHARED_DATA / "ipss" / "ipss_municipal_projection_2023.json",
]
# sha256 of the upstream files as documented in shared/data (checked even without ../shared).
DOCUMENTED_SHA256 = {
    "b91497de93fd78327490d1e6f54920fb0e7f29d4adc122174b496f7cf55bbeb4",  # SSDSE-A-2025 CP932
    "32986187f6f0a8d800232af4299323fd51c6d43ce13aff6f559420a57b867dc4",  # IPSS 2023 JSON
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _retirement_age(fiscal_year: int) -> int:
    age = None
    for first, a in data.retirement_schedule():
        if fiscal_year >= first:
            age = a
    assert age is not None
    return age


# ------------------------------------------------------------------------------- presets


def test_presets_shape_and_figures():
    p = data.presets()
    assert p.index.name == "key"
    assert len(p) == 12 and p.index.is_unique
    assert "all_municipalities" not in p.index
    numeric = [
        "population", "staff_per_10k_median", "staff_per_10k_p25", "staff_per_10k_p75",
        "staff_total", "share_65plus", "staff_admin", "staff_technical", "staff_digital",
        "it_cost_per_resident_yen",
    ]
    assert (p[numeric] > 0).all().all()
    assert (p["staff_admin"] + p["staff_technical"] + p["staff_digital"] == p["staff_total"]).all()
    assert (p["staff_digital"] >= 1).all()
    assert (p["staff_per_10k_p25"] <= p["staff_per_10k_median"]).all()
    assert (p["staff_per_10k_median"] <= p["staff_per_10k_p75"]).all()
    assert p["share_65plus"].between(0, 1).all()
    # staff_total is the median density applied to the median population
    expected = np.floor(p["staff_per_10k_median"] * p["population"] / 10_000 + 0.5)
    assert (expected == p["staff_total"]).all()


def test_presets_projection_classes_exist():
    for cls in data.presets()["projection_class"].unique():
        assert data.size_class_projection(cls).loc[2020, "population_index"] == 1.0


def test_presets_it_cost_bands():
    p = data.presets()
    assert p.loc["town_village_pop_lt_5k", "it_cost_per_resident_yen"] == 11724
    assert p.loc["city_pop_100k_150k", "it_cost_per_resident_yen"] == 3096
    assert p.loc["designated_city", "it_cost_per_resident_yen"] == 3742


def test_presets_returns_a_copy():
    p = data.presets()
    p.loc["designated_city", "population"] = -1
    assert data.presets().loc["designated_city", "population"] > 0


# ---------------------------------------------------------------------- population paths


def test_national_projection():
    n = data.national_projection()
    assert list(n.index) == list(range(2020, 2071))
    assert list(n.columns) == ["population", "pop_0_14", "pop_15_64", "pop_65plus"]
    assert not n.isna().any().any()
    assert n.loc[2020, "population"] == 126_146_099
    assert n.loc[2050, "population"] == 104_686_386
    assert n.loc[2070, "population"] == 87_000_000
    assert n.loc[2070, "pop_65plus"] == 33_670_000
    assert n["population"].is_monotonic_decreasing
    ages = n[["pop_0_14", "pop_15_64", "pop_65plus"]].sum(axis=1)
    assert np.allclose(ages, n["population"], rtol=1e-9)
    # share interpolation past 2050 lands near the verified 2065 share (38.4%)
    assert n.loc[2065, "pop_65plus"] / n.loc[2065, "population"] == pytest.approx(0.384, abs=0.002)


def test_national_projection_is_a_copy():
    n = data.national_projection()
    n.loc[2020, "population"] = 0
    assert data.national_projection().loc[2020, "population"] == 126_146_099


def test_size_class_projection():
    for cls in pd.read_csv(data.DATA_DIR / "population_size_class_ipss2023.csv")["size_class"].unique():
        s = data.size_class_projection(cls)
        assert list(s.index) == list(range(2020, 2071))
        assert list(s.columns) == ["population_index", "share_65plus", "share_0_14"]
        assert not s.isna().any().any()
        assert s.loc[2020, "population_index"] == 1.0
        assert s["share_65plus"].between(0, 1).all() and s["share_0_14"].between(0.03, 0.25).all()
    under5k = data.size_class_projection("pop_under_5k")
    assert under5k.loc[2050, "population_index"] == pytest.approx(0.5029)
    nat = data.national_projection()["population"]
    assert under5k.loc[2070, "population_index"] == pytest.approx(0.5029 * nat[2070] / nat[2050])


def test_size_class_unknown_raises_with_valid_names():
    with pytest.raises(KeyError, match="pop_under_5k"):
        data.size_class_projection("no_such_class")


# ---------------------------------------------------------------------- workforce tables


def test_exit_rates():
    r = data.exit_rates_by_age()
    assert r.shape == (53,) and len(data.AGES) == 53
    at = dict(zip(data.AGES, r))
    assert at[22] == pytest.approx(0.0144)
    assert at[27] == pytest.approx(0.0165)
    assert at[32] == pytest.approx(0.0157)
    # 40–54: the source's own bands (0.49%, 0.52%, 0.43%), not one representative value
    assert (at[40], at[44]) == (pytest.approx(0.0049), pytest.approx(0.0049))
    assert (at[45], at[49]) == (pytest.approx(0.0052), pytest.approx(0.0052))
    assert (at[50], at[54]) == (pytest.approx(0.0043), pytest.approx(0.0043))
    assert at[57] == pytest.approx(0.0073)
    assert at[62] == pytest.approx(0.0139)
    assert ((r > 0) & (r < 0.05)).all()
    with pytest.raises(ValueError):
        r[0] = 0.5  # cached array is read-only


def test_retirement_schedule():
    s = data.retirement_schedule()
    assert [y for y, _ in s] == sorted(y for y, _ in s)
    assert _retirement_age(2020) == 60
    assert _retirement_age(2022) == 60
    assert _retirement_age(2023) == 61
    assert _retirement_age(2024) == 61
    assert _retirement_age(2025) == 62
    assert _retirement_age(2029) == 64
    assert _retirement_age(2031) == 65
    assert _retirement_age(2050) == 65


def test_default_age_profile():
    prof = data.default_age_profile()
    assert list(prof.index) == list(data.AGES)
    assert list(prof.columns) == ["admin", "technical", "digital"]
    assert np.allclose(prof.sum(), 1.0, atol=1e-9)
    assert (prof >= 0).all().all()
    assert (prof.loc[65:70] == 0).all().all()
    young = prof.loc[18:60]
    mean_admin = (young.index * young["admin"]).sum() / young["admin"].sum()
    mean_digital = (young.index * young["digital"]).sum() / young["digital"].sum()
    assert 43 <= mean_admin <= 45
    assert mean_digital < mean_admin
    assert prof.loc[25:50, "digital"].sum() > 0.8


# ------------------------------------------------------------------------------ sources


def test_source_ids_defined():
    ids = data.source_ids()
    assert "assumption" in ids
    for required in ["S19", "S21", "S38", "S40", "R12", "D01", "D02"]:
        assert required in ids


def _files_table() -> dict[str, tuple[int, str]]:
    """The Files table of SOURCES.md: relative path -> (rows, source-id cell)."""
    text = (data.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.csv)` \| (\d+) \| [^|]+ \| ([^|]+) \|$", text, re.MULTILINE)
    return {name: (int(n), ids) for name, n, ids in rows}


def _used_ids(csv: Path) -> set[str]:
    table = pd.read_csv(csv, dtype=str)
    if "source_ids" not in table.columns:
        # a table without the column declares its ids in the Files table of SOURCES.md
        cell = _files_table()[csv.relative_to(data.DATA_DIR).as_posix()][1]
        return set(re.findall(r"\b(?:[SDR]\d{2}|assumption)\b", cell))
    col = table["source_ids"].dropna()
    if csv.parent == data.DATA_DIR:
        # our own tables: strictly ';'-separated ids
        return {part.strip() for v in col for part in v.split(";") if part.strip()}
    # unchanged copies under national/ write free text such as "S08 (general admin only)"
    return {m for v in col for m in re.findall(r"\b(?:[SDR]\d{2}|assumption)\b", v)}


def test_every_used_source_id_is_defined():
    defined = data.source_ids()
    csvs = sorted(data.DATA_DIR.rglob("*.csv"))
    assert len(csvs) >= 9
    for csv in csvs:
        used = _used_ids(csv)
        assert used, f"{csv.name} declares no source ids"
        assert used <= defined, f"{csv.name}: undefined source ids {sorted(used - defined)}"


def test_files_table_lists_every_bundled_csv():
    table = _files_table()
    on_disk = {c.relative_to(data.DATA_DIR).as_posix(): c for c in data.DATA_DIR.rglob("*.csv")}
    assert set(table) == set(on_disk)
    for name, (rows, _) in table.items():
        assert len(pd.read_csv(on_disk[name])) == rows, name


def test_credit_lines_present():
    text = (data.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成" in text
    assert "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成" in text


# ------------------------------------------------------------- no per-municipality copies


def test_no_per_municipality_file_is_bundled():
    missing = [str(p) for p in PER_MUNICIPALITY if not p.is_file()]
    assert not missing, f"shared reference files not found (tests read them from ../shared): {missing}"
    forbidden = {_sha256(p) for p in PER_MUNICIPALITY} | DOCUMENTED_SHA256
    for f in data.DATA_DIR.rglob("*"):
        if f.is_file():
            assert _sha256(f) not in forbidden, f"{f} is a copy of a per-municipality file"


def test_bundled_tables_are_small():
    # aggregates only: no bundled table comes near the size of a per-municipality table (1,741 rows)
    for csv in data.DATA_DIR.rglob("*.csv"):
        assert len(pd.read_csv(csv)) < 200, csv.name
