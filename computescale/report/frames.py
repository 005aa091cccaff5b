"""Results as pandas DataFrames, for notebooks: the CSV's rows with their numbers as numbers.

:func:`to_frame` takes what the library returns and gives a row per thing it holds:

- a list of estimates (:func:`~computescale.estimate_many`): a row per cluster;
- one estimate: a row per fleet (a split's members each a row);
- claim results (:func:`~computescale.check_claims`, :func:`~computescale.check_article`):
  a row per claim;
- the phases of a build-out (:func:`~computescale.estimate_timeline`): a row per phase.

Every range is two columns in base units, ``<figure>_low`` and ``_high``, whose names say the
unit (``facility_w_low``); ``long=True`` gives one row per figure instead (columns
``figure``, ``low``, ``high``), the form plotting libraries take. pandas is an optional
extra (``pip install computescale[pandas]``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from computescale.claims import ClaimResult
from computescale.errors import ArgumentError, InputError
from computescale.estimates import Estimate
from computescale.report.claims import claim_columns
from computescale.survey import columns, figure_columns
from computescale.timeline import PhaseEstimate

__all__ = ["rows", "to_frame"]

_KINDS = "an Estimate, a list of Estimates, of ClaimResults or of PhaseEstimates"


def _fleet_rows(e: Estimate) -> list[dict[str, Any]]:
    out = []
    for f in e.fleets:
        one = dataclasses.replace(e, fleets=(f,))  # its stand-ins are this fleet's alone
        head = {
            "cluster": e.name,
            "fleet": f.label or f.accelerator,
            "accelerator": f.accelerator,
            "system": f.system,
            "written_as": None if f.written_as is None else f.written_as.text(),
            "price_includes": f.price_includes,
        }
        out.append(head | figure_columns(f, one.stand_in_of))
    return out


def _phase_row(p: PhaseEstimate) -> dict[str, Any]:
    return {"date": p.date.isoformat(), "phase": p.label} | columns(p.estimate)


def rows(
    items: Estimate | Sequence[Estimate | ClaimResult | PhaseEstimate],
) -> list[dict[str, Any]]:
    """Return the rows :func:`to_frame` puts in a DataFrame, as dictionaries (no pandas).

    Raises
    ------
    ArgumentError
        When ``items`` is not one of the kinds above, or mixes them.
    """
    if isinstance(items, Estimate):
        return _fleet_rows(items)
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise ArgumentError(f"to_frame takes {_KINDS}; got {type(items).__name__}")
    kinds = {type(x) for x in items}
    if len(kinds) > 1:
        names = ", ".join(sorted(k.__name__ for k in kinds))
        raise ArgumentError(f"to_frame takes one kind of result at a time; got {names}")
    out: list[dict[str, Any]] = []
    for x in items:
        if isinstance(x, Estimate):
            out.append(columns(x))
        elif isinstance(x, ClaimResult):
            out.append(claim_columns(x))
        elif isinstance(x, PhaseEstimate):
            out.append(_phase_row(x))
        else:
            raise ArgumentError(f"to_frame takes {_KINDS}; got a list of {type(x).__name__}")
    return out


_PARTS = ("low", "high", "p5", "p50", "p95", "bound", "stand_in")
"""The columns a figure has in a wide row (``<figure>_low`` …), and in a long row."""


def _long(wide: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a row per figure of each wide row: its words, ``figure`` and the figure's parts."""
    out = []
    for row in wide:
        figures = [k.removesuffix("_low") for k in row if k.endswith("_low")]
        parts = {f"{f}_{part}" for f in figures for part in _PARTS}
        words = {k: v for k, v in row.items() if k not in parts}
        for f in figures:
            values = {part: row.get(f"{f}_{part}") for part in _PARTS}
            out.append(
                words
                | {"figure": f}
                | {k: v for k, v in values.items() if v is not None or k in ("low", "high")}
            )
    return out


def to_frame(
    items: Estimate | Sequence[Estimate | ClaimResult | PhaseEstimate], *, long: bool = False
) -> Any:
    """Return results as a pandas DataFrame (see the module's text for the rows).

    Parameters
    ----------
    items
        An estimate (a row per fleet), or a list of estimates, claim results or phases.
    long
        One row per figure and subject (``figure``, ``low``, ``high``) instead of two
        columns per figure.

    Raises
    ------
    InputError
        When pandas is not installed (``pip install computescale[pandas]``).
    ArgumentError
        When ``items`` is not one of those kinds.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise InputError(
            "needs pandas, an optional extra",
            field="to_frame",
            fix="pip install 'computescale[pandas]'",
        ) from None
    wide = rows(items)
    return pd.DataFrame(_long(wide) if long else wide)
