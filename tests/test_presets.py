"""Presets reproduce peers' published methods (Epoch AI, SemiAnalysis)."""

import json

import pytest

from computescale import Cluster, estimate
from computescale.cli import main
from computescale.errors import InputError
from computescale.presets import EPOCH_PUE, PRESETS, with_preset
from tests.conftest import EXAMPLES, run


def cluster(as_of="2024-09-02", **fleet):
    fleet = fleet or {"accelerator": "H100", "count": 100_000, "system": "server-8"}
    return Cluster.model_validate({"name": "c", "as_of": as_of, "fleets": [fleet]})


def test_epoch_reproduces_its_power_method_for_100k_h100():
    e = estimate(cluster(), preset="epoch")
    # Epoch AI: TDP x chips x 1.82 x PUE of the year: 700 W x 100,000 x 1.82 x 1.12 (2024)
    assert e.power.facility.magnitudes("MW") == pytest.approx((142.688, 142.688))
    # IT power is the servers alone: no network share on top in Epoch's method
    assert e.power.it.magnitudes("MW") == pytest.approx((127.4, 127.4))
    assert e.basis == "epoch" and e.h100_equivalents.magnitudes() == pytest.approx((1e5, 1e5))
    assert e.notes[0].startswith("preset epoch (Epoch AI")


def test_epoch_hardware_factors():
    e = estimate(cluster(), preset="epoch")
    # [25k, 30k] USD x 1.64 server x (1 + 0.235) interconnect (19 % of the total)
    low, high = 2.5e9 * 1.64 * 1.235, 3.0e9 * 1.64 * 1.235
    assert e.capex.hardware.magnitudes("USD") == pytest.approx((low, high))


def test_epoch_basis_gives_epochs_colossus_2_h100_equivalents():
    c2 = cluster("2026-05-13", accelerator="GB300", count=550_000)
    e = estimate(c2, preset="epoch")
    # 550,000 x 5,000 TFLOP/s fp8 / 1,978.9: Epoch's record for Colossus 2 is 1,389,591 with
    # 1,979 for the H100 (ai-chip-counts, xai_datacenter_timelines.csv)
    assert e.h100_equivalents.magnitudes()[0] == pytest.approx(550_000 * 5000 / 1978.9)
    assert e.h100_equivalents.magnitudes()[0] == pytest.approx(1_389_591, rel=1e-4)


def test_the_8bit_basis_takes_int8_where_a_chip_has_no_fp8():
    e = estimate(cluster(accelerator="A100", count=1000), basis="8bit")
    # A100: no fp8; int8 624 TOP/s dense / H100's 1,978.9
    assert e.h100_equivalents.magnitudes()[0] == pytest.approx(1000 * 624 / 1978.9)


@pytest.mark.parametrize(
    ("as_of", "pue", "nearest"),
    [("2019-06-01", 1.22, False), ("2023-06-01", 1.14, False), ("2015-01-01", 1.22, True)],
)
def test_epoch_pue_follows_the_year(as_of, pue, nearest):
    c = with_preset(cluster(as_of), "epoch")
    assert c.assumptions.pue.low == c.assumptions.pue.high == pue
    assert ("nearest" in c.assumptions.method.note) is nearest


def test_epoch_pue_beyond_its_years_is_the_last_and_said():
    c = with_preset(cluster("2030-01-01"), "epoch")
    assert c.assumptions.pue.low == EPOCH_PUE[max(EPOCH_PUE)] == 1.10
    assert "of 2025, the method's nearest to 2030" in c.assumptions.method.note


def test_semianalysis_power_of_100k_h100():
    e = estimate(cluster(), preset="semianalysis")
    # 1,275 W per H100 server share x 100,000 / 0.9 (storage and network ~10 % of the total)
    assert e.power.it.magnitudes("MW") == pytest.approx((141.6525, 141.6525))


def test_the_default_preset_changes_nothing():
    plain, preset = estimate(cluster()), estimate(cluster(), preset="computescale")
    assert plain.power.facility == preset.power.facility and plain.capex == preset.capex


def test_an_assumption_given_after_the_preset_wins_and_the_note_says_so(capsys):
    from computescale.cluster import with_assumptions

    c = with_assumptions(with_preset(cluster(), "epoch"), {"pue": 1.3})
    e = estimate(c)
    assert e.power.facility.magnitudes("MW") == pytest.approx((127.4 * 1.3,) * 2)
    assert "replaced since: pue" in e.notes[0] and "pue = 1.12" not in e.notes[0]


def test_unknown_preset():
    with pytest.raises(InputError, match="unknown preset 'epochal'"):
        estimate(cluster(), preset="epochal")


def test_every_preset_names_its_sources():
    for p in PRESETS.values():
        assert p.sources and p.title and p.method


