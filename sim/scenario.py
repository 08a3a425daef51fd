"""Scenario files (TOML): load, validate, migrate, save.

A scenario holds only what differs from the registry defaults. Loading validates the whole file
and raises one ScenarioError listing every problem with its key path; nothing is half-applied.
Saving is canonical (save -> load -> save is byte-identical), atomic (temporary file + rename) and,
for a new file, exclusive (a hard link of the temporary file: it fails when another process created the
name meanwhile). Input files are read only when they are regular files, and never beyond a size limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import math
import os
import stat
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from sim import __version__
from sim.model.workforce import CATEGORIES, N_AGES
from sim.parameters import (DISTRIBUTIONS, LEVER_KINDS, REGISTRY, Uncertainty, lever_fields,
                            municipality_params, scenario_params)

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_DRAWS = 100_000
MAX_PROBLEMS = 100           # problems listed in one ScenarioError; the rest are counted
MAX_NAME_BYTES = 200         # a saved file's name in bytes (UTF-8); file systems allow 255
TMP_PREFIX, TMP_SUFFIX = ".dxsim-", ".tmp"  # temporary files of a save (short: the name's bytes are not repeated)
STALE_TMP_SECONDS = 600      # a temporary file this old belongs to an interrupted save
POPULATION_PATHS = ("size_class", "national", "explicit")

# version n -> function turning a version-n dict into a version-(n+1) dict. No older schema exists
# yet; the first change of the format adds its step here and a fixture of the old format to tests.
MIGRATIONS: dict[int, callable] = {}

_TOP_KEYS = ("schema_version", "metadata", "municipality", "parameters", "levers", "uncertainty")
_META_KEYS = ("name", "description", "author", "created", "app_version", "seed", "draws")
POPULATION_SERIES = ("population_series", "elderly_series", "children_series")  # {year: persons} paths
_MUNI_SPECIAL = ("preset", "name", "code", "area_km2", "population_path", *POPULATION_SERIES,
                 "age_profile_csv", "age_profile")
_LEVER_SPECIAL = ("kind", "name", "enabled")


def lever_ref(name: str) -> tuple[int | None, str] | None:
    """(index, field) of a name "levers[i].field" — how Monte-Carlo samples and with_changes address one
    lever — with index None when it is not a number; None for any other name."""
    if not (name.startswith("levers[") and "]." in name):
        return None
    index, field_name = name[len("levers["):].split("].", 1)
    return (int(index) if index.isdigit() else None), field_name


class ScenarioError(ValueError):
    """Every problem found in a scenario, each as (key path, message)."""

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None, more: int = 0):
        problems = list(problems)
        # An upload with 100,000 unknown keys must not make a 12 MB message: the first MAX_PROBLEMS
        # and a count of the rest (a list of MAX_PROBLEMS + 1 stays: it may be a capped list wrapped again).
        if len(problems) > MAX_PROBLEMS + 1 or more:
            more += max(0, len(problems) - MAX_PROBLEMS)
            problems = problems[:MAX_PROBLEMS] + [("", f"… and {more:,} more problems")]
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}{len(self.problems)} problem(s) in scenario"]
        lines += [f"  - {path}: {msg}" if path else f"  - {msg}" for path, msg in self.problems]
        super().__init__("\n".join(lines))


Value = float | int | str | dict[int, float]


@dataclass(frozen=True)
class Lever:
    kind: str
    name: str
    fields: dict[str, float | str] = field(default_factory=dict)  # only fields that differ from defaults
    enabled: bool = True

    def value(self, name: str):
        return self.fields.get(name, lever_fields(self.kind)[name].default)


@dataclass(frozen=True)
class Municipality:
    preset: str = "city_pop_50k_100k"
    name: str = ""
    code: str = ""                  # 全国地方公共団体コード, 5 digits without the check digit (e.g. "01100")
    area_km2: float | None = None   # area in km² (informational; from SSDSE-A B1101)
    population_path: str = "size_class"
    population_series: dict[int, float] | None = None
    elderly_series: dict[int, float] | None = None
    children_series: dict[int, float] | None = None  # 0-14 population (IPSS), for child-related work and the applicant pool
    age_profile_csv: str | None = None
    values: dict[str, float] = field(default_factory=dict)  # registry keys 'municipality.*' set here
    # (category, age 18..70) staff counts: read from age_profile_csv, or given inline in the file
    # (the app stores an uploaded CSV inline, so the scenario stays one self-contained file).
    age_profile: tuple[tuple[float, ...], ...] | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str = ""
    author: str = ""
    created: str = ""
    app_version: str = __version__
    seed: int = 0
    draws: int = 1
    municipality: Municipality = field(default_factory=Municipality)
    parameters: dict[str, Value] = field(default_factory=dict)
    levers: tuple[Lever, ...] = ()
    uncertainty: dict[str, Uncertainty] = field(default_factory=dict)
    base_dir: str | None = None  # folder of the file it came from, for relative CSV paths

    def value(self, key: str):
        """The scenario's value for a registry key (municipality keys excluded: see sim.inputs)."""
        if key in self.parameters:
            return self.parameters[key]
        return self.default(key)

    def named_value(self, name: str):
        """A registry value, or the field of one lever named "levers[i].field" (see lever_ref)."""
        ref = lever_ref(name)
        if ref is None:
            return self.value(name)
        index, field_name = ref
        return self.levers[index].value(field_name)

    def default(self, key: str):
        """The value a registry key takes when the scenario leaves it out: the registry default, or,
        for a default that depends on the town's size class, the municipality preset's."""
        p = REGISTRY[key]
        if p.default is None and p.preset_field and p.group != "municipality":
            from sim import data
            return float(data.presets().loc[self.municipality.preset, p.preset_field])
        return p.default

    def with_changes(self, changes: dict[str, Value]) -> "Scenario":
        """A validated copy with changes applied, all or nothing (raises ScenarioError naming each key).

        Keys: registry parameters (`workforce.hiring_policy`), the municipality table
        (`municipality.staff_admin`, `municipality.population_series`, `municipality.preset`…), lever
        fields `lever.<kind>.<field>`, which apply to every lever of that kind in the scenario, and
        `levers[i].<field>` for the i-th lever alone (the names Monte-Carlo samples use). The one way
        to change a scenario (CLI --set, the app, batch runs): like PolicyEngine's Reform.from_dict.
        """
        data = to_dict(self)
        params = data.setdefault("parameters", {})
        missing = []
        for key, val in changes.items():
            if isinstance(val, dict):
                val = {str(y): x for y, x in val.items()}
            group, _, rest = key.partition(".")
            ref = lever_ref(key)
            if ref is not None:
                index, field_name = ref
                levers = data.get("levers", [])
                if index is None or index >= len(levers):
                    missing.append((key, f"the scenario has {len(levers)} lever(s); no lever number "
                                         f"{key[len('levers['):key.index(']')]}"))
                else:
                    levers[index][field_name] = val
            elif group == "municipality":
                data["municipality"][rest] = val
            elif group == "lever" and rest.count(".") == 1:
                kind, field_name = rest.split(".")
                items = [item for item in data.get("levers", []) if item["kind"] == kind]
                if not items:
                    missing.append((key, f"the scenario has no '{kind}' lever (a lever field applies to every "
                                         "lever of that kind in the scenario)"))
                for item in items:
                    item[field_name] = val
            elif not rest:
                params[key] = val  # reported as an unknown parameter under its own name
            else:
                params.setdefault(group, {})[rest] = val
        if missing:
            raise ScenarioError(missing)
        return from_dict(data, base_dir=self.base_dir)

    def with_municipality(self, table: dict) -> "Scenario":
        """A validated copy with the whole [municipality] table replaced (a town's profile, a preset)."""
        data = to_dict(self)
        data["municipality"] = dict(table)
        return from_dict(data, base_dir=self.base_dir)

    def with_reset(self, group: str | None = None) -> "Scenario":
        """A copy with the parameters of one registry group (None: all of them) back at their defaults."""
        data = to_dict(self)
        params = data.get("parameters", {})
        if group is None:
            params.clear()
        else:
            params.pop(group, None)
        return from_dict(data, base_dir=self.base_dir)

    def with_lever_added(self, kind: str, **fields) -> "Scenario":
        """A validated copy with a lever of `kind` appended (fields not given take the kind's defaults)."""
        data = to_dict(self)
        data.setdefault("levers", []).append({"kind": kind, **fields})
        return from_dict(data, base_dir=self.base_dir)

    def with_lever_changed(self, index: int, **fields) -> "Scenario":
        """A validated copy with fields (and `name`, `enabled`) of the index-th lever changed."""
        data = to_dict(self)
        data["levers"][index].update(fields)
        return from_dict(data, base_dir=self.base_dir)

    def with_lever_removed(self, index: int) -> "Scenario":
        data = to_dict(self)
        del data["levers"][index]
        if not data["levers"]:
            del data["levers"]
        return from_dict(data, base_dir=self.base_dir)


