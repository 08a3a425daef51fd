"""SSDSE-A and IPSS importers, profiles and the staff benchmark, against the files in ../shared/data/
(read there, never copied into the project)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import data, municipal
from sim.municipal import DataImportError
from sim.scenario import dumps, from_dict, loads, to_dict
from tests import shared_data
from tests.shared_data import IPSS, SHARED, SSDSE, ipss, ssdse  # noqa: F401 (fixtures)

HAMADORI = ["07204", "07209", "07212", "07541", "07542", "07543", "07544", "07545", "07546", "07547", "07548",
            "07561", "07564"]


@pytest.fixture(autouse=True)
def _shared_data_present():
    shared_data.require()


# --- SSDSE-A -------------------------------------------------------------------------------------

def test_ssdse_counts_and_total(ssdse):
    assert len(ssdse) == 1741
    assert ssdse.index.name == "code" and ssdse.index.is_unique
    assert all(isinstance(c, str) and len(c) == 5 for c in ssdse.index)
    kinds = ssdse["kind"].value_counts().to_dict()
    assert kinds == {"市": 772, "政令市": 20, "町": 743, "村": 183, "特別区": 23}
    assert kinds["市"] + kinds["政令市"] == 792
    assert int(ssdse["population"].sum()) == 126_146_099
    assert list(ssdse.columns) == ["prefecture", "name", "kind", "population", "pop_0_14", "pop_15_64", "pop_65plus",
                                   "pop_75plus", "general_admin_staff", "area_km2", "expenditure_thousand_yen"]
    assert set(ssdse.loc[ssdse["kind"] == "政令市"].index) == set(municipal.DESIGNATED_CITIES)
    assert ssdse.loc[ssdse["kind"] == "特別区"].index.str.startswith("131").all()


def test_ssdse_sapporo_values(ssdse):
    r = ssdse.loc["01100"]
    assert (r["prefecture"], r["name"], r["kind"]) == ("北海道", "札幌市", "政令市")
    assert r["population"] == 1_973_395
    assert (r["pop_0_14"], r["pop_15_64"], r["pop_65plus"], r["pop_75plus"]) == (215_366, 1_185_724, 541_242, 264_920)
    assert r["general_admin_staff"] == 7593
    assert r["area_km2"] == pytest.approx(1121.26)  # B1101 is in hectares (112,126 ha); 札幌市 is 1,121.26 km²
    assert r["expenditure_thousand_yen"] == 1_281_258_738
    assert ssdse.attrs["edition"] == "SSDSE-A-2025"


def test_ssdse_from_bytes(ssdse):
    again = municipal.read_ssdse_a(SSDSE.read_bytes(), name="upload.csv")
    pd.testing.assert_frame_equal(again, ssdse)


def _msg(raw: bytes, tmp_path: Path, name: str = "broken.csv") -> str:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(DataImportError) as exc:
        municipal.read_ssdse_a(path)
    msg = str(exc.value)
    assert str(path) in msg  # names the file
    return msg


@pytest.mark.parametrize("n", [5_000, 400_000, 940_000])
def test_ssdse_truncated(tmp_path, n):
    raw = SSDSE.read_bytes()[:n]
    assert "truncated" in _msg(raw, tmp_path)


def test_ssdse_truncated_at_row_boundary(tmp_path):
    raw = SSDSE.read_bytes()
    cut = raw[:400_000].rfind(b"\r\n") + 2
    msg = _msg(raw[:cut], tmp_path)
    assert "truncated" in msg and "data rows" in msg


def test_ssdse_utf8(tmp_path):
    raw = SSDSE.read_bytes().decode("cp932").encode("utf-8")
    msg = _msg(raw, tmp_path)
    assert "UTF-8" in msg and "CP932" in msg
    msg = _msg(b"\xef\xbb\xbf" + raw, tmp_path, "bom.csv")
    assert "UTF-8" in msg and "CP932" in msg


def test_ssdse_column_removed(tmp_path):
    text = SSDSE.read_bytes().decode("cp932")
    rows = [line.split(",") for line in text.split("\r\n") if line]
    j = rows[0].index("A1101")
    raw = "".join(",".join(r[:j] + r[j + 1:]) + "\r\n" for r in rows).encode("cp932")
    msg = _msg(raw, tmp_path)
    assert "A1101" in msg and "not found" in msg


def test_ssdse_other_dataset(tmp_path):
    raw = ("SSDSE-B-2025,Time,Prefecture,A1101\r\n,,,2020\r\n年度,時点,都道府県,総人口\r\n"
           + "".join(f"R{y},{y},北海道,5000000\r\n" for y in range(2010, 2023))).encode("cp932")
    msg = _msg(raw, tmp_path)
    assert "SSDSE-B-2025" in msg and "SSDSE-A" in msg


def test_ssdse_random_csv(tmp_path):
    msg = _msg(IPSS.read_bytes(), tmp_path, "ipss.csv")
    assert "not an SSDSE-A file" in msg
    msg = _msg(b"a,b,c\r\n1,2,3\r\n4,5,6\r\n7,8,9\r\n", tmp_path, "abc.csv")
    assert "not an SSDSE-A file" in msg
    msg = _msg(b"", tmp_path, "empty.csv")
    assert "empty" in msg


def test_ssdse_non_numeric(tmp_path):
    text = SSDSE.read_bytes().decode("cp932").replace("R01100,北海道,札幌市,1973395", "R01100,北海道,札幌市,abc", 1)
    msg = _msg(text.encode("cp932"), tmp_path)
    assert "A1101" in msg and "'abc'" in msg and "札幌市" in msg


# --- IPSS ----------------------------------------------------------------------------------------

def test_ipss_municipalities(ipss):
    assert list(ipss.columns) == ["code", "prefecture", "name", "year", "population", "pop_0_14", "pop_15_64",
                                  "pop_65plus"]
    assert ipss["code"].nunique() == 1728
    assert sorted(ipss["year"].unique()) == [2020, 2025, 2030, 2035, 2040, 2045, 2050]
    s = ipss.set_index(["code", "year"])["population"]
    assert s[("01100", 2020)] == 1_973_395
    assert s[("01100", 2050)] == 1_745_608
    assert not set(HAMADORI) & set(ipss["code"])
    assert "07999" not in set(ipss["code"]) and "01101" not in set(ipss["code"])
    assert ipss["code"].str.startswith("131").sum() == 23 * 7
    # 2020 = census total less the 07999 aggregate (452,508)
    assert int(ipss.loc[ipss["year"] == 2020, "population"].sum()) == 126_146_099 - 452_508


def test_ipss_without_record_level(tmp_path, ipss):
    df = pd.read_csv(IPSS, dtype={"code": str}).drop(columns=["record_level"])
    path = tmp_path / "no_level.csv"
    df.to_csv(path, index=False)
    pd.testing.assert_frame_equal(municipal.read_ipss(path).reset_index(drop=True), ipss.reset_index(drop=True),
                                  check_like=False, check_dtype=False, check_index_type=False)
    df = df.drop(columns=["kind"])  # only codes left to tell wards and prefectures
    df.to_csv(path, index=False)
    assert set(municipal.read_ipss(path)["code"]) == set(ipss["code"])


def test_ipss_missing_column(tmp_path):
    df = pd.read_csv(IPSS, dtype={"code": str}).drop(columns=["pop_65plus"])
    path = tmp_path / "ipss_missing.csv"
    df.to_csv(path, index=False)
    with pytest.raises(DataImportError, match=r"ipss_missing\.csv: missing column pop_65plus"):
        municipal.read_ipss(path)


def test_ipss_non_numeric(tmp_path):
    df = pd.read_csv(IPSS, dtype=str)
    df.loc[5, "population"] = "n/a"
    path = tmp_path / "ipss_bad.csv"
    df.to_csv(path, index=False)
    with pytest.raises(DataImportError, match=r"ipss_bad\.csv: line 7: population = 'n/a' is not a number"):
        municipal.read_ipss(path)


def test_annual_projection(ipss):
    a = municipal.annual_projection(ipss, "01100")
    assert list(a.index) == list(range(2020, 2071))
    assert a.loc[2020, "population"] == 1_973_395 and a.loc[2050, "population"] == 1_745_608
    assert a.loc[2023, "population"] == pytest.approx(1_973_395 + 3 / 5 * (1_970_144 - 1_973_395))
    nat = data.national_projection()
    assert a.loc[2070, "population"] == pytest.approx(1_745_608 * nat.loc[2070, "population"] / nat.loc[2050, "population"])
    nshare = nat["pop_65plus"] / nat["population"]
    assert a.loc[2060, "share_65plus"] == pytest.approx(687_024 / 1_745_608 + nshare[2060] - nshare[2050])
    assert len(municipal.annual_projection(ipss, "01100", end_year=2050)) == 31
    with pytest.raises(KeyError, match="07547"):
        municipal.annual_projection(ipss, "07547")


# --- size class, profile, benchmark ---------------------------------------------------------------

def test_size_class_counts_match_presets(ssdse):
    keys = [municipal.size_class(p, k) for p, k in zip(ssdse["population"], ssdse["kind"])]
    counts = pd.Series(keys).value_counts()
    assert set(counts.index) == set(data.presets().index)
    assert counts["designated_city"] == 20 and counts["special_ward"] == 23
    assert counts["city_pop_ge_200k_non_designated"] == 89 and counts["city_pop_50k_100k"] == 240
    assert municipal.size_class(50_000, "市") == "city_pop_50k_100k"
    assert municipal.size_class(49_999, "市") == "city_pop_lt_50k"
    assert municipal.size_class(5_000, "村") == "town_village_pop_5k_10k"


def test_profile_sapporo(ssdse, ipss):
    p = municipal.profile("01100", ssdse, ipss)
    assert p["preset"] == "designated_city" and p["name"] == "北海道 札幌市" and p["code"] == "01100"
    assert p["area_km2"] == pytest.approx(1121.26)
    assert p["population"] == 1_970_144  # IPSS 2025
    assert p["share_65plus"] == pytest.approx(579_533 / 1_970_144, abs=1e-4)
    assert (p["staff_admin"], p["staff_technical"], p["staff_digital"]) == (5733, 1822, 38)
    assert sum((p["staff_admin"], p["staff_technical"], p["staff_digital"])) == 7593
    assert p["population_path"] == "explicit"
    assert p["population_series"][2050] == 1_745_608 and p["elderly_series"][2050] == 687_024
    assert sorted(p["population_series"]) == [2025, 2030, 2035, 2040, 2045, 2050]
    assert "note" not in p
    from sim import load_scenario
    sc = municipal.with_profile(load_scenario(Path(__file__).resolve().parents[1] / "scenarios/standard_dx.toml"), p)
    m = sc.municipality
    assert (m.code, m.area_km2, m.name, m.population_path) == ("01100", 1121.26, "北海道 札幌市", "explicit")
    assert m.values["municipality.population"] == 1_970_144
    assert dumps(loads(dumps(sc))) == dumps(sc)


def test_profile_hamadori_town(ssdse, ipss):
    p = municipal.profile("07547", ssdse, ipss)  # 浪江町: no IPSS projection
    assert p["name"] == "福島県 浪江町" and p["preset"] == "town_village_pop_lt_5k"
    assert p["population"] == int(ssdse.loc["07547", "population"])
    assert p["population_path"] == "size_class" and "population_series" not in p
    assert "浜通り" in p["note"]
    muni = {k: v for k, v in p.items() if k != "note"}
    from_dict({"schema_version": 1, "metadata": {"name": "x"}, "municipality": muni})
    with pytest.raises(ValueError, match="no residents"):
        municipal.profile("07546", ssdse, ipss)  # 双葉町, population 0 in 2020


def test_profile_other_horizon(ssdse, ipss):
    p = municipal.profile("13101", ssdse, ipss, base_year=2027, end_year=2070)
    assert sorted(p["population_series"]) == [2027, 2030, 2035, 2040, 2045, 2050, 2055, 2060, 2065, 2070]
    a = municipal.annual_projection(ipss, "13101")
    assert p["population"] == round(a.loc[2027, "population"])


def test_scenario_code_and_area_keys():
    base = {"schema_version": 1, "metadata": {"name": "x"}}
    sc = from_dict({**base, "municipality": {"code": "01100", "area_km2": 1121.26}})
    assert to_dict(sc)["municipality"]["code"] == "01100"
    assert dumps(loads(dumps(sc))) == dumps(sc)
    for bad in ({"code": 1100}, {"code": "1100"}, {"code": "0110A"}, {"area_km2": 0}, {"area_km2": "big"},
                {"area_km2": float("nan")}):
        with pytest.raises(ValueError) as exc:
            from_dict({**base, "municipality": bad})
        assert f"municipality.{next(iter(bad))}" in str(exc.value)


def test_staff_benchmark(ssdse):
    b = municipal.staff_benchmark(ssdse, "01100")
    assert b["staff_per_10k"] == pytest.approx(7593 / 1_973_395 * 1e4)
    assert b["p25"] <= b["median"] <= b["p75"]
    pr = data.presets().loc["designated_city"]
    assert (round(b["median"], 1), round(b["p25"], 1), round(b["p75"], 1)) == (
        pr["staff_per_10k_median"], pr["staff_per_10k_p25"], pr["staff_per_10k_p75"])
    assert b["n"] == 20 and b["caveat_key"] == "benchmark.caveat" and "need" in b["caveat_en"]
    for code in ("13101", "01202", "47382"):
        b = municipal.staff_benchmark(ssdse, code)
        pr = data.presets().loc[b["size_class"]]
        assert b["p25"] <= b["median"] <= b["p75"]
        assert round(b["median"], 1) == pr["staff_per_10k_median"]


def test_ipss_gzip_upload_reads_the_same_and_a_cut_one_is_refused():
    import gzip

    from sim.municipal import DataImportError, read_ipss

    raw = (SHARED / "ipss" / "ipss_municipal_projection_2023.csv").read_bytes()
    packed = gzip.compress(raw)
    assert len(packed) < 1_000_000 < len(raw)  # fits the app's 1 MB upload limit only compressed
    assert read_ipss(packed, "p.csv.gz").equals(read_ipss(raw, "p.csv"))
    with pytest.raises(DataImportError, match="truncated"):
        read_ipss(packed[:5000], "cut.csv.gz")


# --- bundled files, default location, look-up by code or name ------------------------------------

def test_ssdse_gzip_reads_the_same_and_a_cut_one_is_refused(ssdse):
    import gzip

    packed = gzip.compress(SSDSE.read_bytes())
    pd.testing.assert_frame_equal(municipal.read_ssdse_a(packed, "s.csv.gz"), ssdse)
    with pytest.raises(DataImportError, match="truncated"):
        municipal.read_ssdse_a(packed[:5000], "cut.csv.gz")


def test_default_files_are_the_bundled_ones_unless_the_environment_names_a_folder(tmp_path, monkeypatch, ssdse):
    monkeypatch.delenv(municipal.ENV_DIR, raising=False)
    files, origin = municipal.default_files()
    assert origin == "bundled"
    assert files == {"ssdse": municipal.BUNDLED_DIR / "ssdse_a_2025_original_cp932.csv.gz",
                     "ipss": municipal.BUNDLED_DIR / "ipss_municipal_projection_2023.csv.gz"}
    got, ipss = municipal.load_default()
    pd.testing.assert_frame_equal(got, ssdse)
    assert ipss is not None and ipss["code"].nunique() == 1728
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "SSDSE_A_2026.CSV").symlink_to(SSDSE)  # case-insensitive, one folder down
    monkeypatch.setenv(municipal.ENV_DIR, str(tmp_path))
    files, origin = municipal.default_files()
    assert origin == "folder" and files == {"ssdse": tmp_path / "sub" / "SSDSE_A_2026.CSV", "ipss": None}
    assert municipal.load_default()[1] is None  # the folder replaces the bundled files entirely
    monkeypatch.setenv(municipal.ENV_DIR, str(tmp_path / "empty"))
    with pytest.raises(DataImportError, match="no SSDSE-A file"):
        municipal.load_default()


@pytest.mark.parametrize("query", ["01210", "012106", "R01210", "岩見沢市", "北海道岩見沢市", "北海道 岩見沢市",
                                   " 岩見沢市 "])
def test_find_code_by_code_or_name(ssdse, query):
    assert municipal.find_code(ssdse, query) == "01210"


def test_find_code_ambiguous_name_lists_the_candidates(ssdse):
    with pytest.raises(ValueError) as exc:
        municipal.find_code(ssdse, "府中市")
    msg = str(exc.value)
    assert "2 municipalities" in msg and "東京都府中市 (13206)" in msg and "広島県府中市 (34208)" in msg
    assert municipal.find_code(ssdse, "広島県府中市") == "34208"


@pytest.mark.parametrize("query, expected", [("99999", "not in the SSDSE-A table"),
                                             ("岩見沢", "did you mean: 北海道岩見沢市 (01210)"),
                                             ("どこにもない市", "no municipality named"), ("  ", "empty")])
def test_find_code_unknown(ssdse, query, expected):
    with pytest.raises(ValueError, match=re.escape(expected)):
        municipal.find_code(ssdse, query)
