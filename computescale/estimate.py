"""One cluster estimate: every figure an article might quote, as guaranteed ranges.

:func:`estimate` turns a :class:`~computescale.scenario.Cluster` into a frozen
:class:`Estimate`. Every figure is linear in the accelerator counts with
non-negative per-accelerator coefficients, and every coefficient is increasing
in its inputs, so evaluating at the low and at the high inputs gives guaranteed
bounds. A total split in uncertain shares is bounded exactly: each figure is
maximised (minimised) by giving the free share to the members with the highest
(lowest) per-accelerator value, while the count stays the total.

With ``samples``, the same functions run again on random draws of every
uncertain input (:mod:`computescale.sampling`); figures are summed sample by
sample before percentiles are taken, so p5/p50/p95 of a total are not the sums
of the fleets' percentiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

import numpy as np
import numpy.typing as npt

from computescale import compute, cost, power
from computescale.assumptions import Assumptions
from computescale.bounds import Bounds
from computescale.catalogue import FORMATS, AcceleratorSpec, Catalogue, NumberFormat
from computescale.catalogue import default_catalogue as _default_catalogue
from computescale.catalogue.formats import TPP_BITS, parse_format, unit_of
from computescale.errors import InputError
from computescale.ranges import Range
from computescale.sampling import (
    CHUNK,
    BoundsInputs,
    Derived,
    Inputs,
    Quantiles,
    SampleInputs,
    Value,
)
from computescale.scenario import Cluster, Fleet, FleetOverrides, SplitFleet

__all__ = ["Capex", "Estimate", "FleetEstimate", "PowerLadder", "estimate", "estimate_derived"]

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
    "energy_wh": "Wh",
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
    samples, seed
        Monte Carlo samples and seed when the estimate was sampled; every
        range then carries p5/p50/p95.
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
    samples: int | None = None
    seed: int | None = None

    @property
    def basis_label(self) -> str:
        """Human label of the H100-equivalent basis, e.g. ``dense bf16``."""
        return "export-control TPP" if self.basis == "tpp" else f"dense {self.basis}"


@dataclass
class _Unit:
    """Per-accelerator figures of one fleet: metric -> array (bounds or samples) or None."""

    spec: AcceleratorSpec
    values: dict[str, Value | None]
    formats_used: dict[NumberFormat, str]
    price_includes: str | None
    notes: list[str]
    missing: dict[str, str]


def _unit_figures(
    spec: AcceleratorSpec,
    over: FleetOverrides,
    a: Assumptions,
    basis: str,
    sparse: bool,
    h100: AcceleratorSpec,
    where: str,
    v: Inputs,
) -> _Unit:
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

    def peak(fmt: NumberFormat, dense: bool) -> tuple[Value, compute.ResolvedPeak] | None:
        o = peak_over.get(fmt)
        resolved = compute.resolve_peak(
            spec, fmt, sparse=not dense, override=None if o is None else (o.low, o.high)
        )
        if resolved is None:
            return None
        if o is not None and dense:
            return v.uncertain(o, f"{where}.peak_flops.{fmt}"), resolved
        return v.const(float(resolved.per_unit[0])), resolved

    for fmt in FORMATS:
        found = peak(fmt, dense=not sparse)
        key = f"peak:{fmt}"
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
        values["h100e"] = compute.h100_equivalents(
            reduce(np.maximum, rates) / 1e12, compute.tpp(h100)
        )
    else:
        fmt_b = parse_format(basis)
        mine = peak(fmt_b, dense=True)
        ref = compute.resolve_peak(h100, fmt_b)
        if mine is None or ref is None:
            values["h100e"] = None
            missing["h100e"] = (
                f"{spec.id} has no dense {basis} figure nor a wider format; "
                f"choose another --basis or set {where}.peak_flops.{basis}"
            )
        else:
            values["h100e"] = compute.h100_equivalents(mine[0], float(ref.per_unit[0]))
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
    return _Unit(spec, values, used, includes, notes, missing)


def _fill(
    cluster: Cluster, catalogue: Catalogue, basis: str, sparse: bool, v: Inputs
) -> list[tuple[Fleet | SplitFleet, list[_Unit], list[Value]]]:
    """Return each fleet with its per-accelerator figures and member counts."""
    h100 = catalogue[H100_ID]
    out = []
    for i, fleet in enumerate(cluster.fleets):
        where = f"fleets[{i}]"
        if isinstance(fleet, Fleet):
            members: Sequence[FleetOverrides] = [fleet]
            ids = [fleet.accelerator]
            paths = [where]
            counts = [v.uncertain(fleet.count, f"{where}.count")]
        else:
            members = fleet.split
            ids = [m.accelerator for m in fleet.split]
            paths = [f"{where}.split[{j}]" for j in range(len(fleet.split))]
            total = v.uncertain(fleet.total, f"{where}.total")
            counts = [total * s for s in v.shares(fleet.share_bounds(), f"{where}.split")]
        units = [
            _unit_figures(catalogue[acc], m, cluster.assumptions, basis, sparse, h100, p, v)
            for acc, m, p in zip(ids, members, paths, strict=True)
        ]
        out.append((fleet, units, counts))
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


def _unit_of_key(key: str) -> str:
    return _UNITS[key] if key in _UNITS else unit_of(parse_format(key.split(":", 1)[1]))


_KEYS = [*_UNITS, *(f"peak:{f}" for f in FORMATS)]
Pct = tuple[float, float, float]


def _bounds_pass(
    filled: list[tuple[Fleet | SplitFleet, list[_Unit], list[Value]]],
) -> tuple[dict[str, Array | None], list[dict[str, Array | None]], dict[str, str]]:
    """Return cluster totals, per-member totals and missing reasons, as [low, high]."""
    totals: dict[str, Array | None] = {k: np.zeros(2) for k in _KEYS}
    members: list[dict[str, Array | None]] = []
    missing: dict[str, str] = {}
    for fleet, units, counts in filled:
        for unit, count in zip(units, counts, strict=True):
            members.append(
                {
                    k: None if (c := unit.values.get(k)) is None else np.asarray(count * c)
                    for k in _KEYS
                }
            )
        for key in _KEYS:
            coefs = [u.values.get(key) for u in units]
            if any(c is None for c in coefs):
                reason = next(u.missing.get(key) for u in units if u.values.get(key) is None)
                if totals[key] is not None and reason:
                    missing[key] = reason
                totals[key] = None
                continue
            running = totals[key]
            if running is None:
                continue
            if isinstance(fleet, Fleet):
                running += counts[0] * coefs[0]  # type: ignore[operator]
            else:
                shares = fleet.share_bounds()
                lows = np.array([c[0] for c in coefs])  # type: ignore[index]
                highs = np.array([c[1] for c in coefs])  # type: ignore[index]
                running += np.array(
                    [
                        fleet.total.low * _split_extreme(shares, lows, maximise=False),
                        fleet.total.high * _split_extreme(shares, highs, maximise=True),
                    ]
                )
    return totals, members, missing


def _sample_pass(
    cluster: Cluster,
    cat: Catalogue,
    basis: str,
    sparse: bool,
    samples: int,
    seed: int | None,
    totals: dict[str, Array | None],
    members: list[dict[str, Array | None]],
    derived: tuple[Derived, dict[str, Array]] | None,
) -> tuple[dict[str, Pct], list[dict[str, Pct]], dict[str, Pct]]:
    """Return p5/p50/p95 of every figure, summed sample by sample, in chunks.

    The third result holds the percentiles of the derived figures, if any.
    """
    rng = np.random.default_rng(seed)
    acc = {k: Quantiles(t[0], t[1], samples) for k, t in totals.items() if t is not None}
    acc_members = [
        {k: Quantiles(t[0], t[1], samples) for k, t in m.items() if t is not None} for m in members
    ]
    acc_derived = (
        {}
        if derived is None
        else {k: Quantiles(t[0], t[1], samples) for k, t in derived[1].items()}
    )
    done = 0
    while done < samples:
        n = min(CHUNK, samples - done)
        inputs = SampleInputs(rng, n)
        filled = _fill(cluster, cat, basis, sparse, inputs)
        sums: dict[str, Value] = dict.fromkeys(acc, 0.0)
        index = 0
        for _fleet, units, counts in filled:
            for unit, count in zip(units, counts, strict=True):
                for key, q in acc_members[index].items():
                    part = count * unit.values[key]  # type: ignore[operator]
                    q.add(part, n)
                    if key in sums:
                        sums[key] = sums[key] + part
                index += 1
        for key, q in acc.items():
            q.add(sums[key], n)
        if derived is not None:
            for key, value in derived[0].sample(sums, inputs).items():
                acc_derived[key].add(value, n)
        done += n
    return (
        {k: q.result() for k, q in acc.items()},
        [{k: q.result() for k, q in m.items()} for m in acc_members],
        {k: q.result() for k, q in acc_derived.items()},
    )


def estimate(
    cluster: Cluster,
    *,
    basis: str = "bf16",
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> Estimate:
    """Estimate every figure of a cluster as guaranteed ranges, and likely ranges.

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
    samples
        Number of Monte Carlo samples; when given, every range also carries
        p5/p50/p95 (see :mod:`computescale.sampling` for the distributions).
    seed
        Seed of the random generator; the same seed gives the same percentiles.

    Returns
    -------
    Estimate
        Frozen result; see its attributes for units.

    Raises
    ------
    InputError
        For an unknown basis, a number of samples out of range or a negative seed.
    """
    result, _ = estimate_derived(
        cluster, None, basis=basis, sparse=sparse, catalogue=catalogue, samples=samples, seed=seed
    )
    return result


def estimate_derived(
    cluster: Cluster,
    derived: Derived | None,
    *,
    basis: str = "bf16",
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> tuple[Estimate, dict[str, tuple[Array, Pct | None]]]:
    """Estimate a cluster and figures derived from its totals in the same passes.

    Parameters
    ----------
    cluster, basis, sparse, catalogue, samples, seed
        As for :func:`estimate`.
    derived
        Figures computed from the cluster totals (see
        :class:`~computescale.sampling.Derived`), or None.

    Returns
    -------
    tuple
        The estimate, and for each derived figure its ``[low, high]`` and, when
        sampled, its p5/p50/p95.
    """
    cat = catalogue if catalogue is not None else _default_catalogue()
    if basis != "tpp":
        try:
            basis = parse_format(basis)
        except ValueError as exc:
            raise InputError(str(exc), field="basis", fix="use a format name or tpp") from None
    if samples is not None and not 1 <= samples <= MAX_SAMPLES:
        raise InputError(
            f"{samples} samples is out of range",
            field="samples",
            expected=f"a whole number from 1 to {MAX_SAMPLES:.0e}",
        )
    if seed is not None and (not isinstance(seed, int | np.integer) or seed < 0):
        raise InputError(f"{seed!r} is not a whole number of 0 or more", field="seed")
    filled = _fill(cluster, cat, basis, sparse, BoundsInputs())
    totals, members, missing = _bounds_pass(filled)
    extra = None if derived is None else (derived, derived.bounds(totals))
    pct: dict[str, Pct] = {}
    member_pct: list[dict[str, Pct]] = [{} for _ in members]
    extra_pct: dict[str, Pct] = {}
    if samples is not None:
        pct, member_pct, extra_pct = _sample_pass(
            cluster, cat, basis, sparse, samples, seed, totals, members, extra
        )
    notes: list[str] = []
    fleets: list[FleetEstimate] = []
    index = 0
    for fleet, units, _counts in filled:
        for unit in units:
            label = fleet.label
            fleets.append(_fleet_estimate(unit, label, members[index], member_pct[index]))
            notes.extend(n for n in unit.notes if n not in notes)
            index += 1
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
    r = _ranges(totals, pct)
    result = Estimate(
        name=cluster.name,
        as_of=cluster.as_of,
        basis=basis,
        sparse=sparse,
        accelerators=r["accelerators"],  # type: ignore[arg-type]
        nodes=r["nodes"],  # type: ignore[arg-type]
        **_figures(r),
        fleets=tuple(fleets),
        assumptions=a,
        notes=tuple(notes),
        missing={k.replace("peak:", "peak_flops."): v for k, v in missing.items()},
        samples=samples,
        seed=seed,
    )
    bounds = {} if extra is None else extra[1]
    return result, {k: (v, extra_pct.get(k)) for k, v in bounds.items()}


MAX_SAMPLES = 10**9
"""Largest number of Monte Carlo samples accepted (1e8 samples of 4 fleets take ~50 s here)."""


def _ranges(values: dict[str, Array | None], pct: dict[str, Pct]) -> dict[str, Range | None]:
    return {
        k: None if v is None else Range.of(v, _unit_of_key(k), pct.get(k))
        for k, v in values.items()
    }


def _figures(r: dict[str, Range | None]) -> dict[str, Any]:
    """Return the figures an estimate and a fleet estimate share, from keyed ranges."""
    return {
        "peak_flops": {f: r[f"peak:{f}"] for f in FORMATS},
        "h100_equivalents": r["h100e"],
        "power": PowerLadder(r["chip_w"], r["it_w"], r["facility_w"]),
        "annual_energy": r["energy_wh"],
        "annual_electricity_cost": r["electricity_usd"],
        "capex": Capex(
            r["capex_accelerators_usd"],
            r["capex_hardware_usd"],
            r["capex_facility_usd"],
            r["capex_total_usd"],
        ),
    }


def _fleet_estimate(
    unit: _Unit, label: str | None, values: dict[str, Array | None], pct: dict[str, Pct]
) -> FleetEstimate:
    r = _ranges(values, pct)
    return FleetEstimate(
        accelerator=unit.spec.id,
        label=label,
        count=r["accelerators"],  # type: ignore[arg-type]
        formats_used=dict(unit.formats_used),
        **_figures(r),
        price_includes=unit.price_includes,
        notes=tuple(unit.notes) + tuple(unit.missing.values()),
    )
