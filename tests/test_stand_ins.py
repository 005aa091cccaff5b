"""A peak shown under a format's name says, on the same line, when it is another format's rate."""

from __future__ import annotations

import pytest

from computescale import FORMATS, Cluster, estimate, list_accelerators
from computescale.report import estimate_markdown, estimate_table


def one_chip(chip: str) -> Cluster:
    return Cluster.model_validate({"name": "t", "fleets": [{"accelerator": chip, "count": 10}]})


def _stand_ins(chip: str) -> dict[str, str]:
    """Return the formats a chip runs at another format's rate, with that format."""
    used = estimate(one_chip(chip)).fleets[0].formats_used
    return {fmt: other for fmt, other in used.items() if other != fmt}


CHIPS = [s.id for s in list_accelerators()]


@pytest.mark.parametrize("chip", CHIPS)
def test_each_summary_line_names_the_rate_it_shows(chip):
    e = estimate(one_chip(chip))
    stand_ins = _stand_ins(chip)
    table, markdown = estimate_table(e), estimate_markdown(e)
    for fmt in FORMATS:
        line = next(x for x in table.splitlines() if x.startswith(f"Peak {fmt} ("))
        row = next(x for x in markdown.splitlines() if x.startswith(f"| Peak {fmt} ("))
        other = stand_ins.get(fmt)
        if other is None:  # its own figure, or none at all
            assert " rate on " not in line and " rate on " not in row
        else:
            assert f"{other} rate on {chip}" in line
            assert f"{other} rate on {chip}" in row


@pytest.mark.parametrize("chip", CHIPS)
def test_every_output_of_every_command_labels_a_stand_in(chip):
    """Walk estimate (table, Markdown, CSV, JSON, HTML), compare, convert and train."""
    import csv
    import io
    import json

    from computescale import convert, train
    from computescale.catalogue import default_catalogue
    from computescale.report import (
        compare_table,
        conversion_table,
        conversion_to_dict,
        estimate_html,
        estimate_json,
        survey_csv,
        training_table,
        training_to_dict,
    )

    stand_ins = _stand_ins(chip)
    for fmt, other in stand_ins.items():
        said = f"{other} rate on {chip}"
        e = estimate(one_chip(chip), basis=fmt)
        (row,) = csv.DictReader(io.StringIO(survey_csv([e])))
        column = next(k for k in row if k.startswith(f"peak_{fmt}_") and k.endswith("_stand_in"))
        assert said in row[column] and said in row["h100e_stand_in"]
        data = json.loads(estimate_json(e))
        assert said in data["peak_flops_stand_ins"][fmt] and said in data["h100e_basis"]
        assert said in estimate_html(e, catalogue=default_catalogue())
        assert said in compare_table(e, e)
        c = convert("1 EFLOP/s" if fmt != "int8" else "1 EOP/s", chip, fmt=fmt)
        assert said in conversion_table(c) and said in conversion_to_dict(c)["target_label"]
        if fmt != "int8":  # training compute is in FLOP: no int8 runs
            run = train(one_chip(chip), compute=1e24, precision=fmt)
            assert said in training_table(run) and said in training_to_dict(run)["peak_flops_label"]


def test_a_same_width_format_stands_in_first_and_says_so(tmp_path):
    # a chip that publishes FP64 52 and BF16 832 TFLOP/s and no FP16 (Intel's Max 1550 as
    # TACC's guide printed it): FP16 runs on the same units at the BF16 rate, not at FP64's
    from computescale import convert, load_catalogue

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "accelerators:\n"
        "  - id: PVC-BF16-ONLY\n    vendor: Test\n    name: t\n    form_factor: OAM\n"
        "    peak_tflops_dense: {fp64: 52, bf16: 832}\n"
        "    packaging: {counted_unit: one OAM, per_node: 4}\n"
        "    sources:\n      - {title: t, url: 'https://example.org', accessed: 2026-12-06,"
        " kind: primary, covers: [peak_flops_dense]}\n",
        encoding="utf-8",
    )
    catalogue = load_catalogue(mine)
    cluster = Cluster.model_validate(
        {"name": "t", "fleets": [{"accelerator": "PVC-BF16-ONLY", "count": 10}]},
        context={"catalogue": catalogue},
    )
    e = estimate(cluster, basis="fp16", catalogue=catalogue)
    assert e.fleets[0].formats_used["fp16"] == "bf16"
    assert "at the same-width bf16 rate on PVC-BF16-ONLY" in e.peak_label("fp16")
    c = convert("1 EFLOP/s", "PVC-BF16-ONLY", fmt="fp16", catalogue=catalogue)
    # 1e18 / 832e12 = 1,201.9 accelerators: 1,202 whole ones
    assert c.count.magnitudes() == (1202, 1202)


