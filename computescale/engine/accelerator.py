"""Every figure of one accelerator of a fleet: the formulas of the engine, composed.

:func:`per_accelerator` evaluates the throughput, power and cost formulas of
:mod:`~computescale.engine.throughput`, :mod:`~computescale.engine.power` and
:mod:`~computescale.engine.cost` for one accelerator, on arrays that are either
``[low, high]`` bounds or random samples (:mod:`computescale.sampling`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import cast

import numpy as np

from computescale.assumptions import Assumptions
from computescale.catalogue import FORMATS, AcceleratorSpec, NumberFormat, PowerRange
from computescale.cluster import FleetOverrides
from computescale.engine import cost, power, throughput
from computescale.figures import FIGURES
from computescale.sampling import Inputs, Value
from computescale.systems import linpack_power, system_kinds, systems_power
from computescale.uncertain import Bounds

__all__ = ["H100_ID", "PerAccelerator", "fixes_in_the_catalogue", "per_accelerator"]

H100_ID = "H100-SXM"
"""The reference of H100-equivalents: NVIDIA H100 SXM5, dense."""


@dataclass
class PerAccelerator:
    """Per-accelerator figures of one fleet: figure key -> array (bounds or samples) or None."""

    spec: AcceleratorSpec
    values: dict[str, Value | None]
    formats_used: dict[NumberFormat, str]
    price_includes: str | None
    notes: list[str]
    missing: dict[str, str]
    system: str | None = None


@dataclass
class _Member:
    """What every formula of one fleet member reads: the chip, its overrides, the site."""

    spec: AcceleratorSpec
    over: FleetOverrides
    a: Assumptions
    where: str
    v: Inputs

    def site(self, name: str) -> Value:
        """Return a site assumption (in base units: USD/Wh, USD/W), drawn or as bounds."""
        b = self.a.in_base_units(name)
        assert b is not None, name  # the optional ones are read only when set
        return self.v.uncertain(b, f"assumptions.{name}")

    def given(self, name: str, published: PowerRange | None) -> Value | None:
        """Return the member's override of a figure, else the catalogue's, else None."""
        b: Bounds | None = getattr(self.over, name)
        if b is None and published is not None:
            if published.exact:
                return self.v.const(published.low)
            b = Bounds(published.low, published.high)
        return None if b is None else self.v.uncertain(b, f"{self.where}.{name}")


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

    Composes the formulas of the engine: peaks and H100-equivalents
    (:mod:`~computescale.engine.throughput`), power (:mod:`~computescale.engine.power`)
    and costs (:mod:`~computescale.engine.cost`).

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
        Per-accelerator values keyed as :data:`computescale.figures.KEYS` (units
        there), None with a reason when a spec is missing.
    """
    m = _Member(spec, over, a, where, v)
    out = PerAccelerator(spec, {}, {}, None, [], {}, over.system)
    out.values["accelerators"] = v.const(1.0)
    per_node = system_kinds()[over.system].per_node if over.system else spec.packaging.per_node
    out.values["nodes"] = v.const(1.0 / per_node)
    _throughput(m, basis, sparse, h100, out)
    _power(m, out)
    _cost(m, out)
    return out


