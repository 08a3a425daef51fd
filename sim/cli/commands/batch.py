"""python -m sim batch: one scenario for every municipality of an SSDSE-A file (or one prefecture)."""

from __future__ import annotations

import difflib
from pathlib import Path

from sim.cli.common import (EXIT_OK, UserError, cannot_write, load_scenario_file, progress_bar, render_table,
                            scenario_error_text)
from sim.cli.options import add_option
from sim.cli.overrides import apply_sets
from sim.i18n import Message, message_of, t
from sim.scenario import ScenarioError
from sim.units import format_value

NAME = "batch"
HELP = "cli.help.batch"
DESCRIPTION = "cli.desc.batch"

def add_arguments(p) -> None:
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--municipalities", metavar="SSDSE_FILE", help=t("cli.arg.batch.municipalities", p.lang))
    p.add_argument("--projection", metavar="IPSS_FILE", help=t("cli.arg.batch.projection", p.lang))
    p.add_argument("--prefecture", metavar="NAME", help=t("cli.arg.batch.prefecture", p.lang))
    add_option(p, "out", required=True, help="cli.arg.batch.out")
    add_option(p, "set")
    add_option(p, "lang")


# The summary's columns as printed (names: export.batch.<column>, as in summary.csv).
SUMMARY_COLUMNS = ("kind", "count", "population", "gap_pct_weighted", "gap_pct_median", "n_gap_above_threshold")


def execute(args, out, err) -> int:
    from sim import municipal
    from sim.export import batch_table, csv_bytes
    lang = args.lang
    for item in args.set or ():
        key = item.split("=", 1)[0].strip()
        if key.startswith("municipality."):  # batch replaces [municipality] by each town's profile
            raise UserError(Message("cli.batch.municipality_set", key=key))
    sc = apply_sets(load_scenario_file(args.scenario), args.set)
    try:
        if args.municipalities is None:  # the bundled official files (or DXSIM_DATA_DIR's)
            ssdse, ipss = municipal.load_default()
        else:
            ssdse = municipal.read_ssdse_a(args.municipalities)
            ipss = municipal.read_ipss(args.projection) if args.projection else None
    except municipal.DataImportError as exc:
        raise UserError(message_of(exc)) from None
    valid = municipal.prefectures(ssdse)
    if args.prefecture is not None and args.prefecture not in valid:
        close = difflib.get_close_matches(args.prefecture, valid, n=3, cutoff=0.5)
        hint = (Message("cli.prefecture_hint", names=", ".join(close)) if close
                else Message("cli.prefecture_list", names=", ".join(valid)))
        raise UserError(Message("cli.unknown_prefecture", name=repr(args.prefecture), hint=hint))
    chosen = ssdse[ssdse["population"] > 0]
    if args.prefecture is not None:
        chosen = chosen[chosen["prefecture"] == args.prefecture]
    bar, progress = progress_bar(err, len(chosen), "municipalities", lang)
    try:
        with bar:
            table = municipal.batch(sc, ssdse, ipss, prefecture=args.prefecture, progress=progress)
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, sc.name)) from None
    threshold = float(sc.value("simulation.gap_threshold"))
    summary = municipal.batch_summary(table, threshold)
    try:  # for people: headers in the language with units, codes as text, the same % in both files
        dest = Path(args.out)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "kpis.csv").write_bytes(csv_bytes(batch_table(table, lang)))
        (dest / "summary.csv").write_bytes(csv_bytes(batch_table(summary, lang)))
    except OSError as exc:
        raise cannot_write(args.out, exc) from None
    target = int(sc.value("simulation.target_year"))
    where = args.prefecture or t("cli.batch.all", lang)
    n_proj = int((table["projection"] == "ipss").sum())
    print(t("cli.scenario", lang, name=sc.name, file=args.scenario), file=out)
    print(t("cli.batch.line", lang, n=f"{len(table):,}", where=where, ipss=f"{n_proj:,}",
            target=format_value(target, "year", lang), threshold=format_value(threshold, "share", lang)), file=out)
    print(file=out)
    headers = [t(f"export.batch.{c}", lang) for c in SUMMARY_COLUMNS]
    rows = []
    for r in summary.to_dict("records"):
        rows.append([t(f"muni.kind.{r['kind']}", lang), f"{r['count']:,}", f"{r['population']:,}",
                     format_value(r["gap_pct_weighted"] / 100, "share", lang),
                     format_value(r["gap_pct_median"] / 100, "share", lang),
                     f"{r['n_gap_above_threshold']:,}"])
    print(render_table(headers, rows, ["l", "r", "r", "r", "r", "r"]), file=out)
    print(file=out)
    print(t("cli.batch.wrote", lang, n=f"{len(table):,}", dir=args.out), file=out)
    print(municipal.SSDSE_CREDIT + ("; " + municipal.IPSS_CREDIT if ipss is not None else ""), file=out)
    return EXIT_OK
