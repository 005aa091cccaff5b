"""Properties that every catalogue entry must satisfy, checked on every entry."""

import itertools

import pytest
import yaml

from computescale.catalogue import AcceleratorSpec, list_accelerators

every_spec = pytest.mark.parametrize("spec", list_accelerators(), ids=lambda spec: spec.id)

# Datasheets print rounded figures (GH200: TF32 494 dense, 989 sparse): a relative
# tolerance of 2e-3 accepts the rounding and nothing else.
ROUNDING = 2e-3

# Vendor figures where sparse is *not* twice dense: Blackwell Ultra FP4
# (GB300: 20 sparse vs 15 dense PFLOP/s; B300: 18 vs 13.5).
NOT_TWO_TO_ONE = {("GB300", "fp4"), ("B300", "fp4")}
# The L40S datasheet prints BF16/FP16 362.05 dense against 733 sparse and FP8 733 dense:
# 2.02x, its own rounding (within 2 %)
VENDOR_ROUNDING = {"L40S": 0.02}
# Architectures where fp8 is not twice bf16: Gaudi 3 runs both at 1,835 TFLOP/s;
# Trainium2 publishes 1,299 FP8 vs 667 BF16 (1.95x); TPU v5p and v6e tables give FP8 at the
# BF16 rate (459, 918); Trainium1 and Trainium3 run FP8 and BF16 at the same rate per the
# Neuron architecture pages.
FP8_NOT_DOUBLE_BF16 = {"Gaudi3", "Trainium2", "TPU-v5p", "TPU-v6e", "Trainium1", "Trainium3"}
# Inferentia2 (Neuron architecture page: FP8 at the BF16 rate, 190 TFLOP/s) and Tesla's D1
# (Hot Chips 2021: BF16 and CFP8 both 362 TFLOP/s)
FP8_NOT_DOUBLE_BF16 |= {"Inferentia2", "Dojo-D1"}
# fp4 is not twice fp8 on Blackwell Ultra (3x), on Rubin (NVIDIA: 50 PF NVFP4 vs 16.7 PF FP8
# per package, 3x) and on Trainium3 (MXFP4 at the MXFP8 rate, 2,517 TFLOP/s).
FP4_NOT_DOUBLE_FP8 = {"GB300", "B300", "Rubin", "Trainium3"}

# Two formats share a rate only where the vendor's table prints the same figure for both.
# Architecture-wide equalities: FP16 and BF16 run on the same units; FP8 and INT8 (Ampere to
# Blackwell, CDNA 3, TPU int8 = 2x bf16 = fp8 on v5p/v6e is listed per chip below); FP64 on
# vector and tensor/matrix units where the vendor gives one FP64 figure (Blackwell, CDNA 4,
# Rubin); FP6 at the FP8 rate (Blackwell).
SAME_RATE = [
    {"bf16", "fp16"},
    {"fp8", "int8"},
    {"fp64", "fp64_tensor"},
    {"fp8", "fp6"},
]
# Hopper (67 and 67 TFLOP/s on H100 SXM) and CDNA 3 (163.4 and 163.4 on MI300X) run FP32
# vector at the FP64 tensor/matrix rate.
FP32_AT_FP64_TENSOR = ["H100-SXM", "H100-PCIe", "H200-SXM", "GH200", "A100-SXM", "A800"]
FP32_AT_FP64_TENSOR += ["MI300X", "MI325X", "MI300A"]
# the same Hopper and Ampere silicon in other forms (H100 NVL 60 and 60; A100 19.5 and 19.5)
FP32_AT_FP64_TENSOR += ["H100-NVL", "H200-NVL", "GH200-144GB", "A100-SXM-40GB", "A100-PCIe-80GB"]
# Per chip, further equalities the vendor's table prints.
SAME_RATE_ON = {chip: [{"fp32", "fp64_tensor"}] for chip in FP32_AT_FP64_TENSOR} | {
    # MI355X: MXFP6 and MXFP4 both 10.1 PF (AMD product page)
    "MI355X": [{"fp6", "fp4"}, {"fp64", "fp32"}],
    # MI250X: FP64 vector and FP32 vector both 47.9 TFLOP/s; FP16/BF16 383 TFLOP/s and INT8
    # 383 TOP/s (AMD MI200 table)
    "MI250X": [{"fp64", "fp32"}, {"bf16", "int8"}],
    # TPU v4: 275 TFLOP/s bf16 and 275 TOP/s int8 (Cloud TPU v4 page)
    "TPU-v4": [{"bf16", "int8"}],
    # Gaudi 3 white paper: 1,835 TFLOP/s for both BF16 and FP8
    "Gaudi3": [{"bf16", "fp8"}],
    # Cloud TPU tables: FP8 at the BF16 rate on v5p and v6e
    "TPU-v5p": [{"bf16", "fp8"}],
    "TPU-v6e": [{"bf16", "fp8"}],
    # Neuron architecture pages: TF32 at the BF16 rate; Trainium1/3 FP8 at the BF16 rate
    "Trainium1": [{"tf32", "bf16"}, {"bf16", "fp8"}],
    "Trainium2": [{"tf32", "bf16"}],
    "Trainium3": [{"tf32", "bf16"}, {"bf16", "fp8"}, {"fp8", "fp4"}],
    # MI350X: the MI355X's silicon at a lower clock, MXFP6 = MXFP4 (AMD CDNA 4 tables)
    "MI350X": [{"fp6", "fp4"}],
    # MI250 as MI250X: FP64 and FP32 vector 45.3, FP16/BF16 and INT8 362.1 (ROCm peak table)
    "MI250": [{"fp64", "fp32"}, {"bf16", "int8"}],
    # Max 1550: FP64 and FP32 vector both 52 TFLOP/s (Intel, Hot Chips 34)
    "Max-1550": [{"fp64", "fp32"}],
    # Inferentia2: TF32 and FP8 at the BF16 rate (Neuron architecture page)
    "Inferentia2": [{"tf32", "bf16"}, {"bf16", "fp8"}],
    # D1: BF16 and CFP8 at one rate (Tesla, Hot Chips 2021)
    "Dojo-D1": [{"bf16", "fp8"}],
    # H800 and H20 keep Hopper's tensor cores but cut FP64 to ~1 TFLOP/s on both units
    "H800": [{"fp64", "fp64_tensor"}],
    "H20": [],
    # Blackwell Ultra: FP64 cut to 1.25-1.39 TFLOP/s on both units
    "GB300": [],
}


