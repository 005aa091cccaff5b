"""Estimates (and build-out phases) as text tables, Markdown and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from computescale.assumptions import DEFAULTS, Assumptions
from computescale.catalogue import FORMATS
from computescale.catalogue.formats import unit_of
from computescale.engine.throughput import EPOCH, peak_format
from computescale.estimates import Estimate, FleetEstimate, figure_value
from computescale.figures import COUNTS, FIGURES, QUANTITIES, Quantity, figure_of
from computescale.outputs import dumps
from computescale.ranges import Range
from computescale.report.layout import (
    align,
    bounds_dict,
    escape_markdown,
    escape_text,
    format_likely,
    format_range,
    markdown_row,
)
from computescale.timeline import PhaseEstimate

__all__ = [
    "AssumptionItem",
    "assumption_items",
    "estimate_json",
    "estimate_markdown",
    "estimate_table",
    "estimate_to_dict",
    "fleet_rows",
    "headline_keys",
    "phase_rows",
    "split_lines",
    "summary_cells",
    "summary_header",
]


def _assumptions_dict(a: Assumptions) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in DEFAULTS.items():
        value = getattr(a, name)
        by_preset = a.method is not None and name in a.method.names
        out[name] = {
            "low": None if value is None else value.low,
            "high": None if value is None else value.high,
            "unit": info.unit,
            "meaning": info.meaning,
            "is_default": name not in a.model_fields_set,
            "preset": a.method.name if by_preset and a.method is not None else None,
            "typical": info.typical,
            "source": info.source,
        }
    return out


def _figures_dict(e: Estimate | FleetEstimate, *quantities: Quantity) -> dict[str, Any]:
    """Return figures in base units by their JSON keys (every one, unless ``quantities``)."""
    out: dict[str, Any] = {}
    for f in FIGURES:
        q = f.quantity
        if q.name in COUNTS or (quantities and q not in quantities):
            continue
        value = bounds_dict(figure_value(e, f.key))
        if f.scope is None:
            out[q.json_key] = value
        else:
            out.setdefault(q.json_key, {})[f.scope] = value
    return out


def _fleet_dict(f: FleetEstimate) -> dict[str, Any]:
    figures = _figures_dict(f)
    return {
        "accelerator": f.accelerator,
        "label": f.label,
        "count": f.count.base(),
        "written_as": (
            None
            if f.written_as is None
            else {
                "unit": f.written_as.unit,
                "number": {"low": f.written_as.number.low, "high": f.written_as.number.high},
                "per": f.written_as.per,
            }
        ),
        "peak_flops": figures.pop("peak_flops"),
        "formats_used": f.formats_used,
        **figures,
        "price_includes": f.price_includes,
        "notes": list(f.notes),
        "split_total": None if f.split_total is None else f.split_total.base(),
    }


def estimate_to_dict(e: Estimate) -> dict[str, Any]:
    """Return the estimate as plain data, all numbers in base units.

    Ranges are ``{"low": x, "high": y}``; FLOP/s (OP/s for int8), W, Wh, USD.
    """
    figures = _figures_dict(e)
    return {
        "name": e.name,
        "as_of": None if e.as_of is None else e.as_of.isoformat(),
        "accelerators": e.accelerators.base(),
        "nodes": e.nodes.base(),
        "peak_flops": figures.pop("peak_flops"),
        "peak_flops_kind": "sparse" if e.sparse else "dense",
        "peak_flops_stand_ins": {f: e.stand_ins(f) for f in FORMATS if e.stand_ins(f)},
        "peak_flops_units": {f: unit_of(f) for f in FORMATS},
        "h100_equivalents": figures.pop("h100_equivalents"),
        "h100e_basis": e.basis_label,
        **figures,
        "fleets": [_fleet_dict(f) for f in e.fleets],
        "assumptions": _assumptions_dict(e.assumptions),
        "preset": None if e.assumptions.method is None else e.assumptions.method.name,
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
    return dumps(data)


def _totals_dict(e: Estimate) -> dict[str, Any]:
    """Return the cluster totals a build-out's phases show, in base units."""
    q = QUANTITIES
    return {
        "accelerators": e.accelerators.base(),
        **_figures_dict(e, q["h100_equivalents"]),
        **_figures_dict(e, q["peak_flops"]),
        **_figures_dict(e, q["power"], q["capex"]),
    }


def _phase_dict(p: PhaseEstimate) -> dict[str, Any]:
    """Return one phase's date, label and totals (not its fleets: linear in the phases)."""
    return {"date": p.date.isoformat(), "label": p.label, **_totals_dict(p.estimate)}


