"""Checking a claim: recompute a published figure, give a verdict and a diagnosis.

:func:`check_claim` recomputes a claim's quantity with
:func:`computescale.estimates.estimate`, compares, and for an inconsistent figure
tries systematic alternative readings (:mod:`computescale.claims.readings`) and
reports those under which the figure would hold, most plausible first.

With ``sampling``, a consistent claim is also compared with the likely range
(p5-p95) of the recomputed figure: a figure inside the guaranteed bounds but
outside the likely range holds only when several assumptions sit near the ends
of their ranges at once.

Whether a value meets a range, and the verdict that follows, is
:mod:`computescale.claims.verdicts`; what a check gives, :mod:`computescale.claims.results`;
checking a claims file's claims (or pairs), each against its cluster,
:mod:`computescale.claims.batch`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

from computescale.catalogue import FORMATS, Catalogue, the_catalogue
from computescale.catalogue.formats import is_integer
from computescale.claims.implied import implied_figure
from computescale.claims.model import (
    CAPEX_SCOPES,
    POWER_SCOPES,
    Claim,
)
from computescale.claims.readings import (
    Context,
    estimate_under,
    figure,
    plausible_of,
    readings,
)
from computescale.claims.references import SCOPE_NAMES, reference_systems
from computescale.claims.results import Alternative, ClaimResult, Reading
from computescale.claims.runs import run_figures
from computescale.claims.verdicts import (
    Judged,
    beyond_count,
    distance,
    explains,
    holds,
    judge,
    likely_met,
    same,
    stated_ratio,
)
from computescale.cluster import Cluster, Fleet, SplitFleet
from computescale.errors import InputError
from computescale.estimates import Estimate
from computescale.ranges import Range
from computescale.sampling import Sampling
from computescale.uncertain import Bounds

__all__ = ["SEPARATOR", "check_claim", "subset"]


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
        return ClaimResult.not_a_cluster(claim, flags, stated)
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
