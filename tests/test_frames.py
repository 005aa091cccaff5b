"""to_frame: every kind of result the library returns as a DataFrame, numbers as numbers."""

from __future__ import annotations

import sys

import pytest

import computescale as cs
from computescale.errors import ArgumentError, InputError
from computescale.report.claims import CLAIM_COLUMNS
from tests.conftest import EXAMPLES

C1 = str(EXAMPLES / "colossus1-2024-09.yaml")  # 100,000 H100 (Elon Musk, 2024-09-02)
C2 = str(EXAMPLES / "colossus2.yaml")  # 550,000 GB200 and GB300 (2025-07-22)
CLAIMS = EXAMPLES / "claims" / "seed-articles.yaml"


def test_a_list_of_estimates_is_a_row_per_cluster():
    estimates = cs.estimate_many([C1, C2])
    frame = cs.to_frame(estimates)
    assert list(frame["name"]) == [e.name for e in estimates]
    # 100,000 H100 x 700 W TDP = 70 MW
    assert frame.loc[0, "chip_w_low"] == pytest.approx(70e6)
    assert frame["chip_w_high"].dtype.kind == "f"


def test_one_estimate_is_a_row_per_fleet_with_its_own_figures():
    frame = cs.to_frame(cs.estimate(cs.load_cluster("colossus1-2025-02")))
    assert list(frame["accelerator"]) == ["H100-SXM", "H200-SXM"]
    # 150,000 H100 x 700 W and 50,000 H200 x 700 W: the fleets' own chip power
    assert list(frame["chip_w_low"]) == pytest.approx([105e6, 35e6])
    assert "nodes_low" not in frame.columns  # a fleet has no node count of its own


def test_claim_results_are_a_row_per_claim_in_the_csv_columns():
    results = cs.check_claims(CLAIMS)
    frame = cs.to_frame(results)
    assert tuple(frame.columns) == CLAIM_COLUMNS
    assert list(frame["id"]) == [r.claim.id for r in results]
    assert list(frame["verdict"]) == [r.verdict for r in results]
    assert frame["recomputed_high"].dtype.kind == "f"


def test_phases_are_a_row_per_phase():
    phases = cs.estimate_timeline(cs.load_cluster("colossus1"))
    frame = cs.to_frame(phases)
    assert list(frame["date"]) == [p.date.isoformat() for p in phases]
    # the first phase: 100,000 H100 x 700 W = 70 MW
    assert frame.loc[0, "chip_w_low"] == pytest.approx(70e6)


def test_long_form_has_a_row_per_figure_with_its_parts():
    estimates = cs.estimate_many([C1])
    wide, long = cs.to_frame(estimates), cs.to_frame(estimates, long=True)
    figures = [c.removesuffix("_low") for c in wide.columns if c.endswith("_low")]
    assert list(long["figure"]) == figures
    chip = long[long["figure"] == "chip_w"].iloc[0]
    assert (chip["low"], chip["high"]) == (wide.loc[0, "chip_w_low"], wide.loc[0, "chip_w_high"])
    # the words of the row stay on each of its figures; no figure's part is left as a column
    assert set(long["name"]) == {wide.loc[0, "name"]}
    assert not [c for c in long.columns if c.endswith(("_low", "_high"))]
    # claims: the implied figure's words are not taken for parts of a figure
    claims_long = cs.to_frame(cs.check_claims(CLAIMS), long=True)
    assert {"implied_parameter", "implied_unit", "implied_compared_with"} <= set(claims_long)


def test_what_to_frame_does_not_take_is_named():
    with pytest.raises(ArgumentError, match="got str"):
        cs.to_frame("colossus2")  # type: ignore[arg-type]
    mixed = [cs.estimate(cs.load_cluster("colossus2")), *cs.check_claims(CLAIMS)[:1]]
    with pytest.raises(ArgumentError, match="one kind of result at a time"):
        cs.to_frame(mixed)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="a list of int"):
        cs.to_frame([1, 2])  # type: ignore[list-item]
    assert cs.to_frame([]).empty


def test_without_pandas_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(InputError, match="needs pandas"):
        cs.to_frame(cs.estimate_many([C1]))