def _same_rate_allowed(spec_id, a, b, table):
    """Return whether ``a`` reaches ``b`` through allowed pairs of formats at one rate."""
    pairs = SAME_RATE + SAME_RATE_ON.get(spec_id, [])
    reached, frontier = {a}, [a]
    while frontier:
        f = frontier.pop()
        for pair in pairs:
            if f in pair:
                (other,) = pair - {f}
                if other not in reached and table.get(other) == table[a]:
                    reached.add(other)
                    frontier.append(other)
    return b in reached


@every_spec
def test_no_format_repeats_another_formats_rate_unless_the_vendor_prints_it(spec):
    # the failure this guards against: a missing format filled with a neighbour's figure
    # (an H100 "fp4" at the fp8 rate, a GB300 "fp32" at the fp64 rate)
    for table in (spec.peak_tflops_dense, spec.peak_tflops_sparse):
        for (a, x), (b, y) in itertools.combinations(table.items(), 2):
            if x == y:
                assert _same_rate_allowed(spec.id, a, b, table), (spec.id, a, b, x)


@every_spec
def test_dense_never_above_sparse(spec):
    for fmt, sparse in spec.peak_tflops_sparse.items():
        assert spec.peak_tflops_dense[fmt] <= sparse, (spec.id, fmt)


@every_spec
def test_sparse_is_twice_dense_where_both_exist(spec):
    for fmt, sparse in spec.peak_tflops_sparse.items():
        dense = spec.peak_tflops_dense[fmt]
        if (spec.id, fmt) in NOT_TWO_TO_ONE:
            assert dense < sparse < 2 * dense
        else:
            tolerance = VENDOR_ROUNDING.get(spec.id, ROUNDING)
            assert abs(sparse - 2 * dense) <= tolerance * sparse, (spec.id, fmt)


@every_spec
def test_wider_formats_are_never_faster(spec):
    # fp64 <= fp32 <= tf32 <= bf16 where the chip has them natively (vector fp32 may exceed
    # nothing below it; fp64 tensor is at most fp32 tensor, i.e. tf32)
    dense = spec.peak_tflops_dense
    chain = [f for f in ("fp64", "fp32", "tf32", "bf16") if f in dense]
    for wide, narrow in itertools.pairwise(chain):
        assert dense[wide] <= dense[narrow] * (1 + ROUNDING), (spec.id, wide, narrow)
    if "fp64_tensor" in dense and "tf32" in dense:
        assert dense["fp64_tensor"] <= dense["tf32"], spec.id


@every_spec
def test_fp8_is_twice_bf16_where_the_architecture_says_so(spec):
    dense = spec.peak_tflops_dense
    if "fp8" in dense and "bf16" in dense and spec.id not in FP8_NOT_DOUBLE_BF16:
        tolerance = VENDOR_ROUNDING.get(spec.id, ROUNDING)
        assert abs(dense["fp8"] - 2 * dense["bf16"]) <= tolerance * dense["fp8"], spec.id


