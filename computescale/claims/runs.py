"""A claim about a training run: its figure, the MFU it implies, and how it may be misread.

A run's hours, days or compute depend on one figure no datasheet gives, the MFU. The
figure is recomputed with the default MFU of the run's architecture
(:data:`~computescale.training.MFU_DEFAULTS`) and with the span of published runs
(:data:`~computescale.training.MFU_PLAUSIBLE`), unless the claim gives its run's MFU;
:func:`run_figures` returns both, the MFU (or price per accelerator-hour, or number of
accelerators) the stated value implies, and the readings a writer may have slipped into:
GPU-days for GPU-hours, wall-clock hours for GPU-hours, the published figure of another
run or of a whole family of models, a digit or an SI prefix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from computescale.catalogue import Catalogue
from computescale.claims.implied import (
    Implied,
    divided,
    implied_mfu,
    mfu_basis,
)
from computescale.claims.model import Claim
from computescale.claims.readings import slips
from computescale.cluster import Cluster, Fleet, SplitFleet, plausible_cluster
from computescale.errors import InputError
from computescale.observed import observed
from computescale.ranges import Range
from computescale.sampling import Sampling
from computescale.training import MFU_DEFAULTS, MFU_PLAUSIBLE, TrainingOptions, TrainingRun, train
from computescale.uncertain import Bounds

__all__ = ["RunFigures", "run_figures"]


@dataclass(frozen=True)
class RunFigures:
    """A run claim's figure under the default and the plausible MFU, and what it implies.

    Attributes
    ----------
    default, plausible
        The figure with the default MFU (what outputs show) and with the span of
        published runs; None when it cannot be derived (see ``reason``).
    reason
        Why the figure is missing.
    implied
        The MFU, price per accelerator-hour or number of accelerators the stated value
        implies; None when the figure depends on none of them.
    readings
        ``(rank, reading, figure)`` of every alternative reading of the figure.
    """

    default: Range | None
    plausible: Range | None
    reason: str | None = None
    implied: Implied | None = None
    readings: list[tuple[int, str, Range]] = field(default_factory=list)


def _with_rental_price(cluster: Cluster, price: Bounds) -> Cluster:
    """Return the cluster with one rental price per accelerator-hour for every fleet."""

    def priced(fleet: Fleet | SplitFleet) -> Fleet | SplitFleet:
        if isinstance(fleet, SplitFleet):
            split = tuple(m.model_copy(update={"rental_price": price}) for m in fleet.split)
            return fleet.model_copy(update={"split": split})
        return fleet.model_copy(update={"rental_price": price})

    return cluster.model_copy(
        update={"fleets": tuple(priced(f) for f in cluster.fleets), "phases": ()}
    )


def _run(
    claim: Claim, cluster: Cluster, mfu: Bounds, catalogue: Catalogue, sampling: Sampling | None
) -> TrainingRun:
    spec = claim.run
    assert spec is not None
    options: TrainingOptions = {
        "precision": spec.precision,
        "catalogue": catalogue,
        "sampling": sampling,
        "mfu": mfu,
    }
    if spec.compute is not None:
        return train(cluster, compute=(spec.compute.low, spec.compute.high), **options)
    assert spec.days is not None  # the run has one of them
    return train(cluster, days=(spec.days.low, spec.days.high), **options)


def _figure(claim: Claim, run: TrainingRun) -> Range | None:
    """Return the run's figure of the claim's quantity, in the claim's unit (days in days)."""
    row = claim.row
    value: Range | None = getattr(run, row.figure or row.name)
    if value is None or value.unit == row.unit:
        return value
    lo, hi = value.magnitudes(row.unit)
    return Range.of((lo, hi), row.unit, value.percentiles(row.unit), value.bound)


def run_figures(
    claim: Claim, cluster: Cluster, catalogue: Catalogue, sampling: Sampling | None
) -> RunFigures:
    """Return a run claim's figure, default and plausible, what it implies, and its readings."""
    spec = claim.run
    assert spec is not None
    if spec.rental_price is not None:  # the claim's price for every fleet
        cluster = _with_rental_price(cluster, spec.rental_price)
    default_mfu = spec.mfu or MFU_DEFAULTS[spec.architecture]
    wide_mfu = spec.mfu or MFU_PLAUSIBLE[spec.architecture]
    try:
        run = _run(claim, cluster, default_mfu, catalogue, sampling)
        wide = _run(claim, plausible_cluster(cluster), wide_mfu, catalogue, None)
    except InputError as exc:  # no peak in the run's precision: the figure cannot be derived
        if exc.field != "precision":
            raise
        return RunFigures(None, None, exc.problem)
    found, plausible = _figure(claim, run), _figure(claim, wide)
    if found is None or plausible is None:
        return RunFigures(None, None, run.cluster.missing.get("rental_usd_per_h", "no rental"))
    stated = claim.stated()
    implied = _implied(claim, stated, (found, default_mfu), (plausible, wide_mfu), run, wide)
    return RunFigures(found, plausible, None, implied, list(_readings(claim, found, run)))


