"""Compare page: overlaid series charts and the display tables (pure: no streamlit).

The comparison itself (KPI differences, differing inputs) lives in sim.compare; this module turns
it into charts and formatted tables in the chosen language.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim import data
from sim.results import YEAR_KPIS
from sim.export import csv_bytes as safe_csv_bytes
from sim.model.metrics import METRIC_UNITS
from sim.units import column_format, rounded
from sim.units import format_value
from ui.charts.colors import NEUTRAL_COLOR, SCENARIO_COLORS, SCENARIO_DASHES, ZERO_COLOR
from ui.charts.display import WHOLE_UNITS, shown_value, whole
from ui.charts.uncertainty import gap_band_layer
from ui.i18n import label_column, t

# metric -> how it is drawn: (chart, unit); the cumulative net benefit is computed from the budget.
SERIES = ("required_fte", "supply_fte", "gap_fte", "net_benefit_cumulative")  # units: sim.model.metrics
YEN_SCALE = {"ja": (1e8, "億円"), "en": (1e6, "¥ million")}
PALETTE = SCENARIO_COLORS  # one distinct colour per scenario (max 5), in the order picked
SERIES_DASH = {"required_fte": [6, 3], "supply_fte": [1, 0]}  # the required line dashed, as the title says
HEIGHT = 300  # plot height in px, not counting title and legends (autosize fit-x keeps it)
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")  # full width; the legends add height


def series_frame(results_by_name: dict) -> pd.DataFrame:
    """Long table scenario, metric, year, value of the compared series (P50 over draws: Results.shown)."""
    paths = {"required_fte": "required_fte", "supply_fte": "supply_fte", "gap_fte": "gap_fte",
             "net_benefit_cumulative": "line.capacity_net_of_cost_cumulative"}
    frames = [pd.DataFrame({"scenario": name, "metric": metric, "year": res.years.astype(int), "value": res.shown(path)})
              for name, res in results_by_name.items() for metric, path in paths.items()]
    return pd.concat(frames, ignore_index=True)


def _prepare(df: pd.DataFrame, metrics: tuple[str, ...], lang: str) -> pd.DataFrame:
    out = df[df["metric"].isin(metrics)].copy()
    out["series"] = [t(f"series.short.{m}", lang) for m in out["metric"]]
    out["order"] = out["metric"].map({m: i for i, m in enumerate(metrics)})
    out["text"] = [format_value(v, METRIC_UNITS[m], lang) for v, m in zip(out["value"], out["metric"])]
    return out


def _legend(title: str, symbol_color: str | None = None) -> alt.Legend:
    """A legend at the bottom with line symbols (a line chart's legend shows lines, not dots); a legend of
    dashes alone draws its lines in `symbol_color` (it has no colour of its own)."""
    # both colours: with the point overlay the symbol counts as filled (a stroke colour alone drew nothing in Chromium)
    extra = {"symbolStrokeColor": symbol_color, "symbolFillColor": symbol_color} if symbol_color else {}
    return alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=600, symbolType="stroke",
                      symbolStrokeWidth=2.5, symbolSize=400, **extra)


def _lines(df: pd.DataFrame, names: list[str], lang: str, y_title: str, dashed: bool,
           zero: bool = True) -> alt.Chart:
    """One line per scenario (and series): colour by scenario; the dash tells the series apart when
    `dashed`, otherwise the scenario again (one merged legend of line symbols)."""
    scenario = t("compare.col.scenario", lang)
    series = t("compare.col.series", lang)
    color_scale = alt.Scale(domain=names, range=list(PALETTE[:len(names)]))
    enc = {
        "x": alt.X("year:Q", title=t("export.col.year", lang), axis=alt.Axis(format="d"),
                   scale=alt.Scale(zero=False, nice=False)),
        "y": alt.Y("plot:Q", title=y_title, scale=alt.Scale(zero=zero)),
        "color": alt.Color("scenario:N", title=scenario, scale=color_scale, sort=names, legend=_legend(scenario)),
        "tooltip": [alt.Tooltip("scenario:N", title=scenario),
                    alt.Tooltip("series:N", title=series),
                    alt.Tooltip("year:Q", title=t("export.col.year", lang), format="d"),
                    alt.Tooltip("text:N", title=t("export.col.value", lang))],
    }
    if dashed:
        pairs = df.sort_values("order")[["series", "metric"]].drop_duplicates("series")
        kinds = list(pairs["series"])
        enc["strokeDash"] = alt.StrokeDash("series:N", title=series, sort=kinds,
                                           scale=alt.Scale(domain=kinds, range=[SERIES_DASH[m] for m in pairs["metric"]]),
                                           legend=_legend(series, symbol_color=NEUTRAL_COLOR))
    else:
        enc["strokeDash"] = alt.StrokeDash("scenario:N", title=scenario, sort=names,
                                           scale=alt.Scale(domain=names,
                                                           range=[list(d) for d in SCENARIO_DASHES[:len(names)]]),
                                           legend=_legend(scenario))
    return alt.Chart(df).mark_line(strokeWidth=2.2, point=alt.OverlayMarkDef(size=18)).encode(**enc)


def _sized(chart, title: str, height: int):
    """Title, plot height and autosize on the top level (Streamlit's default "fit" squeezes the plot to
    make room for the legends)."""
    return chart.properties(title=title, height=height, autosize=AUTOSIZE)


def _zero() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"plot": [0.0]})).mark_rule(color=ZERO_COLOR, strokeDash=[2, 2]).encode(y=alt.Y("plot:Q"))


def fte_chart(df: pd.DataFrame, names: list[str], lang: str, height: int = HEIGHT) -> alt.Chart:
    """Required FTE (dashed) and supply FTE per scenario."""
    d = _prepare(df, ("required_fte", "supply_fte"), lang)
    d["plot"] = d["value"]
    return _sized(_lines(d, names, lang, t("unit.fte", lang), dashed=True, zero=False),
                  t("compare.chart.fte", lang), height)


def gap_chart(df: pd.DataFrame, names: list[str], lang: str, bands: pd.DataFrame | None = None,
              height: int = HEIGHT) -> alt.LayerChart:
    """Staff gap (required − supply) per scenario; a rule at zero; with `bands`
    (ui.charts.uncertainty.gap_band_frame) the P10–P90 areas behind the lines."""
    d = _prepare(df, ("gap_fte",), lang)
    d["plot"] = d["value"]
    layers = [_lines(d, names, lang, t("unit.fte", lang), dashed=False), _zero()]
    if bands is not None and len(bands):
        layers.insert(0, gap_band_layer(bands, names, PALETTE, lang))
    return _sized(alt.layer(*layers), t("compare.chart.gap", lang), height)


def benefit_chart(df: pd.DataFrame, names: list[str], lang: str, height: int = HEIGHT) -> alt.LayerChart:
    """Cumulative net DX benefit (realised benefit − net DX cost) per scenario, in 億円 / ¥ million."""
    d = _prepare(df, ("net_benefit_cumulative",), lang)
    scale, unit = YEN_SCALE[lang]
    d["plot"] = d["value"] / scale
    lines = _lines(d, names, lang, t("compare.axis.yen", lang, unit=unit), dashed=False)
    return _sized(alt.layer(lines, _zero()), t("compare.chart.benefit", lang), height)


CHART_METRICS = {"fte": ("required_fte", "supply_fte"), "gap": ("gap_fte",), "benefit": ("net_benefit_cumulative",)}


def chart_table(df: pd.DataFrame, names: list[str], metrics, lang: str) -> pd.DataFrame:
    """The data of one chart as a wide table for CSV: fiscal year, then one column per scenario and
    series (headers in the language, with the unit); values rounded to their display precision in one
    scale per series (sim.units.column_format: 人年, 億円 / 万円)."""
    year = t("export.col.year", lang)
    out = pd.DataFrame({year: sorted(df["year"].unique())}) if len(df) else pd.DataFrame({year: []})
    for metric in metrics:
        label = t(f"series.short.{metric}", lang)
        fmt = column_format(df.loc[df["metric"] == metric, "value"], METRIC_UNITS[metric], lang)
        for name in names:
            part = df[(df["metric"] == metric) & (df["scenario"] == name)].set_index("year")["value"]
            col = t("common.paren", lang, text=t("common.colon", lang, a=name, b=label), note=fmt.unit_text)
            out[col] = rounded(out[year].map(part).to_numpy(dtype=float), fmt)
    return out


def kpi_display(table: pd.DataFrame, names: list[str], lang: str) -> pd.DataFrame:
    """sim.compare.kpi_table formatted for people: KPI label, value per scenario, Δ against the first."""
    out = pd.DataFrame({t("export.col.kpi", lang): table[label_column(lang)]})
    for name in names:
        out[name] = [shown_value(v, u, lang) for v, u in zip(table[name], table["unit"])]  # whole people
        never = f"never_share {name}"  # a scenario run with several draws: its P50 of a year KPI
        if never in table:
            out[name] = [_with_never(cell, key, share, lang)
                         for cell, key, share in zip(out[name], table["key"], table[never])]
    for name in names[1:]:
        # a headcount's Δ is the difference of the whole numbers shown (13人 − 0人 = +13人, not +12人)
        out[f"Δ {name}"] = [shown_value(whole(b) - whole(a) if u in WHOLE_UNITS else d, u, lang, delta=True)
                            for a, b, d, u in zip(table[names[0]], table[name], table[f"Δ {name}"], table["unit"])]
    return out


def _with_never(cell: str, key: str, share: float, lang: str) -> str:
    """A P50 of a year KPI with the share of draws in which the year is never reached."""
    if key not in YEAR_KPIS or not share == share or share <= 0.0:
        return cell
    if share >= 1.0:
        return t(f"unc.never_all.{key}", lang)
    note = t(f"unc.never.{key}", lang, share=format_value(share, "share", lang))
    return t("common.paren", lang, text=cell, note=note)


def format_input(value, unit: str, key: str, lang: str) -> str:
    """One input value of sim.compare.input_differences for people."""
    if unit == "flag":
        state = "absent" if value is None else "on" if value else "off"
        return t(f"compare.lever.{state}", lang)
    if value is None or value == "":
        return t("registry.preset", lang) if key.startswith("municipality.") else "—"
    if unit == "preset":
        presets = data.presets()
        if value not in presets.index:
            return str(value)
        return str(presets.loc[value, label_column(lang)])
    if unit == "profile":
        return t("compare.profile_given", lang, staff=format_value(value, "persons", lang))
    if unit == "uncertainty":
        return _uncertainty_text(value, key, lang)
    if isinstance(value, dict):
        return ", ".join(f"{format_value(y, 'year', lang)} {format_value(v, unit, lang)}"
                         for y, v in sorted(value.items()))
    if unit == "choice":  # the registry's choice label, as on the parameters page
        return _label(f"choice.{key.rsplit('.', 1)[-1]}.{value}", value, lang)
    if unit == "population_path":
        return _label(f"compare.population_path.{value}", value, lang)
    if unit == "text":
        return str(value)
    return format_value(value, unit, lang)


def _label(i18n_key: str, value, lang: str) -> str:
    """The catalogue's label of a code; the code itself only if the catalogue has none (a newer file)."""
    try:
        return t(i18n_key, lang)
    except KeyError:
        return str(value)


def _uncertainty_text(spec: dict, key: str, lang: str) -> str:
    """An uncertainty override (Uncertainty.as_dict()) as words: distribution, range and mode/sd in the
    parameter's unit."""
    from sim.parameters import REGISTRY

    p = REGISTRY.get(key.removeprefix("uncertainty."))
    unit = p.unit if p is not None and p.unit not in ("choice",) else None

    def num(x):
        if unit is None or not isinstance(x, (int, float)):
            return f"{x:g}" if isinstance(x, (int, float)) else str(x)
        return format_value(x, unit, lang)

    parts = [_label(f"compare.dist.{spec.get('dist')}", spec.get("dist"), lang),
             t("unc.range", lang, low=num(spec.get("low")), high=num(spec.get("high")))]
    for field in ("mode", "sd"):
        if spec.get(field) is not None:
            parts.append(t(f"compare.dist_field.{field}", lang, value=num(spec[field])))
    return t("list.sep", lang).join(parts)


def inputs_display(diff: pd.DataFrame, names: list[str], lang: str) -> pd.DataFrame:
    """sim.compare.input_differences formatted for people: key, label, value per scenario."""
    out = pd.DataFrame({t("export.col.key", lang): diff["key"], t("export.col.label", lang): diff[label_column(lang)]})
    for name in names:
        out[name] = [format_input(v, u, k, lang) for v, u, k in zip(diff[name], diff["unit"], diff["key"])]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM (Japanese Excel opens it correctly)."""
    return safe_csv_bytes(df)  # formula-safe: scenario and lever names are user text
