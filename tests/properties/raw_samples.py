"""Every raw sample of a sampled run, caught before its percentiles are taken and clipped.

The percentiles an estimate reports are clipped into the guaranteed bounds, so a test
of the percentiles alone cannot see a sample outside them. This helper is the one place
where the tests reach into the sample pass: it wraps the three functions that receive a
run's raw samples together with their guaranteed bounds (``exact_percentiles`` and
``row_percentiles`` as :mod:`computescale.engine.passes` calls them, for runs of one
chunk, and ``Quantiles.add``, for longer runs) and records the least and the most of
each figure's samples with the bounds they came with. When those names move, adapt
:func:`raw_samples` here and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pytest

from computescale import sampling
from computescale.engine import passes
from computescale.ranges import Range

# A sample may lie outside its bounds by rounding only: both passes evaluate the same
# formulas, a log-uniform draw is exp(log(x)) (relative error about 1e-15) and a split's
# last share is 1 minus the others (about 1e-16 per member). 1e-12 leaves room for a
# thousand such roundings and is still 5e11 times smaller than halving a range (0.5).
RTOL = 1e-12


@dataclass(frozen=True)
class Caught:
    """The extremes of one figure's raw samples and the bounds they were given with."""

    least: float
    most: float
    low: float
    high: float


def _catch(caught: list[Caught], values: object, low: float, high: float) -> None:
    array = np.asarray(values, dtype=np.float64)
    caught.append(Caught(float(array.min()), float(array.max()), float(low), float(high)))


@contextmanager
def raw_samples() -> Iterator[list[Caught]]:
    """Record every figure's raw samples while the block runs; yield the list of records."""
    caught: list[Caught] = []
    exact, rows, add = passes.exact_percentiles, passes.row_percentiles, sampling.Quantiles.add

    def exact_percentiles(values, bounds, n):
        for v, b in zip(values, bounds, strict=True):
            _catch(caught, v, b[0], b[1])
        return exact(values, bounds, n)

    def row_percentiles(samples, lows, highs):
        for row, low, high in zip(samples, lows, highs, strict=True):
            _catch(caught, row, low, high)  # before the rows are sorted in place
        return rows(samples, lows, highs)

    def quantiles_add(self, values, n, scratch=None):
        _catch(caught, values, self.low, self.high)
        return add(self, values, n, scratch)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passes, "exact_percentiles", exact_percentiles)
        mp.setattr(passes, "row_percentiles", row_percentiles)
        mp.setattr(sampling.Quantiles, "add", quantiles_add)
        yield caught


def assert_within_bounds(caught: list[Caught], reported: Iterable[Range | None]) -> None:
    """Assert every raw sample lies in its bounds, and those bounds are the ones reported.

    ``reported`` are the public ranges of the run (None for a missing figure): each
    that is a real range must be among the bounds the samples came with, so that the
    samples checked are those of the figures the caller sees.
    """
    assert caught, "no raw samples caught: raw_samples() no longer wraps the sample pass"
    for c in caught:
        slack = RTOL * max(abs(c.low), abs(c.high))
        assert c.low - slack <= c.least, f"a sample {c.least!r} below its low bound: {c}"
        assert c.most <= c.high + slack, f"a sample {c.most!r} above its high bound: {c}"
    given = {(c.low, c.high) for c in caught}
    for r in reported:
        if r is not None and r.values[0] < r.values[1]:
            assert r.values in given, f"no samples caught for the reported range {r.values}"
