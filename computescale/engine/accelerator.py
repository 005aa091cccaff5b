"""Every figure of one accelerator of a fleet: the formulas of the engine, composed.

:func:`per_accelerator` evaluates the throughput, power and cost formulas of
:mod:`~computescale.engine.throughput`, :mod:`~computescale.engine.power` and
:mod:`~computescale.engine.cost` for one accelerator, on arrays that are either
``[low, high]`` bounds or random samples (:mod:`computescale.sampling`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np

from computescale.assumptions import Assumptions
from computescale.catalogue import FORMATS, AcceleratorSpec, NumberFormat
from computescale.catalogue.formats import TPP_BITS, parse_format
from computescale.cluster import FleetOverrides
from computescale.engine import cost, power, throughput
from computescale.sampling import Inputs, Value
from computescale.uncertain import Bounds

__all__ = ["H100_ID", "PerAccelerator", "per_accelerator"]

H100_ID = "H100-SXM"
"""The reference of H100-equivalents: NVIDIA H100 SXM5, dense."""


@dataclass
class PerAccelerator:
    """Per-accelerator figures of one fleet: metric -> array (bounds or samples) or None."""

    spec: AcceleratorSpec
    values: dict[str, Value | None]
    formats_used: dict[NumberFormat, str]
    price_includes: str | None
    notes: list[str]
    missing: dict[str, str]


def per_accelerator(
    spec: AcceleratorSpec,
    over: FleetOverrides,
    a: Assumptions,
    basis: str,
    sparse: bool,
    h100: AcceleratorSpec,
    where: str,
    v: Inputs,
) -> PerAccelerator:
    """Return every figure of one accelerator of a fleet member.

    Parameters
    ----------
    spec
        The accelerator's catalogue entry.
    over
        The member's overrides (price, power, peaks) from the cluster file.
    a
        Site assumptions.
    basis, sparse
        Basis of H100-equivalents, and whether peaks are sparse.
    h100
        The H100 SXM entry, reference of H100-equivalents.
    where
        The member's path in the cluster file, for notes (``fleets[0]``).
    v
        Where input arrays come from: bounds or samples.

    Returns
    -------
    PerAccelerator
        Per-accelerator values keyed as :data:`computescale.figures.KEYS`
        (units there), None with a reason when a spec is
        missing.
    """

    def site(name: str) -> Value:
        b: Bounds = getattr(a, name)
        return v.uncertain(b, f"assumptions.{name}")

    values: dict[str, Value | None] = {
        "accelerators": v.const(1.0),
        "nodes": v.const(1.0 / spec.packaging.per_node),
    }
    notes: list[str] = []
    missing: dict[str, str] = {}
    used: dict[NumberFormat, str] = {}
    peak_over = over.peak_flops or {}
    for fmt in peak_over:
        notes.append(f"{spec.id}: dense {fmt} peak set by the cluster file ({where}.peak_flops)")

    def peak(fmt: NumberFormat, dense: bool) -> tuple[Value, throughput.ResolvedPeak] | None:
        o = peak_over.get(fmt)
        resolved = throughput.resolve_peak(
            spec, fmt, sparse=not dense, override=None if o is None else (o.low, o.high)
        )
        if resolved is None:
            return None
        if o is not None and dense:
            return v.uncertain(o, f"{where}.peak_flops.{fmt}"), resolved
        return v.const(float(resolved.per_unit[0])), resolved

    for fmt in FORMATS:
        found = peak(fmt, dense=not sparse)
        key = f"peak_flops.{fmt}"
        if found is None:
            values[key] = None
            kind = "sparse" if sparse else "dense"
            missing[key] = (
                f"{spec.id} publishes no {kind} {fmt} figure nor a wider format; "
                f"set {where}.peak_flops.{fmt}"
            )
            continue
        values[key], resolved = found
        used[fmt] = resolved.used
        if resolved.note and resolved.note != "user override" and fmt == basis:
            notes.append(resolved.note)

    # H100-equivalents, always from dense figures.
    if basis == "tpp":
        rates: list[Value] = [
            v.const(r * 1e12 * TPP_BITS[f]) for f, r in spec.peak_tflops_dense.items()
        ]
        rates += [
            np.multiply(v.uncertain(b, f"{where}.peak_flops.{f}"), TPP_BITS[f])
            for f, b in peak_over.items()
        ]
        values["h100e"] = throughput.h100_equivalents(
            reduce(np.maximum, rates) / 1e12, throughput.tpp(h100)
        )
    else:
        fmt_b = parse_format(basis)
        mine = peak(fmt_b, dense=True)
        ref = throughput.resolve_peak(h100, fmt_b)
        if mine is None or ref is None:
            values["h100e"] = None
            missing["h100e"] = (
                f"{spec.id} has no dense {basis} figure nor a wider format; "
                f"choose another --basis or set {where}.peak_flops.{basis}"
            )
        else:
            values["h100e"] = throughput.h100_equivalents(mine[0], float(ref.per_unit[0]))
            if sparse is False and mine[1].note and mine[1].note not in notes:
                notes.append(mine[1].note)

    one = v.const(1.0)
    if over.tdp is not None:
        tdp: Value | None = v.uncertain(over.tdp, f"{where}.tdp")
    else:
        tdp = None if spec.tdp_w is None else v.const(spec.tdp_w)
    values["chip_w"] = None if tdp is None else power.chip_power(one, tdp)
    if tdp is None:
        missing["chip_w"] = f"{spec.id} has no published TDP; set {where}.tdp"
    if over.it_power is not None:
        it_acc: Value | None = v.uncertain(over.it_power, f"{where}.it_power")
    else:
        it_acc = None if spec.it_power_w is None else v.const(spec.it_power_w)
    if it_acc is None:
        for key in ("it_w", "facility_w", "energy_wh", "electricity_usd"):
            values[key] = None
        missing["it_w"] = (
            f"{spec.id} has no published server/rack power per accelerator; set {where}.it_power"
        )
    else:
        it = power.it_power(one, it_acc, site("network_share"))
        facility = power.facility_power(it, site("pue"))
        energy = power.annual_energy(facility, site("utilisation"))
        values.update(
            it_w=it,
            facility_w=facility,
            energy_wh=energy,
            electricity_usd=cost.electricity_cost(energy, site("electricity_price") / 1000),
        )

    includes: str | None
    price: Value | None
    if over.price is not None:
        price = v.uncertain(over.price, f"{where}.price")
        includes = over.price_includes or "accelerator"
        notes.append(f"{spec.id}: price set by the cluster file ({where}.price, {includes})")
    elif spec.price is not None:
        price = v.uncertain(Bounds(spec.price.low_usd, spec.price.high_usd), f"{where}.price")
        includes = over.price_includes or spec.price.includes
    else:
        price, includes = None, None
    if price is None:
        for key in ("capex_accelerators_usd", "capex_hardware_usd", "capex_total_usd"):
            values[key] = None
        missing["capex_accelerators_usd"] = f"{spec.id} has no catalogue price; set {where}.price"
    else:
        server = site("server_multiplier") if includes == "accelerator" else one
        values["capex_accelerators_usd"] = cost.accelerator_capex(one, price)
        values["capex_hardware_usd"] = cost.hardware_capex(
            one, price, server, site("network_capex_share")
        )
    facility_w = values.get("facility_w")
    if a.facility_capex_per_mw is None:
        values["capex_facility_usd"] = None
    elif facility_w is None:
        values["capex_facility_usd"] = None
        missing["capex_facility_usd"] = missing["it_w"]
    else:
        per_w = v.uncertain(a.facility_capex_per_mw, "assumptions.facility_capex_per_mw")
        values["capex_facility_usd"] = cost.facility_capex(facility_w, np.divide(per_w, 1e6))
    hardware = values.get("capex_hardware_usd")
    facility_capex = values["capex_facility_usd"]
    if hardware is None or (a.facility_capex_per_mw is not None and facility_capex is None):
        values["capex_total_usd"] = None
    else:
        values["capex_total_usd"] = hardware + (0.0 if facility_capex is None else facility_capex)
    return PerAccelerator(spec, values, used, includes, notes, missing)
