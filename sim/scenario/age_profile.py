"""Staff by age and category: the age-profile CSV (age, admin, technical, digital) and the inline table
of a scenario file (municipality.age_profile)."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from sim.i18n import Message, message_of
from sim.model.workforce import CATEGORIES, N_AGES
from sim.scenario.errors import Validator, is_finite, short_repr, value_type
from sim.scenario.files import MAX_FILE_BYTES, InputFileError, read_regular_file


def read_inline_profile(val, v: Validator):
    path = "municipality.age_profile"
    if not isinstance(val, dict):
        v.add(path, Message("scenario.expected_table_staff_counts", a0=', '.join(CATEGORIES), a1=N_AGES, a2=value_type(val)))
        return None
    for key in val:
        if key not in CATEGORIES:
            v.add(f"{path}.{key}", Message("scenario.unknown_key_expected", a0=', '.join(CATEGORIES)))
    rows = []
    for cat in CATEGORIES:
        counts = val.get(cat)
        if not isinstance(counts, list) or len(counts) != N_AGES:
            got = f"{len(counts)} values" if isinstance(counts, list) else value_type(counts)
            v.add(f"{path}.{cat}", Message("scenario.expected_staff_counts_ages", a0=N_AGES, a1=got))
            return None
        bad = [i for i, x in enumerate(counts)
               if isinstance(x, bool) or not isinstance(x, (int, float)) or not is_finite(x) or x < 0]
        if bad:
            v.add(f"{path}.{cat}", Message("scenario.age_expected_finite_count", a0=18 + bad[0], a1=short_repr(counts[bad[0]])))
            return None
        rows.append(tuple(counts))
    if sum(map(sum, rows)) <= 0:
        v.add(path, Message("scenario.profile_has_no_staff"))
        return None
    return tuple(rows)


def age_profile_from_csv(raw: bytes, name: str = "age_profile.csv"):
    """Parse an uploaded age × category CSV; raises ScenarioError listing every bad row."""
    v = Validator()
    profile = parse_age_profile(raw, v, f"age_profile ({name})")
    if v.problems:
        raise v.error(name)
    return profile


def read_age_profile(path: Path, v: Validator | None = None, key: str = "age_profile_csv"):
    """Read an age × category CSV (columns age, admin, technical, digital; staff counts).

    Returns ((admin counts for ages 18..70), (technical …), (digital …)). Problems go to `v`,
    or raise ScenarioError when no validator is given.
    """
    own = v is None
    v = v or Validator()
    label = f"{key} ({path.name})"
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        v.add(label, message_of(exc))
        return _finish(own, v)
    profile = parse_age_profile(raw, v, label)
    return _finish(own, v, profile)


def parse_age_profile(raw: bytes, v: Validator, label: str = "age_profile"):
    if len(raw) > MAX_FILE_BYTES:
        v.add(label, Message("scenario.file_bytes_limit", a0=format(len(raw), ','), a1=format(MAX_FILE_BYTES, ',')))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        v.add(label, Message("scenario.not_utf_8_text"))
        return None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        v.add(label, Message("scenario.not_readable_csv", a0=exc))
        return None
    if not rows:
        v.add(label, Message("scenario.file_empty"))
        return None
    header = [h.strip() for h in rows[0]]
    expected = ["age", *CATEGORIES]
    if header != expected:
        v.add(label, Message("scenario.header_must", a0=','.join(expected), a1=','.join(header)))
        return None
    counts = {c: [0.0] * N_AGES for c in CATEGORIES}
    seen = set()
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            v.add(f"{label} line {line_no}", Message("scenario.expected_4_values", a0=len(row)))
            continue
        try:
            age = int(row[0])
        except ValueError:
            v.add(f"{label} line {line_no}", Message("scenario.age_not_whole_number", a0=repr(row[0])))
            continue
        if not 18 <= age <= 70:
            v.add(f"{label} line {line_no}", Message("scenario.age_outside_18_70", a0=age))
            continue
        if age in seen:
            v.add(f"{label} line {line_no}", Message("scenario.age_appears_twice", a0=age))
            continue
        seen.add(age)
        for cat, cell in zip(CATEGORIES, row[1:]):
            try:
                x = float(cell)
            except ValueError:
                v.add(f"{label} line {line_no}", Message("scenario.not_number", a0=cat, a1=repr(cell)))
                continue
            if not math.isfinite(x) or x < 0:
                v.add(f"{label} line {line_no}", Message("scenario.must_finite_count_0", a0=cat, a1=cell))
                continue
            counts[cat][age - 18] = int(x) if x.is_integer() else x
    if not seen:
        v.add(label, Message("scenario.no_data_rows"))
    elif sum(sum(c) for c in counts.values()) <= 0:
        v.add(label, Message("scenario.profile_has_no_staff"))
    return tuple(tuple(counts[c]) for c in CATEGORIES)


def _finish(own: bool, v: Validator, result=None):
    if own and v.problems:
        raise v.error()
    return None if v.problems else result
