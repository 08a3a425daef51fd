"""Formatting of values by unit, shared by the CLI and the app."""

import math

import numpy as np
import pytest

from sim.units import format_value


@pytest.mark.parametrize("x,unit,lang,text", [
    (np.float64(2500.0), "persons", "en", "2,500 persons"),
    (np.int64(7), "persons", "ja", "7人"),
    (np.float64(23.27), "fte", "ja", "23.3人年"),
    (0.0579, "share", "ja", "5.8%"),
    (3_089_219_376, "yen", "ja", "30.89億円"),
    (3_089_219_376, "yen", "en", "¥3.09 billion"),
    (2_500_000, "yen", "ja", "250万円"),
    (2037.0, "year", "ja", "2037年度"),
    (2037.0, "year", "en", "FY2037"),
    (float("nan"), "year", "en", "—"),
    (None, "persons", "ja", "—"),
    (math.inf, "multiplier", "en", "∞"),
])
def test_format_value(x, unit, lang, text):
    assert format_value(x, unit, lang) == text


@pytest.mark.parametrize("x,unit,lang,text", [
    (48, "days", "ja", "48日"),
    (48, "days", "en", "48 days"),
    (65, "age", "ja", "65歳"),
    (65, "age", "en", "65 years of age"),
    (12, "persons_per_year", "ja", "12人/年"),
    (12, "persons_per_year", "en", "12 persons/year"),
    (4, "years", "ja", "4年"),
])
def test_format_value_names_counts_with_the_registry_unit(x, unit, lang, text):
    assert format_value(x, unit, lang) == text


def test_every_registry_unit_formats_with_its_own_name():
    """One unit table: format_value takes the names of counts, durations and ages from the catalogue's unit.*."""
    from sim.i18n import t
    from sim.parameters import UNITS
    special = {"share", "rate", "yen", "year", "multiplier", "choice"}  # formatted as %, 万円, 年度, 倍
    for unit in UNITS:
        ja, en = t(f"unit.{unit}", "ja"), t(f"unit.{unit}", "en")
        if unit in special:
            continue
        assert format_value(3, unit, "ja") == f"3{ja}", unit
        assert format_value(3, unit, "en") == f"3 {en}", unit
