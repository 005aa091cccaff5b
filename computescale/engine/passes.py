"""The two passes over a cluster's fleets: guaranteed bounds and samples.

:func:`fill_fleets` evaluates every fleet member's per-accelerator figures
(:func:`~computescale.engine.accelerator.per_accelerator`); :func:`bounds_pass`
sums them over the fleets into guaranteed bounds (a split fleet bounded exactly
over its shares); :func:`sample_pass` sums them sample by sample, in chunks,
into percentiles. :mod:`computescale.estimates` turns both into an ``Estimate``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import cast

import numpy as np

from computescale.assumptions import Assumptions
from computescale.catalogue import Catalogue
from computescale.cluster import Cluster, Fleet, SplitFleet
from computescale.engine.accelerator import H100_ID, PerAccelerator, per_accelerator
from computescale.figures import KEYS
from computescale.sampling import (
    Array,
    Derived,
    Inputs,
    Quantiles,
    SampleInputs,
    Sampling,
    Scratch,
    Value,
    chunk_size,
    exact_percentiles,
    member_bins,
    report_progress,
    row_percentiles,
    scratch,
)
from computescale.uncertain import Bounds

__all__ = [
    "Pct",
    "SampleRun",
    "Setup",
    "bounds_pass",
    "fill_fleets",
    "largest_split",
    "sample_pass",
]


Setup = tuple[Assumptions, Catalogue, str, bool]
"""What every fleet's figures depend on: assumptions, catalogue, basis and sparse."""


def fill_fleets(
    fleets: Sequence[Fleet | SplitFleet], start: int, setup: Setup, v: Inputs
) -> list[tuple[Fleet | SplitFleet, list[PerAccelerator], list[Value]]]:
    """Return each fleet with its per-accelerator figures and member counts.

    Parameters
    ----------
    fleets
        Fleets of a cluster, or the last ones of its list.
    start
        Index of the first of them in the cluster's list [1] (for paths in notes).
    setup
        Assumptions, catalogue, basis and sparse.
    v
        Where input arrays come from: bounds or samples.
    """
    out: list[tuple[Fleet | SplitFleet, list[PerAccelerator], list[Value]]] = []
    for i, unit, count in _members(fleets, start, setup, v):
        if len(out) <= i - start:
            out.append((fleets[i - start], [], []))
        out[-1][1].append(unit)
        out[-1][2].append(count)
    return out


def _members(
    fleets: Sequence[Fleet | SplitFleet], start: int, setup: Setup, v: Inputs
) -> Iterator[tuple[int, PerAccelerator, Value]]:
    """Yield the fleet index, figures and count of every member, one at a time.

    Inputs are drawn in the same order whether the members are kept or not: a
    fleet's count (or a split's total and shares), then its members' figures.
    A member's own draws are forgotten once the next one is asked for, and a
    fleet's once it is done, so that only one member's arrays stay alive.
    """
    assumptions, catalogue, basis, sparse = setup
    h100 = catalogue[H100_ID]
    for i, fleet in enumerate(fleets, start):
        where = f"fleets[{i}]"
        if isinstance(fleet, Fleet):
            count = v.uncertain(fleet.count, f"{where}.count")
            spec = catalogue[fleet.accelerator]
            yield i, per_accelerator(spec, fleet, assumptions, basis, sparse, h100, where, v), count
        else:
            total = v.uncertain(fleet.total, f"{where}.total")
            shares = v.shares(fleet.share_bounds(), f"{where}.split")
            for j, (member, share) in enumerate(zip(fleet.split, shares, strict=True)):
                path = f"{where}.split[{j}]"
                spec = catalogue[member.accelerator]
                # yielded unnamed, so that this frame drops it once the caller is done
                yield (
                    i,
                    per_accelerator(spec, member, assumptions, basis, sparse, h100, path, v),
                    (total * share),
                )
                v.forget(f"{path}.")
            del total, shares, share  # before the next split draws its own
        v.forget(f"{where}.")


def _split_extreme(shares: list[Bounds], coefs: Array, maximise: bool) -> float:
    """Max (min) of sum(s_i c_i) over shares within bounds that add up to 1."""
    s = np.array([b.low for b in shares])
    free = 1.0 - float(s.sum())
    for i in np.argsort(-coefs if maximise else coefs, kind="stable"):
        add = min(shares[i].high - shares[i].low, max(free, 0.0))
        s[i] += add
        free -= add
    return float(np.dot(s, coefs))


Pct = tuple[float, float, float]
"""(p5, p50, p95) of a sampled figure."""


