"""python -m sim sensitivity: which uncertain inputs drive a KPI (tornado or Sobol' indices)."""

from __future__ import annotations

from sim.cli.common import (EXIT_OK, UserError, header, load_scenario_file, progress_bar, render_table,
                            scenario_error_text, write_csv)
from sim.cli.options import CSV_OUT, add_option, power_of_two
from sim.cli.overrides import apply_sets
from sim.i18n import Message, label_column, message_of, t
from sim.model.kpis import KPI
from sim.scenario import ScenarioError
from sim.units import format_value

NAME = "sensitivity"
HELP = "cli.help.sensitivity"
DESCRIPTION = "cli.desc.sensitivity"

def add_arguments(p) -> None:
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--kpi", required=True, metavar="KEY", help=t("cli.arg.sensitivity.kpi", p.lang))
    p.add_argument("--method", choices=("tornado", "sobol"), default="tornado",
                   help=t("cli.arg.sensitivity.method", p.lang))
    p.add_argument("--n", type=power_of_two, default=1024, metavar="N", help=t("cli.arg.sensitivity.n", p.lang))
    add_option(p, "seed", help="cli.arg.sensitivity.seed")
    add_option(p, "set")
    add_option(p, "lang")
    add_option(p, "out", **CSV_OUT)


def execute(args, out, err) -> int:
    from sim import sensitivity
    if args.kpi not in KPI:
        raise UserError(Message("cli.unknown_kpi", kpi=repr(args.kpi), keys=", ".join(KPI)))
    sc = apply_sets(load_scenario_file(args.scenario), args.set)
    lang = args.lang
    seed = sc.seed if args.seed is None else args.seed
    try:
        if args.method == "tornado":
            table = sensitivity.tornado(sc, args.kpi)
        else:
            d = len(sensitivity.uncertain_inputs(sc))
            bar, progress = progress_bar(err, args.n * (d + 2), "runs", lang)
            with bar:
                table = sensitivity.sobol(sc, args.kpi, n=args.n, seed=seed, progress=progress)
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, sc.name)) from None
    except ValueError as exc:
        raise UserError(message_of(exc)) from None
    kpi_label, unit = KPI[args.kpi].label(lang), KPI[args.kpi].unit
    label = label_column(lang)
    print(t("cli.scenario", lang, name=sc.name, file=args.scenario), file=out)
    if args.method == "tornado":
        base = table["base"].iloc[0] if len(table) else float("nan")
        print(t("cli.tornado_line", lang, kpi=kpi_label, key=args.kpi, base=format_value(base, unit, lang)), file=out)
        print(file=out)
        headers = [header(c, lang) for c in ("input", "low", "high", "kpi_low", "kpi_high", "swing")]
        rows = [[r[label], format_value(r["low"], r["unit"], lang), format_value(r["high"], r["unit"], lang),
                 format_value(r["kpi_low"], unit, lang), format_value(r["kpi_high"], unit, lang),
                 format_value(r["swing"], unit, lang)] for r in table.to_dict("records")]
    else:
        print(t("cli.sobol_line", lang, kpi=kpi_label, key=args.kpi, n=f"{args.n:,}",
                runs=f"{args.n * (len(table) + 2):,}", seed=seed), file=out)
        print(file=out)
        headers = [header("input", lang), "S1", header("s1_ci", lang), "ST", header("st_ci", lang)]

        def num(x):
            return "—" if x != x else f"{(0.0 if abs(x) < 5e-4 else x):.3f}"  # no "-0.000"
        rows = [[r[label], num(r["S1"]), f"[{num(r['S1_low'])}, {num(r['S1_high'])}]",
                 num(r["ST"]), f"[{num(r['ST_low'])}, {num(r['ST_high'])}]"] for r in table.to_dict("records")]
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if args.out:  # for people: headers in the language with units, display precision
        from sim.export import sobol_table, tornado_table
        people = tornado_table(table, args.kpi, lang) if args.method == "tornado" else sobol_table(table, lang)
        write_csv(people, args.out, out, lang)
    return EXIT_OK