def _throughput(
    m: _Member, basis: str, sparse: bool, h100: AcceleratorSpec, out: PerAccelerator
) -> None:
    """Add the peak per format and the H100-equivalents (always from dense figures)."""
    spec, where, v = m.spec, m.where, m.v
    peak_over = m.over.peak_flops or {}
    for fmt in peak_over:
        out.notes.append(
            f"{spec.id}: dense {fmt} peak set by the cluster file ({where}.peak_flops)"
        )

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
            out.values[key] = None
            out.missing[key] = (
                f"{_no_rate(spec, fmt, sparse)}; {set_on(where, f'peak_flops.{fmt}')}"
            )
            continue
        out.values[key], resolved = found
        out.formats_used[fmt] = resolved.used
        if resolved.note and resolved.note != "user override" and fmt == basis:
            out.notes.append(resolved.note)

    # every published dense rate, a fleet's override in place of the catalogue's
    rates: dict[NumberFormat, Value] = {f: v.const(r) for f, r in spec.peak_rates().items()}
    rates |= {f: v.uncertain(b, f"{where}.peak_flops.{f}") for f, b in peak_over.items()}
    _linpack(m, rates, out)
    _epoch(spec, h100, rates, out)
    combined = throughput.COMBINED_BASES.get(basis)
    if combined is not None:
        own, reference = combined(rates.items()), combined(h100.peak_rates().items())
        if own is None or reference is None:  # 8bit and epoch can lack a rate
            lacks = "fp8 or int8" if basis == throughput.EIGHT_BIT else "8-, 16- or 32-bit"
            _no_h100e(out, f"{spec.id} publishes no dense {lacks} figure", where, "fp8")
        else:
            out.values["h100e"] = throughput.h100_equivalents(own, reference)
        return
    fmt_b = cast(NumberFormat, basis)  # canonical: estimates.checked_arguments parsed it
    mine = peak(fmt_b, dense=True)
    ref = throughput.resolve_peak(h100, fmt_b)
    if mine is None or ref is None:
        _no_h100e(out, _no_rate(spec, fmt_b, False), where, basis)
    else:
        out.values["h100e"] = throughput.h100_equivalents(mine[0], float(ref.per_unit[0]))
        if sparse is False and mine[1].note and mine[1].note not in out.notes:
            out.notes.append(mine[1].note)


def _linpack(m: _Member, rates: dict[NumberFormat, Value], out: PerAccelerator) -> None:
    """Add the Linpack Rpeak a TOP500 entry may count, and the Rmax a run may measure.

    ``rates`` are the accelerator's dense rates, overrides included.
    """
    vector, tensor = rates.get("fp64"), rates.get("fp64_tensor")
    if vector is None and tensor is None:
        out.values["hpl_rpeak"] = out.values["hpl_rmax"] = None
        out.missing["hpl_rpeak"] = (
            f"{m.spec.id} publishes no FP64 figure; set {m.where}.peak_flops.fp64"
        )
        return
    low = vector if vector is not None else tensor
    fastest = np.maximum(vector, tensor) if vector is not None and tensor is not None else low
    assert low is not None
    assert fastest is not None
    share = m.v.uncertain(Bounds(0.0, 1.0), f"catalogue.{m.spec.id}.hpl_rpeak")
    rpeak = throughput.hpl_rpeak(low, fastest, share)
    out.values["hpl_rpeak"] = rpeak
    out.values["hpl_rmax"] = throughput.hpl_rmax(rpeak, m.site("hpl_efficiency"))


def _no_rate(spec: AcceleratorSpec, fmt: NumberFormat, sparse: bool) -> str:
    """Say why a chip has no rate for a format: none published, and none may stand in."""
    kind = "sparse" if sparse else "dense"
    narrow = throughput.narrower_published(spec, fmt, sparse=sparse)
    if narrow is None:
        return f"{spec.id} publishes no {kind} {fmt} figure nor a wider format"
    return (
        f"{spec.id} publishes no {kind} {fmt} figure, and a wider format's rate does not "
        f"stand in for it: the chip publishes the narrower {narrow}, and a wider figure may "
        "be another unit's (a vector rate)"
    )


def _epoch(
    spec: AcceleratorSpec,
    h100: AcceleratorSpec,
    rates: dict[NumberFormat, Value],
    out: PerAccelerator,
) -> None:
    """Add the H100-equivalents on Epoch AI's basis (dense), beside those of the basis asked."""
    own = throughput.epoch_rate(rates.items())
    reference = throughput.epoch_rate(h100.peak_rates().items())
    if own is None or reference is None:
        out.values["epoch_h100e"] = None
        out.missing["epoch_h100e"] = f"{spec.id} publishes no dense 8-, 16- or 32-bit figure"
    else:
        out.values["epoch_h100e"] = throughput.h100_equivalents(own, reference)


_PLACE = re.compile(r"fleets\[(\d+)\](?:\.split\[(\d+)\])?")


_IN_CATALOGUE: ContextVar[bool] = ContextVar("computescale_fixes_in_catalogue", default=False)

_PEOPLE = {"tdp": "TDP", "it_power": "IT power", "price": "price", "rental_price": "rental price"}
"""How a missing figure's field is said to someone who describes the chip, not a fleet."""


