"""Errors that computescale raises on purpose.

Every error derives from :class:`ComputescaleError`; each subclass is also the
matching builtin error, so ``except KeyError`` or ``except ValueError`` keeps
working for callers who do not know this library. The CLI turns any
``ComputescaleError`` into one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = [
    "ArgumentError",
    "ComputescaleError",
    "InputError",
    "MissingSpecError",
    "UnknownAcceleratorError",
]


class ComputescaleError(Exception):
    """Base class of every error computescale raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownAcceleratorError(ComputescaleError, KeyError):
    """An accelerator id or alias that the catalogue does not hold.

    Parameters
    ----------
    name
        The id that was asked for.
    known
        The ids the catalogue holds.
    suggestion
        The closest known id or alias, if any is close enough.
    """

    def __init__(self, name: str, known: list[str], suggestion: str | None) -> None:
        hint = f" Did you mean {suggestion}?" if suggestion else ""
        super().__init__(
            f"unknown accelerator {name!r}.{hint} Known ids: {', '.join(known)}. "
            "Add it with a catalogue file (--catalogue FILE) if it is missing."
        )
        self.name = name
        self.known = known
        self.suggestion = suggestion


class MissingSpecError(ComputescaleError, LookupError):
    """A figure that the vendor does not publish for an accelerator."""


class InputError(ComputescaleError, ValueError):
    """Invalid user input: a file, a field or a command-line value.

    Parameters
    ----------
    problem
        What is wrong, in one sentence.
    file
        The file the input came from, if any.
    line
        The 1-based line of the offending field, if known.
    field
        The field path, such as ``fleets[1].count``.
    expected
        What would have been accepted.
    fix
        How to fix it.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.field = field
        self.expected = expected
        self.fix = fix
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        text = f"{where}{field}: {problem}" if field else f"{where}{problem}"
        if expected:
            text += f"; expected {expected}"
        if fix:
            text += f". Fix: {fix}"
        super().__init__(text)


class ArgumentError(InputError, TypeError):
    """A Python argument of the wrong type, e.g. ``estimate(None)`` or ``samples=1.5``.

    Also a ``TypeError``, as Python's own functions raise for such arguments.
    """


def check_type(value: object, types: type | tuple[type, ...], name: str, expected: str) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is one of ``types`` (never a bool by accident).

    A ``bool`` passes only where ``types`` names ``bool`` itself: ``True`` is not
    a number of samples.
    """
    allowed = types if isinstance(types, tuple) else (types,)
    is_bool = isinstance(value, bool) and bool not in allowed
    if is_bool or not isinstance(value, allowed):
        raise ArgumentError(f"got {shown(value)}; expected {expected}", field=name)


def shown(value: object) -> str:
    """Return how a message shows a wrong argument: its repr, or its type's name if long."""
    text = repr(value)
    return text if len(text) <= 40 else type(value).__name__


def check_path(value: object, name: str) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is a path: ``str`` or ``os.PathLike``."""
    check_type(value, (str, os.PathLike), name, "a file's path, such as 'colossus2.yaml'")


def check_items(value: object, name: str, expected: str) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is a list (or other iterable) of items.

    One text or path is refused: iterated, it would give its characters.
    """
    if isinstance(value, str | bytes | os.PathLike) or not isinstance(value, Iterable):
        raise ArgumentError(f"got {shown(value)}; expected a list, e.g. {expected}", field=name)
