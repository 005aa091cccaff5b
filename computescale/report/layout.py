"""Numbers and tables for people: SI prefixes, money, ranges, aligned columns."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from computescale.qualifiers import SIGNS
from computescale.ranges import Range

__all__ = [
    "align",
    "bounds_dict",
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


_PREFIXES = [
    (1e21, "Z"),
    (1e18, "E"),
    (1e15, "P"),
    (1e12, "T"),
    (1e9, "G"),
    (1e6, "M"),
    (1e3, "k"),
    (1.0, ""),
]
_MONEY = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")]

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
    r"""Return user text safe in a Markdown table cell: as :func:`escape_text`, ``|`` as ``\|``."""
    return escape_text(text).replace("|", "\\|")


def markdown_row(cells: Sequence[str]) -> str:
    """Return one Markdown table row, each cell escaped with :func:`escape_markdown`."""
    return "| " + " | ".join(escape_markdown(c) for c in cells) + " |"


def significant(x: float, digits: int = 3) -> str:
    """Format ``x`` with ``digits`` significant digits and thousands separators."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    exponent = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - exponent)
    return f"{x:,.{decimals}f}"


def scaled(values: Sequence[float], base: str, ref: float) -> tuple[list[str], str]:
    """Format values on one scale chosen from ``ref``; return texts and the unit suffix."""
    if base == "FLOP":  # training budgets are quoted as 1e26 FLOP, not in prefixes
        return [f"{v:.3g}" for v in values], " FLOP"
    if base in ("h", "day"):  # GPU-hours and training days: counts with their unit
        texts, _ = scaled(values, "", ref)
        return texts, " days" if base == "day" else " h"
    if base in ("", "dimensionless"):
        if ref >= 1e6:
            scale, suffix = (1e9, "B") if ref >= 1e9 else (1e6, "M")
            return [f"{significant(v / scale)}{suffix}" if v else "0" for v in values], ""
        # a whole number (a count of 64 chips) is shown whole, not as 64.0
        return [
            f"{v:,.0f}" if v >= 100 or float(v).is_integer() else significant(v) for v in values
        ], ""
    numerator, _, per = base.partition("/")  # USD/h: money per hour
    money = numerator == "USD"
    table = _MONEY if money else _PREFIXES
    scale, prefix = next(((s, p) for s, p in table if ref >= s), table[-1])
    texts = [significant(v / scale) for v in values]
    if money:  # $1.23B, or $1.23M/h for a price per hour
        return [f"${t}{prefix}" for t in texts], f"/{per}" if per else ""
    return texts, f" {prefix}{base}"


def format_range(r: Range | None, unit: str | None = None) -> str:
    """Format a range for people: one SI prefix chosen from the high bound.

    Counts print with thousands separators, money as ``$1.23B``, other units
    as ``1.23 MW``; a bounded figure starts with ``≥`` or ``≤`` (:attr:`Range.bound`).
    ``None`` prints as ``n/a``.
    """
    if r is None:
        return "n/a"
    low, high = r.magnitudes()
    base = r.unit if unit is None else unit
    (lo, hi), suffix = scaled((low, high), base, max(abs(low), abs(high)))
    if base.startswith("USD") and lo != hi:
        hi = hi.removeprefix("$")
        lo = lo.rstrip("kMBT") if lo[-1:] == hi[-1:] else lo
    return _signed(r, lo if lo == hi else f"{lo} – {hi}") + suffix


def _signed(r: Range, text: str) -> str:
    """Return the text of a range's bounds with ``≥`` or ``≤`` before it when it is bounded."""
    return text if r.bound is None else SIGNS[r.bound] + text


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
    return _signed(r, texts[0] if texts[0] == texts[1] else f"{texts[0]} – {texts[1]}") + " days"


def days_likely_text(r: Range) -> str:
    """Format the p5 / p50 / p95 of a duration in days; "" if not sampled."""
    pct = r.percentiles("day")
    if pct is None:
        return ""
    texts, _ = scaled(pct, "", max(r.magnitudes("day")))
    return " / ".join(texts) + " days"