# --- reading -------------------------------------------------------------------------------------

class InputFileError(ValueError):
    """A file that is not read: not a regular file, too large, or unreadable (message without the path)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"not a regular file ({kind}); give a scenario or data file"


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputFileError otherwise.

    Never blocks and never reads more than limit + 1 bytes: a FIFO, a device (/dev/zero) or a folder
    is refused from os.stat before opening, the file is opened with O_NONBLOCK and checked again with
    fstat (it may have been swapped meanwhile), and the read stops one byte beyond the limit."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        raise InputFileError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    problem = _not_regular(st.st_mode)
    if problem:
        raise InputFileError(problem)
    if st.st_size > limit:
        raise InputFileError(f"file is {st.st_size:,} bytes; the limit is {limit:,} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem:
            raise InputFileError(problem)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputFileError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputFileError(f"file is larger than the limit of {limit:,} bytes")
    return b"".join(chunks)


def load_scenario(path: str | os.PathLike) -> Scenario:
    path = Path(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise ScenarioError([("", str(exc))], str(path)) from None
    return loads(raw, source=str(path), base_dir=str(path.parent))


def loads(raw: bytes | str, source: str | None = None, base_dir: str | None = None) -> Scenario:
    """Parse TOML bytes/text into a validated Scenario."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError([("", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")], source)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError([("", f"not UTF-8 text (invalid byte at position {exc.start}); save the file as UTF-8")],
                                source) from None
    else:
        text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ScenarioError([("", "the file is empty")], source)
    try:
        data = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or an integer literal of thousands of digits
        raise ScenarioError([("", f"not valid TOML: {exc}")], source) from None
    except RecursionError:
        raise ScenarioError([("", "not valid TOML: nesting is too deep")], source) from None
    return from_dict(data, source=source, base_dir=base_dir)


