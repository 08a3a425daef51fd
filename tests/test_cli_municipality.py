"""`python -m sim run|compare --municipality CODE|NAME`: a real municipality from the bundled SSDSE-A / IPSS
files (or DXSIM_DATA_DIR), in-process through main([...]) and as a subprocess."""

from __future__ import annotations

import os
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import municipal
from sim.cli import main
from sim.engine import run
from sim.scenario import load_scenario
from tests.shared_data import SSDSE, require

ROOT = Path(__file__).resolve().parents[1]
STD = "scenarios/standard_dx.toml"
QUO = "scenarios/status_quo.toml"


@pytest.fixture(autouse=True)
def _bundled(monkeypatch):
    """The bundled files, never a folder from the environment."""
    monkeypatch.delenv(municipal.ENV_DIR, raising=False)


def call(capsys, *args: str) -> tuple[int, str, str]:
    """The command in English (--lang en), its --out as JSON (the KPIs at full precision)."""
    args = list(args) + ["--lang", "en"] + (["--format", "json"] if args[0] == "run" and "--out" in args else [])
    code = main(args)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def kpis(out_dir: Path) -> pd.Series:
    return pd.DataFrame(json.loads((out_dir / "results.json").read_text(encoding="utf-8"))["kpis"]).set_index("key")["value"]


def test_run_with_a_code_equals_the_scenario_with_that_profile(tmp_path, capsys):
    code, out, err = call(capsys, "run", STD, "--municipality", "01210", "--out", str(tmp_path / "a"))
    assert code == 0, err
    assert "Municipality: 北海道 岩見沢市 (01210)" in out and "IPSS 2023 projection" in out
    assert municipal.SSDSE_CREDIT in out and municipal.IPSS_CREDIT in out
    # the same KPIs as the scenario with the profile built from the bundled files by hand
    sc = load_scenario(STD)
    ssdse = municipal.read_ssdse_a(municipal.BUNDLED_DIR / "ssdse_a_2025_original_cp932.csv.gz")
    ipss = municipal.read_ipss(municipal.BUNDLED_DIR / "ipss_municipal_projection_2023.csv.gz")
    expected = run(municipal.with_profile(sc, municipal.profile("01210", ssdse, ipss))).kpis.set_index("key")["value"]
    got = kpis(tmp_path / "a")
    pd.testing.assert_series_equal(got, expected.loc[got.index], check_names=False)
    # and not the scenario's own (size-class) municipality
    assert call(capsys, "run", STD, "--out", str(tmp_path / "b"))[0] == 0
    assert not kpis(tmp_path / "b").equals(got)


@pytest.mark.parametrize("query", ["岩見沢市", "北海道岩見沢市", "北海道 岩見沢市", "012106"])
def test_run_with_a_name_finds_the_same_town(tmp_path, capsys, query):
    assert call(capsys, "run", STD, "--municipality", "01210", "--out", str(tmp_path / "code"))[0] == 0
    code, out, err = call(capsys, "run", STD, "--municipality", query, "--out", str(tmp_path / "name"))
    assert code == 0, err
    assert "(01210)" in out
    pd.testing.assert_series_equal(kpis(tmp_path / "name"), kpis(tmp_path / "code"))


def test_ambiguous_name_is_exit_1_listing_the_candidates(capsys):
    code, out, err = call(capsys, "run", STD, "--municipality", "府中市")
    assert code == 1 and out == ""
    assert "--municipality 府中市" in err and "東京都府中市 (13206)" in err and "広島県府中市 (34208)" in err


@pytest.mark.parametrize("query, message", [("99999", "not in the SSDSE-A table"),
                                            ("岩見沢", "did you mean: 北海道岩見沢市 (01210)"),
                                            ("双葉町", "no residents in the 2020 census")])
def test_unknown_or_empty_town_is_exit_1(capsys, query, message):
    code, _, err = call(capsys, "run", STD, "--municipality", query)
    assert code == 1 and message in err and "Traceback" not in err


def test_town_without_projection_uses_the_size_class_path_and_says_so(capsys):
    code, out, err = call(capsys, "run", STD, "--municipality", "浪江町")
    assert code == 0, err
    assert "size-class path" in out and "note: IPSS gives no projection" in out
    assert municipal.IPSS_CREDIT not in out


def test_set_applies_after_the_municipality(tmp_path, capsys):
    args = ["run", STD, "--municipality", "01210", "--set", "municipality.staff_admin=999", "--out"]
    assert call(capsys, *args, str(tmp_path / "a"))[0] == 0
    assert call(capsys, "run", STD, "--municipality", "01210", "--out", str(tmp_path / "b"))[0] == 0
    assert not kpis(tmp_path / "a").equals(kpis(tmp_path / "b"))


def test_compare_with_a_municipality(capsys):
    code, out, err = call(capsys, "compare", STD, QUO, "--municipality", "岩見沢市", "--lang", "en")
    assert code == 0, err
    assert "Municipality: 北海道 岩見沢市 (01210)" in out and municipal.SSDSE_CREDIT in out
    plain = call(capsys, "compare", STD, QUO, "--lang", "en")[1]
    assert out.splitlines()[-5:] != plain.splitlines()[-5:]


def test_data_dir_from_the_environment_replaces_the_bundled_files(tmp_path, capsys, monkeypatch):
    require()
    (tmp_path / SSDSE.name).symlink_to(SSDSE)  # no projection file in that folder
    monkeypatch.setenv(municipal.ENV_DIR, str(tmp_path))
    code, out, err = call(capsys, "run", STD, "--municipality", "01210")
    assert code == 0, err
    assert "size-class path" in out  # the bundled IPSS file was not used
    monkeypatch.setenv(municipal.ENV_DIR, str(tmp_path / "nothing"))
    code, _, err = call(capsys, "run", STD, "--municipality", "01210")
    assert code == 1 and "no SSDSE-A file" in err


def _sim(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, env=env)


def test_subprocess_on_a_fresh_environment():
    env = {k: v for k, v in os.environ.items() if k != municipal.ENV_DIR}
    ok = _sim("run", STD, "--municipality", "01210", "--lang", "en", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "北海道 岩見沢市 (01210)" in ok.stdout and "Staff gap in the target year" in ok.stdout
    ambiguous = _sim("run", STD, "--municipality", "府中市", env=env)
    assert ambiguous.returncode == 1 and "東京都府中市 (13206)" in ambiguous.stderr
    assert "Traceback" not in ambiguous.stderr
    both = _sim("compare", STD, QUO, "--municipality", "北海道岩見沢市", env=env)
    assert both.returncode == 0, both.stderr
    assert "（01210）" in both.stdout and "自治体：北海道 岩見沢市" in both.stdout  # Japanese by default
