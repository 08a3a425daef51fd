"""python -m sim report: the 定員管理計画 workbook and the council report of a scenario, written into a folder."""

from __future__ import annotations

from sim.cli.common import (EXIT_OK, UserError, cannot_write, count_text, load_scenario_file, municipality_lines,
                            run_scenario, with_municipality)
from sim.cli.options import SET_HELP, add_option
from sim.cli.overrides import apply_sets
from sim.i18n import message_of, t

NAME = "report"
HELP = "cli.help.report"
DESCRIPTION = "cli.desc.report"


def add_arguments(p) -> None:
    p.add_argument("scenario", metavar="SCENARIO.toml")
    add_option(p, "municipality")
    add_option(p, "set", help=SET_HELP)
    add_option(p, "draws", help="cli.arg.report.draws")
    add_option(p, "seed")
    add_option(p, "out", required=True, help="cli.arg.report.out")
    add_option(p, "lang")
    p.add_argument("--reiwa", action="store_true", help=t("cli.arg.report.reiwa", p.lang))


def execute(args, out, err) -> int:
    # The documents are presentation (ui/report: the app's chart builders, python-docx, vl-convert); they load
    # only for this command, so the other commands start fast. ui.report loads no streamlit (test_architecture).
    from ui.report import ReportError
    from ui.report.build import write_report

    sc, prof = load_scenario_file(args.scenario), None
    if args.municipality:
        sc, prof = with_municipality(sc, args.municipality)
    sc = apply_sets(sc, args.set)
    lang = args.lang
    # as every command and page: one run, or with several draws the Monte Carlo, whose P50s fill the plan
    # and whose percentiles give the ranges
    results = run_scenario(sc, args.draws, args.seed, "random", err, lang)
    try:
        paths = write_report(sc, args.out, lang, results, reiwa=args.reiwa)
    except ReportError as exc:
        raise UserError(message_of(exc)) from None
    except OSError as exc:
        raise cannot_write(args.out, exc) from None
    print(t("cli.scenario", lang, name=sc.name, file=args.scenario), file=out)
    if prof is not None:
        print(municipality_lines(prof, lang)[0], file=out)
    if results.draws > 1:
        print(t("cli.report_ranges", lang, draws=count_text("draws", results.draws, lang), seed=results.seed), file=out)
    print(t(f"cli.wrote_files.{'one' if len(paths) == 1 else 'many'}", lang, n=len(paths), dir=args.out,
            names=", ".join(p.name for p in paths)), file=out)
    if prof is not None:
        print("\n".join(municipality_lines(prof, lang)[1:]), file=out)
    return EXIT_OK
