"""Counts written with a qualifier in cluster files ("more than 100000", "up to 50000",
"~64" racks): every figure that sums such a fleet is a lower or upper bound, said in every
output, and claims beyond the counted part are unverifiable rather than inconsistent."""

import json

import pytest

from computescale import Cluster, estimate, train
from computescale.claims import check_claim
from computescale.cli import main
from computescale.cluster import load_cluster
from computescale.errors import InputError
from computescale.estimates import figure_value
from computescale.figures import FIGURES
from tests.test_claims import make_claim


def cluster(*fleets):
    return Cluster.model_validate({"name": "q", "fleets": list(fleets)})


PLAIN = cluster({"accelerator": "H100", "count": 100_000})
AT_LEAST = cluster({"accelerator": "H100", "count": "more than 100000"})
AT_MOST = cluster({"accelerator": "H100", "count": "up to 100000"})


@pytest.mark.parametrize(
    ("written", "qualifier"),
    [
        ("more than 100000", "at_least"),
        (">100000", "at_least"),
        ("100000+", "at_least"),
        ("oltre 100000", "at_least"),
        ("up to 100000", "at_most"),
        ("< 100000", "at_most"),
        ("about 100000", "about"),
        ("~100000", "about"),
    ],
)
def test_a_qualified_count_keeps_its_number_and_its_qualifier(written, qualifier):
    fleet = cluster({"accelerator": "H100", "count": written}).fleets[0]
    assert fleet.qualifier == qualifier
    assert (fleet.count.low, fleet.count.high) == (100_000, 100_000)


@pytest.mark.parametrize(("c", "bound"), [(AT_LEAST, "lower"), (AT_MOST, "upper")])
def test_every_figure_of_a_bounded_count_is_a_bound_with_the_plain_numbers(c, bound):
    plain, bounded = estimate(PLAIN), estimate(c)
    checked = 0
    for f in FIGURES:
        a, b = figure_value(plain, f.key), figure_value(bounded, f.key)
        if a is None:
            assert b is None
            continue
        assert b.bound == bound, f.key
        assert b.magnitudes() == a.magnitudes(), f.key
        if f.key != "nodes":  # a cluster-wide figure only
            assert figure_value(bounded.fleets[0], f.key).bound == bound
        checked += 1
    assert checked > 20  # power, capex, every format's peak, Linpack, rental...
    assert plain.accelerators.bound is None


def test_about_makes_no_bound_and_says_how_the_count_was_read():
    e = estimate(cluster({"accelerator": "GB200", "racks": "~10"}))
    assert e.accelerators.bound is None
    assert e.accelerators.magnitudes() == (720, 720)  # 10 racks x 72 GPUs (NVL72)
    assert "GB200: count written as about 10 racks, taken as 10 racks" in e.notes


def test_an_exact_fleet_beside_a_lower_bound_gives_lower_bounds():
    e = estimate(
        cluster(
            {"accelerator": "H100", "count": "at least 100000"},
            {"accelerator": "H200", "count": 50_000},
        )
    )
    assert e.power.facility.bound == "lower"
    assert e.fleets[1].power.facility.bound is None
    assert any("H100-SXM: count written as ≥ 100,000" in n for n in e.notes)


def test_a_split_total_may_be_qualified():
    c = cluster(
        {"total": "more than 550000", "split": [{"accelerator": "GB200"}, {"accelerator": "GB300"}]}
    )
    e = estimate(c)
    assert e.accelerators.bound == "lower"
    assert any("split of GB200 and GB300: count written as ≥ 550,000" in n for n in e.notes)


def test_lower_and_upper_bounds_in_one_cluster_are_refused_at_the_fleet(write):
    path = write(
        "name: q\nfleets:\n"
        "  - accelerator: H100\n    count: more than 100000\n"
        "  - accelerator: H200\n    count: up to 50000\n"
    )
    with pytest.raises(InputError) as info:
        load_cluster(path)
    assert info.value.line == 6
    assert info.value.field == "fleets[1].count"


def test_a_count_and_a_qualifier_that_disagree_are_refused(write):
    path = write(
        "name: q\nfleets:\n  - accelerator: H100\n    count: ~1000\n    qualifier: at_most\n"
    )
    with pytest.raises(InputError) as info:
        load_cluster(path)
    assert info.value.line == 4


def test_a_qualifier_may_be_its_own_key():
    c = cluster({"accelerator": "H100", "count": 100_000, "qualifier": "at_least"})
    assert estimate(c).accelerators.bound == "lower"


def test_every_output_marks_the_bound(write, capsys):
    path = write("name: q\nfleets:\n  - accelerator: H100\n    count: more than 100000\n")
    assert main(["estimate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "≥ 100,000" in out  # the accelerators row and the fleet's count
    assert "every figure that includes it is a lower bound" in out
    assert main(["estimate", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["accelerators"]["bound"] == "lower"
    assert data["fleets"][0]["count"]["bound"] == "lower"


def test_a_run_on_a_lower_bound_count_takes_at_most_its_days():
    # compute given: more accelerators than counted finish sooner, so the days are an upper
    # bound; the GPU-hours (compute / per-GPU rate / MFU) do not depend on the count
    run = train(AT_LEAST, compute=1e26)
    assert run.duration.bound == "upper"
    assert run.accelerator_hours.bound is None
    # duration given: the compute done grows with the count
    run = train(AT_LEAST, days=30)
    assert run.compute.bound == "lower"
    assert run.duration.bound is None


# 100,000 H100 x 989.4 TFLOP/s dense bf16 / 989.4 = 100,000 H100-equivalents (counted part)
@pytest.mark.parametrize(
    ("c", "value", "verdict"),
    [
        (AT_LEAST, 600_000, "unverifiable"),  # above what is counted: the rest would decide
        (AT_LEAST, 100_000, "consistent"),
        (AT_LEAST, 10_000, "inconsistent"),  # below what is counted already
        (AT_MOST, 10_000, "unverifiable"),  # fewer than at most 100,000 may be there
        (AT_MOST, 600_000, "inconsistent"),
        (PLAIN, 600_000, "inconsistent"),
    ],
)
def test_claims_against_a_bounded_figure(c, value, verdict):
    r = check_claim(make_claim(quantity="h100_equivalents", value=value), c)
    assert r.verdict == verdict
    if verdict == "unverifiable":
        assert "count is" in r.reason and "bound" in r.reason
        assert r.recomputed is not None  # shown, with its bound
