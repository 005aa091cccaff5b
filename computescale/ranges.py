"""Guaranteed ranges of quantities: a low and a high bound with one unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from computescale import units
from computescale.notation import format_range
from computescale.qualifiers import Bound

__all__ = ["Range"]


@dataclass(frozen=True)
class Range:
    """A guaranteed interval of a physical quantity.

    The numbers are held as floats in one unit; :attr:`low`, :attr:`high` and the
    percentiles are handed out as pint Quantities (pint is imported on first use).

    Attributes
    ----------
    values
        ``(low, high)`` in :attr:`unit`; ``low <= high``.
    unit
        The unit of every number, as compact text: ``FLOP/s``, ``OP/s``, ``W``,
        ``Wh``, ``USD``, ``FLOP``, ``s``, or ``""`` for a pure number (counts,
        H100-equivalents, ratios).
    likely
        ``(p5, p50, p95)`` of a sampled estimate in :attr:`unit`, or None; always
        within the bounds.
    bound
        None for a guaranteed interval. ``lower`` when the figure sums a count written
        as a lower bound ("more than 100,000"): the true figure is at least :attr:`low`
        and may exceed :attr:`high`; ``upper`` when it sums a count written as an upper
        bound: at most :attr:`high`, perhaps below :attr:`low`.
    """

    values: tuple[float, float]
    unit: str
    likely: tuple[float, float, float] | None = None
    bound: Bound | None = None

    @classmethod
    def of(
        cls,
        values: npt.NDArray[np.float64] | tuple[float, float],
        unit: str,
        percentiles: tuple[float, float, float] | None = None,
        bound: Bound | None = None,
    ) -> Range:
        """Build a range from ``[low, high]`` magnitudes (and percentiles) in ``unit``."""
        low, high = float(values[0]), float(values[1])
        pct = None if percentiles is None else tuple(float(p) for p in percentiles)
        return cls((low, high), unit, pct, bound)  # type: ignore[arg-type]

    def _quantity(self, value: float) -> Any:
        return units.Q_(value, self.unit)

    @property
    def low(self) -> Any:
        """The low bound [pint Quantity in :attr:`unit`]."""
        return self._quantity(self.values[0])

    @property
    def high(self) -> Any:
        """The high bound [pint Quantity in :attr:`unit`]."""
        return self._quantity(self.values[1])

    @property
    def p5(self) -> Any:
        """5th percentile of a sampled estimate [pint Quantity], or None."""
        return None if self.likely is None else self._quantity(self.likely[0])

    @property
    def p50(self) -> Any:
        """Median of a sampled estimate [pint Quantity], or None."""
        return None if self.likely is None else self._quantity(self.likely[1])

    @property
    def p95(self) -> Any:
        """95th percentile of a sampled estimate [pint Quantity], or None."""
        return None if self.likely is None else self._quantity(self.likely[2])

    def _factor(self, unit: str | None) -> float:
        """Return the factor from this range's unit to ``unit`` (1 for None or the same)."""
        if unit is None or unit == self.unit:
            return 1.0
        return float(units.Q_(1.0, self.unit).to(unit).magnitude)

    def percentiles(self, unit: str | None = None) -> tuple[float, float, float] | None:
        """Return ``(p5, p50, p95)`` as floats, or None if the estimate was not sampled."""
        if self.likely is None:
            return None
        f = self._factor(unit)
        return (self.likely[0] * f, self.likely[1] * f, self.likely[2] * f)

    def magnitudes(self, unit: str | None = None) -> tuple[float, float]:
        """Return ``(low, high)`` as floats, in ``unit`` or the range's own."""
        f = self._factor(unit)
        return self.values[0] * f, self.values[1] * f

    def to(self, unit: str) -> Range:
        """Return the same range in another unit."""
        return Range.of(self.magnitudes(unit), unit, self.percentiles(unit), self.bound)

    def times(self, factor: float, unit: str | None = None) -> Range:
        """Return the range (percentiles and bound too) times a positive ``factor``.

        ``unit`` replaces the unit, for a factor that changes it.
        """
        pct = None if self.likely is None else tuple(p * factor for p in self.likely)
        low, high = self.values
        return Range.of((low * factor, high * factor), unit or self.unit, pct, self.bound)  # type: ignore[arg-type]

    def base(self) -> dict[str, float | str]:
        """Return ``{"low": x, "high": y}`` in base units (FLOP/s, W, Wh, USD).

        Sampled estimates add ``"p5"``, ``"p50"`` and ``"p95"``; a bounded figure adds
        ``"bound": "lower"`` or ``"upper"`` (see :attr:`bound`).
        """
        low, high = self.values
        out: dict[str, float | str] = {"low": low, "high": high}
        if self.likely is not None:
            out.update(p5=self.likely[0], p50=self.likely[1], p95=self.likely[2])
        if self.bound is not None:
            out["bound"] = self.bound
        return out

    def __str__(self) -> str:
        """Write the range for people: ``600 MW – 1.00 GW`` (see :func:`format_range`)."""
        return format_range(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython shows a range as :meth:`__str__` writes it (``repr`` keeps the fields)."""
        printer.text(str(self))

    def __format__(self, spec: str) -> str:
        """Write the range in the unit ``spec`` names, or as :meth:`__str__` for ``""``.

        ``f"{r:MW}"`` gives ``600 MW – 1,000 MW``: magnitudes converted to that unit with
        no further prefix (a unit that does not fit the range's dimension raises pint's
        ``DimensionalityError``). Significant digits follow :func:`computescale.digits`.
        """
        if not spec:
            return str(self)
        return format_range(self.to(spec), prefixed=False)

    def __contains__(self, value: object) -> bool:
        return bool(self.low <= value <= self.high)
