"""One cluster estimate: every figure an article might quote, as guaranteed ranges.

:func:`estimate` turns a :class:`~computescale.scenario.Cluster` into a frozen
:class:`Estimate`. Every figure is linear in the accelerator counts with
non-negative per-accelerator coefficients, and every coefficient is increasing
in its inputs, so evaluating at the low and at the high inputs gives guaranteed
bounds. A total split in uncertain shares is bounded exactly: each figure is
maximised (minimised) by giving the free share to the members with the highest
(lowest) per-accelerator value, while the count stays the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from computescale import compute, cost, power
from computescale.catalogue import FORMATS, AcceleratorSpec, Catalogue, NumberFormat
from computescale.catalogue import default_catalogue as _default_catalogue
from computescale.catalogue.formats import TPP_BITS, parse_format, unit_of
from computescale.errors import InputError
from computescale.ranges import Range, bounds
from computescale.scenario import Assumptions, Bounds, Cluster, Fleet, FleetOverrides, SplitFleet

__all__ = ["Capex", "Estimate", "FleetEstimate", "PowerLadder", "estimate"]

Array = npt.NDArray[np.float64]
H100_ID = "H100-SXM"
"""The reference of H100-equivalents: NVIDIA H100 SXM5, dense."""

_UNITS = {
    "accelerators": "",
    "nodes": "",
    "h100e": "",
    "chip_w": "W",
    "it_w": "W",
    "facility_w": "W",
    "energy_wh": "W*h",
    "electricity_usd": "USD",
    "capex_accelerators_usd": "USD",
    "capex_hardware_usd": "USD",
    "capex_facility_usd": "USD",
    "capex_total_usd": "USD",
}


@dataclass(frozen=True)
class PowerLadder:
    """Power at three scopes [W]; None where a figure is missing (see notes).

    Attributes
    ----------
    chip
        Accelerators only: count x TDP.
    it
        Servers or racks (CPUs, NICs, switches inside), plus network and storage.
    facility
        IT x PUE: cooling, power conversion and the rest of the building.
    """

    chip: Range | None
    it: Range | None
    facility: Range | None


@dataclass(frozen=True)
class Capex:
    """Capital cost ranges [USD]; None where a figure is missing (see notes).

    Attributes
    ----------
    accelerators
        Accelerators as priced in the catalogue or fleet (GPU alone, or its
        share of a rack for rack-scale systems).
    hardware
        Servers or racks, cluster network and storage.
    facility
        Facility construction; None when excluded (no cost per MW given).
    total
        hardware + facility (hardware alone when facility is excluded).
    """

    accelerators: Range | None
    hardware: Range | None
    facility: Range | None
    total: Range | None


@dataclass(frozen=True)
class FleetEstimate:
    """The figures of one fleet (or one member of a split).

    Attributes
    ----------
    accelerator
        Canonical catalogue id.
    label
        The fleet's label, if any.
    count
        Number of accelerators [1].
    peak_flops
        Aggregate peak per format [FLOP/s; OP/s for int8], dense unless the
        estimate is sparse; None when no published figure applies.
    formats_used
        For each requested format, the format whose figure was used.
    h100_equivalents
        Peak on the estimate's basis / H100 SXM dense peak on that basis [1].
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year at the assumed utilisation [Wh].
    annual_electricity_cost
        Cost of that energy [USD].
    capex
        Capital costs [USD].
    price_includes
        ``accelerator`` or ``rack_share``; None without a price.
    notes
        Fallbacks, overrides and missing figures for this fleet.
    """

    accelerator: str
    label: str | None
    count: Range
    peak_flops: dict[NumberFormat, Range | None]
    formats_used: dict[NumberFormat, str]
    h100_equivalents: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    price_includes: str | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Estimate:
    """Every figure of a cluster, as guaranteed ranges with units.

    Attributes
    ----------
    name, as_of
        From the cluster file.
    basis
        Basis of H100-equivalents: a number format (dense) or ``tpp``.
    sparse
        True when ``peak_flops`` are 2:4 sparse figures; dense otherwise.
    accelerators
        Number of accelerators [1].
    nodes
        Number of server nodes or compute trays: accelerators / accelerators per
        node of each type's reference system [1].
    peak_flops
        Aggregate peak per format [FLOP/s; OP/s for int8]; None when some fleet
        has no applicable figure (see ``missing``).
    h100_equivalents
        Cluster peak on ``basis`` / H100 SXM dense peak on ``basis`` [1].
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year: facility power x utilisation x 8,766 h [Wh].
    annual_electricity_cost
        annual_energy x electricity price [USD].
    capex
        Capital costs [USD].
    fleets
        The same figures per fleet.
    assumptions
        The assumptions used, defaults filled in.
    notes
        Fallbacks, overrides and what each figure includes.
    missing
        For each figure left empty, why, and how to supply it.
    """

    name: str
    as_of: dt.date | None
    basis: str
    sparse: bool
    accelerators: Range
    nodes: Range
    peak_flops: dict[NumberFormat, Range | None]
    h100_equivalents: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    fleets: tuple[FleetEstimate, ...]
    assumptions: Assumptions
    notes: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def basis_label(self) -> str:
        """Human label of the H100-equivalent basis, e.g. ``dense bf16``."""
        return "export-control TPP" if self.basis == "tpp" else f"dense {self.basis}"


@dataclass
class _Unit:
    """Per-accelerator figures of one fleet: metric -> [low, high] or None."""

    spec: AcceleratorSpec
    values: dict[str, Array | None]
    formats_used: dict[NumberFormat, str]
    price_includes: str | None
    notes: list[str]
    missing: dict[str, str]


def _b(b: Bounds) -> Array:
    return bounds(b.low, b.high)


def _unit_figures(
    spec: AcceleratorSpec,
    over: FleetOverrides,
    a: Assumptions,
    basis: str,
    sparse: bool,
    h100: AcceleratorSpec,
    where: str,
) -> _Unit:
    values: dict[str, Array | None] = {
        "accelerators": bounds(1.0),
        "nodes": bounds(1.0 / spec.packaging.per_node),
    }
    notes: list[str] = []
    missing: dict[str, str] = {}
    used: dict[NumberFormat, str] = {}
    peak_over = over.peak_flops or {}
    for fmt in peak_over:
        notes.append(f"{spec.id}: dense {fmt} peak set by the cluster file ({where}.peak_flops)")
    for fmt in FORMATS:
        o = peak_over.get(fmt)
        resolved = compute.resolve_peak(
            spec, fmt, sparse=sparse, override=None if o is None else (o.low, o.high)
        )
        key = f"peak:{fmt}"
        if resolved is None:
            values[key] = None
            kind = "sparse" if sparse else "dense"
            missing[key] = (
                f"{spec.id} publishes no {kind} {fmt} figure nor a wider format; "
                f"set {where}.peak_flops.{fmt}"
            )
            continue
        values[key] = resolved.per_unit
        used[fmt] = resolved.used
        if resolved.note and resolved.note != "user override" and fmt == basis:
            notes.append(resolved.note)

    # H100-equivalents, always from dense figures.
    if basis == "tpp":
        rates = [(f, bounds(r * 1e12)) for f, r in spec.peak_tflops_dense.items()]
        rates += [(f, _b(b)) for f, b in peak_over.items()]
        tpp_unit = np.maximum.reduce([r * TPP_BITS[f] / 1e12 for f, r in rates])
        values["h100e"] = tpp_unit / compute.tpp(h100)
    else:
        fmt_b = parse_format(basis)
        o = peak_over.get(fmt_b)
        mine = compute.resolve_peak(spec, fmt_b, override=None if o is None else (o.low, o.high))
        ref = compute.resolve_peak(h100, fmt_b)
        if mine is None or ref is None:
            values["h100e"] = None
            missing["h100e"] = (
                f"{spec.id} has no dense {basis} figure nor a wider format; "
                f"choose another --basis or set {where}.peak_flops.{basis}"
            )
        else:
            values["h100e"] = compute.h100_equivalents(mine.per_unit, float(ref.per_unit[0]))
            if sparse is False and mine.note and mine.note not in notes:
                notes.append(mine.note)

    tdp = (
        _b(over.tdp)
        if over.tdp is not None
        else (None if spec.tdp_w is None else bounds(spec.tdp_w))
    )
    values["chip_w"] = None if tdp is None else power.chip_power(bounds(1.0), tdp)
    if tdp is None:
        missing["chip_w"] = f"{spec.id} has no published TDP; set {where}.tdp"
    it_acc = (
        _b(over.it_power)
        if over.it_power is not None
        else (None if spec.it_power_w is None else bounds(spec.it_power_w))
    )
    if it_acc is None:
        for key in ("it_w", "facility_w", "energy_wh", "electricity_usd"):
            values[key] = None
        missing["it_w"] = (
            f"{spec.id} has no published server/rack power per accelerator; set {where}.it_power"
        )
    else:
        it = power.it_power(bounds(1.0), it_acc, _b(a.network_share))
        facility = power.facility_power(it, _b(a.pue))
        energy = power.annual_energy(facility, _b(a.utilisation))
        values.update(
            it_w=it,
            facility_w=facility,
            energy_wh=energy,
            electricity_usd=cost.electricity_cost(energy, _b(a.electricity_price) / 1000),
        )

    includes: str | None
    if over.price is not None:
        price: Array | None = _b(over.price)
        includes = over.price_includes or "accelerator"
        notes.append(f"{spec.id}: price set by the cluster file ({where}.price, {includes})")
    elif spec.price is not None:
        price = bounds(spec.price.low_usd, spec.price.high_usd)
        includes = over.price_includes or spec.price.includes
    else:
        price, includes = None, None
    if price is None:
        for key in ("capex_accelerators_usd", "capex_hardware_usd", "capex_total_usd"):
            values[key] = None
        missing["capex_accelerators_usd"] = f"{spec.id} has no catalogue price; set {where}.price"
    else:
        server = _b(a.server_multiplier) if includes == "accelerator" else bounds(1.0)
        values["capex_accelerators_usd"] = cost.accelerator_capex(bounds(1.0), price)
        values["capex_hardware_usd"] = cost.hardware_capex(
            bounds(1.0), price, server, _b(a.network_capex_share)
        )
    if a.facility_capex_per_mw is None:
        values["capex_facility_usd"] = None
    elif values["facility_w"] is None:
        values["capex_facility_usd"] = None
        missing["capex_facility_usd"] = missing["it_w"]
    else:
        facility_w = values["facility_w"]
        assert facility_w is not None
        values["capex_facility_usd"] = cost.facility_capex(
            facility_w, _b(a.facility_capex_per_mw) / 1e6
        )
    hardware = values.get("capex_hardware_usd")
    facility_capex = values["capex_facility_usd"]
    if hardware is None or (a.facility_capex_per_mw is not None and facility_capex is None):
        values["capex_total_usd"] = None
    else:
        values["capex_total_usd"] = hardware + (0.0 if facility_capex is None else facility_capex)
    return _Unit(spec, values, used, includes, notes, missing)


def _fill(
    cluster: Cluster, catalogue: Catalogue, basis: str, sparse: bool
) -> list[tuple[Fleet | SplitFleet, list[_Unit]]]:
    h100 = catalogue[H100_ID]
    out = []
    for i, fleet in enumerate(cluster.fleets):
        where = f"fleets[{i}]"
        if isinstance(fleet, Fleet):
            members: Sequence[FleetOverrides] = [fleet]
            ids = [fleet.accelerator]
            paths = [where]
        else:
            members = fleet.split
            ids = [m.accelerator for m in fleet.split]
            paths = [f"{where}.split[{j}]" for j in range(len(fleet.split))]
        units = [
            _unit_figures(catalogue[acc], m, cluster.assumptions, basis, sparse, h100, p)
            for acc, m, p in zip(ids, members, paths, strict=True)
        ]
        out.append((fleet, units))
    return out


def _split_extreme(shares: list[Bounds], coefs: Array, maximise: bool) -> float:
    """Max (min) of sum(s_i c_i) over shares within bounds that add up to 1."""
    s = np.array([b.low for b in shares])
    free = 1.0 - float(s.sum())
    for i in np.argsort(-coefs if maximise else coefs, kind="stable"):
        add = min(shares[i].high - shares[i].low, max(free, 0.0))
        s[i] += add
        free -= add
    return float(np.dot(s, coefs))


def _range(values: Array | None, key: str) -> Range | None:
    return (
        None
        if values is None
        else Range.of(values, _UNITS[key] if key in _UNITS else _peak_unit(key))
    )


def _peak_unit(key: str) -> str:
    return unit_of(parse_format(key.split(":", 1)[1]))


def estimate(
    cluster: Cluster,
    *,
    basis: str = "bf16",
    sparse: bool = False,
    catalogue: Catalogue | None = None,
) -> Estimate:
    """Estimate every figure of a cluster as guaranteed ranges.

    Parameters
    ----------
    cluster
        Fleets, counts and assumptions.
    basis
        Basis of H100-equivalents: a number format (dense) such as ``bf16``
        (default), ``fp8`` or ``fp64``, or ``tpp`` for export-control TPP.
    sparse
        Report 2:4 sparse peaks instead of dense ones (H100-equivalents stay
        dense).
    catalogue
        Accelerator figures; the packaged catalogue by default.

    Returns
    -------
    Estimate
        Frozen result; see its attributes for units.

    Raises
    ------
    InputError
        For an unknown basis.
    """
    cat = catalogue if catalogue is not None else _default_catalogue()
    if basis != "tpp":
        try:
            basis = parse_format(basis)
        except ValueError as exc:
            raise InputError(str(exc), field="basis", fix="use a format name or tpp") from None
    filled = _fill(cluster, cat, basis, sparse)
    keys = [*_UNITS, *(f"peak:{f}" for f in FORMATS)]
    totals: dict[str, Array | None] = {k: np.zeros(2) for k in keys}
    missing: dict[str, str] = {}
    notes: list[str] = []
    fleets: list[FleetEstimate] = []
    for fleet, units in filled:
        if isinstance(fleet, Fleet):
            counts = [_b(fleet.count)]
            labels = [fleet.label]
        else:
            shares = fleet.share_bounds()
            counts = [bounds(fleet.total.low * s.low, fleet.total.high * s.high) for s in shares]
            labels = [fleet.label] * len(units)
        for key in keys:
            coefs = [u.values.get(key) for u in units]
            if any(c is None for c in coefs) or totals[key] is None:
                if totals[key] is not None:
                    reason = next(u.missing.get(key) for u in units if u.values.get(key) is None)
                    missing[key] = reason or missing.get(key, "")
                totals[key] = None
                continue
            running = totals[key]
            assert running is not None
            if isinstance(fleet, Fleet):
                running += counts[0] * coefs[0]  # type: ignore[operator]
            else:
                lows = np.array([c[0] for c in coefs])  # type: ignore[index]
                highs = np.array([c[1] for c in coefs])  # type: ignore[index]
                running += np.array(
                    [
                        fleet.total.low * _split_extreme(shares, lows, maximise=False),
                        fleet.total.high * _split_extreme(shares, highs, maximise=True),
                    ]
                )
        for unit, count, label in zip(units, counts, labels, strict=True):
            fleets.append(_fleet_estimate(unit, count, label, cluster.assumptions))
            notes.extend(n for n in unit.notes if n not in notes)
    for key in list(missing):
        if not missing[key]:
            del missing[key]
    if "it_w" in missing:
        for key in ("facility_w", "energy_wh", "electricity_usd"):
            missing.setdefault(key, missing["it_w"])
    if "capex_accelerators_usd" in missing:
        for key in ("capex_hardware_usd", "capex_total_usd"):
            missing.setdefault(key, missing["capex_accelerators_usd"])
    a = cluster.assumptions
    if a.facility_capex_per_mw is None:
        notes.append(
            "capex: facility construction excluded "
            "(set assumptions.facility_capex_per_mw to include it)"
        )
    if any(f.price_includes == "rack_share" for f in fleets):
        notes.append(
            "capex: rack-scale systems (e.g. GB200/GB300 NVL72) are priced as a share "
            "of the rack, which already includes CPUs, switches and rack infrastructure"
        )
    return Estimate(
        name=cluster.name,
        as_of=cluster.as_of,
        basis=basis,
        sparse=sparse,
        accelerators=Range.of(totals["accelerators"], ""),  # type: ignore[arg-type]
        nodes=Range.of(totals["nodes"], ""),  # type: ignore[arg-type]
        peak_flops={f: _range(totals[f"peak:{f}"], f"peak:{f}") for f in FORMATS},
        h100_equivalents=_range(totals["h100e"], "h100e"),
        power=PowerLadder(*(_range(totals[k], k) for k in ("chip_w", "it_w", "facility_w"))),
        annual_energy=_range(totals["energy_wh"], "energy_wh"),
        annual_electricity_cost=_range(totals["electricity_usd"], "electricity_usd"),
        capex=Capex(
            *(
                _range(totals[k], k)
                for k in (
                    "capex_accelerators_usd",
                    "capex_hardware_usd",
                    "capex_facility_usd",
                    "capex_total_usd",
                )
            )
        ),
        fleets=tuple(fleets),
        assumptions=a,
        notes=tuple(notes),
        missing={k.replace("peak:", "peak_flops."): v for k, v in missing.items()},
    )


def _fleet_estimate(unit: _Unit, count: Array, label: str | None, a: Assumptions) -> FleetEstimate:
    def total(key: str) -> Range | None:
        v = unit.values.get(key)
        return None if v is None else _range(count * v, key)

    return FleetEstimate(
        accelerator=unit.spec.id,
        label=label,
        count=Range.of(count, ""),
        peak_flops={f: total(f"peak:{f}") for f in FORMATS},
        formats_used=dict(unit.formats_used),
        h100_equivalents=total("h100e"),
        power=PowerLadder(total("chip_w"), total("it_w"), total("facility_w")),
        annual_energy=total("energy_wh"),
        annual_electricity_cost=total("electricity_usd"),
        capex=Capex(
            total("capex_accelerators_usd"),
            total("capex_hardware_usd"),
            total("capex_facility_usd"),
            total("capex_total_usd"),
        ),
        price_includes=unit.price_includes,
        notes=tuple(unit.notes) + tuple(unit.missing.values()),
    )
