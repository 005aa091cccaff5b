"""Read YAML files safely and report validation errors at ``file:line``.

This module knows nothing about compute clusters. It reads a YAML file into
plain Python data, remembers the line of every value, and turns pydantic
validation errors into one :class:`~computescale.errors.InputError` that names
the file, the line, the field path, what was expected and how to fix it.

Safety: no YAML tags are accepted (no objects are built), files are limited in
size, nesting depth and node count (which stops alias bombs), keys must be
unique, and only regular files are read (a FIFO or a directory is refused rather
than waited on).

Values are read as a person means them, not by YAML 1.1's rules: a plain
``0100000`` is the decimal 100000 (not octal), ``1:30`` and ``0x10`` stay text
(which a number field then refuses), a plain ``2025-07-22`` is a date and an
impossible one (``2025-02-30``) is an error at its line. Only ``true``/``false``
are booleans and only ``null``, ``~`` or nothing is null; keys are always text.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from computescale.errors import InputError
from computescale.shipped import known_cluster

__all__ = [
    "Document",
    "FieldError",
    "excerpt",
    "file_schema",
    "format_field",
    "load_document",
    "parse_document",
    "read_text",
    "validate",
    "validate_part",
]

MAX_BYTES = 4 * 1024 * 1024
"""Largest input file accepted [bytes]; cluster and claim files are a few kB."""
MAX_NODES = 200_000
"""Largest number of YAML values after alias expansion."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted."""

MAX_DIGITS = 100
"""Longest run of digits read as a number; longer ones are refused at their line."""

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class DocumentModel(BaseModel):
    """The base of every model read from a document: immutable, and an unknown key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def file_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the files a model reads."""
    schema: dict[str, Any] = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


class FieldError(ValueError):
    """A validation error that names a field below the one being validated.

    A model validator raises it to point at ``phases[2].date`` rather than at the
    whole model: ``loc`` is appended to the location pydantic reports.
    """

    def __init__(self, message: str, loc: Loc) -> None:
        super().__init__(message)
        self.loc = loc


def excerpt(value: Any, limit: int = 40) -> str:
    """Return a short, escaped ``repr`` of a value for messages (at most ``limit`` characters)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Document:
    """Plain data read from a YAML file, with the line of every value.

    Attributes
    ----------
    data
        The parsed content: dicts, lists, strings, numbers, dates.
    name
        The file name used in messages.
    lines
        Map from a field path (tuple of keys and indices) to its 1-based line.
    """

    data: Any
    name: str
    lines: Mapping[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """Return the line of ``loc`` or of its nearest enclosing value."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    @property
    def base_dir(self) -> Path:
        """Folder of the file, against which relative paths inside it resolve."""
        return Path(self.name).resolve().parent


def format_field(loc: Loc) -> str:
    """Format a field path as ``fleets[1].count`` (odd keys quoted: ``fleets[0].'a b'``)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if part.isidentifier() and len(part) <= 40 else excerpt(part)
            text += f".{name}" if text else name
    return text or "(top level)"


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a YAML file safely.

    Parameters
    ----------
    path
        File to read.

    Returns
    -------
    Document
        The data and the line of each value.

    Raises
    ------
    InputError
        If the file is missing, not a regular file, too large, not UTF-8, not
        valid YAML, or uses unsafe or oversized constructs.
    """
    return parse_document(read_text(path, "a YAML file"), os.fspath(path))


