import importlib.util
import json

import pytest

from computescale import MissingSpecError, UnknownAcceleratorError, get_accelerator
from computescale.catalogue import list_accelerators, load_catalogue
from computescale.errors import InputError
from tests.conftest import ROOT


def tflops(acc, fmt, sparse=False):
    unit = "TOP/s" if fmt == "int8" else "TFLOP/s"
    return get_accelerator(acc).peak_flops(fmt, sparse=sparse).to(unit).magnitude


def test_h100_sxm_datasheet_values():
    # NVIDIA H100 whitepaper, H100 SXM5 table: BF16 989.4 dense / 1,978.9 sparse,
    # FP8 1,978.9 / 3,957.8, FP64 tensor 66.9; datasheet: 80 GB, 3.35 TB/s, 700 W.
    assert tflops("H100", "bf16") == pytest.approx(989.4)
    assert tflops("H100", "bf16", sparse=True) == pytest.approx(1978.9)
    assert tflops("H100", "fp8") == pytest.approx(1978.9)
    assert tflops("H100", "fp64_tensor") == pytest.approx(66.9)
    h100 = get_accelerator("H100-SXM5")
    assert h100.memory_gb == 80
    assert h100.memory_bandwidth_tbps == pytest.approx(3.35)
    assert h100.tdp_w is not None and (h100.tdp_w.low, h100.tdp_w.high) == (700, 700)
    # DGX H100: 10.2 kW for 8 GPUs = 1,275 W per GPU.
    assert h100.it_power_w is not None and h100.it_power_w.low == pytest.approx(10200 / 8)


def test_h200_sxm_datasheet_values():
    # H200 page: BF16 1,979 TFLOPS with sparsity (same GH100 compute), 141 GB, 4.8 TB/s, 700 W.
    assert tflops("H200", "bf16", sparse=True) == pytest.approx(1979, abs=0.5)
    h200 = get_accelerator("H200")
    assert (h200.memory_gb, h200.memory_bandwidth_tbps, h200.power("tdp").m.tolist()) == (
        141,
        4.8,
        [700, 700],
    )


def test_gb200_is_per_gpu_not_per_superchip_or_rack():
    # GB200 NVL72 page, per rack of 72 GPUs: FP4 1,440 PF sparse / 720 PF dense,
    # FP16/BF16 360 PF sparse, FP64 2,880 TF, 13.4 TB HBM3e, 576 TB/s.
    assert tflops("GB200", "fp4") == pytest.approx(720e3 / 72)
    assert tflops("GB200", "fp4", sparse=True) == pytest.approx(1440e3 / 72)
    assert tflops("GB200", "bf16") == pytest.approx(360e3 / 72 / 2)
    assert tflops("GB200", "fp64") == pytest.approx(2880 / 72)
    gb200 = get_accelerator("GB200")
    assert gb200.memory_gb == pytest.approx(13400 / 72, rel=0.01)
    assert gb200.memory_bandwidth_tbps == pytest.approx(576 / 72)
    assert gb200.packaging.per_rack == 72
    assert gb200.power("tdp").m.tolist() == [1200, 1200]


def test_gb300_blackwell_ultra_cuts():
    # Blackwell Ultra per-GPU datasheet: FP4 20 PF sparse | 15 PF dense (not 2:1), FP8 5 PF
    # dense, INT8 330 TOPS sparse | 165 dense, FP64 1.3 TF (the rack page / 72: 1.39)
    assert tflops("GB300", "fp4") == pytest.approx(15e3)
    assert tflops("GB300", "fp4", sparse=True) == pytest.approx(20e3)
    assert tflops("GB300", "fp8") == pytest.approx(5e3)
    assert tflops("GB300", "int8") == pytest.approx(165)
    assert tflops("GB300", "fp64") == pytest.approx(1.3)
    # "8-bit" is ambiguous on Blackwell Ultra: INT8 is ~30x below FP8 (5,000 / 165 = 30.3)
    assert tflops("GB300", "fp8") / tflops("GB300", "int8") == pytest.approx(30.3, rel=0.01)
    assert get_accelerator("GB300").power("tdp").m.tolist() == [1400, 1400]


def test_hgx_b200_is_not_gb200():
    assert get_accelerator("B200").id != get_accelerator("GB200").id
    assert tflops("B200", "bf16") < tflops("GB200", "bf16")
    assert get_accelerator("B200").tdp_w.high < get_accelerator("GB200").tdp_w.low  # type: ignore[union-attr]


def test_unknown_accelerator_is_a_keyerror_with_suggestion():
    with pytest.raises(KeyError) as info:
        get_accelerator("GB20")
    err = info.value
    assert isinstance(err, UnknownAcceleratorError)
    assert err.suggestion == "GB200"
    assert "Did you mean GB200?" in str(err)
    assert "H100-SXM" in str(err)


def test_aliases_are_case_insensitive():
    assert get_accelerator("h100").id == "H100-SXM"
    assert get_accelerator("ironwood").id == "TPU-v7"


def test_missing_format_is_never_invented():
    with pytest.raises(MissingSpecError, match="no published dense fp4"):
        get_accelerator("H100").peak_flops("fp4")
    with pytest.raises(LookupError):
        get_accelerator("TPU-v7").peak_flops("fp4")


