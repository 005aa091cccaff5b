"""A peak shown under a format's name says, on the same line, when it is another format's rate."""

from __future__ import annotations

import pytest

from computescale import FORMATS, Cluster, estimate, list_accelerators
from computescale.report import estimate_markdown, estimate_table


def one_chip(chip: str) -> Cluster:
    return Cluster.model_validate({"name": "t", "fleets": [{"accelerator": chip, "count": 10}]})


@pytest.mark.parametrize("chip", [s.id for s in list_accelerators()])
def test_each_summary_line_names_the_rate_it_shows(chip):
    e = estimate(one_chip(chip))
    used = e.fleets[0].formats_used
    table, markdown = estimate_table(e), estimate_markdown(e)
    for fmt in FORMATS:
        line = next(x for x in table.splitlines() if x.startswith(f"Peak {fmt} ("))
        row = next(x for x in markdown.splitlines() if x.startswith(f"| Peak {fmt} ("))
        other = used.get(fmt)
        if other is None or other == fmt:  # its own figure, or none at all
            assert " rate on " not in line and " rate on " not in row
        else:
            assert f"at the {other} rate on {chip}" in line
            assert f"at the {other} rate on {chip}" in row


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


def test_a_claim_recomputed_at_a_stand_in_rate_says_so():
    from computescale.claims import check_claim
    from computescale.claims.model import Claim

    claim = Claim.model_validate(
        {
            "id": "h100-fp4",
            "source": {"title": "t", "outlet": "o", "date": "2025-01-01"},
            "says": "100,000 H100 deliver 200 EFLOPS of FP4",
            "quantity": "peak_flops",
            "precision": "fp4",
            "value": "200 EFLOP/s",
            "cluster": "unused",
        }
    )
    cluster = Cluster.model_validate(
        {"name": "c", "fleets": [{"accelerator": "H100", "count": 100_000}]}
    )
    r = check_claim(claim, cluster)
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
