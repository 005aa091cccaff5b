"""Number formats in which accelerators publish peak throughput.

Names are lower-case: ``fp64`` (vector), ``fp64_tensor`` (FP64 on tensor or
matrix units), ``fp32``, ``tf32``, ``bf16``, ``fp16``, ``fp8``, ``fp6``, ``fp4``
and ``int8`` (integer operations, counted in OP/s, not FLOP/s).
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "FLOAT_WIDTH",
    "FORMATS",
    "TPP_BITS",
    "NumberFormat",
    "is_integer",
    "parse_format",
    "unit_of",
]

NumberFormat = Literal[
    "fp64", "fp64_tensor", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8"
]
FORMATS: tuple[NumberFormat, ...] = get_args(NumberFormat)

FLOAT_WIDTH: dict[NumberFormat, int] = {
    "fp4": 4,
    "fp6": 6,
    "fp8": 8,
    "bf16": 16,
    "fp16": 16,
    "tf32": 19,
    "fp32": 32,
    "fp64_tensor": 64,
    "fp64": 64,
}
"""Width of each floating-point format [bits], used to find a *wider* format.

TF32 has 19 significant bits stored in 32; it counts as wider than 16-bit
formats and narrower than FP32. ``int8`` is absent: an integer rate never
stands in for a floating-point one, nor the reverse.
"""

TPP_BITS: dict[NumberFormat, int] = {
    "fp64": 64,
    "fp64_tensor": 64,
    "fp32": 32,
    "tf32": 32,
    "bf16": 16,
    "fp16": 16,
    "fp8": 8,
    "fp6": 6,
    "fp4": 4,
    "int8": 8,
}
"""Bit length per format in the US export-control Total Processing Performance.

TPP = 2 x MacTOPS x bit length = dense TOPS x bit length, maximised over
formats (ECCN 3A090, 15 CFR 774 Supplement 1, as amended October 2023).
"""

_ALIASES: dict[str, NumberFormat] = {
    "fp16/bf16": "bf16",
    "bfloat16": "bf16",
    "half": "fp16",
    "float16": "fp16",
    "fp64tensor": "fp64_tensor",
    "fp64-tensor": "fp64_tensor",
    "float32": "fp32",
    "float64": "fp64",
    "mxfp4": "fp4",
    "nvfp4": "fp4",
    "mxfp6": "fp6",
    "e4m3": "fp8",
    "e5m2": "fp8",
}


def is_integer(fmt: NumberFormat) -> bool:
    """Return True for integer formats, whose rates are in OP/s."""
    return fmt == "int8"


def unit_of(fmt: NumberFormat) -> str:
    """Return the rate unit of a format: ``FLOP/s`` or ``OP/s`` for int8."""
    return "OP/s" if is_integer(fmt) else "FLOP/s"


def parse_format(text: str) -> NumberFormat:
    """Parse a format name, accepting common spellings.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    key = text.strip().lower()
    if key in FORMATS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    raise ValueError(f"unknown number format {text!r}; known: {', '.join(FORMATS)}")
