"""Claims about a subset of a cluster, with qualifiers ("more than", "up to"), and where the
stated value sits against the recomputed range."""

import datetime as dt
import json

import pytest

from computescale import Cluster
from computescale.claims import check_claim, check_claims
from computescale.cli import main
from computescale.errors import InputError
from computescale.qualifiers import split_qualifier
from tests.test_claims import assert_unchecked, make_claim

H100_100K = Cluster.model_validate(
    {"name": "h", "fleets": [{"accelerator": "H100", "count": 100_000, "system": "server-8"}]}
)
COLOSSUS_2025_07 = Cluster.model_validate(
    {
        "name": "c1",
        "fleets": [
            {"accelerator": "H100", "count": 150_000},
            {"accelerator": "H200", "count": 50_000},
            {"accelerator": "GB200", "count": 30_000, "label": "Blackwell"},
        ],
    }
)
SPLIT = Cluster.model_validate(
    {
        "name": "c2",
        "fleets": [
            {"total": 550_000, "split": [{"accelerator": "GB200"}, {"accelerator": "GB300"}]}
        ],
    }
)


claim = make_claim  # a claim with a placeholder source and cluster


@pytest.mark.parametrize(
    ("written", "qualifier", "rest"),
    [
        ("more than 1,000,000", "at_least", "1,000,000"),
        (">1e6", "at_least", "1e6"),
        ("at least 5 GW", "at_least", "5 GW"),
        ("100,000+", "at_least", "100,000"),
        ("oltre 1 GW", "at_least", "1 GW"),
        ("<50 MW", "at_most", "50 MW"),
        ("up to 2 GW", "at_most", "2 GW"),
        ("under $10B", "at_most", "$10B"),
        ("about 200 EFLOP/s", "about", "200 EFLOP/s"),
        ("~5", "about", "5"),
        ("nearly 1 GW", "about", "1 GW"),
        ("1 GW", None, "1 GW"),
        ("overall 5", None, "overall 5"),  # a word that starts like "over" is no qualifier
    ],
)
def test_qualifiers_are_read_not_dropped(written, qualifier, rest):
    assert split_qualifier(written) == (qualifier, rest)


# 100,000 H100: facility power 100,000 x 1,275 W x (1 + [0.05, 0.14]) x PUE [1.1, 1.4]
# = [147.26, 203.49] MW. What real systems show: network and storage [0.05, 0.15], PUE
# [1.06, 1.6], so IT [133.9, 146.6] MW and facility [141.9, 234.6] MW.
@pytest.mark.parametrize(
    ("value", "verdict", "position"),
    [
        # the old reading took "< 50 MW" as 50 MW exactly; it is an upper bound the range
        # never comes down to: 147.26 / 50 = 2.95
        ("< 50 MW", "inconsistent", "×2.95 below"),
        ("under 250 MW", "consistent", "inside"),
        ("more than 100 MW", "consistent", "inside"),
        # a lower bound needs the range to reach it, not to start above it: 203.49 >= 200
        ("more than 200 MW", "consistent", "inside"),
        # an upper bound needs the range to come down to it: 147.26 <= 160
        ("up to 160 MW", "consistent", "inside"),
        # 300 MW is beyond the high end even with the 25 % tolerance: 203.49 x 1.25 = 254.4;
        # it implies a PUE of at least 300 / 146.6 = 2.05, beyond the 1.6 real sites show but
        # within the tolerance and margin (1.6 x 1.25 x 1.5 = 3.0): not enough to call it
        # wrong
        ("more than 300 MW", "unverifiable", "×1.47 above"),
        # 600 MW implies a PUE of at least 4.1: wrong
        ("more than 600 MW", "inconsistent", "×2.95 above"),
        ("about 150 MW", "consistent", "inside"),
    ],
)
def test_a_qualified_power_claim(value, verdict, position):
    r = check_claim(claim(quantity="power", scope="facility", value=value), H100_100K)
    assert (r.verdict, r.position) == (verdict, position)
    assert r.flags[0] == r.claim.qualifier
    assert (verdict == "unverifiable") == ("beyond_observed" in r.flags)