def bounds_pass(
    filled: list[tuple[Fleet | SplitFleet, list[PerAccelerator], list[Value]]],
    start: tuple[Mapping[str, Array | None], Mapping[str, str]] | None = None,
) -> tuple[dict[str, Array | None], list[dict[str, Array | None]], dict[str, str]]:
    """Return cluster totals, per-member totals and missing reasons, as [low, high].

    With ``start`` (the totals and missing reasons of the fleets before these),
    the totals go on from there, as if all the fleets had been passed at once;
    ``start`` itself is left as it was.
    """
    totals: dict[str, Array | None] = {k: np.zeros(2) for k in KEYS}
    missing: dict[str, str] = {}
    if start is not None:
        totals = {k: None if t is None else t.copy() for k, t in start[0].items()}
        missing = dict(start[1])
    members: list[dict[str, Array | None]] = []
    for fleet, units, counts in filled:
        for unit, count in zip(units, counts, strict=True):
            members.append(
                {
                    k: None if (c := unit.values.get(k)) is None else np.asarray(count * c)
                    for k in KEYS
                }
            )
        for key in KEYS:
            coefs = [u.values.get(key) for u in units]
            if any(c is None for c in coefs):
                reason = next(u.missing.get(key) for u in units if u.values.get(key) is None)
                if totals[key] is not None and reason:
                    missing[key] = reason
                totals[key] = None
                continue
            running = totals[key]
            if running is None:
                continue
            if isinstance(fleet, Fleet):
                running += counts[0] * coefs[0]  # type: ignore[operator]
            else:
                shares = fleet.share_bounds()
                lows = np.array([c[0] for c in coefs])  # type: ignore[index]
                highs = np.array([c[1] for c in coefs])  # type: ignore[index]
                running += np.array(
                    [
                        fleet.total.low * _split_extreme(shares, lows, maximise=False),
                        fleet.total.high * _split_extreme(shares, highs, maximise=True),
                    ]
                )
    return totals, members, missing


def sample_pass(
    cluster: Cluster,
    cat: Catalogue,
    basis: str,
    sparse: bool,
    sampling: Sampling,
    totals: dict[str, Array | None],
    members: list[dict[str, Array | None]],
    derived: tuple[Derived, dict[str, Array]] | None,
) -> tuple[dict[str, Pct], list[dict[str, Pct]], dict[str, Pct]]:
    """Return p5/p50/p95 of every figure, summed sample by sample, in chunks.

    The third result holds the percentiles of the derived figures, if any.
    Memory stays within :func:`~computescale.sampling.memory_bound`: a run of
    one chunk (:func:`~computescale.sampling.chunk_size`) takes each member's
    exact percentiles as soon as its figures are drawn and keeps only the
    running sums; a longer run fills histograms, of
    :func:`~computescale.sampling.member_bins` bins for each fleet figure.
    """
    setup = (cluster.assumptions, cat, basis, sparse)
    samples = sampling.samples
    chunk = chunk_size(largest_split(cluster.fleets))
    if samples <= chunk:
        run = SampleRun(sampling, setup)
        member_pct = run.add(cluster.fleets, members)
        pct = run.percentiles(totals)
        derived_pct = {} if derived is None else run.derived(*derived)
        return pct, member_pct, derived_pct
    rng = np.random.default_rng(sampling.seed)
    figures = sum(1 for m in members for t in m.values() if t is not None and t[1] > t[0])
    bins = member_bins(figures)
    acc = {
        k: Quantiles(t[0], t[1], samples, chunk=chunk) for k, t in totals.items() if t is not None
    }
    acc_members = [
        {
            k: Quantiles(t[0], t[1], samples, chunk=chunk, bins=bins)
            for k, t in m.items()
            if t is not None
        }
        for m in members
    ]
    acc_derived = (
        {}
        if derived is None
        else {k: Quantiles(t[0], t[1], samples, chunk=chunk) for k, t in derived[1].items()}
    )
    work = scratch(chunk)
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        inputs = SampleInputs(rng, n)
        sums: dict[str, Value] = dict.fromkeys(acc, 0.0)
        _add_members(_members(cluster.fleets, 0, setup, inputs), n, sums, acc_members, work)
        for key, q in acc.items():
            q.add(sums[key], n, work)
        if derived is not None:
            for key, value in derived[0].sample(sums, inputs).items():
                acc_derived[key].add(value, n, work)
        done += n
        report_progress(done, samples)
    return (
        {k: q.result() for k, q in acc.items()},
        [{k: q.result() for k, q in m.items()} for m in acc_members],
        {k: q.result() for k, q in acc_derived.items()},
    )


def largest_split(fleets: Iterable[Fleet | SplitFleet]) -> int:
    """Return the members of the largest split fleet [1]; 1 without a split."""
    return max((len(f.split) for f in fleets if isinstance(f, SplitFleet)), default=1)


