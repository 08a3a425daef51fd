"""What every command shares: exit codes, the error types, the plain-text table, the messages for a bad
scenario, loading a scenario file, one run, the progress bar, a real municipality, writing a CSV.

The engine, pandas and scipy are imported by the functions that run something, not at the top of the
CLI modules: `python -m sim params` and `--help` start in a tenth of a second instead of a second."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sim.i18n import LANGS, Message, in_lang, t  # noqa: F401  (LANGS: the --lang choices)
from sim.scenario import ScenarioError, load_scenario

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = ("csv", "xlsx", "json")

# The command lines of the help's epilog, as typed (the prose around them is cli.epilog in the catalogue).
EXAMPLES = """\
  python -m sim run scenarios/standard_dx.toml
  python -m sim run scenarios/standard_dx.toml --set workforce.exit_rate_multiplier=1.5 --lang en
  python -m sim run scenarios/standard_dx.toml --set talent.external_fulltime=2025:0,2030:2
  python -m sim run scenarios/standard_dx.toml --draws 1000 --out results/ --format xlsx
  python -m sim compare scenarios/status_quo.toml scenarios/standard_dx.toml
  python -m sim validate my_scenario.toml
  python -m sim params --group workforce --format markdown
  python -m sim sensitivity scenarios/standard_dx.toml --kpi staff_gap_target
  python -m sim sensitivity scenarios/standard_dx.toml --kpi npv --method sobol --n 1024 --out sobol.csv
  python -m sim doctor --library scenarios/user
  python -m sim optimise scenarios/standard_dx.toml --max-gap-pct 5 --until 2040 --out plan.toml
  python -m sim batch scenarios/standard_dx.toml --municipalities SSDSE-A-2025.csv \\
      --projection ipss_municipal_projection_2023.csv --prefecture 北海道 --out batch/"""


def epilog(lang: str) -> str:
    """The end of every --help: the exit statuses and the examples, in `lang`."""
    return t("cli.epilog", lang, examples=EXAMPLES)


class UserError(Exception):
    """An error in the user's input, printed in the user's language, exit status 1. Its argument is a
    Message from the catalogue, or a function of the language giving the text (several problems)."""

    def text(self, lang: str) -> str:
        msg = self.args[0] if self.args else ""
        return msg(lang) if callable(msg) else in_lang(msg, lang)

    def __str__(self) -> str:
        return self.text("en")


class Usage(Exception):
    """A usage error found after parsing: reported like argparse's own (exit status 2)."""


# Headers the CLI's tables share with the exports and the app: one key per concept (export.col.<name>).
SHARED_HEADERS = frozenset({"kpi", "value", "input", "key", "label", "unit", "default", "range", "time_varying",
                            "uncertainty", "source"})


def header(name: str, lang: str) -> str:
    """A table header of the CLI: export.col.<name> for the shared ones (sim/text/export.py), else
    cli.h.<name> (sim/text/cli.py)."""
    return t(f"export.col.{name}" if name in SHARED_HEADERS else f"cli.h.{name}", lang)


def count_text(kind: str, n: int, lang: str) -> str:
    """"1 draw" / "5 draws" (cli.<kind>.one / .many)."""
    return t(f"cli.{kind}.{'one' if n == 1 else 'many'}", lang, n=f"{n:,}")


def text_width(s: str) -> int:
    """Terminal columns taken by s: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def render_table(headers: list[str], rows: list[list[str]], align: list[str]) -> str:
    """An aligned plain-text table; align holds 'l' or 'r' per column."""
    widths = [text_width(h) for h in headers]
    for row in rows:
        widths = [max(w, text_width(c)) for w, c in zip(widths, row)]

    def line(cells):
        out = []
        for cell, w, a in zip(cells, widths, align):
            pad = " " * (w - text_width(cell))
            out.append(pad + cell if a == "r" else cell + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep] + [line(r) for r in rows])


def plain_number(x, grouping: bool = True) -> str:
    """A parameter value for the registry listing; a time series in --set syntax (2025:0,2030:1).

    grouping adds thousands separators (not for years, nor in machine-readable output)."""
    if isinstance(x, dict):
        return ",".join(f"{y}:{plain_number(v, False)}" for y, v in sorted(x.items()))
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}" if grouping else str(int(x))
    return f"{x:g}" if abs(x) < 1e6 else repr(float(x))


def problem_lines(problems, lang: str, indent: str = "  ") -> list[str]:
    """Problems [(key path, message)] as "  path: message" lines, the messages in the language."""
    return [f"{indent}{path}: {in_lang(msg, lang)}" if path else f"{indent}{in_lang(msg, lang)}"
            for path, msg in problems]


def scenario_error_text(exc, source: str | None = None):
    """A bad scenario's problems as a function of the language (for UserError)."""
    source = source or exc.source
    head = f"{source}: " if source else ""

    def text(lang: str) -> str:
        if len(exc.problems) == 1 and not exc.problems[0][0]:
            return f"{head}{in_lang(exc.problems[0][1], lang)}"
        return "\n".join([t("cli.problems", lang, head=head, n=len(exc.problems))] + problem_lines(exc.problems, lang))
    return text


