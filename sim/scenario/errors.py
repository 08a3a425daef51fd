"""The scenario's error type and the collector that gathers every problem before one is raised."""

from __future__ import annotations

import math

from sim.i18n import Message

MAX_PROBLEMS = 100           # problems listed in one ScenarioError; the rest are counted


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


class Validator:
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
                self.add(key, Message("scenario.missing_table"))
            return {}
        val = data[key]
        if not isinstance(val, dict):
            self.add(key, Message("scenario.expected_table", a0=value_type(val)))
            return {}
        return val


def value_type(val) -> str:
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


def is_finite(x) -> bool:
    """math.isfinite that also takes ints too large for a float (they are never a valid figure)."""
    return abs(x) <= 10**15 if isinstance(x, int) else math.isfinite(x)


def short_repr(x) -> str:
    """repr() that neither raises nor prints thousands of digits for a huge int."""
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 10**15:
        return f"a {x.bit_length() * 30103 // 100000 + 1}-digit number"
    r = repr(x)
    return r if len(r) <= 80 else r[:77] + "..."
