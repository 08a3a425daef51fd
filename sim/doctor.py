"""Self-check: `python -m sim doctor` verifies the bundled data, the built-in scenarios and the library folder.

Each problem is reported as ``file:line: message`` (the line when it is known: the parser's line for a
TOML syntax error, the header line for a missing column, the row for a bad source id; for scenario
validation problems the key path, with the line of that key when it can be found in the file).
No streamlit, no network; reads only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sim.i18n import DEFAULT_LANG, Message, in_lang, t
from sim.model.kpis import KPIS

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

# bundled table -> columns the loaders in sim.data need
REQUIRED_COLUMNS = {
    "presets.csv": ("key", "label_ja", "label_en", "projection_class", "population", "share_65plus", "share_0_14",
                    "staff_admin", "staff_technical", "staff_digital", "elasticity_population",
                    "it_cost_per_resident_yen", "source_ids"),
    "births_japan.csv": ("year", "births", "verification", "source_ids"),
    "population_national_ipss2023.csv": ("year", "population", "pop_0_14", "pop_15_64", "pop_65plus", "source_ids"),
    "population_size_class_ipss2023.csv": ("size_class", "class_order", "year", "median_index",
                                           "median_share_65plus", "median_share_15_64", "source_ids"),
    "exit_rates_fy2018.csv": ("age_from", "age_to", "rate", "source_ids"),
    "retirement_age_schedule.csv": ("first_fiscal_year", "retirement_age", "source_ids"),
    "default_age_profile.csv": ("age", "admin", "technical", "digital"),
}
# KPIs every built-in scenario must have as a finite number: those the catalogue does not allow to be
# undefined (first_gap_year, payback_year and B/C may be: no gap, no payback, no cost)
FINITE_KPIS = tuple(k.key for k in KPIS if not k.may_be_undefined)
# files with one row per municipality: never copied into data/ as they are (the two official ones ship
# gzip-compressed in data/municipal/, checked by _check_bundled_municipal)
PER_MUNICIPALITY_FILES = ("ssdse_a_2025_original_cp932.csv", "municipalities_ssdse_extract.csv",
                          "ipss_municipal_projection_2023.csv", "ipss_municipal_projection_2023.json")
_SOURCE_ID = re.compile(r"[A-Za-z0-9_]+")
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """file[:line]: message, the message in `lang` when it is a catalogue Message."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {in_lang(self.message, lang)}"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def clear_data_caches() -> None:
    """Forget every table sim.data has read (after its DATA_DIR changed, or before a fresh check)."""
    from sim import data
    for name in dir(data):
        fn = getattr(data, name)
        if callable(getattr(fn, "cache_clear", None)):
            fn.cache_clear()


# --- bundled data ---------------------------------------------------------------------------------

def check_data(data_dir: Path | None = None, shared: Path | None = SHARED_DATA) -> tuple[list[Problem], list[str]]:
    """Problems in the bundled tables, and notes (checks skipped)."""
    from sim import data
    data_dir = Path(data_dir or data.DATA_DIR)
    problems: list[Problem] = []
    notes: list[str] = []
    clear_data_caches()
    try:
        known_ids = data.source_ids()
    except OSError as exc:
        problems.append(Problem(_rel(data_dir / "SOURCES.md"), None, f"cannot read: {exc.strerror or exc}"))
        known_ids = None
    csvs = sorted(data_dir.rglob("*.csv"))
    for name in REQUIRED_COLUMNS:
        if not (data_dir / name).is_file():
            problems.append(Problem(_rel(data_dir / name), None, "missing bundled table"))
    for path in csvs:
        problems += _check_csv(path, REQUIRED_COLUMNS.get(path.relative_to(data_dir).as_posix()), known_ids)
    problems += _check_loaders(data_dir)
    clear_data_caches()
    # no per-municipality file copied into data/ (they stay in ../shared/data)
    if shared is not None and Path(shared).is_dir():
        forbidden = {_sha256(p): p.name for p in Path(shared).rglob("*")
                     if p.is_file() and p.name in PER_MUNICIPALITY_FILES}
        for p in sorted(data_dir.rglob("*")):
            if p.is_file() and _sha256(p) in forbidden:
                problems.append(Problem(_rel(p), None, f"a copy of the per-municipality file {forbidden[_sha256(p)]}; "
                                                       "such files stay outside the project (import them instead)"))
    else:
        notes.append(Message("doctor.copy_check_skipped", path=str(shared)))
    problems += _check_bundled_municipal(data_dir, notes)
    return problems, notes


