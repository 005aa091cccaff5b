"""Inputs are read as a person means them, or refused with file, line and field: never
evaluated, never silently reread, never a traceback. Each case is a reproducer from an
attack on the CLI and the API."""

import copy
import time

import pytest
import yaml

import computescale as cs
from computescale.catalogue import load_catalogue
from computescale.claims import check_claims
from computescale.cli import main
from computescale.cluster import Cluster, Fleet, load_cluster
from computescale.documents import load_document, parse_document
from computescale.errors import ArgumentError, InputError
from computescale.uncertain import Bounds, parse_bounds, read_quantity
from tests.conftest import EXAMPLES, ROOT


def cluster_text(fleet: str, extra: str = "") -> str:
    return f"name: x\n{extra}fleets:\n  - accelerator: H100\n{fleet}"


# --- unit text is read, never evaluated ---------------------------------------------


@pytest.mark.parametrize(
    "text", ["9**9**9 W", "2**2**40 W", "1 W**9**9**9", "(1+1) W", "1 W 2", "W 5", " kW", "--1 kW"]
)
def test_unit_text_is_never_evaluated(text):
    start = time.perf_counter()
    with pytest.raises(ValueError, match="cannot read"):
        parse_bounds(text, "W", what="a power")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "9**9**9 GW", "--to", "H100"],
        ["estimate", str(EXAMPLES / "colossus2.yaml"), "--assume", "pue=9**9**9"],
    ],
)
def test_arithmetic_on_the_command_line_is_refused_at_once(argv, capsys):
    start = time.perf_counter()
    assert main(argv) == 2
    assert time.perf_counter() - start < 5.0
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("2 500", "", 2500.0),  # pint read the space as a product: 1,000
        ("550 000", "", 550_000.0),  # pint: 0
        ("1 200 W", "W", 1200.0),  # pint: 200 W
        ("1\u00a0200 W", "W", 1200.0),  # no-break space
        ("1\u202f200 W", "W", 1200.0),  # narrow no-break space
        ("1'200 W", "W", 1200.0),  # apostrophe, as in Switzerland
        ("1,200 MW", "W", 1.2e9),
        ("1.2 kW", "W", 1200.0),
        ("$45000", "USD", 45_000.0),
        ("45 kUSD", "USD", 45_000.0),
        ("0100000", "", 100_000.0),  # decimal, not octal
        ("50 EFLOPS", "FLOP/s", 5e19),  # EFLOPS is a rate, not a count of FLOP
        ("8 %", "", 0.08),
    ],
)
def test_numbers_are_read_as_written(text, unit, value):
    assert parse_bounds(text, unit, what="x").low == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["1 20", "12 34 W", "1,20", "1,5 kW", "1,200 300", "1 200,000"])
def test_ambiguous_grouping_is_refused(text):
    with pytest.raises(ValueError, match=r"cannot read|comma"):
        parse_bounds(text, "W", what="a power")


def test_unit_errors_name_what_the_unit_measures():
    with pytest.raises(ValueError, match="'kg' measures a mass, not a power"):
        parse_bounds("700 kg", "W", what="a power")
    with pytest.raises(ValueError, match="'W' measures a power, not an amount of money"):
        parse_bounds("5 W", "USD", what="money")
    with pytest.raises(ValueError, match="unknown unit 'potatoes'"):
        parse_bounds("5 potatoes", "W", what="a power")


def test_read_quantity_splits_number_and_unit():
    assert read_quantity("1 200 kW") == (1200.0, "kW")
    assert read_quantity("5") == (5.0, "")
    assert read_quantity("$2e12") == (2e12, "USD")


# --- YAML is read by people's rules, not YAML 1.1's --------------------------------


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("0100000", 100_000),  # YAML 1.1: octal 32768
        ('"2 500"', 2500),  # pint: 1000
        ('"550 000"', 550_000),  # pint: 0
    ],
)
def test_counts_in_cluster_files(write, value, count):
    cluster = load_cluster(write(cluster_text(f"    count: {value}\n")))
    assert cluster.fleets[0].count.low == count


@pytest.mark.parametrize(
    "value", ["1:30", "0x10", "0o17", "0.5", "1e-320", "[0.5, 2]", "!!int '100'"]
)
def test_counts_that_are_not_whole_numbers_as_written_are_refused(write, value):
    path = write(cluster_text(f"    count: {value}\n"))
    with pytest.raises(InputError) as info:
        load_cluster(path)
    assert info.value.line == 4
    assert info.value.field in ("fleets[0].count", None)  # a tag is refused before fields


