"""Properties of sampled training runs (likely ranges of duration, compute, energy, cost)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Cluster
from computescale.catalogue import list_accelerators
from computescale.sampling import CHUNK, Sampling
from computescale.testing import strategies as cst
from computescale.training import MIN_MFU, compute_in, time_to_train, train
from computescale.uncertain import Bounds

from .raw_samples import assert_within_bounds, raw_samples
from .test_estimate_properties import every_range

H100_BF16 = 989.4e12  # FLOP/s per H100 SXM, dense bf16 (whitepaper)
SECONDS_PER_YEAR = 8766 * 3600  # the year of the annual energy figures
# Chips with a dense bf16 peak, the default format of a training run.
BF16_CHIPS = [s.id for s in list_accelerators() if "bf16" in s.peak_tflops_dense]
# What a run accepts: an MFU from MIN_MFU to 1, a duration up to 100 years (36,500 days),
# a compute up to 1e40 FLOP, each above 0.
MFUS = cst.bounds(MIN_MFU, 1.0)
DAYS = cst.bounds(0.0, 36_500.0, exclude_min=True, distributions=["uniform"])
FLOP = cst.bounds(0.0, 1e40, exclude_min=True, distributions=["uniform"])


def make(count, **assumptions):
    return Cluster.model_validate(
        {
            "name": "t",
            "fleets": [{"accelerator": "H100", "count": count, "system": "server-8"}],
            "assumptions": assumptions,
        }
    )


def ranges(run):
    return [run.compute, run.duration, run.energy, run.electricity_cost]


@settings(max_examples=20, deadline=None)
@given(
    cst.clusters(accelerators=BF16_CHIPS),
    MFUS,
    st.one_of(
        DAYS.map(lambda b: {"days": (b.low, b.high)}),
        FLOP.map(lambda b: {"compute": (b.low, b.high)}),
    ),
    st.integers(0, 2**32 - 1),
)
def test_percentiles_ordered_within_bounds_and_bounds_unchanged(cluster, mfu, goal, seed):
    plain = train(cluster, mfu=mfu, **goal)
    with raw_samples() as caught:  # the percentiles are clipped: check the raw samples
        sampled = train(cluster, mfu=mfu, sampling=Sampling(3000, seed=seed), **goal)
    assert_within_bounds(caught, [*ranges(sampled), *every_range(sampled.cluster)])
    for r, bounds in zip(ranges(sampled), ranges(plain), strict=True):
        assert (r is None) == (bounds is None)
        if r is None:  # no server power in the catalogue: no energy
            continue
        lo, hi = r.magnitudes()
        assert (lo, hi) == bounds.magnitudes()
        p5, p50, p95 = r.percentiles()
        assert lo <= p5 <= p50 <= p95 <= hi


def test_same_seed_same_result():
    cluster = make([90_000, 110_000], pue=[1.1, 1.5])
    a = time_to_train(cluster, 1e26, sampling=Sampling(4000, seed=7))
    b = time_to_train(cluster, 1e26, sampling=Sampling(4000, seed=7))
    assert [r.percentiles() for r in ranges(a)] == [r.percentiles() for r in ranges(b)]
    assert (a.samples, a.seed) == (4000, 7)


def test_degenerate_inputs_give_zero_spread():
    # fixed count, MFU and compute: duration = 1e26 / (100,000 x 989.4e12 x 0.4) s in every sample
    run = time_to_train(make(100_000), 1e26, mfu=Bounds(0.4, 0.4), sampling=Sampling(500, seed=1))
    seconds = 1e26 / (100_000 * H100_BF16 * 0.4)
    assert run.duration.percentiles() == pytest.approx((seconds, seconds, seconds))


def test_median_duration_is_the_duration_at_the_median_mfu():
    # duration is monotone in MFU alone here, so its median is the duration at MFU's median
    # 0.31 (uniform on the dense default [0.18, 0.44]): 1e26 / (1e5 x 989.4e12 x 0.31) s
    # = 37.73 days
    run = time_to_train(make(100_000), 1e26, sampling=Sampling(200_000, seed=3))
    expected = 1e26 / (100_000 * H100_BF16 * 0.31)
    # the median of 200,000 uniform draws on a range 0.26 wide sits within about 0.0003
    # (one standard error) of 0.31: 0.1 %; three of them allowed
    assert run.duration.percentiles()[1] == pytest.approx(expected, rel=3e-3)
    assert expected / 86_400 == pytest.approx(37.73, abs=0.01)


def test_count_cancels_in_the_energy_of_a_fixed_compute_run():
    # energy = facility power x utilisation x C / (peak x MFU): both power and peak scale with
    # the count, so with every other input fixed the run's energy is the same in every sample,
    # while the guaranteed bounds pair the low power with the long run and are 3x apart here.
    cluster = make(
        [50_000, 150_000], pue=1.2, network_share=0.1, utilisation=0.8, electricity_price=0.08
    )
    run = time_to_train(cluster, 1e26, mfu=Bounds(0.4, 0.4), sampling=Sampling(5000, seed=2))
    p5, p50, p95 = run.energy.percentiles()
    assert p5 == pytest.approx(p95, rel=1e-9)
    lo, hi = run.energy.magnitudes()
    assert hi / lo == pytest.approx(9.0)  # (150k / 50k) for power x (150k / 50k) for time
    # by hand, per GPU: 1,275 W server IT share (catalogue, H100-SXM it_power_w) x 1.1 network
    # x 1.2 PUE x 0.8 load, for 1e26 / (989.4e12 x 0.4) GPU-seconds, in Wh
    gpu_seconds = 1e26 / (H100_BF16 * 0.4)
    assert p50 == pytest.approx(1275 * 1.1 * 1.2 * 0.8 * gpu_seconds / 3600, rel=1e-9)


def test_streamed_runs_stay_within_bounds_and_agree_with_exact_ones():
    cluster = make([80_000, 120_000], pue=[1.1, 1.4])
    exact = compute_in(cluster, (60, 120), sampling=Sampling(CHUNK, seed=5))
    with raw_samples() as caught:  # 3 chunks: histograms, whose percentiles are clipped
        streamed = compute_in(cluster, (60, 120), sampling=Sampling(3 * CHUNK, seed=5))
    assert_within_bounds(caught, [*ranges(streamed), *every_range(streamed.cluster)])
    for a, b in zip(ranges(exact), ranges(streamed), strict=True):
        lo, hi = b.magnitudes()
        pct = np.array(b.percentiles())
        assert np.all((lo <= pct) & (pct <= hi))
        assert pct == pytest.approx(np.array(a.percentiles()), rel=0.02)
