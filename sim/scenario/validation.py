"""Validation of a parsed scenario dict: every problem is collected with its key path, then raised as one
ScenarioError (nothing is half-applied). Also the file format's keys, limits and schema migrations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sim.i18n import Message
from sim.i18n import DEFAULT_LANG
from sim.model.workforce import CATEGORIES
from sim.parameters import (DISTRIBUTIONS, LEVER_KINDS, REGISTRY, Uncertainty, lever_fields, lever_kind_label,
                            municipality_params, scenario_params)
from sim.scenario.age_profile import read_age_profile, read_inline_profile
from sim.scenario.errors import ScenarioError, Validator, is_finite, short_repr, value_type

SCHEMA_VERSION = 1
MAX_DRAWS = 100_000
MAX_SEED = 2**32 - 1  # seeds are unsigned 32-bit (the CLI's --seed and the app's seed box take this bound)
POPULATION_PATHS = ("size_class", "national", "explicit")
DEFAULT_PRESET = "city_pop_50k_100k"
DEFAULT_POPULATION_PATH = "size_class"

# version n -> function turning a version-n dict into a version-(n+1) dict. No older schema exists
# yet; the first change of the format adds its step here and a fixture of the old format to tests.
MIGRATIONS: dict[int, callable] = {}

_TOP_KEYS = ("schema_version", "metadata", "municipality", "parameters", "levers", "uncertainty")
_META_KEYS = ("name", "description", "author", "created", "app_version", "seed", "draws")
POPULATION_SERIES = ("population_series", "elderly_series", "children_series")  # {year: persons} paths
_MUNI_SPECIAL = ("preset", "name", "code", "area_km2", "population_path", *POPULATION_SERIES,
                 "age_profile_csv", "age_profile")
_LEVER_SPECIAL = ("kind", "name", "enabled")


def validate(data, source: str | None = None, base_dir: str | None = None) -> dict:
    """The fields of a Scenario from a parsed scenario dict, validated (the municipality and each lever as
    a dict of their fields); raise ScenarioError listing every problem."""
    v = Validator()
    if not isinstance(data, dict):
        raise ScenarioError([("", Message("scenario.expected_table_at_top", a0=type(data).__name__))], source)
    data = _migrate(data, v)
    if v.problems:
        raise v.error(source)
    for key in data:
        if key not in _TOP_KEYS:
            v.add(key, Message("scenario.unknown_key_expected_one", a0=', '.join(_TOP_KEYS)))
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
    return dict(municipality=muni, parameters=params, levers=levers, uncertainty=unc, base_dir=base_dir, **meta_out)


def _int_or(val, default):
    if isinstance(val, int) and not isinstance(val, bool):
        return val
    return default


def _migrate(data: dict, v: Validator) -> dict:
    version = data.get("schema_version")
    if version is None:
        v.add("schema_version", Message("scenario.missing_this_version_dx", a0=SCHEMA_VERSION))
        return data
    if isinstance(version, bool) or not isinstance(version, int):
        v.add("schema_version", Message("scenario.expected_whole_number", a0=value_type(version)))
        return data
    if version > SCHEMA_VERSION:
        v.add("schema_version", Message("scenario.version_newer_than_this", a0=version, a1=SCHEMA_VERSION))
        return data
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            v.add("schema_version", Message("scenario.version_not_supported_supported", a0=version, a1=SCHEMA_VERSION))
            return data
        data = step(data)
        version = data["schema_version"]
    return data


def _read_metadata(meta: dict, v: Validator) -> dict:
    out: dict = {}
    for key in meta:
        if key not in _META_KEYS:
            v.add(f"metadata.{key}", Message("scenario.unknown_key_expected_one", a0=', '.join(_META_KEYS)))
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        v.add("metadata.name", Message("scenario.name_required") if name is None
              else Message("scenario.expected_non_empty_string", a0=value_type(name)))
    else:
        out["name"] = name
    for key in ("description", "author", "app_version"):
        if key in meta:
            if isinstance(meta[key], str):
                out[key] = meta[key]
            else:
                v.add(f"metadata.{key}", Message("scenario.expected_string", a0=value_type(meta[key])))
    if "created" in meta:
        c = meta["created"]
        if isinstance(c, (dt.date, dt.datetime)):
            out["created"] = c.isoformat()
        elif isinstance(c, str):
            out["created"] = c
        else:
            v.add("metadata.created", Message("scenario.expected_date", a0=value_type(c)))
    for key, lo, hi in (("seed", 0, MAX_SEED), ("draws", 1, MAX_DRAWS)):
        if key in meta:
            x = meta[key]
            if isinstance(x, bool) or not isinstance(x, int):
                got = repr(x) if isinstance(x, float) else value_type(x)
                v.add(f"metadata.{key}", Message("scenario.expected_whole_number", a0=got))
            elif not lo <= x <= hi:
                v.add(f"metadata.{key}", Message("scenario.outside", a0=x, a1=lo, a2=format(hi, ',')))
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


def _check_value(path: str, param, val, v: Validator):
    """Validate one registry value (scalar or time series); return the clean value or None."""
    if isinstance(val, dict):
        if not param.time_varying:
            v.add(path, Message("scenario.this_parameter_cannot_vary"))
            return None
        if not val:
            v.add(path, Message("scenario.empty_year_table_give"))
            return None
        series = {}
        for year, x in val.items():
            if not _is_year(year):
                v.add(f"{path}.{year}", Message("scenario.expected_fiscal_year_4"))
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


def _read_parameters(table: dict, v: Validator) -> dict:
    allowed = scenario_params()
    out = {}
    seen = set()
    for key, val in _flatten(table):
        path = f"parameters.{key}"
        if key in seen:
            v.add(path, Message("scenario.set_twice_dotted_key"))
            continue
        seen.add(key)
        if key not in allowed:
            hint = " (set municipality figures in [municipality], lever fields in [[levers]])" \
                if key.startswith(("municipality.", "lever.")) else ""
            v.add(path, Message("scenario.unknown_parameter_python_m", a0=hint))
            continue
        clean = _check_value(path, allowed[key], val, v)
        if clean is not None and clean != allowed[key].default:  # defaults are not stored: canonical
            out[key] = clean
    return out


def _check_horizon(params: dict, horizon: tuple[int, int], v: Validator) -> None:
    base, end = horizon
    if end <= base:
        v.add("parameters.simulation.end_year", Message("scenario.must_after_base_year", a0=base))
    target = params.get("simulation.target_year", REGISTRY["simulation.target_year"].default)
    if isinstance(target, int) and not base <= target <= end:
        v.add("parameters.simulation.target_year", Message("scenario.outside_horizon", a0=target, a1=base, a2=end))


def _check_series_years(path: str, series: dict, horizon: tuple[int, int], v: Validator) -> None:
    base, end = horizon
    for year in series:
        if isinstance(year, int) and not base <= year <= end:
            v.add(f"{path}.{year}", Message("scenario.year_outside_horizon", a0=year, a1=base, a2=end))


def _read_series(path: str, val, v: Validator, horizon) -> dict[int, float] | None:
    if not isinstance(val, dict) or not val:
        v.add(path, Message("scenario.expected_table_year_persons", a0=value_type(val)))
        return None
    out = {}
    for year, x in val.items():
        if not _is_year(year):
            v.add(f"{path}.{year}", Message("scenario.expected_fiscal_year_4"))
        elif isinstance(x, bool) or not isinstance(x, (int, float)) or not is_finite(x):
            v.add(f"{path}.{year}", Message("scenario.expected_finite_number_persons", a0=short_repr(x)))
        elif x < 0:
            v.add(f"{path}.{year}", Message("scenario.must_not_negative", a0=x))
        elif x < 1:  # workload is scaled by population ratios: a population of 0 cannot be projected
            v.add(f"{path}.{year}", Message("scenario.must_at_least_1", a0=x))
        else:
            out[int(year)] = x
    _check_series_years(path, out, horizon, v)
    return dict(sorted(out.items())) if len(out) == len(val) else None


def _read_municipality(table: dict, v: Validator, horizon, base_dir: str | None) -> dict:
    """The fields of the Municipality (a dict), validated."""
    from sim.data import presets  # deferred: keeps `import sim.scenario` free of data loading
    fields = municipality_params()
    out: dict = {}
    values: dict = {}
    for key, val in table.items():
        path = f"municipality.{key}"
        if key in _MUNI_SPECIAL:
            continue
        if key not in fields:
            v.add(path, Message("scenario.unknown_key_expected_one", a0=', '.join(list(_MUNI_SPECIAL) + list(fields))))
            continue
        clean = _check_value(path, fields[key], val, v)
        if clean is not None and clean != fields[key].default:
            values[f"municipality.{key}"] = clean
    preset = table.get("preset", DEFAULT_PRESET)
    valid = list(presets().index)
    if not isinstance(preset, str) or preset not in valid:
        v.add("municipality.preset", Message("scenario.not_preset_expected_one", a0=repr(preset), a1=', '.join(valid)))
    else:
        out["preset"] = preset
    if "name" in table:
        if isinstance(table["name"], str):
            out["name"] = table["name"]
        else:
            v.add("municipality.name", Message("scenario.expected_string", a0=value_type(table['name'])))
    if "code" in table:
        code = table["code"]
        if isinstance(code, str) and len(code) == 5 and code.isascii() and code.isdigit():
            out["code"] = code
        else:
            got = repr(code) if isinstance(code, str) else value_type(code)
            v.add("municipality.code", Message("scenario.expected_5_digit_municipality", a0=got))
    if "area_km2" in table:
        area = table["area_km2"]
        if isinstance(area, bool) or not isinstance(area, (int, float)) or not is_finite(area) or area <= 0:
            v.add("municipality.area_km2", Message("scenario.expected_number_km_above", a0=short_repr(area)))
        else:
            out["area_km2"] = area
    path_kind = table.get("population_path", DEFAULT_POPULATION_PATH)
    if path_kind not in POPULATION_PATHS:
        v.add("municipality.population_path", Message("scenario.not_one", a0=repr(path_kind), a1=list(POPULATION_PATHS)))
    else:
        out["population_path"] = path_kind
    for key in POPULATION_SERIES:
        if key in table:
            out[key] = _read_series(f"municipality.{key}", table[key], v, horizon)
    if path_kind == "explicit" and "population_series" not in table:
        v.add("municipality.population_series", Message("scenario.required_when_population_path"))
    if "population_series" in table and path_kind != "explicit":
        v.add("municipality.population_series", Message("scenario.only_used_with_population"))
    staff_keys = [k for k in ("staff_admin", "staff_technical", "staff_digital") if k in table]
    if "age_profile" in table:
        if "age_profile_csv" in table:
            v.add("municipality.age_profile", Message("scenario.give_either_age_profile"))
        if staff_keys:
            v.add("municipality.age_profile", Message("scenario.give_either_age_profile_", a0=', '.join(staff_keys)))
        profile = read_inline_profile(table["age_profile"], v)
        if profile is not None:
            out["age_profile"] = profile
    if "age_profile_csv" in table:
        ref = table["age_profile_csv"]
        if not isinstance(ref, str) or not ref:
            v.add("municipality.age_profile_csv", Message("scenario.expected_file_name", a0=value_type(ref)))
        elif Path(ref).is_absolute() or ".." in Path(ref).parts:
            # A scenario may only point at files beside it: on a shared server, a scenario must not
            # read (and echo) other files of the machine.
            v.add("municipality.age_profile_csv", Message("scenario.give_file_name_relative"))
        elif base_dir is None:
            # An uploaded or linked scenario has no folder of its own: a relative name would resolve
            # against the server's working directory (and echo its files in the error).
            v.add("municipality.age_profile_csv", Message("scenario.scenario_that_not_file"))
        elif not _inside(Path(base_dir), ref):
            v.add("municipality.age_profile_csv", Message("scenario.file_outside_scenario_s"))
        else:
            out["age_profile_csv"] = ref
            if staff_keys:
                v.add("municipality.age_profile_csv", Message("scenario.give_either_age_profile_", a0=', '.join(staff_keys)))
            profile = read_age_profile(Path(base_dir) / ref, v, "municipality.age_profile_csv")
            if profile is not None:
                out["age_profile"] = profile
    _check_some_staff(out, values, v)
    return dict(values=values, **out)


def _inside(folder: Path, ref: str) -> bool:
    """True when folder/ref, symbolic links followed, stays inside folder."""
    try:
        return (folder / ref).resolve().is_relative_to(folder.resolve())
    except ValueError:  # a NUL in the name: nothing can be opened, the read says "cannot read file"
        return True
    except (OSError, RuntimeError):  # a link loop
        return False


def _check_some_staff(out: dict, values: dict, v: "Validator") -> None:
    """A municipality with no staff at all has no workload to scale: refuse it by name."""
    if "age_profile" in out:
        if sum(map(sum, out["age_profile"])) <= 0:
            v.add("municipality.age_profile", Message("scenario.age_profile_counts_no"))
        return
    keys = [f"municipality.staff_{c}" for c in CATEGORIES]
    if not all(k in values for k in keys):
        preset = out.get("preset", DEFAULT_PRESET)
        from sim import data  # deferred, as above
        if preset not in data.presets().index:
            return  # reported elsewhere
        row = data.presets().loc[preset]
        total = sum(values.get(k, row[REGISTRY[k].preset_field]) for k in keys)
    else:
        total = sum(values[k] for k in keys)
    if total <= 0:
        v.add("municipality.staff_admin", Message("scenario.staff_figures_add_up"))


def _read_levers(items, v: Validator) -> tuple[dict, ...]:
    """The fields of each Lever (a dict each), validated."""
    if not isinstance(items, list):
        v.add("levers", Message("scenario.expected_array_tables_levers", a0=value_type(items)))
        return ()
    out = []
    for i, item in enumerate(items):
        path = f"levers[{i}]"
        if not isinstance(item, dict):
            v.add(path, Message("scenario.expected_table", a0=value_type(item)))
            continue
        kind = item.get("kind")
        if "kind" not in item:
            v.add(f"{path}.kind", Message("scenario.missing_give_kind_one", a0=', '.join(LEVER_KINDS)))
            continue
        if not isinstance(kind, str) or kind not in LEVER_KINDS:
            v.add(f"{path}.kind", Message("scenario.not_lever_kind_expected", a0=repr(kind), a1=', '.join(LEVER_KINDS)))
            continue
        specs = lever_fields(kind)
        name = item.get("name", lever_kind_label(kind, DEFAULT_LANG))
        if not isinstance(name, str) or not name.strip():
            v.add(f"{path}.name", Message("scenario.expected_non_empty_string", a0=value_type(name)))
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            v.add(f"{path}.enabled", Message("scenario.expected_true_or_false", a0=value_type(enabled)))
        fields = {}
        for key, val in item.items():
            if key in _LEVER_SPECIAL:
                continue
            if key not in specs:
                v.add(f"{path}.{key}", Message("scenario.unknown_field_for_lever", a0=kind, a1=', '.join(specs)))
                continue
            clean = _check_value(f"{path}.{key}", specs[key], val, v)
            if clean is not None and clean != specs[key].default:
                fields[key] = clean
        out.append(dict(kind=kind, name=name if isinstance(name, str) else kind, fields=fields,
                        enabled=enabled if isinstance(enabled, bool) else True))
    return tuple(out)


def _unused_by_draws(key: str, params: dict, muni: dict) -> Message | None:
    """Why an [uncertainty] entry on a samplable key would have no effect in this scenario, or None."""
    if isinstance(params.get(key), dict):
        return Message("scenario.unused.by_year", key=key)
    if key == "municipality.population" and muni.get("population_path", DEFAULT_POPULATION_PATH) == "explicit":
        return Message("scenario.unused.population")
    if key == "municipality.share_65plus" and muni.get("elderly_series"):
        return Message("scenario.unused.share_65plus")
    if key.startswith("municipality.staff_") and muni.get("age_profile") is not None:
        return Message("scenario.unused.staff", key=key)
    return None


def _read_uncertainty(table: dict, v: Validator, params: dict | None = None,
                      muni: dict | None = None) -> dict[str, Uncertainty]:
    params = params or {}
    muni = muni or {}
    out = {}
    for key, spec in table.items():
        path = f"uncertainty.{key}"
        param = REGISTRY.get(key)
        if param is None or not param.numeric:
            v.add(path, Message("scenario.not_numeric_parameter_registry"))
            continue
        if not param.samplable:
            v.add(path, Message("scenario.cannot_uncertain_it_structural", a0=key))
            continue
        unused = _unused_by_draws(key, params, muni)
        if unused:
            v.add(path, unused)
            continue
        if not isinstance(spec, dict):
            v.add(path, Message("scenario.expected_table_like_dist", a0=value_type(spec)))
            continue
        unknown = set(spec) - {"dist", "low", "mode", "high", "sd"}
        for k in sorted(unknown, key=str):
            v.add(f"{path}.{k}", Message("scenario.unknown_key_expected_dist"))
        dist = spec.get("dist")
        if dist not in DISTRIBUTIONS:
            v.add(f"{path}.dist", Message("scenario.not_one", a0=repr(dist), a1=list(DISTRIBUTIONS)))
            continue
        nums = {}
        for k in ("low", "mode", "high", "sd"):
            if k in spec:
                x = spec[k]
                if isinstance(x, bool) or not isinstance(x, (int, float)) or not is_finite(x):
                    v.add(f"{path}.{k}", Message("scenario.expected_finite_number", a0=short_repr(x)))
                else:
                    nums[k] = float(x)
        need = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"), "pert": ("low", "mode", "high"),
                "truncnormal": ("low", "mode", "high", "sd"), "lognormal": ("low", "mode", "high", "sd")}[dist]
        missing = [k for k in need if k not in spec]
        if missing:
            v.add(path, Message("scenario.distribution_needs_missing", a0=dist, a1=', '.join(need), a2=', '.join(missing)))
            continue
        if len(nums) < len([k for k in spec if k != "dist" and k not in unknown]):
            continue
        lo, hi = nums["low"], nums["high"]
        mode = nums.get("mode")
        if not lo < hi:
            v.add(path, Message("scenario.low_must_below_high", a0=format(lo, 'g'), a1=format(hi, 'g')))
            continue
        if mode is not None and not lo <= mode <= hi:
            v.add(f"{path}.mode", Message("scenario.outside_low_high", a0=format(mode, 'g'), a1=format(lo, 'g'), a2=format(hi, 'g')))
            continue
        if "sd" in nums and nums["sd"] <= 0:
            v.add(f"{path}.sd", Message("scenario.must_positive"))
            continue
        if dist == "lognormal" and (mode is None or mode <= 0):
            v.add(f"{path}.mode", Message("scenario.lognormal_median_must_positive"))
            continue
        if (param.min is not None and lo < param.min) or (param.max is not None and hi > param.max):
            v.add(path, Message("scenario.bounds_leave_parameter_s", a0=format(lo, 'g'), a1=format(hi, 'g'), a2=format(param.min, 'g'), a3=format(param.max, 'g')))
            continue
        out[key] = Uncertainty(dist, lo, hi, mode=mode, sd=nums.get("sd"), source="scenario")
    return out
