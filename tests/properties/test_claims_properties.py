"""Properties of check_claim() on drawn claims: the verdict follows from the numbers."""

import math

import pytest
from hypothesis import given, settings

from computescale import Cluster, estimate
from computescale.claims import check_claim, reference_systems
from computescale.claims.model import NOT_A_CLUSTER
from computescale.claims.verdicts import MARGIN
from computescale.testing import strategies as cst


def checked(claim):
    return check_claim(claim, Cluster.model_validate(claim.cluster))


def estimated_figure(claim):
    """The figure a claim names, read from estimate()'s attributes, or None."""
    cluster = Cluster.model_validate(claim.cluster)
    e = estimate(cluster, basis=claim.basis, sparse=bool(claim.sparse))
    peak = e.peak_flops[claim.precision or "bf16"]
    if claim.quantity == "ratio":
        if peak is None or claim.precision == "int8":  # OP/s: not comparable with FLOP/s
            return None
        entry = reference_systems()[claim.reference].on(claim.source.date, claim.list)
        pflops = {"rpeak": entry.rpeak_pflops, "mxp": entry.mxp_pflops}.get(
            claim.scope or "rmax", entry.rmax_pflops
        )
        return tuple(x / (pflops * 1e15) for x in peak.magnitudes())
    quantity, scope = claim.quantity, claim.scope
    if quantity == "power":
        r = getattr(e.power, scope or "facility")
    elif quantity == "capex" and scope == "project":
        # the hardware with facility works at 8-15 M USD per MW of facility power, unless the
        # cluster sets its own cost per MW (then the total, which includes them)
        if e.capex.facility is not None:
            return None if e.capex.total is None else e.capex.total.magnitudes()
        if e.capex.hardware is None or e.power.facility is None:
            return None
        (h_low, h_high), (f_low, f_high) = (
            e.capex.hardware.magnitudes(),
            e.power.facility.magnitudes(),
        )
        return (h_low + f_low * 8.0, h_high + f_high * 15.0)
    elif quantity == "capex":
        r = getattr(e.capex, scope or "total")
    elif quantity == "hpl":
        r = getattr(e.hpl, scope or "rmax")
    else:
        r = {
            "accelerators": e.accelerators,
            "nodes": e.nodes,
            "peak_flops": peak,
            "h100_equivalents": e.h100_equivalents,
            "energy": e.annual_energy,
            "electricity_cost": e.annual_electricity_cost,
            "rental_rate": e.rental_rate,
        }[quantity]
    return None if r is None else r.magnitudes()


@settings(max_examples=25, deadline=None)
@given(cst.claims())
def test_recomputed_figure_is_the_one_estimate_reports(claim):
    result = checked(claim)
    if claim.quantity in NOT_A_CLUSTER:  # money raised or planned: recorded, never compared
        assert result.verdict == "not_comparable" and result.recomputed is None
        return
    if claim.quantity == "unknown":  # a drafted figure nobody has typed yet
        assert result.verdict == "unverifiable" and result.recomputed is None
        return
    if claim.run is not None:  # a training run's figure: tests/test_claim_qualifiers.py
        assert result.verdict in ("consistent", "inconsistent", "unverifiable")
        return
    expected = estimated_figure(claim)
    assert (result.recomputed is None) == (expected is None)
    if expected is None:
        assert result.verdict == "unverifiable"
    else:  # the same figure; the project's facility works are MW x USD/MW there, W x USD/W here
        assert result.recomputed.magnitudes() == pytest.approx(expected, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(cst.claims())
def test_the_verdict_follows_from_the_ranges_with_the_burden_of_proof(claim):
    result = checked(claim)
    if result.verdict == "not_comparable" or result.recomputed is None:
        return
    stated, tol = claim.stated(), claim.tolerance
    meet = meets(stated, result.recomputed, tol)
    if meet:  # within the tolerance of the default range: always consistent
        assert result.verdict == "consistent"
    if result.verdict == "consistent" and not meet:  # only with the reason said
        assert {"outside_default", "open_reading"} & set(result.flags), result.flags
        if "outside_default" in result.flags:
            assert meets(stated, result.plausible, 0.0)
    if result.verdict == "inconsistent":  # beyond what real systems show, never on a guess
        assert not meets(stated, result.plausible, tol)
        assert claim.cluster_from != "inferred"
    assert result.diagnosis == () or result.verdict in ("inconsistent", "unverifiable")


def meets(stated, r, tol):
    low, high = r.magnitudes()
    return stated.high >= low * (1 - tol) and stated.low <= high * (1 + tol)


@settings(max_examples=20, deadline=None)
# values from 1 to 1e30 in the claim's unit (FLOP/s, W, Wh, USD), far from where a float
# loses digits (below 2.2e-308) or overflows (above 1.8e308) when divided by 1,000
@given(
    cst.claims(quantities=["peak_flops", "power", "energy", "capex"], min_value=1.0, max_value=1e30)
)
def test_the_unit_a_value_is_written_in_changes_nothing(claim):
    # the same value written in the claim's unit and in kilo-units: x = (x / 1,000) k<unit>
    stated = claim.stated()
    unit = claim.unit()
    kilo = [f"{x / 1000!r} k{unit}" for x in (stated.low, stated.high)]
    again = claim.model_copy(update={"value": kilo})
    restated = again.stated()
    for a, b in ((stated.low, restated.low), (stated.high, restated.high)):
        assert math.isclose(a, b, rel_tol=1e-15)  # one division and one multiplication
    one, two = checked(claim), checked(again)
    assert one.recomputed == two.recomputed
    if one.recomputed is not None and not near_an_edge(claim, one.recomputed, one.plausible):
        assert one.verdict == two.verdict


def near_an_edge(claim, recomputed, plausible=None):
    """Whether a stated bound lies within rounding of an edge of a range the verdict reads.

    The default range within the tolerance; the plausible range as it is, and within the
    tolerance and the margin.
    """
    low, high = recomputed.magnitudes()
    edges = [low * (1 - claim.tolerance), high * (1 + claim.tolerance)]
    if plausible is not None:
        p_low, p_high = plausible.magnitudes()
        k = (1 + claim.tolerance) * MARGIN
        edges += [p_low, p_high, p_low / k, p_high * k, p_low / (1 + claim.tolerance)]
        edges += [p_high * (1 + claim.tolerance)]
    stated = claim.stated()
    return any(math.isclose(s, e, rel_tol=1e-12) for s in (stated.low, stated.high) for e in edges)
