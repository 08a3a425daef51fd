"""Chart images of the council report: the app's own Altair charts (ui.charts builders, pure: no
streamlit), titled and rendered to PNG by vl-convert with a Japanese font, so kana and kanji render
on any machine that has the Noto CJK fonts (scripts/run-app.sh and run-tests.sh install fonts-noto-cjk).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import altair as alt
import vl_convert as vlc

from ui.report.errors import ReportError
from ui.charts import results as result_charts
from ui.charts import uncertainty as unc_charts
from ui.i18n import t

FONT = "Noto Sans CJK JP"
FONT_ENV = "DXSIM_FONT_DIR"  # a folder holding NotoSansCJK*.tt[cf] where the system keeps it elsewhere
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk",
             "/usr/share/fonts/noto")
FONT_FILES = "NotoSansCJK*"
WIDTH = 640  # px of the plot in the image (scale 2 for print)
SCALE = 2.0


@dataclass(frozen=True)
class ChartImage:
    key: str
    title: str
    png: bytes


@cache
def font_directory() -> str | None:
    """The folder with the Noto Sans CJK fonts, registered with vl-convert once per process; None when
    there is none (the report cannot be made: see render_png)."""
    candidates = [os.environ[FONT_ENV]] if os.environ.get(FONT_ENV) else []
    for folder in (*candidates, *FONT_DIRS):
        if Path(folder).is_dir() and any(Path(folder).glob(FONT_FILES)):
            vlc.register_font_directory(folder)
            return folder
    return None


def render_png(chart: alt.TopLevelMixin, title: str, lang: str = "ja") -> bytes:
    """One chart as PNG, with its title, in the Japanese font (ReportError in `lang` without the font:
    never an image of boxes)."""
    if font_directory() is None:
        raise ReportError(t("report.error.font", lang))
    spec = chart.properties(title=title).configure(font=FONT).to_dict()
    return vlc.vegalite_to_png(spec, scale=SCALE)


def _sized(chart, width: int = WIDTH):
    return chart.properties(width=width)


def report_charts(results, lang: str, mc=None) -> list[ChartImage]:
    """The report's charts (four to six): supply and required, hires and exits, digital talent, the DX
    budget, the cumulative net benefit, and the staff-gap range of the Monte Carlo when one is given,
    else the hours saved by lever when the plan has levers."""
    budget = result_charts.budget_frame(results)
    charts = [
        ("supply_demand", t("results.chart.supply_demand", lang),
         _sized(result_charts.supply_demand_chart(result_charts.supply_demand_frame(results), lang))),
        ("flows", t("results.chart.flows", lang),
         _sized(result_charts.flows_chart(result_charts.flows_frame(results), lang))),
        ("digital", t("results.chart.digital", lang),
         result_charts.digital_chart(result_charts.digital_frame(results), lang, height=200)
         .properties(width=WIDTH // 3 - 20)),
        ("budget", t("results.chart.budget", lang),
         _sized(result_charts.budget_chart(budget, lang, include_pay=False))),
        ("net_benefit", t("results.chart.net_benefit", lang),
         _sized(result_charts.net_benefit_chart(budget, lang))),
    ]
    if mc is not None:
        gap = unc_charts.fan_frame(mc.band_table(lang), ("gap_fte",), "fte", lang)
        title = t("compare.chart.gap", lang)
        charts.append(("gap_range", title, _sized(unc_charts.fan_chart(gap, lang, title, "fte", zero_rule=True))))
    elif results.lever_names:
        charts.append(("levers", t("sheet.levers", lang),
                       _sized(result_charts.levers_chart(result_charts.levers_frame(results), lang,
                                                         results.lever_kinds))))
    return [ChartImage(key, title, render_png(chart, title, lang)) for key, title, chart in charts]