@pytest.mark.parametrize(
    "tagged", ['!!int "abc"', '!!float "1"', "!!bool yes", "!!timestamp 2025-01-01", "!!str 5"]
)
def test_tags_are_refused_at_their_line(write, tagged):
    with pytest.raises(InputError, match=r"tag .* is not allowed") as info:
        load_document(write(f"name: x\ncount: {tagged}\n"))
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("name: x\nas_of: 2025-02-30\n", 2),
        ("name: x\nas_of: 2025-13-01\n", 2),
        ("a:\n  - b: 0000-01-01\n", 2),
    ],
)
def test_impossible_dates_are_errors_at_their_line(write, text, line):
    with pytest.raises(InputError, match="is not a date") as info:
        load_document(write(text))
    assert info.value.line == line


def test_keys_are_text(write):
    data = load_document(write("2025-02-30: a\n0100: b\ntrue: c\n")).data
    assert data == {"2025-02-30": "a", "0100": "b", "true": "c"}


def test_dates_must_be_dates_in_range(write):
    for value, match in [
        ("0", "got 0; expected a date"),  # pydantic: 1970-01-01
        ("0001-01-01", "out of range; dates run from 1970-01-01"),
        ("9999-12-31", "out of range"),
    ]:
        text = (
            "name: x\nphases:\n  - date: 2025-01-01\n    fleets: [{accelerator: H100, count: 1}]\n"
            f"  - date: {value}\n    add: [{{accelerator: H100, count: 1}}]\n"
        )
        with pytest.raises(InputError, match=match) as info:
            load_cluster(write(text))
        assert (info.value.line, info.value.field) == (5, "phases[1].date")


def test_a_long_number_is_refused_with_a_short_message(write):
    with pytest.raises(InputError, match="a number of 5,000 digits is out of range") as info:
        load_document(write("count: " + "9" * 5000 + "\n"))
    assert len(str(info.value)) < 300
    path = write(cluster_text("    count: " + "1" + "0" * 99 + "\n"))
    with pytest.raises(InputError, match="out of range") as info:
        load_cluster(path)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("key", ["x" * 1000, "x" * 3_000_000, '"' + "x" * 3_000_000 + '"'])
def test_a_huge_key_or_name_gives_a_short_message(write, key):
    with pytest.raises(InputError) as info:
        load_cluster(write(cluster_text("    count: 1\n", extra=key + ": 1\n")))
    assert len(str(info.value)) < 500
    with pytest.raises(InputError) as info:
        load_cluster(write(f"name: {key}\nfleets: [{{accelerator: H100, count: 1}}]\n"))
    assert len(str(info.value)) < 500


def test_assume_values_are_checked_like_files(capsys):
    for value in ("pue=2025-02-30", "pue=!!float 1.2", "pue=0x10"):
        assert main(["estimate", str(EXAMPLES / "colossus2.yaml"), "--assume", value]) == 2
        err = capsys.readouterr().err
        assert err.startswith("computescale: error: ") and err.count("\n") == 1


# --- messages point at the right place ---------------------------------------------


def test_errors_in_split_fleets_point_at_their_field(write):
    split = "  - total: {total}\n    {label}: a\n    split:\n      - accelerator: H100\n" + (
        "      - accelerator: H200\n"
    )
    with pytest.raises(InputError) as info:
        load_cluster(write("name: x\nfleets:\n" + split.format(total=-5, label="label")))
    assert (info.value.line, info.value.field) == (3, "fleets[0].total")
    with pytest.raises(InputError, match="unknown field 'lable'") as info:
        load_cluster(write("name: x\nfleets:\n" + split.format(total=5, label="lable")))
    assert (info.value.line, info.value.field) == (4, "fleets[0].lable")


def test_phase_order_points_at_the_phase(write):
    text = (
        "name: x\nphases:\n  - date: 2025-01-01\n    fleets: [{accelerator: H100, count: 5}]\n"
        "  - date: 2024-01-01\n    add: [{accelerator: H100, count: 5}]\n"
    )
    with pytest.raises(InputError, match="phases must be in date order") as info:
        load_cluster(write(text))
    assert (info.value.line, info.value.field) == (5, "phases[1].date")


CLAIM = (
    "claims:\n  - id: x\n    source: {{title: t, outlet: o, date: 2025-01-01}}\n    says: s\n"
    "    quantity: {quantity}\n{extra}    value: {value}\n    cluster: {cluster}\n"
)


