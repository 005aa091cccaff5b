"""Inputs as bounds or as random samples, and streaming percentiles.

:mod:`computescale.estimate` computes every figure with the same pure
functions in two passes: once on ``[low, high]`` pairs (guaranteed bounds) and,
when asked, on random samples of every uncertain input (likely ranges). This
module supplies the arrays for both passes and turns samples into p5/p50/p95.

Distributions
-------------
An uncertain input ``[low, high]`` is drawn from its stated distribution:
``uniform`` (the default: every value in the range equally likely),
``log-uniform`` (every order of magnitude equally likely; for ranges spanning
several factors of ten) or ``triangular`` with a ``mode`` (a most likely value).
Inputs that are really one unknown are drawn once and shared: one value per
sample for each site-wide assumption (PUE, electricity price, ...), one price
per fleet (all its accelerators cost the same), one count per fleet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np
import numpy.typing as npt

from computescale.bounds import Bounds

__all__ = [
    "CHUNK",
    "BoundsInputs",
    "Derived",
    "Inputs",
    "Quantiles",
    "SampleInputs",
    "Value",
    "draw",
]

Array = npt.NDArray[np.float64]
Value = Array | float

CHUNK = 1 << 18
"""Samples processed at once [1]; larger runs are streamed in chunks of this size."""
BINS = 1 << 14
"""Histogram bins between the guaranteed bounds for runs longer than one chunk."""


def draw(b: Bounds, rng: np.random.Generator, n: int) -> Value:
    """Draw ``n`` values of an uncertain input from its distribution.

    A degenerate range (low == high) returns the value itself, as a scalar.
    """
    if b.low == b.high:
        return float(b.low)
    if b.dist == "log-uniform" and b.low > 0:
        return np.exp(rng.uniform(np.log(b.low), np.log(b.high), n))
    if b.dist == "triangular":
        mode = b.low if b.mode is None else min(max(b.mode, b.low), b.high)
        return rng.triangular(b.low, mode, b.high, n)
    return rng.uniform(b.low, b.high, n)


class Inputs(Protocol):
    """Where the estimate's input arrays come from."""

    def uncertain(self, b: Bounds, key: str) -> Value:
        """Return an uncertain input; the same ``key`` gives the same array."""

    def const(self, x: float) -> Value:
        """Return a fixed figure (e.g. a datasheet value)."""

    def shares(self, shares: list[Bounds], key: str) -> list[Value]:
        """Return the shares of a split; in the sample pass they add up to 1."""


class BoundsInputs:
    """The bounds pass: every input is its ``[low, high]`` pair."""

    def uncertain(self, b: Bounds, key: str) -> Value:
        """Return ``[low, high]``."""
        return np.array([b.low, b.high], dtype=np.float64)

    def const(self, x: float) -> Value:
        """Return ``[x, x]``."""
        return np.array([x, x], dtype=np.float64)

    def shares(self, shares: list[Bounds], key: str) -> list[Value]:
        """Return each member's share bounds (totals use an exact bound instead)."""
        return [self.uncertain(s, key) for s in shares]


class SampleInputs:
    """The sample pass: ``n`` random draws of every uncertain input.

    Parameters
    ----------
    rng
        Random generator (seeded for reproducible results).
    n
        Number of samples in this chunk.
    """

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self.rng = rng
        self.n = n
        self._drawn: dict[str, Value] = {}

    def uncertain(self, b: Bounds, key: str) -> Value:
        """Return ``n`` draws, once per key (correlated inputs share them)."""
        if key not in self._drawn:
            self._drawn[key] = draw(b, self.rng, self.n)
        return self._drawn[key]

    def const(self, x: float) -> Value:
        """Return ``x`` (broadcasts against the samples)."""
        return float(x)

    def shares(self, shares: list[Bounds], key: str) -> list[Value]:
        """Draw shares within their bounds that add up to 1, member by member."""
        if key in self._drawn:
            stacked = self._drawn[key]
            return [stacked[i] for i in range(len(shares))]  # type: ignore[index]
        lows = np.array([s.low for s in shares])
        highs = np.array([s.high for s in shares])
        out = np.empty((len(shares), self.n))
        used = np.zeros(self.n)
        for i in range(len(shares) - 1):
            lo = np.maximum(lows[i], 1.0 - used - highs[i + 1 :].sum())
            hi = np.minimum(highs[i], 1.0 - used - lows[i + 1 :].sum())
            out[i] = lo + (hi - lo) * self.rng.random(self.n)
            used += out[i]
        out[-1] = np.clip(1.0 - used, lows[-1], highs[-1])
        self._drawn[key] = out
        return [out[i] for i in range(len(shares))]


