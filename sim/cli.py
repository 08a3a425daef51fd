"""Command line: python -m sim {run, compare, validate, params, sensitivity, doctor, batch}.

Thin layer over the package: scenario file -> Scenario (+ --set overrides) -> engine -> Results ->
a table on stdout and, on request, files. Every user error (bad scenario, missing file, bad --set,
bad arguments) is reported as a short message with an exit status, never as a traceback.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import math
import os
import sys
import traceback
import unicodedata
import warnings
from pathlib import Path

from sim import __version__
from sim.units import format_value

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = ("csv", "xlsx", "json")
LANGS = ("ja", "en")
BUSY_DRAWS = 5_000  # from this many draws a run takes seconds: say so on a terminal

EPILOG = """\
exit status:
  0  success
  1  invalid scenario or input (scenario problems, missing file, bad --set value, cannot write output)
  2  usage error (unknown command or option, bad option value)
  3  unexpected internal error (a bug: please report it; set DXSIM_DEBUG=1 to see the traceback)

examples:
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
  python -m sim batch scenarios/standard_dx.toml --municipalities SSDSE-A-2025.csv \
      --projection ipss_municipal_projection_2023.csv --prefecture 北海道 --out batch/
"""


class UserError(Exception):
    """An error in the user's input: printed as a message, exit status 1."""


# --- text helpers --------------------------------------------------------------------------------

HEADERS = {
    "kpi": ("指標", "KPI"), "value": ("値", "Value"), "key": ("キー", "Key"), "label": ("項目", "Label"),
    "unit": ("単位", "Unit"), "default": ("既定値", "Default"), "range": ("範囲", "Range"),
    "time_varying": ("年度別", "By year"), "uncertainty": ("不確実性", "Uncertainty"), "source": ("出典", "Source"),
    "input": ("入力", "Input"), "low": ("低（P5）", "Low (P5)"), "high": ("高（P95）", "High (P95)"),
    "kpi_low": ("指標（低）", "KPI at low"), "kpi_high": ("指標（高）", "KPI at high"), "swing": ("振れ幅", "Swing"),
    "s1_ci": ("S1 信頼区間", "S1 CI"), "st_ci": ("ST 信頼区間", "ST CI"),
    "never": ("期間内に未到達の試行", "Not reached (draws)"),
}
# Year KPIs across draws: what the percentiles are over, and what the share beside them means.
YEAR_KPI_NOTE = (
    "* 年度の指標：P10/P50/P90 はその年度に到達した試行のみで計算。「期間内に未到達の試行」は期間内に到達しない試行の割合"
    "（投資回収年度では、期間内に回収しない試行と純投資のない試行）。",
    "* Year KPIs: P10/P50/P90 over the draws in which the year is reached. \"Not reached (draws)\": the share of draws "
    "in which it is not reached within the horizon (payback: not paid back, or no net investment).",
)
NEVER_CELL = ("未到達{share}", "not reached in {share}")


def _h(name: str, lang: str) -> str:
    ja, en = HEADERS[name]
    return ja if lang == "ja" else en


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


def _plain_number(x, grouping: bool = True) -> str:
    """A parameter value for the registry listing; a time series in --set syntax (2025:0,2030:1).

    grouping adds thousands separators (not for years, nor in machine-readable output)."""
    if isinstance(x, dict):
        return ",".join(f"{y}:{_plain_number(v, False)}" for y, v in sorted(x.items()))
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}" if grouping else str(int(x))
    return f"{x:g}" if abs(x) < 1e6 else repr(float(x))


def _problem_lines(problems, indent: str = "  ") -> list[str]:
    return [f"{indent}{path}: {msg}" if path else f"{indent}{msg}" for path, msg in problems]


def _scenario_error_text(exc, source: str | None = None) -> str:
    source = source or exc.source
    head = f"{source}: " if source else ""
    if len(exc.problems) == 1 and not exc.problems[0][0]:
        return f"{head}{exc.problems[0][1]}"
    n = len(exc.problems)
    return "\n".join([f"{head}{n} problem{'s' if n != 1 else ''} in the scenario:"] + _problem_lines(exc.problems))