def from_dict(data, source: str | None = None, base_dir: str | None = None) -> Scenario:
    """Validate a parsed scenario dict; raise ScenarioError listing every problem."""
    v = _Validator()
    if not isinstance(data, dict):
        raise ScenarioError([("", f"expected a table at the top level, got {type(data).__name__}")], source)
    data = _migrate(data, v)
    if v.problems:
        raise v.error(source)
    for key in data:
        if key not in _TOP_KEYS:
            v.add(key, f"unknown key (expected one of {', '.join(_TOP_KEYS)})")
    meta = v.table(data, "metadata", required=True)
    meta_out = _read_metadata(meta, v)
    params = _read_parameters(v.table(data, "parameters"), v)
    horizon = (_int_or(params.get("simulation.base_year"), REGISTRY["simulation.base_year"].default),
               _int_or(params.get("simulation.end_year"), REGISTRY["simulation.end_year"].default))
    _check_horizon(params, horizon, v)
    for key, val in params.items():
        if isinstance(val, dict):
            _check_series_years(f"parameters.{key}", val, horizon, v)
    muni = _read_municipality(v.table(data, "municipality"), v, horizon, base_dir)
    levers = _read_levers(data.get("levers", []), v)
    unc = _read_uncertainty(v.table(data, "uncertainty"), v, params, muni)
    if v.problems:
        raise v.error(source)
    return Scenario(municipality=muni, parameters=params, levers=levers, uncertainty=unc, base_dir=base_dir, **meta_out)


class _Validator:
    def __init__(self):
        self.problems: list[tuple[str, str]] = []
        self.dropped = 0

    def add(self, path: str, msg: str) -> None:
        if len(self.problems) < 10 * MAX_PROBLEMS:  # enough for ScenarioError to say how many more
            self.problems.append((path, msg))
        else:
            self.dropped += 1

    def error(self, source: str | None = None) -> "ScenarioError":
        return ScenarioError(self.problems, source, more=self.dropped)

    def table(self, data: dict, key: str, required: bool = False) -> dict:
        if key not in data:
            if required:
                self.add(key, "missing table")
            return {}
        val = data[key]
        if not isinstance(val, dict):
            self.add(key, f"expected a table, got {_type(val)}")
            return {}
        return val


def _type(val) -> str:
    if isinstance(val, bool):
        return "a boolean"
    if isinstance(val, (int, float)):
        return "a number"
    if isinstance(val, str):
        return "a string"
    if isinstance(val, list):
        return "an array"
    if isinstance(val, dict):
        return "a table"
    return type(val).__name__


def _int_or(val, default):
    if isinstance(val, int) and not isinstance(val, bool):
        return val
    return default


def _finite(x) -> bool:
    """math.isfinite that also takes ints too large for a float (they are never a valid figure)."""
    return abs(x) <= 10**15 if isinstance(x, int) else math.isfinite(x)


def _short(x) -> str:
    """repr() that neither raises nor prints thousands of digits for a huge int."""
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 10**15:
        return f"a {x.bit_length() * 30103 // 100000 + 1}-digit number"
    r = repr(x)
    return r if len(r) <= 80 else r[:77] + "..."


def _migrate(data: dict, v: _Validator) -> dict:
    version = data.get("schema_version")
    if version is None:
        v.add("schema_version", f"missing (this version of dx-sim writes schema_version = {SCHEMA_VERSION})")
        return data
    if isinstance(version, bool) or not isinstance(version, int):
        v.add("schema_version", f"expected a whole number, got {_type(version)}")
        return data
    if version > SCHEMA_VERSION:
        v.add("schema_version", f"version {version} is newer than this dx-sim supports ({SCHEMA_VERSION}); "
                                "update dx-sim to open it")
        return data
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            v.add("schema_version", f"version {version} is not supported (supported: {SCHEMA_VERSION})")
            return data
        data = step(data)
        version = data["schema_version"]
    return data


def _read_metadata(meta: dict, v: _Validator) -> dict:
    out: dict = {}
    for key in meta:
        if key not in _META_KEYS:
            v.add(f"metadata.{key}", f"unknown key (expected one of {', '.join(_META_KEYS)})")
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        v.add("metadata.name", "required: a non-empty string" if name is None else f"expected a non-empty string, got {_type(name)}")
    else:
        out["name"] = name
    for key in ("description", "author", "app_version"):
        if key in meta:
            if isinstance(meta[key], str):
                out[key] = meta[key]
            else:
                v.add(f"metadata.{key}", f"expected a string, got {_type(meta[key])}")
    if "created" in meta:
        c = meta["created"]
        if isinstance(c, (dt.date, dt.datetime)):
            out["created"] = c.isoformat()
        elif isinstance(c, str):
            out["created"] = c
        else:
            v.add("metadata.created", f"expected a date, got {_type(c)}")
    for key, lo, hi in (("seed", 0, 2**32 - 1), ("draws", 1, MAX_DRAWS)):
        if key in meta:
            x = meta[key]
            if isinstance(x, bool) or not isinstance(x, int):
                got = repr(x) if isinstance(x, float) else _type(x)
                v.add(f"metadata.{key}", f"expected a whole number, got {got}")
            elif not lo <= x <= hi:
                v.add(f"metadata.{key}", f"{x} is outside {lo}–{hi:,}")
            else:
                out[key] = x
    return out


