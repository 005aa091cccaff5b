"""Sampling: one value says how to sample, checked once, taken by every API that samples."""

import dataclasses
import json

import numpy as np
import pytest

from computescale import Cluster, Range, Sampling, estimate, load_cluster
from computescale.claims import Claim, check_claim, check_claims
from computescale.conversion import convert
from computescale.errors import ArgumentError, InputError
from computescale.estimates import estimate_derived
from computescale.report import estimate_json
from computescale.sampling import DEFAULT_SEED, MAX_SAMPLES
from computescale.timeline import estimate_timeline
from computescale.training import DEFAULT_MFU, compute_in, time_to_train, train
from tests.conftest import EXAMPLES

SMALL = Cluster.model_validate(
    {"name": "s", "fleets": [{"accelerator": "H100", "count": [900, 1100]}]}
)


def refused(samples, *seed):
    with pytest.raises(InputError) as info:
        Sampling(samples, *seed)
    return info.value


# --- the value ------------------------------------------------------------------------------


def test_the_seed_is_zero_unless_given():
    assert DEFAULT_SEED == 0
    assert Sampling(10) == Sampling(10, 0) == Sampling(samples=10, seed=DEFAULT_SEED)
    assert Sampling(10, seed=7).seed == 7


def test_the_ends_of_the_range_are_accepted():
    assert Sampling(1).samples == 1
    assert Sampling(MAX_SAMPLES).samples == 10**9
    assert Sampling(5, 2**64).seed == 2**64  # numpy seeds any non-negative whole number


def test_numpy_integers_are_accepted_and_kept_as_int():
    s = Sampling(np.int64(20), np.uint8(3))
    assert (s.samples, s.seed) == (20, 3)
    assert type(s.samples) is int and type(s.seed) is int
    # an estimate with it is written as JSON (a numpy integer is not JSON)
    assert json.loads(estimate_json(estimate(SMALL, sampling=s)))["samples"] == 20


