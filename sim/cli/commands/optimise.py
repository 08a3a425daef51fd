"""python -m sim optimise: the least-cost plan that keeps the staff gap within a limit (sim.optimise)."""

from __future__ import annotations

import argparse

from sim.cli.common import (EXIT_INVALID, EXIT_OK, UserError, cannot_write, header, load_scenario_file, municipality_lines,
                            render_table, scenario_error_text, with_municipality, write_csv)
from sim.cli.options import SET_HELP, add_option
from sim.cli.overrides import apply_sets
from sim.i18n import label_column, message_of, t
from sim.scenario import ScenarioError
from sim.units import format_value

NAME = "optimise"
HELP = "cli.help.optimise"
DESCRIPTION = "cli.desc.optimise"
OFF = "off"  # --max-digital-gap off: no digital constraint


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _share(text: str) -> float:
    x = _number(text)
    if not 0.0 < x <= 1.0:
        raise argparse.ArgumentTypeError(f"the confidence is a share in (0, 1], e.g. 0.8; got {text}")
    return x


def _non_negative(text: str, what: str = "a number") -> float:
    x = _number(text)
    if not 0.0 <= x < 1e6:
        raise argparse.ArgumentTypeError(f"expected {what} from 0, got {text}")
    return x


def _digital(text: str) -> float | str | None:
    from sim.optimise import KEEP

    if text in (KEEP, OFF):
        return KEEP if text == KEEP else None
    try:
        float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {KEEP}, {OFF} or a number of persons, got {text!r}") from None
    return _non_negative(text, "a number of persons")


def add_arguments(p) -> None:
    lang = p.lang
    p.add_argument("scenario", metavar="SCENARIO.toml", help=t("cli.arg.optimise.scenario", lang))
    p.add_argument("--max-gap-pct", type=_non_negative, required=True, metavar="X",
                   help=t("cli.arg.optimise.max_gap_pct", lang))
    p.add_argument("--until", type=int, required=True, metavar="YEAR", help=t("cli.arg.optimise.until", lang))
    p.add_argument("--max-digital-gap", type=_digital, default="keep", metavar="keep|off|N",
                   help=t("cli.arg.optimise.max_digital_gap", lang))
    p.add_argument("--budget-cap-oku", type=_non_negative, metavar="OKU",
                   help=t("cli.arg.optimise.budget_cap_oku", lang))
    p.add_argument("--confidence", type=_share, metavar="P", help=t("cli.arg.optimise.confidence", lang))
    add_option(p, "draws", help="cli.arg.optimise.draws")
    add_option(p, "seed", help="cli.arg.optimise.seed")
    add_option(p, "set", help=SET_HELP)
    add_option(p, "municipality")
    add_option(p, "out", metavar="PLAN.toml", help="cli.arg.optimise.out")
    p.add_argument("--compare-out", metavar="FILE.csv", help=t("cli.arg.optimise.compare_out", lang))
    p.add_argument("--frontier-out", metavar="FILE.csv", help=t("cli.arg.optimise.frontier_out", lang))
    add_option(p, "lang")


