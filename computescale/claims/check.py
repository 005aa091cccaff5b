"""Checking claims: recompute a published figure, give a verdict and a diagnosis.

:func:`check_claims` recomputes each claim's quantity with
:func:`computescale.estimates.estimate`, compares, and for an inconsistent figure
tries systematic alternative readings (:mod:`computescale.claims.readings`) and
reports those under which the figure would hold, most plausible first.

With ``sampling``, a consistent claim is also compared with the likely range
(p5-p95) of the recomputed figure: a figure inside the guaranteed bounds but
outside the likely range holds only when several assumptions sit near the ends
of their ranges at once.

One idea, at some length: a claim recomputed and its result assembled (the result types,
the readings tried, a claims file's or pairs' claims resolved to their clusters). Whether a
value meets a range, and the verdict that follows, is :mod:`computescale.claims.verdicts`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from computescale.catalogue import FORMATS, Catalogue, the_catalogue
from computescale.catalogue.formats import is_integer
from computescale.claims.implied import Implied, implied_figure
from computescale.claims.model import (
    CAPEX_SCOPES,
    POWER_SCOPES,
    Claim,
    cluster_path,
    load_claims,
)
from computescale.claims.readings import (
    Context,
    estimate_under,
    figure,
    plausible_of,
    readings,
    shared_estimates,
)
from computescale.claims.references import SCOPE_NAMES, reference_systems
from computescale.claims.runs import run_figures
from computescale.claims.verdicts import (
    Judged,
    beyond_count,
    distance,
    explains,
    factor_text,
    holds,
    judge,
    likely_met,
    same,
    stated_ratio,
)
from computescale.cluster import Cluster, Fleet, SplitFleet, load_cluster
from computescale.documents import Document, excerpt, validate_part
from computescale.errors import ArgumentError, InputError, check_items, check_type, shown
from computescale.estimates import Estimate
from computescale.notation import format_range, html_table
from computescale.presets import prepared
from computescale.ranges import Range
from computescale.sampling import Sampling
from computescale.shipped import located
from computescale.uncertain import Bounds

__all__ = [
    "RESULT_HEADER",
    "UNCHECKED",
    "ClaimResult",
    "ClaimResults",
    "Reading",
    "check_claim",
    "check_claims",
]


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


def _not_a_cluster(claim: Claim) -> str:
    """Say why a claim's money is no cluster's figure (financing, a spending plan, ...)."""
    return f"{claim.row.why_not}: recorded, not checked"


def _draft_gap(claim: Claim) -> str | None:
    """Say what a drafted claim lacks to be checked (its quantity, run); None if nothing."""
    source = claim.row.recomputed_from
    if source == "unknown":
        return "what the figure counts is unknown (a drafted claim): set `quantity`"
    if source == "run" and claim.run is None:
        return "the training run is not described (a drafted claim): add `run:`"
    if source == "reference" and claim.reference is None:
        return (
            "the system compared with is not a reference system (a drafted claim): set "
            "`reference`, or leave the ratio unchecked"
        )
    return None


def subset(cluster: Cluster, names: Sequence[str], catalogue: Catalogue) -> Cluster:
    """Return the cluster with only the fleets of the named accelerators or labels.

    A name is a catalogue id or alias (every fleet of that chip) or a fleet's label.
    A split of a total between chips is kept whole when every member is named (or its
    label is), never divided.

    Raises
    ------
    InputError
        When a split is named in part, or no fleet is named.
    """
    ids = {catalogue.resolve(n) for n in names if n in catalogue}
    labels = {n.casefold() for n in names}
    kept: list[Fleet | SplitFleet] = []
    for fleet in cluster.fleets:
        if fleet.label is not None and fleet.label.casefold() in labels:
            kept.append(fleet)
            continue
        members = fleet.split if isinstance(fleet, SplitFleet) else (fleet,)
        named = [m.accelerator in ids for m in members]
        if all(named):
            kept.append(fleet)
        elif any(named):
            raise InputError(
                "the claim names part of a split of "
                + " and ".join(m.accelerator for m in members)
                + ", whose shares are not known",
                field="fleets",
                fix="name every member of the split, or its label",
            )
    if not kept:
        raise InputError(
            f"no fleet of {', '.join(names)} in the cluster {cluster.name!r}",
            field="fleets",
            expected="accelerator ids or aliases, or fleet labels, of the cluster",
        )
    return cluster.model_copy(update={"fleets": tuple(kept), "phases": ()})


def check_claim(
    claim: Claim,
    cluster: Cluster,
    *,
    catalogue: Catalogue | None = None,
    alternatives: Sequence[tuple[str, Cluster]] = (),
    sampling: Sampling | None = None,
) -> ClaimResult:
    """Check one claim against a cluster; see the module docstring.

    ``sampling`` samples the recomputed figure (see
    :func:`computescale.estimates.estimate`) to tell a likely figure from one that
    holds only near the edges of the assumptions; readings use the bounds.
    """
    result = _check_claim(
        claim, cluster, catalogue=catalogue, alternatives=alternatives, sampling=sampling
    )
    if result.verdict == "inconsistent" and claim.other_reading is not None:
        other = claim.model_copy(update={"value": claim.other_reading, "other_reading": None})
        read_so = _check_claim(
            other, cluster, catalogue=catalogue, alternatives=alternatives, sampling=sampling
        )
        if read_so.verdict == "consistent":
            reason = (
                "it holds only with its digits read in the other decimal convention "
                f"({_written(claim.other_reading)}), and the article's separators leave the "
                "reading open: no slip of the article's until its convention is known"
            )
            result = dataclasses.replace(
                result,
                verdict="unverifiable",
                reason=reason,
                flags=(*result.flags, SEPARATOR),
                diagnosis=(),
                closest=(),
                readings=(),
            )
    return dataclasses.replace(result, cluster=cluster)


SEPARATOR = "separator"
"""The flag of a figure that holds only with its digits read in the other decimal convention."""


def _written(value: Any) -> str:
    return " – ".join(str(v) for v in value) if isinstance(value, list) else str(value)


_OPEN_LABEL = {"power": "{} power", "capex": "capex of {}", "peak_flops": "the {} peak"}


def _open_readings(claim: Claim) -> list[tuple[str, dict[str, Any], bool]]:
    """Return the readings a claim leaves open: every scope or format it does not state.

    A power or capex figure without a scope may be any of them; a peak without a number
    format any floating-point one, or the rate Linpack measured ("1.74 exaFLOPS of
    performance"), and a peak or ratio that says neither dense nor sparse either: (label,
    figure keywords, sparse) for each.
    """
    q = claim.quantity
    if q in ("power", "capex"):
        if claim.scope is not None:
            return []
        scopes = POWER_SCOPES if q == "power" else CAPEX_SCOPES
        return [(_OPEN_LABEL[q].format(s), {"scope": s}, False) for s in scopes]
    if not claim.row.has_precision:
        return []
    kinds = (False, True) if claim.sparse is None else (claim.sparse,)
    formats_open = q == "peak_flops" and claim.precision is None
    if not formats_open and len(kinds) == 1:
        return []
    out: list[tuple[str, dict[str, Any], bool]] = []
    if formats_open:  # "1.74 exaFLOPS of performance": a measured Linpack result, too
        out.append((LINPACK_READING, {"quantity": "hpl", "scope": "rmax"}, False))
    for sparse in kinds:
        if formats_open:
            out += _formats(sparse)
            continue
        fmt, kind = claim.precision or "bf16", "sparse" if sparse else "dense"
        label = f"the {fmt} {kind} peak" if q == "peak_flops" else f"a {fmt} {kind} ratio"
        out.append((label, {}, sparse))
    return out


LINPACK_READING = "a measured Linpack result (Rmax)"
"""The reading of a FLOP/s figure that names no number format as the rate Linpack measured."""


def _formats(sparse: bool) -> list[tuple[str, dict[str, Any], bool]]:
    """Return the readings of a peak in every floating-point format, dense or sparse."""
    kind = "sparse" if sparse else "dense"
    floats = [f for f in FORMATS if not is_integer(f)]
    return [
        (_OPEN_LABEL["peak_flops"].format(f"{f} {kind}"), {"precision": f}, sparse) for f in floats
    ]


def _check_claim(
    claim: Claim,
    cluster: Cluster,
    *,
    catalogue: Catalogue | None,
    alternatives: Sequence[tuple[str, Cluster]],
    sampling: Sampling | None,
) -> ClaimResult:
    cat = the_catalogue(catalogue)
    flags: tuple[str, ...] = ()
    if claim.fleets is not None:
        cluster, flags = subset(cluster, claim.fleets, cat), ("subset",)
    q = claim.qualifier
    if q is not None:
        flags += (q,)
    fp64 = (claim.precision or "bf16") in ("fp64", "fp64_tensor")
    if claim.quantity == "ratio" and fp64 == ((claim.scope or "rmax") == "mxp"):
        # a low-precision peak against FP64 Linpack, or an FP64 peak against HPL-MxP
        flags += ("precision_mismatch",)
    if claim.cluster_from == "inferred":
        flags += ("inferred_cluster",)
    stated_b = claim.stated()
    stated = Range.of((stated_b.low, stated_b.high), claim.unit())
    if claim.row.recomputed_from == "nothing":
        return ClaimResult.not_recomputed(
            claim, _not_a_cluster(claim), flags, "not_comparable", stated
        )
    missing = _draft_gap(claim)
    if missing is not None:
        return ClaimResult.not_recomputed(claim, missing, flags, stated=stated)
    if claim.run is not None:
        return _check_run(claim, cluster, cat, sampling, stated, flags)
    ctx = Context(claim, cluster, cat)
    base = estimate_under(ctx, sampling=sampling)
    recomputed, reason = figure(base, claim)
    if recomputed is None:
        reason = reason or "the cluster lacks the figures this claim needs"
        return ClaimResult.not_recomputed(claim, reason, flags, stated=stated)
    wide = estimate_under(ctx, plausible_of(cluster))
    plausible = figure(wide, claim)[0]
    read_as, nearest, open_fit, as_read = claim, recomputed, None, ""
    wide_read: Range | None
    sparse_pair: tuple[Estimate, Estimate] | None = None
    opened = []
    for label, kw, sparse in _open_readings(claim):
        if sparse != bool(claim.sparse):  # the other kind of peak: estimated once
            sparse_pair = sparse_pair or (
                estimate_under(ctx, sparse=sparse),
                estimate_under(ctx, plausible_of(cluster), sparse=sparse),
            )
            on = sparse_pair
        else:
            on = (base, wide)
        r, w = figure(on[0], claim, **kw)[0], figure(on[1], claim, **kw)[0]
        if r is not None and w is not None:
            opened.append((label, kw, r, w))
    if opened:  # a scope or format not stated: the reading nearest the stated value
        unstated = {"power": "scope", "capex": "scope"}.get(claim.quantity, "precision or sparsity")
        label, kw, nearest, wide_read = min(opened, key=lambda o: distance(stated_b, o[3]))
        read_as, as_read = claim.model_copy(update=kw), f" as {label}"
        fits = [o for o in opened if holds(stated_b, o[2], claim.tolerance, q)]
        if fits:
            open_fit = f"holds as {fits[0][0]} (the claim states no {unstated})"
        elif holds(stated_b, wide_read, 0.0, q):
            open_fit = (
                f"holds as {label} within what real systems show (the claim states no {unstated})"
            )
    else:
        wide_read = plausible
    implied = implied_figure(read_as, base, wide, stated_b, nearest, wide_read, cat)
    ctx.alternatives.extend((name, alt, estimate_under(ctx, alt)) for name, alt in alternatives)
    alts = tuple(
        Alternative(name, r, r is not None and explains(stated_b, r, claim.tolerance, q))
        for name, _, e in ctx.alternatives
        for r in (figure(e, claim)[0],)
    )
    fmt = claim.precision or "bf16"
    compared_with = ""
    if claim.quantity == "ratio":
        entry, scope = claim.reference_entry(), claim.scope or "rmax"
        name = reference_systems()[claim.reference or ""].name
        compared_with = (
            f"{name}, TOP500 {entry.list} {SCOPE_NAMES[scope]} {entry.pflops(scope):,g} PFLOP/s"
        )
    peak = f"peak_flops.{fmt}"  # the figure a claim rests on, and the format stood in for
    key = peak if claim.row.has_precision else {"h100_equivalents": "h100e"}.get(claim.quantity, "")
    said = base.stand_in_of(key)
    stand_in = f"{base.basis if key == 'h100e' else fmt} {said}" if said else ""
    common: dict[str, Any] = {
        "stand_ins": stand_in,
        "alternatives": alts,
        "compared_with": compared_with,
        "plausible": plausible,
        "implied": implied,
    }
    fitting = [a.name for a in alts if a.fits]
    judged = judge(
        claim, stated_b, recomputed, plausible, implied, open_fit, as_read, fitting, stand_in
    )
    return _result(claim, stated, recomputed, judged, readings(ctx, base), flags, common)


def _result(
    claim: Claim,
    stated: Range,
    recomputed: Range,
    judged: Judged,
    found: Iterable[tuple[int, str, Range]],
    flags: tuple[str, ...],
    common: dict[str, Any],
) -> ClaimResult:
    """Return the result of a recomputed figure: its verdict, readings and what it implies.

    A count written as a bound comes first: a figure on the side its uncounted
    accelerators would decide is unverifiable, whatever the rest.
    """
    stated_b, tol, q = claim.stated(), claim.tolerance, claim.qualifier
    ratio = stated_ratio(stated_b, recomputed)
    beyond = beyond_count(stated_b, recomputed, tol, q)
    if beyond is not None:
        return ClaimResult(
            claim, "unverifiable", stated, recomputed, ratio, reason=beyond, flags=flags, **common
        )
    flags += judged.flags
    tried, matches, closest = _tried(claim, stated_b, recomputed, found)
    if judged.verdict == "consistent":
        return ClaimResult(
            claim,
            "consistent",
            stated,
            recomputed,
            ratio,
            reason=judged.reason,
            likely=None if judged.reason else likely_met(stated_b, recomputed, tol, q),
            flags=flags,
            better=_better(stated_b, recomputed, tried),
            **common,
        )
    return ClaimResult(
        claim,
        judged.verdict,
        stated,
        recomputed,
        ratio,
        matches,
        closest,
        reason=judged.reason,
        flags=flags,
        readings=tried,
        **common,
    )


def _tried(
    claim: Claim, stated: Bounds, recomputed: Range, found: Iterable[tuple[int, str, Range]]
) -> tuple[tuple[Reading, ...], tuple[Reading, ...], tuple[Reading, ...]]:
    """Return every reading in rank order, those that fit, and the three nearest if none does.

    A reading that changes nothing explains nothing; one that gives the figure of an
    earlier reading (fp6 at the fp8 rate on a chip without fp6) adds nothing.
    """
    scored: list[tuple[int, float, str, Range]] = []
    for rank, text, r in found:
        if same(r, recomputed) or any(same(r, earlier) for *_, earlier in scored):
            continue
        scored.append((rank - _asked(claim, text), distance(stated, r), text, r))
    scored.sort(key=lambda t: (t[0], t[1]))
    tol, q = claim.tolerance, claim.qualifier
    tried = tuple(
        Reading(text, r, stated_ratio(stated, r), explains(stated, r, tol, q))
        for _, _, text, r in scored
    )
    matches = tuple(x for x in tried if x.fits)
    closest: tuple[Reading, ...] = ()
    if not matches:
        nearest = sorted(scored, key=lambda t: t[1])[:3]
        closest = tuple(
            Reading(text, r, stated_ratio(stated, r), False) for _, _, text, r in nearest
        )
    return tried, matches, closest


_COUNTED = re.compile(r"\b(superchips?|racks?|nodes?|servers?|pods?)\b", re.I)


def _asked(claim: Claim, reading: str) -> int:
    """Return 1 when a reading is about the unit the claim's own words count, else 0.

    "200,000 superchips" ranks the superchip reading first: what the claim says it
    counts outranks every other slip.
    """
    words = {m.group(1).lower().rstrip("s") for m in _COUNTED.finditer(claim.says)}
    said = {m.group(1).lower().rstrip("s") for m in _COUNTED.finditer(reading)}
    return 1 if words & said else 0


def _better(stated: Bounds, recomputed: Range, tried: Sequence[Reading]) -> tuple[Reading, ...]:
    """Return, for a figure inside its tolerance but outside the range, readings it lies inside."""
    if distance(stated, recomputed) == 0:
        return ()
    return tuple(x for x in tried if distance(stated, x.recomputed) == 0)[:1]


def _check_run(
    claim: Claim,
    cluster: Cluster,
    catalogue: Catalogue,
    sampling: Sampling | None,
    stated: Range,
    flags: tuple[str, ...],
) -> ClaimResult:
    """Check a claim about a training run: its figure at the default and plausible MFU."""
    found = run_figures(claim, cluster, catalogue, sampling)
    stated_b = claim.stated()
    if found.default is None:
        return ClaimResult.not_recomputed(claim, found.reason, flags, stated=stated)
    common: dict[str, Any] = {"plausible": found.plausible, "implied": found.implied}
    judged = judge(claim, stated_b, found.default, found.plausible, found.implied, None)
    return _result(claim, stated, found.default, judged, found.readings, flags, common)


def _check_pair(pair: object, i: int) -> None:
    """Raise :class:`ArgumentError` unless ``pair`` is (claim, cluster or None[, alternatives])."""
    expected = "(Claim, Cluster or None) or (Claim, Cluster, [alternative clusters])"
    if not isinstance(pair, tuple) or len(pair) not in (2, 3):
        raise ArgumentError(f"got {shown(pair)}; expected {expected}", field=f"source[{i}]")
    check_type(pair[0], Claim, f"source[{i}][0]", "a Claim")
    if pair[1] is not None:
        check_type(pair[1], Cluster, f"source[{i}][1]", "a Cluster, or None")
    if len(pair) == 3:
        check_items(pair[2], f"source[{i}][2]", "[alternative clusters]")
        for j, alternative in enumerate(pair[2]):
            check_type(alternative, Cluster, f"source[{i}][2][{j}]", "a Cluster")


def check_claims(
    source: str
    | os.PathLike[str]
    | Sequence[tuple[Claim, Cluster | None] | tuple[Claim, Cluster | None, Sequence[Cluster]]],
    *,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assumptions",
    preset: str | None = None,
) -> ClaimResults:
    """Check every claim of a claims file (or of ``(claim, cluster)`` pairs).

    Parameters
    ----------
    source
        Path of a claims file, whose cluster paths are relative to it; or a
        sequence of ``(claim, cluster)`` pairs, or ``(claim, cluster, alternatives)``
        triples (a cluster of None: a drafted claim that names none).
    catalogue
        Accelerator figures; the packaged catalogue by default.
    sampling
        Monte Carlo samples per claim and their seed
        (:class:`~computescale.sampling.Sampling`): each consistent claim is
        also compared with the likely range of its figure (see :func:`check_claim`).
    assume
        Assumptions to replace in every cluster the claims name, alternatives
        included (see :func:`computescale.cluster.with_assumptions`).
    assume_source
        Where ``assume`` comes from, for messages (the CLI says ``--assume``).
    preset
        A method of :data:`computescale.presets.PRESETS` applied to every cluster
        before ``assume`` (see :func:`computescale.presets.with_preset`).

    Raises
    ------
    InputError
        For an invalid claims file or a cluster file it names.
    """
    cat = the_catalogue(catalogue)

    def assumed(cluster: Cluster) -> Cluster:
        return prepared(cluster, preset=preset, assume=assume, assume_source=assume_source)

    with shared_estimates():
        return ClaimResults(_check_all(source, cat, assumed, sampling))


def _check_all(
    source: str | os.PathLike[str] | Sequence[Any],
    cat: Catalogue,
    assumed: Callable[[Cluster], Cluster],
    sampling: Sampling | None,
) -> list[ClaimResult]:
    """Check the claims of :func:`check_claims`, its options applied through ``assumed``."""
    if not isinstance(source, str | os.PathLike):
        check_items(source, "source", "[(claim, cluster)] or 'claims.yaml'")
        out = []
        for i, pair in enumerate(source):
            _check_pair(pair, i)
            claim, cluster, *more = pair
            if cluster is None:  # a drafted claim that names none
                out.append(_without_cluster(claim))
                continue
            alternatives = more[0] if more else ()

            def paired(
                cluster: Cluster = cluster, alternatives: Sequence[Cluster] = alternatives
            ) -> tuple[Cluster, list[tuple[str, Cluster]]]:
                with _not_an_input_of_the_claim():  # the check's own options: all stop
                    return assumed(cluster), [(a.name, assumed(a)) for a in alternatives]

            out.append(_one(claim, paired, cat, sampling))
        return out
    claims, document = load_claims(source)
    cache: dict[str, Cluster | InputError] = {}
    results = []
    for i, claim in enumerate(claims.claims):
        if claim.cluster is None:
            results.append(_without_cluster(claim))
            continue

        def resolved(i: int = i, claim: Claim = claim) -> tuple[Cluster, list[tuple[str, Cluster]]]:
            assert claim.cluster is not None
            cluster = _resolve(claim.cluster, document, i, "cluster", cat, cache, assumed)
            alts = [
                _resolve(name, document, i, f"alternatives[{j}]", cat, cache, assumed)
                for j, name in enumerate(claim.alternatives)
            ]
            return cluster, [(a.name, a) for a in alts]

        def fleets_at(exc: InputError, i: int = i) -> InputError:
            return InputError(
                exc.problem,
                file=document.name,
                line=document.line_of(("claims", i, "fleets")),
                field=f"claims[{i}].fleets",
                expected=exc.expected,
                fix=exc.fix,
            )

        results.append(_one(claim, resolved, cat, sampling, fleets_at))
    return results


def _one(
    claim: Claim,
    prepare: Callable[[], tuple[Cluster, list[tuple[str, Cluster]]]],
    cat: Catalogue,
    sampling: Sampling | None,
    fleets_at: Callable[[InputError], InputError] | None = None,
) -> ClaimResult:
    """Check one claim of many: an invalid input of its own makes it unchecked, said why.

    ``prepare`` returns its cluster and alternatives (reading files, applying assumptions);
    ``fleets_at`` places an error of the claim's ``fleets`` in its file. An error of the
    whole check's options (``assume``, ``preset``) or a Python argument stops the check.
    """
    try:
        cluster, named = prepare()
        try:
            return check_claim(claim, cluster, catalogue=cat, alternatives=named, sampling=sampling)
        except InputError as exc:
            if fleets_at is None or exc.field != "fleets":
                raise
            raise fleets_at(exc) from None
    except ArgumentError:  # a Python argument of the call, not of this claim
        raise
    except InputError as exc:  # this claim's input: the others are still checked
        return _unchecked(claim, exc)
    except _OptionError as exc:
        raise exc.error from None


class _OptionError(Exception):
    """An error of the options of a whole check (``assume``, ``preset``), not of one claim."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def _not_an_input_of_the_claim() -> Iterator[None]:
    """Let an error of the check's own options (``assume``, ``preset``) refuse the whole check."""
    try:
        yield
    except InputError as exc:
        raise _OptionError(exc) from None


