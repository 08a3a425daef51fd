"""--set KEY=VALUE: parsed and checked against the registry, applied through Scenario.with_changes."""

from __future__ import annotations

import difflib
import math

from sim.cli.common import UserError, plain_number, problem_lines
from sim.parameters import REGISTRY, UNITS
from sim.scenario import ScenarioError


def _expected(p, series_hint: bool = False) -> str:
    """What a parameter accepts, e.g. 'a number in 0–3 (×)'."""
    if p.unit == "choice":
        return "one of " + ", ".join(p.choices)
    unit = UNITS[p.unit][1]
    whole = "a whole number" if p.integer else "a number"
    grouping = p.unit != "year"
    rng = (f" in {plain_number(p.min, grouping)}–{plain_number(p.max, grouping)}"
           if p.min is not None and p.max is not None else "")
    series = "; by year as 2025:10,2030:20" if p.time_varying and series_hint else ""
    return f"{whole}{rng} ({unit}){series}"


def _parse_number(key: str, p, text: str):
    """int for an integral literal (or an integral value of an integer parameter), else float."""
    clean = text.replace("_", "")
    try:
        return int(clean)
    except ValueError:
        pass
    try:
        x = float(clean)
    except ValueError:
        raise UserError(f"--set {key}: {text!r} is not a number; expected {_expected(p, True)}") from None
    if p.integer and math.isfinite(x) and x.is_integer():
        return int(x)
    return x


def parse_set(item: str) -> tuple[str, object]:
    """'key=value' -> (registry key, value checked against the registry)."""
    if "=" not in item:
        raise UserError(f"--set {item!r}: expected key=value, e.g. workforce.exit_rate_multiplier=1.5")
    key, text = (s.strip() for s in item.split("=", 1))
    p = REGISTRY.get(key)
    if p is None:
        close = difflib.get_close_matches(key, list(REGISTRY), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UserError(f"--set {key}: unknown parameter{hint}; `python -m sim params` lists them")
    if text == "":
        raise UserError(f"--set {key}: no value given; expected {_expected(p, True)}")
    if p.unit == "choice":
        value = text.strip("'\"")
        problem = p.check(value)
        if problem:
            raise UserError(f"--set {key}: {problem}")
        return key, value
    if ":" in text:
        if not p.time_varying:
            raise UserError(f"--set {key}: this parameter cannot vary by year; expected {_expected(p)}")
        series: dict[str, object] = {}
        for part in text.split(","):
            year, sep, num = (s.strip() for s in part.partition(":"))
            if not sep or not (year.isdigit() and len(year) == 4):
                raise UserError(f"--set {key}: {part.strip()!r} is not year:value; write e.g. {key}=2025:10,2030:20")
            if year in series:
                raise UserError(f"--set {key}: year {year} is given twice ({text}); give each year once")
            x = _parse_number(key, p, num)
            problem = p.check(x)
            if problem:
                raise UserError(f"--set {key} ({year}): {problem}; expected {_expected(p)}")
            series[year] = x
        return key, series
    x = _parse_number(key, p, text)
    problem = p.check(x)
    if problem:
        raise UserError(f"--set {key}: {problem}; expected {_expected(p)}")
    return key, x


def apply_sets(sc, items: list[str] | None):
    """The scenario with the --set values applied through Scenario.with_changes, validated as a whole
    (raises UserError)."""
    if not items:
        return sc
    changes: dict = {}
    for item in items:
        key, value = parse_set(item)
        if key in changes:
            raise UserError(f"--set {key}: given twice; give each key once")
        changes[key] = value
    try:
        return sc.with_changes(changes)
    except ScenarioError as exc:
        lever_problems = [(p, m) for p, m in exc.problems if p.startswith("lever.")]
        if lever_problems:
            raise UserError("\n".join(f"--set {p}: {m}" for p, m in lever_problems)) from None
        n = len(exc.problems)
        lines = [f"the --set values make the scenario invalid ({n} problem{'s' if n != 1 else ''}):"]
        lines += problem_lines([(path.removeprefix("parameters."), msg) for path, msg in exc.problems])
        raise UserError("\n".join(lines)) from None