def read_text(path: str | os.PathLike[str], kind: str = "a text file") -> str:
    """Read a UTF-8 text file of at most :data:`MAX_BYTES` bytes.

    ``kind`` names what the file should be, for messages ("give the path of a YAML file").

    Raises
    ------
    InputError
        If the file is missing, a folder, not a regular file, too large or not UTF-8.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        stem = Path(name).stem
        if Path(name).suffix in (".yaml", ".yml") and known_cluster(stem) is not None:
            fix = (
                f"a shipped cluster has this name: give `{stem}` instead of the path, "
                "or run `computescale examples copy` to have the examples folder here"
            )
        else:
            fix = (
                "check the path (relative paths start from "
                "the current folder, or from the file that names them)"
            )
        raise InputError("file not found", file=name, fix=fix) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=name) from None
    except ValueError:  # a NUL character, which no path may hold
        raise InputError(
            "cannot read the file (its path holds a NUL character)",
            file=name,
            fix="check the path",
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file", file=name, fix=f"give the path of {kind}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            "is not a regular file (a pipe or device?)",
            file=name,
            fix="save the content to a file and give its path",
        )
    if info.st_size > MAX_BYTES:
        raise InputError(
            f"file is {info.st_size:,} bytes, over the limit of {MAX_BYTES:,}",
            file=name,
            fix="cluster and claims files are a few kilobytes, articles a few hundred; check "
            "that this is the right file",
        )
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=name) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            file=name,
            line=line,
            fix="save the file as UTF-8",
        ) from None
    return text


def parse_document(text: str, name: str = "<string>") -> Document:
    """Parse YAML text safely; see :func:`load_document`."""
    if len(text) > MAX_BYTES:
        raise InputError(f"text is over the limit of {MAX_BYTES:,} characters", file=name)
    loader = _Loader(text)
    try:
        _check_events(text, name)
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = _Converter(loader, name, lines).convert(node, (), 0) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"not valid YAML ({problem})",
            file=name,
            line=line,
            fix="check indentation, colons and quotes near that line",
        ) from None
    finally:
        loader.dispose()
    return Document(data=data, name=name, lines=lines)


def _check_events(text: str, name: str) -> None:
    """Refuse tags and deep nesting before composing: YAML's composers recurse once per level.

    The event stream is produced without recursion, so walking it is safe at any
    depth. libyaml has a nesting limit of its own in some releases; when it
    refuses the text, the pure-Python parser (no such limit) looks for deep
    nesting again, so the message is ours whatever the PyYAML release.
    """
    try:
        _walk_events(text, name, _Loader)
    except yaml.YAMLError:
        if _Loader is yaml.SafeLoader:
            raise
        with contextlib.suppress(yaml.YAMLError):
            _walk_events(text, name, yaml.SafeLoader)
        raise


def _walk_events(text: str, name: str, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = None if event.start_mark is None else event.start_mark.line + 1
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise InputError(
                f"tag {excerpt(tag)} is not allowed (no objects are built from YAML)",
                file=name,
                line=line,
                fix="remove the tag; write the value itself",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    f"nested deeper than {MAX_DEPTH} levels",
                    file=name,
                    line=line,
                    fix="flatten the file",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it (about ten times faster), else the pure one."""

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    "+.inf": math.inf,
    "-.inf": -math.inf,
    ".nan": math.nan,
}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class _Converter:
    """Turn a composed YAML node tree into plain data, recording lines."""

    def __init__(self, loader: Any, name: str, lines: dict[Loc, int]) -> None:
        self.loader = loader
        self.name = name
        self.lines = lines
        self.nodes = 0

    def convert(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(loc, line)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError(
                f"more than {MAX_NODES:,} values (an alias/anchor bomb?)",
                file=self.name,
                line=line,
                fix="remove repeated anchors (&) and aliases (*)",
            )
        if depth > MAX_DEPTH:
            raise InputError(
                f"nested deeper than {MAX_DEPTH} levels",
                file=self.name,
                line=line,
                field=format_field(loc),
            )
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise InputError(
                        "a key must be a plain value",
                        file=self.name,
                        line=key_line,
                        field=format_field(loc),
                    )
                if key_node.value == "<<" and not key_node.style:
                    raise InputError(
                        "merge keys (<<) are not supported",
                        file=self.name,
                        line=key_line,
                        field=format_field(loc),
                        fix="write the fields out",
                    )
                key = key_node.value
                if key in result:
                    raise InputError(
                        f"key {excerpt(key)} appears twice",
                        file=self.name,
                        line=key_line,
                        field=format_field(loc),
                        fix="keep one of them",
                    )
                child: Loc = (*loc, key)
                self.lines[child] = key_line
                result[key] = self.convert(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.convert(item, (*loc, index), depth + 1)
                for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.ScalarNode)  # the only other kind of node
        return self.scalar(node, loc, line)

    def scalar(self, node: yaml.ScalarNode, loc: Loc, line: int) -> Any:
        """Read a scalar as a person means it (see the module docstring)."""
        text: str = node.value
        if node.style:  # quoted or block text is always text
            return text
        if text in _NULLS:
            return None
        if text in _BOOLS:
            return _BOOLS[text]
        if _FLOAT.fullmatch(text):
            digits = sum(c.isdigit() for c in text)
            if digits > MAX_DIGITS:
                raise InputError(
                    f"a number of {digits:,} digits is out of range",
                    file=self.name,
                    line=line,
                    field=format_field(loc),
                    fix="write it in e-notation, e.g. 1.5e25",
                )
            return int(text, 10) if _INT.fullmatch(text) else float(text)
        if text.lower() in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text.lower()]
        if _DATE.fullmatch(text):
            year, month, day = (int(part) for part in text.split("-"))
            if year < 1:
                why = "there is no year 0"
            elif not 1 <= month <= 12:
                why = f"there is no month {month}"
            elif not 1 <= day <= calendar.monthrange(year, month)[1]:
                why = f"there is no day {day} in that month"
            else:
                return dt.date(year, month, day)
            raise InputError(
                f"{text} is not a date: {why}",
                file=self.name,
                line=line,
                field=format_field(loc),
                expected="a date such as 2025-07-22",
            )
        return text


