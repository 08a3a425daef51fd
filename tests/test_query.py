"""Shareable URL state (ui.query) and the reproduce box (ui.reproduce)."""

from __future__ import annotations

import json
import math
import shlex

import pytest

from sim.scenario import dumps, load_scenario, loads
from ui import query
from ui.reproduce import cli_command, format_value, python_snippet, set_items

BASE = "scenarios/standard_dx.toml"


def _changed(**params):
    return load_scenario(BASE).with_changes(params)


# ------------------------------------------------------------------------------------- encoding


def test_encode_decode_round_trip_and_damage():
    text = dumps(load_scenario(BASE))
    enc = query.encode(text)
    assert set(enc) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert query.decode(enc).decode("utf-8") == text
    for bad in ("!!!", enc[:-5], "A" * 10, enc[:10] + "x" + enc[11:]):
        with pytest.raises(ValueError):
            query.decode(bad)
    import base64
    import zlib
    bomb = base64.urlsafe_b64encode(zlib.compress(b"a" * 5_000_000)).decode()
    with pytest.raises(ValueError, match="too large"):
        query.decode(bomb)


def test_params_are_small_when_unchanged():
    text = dumps(load_scenario(BASE))
    lib = {"builtin:standard_dx": {"name": "x", "text": text, "origin": "builtin"}}
    assert query.params_for("builtin:standard_dx", text, lib, "ja") == {"s": "standard_dx"}
    assert query.params_for("builtin:standard_dx", text, lib, "en") == {"s": "standard_dx", "lang": "en"}
    changed = dumps(_changed(**{"workforce.exit_rate_multiplier": 1.3}))
    p = query.params_for("builtin:standard_dx", changed, lib, "ja")
    assert p["s"] == "standard_dx" and query.decode(p["d"]).decode() == changed
    lib["upload:u"] = {"name": "u", "text": changed, "origin": "upload"}
    assert set(query.params_for("upload:u", changed, lib, "ja")) == {"d"}


# ------------------------------------------------------------------------------------- AppTest


def test_url_round_trip_reopens_the_same_view(app_test):
    at = app_test().run()
    assert at.query_params == {"s": "standard_dx"}
    changed = loads(at.session_state["scenario_text"]).with_changes(
        {"workforce.exit_rate_multiplier": 1.3, "talent.digital_hires": {2025: 2, 2030: 4}})
    at.session_state["scenario_text"] = dumps(changed)
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, [e.message for e in at.exception]
    url = dict(at.query_params)
    assert url["s"] == "standard_dx" and url["lang"] == "en" and url["d"]

    fresh = app_test()
    fresh.query_params.update(url)
    fresh.run()
    assert not fresh.exception, [e.message for e in fresh.exception]
    assert fresh.session_state["scenario_text"] == dumps(changed)
    assert fresh.session_state["active_scenario"] == "builtin:standard_dx"
    assert fresh.radio(key="lang").value == "en"
    assert not fresh.error and not fresh.warning
    assert dict(fresh.query_params) == url  # unchanged


def test_url_with_only_a_builtin_id_selects_it(app_test):
    at = app_test()
    at.query_params["s"] = "status_quo"
    at.run()
    assert not at.exception
    assert at.session_state["active_scenario"] == "builtin:status_quo"
    assert at.session_state["scenario_text"] == dumps(load_scenario("scenarios/status_quo.toml"))
    assert dict(at.query_params) == {"s": "status_quo"}


def test_url_of_an_uploaded_scenario_reopens_as_session_copy(app_test):
    sc = _changed(**{"workforce.exit_rate_multiplier": 1.6})
    at = app_test()
    at.query_params["d"] = query.encode(dumps(sc))
    at.run()
    assert not at.exception
    assert at.session_state["scenario_text"] == dumps(sc)
    assert at.session_state["active_scenario"].startswith("session:")