def phase_rows(e: Estimate, phases: Sequence[PhaseEstimate]) -> list[list[str]]:
    """Return the build-out's rows, a header then a phase each (text, Markdown and HTML)."""
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


Row = tuple[str, str, Range | str | None]
"""A summary row: the figure's key, its label, and its range (a string: not computed)."""


def _rows(e: Estimate) -> list[Row]:
    """Return every summary row, in the figure table's order, labelled as the estimate says."""
    a = e.assumptions
    labels = e.labels()
    rows: list[Row] = []
    for f in FIGURES:
        if f.key == "epoch_h100e" and not shows_epoch(e):
            continue
        excluded = f.included_by is not None and getattr(a, f.included_by) is None
        rows.append((f.key, labels[f.key], "excluded" if excluded else figure_value(e, f.key)))
    return rows


def headline_keys(e: Estimate) -> list[str]:
    """Return the figures of the headline view, in order.

    The counts, H100-equivalents (Epoch AI's too, where the summary shows them), the peak in
    the basis's format, IT and facility power, energy per year and total capex.
    """
    fmt = peak_format(e.basis)
    return [
        *("accelerators", "nodes", "h100e", "epoch_h100e", f"peak_flops.{fmt}"),
        *("it_w", "facility_w", "energy_wh", "capex_total_usd"),
    ]


EPOCH_SHOWN = 0.10
"""Epoch AI's H100-equivalents are shown beside the basis's where the two differ by more."""


def shows_epoch(e: Estimate) -> bool:
    """Return whether a summary shows Epoch AI's H100-equivalents beside the basis's.

    Where they differ by more than :data:`EPOCH_SHOWN` at either bound, a reader who meets
    Epoch's figures in the press sees both, labelled; not on Epoch's basis itself, nor where
    either is not computed. JSON and CSV always carry both.
    """
    ours, epoch = e.h100_equivalents, e.epoch_h100e
    if e.basis == EPOCH or ours is None or epoch is None:
        return False
    pairs = zip(ours.magnitudes(), epoch.magnitudes(), strict=True)
    return any(a <= 0 or abs(b / a - 1) > EPOCH_SHOWN for a, b in pairs)


def _headline(e: Estimate, rows: Sequence[Row]) -> list[Row]:
    """Return the rows of the headline figures (:func:`headline_keys`), in that order."""
    by_key = {row[0]: row for row in rows}
    return [by_key[k] for k in headline_keys(e) if k in by_key]


def summary_cells(e: Estimate, rows: Sequence[Row] | None = None) -> list[list[str]]:
    """Return summary rows (every figure's by default) as text cells, likely ranges too."""
    out = []
    for _, label, value in _rows(e) if rows is None else rows:
        bounds_text = value if isinstance(value, str) else format_range(value)
        row = [label, bounds_text]
        if e.samples is not None:
            row.append("" if isinstance(value, str) else format_likely(value))
        out.append(row)
    return out


def summary_header(e: Estimate) -> list[str]:
    """Return the header of the summary: figure, guaranteed range (and likely when sampled)."""
    header = ["figure", "guaranteed range"]
    if e.samples is not None:
        header.append(f"likely p5 / p50 / p95 ({e.samples:,} samples, seed {e.seed})")
    return header


def fleet_rows(e: Estimate) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of the fleets' table (text, Markdown and HTML)."""
    peak_fmt = peak_format(e.basis)
    header = ["fleet", "count", f"{peak_fmt} peak", f"H100e ({e.basis})", "IT power", "capex total"]
    body = []
    for f in e.fleets:
        name = f.accelerator if not f.label else f"{f.label}: {f.accelerator}"
        body.append(
            [
                name,
                format_range(f.count)
                + ("" if f.written_as is None else f" ({f.written_as.text()})"),
                _with_stand_in(f, peak_fmt),
                format_range(f.h100_equivalents),
                format_range(f.power.it),
                format_range(f.capex.total),
            ]
        )
    return header, body


def split_lines(e: Estimate) -> list[str]:
    """Say, for each split of a total, why its members' rows range from low to high."""
    groups: dict[tuple[str | None, tuple[float, float]], list[str]] = {}
    for f in e.fleets:
        if f.split_total is not None:
            groups.setdefault((f.label, f.split_total.values), []).append(f.accelerator)
    return [
        f"{' and '.join(dict.fromkeys(chips))} share {format_range(Range.of(total, ''))} in "
        "shares not given in full: each row spans every split; the totals hold for any split."
        for (_, total), chips in groups.items()
    ]


