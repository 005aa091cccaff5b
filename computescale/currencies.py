"""Amounts in euro, pounds and yuan, converted to US dollars with a sourced, dated rate.

Articles give money in the currency of their readers ("500 milioni di euro", "£225m").
Every cost the checker recomputes is in US dollars, so :func:`to_usd` converts an amount
at the yearly average rate of the year it was written (``data/currencies.yaml``: the
Federal Reserve Board's G.5A release). A year the table lacks is never filled in by a
guess: the amount becomes the range the listed years' rates give, and the note says so.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["CURRENCIES", "Conversion", "to_usd"]

CURRENCIES = ("EUR", "GBP", "CNY")
"""The currencies :func:`to_usd` converts."""

_SIGNS = {"EUR": "€", "GBP": "£", "CNY": "CNY "}


@dataclass(frozen=True)
class Conversion:
    """An amount converted to US dollars: its bounds and how they were found.

    Attributes
    ----------
    low, high
        The amount in US dollars (a range when the year's rate is not in the table).
    note
        The rate, its year and source, said in every output that shows the amount.
    """

    low: float
    high: float
    note: str


@functools.cache
def _table() -> dict[str, Any]:
    import yaml

    text = resources.files("computescale.data").joinpath("currencies.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _usd_per_unit(row: dict[str, Any]) -> float:
    return float(row["usd"]) if "usd" in row else 1.0 / float(row["per_usd"])


def to_usd(low: float, high: float, currency: str, date: dt.date) -> Conversion:
    """Convert an amount (``low`` to ``high`` units of ``currency``) written on ``date``.

    Raises
    ------
    KeyError
        For a currency not in :data:`CURRENCIES`.
    """
    table = _table()
    years: dict[int, dict[str, Any]] = table["rates"][currency]
    sign = _SIGNS[currency]
    row = years.get(date.year)
    if row is not None:
        rate = _usd_per_unit(row)
        source = table["sources"][row["source"]]
        note = (
            f"{sign}{_short(low, high)} converted at {rate:.4g} USD/{currency}, the {date.year} "
            f"average (Federal Reserve G.5A of {source['date']}, {source['url']})"
        )
        return Conversion(low * rate, high * rate, note)
    rates = [_usd_per_unit(r) for r in years.values()]
    first, last = min(years), max(years)
    note = (
        f"{sign}{_short(low, high)} converted at {min(rates):.4g}–{max(rates):.4g} USD/{currency}: "
        f"the rate table has no {date.year} average, so every yearly average of "
        f"{first}–{last} is taken (Federal Reserve G.5A)"
    )
    return Conversion(low * min(rates), high * max(rates), note)


def _short(low: float, high: float) -> str:
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
