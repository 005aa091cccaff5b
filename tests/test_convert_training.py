import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computescale import Cluster, estimate, get_accelerator, load_cluster
from computescale.catalogue import list_accelerators
from computescale.cli import main
from computescale.conversion import convert, parse_target
from computescale.errors import InputError
from computescale.sampling import Sampling
from computescale.testing import strategies as cst
from computescale.training import DEFAULT_MFU, compute_in, time_to_train, train
from computescale.uncertain import Bounds
from tests.conftest import EXAMPLES

H100_BF16 = 989.4e12  # FLOP/s per H100 SXM, dense bf16 (whitepaper)
# Chips with a dense bf16 peak, the default format of a training run.
BF16_CHIPS = [s.id for s in list_accelerators() if "bf16" in s.peak_tflops_dense]


def test_50m_h100e_as_gb300():
    c = convert("50e6 H100e", "GB300")
    # 50e6 x 989.4 / 2,500 TFLOP/s = 19,788,000 GB300
    assert c.count.magnitudes() == pytest.approx((19_788_000, 19_788_000))
    assert c.cluster.h100_equivalents.magnitudes()[0] == pytest.approx(50e6)


def test_one_gigawatt_of_gb200_at_facility():
    c = convert("1 GW", "GB200", scope="facility")
    # per GPU: [1,666.7, 1,833.3] W (120-132 kW per NVL72 / 72) x (1 + [0.05, 0.14]) x PUE
    # [1.1, 1.4] = [1,925.0, 2,926.0] W
    lo, hi = c.per_unit.magnitudes("W")
    assert (lo, hi) == pytest.approx((1666.7 * 1.05 * 1.1, 1833.3 * 1.14 * 1.4))
    # a whole GB200 more than each end's quotient: 1 GW / 2,926 W = 341,770 (rounded up)
    assert c.count.magnitudes() == (math.ceil(1e9 / hi), math.ceil(1e9 / lo))
    # the target's own figure is the target, and IT power (inside it) does not exceed it
    assert c.cluster.power.facility.magnitudes() == (1e9, 1e9)
    assert c.target_key == "facility_w" and c.cluster.power.it.magnitudes()[1] == 1e9
    # the count and the H100e of the cluster agree: they are of the same whole GPUs
    assert convert("12e9 USD", "H100").count.magnitudes() == (
        convert("12e9 USD", "H100").cluster.h100_equivalents.magnitudes()
    )


def test_budget_round_trip_contains_the_budget():
    c = convert("12e9 USD", "H100")
    lo, hi = c.cluster.capex.total.magnitudes("USD")
    assert lo <= 12e9 <= hi


@settings(max_examples=40, deadline=None)
@given(
    cst.fleets(priced=True, ranged=False, max_count=5_000_000),
    st.sampled_from(["bf16", "fp8", "tpp"]),
)
def test_h100e_round_trip_gives_the_same_count(fleet, basis):
    e = estimate(Cluster.model_validate({"name": "x", "fleets": [fleet]}), basis=basis)
    h100e = e.h100_equivalents.magnitudes()[0]
    back = convert(f"{h100e!r} H100e", fleet.accelerator, basis=basis)
    assert back.count.magnitudes() == pytest.approx((fleet.count.low,) * 2, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    cst.accelerator_ids(priced=True),
    st.floats(1e6, 1e11),  # budgets of 1 million to 100 billion USD
    st.sampled_from(["accelerators", "total"]),
)
def test_budget_round_trip_property(chip, usd, scope):
    c = convert(f"{usd!r} USD", chip, scope=scope)
    lo, hi = getattr(c.cluster.capex, scope).magnitudes("USD")
    # the cluster holds whole accelerators, each end rounded up: it may overshoot the budget by
    # less than one accelerator (GB200 rack shares of $41,667-43,056: $1M buys 23.2-24.0)
    one = c.per_unit.magnitudes("USD")[1]
    assert lo * (1 - 1e-9) - one <= usd <= hi * (1 + 1e-9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5 kg", "not an amount of compute, power or money"),
        ("1,5 GW", "comma that is not a thousands separator"),
        ("[2, 1] GW", "above high"),
        ("-1 GW", "out of range"),
        ("lots", "cannot read"),
    ],
)
def test_bad_targets(text, message):
    with pytest.raises(InputError, match=message):
        parse_target(text)


def test_wrong_scope_and_missing_figure():
    with pytest.raises(InputError, match="unknown power scope"):
        convert("1 GW", "H100", scope="rack")
    with pytest.raises(InputError, match="--scope does not apply"):
        convert("1e6 H100e", "H100", scope="it")
    with pytest.raises(InputError, match="Ascend-950DT has no facility power figure"):
        convert("1 GW", "Ascend-950DT")


