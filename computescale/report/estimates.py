"""Estimates (and build-out phases) as text tables, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from computescale.assumptions import DEFAULTS, Assumptions
from computescale.catalogue import FORMATS
from computescale.catalogue.formats import unit_of
from computescale.estimates import Estimate, FleetEstimate
from computescale.ranges import Range
from computescale.report.layout import (
    align,
    bounds_dict,
    escape_markdown,
    escape_text,
    format_likely,
    format_range,
    interval_text,
    markdown_row,
    percent_text,
)
from computescale.timeline import PhaseEstimate

__all__ = ["estimate_json", "estimate_markdown", "estimate_table", "estimate_to_dict"]


def _assumptions_dict(a: Assumptions) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in DEFAULTS.items():
        value = getattr(a, name)
        out[name] = {
            "low": None if value is None else value.low,
            "high": None if value is None else value.high,
            "unit": info.unit,
            "meaning": info.meaning,
            "is_default": name not in a.model_fields_set,
            "typical": info.typical,
            "source": info.source,
        }
    return out


def _fleet_dict(f: FleetEstimate) -> dict[str, Any]:
    return {
        "accelerator": f.accelerator,
        "label": f.label,
        "count": f.count.base(),
        "peak_flops": {k: bounds_dict(v) for k, v in f.peak_flops.items()},
        "formats_used": f.formats_used,
        "h100_equivalents": bounds_dict(f.h100_equivalents),
        "power_w": {
            "chip": bounds_dict(f.power.chip),
            "it": bounds_dict(f.power.it),
            "facility": bounds_dict(f.power.facility),
        },
        "annual_energy_wh": bounds_dict(f.annual_energy),
        "annual_electricity_usd": bounds_dict(f.annual_electricity_cost),
        "capex_usd": _capex_dict(f),
        "price_includes": f.price_includes,
        "notes": list(f.notes),
    }


def _capex_dict(e: Estimate | FleetEstimate) -> dict[str, dict[str, float] | None]:
    return {
        "accelerators": bounds_dict(e.capex.accelerators),
        "hardware": bounds_dict(e.capex.hardware),
        "facility": bounds_dict(e.capex.facility),
        "total": bounds_dict(e.capex.total),
    }


def estimate_to_dict(e: Estimate) -> dict[str, Any]:
    """Return the estimate as plain data, all numbers in base units.

    Ranges are ``{"low": x, "high": y}``; FLOP/s (OP/s for int8), W, Wh, USD.
    """
    totals = _totals_dict(e)
    return {
        "name": e.name,
        "as_of": None if e.as_of is None else e.as_of.isoformat(),
        "accelerators": totals["accelerators"],
        "nodes": e.nodes.base(),
        "peak_flops": totals["peak_flops"],
        "peak_flops_kind": "sparse" if e.sparse else "dense",
        "peak_flops_units": {f: unit_of(f) for f in FORMATS},
        "h100_equivalents": totals["h100_equivalents"],
        "h100e_basis": e.basis_label,
        "power_w": totals["power_w"],
        "annual_energy_wh": bounds_dict(e.annual_energy),
        "annual_electricity_usd": bounds_dict(e.annual_electricity_cost),
        "capex_usd": totals["capex_usd"],
        "fleets": [_fleet_dict(f) for f in e.fleets],
        "assumptions": _assumptions_dict(e.assumptions),
        "notes": list(e.notes),
        "missing": dict(e.missing),
        "samples": e.samples,
        "seed": e.seed,
    }


def estimate_json(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate as indented JSON (see :func:`estimate_to_dict`).

    A build-out adds ``phases``: ``[{date, label, accelerators, h100_equivalents,
    peak_flops, power_w, capex_usd}]``.
    """
    data = estimate_to_dict(e)
    if phases:
        data["phases"] = [_phase_dict(p) for p in phases]
    return json.dumps(data, indent=2, allow_nan=False) + "\n"


def _totals_dict(e: Estimate) -> dict[str, Any]:
    """Return the cluster totals a build-out's phases show, in base units."""
    return {
        "accelerators": e.accelerators.base(),
        "h100_equivalents": bounds_dict(e.h100_equivalents),
        "peak_flops": {k: bounds_dict(v) for k, v in e.peak_flops.items()},
        "power_w": {
            "chip": bounds_dict(e.power.chip),
            "it": bounds_dict(e.power.it),
            "facility": bounds_dict(e.power.facility),
        },
        "capex_usd": _capex_dict(e),
    }


def _phase_dict(p: PhaseEstimate) -> dict[str, Any]:
    """Return one phase's date, label and totals (not its fleets: linear in the phases)."""
    return {"date": p.date.isoformat(), "label": p.label, **_totals_dict(p.estimate)}


def _phase_rows(e: Estimate, phases: Sequence[PhaseEstimate]) -> list[list[str]]:
    header = [
        "date",
        "phase",
        "accelerators",
        f"H100e ({e.basis_label})",
        "facility power",
        "capex total",
    ]
    rows = [header]
    for p in phases:
        x = p.estimate
        rows.append(
            [
                p.date.isoformat(),
                p.label,
                format_range(x.accelerators),
                format_range(x.h100_equivalents),
                format_range(x.power.facility),
                format_range(x.capex.total),
            ]
        )
    return rows