def test_the_fleet_table_names_the_rate_of_its_peak_column():
    # an H100 SXM publishes no fp4 figure; it runs fp4 at its fp8 rate (NVIDIA H100 datasheet)
    e = estimate(one_chip("H100"), basis="fp4")
    assert e.fleets[0].formats_used["fp4"] == "fp8"
    fleet_line = next(x for x in estimate_table(e).splitlines() if x.startswith("H100-SXM "))
    assert "(fp8 rate)" in fleet_line
    own = estimate(one_chip("H100"), basis="fp8")
    assert "rate)" not in next(
        x for x in estimate_table(own).splitlines() if x.startswith("H100-SXM ")
    )


def _peak_claim(chip: str, count: int, precision: str, value: str):
    """Check "``count`` ``chip`` deliver ``value`` of ``precision``" against such a cluster."""
    from computescale.claims import check_claim
    from computescale.claims.model import Claim

    claim = Claim.model_validate(
        {
            "id": f"{chip}-{precision}",
            "source": {"title": "t", "outlet": "o", "date": "2025-01-01"},
            "says": f"{count:,} {chip} deliver {value} of {precision}",
            "quantity": "peak_flops",
            "precision": precision,
            "value": value,
            "cluster": "unused",
        }
    )
    cluster = Cluster.model_validate(
        {"name": "c", "fleets": [{"accelerator": chip, "count": count}]}
    )
    return check_claim(claim, cluster)


def test_a_claim_recomputed_at_a_stand_in_rate_says_so():
    r = _peak_claim("H100", 100_000, "fp4", "200 EFLOP/s")
    # the H100 has no fp4 units: 100,000 x 1,978.9 TFLOP/s fp8 = 197.9 EFLOP/s
    assert r.verdict == "consistent"
    assert r.stand_ins == "fp4 at the fp8 rate on H100-SXM"
    assert "(recomputed fp4 at the fp8 rate on H100-SXM)" in r.explanation


def test_the_build_out_plot_names_a_stand_in_basis():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computescale.plots import timeline
    from computescale.timeline import estimate_timeline

    build_out = Cluster.model_validate(
        {
            "name": "b",
            "phases": [
                {"date": "2024-01-01", "fleets": [{"accelerator": "H100", "count": 10}]},
                {"date": "2025-01-01", "add": [{"accelerator": "GB200", "count": 72}]},
            ],
        }
    )
    ax = timeline(estimate_timeline(build_out, basis="fp4"))
    labels = ax.get_legend_handles_labels()[1] + [ax.get_ylabel()]
    assert any("dense fp4, at the fp8 rate on H100-SXM" in label for label in labels)
    plt.close(ax.figure)


def test_a_claim_that_misses_only_at_a_stand_in_rate_is_never_inconsistent():
    # an A100 publishes no fp8 (NVIDIA A100 datasheet): fp8 runs at its bf16 rate, 312 TFLOP/s,
    # so 1,000 A100 recompute to 0.312 EFLOP/s of fp8; a claim of 1 EFLOP/s misses by x3.2,
    # but only against a rate the chip does not publish
    r = _peak_claim("A100", 1000, "fp8", "1 EFLOP/s")
    assert r.recomputed.magnitudes() == pytest.approx((1000 * 312e12,) * 2)
    assert r.verdict == "unverifiable" and "stand_in" in r.flags
    assert "fp8 at the bf16 rate on A100-SXM" in r.explanation
    # on the chip's own fp8 rate the same miss is inconsistent: 100 H100 x 1,978.9 TFLOP/s
    # = 0.198 EFLOP/s, x5 below
    assert _peak_claim("H100", 100, "fp8", "1 EFLOP/s").verdict == "inconsistent"


def test_no_wider_rate_stands_in_where_the_chip_publishes_a_narrower_format():
    # AMD's MI450X: fp8 20,000 and fp4 40,000 TFLOP/s announced, and an fp32 vector rate of 315
    # (The Next Platform): bf16 at the fp32 rate would be a 60th of the real figure, so bf16
    # is n/a with the reason
    e = estimate(one_chip("MI450X"))
    assert e.peak_flops["bf16"] is None and e.h100_equivalents is None
    assert "the chip publishes the narrower fp4" in e.missing["peak_flops.bf16"]
    # the H100 publishes nothing narrower than fp8: fp4 stands in at the fp8 rate, said
    assert estimate(one_chip("H100"), basis="fp4").fleets[0].formats_used["fp4"] == "fp8"
