"""Running the command line: parse, run the command, turn what went wrong into an exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from computescale.catalogue import load_catalogue
from computescale.cli.commands import COMMANDS
from computescale.cli.options import named_as_options
from computescale.cli.parser import build_parser
from computescale.cli.process import (
    ExitStatus,
    Terminated,
    discard_stdout,
    progress,
    say,
    short,
    sigterm_raises,
    stdout_errors,
    terminal_width,
)
from computescale.errors import ComputescaleError
from computescale.notation import DIGITS, digits
from computescale.report.layout import table_width

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see :class:`ExitStatus`)."""
    with sigterm_raises():
        return int(_main(argv))


def run(args: argparse.Namespace) -> ExitStatus:
    """Run a parsed command: load its catalogue, then the command's function."""
    catalogue = load_catalogue(getattr(args, "catalogue", None))
    return COMMANDS[args.command](args, catalogue)


def _main(argv: Sequence[str] | None) -> ExitStatus:
    try:
        args = build_parser().parse_args(argv)
        with (
            progress(args),
            named_as_options(),
            digits(getattr(args, "digits", DIGITS)),
            table_width(terminal_width(args)),
        ):
            status = run(args)
        if sys.stdout is not None:  # whatever else was written surfaces here, not at exit
            with stdout_errors():
                sys.stdout.flush()
        return status
    except ComputescaleError as exc:
        say(f"computescale: error: {short(str(exc))}\n")
        return ExitStatus.BAD_INPUT
    except Terminated:
        say("computescale: terminated\n")
        return ExitStatus.TERMINATED
    except KeyboardInterrupt:
        say("computescale: interrupted\n")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        discard_stdout()
        return ExitStatus.OK
    except Exception as exc:  # a bug: one line, not a traceback
        say(
            f"computescale: internal error: {type(exc).__name__}: {short(str(exc))}. "
            "This is a bug; please report it with the input file.\n"
        )
        return ExitStatus.INTERNAL_ERROR
