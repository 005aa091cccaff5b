"""Readings of a claim: its figure recomputed as written, and under every misreading we know.

:func:`figure` recomputes the quantity a claim names from a cluster's estimate;
:func:`readings` lists the alternative readings (another number format, sparse
instead of dense, another scope, superchips for GPUs, H100-equivalents for GPUs,
another chip's price, another cluster, SI-prefix and decimal slips), each with a
plausibility rank, for :func:`computescale.claims.check.check_claim` to compare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from computescale.assumptions import FACILITY_CAPEX_PER_MW
from computescale.catalogue import FORMATS, AcceleratorSpec, Catalogue, NumberFormat
from computescale.catalogue.formats import is_integer
from computescale.claims.model import CAPEX_SCOPES, POWER_SCOPES, Claim
from computescale.claims.quantities import CLAIM_TABLE, RATIO_SCOPES
from computescale.claims.references import SCOPE_NAMES, reference_systems
from computescale.cluster import Cluster, plausible_cluster
from computescale.engine.throughput import BASES, resolve_peak
from computescale.estimates import Estimate, estimate
from computescale.figures import QUANTITIES
from computescale.notation import prefix_name
from computescale.ranges import Range
from computescale.uncertain import Bounds

__all__ = [
    "Context",
    "estimate_under",
    "figure",
    "plausible_of",
    "project_capex",
    "readings",
    "shared_estimates",
    "slips",
]


@dataclass
class Context:
    """A claim being checked: its cluster, the catalogue and its alternatives.

    ``alternatives`` holds each alternative cluster by name with its estimate, estimated
    once for the verdict and the readings.
    """

    claim: Claim
    cluster: Cluster
    catalogue: Catalogue
    alternatives: list[tuple[str, Cluster, Estimate]] = field(default_factory=list)


def figure(
    e: Estimate,
    claim: Claim,
    *,
    precision: str | None = None,
    scope: str | None = None,
    sparse: bool | None = None,
    quantity: str | None = None,
) -> tuple[Range | None, str | None]:
    """Return the claim's figure from an estimate, or None and why it is missing.

    ``precision``, ``scope``, ``sparse`` and ``quantity`` replace the claim's own for a
    reading (a peak read as a Linpack result).
    """
    q = quantity or claim.quantity
    fmt: NumberFormat = precision or claim.precision or "bf16"  # type: ignore[assignment]
    if q == "peak_flops":
        return e.figure(q, fmt), e.missing_reason(q, fmt)
    if q == "capex" and (scope or claim.scope) == "project":
        return project_capex(e), e.missing_reason("capex", "hardware")
    if CLAIM_TABLE[q].recomputed_from != "reference":  # a ratio's is the cluster's peak
        return e.figure(q, scope or claim.scope), e.missing_reason(q, scope or claim.scope)
    if fmt == "int8":
        return None, "an integer OP/s rate is not comparable with FP64 Linpack FLOP/s"
    peak = e.figure("peak_flops", fmt)
    if peak is None:
        return None, e.missing_reason("peak_flops", fmt)
    scope = scope or claim.scope or "rmax"
    pflops = claim.reference_entry().pflops(scope)
    if pflops is None:
        return None, f"the reference has no {SCOPE_NAMES[scope]} figure on this list"
    denominator = pflops * 1e15
    lo, hi = peak.magnitudes("FLOP/s")
    pct = peak.percentiles("FLOP/s")
    likely = (
        None if pct is None else (pct[0] / denominator, pct[1] / denominator, pct[2] / denominator)
    )
    return Range.of((lo / denominator, hi / denominator), "", likely, peak.bound), None


def project_capex(e: Estimate) -> Range | None:
    """Return the capex of a project: hardware and facility works, which a project includes.

    The estimate's total when it includes facility construction; else its hardware plus
    the facility power at :data:`~computescale.assumptions.FACILITY_CAPEX_PER_MW`.
    """
    if e.capex.facility is not None:
        return e.capex.total
    hardware, facility = e.capex.hardware, e.power.facility
    if hardware is None or facility is None:
        return None
    (h_low, h_high), (f_low, f_high) = hardware.magnitudes(), facility.magnitudes("MW")
    low, high = FACILITY_CAPEX_PER_MW
    return Range.of((h_low + f_low * low, h_high + f_high * high), "USD", bound=hardware.bound)


_SHARED: ContextVar[dict[tuple[Any, ...], tuple[Any, Any]] | None] = ContextVar(
    "computescale_shared_estimates", default=None
)


@contextmanager
def shared_estimates() -> Iterator[None]:
    """Within the block, a cluster estimated alike for several claims is estimated once.

    Clusters and estimates are immutable, so the claims of one check share them; the memo is
    dropped at the end of the block, and each entry keeps its cluster alive so that an id is
    never reused for another.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(key: tuple[Any, ...], keep: Any, make: Callable[[], Any]) -> Any:
    """Return ``make()``, once per ``key`` within :func:`shared_estimates`."""
    memo = _SHARED.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = (keep, make())
    return memo[key][1]


