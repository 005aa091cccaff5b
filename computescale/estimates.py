"""One cluster estimate: every figure an article might quote, as guaranteed ranges.

:func:`estimate` turns a :class:`~computescale.cluster.Cluster` into a frozen
:class:`Estimate` (what it holds is :mod:`computescale.results`'); :class:`Accumulator` is
the one driver of the engine, for a single estimate and a build-out alike.

Every figure is linear in the accelerator counts with non-negative per-accelerator
coefficients, and every coefficient is increasing in its inputs, so evaluating at the low
and at the high inputs gives guaranteed bounds. A total split in uncertain shares is bounded
exactly: each figure is maximised (minimised) by giving the free share to the members with
the highest (lowest) per-accelerator value, while the count stays the total.

With ``sampling``, the same functions run again on random draws of every
uncertain input (:mod:`computescale.sampling`); figures are summed sample by
sample before percentiles are taken, so p5/p50/p95 of a total are not the sums
of the fleets' percentiles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from computescale.assumptions import Assumptions
from computescale.catalogue import Catalogue, the_catalogue
from computescale.cluster import Cluster, Fleet, SplitFleet, count_text, fleets_bound
from computescale.engine.accelerator import PerAccelerator
from computescale.engine.passes import (
    Pct,
    SampleRun,
    Setup,
    bounds_pass,
    fill_fleets,
    largest_split,
    sample_pass,
)
from computescale.engine.throughput import parse_basis
from computescale.errors import InputError, check_type
from computescale.figures import FIGURES, unit_of_key
from computescale.presets import with_preset
from computescale.qualifiers import BOUND_OF, SIGNS, Bound
from computescale.ranges import Range
from computescale.results import (
    Capex,
    Estimate,
    FleetEstimate,
    Linpack,
    PowerLadder,
    by_quantity,
    figure_value,
)
from computescale.sampling import Array, BoundsInputs, Derived, Sampling, chunk_size

__all__ = [
    "Accumulator",
    "Capex",
    "Estimate",
    "FleetEstimate",
    "Linpack",
    "PowerLadder",
    "estimate",
    "estimate_derived",
    "figure_value",
]


def estimate(
    cluster: Cluster,
    *,
    basis: str | None = None,
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    preset: str | None = None,
) -> Estimate:
    """Estimate every figure of a cluster as guaranteed ranges, and likely ranges.

    Parameters
    ----------
    cluster
        Fleets, counts and assumptions.
    basis
        Basis of H100-equivalents: a number format (dense) such as ``bf16``,
        ``fp8`` or ``fp64``; ``tpp`` for export-control TPP; ``8bit`` for the
        better of fp8 and int8 (Epoch AI's basis). None (the default) is the
        basis of the cluster's preset, else ``bf16``.
    sparse
        Report 2:4 sparse peaks instead of dense ones (H100-equivalents stay
        dense).
    catalogue
        Accelerator figures; the packaged catalogue by default.
    sampling
        Monte Carlo samples and seed, e.g. ``Sampling(10_000)``; when given,
        every range also carries p5/p50/p95 (see :mod:`computescale.sampling`
        for the distributions). The same seed gives the same percentiles.
    preset
        A method of :data:`computescale.presets.PRESETS` (``epoch``,
        ``semianalysis``) whose assumptions replace the cluster's; the same as
        estimating ``with_preset(cluster, preset)``.

    Returns
    -------
    Estimate
        Frozen result; see its attributes for units.

    Raises
    ------
    InputError
        For an unknown basis, or an argument of the wrong type
        (:class:`~computescale.errors.ArgumentError`).
    """
    if preset is not None:
        cluster = with_preset(cluster, preset)
    result, _ = estimate_derived(
        cluster, None, basis=basis, sparse=sparse, catalogue=catalogue, sampling=sampling
    )
    return result


def estimate_derived(
    cluster: Cluster,
    derived: Derived | None,
    *,
    basis: str | None = None,
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
) -> tuple[Estimate, dict[str, tuple[Array, Pct | None]]]:
    """Estimate a cluster and figures derived from its totals in the same passes.

    Parameters
    ----------
    cluster, basis, sparse, catalogue, sampling
        As for :func:`estimate`.
    derived
        Figures computed from the cluster totals (see
        :class:`~computescale.sampling.Derived`), or None.

    Returns
    -------
    tuple
        The estimate, and for each derived figure its ``[low, high]`` and, when
        sampled, its p5/p50/p95.
    """
    cat = the_catalogue(catalogue)
    basis = checked_arguments(cluster, basis, sparse, sampling)
    running = Accumulator((cluster.assumptions, cat, basis, sparse), sampling, incremental=False)
    running.add(cluster.fleets)
    return running.estimate(cluster, derived)


class Accumulator:
    """The one driver of the engine: fleets added in turn, an estimate at any point.

    :func:`estimate_derived` adds a cluster's fleets at once;
    :func:`computescale.timeline.estimate_timeline` adds each phase's new fleets and
    asks for an estimate after each, so that a build-out computes every fleet once. It
    holds what the passes give for the fleets so far: each member's figures and bounds,
    the totals, the reasons of missing figures, the notes.

    Parameters
    ----------
    setup
        Assumptions, catalogue, basis and sparsity, as every fleet is filled with.
    sampling
        How to sample, or None for bounds only.
    incremental
        Sample the fleets as they are added, while their samples fit one chunk
        (:func:`computescale.sampling.chunk_size`), so that the next estimate only draws the
        new fleets' samples; False samples the whole cluster at each estimate (as one
        estimate does; figures derived from the totals are then sampled with it).
    """

    def __init__(self, setup: Setup, sampling: Sampling | None, *, incremental: bool) -> None:
        self.setup = setup
        self.sampling = sampling
        self.fleets: list[Fleet | SplitFleet] = []
        self.units: list[tuple[PerAccelerator, Fleet | SplitFleet]] = []
        self.members: list[dict[str, Array | None]] = []
        self.member_pct: list[dict[str, Pct]] = []
        self.fleet_estimates: list[FleetEstimate] = []
        self.totals: dict[str, Array | None] = {}
        self.missing: dict[str, str] = {}
        self.notes: list[str] = []
        self.seen: set[str] = set()
        self.run: SampleRun | None = None  # incremental, while the samples fit one chunk
        self.incremental = incremental and sampling is not None

    @property
    def count(self) -> int:
        """Number of fleets so far [1]."""
        return len(self.fleets)

    def leads_to(self, fleets: Sequence[Fleet | SplitFleet]) -> bool:
        """Return whether ``fleets`` starts with the fleets so far (the same or equal).

        True for a phase that adds fleets, and for a full list that repeats the
        previous one before its new fleets: either goes on from here.
        """
        n = self.count
        return len(fleets) >= n and all(
            a is b or a == b for a, b in zip(fleets[:n], self.fleets, strict=True)
        )

    def add(self, fleets: Sequence[Fleet | SplitFleet]) -> None:
        """Add fleets: their figures, bounds and (incremental, one-chunk) samples."""
        filled = fill_fleets(fleets, self.count, self.setup, BoundsInputs())
        start = None if not self.fleets else (self.totals, self.missing)
        self.totals, members, self.missing = bounds_pass(filled, start)
        self.fleets.extend(fleets)
        self.members.extend(members)
        for fleet, units, _counts in filled:
            self.units.extend((unit, fleet) for unit in units)
        if self.incremental and self.sampling is not None:
            if self.sampling.samples <= chunk_size(largest_split(self.fleets)):
                if self.run is None:
                    self.run = SampleRun(self.sampling, self.setup)
                self.member_pct.extend(self.run.add(fleets, members))
            else:  # too long for one chunk: from here on each estimate samples on its own
                self.run, self.incremental = None, False
        first = len(self.fleet_estimates)
        for (unit, fleet), bounds, pct in zip(
            self.units[first:], self.members[first:], self._member_pct(first), strict=True
        ):
            self.fleet_estimates.append(_fleet_estimate(unit, fleet, bounds, pct))
            for note in unit.notes:
                if note not in self.seen:
                    self.seen.add(note)
                    self.notes.append(note)

    def _member_pct(self, first: int) -> list[dict[str, Pct]]:
        """Return the members' percentiles from ``first`` on (empty when not kept)."""
        if self.run is None:
            return [{} for _ in self.members[first:]]
        return self.member_pct[first:]

    def estimate(
        self, at: Cluster, derived: Derived | None = None
    ) -> tuple[Estimate, dict[str, tuple[Array, Pct | None]]]:
        """Return the estimate of the cluster ``at``, whose fleets are those so far.

        With ``derived``, also each derived figure's ``[low, high]`` and, when sampled, its
        p5/p50/p95 (see :func:`estimate_derived`).
        """
        _, catalogue, basis, sparse = self.setup
        extra = None if derived is None else (derived, derived.bounds(self.totals, self.missing))
        pct: dict[str, Pct] = {}
        extra_pct: dict[str, Pct] = {}
        fleets: Sequence[FleetEstimate] = self.fleet_estimates
        if self.run is not None:
            pct = self.run.percentiles(self.totals)
        elif self.sampling is not None:
            pct, member_pct, extra_pct = sample_pass(
                at, catalogue, basis, sparse, self.sampling, self.totals, self.members, extra
            )
            fleets = [
                _fleet_estimate(unit, fleet, bounds, p)
                for (unit, fleet), bounds, p in zip(
                    self.units, self.members, member_pct, strict=True
                )
            ]
        result = _assemble(
            at, (basis, sparse), (self.totals, pct), fleets, self.notes, self.missing, self.sampling
        )
        bounds = {} if extra is None else extra[1]
        return result, {k: (v, extra_pct.get(k)) for k, v in bounds.items()}


