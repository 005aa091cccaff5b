"""Training budgets: how long a run of C FLOP takes on a cluster, or what D days deliver.

``time = C / (peak x MFU)`` and ``compute = peak x MFU x time``, where ``peak``
is the cluster's dense peak in the training number format (bf16 by default)
and MFU (model FLOP utilisation) is the share of that peak a real run achieves.
The run's energy is facility power x utilisation x time, and its electricity
cost that energy x the electricity price, with the cluster's assumptions.

Bounds: time is decreasing in peak and MFU; energy is increasing in power and
decreasing in peak and MFU; each bound takes every input at the end that
pushes it outward, so the ranges are guaranteed.

Likely ranges (``sampling=``): each sample of the cluster's peak and annual energy
(:func:`computescale.estimates.estimate_derived`) makes one run, with MFU and a
ranged compute or duration drawn uniformly, so the percentiles keep the
correlations the bounds must ignore.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict

import numpy as np

from computescale.catalogue import Catalogue, NumberFormat, parse_format
from computescale.catalogue.formats import is_integer
from computescale.cluster import Cluster
from computescale.engine.power import HOURS_PER_YEAR
from computescale.errors import ArgumentError, InputError, check_type
from computescale.estimates import Estimate, estimate_derived
from computescale.figures import RUN_FIGURES, find
from computescale.qualifiers import Bound
from computescale.ranges import Range
from computescale.sampling import Array, SampleInputs, Sampling, Value
from computescale.uncertain import Bounds

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "DEFAULT_MFU",
    "MFU_DEFAULTS",
    "MFU_PLAUSIBLE",
    "MFU_SOURCE",
    "Architecture",
    "TrainingOptions",
    "TrainingRun",
    "compute_in",
    "time_to_train",
    "train",
]

Architecture = Literal["dense", "moe"]
"""A dense model, or a mixture of experts (a share of the parameters active per token)."""

MFU_DEFAULTS: dict[Architecture | None, Bounds] = {
    "dense": Bounds(0.18, 0.44),
    "moe": Bounds(0.15, 0.22),
    None: Bounds(0.15, 0.41),
}
"""The default MFU of a run by architecture (None: not known) [1]: the 10th to 90th
percentile of the MFU over the whole run (stalls and restarts included) of the published
runs of the observed table (:func:`computescale.observed.mfu`), widened outwards to two
decimals; a test keeps them equal to the table."""
MFU_PLAUSIBLE: dict[Architecture | None, Bounds] = {
    "dense": Bounds(0.13, 0.52),
    "moe": Bounds(0.15, 0.23),
    None: Bounds(0.13, 0.52),
}
"""The plausible MFU by architecture: the lowest to the highest of the same runs [1]."""
DEFAULT_MFU = MFU_DEFAULTS["dense"]
"""The MFU of a run when neither its MFU nor its architecture is given: a dense model's."""
MFU_SOURCE = (
    "the published training runs of computescale's observed table (data/observed.yaml: "
    "papers and model cards, e.g. Llama 2 and 3, PaLM, BLOOM, DeepSeek, Llama 4), MFU = 6 x "
    "active parameters x tokens / (accelerator-hours x the dense peak): the middle 80 % of "
    "the runs of the architecture; Llama 3.1 405B reported 38-43 % in its fastest stages "
    "(https://arxiv.org/abs/2407.21783) and 35 % over the whole run"
)
SECONDS_PER_DAY = 86_400.0
SECONDS_PER_YEAR = HOURS_PER_YEAR * 3600.0
"""The year of the cluster's annual energy and electricity figures (8,766 h)."""
_YEAR = (find("energy").key, find("electricity_cost").key)
"""Keys of the cluster's energy and electricity cost per year; a run takes its share."""
_HOURLY = (find("accelerators").key, find("rental_rate").key)
"""Keys of the cluster's accelerators and rental price per hour; a run takes its hours."""
SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class TrainingRun:
    """A training run on a cluster.

    Attributes
    ----------
    cluster
        The cluster's estimate (its peak, power and prices).
    precision
        Number format of the run's peak (dense).
    mfu
        Model FLOP utilisation range used [1].
    compute
        Training compute [FLOP].
    duration
        Wall-clock time of the run [s] (``.to("day")`` for days).
    accelerator_hours
        Accelerators x duration: the GPU-hours (chip-hours) of the run [h].
    energy
        Facility energy of the run: facility power x utilisation x duration [Wh].
    electricity_cost
        Cost of that energy [USD].
    rental_cost
        Rental of every accelerator for the duration, at the catalogue's rental
        prices or the fleets' ``rental_price`` [USD]; None without a price.
    samples, seed
        Monte Carlo samples and seed when the run was sampled; every range then
        carries p5/p50/p95, computed sample by sample from the same draws as the
        cluster's figures.
    """

    cluster: Estimate
    precision: NumberFormat
    mfu: Bounds
    compute: Range
    duration: Range
    accelerator_hours: Range
    energy: Range | None
    electricity_cost: Range | None
    rental_cost: Range | None
    samples: int | None = None
    seed: int | None = None


