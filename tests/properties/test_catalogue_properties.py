"""Properties that every catalogue entry must satisfy, checked on every entry."""

import pytest
import yaml

from computescale.catalogue import AcceleratorSpec, list_accelerators

every_spec = pytest.mark.parametrize("spec", list_accelerators(), ids=lambda spec: spec.id)

# Vendor figures where sparse is *not* twice dense: Blackwell Ultra FP4
# (GB300: 20 sparse vs 15 dense PFLOP/s; B300: 18 vs 13.5).
NOT_TWO_TO_ONE = {("GB300", "fp4"), ("B300", "fp4")}
# Architectures where fp8 is not twice bf16: Gaudi 3 runs both at 1,835 TFLOP/s;
# Trainium2 publishes 1,299 FP8 vs 667 BF16 (1.95x).
FP8_NOT_DOUBLE_BF16 = {"Gaudi3", "Trainium2"}
# fp4 is not twice fp8 on Blackwell Ultra (3x) and on MI355X (2x of fp8 = fp6 rate; 2x holds).
FP4_NOT_DOUBLE_FP8 = {"GB300", "B300"}


@every_spec
def test_sparse_is_twice_dense_where_both_exist(spec):
    for fmt, sparse in spec.peak_tflops_sparse.items():
        dense = spec.peak_tflops_dense[fmt]
        if (spec.id, fmt) in NOT_TWO_TO_ONE:
            assert dense < sparse < 2 * dense
        else:
            assert abs(sparse - 2 * dense) <= 1e-3 * sparse, (spec.id, fmt)


@every_spec
def test_fp8_is_twice_bf16_where_the_architecture_says_so(spec):
    dense = spec.peak_tflops_dense
    if "fp8" in dense and "bf16" in dense and spec.id not in FP8_NOT_DOUBLE_BF16:
        assert abs(dense["fp8"] - 2 * dense["bf16"]) <= 1e-3 * dense["fp8"], spec.id


@every_spec
def test_fp4_is_twice_fp8_where_the_architecture_says_so(spec):
    dense = spec.peak_tflops_dense
    if "fp4" in dense and "fp8" in dense and spec.id not in FP4_NOT_DOUBLE_FP8:
        assert abs(dense["fp4"] - 2 * dense["fp8"]) <= 1e-3 * dense["fp4"], spec.id


@every_spec
def test_price_low_not_above_high(spec):
    if spec.price is not None:
        assert 0 < spec.price.low_usd <= spec.price.high_usd


@every_spec
def test_it_power_at_least_tdp(spec):
    if spec.it_power_w is not None:
        assert spec.tdp_w is not None
        assert spec.it_power_w.low >= spec.tdp_w.low and spec.it_power_w.high >= spec.tdp_w.high


@every_spec
def test_every_numeric_field_has_a_source(spec):
    present = spec.sourced_fields()
    for field in present:
        sources = spec.sources_for(field)
        assert sources, (spec.id, field)
        assert all(s.url.startswith("https://") and s.title for s in sources)


@every_spec
def test_yaml_round_trip(spec):
    text = yaml.safe_dump(spec.model_dump(mode="json"), sort_keys=False)
    assert AcceleratorSpec.model_validate(yaml.safe_load(text)) == spec


@every_spec
def test_one_counted_unit_is_one_accelerator(spec):
    unit = spec.packaging.counted_unit.lower()
    assert unit.startswith("one ")
    assert "superchip" not in unit.split("(")[0] and "rack" not in unit.split("(")[0]
