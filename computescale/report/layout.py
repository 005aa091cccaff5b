"""Numbers and tables for people: SI prefixes, money, ranges, aligned columns.

Text tables fit a width when one is set (:func:`table_width`; the command line sets the
terminal's when it prints a table to a terminal, and none when piped): a column of prose
wraps within its cells, a table that still does not fit shows each row as a block of
``column  value`` lines, and any other line wraps under its own indent (:func:`fitted`).
"""

from __future__ import annotations

import contextlib
import re
import textwrap
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from contextvars import ContextVar

from computescale.notation import ends, format_range, scaled, signed, significant
from computescale.ranges import Range

__all__ = [
    "align",
    "bounds_dict",
    "csv_cell",
    "days_likely_text",
    "days_text",
    "escape_markdown",
    "escape_text",
    "fitted",
    "format_likely",
    "format_range",
    "markdown_row",
    "scaled",
    "significant",
    "table_width",
]


# Characters a terminal acts on or that break a line: C0 and C1 controls (escape sequences,
# line breaks, tabs), DEL, the Unicode line and paragraph separators, bidirectional
# controls (which reorder what is shown) and lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escape_text(text: str) -> str:
    r"""Return user text safe for a terminal: controls shown as escapes (``\x1b``, ``\n``).

    The result is one line and moves no cursor; text without such characters is
    returned unchanged.
    """
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def escape_markdown(text: str) -> str:
    r"""Return user text safe in a Markdown table cell.

    As :func:`escape_text`, with ``|`` as ``\|`` and HTML's ``&``, ``<`` and ``>`` as
    entities: a name such as ``<img onerror=...>`` is shown, never run by the page that
    renders the Markdown.
    """
    text = escape_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


_FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\u2212\ufe66\ufe62\ufe63\u2795\u2796")
"""What starts a formula in a spreadsheet: ``= + - @`` and their look-alikes (full-width,
small and heavy forms, the minus sign), which some spreadsheets read as the same."""
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]+")
"""Tabs and every character that ends a line for some reader (those of ``str.splitlines``)."""


def _invisible(c: str) -> bool:
    """Return whether a character shows nothing: a space or a format character (U+200B)."""
    return c.isspace() or unicodedata.category(c) in ("Cf", "Zs", "Cc")


def csv_cell(value: object) -> object:
    """Return a value safe in a CSV cell a spreadsheet opens.

    Line breaks (any character a reader may end a line at, U+2028 included) and tabs in
    text become spaces (a reader that ends the record there would
    start the next cell with what follows), and text whose first visible character would
    start a formula (``=``, ``+``, ``-``, ``@`` or a look-alike, after any spaces and
    invisible characters) gets an apostrophe before it. Floats are
    written in full (``repr``); other values as they are.
    """
    if isinstance(value, str):
        value = _BREAKS.sub(" ", value)
        first = next((c for c in value if not _invisible(c)), "")
        if first in _FORMULA:
            return "'" + value
        return value
    if isinstance(value, float):
        return repr(value)
    return value


def markdown_row(cells: Sequence[str], *, raw: Collection[int] = ()) -> str:
    """Return one Markdown table row, each cell escaped with :func:`escape_markdown`.

    The cells at the indices ``raw`` are Markdown already (a link, text escaped) and are
    kept as they are.
    """
    return (
        "| " + " | ".join(c if i in raw else escape_markdown(c) for i, c in enumerate(cells)) + " |"
    )


def format_likely(r: Range | None, unit: str | None = None) -> str:
    """Format the p5 / p50 / p95 of a sampled range on the scale of its bounds; "" if none.

    ``unit`` replaces the range's unit in the text, as for :func:`format_range`.
    """
    pct = None if r is None else r.percentiles()
    if r is None or pct is None:
        return ""
    low, high = r.magnitudes()
    texts, suffix = scaled(pct, r.unit if unit is None else unit, max(abs(low), abs(high)))
    return " / ".join(texts) + suffix