def _flatten(table: dict, prefix: str = "", depth: int = 0) -> list[tuple[str, object]]:
    """Nested TOML tables -> (dotted key, value) pairs; a table whose keys are all years stays a
    time series. Pairs, not a dict: the same key written twice must be reported, not overwritten."""
    out = []
    for key, val in table.items():
        full = f"{prefix}{key}"
        if isinstance(val, dict) and val and not _is_series(val) and full not in REGISTRY and depth < 4:
            out.extend(_flatten(val, full + ".", depth + 1))
        else:
            out.append((full, val))
    return out


def _is_year(key) -> bool:
    return isinstance(key, str) and len(key) == 4 and key.isascii() and key.isdigit()


def _is_series(val: dict) -> bool:
    return all(isinstance(k, str) and k.isascii() and k.isdigit() for k in val)


def _check_value(path: str, param, val, v: _Validator):
    """Validate one registry value (scalar or time series); return the clean value or None."""
    if isinstance(val, dict):
        if not param.time_varying:
            v.add(path, "this parameter cannot vary by year; give a single value")
            return None
        if not val:
            v.add(path, "an empty year table; give at least one year = value")
            return None
        series = {}
        for year, x in val.items():
            if not _is_year(year):
                v.add(f"{path}.{year}", "expected a fiscal year (4 digits) as key")
                continue
            problem = param.check(x)
            if problem:
                v.add(f"{path}.{year}", problem)
                continue
            series[int(year)] = _clean_number(param, x)
        return dict(sorted(series.items())) if len(series) == len(val) else None
    problem = param.check(val)
    if problem:
        v.add(path, problem)
        return None
    return _clean_number(param, val)


def _clean_number(param, val):
    """Whole-number parameters are stored as int (2030.0 -> 2030), so year arithmetic stays exact."""
    return int(val) if param.integer and isinstance(val, float) else val


def _read_parameters(table: dict, v: _Validator) -> dict:
    allowed = scenario_params()
    out = {}
    seen = set()
    for key, val in _flatten(table):
        path = f"parameters.{key}"
        if key in seen:
            v.add(path, "set twice (as a dotted key and in a table); keep one")
            continue
        seen.add(key)
        if key not in allowed:
            hint = " (set municipality figures in [municipality], lever fields in [[levers]])" \
                if key.startswith(("municipality.", "lever.")) else ""
            v.add(path, f"unknown parameter{hint}; `python -m sim params` lists them")
            continue
        clean = _check_value(path, allowed[key], val, v)
        if clean is not None and clean != allowed[key].default:  # defaults are not stored: canonical
            out[key] = clean
    return out


def _check_horizon(params: dict, horizon: tuple[int, int], v: _Validator) -> None:
    base, end = horizon
    if end <= base:
        v.add("parameters.simulation.end_year", f"must be after the base year {base}")
    target = params.get("simulation.target_year", REGISTRY["simulation.target_year"].default)
    if isinstance(target, int) and not base <= target <= end:
        v.add("parameters.simulation.target_year", f"{target} is outside the horizon {base}–{end}")


def _check_series_years(path: str, series: dict, horizon: tuple[int, int], v: _Validator) -> None:
    base, end = horizon
    for year in series:
        if isinstance(year, int) and not base <= year <= end:
            v.add(f"{path}.{year}", f"year {year} is outside the horizon {base}–{end}")


def _read_series(path: str, val, v: _Validator, horizon) -> dict[int, float] | None:
    if not isinstance(val, dict) or not val:
        v.add(path, f"expected a table of year = persons, got {_type(val)}")
        return None
    out = {}
    for year, x in val.items():
        if not _is_year(year):
            v.add(f"{path}.{year}", "expected a fiscal year (4 digits) as key")
        elif isinstance(x, bool) or not isinstance(x, (int, float)) or not _finite(x):
            v.add(f"{path}.{year}", f"expected a finite number of persons, got {_short(x)}")
        elif x < 0:
            v.add(f"{path}.{year}", f"must not be negative, got {x}")
        elif x < 1:  # workload is scaled by population ratios: a population of 0 cannot be projected
            v.add(f"{path}.{year}", f"must be at least 1 person, got {x}")
        else:
            out[int(year)] = x
    _check_series_years(path, out, horizon, v)
    return dict(sorted(out.items())) if len(out) == len(val) else None


