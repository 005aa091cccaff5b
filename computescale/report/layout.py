"""Numbers and tables for people: SI prefixes, money, ranges, aligned columns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from typing import Any

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
    "format_likely",
    "format_range",
    "interval_text",
    "markdown_row",
    "percent_text",
    "scaled",
    "significant",
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


def interval_text(b: Any) -> str:
    """Format bounds as ``1.2`` or ``1.1–1.3`` (plain numbers, no unit)."""
    return f"{b.low:g}" if b.low == b.high else f"{b.low:g}–{b.high:g}"


def percent_text(b: Any) -> str:
    """Format fractional bounds as ``60 %`` or ``60–90 %``."""
    lo, hi = f"{b.low * 100:g}", f"{b.high * 100:g}"
    return f"{lo} %" if lo == hi else f"{lo}–{hi} %"


def align(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-align columns of text cells, two spaces apart (cells escaped, see escape_text)."""
    cells = [[escape_text(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


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
