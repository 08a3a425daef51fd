"""UI text by area; ui.i18n merges them with sim's areas (sim/text) into one catalogue. Add a module here for a new page."""

from ui.text import (common, compare, data, jobs, municipal, optimise, overview, parameters, persistence, plan, report,
                     results, sidebar, uncertainty)

AREAS = (common, sidebar, overview, parameters, results, compare, data, persistence, uncertainty, municipal, plan, report,
         jobs, optimise)
