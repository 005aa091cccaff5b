"""One cluster estimate: every figure an article might quote, as guaranteed ranges.

:func:`estimate` turns a :class:`~computescale.cluster.Cluster` into a frozen
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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from computescale.assumptions import Assumptions
from computescale.catalogue import FORMATS, Catalogue, NumberFormat
from computescale.catalogue import default_catalogue as _default_catalogue
from computescale.catalogue.formats import parse_format
from computescale.cluster import Cluster
from computescale.engine.accelerator import PerAccelerator
from computescale.engine.passes import Pct, bounds_pass, fill, sample_pass, unit_of_key
from computescale.errors import InputError, check_type
from computescale.ranges import Range
from computescale.sampling import (
    BoundsInputs,
    Derived,
)

__all__ = ["Capex", "Estimate", "FleetEstimate", "PowerLadder", "estimate", "estimate_derived"]

Array = npt.NDArray[np.float64]


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
    check_type(basis, str, "basis", "a format name such as bf16, or tpp")
    if basis != "tpp":
        try:
            basis = parse_format(basis)
        except ValueError as exc:
            raise InputError(str(exc), field="basis", fix="use a format name or tpp") from None
    check_type(cluster, Cluster, "cluster", "a Cluster, e.g. from computescale.load_cluster()")
    check_type(sparse, bool, "sparse", "True or False")
    if samples is not None:
        check_type(samples, (int, np.integer), "samples", "a whole number of samples")
    if seed is not None:
        check_type(seed, (int, np.integer), "seed", "a whole number of 0 or more")
    if samples is not None and not 1 <= samples <= MAX_SAMPLES:
        raise InputError(
            f"{samples} samples is out of range",
            field="samples",
            expected=f"a whole number from 1 to {MAX_SAMPLES:.0e}",
        )
    if seed is not None and seed < 0:
        raise InputError(f"{seed!r} is not a whole number of 0 or more", field="seed")
    filled = fill(cluster, cat, basis, sparse, BoundsInputs())
    totals, members, missing = bounds_pass(filled)
    extra = None if derived is None else (derived, derived.bounds(totals, missing))
    pct: dict[str, Pct] = {}
    member_pct: list[dict[str, Pct]] = [{} for _ in members]
    extra_pct: dict[str, Pct] = {}
    if samples is not None:
        pct, member_pct, extra_pct = sample_pass(
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
        k: None if v is None else Range.of(v, unit_of_key(k), pct.get(k)) for k, v in values.items()
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
    unit: PerAccelerator, label: str | None, values: dict[str, Array | None], pct: dict[str, Pct]
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
