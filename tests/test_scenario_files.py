"""Scenario files: the built-in scenarios load; saving is canonical (save -> load -> save gives the same
bytes), writes only what differs from the registry defaults, never clobbers a file by accident and is
atomic; `Scenario.with_changes` validates; problems name their key path."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from sim.scenario import files
from sim.parameters import REGISTRY, Uncertainty
from sim.scenario import (MAX_DRAWS, SCHEMA_VERSION, Scenario, ScenarioError, dumps, from_dict, load_scenario, loads,
                          save_scenario, to_dict)

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = sorted((ROOT / "scenarios").glob("*.toml"))

MINIMAL = 'schema_version = 1\n\n[metadata]\nname = "最小"\n'

# a time-varying parameter and an uncertainty override
RICH = """\
schema_version = 1

[metadata]
name = "時系列と不確実性"
description = "複数行の\\n説明"
author = "test"
created = 2026-01-15
seed = 7
draws = 200

[municipality]
preset = "town_village_pop_5k_10k"
name = "テスト町"
population_path = "explicit"
population_series = { 2025 = 8000, 2030 = 7400, 2040 = 6100.5 }
elderly_series = { 2025 = 3100, 2040 = 3300 }
staff_admin = 70

[parameters.talent]
digital_hires = { 2025 = 10, 2030 = 20 }

[parameters.workforce]
hiring_policy = "smoothed"
exit_rate_multiplier = { 2030 = 1.2, 2025 = 1.0 }

[[levers]]
kind = "rpa_ai"
name = "AI・RPA"
hours_per_task = 120
enabled = false

[[levers]]
kind = "custom"
name = "独自施策"
work_group = "planning"
hours_saved = -500

[uncertainty."workforce.exit_rate_60plus"]
dist = "triangular"
low = 0.05
mode = 0.12
high = 0.2

[uncertainty."lever.rpa_ai.hours_per_task"]
dist = "truncnormal"
low = 30
mode = 100
high = 250
sd = 40
"""


def _strip(sc: Scenario) -> Scenario:
    return dataclasses.replace(sc, base_dir=None)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- built-in scenarios --------------------------------------------------------------------------

def test_there_are_builtin_scenarios():
    assert len(BUILTIN) >= 5, BUILTIN


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_builtin_scenario_loads(path):
    sc = load_scenario(path)
    assert sc.name.strip()
    assert sc.base_dir == str(path.parent)
    assert 1 <= sc.draws <= MAX_DRAWS


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_builtin_dumps_loads_dumps_is_identical(path):
    sc = load_scenario(path)
    text = dumps(sc)
    again = loads(text)
    assert dumps(again) == text
    assert _strip(again) == _strip(sc)


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_builtin_save_load_save_is_byte_identical(path, tmp_path):
    sc = load_scenario(path)
    first = save_scenario(sc, tmp_path / "first.toml")
    reloaded = load_scenario(first)
    second = save_scenario(reloaded, tmp_path / "second.toml")
    assert first.read_bytes() == second.read_bytes()
    assert _strip(reloaded) == _strip(sc)
    raw = first.read_bytes()
    assert raw.decode("utf-8")  # UTF-8, no BOM, LF line ends
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert _files(tmp_path) == ["first.toml", "second.toml"]


# --- canonical output ------------------------------------------------------------------------------

def test_rich_scenario_round_trips():
    sc = loads(RICH)
    assert sc.parameters["talent.digital_hires"] == {2025: 10, 2030: 20}
    assert list(sc.parameters["workforce.exit_rate_multiplier"]) == [2025, 2030]  # sorted by year
    assert sc.uncertainty["workforce.exit_rate_60plus"] == Uncertainty("triangular", 0.05, 0.2, mode=0.12,
                                                                      source="scenario")
    assert sc.uncertainty["lever.rpa_ai.hours_per_task"].sd == 40
    assert sc.municipality.population_series == {2025: 8000, 2030: 7400, 2040: 6100.5}
    assert sc.levers[0].enabled is False and sc.levers[0].fields == {"hours_per_task": 120}
    text = dumps(sc)
    again = loads(text)
    assert again == sc
    assert dumps(again) == text


def test_rich_scenario_save_load_save(tmp_path):
    sc = loads(RICH)
    a = save_scenario(sc, tmp_path / "a.toml")
    b = save_scenario(load_scenario(a), tmp_path / "b.toml")
    assert a.read_bytes() == b.read_bytes()
    assert _strip(load_scenario(b)) == sc


def test_time_series_keys_are_written_in_year_order():
    sc = loads(RICH)
    text = dumps(sc)
    assert text.index("2025 = 1.0") < text.index("2030 = 1.2")


def test_values_equal_to_the_default_are_not_written():
    text = MINIMAL + """
