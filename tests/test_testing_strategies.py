"""The hypothesis strategies of computescale.testing: valid values, knobs kept, clear refusals."""

import json
import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import ValidationError

from computescale import Assumptions, Cluster, get_accelerator
from computescale.claims import Claim, load_claims
from computescale.claims.model import POWER_SCOPES
from computescale.cluster import Fleet, SplitFleet
from computescale.testing import strategies as cst


def test_import_without_hypothesis_says_what_to_install():
    # a None in sys.modules makes "import hypothesis" fail as if it were not installed
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "import computescale.testing\n"  # the package itself needs nothing
        "try:\n"
        "    import computescale.testing.strategies\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'computescale[test]'" in out.stdout


# --- every value drawn is valid: it survives a round trip through its own validation ----------


@settings(max_examples=50, deadline=None)
@given(cst.clusters(overrides=True, labels=True))
def test_clusters_round_trip(cluster):
    assert Cluster.model_validate(cluster.model_dump(mode="json")) == cluster


@settings(max_examples=30, deadline=None)
@given(cst.build_outs(labels=True))
def test_build_outs_round_trip_and_are_in_date_order(cluster):
    assert Cluster.model_validate(cluster.model_dump(mode="json")) == cluster
    dates = [p.date for p in cluster.phases]
    assert dates == sorted(dates)
    assert cluster.fleets == cluster.phase_fleets()[-1]


@settings(max_examples=50, deadline=None)
@given(cst.claims())
def test_claims_round_trip(claim):
    assert Claim.model_validate(claim.model_dump(mode="json")) == claim
    assert Cluster.model_validate(claim.cluster).name  # its inline cluster is valid


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(cst.claims(), min_size=1, max_size=3))
def test_claims_survive_a_claims_file(tmp_path, claims):
    # written as JSON, which YAML reads too, so that a name such as 0E0 stays text
    path = tmp_path / "claims.yaml"
    data = {"claims": [c.model_dump(mode="json", exclude_unset=True) for c in claims]}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_claims(path)[0].claims == tuple(claims)


# --- the knobs ---------------------------------------------------------------------------------


@given(cst.bounds(2.0, 5.0, ranged=True, distributions=["log-uniform"]))
def test_bounds_ranged_log_uniform(b):
    assert 2.0 <= b.low < b.high <= 5.0 and b.dist == "log-uniform" and b.mode is None


@given(cst.bounds(0.0, 1.0, exclude_min=True, distributions=["triangular"]))
def test_bounds_above_an_excluded_minimum_and_triangular(b):
    assert 0.0 < b.low <= b.high <= 1.0
    if b.is_point:
        assert (b.dist, b.mode) == ("uniform", None)  # as the library reads a scalar
    else:
        assert b.dist == "triangular" and b.low <= b.mode <= b.high


@given(cst.bounds(0.5, 10.5, whole=True, ranged=False))
def test_bounds_whole_points(b):
    assert b.low == b.high == math.floor(b.low) and 1.0 <= b.low <= 10.0


@given(cst.fleets(accelerators=["H100", "gb200"], min_count=5, max_count=7))
def test_fleets_of_given_chips_and_counts(fleet):
    assert fleet.accelerator in {"H100-SXM", "GB200"}  # aliases become canonical ids
    assert 5 <= fleet.count.low <= fleet.count.high <= 7


@given(cst.fleets(priced=True, overrides=False))
def test_priced_fleets_have_every_figure(fleet):
    spec = get_accelerator(fleet.accelerator)
    assert spec.price is not None and spec.tdp_w is not None and spec.it_power_w is not None
    assert fleet.price is fleet.tdp is fleet.it_power is fleet.peak_flops is None


@given(cst.split_fleets(min_members=3, max_members=5, shares=["all"], max_total=10))
def test_split_with_every_share(split):
    assert 3 <= len(split.split) <= 5 and split.total.high <= 10
    shares = [m.share for m in split.split]
    assert sum(s.low for s in shares) <= 1 <= sum(s.high for s in shares)  # exact sums


@given(cst.split_fleets(shares=["rest"]))
def test_split_with_one_member_taking_the_rest(split):
    assert [m.share for m in split.split].count(None) == 1


@given(cst.split_fleets(shares=["none"]))
def test_split_with_no_share(split):
    assert all(m.share is None for m in split.split)


