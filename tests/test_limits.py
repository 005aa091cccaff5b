"""Limits of sampled runs and build-outs: bounded memory, linear work, same numbers."""

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Assumptions, Cluster, estimate, sampling
from computescale.engine import passes
from computescale.errors import InputError
from computescale.sampling import (
    BINS,
    Quantiles,
    SampleInputs,
    Sampling,
    chunk_size,
    member_bins,
    memory_bound,
    row_percentiles,
)
from computescale.testing import strategies as cst
from computescale.timeline import estimate_timeline
from computescale.uncertain import Bounds
from tests.properties.raw_samples import assert_within_bounds, raw_samples
from tests.properties.test_estimate_properties import every_range

CHIPS = ["H100", "H200", "GB200", "GB300", "B200"]
MiB = 2**20


def split(members: int) -> Cluster:
    chips = [{"accelerator": CHIPS[i % len(CHIPS)]} for i in range(members)]
    return Cluster.model_validate({"name": "s", "fleets": [{"total": 10**6, "split": chips}]})


def plain(fleets: int) -> Cluster:
    data = [
        {"accelerator": CHIPS[i % len(CHIPS)], "count": [1000, 2000], "price": [2e4, 3e4]}
        for i in range(fleets)
    ]
    return Cluster.model_validate({"name": "p", "fleets": data})


def traced_peak(cluster: Cluster, samples: int) -> int:
    """Peak memory [bytes] traced while estimating (numpy reports its arrays too)."""
    estimate(
        plain(1), sampling=Sampling(3, seed=1)
    )  # catalogue and imports loaded outside the count
    tracemalloc.start()
    try:
        estimate(cluster, sampling=Sampling(samples, seed=1))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- memory of sampled runs -------------------------------------------------------------------


def test_thousand_member_split_stays_within_the_memory_bound():
    # Keeping every member's samples took 352 MB here, and zeroed histograms 2.9 GB.
    peak = traced_peak(split(1000), 2000)
    assert peak <= memory_bound(2000, members=1000, largest_split=1000)
    assert peak < 64 * MiB


@pytest.mark.parametrize(
    ("cluster", "members", "largest", "samples"),
    [
        (plain(3), 3, 1, 200_000),  # 7 chunks of 2**15
        (split(24), 24, 24, 6000),  # 5 chunks of 1365, histograms
        (split(2), 2, 2, 50_000),  # 4 chunks
        (split(60), 60, 60, 1100),  # 3 chunks of 546; histograms of 2**23 bins in all
        (plain(2), 2, 1, 20_000),  # one chunk, exact
    ],
)
def test_memory_stays_within_the_bound_with_small_chunks(cluster, members, largest, samples):
    # Smaller chunks (a 256 KiB budget of shares) reach the streamed path in little time.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sampling, "SHARE_FLOATS", 2**15)
        peak = traced_peak(cluster, samples)
        assert peak <= memory_bound(samples, members, largest)


def test_memory_bound_is_flat_in_samples_and_small_up_to_a_thousand_members():
    for members in (1, 2, 10, 33, 100, 1000):
        for largest in {1, 2, min(members, 32), members}:
            one = memory_bound(10**6, members, largest)
            assert memory_bound(10**9, members, largest) == one
            assert one < 400 * MiB
            assert chunk_size(largest) * largest <= sampling.SHARE_FLOATS or largest == 1


def test_member_bins_fit_the_budget():
    for figures_ in (1, 22, 512, 513, 22_000):
        bins = member_bins(figures_)
        assert sampling.MIN_BINS <= bins <= BINS
        assert figures_ * bins <= max(sampling.HISTOGRAM_BINS, figures_ * sampling.MIN_BINS)
    assert member_bins(22) == BINS  # a few fleets keep the full resolution


def test_histogram_of_few_bins_is_within_its_resolution():
    rng = np.random.default_rng(2)
    data = rng.triangular(0.0, 30.0, 100.0, 40_000)
    q = Quantiles(0.0, 100.0, total=40_000, chunk=10_000, bins=381)
    for part in np.split(data, 4):
        q.add(part, len(part))
    assert q.result() == pytest.approx(tuple(np.percentile(data, [5, 50, 95])), abs=100 / 381)