@contextlib.contextmanager
def fixes_in_the_catalogue() -> Iterator[None]:
    """Inside the block, say a missing figure is given in a catalogue file, not on a fleet.

    For clusters the library makes itself (a conversion's): their fleets are nobody's to edit,
    so no field path of them is named; the chip's figures are the user's to describe.
    """
    token = _IN_CATALOGUE.set(True)
    try:
        yield
    finally:
        _IN_CATALOGUE.reset(token)


def set_on(where: str, *fields: str) -> str:
    """Say where to set a figure in the cluster file, in words and as its path.

    ``set rental_price on fleet 1, member 2 of its split (fleets[0].split[1].rental_price)``;
    several fields are alternatives (``set it_power or tdp on fleet 1 (...)``). Inside
    :func:`fixes_in_the_catalogue`: ``give its IT power or TDP in a catalogue file``.
    """
    if _IN_CATALOGUE.get():
        said = " or ".join(_PEOPLE.get(f, f.replace("peak_flops.", "") + " peak") for f in fields)
        return f"give its {said} in a catalogue file (docs/catalogue-format.md)"
    paths = " or ".join(f"{where}.{f}" for f in fields)
    names = " or ".join(f.split(".")[0] if f.startswith("peak") else f for f in fields)
    m = _PLACE.fullmatch(where)
    if m is None:  # pragma: no cover - every fleet's place has this form
        return f"set {paths}"
    fleet, member = int(m.group(1)) + 1, m.group(2)
    split = "" if member is None else f", member {int(member) + 1} of its split"
    return f"set {names} on fleet {fleet}{split} ({paths})"


def _no_h100e(out: PerAccelerator, why: str, where: str, fmt: str) -> None:
    """Leave the H100-equivalents out, saying why and what to set."""
    out.values["h100e"] = None
    out.missing["h100e"] = f"{why}; choose another --basis, or {set_on(where, f'peak_flops.{fmt}')}"


def _power(m: _Member, out: PerAccelerator) -> None:
    """Add chip (the TDP), IT and facility power, energy and its electricity cost."""
    spec, where = m.spec, m.where
    tdp = m.given("tdp", spec.tdp_w)
    out.values["chip_w"] = tdp
    if tdp is None:
        out.missing["chip_w"] = f"{spec.id} has no published TDP; {set_on(where, 'tdp')}"
    system = _system_power(m, tdp, out)
    if system is None:
        out.values["hpl_w"] = _linpack_power(m, out)
        out.values.update(dict.fromkeys(_built_on("it_w")))
        out.missing["it_w"] = (
            f"{spec.id} has no published server/rack power per accelerator nor a TDP; "
            f"{set_on(where, 'it_power', 'tdp')}"
        )
        return
    it = power.it_power(system, m.site("network_share"))
    facility = power.facility_power(it, m.site("pue"))
    energy = power.annual_energy(facility, m.site("utilisation"))
    out.values.update(
        hpl_w=_linpack_power(m, out),
        it_w=it,
        facility_w=facility,
        energy_wh=energy,
        electricity_usd=cost.electricity_cost(energy, m.site("electricity_price")),
    )


def _system_power(m: _Member, tdp: Value | None, out: PerAccelerator) -> Value | None:
    """Return the server or rack power per accelerator: given, by system, or TDP-based.

    The fleet's ``it_power`` wins; then a given ``system_overhead`` applies to every chip;
    then the fleet's ``system``; then the span of every kind of system the chip is built
    into (:mod:`computescale.systems`), said in a note when there are several; then the
    catalogue's reference system; then the default ``system_overhead`` on the TDP.
    """
    spec = m.spec
    if m.over.it_power is not None:
        return m.given("it_power", None)
    given = "system_overhead" in m.a.model_fields_set
    if not given:
        kinds = systems_power(spec)
        if m.over.system is not None:
            kinds = [p for p in kinds if p.kind == m.over.system]
        if kinds:
            low, high = min(p.low for p in kinds), max(p.high for p in kinds)
            if m.over.system is None and len(kinds) > 1:
                out.notes.append(
                    f"{spec.id}: no `system` named, so its server power per accelerator spans "
                    f"every system it is built into: {'; '.join(p.text() for p in kinds)}; "
                    f"name {m.where}.system to narrow it"
                )
            elif kinds[0].basis.startswith("measured"):
                out.notes.append(f"{spec.id}: server power per accelerator {kinds[0].text()}")
            if low == high:
                return m.v.const(low)
            return m.v.uncertain(Bounds(low, high), f"{m.where}.system")
        if spec.it_power_w is not None:
            return m.given("it_power", spec.it_power_w)
    if tdp is None:
        return None
    why = "system_overhead set" if given else "no reference system in the catalogue"
    out.notes.append(f"{spec.id}: server/rack power = TDP x system_overhead ({why})")
    return power.system_power(tdp, m.site("system_overhead"))


