"""--set KEY=VALUE: parsed and checked against the registry, applied through Scenario.with_changes."""

from __future__ import annotations

import difflib
import math

from sim.cli.common import UserError, plain_number, problem_lines
from sim.i18n import Message, in_lang, t
from sim.parameters import REGISTRY
from sim.scenario import ScenarioError


def _expected(p, series_hint: bool = False) -> Message:
    """What a parameter accepts, e.g. 'a number in 0–3 (×)'."""
    if p.unit == "choice":
        return Message("cli.expected.choice", choices=", ".join(p.choices))
    grouping = p.unit != "year"
    rng = (Message("cli.expected.range", lo=plain_number(p.min, grouping), hi=plain_number(p.max, grouping))
           if p.min is not None and p.max is not None else "")
    what = Message("cli.expected.whole" if p.integer else "cli.expected.number", range=rng, unit=Message(f"unit.{p.unit}"))
    if p.time_varying and series_hint:
        return Message("cli.expected.with_series", what=what, series=Message("cli.expected.series"))
    return what


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
        raise UserError(Message("cli.set.not_a_number", key=key, text=repr(text), expected=_expected(p, True))) from None
    if p.integer and math.isfinite(x) and x.is_integer():
        return int(x)
    return x


def parse_set(item: str) -> tuple[str, object]:
    """'key=value' -> (registry key, value checked against the registry)."""
    if "=" not in item:
        raise UserError(Message("cli.set.no_equals", item=repr(item)))
    key, text = (s.strip() for s in item.split("=", 1))
    p = REGISTRY.get(key)
    if p is None:
        close = difflib.get_close_matches(key, list(REGISTRY), n=3, cutoff=0.6)
        hint = Message("cli.set.did_you_mean", keys=", ".join(close)) if close else ""
        raise UserError(Message("cli.set.unknown", key=key, hint=hint))
    if text == "":
        raise UserError(Message("cli.set.no_value", key=key, expected=_expected(p, True)))
    if p.unit == "choice":
        value = text.strip("'\"")
        problem = p.check(value)
        if problem:
            raise UserError(Message("cli.set.choice_problem", key=key, problem=problem))
        return key, value
    if ":" in text:
        if not p.time_varying:
            raise UserError(Message("cli.set.not_by_year", key=key, expected=_expected(p)))
        series: dict[str, object] = {}
        for part in text.split(","):
            year, sep, num = (s.strip() for s in part.partition(":"))
            if not sep or not (year.isdigit() and len(year) == 4):
                raise UserError(Message("cli.set.not_year_value", key=key, part=repr(part.strip())))
            if year in series:
                raise UserError(Message("cli.set.year_twice", key=key, year=year, text=text))
            x = _parse_number(key, p, num)
            problem = p.check(x)
            if problem:
                raise UserError(Message("cli.set.problem_year", key=key, year=year, problem=problem,
                                        expected=_expected(p)))
            series[year] = x
        return key, series
    x = _parse_number(key, p, text)
    problem = p.check(x)
    if problem:
        raise UserError(Message("cli.set.problem", key=key, problem=problem, expected=_expected(p)))
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
            raise UserError(Message("cli.set.given_twice", key=key))
        changes[key] = value
    try:
        return sc.with_changes(changes)
    except ScenarioError as exc:
        problems = exc.problems
    lever_problems = [(p, m) for p, m in problems if p.startswith("lever.")]
    if lever_problems:
        raise UserError(lambda lang: "\n".join(f"--set {p}: {in_lang(m, lang)}" for p, m in lever_problems))

    def text(lang: str) -> str:
        lines = [t("cli.set.problems", lang, n=len(problems))]
        return "\n".join(lines + problem_lines([(path.removeprefix("parameters."), msg) for path, msg in problems], lang))
    raise UserError(text)
