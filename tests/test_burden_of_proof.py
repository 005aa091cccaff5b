"""The burden of proof: a figure is called wrong only beyond what every plausible value allows.

Each test states the arithmetic by hand. Figures of 1,000 H100 SXM in 8-GPU DGX-class
servers (datasheets: dense fp64 33.5 TFLOP/s vector, 66.9 tensor, bf16 989.4 TFLOP/s; DGX
H100 user guide: 10.2 kW for 8 GPUs = 1,275 W per GPU; street price $25,000-30,000).
Defaults: PUE 1.1-1.4, network and storage 5-14 % of server power, Linpack efficiency
53-86 %; what real systems show: PUE 1.06-1.6, network 5-15 %, efficiency 48-91 %.
Tolerance 25 % unless a claim sets another; margin x1.5 beyond what real systems show.
"""

import pytest

from computescale import Cluster
from computescale.claims import check_claim
from computescale.claims.verdicts import MARGIN
from tests.test_claims import make_claim

H100 = Cluster.model_validate(
    {"name": "h", "fleets": [{"accelerator": "H100", "count": 1000, "system": "server-8"}]}
)


def test_an_rmax_below_every_observed_efficiency_but_within_the_margin_is_not_an_accusation():
    # Rpeak spans 1,000 x 33.5 to 66.9 TFLOP/s = 33.5-66.9 PFLOP/s; 10 PFLOP/s implies an
    # efficiency of 10 / 66.9 to 10 / 33.5 = 15-30 %, below the lowest observed (48 %) but
    # within 48 % / (1.25 x 1.5) = 25.6 %: unverifiable, never inconsistent
    r = check_claim(make_claim(quantity="hpl", scope="rmax", value="10 PFLOP/s"), H100)
    assert r.verdict == "unverifiable" and "beyond_observed" in r.flags
    assert r.implied.parameter == "HPL efficiency"
    assert r.implied.value == pytest.approx((10 / 66.9, 10 / 33.5))
    assert r.implied.plausible == (0.48, 0.91)
    assert MARGIN == 1.5
    # 8 PFLOP/s implies 12-24 %: beyond the margin, so wrong
    r = check_claim(make_claim(quantity="hpl", scope="rmax", value="8 PFLOP/s"), H100)
    assert r.verdict == "inconsistent"


def test_a_figure_that_needs_a_pue_below_one_is_wrong_whatever_the_margin():
    # IT power, as real systems allow: 1,000 x 1,275 W x 1.05-1.15 = 1.339-1.466 MW; a site
    # of 1.0 MW implies a PUE of 1.0 / 1.466 to 1.0 / 1.339 = 0.68-0.75: below 1, impossible,
    # although 1.06 / 1.875 = 0.57 would reach it
    r = check_claim(make_claim(quantity="power", scope="facility", value="1.0 MW"), H100)
    assert r.verdict == "inconsistent"
    assert r.implied.parameter == "PUE"
    assert r.implied.value == pytest.approx((1.0 / 1.466, 1.0 / 1.339), rel=1e-3)


def test_outside_the_defaults_but_within_what_real_systems_show_holds_and_says_so():
    # facility under the defaults: 1.339-1.4535 MW IT (1.05-1.14) x PUE 1.1-1.4 =
    # 1.473-2.035 MW, x 1.05 with a 5 % tolerance = 2.137 MW; as real systems allow:
    # 1.339 x 1.06 = 1.419 to 1.466 x 1.6 = 2.346 MW. 2.3 MW lies between: consistent, at a
    # PUE of 2.3 / 1.466 to 2.3 / 1.339 = 1.57-1.72, which reaches the observed 1.6
    claim = make_claim(quantity="power", scope="facility", value="2.3 MW", tolerance=0.05)
    r = check_claim(claim, H100)
    assert r.verdict == "consistent" and "outside_default" in r.flags
    assert r.plausible.magnitudes("MW") == pytest.approx((1.339 * 1.06, 1.46625 * 1.6), rel=1e-3)
    assert r.explanation.startswith("holds outside the default assumptions")
    assert "implies PUE 1.57–1.72" in r.explanation


def test_the_mfu_a_run_implies():
    # 1e24 FLOP at 25 % of 989.4 TFLOP/s takes 1e24 / (989.4e12 x 0.25 x 3,600) = 1.1231e6
    # accelerator-hours: those hours imply an MFU of 25 %
    hours = 1e24 / (989.4e12 * 0.25 * 3600)
    claim = make_claim(quantity="gpu_hours", run={"compute": "1e24 FLOP"}, value=hours)
    r = check_claim(claim, H100)
    assert r.implied.parameter == "MFU"
    assert r.implied.value == pytest.approx((0.25, 0.25))
    assert r.verdict == "consistent"
    # a hundredth of those hours needs an MFU of 2,500 %: wrong
    fast = check_claim(claim.model_copy(update={"value": hours / 100}), H100)
    assert fast.verdict == "inconsistent" and fast.implied.value[0] > 1


