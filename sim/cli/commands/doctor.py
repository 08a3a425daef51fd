"""python -m sim doctor: self-check of the bundled data, the built-in scenarios and the library folder."""

from __future__ import annotations

from sim.cli.common import EXIT_INVALID, EXIT_OK
from sim.cli.options import add_option

NAME = "doctor"
HELP = "self-check: bundled data, built-in scenarios, the library folder"
DESCRIPTION = ("Check the bundled data tables (load, columns, source ids, no per-municipality "
               "copies), the built-in scenarios (load, run, finite KPIs) and every *.toml in the "
               "library folder; print each problem as file:line: message; exit status 1 if any.")


def add_arguments(p) -> None:
    p.add_argument("--library", metavar="DIR", help="library folder to check (default: $DXSIM_LIBRARY_DIR or "
                                                    "scenarios/user/)")
    add_option(p, "lang")


def execute(args, out, err) -> int:
    from sim.doctor import doctor
    return EXIT_INVALID if doctor(args.library, out=out, lang=args.lang) else EXIT_OK