def _read_municipality(table: dict, v: _Validator, horizon, base_dir: str | None) -> Municipality:
    from sim.data import presets  # deferred: keeps `import sim.scenario` free of data loading
    fields = municipality_params()
    out: dict = {}
    values: dict = {}
    for key, val in table.items():
        path = f"municipality.{key}"
        if key in _MUNI_SPECIAL:
            continue
        if key not in fields:
            v.add(path, f"unknown key (expected one of {', '.join(list(_MUNI_SPECIAL) + list(fields))})")
            continue
        clean = _check_value(path, fields[key], val, v)
        if clean is not None and clean != fields[key].default:
            values[f"municipality.{key}"] = clean
    preset = table.get("preset", Municipality.preset)
    valid = list(presets().index)
    if not isinstance(preset, str) or preset not in valid:
        v.add("municipality.preset", f"{preset!r} is not a preset (expected one of {', '.join(valid)})")
    else:
        out["preset"] = preset
    if "name" in table:
        if isinstance(table["name"], str):
            out["name"] = table["name"]
        else:
            v.add("municipality.name", f"expected a string, got {_type(table['name'])}")
    if "code" in table:
        code = table["code"]
        if isinstance(code, str) and len(code) == 5 and code.isascii() and code.isdigit():
            out["code"] = code
        else:
            got = repr(code) if isinstance(code, str) else _type(code)
            v.add("municipality.code", f"expected a 5-digit municipality code as a string (e.g. \"01100\"), got {got}")
    if "area_km2" in table:
        area = table["area_km2"]
        if isinstance(area, bool) or not isinstance(area, (int, float)) or not _finite(area) or area <= 0:
            v.add("municipality.area_km2", f"expected a number of km² above 0, got {_short(area)}")
        else:
            out["area_km2"] = area
    path_kind = table.get("population_path", Municipality.population_path)
    if path_kind not in POPULATION_PATHS:
        v.add("municipality.population_path", f"{path_kind!r} is not one of {list(POPULATION_PATHS)}")
    else:
        out["population_path"] = path_kind
    for key in POPULATION_SERIES:
        if key in table:
            out[key] = _read_series(f"municipality.{key}", table[key], v, horizon)
    if path_kind == "explicit" and "population_series" not in table:
        v.add("municipality.population_series", "required when population_path = 'explicit'")
    if "population_series" in table and path_kind != "explicit":
        v.add("municipality.population_series", "only used with population_path = 'explicit'")
    staff_keys = [k for k in ("staff_admin", "staff_technical", "staff_digital") if k in table]
    if "age_profile" in table:
        if "age_profile_csv" in table:
            v.add("municipality.age_profile", "give either age_profile or age_profile_csv, not both")
        if staff_keys:
            v.add("municipality.age_profile", f"give either an age profile or {', '.join(staff_keys)}, not both")
        profile = _read_inline_profile(table["age_profile"], v)
        if profile is not None:
            out["age_profile"] = profile
    if "age_profile_csv" in table:
        ref = table["age_profile_csv"]
        if not isinstance(ref, str) or not ref:
            v.add("municipality.age_profile_csv", f"expected a file name, got {_type(ref)}")
        elif Path(ref).is_absolute() or ".." in Path(ref).parts:
            # A scenario may only point at files beside it: on a shared server, a scenario must not
            # read (and echo) other files of the machine.
            v.add("municipality.age_profile_csv", "give a file name relative to the scenario's folder (no absolute path, no '..')")
        elif base_dir is None:
            # An uploaded or linked scenario has no folder of its own: a relative name would resolve
            # against the server's working directory (and echo its files in the error).
            v.add("municipality.age_profile_csv", "a scenario that is not a file in a folder (uploaded, or opened "
                                                  "from a link) cannot refer to a CSV file; give the profile inline "
                                                  "as municipality.age_profile, or upload the CSV in the app")
        elif not _inside(Path(base_dir), ref):
            v.add("municipality.age_profile_csv", "the file is outside the scenario's folder (through a link); "
                                                  "copy the CSV beside the scenario")
        else:
            out["age_profile_csv"] = ref
            if staff_keys:
                v.add("municipality.age_profile_csv", f"give either an age profile or {', '.join(staff_keys)}, not both")
            profile = read_age_profile(Path(base_dir) / ref, v, "municipality.age_profile_csv")
            if profile is not None:
                out["age_profile"] = profile
    _check_some_staff(out, values, v)
    return Municipality(values=values, **out)


def _inside(folder: Path, ref: str) -> bool:
    """True when folder/ref, symbolic links followed, stays inside folder."""
    try:
        return (folder / ref).resolve().is_relative_to(folder.resolve())
    except ValueError:  # a NUL in the name: nothing can be opened, the read says "cannot read file"
        return True
    except (OSError, RuntimeError):  # a link loop
        return False


def _check_some_staff(out: dict, values: dict, v: "_Validator") -> None:
    """A municipality with no staff at all has no workload to scale: refuse it by name."""
    if "age_profile" in out:
        if sum(map(sum, out["age_profile"])) <= 0:
            v.add("municipality.age_profile", "the age profile counts no staff; at least one staff member is needed")
        return
    keys = [f"municipality.staff_{c}" for c in CATEGORIES]
    if not all(k in values for k in keys):
        preset = out.get("preset", Municipality.preset)
        from sim import data
        if preset not in data.presets().index:
            return  # reported elsewhere
        row = data.presets().loc[preset]
        total = sum(values.get(k, row[REGISTRY[k].preset_field]) for k in keys)
    else:
        total = sum(values[k] for k in keys)
    if total <= 0:
        v.add("municipality.staff_admin", "the staff figures add up to 0; at least one staff member is needed")