def checked_arguments(
    cluster: Cluster, basis: str | None, sparse: bool, sampling: Sampling | None
) -> str:
    """Return the basis, canonical, after checking the arguments of an estimate.

    Shared by :func:`estimate_derived` and
    :func:`computescale.timeline.estimate_timeline`, which refuse the same
    arguments alike and in the same order.

    Raises
    ------
    InputError
        For an unknown basis, or an argument of the wrong type
        (:class:`~computescale.errors.ArgumentError`).
    """
    check_type(cluster, Cluster, "cluster", "a Cluster, e.g. from computescale.load_cluster()")
    if basis is None:  # the preset's, else bf16
        method = cluster.assumptions.method
        basis = method.basis if method is not None and method.basis is not None else "bf16"
    check_type(basis, str, "basis", "a format name such as bf16, or tpp")
    try:
        basis = parse_basis(basis)
    except ValueError as exc:
        raise InputError(str(exc), field="basis", fix="use a format name, tpp or 8bit") from None
    check_type(sparse, bool, "sparse", "True or False")
    if sampling is not None:
        check_type(sampling, Sampling, "sampling", "Sampling(samples, seed), or None")
    return basis


def _assemble(
    cluster: Cluster,
    reading: tuple[str, bool],
    totals: tuple[Mapping[str, Array | None], Mapping[str, Pct]],
    fleets: Sequence[FleetEstimate],
    notes: Sequence[str],
    missing: Mapping[str, str],
    sampling: Sampling | None,
) -> Estimate:
    """Return the estimate of a cluster from its totals and its fleets' estimates.

    ``reading`` is the basis and sparsity, ``totals`` the bounds and percentiles of
    every figure, ``notes`` the fleets' notes and ``missing`` the reasons of the
    figures left empty, to which the figures built on them are added
    (:attr:`~computescale.figures.Figure.inherits`); ``sampling`` is how the
    percentiles were drawn, or None.
    """
    a = cluster.assumptions
    missing = dict(missing)
    _inherit_missing(missing, a)
    notes = list(notes)
    if a.method is not None:
        notes.insert(0, a.method.note)
    if a.facility_capex_per_mw is None:
        notes.append(
            "capex: facility construction excluded "
            "(set assumptions.facility_capex_per_mw to include it)"
        )
    if any(f.price_includes == "rack_share" for f in fleets):
        notes.append(
            "capex: rack-scale systems (e.g. GB200/GB300 NVL72) are priced as a share "
            "of the rack, which already includes CPUs, switches and rack infrastructure"
        )
    if any(f.price_includes == "server_share" for f in fleets):
        notes.append(
            "capex: some accelerators are priced as a share of their server, which already "
            "includes CPUs, memory and NICs: no server multiplier on top"
        )
    notes.extend(n for f in cluster.fleets if (n := _count_note(f)) is not None)
    r = _ranges(totals[0], totals[1], fleets_bound(cluster.fleets))
    return Estimate(
        name=cluster.name,
        as_of=cluster.as_of,
        basis=reading[0],
        sparse=reading[1],
        accelerators=r["accelerators"],  # type: ignore[arg-type]
        nodes=r["nodes"],  # type: ignore[arg-type]
        **by_quantity(r),
        fleets=tuple(fleets),
        assumptions=a,
        notes=tuple(notes),
        missing=missing,
        samples=None if sampling is None else sampling.samples,
        seed=None if sampling is None else sampling.seed,
    )


