"""Training budgets: how long a run of C FLOP takes on a cluster, or what D days deliver.

``time = C / (peak x MFU)`` and ``compute = peak x MFU x time``, where ``peak``
is the cluster's dense peak in the training number format (bf16 by default)
and MFU (model FLOP utilisation) is the share of that peak a real run achieves.
The run's energy is facility power x utilisation x time, and its electricity
cost that energy x the electricity price, with the cluster's assumptions.

Bounds: time is decreasing in peak and MFU; energy is increasing in power and
decreasing in peak and MFU; each bound takes every input at the end that
pushes it outward, so the ranges are guaranteed.
"""

from __future__ import annotations

from dataclasses import dataclass

from computescale.catalogue import Catalogue, NumberFormat, parse_format
from computescale.errors import InputError
from computescale.estimate import Estimate, estimate
from computescale.ranges import Range
from computescale.scenario import Bounds, Cluster

__all__ = ["DEFAULT_MFU", "MFU_SOURCE", "TrainingRun", "compute_in", "time_to_train", "train"]

DEFAULT_MFU = Bounds(0.38, 0.43)
"""Default MFU range [1]: BF16 MFU of 38-43 % reported for Llama 3 405B pre-training on
8,192-16,384 H100 GPUs. Typical range 0.2-0.6 (PaLM 540B reported 46.2 % on TPU v4)."""
MFU_SOURCE = (
    "Llama Team, AI @ Meta, The Llama 3 Herd of Models (2024), Table 4: BF16 MFU 38-43 % on "
    "8,192-16,384 H100: https://arxiv.org/abs/2407.21783 ; PaLM (Chowdhery et al. 2022): "
    "46.2 % MFU: https://arxiv.org/abs/2204.02311"
)
SECONDS_PER_DAY = 86_400.0


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
    energy
        Facility energy of the run: facility power x utilisation x duration [Wh].
    electricity_cost
        Cost of that energy [USD].
    """

    cluster: Estimate
    precision: NumberFormat
    mfu: Bounds
    compute: Range
    duration: Range
    energy: Range | None
    electricity_cost: Range | None


def _peak(e: Estimate, precision: NumberFormat) -> tuple[float, float]:
    peak = e.peak_flops[precision]
    if peak is None:
        reason = e.missing.get(f"peak_flops.{precision}", "")
        raise InputError(f"the cluster has no dense {precision} peak: {reason}", field="precision")
    low, high = peak.magnitudes("FLOP/s")
    return low, high


def _check_mfu(mfu: Bounds) -> Bounds:
    if not 0 < mfu.low <= mfu.high <= 1:
        raise InputError(
            f"MFU [{mfu.low:g}, {mfu.high:g}] is out of range",
            field="mfu",
            expected="0 < low <= high <= 1, e.g. 0.35 0.45",
        )
    return mfu


def _run(
    e: Estimate,
    precision: NumberFormat,
    mfu: Bounds,
    flop: tuple[float, float],
    seconds: tuple[float, float],
) -> TrainingRun:
    a = e.assumptions
    energy = cost = None
    if e.power.facility is not None:
        f_low, f_high = e.power.facility.magnitudes("W")
        energy_wh = (
            f_low * a.utilisation.low * seconds[0] / 3600,
            f_high * a.utilisation.high * seconds[1] / 3600,
        )
        energy = Range.of(energy_wh, "Wh")
        cost = Range.of(
            (
                energy_wh[0] * a.electricity_price.low / 1000,
                energy_wh[1] * a.electricity_price.high / 1000,
            ),
            "USD",
        )
    return TrainingRun(
        e, precision, mfu, Range.of(flop, "FLOP"), Range.of(seconds, "s"), energy, cost
    )


def _prepare(
    cluster: Cluster, precision: str, mfu: Bounds, catalogue: Catalogue | None
) -> tuple[Estimate, NumberFormat, float, float, Bounds]:
    """Return the cluster's estimate, the run's format, its peak bounds and the MFU."""
    try:
        fmt = parse_format(precision)
    except ValueError as exc:
        raise InputError(str(exc), field="precision") from None
    m = _check_mfu(mfu)
    e = estimate(cluster, catalogue=catalogue)
    p_low, p_high = _peak(e, fmt)
    return e, fmt, p_low, p_high, m


def _pair(
    value: float | tuple[float, float], field: str, limit: float, expected: str
) -> tuple[float, float]:
    low, high = (value, value) if isinstance(value, int | float) else value
    if not 0 < low <= high <= limit:
        raise InputError(f"{field} {value} is out of range", field=field, expected=expected)
    return float(low), float(high)


def time_to_train(
    cluster: Cluster,
    compute: float | tuple[float, float],
    *,
    mfu: Bounds = DEFAULT_MFU,
    precision: str = "bf16",
    catalogue: Catalogue | None = None,
) -> TrainingRun:
    """Return how long ``compute`` FLOP take on a cluster.

    Parameters
    ----------
    cluster
        The cluster.
    compute
        Training compute, or a (low, high) pair. [FLOP]
    mfu
        Model FLOP utilisation range. [1]
    precision
        Number format of the run (dense peak), bf16 by default.
    catalogue
        Accelerator figures; packaged by default.
    """
    flop = _pair(compute, "compute", 1e40, "a positive number of FLOP such as 1e26")
    e, fmt, p_low, p_high, m = _prepare(cluster, precision, mfu, catalogue)
    seconds = (flop[0] / (p_high * m.high), flop[1] / (p_low * m.low))
    return _run(e, fmt, m, flop, seconds)


def compute_in(
    cluster: Cluster,
    days: float | tuple[float, float],
    *,
    mfu: Bounds = DEFAULT_MFU,
    precision: str = "bf16",
    catalogue: Catalogue | None = None,
) -> TrainingRun:
    """Return how much training compute a cluster delivers in ``days``.

    Parameters
    ----------
    cluster
        The cluster.
    days
        Duration of the run, or a (low, high) pair. [day]
    mfu, precision, catalogue
        As for :func:`time_to_train`.
    """
    span = _pair(days, "days", 36_500, "a positive number of days up to 100 years")
    e, fmt, p_low, p_high, m = _prepare(cluster, precision, mfu, catalogue)
    seconds = (span[0] * SECONDS_PER_DAY, span[1] * SECONDS_PER_DAY)
    flop = (p_low * m.low * seconds[0], p_high * m.high * seconds[1])
    return _run(e, fmt, m, flop, seconds)


def train(
    cluster: Cluster,
    *,
    compute: float | tuple[float, float] | None = None,
    days: float | tuple[float, float] | None = None,
    mfu: Bounds = DEFAULT_MFU,
    precision: str = "bf16",
    catalogue: Catalogue | None = None,
) -> TrainingRun:
    """Answer ``computescale train``: give exactly one of ``compute`` [FLOP] or ``days``.

    See :func:`time_to_train` and :func:`compute_in`.
    """
    if compute is not None and days is None:
        return time_to_train(cluster, compute, mfu=mfu, precision=precision, catalogue=catalogue)
    if days is not None and compute is None:
        return compute_in(cluster, days, mfu=mfu, precision=precision, catalogue=catalogue)
    raise InputError("give either compute or days, not both or neither", field="compute")
