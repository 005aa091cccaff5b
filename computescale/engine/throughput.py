"""Peak throughput: format resolution, aggregation and H100-equivalents.

Functions here are pure and work on numpy arrays of magnitudes in base units
(FLOP/s, or OP/s for int8); a ``[low, high]`` pair is an array of shape (2,),
and the same functions accept arrays of samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from computescale.catalogue import AcceleratorSpec, NumberFormat
from computescale.catalogue.formats import FLOAT_WIDTH, TPP_BITS

__all__ = [
    "Basis",
    "ResolvedPeak",
    "h100_equivalents",
    "resolve_peak",
    "tpp",
]

Array = npt.NDArray[np.float64] | float
"""An array of bounds or samples, or a scalar that broadcasts against them."""
Basis = NumberFormat | Literal["tpp"]


@dataclass(frozen=True)
class ResolvedPeak:
    """The peak rate used for one requested format.

    Attributes
    ----------
    requested
        The format asked for.
    used
        The format whose published figure is used: ``requested`` itself, or
        the fastest wider format the chip supports.
    per_unit
        ``[low, high]`` peak per accelerator [FLOP/s; OP/s for int8].
    note
        Why another format is used, or that the value is a user override.
    """

    requested: NumberFormat
    used: NumberFormat
    per_unit: npt.NDArray[np.float64]
    note: str | None = None


def resolve_peak(
    spec: AcceleratorSpec,
    fmt: NumberFormat,
    *,
    sparse: bool = False,
    override: tuple[float, float] | None = None,
) -> ResolvedPeak | None:
    """Find the peak rate of an accelerator in a format.

    Rule: the published figure of ``fmt`` if there is one; otherwise the
    fastest *wider* floating-point format the chip publishes (an H100 asked
    for fp4 runs it at its fp8 rate), stated in ``note``. Integer and float
    rates never stand in for each other. None when nothing applies.

    Parameters
    ----------
    spec
        The accelerator.
    fmt
        Requested format.
    sparse
        Use 2:4 sparse figures (and only those).
    override
        User-given dense ``(low, high)`` peak for ``fmt`` [FLOP/s].
    """
    if override is not None and not sparse:
        return ResolvedPeak(fmt, fmt, np.array(override, dtype=np.float64), "user override")
    table = spec.peak_tflops_sparse if sparse else spec.peak_tflops_dense
    if fmt in table:
        return ResolvedPeak(fmt, fmt, np.full(2, table[fmt] * 1e12))
    width = FLOAT_WIDTH.get(fmt)
    if width is None:
        return None
    wider = [f for f in table if FLOAT_WIDTH.get(f, 0) > width]
    if not wider:
        return None
    best = max(wider, key=lambda f: table[f])
    kind = "sparse" if sparse else "dense"
    note = f"{spec.id} has no native {fmt}; counted at its {kind} {best} rate"
    return ResolvedPeak(fmt, best, np.full(2, table[best] * 1e12), note)


def tpp(spec: AcceleratorSpec) -> float:
    """Return the export-control Total Processing Performance of one accelerator.

    TPP = dense TOPS x bit length, maximised over the published dense formats
    (ECCN 3A090; sparsity is not counted). An H100 SXM: 1,978.9 x 8 = 15,831.
    """
    return max(rate * TPP_BITS[fmt] for fmt, rate in spec.peak_tflops_dense.items())


def h100_equivalents(total: Array, h100_per_unit: float) -> Array:
    """Return H100-equivalents: a total on some basis / one H100 SXM on that basis [1]."""
    return total / h100_per_unit