def test_a_claim_about_some_fleets_is_checked_against_them_only():
    c = claim(quantity="accelerators", value=200_000, fleets=["H100", "H200"], tolerance=0.05)
    r = check_claim(c, COLOSSUS_2025_07)
    # 150,000 H100 + 50,000 H200; the 30,000 GB200 are not counted
    assert r.verdict == "consistent" and r.recomputed.magnitudes() == (200_000, 200_000)
    assert r.flags == ("subset",)
    whole = check_claim(c.model_copy(update={"fleets": None}), COLOSSUS_2025_07)
    assert whole.verdict == "inconsistent"  # 230,000 against 200,000 at 5 %
    labelled = check_claim(
        c.model_copy(update={"fleets": ("Blackwell",), "value": 30_000}), COLOSSUS_2025_07
    )
    assert labelled.verdict == "consistent"


def test_part_of_a_split_cannot_be_claimed():
    with pytest.raises(InputError, match="part of a split of GB200 and GB300"):
        check_claim(claim(quantity="accelerators", value=1, fleets=["GB200"]), SPLIT)
    r = check_claim(claim(quantity="accelerators", value=550_000, fleets=["GB200", "GB300"]), SPLIT)
    assert r.verdict == "consistent"


def test_an_unknown_fleet_is_named_at_its_line(write):
    cluster = write("name: c\nfleets:\n  - {accelerator: H100, count: 8}\n", "c.yaml")
    path = write(
        "claims:\n  - id: x\n    source: {title: t, outlet: o, date: 2025-01-01}\n"
        "    says: s\n    quantity: accelerators\n    value: 8\n"
        f"    cluster: {cluster}\n    fleets: [MI300X]\n",
        "claims.yaml",
    )
    # the claim is not checked, and says where its input is wrong; the file is still read
    assert_unchecked(path, r"claims.yaml:8: claims\[0\].fleets: no fleet of MI300X")


