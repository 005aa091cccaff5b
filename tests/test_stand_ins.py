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