@given(cst.clusters(min_fleets=2, max_fleets=2, splits=False, ranged=False))
def test_clusters_of_plain_fleets_with_fixed_counts(cluster):
    assert len(cluster.fleets) == 2
    assert all(isinstance(f, Fleet) and f.count.is_point for f in cluster.fleets)


@given(cst.clusters(assumptions=st.just(Assumptions()), ranged=True))
def test_clusters_with_the_default_assumptions(cluster):
    assert cluster.assumptions == Assumptions() and not cluster.assumptions.model_fields_set
    for f in cluster.fleets:
        count = f.count if isinstance(f, Fleet) else f.total
        assert count.low < count.high
        if isinstance(f, SplitFleet):
            assert all(m.share is None or m.share.low < m.share.high for m in f.split)


@given(cst.assumptions(names=["pue", "facility_capex_per_mw"]))
def test_assumptions_set_only_those_named(site):
    assert site.model_fields_set <= {"pue", "facility_capex_per_mw"}
    assert 1.0 <= site.pue.low <= site.pue.high <= 3.0


@given(cst.claims(quantities=["power"], min_value=1e3, max_value=1e9, ranged=False))
def test_claims_of_one_quantity(claim):
    assert claim.quantity == "power" and claim.scope in (None, *POWER_SCOPES)
    stated = claim.stated()
    assert stated.is_point and 1e3 < stated.low <= 1e9


@settings(max_examples=20, deadline=None)
@given(cst.build_outs(min_phases=2, max_phases=3, max_new=1, splits=False))
def test_build_outs_of_given_sizes(cluster):
    assert 2 <= len(cluster.phases) <= 3
    for before, after in zip(cluster.phase_fleets(), cluster.phase_fleets()[1:], strict=False):
        assert len(after) == len(before) + 1  # each phase brings one fleet


@pytest.mark.parametrize("name", list(cst.ASSUMPTION_LIMITS))
def test_assumption_limits_are_those_the_fields_accept(name):
    low, high, strict = cst.ASSUMPTION_LIMITS[name]

    def accepted(x):
        try:
            Assumptions.model_validate({name: x})
        except ValidationError:
            return False
        return True

    assert accepted(high) and not accepted(math.nextafter(high, math.inf))
    assert accepted(low) is not strict
    assert accepted(math.nextafter(low, math.inf))
    assert not accepted(math.nextafter(low, -math.inf))


@pytest.mark.parametrize(
    "make",
    [
        lambda: cst.bounds(5.0, 1.0),
        lambda: cst.bounds(0.0, math.inf),
        lambda: cst.bounds(1.0, 1.0, ranged=True),
        lambda: cst.bounds(0.0, 1.0, distributions=["log-uniform"]),
        lambda: cst.bounds(0.0, 1.0, distributions=["normal"]),
        lambda: cst.bounds(0.2, 0.8, whole=True),
        lambda: cst.fleets(min_count=0),
        lambda: cst.fleets(min_count=10, max_count=5),
        lambda: cst.accelerator_ids(accelerators=["H100-PCIe"], priced=True),
        lambda: cst.accelerator_ids(accelerators="H100"),
        lambda: cst.split_fleets(min_members=1),
        lambda: cst.split_fleets(shares=["some"]),
        lambda: cst.clusters(max_fleets=1000, max_members=4),
        lambda: cst.clusters(min_fleets=0),
        lambda: cst.build_outs(max_phases=200, max_new=10),
        lambda: cst.assumptions(names=["peu"]),
        lambda: cst.claims(quantities=["watts"]),
        lambda: cst.claims(min_value=-1.0),
    ],
)
def test_knobs_the_library_would_refuse_are_refused_at_once(make):
    with pytest.raises(InvalidArgument):
        make()


@given(
    cst.clusters(
        entries=cst.fleets(accelerators=["H100"]) | cst.split_fleets(max_members=2),
        names=st.just("composed"),
        assumptions=st.just(Assumptions()),
    )
)
def test_a_cluster_composed_from_strategies_keeps_what_each_draws(c):
    assert c.name == "composed" and c.assumptions == Assumptions()
    for entry in c.fleets:
        if isinstance(entry, SplitFleet):
            assert 2 <= len(entry.split) <= 2
        else:
            assert entry.accelerator == "H100-SXM"


def test_knobs_go_to_the_entries_strategy_not_beside_it():
    with pytest.raises(InvalidArgument, match="give priced, max_count to the entries' strategy"):
        cst.clusters(entries=cst.fleets(), priced=True, max_count=10)
