"""How a quantity is written for people: significant digits, SI prefixes, money, ranges.

One notation for every output that shows a number (tables, pages, plots, explanations):
``1.38 ZFLOP/s``, ``$25.2B – $38.2B``, ``≥ 350,000``. Each end of a range carries its unit or
suffix, so that no end reads alone as another number (``$269k/h – $688k/h``, never ``$269 –
688k/h``). Numbers show three significant digits unless :func:`digits` says otherwise.

The module sits below :mod:`computescale.ranges` (whose ``str`` and ``format`` it writes): it
reads a range through :class:`Ranged`, the few attributes it needs.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Any, Protocol

from computescale.errors import ArgumentError
from computescale.qualifiers import SIGNS, Bound

__all__ = [
    "DIGITS",
    "Ranged",
    "digits",
    "ends",
    "format_range",
    "html_table",
    "interval_text",
    "percent_text",
    "prefix_name",
    "scaled",
    "signed",
    "significant",
]

DIGITS = 3
"""Significant digits of every number written for people, unless :func:`digits` sets others."""

_digits: ContextVar[int] = ContextVar("computescale_digits", default=DIGITS)


@contextlib.contextmanager
def digits(n: int) -> Iterator[None]:
    """Write every number with ``n`` significant digits (1 to 15) inside the ``with`` block.

    ``with computescale.digits(5): print(report)`` shows 142.7 MW as ``142.70 MW`` where the
    default three digits show ``143 MW``; the command line's ``--digits N`` does the same.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 15:
        raise ArgumentError(f"digits must be a whole number from 1 to 15, got {n!r}")
    token = _digits.set(n)
    try:
        yield
    finally:
        _digits.reset(token)


class Ranged(Protocol):
    """What writing a range reads of it (:class:`computescale.ranges.Range` has it)."""

    @property
    def unit(self) -> str:
        """The unit of the range's numbers, as compact text (``W``, ``USD/h``, ``""``)."""

    @property
    def bound(self) -> Bound | None:
        """``lower`` or ``upper`` for a bounded figure, None for a guaranteed interval."""

    def magnitudes(self, unit: str | None = None) -> tuple[float, float]:
        """Return ``(low, high)`` as floats in ``unit`` or the range's own."""


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
_NAMES = {"Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga", "M": "mega", "k": "kilo"}
_MONEY_NAMES = {"T": "trillion", "B": "billion", "M": "million", "k": "thousand"}


def prefix_name(value: float, unit: str) -> str:
    """Return the name of the prefix a value is written with: ``exa``, ``billion``, or ``""``.

    Money in thousands to trillions and other units in SI prefixes, as :func:`format_range`
    chooses them; counts in thousands, millions and billions (a count under a million is
    written in full, but a slip by a thousand still moves it from thousands to millions).
    """
    v = abs(value)
    if unit.partition("/")[0] == "USD":
        return _MONEY_NAMES.get(next((p for s, p in _MONEY if v >= s), ""), "")
    if unit in ("", "dimensionless"):
        return "billion" if v >= 1e9 else "million" if v >= 1e6 else "thousand" if v >= 1e3 else ""
    return _NAMES.get(next((p for s, p in _PREFIXES if v >= s), ""), "")


SMALLEST_DECIMAL = -4
"""Below 10**-4 a number is written in scientific notation (``1.00e-300``), not in decimals."""


def significant(x: float, digits: int | None = None) -> str:
    """Format ``x`` with ``digits`` significant digits and thousands separators.

    ``digits`` defaults to the current setting (three, or what :func:`digits` sets). Numbers
    below 10**-4 are written in scientific notation, so a text never holds more than a few
    characters of zeros whatever the input.
    """
    n = _digits.get() if digits is None else digits
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    exponent = math.floor(math.log10(abs(x)))
    if exponent < SMALLEST_DECIMAL:
        return f"{x:.{n - 1}e}"
    decimals = max(0, n - 1 - exponent)
    return f"{x:,.{decimals}f}"


def scaled(values: Sequence[float], base: str, ref: float) -> tuple[list[str], str]:
    """Format values on one scale chosen from ``ref``; return texts and the unit suffix."""
    if base == "FLOP":  # training budgets are quoted as 1e26 FLOP, not in prefixes
        return [f"{v:.{_digits.get()}g}" for v in values], " FLOP"
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


def format_range(r: Ranged | None, unit: str | None = None, *, prefixed: bool = True) -> str:
    """Format a range for people: one SI prefix chosen from the high bound.

    Counts print with thousands separators, money as ``$1.23B``, other units as ``1.23 MW``;
    both ends of a range carry the unit (``0.600 GW – 1.00 GW``, ``$269k/h – $688k/h``). A
    bounded figure starts with ``≥`` or ``≤`` (:attr:`Range.bound`), the range in parentheses
    when its ends differ, so that the sign reads as applying to all of it. ``unit`` replaces
    the range's unit in the text (its magnitudes are not converted); ``prefixed=False`` writes
    the magnitudes in that unit as they are (``600 MW – 1,000 MW``). ``None`` prints as
    ``n/a``.
    """
    if r is None:
        return "n/a"
    low, high = r.magnitudes()
    base = r.unit if unit is None else unit
    if prefixed:
        (lo, hi), suffix = scaled((low, high), base, max(abs(low), abs(high)))
    else:
        (lo, hi), suffix = (significant(low), significant(high)), f" {base}" if base else ""
    # a zero end needs no unit to read one way ("0 – 1.38 ZFLOP/s", "$0 – $29.6B")
    zero = "$0" if lo.startswith("$") else "0"
    return signed(r, ends(zero if low == 0 and high != 0 else lo + suffix, hi + suffix))


def ends(low: str, high: str) -> str:
    """Return ``low – high`` (each text with its unit), or one text when both are the same."""
    return low if low == high else f"{low} – {high}"


def signed(r: Ranged, text: str) -> str:
    """Return a range's text with ``≥`` or ``≤`` before it when it is bounded.

    A text of two ends (``a – b``) goes in parentheses after the sign: ``≤ (a – b)``.
    """
    if r.bound is None:
        return text
    return SIGNS[r.bound] + (f"({text})" if " – " in text else text)


def html_table(
    title: str, header: Sequence[str], rows: Sequence[Sequence[str]], notes: Sequence[str] = ()
) -> str:
    """Return a small HTML table with a caption and notes below it, every text escaped.

    What a notebook shows of a result (``_repr_html_``): the same texts as the terminal's
    table, in cells that wrap.
    """
    from html import escape

    head = "".join(f"<th style='text-align:left'>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{escape(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    after = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return (
        f"<table><caption style='text-align:left'><b>{escape(title)}</b></caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        + (f"<ul>{after}</ul>" if after else "")
    )


def interval_text(b: Any) -> str:
    """Format bounds as ``1.2`` or ``1.1–1.3`` (plain numbers, no unit)."""
    return f"{b.low:g}" if b.low == b.high else f"{b.low:g}–{b.high:g}"


def percent_text(b: Any) -> str:
    """Format fractional bounds as ``60 %`` or ``60–90 %``."""
    lo, hi = f"{b.low * 100:g}", f"{b.high * 100:g}"
    return f"{lo} %" if lo == hi else f"{lo}–{hi} %"
