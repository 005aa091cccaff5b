import pytest

from computescale import Cluster, estimate, get_accelerator, load_cluster
from computescale.errors import InputError
from tests.conftest import EXAMPLES


def cluster(*fleets, **assumptions):
    return Cluster.model_validate(
        {"name": "test", "fleets": list(fleets), "assumptions": assumptions}
    )


def lo_hi(r, unit=None):
    return r.magnitudes(unit)


def test_reference_100k_h100():
    e = estimate(cluster({"accelerator": "H100", "count": 100_000, "system": "server-8"}, pue=1.2))
    # 100,000 x 989.4e12 FLOP/s = 9.894e19 FLOP/s dense bf16
    assert lo_hi(e.peak_flops["bf16"], "FLOP/s") == pytest.approx((9.894e19, 9.894e19))
    # all-H100 cluster: H100e == count
    assert lo_hi(e.h100_equivalents) == pytest.approx((100_000, 100_000))
    # chip power: 100,000 x 700 W = 70 MW
    assert lo_hi(e.power.chip, "MW") == pytest.approx((70, 70))
    # IT: 100,000 x 1,275 W (DGX H100 10.2 kW / 8) x (1 + [0.05, 0.14]) = [133.875, 145.35] MW
    assert lo_hi(e.power.it, "MW") == pytest.approx((133.875, 145.35))
    # facility: IT x 1.2
    assert lo_hi(e.power.facility, "MW") == pytest.approx((160.65, 174.42))
    # energy: facility x [0.6, 0.9] x 8,766 h
    assert lo_hi(e.annual_energy, "GWh") == pytest.approx(
        (160.65 * 0.6 * 8766 / 1000, 174.42 * 0.9 * 8766 / 1000)
    )
    # accelerators: 100,000 x [25k, 30k] USD (reported H100 prices)
    assert lo_hi(e.capex.accelerators, "USD") == pytest.approx((2.5e9, 3.0e9))
    # hardware: x server [1.3, 1.4] x (1 + network [0.10, 0.25]) = $3.575-5.25B, inside the
    # ~$3.5-5.5B all-in references (Epoch AI $3.2B compute, SemiAnalysis >$4B of servers)
    assert lo_hi(e.capex.hardware, "USD") == pytest.approx((2.5e9 * 1.3 * 1.1, 3e9 * 1.4 * 1.25))
    assert e.capex.facility is None
    assert lo_hi(e.capex.total) == lo_hi(e.capex.hardware)


def test_fp4_on_h100_counts_at_fp8_and_says_so():
    e = estimate(cluster({"accelerator": "H100", "count": 10}), basis="fp4")
    assert lo_hi(e.peak_flops["fp4"], "FLOP/s")[0] == pytest.approx(10 * 1978.9e12)
    assert e.fleets[0].formats_used["fp4"] == "fp8"
    assert any("no native fp4" in n for n in e.notes)
    # H100 against itself on the fp4 basis is still 1 per GPU
    assert lo_hi(e.h100_equivalents) == pytest.approx((10, 10))


def test_gb200_h100e_bf16_and_fp8_and_tpp_bases_differ():
    c = cluster({"accelerator": "GB200", "count": 1000})
    # bf16: 2,500 / 989.4 = 2.5268 per GPU
    assert lo_hi(estimate(c).h100_equivalents)[0] == pytest.approx(1000 * 2500 / 989.4)
    # fp4: 10,000 / 1,978.9 (H100 counted at fp8) = 5.053 per GPU
    assert lo_hi(estimate(c, basis="fp4").h100_equivalents)[0] == pytest.approx(
        1000 * 10000 / 1978.9
    )
    # TPP: max(10,000 x 4, 5,000 x 8, 2,500 x 16) = 40,000 vs H100 1,978.9 x 8 = 15,831.2
    assert lo_hi(estimate(c, basis="tpp").h100_equivalents)[0] == pytest.approx(
        1000 * 40000 / 15831.2
    )


def test_sparse_is_labelled_and_h100e_stays_dense():
    c = cluster({"accelerator": "H100", "count": 10})
    dense, sparse = estimate(c), estimate(c, sparse=True)
    assert sparse.sparse and not dense.sparse
    assert lo_hi(sparse.peak_flops["bf16"])[0] == pytest.approx(10 * 1978.9e12)
    assert lo_hi(sparse.h100_equivalents) == lo_hi(dense.h100_equivalents)


def test_split_keeps_total_and_bounds_every_split():
    e = estimate(
        cluster({"total": 550_000, "split": [{"accelerator": "GB200"}, {"accelerator": "GB300"}]})
    )
    assert lo_hi(e.accelerators) == (550_000, 550_000)
    # fp4 dense: all GB200 = 550,000 x 10 PF = 5.5 ZFLOP/s; all GB300 = x 15 PF = 8.25 ZFLOP/s
    assert lo_hi(e.peak_flops["fp4"], "ZFLOP/s") == pytest.approx((5.5, 8.25))
    # chip power: all GB200 x 1,200 W = 660 MW; all GB300 x 1,400 W = 770 MW
    assert lo_hi(e.power.chip, "MW") == pytest.approx((660, 770))
    # summing per-member bounds would give 0 - 1,430 MW; the split keeps it tight
    members = [lo_hi(f.power.chip, "MW") for f in e.fleets]
    assert sum(m[1] for m in members) > lo_hi(e.power.chip, "MW")[1]


