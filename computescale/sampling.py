"""Inputs as bounds or as random samples, and streaming percentiles.

:mod:`computescale.estimates` computes every figure with the same pure
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

Memory
------
A sampled run is streamed in chunks of :func:`chunk_size` samples, whose arrays
are freed after each chunk; a run of one chunk gives exact percentiles, a longer
one fills histograms whose number of bins (:func:`member_bins`) shrinks with the
number of fleet members so that all of them fit a fixed budget.
:func:`memory_bound` is the resulting bound [bytes], whatever the number of
samples: under 400 MiB for up to 1,000 fleet members.

Asking for samples
------------------
Every function that can sample takes ``sampling=`` a :class:`Sampling`: the
number of samples and the seed, checked once when the value is made.

Progress
--------
A run longer than one chunk reports its progress, chunk by chunk, to the
callback set by :func:`reporting` (the command line draws a bar on a terminal);
the library itself prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from computescale.errors import InputError, check_type
from computescale.figures import KEYS
from computescale.uncertain import Bounds

__all__ = [
    "BINS",
    "CHUNK",
    "DEFAULT_SEED",
    "HISTOGRAM_BINS",
    "MAX_SAMPLES",
    "MIN_BINS",
    "SHARE_FLOATS",
    "BoundsInputs",
    "Derived",
    "Inputs",
    "Quantiles",
    "SampleInputs",
    "Sampling",
    "Value",
    "check_within",
    "chunk_size",
    "draw",
    "exact_percentiles",
    "member_bins",
    "memory_bound",
    "report_progress",
    "reporting",
    "row_percentiles",
    "scratch",
]

Array = npt.NDArray[np.float64]
Value = Array | float

CHUNK = 1 << 18
"""Most samples processed at once [1]; larger runs are streamed in chunks."""
BINS = 1 << 14
"""Histogram bins of a total (and of each fleet figure, while they fit) [1]."""
SHARE_FLOATS = 1 << 23
"""Shares of a split held at once [floats, 64 MiB]: bounds the chunk of a large split."""
HISTOGRAM_BINS = 1 << 23
"""Histogram bins of every fleet figure together [1]; 8 bytes each (64 MiB)."""
MIN_BINS = 64
"""Fewest histogram bins of a fleet figure [1], reached beyond 5,957 members."""
SCRATCH_ARRAYS = 96
"""Arrays of one chunk alive at once besides a split's shares [1]: one member's
draws and figures, the running sums, the site draws and derived figures (an
upper bound; the runs measured use up to about 85)."""
MEMBER_BYTES = 40 * 1024
"""Objects of one fleet member [bytes]: bounds, percentiles, accumulators."""
BASE_BYTES = 16 * 1024 * 1024
"""Everything else a sampled estimate allocates [bytes]."""
DERIVED_FIGURES = 8
"""Most figures a :class:`Derived` adds to the totals [1]."""
TOLERANCE = 1e-9
"""How far a sample may stray outside its bounds through rounding [relative]."""


MAX_SAMPLES = 10**9
"""Most Monte Carlo samples accepted [1] (1e8 samples of 4 fleets take ~50 s here)."""
DEFAULT_SEED = 0
"""Seed of a :class:`Sampling` that names none: the same call gives the same percentiles."""


@dataclass(frozen=True)
class Sampling:
    """How to sample: the number of Monte Carlo samples and the seed of their draws.

    Checked once, here: every function that takes ``sampling=`` can rely on it.
    ``Sampling(10_000)`` draws 10,000 samples with seed 0; the same seed gives
    the same percentiles.

    Attributes
    ----------
    samples
        Number of samples, a whole number from 1 to :data:`MAX_SAMPLES` [1].
    seed
        Seed of the random generator, a whole number of 0 or more
        (:data:`DEFAULT_SEED` unless given).

    Raises
    ------
    ArgumentError
        When ``samples`` or ``seed`` is not a whole number (``True``, ``1.5``,
        ``"10"``); numpy integers are accepted and kept as ``int``.
    InputError
        When ``samples`` is outside 1 to 1e9 or ``seed`` is negative.
    """

    samples: int
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        check_type(self.samples, (int, np.integer), "samples", "a whole number of samples")
        check_type(self.seed, (int, np.integer), "seed", "a whole number of 0 or more")
        samples, seed = int(self.samples), int(self.seed)
        object.__setattr__(self, "samples", samples)
        object.__setattr__(self, "seed", seed)
        if not 1 <= samples <= MAX_SAMPLES:
            raise InputError(
                f"{_shown(samples)} samples is out of range",
                field="samples",
                expected=f"a whole number from 1 to {MAX_SAMPLES:.0e}",
            )
        if seed < 0:
            raise InputError(f"{_shown(seed)} is not a whole number of 0 or more", field="seed")


def _shown(n: int) -> str:
    """Return a whole number as digits, or as its order of magnitude when it is huge."""
    if abs(n) < 10**18:
        return str(n)
    digits = int(abs(n).bit_length() * 0.30103)  # log10(2): at most one below the true exponent
    return f"about {'-' if n < 0 else ''}1e{digits}"


Progress = Callable[[int, int], None]
"""A progress callback: ``callback(done, total)``, samples drawn so far and in all [1]."""

_PROGRESS: ContextVar[Progress | None] = ContextVar("computescale_progress", default=None)


@contextmanager
def reporting(callback: Progress) -> Iterator[None]:
    """Within the block, call ``callback(done, total)`` after each chunk of a sampled run.

    Only runs longer than one chunk (:func:`chunk_size`) report, once per chunk: a
    run of one chunk is over in well under a second.

    Examples
    --------
    >>> from computescale import Sampling, estimate, load_cluster
    >>> from computescale.sampling import reporting
    >>> seen = []
    >>> with reporting(lambda done, total: seen.append(done)):
    ...     _ = estimate(load_cluster("examples/colossus2.yaml"), sampling=Sampling(600_000))
    >>> seen
    [262144, 524288, 600000]
    """
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def report_progress(done: int, total: int) -> None:
    """Tell the callback of :func:`reporting`, if any, that ``done`` of ``total`` are drawn."""
    callback = _PROGRESS.get()
    if callback is not None:
        callback(done, total)


def chunk_size(largest_split: int) -> int:
    """Return the samples drawn at once for a cluster [1].

    All shares of a split are drawn before its members' figures, so a chunk
    holds ``largest_split`` arrays of shares: the chunk is :data:`CHUNK`, cut
    so that they fit :data:`SHARE_FLOATS` (8,388 samples for 1,000 members).

    Parameters
    ----------
    largest_split
        Members of the cluster's largest split fleet [1]; 1 without a split.
    """
    return max(1, min(CHUNK, SHARE_FLOATS // max(largest_split, 1)))


def member_bins(figures: int) -> int:
    """Return the histogram bins of each fleet figure of a streamed run [1].

    Every fleet figure (one per sampled, non-constant figure of each member)
    shares :data:`HISTOGRAM_BINS`, at most :data:`BINS` and at least
    :data:`MIN_BINS` each. The resolution of a fleet figure's percentiles is
    its bound width / bins: 1/16,384 up to 512 such figures (about 23
    members), 1/381 for 1,000 members of 22 figures each.

    Parameters
    ----------
    figures
        Number of fleet figures accumulated together [1].
    """
    return max(MIN_BINS, min(BINS, HISTOGRAM_BINS // max(figures, 1)))


def memory_bound(samples: int, members: int, largest_split: int, figures: int = len(KEYS)) -> int:
    """Return an upper bound on what a sampled estimate allocates [bytes].

    The bound holds whatever the number of samples: a chunk's arrays
    (:func:`chunk_size` samples of a split's shares and of
    :data:`SCRATCH_ARRAYS` other figures), the histograms of a streamed run
    (:data:`BINS` per total, :func:`member_bins` per fleet figure), and
    :data:`MEMBER_BYTES` per member. For up to 1,000 members it is below
    400 MiB; only :data:`MIN_BINS` makes it grow beyond about 6,000 members.

    Parameters
    ----------
    samples
        Number of samples [1].
    members
        Fleet members: plain fleets plus the members of each split [1].
    largest_split
        Members of the largest split fleet [1]; 1 without a split.
    figures
        Figures per member [1], every figure of the figure table unless given
        (:data:`computescale.figures.KEYS`); the totals have as many, plus up to
        :data:`DERIVED_FIGURES` derived ones.
    """
    chunk = chunk_size(largest_split)
    scratch = 8 * min(samples, chunk) * (largest_split + SCRATCH_ARRAYS)
    histograms = 0
    if samples > chunk:
        fleet_bins = max(HISTOGRAM_BINS, members * figures * MIN_BINS)
        histograms = 8 * ((figures + DERIVED_FIGURES) * BINS + fleet_bins)
    return BASE_BYTES + scratch + histograms + MEMBER_BYTES * members


def draw(b: Bounds, rng: np.random.Generator, n: int) -> Value:
    """Draw ``n`` values of an uncertain input from its distribution.

    A degenerate range (low == high) returns the value itself, as a scalar. Draws are
    clipped to the bounds, which rounding could otherwise leave by a hair.
    """
    if b.low == b.high:
        return float(b.low)
    if b.dist == "log-uniform" and b.low > 0:
        values = np.exp(rng.uniform(np.log(b.low), np.log(b.high), n))
    elif b.dist == "triangular":
        mode = b.low if b.mode is None else min(max(b.mode, b.low), b.high)
        values = rng.triangular(b.low, mode, b.high, n)
    else:
        values = rng.uniform(b.low, b.high, n)
    # a float's rounding (exp of a log; numpy's triangular on subnormal ranges, as some
    # versions compute it) must never take a sample outside its bounds
    return np.clip(values, b.low, b.high)


class Inputs(Protocol):
    """Where the estimate's input arrays come from."""

    def uncertain(self, b: Bounds, key: str) -> Value:
        """Return an uncertain input; the same ``key`` gives the same array."""

    def const(self, x: float) -> Value:
        """Return a fixed figure (e.g. a datasheet value)."""

    def shares(self, shares: list[Bounds], key: str) -> list[Value]:
        """Return the shares of a split; in the sample pass they add up to 1."""

    def forget(self, prefix: str) -> None:
        """Drop the inputs whose key starts with ``prefix``: no later figure uses them."""


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

    def forget(self, prefix: str) -> None:
        """Do nothing: bounds are not kept."""


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
        """Draw shares within their bounds that add up to 1, member by member.

        Each member's share is uniform between what its bounds and the bounds
        of the members after it leave; the last member takes the rest. Time and
        memory are linear in the number of members.
        """
        if key in self._drawn:
            stacked = self._drawn[key]
            return [stacked[i] for i in range(len(shares))]  # type: ignore[index]
        lows = np.array([s.low for s in shares])
        highs = np.array([s.high for s in shares])
        lows_after = _sums_after([s.low for s in shares])
        highs_after = _sums_after([s.high for s in shares])
        out = np.empty((len(shares), self.n))
        used = np.zeros(self.n)
        for i in range(len(shares) - 1):
            lo = np.maximum(lows[i], 1.0 - used - highs_after[i])
            hi = np.minimum(highs[i], 1.0 - used - lows_after[i])
            out[i] = lo + (hi - lo) * self.rng.random(self.n)
            used += out[i]
        out[-1] = np.clip(1.0 - used, lows[-1], highs[-1])
        self._drawn[key] = out
        return [out[i] for i in range(len(shares))]

    def forget(self, prefix: str) -> None:
        """Drop the draws whose key starts with ``prefix`` (a finished fleet's)."""
        for key in [k for k in self._drawn if k.startswith(prefix)]:
            del self._drawn[key]


