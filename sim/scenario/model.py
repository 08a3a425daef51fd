"""The scenario model: Lever, Municipality and Scenario (frozen data classes), the registry defaults a
scenario falls back on, and the one way to change a scenario — with_changes and the lever methods, each
returning a validated copy. to_dict / from_dict convert to and from the canonical dict of a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim import __version__
from sim.model.workforce import CATEGORIES
from sim.parameters import REGISTRY, Uncertainty, lever_fields
from sim.scenario.errors import ScenarioError
from sim.scenario.validation import (DEFAULT_POPULATION_PATH, DEFAULT_PRESET, POPULATION_SERIES, SCHEMA_VERSION,
                                     validate)


def lever_ref(name: str) -> tuple[int | None, str] | None:
    """(index, field) of a name "levers[i].field" — how Monte-Carlo samples and with_changes address one
    lever — with index None when it is not a number; None for any other name."""
    if not (name.startswith("levers[") and "]." in name):
        return None
    index, field_name = name[len("levers["):].split("].", 1)
    return (int(index) if index.isdigit() else None), field_name


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
    preset: str = DEFAULT_PRESET
    name: str = ""
    code: str = ""                  # 全国地方公共団体コード, 5 digits without the check digit (e.g. "01100")
    area_km2: float | None = None   # area in km² (informational; from SSDSE-A B1101)
    population_path: str = DEFAULT_POPULATION_PATH
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
            from sim import data  # deferred: keeps `import sim.scenario` free of data loading
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


def from_dict(data, source: str | None = None, base_dir: str | None = None) -> Scenario:
    """Validate a parsed scenario dict; raise ScenarioError listing every problem."""
    fields = validate(data, source, base_dir)
    fields["municipality"] = Municipality(**fields["municipality"])
    fields["levers"] = tuple(Lever(**lever) for lever in fields["levers"])
    return Scenario(**fields)


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
    if m.population_path != DEFAULT_POPULATION_PATH:
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