UNCHECKED = "input_error"
"""The flag of a claim that could not be checked because an input it names is invalid (a
cluster file that cannot be read, an unknown accelerator): the other claims are checked."""


def _unchecked(claim: Claim, exc: InputError) -> ClaimResult:
    """Return the result of a claim whose cluster (or a fleet it names) is invalid."""
    flags = (*((claim.qualifier,) if claim.qualifier else ()), UNCHECKED)
    return ClaimResult.not_recomputed(claim, f"not checked, an input is invalid: {exc}", flags)


def _without_cluster(claim: Claim) -> ClaimResult:
    """Return the result of a drafted claim that names no cluster: unverifiable, or financing."""
    flags = (claim.qualifier,) if claim.qualifier else ()
    if claim.row.recomputed_from == "nothing":
        return ClaimResult.not_recomputed(claim, _not_a_cluster(claim), flags, "not_comparable")
    reason = "no cluster named (a drafted claim): set `cluster:` to a cluster file"
    return ClaimResult.not_recomputed(claim, reason, flags)


def _resolve(
    ref: str | dict[str, Any],
    document: Document,
    index: int,
    field: str,
    cat: Catalogue,
    cache: dict[str, Cluster | InputError],
    prepare: Callable[[Cluster], Cluster],
) -> Cluster:
    """Return the cluster a claim names (a file, cached, or inline), passed through ``prepare``."""
    loc = ("claims", index, field.split("[")[0])
    if isinstance(ref, dict):
        part = validate_part(Cluster, ref, document, loc, {"catalogue": cat})
        with _not_an_input_of_the_claim():
            return prepare(part)
    path = Path(located(cluster_path(ref, document), ref))
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            f"cluster file {excerpt(ref)} is not a YAML file (.yaml or .yml)",
            file=document.name,
            line=document.line_of(loc),
            field=f"claims[{index}].{field}",
            fix="name a cluster file, or a shipped cluster by name (colossus2); computescale "
            "reads no other file",
        )
    key = str(path)
    if key not in cache:
        try:
            loaded = load_cluster(path, cat)
        except InputError as exc:  # kept: every claim naming the file is told, none retries
            cache[key] = exc
        else:
            with _not_an_input_of_the_claim():
                cache[key] = prepare(loaded)
    found = cache[key]
    if not isinstance(found, InputError):
        return found
    if found.line is not None or found.file != key:
        raise found  # a problem inside the cluster file: its own file and line
    raise InputError(
        f"cluster file {ref!r}: {found.problem} (paths are relative to the claims file)",
        file=document.name,
        line=document.line_of(loc),
        field=f"claims[{index}].{field}",
    )