def _sums_after(values: list[float]) -> list[np.float64]:
    """Return ``sum(values[i + 1:])`` for each ``i``, in linear time.

    Each sum is the exact sum rounded once (in integers of 2**-1074, the
    smallest double), so it does not depend on the order of the additions and
    equals numpy's for up to two terms.
    """
    out = [np.float64(0.0)] * len(values)
    exact = 0
    for i in range(len(values) - 1, 0, -1):
        numerator, denominator = float(values[i]).as_integer_ratio()
        exact += numerator * (_ULPS // denominator)
        out[i - 1] = np.float64(exact / _ULPS)
    return out


_ULPS = 1 << 1074
"""2**1074: every finite double is a whole number of 2**-1074."""


def check_within(values: Value, low: float, high: float) -> None:
    """Check that samples lie within their guaranteed bounds, up to rounding.

    Raises
    ------
    RuntimeError
        When a sample lies further out than :data:`TOLERANCE` of the larger
        bound, or is NaN: the sample and bounds passes disagree, a bug.
    """
    least, most = (values, values) if np.ndim(values) == 0 else (np.min(values), np.max(values))
    _refuse_outside(np.atleast_1d(least), np.atleast_1d(most), np.array([low]), np.array([high]))


def _refuse_outside(least: Array, most: Array, lows: Array, highs: Array) -> None:
    slack = TOLERANCE * np.maximum(np.abs(lows), np.abs(highs))
    inside = (lows - slack <= least) & (most <= highs + slack)
    if not inside.all():
        i = int(np.argmin(inside))
        raise RuntimeError(
            f"samples in [{float(least[i])!r}, {float(most[i])!r}] lie outside their "
            f"guaranteed bounds [{float(lows[i])!r}, {float(highs[i])!r}]: the sample and "
            "bounds passes disagree"
        )


def row_percentiles(rows: Array, lows: Array, highs: Array) -> Array:
    """Return (p5, p50, p95) of each row of samples, clipped into its bounds.

    Row by row the same numbers as :class:`Quantiles` of a one-chunk run,
    in one call. Every row is checked as by :func:`check_within` first; the
    samples of each row are then reordered in place.

    Parameters
    ----------
    rows
        Samples, one row per figure [k x n].
    lows, highs
        Bounds of each row [k].

    Returns
    -------
    numpy.ndarray
        p5, p50 and p95 of each row [k x 3].
    """
    if rows.shape[0] == 0:
        return np.empty((0, 3))
    _refuse_outside(rows.min(axis=1), rows.max(axis=1), lows, highs)
    p: Array = np.percentile(rows, [5, 50, 95], axis=1, overwrite_input=True).T
    clipped: Array = np.clip(p, lows[:, None], highs[:, None])
    return clipped


def exact_percentiles(
    values: Sequence[Value], bounds: Sequence[Array], n: int
) -> list[tuple[float, float, float]]:
    """Return (p5, p50, p95) of each figure's ``n`` samples, clipped into its bounds.

    As :func:`row_percentiles`, from one array (or scalar, counting ``n``
    times) per figure, left as they are; a degenerate range gives its value.

    Parameters
    ----------
    values
        Samples of each figure.
    bounds
        ``[low, high]`` of each figure.
    n
        Number of samples [1].
    """
    out = [(float(b[0]), float(b[0]), float(b[0])) for b in bounds]
    spread = [i for i, b in enumerate(bounds) if b[1] != b[0]]
    rows = np.empty((len(spread), n))
    for r, i in enumerate(spread):
        rows[r] = values[i]
    lows = np.array([bounds[i][0] for i in spread], dtype=np.float64)
    highs = np.array([bounds[i][1] for i in spread], dtype=np.float64)
    for i, p in zip(spread, row_percentiles(rows, lows, highs), strict=True):
        out[i] = (float(p[0]), float(p[1]), float(p[2]))
    return out


Scratch = tuple[Array, npt.NDArray[np.intp]]
"""Work arrays of :meth:`Quantiles.add`: one of floats and one of indices."""


def scratch(n: int) -> Scratch:
    """Return work arrays for adding up to ``n`` samples at a time to :class:`Quantiles`."""
    return np.empty(n), np.empty(n, dtype=np.intp)


class Quantiles:
    """p5, p50 and p95 of a stream of samples that lie within known bounds.

    A run of at most one chunk keeps its samples (the arrays given, not copies)
    and gives exact percentiles. A longer run fills a histogram of ``bins``
    bins between the bounds, so memory stays fixed whatever the number of
    samples; the resolution is the bound width / ``bins``. A degenerate range
    (low == high) keeps nothing.

    Parameters
    ----------
    low, high
        The guaranteed bounds of every sample.
    total
        Number of samples that will be added [1].
    chunk
        Most samples added at once [1]: runs up to this long are exact.
    bins
        Histogram bins of a longer run [1].
    """

    def __init__(
        self, low: float, high: float, total: int, *, chunk: int = CHUNK, bins: int = BINS
    ) -> None:
        self.low = low
        self.high = high
        self.exact = total <= chunk
        self.bins = bins
        self.parts: list[tuple[Value, int]] = []
        self.counts: npt.NDArray[np.int64] | None = None

    def add(self, values: Value, n: int, scratch: Scratch | None = None) -> None:
        """Add ``n`` samples (a scalar counts ``n`` times).

        ``scratch`` (two arrays of at least ``n``, from :func:`scratch`) saves
        the histogram's temporary arrays, which a long run would otherwise
        allocate afresh for every figure of every chunk.

        Raises
        ------
        RuntimeError
            When a sample lies outside the bounds by more than rounding
            (see :func:`check_within`): the sample and bounds passes disagree.
        """
        if self.high == self.low:
            return
        check_within(values, self.low, self.high)
        if self.exact:
            self.parts.append((values, n))
            return
        if self.counts is None:
            self.counts = np.zeros(self.bins, dtype=np.int64)
        if np.ndim(values) == 0:
            index = self._bin(np.array([float(values)]))
            self.counts[index[0]] += n
        else:
            array = np.asarray(values, dtype=np.float64)
            self.counts += np.bincount(self._bin(array, scratch), minlength=self.bins)

    def _bin(self, values: Array, scratch: Scratch | None = None) -> npt.NDArray[np.intp]:
        """Return the bin of each value: ``(value - low) / (high - low) * bins``, truncated."""
        n = len(values)
        scaled, index = (np.empty(n), np.empty(n, np.intp)) if scratch is None else scratch
        scaled, index = scaled[:n], index[:n]
        np.subtract(values, self.low, out=scaled)
        np.divide(scaled, self.high - self.low, out=scaled)
        np.multiply(scaled, self.bins, out=scaled)
        np.copyto(index, scaled, casting="unsafe")
        return np.clip(index, 0, self.bins - 1, out=index)

    def result(self) -> tuple[float, float, float]:
        """Return (p5, p50, p95), each clipped into the guaranteed bounds.

        The clip only removes rounding: :meth:`add` refuses samples further out.
        """
        if self.high == self.low:
            p = np.full(3, self.low)
        elif self.exact:
            arrays = [np.broadcast_to(np.asarray(v, dtype=np.float64), (k,)) for v, k in self.parts]
            data = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
            p = np.percentile(data, [5, 50, 95])
        else:
            assert self.counts is not None, "a histogram run adds samples before its result"
            cumulative = np.cumsum(self.counts)
            total = cumulative[-1]
            width = (self.high - self.low) / self.bins
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

    A caller of :func:`computescale.estimates.estimate_derived` (the training
    module) adds figures such as a run's duration. Their samples are computed from
    the same samples of the cluster totals, so the percentiles keep correlations: a
    larger count raises the peak and the power of the same sample.

    Keys of totals and sums are the estimate's own: ``"peak_flops.bf16"`` [FLOP/s],
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