def _check_bundled_municipal(data_dir: Path, notes: list[str]) -> list[Problem]:
    """The official per-municipality files may ship in data/municipal/ only gzip-compressed and
    unchanged (sim.municipal.BUNDLED_SHA256); a missing one is a note (the app then asks for it)."""
    import gzip
    from sim.municipal import BUNDLED_SHA256
    problems = []
    folder = data_dir / "municipal"
    for name, want in BUNDLED_SHA256.items():
        path = folder / name
        if not path.is_file():
            notes.append(Message("doctor.not_bundled", path=_rel(path)))
            continue
        try:
            got = hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()
        except (OSError, EOFError) as exc:
            problems.append(Problem(_rel(path), None, f"cannot unpack: {exc}"))
            continue
        if got != want:
            problems.append(Problem(_rel(path), None, f"unpacked sha256 {got} is not the documented {want} "
                                                      "(data/SOURCES.md): the bundled copy must be the published file"))
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name not in BUNDLED_SHA256:
                problems.append(Problem(_rel(path), None, "not one of the documented bundled files "
                                                          f"({', '.join(BUNDLED_SHA256)})"))
    return problems


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_csv(path: Path, required, known_ids) -> list[Problem]:
    name = _rel(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return [Problem(name, None, f"cannot read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return [Problem(name, text_line(path.read_bytes(), exc.start), "not UTF-8 text")]
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        return [Problem(name, None, f"not a readable CSV: {exc}")]
    if not rows:
        return [Problem(name, None, "empty file")]
    header = [h.strip() for h in rows[0]]
    out = []
    if required:
        missing = [c for c in required if c not in header]
        if missing:
            out.append(Problem(name, 1, f"missing column(s): {', '.join(missing)}"))
    for i, row in enumerate(rows[1:], start=2):
        if row and len(row) != len(header):
            out.append(Problem(name, i, f"{len(row)} fields, the header has {len(header)}"))
    if known_ids is not None and "source_ids" in header:
        col = header.index("source_ids")
        for i, row in enumerate(rows[1:], start=2):
            if len(row) > col:
                for entry in filter(None, (s.strip() for s in row[col].split(";"))):
                    m = _SOURCE_ID.match(entry)  # an id, optionally with a note: "S08 (general admin only)"
                    sid = m.group(0) if m else entry
                    if sid not in known_ids:
                        out.append(Problem(name, i, f"source id {sid!r} is not defined in data/SOURCES.md"))
    return out


def text_line(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1


def _check_loaders(data_dir: Path) -> list[Problem]:
    """Load every table through sim.data, as the model does."""
    from sim import data
    checks = {
        "presets.csv": lambda: data.presets(),
        "population_national_ipss2023.csv": lambda: data.national_projection(),
        "population_size_class_ipss2023.csv": lambda: [data.size_class_projection(c)
                                                       for c in data.presets()["projection_class"].unique()],
        "exit_rates_fy2018.csv": lambda: data.exit_rates_by_age(),
        "retirement_age_schedule.csv": lambda: data.retirement_schedule(),
        "default_age_profile.csv": lambda: data.default_age_profile(),
    }
    out = []
    for name, fn in checks.items():
        if not (data_dir / name).is_file():
            continue
        try:
            result = fn()
            _assert_finite(name, result)
        except Exception as exc:  # noqa: BLE001 - any failure of a loader is a data problem to report
            msg = str(exc).splitlines()[0] if str(exc) else ""
            m = re.search(r"line (\d+)", str(exc))
            out.append(Problem(_rel(data_dir / name), int(m.group(1)) if m else None,
                               f"does not load through sim.data: {type(exc).__name__}: {msg}"))
    return out


def _assert_finite(name: str, result) -> None:
    import numpy as np
    import pandas as pd
    items = result if isinstance(result, list) else [result]
    for item in items:
        if isinstance(item, pd.DataFrame):
            nums = item.select_dtypes("number")
            if name == "presets.csv":
                nums = nums[[c for c in ("population", "share_65plus", "staff_admin", "staff_technical",
                                         "staff_digital") if c in nums]]
            arr = nums.to_numpy(dtype=float)
        else:
            arr = np.asarray(item, dtype=float)
        if arr.size == 0:
            raise ValueError("no rows")
        if not np.isfinite(arr).all():
            raise ValueError("missing or non-finite numbers")
        if (arr < 0).any():
            raise ValueError("negative numbers")


# --- scenarios -------------------------------------------------------------------------------------

def key_line(text: str, path: str) -> int | None:
    """Best effort: the line of the key a problem path names (the last plain key; only when unique)."""
    parts = [p for p in re.split(r"[.\[\]]", path) if p and not p.isdigit()]
    if not parts:
        return None
    key = parts[-1]
    pat = re.compile(rf'^\s*("?{re.escape(key)}"?)\s*=|^\s*\[+\s*"?{re.escape(path)}"?\s*\]+', re.MULTILINE)
    hits = [text.count("\n", 0, m.start()) + 1 for m in pat.finditer(text)]
    return hits[0] if len(hits) == 1 else None


def check_scenario_file(path: Path, run: bool = False) -> list[Problem]:
    from sim.inputs import resolve
    from sim.scenario import MAX_FILE_BYTES, ScenarioError, load_scenario, read_regular_file
    name = _rel(path)
    try:
        sc = load_scenario(path)
        resolve(sc, draws=1)
    except ScenarioError as err:
        try:  # a regular file within the size limit only: a FIFO here must not block the check
            text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8", "replace")
        except ValueError:
            text = ""
        out = []
        for key, msg in err.problems:
            m = _TOML_LINE.search(msg) if not key else None
            line = int(m.group(1)) if m else (key_line(text, key) if key else None)
            out.append(Problem(name, line, Message("doctor.keyed", key=key, msg=msg) if key else msg))
        return out
    except Exception as exc:  # noqa: BLE001 - e.g. a broken data table: reported, not raised
        return [Problem(name, None, Message("doctor.does_not_load", error=f"{type(exc).__name__}: {exc}"))]
    if not run:
        return []
    from sim.engine import run as run_scenario
    try:
        res = run_scenario(sc, draws=1)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return [Problem(name, None, Message("doctor.does_not_run", error=f"{type(exc).__name__}: {exc}"))]
    bad = [k for k in FINITE_KPIS if not math.isfinite(float(res.kpi_values[k][0]))]
    return [Problem(name, None, Message("doctor.not_finite", key=k)) for k in bad]


def library_dir() -> Path:
    env = os.environ.get("DXSIM_LIBRARY_DIR", "").strip()
    return Path(env) if env else ROOT / "scenarios" / "user"


def check_scenarios(folder: Path, run: bool) -> tuple[list[Problem], int]:
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    problems = []
    for f in files:
        problems += check_scenario_file(f, run=run)
    return problems, len(files)


def check_temp_files(folder: Path) -> list[Problem]:
    """Temporary files left by saves that never finished (the process was killed mid-save)."""
    from sim.scenario import STALE_TMP_SECONDS, stale_temp_files
    return [Problem(str(p), None, Message("doctor.temp_file", minutes=STALE_TMP_SECONDS // 60))
            for p in stale_temp_files(folder)] if folder.is_dir() else []


# --- all -------------------------------------------------------------------------------------------

def doctor(library: str | os.PathLike | None = None, out=None, lang: str = DEFAULT_LANG) -> int:
    """Run every check, print a report to `out` in `lang`; return the number of problems."""
    import sys
    out = out or sys.stdout
    total = 0

    def section(title: str, problems: list[Problem], summary: str, notes=()):
        nonlocal total
        total += len(problems)
        mark = t("doctor.fail" if problems else "doctor.ok", lang)
        print(t("doctor.line", lang, mark=mark, title=title, summary=summary), file=out)
        for p in problems:
            print(f"  {p.text(lang)}", file=out)
        for n in notes:
            print("  " + t("doctor.note", lang, text=in_lang(n, lang)), file=out)

    from sim import data
    problems, notes = check_data()
    n_tables = len(list(Path(data.DATA_DIR).rglob("*.csv")))
    section(t("doctor.section.data", lang, path=_rel(Path(data.DATA_DIR))), problems,
            t("doctor.summary.data", lang, n=n_tables, problems=len(problems)), notes)

    builtin = data.BUILTIN_SCENARIOS
    problems, n = check_scenarios(builtin, run=True)
    if n == 0:
        problems.append(Problem(_rel(builtin), None, Message("doctor.no_builtin")))
    section(t("doctor.section.builtin", lang, path=_rel(builtin)), problems,
            t("doctor.summary.builtin", lang, n=n, problems=len(problems)))

    lib = Path(library) if library else library_dir()
    if lib.exists() and not lib.is_dir():
        problems, n = [Problem(str(lib), None, Message("doctor.not_folder"))], 0
    else:
        problems, n = check_scenarios(lib, run=False)
        problems += check_temp_files(lib)
    section(t("doctor.section.library", lang, path=lib), problems,
            t("doctor.summary.library", lang, n=n, problems=len(problems)),
            () if lib.exists() else [Message("doctor.no_folder_yet")])

    print("\n" + (t("doctor.all_passed", lang) if total == 0 else t("doctor.found", lang, n=total)), file=out)
    return total