def _rows(e: Estimate) -> list[tuple[str, Range | str | None]]:
    """Return (label, range) rows; a string stands for a range that is not computed."""
    a = e.assumptions
    kind = "sparse" if e.sparse else "dense"
    rows: list[tuple[str, Range | str | None]] = [
        ("Accelerators (GPUs/chips)", e.accelerators),
        ("Server nodes / compute trays", e.nodes),
    ]
    rows += [(f"Peak {f} ({kind}, {unit_of(f)})", e.peak_flops[f]) for f in FORMATS]
    rows += [
        (f"H100-equivalents ({e.basis_label})", e.h100_equivalents),
        ("Power: chip (TDP x count)", e.power.chip),
        (
            f"Power: IT (servers/racks + {percent_text(a.network_share)} network/storage)",
            e.power.it,
        ),
        (f"Power: facility (IT x PUE {interval_text(a.pue)})", e.power.facility),
        (f"Energy per year ({percent_text(a.utilisation)} average load)", e.annual_energy),
        (
            f"Electricity per year ({interval_text(a.electricity_price)} USD/kWh)",
            e.annual_electricity_cost,
        ),
        ("Capex: accelerators (as priced)", e.capex.accelerators),
        ("Capex: hardware (servers/racks, network, storage)", e.capex.hardware),
        (
            "Capex: facility construction",
            "excluded" if a.facility_capex_per_mw is None else e.capex.facility,
        ),
        ("Capex: total", e.capex.total),
    ]
    return rows


def _cells(e: Estimate) -> list[list[str]]:
    """Return the rows of the summary as text cells, with likely ranges when sampled."""
    out = []
    for label, value in _rows(e):
        bounds_text = value if isinstance(value, str) else format_range(value)
        row = [label, bounds_text]
        if e.samples is not None:
            row.append("" if isinstance(value, str) else format_likely(value))
        out.append(row)
    return out


def _summary_header(e: Estimate) -> list[str]:
    header = ["figure", "guaranteed range"]
    if e.samples is not None:
        header.append(f"likely p5 / p50 / p95 ({e.samples:,} samples, seed {e.seed})")
    return header


def _fleet_rows(e: Estimate) -> tuple[list[str], list[list[str]]]:
    basis = "tpp" if e.basis == "tpp" else e.basis
    peak_fmt = "bf16" if e.basis == "tpp" else e.basis
    header = ["fleet", "count", f"{peak_fmt} peak", f"H100e ({basis})", "IT power", "capex total"]
    body = []
    for f in e.fleets:
        name = f.accelerator if not f.label else f"{f.label}: {f.accelerator}"
        body.append(
            [
                name,
                format_range(f.count),
                format_range(f.peak_flops.get(peak_fmt)),  # type: ignore[call-overload]
                format_range(f.h100_equivalents),
                format_range(f.power.it),
                format_range(f.capex.total),
            ]
        )
    return header, body


def _assumption_lines(e: Estimate) -> list[str]:
    lines = []
    for name, info in _assumptions_dict(e.assumptions).items():
        if info["low"] is None:
            lines.append(f"{name}: not set ({info['meaning']}; typical {info['typical']})")
            continue
        value = (
            f"{info['low']:g}"
            if info["low"] == info["high"]
            else f"{info['low']:g}–{info['high']:g}"
        )
        origin = "default" if info["is_default"] else "given"
        lines.append(
            f"{name} = {value} {info['unit']} ({origin}; {info['meaning']}; "
            f"typical {info['typical']})".replace(" 1 (", " (")
        )
    return lines


def estimate_table(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate (and its build-out phases) as aligned text for a terminal."""
    title = escape_text(e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else ""))
    out = [title, "=" * len(title)]
    out += align([_summary_header(e), *_cells(e)])
    header, body = _fleet_rows(e)
    out += ["", "By fleet", "--------", *align([header, *body])]
    if phases:
        out += ["", "Build-out", "---------", *align(_phase_rows(e, phases))]
    if e.missing:
        out += ["", "Not computed", "------------"]
        out += [f"- {k}: {v}" for k, v in e.missing.items()]
    if e.notes:
        out += ["", "Notes", "-----", *(f"- {n}" for n in e.notes)]
    out += ["", "Assumptions", "-----------", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(escape_text(line) for line in out) + "\n"


def estimate_markdown(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate (and its build-out phases) as a Markdown document."""
    title = e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else "")
    header = _summary_header(e)
    out = [f"# {escape_markdown(title)}", "", markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(row) for row in _cells(e)]
    header, body = _fleet_rows(e)
    out += ["", "## By fleet", "", markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(r) for r in body]
    if phases:
        rows = _phase_rows(e, phases)
        out += ["", "## Build-out", "", markdown_row(rows[0]), "|" + "---|" * len(rows[0])]
        out += [markdown_row(r) for r in rows[1:]]
    if e.missing:
        out += ["", "## Not computed", ""]
        out += [f"- **{k}**: {escape_markdown(v)}" for k, v in e.missing.items()]
    if e.notes:
        out += ["", "## Notes", "", *(f"- {escape_markdown(n)}" for n in e.notes)]
    out += ["", "## Assumptions", "", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(escape_text(line) for line in out) + "\n"