def test_streamed_split_percentiles_agree_with_one_chunk():
    # The same split sampled in one chunk (exact) and in ten (histograms of 128 bins).
    c = split(12)
    exact = estimate(c, sampling=Sampling(10_000, seed=4))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sampling, "SHARE_FLOATS", 12 * 1000)
        mp.setattr(sampling, "HISTOGRAM_BINS", 128 * 12 * 20)
        streamed = estimate(c, sampling=Sampling(10_000, seed=4))
    for a, b in zip((exact, *exact.fleets[:3]), (streamed, *streamed.fleets[:3]), strict=True):
        width = a.power.chip.values[1] - a.power.chip.values[0]
        assert a.power.chip.percentiles() == pytest.approx(
            b.power.chip.percentiles(), abs=0.03 * width
        )


# --- shares of a split ------------------------------------------------------------------------


def quadratic_shares(lows, highs, rng, n):
    """The former draw: each member's rest summed anew (quadratic in members)."""
    lows, highs = np.array(lows), np.array(highs)
    out = np.empty((len(lows), n))
    used = np.zeros(n)
    for i in range(len(lows) - 1):
        lo = np.maximum(lows[i], 1.0 - used - highs[i + 1 :].sum())
        hi = np.minimum(highs[i], 1.0 - used - lows[i + 1 :].sum())
        out[i] = lo + (hi - lo) * rng.random(n)
        used += out[i]
    out[-1] = np.clip(1.0 - used, lows[-1], highs[-1])
    return out


share_lists = st.lists(
    st.tuples(st.floats(0, 0.3), st.floats(0, 0.3)).map(lambda t: (min(t), max(t))),
    min_size=1,
    max_size=11,
).filter(lambda pairs: sum(lo for lo, _ in pairs) <= 1)


@settings(max_examples=40, deadline=None)
@given(share_lists)
def test_shares_stay_in_bounds_and_match_the_former_draw(pairs):
    pairs = [*pairs, (0.0, 1.0)]  # a member that can take the rest: the shares can add up to 1
    bounds = [Bounds(lo, hi) for lo, hi in pairs]
    drawn = np.array(SampleInputs(np.random.default_rng(7), 50).shares(bounds, "k"))
    before = quadratic_shares(*zip(*pairs, strict=True), np.random.default_rng(7), 50)
    if len(pairs) <= 3:  # sums of at most two terms: the very same numbers
        assert np.array_equal(drawn, before)
    else:  # only the rounding of the rests may differ
        np.testing.assert_allclose(drawn, before, rtol=0, atol=1e-12)
    lows, highs = np.array(pairs).T
    assert np.all(drawn >= lows[:, None] - 1e-12)
    assert np.all(drawn <= highs[:, None] + 1e-12)


def test_rests_of_a_split_are_exact_sums():
    values = [0.1, 0.2, 0.3, 1e-17, 0.7, 0.05] * 50
    rests = sampling._sums_after(values)
    assert rests == [math.fsum(values[i + 1 :]) for i in range(len(values))]


# --- samples outside their bounds -------------------------------------------------------------


@pytest.mark.parametrize("chunk", [10, 1000])  # histogram, exact
def test_a_sample_outside_its_bounds_is_an_error_not_clipped(chunk):
    q = Quantiles(10.0, 20.0, total=100, chunk=chunk)
    q.add(np.full(50, 15.0), 50)
    with pytest.raises(RuntimeError):
        q.add(np.array([15.0, 20.5]), 2)
    with pytest.raises(RuntimeError):
        row_percentiles(np.array([[11.0, np.nan]]), np.array([10.0]), np.array([20.0]))


def test_rounding_outside_the_bounds_is_clipped():
    q = Quantiles(10.0, 20.0, total=10)
    q.add(np.full(10, 20.0 * (1 + 1e-15)), 10)
    assert q.result() == (20.0, 20.0, 20.0)


