"""One cluster estimate: every figure an article might quote, as guaranteed ranges.

:func:`estimate` turns a :class:`~computescale.cluster.Cluster` into a frozen
:class:`Estimate`. Every figure is linear in the accelerator counts with
non-negative per-accelerator coefficients, and every coefficient is increasing
in its inputs, so evaluating at the low and at the high inputs gives guaranteed
bounds. A total split in uncertain shares is bounded exactly: each figure is
maximised (minimised) by giving the free share to the members with the highest
(lowest) per-accelerator value, while the count stays the total.

With ``sampling``, the same functions run again on random draws of every
uncertain input (:mod:`computescale.sampling`); figures are summed sample by
sample before percentiles are taken, so p5/p50/p95 of a total are not the sums
of the fleets' percentiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from computescale.assumptions import Assumptions
from computescale.catalogue import Catalogue, NumberFormat, the_catalogue
from computescale.catalogue.formats import FLOAT_WIDTH
from computescale.cluster import Cluster, Fleet, SplitFleet, WrittenCount, count_text, fleets_bound
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
from computescale.engine.throughput import BASIS_LABELS, parse_basis
from computescale.errors import InputError, check_type
from computescale.figures import COUNTS, FIGURES, QUANTITIES, figure_of, find, unit_of_key
from computescale.notation import format_range, html_table, interval_text, percent_text
from computescale.presets import with_preset
from computescale.qualifiers import BOUND_OF, SIGNS, Bound
from computescale.ranges import Range
from computescale.sampling import Array, BoundsInputs, Derived, Sampling, chunk_size

__all__ = [
    "Accumulator",
    "Capex",
    "Estimate",
    "FleetEstimate",
    "PowerLadder",
    "estimate",
    "estimate_derived",
]


@dataclass(frozen=True)
class PowerLadder:
    """Power at four scopes [W]; None where a figure is missing (see notes).

    Attributes
    ----------
    chip
        Accelerators only: count x TDP.
    hpl
        The whole machine during a Linpack (HPL) run, as TOP500 systems of the same chips
        measured it (CPUs, memory and network included; :mod:`computescale.observed`).
    it
        Servers or racks (CPUs, NICs, switches inside), plus network and storage.
    facility
        IT x PUE: cooling, power conversion and the rest of the building.
    """

    chip: Range | None
    hpl: Range | None
    it: Range | None
    facility: Range | None


@dataclass(frozen=True)
class Linpack:
    """Linpack (HPL) figures as the TOP500 lists them [FLOP/s]; None without FP64 figures.

    Attributes
    ----------
    rpeak
        The FP64 peak a TOP500 entry may count: from the vector rate to the faster of
        vector and tensor (sites differ), per accelerator x count.
    rmax
        A measured HPL run: Rpeak x ``hpl_efficiency`` (0.51-0.85 on the TOP500's GPU
        systems).
    """

    rpeak: Range | None
    rmax: Range | None


@dataclass(frozen=True)
class Capex:
    """Capital cost ranges [USD]; None where a figure is missing (see notes).

    Attributes
    ----------
    accelerators
        Accelerators as priced in the catalogue or fleet (GPU alone, or its
        share of a rack for rack-scale systems).
    hardware
        Servers or racks, cluster network and storage.
    facility
        Facility construction; None when excluded (no cost per MW given).
    total
        hardware + facility (hardware alone when facility is excluded).
    """

    accelerators: Range | None
    hardware: Range | None
    facility: Range | None
    total: Range | None


@dataclass(frozen=True)
class FleetEstimate:
    """The figures of one fleet (or one member of a split).

    Attributes
    ----------
    accelerator
        Canonical catalogue id.
    system
        The kind of system the fleet names (:mod:`computescale.systems`), if any.
    label
        The fleet's label, if any.
    written_as
        The racks, nodes, superchips or pods the count was written in, if any.
    count
        Number of accelerators [1].
    peak_flops
        Aggregate peak per format [FLOP/s; OP/s for int8], dense unless the
        estimate is sparse; None when no published figure applies.
    formats_used
        For each requested format, the format whose figure was used.
    h100_equivalents
        Peak on the estimate's basis / H100 SXM dense peak on that basis [1].
    epoch_h100e
        H100-equivalents on Epoch AI's basis (best dense 8-, 16- or 32-bit rate / the
        H100's 8-bit), to compare with figures in Epoch's terms [1].
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year at the assumed utilisation [Wh].
    annual_electricity_cost
        Cost of that energy [USD].
    capex
        Capital costs [USD].
    rental_rate
        Rental price of the fleet for one hour [USD/h].
    hpl
        Linpack Rpeak and Rmax of the fleet [FLOP/s].
    price_includes
        ``accelerator``, ``server_share`` or ``rack_share``; None without a price.
    notes
        Fallbacks, overrides and missing figures for this fleet.
    split_total
        For a member of a split (:class:`~computescale.cluster.SplitFleet`), the split's
        total: the member's figures range over every share the file allows; None otherwise.
    """

    accelerator: str
    system: str | None
    label: str | None
    count: Range
    written_as: WrittenCount | None
    peak_flops: dict[NumberFormat, Range | None]
    formats_used: dict[NumberFormat, str]
    h100_equivalents: Range | None
    epoch_h100e: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    rental_rate: Range | None
    hpl: Linpack
    price_includes: str | None
    notes: tuple[str, ...]
    split_total: Range | None = None


@dataclass(frozen=True)
class Estimate:
    """Every figure of a cluster, as guaranteed ranges with units.

    Attributes
    ----------
    name, as_of
        From the cluster file.
    basis
        Basis of H100-equivalents: a number format (dense) or ``tpp``.
    sparse
        True when ``peak_flops`` are 2:4 sparse figures; dense otherwise.
    accelerators
        Number of accelerators [1].
    nodes
        Number of server nodes or compute trays: accelerators / accelerators per
        node of each type's reference system [1].
    peak_flops
        Aggregate peak per format [FLOP/s; OP/s for int8]; None when some fleet
        has no applicable figure (see ``missing``).
    h100_equivalents
        Cluster peak on ``basis`` / H100 SXM dense peak on ``basis`` [1].
    epoch_h100e
        H100-equivalents on Epoch AI's basis, whatever ``basis`` is: each chip's best
        dense 8-, 16- or 32-bit rate / the H100's 8-bit rate [1]; reports show it beside
        ``h100_equivalents`` where the two differ by more than 10 %. Dense, as
        ``h100_equivalents`` is.
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year: facility power x utilisation x 8,766 h [Wh].
    annual_electricity_cost
        annual_energy x electricity price [USD].
    capex
        Capital costs [USD].
    rental_rate
        Rental price of every accelerator for one hour, from the catalogue's
        rental prices or the fleets' ``rental_price`` [USD/h].
    hpl
        Linpack Rpeak and Rmax as the TOP500 would list them [FLOP/s].
    fleets
        The same figures per fleet.
    assumptions
        The assumptions used, defaults filled in.
    notes
        Fallbacks, overrides and what each figure includes.
    missing
        For each figure left empty, why, and how to supply it.
    samples, seed
        Monte Carlo samples and seed when the estimate was sampled; every
        range then carries p5/p50/p95.
    """

    name: str
    as_of: dt.date | None
    basis: str
    sparse: bool
    accelerators: Range
    nodes: Range
    peak_flops: dict[NumberFormat, Range | None]
    h100_equivalents: Range | None
    epoch_h100e: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    rental_rate: Range | None
    hpl: Linpack
    fleets: tuple[FleetEstimate, ...]
    assumptions: Assumptions
    notes: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    samples: int | None = None
    seed: int | None = None

    def stand_ins(self, fmt: str) -> str:
        """Say which fleets count a format at another one's rate (``at the fp64 rate on GB300``).

        A chip that publishes no figure for a format runs it at a same-width format's
        rate, else at its fastest wider format's
        (:func:`~computescale.engine.throughput.resolve_peak`): every output that shows a
        number under the format's name says so. Empty when no fleet does.
        """
        used: dict[str, list[str]] = {}
        for f in self.fleets:
            other = f.formats_used.get(fmt)  # type: ignore[call-overload]
            if other is not None and other != fmt and f.accelerator not in used.get(other, []):
                used.setdefault(other, []).append(f.accelerator)
        same = FLOAT_WIDTH.get(fmt)  # type: ignore[call-overload]

        def rate(other: str) -> str:
            width = FLOAT_WIDTH.get(other)  # type: ignore[call-overload]
            return f"same-width {other}" if width is not None and width == same else other

        return "; ".join(f"at the {rate(o)} rate on {', '.join(ids)}" for o, ids in used.items())

    def stand_in_of(self, key: str) -> str:
        """Return the stand-in rate a figure rests on (``at the bf16 rate on Max-1550``), or ''.

        A peak's (``peak_flops.fp16``) by its format; the H100-equivalents' (``h100e``) by the
        basis, when the basis is a format. Every output that shows a figure says this.
        """
        if key.startswith("peak_flops."):
            return self.stand_ins(key.removeprefix("peak_flops."))
        if key == "h100e" and self.basis in self.peak_flops:
            return self.stand_ins(self.basis)
        return ""

    def peak_label(self, fmt: str) -> str:
        """Return the label of the peak in a format, with any stand-in rate it rests on.

        ``peak fp16 (dense)``, or ``peak fp16 (dense, at the bf16 rate on Max-1550)`` when a
        chip publishes no fp16 figure (see :meth:`stand_ins`).
        """
        kind = "sparse" if self.sparse else "dense"
        stand_in = self.stand_ins(fmt)
        return f"peak {fmt} ({kind}{', ' + stand_in if stand_in else ''})"

    @property
    def basis_label(self) -> str:
        """Human label of the H100-equivalent basis, e.g. ``dense bf16``.

        A format basis that some chip runs at another format's rate says so:
        ``dense bf16, at the fp16 rate on Ascend-910B``.
        """
        if self.basis in BASIS_LABELS:
            return BASIS_LABELS[self.basis]
        stand_in = self.stand_ins(self.basis)
        return f"dense {self.basis}" + (f", {stand_in}" if stand_in else "")

    def _repr_html_(self) -> str:
        """Show every figure in a notebook with its basis, and n/a with the reason.

        The texts are the terminal table's (:func:`~computescale.notation.format_range`);
        ``computescale.report.estimate_html`` gives the full page with sources.
        """
        rows = []
        labels = self.labels()
        for f in FIGURES:
            label = labels[f.key]
            value = figure_value(self, f.key)
            if value is not None:
                text = format_range(value)
            elif f.key in self.missing:
                text = f"n/a: {self.missing[f.key]}"
            else:
                text = f"excluded ({f.included_by} not set)"
            rows.append((label, text))
        title = self.name + (f" (as of {self.as_of.isoformat()})" if self.as_of else "")
        return html_table(title, ("figure", "guaranteed range"), rows, self.notes)

    def labels(self) -> dict[str, str]:
        """Return what every table calls each figure, by key, with what it rests on.

        The figure table's template (:attr:`~computescale.figures.Figure.says`) filled with
        this estimate's basis, sparsity and assumptions (``Power: facility (IT x PUE
        1.1–1.3)``); a peak that stands in for a format the chip lacks says so.
        """
        a = self.assumptions
        context = {
            "kind": "sparse" if self.sparse else "dense",
            "basis": self.basis_label,
            "network_share": percent_text(a.network_share),
            "pue": interval_text(a.pue),
            "utilisation": percent_text(a.utilisation),
            "electricity_price": interval_text(a.electricity_price),
            "hpl_efficiency": percent_text(a.hpl_efficiency),
            "facility": "facility construction "
            + ("excluded" if a.facility_capex_per_mw is None else "included"),
        }
        out: dict[str, str] = {}
        for f in FIGURES:
            if f.says:
                label = f.says.format(scope=f.scope, unit=f.unit, **context)
            else:
                label = f"{f.label[:1].upper()}{f.label[1:]}" + (f" ({f.unit})" if f.unit else "")
            said = self.stand_ins(f.scope or "") if f.quantity.name == "peak_flops" else ""
            out[f.key] = f"{label[:-1]}, {said})" if said else label  # a peak's ends in ")"
        return out

    def figure(self, quantity: str, scope: str | None = None) -> Range | None:
        """Return one figure by quantity and scope; None when it is missing or excluded.

        Parameters
        ----------
        quantity
            A quantity of :data:`computescale.figures.QUANTITIES`: ``accelerators``,
            ``nodes``, ``peak_flops``, ``h100_equivalents``, ``power``, ``energy``,
            ``electricity_cost`` or ``capex``.
        scope
            The scope (``chip``, ``it`` or ``facility`` power; ``accelerators``,
            ``hardware``, ``facility`` or ``total`` capex) or, for ``peak_flops``,
            the number format; the quantity's default (facility, total, bf16)
            when None.

        Raises
        ------
        KeyError
            For an unknown quantity, or a scope it is not reported at.
        """
        return figure_value(self, find(quantity, scope).key)

    def missing_reason(self, quantity: str, scope: str | None = None) -> str | None:
        """Return why a figure is missing and how to supply it; None when it is not."""
        return self.missing.get(find(quantity, scope).key)


def figure_value(e: Estimate | FleetEstimate, key: str) -> Range | None:
    """Return the figure of a key (``facility_w``) from an estimate or a fleet's."""
    f = figure_of(key)
    if f.quantity.name == "accelerators":
        return e.accelerators if isinstance(e, Estimate) else e.count
    held = getattr(e, f.quantity.attribute_name)
    if f.scope is None:
        return cast("Range | None", held)
    if isinstance(held, dict):
        return cast("Range | None", held[f.scope])
    return cast("Range | None", getattr(held, f.scope))


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
        **_figures(r),
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


_CONTAINERS: dict[str, Any] = {
    "peak_flops": dict,
    "power": PowerLadder,
    "capex": Capex,
    "hpl": Linpack,
}
"""The type holding each scoped quantity's figures on an estimate."""


def _figures(r: dict[str, Range | None]) -> dict[str, Any]:
    """Return the figures an estimate and a fleet estimate share, from keyed ranges."""
    out: dict[str, Any] = {}
    for q in QUANTITIES.values():
        figures = [f for f in FIGURES if f.quantity is q]
        if q.name in COUNTS or not figures:
            continue
        if q.scopes:
            out[q.attribute_name] = _CONTAINERS[q.name](
                **{f.scope or "": r[f.key] for f in figures}
            )
        else:
            out[q.attribute_name] = r[figures[0].key]
    return out


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
        **_figures(r),
        price_includes=unit.price_includes,
        notes=tuple(unit.notes) + tuple(unit.missing.values()),
        split_total=(
            Range.of((fleet.total.low, fleet.total.high), "")
            if isinstance(fleet, SplitFleet)
            else None
        ),
    )
