"""Verdict arithmetic: whether a stated value meets a recomputed range, and the verdict.

The burden of proof is on *inconsistent*: :func:`judge` calls a figure wrong only when it
misses the range under the cluster's assumptions, under every reading the claim leaves open,
under what real systems show (the plausible range) and past the tolerance and a margin, and
when nothing else (a guessed cluster, another file of the named one, a stand-in rate) could
decide. The functions here read ranges and numbers only; :mod:`computescale.claims.check`
recomputes the figures and assembles the results.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from computescale.claims.implied import Implied
from computescale.claims.model import Claim
from computescale.ranges import Range
from computescale.uncertain import Bounds

__all__ = [
    "EXPLAINS",
    "MARGIN",
    "Judged",
    "beyond_count",
    "distance",
    "explains",
    "factor_text",
    "holds",
    "judge",
    "likely_met",
    "mid",
    "same",
    "stated_ratio",
]


def likely_met(stated: Bounds, rec: Range, tol: float, qualifier: str | None) -> bool | None:
    """Return whether a stated value meets the likely range p5-p95; None when not sampled."""
    pct = rec.percentiles()
    if pct is None:
        return None
    return holds(stated, Range.of((pct[0], pct[2]), rec.unit), tol, qualifier)


def same(a: Range, b: Range) -> bool:
    """Return whether two ranges have the same bounds (to rounding)."""
    pairs = zip(a.magnitudes(), b.magnitudes(), strict=True)
    return all(math.isclose(x, y, rel_tol=1e-9) for x, y in pairs)


def factor_text(x: float) -> str:
    """Return a factor: two decimals below 10 (1.00, 1.03, 4.00), else two digits (25, 1,000)."""
    if not math.isfinite(x):
        return "inf"
    return f"{x:.2f}" if x < 10 else f"{float(f'{x:.2g}'):,g}"


def mid(low: float, high: float) -> float:
    """Geometric middle of a range (arithmetic when a bound is 0), without overflow."""
    if low > 0 and high > 0:
        return math.exp((math.log(low) + math.log(high)) / 2)
    return low / 2 + high / 2


def stated_ratio(stated: Bounds, rec: Range) -> float:
    """Return stated / recomputed, middle to middle (geometric); inf over a range of 0."""
    lo, hi = rec.magnitudes()
    denominator = mid(lo, hi)
    return math.inf if denominator == 0 else mid(stated.low, stated.high) / denominator


def holds(stated: Bounds, rec: Range, tol: float, qualifier: str | None = None) -> bool:
    """Return whether a stated value meets a recomputed range, as its qualifier reads it.

    A lower bound ("more than X") holds when the range reaches X, an upper bound ("up to
    X") when it comes down to X; a plain or "about" value must overlap the range. Each
    within the relative tolerance ``tol``.
    """
    lo, hi = rec.magnitudes()
    if qualifier == "at_least":
        return hi * (1 + tol) >= stated.low
    if qualifier == "at_most":
        return lo * (1 - tol) <= stated.high
    return stated.high >= lo * (1 - tol) and stated.low <= hi * (1 + tol)


def beyond_count(stated: Bounds, rec: Range, tol: float, qualifier: str | None) -> str | None:
    """Say why a figure that misses a bounded range cannot be judged; None when it can.

    A figure summing a count written as a lower bound ("more than 350,000") may be
    larger than the range: a stated value above it is neither confirmed nor refuted,
    while one below it is inconsistent. An upper bound, the other way round.
    """
    if rec.bound is None or holds(stated, rec, tol, qualifier):
        return None
    lo, hi = rec.magnitudes()
    opened = (lo, math.inf) if rec.bound == "lower" else (0.0, hi)
    if not holds(stated, Range.of(opened, rec.unit), tol, qualifier):
        return None
    return (
        f"the cluster's count is {'a lower' if rec.bound == 'lower' else 'an upper'} bound, "
        f"and the stated figure is {'above' if rec.bound == 'lower' else 'below'} what it "
        "counts: the accelerators not counted would decide"
    )


EXPLAINS = 2.0
"""How far beyond a bound a reading may lie and still explain it: "more than 200 MW" is
explained by 193-293 MW, not by 14-21 GW, which a writer who knew it would have quoted."""


def explains(stated: Bounds, r: Range, tol: float, qualifier: str | None) -> bool:
    """Return whether a reading's figure explains a stated value.

    As :func:`holds`, and for a bound, the figure must also come within :data:`EXPLAINS`
    of it: any larger figure meets "more than X", but only one near X explains it.
    """
    if not holds(stated, r, tol, qualifier):
        return False
    lo, hi = r.magnitudes()
    if qualifier == "at_least":
        return lo <= EXPLAINS * stated.high
    if qualifier == "at_most":
        return hi * EXPLAINS >= stated.low
    return True


def distance(stated: Bounds, r: Range) -> float:
    """Return how far a stated value lies from a figure's range, as |log| of the factor.

    0 when the stated value overlaps the range: within a rank, a reading whose range holds
    the value comes before one that merely lies near it.
    """
    lo, hi = r.magnitudes()
    if stated.high < lo:
        return math.log(lo / stated.high) if stated.high > 0 else math.inf
    if stated.low > hi:
        return math.log(stated.low / hi) if hi > 0 else math.inf
    return 0.0


MARGIN = 1.5
"""How far beyond what real systems show a figure may lie, past its tolerance, and still
not be called wrong: the observed systems, runs and reports are a sample, and rarer ones lie
beyond them. Between the plausible range and this margin a figure is ``unverifiable``."""


@dataclass(frozen=True)
class Judged:
    """A verdict before the readings: what, why, and the flags it adds."""

    verdict: Literal["consistent", "inconsistent", "unverifiable"]
    reason: str | None = None
    flags: tuple[str, ...] = ()


def judge(
    claim: Claim,
    stated: Bounds,
    recomputed: Range,
    plausible: Range | None,
    implied: Implied | None,
    open_fit: str | None,
    as_read: str = "",
    fitting: Sequence[str] = (),
    stand_in: str = "",
) -> Judged:
    """Return the verdict of a recomputed figure, with the burden of proof on "inconsistent".

    Consistent when the stated value meets the figure under the cluster's assumptions
    (within the claim's tolerance) or under what real systems show (the plausible range,
    already the extremes: no tolerance on top). Unverifiable when it holds only under a
    reading the claim leaves open (its scope or number format not stated: neither
    confirmed nor refuted), when the figure rests on observed systems and the value it
    implies lies within the tolerance and :data:`MARGIN` of them (never past a physical
    limit), when what real systems show could not be recomputed, when the cluster was
    inferred rather than named, when the article names a cluster one of whose other
    files fits (``fitting``: their names), or when the figure rests on a rate the chip
    does not publish (``stand_in``: fp16 counted at the bf16 rate). Inconsistent only
    otherwise.
    """
    tol, q = claim.tolerance, claim.qualifier
    if holds(stated, recomputed, tol, q):
        return Judged("consistent")
    if open_fit is not None:  # it holds only as a reading the claim does not state
        return Judged("unverifiable", open_fit, ("open_reading",))
    said = f": {implied.text()}" if implied is not None else ""
    if plausible is not None and holds(stated, plausible, 0.0, q):
        why = f"holds{as_read} outside the default assumptions, within what real systems show"
        why += said
        return Judged("consistent", why, ("outside_default",))
    if implied is not None and any(implied.observed) and implied.within(tol, MARGIN, q):
        why = (
            f"beyond what real systems show{as_read}, but within the tolerance and a margin "
            f"of ×{MARGIN:g}: not enough to call it wrong{said}"
        )
        return Judged("unverifiable", why, ("beyond_observed",))
    if plausible is None:  # nothing beyond the defaults to weigh it against
        why = (
            "it misses the range under the default assumptions, but what real systems show "
            "could not be recomputed for this cluster: the defaults alone do not make it "
            f"wrong{said}"
        )
        return Judged("unverifiable", why, ("beyond_observed",))
    if claim.cluster_from == "inferred":
        why = (
            "the cluster was inferred from the article, not named: against it the figure "
            f"misses what real systems allow{said}"
        )
        return Judged("unverifiable", why)
    if claim.cluster_from == "named" and fitting:
        why = (
            "the article names the cluster, and another file of that name fits: "
            f"{', '.join(fitting)}; which one it means decides"
        )
        return Judged("unverifiable", why, ("named_family",))
    if stand_in:  # a rate the chip does not publish is a stand-in, not evidence
        why = (
            f"recomputed {stand_in}, a rate the chip does not publish for it: the chip's own "
            "figure for that format would be needed to call the claim wrong"
        )
        return Judged("unverifiable", why, ("stand_in",))
    return Judged("inconsistent")
