"""Checking claims: recompute a published figure, give a verdict and a diagnosis.

:func:`check_claims` recomputes each claim's quantity with
:func:`computescale.estimates.estimate`, compares, and for an inconsistent figure
tries systematic alternative readings (:mod:`computescale.claims.readings`) and
reports those under which the figure would hold, most plausible first.

With ``sampling``, a consistent claim is also compared with the likely range
(p5-p95) of the recomputed figure: a figure inside the guaranteed bounds but
outside the likely range holds only when several assumptions sit near the ends
of their ranges at once.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from computescale.catalogue import Catalogue, default_catalogue
from computescale.claims.model import Claim, cluster_path, load_claims
from computescale.claims.readings import Context, estimate_under, figure, readings
from computescale.cluster import Cluster, load_cluster, with_assumptions
from computescale.documents import Document, excerpt, validate_part
from computescale.errors import InputError
from computescale.presets import with_preset
from computescale.ranges import Range
from computescale.sampling import Sampling
from computescale.uncertain import Bounds

__all__ = ["ClaimResult", "Reading", "check_claim", "check_claims"]


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
    """

    reading: str
    recomputed: Range
    ratio: float


@dataclass(frozen=True)
class ClaimResult:
    """The check of one claim.

    Attributes
    ----------
    claim
        The claim checked.
    verdict
        ``consistent``, ``inconsistent`` or ``unverifiable``.
    stated, recomputed
        Ranges in base units; ``recomputed`` is None when unverifiable.
    ratio
        stated / recomputed (geometric middles), None when unverifiable.
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
    """

    claim: Claim
    verdict: Literal["consistent", "inconsistent", "unverifiable"]
    stated: Range
    recomputed: Range | None
    ratio: float | None
    diagnosis: tuple[Reading, ...] = ()
    closest: tuple[Reading, ...] = ()
    reason: str | None = None
    likely: bool | None = None
    stand_ins: str = ""

    @property
    def explanation(self) -> str:
        """The likeliest explanation, in words, with any stand-in rate the figure rests on."""
        said = f" (recomputed {self.stand_ins})" if self.stand_ins else ""
        if self.verdict == "consistent" and self.likely is False:
            return "holds only near the edges of the assumptions (outside the likely p5–p95)" + said
        if self.verdict == "consistent":
            return "holds under the stated assumptions" + said
        if self.verdict == "unverifiable":
            return self.reason or "cannot be derived"
        if self.diagnosis:
            return self.diagnosis[0].reading + said
        return "no single reading explains it" + said


def _mid(low: float, high: float) -> float:
    """Geometric middle of a range (arithmetic when a bound is 0), without overflow."""
    if low > 0 and high > 0:
        return math.exp((math.log(low) + math.log(high)) / 2)
    return low / 2 + high / 2


def _ratio(stated: Bounds, rec: Range) -> float:
    lo, hi = rec.magnitudes()
    denominator = _mid(lo, hi)
    return math.inf if denominator == 0 else _mid(stated.low, stated.high) / denominator


