"""The program `python -m sim`: its parser, built from the command list, and main(), which turns every
outcome into an exit status and a short message (a traceback only with DXSIM_DEBUG=1)."""

from __future__ import annotations

import argparse
import io
import os
import sys
import traceback
import warnings

from sim import __version__
from sim.cli.commands import COMMANDS
from sim.i18n import DEFAULT_LANG, in_lang, t
from sim.cli.parser import Parser, argv_lang
from sim.cli.common import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE, Usage, UserError, epilog


def build_parser(lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The parser; its help (from the catalogue, sim/text/cli.py) and usage errors are in `lang`."""
    parser = Parser(prog="python -m sim", epilog=epilog(lang), lang=lang, description=t("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"dx-sim {__version__}",
                        help=t("cli.argparse.version", lang))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, help=t("cli.arg.command", lang))
    for command in COMMANDS:
        p = sub.add_parser(command.NAME, help=t(command.HELP, lang), description=t(command.DESCRIPTION, lang),
                           epilog=epilog(lang), lang=lang)
        command.add_arguments(p)
        p.set_defaults(func=command.execute)
    return parser


def _safe_streams(*streams) -> None:
    """Never fail on a character the terminal's encoding lacks (e.g. ¥ or Japanese on cp1252)."""
    for s in streams:
        enc = (getattr(s, "encoding", None) or "").lower().replace("-", "")
        if enc and enc not in ("utf8", "utf8sig") and hasattr(s, "reconfigure"):
            try:
                s.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    _safe_streams(out, err)
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv_lang(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse printed it)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    lang = getattr(args, "lang", None) or DEFAULT_LANG
    try:
        with warnings.catch_warnings():
            # percentiles of a KPI no draw reaches (e.g. a payback year) are NaN, shown as "—"
            warnings.filterwarnings("ignore", message="All-NaN slice", category=RuntimeWarning)
            return args.func(args, out, err)
    except UserError as exc:
        print(t("cli.error", lang, msg=exc.text(lang)), file=err)
        return EXIT_INVALID
    except Usage as exc:
        print(t("cli.usage_error", lang, prog=parser.prog, command=args.command, msg=in_lang(exc.args[0], lang)),
              file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=err)
        return 130
    except BrokenPipeError:
        # `python -m sim params | head`: the reader went away; stop quietly (and keep the final
        # flush at interpreter exit from failing again, as the Python docs recommend).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return EXIT_OK
    except Exception as exc:  # a bug: short message, traceback only on request
        if os.environ.get("DXSIM_DEBUG") == "1":
            traceback.print_exc(file=err)
        print(t("cli.internal_error", lang, error=f"{type(exc).__name__}: {exc}"), file=err)
        print(t("cli.bug" if os.environ.get("DXSIM_DEBUG") == "1" else "cli.bug_debug", lang), file=err)
        return EXIT_INTERNAL