def test_reference_100k_h100_at_40_percent():
    run = time_to_train(
        load_cluster(EXAMPLES / "colossus1-2024-09.yaml"), 1e26, mfu=Bounds(0.4, 0.4)
    )
    # 1e26 / (100,000 x 989.4e12 x 0.4) s = 2.527e6 s = 29.2 days
    seconds = 1e26 / (100_000 * H100_BF16 * 0.4)
    assert run.duration.magnitudes("s") == pytest.approx((seconds, seconds))
    assert run.duration.magnitudes("day")[0] == pytest.approx(29.25, abs=0.01)


@settings(max_examples=30, deadline=None)
@given(
    st.floats(1e22, 1e27),  # training compute [FLOP], GPT-3 (3.1e23) to beyond today's runs
    st.floats(0.1, 0.9),
    # at least 20,000 chips: the slowest run, 1e27 FLOP on 20,000 A100 (312 TFLOP/s bf16) at
    # MFU 0.1, takes 1.6e9 s = 18,500 days, inside the 100 years compute_in() accepts back
    cst.clusters(accelerators=BF16_CHIPS, splits=False, ranged=False, min_count=20_000),
)
def test_time_times_rate_times_mfu_is_compute(flop, mfu, cluster):
    # the cluster's dense bf16 peak from the catalogue's datasheet figures [FLOP/s]
    rate = sum(
        f.count.low * get_accelerator(f.accelerator).peak_tflops_dense["bf16"] * 1e12
        for f in cluster.fleets
    )
    run = time_to_train(cluster, flop, mfu=Bounds(mfu, mfu))
    seconds = run.duration.magnitudes("s")[0]
    assert seconds * rate * mfu == pytest.approx(flop, rel=1e-9)
    back = compute_in(cluster, seconds / 86_400, mfu=Bounds(mfu, mfu))
    assert back.compute.magnitudes()[0] == pytest.approx(flop, rel=1e-9)


def test_ranges_are_bounds():
    run = time_to_train(load_cluster(EXAMPLES / "colossus2.yaml"), 1e27)
    lo, hi = run.duration.magnitudes("s")
    # the dense default MFU [0.18, 0.44]: fastest 1e27 / (1.375e21 x 0.44), slowest
    # 1e27 / (1.375e21 x 0.18)
    assert (lo, hi) == pytest.approx((1e27 / (1.375e21 * 0.44), 1e27 / (1.375e21 * 0.18)))
    e_lo, e_hi = run.energy.magnitudes("W*h")
    assert e_lo < e_hi
    assert Bounds(0.18, 0.44) == DEFAULT_MFU


@pytest.mark.parametrize("call", [time_to_train, compute_in])
def test_swapped_mfu_is_refused_by_the_library_never_sorted(call):
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    with pytest.raises(InputError) as info:
        call(cluster, 30, mfu=Bounds(0.45, 0.3))
    assert info.value.field == "mfu"
    assert info.value.problem == "MFU low 0.45 is above high 0.3"
    assert info.value.fix == "swap the two values"


def test_bad_training_inputs():
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    with pytest.raises(InputError, match="MFU"):
        time_to_train(cluster, 1e26, mfu=Bounds(0.0, 1.2))
    with pytest.raises(InputError, match="compute"):
        time_to_train(cluster, -1.0)
    with pytest.raises(InputError, match="days"):
        compute_in(cluster, 0)
    # Huawei announced the Ascend 950DT at FP8 and FP4 only
    dt950 = Cluster.model_validate(
        {"name": "t", "fleets": [{"accelerator": "Ascend-950DT", "count": 9}]}
    )
    with pytest.raises(InputError, match="no dense bf16 peak"):
        time_to_train(dt950, 1e26)


