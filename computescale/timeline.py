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

import dataclasses
import datetime as dt
from dataclasses import dataclass

from computescale.catalogue import Catalogue, the_catalogue
from computescale.cluster import Cluster
from computescale.engine.passes import Setup
from computescale.estimates import Accumulator, Estimate, checked_arguments, estimate
from computescale.sampling import Sampling

__all__ = ["PhaseEstimate", "estimate_timeline", "estimate_with_phases"]


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
    running: Accumulator | None = None
    for phase, at in zip(cluster.phases, cluster.at_phases(), strict=True):
        if running is None or not running.leads_to(at.fleets):
            running = Accumulator(setup, sampling, incremental=True)
        running.add(at.fleets[running.count :])
        result, _ = running.estimate(at)
        out.append(PhaseEstimate(phase.date, phase.label or phase.date.isoformat(), result))
    return tuple(out)


def estimate_with_phases(
    cluster: Cluster,
    *,
    basis: str | None = None,
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
) -> tuple[Estimate, tuple[PhaseEstimate, ...]]:
    """Estimate a cluster and, for a build-out, each of its phases.

    A build-out's cluster is its last phase: its estimate is that phase's (named and dated
    as the cluster), not computed a second time. A cluster without phases gives its
    estimate and no phases. Arguments as for :func:`estimate_timeline`.
    """
    if not cluster.phases:
        single = estimate(
            cluster, basis=basis, sparse=sparse, catalogue=catalogue, sampling=sampling
        )
        return single, ()
    phases = estimate_timeline(
        cluster, basis=basis, sparse=sparse, catalogue=catalogue, sampling=sampling
    )
    last = dataclasses.replace(phases[-1].estimate, name=cluster.name, as_of=cluster.as_of)
    return last, phases
