"""Every source tag is true: a sourced default is what its source says (data/source_values.csv).

The rule (also in data/SOURCES.md, "source_values.csv"):
- every parameter whose source is not `assumption` has a `default` row with that source id (one per
  preset when the default comes from presets.csv), every sourced distribution an `uncertainty` row;
  rows for anything tagged otherwise are stale;
- a numeric default equals the recorded value to within half the parameter's step, or lies in the
  recorded low–high range; a choice equals the recorded value;
- a sourced distribution's low and high equal the recorded range (same tolerance), its mode lies inside;
- units agree, no figure is `unverified (from memory)`, and a named dataset row holds the same figure.
"""

from __future__ import annotations

import csv
import math
from dataclasses import replace

import pandas as pd
import pytest

from sim import data
from sim.parameters import REGISTRY, Param, Uncertainty
from tests.shared_data import SHARED

TABLE = data.DATA_DIR / "source_values.csv"
UNVERIFIED = "unverified (from memory)"
VERIFICATION = {"verified", "verified_secondary", "verified_rounded_10k", "verified_derived", "derived_from_real_data",
                "verified_secondary_approx"}


def _rows() -> list[dict]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def _close(x: float, recorded: float, p: Param) -> bool:
    return abs(float(x) - recorded) <= (p.step or 0) / 2 + 1e-9 * max(1.0, abs(recorded))


def _agrees(x, row: dict, p: Param) -> bool:
    """The default rule: equal to the figure (within half a step) or inside the source's range."""
    if not p.numeric:
        return x == row["value"]
    value, low, high = _num(row["value"]), _num(row["low"]), _num(row["high"])
    if value is not None and _close(x, value, p):
        return True
    return low is not None and high is not None and low - 1e-9 <= float(x) <= high + 1e-9


def problems(registry: dict[str, Param], rows: list[dict], presets: pd.DataFrame, ids: frozenset[str]) -> list[str]:
    """Every disagreement between the registry's source tags and the recorded figures."""
    out: list[str] = []
    seen: dict[tuple[str, str], list[dict]] = {}
    for i, row in enumerate(rows, start=2):
        where = f"source_values.csv line {i} ({row['key']}, {row['field']})"
        p = registry.get(row["key"])
        if p is None:
            out.append(f"{where}: no such parameter")
            continue
        if row["field"] not in ("default", "uncertainty"):
            out.append(f"{where}: field must be default or uncertainty")
            continue
        tagged = p.source if row["field"] == "default" else (p.uncertainty.source if p.uncertainty else "assumption")
        if row["source_ids"] != tagged:
            out.append(f"{where}: recorded for {row['source_ids']}, but the registry tags it {tagged} (stale row?)")
        if row["source_ids"] not in ids or row["source_ids"] == "assumption":
            out.append(f"{where}: {row['source_ids']} is not a source id of data/SOURCES.md")
        if row["unit"] != p.unit:
            out.append(f"{where}: unit {row['unit']}, the parameter is in {p.unit}")
        if row["verification"] == UNVERIFIED or row["verification"] not in VERIFICATION:
            out.append(f"{where}: verification {row['verification']!r} cannot back a sourced default")
        if not row["value"].strip() and not (row["low"].strip() and row["high"].strip()):
            out.append(f"{where}: neither a value nor a low–high range")
        if row["low"].strip() and row["high"].strip() and float(row["low"]) > float(row["high"]):
            out.append(f"{where}: low > high")
        seen.setdefault((row["key"], row["field"]), []).append(row)

    for key, p in registry.items():
        if p.source != "assumption":
            got = seen.get((key, "default"), [])
            if not got:
                out.append(f"{key}: tagged {p.source} but source_values.csv records no figure for it")
            elif p.preset_field:
                by_preset = {r["preset"]: r for r in got}
                for preset, value in presets[p.preset_field].items():
                    row = by_preset.get(preset)
                    if row is None:
                        out.append(f"{key}: no recorded {p.source} figure for preset {preset}")
                    elif not _agrees(value, row, p):
                        out.append(f"{key} [{preset}]: preset value {value} is not what {p.source} says "
                                   f"({row['value'] or row['low'] + '–' + row['high']})")
            elif len(got) != 1 or got[0]["preset"]:
                out.append(f"{key}: expected one default row without a preset, found {len(got)}")
            elif not _agrees(p.default, got[0], p):
                r = got[0]
                out.append(f"{key}: default {p.default} is not what {p.source} says "
                           f"({r['value'] or r['low'] + '–' + r['high']}); fix it or tag it assumption")
        u = p.uncertainty
        if u is not None and u.source != "assumption":
            got = seen.get((key, "uncertainty"), [])
            if len(got) != 1:
                out.append(f"{key}: distribution tagged {u.source} needs one uncertainty row, found {len(got)}")
            else:
                low, high = _num(got[0]["low"]), _num(got[0]["high"])
                if low is None or high is None or not (_close(u.low, low, p) and _close(u.high, high, p)):
                    out.append(f"{key}: distribution {u.low}–{u.high} is not the range {u.source} gives "
                               f"({got[0]['low']}–{got[0]['high']})")
                elif u.mode is not None and not low <= u.mode <= high:
                    out.append(f"{key}: mode {u.mode} outside the source's range")
        if p.context:
            if p.source != "assumption":
                out.append(f"{key}: context is for assumptions")
            for cid in p.context_ids():
                if cid not in ids or cid == "assumption":
                    out.append(f"{key}: context id {cid} is not a source id of data/SOURCES.md")
    return out


