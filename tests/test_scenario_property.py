"""Property tests (hypothesis) of scenario reading and writing.

(a) random scenario dicts — valid pieces from the registry mixed with wrong types, out-of-range values,
    NaN/inf, huge integers, bad time series, unknown keys, random lever kinds and fields, random
    values (strings, ints, floats, booleans, dates, times, lists, tables) at any level — and valid
    scenarios with a few corruptions deep inside make `from_dict` return a Scenario or raise
    ScenarioError, nothing else; so does `Scenario.with_changes` with random changes;
(b) random text and bytes, TOML written from such dicts, and mutations of the built-in scenario files
    (characters deleted, duplicated, replaced, inserted; lines swapped; re-encoded) make `loads`
    return a Scenario or raise ScenarioError;
(c) for random VALID scenarios generated from the registry, dumps -> loads -> dumps is identical and
    the reloaded Scenario has the same content.

Example counts: every test runs at least 500 examples in a normal run (about 50 s for the module).
Set the environment variable DXSIM_FUZZ_EXAMPLES to run that many examples per test instead, e.g.

    DXSIM_FUZZ_EXAMPLES=20000 python -m pytest tests/test_scenario_property.py -q

Failing examples are kept in .hypothesis/ (git-ignored) and replayed first on the next run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import traceback
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from sim.parameters import DISTRIBUTIONS, LEVER_KINDS, REGISTRY, lever_fields, municipality_params, scenario_params
from sim.scenario import (MAX_DRAWS, POPULATION_PATHS, Scenario, ScenarioError, dumps, from_dict, loads)

ROOT = Path(__file__).resolve().parents[1]
BUILTIN_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").glob("*.toml"))]
PRESETS = ("designated_city", "special_ward", "city_pop_ge_200k_non_designated", "city_pop_150k_200k",
           "city_pop_100k_150k", "city_pop_50k_100k", "city_pop_lt_50k", "town_village_pop_ge_20k",
           "town_village_pop_15k_20k", "town_village_pop_10k_15k", "town_village_pop_5k_10k",
           "town_village_pop_lt_5k")

_ENV = int(os.environ.get("DXSIM_FUZZ_EXAMPLES", "0") or 0)


def examples(default: int) -> int:
    return _ENV or default


FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                  HealthCheck.filter_too_much])

SCENARIO_PARAMS = scenario_params()
MUNI_PARAMS = municipality_params()
NUMERIC_KEYS = sorted(k for k, p in REGISTRY.items() if p.numeric)
SAMPLABLE_KEYS = sorted(k for k, p in REGISTRY.items() if p.samplable)


def check_outcome(fn, *args, **kwargs):
    """Call fn; a Scenario or a ScenarioError is fine, anything else fails with the traceback."""
    try:
        out = fn(*args, **kwargs)
    except ScenarioError as err:
        event(f"ScenarioError with {min(len(err.problems), 3)}{'+' if len(err.problems) >= 3 else ''} problem(s)")
        assert err.problems, "a ScenarioError without problems"
        assert all(isinstance(m, str) and m for _, m in err.problems)
        str(err)  # the message can be built
        return None
    except Exception as exc:  # noqa: BLE001 - exactly what these tests look for
        pytest.fail(f"{type(exc).__name__} escaped instead of ScenarioError: {exc!r}\n"
                    + "".join(traceback.format_exception(exc)), pytrace=False)
    assert isinstance(out, Scenario)
    event("loaded: a Scenario")
    return out


# --- (a) random scenario dicts ----------------------------------------------------------------------

INTERESTING_STRINGS = st.sampled_from(
    ["", " ", "\n", "2025", "²⁰²⁵", "２０２５", "FY2030", "nan", "inf", "1e9", "true", "a.b", ".", "..",
     "\x00", "city_pop_50k_100k", "explicit", "national", "triangular", "lognormal", "rpa_ai", "custom",
     "linear", "logistic", "smoothed", "on", "off", "backoffice", "日本語", "kind", "name", "enabled"])

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**31), max_value=2**31),
    st.integers(),  # any size, also beyond float range
    st.sampled_from([0, 1, -1, 2**63, -(2**63), 10**400, -(10**400)]),  # beyond float range
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e-320, 1.7e308]),
    st.text(max_size=12),
    INTERESTING_STRINGS,
    st.dates(), st.datetimes(), st.times(),
    st.none(),
)

junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), INTERESTING_STRINGS), inner, max_size=3),
        # keys that TOML never produces, but a caller of from_dict may (e.g. with_changes' int years)
        st.dictionaries(st.one_of(st.integers(1990, 2080), st.text(max_size=4)), inner, max_size=3),
    ),
    max_leaves=8,
)

year_keys = st.one_of(
    st.integers(2015, 2075).map(str),
    st.sampled_from(["FY2030", "²⁰²⁵", "２０３０", "0000", "20250", "99", "", "2025.0", "-2025"]),
    st.text(max_size=5),
)


def number_for(p) -> st.SearchStrategy:
    """In-range, boundary and out-of-range numbers for a numeric parameter."""
    lo = p.min if p.min is not None else -1e6
    hi = p.max if p.max is not None else 1e6
    span = (hi - lo) or 1.0
    inside = st.floats(lo, hi, allow_nan=False)
    if p.integer:
        inside = st.one_of(st.integers(math.ceil(lo), math.floor(hi)), inside)
    return st.one_of(
        inside,
        st.sampled_from([lo, hi, lo - span * 1e-9, hi + span * 1e-9, lo - 1, hi + 1, float(lo), float(hi)]),
        st.floats(lo - 2 * span, hi + 2 * span, allow_nan=False),
    )


def value_for(p) -> st.SearchStrategy:
    if p.unit == "choice":
        good = st.sampled_from(p.choices)
    else:
        good = number_for(p)
    series = st.dictionaries(year_keys, st.one_of(good, scalars), max_size=4)
    return st.one_of(good, good, series, scalars, junk)


def _nest(dotted: dict) -> dict:
    """{"a.b.c": v} -> {"a": {"b": {"c": v}}}, keeping the first value where paths collide."""
    out: dict = {}
    for key, val in dotted.items():
        parts = key.split(".")
        node = out
        ok = True
        for part in parts[:-1]:
            nxt = node.setdefault(part, {})
            if not isinstance(nxt, dict):
                ok = False
                break
            node = nxt
        if ok and parts[-1] not in node:
            node[parts[-1]] = val
    return out


@st.composite
def parameters_table(draw):
    keys = draw(st.lists(st.sampled_from(sorted(SCENARIO_PARAMS) + ["lever.rpa_ai.hours_per_task",
                                                                  "municipality.staff_admin",
                                                                  "workforce.nope", "nope"]),
                         max_size=6, unique=True))
    dotted = {k: draw(value_for(REGISTRY[k]) if k in REGISTRY else junk) for k in keys}
    style = draw(st.sampled_from(["nested", "dotted", "mixed"]))
    if style == "nested":
        table = _nest(dotted)
    elif style == "dotted":
        table = dict(dotted)
    else:
        table = _nest(dict(list(dotted.items())[::2]))
        table.update(dict(list(dotted.items())[1::2]))
    if draw(st.booleans()):
        table[draw(st.text(max_size=8))] = draw(junk)
    return table


@st.composite
def lever_item(draw):
    kind = draw(st.one_of(st.sampled_from(sorted(LEVER_KINDS)), st.sampled_from(sorted(LEVER_KINDS)), scalars, junk))
    item: dict = {}
    if draw(st.integers(0, 9)):
        item["kind"] = kind
    if draw(st.booleans()):
        item["name"] = draw(st.one_of(st.text(max_size=10), scalars))
    if draw(st.integers(0, 3)) == 0:
        item["enabled"] = draw(st.one_of(st.booleans(), scalars))
    specs = lever_fields(kind) if isinstance(kind, str) and kind in LEVER_KINDS else {}
    for name in draw(st.lists(st.sampled_from(sorted(specs) or ["x"]), max_size=5, unique=True)):
        item[name] = draw(value_for(specs[name]) if name in specs else junk)
    if draw(st.integers(0, 4)) == 0:
        item[draw(st.text(max_size=8))] = draw(junk)
    return item


@st.composite
def uncertainty_table(draw):
    out = {}
    for key in draw(st.lists(st.one_of(st.sampled_from(NUMERIC_KEYS), st.sampled_from(sorted(REGISTRY)),
                                       st.text(max_size=10)), max_size=3, unique=True)):
        if draw(st.integers(0, 5)) == 0:
            out[key] = draw(junk)
            continue
        p = REGISTRY.get(key)
        num = number_for(p) if p is not None and p.numeric else st.floats(allow_nan=True)
        spec = {}
        for k in ("dist", "low", "mode", "high", "sd"):
            if draw(st.integers(0, 4)):
                if k == "dist":
                    spec[k] = draw(st.one_of(st.sampled_from(DISTRIBUTIONS), scalars))
                elif k == "sd":
                    spec[k] = draw(st.one_of(st.floats(-1, 100), scalars))
                else:
                    spec[k] = draw(st.one_of(num, num, scalars))
        if draw(st.integers(0, 5)) == 0:
            spec[draw(st.text(max_size=6))] = draw(junk)
        out[key] = spec
    return out


@st.composite
def municipality_table(draw):
    t: dict = {}
    if draw(st.booleans()):
        t["preset"] = draw(st.one_of(st.sampled_from(PRESETS), scalars))
    if draw(st.integers(0, 3)) == 0:
        t["name"] = draw(st.one_of(st.text(max_size=10), scalars))
    if draw(st.integers(0, 2)) == 0:
        t["population_path"] = draw(st.one_of(st.sampled_from(POPULATION_PATHS), scalars))
    for key in ("population_series", "elderly_series"):
        if draw(st.integers(0, 3)) == 0:
            t[key] = draw(st.one_of(
                st.dictionaries(year_keys, st.one_of(st.floats(-10, 1e7), st.integers(-10, 10**7), scalars),
                                max_size=4),
                junk))
    if draw(st.integers(0, 6)) == 0:
        t["age_profile_csv"] = draw(st.one_of(
            st.sampled_from(["no_such.csv", "", ".", "tests/fixtures/broken/age_profile_ok.csv",
                             "tests/fixtures/broken/age_profile_bad_rows.csv", "profile\x00.csv", "x" * 300]),
            st.text(max_size=8), scalars))
    for key in draw(st.lists(st.sampled_from(sorted(MUNI_PARAMS) + ["nope"]), max_size=4, unique=True)):
        t[key] = draw(value_for(MUNI_PARAMS[key]) if key in MUNI_PARAMS else junk)
    return t


@st.composite
def metadata_table(draw):
    t: dict = {}
    if draw(st.integers(0, 9)):
        t["name"] = draw(st.one_of(st.text(max_size=10), st.text(min_size=1, max_size=10), scalars))
    for key, good in (("description", st.text(max_size=20)), ("author", st.text(max_size=8)),
                      ("app_version", st.text(max_size=6)), ("created", st.one_of(st.dates(), st.datetimes(),
                                                                                  st.text(max_size=10))),
                      ("seed", st.integers(-5, 2**32 + 5)), ("draws", st.integers(-2, MAX_DRAWS + 2))):
        if draw(st.integers(0, 3)) == 0:
            t[key] = draw(st.one_of(good, scalars))
    if draw(st.integers(0, 5)) == 0:
        t[draw(st.text(max_size=8))] = draw(junk)
    return t


@st.composite
def scenario_dicts(draw):
    d: dict = {}
    if draw(st.integers(0, 9)):
        d["schema_version"] = draw(st.one_of(st.just(1), st.just(1), st.sampled_from([0, 2, -1, "1", 1.0, True]),
                                             scalars))
    tables = {"metadata": metadata_table(), "municipality": municipality_table(),
              "parameters": parameters_table(), "uncertainty": uncertainty_table()}
    for key, strat in tables.items():
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # absent
        d[key] = draw(junk) if choice == 1 else draw(strat)
    choice = draw(st.integers(0, 5))
    if choice == 1:
        d["levers"] = draw(junk)
    elif choice > 1:
        d["levers"] = draw(st.lists(st.one_of(lever_item(), lever_item(), lever_item(), junk), max_size=4))
    if draw(st.integers(0, 5)) == 0:
        d[draw(st.text(max_size=8))] = draw(junk)
    return d


@settings(max_examples=examples(500), **FUZZ)
@given(scenario_dicts())
def test_from_dict_returns_a_scenario_or_raises_scenario_error(data):
    check_outcome(from_dict, data)


@settings(max_examples=examples(500), **FUZZ)
@given(st.one_of(scalars, st.lists(junk, max_size=3), junk))
def test_from_dict_of_anything_is_a_scenario_error(data):
    if isinstance(data, dict):
        check_outcome(from_dict, data)
    else:
        with pytest.raises(ScenarioError):
            from_dict(data)


# --- (b) random text --------------------------------------------------------------------------------

@settings(max_examples=examples(600), **FUZZ)
@given(st.one_of(st.text(), st.text(alphabet='[]{}"=.,#\n 0123456789abcdefl_-+:TZ\'\\'), st.binary()))
def test_loads_random_text_or_bytes(raw):
    check_outcome(loads, raw)


def _toml_safe(value):
    """Drop what TOML cannot hold (None, non-str keys, times with tz...) so tomli_w can write it."""
    if isinstance(value, dict):
        return {k: _toml_safe(v) for k, v in value.items() if isinstance(k, str) and v is not None}
    if isinstance(value, list):
        return [_toml_safe(v) for v in value if v is not None]
    return value


@settings(max_examples=examples(500), **FUZZ)
@given(scenario_dicts())
def test_loads_toml_written_from_random_dicts(data):
    try:
        text = tomli_w.dumps(_toml_safe(data))
    except (TypeError, ValueError):
        assume(False)
    check_outcome(loads, text)
    check_outcome(loads, text.encode("utf-8"))


MUTATION_CHARS = st.one_of(st.sampled_from(list('[]{}"\'=.,#\n \\0123456789-+eE_:TZ')), st.characters())


@st.composite
def mutated_builtin(draw):
    text = draw(st.sampled_from(BUILTIN_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        n = len(text)
        i = draw(st.integers(0, max(n - 1, 0)))
        j = min(n, i + draw(st.integers(1, 40)))
        op = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap_lines"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "replace":
            text = text[:i] + draw(MUTATION_CHARS) + text[i + 1:]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(st.text(MUTATION_CHARS, max_size=8),
                                             st.sampled_from(["= nan", "= inf", "= -1", "= 1e400", "= " + "9" * 400,
                                                              '= "x"', "= {}", "= []", "[[levers]]\n",
                                                              '\nkind = ["rpa_ai"]\n', '{ "²⁰²⁵" = 1 }',
                                                              "[metadata]\n", "\n[parameters]\n"]))) + text[i:]
        else:
            lines = text.split("\n")
            a, b = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


@settings(max_examples=examples(800), **FUZZ)
@given(mutated_builtin(), st.sampled_from(["str", "utf-8", "cp932", "utf-8-sig"]))
def test_loads_mutated_builtin_files(text, encoding):
    raw = text if encoding == "str" else text.encode(encoding, errors="replace")
    check_outcome(loads, raw)


# --- (c) random valid scenarios round-trip ----------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=30)
NAME_TEXT = TEXT.map(lambda s: s if s.strip() else f"名{s}")  # a name must not be blank


def valid_number(p, integer: bool | None = None):
    integer = p.integer if integer is None else integer
    if integer:
        return st.integers(math.ceil(p.min), math.floor(p.max))
    return st.one_of(st.floats(p.min, p.max, allow_nan=False, allow_infinity=False).map(lambda x: x + 0.0),
                     st.sampled_from([p.min, p.max]),
                     st.integers(math.ceil(p.min), math.floor(p.max)) if p.max - p.min >= 1 else st.just(p.min))


def valid_value(p, horizon):
    if p.unit == "choice":
        return st.sampled_from(p.choices)
    scalar = valid_number(p)
    if not p.time_varying:
        return scalar
    base, end = horizon
    series = st.dictionaries(st.integers(base, end).map(str), scalar, min_size=1, max_size=5)
    return st.one_of(scalar, series)


@st.composite
def valid_uncertainty(draw, p):
    dist = draw(st.sampled_from(DISTRIBUTIONS))
    lo_bound = p.min
    hi_bound = p.max
    if dist == "lognormal":
        lo_bound = max(lo_bound, 0.0)
    a = draw(st.floats(lo_bound, hi_bound, allow_nan=False))
    b = draw(st.floats(lo_bound, hi_bound, allow_nan=False))
    assume(a != b)
    lo, hi = min(a, b), max(a, b)
    spec = {"dist": dist, "low": lo, "high": hi}
    if dist != "uniform":
        mode = draw(st.floats(lo, hi, allow_nan=False))
        if dist == "lognormal":
            assume(mode > 0)
        spec["mode"] = mode
    if dist in ("truncnormal", "lognormal") or draw(st.integers(0, 4)) == 0:
        spec["sd"] = draw(st.floats(1e-6, 1e6, allow_nan=False))
    return spec


@st.composite
def valid_scenario_dicts(draw):
    base = draw(st.integers(2020, 2030))
    end = draw(st.integers(max(base + 1, 2030), 2070))
    target = draw(st.integers(base, end))
    horizon = (base, end)
    params: dict = {}
    if draw(st.booleans()) or base != 2025:
        params["simulation.base_year"] = base
    if draw(st.booleans()) or end != 2050:
        params["simulation.end_year"] = end
    if draw(st.booleans()) or not base <= 2040 <= end:
        params["simulation.target_year"] = target
    others = sorted(k for k in SCENARIO_PARAMS if not k.startswith("simulation.") or k == "simulation.gap_threshold")
    for key in draw(st.lists(st.sampled_from(others), max_size=10, unique=True)):
        params[key] = draw(valid_value(REGISTRY[key], horizon))
    meta = {"name": draw(NAME_TEXT)}
    for key in ("description", "author", "app_version"):
        if draw(st.booleans()):
            meta[key] = draw(TEXT)
    if draw(st.booleans()):
        meta["created"] = draw(st.one_of(st.dates(), st.dates().map(dt.date.isoformat)))
    if draw(st.booleans()):
        meta["seed"] = draw(st.integers(0, 2**32 - 1))
    if draw(st.booleans()):
        meta["draws"] = draw(st.integers(1, MAX_DRAWS))
    muni: dict = {}
    if draw(st.booleans()):
        muni["preset"] = draw(st.sampled_from(PRESETS))
    if draw(st.booleans()):
        muni["name"] = draw(TEXT)
    path = draw(st.sampled_from(POPULATION_PATHS))
    if path != "size_class" or draw(st.booleans()):
        muni["population_path"] = path
    series = st.dictionaries(st.integers(base, end).map(str),
                             st.one_of(st.integers(1, 4_000_000), st.floats(1, 4e6, allow_nan=False)),
                             min_size=1, max_size=6)
    if path == "explicit":
        muni["population_series"] = draw(series)
    if draw(st.integers(0, 3)) == 0:
        muni["elderly_series"] = draw(series)
    for key in draw(st.lists(st.sampled_from(sorted(MUNI_PARAMS)), max_size=4, unique=True)):
        muni[key] = draw(valid_value(MUNI_PARAMS[key], horizon))
    levers = []
    for kind in draw(st.lists(st.sampled_from(sorted(LEVER_KINDS)), max_size=5)):
        item: dict = {"kind": kind}
        if draw(st.booleans()):
            item["name"] = draw(NAME_TEXT)
        if draw(st.integers(0, 3)) == 0:
            item["enabled"] = draw(st.booleans())
        specs = lever_fields(kind)
        for name in draw(st.lists(st.sampled_from(sorted(specs)), max_size=5, unique=True)):
            item[name] = draw(valid_value(specs[name], horizon))
        levers.append(item)
    unc = {}
    unused = {k for k, x in params.items() if isinstance(x, dict)}  # a year path is taken as given
    if path == "explicit":
        unused.add("municipality.population")
    if "elderly_series" in muni:
        unused.add("municipality.share_65plus")
    usable = [k for k in SAMPLABLE_KEYS if k not in unused]
    for key in draw(st.lists(st.sampled_from(usable), max_size=3, unique=True)):
        unc[key] = draw(valid_uncertainty(REGISTRY[key]))
    d: dict = {"schema_version": 1, "metadata": meta}
    if muni or draw(st.booleans()):
        d["municipality"] = muni
    if params:
        d["parameters"] = _nest(params)
    if levers:
        d["levers"] = levers
    if unc:
        d["uncertainty"] = unc
    return d


def _assert_same_content(a: Scenario, b: Scenario) -> None:
    """Equal in everything but app_version (saving stamps the version of dx-sim that wrote the file)."""
    for key in SCENARIO_PARAMS:
        assert a.value(key) == b.value(key), key
    assert dataclasses.replace(a, app_version="") == dataclasses.replace(b, app_version="")


@settings(max_examples=examples(500), **FUZZ)
@given(valid_scenario_dicts())
def test_valid_scenarios_round_trip(data):
    sc = from_dict(data)  # generated valid: any error here is a bug of the generator or of sim
    text = dumps(sc)
    again = loads(text)
    assert dumps(again) == text
    _assert_same_content(again, sc)
    # and through TOML written by someone else (a hand-edited file with the same content)
    _assert_same_content(loads(tomli_w.dumps(data)), sc)


# --- (a') valid scenarios with a few corruptions deep inside ---------------------------------------

def _slots(obj, out=None):
    """Every (container, key) in a nested dict/list structure."""
    out = [] if out is None else out
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for k, v in items:
        out.append((obj, k))
        _slots(v, out)
    return out


@st.composite
def corrupted_scenario_dicts(draw):
    d = draw(valid_scenario_dicts())
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(d)
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        op = draw(st.sampled_from(["junk", "scalar", "delete", "sibling", "wrap", "text", "scale", "huge"]))
        val = container[key]
        if op == "junk":
            container[key] = draw(junk)
        elif op == "scalar":
            container[key] = draw(scalars)
        elif op == "delete":
            del container[key]
        elif op == "sibling" and isinstance(container, dict):
            container[draw(st.one_of(st.text(max_size=8), INTERESTING_STRINGS))] = draw(junk)
        elif op == "wrap":
            container[key] = draw(st.sampled_from([[val], {"x": val}, {"2030": val}]))
        elif op == "text":
            container[key] = str(val)
        elif op == "scale" and isinstance(val, (int, float)) and not isinstance(val, bool) and abs(val) < 1e300:
            container[key] = val * draw(st.sampled_from([-1, 2, 10, 1e6, 0.5, 1.0000001]))
        elif op == "huge":
            container[key] = draw(st.sampled_from([10**400, -(10**400), 2**64]))
    return d


@settings(max_examples=examples(500), **FUZZ)
@given(corrupted_scenario_dicts())
def test_from_dict_of_corrupted_valid_scenarios(data):
    check_outcome(from_dict, data)


@settings(max_examples=examples(500), **FUZZ)
@given(corrupted_scenario_dicts())
def test_loads_of_corrupted_valid_scenarios(data):
    try:
        text = tomli_w.dumps(_toml_safe(data))
    except (TypeError, ValueError):
        assume(False)
    sc = check_outcome(loads, text)
    if sc is not None:  # whatever loads accepts, it can save and read back unchanged
        out = dumps(sc)
        assert dumps(loads(out)) == out


@st.composite
def parameter_changes(draw):
    """{registry key: value} as a UI or CLI `--set` would pass: series keyed by int years."""
    changes = {}
    for key in draw(st.lists(st.sampled_from(sorted(REGISTRY) + ["workforce.nope", "nodot"]), min_size=1, max_size=3,
                             unique=True)):
        p = REGISTRY.get(key)
        if p is None:
            changes[key] = draw(scalars)
            continue
        good = st.sampled_from(p.choices) if p.unit == "choice" else number_for(p)
        changes[key] = draw(st.one_of(good, good, scalars,
                                      st.dictionaries(st.integers(2015, 2075), good, min_size=1, max_size=3)))
    return changes


@settings(max_examples=examples(500), **FUZZ)
@given(valid_scenario_dicts(), parameter_changes())
def test_with_changes_returns_a_scenario_or_raises_scenario_error(data, changes):
    sc = from_dict(data)
    new = check_outcome(sc.with_changes, changes)
    if new is not None:
        for key, val in changes.items():
            if key.startswith("lever."):  # a lever field applies to every lever of that kind
                _, kind, name = key.split(".", 2)
                assert all(lev.value(name) == val for lev in new.levers if lev.kind == kind)
            elif not key.startswith("municipality."):
                assert new.value(key) == val
        out = dumps(new)
        assert dumps(loads(out)) == out