def _with_stand_in(f: FleetEstimate, fmt: str) -> str:
    """Return a fleet's peak in a format, saying when it is another format's rate."""
    text = format_range(f.peak_flops.get(fmt))  # type: ignore[call-overload]
    used = f.formats_used.get(fmt)  # type: ignore[call-overload]
    return text if used is None or used == fmt else f"{text} ({used} rate)"


class AssumptionItem(NamedTuple):
    """One assumption as a report shows it."""

    name: str
    value: str
    """``1.1–1.4 USD/kWh``, or ``not set``."""
    origin: str
    """``default``, ``given`` or ``preset NAME``; empty when not set."""
    meaning: str
    typical: str


def assumption_items(a: Assumptions) -> list[AssumptionItem]:
    """Return every assumption with its value, where it came from, meaning and typical range."""
    items = []
    for name, info in _assumptions_dict(a).items():
        if info["low"] is None:
            items.append(AssumptionItem(name, "not set", "", info["meaning"], info["typical"]))
            continue
        value = (
            f"{info['low']:g}"
            if info["low"] == info["high"]
            else f"{info['low']:g}–{info['high']:g}"
        )
        unit = "" if info["unit"] == "1" else f" {info['unit']}"
        origin = (
            f"preset {info['preset']}"
            if info["preset"]
            else "default"
            if info["is_default"]
            else "given"
        )
        items.append(AssumptionItem(name, value + unit, origin, info["meaning"], info["typical"]))
    return items


def _assumption_lines(e: Estimate) -> list[str]:
    lines = []
    for item in assumption_items(e.assumptions):
        if not item.origin:
            lines.append(f"{item.name}: not set ({item.meaning}; typical {item.typical})")
        else:
            lines.append(
                f"{item.name} = {item.value} ({item.origin}; {item.meaning}; "
                f"typical {item.typical})"
            )
    return lines


def estimate_table(
    e: Estimate, phases: Sequence[PhaseEstimate] = (), *, headline: bool = False
) -> str:
    """Return the estimate (and its build-out phases) as aligned text for a terminal.

    ``headline``: the summary shows the headline figures (:func:`headline_keys`) and says
    how to see the others (the command line's default; ``--all`` shows every figure).
    """
    title = escape_text(e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else ""))
    out = [title, "=" * len(title)]
    every = _rows(e)
    rows = _headline(e, every) if headline else every
    out += align([summary_header(e), *summary_cells(e, rows)])
    shown = {key for key, _, _ in rows}
    if headline:
        hidden = len(every) - len(rows)
        out += [
            f"({hidden} more figures: every number format, chip power, costs, rental, "
            "Linpack; --all shows them)"
        ]
    header, body = fleet_rows(e)
    out += ["", "By fleet", "--------", *align([header, *body]), *split_lines(e)]
    if phases:
        out += ["", "Build-out", "---------", *align(phase_rows(e, phases))]
    missing = {k: v for k, v in e.missing.items() if k in shown}
    if missing:
        out += ["", "Not computed", "------------"]
        out += [f"- {figure_of(k).label}: {v}" for k, v in missing.items()]
    if e.notes:
        out += ["", "Notes", "-----", *(f"- {n}" for n in e.notes)]
    out += ["", "Assumptions", "-----------", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(escape_text(line) for line in out) + "\n"


def estimate_markdown(e: Estimate, phases: Sequence[PhaseEstimate] = ()) -> str:
    """Return the estimate (and its build-out phases) as a Markdown document."""
    title = e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else "")
    header = summary_header(e)
    out = [f"# {escape_markdown(title)}", "", markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(row) for row in summary_cells(e)]
    header, body = fleet_rows(e)
    out += ["", "## By fleet", "", markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(r) for r in body]
    splits = split_lines(e)
    out += ["", *(escape_markdown(line) for line in splits)] if splits else []
    if phases:
        rows = phase_rows(e, phases)
        out += ["", "## Build-out", "", markdown_row(rows[0]), "|" + "---|" * len(rows[0])]
        out += [markdown_row(r) for r in rows[1:]]
    if e.missing:
        out += ["", "## Not computed", ""]
        out += [f"- **{figure_of(k).label}**: {escape_markdown(v)}" for k, v in e.missing.items()]
    if e.notes:
        out += ["", "## Notes", "", *(f"- {escape_markdown(n)}" for n in e.notes)]
    out += ["", "## Assumptions", "", *(f"- {line}" for line in _assumption_lines(e))]
    return "\n".join(escape_text(line) for line in out) + "\n"