class Quantiles:
    """p5, p50 and p95 of a stream of samples that lie within known bounds.

    Runs of at most one chunk keep the samples and give exact percentiles;
    longer runs fill a histogram of :data:`BINS` bins between the bounds, so
    memory stays fixed whatever the number of samples (resolution: the bound
    width / ``BINS``).
    """

    def __init__(self, low: float, high: float, total: int) -> None:
        self.low = low
        self.high = high
        self.exact = total <= CHUNK
        self.parts: list[Array] = []
        self.counts = np.zeros(BINS, dtype=np.int64)

    def add(self, values: Value, n: int) -> None:
        """Add ``n`` samples (a scalar counts ``n`` times)."""
        array = np.broadcast_to(np.asarray(values, dtype=np.float64), (n,))
        if self.exact:
            self.parts.append(np.array(array))
        elif self.high > self.low:
            if np.ndim(values) == 0:
                index = self._bin(np.array([float(values)]))
                self.counts[index[0]] += n
            else:
                self.counts += np.bincount(self._bin(array), minlength=BINS)
        else:
            self.counts[0] += n

    def _bin(self, values: Array) -> npt.NDArray[np.intp]:
        scaled = (values - self.low) / (self.high - self.low) * BINS
        return np.clip(scaled.astype(np.intp), 0, BINS - 1)

    def result(self) -> tuple[float, float, float]:
        """Return (p5, p50, p95), each clipped into the guaranteed bounds."""
        if self.exact:
            data = np.concatenate(self.parts)
            p = np.percentile(data, [5, 50, 95])
        elif self.high == self.low:
            p = np.full(3, self.low)
        else:
            cumulative = np.cumsum(self.counts)
            total = cumulative[-1]
            width = (self.high - self.low) / BINS
            p = np.empty(3)
            for j, q in enumerate((0.05, 0.50, 0.95)):
                target = q * total
                i = int(np.searchsorted(cumulative, target))
                before = cumulative[i - 1] if i > 0 else 0
                inside = (target - before) / max(self.counts[i], 1)
                p[j] = self.low + (i + inside) * width
        clipped = np.clip(p, self.low, self.high)
        return float(clipped[0]), float(clipped[1]), float(clipped[2])


class Derived(Protocol):
    """Figures computed from a cluster's totals, bounded and sampled with them.

    A caller of :func:`computescale.estimate.estimate_derived` (the training
    module) adds figures such as a run's duration. Their samples are computed from
    the same samples of the cluster totals, so the percentiles keep correlations: a
    larger count raises the peak and the power of the same sample.

    Keys of totals and sums are the estimate's own: ``"peak:bf16"`` [FLOP/s],
    ``"facility_w"`` [W], ``"energy_wh"`` [Wh per year], ``"electricity_usd"``
    [USD per year], ...; a figure the cluster lacks is None in ``totals`` and
    absent from ``sums``.
    """

    def bounds(
        self, totals: Mapping[str, Array | None], missing: Mapping[str, str]
    ) -> dict[str, Array]:
        """Return the guaranteed ``[low, high]`` of each derived figure.

        ``missing`` says why a total is None (same keys); a derived figure that
        cannot do without it raises :class:`~computescale.errors.InputError`
        here, before any sampling.
        """

    def sample(self, sums: Mapping[str, Value], inputs: SampleInputs) -> dict[str, Value]:
        """Return the samples of each derived figure for one chunk of the totals."""