def test_the_value_is_frozen_and_checked_again_when_replaced():
    s = Sampling(10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.samples = 0  # type: ignore[misc]
    with pytest.raises(InputError):
        dataclasses.replace(s, samples=0)


@pytest.mark.parametrize(
    ("args", "field", "problem", "expected"),
    [
        ((0,), "samples", "0 samples is out of range", "a whole number from 1 to 1e+09"),
        ((-5,), "samples", "-5 samples is out of range", "a whole number from 1 to 1e+09"),
        ((10**9 + 1,), "samples", "1000000001 samples is out of range", "from 1 to 1e+09"),
        ((10**999,), "samples", "about 1e999 samples is out of range", "from 1 to 1e+09"),
        ((10, -1), "seed", "-1 is not a whole number of 0 or more", None),
        ((10, -(10**40)), "seed", "about -1e40 is not a whole number of 0 or more", None),
    ],
)
def test_numbers_out_of_range_are_input_errors(args, field, problem, expected):
    error = refused(*args)
    assert type(error) is InputError  # a value error, not a wrong type
    assert isinstance(error, ValueError) and not isinstance(error, TypeError)
    assert (error.field, error.problem) == (field, problem)
    if expected is None:
        assert error.expected is None
    else:
        assert expected in error.expected


@pytest.mark.parametrize(
    ("args", "field", "shown"),
    [
        ((1.5,), "samples", "1.5"),
        ((10.0,), "samples", "10.0"),  # a float, even a whole one
        ((True,), "samples", "True"),  # a bool is not a number of samples
        (("10",), "samples", "'10'"),
        ((None,), "samples", "None"),
        ((np.float64(3),), "samples", None),
        ((10, 1.5), "seed", "1.5"),
        ((10, False), "seed", "False"),
        ((10, None), "seed", "None"),
        ((1.5, -1), "samples", "1.5"),  # samples is checked first
    ],
)
def test_what_is_not_a_whole_number_is_an_argument_error(args, field, shown):
    with pytest.raises(ArgumentError) as info:
        Sampling(*args)
    error = info.value
    assert isinstance(error, TypeError) and isinstance(error, InputError)
    assert error.field == field
    if shown is not None:
        assert error.problem.startswith(f"got {shown}; expected a whole number")


# --- every API that samples takes it --------------------------------------------------------


def _claim() -> Claim:
    return Claim.model_validate(
        {
            "id": "c",
            "source": {"title": "t", "outlet": "o", "date": "2025-01-01"},
            "says": "about 1,000 H100",
            "cluster": "unused",
            "quantity": "power",
            "value": "1.5 MW",
        }
    )


CALLS = {
    "estimate": lambda s: estimate(SMALL, sampling=s),
    "estimate_derived": lambda s: estimate_derived(SMALL, None, sampling=s)[0],
    "estimate_timeline": lambda s: estimate_timeline(SMALL, sampling=s)[0].estimate,
    "convert": lambda s: convert("1 MW", "H100", sampling=s),
    "time_to_train": lambda s: time_to_train(SMALL, 1e24, sampling=s),
    "compute_in": lambda s: compute_in(SMALL, 10, sampling=s),
    "train": lambda s: train(SMALL, days=10, sampling=s),
    "check_claim": lambda s: check_claim(_claim(), SMALL, sampling=s).recomputed,
    "check_claims": lambda s: check_claims([(_claim(), SMALL)], sampling=s)[0].recomputed,
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_sampling_api_samples_with_it(name):
    sampled, plain = CALLS[name](Sampling(300, seed=4)), CALLS[name](None)
    assert _likely(sampled).percentiles() is not None
    assert _likely(plain).percentiles() is None
    if not isinstance(sampled, Range):  # a claim's recomputed figure says no more
        assert (sampled.samples, sampled.seed) == (300, 4)
        assert (plain.samples, plain.seed) == (None, None)


def _likely(result):
    """Return a figure of the result that has a likely range when it was sampled."""
    if isinstance(result, Range):
        return result
    if hasattr(result, "duration"):  # a training run
        return result.duration
    if hasattr(result, "per_unit"):  # a conversion: its count
        return result.count
    return result.power.chip


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("wrong", [300, (300, 4), {"samples": 300}])
def test_every_sampling_api_refuses_what_is_not_a_sampling(name, wrong):
    with pytest.raises(ArgumentError) as info:
        CALLS[name](wrong)
    assert info.value.field == "sampling"


def test_the_same_sampling_gives_the_same_percentiles():
    a = estimate(SMALL, sampling=Sampling(500, seed=9)).power.facility.percentiles()
    b = estimate(SMALL, sampling=Sampling(500, seed=9)).power.facility.percentiles()
    assert a == b
    assert estimate(SMALL, sampling=Sampling(500)) == estimate(SMALL, sampling=Sampling(500, 0))


def test_the_old_keywords_are_gone():
    with pytest.raises(TypeError):
        estimate(SMALL, samples=10)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        estimate_timeline(SMALL, seed=1)  # type: ignore[call-arg]
    for call in (
        lambda: time_to_train(SMALL, 1e24, samples=10),
        lambda: compute_in(SMALL, 10, seed=1),
        lambda: train(SMALL, days=10, samples=10),
    ):
        with pytest.raises(ArgumentError) as info:
            call()  # type: ignore[call-arg]
        assert isinstance(info.value, TypeError)
        assert info.value.field in ("samples", "seed")
        assert "sampling=Sampling(samples, seed)" in (info.value.fix or "")


# --- the keywords time_to_train, compute_in and train share ---------------------------------


def test_the_training_functions_share_their_options_and_defaults():
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    a = time_to_train(cluster, 1e26)
    b = train(cluster, compute=1e26)
    assert a == b and a.mfu == DEFAULT_MFU and a.precision == "bf16"
    assert compute_in(cluster, 30) == train(cluster, days=30)
    options = {"precision": "fp8", "sampling": Sampling(200, seed=2)}
    assert time_to_train(cluster, 1e26, **options) == train(cluster, compute=1e26, **options)
    assert compute_in(cluster, 30, **options).precision == "fp8"


@pytest.mark.parametrize("name", ["mfu_range", "catalog", "basis"])
def test_an_unknown_training_option_is_refused(name):
    with pytest.raises(ArgumentError) as info:
        compute_in(SMALL, 10, **{name: 1})  # type: ignore[arg-type]
    assert info.value.field == name
    assert info.value.problem == f"compute_in() got an unexpected keyword argument {name!r}"


def test_draws_never_leave_their_bounds_on_subnormal_ranges():
    import numpy as np

    from computescale.sampling import draw
    from computescale.uncertain import Bounds

    rng = np.random.default_rng(3)
    # numpy's triangular on [0, 3.1e-161] returns values a hair below 0 (seen: -3.6e-164)
    for dist in ("triangular", "uniform", "log-uniform"):
        low = 1e-300 if dist == "log-uniform" else 0.0
        values = draw(Bounds(low, 3.1162035749616965e-161, dist=dist), rng, 100_000)
        assert low <= values.min() and values.max() <= 3.1162035749616965e-161