def load_scenario_file(path: str):
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, path)) from None


def with_municipality(sc, query: str):
    """(scenario with the [municipality] table of a real municipality, profile): `query` is a code or
    a name, looked up in the SSDSE-A / IPSS files of DXSIM_DATA_DIR, else the bundled copies."""
    from sim import municipal
    try:
        ssdse, ipss = municipal.load_default()
        code = municipal.find_code(ssdse, query)
        prof = municipal.profile(code, ssdse, ipss, base_year=int(sc.value("simulation.base_year")),
                                 end_year=int(sc.value("simulation.end_year")))
        return municipal.with_profile(sc, prof), prof
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, f"--municipality {query}")) from None
    except (KeyError, ValueError) as exc:  # DataImportError is a ValueError too
        msg = exc.args[0] if len(exc.args) == 1 else str(exc)
        raise UserError(Message("cli.municipality_error", query=query, msg=msg)) from None


def municipality_lines(prof: dict, lang: str) -> list[str]:
    """The heading line naming the municipality, an optional note, and the credit line(s)."""
    from sim import municipal
    projected = prof["population_path"] == "explicit"
    path = t("cli.path.explicit" if projected else "export.projection.size_class", lang)
    lines = [t("cli.municipality", lang, name=prof["name"], code=prof["code"], population=f"{prof['population']:,}",
               path=path)]
    if prof.get("note"):
        lines.append(t("cli.note", lang, note=prof["note"]))
    return lines + [municipal.SSDSE_CREDIT + ("; " + municipal.IPSS_CREDIT if projected else "")]


# Units of the progress bar that are the catalogue's unit names (unit.<kind>); the others are cli.unit.<kind>.
SHARED_UNITS = frozenset({"municipalities"})


def progress_bar(err, total: int, kind: str, lang: str):
    """A tqdm bar on stderr (off when stderr is not a terminal) and a progress(done, total) callback;
    kind names what is counted (draws, runs, municipalities) in the language."""
    from tqdm import tqdm
    unit = t(f"unit.{kind}" if kind in SHARED_UNITS else f"cli.unit.{kind}", lang)
    bar = tqdm(total=total, unit=unit, desc=t(f"cli.progress.{kind}", lang), file=err,
               disable=not err.isatty(), leave=False, dynamic_ncols=True)

    def progress(done, total):
        bar.total = total  # a Monte Carlo beyond its memory bound makes more than one pass
        bar.update(done - bar.n)
    return bar, progress


def run_scenario(sc, draws, seed, method: str, err, lang: str):
    """A scenario's result as every command reports it (sim.uncertainty.scenario_result): one run
    (Results), or with several draws the Monte Carlo in bounded-memory chunks, with a progress bar."""
    from sim.uncertainty import scenario_result
    n = sc.draws if draws is None else draws
    try:
        if n == 1:
            return scenario_result(sc, 1, seed=seed)
        bar, progress = progress_bar(err, n, "draws", lang)
        with bar:
            return scenario_result(sc, n, seed=seed, method=method, progress=progress)
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, sc.name)) from None


def cannot_write(target, exc: OSError) -> UserError:
    return UserError(Message("cli.cannot_write", target=str(target), reason=exc.strerror or str(exc)))


def write_csv(table, target: str, out, lang: str) -> None:
    """A table for people as CSV in UTF-8 with BOM (Japanese Excel opens it correctly), formula-safe."""
    from sim.export import csv_bytes
    path = Path(target)
    try:
        if path.parent != Path(""):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(table))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    print(file=out)
    print(t("cli.wrote", lang, target=target), file=out)