# --- --set ---------------------------------------------------------------------------------------

def _expected(p, series_hint: bool = False) -> str:
    """What a parameter accepts, e.g. 'a number in 0–3 (×)'."""
    from sim.parameters import UNITS
    if p.unit == "choice":
        return "one of " + ", ".join(p.choices)
    unit = UNITS[p.unit][1]
    whole = "a whole number" if p.integer else "a number"
    grouping = p.unit != "year"
    rng = (f" in {_plain_number(p.min, grouping)}–{_plain_number(p.max, grouping)}"
           if p.min is not None and p.max is not None else "")
    series = "; by year as 2025:10,2030:20" if p.time_varying and series_hint else ""
    return f"{whole}{rng} ({unit}){series}"


def _parse_number(key: str, p, text: str):
    """int for an integral literal (or an integral value of an integer parameter), else float."""
    clean = text.replace("_", "")
    try:
        return int(clean)
    except ValueError:
        pass
    try:
        x = float(clean)
    except ValueError:
        raise UserError(f"--set {key}: {text!r} is not a number; expected {_expected(p, True)}") from None
    if p.integer and math.isfinite(x) and x.is_integer():
        return int(x)
    return x


def parse_set(item: str) -> tuple[str, object]:
    """'key=value' -> (registry key, value checked against the registry)."""
    from sim.parameters import REGISTRY
    if "=" not in item:
        raise UserError(f"--set {item!r}: expected key=value, e.g. workforce.exit_rate_multiplier=1.5")
    key, text = (s.strip() for s in item.split("=", 1))
    p = REGISTRY.get(key)
    if p is None:
        close = difflib.get_close_matches(key, list(REGISTRY), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UserError(f"--set {key}: unknown parameter{hint}; `python -m sim params` lists them")
    if text == "":
        raise UserError(f"--set {key}: no value given; expected {_expected(p, True)}")
    if p.unit == "choice":
        value = text.strip("'\"")
        problem = p.check(value)
        if problem:
            raise UserError(f"--set {key}: {problem}")
        return key, value
    if ":" in text:
        if not p.time_varying:
            raise UserError(f"--set {key}: this parameter cannot vary by year; expected {_expected(p)}")
        series: dict[str, object] = {}
        for part in text.split(","):
            year, sep, num = (s.strip() for s in part.partition(":"))
            if not sep or not (year.isdigit() and len(year) == 4):
                raise UserError(f"--set {key}: {part.strip()!r} is not year:value; write e.g. {key}=2025:10,2030:20")
            if year in series:
                raise UserError(f"--set {key}: year {year} is given twice ({text}); give each year once")
            x = _parse_number(key, p, num)
            problem = p.check(x)
            if problem:
                raise UserError(f"--set {key} ({year}): {problem}; expected {_expected(p)}")
            series[year] = x
        return key, series
    x = _parse_number(key, p, text)
    problem = p.check(x)
    if problem:
        raise UserError(f"--set {key}: {problem}; expected {_expected(p)}")
    return key, x


def apply_sets(sc, items: list[str] | None):
    """The scenario with the --set values applied through Scenario.with_changes, validated as a whole
    (raises UserError)."""
    from sim.scenario import ScenarioError
    if not items:
        return sc
    changes: dict = {}
    for item in items:
        key, value = parse_set(item)
        if key in changes:
            raise UserError(f"--set {key}: given twice; give each key once")
        changes[key] = value
    try:
        return sc.with_changes(changes)
    except ScenarioError as exc:
        lever_problems = [(p, m) for p, m in exc.problems if p.startswith("lever.")]
        if lever_problems:
            raise UserError("\n".join(f"--set {p}: {m}" for p, m in lever_problems)) from None
        n = len(exc.problems)
        lines = [f"the --set values make the scenario invalid ({n} problem{'s' if n != 1 else ''}):"]
        lines += _problem_lines([(path.removeprefix("parameters."), msg) for path, msg in exc.problems])
        raise UserError("\n".join(lines)) from None


# --- commands ------------------------------------------------------------------------------------

def _load(path: str):
    from sim.scenario import ScenarioError, load_scenario
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, path)) from None