@dataclass(frozen=True)
class _Run:
    """The run's figures from the cluster totals (a :class:`~computescale.sampling.Derived`).

    ``given`` is the training compute [FLOP] when the duration is asked
    (``asked == "duration"``), or the duration [s] when the compute is asked.
    Duration falls with peak and MFU, compute rises with them, energy and
    electricity rise with the cluster's annual figures and the duration: the low
    bound takes each input at the end that lowers the figure.
    """

    precision: NumberFormat
    mfu: Bounds
    given: Bounds
    asked: Literal["duration", "compute"]

    def _figures(
        self,
        peak: Value,
        mfu: Value,
        given: Value,
        year: tuple[Value, Value] | None,
        hourly: tuple[Value, Value | None],
    ) -> dict[str, Value]:
        if self.asked == "duration":
            flop, seconds = given, given / (peak * mfu)
        else:
            flop, seconds = peak * mfu * given, given
        hours = seconds / SECONDS_PER_HOUR
        out = {"compute": flop, "duration": seconds, "accelerator_hours": hourly[0] * hours}
        if year is not None:  # the cluster's energy and electricity per year
            out["energy"] = year[0] * seconds / SECONDS_PER_YEAR
            out["electricity_cost"] = year[1] * seconds / SECONDS_PER_YEAR
        if hourly[1] is not None:  # the cluster's rental price per hour
            out["rental_cost"] = hourly[1] * hours
        return out

    def bounds(
        self, totals: Mapping[str, Array | None], missing: Mapping[str, str]
    ) -> dict[str, Array]:
        """Return ``[low, high]`` of each figure.

        Raises
        ------
        InputError
            When the cluster has no peak in the run's format (before any sampling).
        """
        key = find("peak_flops", self.precision).key
        peak = totals[key]
        if peak is None:
            raise InputError(
                f"the cluster has no dense {self.precision} peak: {missing.get(key, '')}",
                field="precision",
            )
        energy, cost = (totals[k] for k in _YEAR)
        count, rental = (totals[k] for k in _HOURLY)
        assert count is not None  # every cluster counts its accelerators
        ends = []
        for i in (0, 1):
            j = 1 - i if self.asked == "duration" else i  # duration: high peak gives low time
            mfu = (self.mfu.low, self.mfu.high)[j]
            year = None if energy is None or cost is None else (energy[i], cost[i])
            hourly = (count[i], None if rental is None else rental[i])
            given = (self.given.low, self.given.high)[i]
            ends.append(self._figures(peak[j], mfu, given, year, hourly))
        return {k: np.array([ends[0][k], ends[1][k]], dtype=np.float64) for k in ends[0]}

    def sample(self, sums: Mapping[str, Value], inputs: SampleInputs) -> dict[str, Value]:
        """Return the figures for one chunk of samples of the cluster totals."""
        # present: bounds() refused a cluster without it
        peak = sums[find("peak_flops", self.precision).key]
        energy, cost = (sums.get(k) for k in _YEAR)
        year = None if energy is None or cost is None else (energy, cost)
        count, rental = (sums.get(k) for k in _HOURLY)
        assert count is not None  # every cluster counts its accelerators
        mfu = inputs.uncertain(self.mfu, "training.mfu")
        given = inputs.uncertain(self.given, "training.given")
        return self._figures(peak, mfu, given, year, (count, rental))