[parameters.workforce]
rehire_share = 0.8
exit_rate_multiplier = 1
hiring_policy = "replacement"

[parameters.budget]
discount_rate = 0.04

[[levers]]
kind = "frontyard"
ceiling = 0.6
kakanai_cut = 0.17
start_year = 2026
"""
    assert REGISTRY["workforce.rehire_share"].default == 0.8
    assert REGISTRY["lever.frontyard.ceiling"].default == 0.6
    sc = loads(text)
    out = dumps(sc)
    for key in ("rehire_share", "exit_rate_multiplier", "hiring_policy", "discount_rate", "ceiling",
                "kakanai_cut", "start_year", "[parameters"):
        assert key not in out, f"{key} equals its default and must not be written:\n{out}"
    assert loads(out).value("workforce.rehire_share") == 0.8


def test_with_changes_equal_to_default_is_not_written():
    sc = loads(MINIMAL).with_changes({"workforce.rehire_share": 0.8, "talent.digital_hires": 3})
    out = dumps(sc)
    assert "rehire_share" not in out
    assert "digital_hires = 3" in out


def test_municipality_value_equal_to_its_registry_default_is_not_written():
    # municipality.vacancies has a registry default (0); other municipality figures default to the preset
    assert REGISTRY["municipality.vacancies"].default == 0
    sc = loads(MINIMAL + '\n[municipality]\nvacancies = 0\nstaff_admin = 100\n')
    out = dumps(sc)
    assert "staff_admin = 100" in out
    assert "vacancies" not in out, out


def test_empty_app_version_round_trips():
    """metadata.app_version = "" (kept on load) must not make save -> load -> save differ."""
    sc = loads(MINIMAL + 'app_version = ""\n')
    text = dumps(sc)
    assert dumps(loads(text)) == text


def test_parameter_set_to_its_default_reloads_equal():
    """A parameter equal to its default is dropped on save; loading must not keep it either, or the
    saved-and-reloaded scenario differs from the one saved (e.g. an "unsaved changes" check)."""
    sc = loads(MINIMAL + "\n[parameters.talent]\ndigital_hires = 0\n")
    assert loads(dumps(sc)) == sc


def test_file_with_windows_line_ends_loads_and_saves_canonically(tmp_path):
    text = (ROOT / "scenarios" / "core_city.toml").read_text(encoding="utf-8")
    path = tmp_path / "crlf.toml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    sc = load_scenario(path)
    assert "\r" not in sc.description
    assert _strip(sc) == _strip(load_scenario(ROOT / "scenarios" / "core_city.toml"))
    out = save_scenario(sc, tmp_path / "out.toml")
    assert b"\r" not in out.read_bytes()


def test_to_dict_is_plain_data_and_has_the_schema_version():
    d = to_dict(loads(RICH))
    assert d["schema_version"] == SCHEMA_VERSION
    assert from_dict(d) == loads(RICH)


def test_from_dict_with_non_string_keys_is_a_scenario_error():
    """TOML keys are strings, but from_dict is public API: mixed key types must not crash sorting."""
    data = {"schema_version": 1, "metadata": {"name": "x"},
            "uncertainty": {"demand.hours_per_fte": {"dist": "uniform", "low": 1700, "high": 2000, 1: 2, "z": 3}}}
    with pytest.raises(ScenarioError) as info:
        from_dict(data)
    assert "uncertainty.demand.hours_per_fte.z" in str(info.value)
    assert "uncertainty.demand.hours_per_fte.1" in str(info.value)


@pytest.mark.parametrize("where, path", [
    ({"parameters": {"workforce": {"exit_rate_multiplier": "BIG"}}}, "parameters.workforce.exit_rate_multiplier"),
    ({"parameters": {"simulation": {"base_year": "BIG"}}}, "parameters.simulation.base_year"),
    ({"municipality": {"population_path": "explicit", "population_series": {"2025": "BIG"}}},
     "municipality.population_series.2025"),
    ({"uncertainty": {"demand.hours_per_fte": {"dist": "uniform", "low": 1700, "high": "BIG"}}},
     "uncertainty.demand.hours_per_fte.high"),
    ({"levers": [{"kind": "rpa_ai", "hours_per_task": "BIG"}]}, "levers[0].hours_per_task"),
])
@pytest.mark.parametrize("digits", [400, 5000])
def test_from_dict_with_huge_integers_is_a_scenario_error(where, path, digits):
    """Python ints have no size limit: beyond float range (400 digits) and beyond what str() will
    convert (over 4300 digits) they must still give a ScenarioError, never OverflowError/ValueError."""
    big = 10 ** digits

    def put(obj):
        if isinstance(obj, dict):
            return {k: big if v == "BIG" else put(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [put(v) for v in obj]
        return obj

    data = {"schema_version": 1, "metadata": {"name": "x"}, **put(where)}
    try:
        from_dict(data)
    except ScenarioError as err:
        assert path in [p for p, _ in err.problems], str(err)
        assert len(str(err)) < 2000, "the message should not print thousands of digits"
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{type(exc).__name__} escaped instead of ScenarioError: {exc}")
    else:
        pytest.fail("a huge integer was accepted")


def test_from_dict_does_not_mutate_its_input():
    d = to_dict(loads(RICH))
    snapshot = repr(d)
    from_dict(d)
    assert repr(d) == snapshot


# --- saving safely ---------------------------------------------------------------------------------

def test_save_refuses_to_overwrite_without_permission(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_bytes(b"my own precious bytes\n")
    with pytest.raises(FileExistsError):
        save_scenario(loads(MINIMAL), path)
    assert path.read_bytes() == b"my own precious bytes\n"
    assert _files(tmp_path) == ["mine.toml"]
    save_scenario(loads(MINIMAL), path, overwrite=True)
    assert load_scenario(path).name == "最小"
    assert _files(tmp_path) == ["mine.toml"]


def test_save_creates_missing_folders(tmp_path):
    path = save_scenario(loads(MINIMAL), tmp_path / "a" / "b" / "s.toml")
    assert load_scenario(path).name == "最小"


class _Boom(Exception):
    pass


class _Interrupt(BaseException):
    pass


@pytest.mark.parametrize("exc", [_Boom, OSError, _Interrupt])
def test_save_is_atomic_when_the_rename_fails(tmp_path, monkeypatch, exc):
    path = tmp_path / "scenario.toml"
    save_scenario(loads(MINIMAL), path)
    before = path.read_bytes()

    def fail(src, dst):
        raise exc("disk gone")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(exc):
        save_scenario(loads(RICH), path, overwrite=True)
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["scenario.toml"], "a temporary file was left behind"


def test_save_of_a_new_file_leaves_nothing_when_the_link_fails(tmp_path, monkeypatch):
    """A new file is given its name by os.link of the temporary file (exclusive); a failure there
    leaves neither the name nor the temporary file."""
    def fail(src, dst):
        raise _Boom("no")

    monkeypatch.setattr(files.os, "link", fail)
    with pytest.raises(_Boom):
        save_scenario(loads(RICH), tmp_path / "new.toml")
    assert _files(tmp_path) == []


def test_save_leaves_nothing_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "scenario.toml"
    save_scenario(loads(MINIMAL), path)
    before = path.read_bytes()

    def fail(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(OSError):
        save_scenario(loads(RICH), path, overwrite=True)
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["scenario.toml"]


def test_save_uses_os_link_for_a_new_file_and_os_replace_to_overwrite(tmp_path, monkeypatch):
    """The atomic-write tests patch `sim.scenario.files.os.replace` / `os.link`; make sure that is what save uses."""
    calls = []
    real_link, real_replace = os.link, os.replace

    def spy(name, real):
        def call(src, dst):
            calls.append((name, Path(src).parent, Path(dst)))
            real(src, dst)
        return call

    monkeypatch.setattr(files.os, "link", spy("link", real_link))
    monkeypatch.setattr(files.os, "replace", spy("replace", real_replace))
    path = save_scenario(loads(MINIMAL), tmp_path / "s.toml")
    save_scenario(loads(RICH), path, overwrite=True)
    assert calls == [("link", tmp_path, path), ("replace", tmp_path, path)]
    assert _files(tmp_path) == ["s.toml"]


# --- with_changes -------------------------------------------------------------------------------

def test_with_changes_returns_a_validated_copy():
    sc = load_scenario(ROOT / "scenarios" / "standard_dx.toml")
    before = dumps(sc)
    new = sc.with_changes({"workforce.exit_rate_multiplier": 1.5, "municipality.staff_admin": 250,
                              "recruitment.competition_ratio": {"2025": 5.2, "2035": 3.0}})
    assert new is not sc
    assert new.value("workforce.exit_rate_multiplier") == 1.5
    assert new.municipality.values["municipality.staff_admin"] == 250
    assert new.parameters["recruitment.competition_ratio"] == {2025: 5.2, 2035: 3.0}
    assert new.levers == sc.levers and new.name == sc.name and new.base_dir == sc.base_dir
    assert dumps(sc) == before, "the original scenario changed"
    assert loads(dumps(new)) == _strip(new)


@pytest.mark.parametrize("changes, path, words", [
    ({"workforce.exit_rate_multiplier": 5}, "parameters.workforce.exit_rate_multiplier", "above the maximum 3"),
    ({"workforce.exit_rate_multiplier": float("nan")}, "parameters.workforce.exit_rate_multiplier", "finite"),
    ({"workforce.hiring_policy": "lottery"}, "parameters.workforce.hiring_policy", "is not one of"),
    ({"workforce.rehire_share": {2025: 0.5}}, "parameters.workforce.rehire_share", "cannot vary by year"),
    ({"municipality.staff_admin": -1}, "municipality.staff_admin", "below the minimum 0"),
    ({"municipality.staff_admin": "many"}, "municipality.staff_admin", "expected a number"),
    ({"workforce.no_such": 1}, "parameters.workforce.no_such", "unknown parameter"),
    ({"lever.rpa_ai.hours_per_task": 90}, "lever.rpa_ai.hours_per_task", "the scenario has no 'rpa_ai' lever"),
    ({"lever.rpa_ai": 90}, "parameters.lever.rpa_ai", "unknown"),
    ({"simulation.end_year": 2030, "simulation.target_year": 2045}, "parameters.simulation.target_year",
     "outside the horizon 2025–2030"),
])
def test_with_changes_rejects_bad_values(changes, path, words):
    sc = loads(MINIMAL)
    with pytest.raises(ScenarioError) as info:
        sc.with_changes(changes)
    assert f"{path}: " in str(info.value) and words in str(info.value), str(info.value)


def test_with_changes_edits_levers_and_the_lever_methods_validate():
    """One override API (issue 11): registry keys, municipality keys and lever.<kind>.<field> in one
    validated call; lever add / change / remove methods validated like a file."""
    sc = load_scenario(ROOT / "scenarios" / "standard_dx.toml")
    kinds = [lev.kind for lev in sc.levers]
    new = sc.with_changes({"lever.rpa_ai.hours_per_task": 90, "workforce.exit_rate_multiplier": 1.2,
                           "municipality.vacancies": 3})
    assert [lev.value("hours_per_task") for lev in new.levers if lev.kind == "rpa_ai"] == [90] * kinds.count("rpa_ai")
    assert new.value("workforce.exit_rate_multiplier") == 1.2 and new.municipality.values["municipality.vacancies"] == 3
    with pytest.raises(ScenarioError, match="hours_per_task"):
        sc.with_changes({"lever.rpa_ai.hours_per_task": -5, "workforce.exit_rate_multiplier": 1.2})
    added = sc.with_lever_added("custom", name="窓口AI", hours_saved=1000)
    assert added.levers[-1].kind == "custom" and added.levers[-1].value("hours_saved") == 1000
    assert sc.with_lever_changed(0, enabled=False).levers[0].enabled is False
    assert [lev.kind for lev in sc.with_lever_removed(0).levers] == kinds[1:]
    with pytest.raises(ScenarioError, match="not a lever kind"):
        sc.with_lever_added("teleport")
    with pytest.raises(ScenarioError):
        sc.with_lever_changed(0, ceiling=2.0)
    one = sc.with_changes({"levers[1].ceiling": 0.25})  # the i-th lever alone (the Monte-Carlo names)
    assert one.levers[1].value("ceiling") == 0.25 and one.levers[0] == sc.levers[0]
    with pytest.raises(ScenarioError, match="no lever number 99"):
        sc.with_changes({"levers[99].ceiling": 0.25})
    town = sc.with_municipality({"preset": "town_village_pop_lt_5k", "name": "テスト村"})
    assert town.municipality.preset == "town_village_pop_lt_5k" and town.municipality.values == {}
    changed = sc.with_changes({"workforce.exit_rate_multiplier": 1.2, "budget.discount_rate": 0.02})
    assert changed.with_reset("workforce").parameters.keys() == {"budget.discount_rate"} | (
        sc.parameters.keys() - {k for k in sc.parameters if k.startswith("workforce.")})
    assert changed.with_reset().parameters == {}


def test_with_changes_accepts_a_series_keyed_by_int_years():
    """Scenario.parameters holds series as {int year: value} (the `Value` type); with_changes must take
    that same shape back, e.g. `sc.with_changes({k: sc.parameters[k]})`."""
    sc = loads(RICH)
    same = sc.with_changes({"talent.digital_hires": sc.parameters["talent.digital_hires"]})
    assert same == sc
    new = sc.with_changes({"recruitment.competition_ratio": {2025: 5.2, 2035: 3.0}})
    assert new.parameters["recruitment.competition_ratio"] == {2025: 5.2, 2035: 3.0}


def test_with_changes_key_without_group_names_it_plainly():
    with pytest.raises(ScenarioError) as info:
        loads(MINIMAL).with_changes({"nodot": 1})
    msg = str(info.value)
    assert "nodot" in msg
    assert "parameters..nodot" not in msg, f"misleading key path: {msg}"


# --- unknown keys name their key path ---------------------------------------------------------------

@pytest.mark.parametrize("snippet, path", [
    ('colour = "blue"\n' + MINIMAL, "colour"),
    (MINIMAL + 'colour = "blue"\n', "metadata.colour"),
    (MINIMAL + '\n[municipality]\ncolour = "blue"\n', "municipality.colour"),
    (MINIMAL + '\n[parameters.workforce]\ncolour = 1\n', "parameters.workforce.colour"),
    (MINIMAL + '\n[parameters.colour]\nshade = 1\n', "parameters.colour.shade"),
    (MINIMAL + '\n[parameters]\ncolour = 1\n', "parameters.colour"),
    (MINIMAL + '\n[[levers]]\nkind = "genai"\n\n[[levers]]\nkind = "genai"\ncolour = 1\n', "levers[1].colour"),
    (MINIMAL + '\n[uncertainty."demand.hours_per_fte"]\ndist = "uniform"\nlow = 1700\nhigh = 2000\ncolour = 1\n',
     "uncertainty.demand.hours_per_fte.colour"),
    (MINIMAL + '\n[uncertainty."no.such"]\ndist = "uniform"\nlow = 1\nhigh = 2\n', "uncertainty.no.such"),
    (MINIMAL + '\n[uncertainty."workforce.hiring_policy"]\ndist = "uniform"\nlow = 1\nhigh = 2\n',
     "uncertainty.workforce.hiring_policy"),
])
def test_unknown_keys_name_their_path(snippet, path):
    with pytest.raises(ScenarioError) as info:
        loads(snippet)
    err = info.value
    assert path in [p for p, _ in err.problems], err.problems
    assert f"  - {path}: " in str(err)
    assert len(err.problems) == 1, str(err)


def test_error_names_the_source_and_counts_problems():
    with pytest.raises(ScenarioError) as info:
        loads(MINIMAL + "draws = 0\nseed = -1\n", source="my.toml")
    assert str(info.value).startswith("my.toml: 2 problem(s) in scenario")
    assert info.value.source == "my.toml"
