"""Replacing assumptions from Python (with_assumptions) and the command line (--assume)."""

import json

import pytest

from computescale import Cluster, InputError, estimate
from computescale.assumptions import Assumptions, updated_assumptions
from computescale.cli import main
from computescale.cluster import with_assumptions
from tests.conftest import EXAMPLES

H100_100K = Cluster.model_validate(
    {"name": "h", "fleets": [{"accelerator": "H100", "count": 100_000, "system": "server-8"}]}
)
COLOSSUS2 = str(EXAMPLES / "colossus2.yaml")


def test_replaced_pue_scales_facility_power():
    c = with_assumptions(H100_100K, {"pue": 1.2, "network_share": 0.1})
    e = estimate(c)
    # 100,000 x 1,275 W (H100 SXM IT share) x 1.1 network = 140.25 MW IT; x 1.2 PUE = 168.3 MW
    assert e.power.it.magnitudes("MW") == pytest.approx((140.25, 140.25))
    assert e.power.facility.magnitudes("MW") == pytest.approx((168.3, 168.3))
    assert estimate(H100_100K).power.facility.magnitudes("MW") != pytest.approx((168.3, 168.3))


def test_units_ranges_and_distributions_are_read_as_in_a_file():
    a = updated_assumptions(
        Assumptions(),
        {
            "electricity_price": "60 USD/MWh",
            "utilisation": [0.7, 0.8],
            "pue": {"low": 1.1, "high": 1.3, "dist": "triangular", "mode": 1.15},
        },
    )
    assert (a.electricity_price.low, a.electricity_price.high) == pytest.approx((0.06, 0.06))
    assert (a.utilisation.low, a.utilisation.high) == (0.7, 0.8)
    assert (a.pue.dist, a.pue.mode) == ("triangular", 1.15)


def test_only_given_values_are_marked_as_given():
    c = with_assumptions(H100_100K, {"pue": 1.2})
    assert c.assumptions.model_fields_set == {"pue"}
    again = with_assumptions(c, {"utilisation": 0.8})
    assert again.assumptions.model_fields_set == {"pue", "utilisation"}
    assert again.assumptions.pue.low == 1.2


@pytest.mark.parametrize(
    ("updates", "message"),
    [
        ({"peu": 1.2}, "assumptions: unknown assumption 'peu'; did you mean pue?"),
        ({"pue": 0.5}, "assumptions: pue: 0.5 is out of range"),
        ({"pue": [1.5, 1.2]}, "low 1.5 is above high 1.2"),
        (
            {"electricity_price": "5 kW"},
            "electricity_price: 'kW' measures a power, not a price per energy",
        ),
    ],
)
def test_bad_updates_name_the_assumption(updates, message):
    with pytest.raises(InputError) as info:
        with_assumptions(H100_100K, updates)
    assert message in str(info.value)


def test_cli_assume_on_estimate_train_and_convert(capsys):
    args = ["estimate", COLOSSUS2, "--assume", "pue=1.2", "--assume", "utilisation=[0.7, 0.8]"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assumptions"]["pue"]["low"] == data["assumptions"]["pue"]["high"] == 1.2
    assert data["assumptions"]["pue"]["is_default"] is False
    assert data["assumptions"]["network_share"]["is_default"] is True
    assert main(args) == 0
    assert "- pue = 1.2 (given;" in capsys.readouterr().out
    train = ["train", COLOSSUS2, "--compute", "1e27", "--assume", "utilisation=1"]
    assert main(train) == 0
    assert "energy (facility, 100 % average load)" in capsys.readouterr().out
    # a GW of facility power holds more GPUs at PUE 1 than at the default PUE 1.1-1.4
    assert main(["convert", "1 GW", "--to", "GB200", "--assume", "pue=1", "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert main(["convert", "1 GW", "--to", "GB200", "--format", "json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert one["count"]["low"] > default["count"]["low"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("pue", "--assume: 'pue' is not NAME=VALUE"),
        ("=1.2", "--assume: '=1.2' is not NAME=VALUE"),
        ("pue=[1.2", "--assume: cannot read the value of 'pue=[1.2'"),
        ("peu=1.2", "--assume: unknown assumption 'peu'; did you mean pue?"),
        ("pue=abc", "--assume: pue: cannot read 'abc' as a number followed by a unit"),
        ("pue=" + "1" * 300, "--assume: 304 characters; the limit is 200"),
    ],
)
def test_cli_bad_assume_is_exit_2_with_one_line(option, message, capsys):
    assert main(["estimate", COLOSSUS2, "--assume", option]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_assumption_given_twice_is_refused(capsys):
    assert main(["estimate", COLOSSUS2, "--assume", "pue=1.1", "--assume", "pue=1.2"]) == 2
    assert "--assume: pue is given twice" in capsys.readouterr().err
