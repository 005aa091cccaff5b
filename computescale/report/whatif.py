"""What-if answers (conversions, training runs) as text and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from computescale.estimates import figure_value
from computescale.figures import figure_of, find
from computescale.notation import interval_text, percent_text
from computescale.report.estimates import estimate_to_dict
from computescale.report.layout import (
    align,
    bounds_dict,
    days_likely_text,
    days_text,
    escape_text,
    format_likely,
    format_range,
)

if TYPE_CHECKING:
    from computescale.conversion import Conversion
    from computescale.training import TrainingRun

__all__ = ["conversion_table", "conversion_to_dict", "training_table", "training_to_dict"]


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
        "samples": c.samples,
        "seed": c.seed,
    }


def conversion_table(c: Conversion) -> str:
    """Return a conversion as text: the count, then the figures of that cluster."""
    e = c.cluster
    title = escape_text(f"{format_range(c.target)} of {c.label} as {c.accelerator}")
    rows = [
        ["accelerators needed", format_range(c.count)],
        [f"{c.label} per {c.accelerator}", format_range(c.per_unit)],
    ]
    if c.samples is not None:
        rows[0].append(format_likely(c.count))
        rows[1].append(format_likely(c.per_unit))
        rows.insert(0, ["", "guaranteed range", f"likely p5 / p50 / p95 ({c.samples:,} samples)"])
    figures = [
        ("h100e", f"H100-equivalents ({e.basis_label})"),
        ("peak_flops.bf16", e.peak_label("bf16")),
        *((f"{scope}_w", f"power: {scope.replace('it', 'IT')}") for scope in ("chip", "it")),
        ("facility_w", "power: facility"),
        *((f"capex_{s}_usd", f"capex: {s}") for s in ("accelerators", "hardware", "total")),
    ]
    if c.target_key.startswith("peak_flops.") and c.target_key != "peak_flops.bf16":
        fmt = c.target_key.removeprefix("peak_flops.")
        figures.insert(2, (c.target_key, e.peak_label(fmt)))
    for key, label in figures:
        text = format_range(figure_value(e, key))
        rows.append([label, text + (" (the target, as given)" if key == c.target_key else "")])
    width = max(len(r) for r in rows)
    out = [title, "=" * len(title), *align([r + [""] * (width - len(r)) for r in rows])]
    out += [
        "",
        "The other figures bound each assumption on its own over the count's range, so they "
        "are wider than any one reading; --samples keeps the assumptions joint in their "
        "likely ranges.",
    ]
    if e.missing:
        out += [
            "",
            *(
                f"- not computed: {figure_of(k).label}: {v}"
                for k, v in e.missing.items()
                if not k.startswith("peak_flops.")
            ),
        ]
    out += [
        "",
        "Assumptions: see `computescale estimate` of a cluster file for sources; "
        "defaults are in docs/assumptions.md.",
    ]
    return "\n".join(escape_text(line) for line in out) + "\n"


def training_to_dict(r: TrainingRun) -> dict[str, Any]:
    """Return a training run as plain data, numbers in base units (s, FLOP, Wh, USD)."""
    return {
        "cluster": r.cluster.name,
        "precision": r.precision,
        "mfu": {"low": r.mfu.low, "high": r.mfu.high},
        "compute_flop": r.compute.base(),
        "duration_s": r.duration.base(),
        "accelerator_hours": r.accelerator_hours.base(),
        "energy_wh": None if r.energy is None else r.energy.base(),
        "electricity_usd": None if r.electricity_cost is None else r.electricity_cost.base(),
        "rental_usd": None if r.rental_cost is None else r.rental_cost.base(),
        "peak_flops": bounds_dict(r.cluster.peak_flops[r.precision]),
        "peak_flops_label": r.cluster.peak_label(r.precision),
        "notes": list(r.cluster.notes),
        "missing": dict(r.cluster.missing),
        "samples": r.samples,
        "seed": r.seed,
    }


def training_table(r: TrainingRun) -> str:
    """Return a training run as text, with likely ranges when sampled."""
    a = r.cluster.assumptions
    title = escape_text(f"Training on {r.cluster.name}")
    rows: list[list[Any]] = [
        [r.cluster.peak_label(r.precision), r.cluster.peak_flops[r.precision]],
        ["MFU", interval_text(r.mfu)],
        ["training compute", r.compute],
        ["duration", r.duration],
        ["accelerator-hours (GPU-hours)", r.accelerator_hours],
        [f"energy (facility, {percent_text(a.utilisation)} average load)", r.energy],
        [f"electricity ({interval_text(a.electricity_price)} USD/kWh)", r.electricity_cost],
        ["rental (accelerators x hours x rental price)", r.rental_cost],
    ]
    cells = []
    for label, value in rows:
        if isinstance(value, str):
            cells.append([label, value, ""])
        elif value is r.duration:
            cells.append([label, days_text(value), days_likely_text(value)])
        elif value is r.accelerator_hours:  # a count of hours: 2.79M, not 2.79 Mh
            cells.append([label, format_range(value, ""), format_likely(value, "")])
        else:
            cells.append([label, format_range(value), format_likely(value)])
    if r.samples is None:
        cells = [c[:2] for c in cells]
    else:
        header = f"likely p5 / p50 / p95 ({r.samples:,} samples, seed {r.seed})"
        cells.insert(0, ["figure", "guaranteed range", header])
    out = [title, "=" * len(title), *align(cells)]
    run_keys = {find("energy").key, find("electricity_cost").key, find("rental_rate").key}
    missing = [f"- {k}: {v}" for k, v in r.cluster.missing.items() if k in run_keys]
    if r.duration.bound is not None and r.duration.bound != r.cluster.accelerators.bound:
        fewer = r.duration.bound == "lower"  # the count is an upper bound
        missing.append(
            f"- duration: {'a lower' if fewer else 'an upper'} bound, since the cluster's count "
            f"is {'an upper' if fewer else 'a lower'} bound (more accelerators finish sooner)"
        )
    if r.cluster.notes or missing:
        notes = [f"- {n}" for n in r.cluster.notes] + missing
        out += ["", "Notes", "-----", *(escape_text(n) for n in notes)]
    return "\n".join(out) + "\n"