def test_cli_convert_and_train(capsys):
    assert main(["convert", "50e6 H100e", "--to", "GB300", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"]["low"] == pytest.approx(19_788_000)
    assert data["target_label"] == "H100-equivalents (dense bf16)"
    assert main(["convert", "1 GW", "--to", "GB200", "--scope", "facility"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1.00 GW of facility power as GB200")
    assert (
        main(
            ["train", str(EXAMPLES / "colossus2.yaml"), "--compute", "1e27", "--mfu", "0.3", "0.45"]
        )
        == 0
    )
    out = capsys.readouterr().out
    # 1e27 / (1.375e21 x 0.45) s = 18.7 days; / (1.375e21 x 0.3) = 28.1 days
    assert "18.7 days – 28.1 days" in out
    assert main(["convert", "5 kg", "--to", "H100"]) == 2
    assert "not an amount of compute" in capsys.readouterr().err


def test_unknown_precision_is_an_input_error(capsys):
    code = main(
        ["train", str(EXAMPLES / "colossus2.yaml"), "--compute", "1e26", "--precision", "fp12"]
    )
    assert code == 2
    assert "precision: unknown number format 'fp12'" in capsys.readouterr().err


def test_cli_train_with_samples(capsys):
    args = ["train", str(EXAMPLES / "colossus1-2024-09.yaml"), "--compute", "1e26"]
    assert main([*args, "--mfu", "0.4", "0.4", "--samples", "1000", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # fixed count and MFU: 1e26 / (100,000 x 989.4e12 x 0.4) s in every sample
    seconds = 1e26 / (100_000 * H100_BF16 * 0.4)
    assert data["duration_s"]["p50"] == pytest.approx(seconds)
    assert (data["samples"], data["seed"]) == (1000, 0)
    assert main([*args, "--samples", "1000", "--seed", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "likely p5 / p50 / p95 (1,000 samples, seed 4)" in lines[2]
    duration = next(line for line in lines if line.startswith("duration"))
    # bounds: 1e26 / (9.894e19 x 0.44) s = 26.6 days to 1e26 / (9.894e19 x 0.18) s = 65.0 days
    assert "26.6 days – 65.0 days" in duration and duration.count("/") == 2


def test_sampled_count_is_the_target_over_the_sampled_figure():
    # with a fixed target, count = T / u is decreasing in u alone, so its order statistics are
    # T over u's: with 10,001 samples p5, p50 and p95 fall on samples 500, 5,000 and 9,500
    plain = convert("1 GW", "GB200")
    c = convert("1 GW", "GB200", sampling=Sampling(10_001, seed=4))
    assert c.count.magnitudes() == plain.count.magnitudes()
    u5, u50, u95 = c.per_unit.percentiles()
    n5, n50, n95 = c.count.percentiles()
    assert (n5, n50, n95) == pytest.approx((1e9 / u95, 1e9 / u50, 1e9 / u5), rel=1e-12)
    lo, hi = c.count.magnitudes()
    assert lo <= n5 <= n50 <= n95 <= hi
    again = convert("1 GW", "GB200", sampling=Sampling(10_001, seed=4))
    assert again.count.percentiles() == c.count.percentiles()
    assert (c.samples, c.seed) == (10_001, 4)


def test_sampled_count_of_a_ranged_target_spreads_with_the_target():
    # H100e per GB300 is a datasheet ratio (2,500 / 989.4 = 2.527), so the count's spread
    # comes from the target alone: uniform on [40e6, 60e6] / 2.527 gives p50 near 50e6 / 2.527
    c = convert("[40e6, 60e6] H100e", "GB300", sampling=Sampling(20_001, seed=1))
    assert c.count.percentiles()[1] == pytest.approx(50e6 / (2500 / 989.4), rel=0.01)
    p5, _, p95 = c.count.percentiles()
    # p5 and p95 of a uniform: 41e6 and 59e6 H100e
    assert (p5, p95) == pytest.approx((41e6 / (2500 / 989.4), 59e6 / (2500 / 989.4)), rel=0.01)


def test_cli_convert_with_samples(capsys):
    assert main(["convert", "1 GW", "--to", "GB200", "--samples", "1000", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"p5", "p50", "p95"} <= set(data["count"]) and data["samples"] == 1000
    assert main(["convert", "1 GW", "--to", "GB200", "--samples", "1000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "likely p5 / p50 / p95 (1,000 samples)" in lines[2]
    assert lines[3].startswith("accelerators needed") and lines[3].count("/") == 2


def test_integer_and_float_rates_never_mix():
    # H100 SXM: 1,979 TOP/s int8 dense; 50 EOP/s / 1.979e15 = 25,267 GPUs
    assert convert("50 EOP/s", "H100", fmt="int8").count.magnitudes()[0] == pytest.approx(
        50e18 / 1.979e15, rel=1e-3
    )
    with pytest.raises(InputError, match=r"is in FLOP/s but the peak int8 .* is in OP/s"):
        convert("50 EFLOP/s", "H100", fmt="int8")
    with pytest.raises(InputError, match=r"is in OP/s but the peak bf16 .* is in FLOP/s"):
        convert("50 EOP/s", "H100")
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    with pytest.raises(InputError, match="training compute is counted in FLOP"):
        time_to_train(cluster, 1e26, precision="int8")


def test_deepseek_v3_gpu_hours_and_rental_cost():
    # DeepSeek-V3 technical report (2024-12-27): 2.788M H800 GPU-hours, $2 per GPU-hour
    # assumed, $5.576M. On 2,048 H800: 2.788e6 / 2,048 / 24 = 56.72 days.
    cluster = Cluster.model_validate(
        {"name": "ds", "fleets": [{"accelerator": "H800", "count": 2048}]}
    )
    run = train(cluster, days=2.788e6 / 2048 / 24)
    assert run.accelerator_hours.magnitudes("h") == pytest.approx((2.788e6, 2.788e6))
    assert run.rental_cost is not None
    assert run.rental_cost.magnitudes("USD") == pytest.approx((5.576e6, 5.576e6))


def test_a_fleet_rental_price_replaces_the_catalogues():
    # 100 H100 at 3 USD/h for 10 days: 100 x 240 h x 3 = 72,000 USD
    cluster = Cluster.model_validate(
        {"name": "r", "fleets": [{"accelerator": "H100", "count": 100, "rental_price": "3 USD/h"}]}
    )
    run = train(cluster, days=10)
    assert run.rental_cost is not None
    assert run.rental_cost.magnitudes("USD") == pytest.approx((72_000, 72_000))
    assert estimate(cluster).rental_rate.magnitudes("USD/h") == pytest.approx((300, 300))


def test_a_chip_without_a_rental_price_leaves_the_rental_cost_out_and_says_why(capsys):
    cluster = Cluster.model_validate(
        {"name": "r", "fleets": [{"accelerator": "GB300", "count": 72}]}
    )
    run = train(cluster, days=1)
    assert run.rental_cost is None
    assert "GB300 has no catalogue rental price" in run.cluster.missing["rental_usd_per_h"]


def test_mfu_takes_one_value_or_a_range(capsys):
    from computescale.cli import main

    cluster = str(EXAMPLES / "colossus2.yaml")
    assert main(["train", cluster, "--compute", "1e26", "--mfu", "0.4", "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["mfu"] == {"low": 0.4, "high": 0.4}
    assert (
        main(["train", cluster, "--compute", "1e26", "--mfu", "0.35", "0.45", "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["mfu"] == {"low": 0.35, "high": 0.45}
    assert main(["train", cluster, "--compute", "1e26", "--mfu", "0.3", "0.4", "0.5"]) == 2
    assert "--mfu" in capsys.readouterr().err
    # the range as files and --assume write it, quoted or split by the shell at its space
    for written, expected in [
        (["[0.35, 0.45]"], {"low": 0.35, "high": 0.45}),
        (["[0.35,", "0.45]"], {"low": 0.35, "high": 0.45}),
        (["[0.4]"], {"low": 0.4, "high": 0.4}),
    ]:
        args = ["train", cluster, "--compute", "1e26", "--mfu", *written, "--format", "json"]
        assert main(args) == 0
        assert json.loads(capsys.readouterr().out)["mfu"] == expected
    for wrong in (["abc"], ["[true, 1]"], ["[0.1, 0.2, 0.3]"], ["{a: 1}"]):
        assert main(["train", cluster, "--compute", "1e26", "--mfu", *wrong]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--mfu: cannot read" in err


def test_convert_speaks_to_the_command_line(capsys):
    from computescale.cli import main

    # Ascend 950DT is announced with no published power; Max 1550 has no catalogue price
    assert main(["convert", "1 GW", "--to", "Ascend-950DT", "--scope", "facility"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("computescale: error: --to: Ascend-950DT has no facility power figure")
    assert main(["convert", "1e6 H100e", "--to", "Max-1550"]) == 0
    out = capsys.readouterr().out
    assert "give its price in a catalogue file" in out
    for text in (err, out):
        assert "convert()" not in text and "fleets[0]" not in text


def test_a_conversion_says_a_missing_figure_is_given_in_a_catalogue_file_not_on_a_fleet():
    # the cluster a conversion makes is nobody's file: no fleet path of it is named; an estimate
    # of a cluster file with the same chip names the fleet's field instead
    spec = next(s for s in list_accelerators() if s.tdp_w is None and s.it_power_w is None)
    c = convert("50e6 H100e", spec.id)
    assert not any("fleets[" in why for why in c.cluster.missing.values())
    assert c.cluster.missing["it_w"].endswith(
        "give its IT power or TDP in a catalogue file (docs/catalogue-format.md)"
    )
    with pytest.raises(InputError, match="give its IT power or TDP in a catalogue file"):
        convert("1 GW", spec.id)
    fleet = {"accelerator": spec.id, "count": 1}
    own = estimate(Cluster.model_validate({"name": "t", "fleets": [fleet]}))
    assert own.missing["it_w"].endswith("(fleets[0].it_power or fleets[0].tdp)")