def test_json_gives_position_qualifier_and_flags(write, capsys):
    cluster = write("name: c\nfleets:\n  - {accelerator: H100, count: 100000}\n", "c.yaml")
    path = write(
        "claims:\n  - id: x\n    source: {title: t, outlet: o, date: 2025-01-01}\n"
        "    says: s\n    quantity: accelerators\n    value: more than 1,000,000\n"
        f"    cluster: {cluster}\n",
        "claims.yaml",
    )
    assert main(["check", str(path), "--format", "json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)["claims"]
    # 1,000,000 / 100,000 = 10: a lower bound ten times the range's top
    assert (c["qualifier"], c["flags"], c["position"]) == ("at_least", ["at_least"], "×10 above")
    assert main(["check", str(path)]) == 0
    assert "≥ 1.00M" in capsys.readouterr().out


def test_a_ratio_of_another_precision_to_linpack_is_flagged():
    c = claim(quantity="ratio", reference="el-capitan", value=57)
    r = check_claim(c, H100_100K)
    # 100,000 x 989.4 TFLOP/s bf16 / 1,742 PFLOP/s (El Capitan Rmax) = 56.8: the arithmetic
    # holds, but a bf16 peak against FP64 Linpack is not like for like
    assert r.verdict == "consistent" and "precision_mismatch" in r.flags
    assert "not like for like" in r.explanation
    fp64 = check_claim(c.model_copy(update={"precision": "fp64_tensor", "value": 3.84}), H100_100K)
    # 100,000 x 66.9 TFLOP/s / 1,742 PFLOP/s = 3.84, FP64 against FP64: no flag
    assert fp64.verdict == "consistent" and fp64.flags == ()


def test_readings_that_change_nothing_are_never_offered():
    # fp16 and bf16 run at one rate on the H100: "fp16 instead of bf16" cannot explain a miss
    r = check_claim(claim(quantity="peak_flops", precision="bf16", value="10 EFLOP/s"), H100_100K)
    assert r.verdict == "inconsistent"
    offered = [x.reading for x in (*r.diagnosis, *r.closest)]
    assert offered and not any(x.startswith("fp16 dense instead of bf16") for x in offered)


def test_financing_is_recorded_not_judged():
    r = check_claim(claim(quantity="financing", value="up to 12e9 USD"), H100_100K)
    assert r.verdict == "not_comparable" and r.recomputed is None
    assert r.explanation.startswith("financing")


# TOP500, November 2024 (https://top500.org/lists/top500/2024/11/): El Capitan, 43,808 MI300A
# (11,039,616 cores / 252 per APU), Rmax 1,742 PFLOP/s, Rpeak 2,746.38 PFLOP/s; Eagle, 14,400
# H100, Rmax 561.2, Rpeak 846.84.
EL_CAPITAN = Cluster.model_validate(
    {"name": "el-capitan", "fleets": [{"accelerator": "MI300A", "count": 43_808}]}
)
EAGLE = Cluster.model_validate(
    {"name": "eagle", "fleets": [{"accelerator": "H100", "count": 14_400}]}
)


def test_linpack_rpeak_runs_from_the_fp64_vector_rate_to_the_fastest():
    from computescale import estimate

    e = estimate(EL_CAPITAN)
    # 43,808 x 61.3 TFLOP/s (vector) = 2.685 EF to 43,808 x 122.6 (matrix) = 5.371 EF
    assert e.hpl.rpeak.magnitudes("PFLOP/s") == pytest.approx((43_808 * 61.3e-3, 43_808 * 122.6e-3))
    # Rmax = Rpeak x [0.53, 0.86] (the middle 80 % of the TOP500 GPU systems, June 2025)
    assert e.hpl.rmax.magnitudes("PFLOP/s") == pytest.approx(
        (43_808 * 61.3e-3 * 0.53, 43_808 * 122.6e-3 * 0.86)
    )


@pytest.mark.parametrize(
    ("cluster", "scope", "value"),
    [
        (EL_CAPITAN, "rmax", "1.742 EFLOP/s"),
        (EL_CAPITAN, "rpeak", "2,746.38 PFLOP/s"),
        (EAGLE, "rmax", "561.2 PFLOP/s"),
        (EAGLE, "rpeak", "846.84 PFLOP/s"),
    ],
)
def test_top500_figures_are_consistent_with_their_systems(cluster, scope, value):
    r = check_claim(claim(quantity="hpl", scope=scope, value=value), cluster)
    assert r.verdict == "consistent"


def test_an_fp64_peak_claim_that_is_really_rmax_is_diagnosed():
    # "El Capitan has 1.742 EFLOPS of FP64 tensor peak": its FP64 matrix peak is 5.37 EF; the
    # figure is the measured Linpack Rmax
    c = claim(quantity="peak_flops", precision="fp64_tensor", value="1.742 EFLOP/s")
    r = check_claim(c, EL_CAPITAN)
    assert r.verdict == "inconsistent"
    assert any(x.reading == "a measured Linpack Rmax given as the peak" for x in r.diagnosis)


def test_superchips_read_as_gpus_explain_a_cost_twice_the_recomputed():
    # "$40B for 400,000 GB200" (Abilene): 400,000 GPUs at rack shares of $41,667-43,056 x
    # (1 + [0.10, 0.25]) network = $18.3-21.5B; 400,000 superchips are 800,000 GPUs: x2 =
    # $36.7-43.1B, which holds $40B. What real systems show reaches 400,000 x 43,056 x
    # 1.3 = $22.4B; $40B is x1.79 above it, within the tolerance and margin (x1.875): the
    # figure is unverifiable (the unit is ambiguous), and the superchip reading is offered
    abilene = Cluster.model_validate(
        {"name": "abilene", "fleets": [{"accelerator": "GB200", "count": 400_000}]}
    )
    r = check_claim(claim(quantity="capex", scope="hardware", value="40e9 USD"), abilene)
    assert r.verdict == "unverifiable" and "beyond_observed" in r.flags
    # the superchip reading is offered, beside the project's capex (facility works at
    # 8-15 M USD/MW on top of the hardware), which the words "for 400,000 GB200" leave open
    (superchips,) = (x for x in r.diagnosis if x.reading.startswith("the count is of superchips"))
    assert superchips.reading == "the count is of superchips, 2 GPUs each (×2)"
    assert superchips.recomputed.magnitudes("USD") == pytest.approx(
        (2 * 400_000 * 41_667 * 1.10, 2 * 400_000 * 43_056 * 1.25)
    )


def test_a_ratio_compares_with_the_list_of_its_date():
    c = claim(quantity="ratio", reference="el-capitan", precision="fp64_tensor", value=3.7)
    # TOP500 November 2025: El Capitan Rmax 1,809 PFLOP/s; 100,000 x 66.9 TFLOP/s / 1,809 PF = 3.70
    late = check_claim(
        c.model_copy(update={"source": c.source.model_copy(update={"date": dt.date(2025, 12, 1)})}),
        H100_100K,
    )
    assert late.recomputed.magnitudes()[0] == pytest.approx(6690 / 1809)
    assert "TOP500 2025-11 Rmax 1,809 PFLOP/s" in late.explanation
    # before that list (source dated 2025-01-01): November 2024, Rmax 1,742 PFLOP/s
    early = check_claim(c, H100_100K)
    assert early.recomputed.magnitudes()[0] == pytest.approx(6690 / 1742)
    named = check_claim(c.model_copy(update={"list": "2024-11"}), H100_100K)
    assert named.recomputed == early.recomputed


def test_a_ratio_to_hpl_mxp():
    # El Capitan, HPL-MxP 16.7 EFLOP/s announced with the June 2025 list (Tom's Hardware,
    # 2025-06-10); 100,000 x 989.4 TFLOP/s bf16 / 16,700 PFLOP/s = 5.92
    c = claim(quantity="ratio", reference="el-capitan", scope="mxp", list="2025-06", value=5.9)
    r = check_claim(c, H100_100K)
    assert r.verdict == "consistent" and "precision_mismatch" not in r.flags
    assert r.recomputed.magnitudes()[0] == pytest.approx(98_940 / 16_700)
    assert "TOP500 2025-06 HPL-MxP 16,700 PFLOP/s" in r.explanation
    # the same ratio to Rmax reads the reference's HPL-MxP as a misreading of it:
    # 98,940 PF / 1,742 PF = 56.8, not 5.9
    rmax = check_claim(c.model_copy(update={"scope": "rmax"}), H100_100K)
    assert rmax.verdict == "inconsistent"
    assert rmax.diagnosis[0].reading == "the reference's HPL-MxP instead of its Rmax"
    # an FP64 peak against a mixed-precision result is flagged
    fp64 = check_claim(c.model_copy(update={"precision": "fp64_tensor", "value": 0.4}), H100_100K)
    assert "precision_mismatch" in fp64.flags
    assert "mixed-precision HPL-MxP: not like for like" in fp64.explanation


def test_a_list_without_the_systems_hpl_mxp_is_refused():
    # El Capitan submitted no HPL-MxP run at SC24 (November 2024)
    with pytest.raises(ValueError, match="no HPL-MxP result with the TOP500 list 2024-11"):
        claim(quantity="ratio", reference="el-capitan", scope="mxp", value=1, list="2024-11")


def test_a_list_the_system_is_not_on_is_refused():
    with pytest.raises(ValueError, match="is not on the TOP500 list '2024-11'"):
        claim(quantity="ratio", reference="jupiter", value=1, list="2024-11")


def test_training_run_claims_of_deepseek_v3():
    from tests.conftest import EXAMPLES

    results = {r.claim.id: r for r in check_claims(EXAMPLES / "claims" / "training-runs.yaml")}
    hours, cost = results["deepseek-v3-gpu-hours"], results["deepseek-v3-cost"]
    # 2,048 H800 x 56.72 days x 24 h = 2,787,901 GPU-hours; x $2 = $5,575,803: within 1 % of
    # the report's 2.788M and $5.576M
    assert hours.verdict == cost.verdict == "consistent"
    assert hours.recomputed.magnitudes("h")[0] == pytest.approx(2048 * 56.72 * 24)
    assert cost.recomputed.magnitudes("USD")[0] == pytest.approx(2048 * 56.72 * 24 * 2)


def test_a_training_duration_claim():
    cluster = Cluster.model_validate(
        {"name": "ds", "fleets": [{"accelerator": "H800", "count": 2048}]}
    )
    # 3.3e24 FLOP / (2,048 x 989.4e12 FLOP/s x the default MFU of a run of either
    # architecture [0.15, 0.41]) = [46.0, 125.7] days
    r = check_claim(
        claim(quantity="training_days", run={"compute": "3.3e24 FLOP"}, value="up to 60 days"),
        cluster,
    )
    low = 3.3e24 / (2048 * 989.4e12 * 0.41) / 86400
    assert r.verdict == "consistent" and r.recomputed.magnitudes("day")[0] == pytest.approx(low)
    fast = check_claim(
        claim(quantity="training_days", run={"compute": "3.3e24 FLOP"}, value="10 days"), cluster
    )
    # 10 days would take an MFU of 0.41 x 46.0 / 10 = 1.9: above 100 %, wrong
    assert fast.verdict == "inconsistent" and fast.position == "×4.60 below"
    assert fast.implied.parameter == "MFU" and fast.implied.value[0] > 1


def test_a_training_claim_needs_its_run():
    with pytest.raises(ValueError, match="needs `run"):
        claim(quantity="gpu_hours", value=1e6)
    with pytest.raises(ValueError, match="exactly one of compute and days"):
        claim(quantity="gpu_hours", value=1e6, run={"compute": "1e24 FLOP", "days": 3})


def test_an_alternative_combined_with_another_precision():
    # "Project Rainier delivers 1,300 EFLOPS": the cluster as built in 2025 is ~500,000
    # Trainium2 (AWS, 2025-10-29), 500,000 x 667 TFLOP/s bf16 = 333.5 EF; the figure is the
    # planned 1,000,000 at the FP8 rate: 1,000,000 x 1,299 TFLOP/s = 1,299 EF
    rainier = Cluster.model_validate(
        {"name": "rainier", "fleets": [{"accelerator": "Trainium2", "count": 500_000}]}
    )
    planned = Cluster.model_validate(
        {"name": "Rainier, 1M chips", "fleets": [{"accelerator": "Trainium2", "count": 1_000_000}]}
    )
    r = check_claim(
        claim(quantity="peak_flops", value="1300 EFLOP/s", tolerance=0.05),
        rainier,
        alternatives=[("Rainier, 1M chips", planned)],
    )
    assert r.verdict == "inconsistent"
    assert r.diagnosis[0].reading == "Rainier, 1M chips, at fp8 dense instead of bf16"
    assert r.diagnosis[0].recomputed.magnitudes("EFLOP/s") == pytest.approx((1299, 1299))


def test_json_lists_every_reading_tried_with_whether_it_fits(capsys):
    from tests.conftest import EXAMPLES

    assert main(["check", str(EXAMPLES / "claims" / "seed-articles.yaml"), "--format", "json"]) == 0
    claims = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    tried = claims["edu-50-exaflops"]["readings"]
    # 50 EFLOP/s for 50M H100e = 49.47 ZFLOP/s dense bf16: the x0.001 prefix slip fits
    fitting = [x["reading"] for x in tried if x["fits"]]
    assert fitting and fitting[0].startswith("SI-prefix slip (×0.001")
    assert any(not x["fits"] for x in tried)
    assert claims["c1-230k-gpus"]["readings"] == []  # consistent: nothing to try


def test_no_reading_repeats_another_or_reprices_as_a_chip_not_yet_shipping():
    from tests.conftest import EXAMPLES

    results = {r.claim.id: r for r in check_claims(EXAMPLES / "claims" / "press-2024-2025.yaml")}
    for r in results.values():
        figures = [x.recomputed.magnitudes() for x in r.readings]
        assert len(figures) == len(set(figures)), r.claim.id
    # Abilene's $40B (May 2025): Rubin was announced, not shipping; its price is a 2026 estimate
    assert not any("Rubin" in x.reading for x in results["abilene-40bn-chips"].readings)


def test_an_alternative_combines_with_the_superchip_reading():
    # 500 GB200 GPUs are 250 superchips (1 Grace + 2 GPUs each): "250 GB200" of the
    # alternative, while the claim's own cluster has 1,000 H100
    gb200 = Cluster.model_validate(
        {"name": "GB200 alt", "fleets": [{"accelerator": "GB200", "count": 500}]}
    )
    r = check_claim(
        claim(quantity="accelerators", value=250), H100_1K, alternatives=[("GB200 alt", gb200)]
    )
    assert r.verdict == "inconsistent"
    assert r.diagnosis[0].reading == "GB200 alt, counting GPUs as superchips (/2)"
    assert r.diagnosis[0].recomputed.magnitudes() == (250, 250)


H100_1K = Cluster.model_validate({"name": "h", "fleets": [{"accelerator": "H100", "count": 1000}]})