def _read_inline_profile(val, v: _Validator):
    path = "municipality.age_profile"
    if not isinstance(val, dict):
        v.add(path, f"expected a table of {', '.join(CATEGORIES)} = [{N_AGES} staff counts for ages 18–70], got {_type(val)}")
        return None
    for key in val:
        if key not in CATEGORIES:
            v.add(f"{path}.{key}", f"unknown key (expected {', '.join(CATEGORIES)})")
    rows = []
    for cat in CATEGORIES:
        counts = val.get(cat)
        if not isinstance(counts, list) or len(counts) != N_AGES:
            got = f"{len(counts)} values" if isinstance(counts, list) else _type(counts)
            v.add(f"{path}.{cat}", f"expected {N_AGES} staff counts (ages 18–70), got {got}")
            return None
        bad = [i for i, x in enumerate(counts)
               if isinstance(x, bool) or not isinstance(x, (int, float)) or not _finite(x) or x < 0]
        if bad:
            v.add(f"{path}.{cat}", f"age {18 + bad[0]}: expected a finite count ≥ 0, got {_short(counts[bad[0]])}")
            return None
        rows.append(tuple(counts))
    if sum(map(sum, rows)) <= 0:
        v.add(path, "the profile has no staff")
        return None
    return tuple(rows)


def age_profile_from_csv(raw: bytes, name: str = "age_profile.csv"):
    """Parse an uploaded age × category CSV; raises ScenarioError listing every bad row."""
    v = _Validator()
    profile = parse_age_profile(raw, v, f"age_profile ({name})")
    if v.problems:
        raise v.error(name)
    return profile


def read_age_profile(path: Path, v: _Validator | None = None, key: str = "age_profile_csv"):
    """Read an age × category CSV (columns age, admin, technical, digital; staff counts).

    Returns ((admin counts for ages 18..70), (technical …), (digital …)). Problems go to `v`,
    or raise ScenarioError when no validator is given.
    """
    own = v is None
    v = v or _Validator()
    label = f"{key} ({path.name})"
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        v.add(label, str(exc))
        return _finish(own, v)
    profile = parse_age_profile(raw, v, label)
    return _finish(own, v, profile)