def execute(args, out, err) -> int:
    from sim.cli.common import progress_bar
    from sim.optimise import KEEP, OKU, Constraints, binding_text, comparison, frontier, optimise_scenario
    from sim.scenario import save_scenario

    sc, prof = load_scenario_file(args.scenario), None
    if args.municipality:
        sc, prof = with_municipality(sc, args.municipality)
    sc = apply_sets(sc, args.set)
    lang = args.lang
    try:
        c = Constraints(max_gap=args.max_gap_pct / 100, until=args.until,
                        budget_cap=args.budget_cap_oku * OKU if args.budget_cap_oku else None,
                        confidence=args.confidence, draws=args.draws or 200, max_digital_gap=args.max_digital_gap)
        bar, step = progress_bar(err, 1, "generations", lang)
        with bar:
            outcome = optimise_scenario(sc, c, seed=args.seed,
                                        progress=lambda g, m, x: (setattr(bar, "total", m), step(g, m)))
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, sc.name)) from None
    except ValueError as exc:
        raise UserError(message_of(exc)) from None

    first = format_value(outcome.plan.value("simulation.base_year") + 1, "year", lang)
    conditions = [t("cli.opt.condition_gap", lang, limit=format_value(c.max_gap, "share", lang), first=first,
                    until=format_value(c.until, "year", lang))]
    if c.max_digital_gap == KEEP:
        conditions.append(t("cli.opt.condition_digital_keep", lang))
    elif c.max_digital_gap is not None:
        conditions.append(t("cli.opt.condition_digital_persons", lang,
                            n=format_value(c.max_digital_gap, "persons", lang)))
    if c.budget_cap is not None:
        conditions.append(t("cli.opt.condition_budget", lang, cap=f"{args.budget_cap_oku:g}"))
    if c.confidence is not None:
        conditions.append(t("cli.opt.condition_confidence", lang, share=f"{c.confidence:.0%}", draws=c.draws,
                            seed=outcome.problem.seed))
    print(t("cli.scenario", lang, name=sc.name, file=args.scenario), file=out)
    if prof is not None:
        print(municipality_lines(prof, lang)[0], file=out)
    print(t("cli.opt.conditions", lang, items=t("cli.opt.sep", lang).join(conditions)), file=out)
    print(t("cli.opt.search", lang, generations=outcome.generations, evaluations=f"{outcome.evaluations:,}",
            seconds=f"{outcome.seconds:.1f}", rate=f"{outcome.candidates_per_second:,.0f}"), file=out)
    print(file=out)
    if outcome.feasible:
        print(t("cli.opt.found", lang, cost=format_value(outcome.figures.cost[0], "yen", lang),
                gap=format_value(outcome.figures.max_gap[0], "share", lang)), file=out)
    else:
        print(t("cli.opt.none", lang), file=out)
        if outcome.best_reachable is not None:
            print(t("cli.opt.best_gap", lang, best=format_value(outcome.best_reachable, "share", lang),
                    limit=format_value(c.max_gap, "share", lang)), file=out)
        if outcome.best_digital_excess is not None:
            print(t("cli.opt.best_digital", lang,
                    excess=format_value(max(outcome.best_digital_excess, 0.0), "persons", lang)), file=out)
        print(t("cli.opt.what_binds", lang), file=out)
        for code in outcome.binding:
            print(f"  - {binding_text(code, lang)}", file=out)
    if outcome.better_builtins:
        print(t("cli.opt.better", lang, names=", ".join(outcome.better_builtins)), file=out)
    print(file=out)

    table = comparison(outcome)
    names = [col for col in table.columns if col not in ("key", "label_ja", "label_en", "unit")
             and not col.startswith(("Δ ", "never_share "))]
    label = label_column(lang)
    rows = []
    for r in table.to_dict("records"):
        if r["unit"] == "flag":
            rows.append([r[label]] + [t("optimise.flag.yes" if r[n] else "optimise.flag.no", lang) for n in names])
        else:
            rows.append([r[label]] + [format_value(r[n], r["unit"], lang) for n in names])
    headers = [header("kpi", lang)] + names
    print(render_table(headers, rows, ["l"] + ["r"] * len(names)), file=out)
    if args.compare_out:
        write_csv(table, args.compare_out, out, lang)
    if args.out:
        try:
            save_scenario(outcome.plan, args.out, overwrite=True)
        except OSError as exc:
            raise cannot_write(args.out, exc) from None
        print(file=out)
        print(t("cli.opt.wrote_plan", lang, path=args.out), file=out)
    if args.frontier_out:
        front = frontier(sc, c.until, budget_cap=c.budget_cap, max_digital_gap=c.max_digital_gap, seed=args.seed)
        write_csv(front, args.frontier_out, out, lang)
    if prof is not None:
        print(file=out)
        print("\n".join(municipality_lines(prof, lang)[1:]), file=out)
    return EXIT_OK if outcome.feasible else EXIT_INVALID
