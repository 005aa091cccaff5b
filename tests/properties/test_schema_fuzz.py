"""Cluster files generated from the published JSON Schema: a result or one clear error.

Every document here is valid under ``computescale schema`` (``cluster_schema()``; the test
checks each one with jsonschema), so an editor that checks files against the schema accepts
it; the CLI must then give a result or exit 2 with one line, never exit 1, a traceback or a
hang.

Same knob as test_fuzz.py (fast profile by default):

    COMPUTESCALE_FUZZ_EXAMPLES=500 python -m pytest tests/properties/test_schema_fuzz.py \
        -p no:nbmake -o addopts=""

How the documents are drawn:

- Objects, arrays and ``anyOf``/``oneOf`` are composed here from the schema, once; the
  leaves (numbers, strings with their lengths and formats, enums, null) are drawn by
  _leaf(). A general JSON-Schema generator (hypothesis-jsonschema) was tried first: it
  re-canonicalises every subschema on every draw (about two seconds per document on this
  schema) and its latest release breaks on current hypothesis, so it would have capped
  hypothesis for every user of the test extra.
- The 2019+ ``$defs`` are inlined (nothing is recursive) and the generated documents are
  checked with jsonschema under the schema's own draft, 2020-12.
- Drawn from anything the schema allows, no document got a result (dates from year 1,
  numbers far outside the product's ranges, which the schema does not state, strings that
  do not parse), so only the input checks would be fuzzed. So numbers are also drawn from
  each field's plausible range (HINTS), dates from recent years, and strings of quantities
  and accelerator names from realistic ones. Every document is still valid under the
  schema.

_compose() refuses keywords it does not know, so a change of the schema fails loudly here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from computescale import list_accelerators
from computescale.cluster import cluster_schema
from tests.properties.test_fuzz import FUZZ, check, write_yaml

MAX_ITEMS = 4  # list length cap: enough for every interaction, fast to run and to shrink

# Plausible plain numbers per field (in the unit of UNITS), for the plausible documents.
HINTS: dict[str, st.SearchStrategy[Any]] = {
    "count": st.integers(1, 10**6),
    "racks": st.integers(1, 10**4),
    "nodes": st.integers(1, 10**5),
    "superchips": st.integers(1, 10**5),
    "pods": st.integers(1, 100),
    "total": st.integers(2, 10**6),
    "share": st.floats(0, 1),
    "pue": st.floats(1, 3),
    "network_share": st.floats(0, 1),
    "utilisation": st.floats(0, 1),
    "network_capex_share": st.floats(0, 1),
    "electricity_price": st.floats(0.01, 1),
    "server_multiplier": st.floats(1, 10),
    "facility_capex_per_mw": st.floats(1e6, 1e8),
    "price": st.floats(1e3, 1e6),
    "tdp": st.floats(100, 5000),
    "it_power": st.floats(100, 5000),
    "peak_flops": st.floats(1e12, 1e17),
}
UNITS = {
    "electricity_price": "USD/kWh",
    "facility_capex_per_mw": "USD/MW",
    "price": "USD",
    "tdp": "W",
    "it_power": "W",
    "peak_flops": "FLOP/s",
}
RANGE_KEYS = ("low", "mode", "high")  # a range's ends take the hint of the field they are in
QUANTITIES = st.sampled_from(
    [
        "100000",
        "1.2",
        "0.5",
        "700 W",
        "1.2 kW",
        "45 kUSD",
        "0.06 USD/kWh",
        "10e6 USD/MW",
        "2500 TFLOP/s",
        "0",
        "-1",
        "1e309",
        "nan",
        "inf",
        "-5 MW",
        "1 flops",
        "1 kg",
        "5 %",
        "1,5 kW",
        "[1, 2]",
        "1 W/W",
    ]
)
ACCELERATORS = st.sampled_from(
    sorted({name for spec in list_accelerators() for name in (spec.id, *spec.aliases)})
)
FORMATS = {
    "quantity": st.one_of(QUANTITIES, st.text(max_size=20)),
    "accelerator": st.one_of(ACCELERATORS, st.text(max_size=20)),
    "date": st.dates().map(dt.date.isoformat),  # years 1 to 9999, as the format allows
}
RECENT_DATES = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat)
ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$schema"})
NUMBER_OR_TEXT = [{"type": "number"}, {"type": "string"}]


def _prepare(node: Any, defs: dict[str, Any], key: str | None = None) -> Any:
    """Return the schema with ``$ref``s inlined, annotations dropped, nested ``anyOf``s
    flattened and formats on quantity and accelerator strings (validation is unchanged)."""
    if isinstance(node, list):
        return [_prepare(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/") and len(node) == 1, node
        return _prepare(defs[ref.removeprefix("#/$defs/")], defs, key)
    out: dict[str, Any] = {}
    for name, value in node.items():
        if name in ANNOTATIONS or name == "$defs":
            continue
        if name == "properties":
            out[name] = {prop: _prepare(sub, defs, prop) for prop, sub in value.items()}
        elif name == "anyOf":
            out[name] = []
            for option in _prepare(value, defs):
                out[name].extend(option["anyOf"] if list(option) == ["anyOf"] else [option])
        else:
            out[name] = _prepare(value, defs)
    if key == "accelerator" and out == {"type": "string"}:
        out["format"] = "accelerator"
    if out.get("anyOf", [])[:2] == NUMBER_OR_TEXT:
        out["anyOf"][1] = {"type": "string", "format": "quantity"}
    return out


def _magnitude(value: Any) -> float:
    return float(str(value).split()[0])


def _in_order(values: list[Any]) -> list[Any]:
    return sorted(values, key=_magnitude)


def _range_in_order(bounds: dict[str, Any]) -> dict[str, Any]:
    keys = [k for k in RANGE_KEYS if k in bounds]
    return bounds | dict(zip(keys, _in_order([bounds[k] for k in keys]), strict=True))


def _compose(
    schema: dict[str, Any], plausible: bool, field: str | None = None
) -> st.SearchStrategy[Any]:
    """Return a strategy for a prepared schema: structure here, leaves from _leaf().

    ``field`` is the property the schema belongs to. Plausible documents draw each number
    from its field's HINTS (quantities in its UNITS), dates from recent years, accelerators
    from the catalogue, lists non-empty and [low, high] ranges in order.
    """
    hint = HINTS.get(field or "") if plausible else None
    if ("anyOf" in schema or "oneOf" in schema) and "type" not in schema:
        # the oneOf options (Fleet, SplitFleet) exclude each other by their required keys
        assert len(schema) == 1, schema
        options = next(iter(schema.values()))
        if plausible:  # null stands for "not given", as often as not in the other documents
            options = [s for s in options if s != {"type": "null"}]
        return st.one_of([_compose(s, plausible, field) for s in options])
    kind = schema.get("type")
    if kind == "object":
        assert set(schema) <= {
            "type",
            "properties",
            "required",
            "additionalProperties",
            "propertyNames",
            "oneOf",
        }, schema
        if "oneOf" in schema:
            # exactly one of several keys (a fleet's count, racks, nodes...): one of the
            # options, and none of the other options' keys
            options = schema["oneOf"]
            assert all(set(o) == {"required"} for o in options), schema
            rest = {k: v for k, v in schema.items() if k != "oneOf"}
            exclusive = {k for o in options for k in o["required"]}

            def one_option(keys: list[str]) -> dict[str, Any]:
                properties = {
                    k: v for k, v in rest["properties"].items() if k in keys or k not in exclusive
                }
                return rest | {"properties": properties, "required": [*rest["required"], *keys]}

            return st.one_of(
                [_compose(one_option(o["required"]), plausible, field) for o in options]
            )
        properties = schema.get("properties")
        if not properties:  # a mapping; pydantic < 2.10 states no propertyNames for its keys
            names = schema.get("propertyNames", {}).get("enum")
            return st.dictionaries(
                st.sampled_from(names) if names else st.text(max_size=10),
                _compose(schema["additionalProperties"], plausible, field),
                max_size=MAX_ITEMS,
            )
        assert schema.get("additionalProperties") is False, schema
        required = set(schema.get("required", ()))
        if plausible and field is None:
            required.add("fleets")  # a cluster needs fleets (or phases, which are optional)
        parts = {
            k: _compose(v, plausible, field if k in RANGE_KEYS else k)
            for k, v in properties.items()
        }
        drawn = st.fixed_dictionaries(
            {k: v for k, v in parts.items() if k in required},
            optional={k: v for k, v in parts.items() if k not in required},
        )
        return drawn.map(_range_in_order) if hint is not None and "low" in parts else drawn
    if kind == "array":
        assert set(schema) <= {"type", "items", "minItems", "maxItems"}, schema
        low = schema.get("minItems", 0)
        high = max(low, min(schema.get("maxItems", MAX_ITEMS), MAX_ITEMS))
        if plausible:
            low = min(max(low, 1), high)
        drawn = st.lists(_compose(schema["items"], plausible, field), min_size=low, max_size=high)
        return drawn.map(_in_order) if hint is not None and high == 2 else drawn
    assert kind in ("number", "string", "null", None), schema  # None: an enum
    if hint is not None and schema == {"type": "number"}:
        return hint
    if hint is not None and schema == {"type": "string", "format": "quantity"}:
        unit = UNITS.get(field or "", "")
        return hint.map(lambda x: f"{x:g} {unit}".strip())
    if plausible and schema == {"type": "string", "format": "date"}:
        return RECENT_DATES
    if plausible and schema == {"type": "string", "format": "accelerator"}:
        return ACCELERATORS
    return _leaf(schema)


def _leaf(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Return a strategy for any value a leaf schema allows (JSON numbers are finite)."""
    if "enum" in schema:
        assert set(schema) <= {"enum", "type"}, schema
        return st.sampled_from(schema["enum"])
    kind = schema["type"]
    if kind == "null":
        assert schema == {"type": "null"}, schema
        return st.none()
    if kind == "number":
        assert schema == {"type": "number"}, schema
        return st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
    assert set(schema) <= {"type", "format", "minLength", "maxLength"}, schema
    if "format" in schema:
        return FORMATS[schema["format"]]
    return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 200))


SCHEMA = cluster_schema()
VALID = jsonschema.Draft202012Validator(SCHEMA)
PREPARED = _prepare(SCHEMA, SCHEMA.get("$defs", {}))
DOCUMENTS = st.one_of(_compose(PREPARED, plausible=True), _compose(PREPARED, plausible=False))


def _property_names(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_property_names, node))
    if not isinstance(node, dict):
        return set()
    return set(node.get("properties", ())).union(*map(_property_names, node.values()))


def test_the_steering_still_applies_to_the_schema():
    # _prepare() and HINTS key on the schema's current shape: notice when they stop applying
    prepared = repr(PREPARED)
    assert "'format': 'quantity'" in prepared and "'format': 'accelerator'" in prepared
    assert set(HINTS) <= _property_names(PREPARED)


@FUZZ
@given(DOCUMENTS)
def test_fuzz_cluster_files_from_the_schema(tmp_path_factory, doc):
    assert VALID.is_valid(doc), doc
    path = write_yaml(tmp_path_factory.mktemp("s"), "cluster.yaml", doc)
    check(["estimate", str(path), "--format", "json"])
