"""The process around a command: its exit status, standard output and error, signals.

What every command shares and none decides: how the text reaches standard output or a file
(flushed, so that a full disk or a closed stream is reported as one line, not at exit), how
a message is said on standard error (one line, cut past 1,000 characters), SIGTERM turned
into an exception so that temporary files are cleaned up, the progress bar of a sampled run,
and the terminal's width for tables.
"""

from __future__ import annotations

import argparse
import enum
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from computescale.errors import InputError
from computescale.outputs import write_parts
from computescale.report.layout import fitted
from computescale.sampling import reporting

__all__ = [
    "ExitStatus",
    "Terminated",
    "discard_stdout",
    "emit",
    "progress",
    "say",
    "short",
    "show",
    "sigterm_raises",
    "stdout_errors",
    "terminal_width",
    "writing",
]


class ExitStatus(enum.IntEnum):
    """The exit status of ``computescale``, by what happened.

    ``check`` exits ``OK`` whatever its verdicts, unless ``--strict`` and a claim is
    inconsistent (``INCONSISTENT``), or some claims could not be checked because an input
    they name is invalid while the others were (``UNCHECKED``: the verdicts are written all
    the same). A standard output closed by its reader (``| head``) ends quietly, ``OK``.
    """

    OK = 0
    INCONSISTENT = 1
    """``check --strict`` and a claim is inconsistent."""
    INTERNAL_ERROR = 1
    """An unexpected internal error: a bug, said in one line (please report it)."""
    BAD_INPUT = 2
    """Bad input, or an output that cannot be written: one line on standard error."""
    UNCHECKED = 3
    """``check``: some claims could not be checked (an input they name is invalid)."""
    INTERRUPTED = 130
    """Ctrl-C."""
    TERMINATED = 143
    """SIGTERM."""


def _one_line(text: str) -> str:
    """Escape line breaks and control characters so a message stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_MESSAGE_LIMIT = 1000


def short(text: str) -> str:
    """Return a message on one line, cut with an ellipsis past 1,000 characters.

    Messages quote what the user wrote; a megabyte of it helps no one.
    """
    line = _one_line(text)
    return line if len(line) <= _MESSAGE_LIMIT else line[: _MESSAGE_LIMIT - 1] + "…"


def say(text: str) -> None:
    """Write a message to standard error; if it is closed or broken, say nothing."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _reason(exc: BaseException) -> str:
    """Return the short reason of an error (``No space left on device``)."""
    if isinstance(exc, UnicodeEncodeError):
        return f"its encoding {exc.encoding} cannot show {exc.object[exc.start : exc.end]!r}"
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


@contextmanager
def writing(output: str) -> Iterator[None]:
    """Turn an OS error while an output file is written (a full disk) into an input error."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"cannot write the output ({_reason(exc)})", file=output) from None


def show(text: str) -> None:
    """Write to standard output and flush, so that a failure is reported here.

    Raises
    ------
    InputError
        When standard output is closed or cannot be written (a full disk).
    BrokenPipeError
        When its reader has gone (``| head``); :func:`main` ends quietly.
    """
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-)
        raise InputError("cannot write the output (standard output is closed)")
    with stdout_errors():
        stream.write(fitted(text))
        stream.flush()


@contextmanager
def stdout_errors() -> Iterator[None]:
    """Turn a failed write to standard output into an input error (a broken pipe passes)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ENOSPC, EBADF, a closed stream, an encoding
        discard_stdout()
        raise InputError(f"cannot write the output ({_reason(exc)})") from None


def discard_stdout() -> None:
    """Point the process's standard output at the null device after it failed.

    Python flushes standard output once more at exit; without this the
    unwritten text fails again there, with a second message and exit code 120.
    """
    stream = sys.stdout
    if stream is not sys.__stdout__ or stream is None:  # a stream of the caller: leave it
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError):
        pass


def emit(text: str | Iterator[str], output: str | None, inputs: Sequence[str]) -> None:
    """Write a command's output (a text, or its parts as they come) to a file or stdout."""
    parts = (text,) if isinstance(text, str) else text
    if output:
        with writing(output):
            write_parts(output, parts, inputs=inputs)
    else:
        for part in parts:
            show(part)


class Terminated(BaseException):
    """SIGTERM arrived; a BaseException, so that cleanups (temporary files) run."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: let the cleanups finish
    raise Terminated


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Make SIGTERM raise :class:`Terminated` (main thread only); restore the handler after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextmanager
def progress(args: argparse.Namespace) -> Iterator[None]:
    """Draw a progress bar on stderr for each sampled run longer than one chunk.

    Only when ``--samples`` is given and stderr is a terminal: a pipe or a file
    never receives it. The bar is cleared when its run ends.
    """
    if getattr(args, "samples", None) is None or not sys.stderr.isatty():
        yield
        return
    from tqdm import tqdm

    bar: tqdm[Any] | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:  # runs follow one another (a claims file samples each cluster)
            bar = tqdm(
                total=total,
                desc="sampling",
                unit=" samples",
                unit_scale=True,
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bar = None

    try:
        with reporting(update):
            yield
    finally:
        if bar is not None:  # interrupted, or stopped by an error
            bar.close()


def terminal_width(args: argparse.Namespace) -> int | None:
    """Return the terminal's width for a table printed to a terminal; None otherwise.

    Piped or written to a file, a table keeps one line per row (for grep and diff).
    """
    table = getattr(args, "format", "table") == "table" and args.command != "schema"
    if not table or getattr(args, "output", None) or sys.stdout is None:
        return None
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, OSError, ValueError):  # a stream without a terminal, or closed
        return None
    return shutil.get_terminal_size().columns if terminal else None
