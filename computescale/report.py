"""Render estimates and catalogue entries as tables, Markdown and JSON.

No science here: every number comes from :mod:`computescale.estimate` or the
catalogue; this module only scales units for people and lays them out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from computescale.assumptions import DEFAULTS, Assumptions
from computescale.catalogue import FORMATS, AcceleratorSpec
from computescale.catalogue.formats import unit_of
from computescale.estimate import Estimate, FleetEstimate
from computescale.ranges import Range
from computescale.timeline import PhaseEstimate

if TYPE_CHECKING:
    from computescale.claims import ClaimResult, Reading
    from computescale.conversion import Conversion
    from computescale.training import TrainingRun

__all__ = [
    "assumptions_markdown",
    "catalogue_markdown",
    "catalogue_table",
    "claims_json",
    "claims_markdown",
    "claims_table",
    "conversion_table",
    "conversion_to_dict",
    "estimate_json",
    "estimate_markdown",
    "estimate_table",
    "estimate_to_dict",
    "format_likely",
    "format_range",
    "spec_table",
    "training_table",
    "training_to_dict",
]

_PREFIXES = [
    (1e21, "Z"),
    (1e18, "E"),
    (1e15, "P"),
    (1e12, "T"),
    (1e9, "G"),
    (1e6, "M"),
    (1e3, "k"),
    (1.0, ""),
]
_MONEY = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")]


def _sig(x: float, digits: int = 3) -> str:
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    exponent = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - exponent)
    return f"{x:,.{decimals}f}"


def _scaled(values: Sequence[float], base: str, ref: float) -> tuple[list[str], str]:
    """Format values on one scale chosen from ``ref``; return texts and the unit suffix."""
    if base == "FLOP":  # training budgets are quoted as 1e26 FLOP, not in prefixes
        return [f"{v:.3g}" for v in values], " FLOP"
    if base in ("", "dimensionless"):
        if ref >= 1e6:
            scale, suffix = (1e9, "B") if ref >= 1e9 else (1e6, "M")
            return [f"{_sig(v / scale)}{suffix}" if v else "0" for v in values], ""
        return [f"{v:,.0f}" if v >= 100 else _sig(v) for v in values], ""
    table = _MONEY if base == "USD" else _PREFIXES
    scale, prefix = next(((s, p) for s, p in table if ref >= s), table[-1])
    texts = [_sig(v / scale) for v in values]
    if base == "USD":
        return [f"${t}{prefix}" for t in texts], ""
    return texts, f" {prefix}{base}"


def format_range(r: Range | None, unit: str | None = None) -> str:
    """Format a range for people: one SI prefix chosen from the high bound.

    Counts print with thousands separators, money as ``$1.23B``, other units
    as ``1.23 MW``. ``None`` prints as ``n/a``.
    """
    if r is None:
        return "n/a"
    low, high = r.magnitudes()
    base = r.unit if unit is None else unit
    (lo, hi), suffix = _scaled((low, high), base, max(abs(low), abs(high)))
    if base == "USD" and lo != hi:
        hi = hi.removeprefix("$")
        lo = lo.rstrip("kMBT") if lo[-1:] == hi[-1:] else lo
    return (lo if lo == hi else f"{lo} – {hi}") + suffix


def format_likely(r: Range | None) -> str:
    """Format the p5 / p50 / p95 of a sampled range on the scale of its bounds; "" if none."""
    pct = None if r is None else r.percentiles()
    if r is None or pct is None:
        return ""
    low, high = r.magnitudes()
    texts, suffix = _scaled(pct, r.unit, max(abs(low), abs(high)))
    return " / ".join(texts) + suffix


def _bounds_dict(r: Range | None) -> dict[str, float] | None:
    return None if r is None else r.base()


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
        "peak_flops": {k: _bounds_dict(v) for k, v in f.peak_flops.items()},
        "formats_used": f.formats_used,
        "h100_equivalents": _bounds_dict(f.h100_equivalents),
        "power_w": {
            "chip": _bounds_dict(f.power.chip),
            "it": _bounds_dict(f.power.it),
            "facility": _bounds_dict(f.power.facility),
        },
        "annual_energy_wh": _bounds_dict(f.annual_energy),
        "annual_electricity_usd": _bounds_dict(f.annual_electricity_cost),
        "capex_usd": _capex_dict(f),
        "price_includes": f.price_includes,
        "notes": list(f.notes),
    }


def _capex_dict(e: Estimate | FleetEstimate) -> dict[str, dict[str, float] | None]:
    return {
        "accelerators": _bounds_dict(e.capex.accelerators),
        "hardware": _bounds_dict(e.capex.hardware),
        "facility": _bounds_dict(e.capex.facility),
        "total": _bounds_dict(e.capex.total),
    }


def estimate_to_dict(e: Estimate) -> dict[str, Any]:
    """Return the estimate as plain data, all numbers in base units.

    Ranges are ``{"low": x, "high": y}``; FLOP/s (OP/s for int8), W, Wh, USD.
    """
    return {
        "name": e.name,
        "as_of": None if e.as_of is None else e.as_of.isoformat(),
        "accelerators": e.accelerators.base(),
        "nodes": e.nodes.base(),
        "peak_flops": {k: _bounds_dict(v) for k, v in e.peak_flops.items()},
        "peak_flops_kind": "sparse" if e.sparse else "dense",
        "peak_flops_units": {f: unit_of(f) for f in FORMATS},
        "h100_equivalents": _bounds_dict(e.h100_equivalents),
        "h100e_basis": e.basis_label,
        "power_w": {
            "chip": _bounds_dict(e.power.chip),
            "it": _bounds_dict(e.power.it),
            "facility": _bounds_dict(e.power.facility),
        },
        "annual_energy_wh": _bounds_dict(e.annual_energy),
        "annual_electricity_usd": _bounds_dict(e.annual_electricity_cost),
        "capex_usd": _capex_dict(e),
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


def _phase_dict(p: PhaseEstimate) -> dict[str, Any]:
    full = estimate_to_dict(p.estimate)
    keep = ("accelerators", "h100_equivalents", "peak_flops", "power_w", "capex_usd")
    return {"date": p.date.isoformat(), "label": p.label, **{k: full[k] for k in keep}}


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
        (f"Power: IT (servers/racks + {_pct(a.network_share)} network/storage)", e.power.it),
        (f"Power: facility (IT x PUE {_num(a.pue)})", e.power.facility),
        (f"Energy per year ({_pct(a.utilisation)} average load)", e.annual_energy),
        (
            f"Electricity per year ({_num(a.electricity_price)} USD/kWh)",
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


def _num(b: Any) -> str:
    return f"{b.low:g}" if b.low == b.high else f"{b.low:g}–{b.high:g}"


def _pct(b: Any) -> str:
    lo, hi = f"{b.low * 100:g}", f"{b.high * 100:g}"
    return f"{lo} %" if lo == hi else f"{lo}–{hi} %"


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


def _align(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def estimate_table(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate (and its build-out phases) as aligned text for a terminal."""
    title = e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else "")
    out = [title, "=" * len(title)]
    out += _align([_summary_header(e), *_cells(e)])
    header, body = _fleet_rows(e)
    out += ["", "By fleet", "--------", *_align([header, *body])]
    if phases:
        out += ["", "Build-out", "---------", *_align(_phase_rows(e, phases))]
    if e.missing:
        out += ["", "Not computed", "------------"]
        out += [f"- {k}: {v}" for k, v in e.missing.items()]
    if e.notes:
        out += ["", "Notes", "-----", *(f"- {n}" for n in e.notes)]
    out += ["", "Assumptions", "-----------", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(out) + "\n"


def estimate_markdown(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate (and its build-out phases) as a Markdown document."""
    title = e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else "")
    header = _summary_header(e)
    out = [f"# {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in _cells(e)]
    header, body = _fleet_rows(e)
    out += ["", "## By fleet", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in body]
    if phases:
        rows = _phase_rows(e, phases)
        out += [
            "",
            "## Build-out",
            "",
            "| " + " | ".join(rows[0]) + " |",
            "|" + "---|" * len(rows[0]),
        ]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    if e.missing:
        out += ["", "## Not computed", "", *(f"- **{k}**: {v}" for k, v in e.missing.items())]
    if e.notes:
        out += ["", "## Notes", "", *(f"- {n}" for n in e.notes)]
    out += ["", "## Assumptions", "", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(out) + "\n"


def catalogue_table(specs: Sequence[AcceleratorSpec]) -> str:
    """Return a one-line-per-accelerator table of the catalogue."""
    header = [
        "id",
        "vendor",
        "counted unit",
        "bf16 dense TFLOP/s",
        "fp8 dense TFLOP/s",
        "memory GB",
        "TDP W",
        "IT W/acc.",
        "price USD",
    ]
    rows = [header]
    for s in specs:
        price = (
            "n/a"
            if s.price is None
            else (f"{s.price.low_usd:,.0f}–{s.price.high_usd:,.0f} ({s.price.includes})")
        )
        rows.append(
            [
                s.id,
                s.vendor,
                s.packaging.counted_unit.split(" (")[0],
                _opt(s.peak_tflops_dense.get("bf16")),
                _opt(s.peak_tflops_dense.get("fp8")),
                _opt(s.memory_gb),
                _opt(s.tdp_w),
                _opt(s.it_power_w),
                price,
            ]
        )
    return "\n".join(_align(rows)) + "\n"


def _opt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.6g}"


def spec_table(s: AcceleratorSpec) -> str:
    """Return every field of one catalogue entry, with its sources."""
    lines = [
        f"{s.id}: {s.name} ({s.vendor})",
        f"aliases: {', '.join(s.aliases) or '-'}",
        f"form factor: {s.form_factor}",
        f"launched: {s.launched.isoformat()}",
        f"counted unit: {s.packaging.counted_unit}",
        f"per node: {s.packaging.per_node}; per rack: {s.packaging.per_rack or 'n/a'}"
        + (f"; reference system: {s.packaging.system}" if s.packaging.system else ""),
        "",
        "peak throughput per accelerator (TFLOP/s; int8 in TOP/s):",
    ]
    rows = [["format", "dense", "sparse (2:4)"]]
    for fmt in FORMATS:
        if fmt in s.peak_tflops_dense or fmt in s.peak_tflops_sparse:
            rows.append(
                [fmt, _opt(s.peak_tflops_dense.get(fmt)), _opt(s.peak_tflops_sparse.get(fmt))]
            )
    lines += ["  " + r for r in _align(rows)]
    lines += [
        "",
        f"memory: {_opt(s.memory_gb)} GB; bandwidth: {_opt(s.memory_bandwidth_tbps)} TB/s",
        f"TDP: {_opt(s.tdp_w)} W; IT power per accelerator: {_opt(s.it_power_w)} W",
    ]
    if s.price is not None:
        lines.append(
            f"price: {s.price.low_usd:,.0f}–{s.price.high_usd:,.0f} USD "
            f"({s.price.includes}, as of {s.price.as_of.isoformat()})"
            + (f" — {s.price.note}" if s.price.note else "")
        )
    else:
        lines.append("price: n/a")
    lines += ["", "sources:"]
    for src in s.sources:
        lines.append(
            f"- {src.title} <{src.url}> (read {src.accessed.isoformat()}"
            + (f", published {src.published.isoformat()}" if src.published else "")
            + f"): {', '.join(src.covers)}"
            + (f" — {src.note}" if src.note else "")
        )
    if s.notes:
        lines += ["", "notes:", *(f"- {n}" for n in s.notes)]
    return "\n".join(lines) + "\n"


def catalogue_markdown(specs: Sequence[AcceleratorSpec]) -> str:
    """Return the catalogue page of the docs: one table, then sources per entry.

    ``docs/catalogue.md`` is this function's output; a test fails when the two
    differ (regenerate with ``python docs/gen_catalogue.py``).
    """
    formats = [f for f in FORMATS if any(f in s.peak_tflops_dense for s in specs)]
    out = [
        "# Accelerator catalogue",
        "",
        "<!-- generated by docs/gen_catalogue.py from computescale/catalogue/data/"
        "accelerators.yaml; do not edit -->",
        "",
        "Dense peak throughput per counted unit (one GPU or chip) in TFLOP/s (int8 in TOP/s);",
        "sparse figures, sources and notes are in `computescale catalogue show ID`.",
        "",
        "| id | vendor | " + " | ".join(formats) + " | memory GB | TDP W | IT W/acc. | price USD |",
        "|" + "---|" * (len(formats) + 6),
    ]
    for s in specs:
        price = (
            "n/a"
            if s.price is None
            else (f"{s.price.low_usd:,.0f}–{s.price.high_usd:,.0f} ({s.price.includes})")
        )
        cells = [_opt(s.peak_tflops_dense.get(f)) for f in formats]
        out.append(
            f"| {s.id} | {s.vendor} | "
            + " | ".join(cells)
            + f" | {_opt(s.memory_gb)} | {_opt(s.tdp_w)} | {_opt(s.it_power_w)} | {price} |"
        )
    out += ["", "## Sources", ""]
    for s in specs:
        out += [f"### {s.id}", "", f"{s.name}. Counted unit: {s.packaging.counted_unit}.", ""]
        for src in s.sources:
            out.append(
                f"- [{src.title}]({src.url}), read {src.accessed.isoformat()}: "
                + ", ".join(src.covers)
                + (f". {src.note}" if src.note else "")
            )
        out += [f"- Note: {n}" for n in s.notes]
        out.append("")
    return "\n".join(out)


def assumptions_markdown() -> str:
    """Return the docs page of default assumptions, generated from ``DEFAULTS``."""
    out = [
        "# Default assumptions",
        "",
        "<!-- generated by docs/gen_catalogue.py from computescale.assumptions.DEFAULTS; "
        "do not edit -->",
        "",
        "Every default can be overridden under `assumptions:` in a cluster file, as a value or",
        "a `[low, high]` range.",
        "",
        "| name | meaning | default | typical | unit |",
        "|---|---|---|---|---|",
    ]
    for name, d in DEFAULTS.items():
        value = "excluded" if d.value is None else f"{d.value[0]:g} – {d.value[1]:g}"
        out.append(f"| `{name}` | {d.meaning} | {value} | {d.typical} | {d.unit} |")
    out += ["", "## Sources", ""]
    out += [f"- `{name}`: {d.source}" for name, d in DEFAULTS.items()]
    return "\n".join(out) + "\n"


def _claim_dict(r: ClaimResult) -> dict[str, Any]:
    def reading(x: Reading) -> dict[str, Any]:
        return {"reading": x.reading, "recomputed": x.recomputed.base(), "ratio": x.ratio}

    return {
        "id": r.claim.id,
        "says": r.claim.says,
        "source": r.claim.source.model_dump(mode="json"),
        "quantity": r.claim.quantity,
        "verdict": r.verdict,
        "stated": r.stated.base(),
        "recomputed": None if r.recomputed is None else r.recomputed.base(),
        "unit": r.stated.unit or "1",
        "ratio": r.ratio,
        "diagnosis": [reading(x) for x in r.diagnosis],
        "closest": [reading(x) for x in r.closest],
        "explanation": r.explanation,
        "likely": r.likely,
    }


def claims_json(results: Sequence[ClaimResult]) -> str:
    """Return claim results as JSON, numbers in base units."""
    return (
        json.dumps({"claims": [_claim_dict(r) for r in results]}, indent=2, allow_nan=False) + "\n"
    )


def _sampled(results: Sequence[ClaimResult]) -> bool:
    return any(r.recomputed is not None and r.recomputed.likely for r in results)


def _claim_rows(results: Sequence[ClaimResult]) -> list[list[str]]:
    header = [
        "claim",
        "source",
        "stated",
        "recomputed",
        "ratio",
        "verdict",
        "likeliest explanation",
    ]
    if _sampled(results):
        header.insert(4, "likely p5 / p50 / p95")
    rows = [header]
    for r in results:
        ratio = "" if r.ratio is None else f"x{_sig(r.ratio, 2)}"
        row = [
            r.claim.id,
            f"{r.claim.source.outlet}, {r.claim.source.date.isoformat()}",
            format_range(r.stated),
            format_range(r.recomputed),
            ratio,
            r.verdict,
            r.explanation,
        ]
        if _sampled(results):
            row.insert(4, format_likely(r.recomputed))
        rows.append(row)
    return rows


def claims_table(results: Sequence[ClaimResult]) -> str:
    """Return claim results as an aligned table a journalist can read."""
    out = _align(_claim_rows(results))
    out += ["", "Claims", "------"]
    for r in results:
        out.append(f"- {r.claim.id}: {r.claim.says}")
        if r.verdict == "inconsistent" and not r.diagnosis:
            near = "; ".join(f"{x.reading} (x{_sig(x.ratio, 2)})" for x in r.closest)
            out.append(f"    nearest readings: {near}")
        for x in r.diagnosis[1:3]:
            out.append(f"    also fits: {x.reading} ({format_range(x.recomputed)})")
    counts = {
        v: sum(r.verdict == v for r in results)
        for v in ("consistent", "inconsistent", "unverifiable")
    }
    out += ["", ", ".join(f"{n} {v}" for v, n in counts.items())]
    return "\n".join(out) + "\n"


def claims_markdown(results: Sequence[ClaimResult]) -> str:
    """Return claim results as a Markdown table."""
    header, *rows = _claim_rows(results)
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _days(r: Range) -> str:
    low, high = r.magnitudes("day")
    texts, _ = _scaled((low, high), "", max(low, high))
    return (texts[0] if texts[0] == texts[1] else f"{texts[0]} – {texts[1]}") + " days"


def _days_likely(r: Range) -> str:
    pct = r.percentiles("day")
    if pct is None:
        return ""
    texts, _ = _scaled(pct, "", max(r.magnitudes("day")))
    return " / ".join(texts) + " days"


def conversion_to_dict(c: Conversion) -> dict[str, Any]:
    """Return a conversion as plain data, numbers in base units."""
    return {
        "target": c.target.base(),
        "target_kind": c.kind,
        "target_label": c.label,
        "accelerator": c.accelerator,
        "count": c.count.base(),
        "per_accelerator": c.per_unit.base(),
        "cluster": estimate_to_dict(c.cluster),
    }


def conversion_table(c: Conversion) -> str:
    """Return a conversion as text: the count, then the figures of that cluster."""
    e = c.cluster
    title = f"{format_range(c.target)} of {c.label} as {c.accelerator}"
    rows = [
        ["accelerators needed", format_range(c.count)],
        [f"{c.label} per {c.accelerator}", format_range(c.per_unit)],
        [f"H100-equivalents ({e.basis_label})", format_range(e.h100_equivalents)],
        ["peak bf16 (dense)", format_range(e.peak_flops["bf16"])],
        [
            "power: chip / IT / facility",
            " / ".join(format_range(r) for r in (e.power.chip, e.power.it, e.power.facility)),
        ],
        [
            "capex: accelerators / hardware / total",
            " / ".join(
                format_range(r) for r in (e.capex.accelerators, e.capex.hardware, e.capex.total)
            ),
        ],
    ]
    out = [title, "=" * len(title), *_align(rows)]
    if e.missing:
        out += [
            "",
            *(
                f"- not computed: {k}: {v}"
                for k, v in e.missing.items()
                if not k.startswith("peak_flops.")
            ),
        ]
    out += [
        "",
        "Assumptions: see `computescale estimate` of a cluster file for sources; "
        "defaults are in docs/assumptions.md.",
    ]
    return "\n".join(out) + "\n"


def training_to_dict(r: TrainingRun) -> dict[str, Any]:
    """Return a training run as plain data, numbers in base units (s, FLOP, Wh, USD)."""
    return {
        "cluster": r.cluster.name,
        "precision": r.precision,
        "mfu": {"low": r.mfu.low, "high": r.mfu.high},
        "compute_flop": r.compute.base(),
        "duration_s": r.duration.base(),
        "energy_wh": None if r.energy is None else r.energy.base(),
        "electricity_usd": None if r.electricity_cost is None else r.electricity_cost.base(),
        "peak_flops": _bounds_dict(r.cluster.peak_flops[r.precision]),
        "samples": r.samples,
        "seed": r.seed,
    }


def training_table(r: TrainingRun) -> str:
    """Return a training run as text, with likely ranges when sampled."""
    a = r.cluster.assumptions
    title = f"Training on {r.cluster.name}"
    rows: list[list[Any]] = [
        [f"peak {r.precision} (dense)", r.cluster.peak_flops[r.precision]],
        ["MFU", _num(r.mfu)],
        ["training compute", r.compute],
        ["duration", r.duration],
        [f"energy (facility, {_pct(a.utilisation)} average load)", r.energy],
        [f"electricity ({_num(a.electricity_price)} USD/kWh)", r.electricity_cost],
    ]
    cells = []
    for label, value in rows:
        if isinstance(value, str):
            cells.append([label, value, ""])
        elif value is r.duration:
            cells.append([label, _days(value), _days_likely(value)])
        else:
            cells.append([label, format_range(value), format_likely(value)])
    if r.samples is None:
        cells = [c[:2] for c in cells]
    else:
        header = f"likely p5 / p50 / p95 ({r.samples:,} samples, seed {r.seed})"
        cells.insert(0, ["figure", "guaranteed range", header])
    return "\n".join([title, "=" * len(title), *_align(cells)]) + "\n"
