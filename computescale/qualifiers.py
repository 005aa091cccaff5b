"""Qualified values: "more than 100,000", "up to 50 MW", "about 600,000".

Press figures come with words that bound them. :func:`split_qualifier` reads such a word
(English or Italian) or sign before a value, so that it is never dropped:

- in a claim (:mod:`computescale.claims`), ``at_least`` holds when the recomputed range
  reaches the value, ``at_most`` when it comes down to it, ``about`` as a plain value;
- in a cluster file's count (``count: "more than 100000"``), ``at_least`` makes every
  figure that sums the fleet a lower bound, ``at_most`` an upper bound
  (:data:`BOUND_OF`), and ``about`` is the count itself, recorded in the notes.
"""

from __future__ import annotations

import re
from typing import Any, Literal

__all__ = ["BOUND_OF", "QUALIFIERS", "SIGNS", "Bound", "Qualifier", "split_qualifier"]

Qualifier = Literal["at_least", "at_most", "about"]

QUALIFIERS: dict[str, Qualifier] = {
    "more than": "at_least",
    "at least": "at_least",
    "over": "at_least",
    "above": "at_least",
    "oltre": "at_least",
    "più di": "at_least",
    ">=": "at_least",
    "≥": "at_least",
    ">": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "under": "at_most",
    "below": "at_most",
    "less than": "at_most",
    "fino a": "at_most",
    "meno di": "at_most",
    "<=": "at_most",
    "≤": "at_most",
    "<": "at_most",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "circa": "about",
    "quasi": "about",
    "~": "about",
    "≈": "about",
}
"""Words and signs before a value, and what they mean.

``at_least`` (more than, at least, over, >), ``at_most`` (up to, under, <) and ``about``
(about, nearly, ~: the value itself). A trailing ``+`` ("100,000+") is ``at_least``.
"""
_QUALIFIER = re.compile(
    "^(" + "|".join(re.escape(w) for w in sorted(QUALIFIERS, key=len, reverse=True)) + ")"
    r"(?![A-Za-z])\s*",
    re.IGNORECASE,
)


def split_qualifier(value: Any) -> tuple[Qualifier | None, Any]:
    """Return the qualifier of a stated value (``"more than 1e6"``) and the value without it."""
    if not isinstance(value, str):
        return None, value
    text = value.strip()
    found = _QUALIFIER.match(text)
    if found is not None:
        return QUALIFIERS[found.group(1).lower()], text[found.end() :]
    if text.endswith("+") and len(text) > 1:
        return "at_least", text[:-1].rstrip()
    return None, value


Bound = Literal["lower", "upper"]
"""What a figure built on a qualified count is: a ``lower`` bound (the true figure is at
least the range's low end) or an ``upper`` bound (at most its high end)."""

BOUND_OF: dict[Qualifier, Bound] = {"at_least": "lower", "at_most": "upper"}
"""The bound a qualified count makes of the figures that sum it (``about`` makes none)."""

SIGNS: dict[str, str] = {
    "at_least": "≥ ",
    "at_most": "≤ ",
    "about": "~ ",
    "lower": "≥ ",
    "upper": "≤ ",
}
"""The sign written before a qualified value or a bounded figure."""
