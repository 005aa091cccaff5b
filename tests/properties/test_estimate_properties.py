"""Hypothesis properties of estimate(): additivity, monotonicity, invariance, bounds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Cluster, estimate, get_accelerator
from computescale.cluster import Fleet, with_assumptions
from computescale.testing import strategies as cst
from computescale.uncertain import Bounds

# The figures of an estimate and of each of its fleets (None where the cluster lacks one).
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
    lambda e: e.capex.facility,
    lambda e: e.capex.total,
]
# Sums of float products differ from one order of addition to another by rounding only:
# a few units of 2**-52 = 2.2e-16 relative, far below this.
REL = 1e-12
# Prices per accelerator drawn around the catalogue's (25,000 to 55,556 USD).
PRICES = st.floats(1e3, 1e5)


def every_range(e):
    """Every reported range of an estimate and of its fleets (None for a missing one)."""
    out = [e.accelerators, e.nodes]
    for x in (e, *e.fleets):
        out += [figure(x) for figure in FIGURES]
        out += list(x.peak_flops.values())
    return out + [f.count for f in e.fleets]


def cluster_of(fleets, assumptions):
    return Cluster.model_validate({"name": "p", "fleets": fleets, "assumptions": assumptions})


def close(a, b):
    return abs(a - b) <= REL * max(abs(a), abs(b))


def same_figures(one, two):
    for figure in FIGURES:
        a, b = figure(one), figure(two)
        assert (a is None) == (b is None)
        if a is not None:
            for x, y in zip(a.magnitudes(), b.magnitudes(), strict=True):
                assert close(x, y), (x, y)


def not_above(one, two):
    """Assert every figure of ``one`` is at most that of ``two``, low and high bound alike."""
    for figure in FIGURES:
        a, b = figure(one), figure(two)
        assert (a is None) == (b is None)
        if a is not None:
            for x, y in zip(a.magnitudes(), b.magnitudes(), strict=True):
                assert x <= y * (1 + REL), (x, y)


@settings(max_examples=60, deadline=None)
@given(st.data(), cst.assumptions())
def test_splitting_a_fleet_changes_no_total(data, site):
    first = data.draw(cst.fleets(max_count=2_000_000))
    second = data.draw(cst.fleets(accelerators=[first.accelerator], max_count=2_000_000))
    count = Bounds(first.count.low + second.count.low, first.count.high + second.count.high)
    whole = Fleet.model_validate({"accelerator": first.accelerator, "count": count})
    same_figures(estimate(cluster_of([whole], site)), estimate(cluster_of([first, second], site)))


@settings(max_examples=40, deadline=None)
@given(cst.clusters(max_fleets=4))
def test_totals_are_the_sums_of_the_fleets_estimated_alone(cluster):
    total = estimate(cluster)
    alone = [estimate(cluster_of([f], cluster.assumptions)) for f in cluster.fleets]
    for figure in FIGURES:
        parts = [figure(e) for e in alone]
        if figure(total) is None:
            assert any(p is None for p in parts)
            continue
        for i, x in enumerate(figure(total).magnitudes()):
            assert close(x, sum(p.magnitudes()[i] for p in parts))


@settings(max_examples=60, deadline=None)
@given(cst.fleets(), cst.clusters(), st.integers(0, 2_000_000))
def test_monotone_in_count(fleet, rest, extra):
    more = Bounds(fleet.count.low + extra, fleet.count.high + extra)
    bigger = fleet.model_copy(update={"count": more})
    small = estimate(cluster_of([fleet, *rest.fleets], rest.assumptions))
    big = estimate(cluster_of([bigger, *rest.fleets], rest.assumptions))
    not_above(small, big)
    assert big.accelerators.magnitudes()[0] - small.accelerators.magnitudes()[0] == extra


@settings(max_examples=60, deadline=None)
@given(cst.fleets(), cst.clusters(), PRICES, PRICES)
def test_monotone_in_price(fleet, rest, p1, p2):
    low, high = sorted((p1, p2))
    cheap = fleet.model_copy(update={"price": Bounds(low, low)})
    dear = fleet.model_copy(update={"price": Bounds(high, high)})
    e1 = estimate(cluster_of([cheap, *rest.fleets], rest.assumptions))
    e2 = estimate(cluster_of([dear, *rest.fleets], rest.assumptions))
    for scope in ("accelerators", "hardware", "total"):
        a, b = getattr(e1.capex, scope), getattr(e2.capex, scope)
        if a is not None:
            for x, y in zip(a.magnitudes(), b.magnitudes(), strict=True):
                assert x <= y * (1 + REL)
    priced = e2.fleets[0].capex.accelerators.magnitudes()
    assert priced == pytest.approx((fleet.count.low * high, fleet.count.high * high), rel=REL)


@settings(max_examples=60, deadline=None)
@given(cst.clusters(), st.floats(1.0, 3.0), st.floats(1.0, 3.0))  # PUEs the field accepts
def test_monotone_in_pue(cluster, u1, u2):
    low, high = sorted((u1, u2))
    e1 = estimate(with_assumptions(cluster, {"pue": low}))
    e2 = estimate(with_assumptions(cluster, {"pue": high}))
    if e1.power.facility is None:
        assert e2.power.facility is None and e1.power.it is None
        return
    for x, y in zip(e1.power.facility.magnitudes(), e2.power.facility.magnitudes(), strict=True):
        assert x <= y
    assert e1.power.it.magnitudes() == e2.power.it.magnitudes()


H100_FORMATS = [*get_accelerator("H100").peak_tflops_dense, "tpp"]


@settings(max_examples=60, deadline=None)
@given(cst.clusters(accelerators=["H100"], max_count=2_000_000), st.sampled_from(H100_FORMATS))
def test_all_h100_cluster_h100e_equals_count(cluster, basis):
    e = estimate(cluster, basis=basis)
    counts = [f.count if isinstance(f, Fleet) else f.total for f in cluster.fleets]
    expected = (sum(c.low for c in counts), sum(c.high for c in counts))
    assert e.accelerators.magnitudes() == expected
    assert e.h100_equivalents.magnitudes() == pytest.approx(expected, rel=REL)


@settings(max_examples=40, deadline=None)
@given(cst.fleets(), st.floats(1.0, 1e3))
def test_unit_invariance(fleet, x):
    # x kUSD = 1,000 x USD a price; x W = x / 1,000 kW a TDP
    plain = fleet.model_dump(exclude={"price", "tdp", "price_includes"})
    a = estimate(cluster_of([{**plain, "price": f"{x} kUSD", "tdp": f"{x} W"}], {}))
    b = estimate(cluster_of([{**plain, "price": f"{x * 1000} USD", "tdp": f"{x / 1000} kW"}], {}))
    for figure in (lambda e: e.capex.total, lambda e: e.power.chip):
        for p, q in zip(figure(a).magnitudes(), figure(b).magnitudes(), strict=True):
            assert close(p, q)
    assert a.power.chip.magnitudes() == pytest.approx(
        (fleet.count.low * x, fleet.count.high * x), rel=REL
    )


@settings(max_examples=60, deadline=None)
@given(
    cst.clusters(overrides=True, labels=True, max_fleets=4),
    st.sampled_from(["bf16", "fp8", "tpp"]),
    st.booleans(),
)
def test_low_never_above_high(cluster, basis, sparse):
    e = estimate(cluster, basis=basis, sparse=sparse)
    for r in every_range(e):
        if r is not None:
            low, high = r.magnitudes()
            assert 0 <= low <= high
