"""python -m sim doctor: self-check of the bundled data, the built-in scenarios and the library folder."""

from __future__ import annotations

from sim.cli.common import EXIT_INVALID, EXIT_OK
from sim.cli.options import add_option
from sim.i18n import t

NAME = "doctor"
HELP = "cli.help.doctor"
DESCRIPTION = "cli.desc.doctor"


def add_arguments(p) -> None:
    p.add_argument("--library", metavar="DIR", help=t("cli.arg.doctor.library", p.lang))
    add_option(p, "lang")


def execute(args, out, err) -> int:
    from sim.doctor import doctor
    return EXIT_INVALID if doctor(args.library, out=out, lang=args.lang) else EXIT_OK