def plausible_of(cluster: Cluster) -> Cluster:
    """Return :func:`~computescale.cluster.plausible_cluster`, shared within a check."""
    return cast(
        Cluster,
        _shared(("plausible", id(cluster)), cluster, lambda: plausible_cluster(cluster)),
    )


def estimate_under(ctx: Context, cluster: Cluster | None = None, **kw: Any) -> Estimate:
    """Estimate the claim's cluster (or another) with its basis and sparsity unless ``kw`` says.

    Shared between claims within :func:`shared_estimates`.
    """
    sparse = bool(kw.pop("sparse", ctx.claim.sparse))
    basis = kw.pop("basis", ctx.claim.basis)
    target = cluster or ctx.cluster
    options = tuple(sorted((k, id(v)) for k, v in kw.items()))
    key = ("estimate", id(target), id(ctx.catalogue), basis, sparse, options)
    return cast(
        Estimate,
        _shared(
            key,
            (target, *kw.values()),
            lambda: estimate(target, basis=basis, sparse=sparse, catalogue=ctx.catalogue, **kw),
        ),
    )


def readings(ctx: Context, base: Estimate) -> list[tuple[int, str, Range]]:
    """Return (plausibility rank, reading, figure) for every alternative reading."""
    claim = ctx.claim
    q = claim.quantity
    out: list[tuple[int, str, Range]] = []

    def add(rank: int, text: str, r: Range | None) -> None:
        if r is not None:
            out.append((rank, text, r))

    fmt = claim.precision or "bf16"
    kind = "sparse" if claim.sparse else "dense"
    on_superchips, per_superchip = _superchip_gpus(base, ctx.catalogue)
    if claim.row.has_precision:
        other = estimate_under(ctx, sparse=not claim.sparse)
        for f in _comparable(fmt):
            if f != fmt:
                add(1, f"{f} {kind} instead of {fmt}", figure(base, claim, precision=f)[0])
            add(
                1 if f == fmt else 2,
                f"{f} {'dense' if claim.sparse else 'sparse'} instead of {fmt} {kind}",
                figure(other, claim, precision=f)[0],
            )
    if q == "ratio":
        _like_for_like(ctx, base, add)
        own = claim.scope or "rmax"
        for other_scope in RATIO_SCOPES:
            if other_scope != own:
                add(
                    2,
                    f"the reference's {SCOPE_NAMES[other_scope]} instead of its {SCOPE_NAMES[own]}",
                    figure(base, claim, scope=other_scope)[0],
                )
    if q == "h100_equivalents":
        for b in BASES:
            if b != claim.basis:
                e = estimate_under(ctx, basis=b)
                add(
                    1,
                    f"H100-equivalents on a {b} basis instead of {claim.basis}",
                    e.h100_equivalents,
                )
        add(2, "physical accelerators counted as H100-equivalents", base.accelerators)
    if q == "accelerators":
        add(1, "H100-equivalents (dense bf16) counted as GPUs", base.h100_equivalents)
        if on_superchips:
            lo, hi = base.accelerators.magnitudes()
            fewer = on_superchips * (1 - 1 / per_superchip)
            add(
                2,
                f"superchips (1 CPU + {per_superchip} GPUs) counted instead of GPUs",
                Range.of((lo - fewer, hi - fewer), "", bound=base.accelerators.bound),
            )
        add(3, "nodes counted as GPUs", base.nodes)
    if q == "nodes":
        add(1, "accelerators (GPUs) counted as nodes", base.accelerators)
    if q == "power":
        named = {"it": "IT", "hpl": "measured Linpack"}  # the scopes as people write them
        stated = claim.scope or "facility"
        for s in POWER_SCOPES:
            if s != stated:
                add(
                    1,
                    f"{named.get(s, s)} power instead of {named.get(stated, stated)} power",
                    getattr(base.power, s),
                )
    if q == "peak_flops" and fmt in ("fp64", "fp64_tensor"):
        add(1, "a measured Linpack Rmax given as the peak", base.figure("hpl", "rmax"))
    if q == "hpl":
        own = claim.scope or "rmax"
        for s in ("rpeak", "rmax"):
            if s != own:
                add(1, f"Linpack {s} instead of {own}", base.figure("hpl", s))
    if q == "capex":
        for s in CAPEX_SCOPES:
            if s != (claim.scope or "total"):
                add(
                    1,
                    f"capex of {s} instead of {claim.scope or 'total'}",
                    figure(base, claim, scope=s)[0],
                )
        for spec in _repricings(ctx.catalogue, base, ctx.claim.source.date):
            priced = _repriced(ctx.cluster, spec, ctx.catalogue)
            add(
                2,
                f"every accelerator priced as a {spec.id}",
                figure(estimate_under(ctx, priced), claim)[0],
            )
    if q != "nodes" and on_superchips:
        # every figure scales with the count: a count of superchips read as GPUs (or the
        # reverse) changes flops, power, cost and H100-equivalents alike
        r = figure(base, claim)[0]
        if r is not None:
            k = per_superchip
            more = (
                f"per-superchip figures applied to GPU counts (×{k})"
                if q in ("peak_flops", "accelerators", "ratio")
                else f"the count is of superchips, {k} GPUs each (×{k})"
            )
            add(2, more, r.times(k))
            add(2, f"GPU counts taken as superchips (/{k})", r.times(1 / k))
    for name, alt_cluster, alt_estimate in ctx.alternatives:
        add(1, f"the figure of another cluster: {name}", figure(alt_estimate, claim)[0])
        if q == "nodes":
            add(1, f"accelerators of {name} counted as nodes", alt_estimate.accelerators)
        _combined(ctx, name, (alt_cluster, alt_estimate), add)
    slips("", figure(base, claim)[0], ((3, 4), (6, 5), (1, 6), (2, 6)), add)
    for name, _, alt_estimate in ctx.alternatives:
        slips(f"{name}, with an ", figure(alt_estimate, claim)[0], ((3, 7), (6, 7)), add)
    return out


