"""Every built-in scenario loads, runs and matches its stored KPIs (tests/golden/*.json)."""

import json
import math
from pathlib import Path

import pytest

from tests.golden.update import ROOT, golden

SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
GOLDEN = Path(__file__).parent / "golden"


def test_every_scenario_has_a_golden_file_and_back():
    assert {p.stem for p in SCENARIOS} == {p.stem for p in GOLDEN.glob("*.json")}
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_kpis_match_golden(path):
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    actual = golden(path)
    assert actual.keys() == expected.keys()
    for key, want in expected.items():
        got = actual[key]
        if want is None:
            assert got is None, key
        else:
            assert got is not None and math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6), (key, got, want)