def with_municipality(sc, query: str):
    """(scenario with the [municipality] table of a real municipality, profile): `query` is a code or
    a name, looked up in the SSDSE-A / IPSS files of DXSIM_DATA_DIR, else the bundled copies."""
    from sim import municipal
    from sim.scenario import ScenarioError
    try:
        ssdse, ipss = municipal.load_default()
        code = municipal.find_code(ssdse, query)
        prof = municipal.profile(code, ssdse, ipss, base_year=int(sc.value("simulation.base_year")),
                                 end_year=int(sc.value("simulation.end_year")))
        return municipal.with_profile(sc, prof), prof
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, f"--municipality {query}")) from None
    except (KeyError, ValueError) as exc:  # DataImportError is a ValueError too
        raise UserError(f"--municipality {query}: {exc.args[0] if exc.args else exc}") from None


def _municipality_lines(prof: dict) -> list[str]:
    """The heading line naming the municipality, an optional note, and the credit line(s)."""
    from sim import municipal
    projected = prof["population_path"] == "explicit"
    lines = [f"Municipality: {prof['name']} ({prof['code']}), population {prof['population']:,} in the base year "
             f"({'IPSS 2023 projection' if projected else 'size-class path'})"]
    if prof.get("note"):
        lines.append(f"note: {prof['note']}")
    return lines + [municipal.SSDSE_CREDIT + ("; " + municipal.IPSS_CREDIT if projected else "")]


def _run(sc, draws, seed, err):
    from sim.engine import run
    from sim.scenario import ScenarioError
    n = sc.draws if draws is None else draws
    if n >= BUSY_DRAWS and err.isatty():
        print(f"running {n:,} draws of {sc.name} …", file=err, flush=True)
    try:
        return run(sc, draws=draws, seed=seed)
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, sc.name)) from None


def _progress_bar(err, total: int, unit: str, desc: str):
    """A tqdm bar on stderr (off when stderr is not a terminal) and a progress(done, total) callback."""
    from tqdm import tqdm
    bar = tqdm(total=total, unit=unit, desc=desc, file=err, disable=not err.isatty(), leave=False,
               dynamic_ncols=True)

    def progress(done, _total):
        bar.update(done - bar.n)
    return bar, progress


def _monte_carlo(sc, draws, seed, method, err):
    from sim.scenario import ScenarioError
    from sim.uncertainty import monte_carlo
    n = sc.draws if draws is None else draws
    bar, progress = _progress_bar(err, n, "draws", "Monte Carlo")
    try:
        with bar:
            return monte_carlo(sc, n, seed=seed, method=method, progress=progress)
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, sc.name)) from None


def _percentile_row(r: dict, lang: str) -> list[str]:
    """KPI label, P10, P50, P90 and, for a year KPI, the share of draws in which it is not reached
    (the label of a year KPI is marked with * and explained by YEAR_KPI_NOTE)."""
    from sim.results import YEAR_KPIS
    year_kpi = r["key"] in YEAR_KPIS
    label = r["label_ja" if lang == "ja" else "label_en"] + (" *" if year_kpi else "")
    cells = [label] + [format_value(r[c], r["unit"], lang) for c in ("p10", "p50", "p90")]
    cells.append(format_value(r["never_share"], "share", lang) if year_kpi else "")
    return cells


def mc_kpi_rows(mc, lang: str) -> list[list[str]]:
    return [_percentile_row(r, lang) for r in mc.kpi_table().to_dict("records")]


def kpi_rows(results, lang: str) -> list[list[str]]:
    label = "label_ja" if lang == "ja" else "label_en"
    rows = []
    for r in results.kpis.to_dict("records"):
        if results.draws > 1:
            rows.append(_percentile_row(r, lang))
        else:
            rows.append([r[label], format_value(r["value"], r["unit"], lang)])
    return rows