_SLIPS = {
    3: "SI-prefix slip",
    6: "SI-prefix slip",
    1: "factor-of-ten slip",
    2: "factor-of-100 slip",
}


def slips(
    prefix: str,
    r: Range | None,
    exponents: tuple[tuple[int, int], ...],
    add: Callable[[int, str, Range | None], None],
) -> None:
    """Add a figure times 10^±k for each (k, rank): a prefix or a digit slipped."""
    if r is None:
        return
    for k, rank in exponents:
        for sign in (1, -1):
            factor = 10.0 ** (sign * k)
            text = f"{_SLIPS[k]} (×{factor:g}, {_slipped(r, factor, k)})"
            add(rank, prefix + text if prefix else text, r.times(factor))


def _slipped(r: Range, factor: float, k: int) -> str:
    """Say which prefixes a slip by ``factor`` mixes up: ``exa written for zetta``.

    The figure as recomputed is written with one prefix; the stated figure this reading
    explains is the same digits with another. A digit slip is a misplaced digit.
    """
    if k not in (3, 6):
        return "a misplaced digit"
    high = r.magnitudes()[1]
    right, wrong = prefix_name(high, r.unit), prefix_name(high * factor, r.unit)
    if right == wrong:  # no prefix apart (counts under a million): the digits moved
        return "a prefix's worth of digits"
    return f"{wrong or 'no prefix'} written for {right or 'no prefix'}"


def _comparable(fmt: str) -> list[NumberFormat]:
    """Return the formats whose rate may be misread as ``fmt``'s.

    An integer OP/s rate never stands in for a floating-point FLOP/s figure, nor the reverse.
    """
    integer = is_integer(cast("NumberFormat", fmt))
    return [f for f in FORMATS if is_integer(f) == integer]


def _combined(
    ctx: Context,
    name: str,
    alt: tuple[Cluster, Estimate],
    add: Callable[[int, str, Range | None], None],
) -> None:
    """Add the readings of an alternative cluster combined with one other reading (rank 3).

    Sparsity or another number format for peaks and ratios, superchips for GPUs (or the
    reverse) on any figure that scales with the count, another scope for power and cost:
    "1,300 EF for Project Rainier" is its planned 1M Trainium2 at the FP8 rate.
    """
    claim = ctx.claim
    q, fmt = claim.quantity, claim.precision or "bf16"
    kind = "sparse" if claim.sparse else "dense"
    if claim.row.has_precision:
        # sparsity first: of two readings with one figure (B200 bf16 sparse = fp8 dense),
        # the one that keeps the claim's own format is kept
        flipped = estimate_under(ctx, alt[0], sparse=not claim.sparse)
        other = "dense" if claim.sparse else "sparse"
        add(3, f"{name}, at {fmt} {other} instead of {kind}", figure(flipped, claim)[0])
        for f in _comparable(fmt):
            if f != fmt:
                add(
                    3,
                    f"{name}, at {f} {kind} instead of {fmt}",
                    figure(alt[1], claim, precision=f)[0],
                )
    on_superchips, k = _superchip_gpus(alt[1], ctx.catalogue)
    r = figure(alt[1], claim)[0]
    if q != "nodes" and on_superchips and r is not None:
        add(3, f"{name}, counting superchips of {k} GPUs as GPUs (×{k})", r.times(k))
        add(3, f"{name}, counting GPUs as superchips (/{k})", r.times(1 / k))
    scopes = {"power": POWER_SCOPES, "capex": CAPEX_SCOPES}.get(q, ())
    own = (claim.scope or QUANTITIES[q].default_scope) if scopes else None
    for s in scopes:
        if s != own:
            add(
                3,
                f"{name}, {q} at the {s} scope instead of {own}",
                figure(alt[1], claim, scope=s)[0],
            )