def test_claim_errors_point_at_their_field(write):
    cluster = EXAMPLES / "colossus1.yaml"
    cases = [
        ({"quantity": "power", "extra": "", "value": "5 kg"}, 6, "claims[0].value"),
        (
            {"quantity": "power", "extra": "    basis: fp12\n", "value": "5 MW"},
            6,
            "claims[0].basis",
        ),
        (
            {"quantity": "power", "extra": "    scope: rack\n", "value": "5 MW"},
            6,
            "claims[0].scope",
        ),
    ]
    for fields, line, field in cases:
        path = write(CLAIM.format(cluster=cluster, **fields), "claims.yaml")
        with pytest.raises(InputError) as info:
            check_claims(path)
        assert (info.value.file, info.value.line, info.value.field) == (str(path), line, field)


def test_an_int8_claim_in_flop_per_second_is_refused(write):
    path = write(
        CLAIM.format(
            quantity="peak_flops",
            extra="    precision: int8\n",
            value="1 ZFLOP/s",
            cluster=EXAMPLES / "colossus1.yaml",
        ),
        "claims.yaml",
    )
    with pytest.raises(InputError, match="measures a FLOP/s rate, not an integer OP/s rate"):
        check_claims(path)


def test_a_claim_reads_only_yaml_cluster_files(write, tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
    path = write(
        CLAIM.format(quantity="power", extra="", value="5 MW", cluster=secret), "claims.yaml"
    )
    (r,) = check_claims(path)  # the claim is not checked, and the file is never read
    assert r.verdict == "unverifiable"
    assert r.reason.startswith(f"not checked, an input is invalid: {path}:")
    assert "is not a YAML file" in r.reason
    assert "secret-hash" not in r.reason


# --- the catalogue cannot be silently replaced or changed --------------------------

ENTRY = next(
    e
    for e in yaml.safe_load((ROOT / "computescale/catalogue/data/nvidia.yaml").read_text())[
        "accelerators"
    ]
    if e["id"] == "H100-SXM"
)
SOURCE = {"title": "t", "url": "https://example.org", "accessed": "2025-07-02", "kind": "primary"}


def catalogue_file(write, data):
    return write(yaml.safe_dump(data), "catalogue.yaml")


@pytest.mark.parametrize(
    ("ids", "match"),
    [
        (["v5p"], r"name 'v5p' is already in the catalogue \(TPU-v5p\)"),
        (["H100"], r"name 'H100' is already in the catalogue \(H100-SXM\)"),
        (["H100-SXM"], "already in the catalogue"),
        (["X1", "x1"], r"name 'x1' is used above \(X1\)"),
    ],
)
def test_new_entries_never_replace_a_chip(write, ids, match):
    entries = [copy.deepcopy(ENTRY) | {"id": i, "aliases": []} for i in ids]
    with pytest.raises(InputError, match=match) as info:
        load_catalogue(catalogue_file(write, {"accelerators": entries}))
    assert info.value.line is not None and info.value.field.endswith(".id")


def test_two_overrides_of_one_chip_are_refused(write):
    change = {"tdp_w": 800, "sources": [SOURCE | {"covers": ["tdp"]}]}
    data = {"overrides": {"H100": change, "H100-SXM": change | {"tdp_w": 900}}}
    with pytest.raises(InputError, match="both override H100-SXM") as info:
        load_catalogue(catalogue_file(write, data))
    assert info.value.line is not None


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("peak_tflops_dense", {"bf16": True}),  # read as 1 TFLOP/s before: x450 H100e
        ("peak_tflops_dense", {"bf16": "1000"}),
        ("peak_tflops_dense", {"bf16": float("inf")}),
        ("peak_tflops_dense", {"bf16": 1e308}),
        ("peak_tflops_dense", {"bf16": 1e-320}),
        ("tdp_w", 1e308),
        (
            "price",
            {"low_usd": 2e8, "high_usd": 3e8, "includes": "accelerator", "as_of": "2025-01-01"},
        ),
    ],
)
def test_catalogue_figures_must_be_sane_numbers(write, figure, value):
    entry = copy.deepcopy(ENTRY) | {"id": "NEW-CHIP", "aliases": [], figure: value}
    entry["sources"] = [*entry["sources"], SOURCE | {"covers": ["price"]}]
    with pytest.raises(InputError) as info:
        load_catalogue(catalogue_file(write, {"accelerators": [entry]}))
    assert info.value.field.startswith(f"accelerators[0].{figure}")