def _holds(stated: Bounds, rec: Range, tol: float) -> bool:
    lo, hi = rec.magnitudes()
    return stated.high >= lo * (1 - tol) and stated.low <= hi * (1 + tol)


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
    cat = catalogue if catalogue is not None else default_catalogue()
    ctx = Context(claim, cluster, cat, list(alternatives))
    stated_b = claim.stated()
    unit = claim.unit()
    stated = Range.of((stated_b.low, stated_b.high), unit)
    base = estimate_under(ctx, sampling=sampling)
    recomputed, reason = figure(base, claim)
    if recomputed is None:
        return ClaimResult(
            claim,
            "unverifiable",
            stated,
            None,
            None,
            reason=reason or "the cluster lacks the figures this claim needs",
        )
    ratio = _ratio(stated_b, recomputed)
    fmt = claim.precision or "bf16"
    peak = claim.quantity in ("peak_flops", "ratio")
    stand_ins = f"{fmt} {base.stand_ins(fmt)}" if peak and base.stand_ins(fmt) else ""
    if _holds(stated_b, recomputed, claim.tolerance):
        pct = recomputed.percentiles()
        likely = None
        if pct is not None:
            likely = _holds(stated_b, Range.of((pct[0], pct[2]), unit), claim.tolerance)
        return ClaimResult(
            claim, "consistent", stated, recomputed, ratio, likely=likely, stand_ins=stand_ins
        )
    scored = sorted(
        (
            (rank, abs(math.log(max(_ratio(stated_b, r), 1e-300))), text, r)
            for rank, text, r in readings(ctx, base)
        ),
        key=lambda t: (t[0], t[1]),
    )
    matches = tuple(
        Reading(text, r, _ratio(stated_b, r))
        for rank, _, text, r in scored
        if _holds(stated_b, r, claim.tolerance)
    )
    closest: tuple[Reading, ...] = ()
    if not matches:
        nearest = sorted(scored, key=lambda t: t[1])[:3]
        closest = tuple(Reading(text, r, _ratio(stated_b, r)) for _, _, text, r in nearest)
    return ClaimResult(
        claim, "inconsistent", stated, recomputed, ratio, matches, closest, stand_ins=stand_ins
    )


def check_claims(
    source: str | os.PathLike[str] | Sequence[tuple[Claim, Cluster]],
    *,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assumptions",
    preset: str | None = None,
) -> list[ClaimResult]:
    """Check every claim of a claims file (or of ``(claim, cluster)`` pairs).

    Parameters
    ----------
    source
        Path of a claims file, whose cluster paths are relative to it; or a
        sequence of ``(claim, cluster)`` pairs.
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
    cat = catalogue if catalogue is not None else default_catalogue()

    def assumed(cluster: Cluster) -> Cluster:
        if preset is not None:
            cluster = with_preset(cluster, preset)
        return with_assumptions(cluster, assume, source=assume_source) if assume else cluster

    if not isinstance(source, str | os.PathLike):
        return [check_claim(c, assumed(cl), catalogue=cat, sampling=sampling) for c, cl in source]
    claims, document = load_claims(source)
    cache: dict[str, Cluster] = {}
    results = []
    for i, claim in enumerate(claims.claims):
        cluster = _resolve(claim.cluster, document, i, "cluster", cat, cache, assumed)
        alts = [
            _resolve(name, document, i, f"alternatives[{j}]", cat, cache, assumed)
            for j, name in enumerate(claim.alternatives)
        ]
        named = [(a.name, a) for a in alts]
        results.append(
            check_claim(claim, cluster, catalogue=cat, alternatives=named, sampling=sampling)
        )
    return results


def _resolve(
    ref: str | dict[str, Any],
    document: Document,
    index: int,
    field: str,
    cat: Catalogue,
    cache: dict[str, Cluster],
    prepare: Callable[[Cluster], Cluster],
) -> Cluster:
    """Return the cluster a claim names (a file, cached, or inline), passed through ``prepare``."""
    loc = ("claims", index, field.split("[")[0])
    if isinstance(ref, dict):
        return prepare(validate_part(Cluster, ref, document, loc, {"catalogue": cat}))
    path = cluster_path(ref, document)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            f"cluster file {excerpt(ref)} is not a YAML file (.yaml or .yml)",
            file=document.name,
            line=document.line_of(loc),
            field=f"claims[{index}].{field}",
            fix="name a cluster file; computescale reads no other file",
        )
    key = str(path)
    if key not in cache:
        try:
            loaded = load_cluster(path, cat)
        except InputError as exc:
            if exc.line is not None or exc.file != key:
                raise  # a problem inside the cluster file: its own file and line
            raise InputError(
                f"cluster file {ref!r}: {exc.problem} (paths are relative to the claims file)",
                file=document.name,
                line=document.line_of(loc),
                field=f"claims[{index}].{field}",
            ) from None
        cache[key] = prepare(loaded)
    return cache[key]