def test_cli_preset(write, capsys):
    path = write("name: c\nas_of: 2024-09-02\nfleets:\n  - {accelerator: H100, count: 100000}\n")
    assert main(["estimate", str(path), "--preset", "epoch", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["preset"] == "epoch"
    assert data["h100e_basis"].startswith("Epoch AI's: the best dense 8-, 16- or 32-bit")
    assert data["power_w"]["facility"]["low"] == pytest.approx(142.688e6)
    assert data["assumptions"]["pue"]["preset"] == "epoch"
    assert main(["estimate", str(path), "--preset", "epoch", "--basis", "bf16"]) == 0
    assert "H100-equivalents (dense bf16)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:  # argparse refuses it, listing the choices
        main(["estimate", str(path), "--preset", "nope"])
    assert exited.value.code == 2 and "epoch" in capsys.readouterr().err


# Epoch AI, ai-chip-counts staging/chip_types.csv (read 2026-12-06), "8-bit OP/s" in TOP/s,
# by the catalogue's id of each chip; Epoch's H100e = 8-bit OP/s / 1,979 per chip
EPOCH_8BIT = {
    "MI250X": 383, "MI300A": 1961.2, "MI300X": 2614.9, "MI325X": 2600, "MI350X": 4614,
    "MI355X": 5033.2, "Trainium1": 420, "Trainium2": 1299, "Trainium3": 2517, "TPU-v3": 123,
    "TPU-v4": 275, "TPU-v5e": 393, "TPU-v5p": 918, "TPU-v6e": 1836, "TPU-v7": 4614,
    "Ascend-910B": 376, "Ascend-910C": 1504, "A100-SXM": 624, "A800": 624, "H100-SXM": 1979,
    "H800": 1979, "H20": 296, "H200-SXM": 1979, "B200": 5000, "B300": 5000, "Rubin": 17500,
}  # fmt: skip


@pytest.mark.parametrize("chip", sorted(EPOCH_8BIT))
def test_epoch_preset_reproduces_epochs_h100e_or_names_the_gap(chip):
    from computescale.presets import PRESETS

    e = estimate(cluster(accelerator=chip, count=1000), preset="epoch")
    ours = e.h100_equivalents.magnitudes()[0] / 1000
    theirs = EPOCH_8BIT[chip] / 1979
    gaps = [g for g in PRESETS["epoch"].gaps if chip in g.split(":")[0]]
    if gaps:  # a documented gap states the ratio it leaves
        (gap,) = gaps
        assert gap.endswith(f"x{ours / theirs:.2f}.") or gap.endswith(f"x{ours / theirs:.1f}.")
    else:
        assert ours == pytest.approx(theirs, rel=0.02)


def test_the_epoch_basis_counts_a_chip_without_8_bit_units_at_its_16_bit_rate():
    # TPU v3 has bf16 only (123 TFLOP/s, Cloud TPU v3 page); Epoch lists 123e12 as its 8-bit
    e = estimate(cluster(accelerator="TPU-v3", count=1000), basis="epoch")
    assert e.h100_equivalents.magnitudes()[0] == pytest.approx(1000 * 123 / 1978.9)
    assert (
        estimate(cluster(accelerator="TPU-v3", count=1000), basis="8bit").h100_equivalents is None
    )


def test_an_estimate_shows_epochs_h100e_beside_its_basis_where_they_differ():
    import json

    from computescale.report import estimate_json, estimate_table

    mixed = Cluster.model_validate(
        {
            "name": "m",
            "fleets": [
                {"accelerator": "TPU-v4", "count": 1000},
                {"accelerator": "H100", "count": 100},
            ],
        }
    )
    e = estimate(mixed)
    # bf16 basis: 1,000 x 275 / 989.4 + 100 = 378; Epoch's: 1,000 x 275 (int8) / 1,978.9
    # + 100 = 239, more than 10 % apart: both are shown, labelled
    assert e.h100_equivalents.magnitudes()[0] == pytest.approx(1000 * 275 / 989.4 + 100)
    assert e.epoch_h100e.magnitudes()[0] == pytest.approx(1000 * 275 / 1978.9 + 100)
    line = next(x for x in estimate_table(e).splitlines() if "Epoch AI's basis" in x)
    assert line.rstrip().endswith("239")
    epoch = json.loads(estimate_json(e))["h100_equivalents_epoch"]
    assert epoch["low"] == pytest.approx(1000 * 275 / 1978.9 + 100)
    # H100s alone: one H100e a chip on both bases, so no second row
    assert "Epoch AI's basis" not in estimate_table(estimate(cluster(count=10, accelerator="H100")))


def test_epochs_h100e_of_a_split_fleet_keeps_the_total():
    # 550,000 GB200 or GB300 in an unknown split: 550,000 x 5,000 / 1,978.9 = 1.39M either way
    c2 = Cluster.model_validate(
        {
            "name": "c2",
            "fleets": [
                {"total": 550_000, "split": [{"accelerator": "GB200"}, {"accelerator": "GB300"}]}
            ],
        }
    )
    e = estimate(c2)
    assert e.epoch_h100e.magnitudes() == pytest.approx((550_000 * 5000 / 1978.9,) * 2)


def test_convert_takes_a_preset_then_assume(capsys):
    _, out, _ = run(
        capsys,
        "convert", "1 GW", "--to", "H100", "--preset", "epoch", "--assume", "pue=1.3",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    # Epoch AI's facility power per H100: TDP 700 W x 1.82 (servers) x PUE 1.3 (--assume wins)
    assert data["per_accelerator"]["low"] == pytest.approx(700 * 1.82 * 1.3)
    # 1 GW / 1,656.2 W = 603,791.8: 603,792 whole H100
    assert data["count"]["low"] == 603_792
    assert data["cluster"]["notes"][0].startswith("preset epoch (Epoch AI")


def test_plot_takes_a_preset(capsys, tmp_path):
    from computescale.plots import file_figure

    with pytest.raises(InputError, match="unknown preset 'epochal'"):
        file_figure(str(EXAMPLES / "colossus2.yaml"), preset="epochal")
    image = tmp_path / "c.svg"
    code, _, err = run(capsys, "plot", "colossus2", "--preset", "epoch", "-o", str(image))
    assert code == 0 and err == "" and image.read_text(encoding="utf-8").startswith("<?xml")
