"""The commands of `python -m sim`, in the order of its help. A command is a module with NAME, HELP,
DESCRIPTION, add_arguments(parser) and execute(args, out, err) -> exit status; adding one is a new
module here and one line in COMMANDS."""

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