def _implied(
    claim: Claim,
    stated: Bounds,
    default: tuple[Range, Bounds],
    plausible: tuple[Range, Bounds],
    run: TrainingRun,
    wide: TrainingRun,
) -> Implied | None:
    """Return what the stated value implies of the one figure the claim's figure rests on.

    The MFU for hours, days or a cost of a given compute, and for the compute of given
    days; the price per accelerator-hour for a cost; the accelerators for the hours of
    given days. None when nothing is left to imply.
    """
    spec = claim.run
    assert spec is not None
    q = claim.quantity
    given = spec.compute is not None
    basis = "the MFU the claim gives" if spec.mfu is not None else mfu_basis(spec.architecture)
    if (q in ("gpu_hours", "training_days") and given) or (q == "training_compute" and not given):
        return implied_mfu(stated, default, plausible, basis, rising=q == "training_compute")
    if q == "training_cost":  # hours x price: the price per accelerator-hour it implies
        return Implied(
            "rental price per accelerator-hour",
            "USD/h",
            divided(stated, wide.accelerator_hours.magnitudes()),
            _hourly(run),
            _hourly(wide),
            "the rental prices of the catalogue or the claim, over the hours of the run "
            + ("at the MFU of published runs" if given else "of the given days"),
            (True, True),
        )
    if q == "gpu_hours":  # days given: the hours are the count's
        days = spec.days
        assert days is not None
        count = run.cluster.accelerators.magnitudes()
        return Implied(
            "accelerators over the run's days",
            "1",
            divided(stated, (days.low * 24, days.high * 24)),
            count,
            count,
            f"the cluster's {count[0]:,.0f} accelerators",
            (False, False),
        )
    return None


def _hourly(run: TrainingRun) -> tuple[float, float]:
    """Return the rental price per accelerator-hour of a run's cluster [USD/h]."""
    rate, count = run.cluster.rental_rate, run.cluster.accelerators.magnitudes()
    assert rate is not None  # a cost was recomputed from it
    return rate.magnitudes()[0] / count[1], rate.magnitudes()[1] / count[0]


def _readings(claim: Claim, found: Range, run: TrainingRun) -> Iterable[tuple[int, str, Range]]:
    """Yield ``(rank, reading, figure)`` for the misreadings of a run's figure."""
    q = claim.quantity
    count = run.cluster.accelerators.magnitudes()
    if q == "gpu_hours":
        yield 1, "accelerator-days given as accelerator-hours (/24)", found.times(1 / 24)
        yield 1, "accelerator-hours given as accelerator-days (x24)", found.times(24.0)
        if count[0] == count[1] and count[0] > 1:
            hours = found.times(1 / count[0])
            yield (
                2,
                f"the run's wall-clock hours given as accelerator-hours (/{count[0]:,.0f})",
                hours,
            )
        yield from _published(claim)
    if q == "training_days":
        yield 1, "hours given as days (x24)", found.times(24.0)
        if count[0] == count[1] and count[0] > 1:
            yield 2, f"accelerator-days given as days (×{count[0]:,.0f})", found.times(count[0])
    out: list[tuple[int, str, Range]] = []

    def add(rank: int, text: str, r: Range | None) -> None:
        if r is not None:
            out.append((rank, text, r))

    slips("", found, ((3, 4), (1, 5), (2, 6)), add)
    yield from out


def _published(claim: Claim) -> Iterable[tuple[int, str, Range]]:
    """Yield the accelerator-hours of published runs, alone and summed by their paper."""
    families: dict[str, list[tuple[str, float]]] = {}
    for r in observed().runs:
        h = r.accelerator_hours
        yield 2, f"the accelerator-hours of another published run: {r.model}", Range.of((h, h), "h")
        families.setdefault(r.source.url, []).append((r.model, h))
    for members in families.values():
        if len(members) > 1:
            total = sum(h for _, h in members)
            names = ", ".join(m for m, _ in members)
            yield (
                2,
                f"the accelerator-hours of every run of one paper: {names}",
                Range.of((total, total), "h"),
            )