@pytest.mark.parametrize("share_floats", [sampling.SHARE_FLOATS, 64])  # one chunk, many
@settings(max_examples=25, deadline=None)
@given(
    cst.clusters(
        accelerators=CHIPS, max_members=5, assumptions=st.just(Assumptions(pue=[1.1, 1.5]))
    ),
    st.sampled_from(["bf16", "tpp"]),
    st.integers(0, 2**16),
)
def test_raw_samples_lie_within_the_bounds(share_floats, cluster, basis, seed):
    # The percentiles are clipped into the bounds: the raw samples are checked instead,
    # in a run of one chunk (exact percentiles) and in one of many (histograms).
    with pytest.MonkeyPatch.context() as mp, raw_samples() as caught:
        mp.setattr(sampling, "SHARE_FLOATS", share_floats)
        e = estimate(cluster, sampling=Sampling(300, seed=seed), basis=basis)
    assert_within_bounds(caught, every_range(e))


# --- build-outs -------------------------------------------------------------------------------


def fleet_data(i: int) -> dict:
    chip = ["H100", "GB200", "TPU-v5p", "B200", "MI300X"][i % 5]
    if i % 4 == 3:
        return {"total": 1000 + i, "split": [{"accelerator": chip}, {"accelerator": "H200"}]}
    return {"accelerator": chip, "count": [1000 + i, 2000 + i], "label": f"f{i}"}


@pytest.mark.parametrize("share_floats", [sampling.SHARE_FLOATS, 64])  # one chunk, many
@settings(max_examples=15, deadline=None)
@given(
    cst.build_outs(max_new=2, max_members=3),
    st.sampled_from([None, Sampling(150, seed=3)]),
    st.sampled_from(["bf16", "tpp"]),
)
def test_each_phase_is_estimated_as_on_its_own(share_floats, cluster, sampled, basis):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sampling, "SHARE_FLOATS", share_floats)
        phases = estimate_timeline(cluster, sampling=sampled, basis=basis)
        alone = [estimate(at, sampling=sampled, basis=basis) for at in cluster.at_phases()]
    assert [p.estimate for p in phases] == alone
    assert [p.date for p in phases] == [p.date for p in cluster.phases]


def counted_units(monkeypatch) -> list[int]:
    calls = [0]
    real = passes.per_accelerator

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(passes, "per_accelerator", counting)
    return calls


@pytest.mark.parametrize("style", ["add", "full list"])
@pytest.mark.parametrize("sampled", [None, Sampling(100, seed=1)])
def test_build_out_computes_each_fleet_once(monkeypatch, style, sampled):
    # 40 phases of 3 new fleets: 120 fleets, where phase by phase estimates compute 2,460.
    phases, fleets = [], []
    for p in range(40):
        new = [fleet_data(3 * p + j) for j in range(3)]
        fleets = fleets + new
        entry = {"fleets": fleets} if style == "full list" or p == 0 else {"add": new}
        phases.append({"date": f"{2000 + p}-01-01", **entry})
    cluster = Cluster.model_validate({"name": "b", "phases": phases})
    members = sum(len(f.split) if hasattr(f, "split") else 1 for f in cluster.fleets)
    calls = counted_units(monkeypatch)
    result = estimate_timeline(cluster, sampling=sampled)
    assert calls[0] == members * (1 if sampled is None else 2)
    last = estimate(cluster.at_phases()[-1], sampling=sampled)
    assert result[-1].estimate == last


BUILD_OUT = Cluster.model_validate(
    {"name": "b", "phases": [{"date": "2024-01-01", "fleets": [fleet_data(0)]}]}
)


@pytest.mark.parametrize(
    ("cluster", "options"),
    [
        (BUILD_OUT, {"basis": "fp7"}),
        (BUILD_OUT, {"basis": 8}),
        (BUILD_OUT, {"sampling": 10}),
        (BUILD_OUT, {"sampling": (10, 1)}),
        (BUILD_OUT, {"sparse": "yes"}),
        (None, {}),
        (None, {"basis": "fp7"}),
    ],
)
def test_build_out_refuses_what_estimate_refuses(cluster, options):
    with pytest.raises(InputError) as expected:
        estimate(cluster, **options)
    with pytest.raises(InputError) as got:
        estimate_timeline(cluster, **options)
    assert type(got.value) is type(expected.value)
    assert str(got.value) == str(expected.value)
