"""Malformed scenario files: each fixture in tests/fixtures/broken/ must be refused with a ScenarioError
whose message names the problem (key path + what was expected), as listed in expected.toml there.

Never another exception: a crash (TypeError, ValueError, OverflowError, csv.Error …) escaping from
`load_scenario` is a bug of sim.scenario, reported here with its traceback.
"""

from __future__ import annotations

import re
import tomllib
import traceback
from pathlib import Path

import pytest

from sim.scenario import ScenarioError, load_scenario, loads

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
EXPECTED_FILE = BROKEN / "expected.toml"
EXPECTED: dict[str, dict] = tomllib.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
FIXTURES = sorted(p.name for p in BROKEN.glob("*.toml") if p != EXPECTED_FILE)
MULTIPLE_PROBLEMS = 7  # the problems put into multiple_problems.toml


def _load_error(path: Path) -> ScenarioError:
    """Load `path`; return the ScenarioError, fail on success or on any other exception."""
    try:
        load_scenario(path)
    except ScenarioError as err:
        return err
    except Exception as exc:  # noqa: BLE001 - exactly what this test is looking for
        pytest.fail(f"{path.name}: {type(exc).__name__} escaped instead of ScenarioError: {exc}\n"
                    + "".join(traceback.format_exception(exc)), pytrace=False)
    pytest.fail(f"{path.name} loaded without an error", pytrace=False)


def test_every_fixture_has_an_expectation_and_every_expectation_a_fixture():
    assert len(FIXTURES) >= 30
    missing = sorted(set(FIXTURES) - set(EXPECTED))
    orphans = sorted(set(EXPECTED) - set(FIXTURES))
    assert not missing, f"fixtures without an entry in expected.toml: {missing}"
    assert not orphans, f"entries in expected.toml without a fixture file: {orphans}"


def test_expectations_are_well_formed():
    for name, exp in EXPECTED.items():
        assert set(exp) <= {"contains", "problems"}, name
        assert isinstance(exp["contains"], list) and exp["contains"], name
        assert all(isinstance(s, str) and s for s in exp["contains"]), name
        assert isinstance(exp.get("problems", 1), int) and exp.get("problems", 1) >= 1, name


def test_every_helper_file_is_used_by_a_fixture():
    texts = "\n".join((BROKEN / n).read_bytes().decode("utf-8", "replace") for n in FIXTURES)
    helpers = [p.name for p in BROKEN.iterdir() if p.suffix != ".toml"]
    unused = [n for n in helpers if n not in texts]
    assert not unused, f"files in {BROKEN.name}/ that no fixture refers to: {unused}"


@pytest.mark.parametrize("name", FIXTURES)
def test_broken_fixture_is_refused_with_its_message(name):
    path = BROKEN / name
    exp = EXPECTED.get(name)
    assert exp is not None, f"{name} has no entry in expected.toml"
    err = _load_error(path)
    message = str(err)
    assert message.startswith(f"{path}: {len(err.problems)} problem(s)")
    message = message[len(f"{path}: "):]  # the file's own name must not satisfy an expectation
    missing = [s for s in exp["contains"] if s not in message]
    assert not missing, f"{name}: message lacks {missing}\n--- message ---\n{message}"
    if "problems" in exp:
        assert len(err.problems) == exp["problems"], message
    # the error names its file and lists each problem as (key path, message)
    assert err.source == str(path)
    assert all(isinstance(p, str) and isinstance(m, str) and m for p, m in err.problems), err.problems
    assert isinstance(err, ValueError)


def _outcome(fn):
    try:
        fn()
    except ScenarioError as err:
        return ("ScenarioError", err.problems)
    except Exception as exc:  # noqa: BLE001 - compared, reported by the test above
        return (type(exc).__name__, str(exc))
    return ("loaded", None)


@pytest.mark.parametrize("name", FIXTURES)
def test_loads_of_the_bytes_gives_the_same_outcome(name):
    """`loads` (upload widget, CLI stdin) and `load_scenario` (a path) report the same problems."""
    path = BROKEN / name
    by_path = _outcome(lambda: load_scenario(path))
    by_bytes = _outcome(lambda: loads(path.read_bytes(), source=str(path), base_dir=str(BROKEN)))
    assert by_bytes == by_path


def test_multiple_problems_are_all_listed():
    err = _load_error(BROKEN / "multiple_problems.toml")
    assert len(err.problems) == MULTIPLE_PROBLEMS, str(err)
    paths = [p for p, _ in err.problems]
    assert paths == ["metadata.name", "metadata.draws", "parameters.workforce.exit_rate_multiplier",
                     "municipality.staff_admin", "levers[0].kind", "levers[1].hours_per_task",
                     "uncertainty.demand.hours_per_fte.dist"]
    # one line per problem after the head line
    assert len(str(err).splitlines()) == 1 + MULTIPLE_PROBLEMS


