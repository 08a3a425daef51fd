"""The options the commands share, each declared once (flag, type, metavar, choices, default help), and
attached to a command with add_option(parser, name, **overrides) — an override changes what the option
means for that command (e.g. --out is a folder for `run`, a CSV file for `compare`)."""

from __future__ import annotations

import argparse

from sim.cli.common import FORMATS
from sim.i18n import DEFAULT_LANG, LANGS
from sim.scenario import MAX_DRAWS, MAX_SEED


def _int_in(lo: int, hi: int, what: str):
    def parse(text: str) -> int:
        try:
            x = int(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= x <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be {lo:,}–{hi:,}, got {x:,}")
        return x
    return parse


def power_of_two(text: str) -> int:
    try:
        x = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if x < 2 or x & (x - 1) or x > 2**20:
        raise argparse.ArgumentTypeError(f"N must be a power of two from 2 to 1,048,576 (e.g. 64, 1024), got {x:,}")
    return x


MUNICIPALITY_HELP = ("a real municipality from the SSDSE-A / IPSS files (the bundled copies, or those in "
                     "$DXSIM_DATA_DIR): a code (01210) or a name (岩見沢市, 北海道岩見沢市); its profile replaces "
                     "the scenario's [municipality] table; --set applies after it")
SET_HELP = ("override a registry parameter (repeatable): a number, a choice, or by year as "
            "KEY=2025:10,2030:20; municipality.* and lever.<kind>.<field> (all levers of that kind) "
            "work too. `python -m sim params` lists the keys")
# --out for the commands that write one table
CSV_OUT = {"metavar": "FILE.csv", "help": "also write the table as CSV (UTF-8 with BOM; headers in --lang with units)"}

OPTIONS: dict[str, tuple[tuple[str, ...], dict]] = {
    "set": (("--set",), {"action": "append", "metavar": "KEY=VALUE",
                         "help": "override a registry parameter (repeatable)"}),
    "draws": (("--draws",), {"type": _int_in(1, MAX_DRAWS, "draws"), "metavar": "N",
                             "help": "Monte-Carlo draws (default: the scenario's); with N > 1 prints P10/P50/P90"}),
    "seed": (("--seed",), {"type": _int_in(0, MAX_SEED, "seed"), "metavar": "S",
                           "help": "random seed (default: the scenario's)"}),
    "out": (("--out",), {"metavar": "DIR", "help": "write the result tables into DIR"}),
    "format": (("--format",), {"choices": FORMATS, "default": None,
                               "help": "file format for --out: csv (one UTF-8 file with BOM per table; default), "
                                       "xlsx (one sheet per table), json"}),
    "lang": (("--lang",), {"choices": LANGS, "default": DEFAULT_LANG,
                           "help": "language of tables, messages and files (default: ja)"}),
    "municipality": (("--municipality",), {"metavar": "CODE|NAME", "help": MUNICIPALITY_HELP}),
}


def add_option(parser: argparse.ArgumentParser, name: str, **overrides) -> None:
    """Attach the shared option `name` to a command's parser, with this command's overrides."""
    flags, spec = OPTIONS[name]
    parser.add_argument(*flags, **{**spec, **overrides})
