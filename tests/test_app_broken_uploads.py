"""Broken files uploaded in the app (AppTest): the same message as the CLI, and no change to the working scenario.

The scenario uploader is the one in the sidebar's 保存・読み込み expander (ui/persistence.py, key
`persistence_upload`); the age-table CSV uploader is in the municipality expander (ui/sidebar.py). Each
upload must show the fixture's expected message (tests/fixtures/broken/expected.toml) in the page,
name the file, raise no exception, and leave `scenario_text` (the working scenario) byte-identical.
"""

from __future__ import annotations

import re

import pytest

from tests.test_broken_scenarios import BROKEN, EXPECTED

# representative fixtures: file level, parser limits, schema, types, numbers, horizon, keys, several at once
REPRESENTATIVE = [
    "not_utf8.toml", "utf16.toml", "binary_garbage.toml", "empty.toml", "invalid_toml_syntax.toml",
    "duplicate_key.toml", "duplicate_table.toml", "integer_too_long.toml", "deeply_nested_arrays.toml",
    "deeply_nested_inline_tables.toml", "deeply_nested_table_headers.toml", "future_schema_version.toml",
    "parameter_as_string.toml", "nan_value.toml", "inf_value.toml", "negative_staff.toml",
    "age_profile_inline_negative.toml", "time_series_year_outside_horizon.toml", "target_outside_horizon.toml",
    "metadata_unknown_key.toml", "unknown_lever_kind.toml", "uncertainty_low_above_high.toml",
    "multiple_problems.toml",
]


@pytest.fixture
def lib_dir(tmp_path, monkeypatch):
    folder = tmp_path / "library"
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(folder))
    return folder


def _shown(at) -> str:
    return "\n".join(c.value for c in at.sidebar.code)


def _upload(at, name: str, raw: bytes):
    at.file_uploader(key="persistence_upload").set_value((name, raw, "application/toml")).run()
    return at


def test_representative_fixtures_exist():
    assert len(REPRESENTATIVE) >= 12
    assert all(name in EXPECTED for name in REPRESENTATIVE)


@pytest.mark.parametrize("name", REPRESENTATIVE)
def test_broken_upload_shows_its_message_and_keeps_the_scenario(app_test, lib_dir, name):
    """In English mode the page shows the CLI's message (the fixture's expected text)."""
    at = app_test().run()
    at.radio(key="lang").set_value("en").run()
    before = at.session_state["scenario_text"]
    active = at.session_state["active_scenario"]
    library = dict(at.session_state["scenario_library"])
    _upload(at, name, (BROKEN / name).read_bytes())
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    assert at.session_state["active_scenario"] == active
    assert dict(at.session_state["scenario_library"]) == library
    shown = _shown(at)
    wanted = [s for s in EXPECTED[name]["contains"] if not re.fullmatch(r"\d+ problem\(s\)", s)]
    missing = [s for s in wanted if s not in shown]
    assert not missing, f"{name}: the page lacks {missing}\n--- shown ---\n{shown}"
    assert any(name in e.value.replace("\\", "") for e in at.sidebar.error), [e.value for e in at.sidebar.error]
    # a rerun with the broken file still in the uploader changes nothing either
    at.run()
    assert not at.exception
    assert at.session_state["scenario_text"] == before


def test_fifty_mb_upload_is_refused_by_size_before_parsing(app_test, lib_dir, monkeypatch):
    import ui.persistence
    from sim.scenario import io as scenario_io
    from sim.scenario import MAX_FILE_BYTES

    def guard(real):
        def call(raw, *args, **kwargs):
            assert len(raw) <= MAX_FILE_BYTES, "the oversized upload was decoded or parsed"
            return real(raw, *args, **kwargs)
        return call

    monkeypatch.setattr(ui.persistence, "loads", guard(ui.persistence.loads))
    monkeypatch.setattr(scenario_io, "loads", guard(scenario_io.loads))
    monkeypatch.setattr(scenario_io.tomllib, "loads", guard(scenario_io.tomllib.loads))
    at = app_test().run()
    before = at.session_state["scenario_text"]
    _upload(at, "huge.toml", b"#" * (50 * 1024 * 1024))
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    shown = _shown(at)
    assert "52,428,800" in shown and "1,000,000" in shown


def test_age_table_csv_with_bad_rows_lists_every_row_and_keeps_the_scenario(app_test, lib_dir):
    at = app_test().run()
    at.radio(key="lang").set_value("en").run()
    at.toggle(key="own_figures@0").set_value(True).run()
    before = at.session_state["scenario_text"]
    raw = (BROKEN / "age_profile_bad_rows.csv").read_bytes()
    at.file_uploader(key="age_csv@0").set_value(("age_profile_bad_rows.csv", raw, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    shown = _shown(at)
    for text in ("line 3: admin 'abc' is not a number", "line 4: technical must be a finite count ≥ 0, got -2",
                 "line 5: age 15 is outside 18–70", "line 6: age 20 appears twice"):
        assert text in shown, shown


@pytest.mark.parametrize("name", ["negative_staff.toml", "nan_value.toml", "multiple_problems.toml"])
def test_broken_upload_speaks_japanese_in_japanese_mode(app_test, lib_dir, name):
    """The same problems in Japanese: each with its key path and the catalogue's Japanese text."""
    from sim.i18n import in_lang
    from sim.scenario import ScenarioError, loads

    raw = (BROKEN / name).read_bytes()
    with pytest.raises(ScenarioError) as info:
        loads(raw)
    at = _upload(app_test().run(), name, raw)
    assert not at.exception, [e.message for e in at.exception]
    shown = _shown(at)
    for path, msg in info.value.problems:
        assert path in shown and in_lang(msg, "ja") in shown, shown
    assert "を下回っています" in shown or "有限の数値" in shown, shown
