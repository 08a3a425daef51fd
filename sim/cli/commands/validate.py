"""python -m sim validate: check scenario files and list every problem."""

from __future__ import annotations

from sim.cli.common import EXIT_INVALID, EXIT_OK, problem_lines
from sim.cli.options import add_option
from sim.i18n import t
from sim.scenario import ScenarioError, load_scenario

NAME = "validate"
HELP = "cli.help.validate"
DESCRIPTION = "cli.desc.validate"

def add_arguments(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")
    add_option(p, "lang")


def execute(args, out, err) -> int:
    from sim.inputs import resolve
    bad = 0
    for f in args.files:
        try:
            sc = load_scenario(f)
            resolve(sc, draws=1)  # checks that need the data too (e.g. an age profile against the 定年 rule)
        except ScenarioError as exc:
            bad += 1
            print(t("cli.validate.fail", args.lang, file=f), file=out)
            print("\n".join(problem_lines(exc.problems, args.lang)), file=out)
        else:
            print(t("cli.validate.ok", args.lang, file=f), file=out)
    if len(args.files) > 1:
        print(file=out)
        print(t("cli.validate.summary", args.lang, valid=len(args.files) - bad, total=len(args.files)), file=out)
    return EXIT_INVALID if bad else EXIT_OK