def cmd_run(args, out, err) -> int:
    sc, prof = _load(args.scenario), None
    if args.municipality:
        sc, prof = with_municipality(sc, args.municipality)
    sc = apply_sets(sc, args.set)
    n = sc.draws if args.draws is None else args.draws
    if n > 1:  # Monte Carlo in bounded-memory chunks; keeps KPIs and bands per draw
        results = _monte_carlo(sc, n, args.seed, args.method, err)
        rows = mc_kpi_rows(results, args.lang)
    else:
        results = _run(sc, args.draws, args.seed, err)
        rows = kpi_rows(results, args.lang)
    lang = args.lang
    target = sc.value("simulation.target_year")
    draws = f"{results.draws:,} draw{'s' if results.draws != 1 else ''}"
    method = f", {results.method} sampling" if results.draws > 1 and results.method != "random" else ""
    print(f"Scenario: {sc.name}  ({args.scenario})", file=out)
    print(f"{draws}, seed {results.seed}{method}, FY{results.years[0]}–FY{results.years[-1]}, target year FY{target}",
          file=out)
    if prof is not None:
        print(_municipality_lines(prof)[0], file=out)
    if args.set:
        print("--set: " + ", ".join(s.strip() for s in args.set), file=out)
    print(file=out)
    headers = [_h("kpi", lang)] + (["P10", "P50", "P90", _h("never", lang)] if results.draws > 1
                                   else [_h("value", lang)])
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if results.draws > 1:
        print(YEAR_KPI_NOTE[0 if lang == "ja" else 1], file=out)
    if args.out:
        try:
            paths = (results.write(args.out, args.format, lang) if results.draws > 1
                     else results.write(args.out, args.format))
        except OSError as exc:
            raise UserError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
        print(file=out)
        print(f"wrote {len(paths)} file{'s' if len(paths) != 1 else ''} to {args.out}: "
              + ", ".join(p.name for p in paths), file=out)
    if prof is not None:
        print(file=out)
        print("\n".join(_municipality_lines(prof)[1:]), file=out)
    return EXIT_OK


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


def cmd_compare(args, out, err) -> int:
    if len(args.scenarios) < 2:
        raise _Usage("compare needs at least two scenario files")
    scenarios, problems = [], []
    for f in args.scenarios:
        try:
            scenarios.append(_load(f))
        except UserError as exc:
            problems.append(str(exc))
    if problems:
        raise UserError("\nerror: ".join(problems))
    prof = None
    if args.municipality:
        pairs = [with_municipality(sc, args.municipality) for sc in scenarios]
        scenarios, prof = [p[0] for p in pairs], pairs[0][1]
    from sim.compare import kpi_table
    results_list = [_run(sc, args.draws, args.seed, err) for sc in scenarios]
    names = _unique_names(scenarios, args.scenarios)
    table = kpi_table(results_list, names)
    lang = args.lang
    draws = {r.draws for r in results_list}
    for name, f, res in zip(names, args.scenarios, results_list):
        print(f"{name}: {f}  ({res.draws:,} draw{'s' if res.draws != 1 else ''}, seed {res.seed})", file=out)
    if prof is not None:
        print(_municipality_lines(prof)[0], file=out)
    if max(draws) > 1:
        print("values with several draws are medians (P50)", file=out)
    print(file=out)
    label = "label_ja" if lang == "ja" else "label_en"
    headers = [_h("kpi", lang)] + names + [f"Δ {n}" for n in names[1:]]
    rows = []
    never_cell = NEVER_CELL[0 if lang == "ja" else 1]
    for r in table.to_dict("records"):
        cells = [r[label]]
        for n in names:
            cell = format_value(r[n], r["unit"], lang)
            share = r.get(f"never_share {n}", float("nan"))
            if share == share and share > 0:  # a median of a year KPI says in how many draws it is not reached
                cell += f" ({never_cell.format(share=format_value(share, 'share', lang))})"
            cells.append(cell)
        cells += [format_value(r[f"Δ {n}"], r["unit"], lang, delta=True) for n in names[1:]]
        rows.append(cells)
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if args.out:
        write_csv(table, args.out, out)
    if prof is not None:
        print(file=out)
        print("\n".join(_municipality_lines(prof)[1:]), file=out)
    return EXIT_OK


def write_csv(table, target: str, out) -> None:
    """A table as CSV in UTF-8 with BOM (Japanese Excel opens it correctly), formula-safe."""
    from sim.export import csv_bytes
    path = Path(target)
    try:
        if path.parent != Path(""):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(table))
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(file=out)
    print(f"wrote {target}", file=out)


