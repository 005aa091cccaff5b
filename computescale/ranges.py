"""Guaranteed ranges of quantities: a low and a high bound with one unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from computescale.units import Q_

__all__ = ["Range", "bounds"]

Array = npt.NDArray[np.float64]
_SHORT = {
    "FLOP / second": "FLOP/s",
    "OP / second": "OP/s",
    "watt": "W",
    "watt * hour": "Wh",
    "hour * watt": "Wh",
    "USD": "USD",
    "dimensionless": "",
    "": "",
}


def bounds(low: float, high: float | None = None) -> Array:
    """Return ``[low, high]`` as a float array (``high`` defaults to ``low``)."""
    return np.array([low, low if high is None else high], dtype=np.float64)


@dataclass(frozen=True)
class Range:
    """A guaranteed interval of a physical quantity.

    Attributes
    ----------
    low, high
        The bounds, as pint Quantities of the same unit; ``low <= high``.
    """

    low: Any
    high: Any

    @classmethod
    def of(cls, values: Array | tuple[float, float], unit: str) -> Range:
        """Build a range from ``[low, high]`` magnitudes in ``unit``."""
        low, high = float(values[0]), float(values[1])
        return cls(Q_(low, unit), Q_(high, unit))

    @property
    def unit(self) -> str:
        """The unit of both bounds, as compact text (``FLOP/s``, ``W``, ``Wh``, ``USD``)."""
        name = str(self.low.units)
        return _SHORT.get(name, f"{self.low.units:~}")

    def magnitudes(self, unit: str | None = None) -> tuple[float, float]:
        """Return ``(low, high)`` as floats, in ``unit`` or the range's own."""
        if unit is None:
            return float(self.low.magnitude), float(self.high.magnitude)
        return float(self.low.to(unit).magnitude), float(self.high.to(unit).magnitude)

    def to(self, unit: str) -> Range:
        """Return the same range in another unit."""
        return Range(self.low.to(unit), self.high.to(unit))

    def base(self) -> dict[str, float]:
        """Return ``{"low": x, "high": y}`` in base units (FLOP/s, W, Wh, USD)."""
        low, high = self.magnitudes()
        return {"low": low, "high": high}

    def __contains__(self, value: object) -> bool:
        return bool(self.low <= value <= self.high)