def test_returned_catalogue_data_is_read_only():
    spec = cs.get_accelerator("H100")
    with pytest.raises(TypeError):
        spec.peak_tflops_dense["bf16"] = -1
    with pytest.raises(TypeError):
        spec.peak_tflops_sparse.update(bf16=-1)
    assert cs.get_accelerator("H100").peak_tflops_dense["bf16"] == 989.4  # H100 SXM datasheet


def test_a_capex_claim_on_a_user_catalogue_chip_is_checked(write):
    entry = copy.deepcopy(ENTRY) | {"id": "MY-CHIP", "aliases": []}
    catalogue = load_catalogue(catalogue_file(write, {"accelerators": [entry]}))
    cluster = write("name: c\nfleets:\n  - accelerator: MY-CHIP\n    count: 1000\n", "c.yaml")
    claims = write(
        CLAIM.format(quantity="capex", extra="", value="1e12 USD", cluster=cluster), "claims.yaml"
    )
    (result,) = check_claims(claims, catalogue=catalogue)
    assert result.verdict in ("consistent", "inconsistent")


# --- the Python API checks its arguments -------------------------------------------


def test_bounds_built_in_python_are_validated():
    with pytest.raises(ValueError, match="out of range"):
        Fleet(accelerator="H100", count=Bounds(-5, -1))
    with pytest.raises(ValueError, match="above high"):
        Fleet(accelerator="H100", count=Bounds(10, 5))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: cs.estimate(None),
        lambda c: cs.estimate(c, basis=8),
        lambda c: cs.get_accelerator(None),
        lambda c: cs.estimate(c, sampling=cs.Sampling(1.5)),
        lambda c: cs.estimate(c, sampling=cs.Sampling(True)),
        lambda c: cs.estimate(c, sampling=cs.Sampling(10, seed=1.5)),
        lambda c: cs.estimate(c, sampling=10),
        lambda c: cs.convert(None, "H100"),
        lambda c: cs.train(c, compute="1e26"),
    ],
)
def test_api_arguments_of_the_wrong_type_raise_our_error(call):
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    with pytest.raises(ArgumentError) as info:
        call(cluster)
    assert isinstance(info.value, TypeError) and isinstance(info.value, InputError)


def test_a_training_mfu_that_would_overflow_is_refused():
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    with pytest.raises(InputError, match="MFU"):
        cs.train(cluster, compute=1e26, mfu=Bounds(1e-320, 1e-320))
    with pytest.raises(InputError, match="MFU"):
        cs.train(cluster, compute=1e26, mfu=Bounds(0.45, 0.3))


def test_the_parsed_cluster_round_trips(write):
    cluster = load_cluster(write(cluster_text('    count: "2 500"\n')))
    assert Cluster.model_validate(cluster.model_dump(mode="json")) == cluster


def test_parse_document_reads_people_numbers():
    data = parse_document("a: 0100000\nb: 1:30\nc: 0x10\nd: yes\ne: 1.5e3\nf: 2025-07-22\n").data
    assert data["a"] == 100_000 and data["e"] == 1500.0
    assert data["b"] == "1:30" and data["c"] == "0x10" and data["d"] == "yes"
    assert data["f"].isoformat() == "2025-07-22"


# --- build-outs stay bounded --------------------------------------------------------


def test_a_cluster_holds_at_most_1000_fleets_and_members(write):
    # 999 fleets and one split of 5 members: 1,004 accelerator types in 1,000 list items
    fleets = "".join("  - {accelerator: H100, count: 1}\n" for _ in range(999))
    members = ", ".join(["{accelerator: H100}"] * 5)
    fleets += f"  - {{total: 10, split: [{members}]}}\n"
    with pytest.raises(InputError, match="1,004 fleets and split members, over the limit") as info:
        load_cluster(write("name: x\nfleets:\n" + fleets))
    assert info.value.field == "fleets"


def test_phases_that_repeat_long_lists_are_refused_with_a_hint(write):
    # 11 phases each restating one aliased list of 1,000 fleets: 11,000 written > 10,000
    fleets = ", ".join(f"{{accelerator: H100, count: {i + 1}}}" for i in range(1000))
    phases = [f"  - date: 2025-01-01\n    fleets: &all [{fleets}]\n"]
    phases += [f"  - date: 2025-01-{i + 2:02d}\n    fleets: *all\n" for i in range(10)]
    start = time.perf_counter()
    with pytest.raises(InputError, match="use `add` for the fleets a phase adds") as info:
        load_cluster(write("name: x\nphases:\n" + "".join(phases)))
    assert (info.value.line, info.value.field) == (23, "phases[10]")  # 2 lines a phase, from 3
    assert time.perf_counter() - start < 10