def cmd_validate(args, out, err) -> int:
    from sim.inputs import resolve
    from sim.scenario import ScenarioError, load_scenario
    bad = 0
    for f in args.files:
        try:
            sc = load_scenario(f)
            resolve(sc, draws=1)  # checks that need the data too (e.g. an age profile against the 定年 rule)
        except ScenarioError as exc:
            bad += 1
            print(f"FAIL {f}", file=out)
            print("\n".join(_problem_lines(exc.problems)), file=out)
        else:
            print(f"OK  {f}", file=out)
    if len(args.files) > 1:
        print(f"\n{len(args.files) - bad} of {len(args.files)} files valid", file=out)
    return EXIT_INVALID if bad else EXIT_OK


def cmd_sensitivity(args, out, err) -> int:
    from sim import sensitivity
    from sim.model.kpis import KPI
    from sim.scenario import ScenarioError
    if args.kpi not in KPI:
        raise UserError(f"unknown KPI {args.kpi!r}; --kpi takes one of: {', '.join(KPI)}")
    sc = apply_sets(_load(args.scenario), args.set)
    lang = args.lang
    seed = sc.seed if args.seed is None else args.seed
    try:
        if args.method == "tornado":
            table = sensitivity.tornado(sc, args.kpi)
        else:
            d = len(sensitivity.uncertain_inputs(sc))
            bar, progress = _progress_bar(err, args.n * (d + 2), "runs", "Sobol")
            with bar:
                table = sensitivity.sobol(sc, args.kpi, n=args.n, seed=seed, progress=progress)
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, sc.name)) from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    from sim.model.kpis import KPI
    kpi_label, unit = KPI[args.kpi].label(lang), KPI[args.kpi].unit
    label = "label_ja" if lang == "ja" else "label_en"
    print(f"Scenario: {sc.name}  ({args.scenario})", file=out)
    if args.method == "tornado":
        base = table["base"].iloc[0] if len(table) else float("nan")
        print(f"KPI: {kpi_label} ({args.kpi}); tornado: each input at its P5 and P95, "
              f"the others at their point values; base {format_value(base, unit, lang)}", file=out)
        print(file=out)
        headers = [_h(c, lang) for c in ("input", "low", "high", "kpi_low", "kpi_high", "swing")]
        rows = [[r[label], format_value(r["low"], r["unit"], lang), format_value(r["high"], r["unit"], lang),
                 format_value(r["kpi_low"], unit, lang), format_value(r["kpi_high"], unit, lang),
                 format_value(r["swing"], unit, lang)] for r in table.to_dict("records")]
    else:
        print(f"KPI: {kpi_label} ({args.kpi}); Sobol' indices, N = {args.n:,} "
              f"({args.n * (len(table) + 2):,} runs), seed {seed}, 95% bootstrap intervals", file=out)
        print(file=out)
        headers = [_h("input", lang), "S1", _h("s1_ci", lang), "ST", _h("st_ci", lang)]

        def num(x):
            return "—" if x != x else f"{(0.0 if abs(x) < 5e-4 else x):.3f}"  # no "-0.000"
        rows = [[r[label], num(r["S1"]), f"[{num(r['S1_low'])}, {num(r['S1_high'])}]",
                 num(r["ST"]), f"[{num(r['ST_low'])}, {num(r['ST_high'])}]"] for r in table.to_dict("records")]
    print(render_table(headers, rows, ["l"] + ["r"] * (len(headers) - 1)), file=out)
    if args.out:
        write_csv(table, args.out, out)
    return EXIT_OK


def cmd_doctor(args, out, err) -> int:
    from sim.doctor import doctor
    return EXIT_INVALID if doctor(args.library, out=out) else EXIT_OK


BATCH_SUMMARY_HEADERS = {
    "kind": ("区分", "Kind"), "count": ("団体数", "Count"), "population": ("人口（基準年度）", "Population (base year)"),
    "gap_pct_weighted": ("不足率（人口加重）", "Gap % (pop.-weighted)"), "gap_pct_median": ("不足率（中央値）", "Gap % (median)"),
    "n_gap_above_threshold": ("しきい値超の団体", "Above threshold"),
}


