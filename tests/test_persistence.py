"""Save and load: file-name sanitiser, download payload, upload (AppTest), save to the library folder."""

from __future__ import annotations

import pytest

from sim.i18n import in_lang
from sim.scenario import ScenarioError, dumps, load_scenario, loads
from ui.persistence import download_name, download_payload, md_escape, sanitize_filename

ROOT_SCENARIO = "scenarios/standard_dx.toml"

# ------------------------------------------------------------------------------------ sanitiser


@pytest.mark.parametrize("raw", [
    "../../etc/passwd", "..\\x", "a/b", "", "   ", ".", "..", "...", "\x00", "a\x00b", "/abs/path", "C:\\Windows\\x",
    "-rf", "--", ".hidden", "~/x", "a" * 500, "🙂🙂", "%2e%2e%2f", "con", "NUL", "名前/../..", "\u2025\u2024",
])
def test_sanitiser_never_returns_a_path(raw):
    out = sanitize_filename(raw)
    assert out and len(out) <= 80
    assert "/" not in out and "\\" not in out and ".." not in out and "\x00" not in out
    assert not out.startswith((".", "-"))
    assert "." not in out
    assert out.lower() not in {"con", "nul", "prn", "aux"}
    assert all(ch.isalnum() or ch in "-_" for ch in out)


def test_sanitiser_keeps_japanese_letters_digits_and_normalises():
    assert sanitize_filename("標準DX計画 2030") == "標準DX計画_2030"
    assert sanitize_filename("ＡＢＣ１２３") == "ABC123"  # NFKC: full-width to ASCII
    assert sanitize_filename("ｶﾀｶﾅ") == "カタカナ"
    assert sanitize_filename("my-plan_v2") == "my-plan_v2"
    assert sanitize_filename("../../etc/passwd") == "etc_passwd"
    assert sanitize_filename("") == "scenario"
    assert sanitize_filename("   ") == "scenario"


def test_download_payload_is_the_canonical_toml():
    sc = load_scenario(ROOT_SCENARIO)
    text = dumps(sc)
    payload = download_payload(text)
    assert isinstance(payload, bytes)
    assert dumps(loads(payload)) == text  # download -> upload gives the same scenario
    assert download_name(sc.name) == "標準DX計画.toml"
    assert download_name("../x") == "x.toml"


def test_md_escape_makes_markup_literal():
    assert md_escape("**x** [a](b) :red[c]") == "\\*\\*x\\*\\* \\[a\\]\\(b\\) \\:red\\[c\\]"


# ------------------------------------------------------------------------------------ AppTest


def _picker_options(at):
    return at.selectbox(key="scenario_picker").options


def _changed_toml(name: str) -> bytes:
    sc = load_scenario(ROOT_SCENARIO).with_changes({"workforce.exit_rate_multiplier": 1.4})
    import dataclasses
    return dumps(dataclasses.replace(sc, name=name)).encode("utf-8")


def _name_input(at):
    return next(w for w in at.text_input if w.key.startswith("persistence_name@"))


@pytest.fixture
def lib_dir(tmp_path, monkeypatch):
    folder = tmp_path / "library"
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(folder))
    return folder


def test_upload_valid_file_becomes_working_scenario(app_test, lib_dir):
    at = app_test().run()
    before = at.session_state["scenario_text"]
    upload = ("up.toml", _changed_toml("アップロード案"), "application/toml")
    at.file_uploader(key="persistence_upload").set_value(upload).run()
    assert not at.exception, [e.message for e in at.exception]
    text = at.session_state["scenario_text"]
    assert text != before
    assert loads(text).name == "アップロード案"
    assert loads(text).value("workforce.exit_rate_multiplier") == 1.4
    assert at.session_state["active_scenario"] == "upload:アップロード案"
    assert any("アップロード案" in o for o in _picker_options(at))
    assert at.selectbox(key="scenario_picker").value.startswith("アップロード案")
    # processed once: a rerun with the file still in the uploader does not reload it
    at.session_state["scenario_text"] = before
    at.run()
    assert at.session_state["scenario_text"] == before


