"""sim's text catalogue by area; sim.i18n merges them (and ui.i18n adds the app's own areas)."""

from sim.text import (analysis, budget, cli, doctor, export, inputs, kpis, metrics, municipal, optimise, plan, registry, scenario,
                      units, validation)

AREAS = (units, kpis, budget, metrics, registry, inputs, export, validation, scenario, municipal, analysis, optimise, plan,
         doctor, cli)