def cmd_batch(args, out, err) -> int:
    from sim import municipal
    from sim.export import csv_bytes
    from sim.scenario import ScenarioError
    for item in args.set or ():
        key = item.split("=", 1)[0].strip()
        if key.startswith("municipality."):  # batch replaces [municipality] by each town's profile
            raise UserError(f"--set {key}: batch replaces the scenario's [municipality] table with each "
                            "municipality's own figures, so this value would be ignored; set it per town with "
                            "`run --municipality CODE --set ...` instead")
    sc = apply_sets(_load(args.scenario), args.set)
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
    bar, progress = _progress_bar(err, len(chosen), "municipalities", "batch")
    try:
        with bar:
            table = municipal.batch(sc, ssdse, ipss, prefecture=args.prefecture, progress=progress)
    except ScenarioError as exc:
        raise UserError(_scenario_error_text(exc, sc.name)) from None
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


PARAM_COLUMNS = ("key", "label", "unit", "default", "range", "time_varying", "uncertainty", "source")


def param_rows(lang: str, group: str | None = None, readable: bool = True) -> list[dict]:
    """format_table rows (optionally one group, or a group prefix such as 'lever').

    readable: thousands separators in defaults and ranges (not for years) and ○ for 'by year' in Japanese;
    a time-series default is always written in --set syntax (2025:0,2030:1)."""
    from sim.parameters import REGISTRY, format_table
    rows = []
    for row in format_table(lang):
        if group and not (row["group"] == group or row["group"].startswith(group + ".")):
            continue
        p = REGISTRY[row["key"]]
        row = dict(row)
        grouping = readable and p.unit != "year"
        if p.default is not None:
            row["default"] = _plain_number(p.default, grouping)
        if p.numeric and p.min is not None and p.max is not None:
            row["range"] = f"{_plain_number(p.min, grouping)}–{_plain_number(p.max, grouping)}"
        if row["time_varying"] and readable:
            row["time_varying"] = "○" if lang == "ja" else "yes"
        rows.append(row)
    return rows


