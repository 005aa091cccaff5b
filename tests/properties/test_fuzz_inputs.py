"""Fuzzing the classes of input the attack found weak: unit text, thousands separators, YAML 1.1
forms, dates, catalogue names, output paths and Python argument types.

Each target gives a result or one of our errors, within a time limit; the fast profile runs by
default, the long one with ``COMPUTESCALE_FUZZ_EXAMPLES`` as in ``test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from typing import Any

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

import computescale as cs
from computescale.catalogue import default_catalogue, load_catalogue
from computescale.cluster import load_cluster
from computescale.errors import ComputescaleError, InputError
from computescale.uncertain import parse_bounds
from tests.conftest import EXAMPLES, ROOT
from tests.properties.test_fuzz import FUZZ, check


def outcome(call: Callable[[], Any], expected: type[Exception]) -> tuple[Any, Any]:
    """Return ``(result, None)``, or ``(None, error)`` for an error of the expected class."""
    try:
        return call(), None
    except expected as exc:
        return None, exc


UNIT_TOKENS = st.sampled_from(
    [
        "1", "0", "9", "12", "345", "1e3", "e", "E", ".", ",", " ", "\u00a0", "\u202f", "'", "$",
        "-", "+", "*", "**", "^", "/", "(", ")", "%", "W", "kW", "MW", "GW", "Wh", "USD", "kUSD",
        "FLOP", "FLOPS", "FLOP/s", "EFLOP/s", "flops", "OP/s", "s", "h", "kg", "H100e", "x",
        "0x", "0o", ":", "inf", "nan", "é", "🙂", "\n", "\t",
    ]
)  # fmt: skip
UNIT_TEXT = st.lists(UNIT_TOKENS, max_size=12).map("".join)


@FUZZ
@given(UNIT_TEXT, st.sampled_from(["W", "USD", "FLOP/s", "", "USD/kWh"]))
def test_fuzz_unit_text_is_read_or_refused_quickly(text, unit):
    start = time.perf_counter()
    b, error = outcome(lambda: parse_bounds(text, unit, what="x", maximum=1e30), ValueError)
    if error is None:
        assert math.isfinite(b.low) and b.low == b.high
    else:
        assert "\n" not in str(error)  # the text is quoted escaped: a message stays one line
    assert time.perf_counter() - start < 1.0


SEPARATORS = st.sampled_from([",", " ", "\u00a0", "\u202f", "'", ""])


@FUZZ
@given(st.integers(0, 10**15), SEPARATORS, st.sampled_from(["", " W", " kW", "W"]))
def test_fuzz_grouped_numbers_read_back_to_their_value(n, separator, unit):
    grouped = f"{n:,}".replace(",", separator)
    factor = 1000.0 if unit.strip() == "kW" else 1.0
    assert parse_bounds(grouped + unit, "W", what="x", maximum=1e30).low == n * factor


SCALAR_FORMS = st.sampled_from(
    [
        "0100000", "1:30", "0x10", "0o17", "0b11", "1_000", "+5", "-5", "5.", ".5", "1e5", "1E+5",
        "1e-320", "1e999", ".inf", "-.inf", ".nan", "~", "null", "yes", "no", "on", "off", "y",
        "true", "2025-02-30", "2025-13-01", "0000-01-01", "2025-07-22", "2025-07-22T10:00:00",
        "9999-12-31", "0001-01-01", "0", "!!int '100'", "!!float 1", "!!timestamp 2025-01-01",
        "!!str 5", "'100'", '"2 500"', '"1 200 W"', "[1, 2]", "[2, 1]", "{low: 1, high: 2}",
        "12345678901234567890123", "&a 5", "*a", "|\n      5",
    ]
)  # fmt: skip
FIELDS = st.sampled_from(
    [
        ("fleets[0].count", "    count: {v}\n", ""),
        ("fleets[0].tdp", "    count: 5\n    tdp: {v}\n", ""),
        ("fleets[0].price", "    count: 5\n    price: {v}\n", ""),
        ("as_of", "    count: 5\n", "as_of: {v}\n"),
        ("assumptions.pue", "    count: 5\n", "assumptions: {{pue: {v}}}\n"),
    ]
)


@FUZZ
@given(SCALAR_FORMS, FIELDS)
def test_fuzz_yaml_forms_and_dates_in_cluster_fields(tmp_path_factory, form, field):
    _, fleet, extra = field
    text = f"name: x\n{extra.format(v=form)}fleets:\n  - accelerator: H100\n{fleet.format(v=form)}"
    path = tmp_path_factory.mktemp("y") / "cluster.yaml"
    path.write_text(text, encoding="utf-8")
    _, error = outcome(lambda: load_cluster(path), InputError)
    if error is not None:
        assert error.file == str(path) and error.line is not None, str(error)
    check(["estimate", str(path), "--format", "json"])


CATALOGUE = default_catalogue()
NAMES = st.sampled_from(
    [n for spec in CATALOGUE.values() for n in (spec.id, *spec.aliases)] + ["NEW-1", "new-1", "N2"]
)
ENTRY = next(
    e
    for e in yaml.safe_load((ROOT / "computescale/catalogue/data/nvidia.yaml").read_text())[
        "accelerators"
    ]
    if e["id"] == "H100-SXM"
)


@FUZZ
@given(
    st.lists(st.tuples(NAMES, st.lists(NAMES, max_size=2)), max_size=3), st.lists(NAMES, max_size=3)
)
def test_fuzz_catalogue_names_never_replace_a_chip(tmp_path_factory, entries, overrides):
    source = {
        "title": "t",
        "url": "https://example.org",
        "accessed": "2025-07-02",
        "kind": "primary",
    }
    data = {
        "accelerators": [ENTRY | {"id": i, "aliases": a} for i, a in entries],
        "overrides": {
            name: {"tdp_w": 800, "sources": [source | {"covers": ["tdp"]}]} for name in overrides
        },
    }
    path = tmp_path_factory.mktemp("n") / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    merged, error = outcome(lambda: load_catalogue(path), InputError)
    if error is not None:
        assert error.line is not None, str(error)
        return
    overridden = {CATALOGUE.resolve(n) for n in overrides if n in CATALOGUE}
    for chip_id, spec in CATALOGUE.items():
        if chip_id not in overridden:
            assert merged[chip_id] == spec  # a packaged chip is never silently replaced


@FUZZ
@given(st.data())
def test_fuzz_output_paths_never_replace_an_input(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("o")
    for name in ("colossus2.yaml", "colossus1.yaml"):
        (tmp / name).write_bytes((EXAMPLES / name).read_bytes())
    claims = tmp / "claims.yaml"
    claims.write_text(
        "claims:\n  - id: x\n    source: {title: t, outlet: o, date: 2025-07-23}\n    says: s\n"
        "    quantity: accelerators\n    value: 550000\n    cluster: colossus2.yaml\n"
        "    alternatives: [colossus1.yaml]\n",
        encoding="utf-8",
    )
    inputs = {
        "check": [claims, tmp / "colossus2.yaml", tmp / "colossus1.yaml"],
        "estimate": [tmp / "colossus2.yaml"],
        "plot": [tmp / "colossus1.yaml"],
    }
    command = data.draw(st.sampled_from(sorted(inputs)))
    before = {p: p.read_bytes() for p in inputs[command]}
    target = data.draw(
        st.sampled_from(
            [
                str(claims),
                str(tmp / "colossus2.yaml"),
                str(tmp / "." / "colossus1.yaml"),
                str(tmp),
                str(tmp / "missing" / "out.json"),
                str(tmp / "out.json"),
                str(tmp / "out.png"),
            ]
        )
    )
    check([command, str(inputs[command][0]), "-o", target], json_out=False)
    for path, content in before.items():
        assert path.read_bytes() == content, f"{path.name} was replaced by {command} -o {target}"


ODD_OBJECTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=10),
    st.binary(max_size=3),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=3),
    st.tuples(st.integers()),
    st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), st.integers(), max_size=2),
    st.dates(),
    st.just(object()),
)

ARTICLE = "xAI runs 100,000 H100 GPUs in Memphis, drawing 150 MW."


def _api_calls(value: Any) -> dict[str, Callable[[], Any]]:
    """Every public function, with one parameter replaced by ``value`` (the rest valid)."""
    cluster = load_cluster(EXAMPLES / "colossus2.yaml")
    claims = str(EXAMPLES / "claims" / "other-reporting.yaml")
    return {
        "estimate(cluster)": lambda: cs.estimate(value),
        "estimate(basis)": lambda: cs.estimate(cluster, basis=value),
        "estimate(sparse)": lambda: cs.estimate(cluster, sparse=value),
        "estimate(catalogue)": lambda: cs.estimate(cluster, catalogue=value),
        "estimate(sampling)": lambda: cs.estimate(cluster, sampling=value),
        "Sampling(samples)": lambda: cs.estimate(cluster, sampling=cs.Sampling(value)),
        "Sampling(seed)": lambda: cs.estimate(cluster, sampling=cs.Sampling(10, seed=value)),
        "estimate_many(items)": lambda: cs.estimate_many(value),
        "estimate_many([item])": lambda: cs.estimate_many([value]),
        "estimate_many(catalogue)": lambda: cs.estimate_many([cluster], catalogue=value),
        "estimate_many(preset)": lambda: cs.estimate_many([cluster], preset=value),
        "estimate_timeline(cluster)": lambda: cs.estimate_timeline(value),
        "estimate_timeline(catalogue)": lambda: cs.estimate_timeline(cluster, catalogue=value),
        "get_accelerator(name)": lambda: cs.get_accelerator(value),
        "get_accelerator(catalogue)": lambda: cs.get_accelerator("H100", value),
        "list_accelerators(catalogue)": lambda: cs.list_accelerators(value),
        "list_accelerators(vendor)": lambda: cs.list_accelerators(vendor=value),
        "list_accelerators(status)": lambda: cs.list_accelerators(status=value),
        "load_catalogue(path)": lambda: cs.load_catalogue(value),
        "load_catalogue(base)": lambda: cs.load_catalogue(None, base=value),
        "load_cluster(path)": lambda: cs.load_cluster(value),
        "load_cluster(catalogue)": lambda: cs.load_cluster(EXAMPLES / "colossus2.yaml", value),
        "convert(target)": lambda: cs.convert(value, "H100"),
        "convert(to)": lambda: cs.convert("1 GW", value),
        "convert(assumptions)": lambda: cs.convert("1 GW", "H100", assumptions=value),
        "convert(catalogue)": lambda: cs.convert("1 GW", "H100", catalogue=value),
        "train(cluster)": lambda: cs.train(value, compute=1e25),
        "train(compute)": lambda: cs.train(cluster, compute=value),
        "train(days)": lambda: cs.train(cluster, days=value),
        "check_claims(source)": lambda: cs.check_claims(value),
        "check_claims([pair])": lambda: cs.check_claims([value]),
        "check_claims(assume)": lambda: cs.check_claims(claims, assume=value),
        "check_claims(preset)": lambda: cs.check_claims(claims, preset=value),
        "check_claims(catalogue)": lambda: cs.check_claims(claims, catalogue=value),
        "extract_claims(text)": lambda: cs.extract_claims(value),
        "extract_claims(lang)": lambda: cs.extract_claims(ARTICLE, lang=value),
        "extract_claims(clusters)": lambda: cs.extract_claims(ARTICLE, clusters=value),
        "extract_claims(source_date)": lambda: cs.extract_claims(ARTICLE, source_date=value),
        "extract_claims(catalogue)": lambda: cs.extract_claims(ARTICLE, catalogue=value),
        "check_article(text)": lambda: cs.check_article(value),
        "check_article(outlet)": lambda: cs.check_article(ARTICLE, outlet=value),
        "check_article(assume)": lambda: cs.check_article(ARTICLE, assume=value),
        "to_frame(estimates)": lambda: cs.to_frame(value),
    }


API_CALLS = sorted(_api_calls(None))


@FUZZ
@given(st.sampled_from(API_CALLS), ODD_OBJECTS)
def test_fuzz_api_arguments(call, value):
    """A wrong type is the documented ArgumentError (or another of our errors), never a crash."""
    if call == "Sampling(samples)":
        assume(not (isinstance(value, int) and value > 10_000))
    with contextlib.suppress(ComputescaleError):
        _api_calls(value)[call]()