MIN_MFU = 1e-3
"""Lowest MFU accepted [1]: below 0.1 % a "training run" is not one, and durations overflow."""


def _check_mfu(mfu: Bounds) -> Bounds:
    check_type(mfu, Bounds, "mfu", "Bounds(low, high), e.g. Bounds(0.35, 0.45)")
    if mfu.low > mfu.high:  # refused, never sorted: a swapped pair may be a typo of another
        raise InputError(
            f"MFU low {mfu.low:g} is above high {mfu.high:g}",
            field="mfu",
            expected="low then high, e.g. 0.35 0.45",
            fix="swap the two values",
        )
    if not MIN_MFU <= mfu.low <= mfu.high <= 1:
        raise InputError(
            f"MFU [{mfu.low:g}, {mfu.high:g}] is out of range",
            field="mfu",
            expected=f"{MIN_MFU:g} <= low <= high <= 1, e.g. 0.35 0.45",
        )
    return mfu


def _pair(
    value: float | tuple[float, float], field: str, limit: float, expected: str
) -> tuple[float, float]:
    check_type(value, (int, float, tuple, list), field, expected)
    pair = (value, value) if isinstance(value, int | float) else tuple(value)
    if len(pair) != 2:
        raise InputError(f"{field} needs one value or two (low, high)", field=field)
    low, high = pair
    check_type(low, (int, float), field, expected)
    check_type(high, (int, float), field, expected)
    if not 0 < low <= high <= limit:
        raise InputError(f"{field} {value} is out of range", field=field, expected=expected)
    return float(low), float(high)


def _flop(compute: float | tuple[float, float]) -> tuple[float, float]:
    """Return a training compute as checked bounds [FLOP]."""
    return _pair(compute, "compute", 1e40, "a positive number of FLOP such as 1e26")


def _seconds(days: float | tuple[float, float]) -> tuple[float, float]:
    """Return a duration in days as checked bounds in seconds [s]."""
    span = _pair(days, "days", 36_500, "a positive number of days up to 100 years")
    return span[0] * SECONDS_PER_DAY, span[1] * SECONDS_PER_DAY


class TrainingOptions(TypedDict, total=False):
    """The keyword arguments that :func:`train`, :func:`time_to_train` and :func:`compute_in` share.

    Each may be left out; its default is applied in one place for the three.

    Attributes
    ----------
    mfu
        Model FLOP utilisation range [1], drawn from its distribution when
        sampled; by default the architecture's (:data:`MFU_DEFAULTS`). Low above
        high is refused.
    architecture
        ``dense`` (the default) or ``moe`` (a mixture of experts): the default MFU.
    precision
        Number format of the run (dense peak), ``bf16`` by default.
    catalogue
        Accelerator figures; the packaged catalogue by default.
    sampling
        Monte Carlo samples and seed (:class:`~computescale.sampling.Sampling`):
        every figure of the run gets a likely range p5/p50/p95, as for
        :func:`computescale.estimates.estimate`. None (the default) gives bounds only.
    """

    mfu: Bounds
    architecture: Architecture
    precision: str
    catalogue: Catalogue | None
    sampling: Sampling | None