def test_an_inferred_cluster_never_gives_inconsistent():
    # 1,000 GPUs stated as 10,000: wrong against the cluster a person names ...
    claim = make_claim(quantity="accelerators", value=10_000)
    assert check_claim(claim, H100).verdict == "inconsistent"
    # ... but a cluster a draft inferred from the context is a guess
    guessed = check_claim(claim.model_copy(update={"cluster_from": "inferred"}), H100)
    assert guessed.verdict == "unverifiable" and "inferred_cluster" in guessed.flags
    assert guessed.reason.startswith("the cluster was inferred from the article")
    assert guessed.diagnosis  # the readings are still shown: GPUs x10


def test_a_named_cluster_with_another_fitting_file_of_its_name_is_not_judged():
    # the article names the cluster; the draft chose one of its files by date; another file
    # of that name (10,000 H100) holds 10,000
    bigger = Cluster.model_validate(
        {"name": "h, later", "fleets": [{"accelerator": "H100", "count": 10_000}]}
    )
    claim = make_claim(quantity="accelerators", value=10_000, cluster_from="named")
    r = check_claim(claim, H100, alternatives=[("h, later", bigger)])
    assert r.verdict == "unverifiable" and "named_family" in r.flags
    given = check_claim(
        claim.model_copy(update={"cluster_from": "given"}),
        H100,
        alternatives=[("h, later", bigger)],
    )
    assert given.verdict == "inconsistent"  # a person chose the cluster: the other is a reading
    assert given.diagnosis[0].reading == "the figure of another cluster: h, later"


def test_a_figure_that_holds_only_as_a_scope_it_does_not_state_is_left_open():
    # chip power: 1,000 x 700 W = 0.7 MW; the facility's is 1.47-2.03 MW
    open_scope = check_claim(make_claim(quantity="power", value="0.7 MW"), H100)
    assert open_scope.verdict == "unverifiable" and "open_reading" in open_scope.flags
    assert open_scope.explanation == "holds as chip power (the claim states no scope)"
    facility = check_claim(make_claim(quantity="power", scope="facility", value="0.7 MW"), H100)
    assert facility.verdict == "inconsistent"
    assert facility.diagnosis[0].reading == "chip power instead of facility power"


@pytest.mark.parametrize("quantity", ["financing", "company_spending", "valuation", "programme"])
def test_money_that_is_no_cluster_figure_is_never_judged(quantity):
    r = check_claim(make_claim(quantity=quantity, value="80e9 USD"), H100)
    assert r.verdict == "not_comparable" and r.recomputed is None
    assert r.reason.endswith(": recorded, not checked")


def test_the_project_scope_includes_the_facility_works():
    # hardware: 1,000 x $25-30k x server 1.3-1.4 x (1 + network 0.10-0.25) = $35.75-52.5M;
    # facility power 1,000 x 1,275 W x 1.05-1.14 x 1.1-1.4 = 1.4726-2.0349 MW, at $8-15M per
    # MW = $11.78-30.52M: the project $47.53-83.02M
    r = check_claim(make_claim(quantity="capex", scope="project", value="60e6 USD"), H100)
    low = 35.75e6 + 1000 * 1275 * 1.05 * 1.1 * 8
    high = 52.5e6 + 1000 * 1275 * 1.14 * 1.4 * 15
    assert r.recomputed.magnitudes() == pytest.approx((low, high))
    assert r.verdict == "consistent"


def test_the_unit_the_claim_counts_ranks_its_reading_first():
    # "$40B for 400,000 GB200 superchips": the superchip reading before every other
    gb200 = Cluster.model_validate(
        {"name": "abilene", "fleets": [{"accelerator": "GB200", "count": 400_000}]}
    )
    claim = make_claim(
        quantity="capex",
        scope="hardware",
        value="40e9 USD",
        says="Oracle spends $40 billion on 400,000 GB200 superchips.",
    )
    r = check_claim(claim, gb200)
    assert r.diagnosis[0].reading == "the count is of superchips, 2 GPUs each (×2)"


def test_a_ratio_to_a_supercomputer_is_also_read_like_for_like():
    # El Capitan's own bf16 peak: 44,544 MI300A x 980.6 TFLOP/s (AMD datasheet, dense bf16)
    # = 43.68 EFLOP/s; 1,000 H100 x 989.4 TFLOP/s = 989.4 PFLOP/s is 0.02265 of it
    claim = make_claim(quantity="ratio", reference="el-capitan", precision="bf16", value=0.02265)
    r = check_claim(claim, H100)
    (like,) = (x for x in r.readings if x.reading.startswith("like for like"))
    assert like.recomputed.magnitudes() == pytest.approx(
        (989.4e15 / (44_544 * 980.6e12),) * 2, rel=1e-6
    )
    assert like.fits
