"""Properties of Range: conversions keep order, percentiles and the quantity itself."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from computescale.ranges import Range

UNITS = {  # unit -> (another unit of the same dimension, its size in the first)
    "W": ("MW", 1e6),
    "Wh": ("GWh", 1e9),
    "USD": ("kUSD", 1e3),
    "FLOP/s": ("EFLOP/s", 1e18),
    "s": ("day", 86_400.0),
}
values = st.floats(0, 1e30, allow_nan=False)


@given(st.sampled_from(sorted(UNITS)), st.lists(values, min_size=5, max_size=5))
def test_conversion_round_trip_keeps_order_and_percentiles(unit, xs):
    low, p5, p50, p95, high = sorted(xs)
    r = Range.of((low, high), unit, (p5, p50, p95))
    other, size = UNITS[unit]
    converted = r.to(other)
    assert converted.magnitudes() == pytest.approx((low / size, high / size), rel=1e-12)
    # scaling by one positive factor keeps the order (IEEE rounding is monotone)
    lo, a, b, c, hi = converted.values[0], *converted.likely, converted.values[1]
    assert lo <= a <= b <= c <= hi
    back = converted.to(unit)
    assert back.magnitudes() == pytest.approx((low, high), rel=1e-12)
    assert back.percentiles() == pytest.approx((p5, p50, p95), rel=1e-12)
    # the quantity is the same whatever unit it is held in
    assert r.high.to(other).magnitude == pytest.approx(converted.high.magnitude, rel=1e-12)
