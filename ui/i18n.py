"""The app's text catalogue: sim's catalogue areas (sim/text: units, KPIs, budget lines, ...) plus the
app's own (ui/text), merged into one and looked up through sim.i18n's one lookup.
"""

from __future__ import annotations

from sim import text as sim_text
from sim.i18n import (DEFAULT_LANG, LANG_NAMES, LANGS, Catalogue, in_lang, label_column,  # noqa: F401
                      pick)  # (the app's i18n names)
from ui import text as ui_text

CATALOGUE = Catalogue(sim_text.AREAS + ui_text.AREAS)
CATALOG: dict[str, dict[str, str]] = CATALOGUE.text
t = CATALOGUE.t
has = CATALOGUE.has
