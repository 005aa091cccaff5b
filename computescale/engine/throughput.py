"""Peak throughput per accelerator: which published rate applies, TPP and H100-equivalents.

Functions here are pure and work on numpy arrays of magnitudes in base units
(FLOP/s, or OP/s for int8); a ``[low, high]`` pair is an array of shape (2,),
and the same functions accept arrays of samples.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

import numpy as np

from computescale.catalogue import FORMATS, AcceleratorSpec, NumberFormat
from computescale.catalogue.formats import FLOAT_WIDTH, TPP_BITS, parse_format
from computescale.sampling import Array, Value

__all__ = [
    "BASES",
    "BASIS_LABELS",
    "COMBINED_BASES",
    "EIGHT_BIT",
    "EPOCH",
    "EPOCH_FORMATS",
    "TPP",
    "ResolvedPeak",
    "eight_bit_rate",
    "epoch_rate",
    "h100_equivalents",
    "hpl_rmax",
    "hpl_rpeak",
    "narrower_published",
    "parse_basis",
    "peak_format",
    "resolve_peak",
    "tpp",
    "tpp_rate",
]

TPP = "tpp"
"""The export-control basis of H100-equivalents (Total Processing Performance)."""
EIGHT_BIT = "8bit"
"""A basis of H100-equivalents: the best dense 8-bit rate, fp8 or int8."""
EPOCH = "epoch"
"""The basis of Epoch AI's H100-equivalents: a chip's best dense rate of 8, 16 or 32 bits (its
"8-bit OP/s", which for a chip without 8-bit units is its 16-bit rate) / the H100's 8-bit
rate (Epoch AI, ai-chip-counts, staging/chip_types.csv and docs/schema.md)."""
BASES: tuple[str, ...] = (*FORMATS, TPP, EIGHT_BIT, EPOCH)
"""Every basis of H100-equivalents: a number format (dense), :data:`TPP`, :data:`EIGHT_BIT`
or :data:`EPOCH`."""
BASIS_LABELS = {
    TPP: "export-control TPP",
    EIGHT_BIT: "dense 8-bit: the better of fp8 and int8",
    EPOCH: "Epoch AI's: the best dense 8-, 16- or 32-bit rate / the H100's 8-bit",
}
"""How reports name the bases that combine several formats' rates."""


def parse_basis(text: str) -> str:
    """Return the canonical name of a basis of H100-equivalents (``BF16`` is ``bf16``).

    Raises
    ------
    ValueError
        Naming the known formats, for anything that is neither a format nor ``tpp``.
    """
    key = text.strip().lower()
    return key if key in (TPP, EIGHT_BIT, EPOCH) else parse_format(text)


@dataclass(frozen=True)
class ResolvedPeak:
    """The peak rate used for one requested format.

    Attributes
    ----------
    requested
        The format asked for.
    used
        The format whose published figure is used: ``requested`` itself, a
        format of the same width, or the fastest wider format the chip supports.
    per_unit
        ``[low, high]`` peak per accelerator [FLOP/s; OP/s for int8].
    note
        Why another format is used, or that the value is a user override.
    """

    requested: NumberFormat
    used: NumberFormat
    per_unit: Array
    note: str | None = None