def _like_for_like(
    ctx: Context, base: Estimate, add: Callable[[int, str, Range | None], None]
) -> None:
    """Add the ratio to the reference system's own peak in the claim's format (rank 1).

    "Twenty times El Capitan" for an AI cluster compares a bf16 peak with an FP64 Linpack
    result; an expert compares it with El Capitan's own bf16 peak: its accelerators x
    their rate in that format, from the catalogue.
    """
    claim = ctx.claim
    system = reference_systems()[claim.reference or ""]
    hardware = system.hardware
    fmt: NumberFormat = claim.precision or "bf16"
    peak = base.figure("peak_flops", fmt)
    if hardware is None or peak is None or hardware.accelerator not in ctx.catalogue:
        return
    spec = ctx.catalogue[hardware.accelerator]
    resolved = resolve_peak(spec, fmt, sparse=bool(claim.sparse))
    if resolved is None:
        return
    theirs = hardware.count * float(resolved.per_unit[0])
    kind = "sparse" if claim.sparse else "dense"
    text = (
        f"like for like: against {system.name}'s own {fmt} {kind} peak ({hardware.count:,} "
        f"{spec.id} x {float(resolved.per_unit[0]) / 1e12:,g} TFLOP/s"
        + (f", {resolved.note}" if resolved.note else "")
        + ")"
    )
    add(1, text, peak.times(1.0 / theirs, ""))


def _superchip_gpus(e: Estimate, catalogue: Catalogue) -> tuple[float, int]:
    """Return the most GPUs that sit on superchips, and the GPUs per superchip.

    From the catalogue's packaging (``per_superchip``: 2 on GB200 and GB300, one
    Grace CPU and two GPUs per board); ``(0, 1)`` when no fleet is on superchips.
    """
    on = [
        (f.count.magnitudes()[1], per)
        for f in e.fleets
        if (per := catalogue[f.accelerator].packaging.per_superchip or 1) > 1
    ]
    return sum(n for n, _ in on), max((per for _, per in on), default=1)


def _repricings(catalogue: Catalogue, base: Estimate, said: dt.date) -> list[AcceleratorSpec]:
    """Return the priced chips a cluster's capex may have been computed with by mistake.

    Only chips of the cluster's own vendors, launched no earlier than its oldest chip and
    no later than the claim was published, and shipping: a GB200 cluster of May 2025 may
    have been priced as B200s, never as Gaudi 3s, older A800s or an announced Rubin.
    """
    specs = [catalogue[f.accelerator] for f in base.fleets]
    vendors = {s.vendor for s in specs}
    dates = [s.launched for s in specs if s.launched is not None]
    oldest = min(dates) if len(dates) == len(specs) else None
    return [
        spec
        for spec in catalogue.values()
        if spec.price is not None
        and spec.vendor in vendors
        and (oldest is None or (spec.launched is not None and spec.launched >= oldest))
        and (spec.launched is None or spec.launched <= said)
        and spec.status not in ("announced", "cancelled")
    ]


def _repriced(cluster: Cluster, spec: AcceleratorSpec, catalogue: Catalogue) -> Cluster:
    """Return the cluster with every accelerator priced as ``spec`` (ids from ``catalogue``)."""
    assert spec.price is not None
    data = cluster.model_dump(mode="python")
    data["phases"] = []
    for fleet in data["fleets"]:
        for member in fleet.get("split", [fleet]):
            member["price"] = [spec.price.low_usd, spec.price.high_usd]
            member["price_includes"] = spec.price.includes
    return Cluster.model_validate(_plain(data), context={"catalogue": catalogue})


def _plain(value: Any) -> Any:
    if isinstance(value, Bounds):
        return [value.low, value.high]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
