"""python -m sim compare: several scenarios' KPIs side by side, with the differences to the first."""

from __future__ import annotations

from pathlib import Path

from sim.cli.common import (EXIT_OK, Usage, UserError, count_text, header, load_scenario_file, municipality_lines,
                            render_table, run_scenario, with_municipality, write_csv)
from sim.cli.options import CSV_OUT, add_option
from sim.i18n import Message, t
from sim.model.kpis import KPI
from sim.units import format_value

NAME = "compare"
HELP = "cli.help.compare"
DESCRIPTION = "cli.desc.compare"

def add_arguments(p) -> None:
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml")
    add_option(p, "draws", help="cli.arg.compare.draws")
    add_option(p, "seed", help="cli.arg.compare.seed")
    add_option(p, "lang")
    add_option(p, "out", **CSV_OUT)
    add_option(p, "municipality", help="cli.arg.compare.municipality")


def _unique_names(scenarios, files) -> list[str]:
    names = [sc.name for sc in scenarios]
    out = []
    for i, (name, f) in enumerate(zip(names, files)):
        if names.count(name) > 1:
            name = f"{name} ({Path(f).stem})"
        while name in out:
            name = f"{name} #{i + 1}"
        out.append(name)
    return out


def execute(args, out, err) -> int:
    if len(args.scenarios) < 2:
        raise Usage(Message("cli.usage.two_scenarios"))
    lang = args.lang
    scenarios, problems = [], []
    for f in args.scenarios:
        try:
            scenarios.append(load_scenario_file(f))
        except UserError as exc:
            problems.append(exc)
    if problems:  # every bad file, each on its own "error:" line
        raise UserError(lambda lang: "\n".join([problems[0].text(lang)]
                                               + [t("cli.error", lang, msg=e.text(lang)) for e in problems[1:]]))
    prof = None
    if args.municipality:
        pairs = [with_municipality(sc, args.municipality) for sc in scenarios]
        scenarios, prof = [p[0] for p in pairs], pairs[0][1]
    from sim.compare import kpi_table
    from sim.export import compare_kpi_table
    results_list = [run_scenario(sc, args.draws, args.seed, "random", err, lang) for sc in scenarios]
    names = _unique_names(scenarios, args.scenarios)
    table = kpi_table(results_list, names)
    draws = {r.draws for r in results_list}
    for name, f, res in zip(names, args.scenarios, results_list):
        print(t("cli.compare_line", lang, name=name, file=f, draws=count_text("draws", res.draws, lang), seed=res.seed),
              file=out)
    if prof is not None:
        print(municipality_lines(prof, lang)[0], file=out)
    if max(draws) > 1:
        print(t("cli.medians", lang), file=out)
    print(file=out)
    headers = [header("kpi", lang)] + names + [f"Δ {n}" for n in names[1:]]
    rows = []
    for r in table.to_dict("records"):
        cells = [KPI[r["key"]].label(lang)]
        for n in names:
            cell = format_value(r[n], r["unit"], lang)
            share = r.get(f"never_share {n}", float("nan"))
            if share == share and share > 0:  # a median of a year KPI says in how many draws it is not reached
                note = t("cli.never_cell", lang, share=format_value(share, "share", lang))
                cell = t("cli.with_note", lang, cell=cell, note=note)
            cells.append(cell)
        cells += [format_value(r[f"Δ {n}"], r["unit"], lang, delta=True) for n in names[1:]]
        rows.append(cells)
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if args.out:
        write_csv(compare_kpi_table(table, names, lang), args.out, out, lang)
    if prof is not None:
        print(file=out)
        print("\n".join(municipality_lines(prof, lang)[1:]), file=out)
    return EXIT_OK