@every_spec
def test_fp4_is_twice_fp8_where_the_architecture_says_so(spec):
    dense = spec.peak_tflops_dense
    if "fp4" in dense and "fp8" in dense and spec.id not in FP4_NOT_DOUBLE_FP8:
        assert abs(dense["fp4"] - 2 * dense["fp8"]) <= ROUNDING * dense["fp4"], spec.id


# Rack headline figures of the vendors, against per-GPU figures x GPUs per rack.
RACK_FIGURES = [
    # GB200 NVL72 page: FP4 1,440 PF sparse, FP8 720 PF sparse, 13.4 TB HBM3e (~186 GB x 72)
    ("GB200", "fp4", True, 1_440_000),
    ("GB200", "fp8", True, 720_000),
    # GB300 NVL72 page: FP4 1,440 PF sparse and 1,080 PF dense
    ("GB300", "fp4", True, 1_440_000),
    ("GB300", "fp4", False, 1_080_000),
]


@pytest.mark.parametrize(("chip", "fmt", "sparse", "rack_tflops"), RACK_FIGURES)
def test_per_rack_is_per_gpu_times_gpus_per_rack(chip, fmt, sparse, rack_tflops):
    spec = next(s for s in list_accelerators() if s.id == chip)
    assert spec.packaging.per_rack == 72
    table = spec.peak_tflops_sparse if sparse else spec.peak_tflops_dense
    assert table[fmt] * spec.packaging.per_rack == pytest.approx(rack_tflops, rel=1e-3)


@every_spec
def test_packages_hold_whole_nodes(spec):
    p = spec.packaging
    for bigger in (p.per_rack, p.per_pod):
        if bigger is not None:
            assert bigger >= p.per_node, spec.id
    if p.per_superchip is not None:
        assert p.per_node % p.per_superchip == 0, spec.id


@every_spec
def test_price_low_not_above_high(spec):
    for price in (spec.price, spec.rental):
        if price is not None:
            assert 0 < price.low_usd <= price.high_usd


@every_spec
def test_it_power_at_least_tdp(spec):
    # a TDP range is configurable (MI300A 550-760 W): a system's power per chip is at least the
    # lowest setting (El Capitan: 659.5-675.2 W per MI300A, all-in)
    if spec.it_power_w is not None and spec.tdp_w is not None:
        assert spec.it_power_w.low >= spec.tdp_w.low


@every_spec
def test_every_catalogue_chip_has_power(spec):
    # issue 13: every chip gets a TDP or an IT power per accelerator, so a cluster of it has a
    # power estimate without a hand-made TDP; where sources are missing the notes say why
    if spec.id in NO_POWER_YET:
        assert any("power" in n.lower() or "tdp" in n.lower() for n in spec.notes), spec.id
    else:
        assert spec.tdp_w is not None or spec.it_power_w is not None, spec.id


@every_spec
def test_every_catalogue_chip_has_a_price_or_says_why_not(spec):
    # issue 25: capex is n/a for a chip without a price; its notes then give the reason (not
    # sold alone, announced only, no source found) that a reader of the n/a can look up
    if spec.price is None:
        assert any("price" in n.lower() for n in spec.notes), spec.id


# Chips for which no source of a power figure was found (said in each entry's notes).
NO_POWER_YET = {"MI430X", "Ascend-950DT"}  # announced: no power figure published
# AWS publishes no Inferentia2 power; Huawei none for the full 950PR (only its cut-down card)
NO_POWER_YET |= {"Inferentia2", "Ascend-950PR"}


@every_spec
def test_every_numeric_field_has_a_source(spec):
    present = spec.sourced_fields()
    for field in present:
        sources = spec.sources_for(field)
        assert sources, (spec.id, field)
        assert all(s.url.startswith("https://") and s.title for s in sources)


@every_spec
def test_aggregators_are_never_called_primary(spec):
    for s in spec.sources:
        if any(site in s.url for site in ("aiwiki", "awesomeagents", "fetchlogic", "verda")):
            assert s.kind == "secondary", (spec.id, s.url)


@every_spec
def test_yaml_round_trip(spec):
    text = yaml.safe_dump(spec.model_dump(mode="json"), sort_keys=False)
    assert AcceleratorSpec.model_validate(yaml.safe_load(text)) == spec


@every_spec
def test_one_counted_unit_is_one_accelerator(spec):
    unit = spec.packaging.counted_unit.lower()
    assert unit.startswith("one ")
    assert "superchip" not in unit.split("(")[0] and "rack" not in unit.split("(")[0]