def parse_age_profile(raw: bytes, v: _Validator, label: str = "age_profile"):
    if len(raw) > MAX_FILE_BYTES:
        v.add(label, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        v.add(label, "not UTF-8 text; save the CSV as UTF-8")
        return None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        v.add(label, f"not a readable CSV: {exc}")
        return None
    if not rows:
        v.add(label, "the file is empty")
        return None
    header = [h.strip() for h in rows[0]]
    expected = ["age", *CATEGORIES]
    if header != expected:
        v.add(label, f"header must be {','.join(expected)}, got {','.join(header)}")
        return None
    counts = {c: [0.0] * N_AGES for c in CATEGORIES}
    seen = set()
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            v.add(f"{label} line {line_no}", f"expected 4 values, got {len(row)}")
            continue
        try:
            age = int(row[0])
        except ValueError:
            v.add(f"{label} line {line_no}", f"age {row[0]!r} is not a whole number")
            continue
        if not 18 <= age <= 70:
            v.add(f"{label} line {line_no}", f"age {age} is outside 18–70")
            continue
        if age in seen:
            v.add(f"{label} line {line_no}", f"age {age} appears twice")
            continue
        seen.add(age)
        for cat, cell in zip(CATEGORIES, row[1:]):
            try:
                x = float(cell)
            except ValueError:
                v.add(f"{label} line {line_no}", f"{cat} {cell!r} is not a number")
                continue
            if not math.isfinite(x) or x < 0:
                v.add(f"{label} line {line_no}", f"{cat} must be a finite count ≥ 0, got {cell}")
                continue
            counts[cat][age - 18] = int(x) if x.is_integer() else x
    if not seen:
        v.add(label, "no data rows")
    elif sum(sum(c) for c in counts.values()) <= 0:
        v.add(label, "the profile has no staff")
    return tuple(tuple(counts[c]) for c in CATEGORIES)


def _finish(own: bool, v: _Validator, result=None):
    if own and v.problems:
        raise v.error()
    return None if v.problems else result


def _read_levers(items, v: _Validator) -> tuple[Lever, ...]:
    if not isinstance(items, list):
        v.add("levers", f"expected an array of tables ([[levers]]), got {_type(items)}")
        return ()
    out = []
    for i, item in enumerate(items):
        path = f"levers[{i}]"
        if not isinstance(item, dict):
            v.add(path, f"expected a table, got {_type(item)}")
            continue
        kind = item.get("kind")
        if "kind" not in item:
            v.add(f"{path}.kind", f"missing: give kind = one of {', '.join(LEVER_KINDS)}")
            continue
        if not isinstance(kind, str) or kind not in LEVER_KINDS:
            v.add(f"{path}.kind", f"{kind!r} is not a lever kind (expected one of {', '.join(LEVER_KINDS)})")
            continue
        specs = lever_fields(kind)
        name = item.get("name", LEVER_KINDS[kind][0])
        if not isinstance(name, str) or not name.strip():
            v.add(f"{path}.name", f"expected a non-empty string, got {_type(name)}")
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            v.add(f"{path}.enabled", f"expected true or false, got {_type(enabled)}")
        fields = {}
        for key, val in item.items():
            if key in _LEVER_SPECIAL:
                continue
            if key not in specs:
                v.add(f"{path}.{key}", f"unknown field for a '{kind}' lever (expected one of {', '.join(specs)})")
                continue
            clean = _check_value(f"{path}.{key}", specs[key], val, v)
            if clean is not None and clean != specs[key].default:
                fields[key] = clean
        out.append(Lever(kind=kind, name=name if isinstance(name, str) else kind, fields=fields,
                         enabled=enabled if isinstance(enabled, bool) else True))
    return tuple(out)


def _unused_by_draws(key: str, params: dict, muni: Municipality) -> str | None:
    """Why an [uncertainty] entry on a samplable key would have no effect in this scenario, or None."""
    if isinstance(params.get(key), dict):
        return (f"parameters.{key} is a year-by-year path, which every draw takes as given; give a single "
                f"value to make {key} uncertain, or remove this entry")
    if key == "municipality.population" and muni.population_path == "explicit":
        return ("the population comes from municipality.population_series (population_path = 'explicit'), "
                "so municipality.population is not used; remove this entry")
    if key == "municipality.share_65plus" and muni.elderly_series:
        return ("the 65+ population comes from municipality.elderly_series, so municipality.share_65plus "
                "is not used; remove this entry")
    if key.startswith("municipality.staff_") and muni.age_profile is not None:
        return f"the staff come from the age profile, so {key} is not used; remove this entry"
    return None


def _read_uncertainty(table: dict, v: _Validator, params: dict | None = None,
                      muni: Municipality | None = None) -> dict[str, Uncertainty]:
    params = params or {}
    muni = muni or Municipality()
    out = {}
    for key, spec in table.items():
        path = f"uncertainty.{key}"
        param = REGISTRY.get(key)
        if param is None or not param.numeric:
            v.add(path, "not a numeric parameter of the registry (quote dotted keys: \"workforce.exit_rate_multiplier\")")
            continue
        if not param.samplable:
            v.add(path, f"{key} cannot be uncertain: it is structural (it sets the horizon, the target year or "
                        f"a window length), so one value holds for every draw; set it under [parameters] instead")
            continue
        unused = _unused_by_draws(key, params, muni)
        if unused:
            v.add(path, unused)
            continue
        if not isinstance(spec, dict):
            v.add(path, f"expected a table like {{dist = \"triangular\", low = …, mode = …, high = …}}, got {_type(spec)}")
            continue
        unknown = set(spec) - {"dist", "low", "mode", "high", "sd"}
        for k in sorted(unknown, key=str):
            v.add(f"{path}.{k}", "unknown key (expected dist, low, mode, high, sd)")
        dist = spec.get("dist")
        if dist not in DISTRIBUTIONS:
            v.add(f"{path}.dist", f"{dist!r} is not one of {list(DISTRIBUTIONS)}")
            continue
        nums = {}
        for k in ("low", "mode", "high", "sd"):
            if k in spec:
                x = spec[k]
                if isinstance(x, bool) or not isinstance(x, (int, float)) or not _finite(x):
                    v.add(f"{path}.{k}", f"expected a finite number, got {_short(x)}")
                else:
                    nums[k] = float(x)
        need = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"), "pert": ("low", "mode", "high"),
                "truncnormal": ("low", "mode", "high", "sd"), "lognormal": ("low", "mode", "high", "sd")}[dist]
        missing = [k for k in need if k not in spec]
        if missing:
            v.add(path, f"a {dist} distribution needs {', '.join(need)}; missing {', '.join(missing)}")
            continue
        if len(nums) < len([k for k in spec if k != "dist" and k not in unknown]):
            continue
        lo, hi = nums["low"], nums["high"]
        mode = nums.get("mode")
        if not lo < hi:
            v.add(path, f"low ({lo:g}) must be below high ({hi:g})")
            continue
        if mode is not None and not lo <= mode <= hi:
            v.add(f"{path}.mode", f"{mode:g} is outside low–high ({lo:g}–{hi:g})")
            continue
        if "sd" in nums and nums["sd"] <= 0:
            v.add(f"{path}.sd", "must be positive")
            continue
        if dist == "lognormal" and (mode is None or mode <= 0):
            v.add(f"{path}.mode", "a lognormal median must be positive")
            continue
        if (param.min is not None and lo < param.min) or (param.max is not None and hi > param.max):
            v.add(path, f"bounds {lo:g}–{hi:g} leave the parameter's range {param.min:g}–{param.max:g}")
            continue
        out[key] = Uncertainty(dist, lo, hi, mode=mode, sd=nums.get("sd"), source="scenario")
    return out


# --- writing -------------------------------------------------------------------------------------