def test_every_source_tag_is_true():
    found = problems(REGISTRY, _rows(), data.presets(), data.source_ids())
    assert not found, "\n".join(found)


def test_the_check_catches_a_drifted_tag():
    """The check can fail: the old cloud multiplier (1.5 tagged S34, which says 2.3 on average and 5.7 at
    most), a default moved off its figure, a stale row, and an unverified figure are all reported."""
    rows, presets, ids = _rows(), data.presets(), data.source_ids()
    reg = dict(REGISTRY)
    cloud = "lever.standardisation.cloud_cost_multiplier"
    reg[cloud] = replace(REGISTRY[cloud], source="S34", context="",
                         uncertainty=Uncertainty("triangular", 0.7, 2.3, mode=1.5, source="S34"))
    s34 = dict(rows[0], key=cloud, field="default", source_ids="S34", preset="", value="2.3", low="", high="",
               unit="multiplier", verification="verified_secondary", dataset="")
    found = problems(reg, rows + [s34], presets, ids)
    assert any(f.startswith(f"{cloud}: default 1.5 is not what S34 says") for f in found), found
    assert any(f.startswith(f"{cloud}: distribution tagged S34 needs one uncertainty row") for f in found), found

    reg = dict(REGISTRY)
    reg["budget.discount_rate"] = replace(REGISTRY["budget.discount_rate"], default=0.035)
    assert any(f.startswith("budget.discount_rate: default 0.035") for f in problems(reg, rows, presets, ids))

    reg = dict(REGISTRY)
    reg["budget.discount_rate"] = replace(REGISTRY["budget.discount_rate"], source="assumption")
    assert any("stale row" in f for f in problems(reg, rows, presets, ids))

    bad = [dict(r, verification=UNVERIFIED) if r["key"] == "budget.discount_rate" else r for r in rows]
    assert any("cannot back a sourced default" in f for f in problems(REGISTRY, bad, presets, ids))

    moved = presets.copy()
    moved.iloc[0, moved.columns.get_loc("population")] += 1000
    assert any(f.startswith("municipality.population [") for f in problems(REGISTRY, rows, moved, ids))


def test_dataset_rows_hold_the_recorded_figure():
    """A row that names a bundled dataset row agrees with it, and that row is not from memory."""
    named = [r for r in _rows() if r["dataset"]]
    assert named
    for r in named:
        path, indicator = r["dataset"].split("#")
        table = pd.read_csv(data.DATA_DIR / path)
        match = table[table["indicator_key"] == indicator]
        assert len(match) == 1, r["dataset"]
        assert float(match["value"].iloc[0]) == pytest.approx(float(r["value"])), r["dataset"]
        assert match["verification"].iloc[0] == r["verification"] != UNVERIFIED, r["dataset"]


def test_d01_figures_are_the_shared_aggregate():
    """The D01 rows are read from the reference aggregate itself, not from presets.csv."""
    shared = SHARED / "municipal" / "municipal_staff_density_by_size.csv"
    if not shared.exists():
        pytest.fail(f"shared data missing: {shared}", pytrace=False)
    d01 = pd.read_csv(shared).set_index("group_key")
    rows = [r for r in _rows() if r["source_ids"] == "D01"]
    assert {r["key"] for r in rows} == {"municipality.population", "municipality.share_65plus"}
    for r in rows:
        g = d01.loc[r["preset"]]
        if r["key"] == "municipality.population":
            assert float(r["value"]) == g["median_population_2020"], r["preset"]
        else:
            assert math.isclose(float(r["value"]), g["share_65plus_2020_pct_weighted"] / 100), r["preset"]


@pytest.mark.parametrize("key,context", [
    ("lever.standardisation.cloud_cost_multiplier", ("S33", "S34")),
    ("budget.optimism_bias", ("R29",)),
    ("municipality.staff_digital", ("S24", "S26")),
    ("lever.genai.hours_per_user", ("R21",)),
])
def test_known_wrong_tags_are_assumptions_with_their_context(key, context):
    p = REGISTRY[key]
    assert p.source == "assumption" and p.context_ids() == context
    assert p.uncertainty is None or p.uncertainty.source == "assumption"
    assert p.source_text("ja") == f"仮定（参考：{'、'.join(context)}）"
    assert p.source_text("en") == f"assumption (context: {', '.join(context)})"


def test_standardisation_capex_is_the_fund_per_resident():
    # (1,825億円 + 5,163億円) / 126,146,099 residents = ¥5,540 -> ¥5,500 at the ¥100 step
    assert REGISTRY["lever.standardisation.capex_per_resident"].default == 5_500
