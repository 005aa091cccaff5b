"""Hypothesis properties of estimate(): additivity, monotonicity, invariance, bounds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Cluster, estimate
from computescale.catalogue import list_accelerators

PRICED = [s.id for s in list_accelerators() if s.price and s.tdp_w and s.it_power_w]
counts = st.integers(min_value=1, max_value=2_000_000)
chips = st.sampled_from(PRICED)
fractions = st.floats(min_value=0.0, max_value=1.0)

FIGURES = [
    lambda e: e.peak_flops["bf16"],
    lambda e: e.h100_equivalents,
    lambda e: e.power.chip,
    lambda e: e.power.it,
    lambda e: e.power.facility,
    lambda e: e.annual_energy,
    lambda e: e.annual_electricity_cost,
    lambda e: e.capex.accelerators,
    lambda e: e.capex.hardware,
    lambda e: e.capex.total,
]


def make(fleets, **assumptions):
    return Cluster.model_validate({"name": "p", "fleets": fleets, "assumptions": assumptions})


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


@settings(max_examples=60, deadline=None)
@given(chips, counts, st.integers(min_value=1, max_value=2_000_000))
def test_splitting_a_fleet_changes_no_total(chip, n1, n2):
    one = estimate(make([{"accelerator": chip, "count": n1 + n2}]))
    two = estimate(make([{"accelerator": chip, "count": n1}, {"accelerator": chip, "count": n2}]))
    for figure in FIGURES:
        for a, b in zip(figure(one).magnitudes(), figure(two).magnitudes(), strict=True):
            assert close(a, b)


@settings(max_examples=60, deadline=None)
@given(chips, counts, counts)
def test_monotone_in_count(chip, n1, n2):
    small, big = sorted((n1, n2))
    e1 = estimate(make([{"accelerator": chip, "count": small}]))
    e2 = estimate(make([{"accelerator": chip, "count": big}]))
    for figure in FIGURES:
        assert figure(e1).magnitudes()[1] <= figure(e2).magnitudes()[1] * (1 + 1e-12)


@settings(max_examples=60, deadline=None)
@given(chips, counts, st.floats(1e3, 1e5), st.floats(1e3, 1e5))
def test_monotone_in_price(chip, n, p1, p2):
    lo, hi = sorted((p1, p2))
    e1 = estimate(make([{"accelerator": chip, "count": n, "price": lo}]))
    e2 = estimate(make([{"accelerator": chip, "count": n, "price": hi}]))
    assert e1.capex.total.magnitudes()[1] <= e2.capex.total.magnitudes()[1]
    assert e1.capex.accelerators.magnitudes()[0] <= e2.capex.accelerators.magnitudes()[0]


@settings(max_examples=60, deadline=None)
@given(chips, counts, st.floats(1.0, 3.0), st.floats(1.0, 3.0))
def test_monotone_in_pue(chip, n, u1, u2):
    lo, hi = sorted((u1, u2))
    e1 = estimate(make([{"accelerator": chip, "count": n}], pue=lo))
    e2 = estimate(make([{"accelerator": chip, "count": n}], pue=hi))
    assert e1.power.facility.magnitudes()[1] <= e2.power.facility.magnitudes()[1]
    assert e1.power.it.magnitudes() == e2.power.it.magnitudes()


@settings(max_examples=60, deadline=None)
@given(counts)
def test_all_h100_cluster_h100e_equals_count(n):
    e = estimate(make([{"accelerator": "H100", "count": n}]))
    assert e.h100_equivalents.magnitudes() == (n, n)


@settings(max_examples=40, deadline=None)
@given(chips, counts, st.floats(1.0, 1e3))
def test_unit_invariance(chip, n, kusd):
    a = estimate(
        make([{"accelerator": chip, "count": n, "price": f"{kusd} kUSD", "tdp": f"{kusd} W"}])
    )
    b = estimate(
        make(
            [
                {
                    "accelerator": chip,
                    "count": n,
                    "price": f"{kusd * 1000} USD",
                    "tdp": f"{kusd / 1000} kW",
                }
            ]
        )
    )
    for x, y in zip(a.capex.total.magnitudes(), b.capex.total.magnitudes(), strict=True):
        assert close(x, y)
    for x, y in zip(a.power.chip.magnitudes(), b.power.chip.magnitudes(), strict=True):
        assert close(x, y)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(chips, counts, counts), min_size=1, max_size=4),
    st.tuples(fractions, fractions),
    st.tuples(st.floats(1.0, 2.0), st.floats(1.0, 2.0)),
)
def test_low_never_above_high(fleets, shares, pues):
    data = [{"accelerator": c, "count": sorted([a, b])} for c, a, b in fleets]
    s_lo, s_hi = sorted(shares)
    data.append(
        {
            "total": 1000,
            "split": [{"accelerator": "GB200", "share": [s_lo, s_hi]}, {"accelerator": "GB300"}],
        }
    )
    e = estimate(make(data, pue=sorted(pues)))
    for figure in FIGURES:
        lo, hi = figure(e).magnitudes()
        assert lo <= hi * (1 + 1e-12)
    for f in e.fleets:
        lo, hi = f.power.facility.magnitudes()
        assert lo <= hi
