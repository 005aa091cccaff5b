"""Catalogue entries and the documented assumptions as tables and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from computescale.assumptions import DEFAULTS
from computescale.catalogue import (
    FORMATS,
    AcceleratorSpec,
    PowerRange,
    PriceRange,
    RentalRange,
)
from computescale.catalogue.formats import is_integer
from computescale.report.layout import align, csv_cell, escape_markdown, escape_text

__all__ = [
    "assumptions_markdown",
    "catalogue_csv",
    "catalogue_markdown",
    "catalogue_table",
    "spec_table",
]


def catalogue_table(specs: Sequence[AcceleratorSpec]) -> str:
    """Return a one-line-per-accelerator table of the catalogue."""
    header = [
        "id",
        "vendor",
        "status",
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
        price = _price(s)
        rows.append(
            [
                s.id,
                s.vendor,
                s.status,
                s.packaging.counted_unit.split(" (")[0],
                _opt(s.peak_tflops_dense.get("bf16")),
                _opt(s.peak_tflops_dense.get("fp8")),
                _opt(s.memory_gb),
                _power(s.tdp_w),
                _power(s.it_power_w),
                price,
            ]
        )
    return "\n".join(align(rows)) + "\n"


def _opt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.6g}"


def _power(x: PowerRange | None) -> str:
    return "n/a" if x is None else x.text()


def _watts(x: PowerRange | None) -> str:
    return "n/a" if x is None else f"{x.text()} W"


def _usd(low: float, high: float, digits: int = 0) -> str:
    return f"{low:,.{digits}f}" if low == high else f"{low:,.{digits}f}–{high:,.{digits}f}"


def _price(s: AcceleratorSpec) -> str:
    """Return the price per accelerator and its basis, e.g. ``25,000–30,000 (accelerator)``."""
    if s.price is None:
        return "n/a"
    return f"{_usd(s.price.low_usd, s.price.high_usd)} ({s.price.includes})"


def _reported(label: str, r: PriceRange | RentalRange | None, unit: str, digits: int) -> str:
    """Return a reported price line: range, what it includes, date and note; n/a if none."""
    if r is None:
        return f"{label}: n/a"
    includes = f"{r.includes}, " if isinstance(r, PriceRange) else ""
    return (
        f"{label}: {_usd(r.low_usd, r.high_usd, digits)} {unit} "
        f"({includes}as of {r.as_of.isoformat()})" + (f" — {r.note}" if r.note else "")
    )


def catalogue_csv(specs: Sequence[AcceleratorSpec]) -> str:
    """Return the catalogue as CSV, a row per accelerator, numbers in base units.

    Columns: id, vendor, name, status, launched, the counted unit, each dense and sparse peak
    (``peak_dense_bf16_flop_per_s``; int8 in OP/s), memory, bandwidth, TDP and IT power
    (low, high), price (low, high, what it includes, as of) and rental (low, high, as of); an
    empty cell is a figure the catalogue does not hold (its notes say why).
    """
    import csv
    import io

    def pair(prefix: str, value: Any, keys: tuple[str, ...] = ("low", "high")) -> dict[str, Any]:
        return {f"{prefix}_{k}": (value or {}).get(k) for k in keys}

    rows = []
    for spec in specs:
        d = spec.summary()
        row: dict[str, Any] = {
            "id": spec.id,
            "vendor": spec.vendor,
            "name": spec.name,
            "status": spec.status,
            "launched": "" if spec.launched is None else spec.launched.isoformat(),
            "counted_unit": d["counted_unit"],
        }
        for kind in ("dense", "sparse"):
            for fmt in FORMATS:
                unit = "op" if is_integer(fmt) else "flop"
                row[f"peak_{kind}_{fmt}_{unit}_per_s"] = d[f"peak_flops_{kind}"].get(fmt)
        row["memory_bytes"] = d["memory_bytes"]
        row["memory_bandwidth_bytes_per_s"] = d["memory_bandwidth_bytes_per_s"]
        row |= pair("tdp_w", d["tdp_w"]) | pair("it_power_w", d["it_power_w"])
        row |= pair("price_usd", d["price_usd"], ("low", "high", "includes", "as_of"))
        row |= pair("rental_usd_per_hour", d["rental_usd_per_hour"], ("low", "high", "as_of"))
        rows.append(row)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def spec_table(s: AcceleratorSpec) -> str:
    """Return every field of one catalogue entry, with its sources."""
    lines = [
        f"{s.id}: {s.name} ({s.vendor})",
        f"aliases: {', '.join(s.aliases) or '-'}",
        f"form factor: {s.form_factor}",
        f"status: {s.status}",
        f"launched: {'n/a (see notes)' if s.launched is None else s.launched.isoformat()}",
        f"counted unit: {s.packaging.counted_unit}",
        f"per node: {s.packaging.per_node}; per rack: {s.packaging.per_rack or 'n/a'}"
        + (f"; per pod: {s.packaging.per_pod}" if s.packaging.per_pod else "")
        + (f"; per superchip: {s.packaging.per_superchip}" if s.packaging.per_superchip else "")
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
    lines += ["  " + r for r in align(rows)]
    lines += [
        "",
        f"memory: {_opt(s.memory_gb)} GB; bandwidth: {_opt(s.memory_bandwidth_tbps)} TB/s",
        f"TDP: {_watts(s.tdp_w)}; IT power per accelerator: {_watts(s.it_power_w)}",
    ]
    lines.append(_reported("price", s.price, "USD", 0))
    lines.append(_reported("rental", s.rental, "USD per accelerator-hour", 2))
    lines += ["", "sources:"]
    for src in s.sources:
        lines.append(
            f"- {src.title} <{src.url}> ({src.kind}; read {src.accessed.isoformat()}"
            + (f", published {src.published.isoformat()}" if src.published else "")
            + f"): {', '.join(src.covers)}"
            + (f" — {src.note}" if src.note else "")
        )
    if s.notes:
        lines += ["", "notes:", *(f"- {n}" for n in s.notes)]
    return "\n".join(escape_text(line) for line in lines) + "\n"


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
        "<vendor>.yaml; do not edit -->",
        "",
        "Dense peak throughput per counted unit (one GPU or chip) in TFLOP/s (int8 in TOP/s);",
        "sparse figures, sources and notes are in `computescale catalogue show ID`.",
        "",
        "| id | vendor | " + " | ".join(formats) + " | memory GB | TDP W | IT W/acc. | price USD |",
        "|" + "---|" * (len(formats) + 6),
    ]
    for s in specs:
        price = _price(s)
        cells = [_opt(s.peak_tflops_dense.get(f)) for f in formats]
        out.append(
            f"| {escape_markdown(s.id)} | {escape_markdown(s.vendor)} | "
            + " | ".join(cells)
            + f" | {_opt(s.memory_gb)} | {_power(s.tdp_w)} | {_power(s.it_power_w)} | "
            + f"{escape_markdown(price)} |"
        )
    out += ["", "## Sources", ""]
    for s in specs:
        status = {
            "announced": " Announced: figures are the vendor's announcement.",
            "cancelled": " Cancelled: the vendor ended its programme; figures are as built.",
        }.get(s.status, "")
        out += [
            f"### {s.id}",
            "",
            f"{s.name}. Counted unit: {s.packaging.counted_unit}.{status}",
            "",
        ]
        for src in s.sources:
            out.append(
                f"- [{src.title}]({src.url}) ({src.kind}), read {src.accessed.isoformat()}: "
                + ", ".join(src.covers)
                + (f". {src.note}" if src.note else "")
            )
        out += [f"- Note: {n}" for n in s.notes]
        out.append("")
    return "\n".join(escape_text(line) for line in out)


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