def _hint(error_type: str) -> tuple[str | None, str | None]:
    """Return (expected, fix) for a pydantic error type."""
    hints: dict[str, tuple[str | None, str | None]] = {
        "extra_forbidden": (
            None,
            "remove this field or correct its spelling (`computescale schema` lists the fields)",
        ),
        "missing": (None, "add this field"),
        "float_type": ("a number", None),
        "int_type": ("a whole number", None),
        "string_type": ("text", None),
        "list_type": ("a list", None),
        "dict_type": ("a mapping of keys to values", None),
        "model_type": ("a mapping of keys to values", None),
        "date_from_datetime_parsing": ("a date such as 2025-07-22", None),
        "date_parsing": ("a date such as 2025-07-22", None),
        "date_type": ("a date such as 2025-07-22", None),
    }
    return hints.get(error_type, (None, None))


def validate(model: type[M], document: Document, context: dict[str, Any] | None = None) -> M:
    """Validate a document against a pydantic model.

    Parameters
    ----------
    model
        The model class.
    document
        The parsed file.
    context
        Extra validation context passed to pydantic validators.

    Returns
    -------
    M
        The validated model.

    Raises
    ------
    InputError
        Naming file, line and field of the first problem (and how many more).
    """
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as exc:
        raise error_from_validation(exc, document) from None


def validate_part(
    model: type[M],
    data: Any,
    document: Document,
    loc: Loc,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate ``data``, which stands at ``loc`` in ``document``.

    Errors name the file, the line and the full field path from the top of the
    document, as :func:`validate` does.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        n = len(loc)
        lines = {k[n:]: v for k, v in document.lines.items() if k[:n] == loc}
        error = error_from_validation(exc, Document(data, document.name, lines))
        raise InputError(
            error.problem,
            file=document.name,
            line=error.line if error.line is not None else document.line_of(loc),
            field=f"{format_field(loc)}.{error.field}",
            expected=error.expected,
            fix=error.fix,
        ) from None


def error_from_validation(exc: ValidationError, document: Document) -> InputError:
    """Turn a pydantic ``ValidationError`` into one line-aware :class:`InputError`."""
    errors = exc.errors(include_url=False)
    # A failed item also makes its tuple "too short": report the item, not the echo.
    errors = [e for e in errors if e["type"] != "too_short"] or errors
    # A misspelt key shows up as unknown *and* as a missing required key: name the typo first.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    error = (first.get("ctx") or {}).get("error")
    below = error.loc if isinstance(error, FieldError) else ()
    loc = _data_loc((*first["loc"], *below), document.data)
    message = str(first["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if first["type"] == "extra_forbidden":
        message = f"unknown field {excerpt(loc[-1])}" if loc else "unknown field"
    elif first["type"] == "missing":
        message = "required field is missing"
    expected, fix = _hint(str(first["type"]))
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return InputError(
        message,
        file=document.name,
        line=document.line_of(loc),
        field=format_field(loc),
        expected=expected,
        fix=fix,
    )


def _data_loc(loc: Loc, data: Any) -> Loc:
    """Keep the parts of a pydantic location that navigate the data.

    Pydantic inserts union and validator tags into locations; those are dropped.
    """
    kept: list[str | int] = []
    node: Any = data
    for index, part in enumerate(loc):
        child = _child(node, part)
        if child is not _ABSENT:
            kept.append(part)
            node = child
        elif index == len(loc) - 1 and isinstance(node, Mapping) and isinstance(part, str):
            kept.append(part)  # a missing or unknown key: name it
    return tuple(kept)


_ABSENT = object()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, Mapping) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT
