"""The commands of `python -m sim`, in the order of its help. A command is a module with NAME, HELP and
DESCRIPTION (catalogue keys: cli.help.<name>, cli.desc.<name> in sim/text/cli.py), add_arguments(parser)
(its help texts in parser.lang) and execute(args, out, err) -> exit status; adding one is a new module here
and one line in COMMANDS."""

from sim.cli.commands import batch, compare, doctor, optimise, params, report, run, sensitivity, validate

COMMANDS = (
    run,
    compare,
    validate,
    params,
    sensitivity,
    doctor,
    batch,
    report,
    optimise,
)