def test_upload_invalid_file_shows_every_problem_and_keeps_scenario(app_test, lib_dir):
    at = app_test().run()
    before = at.session_state["scenario_text"]
    bad = (b'schema_version = 1\n[metadata]\nname = "x"\ndraws = 0\n[parameters.workforce]\n'
           b'exit_rate_multiplier = -5\nno_such_key = 1\n')
    with pytest.raises(ScenarioError) as info:
        loads(bad)
    assert len(info.value.problems) >= 3
    at.file_uploader(key="persistence_upload").set_value(("bad.toml", bad, "application/toml")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    shown = "\n".join(c.value for c in at.sidebar.code)
    for path, msg in info.value.problems:
        assert path in shown and in_lang(msg, "ja") in shown  # in the app's language
    assert any("bad.toml" in e.value.replace("\\", "") for e in at.sidebar.error)


def test_upload_too_large_is_rejected_before_parsing(app_test, lib_dir):
    at = app_test().run()
    before = at.session_state["scenario_text"]
    big = b"# " + b"x" * (2_000_000) + b"\n"
    at.file_uploader(key="persistence_upload").set_value(("big.toml", big, "application/toml")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    shown = "\n".join(c.value for c in at.sidebar.code)
    assert "2,000,003" in shown and "1,000,000" in shown


def test_save_to_library_writes_and_asks_before_overwriting(app_test, lib_dir):
    at = app_test().run()
    _name_input(at).input("私の案 ../x").run()
    at.button(key="persistence_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    path = lib_dir / "私の案_x.toml"
    assert path.exists()
    first = path.read_bytes()
    assert loads(first).name == "私の案 ../x"
    assert list(lib_dir.iterdir()) == [path]  # no temporary files left
    assert at.session_state["active_scenario"] == "folder:私の案_x"
    assert any("私の案_x" in o for o in _picker_options(at))

    # change the scenario, save again under the same name: a confirmation, the file untouched
    changed = loads(at.session_state["scenario_text"]).with_changes({"workforce.exit_rate_multiplier": 1.7})
    at.session_state["scenario_text"] = dumps(changed)
    at.run()
    _name_input(at).input("私の案 ../x").run()
    at.button(key="persistence_save").click().run()
    assert path.read_bytes() == first
    assert any("私の案_x.toml" in w.value.replace("\\", "") for w in at.sidebar.warning)
    at.run()  # an unrelated rerun does not overwrite either
    assert path.read_bytes() == first
    at.button(key="persistence_overwrite").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert path.read_bytes() != first
    assert loads(path.read_bytes()).value("workforce.exit_rate_multiplier") == 1.7


def test_save_cancel_keeps_file(app_test, lib_dir):
    lib_dir.mkdir()
    (lib_dir / "標準DX計画.toml").write_bytes(b"keep me")
    at = app_test().run()
    at.button(key="persistence_save").click().run()
    assert any(b.key == "persistence_overwrite" for b in at.button)
    at.button(key="persistence_cancel").click().run()
    assert not at.exception
    assert (lib_dir / "標準DX計画.toml").read_bytes() == b"keep me"
    assert not any(b.key == "persistence_overwrite" for b in at.button)


def test_folder_files_are_listed_on_first_run(app_test, lib_dir):
    lib_dir.mkdir()
    (lib_dir / "mine.toml").write_bytes(_changed_toml("フォルダ案"))
    (lib_dir / "broken.toml").write_bytes(b"not = [valid")
    at = app_test().run()
    assert not at.exception
    assert "folder:mine" in at.session_state["scenario_library"]
    assert any(o.startswith("mine") for o in _picker_options(at))
    assert any("broken.toml" in c.value for c in at.sidebar.code)


def test_keep_in_session_adds_a_copy_without_replacing(app_test, lib_dir):
    at = app_test().run()
    at.button(key="persistence_keep").click().run()
    lib = at.session_state["scenario_library"]
    assert lib["session:標準DX計画"]["text"] == at.session_state["scenario_text"]
    changed = loads(at.session_state["scenario_text"]).with_changes({"workforce.exit_rate_multiplier": 1.2})
    at.session_state["scenario_text"] = dumps(changed)
    at.run()
    at.button(key="persistence_keep").click().run()
    lib = at.session_state["scenario_library"]
    assert lib["session:標準DX計画"]["text"] != lib["session:標準DX計画 (2)"]["text"]
    assert not at.exception