def _linpack_power(m: _Member, out: PerAccelerator) -> Value | None:
    """Return the power per accelerator during an HPL run, as TOP500 systems measured it.

    The measured span of the observed table's systems of the chip (of the fleet's
    ``system`` when some are of that kind). None for a chip no such system holds: power
    during a run is measured, never derived from a nameplate.
    """
    spec = m.spec
    found = (linpack_power(spec.id, m.over.system) if m.over.system else None) or (
        linpack_power(spec.id)
    )
    if found is None:
        out.missing["hpl_w"] = (
            f"no TOP500 system of {spec.id} with measured power in the observed table "
            "(computescale.observed); power during Linpack is measured, never derived"
        )
        return None
    return m.v.uncertain(Bounds(found[0], found[1]), f"{m.where}.hpl_power")


def _cost(m: _Member, out: PerAccelerator) -> None:
    """Add capex: the accelerator as priced, its hardware, the facility and the total."""
    spec, where, over = m.spec, m.where, m.over
    price: Value | None
    if over.price is not None:
        price = m.v.uncertain(over.price, f"{where}.price")
        out.price_includes = over.price_includes or "accelerator"
        out.notes.append(
            f"{spec.id}: price set by the cluster file ({where}.price, {out.price_includes})"
        )
    elif spec.price is not None:
        price = m.v.uncertain(Bounds(spec.price.low_usd, spec.price.high_usd), f"{where}.price")
        out.price_includes = over.price_includes or spec.price.includes
    else:
        price = None
    if price is None:
        out.values.update(dict.fromkeys(_built_on("capex_accelerators_usd")))
        out.missing["capex_accelerators_usd"] = (
            f"{spec.id} has no catalogue price; {set_on(where, 'price')}"
        )
    else:
        # a rack share already holds the server: no multiplier on top
        server = m.site("server_multiplier") if out.price_includes == "accelerator" else 1.0
        out.values["capex_accelerators_usd"] = price
        out.values["capex_hardware_usd"] = cost.hardware_capex(
            price, server, m.site("network_capex_share")
        )
    facility_w = out.values.get("facility_w")
    facility: Value | None = None
    if m.a.facility_capex_per_mw is not None:
        if facility_w is None:
            out.missing["capex_facility_usd"] = out.missing["it_w"]
        else:
            facility = cost.facility_capex(facility_w, m.site("facility_capex_per_mw"))
    out.values["capex_facility_usd"] = facility
    hardware = out.values.get("capex_hardware_usd")
    included = m.a.facility_capex_per_mw is None or facility is not None
    out.values["capex_total_usd"] = (
        None if hardware is None or not included else cost.total_capex(hardware, facility)
    )
    rental = spec.rental
    if over.rental_price is not None:
        out.values["rental_usd_per_h"] = m.v.uncertain(over.rental_price, f"{where}.rental_price")
    elif rental is not None:  # a list price: what a contract pays is a share of it
        listed = m.v.uncertain(Bounds(rental.low_usd, rental.high_usd), f"{where}.rental_price")
        out.values["rental_usd_per_h"] = listed * m.site("rental_discount")
    else:
        out.values["rental_usd_per_h"] = None
        out.missing["rental_usd_per_h"] = (
            f"{spec.id} has no catalogue rental price; {set_on(where, 'rental_price')}"
        )


def _built_on(key: str) -> list[str]:
    """Return a figure's key and the keys of every figure built on it (Figure.inherits)."""
    return [key, *(f.key for f in FIGURES if f.inherits == key and f.included_by is None)]
