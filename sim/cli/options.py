"""The options the commands share, each declared once (flag, type, metavar, choices, default help as a
catalogue key), and attached to a command with add_option(parser, name, **overrides) — an override changes
what the option means for that command (e.g. --out is a folder for `run`, a CSV file for `compare`)."""

from __future__ import annotations

import argparse

from sim.cli.common import FORMATS
from sim.i18n import DEFAULT_LANG, LANGS, t
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


# help texts are catalogue keys (sim/text/cli.py: cli.arg.<name>), given in the parser's language
SET_HELP = "cli.arg.set_keys"  # --set with its syntax, for the commands that run one scenario
# --out for the commands that write one table
CSV_OUT = {"metavar": "FILE.csv", "help": "cli.arg.csv_out"}

OPTIONS: dict[str, tuple[tuple[str, ...], dict]] = {
    "set": (("--set",), {"action": "append", "metavar": "KEY=VALUE", "help": "cli.arg.set"}),
    "draws": (("--draws",), {"type": _int_in(1, MAX_DRAWS, "draws"), "metavar": "N", "help": "cli.arg.draws"}),
    "seed": (("--seed",), {"type": _int_in(0, MAX_SEED, "seed"), "metavar": "S", "help": "cli.arg.seed"}),
    "out": (("--out",), {"metavar": "DIR", "help": "cli.arg.out"}),
    "format": (("--format",), {"choices": FORMATS, "default": None, "help": "cli.arg.format"}),
    "lang": (("--lang",), {"choices": LANGS, "default": DEFAULT_LANG, "help": "cli.arg.lang"}),
    "municipality": (("--municipality",), {"metavar": "CODE|NAME", "help": "cli.arg.municipality"}),
}


def add_option(parser, name: str, **overrides) -> None:
    """Attach the shared option `name` to a command's parser (a sim.cli.parser.Parser), with this command's
    overrides. The help, the table's or an override's, is a catalogue key given in the parser's language;
    {default} in an override's text stands for the option's shared help."""
    flags, spec = OPTIONS[name]
    spec = {**spec, **overrides}
    spec["help"] = t(spec["help"], parser.lang, default=t(OPTIONS[name][1]["help"], parser.lang))
    parser.add_argument(*flags, **spec)