def _md_cell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def cmd_params(args, out, err) -> int:
    from sim.parameters import GROUPS
    lang = args.lang
    if args.group and not any(g == args.group or g.startswith(args.group + ".") for g in GROUPS):
        raise _Usage(f"unknown group {args.group!r}; groups: {', '.join(GROUPS)}")
    rows = param_rows(lang, args.group, readable=args.format != "csv")
    if args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["key"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        out.write(buf.getvalue())
        return EXIT_OK
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    headers = [_h(c, lang) for c in PARAM_COLUMNS]
    blocks = []
    for g, items in groups.items():
        title = GROUPS[g][0 if lang == "ja" else 1]
        cells = [[str(r[c]) for c in PARAM_COLUMNS] for r in items]
        if args.format == "markdown":
            lines = [f"### {title} (`{g}`)", "", "| " + " | ".join(headers) + " |",
                     "|" + "|".join(["---"] * len(headers)) + "|"]
            for r in cells:
                r[0] = f"`{r[0]}`"
                lines.append("| " + " | ".join(_md_cell(c) for c in r) + " |")
            blocks.append("\n".join(lines))
        else:
            blocks.append(f"{title} ({g})\n" + render_table(headers, cells, ["l"] * len(headers)))
    print("\n\n".join(blocks), file=out)
    return EXIT_OK


# --- argument parsing ----------------------------------------------------------------------------

class _Usage(Exception):
    """A usage error found after parsing: reported like argparse's own (exit status 2)."""


def _int_in(lo: int, hi: int, what: str):
    def parse(text: str) -> int:
        try:
            x = int(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= x <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be {lo:,}–{hi:,}, got {x:,}")
        return x
    return parse


def _power_of_two(text: str) -> int:
    try:
        x = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if x < 2 or x & (x - 1) or x > 2**20:
        raise argparse.ArgumentTypeError(f"N must be a power of two from 2 to 1,048,576 (e.g. 64, 1024), got {x:,}")
    return x


MUNICIPALITY_HELP = ("a real municipality from the SSDSE-A / IPSS files (the bundled copies, or those in "
                     "$DXSIM_DATA_DIR): a code (01210) or a name (岩見沢市, 北海道岩見沢市); its profile replaces "
                     "the scenario's [municipality] table; --set applies after it")


def build_parser() -> argparse.ArgumentParser:
    from sim.scenario import MAX_DRAWS
    from sim.sampling import METHODS
    draws_t = _int_in(1, MAX_DRAWS, "draws")
    seed_t = _int_in(0, 2**32 - 1, "seed")
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m sim", formatter_class=fmt, epilog=EPILOG,
        description="dx-sim: staffing, digital talent and DX budget of a Japanese municipality (自治体), "
                    "year by year. Runs, compares and checks scenario files (TOML).")
    parser.add_argument("--version", action="version", version=f"dx-sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    lang_help = "language of labels (default: ja)"
    p = sub.add_parser("run", help="run a scenario, print its KPIs, optionally write the result tables",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Run a scenario and print its KPIs; with --out, write the result tables "
                                   "(kpis, series, flows, budget, levers, age_profile).")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a registry parameter (repeatable): a number, a choice, or by year as "
                        "KEY=2025:10,2030:20; municipality.* and lever.<kind>.<field> (all levers of that kind) "
                        "work too. `python -m sim params` lists the keys")
    p.add_argument("--draws", type=draws_t, metavar="N",
                   help="Monte-Carlo draws (default: the scenario's); with N > 1 prints P10/P50/P90")
    p.add_argument("--seed", type=seed_t, metavar="S", help="random seed (default: the scenario's)")
    p.add_argument("--method", choices=METHODS, default="random",
                   help="sampling for --draws N > 1: random (default; each input from its own seeded stream), "
                        "lhs (Latin hypercube) or sobol (scrambled Sobol' sequence)")
    p.add_argument("--out", metavar="DIR", help="write the result tables into DIR (with N > 1 draws: "
                                                "kpis with P5–P95 incl. P80, and bands per metric and year)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="file format for --out: csv (one UTF-8 file with BOM per table; default), "
                        "xlsx (one sheet per table), json")
    p.add_argument("--lang", choices=LANGS, default="ja", help=lang_help)
    p.add_argument("--municipality", metavar="CODE|NAME", help=MUNICIPALITY_HELP)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="compare scenarios' KPIs side by side, with differences to the first",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Run two or more scenarios and print their KPIs side by side, with the "
                                   "difference (Δ) of each to the first. With several draws the values are medians.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml")
    p.add_argument("--draws", type=draws_t, metavar="N", help="Monte-Carlo draws for every scenario "
                                                              "(default: each scenario's own)")
    p.add_argument("--seed", type=seed_t, metavar="S", help="random seed for every scenario (default: each scenario's)")
    p.add_argument("--lang", choices=LANGS, default="ja", help=lang_help)
    p.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV (UTF-8 with BOM, raw numbers)")
    p.add_argument("--municipality", metavar="CODE|NAME", help=MUNICIPALITY_HELP + " (the same for every scenario)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("validate", help="check scenario files and list every problem",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Check scenario files. Prints 'OK  file' or 'FAIL file' followed by every "
                                   "problem (key path: message); exit status 1 if any file is invalid.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("params", help="print the parameter registry (keys, defaults, ranges, sources)",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Print the parameter registry: the keys usable in scenario files and with --set.")
    p.add_argument("--lang", choices=LANGS, default="ja", help=lang_help)
    p.add_argument("--group", metavar="G", help="only group G (e.g. workforce, talent, lever.rpa_ai, or lever for all levers)")
    p.add_argument("--format", choices=("table", "csv", "markdown"), default="table",
                   help="table (default), csv, or markdown (for the docs)")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("sensitivity", help="which uncertain inputs drive a KPI: tornado or Sobol' indices",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Sensitivity of one KPI to the scenario's uncertain inputs: a tornado (each "
                                   "input at its P5 and P95, the others at their point values) or Sobol' "
                                   "first-order (S1) and total (ST) indices with 95% bootstrap intervals.")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--kpi", required=True, metavar="KEY", help="KPI key, e.g. staff_gap_target, npv "
                                                               "(an unknown key lists them)")
    p.add_argument("--method", choices=("tornado", "sobol"), default="tornado", help="tornado (default) or sobol")
    p.add_argument("--n", type=_power_of_two, default=1024, metavar="N",
                   help="Sobol' base sample size, a power of two (default 1024); N·(d+2) runs for d inputs")
    p.add_argument("--seed", type=seed_t, metavar="S", help="random seed for Sobol' (default: the scenario's)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a registry parameter (repeatable)")
    p.add_argument("--lang", choices=LANGS, default="ja", help=lang_help)
    p.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV (UTF-8 with BOM, raw numbers)")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("doctor", help="self-check: bundled data, built-in scenarios, the library folder",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Check the bundled data tables (load, columns, source ids, no per-municipality "
                                   "copies), the built-in scenarios (load, run, finite KPIs) and every *.toml in the "
                                   "library folder; print each problem as file:line: message; exit status 1 if any.")
    p.add_argument("--library", metavar="DIR", help="library folder to check (default: $DXSIM_LIBRARY_DIR or "
                                                    "scenarios/user/)")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("batch", help="run one scenario for every municipality of an SSDSE-A file (or a prefecture)",
                       formatter_class=fmt, epilog=EPILOG,
                       description="Run one scenario for every municipality (population > 0) of the official "
                                   "SSDSE-A CSV, each with its own figures (population, 65+ share, staff, area; "
                                   "the IPSS projection with --projection), deterministically. Writes kpis.csv (one "
                                   "row per municipality) and summary.csv (by kind) into DIR, UTF-8 with BOM.")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--municipalities", metavar="SSDSE_FILE",
                   help="the SSDSE-A CSV as published (CP932, three header rows); default: the bundled SSDSE-A 2025 "
                        "and IPSS 2023 files (or those of DXSIM_DATA_DIR)")
    p.add_argument("--projection", metavar="IPSS_FILE",
                   help="IPSS 2023 municipal projection, tidy CSV (see README); with --municipalities and without "
                        "this, the size-class paths")
    p.add_argument("--prefecture", metavar="NAME", help="only this prefecture (e.g. 北海道)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for kpis.csv and summary.csv")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a registry parameter (repeatable)")
    p.add_argument("--lang", choices=LANGS, default="ja", help=lang_help)
    p.set_defaults(func=cmd_batch)
    return parser