def resolve_peak(
    spec: AcceleratorSpec,
    fmt: NumberFormat,
    *,
    sparse: bool = False,
    override: tuple[float, float] | None = None,
) -> ResolvedPeak | None:
    """Find the peak rate of an accelerator in a format.

    Rule: the published figure of ``fmt`` if there is one; otherwise a format of
    the same width (fp16 at the bf16 rate: the same work on the same units), else
    the fastest *wider* floating-point format the chip publishes (an H100 asked
    for fp4 runs it at its fp8 rate), stated in ``note``, unless the chip publishes
    a narrower float format (:func:`narrower_published`). Integer and float rates
    never stand in for each other. None when nothing applies.

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
    rates = spec.peak_rates(sparse=sparse)
    if fmt in rates:
        return ResolvedPeak(fmt, fmt, np.full(2, rates[fmt]))
    width = FLOAT_WIDTH.get(fmt)
    if width is None:
        return None
    kind = "sparse" if sparse else "dense"
    same = [f for f in rates if FLOAT_WIDTH.get(f) == width]
    if same:  # fp16 at bf16's rate, fp64 on tensor units at the vector rate: the same work
        best = max(same, key=lambda f: rates[f])
        note = f"{spec.id} has no native {fmt}; counted at its {kind} {best} rate (same width)"
        return ResolvedPeak(fmt, best, np.full(2, rates[best]), note)
    if narrower_published(spec, fmt, sparse=sparse):
        return None  # a wider rate would understate it: see narrower_published
    wider = [f for f in rates if FLOAT_WIDTH.get(f, 0) > width]
    if not wider:
        return None
    best = max(wider, key=lambda f: rates[f])
    note = f"{spec.id} has no native {fmt}; counted at its {kind} {best} rate"
    return ResolvedPeak(fmt, best, np.full(2, rates[best]), note)


def narrower_published(
    spec: AcceleratorSpec, fmt: NumberFormat, *, sparse: bool = False
) -> NumberFormat | None:
    """Return the fastest float format narrower than ``fmt`` that the chip publishes, or None.

    Where there is one, no wider rate stands in for ``fmt``: a chip with narrow formats
    runs ``fmt`` on their units, and a wider figure may be another unit's (AMD's MI450X
    publishes fp8 at 20,000 TFLOP/s and an fp32 vector rate of 315, which would put its bf16
    at a 60th of what it is). The format is then n/a, with this reason.
    """
    width = FLOAT_WIDTH.get(fmt)
    if width is None:
        return None
    rates = spec.peak_rates(sparse=sparse)
    narrower = [f for f in rates if FLOAT_WIDTH.get(f, width) < width]
    if not narrower:
        return None
    fastest: NumberFormat = max(narrower, key=rates.__getitem__)
    return fastest


def tpp_rate(rates: Iterable[tuple[NumberFormat, Value]]) -> Value:
    r"""Return the bit-weighted peak of export-control TPP: the largest rate x bit length.

    .. math:: R_\mathrm{TPP} = \max_f \; R_f \cdot b_f

    Parameters
    ----------
    rates
        ``(format, dense peak)`` pairs of one accelerator. [FLOP/s or OP/s]

    Returns
    -------
    Value
        The largest product. [bit FLOP/s]; TPP itself is this over 10^12.
    """
    return reduce(np.maximum, [np.multiply(rate, TPP_BITS[fmt]) for fmt, rate in rates])


def eight_bit_rate(rates: Iterable[tuple[NumberFormat, Value]]) -> Value | None:
    r"""Return the best dense 8-bit rate: fp8 or int8, whichever is faster.

    .. math:: R_\mathrm{8bit} = \max(R_\mathrm{fp8}, R_\mathrm{int8})

    Epoch AI counts H100-equivalents on this rate (an H100: 1,979 TOP/s).

    Parameters
    ----------
    rates
        ``(format, dense peak)`` pairs of one accelerator. [FLOP/s or OP/s]

    Returns
    -------
    Value or None
        The best 8-bit rate [OP/s]; None for a chip without an 8-bit format.
    """
    eight = [rate for fmt, rate in rates if fmt in ("fp8", "int8")]
    return reduce(np.maximum, eight) if eight else None


def epoch_rate(rates: Iterable[tuple[NumberFormat, Value]]) -> Value | None:
    r"""Return Epoch AI's rate of a chip: its best dense rate of 8, 16 or 32 bits.

    .. math:: R_\mathrm{Epoch} = \max_{f \in \{fp8, int8, bf16, fp16, tf32, fp32\}} R_f

    On every chip the 8-bit rate, where there is one, is the fastest: the maximum is the
    8-bit rate, else the 16-bit one, else the 32-bit one (TPU v3: 123 TFLOP/s bf16, which
    Epoch's table lists as its "8-bit OP/s").

    Returns
    -------
    Value or None
        [FLOP/s or OP/s]; None for a chip with none of these formats (FP64 only).
    """
    eligible = [rate for fmt, rate in rates if fmt in EPOCH_FORMATS]
    return reduce(np.maximum, eligible) if eligible else None


def peak_format(basis: str) -> NumberFormat:
    """Return the number format whose peak goes with a basis (tables show it beside H100e).

    The basis's own format; bf16 for TPP; fp8 for the 8-bit bases (8bit, epoch).
    """
    if basis in (EIGHT_BIT, EPOCH):
        return "fp8"
    return basis if basis in FORMATS else "bf16"


EPOCH_FORMATS: frozenset[NumberFormat] = frozenset({"fp8", "int8", "bf16", "fp16", "tf32", "fp32"})
"""The formats of Epoch AI's basis: 8, 16 and 32 bits (fp64 is not counted)."""

COMBINED_BASES = {TPP: tpp_rate, EIGHT_BIT: eight_bit_rate, EPOCH: epoch_rate}
"""The bases whose rate combines several formats, and the rate of each."""


def hpl_rpeak(vector: Value, fastest: Value, share: Value) -> Value:
    r"""Return the FP64 peak a TOP500 entry counts per accelerator.

    .. math:: R_\mathrm{peak} = R_\mathrm{fp64} + s \, (R_\mathrm{fastest} - R_\mathrm{fp64})

    TOP500 sites submit their own Rpeak, and for the same chip some count the FP64
    vector rate (El Capitan's MI300A: 62.7 TFLOP/s, its vector rate plus CPU cores;
    LUMI's MI250X) and others the tensor or matrix rate, derated or not (Eagle's H100:
    58.0 of 66.9 TFLOP/s). ``share`` places the count between the two: 0 is the vector
    rate, 1 the faster of vector and tensor.

    Parameters
    ----------
    vector
        Dense FP64 vector rate (the tensor rate for a chip without a vector figure). [FLOP/s]
    fastest
        The faster of the FP64 vector and tensor rates. [FLOP/s]
    share
        Where between the two the entry counts. [1]

    Returns
    -------
    Value
        Rpeak per accelerator. [FLOP/s]
    """
    return vector + share * (fastest - vector)


def hpl_rmax(rpeak: Value, efficiency: Value) -> Value:
    r"""Return a measured Linpack Rmax from its Rpeak.

    .. math:: R_\mathrm{max} = R_\mathrm{peak} \cdot \eta_\mathrm{HPL}

    Parameters
    ----------
    rpeak
        Linpack peak. [FLOP/s]
    efficiency
        Rmax / Rpeak of GPU systems on the TOP500. [1]

    Returns
    -------
    Value
        Rmax. [FLOP/s]
    """
    return rpeak * efficiency


def tpp(spec: AcceleratorSpec) -> float:
    """Return the export-control Total Processing Performance of one accelerator.

    TPP = dense TOPS x bit length, maximised over the published dense formats
    (ECCN 3A090; sparsity is not counted). An H100 SXM: 1,978.9 x 8 = 15,831.
    """
    return float(tpp_rate(spec.peak_rates().items())) / 1e12  # the rule counts in TOPS


def h100_equivalents(rate: Value, h100_rate: Value) -> Value:
    r"""Return H100-equivalents: a peak on some basis over one H100 SXM's on the same basis.

    .. math:: n_\mathrm{H100e} = R / R_\mathrm{H100\,SXM}

    Parameters
    ----------
    rate
        Dense peak on the basis (a format's rate, or the TPP rate). [FLOP/s]
    h100_rate
        One H100 SXM's dense peak on that basis. [FLOP/s]

    Returns
    -------
    Value
        H100-equivalents. [1]
    """
    return rate / h100_rate
