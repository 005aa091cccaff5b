"""Properties of the sampled estimate (likely ranges)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Cluster, estimate
from computescale.sampling import CHUNK, Quantiles, Sampling, draw
from computescale.testing import strategies as cst
from computescale.uncertain import Bounds, parse_bounds

from .raw_samples import assert_within_bounds, raw_samples
from .test_estimate_properties import every_range


def make(fleets, **assumptions):
    return Cluster.model_validate({"name": "p", "fleets": fleets, "assumptions": assumptions})


@settings(max_examples=25, deadline=None)
@given(cst.clusters(), st.sampled_from(["bf16", "tpp"]), st.integers(0, 2**32 - 1))
def test_percentiles_ordered_and_within_bounds(cluster, basis, seed):
    # The percentiles are clipped into the bounds, so the bounds are checked on the raw
    # samples, before any percentile is taken.
    with raw_samples() as caught:
        e = estimate(cluster, basis=basis, sampling=Sampling(2000, seed=seed))
    assert_within_bounds(caught, every_range(e))
    for r in every_range(e):
        if r is not None:
            lo, hi = r.magnitudes()
            p5, p50, p95 = r.percentiles()
            assert lo <= p5 <= p50 <= p95 <= hi


def test_same_seed_same_result_and_other_seed_differs():
    c = make([{"accelerator": "H100", "count": [90_000, 110_000]}], pue=[1.1, 1.5])
    a = estimate(c, sampling=Sampling(5000, seed=42)).power.facility.percentiles()
    b = estimate(c, sampling=Sampling(5000, seed=42)).power.facility.percentiles()
    other = estimate(c, sampling=Sampling(5000, seed=43)).power.facility.percentiles()
    assert a == b
    assert a != other


def test_degenerate_ranges_give_zero_spread():
    c = make(
        [{"accelerator": "H100", "count": 1000, "price": 30000, "system": "server-8"}],
        pue=1.2,
        network_share=0.1,
        utilisation=0.8,
        electricity_price=0.07,
        server_multiplier=1.5,
        network_capex_share=0.2,
    )
    e = estimate(c, sampling=Sampling(1000, seed=1))
    for r in every_range(e):
        # power during Linpack spans the measured TOP500 systems of the chip: not an input
        if r is not None and r is not e.power.hpl:  # capex of the facility: excluded
            p5, p50, p95 = r.percentiles()
            lo, hi = r.magnitudes()
            assert p5 == p50 == p95 == pytest.approx(lo) == pytest.approx(hi)


def test_sum_of_fleets_is_taken_sample_by_sample():
    # Two independent fleets with wide price ranges: the p95 of the total is below the
    # sum of the fleets' p95 (extremes rarely coincide), the p5 above the sum of p5.
    c = make(
        [
            {"accelerator": "H100", "count": 1000, "price": [10000, 50000]},
            {"accelerator": "H200", "count": 1000, "price": [10000, 50000]},
        ]
    )
    e = estimate(c, sampling=Sampling(20000, seed=3))
    total = e.capex.accelerators.percentiles()
    parts = [f.capex.accelerators.percentiles() for f in e.fleets]
    assert total[2] < parts[0][2] + parts[1][2]
    assert total[0] > parts[0][0] + parts[1][0]


def test_site_assumption_is_drawn_once_for_all_fleets():
    # One PUE for the site: facility / IT is the same in every sample for both fleets,
    # so the ratio of the totals' medians equals the median PUE of a single draw stream.
    c = make(
        [
            {"accelerator": "H100", "count": 1000, "system": "server-8"},
            {"accelerator": "H200", "count": 1000, "system": "server-8"},
        ],
        pue=[1.1, 1.5],
        network_share=0.1,
    )
    e = estimate(c, sampling=Sampling(4000, seed=5))
    it = e.power.it.percentiles()[1]
    facility = e.power.facility.percentiles()
    # IT is fixed here, so facility percentiles are IT x PUE percentiles of one uniform
    # draw on [1.1, 1.5]: p5 = 1.12, p50 = 1.3, p95 = 1.48 (within sampling error).
    assert facility[0] / it == pytest.approx(1.12, abs=0.01)
    assert facility[1] / it == pytest.approx(1.30, abs=0.01)
    assert facility[2] / it == pytest.approx(1.48, abs=0.01)


def test_split_samples_keep_the_total():
    c = make([{"total": 1000, "split": [{"accelerator": "GB200"}, {"accelerator": "GB300"}]}])
    e = estimate(c, sampling=Sampling(3000, seed=9))
    assert e.accelerators.percentiles() == pytest.approx((1000, 1000, 1000))
    # chip power: 1,000 x (s x 1,200 + (1 - s) x 1,400) W with s uniform on [0, 1]:
    # median 1.3 MW.
    assert e.power.chip.percentiles("MW")[1] == pytest.approx(1.3, abs=0.01)


def test_streaming_histogram_matches_exact_percentiles():
    rng = np.random.default_rng(0)
    data = rng.uniform(10.0, 20.0, 3 * CHUNK)
    streamed = Quantiles(10.0, 20.0, total=3 * CHUNK)
    for part in np.split(data, 3):
        streamed.add(part, len(part))
    exact = np.percentile(data, [5, 50, 95])
    assert streamed.result() == pytest.approx(tuple(exact), abs=10.0 / 2**13)


def test_distributions():
    rng = np.random.default_rng(1)
    tri = draw(Bounds(0.0, 10.0, "triangular", 9.0), rng, 100_000)
    assert float(np.median(tri)) > 5.0
    log = draw(Bounds(1.0, 1e6, "log-uniform"), rng, 100_000)
    # the median of a log-uniform on [1, 1e6] is 1e3
    assert float(np.median(log)) == pytest.approx(1e3, rel=0.1)
    assert draw(Bounds(3.0, 3.0), rng, 10) == 3.0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"low": 1, "high": 2, "dist": "normal"}, "unknown dist"),
        ({"low": 1, "high": 2, "dist": "triangular"}, "needs `mode`"),
        ({"low": 1, "high": 2, "mode": 3}, "outside"),
        ({"low": 0, "high": 2, "dist": "log-uniform"}, "low > 0"),
        ({"low": 1}, "needs `low` and `high`"),
        ({"low": 1, "high": 2, "median": 1.5}, "unknown key"),
    ],
)
def test_bad_distributions(value, message):
    with pytest.raises(ValueError, match=message):
        parse_bounds(value, "", what="x")


def test_distribution_in_cluster_file_round_trips():
    c = make([{"accelerator": "H100", "count": {"low": 9e4, "high": 1.1e5, "mode": 1e5}}])
    assert c.fleets[0].count.dist == "triangular"
    again = Cluster.model_validate(c.model_dump(mode="json"))
    assert again == c


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"samples": 0}, "samples: 0 samples is out of range"),
        ({"samples": 10**9 + 1}, "samples is out of range"),
        ({"samples": 10, "seed": -3}, "seed: -3 is not a whole number of 0 or more"),
        ({"samples": 10, "seed": 1.5}, "seed: got 1.5; expected a whole number"),
        ({"samples": 1.5}, "samples: got 1.5; expected a whole number"),
        ({"samples": True}, "samples: got True; expected a whole number"),
    ],
)
def test_bad_samples_or_seed_is_an_input_error(options, message):
    from computescale.errors import InputError

    c = make([{"accelerator": "H100", "count": 10}])
    with pytest.raises(InputError, match=message):
        estimate(c, sampling=Sampling(**options))