def _safe_streams(*streams) -> None:
    """Never fail on a character the terminal's encoding lacks (e.g. ¥ or Japanese on cp1252)."""
    for s in streams:
        enc = (getattr(s, "encoding", None) or "").lower().replace("-", "")
        if enc and enc not in ("utf8", "utf8sig") and hasattr(s, "reconfigure"):
            try:
                s.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    _safe_streams(out, err)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse printed it)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "run" and args.format and not args.out:
        print(f"{parser.prog} run: error: --format needs --out DIR", file=err)
        return EXIT_USAGE
    if args.command == "run":
        args.format = args.format or "csv"
    try:
        with warnings.catch_warnings():
            # percentiles of a KPI no draw reaches (e.g. a payback year) are NaN, shown as "—"
            warnings.filterwarnings("ignore", message="All-NaN slice", category=RuntimeWarning)
            return args.func(args, out, err)
    except UserError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INVALID
    except _Usage as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130
    except BrokenPipeError:
        # `python -m sim params | head`: the reader went away; stop quietly (and keep the final
        # flush at interpreter exit from failing again, as the Python docs recommend).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return EXIT_OK
    except Exception as exc:  # a bug: short message, traceback only on request
        if os.environ.get("DXSIM_DEBUG") == "1":
            traceback.print_exc(file=err)
        print(f"internal error: {type(exc).__name__}: {exc}", file=err)
        print("This is a bug in dx-sim. Please report it with the command you ran and the scenario file"
              + ("" if os.environ.get("DXSIM_DEBUG") == "1" else "; set DXSIM_DEBUG=1 to see the traceback") + ".",
              file=err)
        return EXIT_INTERNAL
