"""python -m sim batch: one scenario for every municipality of an SSDSE-A file (or one prefecture)."""

from __future__ import annotations

import difflib
import math
from pathlib import Path

from sim.cli.common import (EXIT_OK, UserError, load_scenario_file, progress_bar, render_table,
                            scenario_error_text)
from sim.cli.options import add_option
from sim.cli.overrides import apply_sets
from sim.scenario import ScenarioError

NAME = "batch"
HELP = "run one scenario for every municipality of an SSDSE-A file (or a prefecture)"
DESCRIPTION = ("Run one scenario for every municipality (population > 0) of the official "
               "SSDSE-A CSV, each with its own figures (population, 65+ share, staff, area; "
               "the IPSS projection with --projection), deterministically. Writes kpis.csv (one "
               "row per municipality) and summary.csv (by kind) into DIR, UTF-8 with BOM.")

def add_arguments(p) -> None:
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--municipalities", metavar="SSDSE_FILE",
                   help="the SSDSE-A CSV as published (CP932, three header rows); default: the bundled SSDSE-A 2025 "
                        "and IPSS 2023 files (or those of DXSIM_DATA_DIR)")
    p.add_argument("--projection", metavar="IPSS_FILE",
                   help="IPSS 2023 municipal projection, tidy CSV (see README); with --municipalities and without "
                        "this, the size-class paths")
    p.add_argument("--prefecture", metavar="NAME", help="only this prefecture (e.g. 北海道)")
    add_option(p, "out", required=True, help="folder for kpis.csv and summary.csv")
    add_option(p, "set")
    add_option(p, "lang")


BATCH_SUMMARY_HEADERS = {
    "kind": ("区分", "Kind"), "count": ("団体数", "Count"), "population": ("人口（基準年度）", "Population (base year)"),
    "gap_pct_weighted": ("不足率（人口加重）", "Gap % (pop.-weighted)"), "gap_pct_median": ("不足率（中央値）", "Gap % (median)"),
    "n_gap_above_threshold": ("しきい値超の団体", "Above threshold"),
}


def execute(args, out, err) -> int:
    from sim import municipal
    from sim.export import csv_bytes
    for item in args.set or ():
        key = item.split("=", 1)[0].strip()
        if key.startswith("municipality."):  # batch replaces [municipality] by each town's profile
            raise UserError(f"--set {key}: batch replaces the scenario's [municipality] table with each "
                            "municipality's own figures, so this value would be ignored; set it per town with "
                            "`run --municipality CODE --set ...` instead")
    sc = apply_sets(load_scenario_file(args.scenario), args.set)
    try:
        if args.municipalities is None:  # the bundled official files (or DXSIM_DATA_DIR's)
            ssdse, ipss = municipal.load_default()
        else:
            ssdse = municipal.read_ssdse_a(args.municipalities)
            ipss = municipal.read_ipss(args.projection) if args.projection else None
    except municipal.DataImportError as exc:
        raise UserError(str(exc)) from None
    valid = municipal.prefectures(ssdse)
    if args.prefecture is not None and args.prefecture not in valid:
        close = difflib.get_close_matches(args.prefecture, valid, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else f"; expected one of {', '.join(valid)}"
        raise UserError(f"unknown prefecture {args.prefecture!r}{hint}")
    chosen = ssdse[ssdse["population"] > 0]
    if args.prefecture is not None:
        chosen = chosen[chosen["prefecture"] == args.prefecture]
    bar, progress = progress_bar(err, len(chosen), "municipalities", "batch")
    try:
        with bar:
            table = municipal.batch(sc, ssdse, ipss, prefecture=args.prefecture, progress=progress)
    except ScenarioError as exc:
        raise UserError(scenario_error_text(exc, sc.name)) from None
    threshold = float(sc.value("simulation.gap_threshold"))
    summary = municipal.batch_summary(table, threshold)
    try:
        dest = Path(args.out)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "kpis.csv").write_bytes(csv_bytes(table))
        (dest / "summary.csv").write_bytes(csv_bytes(summary))
    except OSError as exc:
        raise UserError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    lang = args.lang
    target = sc.value("simulation.target_year")
    where = args.prefecture or ("全国" if lang == "ja" else "all prefectures")
    n_proj = int((table["projection"] == "ipss").sum())
    print(f"Scenario: {sc.name}  ({args.scenario})", file=out)
    print(f"{len(table):,} municipalities ({where}), {n_proj:,} with the IPSS projection; "
          f"target year FY{target}, gap threshold {threshold:.0%}", file=out)
    print(file=out)
    cols = list(BATCH_SUMMARY_HEADERS)
    headers = [BATCH_SUMMARY_HEADERS[c][0 if lang == "ja" else 1] for c in cols]
    rows = []
    for r in summary.to_dict("records"):
        rows.append([r["kind"] if lang == "ja" else r["kind_en"], f"{r['count']:,}", f"{r['population']:,}",
                     "—" if math.isnan(r["gap_pct_weighted"]) else f"{r['gap_pct_weighted']:.1f}%",
                     "—" if math.isnan(r["gap_pct_median"]) else f"{r['gap_pct_median']:.1f}%",
                     f"{r['n_gap_above_threshold']:,}"])
    print(render_table(headers, rows, ["l", "r", "r", "r", "r", "r"]), file=out)
    print(file=out)
    print(f"wrote kpis.csv ({len(table):,} rows) and summary.csv to {args.out}", file=out)
    print(municipal.SSDSE_CREDIT + ("; " + municipal.IPSS_CREDIT if ipss is not None else ""), file=out)
    return EXIT_OK
