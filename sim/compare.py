"""Comparison of scenarios: KPIs side by side with differences, and the inputs that differ.

Shared by the CLI (`python -m sim compare`) and the app's compare page. Pure functions over
Results and Scenario objects; values stay raw (numbers, strings, {year: value} series, None),
formatting is the caller's job (sim.units.format_value).
"""

from __future__ import annotations

import pandas as pd

from sim.i18n import in_each_lang, labels, t
from sim.parameters import REGISTRY, lever_fields, lever_kind_label
from sim.scenario import Scenario

# Rows of the input comparison that are not registry parameters: key -> unit (names: input.<key> in
# sim/text/inputs.py). Units beyond the registry's: preset (a preset key), text, flag (lever: True on, False off,
# None absent), profile (total staff of an age profile, None when not given), population_path (a key of
# sim.scenario.POPULATION_PATHS), uncertainty (Uncertainty.as_dict()).
SPECIAL_ROWS = {
    "metadata.draws": "text",
    "metadata.seed": "text",
    "municipality.preset": "preset",
    "municipality.name": "text",
    "municipality.population_path": "population_path",
    "municipality.population_series": "persons",
    "municipality.elderly_series": "persons",
    "municipality.age_profile": "profile",
}


def kpi_table(results_list, names: list[str]) -> pd.DataFrame:
    """KPI values side by side (P50 with draws > 1) plus differences to the first scenario.

    Columns: key, label_ja, label_en, unit, one per name, then 'Δ <name>' for every name but the first;
    with draws > 1, also 'never_share <name>': for a year KPI, the share of that scenario's draws in
    which the year is not reached within the horizon (its P50 is over the other draws)."""
    base = results_list[0].kpis
    table = base[["key", "label_ja", "label_en", "unit"]].copy()
    for name, res in zip(names, results_list):
        table[name] = res.kpis["value"].to_numpy()
    for name in names[1:]:
        table[f"Δ {name}"] = table[name] - table[names[0]]
    for name, res in zip(names, results_list):
        if "never_share" in res.kpis:  # several draws
            table[f"never_share {name}"] = res.kpis["never_share"].to_numpy()
    return pd.DataFrame(table)


def _comparable(x):
    """A hashable, order-free form of a value, so that equal inputs compare equal."""
    if isinstance(x, dict):
        try:  # a {year: value} series
            return tuple(sorted((int(y), float(v)) for y, v in x.items()))
        except (TypeError, ValueError):  # an uncertainty: {"dist": ..., "low": ..., ...}
            return tuple(sorted((str(k), _comparable(v)) for k, v in x.items()))
    if isinstance(x, (list, tuple)):
        return tuple(_comparable(v) for v in x)
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, (int, float)):
        return float(x)
    return repr(x)


def _lever_identities(scenarios: list[Scenario]) -> list[tuple[str, int]]:
    """(kind, n-th lever of that kind) in order of first appearance: levers are matched by kind and
    position within the kind, not by name (a renamed lever is the same lever with another name)."""
    out: list[tuple[str, int]] = []
    for sc in scenarios:
        seen: dict[str, int] = {}
        for lev in sc.levers:
            n = seen.get(lev.kind, 0)
            seen[lev.kind] = n + 1
            if (lev.kind, n) not in out:
                out.append((lev.kind, n))
    return out


def _find_lever(sc: Scenario, ident: tuple[str, int]):
    kind, n = ident
    matches = [lev for lev in sc.levers if lev.kind == kind]
    return matches[n] if n < len(matches) else None


def _input_rows(scenarios: list[Scenario]) -> list[tuple[str, str, dict[str, str], list]]:
    """Every comparable input as (key, unit, {label_ja, label_en}, values per scenario)."""
    rows: list[tuple[str, str, dict[str, str], list]] = []

    def special(key: str, values: list) -> None:
        rows.append((key, SPECIAL_ROWS[key], labels(f"input.{key}"), values))

    special("metadata.draws", [sc.draws for sc in scenarios])
    special("metadata.seed", [sc.seed for sc in scenarios])
    munis = [sc.municipality for sc in scenarios]
    special("municipality.preset", [m.preset for m in munis])
    special("municipality.name", [m.name for m in munis])
    special("municipality.population_path", [m.population_path for m in munis])
    special("municipality.population_series", [m.population_series for m in munis])
    special("municipality.elderly_series", [m.elderly_series for m in munis])
    special("municipality.age_profile",
            [None if m.age_profile is None else float(sum(map(sum, m.age_profile))) for m in munis])
    for key, p in REGISTRY.items():
        if p.group == "municipality":
            values = [m.values.get(key, p.default) for m in munis]
        else:
            values = [sc.value(key) for sc in scenarios]
        rows.append((key, p.unit, in_each_lang(p.label), values))

    idents = _lever_identities(scenarios)
    for ident in idents:
        kind, n = ident
        levers = [_find_lever(sc, ident) for sc in scenarios]
        several = sum(k == kind for k, _ in idents) > 1

        def kind_name(lang: str, kind=kind, n=n, several=several) -> str:
            name = lever_kind_label(kind, lang)
            return t("input.lever_numbered", lang, kind=name, n=n + 1) if several else name
        base_key = f"levers.{kind}.{n + 1}"
        rows.append((base_key, "flag", in_each_lang(lambda lang: t("input.lever", lang, kind=kind_name(lang))),
                     [None if lev is None else lev.enabled for lev in levers]))
        names = [None if lev is None else lev.name for lev in levers]
        if len({n for n in names if n is not None}) > 1:  # renamed: a row of its own (not when only added)
            rows.append((f"{base_key}.name", "text",
                         in_each_lang(lambda lang: t("input.lever_name", lang, kind=kind_name(lang))), names))
        specs = lever_fields(kind)
        changed = [f for f in specs if any(lev is not None and f in lev.fields for lev in levers)]
        for f in changed:
            p = specs[f]
            values = [None if lev is None else lev.fields.get(f, sc.value(p.key))
                      for lev, sc in zip(levers, scenarios)]
            rows.append((f"{base_key}.{f}", p.unit, in_each_lang(
                lambda lang, p=p: t("input.lever_field", lang, kind=kind_name(lang), label=p.label(lang))), values))

    unc_keys = sorted({k for sc in scenarios for k in sc.uncertainty})
    for key in unc_keys:
        p = REGISTRY.get(key)
        rows.append((f"uncertainty.{key}", "uncertainty",
                     in_each_lang(lambda lang, p=p, key=key: t("input.uncertainty", lang, label=p.label(lang) if p else key)),
                     [sc.uncertainty[key].as_dict() if key in sc.uncertainty else None for sc in scenarios]))
    return rows


def input_differences(scenarios: list[Scenario], names: list[str]) -> pd.DataFrame:
    """The inputs whose value differs between any of the scenarios.

    Columns: key, unit, label_ja, label_en, then one column per name holding the raw value
    (number, string, {year: value} series, bool for a lever's presence, or None: not given / absent).
    Registry keys 'municipality.*' hold None where the preset supplies the value."""
    if len(scenarios) != len(names):
        raise ValueError("one name per scenario")
    records = []
    for key, unit, label_cols, values in _input_rows(scenarios):
        if len({_comparable(v) for v in values}) > 1:
            records.append({"key": key, "unit": unit, **label_cols,
                            **dict(zip(names, values))})
    columns = ["key", "unit", "label_ja", "label_en", *names]
    return pd.DataFrame(records, columns=columns).astype({n: object for n in names})

