"""The town of a scenario in words, for titles, file names and documents (pure: no streamlit)."""

from __future__ import annotations

from sim import data
from sim.i18n import label_column, t


def preset_label(sc, lang: str) -> str:
    """The label of the scenario's size-class preset (the model town)."""
    return str(data.presets().loc[sc.municipality.preset, label_column(lang)])


def own_figures(sc) -> bool:
    """True when the town is given by own figures (profile values or an age profile)."""
    m = sc.municipality
    return m.age_profile is not None or m.age_profile_csv is not None or any(
        k.startswith("municipality.") for k in m.values)


def town_label(sc, lang: str) -> str:
    """The town of a scenario in words: its name (picked from the data, or named in the file), else own
    figures or the model town of its size class (the preset's label)."""
    if sc.municipality.name:
        return sc.municipality.name
    return t("muni.town.own" if own_figures(sc) else "muni.town.model", lang, label=preset_label(sc, lang))