def bounds_dict(r: Range | None) -> dict[str, float | str] | None:
    """Return the range in base units (with percentiles when sampled), or None."""
    return None if r is None else r.base()


_width: ContextVar[int | None] = ContextVar("computescale_table_width", default=None)

NARROWEST = 40
"""The narrowest width tables are fitted to: a smaller terminal gets 40 columns."""


@contextlib.contextmanager
def table_width(width: int | None) -> Iterator[None]:
    """Fit text tables to ``width`` columns inside the block (None: no limit, one line a row)."""
    token = _width.set(None if width is None else max(NARROWEST, width))
    try:
        yield
    finally:
        _width.reset(token)


_PROSE_WORD = re.compile(r"[a-z]+[,;:.]?")


def _is_prose(column: Sequence[str]) -> bool:
    """Whether a column holds sentences (three lower-case words in a cell), not figures."""
    return any(sum(bool(_PROSE_WORD.fullmatch(w)) for w in c.split()) >= 3 for c in column)


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def align(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-align columns of text cells, two spaces apart (cells escaped, see escape_text).

    With a width set (:func:`table_width`) and a table wider than it, the prose columns wrap
    within their cells, the widest first, down to 16 characters; a table still too wide
    shows each row as a block: its first cell, then a ``column  value`` line per cell.
    """
    cells = [[escape_text(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]

    def total() -> int:  # the table's width: its columns, two spaces apart
        return sum(widths) + 2 * (len(widths) - 1)

    limit = _width.get()
    if limit is None or total() <= limit:
        return [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
        ]
    prose = [i for i in range(len(widths)) if _is_prose([r[i] for r in cells[1:]])]
    for i in sorted(prose, key=lambda i: -widths[i]):
        excess = total() - limit
        if excess <= 0:
            break
        widths[i] = max(16, widths[i] - excess)
    if total() > limit:
        return _blocks(cells, limit)
    out = []
    for r in cells:
        parts = [_wrapped(c, w) for c, w in zip(r, widths, strict=True)]
        for k in range(max(len(p) for p in parts)):
            line = [
                (p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)
            ]
            out.append("  ".join(line).rstrip())
    return out


def _blocks(cells: Sequence[Sequence[str]], limit: int) -> list[str]:
    """Return each row as its first cell, then its other cells under their column's name."""
    header, *body = cells
    name = min(max(len(h) for h in header[1:]), limit // 3)
    out: list[str] = []
    for r in body:
        out.append(r[0])
        for h, c in zip(header[1:], r[1:], strict=True):
            if not c:
                continue
            lead = "  " + h.ljust(name) + "  "
            text = textwrap.fill(
                c,
                limit,
                initial_indent=lead,
                subsequent_indent=" " * len(lead),
                break_on_hyphens=False,
            )
            out.extend(text.splitlines())
    return out


def fitted(text: str) -> str:
    """Return a table's text with every line no wider than the set width (unchanged if none).

    A line wraps under its own indent; a list item (``- ``) two characters further in.
    """
    limit = _width.get()
    if limit is None:
        return text
    out = []
    for line in text.split("\n"):
        if len(line) <= limit:
            out.append(line)
            continue
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        hanging = indent + ("  " if body.startswith("- ") else "")
        out.extend(
            textwrap.wrap(
                line,
                limit,
                initial_indent="",
                subsequent_indent=hanging,
                break_on_hyphens=False,
                drop_whitespace=True,
            )
            or [line]
        )
    return "\n".join(out)


def days_text(r: Range) -> str:
    """Format a duration range in days (``19.6 – 22.2 days``)."""
    low, high = r.magnitudes("day")
    texts, _ = scaled((low, high), "", max(low, high))
    return signed(r, ends(texts[0] + " days", texts[1] + " days"))


def days_likely_text(r: Range) -> str:
    """Format the p5 / p50 / p95 of a duration in days; "" if not sampled."""
    pct = r.percentiles("day")
    if pct is None:
        return ""
    texts, _ = scaled(pct, "", max(r.magnitudes("day")))
    return " / ".join(texts) + " days"
