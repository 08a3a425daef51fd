"""Reliability (issue 6): model invariants under random valid scenarios, no data loss on save, security
checks (no eval/exec/pickle of input, user text escaped, loopback by default) and the `doctor` self-check.

Broken input files: tests/test_broken_scenarios.py (loader + CLI) and tests/test_app_broken_uploads.py (app).
One server for many planners (issue 15: regular files only, bounded input, exclusive saves, no formulas in
exports): tests/test_file_safety.py.
Fuzzing of the loader: tests/test_scenario_property.py. Load test: tests/load/ (scripts/load-test.sh).
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings

from sim import data, doctor
from sim.cli import EXIT_INVALID, EXIT_OK, main
from sim.engine import run
from sim.scenario import ScenarioError, from_dict, loads
from tests.test_scenario_property import FUZZ, examples, valid_scenario_dicts

ROOT = Path(__file__).resolve().parents[1]

# --- model invariants for random valid scenarios -----------------------------------------------------

NEVER_NEGATIVE = ("staff_regular", "staff_admin", "staff_technical", "staff_digital", "rehired_fte",
                  "external_fte", "supply_fte", "required_fte", "hires", "teinen", "other_exits", "unfilled",
                  "applicant_pool", "hire_capacity", "l1_available", "l2_available", "l3_available")


@settings(max_examples=examples(200), **FUZZ)
@given(valid_scenario_dicts())
def test_model_invariants_hold_for_random_valid_scenarios(d):
    try:
        sc = from_dict(d)
    except ScenarioError:  # e.g. a series of fewer than one person: refused by design
        assume(False)
    res = run(sc, draws=2)  # two draws: the scenario's uncertainty overrides are sampled too
    for key, arr in res.series.items():
        assert not np.isnan(arr).any(), f"NaN in series {key}"
        if key in NEVER_NEGATIVE:
            assert (arr >= -1e-9).all(), f"negative {key}: {arr.min()}"
    for key, arr in res.by_category.items():
        assert not np.isnan(arr).any(), f"NaN in {key}"
        assert (arr >= -1e-9).all(), f"negative {key}: {arr.min()}"
    for line, arr in res.budget_lines.items():
        assert not np.isnan(arr).any(), f"NaN in budget line {line}"
    assert (res.age_profile >= -1e-9).all()
    # headcount conserved per category and draw: stock[t+1] = stock[t] − 定年 − other exits + hires
    rec = res.by_category
    stock = rec["headcount"]
    expected = stock[:, :, :-1] - rec["teinen"][:, :, :-1] - rec["other_exits"][:, :, :-1] + rec["hires"][:, :, :-1]
    np.testing.assert_allclose(stock[:, :, 1:], expected, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("key, value", [("elderly_series", 0), ("population_series", 0),
                                        ("population_series", 5e-324)])
def test_a_population_of_zero_in_a_series_is_refused(key, value):
    """Workload scales with population ratios: a series of fewer than one person is refused by the
    loader (it used to make the whole demand NaN)."""
    muni = {key: {"2020": value}}
    if key == "population_series":
        muni["population_path"] = "explicit"
    with pytest.raises(ScenarioError, match="must be at least 1 person"):
        from_dict({"schema_version": 1, "metadata": {"name": "零"}, "municipality": muni,
                   "parameters": {"simulation": {"base_year": 2020, "end_year": 2030, "target_year": 2020}}})


# --- no data loss on save ---------------------------------------------------------------------------
# An exception injected before the rename leaves the previous file intact and no temporary file:
# tests/test_scenario_files.py::test_save_is_atomic_when_the_rename_fails (Exception, OSError and a
# BaseException such as KeyboardInterrupt), ::test_save_leaves_nothing_when_the_write_fails (fsync fails),
# ::test_save_refuses_to_overwrite_without_permission; the app's confirm step: tests/test_persistence.py.

def test_the_atomic_save_tests_exist():
    text = (ROOT / "tests" / "test_scenario_files.py").read_text(encoding="utf-8")
    for name in ("test_save_is_atomic_when_the_rename_fails", "test_save_leaves_nothing_when_the_write_fails",
                 "test_save_refuses_to_overwrite_without_permission"):
        assert f"def {name}(" in text


def test_save_interrupted_halfway_through_the_write_keeps_the_previous_file(tmp_path, monkeypatch):
    """The failure comes after half of the new text reached the temporary file, before the rename."""
    import io

    from sim.scenario import files
    from sim.scenario import save_scenario

    path = tmp_path / "plan.toml"
    save_scenario(loads('schema_version = 1\n[metadata]\nname = "前の版"\n'), path)
    before = path.read_bytes()
    real_fdopen = files.os.fdopen

    class HalfWriter(io.TextIOWrapper):
        def write(self, s):
            super().write(s[: len(s) // 2])
            self.flush()
            raise OSError(28, "No space left on device")

    def fdopen(fd, *args, **kwargs):
        fh = real_fdopen(fd, "wb")
        return HalfWriter(fh, encoding="utf-8", newline="\n")

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(OSError):
        save_scenario(loads('schema_version = 1\n[metadata]\nname = "新しい版"\ndescription = "' + "x" * 5000 + '"\n'),
                      path, overwrite=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


# --- security -----------------------------------------------------------------------------------------

DANGEROUS = re.compile(r"\b(eval|exec)\s*\(|\bpickle\.loads?\s*\(|\byaml\.(unsafe_)?load\s*\(|\bmarshal\.loads?\s*\("
                       r"|\b__import__\s*\(|\bos\.system\s*\(|shell\s*=\s*True|unsafe_allow_html\s*=\s*True"
                       r"|\bst\.html\s*\(|components\.html\s*\(")
# (file, line text) pairs that were reviewed and are safe: both unpickle bytes this server pickled itself
# (a Results from the worker pool's own process, the byte-bounded result cache), never user input
ALLOWED: set[tuple[str, str]] = {
    ("sim/pool.py", "job.result = pickle.loads(payload)"),  # a worker process of this server
    ("sim/pool.py", "return pickle.loads(packed)"),  # the result cache, filled by the pool and ui/runner.py
}


def _sources():
    files = [ROOT / "app.py", *sorted((ROOT / "sim").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    assert len(files) > 20
    return files


def test_no_eval_exec_pickle_or_raw_html_in_the_sources():
    hits = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if DANGEROUS.search(code) and (rel, line.strip()) not in ALLOWED:
                hits.append(f"{rel}:{i}: {line.strip()}")
    assert not hits, "dangerous call on possible user input:\n" + "\n".join(hits)


def test_the_scan_finds_what_it_looks_for():
    for bad in ("eval(text)", "x = exec (code)", "pickle.loads(raw)", "yaml.load(f)", "st.html(x)",
                "st.markdown(x, unsafe_allow_html=True)", "subprocess.run(c, shell=True)"):
        assert DANGEROUS.search(bad), bad
    for ok in ("evaluate(x)", "yaml.safe_load(f)", "st.markdown(x)", "executor(x)"):
        assert not DANGEROUS.search(ok), ok


def test_server_binds_loopback_and_protects_against_xsrf_by_default():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["address"] == "127.0.0.1"
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["maxUploadSize"] == 1
    from streamlit import config
    config._config_options = None  # re-read from the CWD (the project root, see conftest)
    config.get_config_options(force_reparse=True)
    assert config.get_option("server.address") == "127.0.0.1"
    assert config.get_option("server.enableXsrfProtection") is True
    assert config.get_option("server.maxUploadSize") == 1


HOSTILE = '<script>alert(1)</script> **bold** [x](javascript:alert(1))'
PAGES = ["ui/pages/overview.py", "ui/pages/parameters.py", "ui/pages/results.py", "ui/pages/compare.py",
         "ui/pages/uncertainty.py", "ui/pages/data.py", "ui/pages/staffing_plan.py", "ui/pages/optimise.py"]


def _texts(at):
    """(kind, value, allow_html) of every element rendered as markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "success", "error", "warning", "info",
                 "latex"):
        for el in getattr(at, kind):
            out.append((kind, str(el.value), bool(getattr(el.proto, "allow_html", False))))
    return out


def test_user_text_is_rendered_escaped(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path))
    name = "名前" + HOSTILE
    text = (f'schema_version = 1\n[metadata]\nname = """{name}"""\ndescription = """説明 {HOSTILE}"""\n'
            f'[municipality]\nname = """町 {HOSTILE}"""\n').encode("utf-8")
    assert loads(text).name == name
    at = app_test().run()
    at.file_uploader(key="persistence_upload").set_value((f"{HOSTILE}.toml", text, "application/toml")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert loads(at.session_state["scenario_text"]).name == name  # it is the working scenario
    shown_as_text = 0
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        shown_as_text += sum(name in el.value for el in at.text)  # st.text: plain, never markup
        for kind, value, allow_html in _texts(at):
            raw = value.replace("\\", "")
            if "alert(1)" not in raw:
                continue
            assert not allow_html, (page, kind, value)
            # markdown elements show user text only with its markup escaped (ui.persistence.md_escape)
            assert not re.search(r"(?<!\\)<script", value), (page, kind, value)  # only as escaped text
            assert "**bold**" not in value and "](javascript:" not in value, (page, kind, value)
    assert shown_as_text >= 2  # the overview and the uncertainty page name the scenario, as plain text


# --- doctor -------------------------------------------------------------------------------------------

def test_doctor_on_the_project_passes(capsys, tmp_path):
    code = main(["doctor", "--library", str(tmp_path), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    assert "all checks passed" in out
    assert "built-in scenarios" in out and "files loaded and run, 0 problem(s)" in out


def test_doctor_reports_a_broken_library_file_with_key_path_and_line(capsys, tmp_path):
    (tmp_path / "good.toml").write_text('schema_version = 1\n[metadata]\nname = "良い"\n', encoding="utf-8")
    (tmp_path / "bad_value.toml").write_text(
        'schema_version = 1\n[metadata]\nname = "悪い"\n\n[parameters.workforce]\nexit_rate_multiplier = -5\n',
        encoding="utf-8")
    (tmp_path / "bad_syntax.toml").write_text('schema_version = 1\n[metadata]\nname = "未完\n', encoding="utf-8")
    code = main(["doctor", "--library", str(tmp_path), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == EXIT_INVALID, out
    assert f"{tmp_path / 'bad_value.toml'}:6: parameters.workforce.exit_rate_multiplier: -5 is below the minimum" in out
    assert f"{tmp_path / 'bad_syntax.toml'}:3: not valid TOML" in out
    assert "good.toml" not in out
    assert "2 problem(s) found" in out


def test_doctor_speaks_japanese_by_default(capsys, tmp_path):
    (tmp_path / "bad_value.toml").write_text(
        'schema_version = 1\n[metadata]\nname = "悪い"\n\n[parameters.workforce]\nexit_rate_multiplier = -5\n',
        encoding="utf-8")
    code = main(["doctor", "--library", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == EXIT_INVALID, out
    assert "OK 組み込みシナリオ（scenarios）：5ファイルを読み込んで実行、問題 0件" in out
    assert f"NG 保存フォルダー（{tmp_path}）：1ファイル、問題 1件" in out
    assert f"{tmp_path / 'bad_value.toml'}:6: parameters.workforce.exit_rate_multiplier：-5 は下限" in out
    assert out.rstrip().endswith("1件の問題が見つかりました")
    assert "problem" not in out and "files" not in out


def test_doctor_uses_the_library_environment_variable(capsys, tmp_path, monkeypatch):
    (tmp_path / "x.toml").write_bytes(b"\xff\xfe")
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path))
    assert main(["doctor", "--lang", "en"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "x.toml: not UTF-8" in out


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that sim.data reads instead (caches cleared before and after)."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    doctor.clear_data_caches()
    monkeypatch.setattr(data, "DATA_DIR", folder)
    yield folder
    monkeypatch.undo()
    doctor.clear_data_caches()


def test_doctor_reports_a_corrupted_data_table(capsys, tmp_path, data_copy):
    table = data_copy / "exit_rates_fy2018.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[2] = "25,29,not-a-rate,R12,broken"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["doctor", "--library", str(tmp_path / "empty"), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == EXIT_INVALID, out
    assert "exit_rates_fy2018.csv" in out and "does not load through sim.data" in out


def test_doctor_reports_a_missing_column_an_unknown_source_and_a_copied_municipal_file(capsys, tmp_path, data_copy):
    presets = data_copy / "presets.csv"
    text = presets.read_text(encoding="utf-8").replace("staff_digital", "staff_digi", 1)
    presets.write_text(text, encoding="utf-8")
    ret = data_copy / "retirement_age_schedule.csv"
    ret.write_text(ret.read_text(encoding="utf-8").replace(",S12,", ",S999,", 1), encoding="utf-8")
    shared = tmp_path / "shared"
    (shared / "municipal").mkdir(parents=True)
    (shared / "municipal" / "municipalities_ssdse_extract.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    (data_copy / "copied.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    problems, notes = doctor.check_data(shared=shared)
    text = "\n".join(map(str, problems))
    assert "presets.csv:1: missing column(s): staff_digital" in text
    assert "retirement_age_schedule.csv:2: source id 'S999' is not defined" in text
    assert "copied.csv: a copy of the per-municipality file municipalities_ssdse_extract.csv" in text
    assert not notes


def test_doctor_notes_when_the_shared_data_is_absent(tmp_path):
    problems, notes = doctor.check_data(shared=tmp_path / "nowhere")
    assert not problems
    assert notes and "skipped" in notes[0]


def test_key_line_finds_the_line_of_a_key():
    text = 'schema_version = 1\n[metadata]\nname = "x"\n[parameters.workforce]\nexit_rate_multiplier = -5\n'
    assert doctor.key_line(text, "parameters.workforce.exit_rate_multiplier") == 5
    assert doctor.key_line(text, "metadata.name") == 3
    assert doctor.key_line(text, "levers[0].kind") is None
