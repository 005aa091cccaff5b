"""The figure table: every consumer reads the same rows, and the engine's units come from it."""

from __future__ import annotations

import pytest

from computescale import Cluster, estimate, get_accelerator, list_accelerators, units
from computescale.assumptions import DEFAULTS
from computescale.claims.model import CLAIM_QUANTITIES, NOT_A_CLUSTER, TRAINING_UNITS
from computescale.estimates import figure_value
from computescale.figures import FIGURES, FOR_COMPARISON, KEYS, QUANTITIES, find, unit_of_key
from computescale.report import estimate_to_dict


def cluster(**fleet: object) -> Cluster:
    return Cluster.model_validate({"name": "t", "fleets": [{"count": 1000, **fleet}]})


def test_every_claim_quantity_is_a_quantity_of_the_table():
    # money that is no cluster's figure (financing, a spending plan, a valuation, a
    # programme) is recorded, not recomputed, a training run's figures come from the run, and
    # a drafted figure of unknown quantity waits for a person: none is a figure of an estimate;
    # a figure shown for comparison (Epoch AI's H100e) is claimed as h100_equivalents with its
    # basis, never as a quantity of its own
    expected = set(QUANTITIES) | set(NOT_A_CLUSTER) | {"unknown", "ratio"} | set(TRAINING_UNITS)
    assert set(CLAIM_QUANTITIES) == expected - set(FOR_COMPARISON)
    assert "epoch_h100_equivalents" in FOR_COMPARISON


def test_keys_are_unique_and_every_scope_is_found():
    assert len(set(KEYS)) == len(KEYS)
    for f in FIGURES:
        assert find(f.quantity.name, f.scope) is f
    for q in QUANTITIES.values():
        if q.default_scope is not None:
            assert find(q.name).scope == q.default_scope


@pytest.mark.parametrize("f", FIGURES, ids=lambda f: f.key)
def test_each_figure_is_where_the_table_says_with_its_unit(f):
    e = estimate(cluster(accelerator="H100"))
    value = figure_value(e, f.key)
    if f.key == "capex_facility_usd":  # excluded: no cost per MW given
        assert value is None
        return
    assert value is not None
    assert value.unit == f.unit == unit_of_key(f.key)
    assert e.figure(f.quantity.name, f.scope) is value
    data = estimate_to_dict(e)
    written = data[f.quantity.json_key] if f.quantity.name != "nodes" else data["nodes"]
    if f.scope is not None:
        written = written[f.scope]
    assert written == {"low": value.magnitudes()[0], "high": value.magnitudes()[1]}


def test_a_missing_figure_passes_its_reason_to_the_figures_built_on_it():
    spec = next(s for s in list_accelerators() if s.it_power_w is None and s.tdp_w is None)
    e = estimate(cluster(accelerator=spec.id))
    reason = e.missing_reason("power", "it")
    assert reason is not None and spec.id in reason
    # facility power is IT x PUE; energy and electricity follow from facility power
    for quantity, scope in [("power", "facility"), ("energy", None), ("electricity_cost", None)]:
        assert e.figure(quantity, scope) is None
        assert e.missing_reason(quantity, scope) == reason


def test_tpp_basis_uses_an_override_instead_of_the_catalogue_rate():
    # Halving every dense rate an H100 SXM publishes halves its TPP (max of rate x bits
    # over the formats), so one such GPU is 0.5 H100-equivalents on the TPP basis. Before,
    # the catalogue's own rates stayed in the maximum and it counted as 1.
    h100 = get_accelerator("H100")
    halved = {f: r / 2 for f, r in h100.peak_rates().items()}
    e = estimate(cluster(accelerator="H100", peak_flops=halved), basis="tpp")
    assert e.h100_equivalents.magnitudes() == pytest.approx((500.0, 500.0), rel=1e-12)


@pytest.mark.parametrize("name", [n for n, d in DEFAULTS.items() if d.per_base != 1.0])
def test_an_assumption_in_display_units_converts_to_the_engine_base_units(name):
    # USD/kWh -> USD/Wh divides by 1,000; USD/MW -> USD/W by 1,000,000
    d = DEFAULTS[name]
    base = {"USD/kWh": "USD/Wh", "USD/MW": "USD/W"}[d.unit]
    assert units.Q_(1.0, d.unit).to(base).magnitude == pytest.approx(1.0 / d.per_base)


def test_every_figure_of_the_table_can_be_claimed_electricity_included():
    # 100,000 H100 SXM at 1,275 W of server power each (DGX H100: 10.2 kW / 8 GPUs), with no
    # network share, PUE 1, full load and 0.1 USD/kWh: 127.5 MW x 8,766 h = 1,117,665 MWh a
    # year, x 100 USD/MWh = 111,766,500 USD.
    from computescale.claims.check import check_claim
    from computescale.claims.model import Claim

    c = Cluster.model_validate(
        {
            "name": "t",
            "fleets": [{"accelerator": "H100", "count": 100_000}],
            "assumptions": {
                "network_share": 0,
                "pue": 1,
                "utilisation": 1,
                "electricity_price": 0.1,
            },
        }
    )
    base = {
        "id": "x",
        "source": {"title": "t", "outlet": "o", "date": "2025-01-01"},
        "says": "s",
        "cluster": "unused",
        "quantity": "electricity_cost",
    }
    right = Claim.model_validate({**base, "value": "111.77e6 USD"})
    assert check_claim(right, c).verdict == "consistent"
    wrong = Claim.model_validate({**base, "value": "111.77e9 USD"})  # x1,000
    assert check_claim(wrong, c).verdict == "inconsistent"