def test_missing_scenario_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match=re.escape("cannot read file")):
        load_scenario(tmp_path / "nope.toml")


def test_folder_instead_of_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match=re.escape("not a regular file (a folder)")):
        load_scenario(tmp_path)


def test_path_with_a_nul_character_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read file"):
        load_scenario(str(tmp_path / "a\x00b.toml"))


def test_oversized_file_is_refused_before_parsing(tmp_path):
    from sim import scenario

    path = tmp_path / "big.toml"
    path.write_text('schema_version = 1\n[metadata]\nname = "x"\n' + "# padding\n" * (scenario.MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(ScenarioError, match="the limit is"):
        load_scenario(path)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + 'schema_version = 1\n[metadata]\nname = "BOM付き"\n'.encode("utf-8"))
    assert load_scenario(path).name == "BOM付き"


# --- the same messages through the command line (`python -m sim validate FILE`, in-process) ---------

@pytest.mark.parametrize("name", FIXTURES)
def test_cli_validate_reports_the_fixture_message(name, capsys):
    from sim.cli import EXIT_INVALID, main

    path = BROKEN / name
    code = main(["validate", str(path), "--lang", "en"])
    captured = capsys.readouterr()
    assert code == EXIT_INVALID, captured
    lines = captured.out.splitlines()
    assert lines[0] == f"FAIL {path}"
    body = "\n".join(lines[1:])  # the file's own name must not satisfy an expectation
    # str(ScenarioError)'s head line ("7 problem(s) …") is not printed by validate: count the lines instead
    wanted = [s for s in EXPECTED[name]["contains"] if not re.fullmatch(r"\d+ problem\(s\)", s)]
    missing = [s for s in wanted if s not in body]
    assert not missing, f"{name}: CLI output lacks {missing}\n--- output ---\n{captured.out}"
    if "problems" in EXPECTED[name]:
        assert len(lines) - 1 == EXPECTED[name]["problems"], captured.out
    assert "Traceback" not in captured.out + captured.err
    assert "internal error" not in captured.err


# --- a 50 MB file is refused by its size, before it is read or parsed -----------------------------

FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture
def fifty_mb_file(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as fh:  # sparse: no 50 MB written to the disk, but st_size is 50 MB
        fh.write(b'schema_version = 1\n[metadata]\nname = "huge"\n')
        fh.truncate(FIFTY_MB)
    assert path.stat().st_size == FIFTY_MB
    return path


@pytest.fixture
def no_reading(monkeypatch):
    """Make any read of the file content or any parse an error: the size check must come first."""
    from sim.scenario import io as scenario_io

    def forbidden(*args, **kwargs):
        raise AssertionError("the oversized file was read or parsed")

    monkeypatch.setattr(Path, "read_bytes", forbidden)
    monkeypatch.setattr(Path, "read_text", forbidden)
    monkeypatch.setattr(scenario_io, "loads", forbidden)
    monkeypatch.setattr(scenario_io.tomllib, "loads", forbidden)


def test_fifty_mb_file_is_refused_by_size_before_parsing(fifty_mb_file, no_reading):
    import time

    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(fifty_mb_file)
    elapsed = time.perf_counter() - t0
    assert info.value.problems == [("", "file is 52,428,800 bytes; the limit is 1,000,000 bytes")]
    assert elapsed < 0.5, elapsed


def test_fifty_mb_file_through_the_cli(fifty_mb_file, no_reading, capsys):
    from sim.cli import EXIT_INVALID, main

    assert main(["validate", str(fifty_mb_file), "--lang", "en"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"FAIL {fifty_mb_file}" in out
    assert "file is 52,428,800 bytes; the limit is 1,000,000 bytes" in out


def test_fifty_mb_bytes_are_refused_before_decoding(monkeypatch):
    """`loads` of bytes (the app's upload path) checks the length before decoding or parsing."""
    from sim.scenario import io as scenario_io

    def forbidden(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(scenario_io.tomllib, "loads", forbidden)
    raw = b"\xff" * FIFTY_MB  # not UTF-8 either: the size message must win
    with pytest.raises(ScenarioError, match="52,428,800 bytes; the limit is 1,000,000"):
        loads(raw)


def test_deep_nesting_never_lets_a_recursion_error_escape():
    for text in ("x = " + "[" * 100_000 + "]" * 100_000, "x = " + "{a = " * 50_000 + "1" + "}" * 50_000):
        with pytest.raises(ScenarioError, match="nesting is too deep"):
            loads(text)
