"""The argument parser of `python -m sim`, whose help and usage errors speak the language asked for on the
command line (--lang; Japanese by default). The help texts are catalogue keys (sim/text/cli.py) looked up in
that language; argparse words its errors in English, and the ones a user meets are recognised here and given
from the catalogue, anything else is shown as argparse wrote it."""

from __future__ import annotations

import argparse
import re
import sys

from sim.cli.common import text_width
from sim.i18n import DEFAULT_LANG, LANGS, t

# argparse's own messages (stable English msgids) and the type errors of sim.cli.options -> catalogue key
ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "cli.argparse.required"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "cli.argparse.unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "cli.argparse.invalid_choice"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "cli.argparse.expected_one"),
    (re.compile(r"argument (?P<arg>\S+): (?P<value>'.*') is not a whole number"), "cli.argparse.not_whole"),
    (re.compile(r"argument (?P<arg>\S+): \S+ must be (?P<lo>[\d,]+)–(?P<hi>[\d,]+), got (?P<value>\S+)"),
     "cli.argparse.range"),
    (re.compile(r"argument (?P<arg>\S+): N must be a power of two .*, got (?P<value>\S+)"),
     "cli.argparse.power_of_two"),
    # the type errors of sim.cli.commands.optimise
    (re.compile(r"argument (?P<arg>\S+): (?P<value>'.*') is not a number"), "cli.argparse.not_number"),
    (re.compile(r"argument (?P<arg>\S+): the confidence is a share in \(0, 1\], e\.g\. 0\.8; got (?P<value>\S+)"),
     "cli.argparse.share"),
    (re.compile(r"argument (?P<arg>\S+): expected a number from 0, got (?P<value>\S+)"), "cli.argparse.non_negative"),
    (re.compile(r"argument (?P<arg>\S+): expected a number of persons from 0, got (?P<value>\S+)"),
     "cli.argparse.non_negative"),
    (re.compile(r"argument (?P<arg>\S+): expected (?P<keep>\w+), (?P<off>\w+) or a number of persons, got (?P<value>.+)"),
     "cli.argparse.digital"),
)


def argv_lang(argv: list[str]) -> str:
    """The language a command line asks for (--lang X or --lang=X), before it is parsed."""
    for i, a in enumerate(argv):
        value = a.split("=", 1)[1] if a.startswith("--lang=") else (argv[i + 1] if a == "--lang" and i + 1 < len(argv)
                                                                   else None)
        if value in LANGS:
            return value
    return DEFAULT_LANG


def usage_message(message: str, lang: str) -> str:
    """argparse's English message in `lang`, where it is one the catalogue knows."""
    for pattern, key in ARGPARSE_MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return t(key, lang, **m.groupdict())
    return message


# a word of Latin text, or one CJK character (Japanese breaks between any two), with the spaces after it
_TOKEN = re.compile(r"[^\s\u2e80-\uffff]+\s*|[\u2e80-\uffff]\s*|\s+")
# marks and small kana that never start a line: they hang at the end of the previous one (burasagari)
_NO_LINE_START = set("、。，．・）」』】〕：；！？ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_LINE_END = set("（「『【〔")


def wrap(text: str, width: int) -> list[str]:
    """text in lines of at most `width` terminal columns (a closing mark may hang one character over)."""
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        word = token.rstrip()
        if line and text_width(line.rstrip() + word) > width and word[:1] not in _NO_LINE_START:
            carry = ""
            while line.rstrip() and line.rstrip()[-1] in _NO_LINE_END:  # an opening mark goes with the next line
                carry, line = line.rstrip()[-1] + carry, line.rstrip()[:-1]
            lines.append(line.rstrip())
            line = carry
        line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


# in a description or epilog: a line's indent and a leading label set off by two spaces ("  1  invalid ...")
_HANG = re.compile(r" +\S{1,4} {2,}| *")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps help by terminal columns (textwrap counts a Japanese character as one column, it takes two).
    A description or epilog keeps its line breaks and a longer line wraps under its own indent and label;
    a command line (python -m ..., and the lines it continues with a backslash) is never wrapped: it is copied."""

    def _split_lines(self, text, width):
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text, width, indent):
        out, verbatim = [], False
        for line in text.splitlines():
            if verbatim or line.lstrip().startswith("python -m "):
                out.append(indent + line)
                verbatim = line.endswith("\\")
                continue
            lead = _HANG.match(line).group()
            parts = wrap(line[len(lead):], max(width - len(indent) - text_width(lead), 10))
            out += [indent + (lead if i == 0 else " " * text_width(lead)) + part for i, part in enumerate(parts)]
        return "\n".join(out)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and usage errors are in `lang` (give the subparsers the same
    lang); a command's own help texts are looked up in `lang` (parser.lang) when its arguments are added."""

    def __init__(self, *args, lang: str = DEFAULT_LANG, **kwargs):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self.lang = lang
        # argparse's own headings and -h help are English (gettext); the catalogue gives them in `lang`
        self._positionals.title = t("cli.argparse.positionals", lang)
        self._optionals.title = t("cli.argparse.options", lang)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("cli.argparse.help", lang))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.argparse.error", self.lang, prog=self.prog, msg=usage_message(message, self.lang)) + "\n")
