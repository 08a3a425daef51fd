"""Command line: python -m sim {run, compare, validate, params, sensitivity, doctor, batch}.

Thin layer over the package: scenario file -> Scenario (+ --set overrides) -> engine -> Results ->
a table on stdout and, on request, files. Every user error (bad scenario, missing file, bad --set,
bad arguments) is reported as a short message with an exit status, never as a traceback.

One module per command in sim.cli.commands (listed in COMMANDS), on the shared option table of
sim.cli.options; helpers in sim.cli.common, --set in sim.cli.overrides, the parser and main() in
sim.cli.program.
"""

from sim.cli.commands.params import param_rows
from sim.cli.commands.run import kpi_rows
from sim.cli.common import (EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE, Usage, UserError, render_table,
                            text_width, with_municipality, write_csv)
from sim.cli.overrides import apply_sets, parse_set
from sim.cli.program import build_parser, main
from sim.units import format_value

__all__ = [
    "EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "Usage", "UserError", "apply_sets", "build_parser",
    "format_value", "kpi_rows", "main", "param_rows", "parse_set", "render_table", "text_width",
    "with_municipality", "write_csv",
]
