"""python -m sim run: run a scenario, print its KPIs, optionally write the result tables."""

from __future__ import annotations

from sim.cli.common import (EXIT_OK, Usage, cannot_write, count_text, header, load_scenario_file, municipality_lines,
                            render_table, run_scenario, with_municipality)
from sim.cli.options import SET_HELP, add_option
from sim.cli.overrides import apply_sets
from sim.i18n import Message, t
from sim.model.kpis import KPI
from sim.sampling import METHODS
from sim.units import format_value

NAME = "run"
HELP = "cli.help.run"
DESCRIPTION = "cli.desc.run"

def add_arguments(p) -> None:
    p.add_argument("scenario", metavar="SCENARIO.toml")
    add_option(p, "set", help=SET_HELP)
    add_option(p, "draws")
    add_option(p, "seed")
    p.add_argument("--method", choices=METHODS, default="random", help=t("cli.arg.run.method", p.lang))
    add_option(p, "out", help="cli.arg.run.out")
    add_option(p, "format")
    add_option(p, "lang")
    add_option(p, "municipality")


def _percentile_row(r: dict, lang: str) -> list[str]:
    """KPI label, P10, P50, P90 and, for a year KPI, the share of draws in which it is not reached
    (the label of a year KPI is marked with * and explained by the note cli.year_kpi_note)."""
    from sim.results import YEAR_KPIS
    year_kpi = r["key"] in YEAR_KPIS
    label = KPI[r["key"]].label(lang)
    label = t("cli.year_kpi_mark", lang, label=label) if year_kpi else label
    cells = [label] + [format_value(r[c], r["unit"], lang) for c in ("p10", "p50", "p90")]
    cells.append(format_value(r["never_share"], "share", lang) if year_kpi else "")
    return cells


def kpi_rows(table, lang: str) -> list[list[str]]:
    """The printed rows of a KPI table: across draws (it has percentiles) label, P10, P50, P90 and the share
    not reached; of one draw label and value."""
    if "p50" in table:
        return [_percentile_row(r, lang) for r in table.to_dict("records")]
    return [[KPI[r["key"]].label(lang), format_value(r["value"], r["unit"], lang)] for r in table.to_dict("records")]


def execute(args, out, err) -> int:
    if args.format and not args.out:
        raise Usage(Message("cli.usage.format_needs_out"))
    args.format = args.format or "csv"
    lang = args.lang
    sc, prof = load_scenario_file(args.scenario), None
    if args.municipality:
        sc, prof = with_municipality(sc, args.municipality)
    sc = apply_sets(sc, args.set)
    results = run_scenario(sc, args.draws, args.seed, args.method, err, lang)
    rows = kpi_rows(results.kpis, lang)
    target = int(sc.value("simulation.target_year"))
    method = t("cli.method", lang, method=results.method) if results.draws > 1 and results.method != "random" else ""
    print(t("cli.scenario", lang, name=sc.name, file=args.scenario), file=out)
    print(t("cli.run_line", lang, draws=count_text("draws", results.draws, lang), seed=results.seed, method=method,
            first=format_value(results.years[0], "year", lang), last=format_value(results.years[-1], "year", lang),
            target=format_value(target, "year", lang)), file=out)
    if prof is not None:
        print(municipality_lines(prof, lang)[0], file=out)
    if args.set:
        print("--set: " + ", ".join(s.strip() for s in args.set), file=out)
    print(file=out)
    headers = [header("kpi", lang)] + (["P10", "P50", "P90", header("never", lang)] if results.draws > 1
                                       else [header("value", lang)])
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if results.draws > 1:
        print(t("cli.year_kpi_note", lang), file=out)
    if args.out:
        try:  # CSV files or a workbook for people in the language (with 前提条件), or JSON for machines
            paths = results.write(args.out, args.format, lang, scenario=sc)
        except OSError as exc:
            raise cannot_write(args.out, exc) from None
        print(file=out)
        print(t(f"cli.wrote_files.{'one' if len(paths) == 1 else 'many'}", lang, n=len(paths), dir=args.out,
                names=", ".join(p.name for p in paths)), file=out)
    if prof is not None:
        print(file=out)
        print("\n".join(municipality_lines(prof, lang)[1:]), file=out)
    return EXIT_OK
