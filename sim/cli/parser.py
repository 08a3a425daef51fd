"""The argument parser of `python -m sim`, whose usage errors speak the language asked for on the command
line (--lang; Japanese by default). argparse words its errors in English; the ones a user meets are
recognised here and given from the catalogue (sim/text/cli.py), anything else is shown as argparse wrote it."""

from __future__ import annotations

import argparse
import re
import sys

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


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are in `lang` (give the subparsers the same lang)."""

    def __init__(self, *args, lang: str = DEFAULT_LANG, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.argparse.error", self.lang, prog=self.prog, msg=usage_message(message, self.lang)) + "\n")