def to_dict(sc: Scenario) -> dict:
    """The canonical dict of a scenario: only values that differ from the defaults."""
    meta = {"name": sc.name}
    for key in ("description", "author", "created"):
        if getattr(sc, key):
            meta[key] = getattr(sc, key)
    meta["app_version"] = __version__  # the version that wrote the file
    meta["seed"] = sc.seed
    meta["draws"] = sc.draws
    m = sc.municipality
    muni: dict = {"preset": m.preset}
    if m.name:
        muni["name"] = m.name
    if m.code:
        muni["code"] = m.code
    if m.area_km2 is not None:
        muni["area_km2"] = m.area_km2
    if m.population_path != Municipality.population_path:
        muni["population_path"] = m.population_path
    for key in POPULATION_SERIES:
        series = getattr(m, key)
        if series:
            muni[key] = {str(y): x for y, x in sorted(series.items())}
    if m.age_profile_csv:
        muni["age_profile_csv"] = m.age_profile_csv
    elif m.age_profile is not None:
        muni["age_profile"] = {c: list(row) for c, row in zip(CATEGORIES, m.age_profile)}
    for key, val in sorted(m.values.items()):
        muni[key.split(".", 1)[1]] = val
    out: dict = {"schema_version": SCHEMA_VERSION, "metadata": meta, "municipality": muni}
    params: dict = {}
    for key, val in sorted(sc.parameters.items()):
        if val == REGISTRY[key].default:
            continue
        group, rest = key.split(".", 1)
        params.setdefault(group, {})[rest] = {str(y): x for y, x in val.items()} if isinstance(val, dict) else val
    if params:
        out["parameters"] = params
    if sc.levers:
        levers = []
        for lev in sc.levers:
            item = {"kind": lev.kind, "name": lev.name}
            if not lev.enabled:
                item["enabled"] = False
            specs = lever_fields(lev.kind)
            item.update({k: lev.fields[k] for k in specs if k in lev.fields})
            levers.append(item)
        out["levers"] = levers
    if sc.uncertainty:
        out["uncertainty"] = {k: u.as_dict() for k, u in sorted(sc.uncertainty.items())}
    return out


def dumps(sc: Scenario) -> str:
    return tomli_w.dumps(to_dict(sc), multiline_strings=True)


class FileNameTooLong(ValueError):
    """A file name longer than MAX_NAME_BYTES in UTF-8 (the message names the limit, not the folder)."""


def check_file_name(name: str) -> None:
    """Raise FileNameTooLong when `name` (a file name, no folder) exceeds MAX_NAME_BYTES in UTF-8."""
    size = len(name.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME_BYTES:
        raise FileNameTooLong(f"the file name {name[:20]}… is {size} bytes long in UTF-8; the limit is "
                              f"{MAX_NAME_BYTES} bytes (about {MAX_NAME_BYTES // 3} kanji or {MAX_NAME_BYTES} "
                              "letters); choose a shorter name")


def stale_temp_files(folder: str | os.PathLike, min_age: float = STALE_TMP_SECONDS) -> list[Path]:
    """Temporary files of saves that never finished (the process was killed), at least min_age seconds old:
    this module's `.dxsim-*.tmp`, and `.<name>.toml.*.tmp` of earlier versions. Regular files only."""
    folder = Path(folder)
    out = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        ours = name.startswith(TMP_PREFIX) or (name.startswith(".") and ".toml." in name)
        if not (ours and name.endswith(TMP_SUFFIX)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= min_age:
            out.append(folder / name)
    return sorted(out)


def remove_stale_temp_files(folder: str | os.PathLike, min_age: float = STALE_TMP_SECONDS) -> list[Path]:
    """Delete the stale temporary files of `folder` (see stale_temp_files); returns those deleted."""
    gone = []
    for path in stale_temp_files(folder, min_age):
        try:
            path.unlink()
            gone.append(path)
        except OSError:
            pass  # another process removed it first, or no permission: doctor reports what stays
    return gone


def save_scenario(sc: Scenario, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write atomically: a temporary file in the same folder, then a rename over the target.

    A new file is created exclusively: the temporary file is hard-linked to the name, which fails with
    FileExistsError when the name exists, also when another process created it a moment ago (an
    exists-check followed by a rename would silently replace that file). overwrite=True replaces an
    existing file (os.replace). Stale temporary files of interrupted saves are removed on the way.
    Raises FileNameTooLong for a name over MAX_NAME_BYTES.
    """
    path = Path(path)
    check_file_name(path.name)
    text = dumps(sc)
    if path.exists() and not overwrite:
        raise FileExistsError(errno.EEXIST, "the file exists; pass overwrite=True to replace it", path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=path.parent)
    try:
        _write_synced(fd, text)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_exclusive(tmp, path, text)
            Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _link_exclusive(tmp: str, path: Path, text: str) -> None:
    """Give the finished temporary file the name `path`, failing if the name exists (atomic, exclusive).

    On a file system without hard links, create the name with O_EXCL and write into it instead."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV):
            raise
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_synced(fd, text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_synced(fd: int, text: str) -> None:
    """Write the text into the open file descriptor and fsync it (closes the descriptor)."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def inline_files(sc: Scenario) -> Scenario:
    """The scenario with the age profile its CSV gave held inline, so that it no longer refers to a
    file: the app keeps scenarios as text without a folder, where a file name cannot be resolved."""
    m = sc.municipality
    if m.age_profile_csv is None:
        return sc
    import dataclasses
    return dataclasses.replace(sc, municipality=dataclasses.replace(m, age_profile_csv=None))
