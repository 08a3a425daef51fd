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