def _add_members(
    members: Iterator[tuple[int, PerAccelerator, Value]],
    n: int,
    sums: dict[str, Value],
    quantiles: Sequence[dict[str, Quantiles]],
    work: Scratch,
) -> None:
    """Add one chunk of each member's figures to its quantiles and to the sums.

    ``sums`` drops the figures a member lacks, as the totals do; its arrays are
    this chunk's own and grow in place. Each member is dropped before the next
    one is drawn, and every temporary array is ``work``, reused: allocating
    them afresh costs more than the arithmetic in a long run.
    """
    product = np.empty(n)
    for qs in quantiles:
        _i, unit, count = next(members)
        for key in [k for k in sums if k not in qs]:
            del sums[key]
        for key, q in qs.items():
            value = cast(Value, unit.values[key])
            part = (
                np.multiply(count, value, out=product)
                if np.ndim(count) or np.ndim(value)
                else count * value
            )
            q.add(part, n, work)
            if key in sums:
                _accumulate(sums, key, part)
        del unit, count
    _finish(members)


def _accumulate(sums: dict[str, Value], key: str, part: Value) -> None:
    """Add ``part`` to ``sums[key]``: in place once it is an array of its own."""
    total = sums[key]
    if isinstance(total, np.ndarray):
        total += part
    else:
        sums[key] = total + part  # a new array (or a scalar) that the sums own


def _finish(members: Iterator[tuple[int, PerAccelerator, Value]]) -> None:
    """Run the members' generator to its end (its last clean-up); there is no member left."""
    if next(members, None) is not None:
        raise RuntimeError("more fleet members than bounds")


class SampleRun:
    """A sampled run of one chunk, which grows fleet by fleet.

    :func:`sample_pass` uses it for runs of one chunk; a build-out
    (:mod:`computescale.timeline`) goes on from one phase to the next with the
    fleets each phase adds, which gives the same samples as sampling every
    phase from the start with the same seed.

    Parameters
    ----------
    sampling
        Number of samples (at most one chunk) and seed.
    setup
        Assumptions, catalogue, basis and sparse.
    """

    def __init__(self, sampling: Sampling, setup: Setup) -> None:
        samples = self.samples = sampling.samples
        self.inputs = SampleInputs(np.random.default_rng(sampling.seed), samples)
        self.sums: dict[str, Value] = dict.fromkeys(KEYS, 0.0)
        self.setup = setup
        self.fleets = 0
        self._rows = np.empty((len(KEYS), samples))  # every member's samples in turn

    def add(
        self, fleets: Sequence[Fleet | SplitFleet], members: Sequence[Mapping[str, Array | None]]
    ) -> list[dict[str, Pct]]:
        """Sample the next fleets; return each of their members' p5/p50/p95.

        ``members`` holds the members' bounds, as :func:`bounds_pass` gives them.
        """
        drawn = _members(fleets, self.fleets, self.setup, self.inputs)
        out = [self._member(drawn, bounds) for bounds in members]
        _finish(drawn)
        self.fleets += len(fleets)
        return out

    def _member(
        self, drawn: Iterator[tuple[int, PerAccelerator, Value]], bounds: Mapping[str, Array | None]
    ) -> dict[str, Pct]:
        """Draw the next member, add it to the sums; return its p5/p50/p95.

        Only this call holds the member's figures: they are freed before its
        percentiles are taken and before the next member is drawn.
        """
        _i, unit, count = next(drawn)
        kept = {k: t for k, t in bounds.items() if t is not None}
        for key in [k for k in self.sums if k not in kept]:
            del self.sums[key]
        pct = {k: (float(t[0]), float(t[0]), float(t[0])) for k, t in kept.items()}
        spread = [k for k, t in kept.items() if t[1] != t[0]]
        rows = self._rows[: len(spread)]
        row = dict(zip(spread, rows, strict=True))
        for key in kept:
            value = cast(Value, unit.values[key])
            part: Value = np.multiply(count, value, out=row[key]) if key in row else count * value
            if key in self.sums:
                _accumulate(self.sums, key, part)
            del value, part
        del unit, count
        lows = np.array([kept[k][0] for k in spread], dtype=np.float64)
        highs = np.array([kept[k][1] for k in spread], dtype=np.float64)
        for key, p in zip(spread, row_percentiles(rows, lows, highs), strict=True):
            pct[key] = (float(p[0]), float(p[1]), float(p[2]))
        return pct

    def percentiles(self, totals: Mapping[str, Array | None]) -> dict[str, Pct]:
        """Return p5/p50/p95 of the totals so far (``totals``: their bounds)."""
        kept = {k: t for k, t in totals.items() if t is not None}
        pct = exact_percentiles([self.sums[k] for k in kept], list(kept.values()), self.samples)
        return dict(zip(kept, pct, strict=True))

    def derived(self, derived: Derived, bounds: Mapping[str, Array]) -> dict[str, Pct]:
        """Draw the derived figures from the totals; return their p5/p50/p95."""
        values = derived.sample(self.sums, self.inputs)
        pct = exact_percentiles(list(values.values()), [bounds[k] for k in values], self.samples)
        return dict(zip(values, pct, strict=True))