def test_split_with_share_ranges():
    e = estimate(
        cluster(
            {
                "total": 100,
                "split": [{"accelerator": "GB200", "share": [0.3, 0.7]}, {"accelerator": "GB300"}],
            }
        )
    )
    # GB300 has the higher TDP: max gives it 70 %, min 30 %.
    # low = 100 x (0.7 x 1,200 + 0.3 x 1,400) = 126 kW; high = 100 x (0.3 x 1,200 + 0.7 x 1,400)
    assert lo_hi(e.power.chip, "kW") == pytest.approx((126, 134))


def test_missing_spec_leaves_figure_empty_with_reason():
    e = estimate(cluster({"accelerator": "Ascend-950DT", "count": 72}), basis="fp8")
    assert e.power.chip is None and e.power.it is None
    assert "Ascend-950DT has no published TDP" in e.missing["chip_w"]
    assert (
        "set it_power or tdp on fleet 1 (fleets[0].it_power or fleets[0].tdp)" in e.missing["it_w"]
    )
    assert e.peak_flops["bf16"] is None
    assert "fleets[0].peak_flops.bf16" in e.missing["peak_flops.bf16"]
    # 72 x 1,000 TFLOP/s fp8 (Huawei, announced) / 1,978.9 = 36.4 H100e on the fp8 basis
    assert lo_hi(e.h100_equivalents)[0] == pytest.approx(72 * 1000 / 1978.9)


def test_a_chip_without_a_reference_system_gets_it_power_from_its_tdp_and_says_so():
    e = estimate(cluster({"accelerator": "TPU-v5p", "count": 8960}))
    # 8,960 x 540 W (Epoch AI's TDP) x system_overhead [1.4, 1.9] x (1 + [0.05, 0.14])
    low, high = 8960 * 540 * 1.4 * 1.05, 8960 * 540 * 1.9 * 1.14
    assert lo_hi(e.power.it, "W") == pytest.approx((low, high))
    assert any("TPU-v5p: server/rack power = TDP x system_overhead" in n for n in e.notes)


def test_a_given_system_overhead_applies_to_every_chip():
    c = cluster({"accelerator": "H100", "count": 100_000}, system_overhead=1.82, network_share=0)
    # Epoch AI's method: 700 W x 1.82 x 100,000 = 127.4 MW of IT power, not the DGX's 1,275 W
    assert lo_hi(estimate(c).power.it, "MW") == pytest.approx((127.4, 127.4))


def test_fleet_overrides_fill_missing_figures():
    e = estimate(
        cluster(
            {
                "accelerator": "TPU-v7",
                "count": 100,
                "tdp": "1 kW",
                "it_power": ["1.4 kW", "1.6 kW"],
                "price": "20 kUSD",
            }
        )
    )
    assert lo_hi(e.power.chip, "kW") == pytest.approx((100, 100))
    assert lo_hi(e.capex.accelerators, "USD") == pytest.approx((2e6, 2e6))
    assert "it_w" not in e.missing


def test_facility_capex_when_given():
    e = estimate(
        cluster(
            {"accelerator": "H100", "count": 1000, "system": "server-8"},
            pue=1.0,
            network_share=0,
            facility_capex_per_mw="10e6 USD/MW",
        )
    )
    # facility = 1,000 x 1,275 W = 1.275 MW -> 12.75 M USD
    assert lo_hi(e.capex.facility, "USD") == pytest.approx((12.75e6, 12.75e6))
    assert lo_hi(e.capex.total)[0] == pytest.approx(lo_hi(e.capex.hardware)[0] + 12.75e6)


def test_unknown_basis():
    with pytest.raises(InputError, match="unknown number format"):
        estimate(cluster({"accelerator": "H100", "count": 1}), basis="fp12")


def test_examples_load_and_estimate():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        e = estimate(load_cluster(path))
        assert e.accelerators.magnitudes()[0] > 0


def test_colossus1_july_2025():
    e = estimate(load_cluster(EXAMPLES / "colossus1.yaml"))
    assert lo_hi(e.accelerators) == (230_000, 230_000)
    # 150k + 50k Hopper at 1 H100e each + 30,000 x 2,500 / 989.4 = 275,814 H100e
    assert lo_hi(e.h100_equivalents)[0] == pytest.approx(200_000 + 30_000 * 2500 / 989.4)
    gb200 = get_accelerator("GB200")
    # chip power: 200,000 x 700 W + 30,000 x 1,200 W = 176 MW
    assert lo_hi(e.power.chip, "MW")[0] == pytest.approx(
        (200_000 * 700 + 30_000 * gb200.tdp_w.low) / 1e6
    )


def test_phases_validation(write):
    from computescale.errors import InputError

    bad_order = write(
        "name: x\nphases:\n  - date: 2025-02-01\n    fleets: [{accelerator: H100, count: 1}]\n"
        "  - date: 2024-01-01\n    add: [{accelerator: H100, count: 1}]\n"
    )
    with pytest.raises(InputError, match="phases must be in date order"):
        load_cluster(bad_order)
    add_first = write(
        "name: x\nphases:\n  - date: 2025-02-01\n    add: [{accelerator: H100, count: 1}]\n"
    )
    with pytest.raises(InputError, match="the first phase needs `fleets`"):
        load_cluster(add_first)
    neither = write("name: x\nphases:\n  - date: 2025-02-01\n    label: empty\n")
    with pytest.raises(InputError, match=r"cluster.yaml:3: phases\[0\]: a phase needs either"):
        load_cluster(neither)
    none = write("name: x\n")
    with pytest.raises(InputError, match="a cluster needs `fleets`"):
        load_cluster(none)
