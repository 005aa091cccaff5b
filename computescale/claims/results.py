"""What a check of claims gives: a verdict per claim, with its readings and alternatives.

:class:`ClaimResult` is the check of one claim (stated and recomputed figures, the verdict,
what explains it), :class:`Reading` an alternative reading tried, :class:`Alternative` the
claim read against another cluster, :class:`ClaimResults` the list a check returns, shown
as a table in a notebook. How a claim is checked is :mod:`computescale.claims.check`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from computescale.claims.implied import Implied
from computescale.claims.model import Claim
from computescale.claims.verdicts import factor_text
from computescale.cluster import Cluster
from computescale.notation import format_range, html_table
from computescale.ranges import Range

__all__ = ["RESULT_HEADER", "Alternative", "ClaimResult", "ClaimResults", "Reading"]


@dataclass(frozen=True)
class Reading:
    """An alternative reading of a claim and what it recomputes to.

    Attributes
    ----------
    reading
        What the reading assumes, in words.
    recomputed
        The figure under that reading.
    ratio
        stated / recomputed (geometric middles).
    fits
        Whether the claim holds under this reading.
    """

    reading: str
    recomputed: Range
    ratio: float
    fits: bool = True


@dataclass(frozen=True)
class Alternative:
    """A claim read against one of its alternative clusters.

    Attributes
    ----------
    name
        The alternative cluster's name.
    recomputed
        Its figure, or None when it lacks one.
    fits
        Whether the stated value holds for it (within the tolerance).
    """

    name: str
    recomputed: Range | None
    fits: bool


@dataclass(frozen=True)
class ClaimResult:
    """The check of one claim.

    Attributes
    ----------
    claim
        The claim checked.
    verdict
        ``consistent``, ``inconsistent``, ``unverifiable``, or ``not_comparable``
        for money that is no cluster's figure (financing, a company's spending plan, a
        valuation, a programme's total).
    stated, recomputed
        Ranges in base units; ``recomputed`` is None when nothing could be
        recomputed, and set for a figure beyond a count written as a bound.
    ratio
        stated / recomputed (geometric middles), None when nothing was recomputed.
    diagnosis
        Readings under which an inconsistent figure would hold, most
        plausible first.
    closest
        When no reading holds, the three readings nearest to it.
    reason
        For unverifiable claims, what is missing.
    likely
        With samples, for a consistent claim: whether the stated value (within
        the tolerance) meets the likely range p5-p95 of the recomputed figure;
        False means it holds only near the edges of the assumptions. None when
        not sampled or not consistent.
    stand_ins
        How the recomputed peak counts a format some chips do not publish
        (``fp4 at the fp8 rate on H100-SXM``); empty when every chip publishes it.
    flags
        What the check took into account besides the value: ``subset`` (only
        the claim's ``fleets``), ``at_least``, ``at_most`` or ``about`` (the
        value's qualifier), ``precision_mismatch``, ``separator`` (the figure holds only
        with its digits read in the other decimal convention: ``other_reading``).
    alternatives
        Each alternative cluster's figure and whether the claim fits it, also
        when the claim holds for its own cluster.
    compared_with
        For a ratio: the reference system, its TOP500 list and the figure used.
    readings
        Every reading tried for an inconsistent claim, in rank order, each with its
        figure and whether it fits; empty for the other verdicts.
    cluster
        The cluster the claim was checked against, with the assumptions used (after
        any preset and ``--assume``); None for a drafted claim that names none.
    plausible
        The figure with every assumption not set widened to what real systems show
        (:meth:`~computescale.assumptions.Assumptions.plausible`; the MFU of published
        runs), over every scope or number format the claim leaves open: a figure is
        called wrong only beyond it. None when nothing was recomputed.
    implied
        The value of the one parameter the figure rests on that would make the claim
        hold, against its default and what real systems show
        (:mod:`computescale.claims.implied`); None for a count or a ratio, which is
        compared directly.
    better
        For a claim that holds only within its tolerance, the readings under which it
        lies inside the range itself (a "peak" that is a measured Linpack Rmax).
    """

    claim: Claim
    verdict: Literal["consistent", "inconsistent", "unverifiable", "not_comparable"]
    stated: Range
    recomputed: Range | None
    ratio: float | None
    diagnosis: tuple[Reading, ...] = ()
    closest: tuple[Reading, ...] = ()
    reason: str | None = None
    likely: bool | None = None
    stand_ins: str = ""
    flags: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    compared_with: str = ""
    readings: tuple[Reading, ...] = ()
    cluster: Cluster | None = None
    plausible: Range | None = None
    implied: Implied | None = None
    better: tuple[Reading, ...] = ()

    @property
    def position(self) -> str:
        """Where the stated value sits against the recomputed range, before any tolerance.

        ``inside``; ``touches an edge`` when a stated range and the recomputed one share only
        an end; or ``×1.8 above`` / ``×2.5 below`` the nearest edge. A lower bound ("more
        than") is inside once the range reaches it, an upper bound once the range comes down
        to it. Empty when nothing was recomputed.
        """
        if self.recomputed is None:
            return ""
        lo, hi = self.recomputed.magnitudes()
        low, high = self.stated.magnitudes()
        qualifier = self.claim.qualifier
        if qualifier == "at_least":
            high = math.inf
        elif qualifier == "at_most":
            low = 0.0
        if low > hi:
            return f"×{factor_text(low / hi if hi > 0 else math.inf)} above"
        if high < lo:
            return f"×{factor_text(lo / high if high > 0 else math.inf)} below"
        if low < high and lo < hi and (low == hi or high == lo):
            return "touches an edge"
        return "inside"

    @property
    def explanation(self) -> str:
        """The likeliest explanation, in words, with any stand-in rate the figure rests on."""
        said = f" (recomputed {self.stand_ins})" if self.stand_ins else ""
        if self.compared_with:
            said += f"; against {self.compared_with}"
        if "precision_mismatch" in self.flags:
            fmt = self.claim.precision or "bf16"
            other = "mixed-precision HPL-MxP" if self.claim.scope == "mxp" else "FP64 Linpack"
            said += f"; compares a {fmt} peak with {other}: not like for like"
        if self.verdict == "consistent" and self.reason:
            return self.reason + said
        if self.verdict == "consistent" and self.likely is False:
            return "holds only near the edges of the assumptions (outside the likely p5–p95)" + said
        if self.verdict == "consistent" and self.better:
            return (
                f"holds within the tolerance; inside the range as {self.better[0].reading}" + said
            )
        if self.verdict == "consistent":
            return "holds under the stated assumptions" + said
        if self.verdict in ("unverifiable", "not_comparable"):
            return self.reason or "cannot be derived"
        if self.diagnosis:
            return self.diagnosis[0].reading + said
        return "no single reading explains it" + said

    @classmethod
    def not_recomputed(
        cls,
        claim: Claim,
        reason: str | None,
        flags: tuple[str, ...],
        verdict: Literal["unverifiable", "not_comparable"] = "unverifiable",
        stated: Range | None = None,
    ) -> ClaimResult:
        """Return the result of a claim whose figure was not recomputed, and why.

        ``verdict`` is ``unverifiable`` (an input is missing or invalid) or
        ``not_comparable`` (money that is no cluster's figure); ``stated`` is the claim's
        stated value (read from the claim when None).
        """
        if stated is None:
            bounds = claim.stated()
            stated = Range.of((bounds.low, bounds.high), claim.unit())
        return cls(claim, verdict, stated, None, None, reason=reason, flags=flags)

    @classmethod
    def not_a_cluster(
        cls, claim: Claim, flags: tuple[str, ...], stated: Range | None = None
    ) -> ClaimResult:
        """Return the result of money that is no cluster's figure: recorded, not comparable."""
        reason = f"{claim.row.why_not}: recorded, not checked"
        return cls.not_recomputed(claim, reason, flags, "not_comparable", stated)

    def cells(self) -> tuple[str, ...]:
        """Return the claim's row as people read it: :data:`RESULT_HEADER`'s columns."""
        return (
            self.claim.id,
            self.claim.says or "",
            "" if self.cluster is None else self.cluster.name,
            format_range(self.stated),
            format_range(self.recomputed),
            self.position,
            self.verdict.replace("_", " "),
            self.explanation,
        )

    def _repr_html_(self) -> str:
        """Show the claim's row (:meth:`cells`) in a notebook as a table of two columns."""
        return html_table(
            self.claim.id, ("", ""), list(zip(RESULT_HEADER, self.cells(), strict=True))
        )


RESULT_HEADER = (
    *("claim", "says", "cluster", "stated", "recomputed", "stated vs range", "verdict"),
    "likeliest explanation",
)
"""The columns of a claim's row in a notebook (:meth:`ClaimResult.cells`)."""


class ClaimResults(list[ClaimResult]):
    """The results of a check, in the claims' order: a list that a notebook shows as a table."""

    def _repr_html_(self) -> str:
        verdicts = [r.verdict for r in self]
        counts = ", ".join(
            f"{verdicts.count(v)} {v.replace('_', ' ')}" for v in dict.fromkeys(verdicts)
        )
        title = f"{len(self)} claims" + (f": {counts}" if counts else "")
        return html_table(title, RESULT_HEADER, [r.cells() for r in self])