def _simulate(
    cluster: Cluster,
    given: tuple[float, float],
    asked: Literal["duration", "compute"],
    options: TrainingOptions,
    caller: str,
) -> TrainingRun:
    """Return the run: ``given`` is compute [FLOP] or duration [s], as ``asked`` says.

    ``options`` are those of ``caller`` (a function's name, for messages), defaults
    filled in here.
    """
    unknown = sorted(set(options) - TrainingOptions.__optional_keys__)
    if unknown:
        raise ArgumentError(
            f"{caller}() got an unexpected keyword argument {unknown[0]!r}",
            field=unknown[0],
            expected=f"one of {', '.join(sorted(TrainingOptions.__optional_keys__))}",
            fix="pass sampling=Sampling(samples, seed) for Monte Carlo samples"
            if unknown[0] in ("samples", "seed")
            else None,
        )
    architecture = options.get("architecture", "dense")
    if architecture not in ("dense", "moe"):
        raise InputError(
            f"unknown architecture {architecture!r}", field="architecture", expected="dense or moe"
        )
    mfu = options.get("mfu", MFU_DEFAULTS[architecture])
    precision = options.get("precision", "bf16")
    sampling = options.get("sampling")
    try:
        fmt = parse_format(precision)
    except ValueError as exc:
        raise InputError(str(exc), field="precision") from None
    if is_integer(fmt):
        raise InputError(
            f"training compute is counted in FLOP, and {fmt} peaks are in OP/s",
            field="precision",
            fix="use a floating-point format such as bf16 or fp8",
        )
    run = _Run(fmt, _check_mfu(mfu), Bounds(*given), asked)
    e, figures = estimate_derived(
        cluster, run, catalogue=options.get("catalogue"), sampling=sampling
    )
    r = {
        k: None
        if k not in figures
        else Range.of(figures[k][0], unit, figures[k][1], _bound(k, asked, e.accelerators.bound))
        for k, unit in RUN_FIGURES.items()
    }
    return TrainingRun(
        e,
        fmt,
        run.mfu,
        r["compute"],  # type: ignore[arg-type]
        r["duration"],  # type: ignore[arg-type]
        r["accelerator_hours"],  # type: ignore[arg-type]
        r["energy"],
        r["electricity_cost"],
        r["rental_cost"],
        e.samples,
        e.seed,
    )


def _bound(key: str, asked: str, counted: Bound | None) -> Bound | None:
    """Return the bound a run's figure takes from a cluster counted as a lower or upper bound.

    With the compute given, the duration falls as accelerators are added (a lower bound
    on the count is an upper bound on the days) and the rest does not depend on the count;
    with the duration given, the compute and what it costs grow with the count.
    """
    if counted is None or (key == "duration" and asked == "compute"):
        return None
    if asked == "duration":
        return ("upper" if counted == "lower" else "lower") if key == "duration" else None
    return counted


def time_to_train(
    cluster: Cluster,
    compute: float | tuple[float, float],
    **options: Unpack[TrainingOptions],
) -> TrainingRun:
    """Return how long ``compute`` FLOP take on a cluster.

    Parameters
    ----------
    cluster
        The cluster.
    compute
        Training compute, or a (low, high) pair, drawn uniformly when sampled. [FLOP]
    **options
        ``mfu``, ``precision``, ``catalogue`` and ``sampling``: see
        :class:`TrainingOptions`.
    """
    return _simulate(cluster, _flop(compute), "duration", options, "time_to_train")


def compute_in(
    cluster: Cluster,
    days: float | tuple[float, float],
    **options: Unpack[TrainingOptions],
) -> TrainingRun:
    """Return how much training compute a cluster delivers in ``days``.

    Parameters
    ----------
    cluster
        The cluster.
    days
        Duration of the run, or a (low, high) pair, drawn uniformly when sampled. [day]
    **options
        As for :func:`time_to_train`.
    """
    return _simulate(cluster, _seconds(days), "compute", options, "compute_in")


def train(
    cluster: Cluster,
    *,
    compute: float | tuple[float, float] | None = None,
    days: float | tuple[float, float] | None = None,
    **options: Unpack[TrainingOptions],
) -> TrainingRun:
    """Answer ``computescale train``: give exactly one of ``compute`` [FLOP] or ``days``.

    See :func:`time_to_train` and :func:`compute_in`; ``**options`` as there.
    """
    asked: Literal["duration", "compute"]
    if compute is not None and days is None:
        given, asked = _flop(compute), "duration"
    elif days is not None and compute is None:
        given, asked = _seconds(days), "compute"
    else:
        raise InputError("give either compute or days, not both or neither", field="compute")
    return _simulate(cluster, given, asked, options, "train")