@pytest.mark.parametrize("params", [
    {"s": "standard_dx", "d": "not-a-scenario"},
    {"s": "../../etc/passwd"},
    {"s": "standard_dx", "d": query.encode('schema_version = 1\n[metadata]\nname = "x"\ndraws = 0\n'
                                             '[parameters.workforce]\nexit_rate_multiplier = -5\n')},
    {"d": query.encode("garbage = [")},
])
def test_tampered_url_shows_problems_and_falls_back(app_test, params):
    default = dumps(load_scenario(BASE))
    at = app_test()
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == default
    assert at.session_state["active_scenario"] == "builtin:standard_dx"
    assert at.warning and at.error  # the notice and the problem list
    assert at.code  # problems as a list
    assert dict(at.query_params) == {"s": "standard_dx"}  # the URL is repaired
    at.run()  # shown once
    assert not at.error


def test_bad_lang_is_ignored(app_test):
    at = app_test()
    at.query_params["lang"] = "<script>"
    at.run()
    assert not at.exception
    assert at.radio(key="lang").value == "ja"


# ------------------------------------------------------------------------------------- reproduce


def test_set_value_formatting():
    assert format_value({2030: 4, 2025: 2}) == "2025:2,2030:4"
    assert format_value(1.3) == "1.3" and format_value(7) == "7" and format_value("smoothed") == "smoothed"


def test_cli_command_reproduces_the_app_results(tmp_path):
    from sim.cli import main
    from ui.runner import run_text

    base_text = dumps(load_scenario(BASE))
    work = _changed(**{"workforce.exit_rate_multiplier": 1.3, "talent.digital_hires": {2025: 2, 2030: 4}})
    work_text = dumps(work)
    command, needs_download = cli_command(work_text, "standard_dx", base_text)
    assert not needs_download
    assert "--set workforce.exit_rate_multiplier=1.3" in command
    assert "--set talent.digital_hires=2025:2,2030:4" in command
    argv = shlex.split(command)
    assert argv[:4] == ["python", "-m", "sim", "run"]
    assert main(argv[3:] + ["--out", str(tmp_path), "--format", "json"]) == 0
    cli = {r["key"]: r["value"] for r in json.loads((tmp_path / "results.json").read_text("utf-8"))["kpis"]}
    app = run_text(work_text)
    for r in app.kpis.to_dict("records"):
        a, b = r["value"], cli[r["key"]]
        if a is None or math.isnan(a):
            assert b is None or math.isnan(b), r["key"]
        else:  # results.json keeps 10 significant digits
            assert b == pytest.approx(a, rel=1e-9, abs=1e-9), r["key"]


def test_cli_command_unchanged_and_not_expressible():
    base = load_scenario(BASE)
    base_text = dumps(base)
    assert cli_command(base_text, "standard_dx", base_text) == ("python -m sim run scenarios/standard_dx.toml", False)
    import dataclasses
    fewer = dataclasses.replace(base, levers=base.levers[:-1])  # a lever removed: not a --set change
    assert set_items(base, fewer) is None
    command, needs_download = cli_command(dumps(fewer), "standard_dx", base_text)
    assert needs_download and command == "python -m sim run '標準DX計画.toml'"
    assert cli_command(base_text)[1]  # no built-in base


def test_python_snippet_runs_and_prints_the_kpis(capsys):
    from ui.runner import run_text

    for sc in (_changed(**{"workforce.exit_rate_multiplier": 1.3}),
               loads(dumps(load_scenario(BASE)).replace('name = "標準DX計画"', "name = \"a\\\\b'''\""))):
        text = dumps(sc)
        ns: dict = {}
        exec(compile(python_snippet(text), "<snippet>", "exec"), ns)
        assert ns["TOML"] == text
        assert "staff_gap_target" in capsys.readouterr().out
        assert dumps(loads(ns["TOML"])) == text
        assert run_text(text).kpi("npv") == pytest.approx(float(ns["run"](ns["loads"](ns["TOML"])).kpi("npv")))


def test_reproduce_box_in_app(app_test):
    at = app_test().run()
    assert any(e.label == "この結果を再現する" for e in at.expander)
    codes = [c.value for c in at.code]
    assert "python -m sim run scenarios/standard_dx.toml" in codes
    assert any(c.startswith("from sim import loads, run") for c in codes)
