"""The parameter registry: complete, consistent, and sourced."""

import pytest

from sim import data
from sim.i18n import t
from sim.parameters import (GROUPS, LEVER_KINDS, REGISTRY, UNITS, lever_fields, municipality_params,
                            scenario_params, uncertain_params)
from sim.sampling import frozen, sample

COMMON_LEVER_FIELDS = {"start_year", "ramp_years", "ramp_shape", "ceiling", "realisation", "subsidy_share",
                       "talent_l2", "talent_l3"}


def test_every_parameter_is_fully_declared():
    for key, p in REGISTRY.items():
        assert p.unit in UNITS, key
        assert p.group in GROUPS, key
        for text in (p.label_ja, p.label_en, p.help_ja, p.help_en):
            assert text.strip(), key
        if p.unit == "choice":
            assert p.default in p.choices, key
        else:
            assert p.min is not None and p.max is not None and p.min < p.max and p.step > 0, key


def test_sources_are_defined_in_sources_md():
    ids = data.source_ids()
    for key, p in REGISTRY.items():
        assert p.source in ids, (key, p.source)
        if p.uncertainty:
            assert p.uncertainty.source in ids, key


def test_preset_fields_exist_and_preset_values_are_in_range():
    presets = data.presets()
    for name, p in municipality_params().items():
        if p.preset_field:
            assert p.preset_field in presets.columns, name
            for value in presets[p.preset_field]:
                assert p.check(float(value)) is None, (name, value)


def test_each_lever_kind_has_the_common_fields():
    for kind in LEVER_KINDS:
        assert COMMON_LEVER_FIELDS <= set(lever_fields(kind)), kind


def test_groups_partition_the_registry():
    scen, muni = scenario_params(), municipality_params()
    levers = {k for k in REGISTRY if k.startswith("lever.")}
    assert len(scen) + len(muni) + len(levers) == len(REGISTRY)


@pytest.mark.parametrize("key", sorted(uncertain_params()))
def test_default_uncertainty_samples_stay_in_range_and_are_centred(key):
    p = REGISTRY[key]
    x = sample(p.uncertainty, 4000, seed=1, key=key)
    assert (x >= p.uncertainty.low).all() and (x <= p.uncertainty.high).all()
    assert p.min <= x.min() and x.max() <= p.max
    assert frozen(p.uncertainty).mean() == pytest.approx(x.mean(), rel=0.05, abs=1e-9)


# One unit per concept: days are days, an age is an age, a yearly count says so once.
@pytest.mark.parametrize("key,unit", [
    ("talent.sidejob_days", "days"),
    ("workforce.rehire_until_age", "age"),
    ("workforce.fixed_hires", "persons_per_year"),
    ("talent.digital_hires", "persons_per_year"),
    ("talent.l3_base", "persons"),
    *[(f"lever.{kind}.talent_{lvl}", "persons") for kind in LEVER_KINDS for lvl in ("l2", "l3")],
])
def test_unit_of_each_concept(key, unit):
    assert REGISTRY[key].unit == unit


def test_no_label_repeats_its_unit():
    """Widgets and tables show 'label（unit）': the label itself must carry no unit of its own."""
    for key, p in REGISTRY.items():
        ja, en = t(f"unit.{p.unit}", "ja"), t(f"unit.{p.unit}", "en")
        assert f"（{ja}）" not in p.label_ja and f"({en})" not in p.label_en, key
        for word in ("（年）", "（人）", "（人数）", "（日）", "（時間）", "（円）", "（人年）"):
            assert word not in p.label_ja, (key, word)
        if p.unit == "persons_per_year":
            assert "年" not in p.label_ja and "per year" not in p.label_en, key
        if p.unit in ("persons", "persons_per_year"):  # the help must not give the quantity in another unit
            assert "（人年）" not in p.help_ja and "(FTE)" not in p.help_en, key
