"""How a quantity is written for people: significant digits, SI prefixes, money, ranges.

One notation for every output that shows a number (tables, pages, plots, explanations):
``1.38 ZFLOP/s``, ``$25.2 – 38.2B``, ``≥ 350,000``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from computescale.qualifiers import SIGNS
from computescale.ranges import Range

__all__ = ["format_range", "scaled", "signed", "significant"]


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


SMALLEST_DECIMAL = -4
"""Below 10**-4 a number is written in scientific notation (``1.00e-300``), not in decimals."""


def significant(x: float, digits: int = 3) -> str:
    """Format ``x`` with ``digits`` significant digits and thousands separators.

    Numbers below 10**-4 are written in scientific notation, so a text never holds more than a
    few characters of zeros whatever the input.
    """
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    exponent = math.floor(math.log10(abs(x)))
    if exponent < SMALLEST_DECIMAL:
        return f"{x:.{digits - 1}e}"
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
    return signed(r, lo if lo == hi else f"{lo} – {hi}") + suffix


def signed(r: Range, text: str) -> str:
    """Return the text of a range's bounds with ``≥`` or ``≤`` before it when it is bounded."""
    return text if r.bound is None else SIGNS[r.bound] + text
