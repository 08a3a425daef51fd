"""python -m sim --help and COMMAND --help in the language of --lang (Japanese by default): every help text
comes from the catalogue (sim/text/cli.py), none is left in the other language, and the Japanese help wraps
by terminal columns."""

from __future__ import annotations

import re

import pytest

from sim.cli import main, text_width
from sim.cli.commands import COMMANDS
from sim.cli.common import EXAMPLES
from sim.cli.parser import wrap
from sim.cli.program import build_parser
from sim.i18n import CATALOG, t

COMMAND_NAMES = [c.NAME for c in COMMANDS]


def squash(text: str) -> str:
    """text without whitespace: a help text is found in the output however argparse wrapped it."""
    return re.sub(r"\s+", "", text)


def help_of(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    cap = capsys.readouterr()
    assert cap.err == ""
    return cap.out


def option_helps(lang: str, name: str) -> list[str]:
    """The help texts of a command's arguments as argparse shows them (%% as %)."""
    sub = next(a for a in build_parser(lang)._actions if a.dest == "command")
    return [a.help % {} for a in sub.choices[name]._actions if a.help]


def test_program_help_is_japanese_by_default(capsys):
    out = help_of(capsys, "--help")
    for key in ("cli.description", "cli.help.run", "cli.help.optimise", "cli.argparse.options"):
        assert squash(t(key, "ja")) in squash(out), key
    assert "終了ステータス：" in out and "例：" in out and "オプション:" in out
    for english in ("exit status", "examples", "run a scenario", "show this help", "options:"):
        assert english not in out
    assert EXAMPLES in out  # the example command lines as typed, in both languages


def test_program_help_in_english(capsys):
    out = help_of(capsys, "--help", "--lang", "en")
    for key in ("cli.description", "cli.help.run", "cli.help.optimise"):
        assert squash(t(key, "en")) in squash(out), key
    assert "exit status:" in out and "examples:" in out and "options:" in out
    assert "終了ステータス" not in out and "シナリオを実行" not in out
    assert EXAMPLES in out


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_help_speaks_the_language_asked_for(capsys, name):
    ja = help_of(capsys, name, "--help")
    en = help_of(capsys, name, "--help", "--lang", "en")
    assert help_of(capsys, name, "--lang", "ja", "--help") == ja
    for out in (ja, en):
        assert "cli." not in out, "an untranslated catalogue key"
        assert out.startswith(f"usage: python -m sim {name}")
    for lang, out, other in (("ja", ja, en), ("en", en, ja)):
        assert squash(t(f"cli.desc.{name}", lang)) in squash(out)
        assert squash(t("cli.arg.lang", lang)) in squash(out)
        helps = option_helps(lang, name)
        assert len(helps) >= 2  # -h and --lang at least
        for text in helps:
            assert squash(text) in squash(out), text
    # no help text of the other language is left: every English option help is absent from the Japanese help
    for text in option_helps("en", name):
        assert squash(text) not in squash(ja), text
    for text in option_helps("ja", name):
        assert squash(text) not in squash(en), text


def test_the_help_uses_every_help_text_of_the_catalogue(capsys):
    """No cli.help / cli.desc / cli.arg text is left unused (a renamed option would leave its text behind)."""
    shown = squash("".join(help_of(capsys, *argv, "--help") for argv in [[]] + [[n] for n in COMMAND_NAMES]))
    keys = [k for k in CATALOG["ja"] if re.match(r"cli\.(help|desc|arg)\.", k)]
    assert len(keys) > 40
    for key in keys:
        text = t(key, "ja", default="")
        assert squash(text.replace("%%", "%")) in shown, key


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_help_lines_fit_the_terminal(capsys, monkeypatch, lang):
    """argparse counts a Japanese character as one column; it takes two. Only the example command lines
    (copied, never wrapped) may be wider."""
    monkeypatch.setenv("COLUMNS", "80")
    examples = set(EXAMPLES.splitlines())
    for argv in [[]] + [[n] for n in COMMAND_NAMES]:
        for line in help_of(capsys, *argv, "--help", "--lang", lang).splitlines():
            assert line in examples or text_width(line) <= 80, line


def test_wrap_breaks_japanese_by_columns_and_keeps_marks_in_place():
    lines = wrap("あいうえお、かきくけこ（さしすせそ）たちつてと", 10)
    assert lines == ["あいうえお、", "かきくけこ", "（さしすせ", "そ）たちつ", "てと"]
    assert wrap("a b c", 3) == ["a b", "c"]
    assert wrap("", 10) == [""]


@pytest.mark.parametrize("args, key, arg, value", [
    (["--max-gap-pct", "x"], "cli.argparse.not_number", "--max-gap-pct", "'x'"),
    (["--max-gap-pct", "-1"], "cli.argparse.non_negative", "--max-gap-pct", "-1"),
    (["--max-gap-pct", "5", "--confidence", "2"], "cli.argparse.share", "--confidence", "2"),
    (["--max-gap-pct", "5", "--max-digital-gap", "zz"], "cli.argparse.digital", "--max-digital-gap", "'zz'"),
    (["--max-gap-pct", "5", "--max-digital-gap", "-3"], "cli.argparse.non_negative", "--max-digital-gap", "-3"),
])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_optimise_value_errors_are_in_the_language(capsys, args, key, arg, value, lang):
    assert main(["optimise", "scenarios/small_town.toml", "--until", "2040", *args, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert t(key, lang, arg=arg, value=value, keep="keep", off="off") in err, err
