"""Build-outs: one estimate per dated phase of a cluster.

Each phase is estimated as :func:`computescale.estimates.estimate` would
estimate it on its own, figure for figure, but a phase that adds fleets
(``add``, or a full list that begins with the previous phase's fleets) starts
from the previous phase's: every fleet's figures are computed once, in the
phase that brings it, and the totals go on from the previous phase's sums. A
build-out then costs about as much as an estimate of its last phase (plus a
little per phase), instead of growing with phases x fleets. Only a phase
whose full list changes an earlier fleet starts over.

A sampled build-out goes on in the same way while its samples fit one chunk
(:func:`computescale.sampling.chunk_size`): a phase's samples are those of the
previous phase, drawn with the same seed, plus the added fleets'. Longer runs
sample every phase from the start, reusing only the bounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from computescale.catalogue import Catalogue, the_catalogue
from computescale.cluster import Cluster, Fleet, SplitFleet
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
from computescale.estimates import (
    Estimate,
    FleetEstimate,
    assemble,
    checked_arguments,
    estimate,
    fleet_estimate,
)
from computescale.sampling import Array, BoundsInputs, Sampling, chunk_size

__all__ = ["PhaseEstimate", "estimate_timeline"]


@dataclass(frozen=True)
class PhaseEstimate:
    """The estimate of a cluster as it stood at one phase.

    Attributes
    ----------
    date
        Date of the phase.
    label
        The phase's label (or its date).
    estimate
        Every figure of the cluster at that date.
    """

    date: dt.date
    label: str
    estimate: Estimate


def estimate_timeline(
    cluster: Cluster,
    *,
    basis: str | None = None,
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
) -> tuple[PhaseEstimate, ...]:
    """Estimate each phase of a build-out.

    Parameters
    ----------
    cluster
        A cluster with ``phases``; a cluster without gives one entry (its
        ``as_of`` date, or today's when it has none).
    basis, sparse, catalogue, sampling
        As for :func:`computescale.estimates.estimate`; every phase is sampled
        with the same seed.

    Returns
    -------
    tuple of PhaseEstimate
        One per phase, in order; each estimate equals
        ``estimate(phase_cluster, ...)`` of that phase's cluster
        (:meth:`~computescale.cluster.Cluster.at_phases`).

    Raises
    ------
    InputError
        For an unknown basis or an argument of the wrong type, as
        :func:`computescale.estimates.estimate` does.
    """
    checked = checked_arguments(cluster, basis, sparse, sampling)
    if not cluster.phases:
        date = cluster.as_of or dt.date.today()
        single = estimate(
            cluster, basis=basis, sparse=sparse, catalogue=catalogue, sampling=sampling
        )
        return (PhaseEstimate(date, date.isoformat(), single),)
    setup: Setup = (
        cluster.assumptions,
        the_catalogue(catalogue),
        checked,
        sparse,
    )
    out: list[PhaseEstimate] = []
    state: _Phases | None = None
    for phase, at in zip(cluster.phases, cluster.at_phases(), strict=True):
        if state is None or not state.leads_to(at.fleets):
            state = _Phases(setup, sampling)
        state.add(at.fleets[state.count :])
        out.append(
            PhaseEstimate(phase.date, phase.label or phase.date.isoformat(), state.estimate(at))
        )
    return tuple(out)


class _Phases:
    """The running state of a build-out, from its last full fleet list on.

    Holds what :func:`computescale.estimates.estimate_derived` computes for the
    fleets so far (each member's figures and bounds, the totals, the notes) so
    that the next phase only adds its own fleets.
    """

    def __init__(self, setup: Setup, sampling: Sampling | None) -> None:
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
        self.run: SampleRun | None = None  # while the samples fit one chunk
        self.one_chunk = sampling is not None

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
        """Add a phase's new fleets: their figures, bounds and (one-chunk) samples."""
        filled = fill_fleets(fleets, self.count, self.setup, BoundsInputs())
        start = None if not self.fleets else (self.totals, self.missing)
        self.totals, members, self.missing = bounds_pass(filled, start)
        self.fleets.extend(fleets)
        self.members.extend(members)
        for fleet, units, _counts in filled:
            self.units.extend((unit, fleet) for unit in units)
        if self.one_chunk and self.sampling is not None:
            if self.sampling.samples <= chunk_size(largest_split(self.fleets)):
                if self.run is None:
                    self.run = SampleRun(self.sampling, self.setup)
                self.member_pct.extend(self.run.add(fleets, members))
            else:  # too long for one chunk: from here on each phase is sampled on its own
                self.run, self.one_chunk = None, False
        first = len(self.fleet_estimates)
        for (unit, fleet), bounds, pct in zip(
            self.units[first:], self.members[first:], self._member_pct(first), strict=True
        ):
            self.fleet_estimates.append(fleet_estimate(unit, fleet, bounds, pct))
            for note in unit.notes:
                if note not in self.seen:
                    self.seen.add(note)
                    self.notes.append(note)

    def _member_pct(self, first: int) -> list[dict[str, Pct]]:
        """Return the members' percentiles from ``first`` on (empty when not kept)."""
        if self.run is None:
            return [{} for _ in self.members[first:]]
        return self.member_pct[first:]

    def estimate(self, at: Cluster) -> Estimate:
        """Return the estimate of the phase cluster ``at``, whose fleets are those so far."""
        pct: dict[str, Pct] = {}
        fleets: Sequence[FleetEstimate] = self.fleet_estimates
        _, catalogue, basis, sparse = self.setup
        if self.run is not None:
            pct = self.run.percentiles(self.totals)
        elif self.sampling is not None:
            pct, member_pct, _ = sample_pass(
                at,
                catalogue,
                basis,
                sparse,
                self.sampling,
                self.totals,
                self.members,
                None,
            )
            fleets = [
                fleet_estimate(unit, fleet, bounds, p)
                for (unit, fleet), bounds, p in zip(
                    self.units, self.members, member_pct, strict=True
                )
            ]
        return assemble(
            at,
            (basis, sparse),
            (self.totals, pct),
            fleets,
            self.notes,
            self.missing,
            self.sampling,
        )
