import pint
import pytest

from computescale.ranges import Range
from computescale.uncertain import parse_bounds
from computescale.units import ureg


def test_bounds_are_quantities_of_the_package_registry():
    r = Range.of((1.5e6, 2.5e6), "W")
    assert isinstance(r.low, ureg.Quantity)
    assert r.low.to("MW").magnitude == pytest.approx(1.5)
    assert r.high.to("kW").magnitude == pytest.approx(2500)
    assert r.unit == "W"
    assert r.p5 is None and r.percentiles() is None


def test_conversion_keeps_bounds_and_percentiles():
    # 3.6e9 Wh = 3.6 GWh = 3,600 MWh
    r = Range.of((1.8e9, 3.6e9), "Wh", (2.0e9, 2.5e9, 3.0e9))
    assert r.magnitudes("MWh") == pytest.approx((1800, 3600))
    assert r.to("GWh").percentiles() == pytest.approx((2.0, 2.5, 3.0))
    assert r.to("GWh").unit == "GWh"
    assert r.p50.to("kWh").magnitude == pytest.approx(2.5e6)
    assert r.base() == {"low": 1.8e9, "high": 3.6e9, "p5": 2.0e9, "p50": 2.5e9, "p95": 3.0e9}


def test_wrong_dimension_is_refused():
    with pytest.raises(pint.DimensionalityError):
        Range.of((1.0, 2.0), "FLOP/s").magnitudes("OP/s")


def test_membership_compares_quantities_across_units():
    r = Range.of((100e3, 200e3), "USD")
    assert ureg.Quantity(150, "kUSD") in r
    assert ureg.Quantity(0.25, "MUSD") not in r


def test_a_number_written_as_text_means_the_same_as_the_number():
    # "1,200" and "1200" are 1,200 in the field's unit, exactly as 1200 is
    for text in ("1200", "1,200", "1.2e3", "+1200.0"):
        b = parse_bounds(text, "W", what="a power")
        assert (b.low, b.high) == (1200.0, 1200.0)
    assert parse_bounds("1.2 kW", "W", what="a power").low == pytest.approx(1200.0)
    with pytest.raises(ValueError, match="comma"):
        parse_bounds("1,2", "W", what="a power")