def _ranges(
    values: Mapping[str, Array | None], pct: Mapping[str, Pct], bound: Bound | None
) -> dict[str, Range | None]:
    return {
        k: None if v is None else Range.of(v, unit_of_key(k), pct.get(k), bound)
        for k, v in values.items()
    }


def _count_note(fleet: Fleet | SplitFleet) -> str | None:
    """Say how a fleet's qualified count is read ("more than 100,000"); None for a plain count."""
    q = fleet.qualifier
    if q is None:
        return None
    if isinstance(fleet, SplitFleet):
        name = fleet.label or "split of " + " and ".join(m.accelerator for m in fleet.split)
        text = count_text(fleet.total)
    else:
        name = fleet.label or fleet.accelerator
        w = fleet.written_as
        text = count_text(fleet.count) if w is None else f"{count_text(w.number)} {w.unit}"
    if q == "about":
        return f"{name}: count written as about {text}, taken as {text}"
    return (
        f"{name}: count written as {SIGNS[q]}{text}, so every figure that includes it is "
        f"a{'n' if q == 'at_most' else ''} {BOUND_OF[q]} bound (marked {SIGNS[q].strip()})"
    )


def _inherit_missing(missing: dict[str, str], a: Assumptions) -> None:
    """Give each missing figure's reason to the figures built on it (see Figure.inherits)."""
    for f in FIGURES:
        included = f.included_by is None or getattr(a, f.included_by) is not None
        if f.inherits in missing and included:
            missing.setdefault(f.key, missing[f.inherits])


def _fleet_estimate(
    unit: PerAccelerator,
    fleet: Fleet | SplitFleet,
    values: dict[str, Array | None],
    pct: dict[str, Pct],
) -> FleetEstimate:
    """Return the estimate of one fleet member (a fleet, or one member of a split)."""
    r = _ranges(values, pct, BOUND_OF.get(fleet.qualifier) if fleet.qualifier else None)
    return FleetEstimate(
        accelerator=unit.spec.id,
        system=unit.system,
        label=fleet.label,
        count=r["accelerators"],  # type: ignore[arg-type]
        written_as=fleet.written_as if isinstance(fleet, Fleet) else None,
        formats_used=dict(unit.formats_used),
        **by_quantity(r),
        price_includes=unit.price_includes,
        notes=tuple(unit.notes) + tuple(unit.missing.values()),
        split_total=(
            Range.of((fleet.total.low, fleet.total.high), "")
            if isinstance(fleet, SplitFleet)
            else None
        ),
    )
