"""Fleets counted in racks, nodes, superchips or pods, as reporters count them."""

import json

import pytest

from computescale import Cluster, Sampling, estimate
from computescale.cli import main
from computescale.cluster import load_cluster
from computescale.errors import InputError


def fleet(**written):
    return Cluster.model_validate({"name": "t", "fleets": [written]}).fleets[0]


@pytest.mark.parametrize(
    ("written", "accelerators"),
    [
        # GB200 NVL72: 72 Blackwell GPUs per rack (NVIDIA GB200 NVL72 page): 10 x 72
        ({"accelerator": "GB200", "racks": 10}, 720),
        # a GB200 superchip is 1 Grace CPU + 2 Blackwell GPUs: 100 x 2
        ({"accelerator": "GB200", "superchips": 100}, 200),
        # a DGX/HGX H100 node holds 8 GPUs (DGX H100 user guide): 100 x 8
        ({"accelerator": "H100", "nodes": 100}, 800),
        ({"accelerator": "H100", "count": 800}, 800),
        # an Ironwood superpod joins 9,216 TPU v7 chips (Google Cloud TPU7x page)
        ({"accelerator": "TPU-v7", "pods": 2}, 18_432),
    ],
)
def test_packages_become_accelerators(written, accelerators):
    f = fleet(**written)
    assert (f.count.low, f.count.high) == (accelerators, accelerators)


def test_a_range_of_racks_is_a_range_of_accelerators():
    f = fleet(accelerator="GB300", racks=[60, 64])
    # 60 x 72 = 4,320 and 64 x 72 = 4,608 Blackwell Ultra GPUs
    assert (f.count.low, f.count.high) == (4320, 4608)
    assert f.written_as is not None and f.written_as.text() == "60–64 racks of 72"


def test_the_count_survives_a_round_trip_without_its_packages():
    c = Cluster.model_validate({"name": "t", "fleets": [{"accelerator": "GB200", "racks": 2}]})
    again = Cluster.model_validate(c.model_dump(mode="json"))
    assert again.fleets[0].count.high == 144 and again.fleets[0].written_as is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{accelerator: H100, count: 8, nodes: 1}", "exactly one of count"),
        ("{accelerator: H100}", "exactly one of count"),
        ("{accelerator: MI300X, racks: 2}", "no per_rack"),
        ("{accelerator: H100, nodes: 2000000000}", "over 10,000,000,000"),
    ],
)
def test_bad_packages_are_named_at_their_line(write, text, words):
    path = write(f"name: t\nfleets:\n  - {{accelerator: H100, count: 8}}\n  - {text}\n")
    with pytest.raises(InputError) as caught:
        load_cluster(path)
    assert words in caught.value.message
    assert caught.value.line == 4 and str(caught.value.field).startswith("fleets[1]")


def test_the_estimate_prints_both(write, capsys):
    path = write("name: t\nfleets:\n  - {accelerator: GB200, racks: 10}\n")
    assert main(["estimate", str(path)]) == 0
    table = capsys.readouterr().out
    assert "720 (10 racks of 72)" in table
    assert main(["estimate", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["accelerators"] == {"low": 720, "high": 720}
    assert data["fleets"][0]["written_as"] == {
        "unit": "racks",
        "number": {"low": 10, "high": 10},
        "per": 72,
    }


def test_packages_equal_the_same_count_in_every_figure(write):
    racks = load_cluster(write("name: t\nfleets:\n  - {accelerator: GB200, racks: 3}\n"))
    count = load_cluster(write("name: t\nfleets:\n  - {accelerator: GB200, count: 216}\n"))
    a, b = (estimate(c, sampling=Sampling(200)) for c in (racks, count))
    assert a.power.it == b.power.it and a.capex.total == b.capex.total
    assert a.h100_equivalents == b.h100_equivalents


def test_azure_gb300_cluster_in_racks_gives_the_quoted_fp4():
    from tests.conftest import EXAMPLES

    e = estimate(load_cluster(EXAMPLES / "azure-gb300.yaml"), sparse=True)
    # 64 NVL72 racks x 72 = 4,608 GPUs (Microsoft and NVIDIA, 2025-10-09); 1,440 PF sparse FP4
    # per rack x 64 = 92.16 EFLOP/s, the "92.1 exaFLOPS" quoted
    assert e.accelerators.magnitudes() == (4608, 4608)
    assert e.peak_flops["fp4"].magnitudes("EFLOP/s") == pytest.approx((92.16, 92.16))
