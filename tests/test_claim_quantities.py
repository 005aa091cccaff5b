"""The claim-quantity table: every reader of a claim's quantity agrees with its row."""

from __future__ import annotations

import dataclasses

import pytest

from computescale.claims import Claim
from computescale.claims.quantities import CLAIM_TABLE
from computescale.figures import FOR_COMPARISON, QUANTITIES, RUN_FIGURES
from computescale.training import TrainingRun


def _claim(quantity: str, **more: object) -> Claim:
    of_run = CLAIM_TABLE[quantity].recomputed_from == "run"
    run = {"run": {"compute": "1e25 FLOP"}} if of_run else {}
    reference = {"reference": "frontier"} if quantity == "ratio" else {}
    return Claim.model_validate(
        {
            "id": "c",
            "source": {"title": "t", "outlet": "o", "date": "2025-07-01"},
            "says": "a figure",
            "quantity": quantity,
            "value": 1,
            "cluster": "x.yaml",
            **run,
            **reference,
            **more,
        }
    )


@pytest.mark.parametrize("row", CLAIM_TABLE.values(), ids=lambda r: r.name)
def test_a_claim_is_read_in_its_rows_unit_and_scopes(row):
    claim = _claim(row.name)
    assert claim.row is row
    assert claim.unit() == row.unit
    for scope in row.scopes:
        # Frontier's HPL-MxP result is on the TOP500 list of 2024-11
        on_list = {"list": "2024-11"} if scope == "mxp" else {}
        assert _claim(row.name, scope=scope, **on_list).scope == scope


def test_every_figure_quantity_is_a_claim_quantity_recomputed_from_the_estimate():
    from_estimate = {r.name for r in CLAIM_TABLE.values() if r.recomputed_from == "estimate"}
    assert from_estimate == set(QUANTITIES) - set(FOR_COMPARISON)
    for name in from_estimate:
        q = QUANTITIES[name]
        if name != "peak_flops":  # a peak's format is its precision, not a scope
            assert CLAIM_TABLE[name].scopes == q.stated_scopes
        assert CLAIM_TABLE[name].unit == q.unit


def test_a_run_quantity_is_recomputed_as_a_figure_of_the_training_run():
    fields = {f.name for f in dataclasses.fields(TrainingRun)}
    runs = [r for r in CLAIM_TABLE.values() if r.recomputed_from == "run"]
    # accelerator-hours, rental cost, duration and compute: the four a press figure states
    assert len(runs) == 4
    for row in runs:
        assert row.figure in fields and row.figure in RUN_FIGURES


def test_only_peaks_and_ratios_are_read_at_a_number_format():
    assert {r.name for r in CLAIM_TABLE.values() if r.has_precision} == {"peak_flops", "ratio"}


def test_a_peak_at_an_integer_format_is_stated_in_operations_per_second():
    assert _claim("peak_flops", precision="int8", value="2 POP/s").unit() == "OP/s"


def test_what_a_directly_compared_claim_is_follows_its_row():
    from computescale.claims import check_claims
    from computescale.report.claims import implied_text
    from tests.conftest import EXAMPLES

    results = {r.claim.id: r for r in check_claims(EXAMPLES / "claims" / "press-2024-2025.yaml")}
    said = implied_text(results["ironwood-24x-el-capitan"])
    assert said == "a ratio: compared directly, nothing else implied"
    said = implied_text(results["azure-gb300-4608-gpus"])
    assert said == "a count: compared directly, nothing else implied"
