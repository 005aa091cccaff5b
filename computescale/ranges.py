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
    "FLOP": "FLOP",
    "second": "s",
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
    p5, p50, p95
        Percentiles of a sampled estimate (likely range), or None; always
        within the bounds.
    """

    low: Any
    high: Any
    p5: Any = None
    p50: Any = None
    p95: Any = None

    @classmethod
    def of(
        cls,
        values: Array | tuple[float, float],
        unit: str,
        percentiles: tuple[float, float, float] | None = None,
    ) -> Range:
        """Build a range from ``[low, high]`` magnitudes (and percentiles) in ``unit``."""
        low, high = float(values[0]), float(values[1])
        if percentiles is None:
            return cls(Q_(low, unit), Q_(high, unit))
        return cls(Q_(low, unit), Q_(high, unit), *(Q_(p, unit) for p in percentiles))

    def percentiles(self, unit: str | None = None) -> tuple[float, float, float] | None:
        """Return ``(p5, p50, p95)`` as floats, or None if the estimate was not sampled."""
        if self.p5 is None:
            return None
        qs = (self.p5, self.p50, self.p95)
        return tuple(  # type: ignore[return-value]
            float(q.magnitude if unit is None else q.to(unit).magnitude) for q in qs
        )

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
        pct = self.percentiles(unit)
        return Range.of(self.magnitudes(unit), unit, pct)

    def base(self) -> dict[str, float]:
        """Return ``{"low": x, "high": y}`` in base units (FLOP/s, W, Wh, USD).

        Sampled estimates add ``"p5"``, ``"p50"`` and ``"p95"``.
        """
        low, high = self.magnitudes()
        out = {"low": low, "high": high}
        pct = self.percentiles()
        if pct is not None:
            out.update(p5=pct[0], p50=pct[1], p95=pct[2])
        return out

    def __contains__(self, value: object) -> bool:
        return bool(self.low <= value <= self.high)