def test_summary_json_shape():
    data = json.loads(json.dumps(get_accelerator("GB300").summary()))
    assert data["peak_flops_dense"]["fp8"] == pytest.approx(5e15)
    assert data["tdp_w"] == {"low": 1400, "high": 1400}
    assert data["memory_bytes"] == pytest.approx(279e9)  # per-GPU datasheet: 279 GB HBM3e
    assert data["price_usd"]["low"] <= data["price_usd"]["high"]
    assert data["sources"] and all(s["url"].startswith("https://") for s in data["sources"])


def test_override_file_changes_one_value_and_records_its_source(write):
    path = write(
        """
overrides:
  gb200:
    price: {low_usd: 45000, high_usd: 60000, includes: accelerator, as_of: 2025-07-01}
    sources:
      - {title: Analyst note, url: "https://example.org/note", accessed: 2025-07-02,
         kind: secondary, covers: [price]}
""",
        "cat.yaml",
    )
    cat = load_catalogue(path)
    spec = cat["GB200"]
    assert (spec.price.low_usd, spec.price.high_usd) == (45000, 60000)
    assert [s.title for s in spec.sources_for("price")] == ["Analyst note"]
    # untouched values and the packaged catalogue are unchanged
    assert spec.peak_tflops_dense["bf16"] == 2500
    assert get_accelerator("GB200").price.includes == "rack_share"


def test_override_peak_merges_per_format(write):
    path = write(
        """
overrides:
  H100:
    peak_tflops_dense: {bf16: 900}
    sources: [{title: Measured, url: "https://example.org/m", accessed: 2025-01-01, kind: primary,
               covers: [peak_flops_dense]}]
""",
        "cat.yaml",
    )
    spec = load_catalogue(path)["H100"]
    assert spec.peak_tflops_dense["bf16"] == 900
    assert spec.peak_tflops_dense["fp8"] == pytest.approx(1978.9)


def test_override_without_source_is_refused_with_file_and_line(write):
    path = write("overrides:\n  H100:\n    tdp_w: 800\n", "cat.yaml")
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert "cat.yaml:" in message
    assert "overrides.H100" in message
    assert "no source covers tdp" in message


def test_override_of_unknown_id_names_the_line(write):
    path = write("overrides:\n  GB20:\n    tdp_w: 800\n", "cat.yaml")
    with pytest.raises(InputError, match=r"cat.yaml:2: overrides.GB20: unknown accelerator"):
        load_catalogue(path)


def test_new_entry_gets_same_validation(write):
    path = write(
        """
accelerators:
  - id: X1
    vendor: Acme
    name: X1
    form_factor: card
    launched: 2025-01-01
    peak_tflops_dense: {bf16: 100}
    peak_tflops_sparse: {bf16: 50}
    packaging: {counted_unit: one card, per_node: 8}
    sources: [{title: t, url: "https://example.org", accessed: 2025-01-01, kind: primary,
               covers: [peak_flops_dense, peak_flops_sparse]}]
""",
        "cat.yaml",
    )
    with pytest.raises(InputError, match="below the dense figure"):
        load_catalogue(path)


def _generated_pages():
    spec = importlib.util.spec_from_file_location(
        "gen_catalogue", ROOT / "docs" / "gen_catalogue.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pages(ROOT)


@pytest.mark.parametrize("name", ["catalogue.md", "assumptions.md", "presets.md", "observed.md"])
def test_generated_docs_pages_are_up_to_date(name):
    page = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert page == _generated_pages()[name], (
        f"docs/{name} is stale: run `python docs/gen_catalogue.py`"
    )


def test_the_compiled_catalogue_is_current_and_the_same_as_its_yaml(monkeypatch):
    from computescale.catalogue import store

    compiled = ROOT / "computescale" / "catalogue" / "data" / store.COMPILED
    assert compiled.read_text(encoding="utf-8") == store.compiled_catalogue(), (
        "computescale/catalogue/data/compiled.json is stale: run `python docs/gen_catalogue.py`"
    )
    fast = store._read_compiled()
    assert fast is not None
    slow = []
    for vendor in store.VENDOR_FILES:
        path = ROOT / "computescale" / "catalogue" / "data" / f"{vendor}.yaml"
        slow.extend(store.validate(store.CatalogueFile, store.load_document(path)).accelerators)
    assert fast == slow
    # a YAML file edited after the JSON was written: the JSON is not used
    monkeypatch.setattr(store, "_packaged", lambda vendor: b"edited")
    assert store._read_compiled() is None


def test_list_accelerators_by_vendor_and_status():
    amd = list_accelerators(vendor="amd")
    assert amd and {s.vendor for s in amd} == {"AMD"}
    # NVIDIA's Vera Rubin is announced, not shipping
    assert "Rubin" in {s.id for s in list_accelerators(vendor="NVIDIA", status="announced")}
    assert "Rubin" not in {s.id for s in list_accelerators(status="shipping")}
    # Tesla ended Dojo in August 2025 (TechSpot, 2025-08-08): D1 is the cancelled chip
    assert {s.id for s in list_accelerators(status="cancelled")} == {"Dojo-D1"}
    with pytest.raises(InputError, match="no accelerator of vendor 'Acme'"):
        list_accelerators(vendor="Acme")
