"""The table of claim quantities: what a claim may state, in which unit, recomputed from what.

Every quantity a claim may name is one :class:`ClaimQuantity` of :data:`CLAIM_TABLE`: its
unit, the scopes a claim may name, whether it is read at a number format, and what it is
recomputed from (a figure of the cluster's estimate, a training run on the cluster, a
reference system, or nothing: money that is no cluster's figure). Checking, readings,
extraction, reports and the test strategies read this table instead of naming quantities.

The quantities of an estimate's figures come from the figure table
(:data:`computescale.figures.QUANTITIES`): a figure added there is a claim quantity too. A
training run's quantity is a row here plus its formula in :mod:`computescale.claims.runs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from computescale.figures import FOR_COMPARISON, QUANTITIES

__all__ = [
    "CLAIM_TABLE",
    "RATIO_SCOPES",
    "UNKNOWN",
    "ClaimQuantity",
    "RecomputedFrom",
]

RecomputedFrom = Literal["estimate", "reference", "run", "nothing", "unknown"]
"""What a claim's figure is recomputed from: a figure of the cluster's estimate; the
cluster's peak against a reference system's (a ratio); a training run on the cluster;
nothing (money that is no cluster's figure, recorded as not comparable); or not yet known
(a drafted claim whose quantity a person must set)."""

RATIO_SCOPES = ("rmax", "rpeak", "mxp")
"""Scopes of a ratio claim: the reference system's measured Linpack, its peak, or its
HPL-MxP result (see :data:`~computescale.claims.references.SCOPE_NAMES`)."""

UNKNOWN = "unknown"
"""A figure whose quantity a drafted claim could not tell (``computescale extract``): kept,
and checked as unverifiable until a person sets it."""


@dataclass(frozen=True)
class ClaimQuantity:
    """One quantity a claim may state.

    Attributes
    ----------
    name
        As a claims file writes it (``power``, ``gpu_hours``).
    unit
        Unit of the stated value (``W``, ``h``, ``USD``; ``""`` for counts and ratios). A
        peak at an integer format is in OP/s instead (:meth:`Claim.unit`).
    recomputed_from
        See :data:`RecomputedFrom`.
    scopes
        The scopes a claim may name (``it``, ``facility``); a peak's format is its
        ``precision``, not a scope.
    default_scope
        The scope of a claim that names none, when the quantity has one.
    has_precision
        Read at a number format (``precision``), dense or sparse: a peak, a ratio of peaks.
    figure
        The figure it is recomputed as, when named otherwise: the training run's attribute
        (``gpu_hours`` is the run's ``accelerator_hours``).
    why_not
        For money that is no cluster's figure: why it is never recomputed.
    """

    name: str
    unit: str
    recomputed_from: RecomputedFrom
    scopes: tuple[str, ...] = ()
    default_scope: str | None = None
    has_precision: bool = False
    figure: str | None = None
    why_not: str = ""


def _of_estimate() -> list[ClaimQuantity]:
    """Return a claim quantity for each quantity of the figure table (compared ones aside)."""
    out = []
    for q in QUANTITIES.values():
        if q.name in FOR_COMPARISON:
            continue
        peak = q.name == "peak_flops"
        out.append(
            ClaimQuantity(
                q.name,
                q.unit,
                "estimate",
                () if peak else q.stated_scopes,
                None if peak else q.default_scope,
                has_precision=peak,
            )
        )
    return out


def _not_a_cluster(name: str, why: str) -> ClaimQuantity:
    return ClaimQuantity(name, "USD", "nothing", why_not=why)


_ROWS: tuple[ClaimQuantity, ...] = (
    *_of_estimate(),
    ClaimQuantity("ratio", "", "reference", RATIO_SCOPES, "rmax", has_precision=True),
    ClaimQuantity("gpu_hours", "h", "run", figure="accelerator_hours"),
    ClaimQuantity("training_cost", "USD", "run", figure="rental_cost"),
    ClaimQuantity("training_days", "day", "run", figure="duration"),
    ClaimQuantity("training_compute", "FLOP", "run", figure="compute"),
    _not_a_cluster(
        "financing", "financing (money raised, lent or promised) is not a cost of the cluster"
    ),
    _not_a_cluster(
        "company_spending",
        "a company's capital-spending plan (for a year or a period, over all its sites and "
        "businesses) is not one cluster's cost",
    ),
    _not_a_cluster("valuation", "a company's valuation is not a cost of its clusters"),
    _not_a_cluster(
        "contract",
        "a contract between companies (cloud capacity bought over years) is not the cost of "
        "one cluster",
    ),
    _not_a_cluster(
        "programme",
        "a programme's total (many sites, partners and years, such as a national plan or a "
        "multi-site venture) is not one cluster's cost",
    ),
    ClaimQuantity(UNKNOWN, "", "unknown"),
)

CLAIM_TABLE: dict[str, ClaimQuantity] = {q.name: q for q in _ROWS}
"""Every quantity a claim may name, by name, in the order the schema lists them."""
