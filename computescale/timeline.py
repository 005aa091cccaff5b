"""Build-outs: one estimate per dated phase of a cluster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from computescale.estimate import Estimate, estimate
from computescale.scenario import Cluster

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


def estimate_timeline(cluster: Cluster, **kwargs: Any) -> tuple[PhaseEstimate, ...]:
    """Estimate each phase of a build-out.

    Parameters
    ----------
    cluster
        A cluster with ``phases``; a cluster without gives one entry (its
        ``as_of`` date, or today's when it has none).
    **kwargs
        Passed to :func:`computescale.estimate.estimate` (basis, samples, ...).
    """
    out = []
    for i, at in enumerate(cluster.at_phases()):
        phase = cluster.phases[i] if cluster.phases else None
        date = at.as_of or dt.date.today()
        label = (phase.label if phase and phase.label else None) or date.isoformat()
        out.append(PhaseEstimate(date, label, estimate(at, **kwargs)))
    return tuple(out)
