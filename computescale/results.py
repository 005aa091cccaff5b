"""What an estimate holds: every figure of a cluster, and of each fleet, as guaranteed ranges.

:class:`Estimate` and :class:`FleetEstimate` are frozen results, figure by figure, with the
basis they were read on, the notes and the reason of every figure left empty; they find a
figure by quantity and scope (:meth:`Estimate.figure`), label it as every table does
(:meth:`Estimate.labels`) and show themselves in a notebook. How they are computed is
:mod:`computescale.estimates`'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from computescale.assumptions import Assumptions
from computescale.catalogue import NumberFormat
from computescale.catalogue.formats import FLOAT_WIDTH
from computescale.cluster import WrittenCount
from computescale.engine.throughput import BASIS_LABELS
from computescale.figures import COUNTS, FIGURES, QUANTITIES, figure_of, find
from computescale.notation import format_range, html_table, interval_text, percent_text
from computescale.ranges import Range

__all__ = [
    "Capex",
    "Estimate",
    "FleetEstimate",
    "Linpack",
    "PowerLadder",
    "by_quantity",
    "figure_value",
]


@dataclass(frozen=True)
class PowerLadder:
    """Power at four scopes [W]; None where a figure is missing (see notes).

    Attributes
    ----------
    chip
        Accelerators only: count x TDP.
    hpl
        The whole machine during a Linpack (HPL) run, as TOP500 systems of the same chips
        measured it (CPUs, memory and network included; :mod:`computescale.observed`).
    it
        Servers or racks (CPUs, NICs, switches inside), plus network and storage.
    facility
        IT x PUE: cooling, power conversion and the rest of the building.
    """

    chip: Range | None
    hpl: Range | None
    it: Range | None
    facility: Range | None


@dataclass(frozen=True)
class Linpack:
    """Linpack (HPL) figures as the TOP500 lists them [FLOP/s]; None without FP64 figures.

    Attributes
    ----------
    rpeak
        The FP64 peak a TOP500 entry may count: from the vector rate to the faster of
        vector and tensor (sites differ), per accelerator x count.
    rmax
        A measured HPL run: Rpeak x ``hpl_efficiency`` (0.51-0.85 on the TOP500's GPU
        systems).
    """

    rpeak: Range | None
    rmax: Range | None


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
    system
        The kind of system the fleet names (:mod:`computescale.systems`), if any.
    label
        The fleet's label, if any.
    written_as
        The racks, nodes, superchips or pods the count was written in, if any.
    count
        Number of accelerators [1].
    peak_flops
        Aggregate peak per format [FLOP/s; OP/s for int8], dense unless the
        estimate is sparse; None when no published figure applies.
    formats_used
        For each requested format, the format whose figure was used.
    h100_equivalents
        Peak on the estimate's basis / H100 SXM dense peak on that basis [1].
    epoch_h100e
        H100-equivalents on Epoch AI's basis (best dense 8-, 16- or 32-bit rate / the
        H100's 8-bit), to compare with figures in Epoch's terms [1].
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year at the assumed utilisation [Wh].
    annual_electricity_cost
        Cost of that energy [USD].
    capex
        Capital costs [USD].
    rental_rate
        Rental price of the fleet for one hour [USD/h].
    hpl
        Linpack Rpeak and Rmax of the fleet [FLOP/s].
    price_includes
        ``accelerator``, ``server_share`` or ``rack_share``; None without a price.
    notes
        Fallbacks, overrides and missing figures for this fleet.
    split_total
        For a member of a split (:class:`~computescale.cluster.SplitFleet`), the split's
        total: the member's figures range over every share the file allows; None otherwise.
    """

    accelerator: str
    system: str | None
    label: str | None
    count: Range
    written_as: WrittenCount | None
    peak_flops: dict[NumberFormat, Range | None]
    formats_used: dict[NumberFormat, str]
    h100_equivalents: Range | None
    epoch_h100e: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    rental_rate: Range | None
    hpl: Linpack
    price_includes: str | None
    notes: tuple[str, ...]
    split_total: Range | None = None


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
    epoch_h100e
        H100-equivalents on Epoch AI's basis, whatever ``basis`` is: each chip's best
        dense 8-, 16- or 32-bit rate / the H100's 8-bit rate [1]; reports show it beside
        ``h100_equivalents`` where the two differ by more than 10 %. Dense, as
        ``h100_equivalents`` is.
    power
        Chip, IT and facility power [W].
    annual_energy
        Energy per year: facility power x utilisation x 8,766 h [Wh].
    annual_electricity_cost
        annual_energy x electricity price [USD].
    capex
        Capital costs [USD].
    rental_rate
        Rental price of every accelerator for one hour, from the catalogue's
        rental prices or the fleets' ``rental_price`` [USD/h].
    hpl
        Linpack Rpeak and Rmax as the TOP500 would list them [FLOP/s].
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
    epoch_h100e: Range | None
    power: PowerLadder
    annual_energy: Range | None
    annual_electricity_cost: Range | None
    capex: Capex
    rental_rate: Range | None
    hpl: Linpack
    fleets: tuple[FleetEstimate, ...]
    assumptions: Assumptions
    notes: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    samples: int | None = None
    seed: int | None = None

    def stand_ins(self, fmt: str) -> str:
        """Say which fleets count a format at another one's rate (``at the fp64 rate on GB300``).

        A chip that publishes no figure for a format runs it at a same-width format's
        rate, else at its fastest wider format's
        (:func:`~computescale.engine.throughput.resolve_peak`): every output that shows a
        number under the format's name says so. Empty when no fleet does.
        """
        used: dict[str, list[str]] = {}
        for f in self.fleets:
            other = f.formats_used.get(fmt)  # type: ignore[call-overload]
            if other is not None and other != fmt and f.accelerator not in used.get(other, []):
                used.setdefault(other, []).append(f.accelerator)
        same = FLOAT_WIDTH.get(fmt)  # type: ignore[call-overload]

        def rate(other: str) -> str:
            width = FLOAT_WIDTH.get(other)  # type: ignore[call-overload]
            return f"same-width {other}" if width is not None and width == same else other

        return "; ".join(f"at the {rate(o)} rate on {', '.join(ids)}" for o, ids in used.items())

    def stand_in_of(self, key: str) -> str:
        """Return the stand-in rate a figure rests on (``at the bf16 rate on Max-1550``), or ''.

        A peak's (``peak_flops.fp16``) by its format; the H100-equivalents' (``h100e``) by the
        basis, when the basis is a format. Every output that shows a figure says this.
        """
        if key.startswith("peak_flops."):
            return self.stand_ins(key.removeprefix("peak_flops."))
        if key == "h100e" and self.basis in self.peak_flops:
            return self.stand_ins(self.basis)
        return ""

    def peak_label(self, fmt: str) -> str:
        """Return the label of the peak in a format, with any stand-in rate it rests on.

        ``peak fp16 (dense)``, or ``peak fp16 (dense, at the bf16 rate on Max-1550)`` when a
        chip publishes no fp16 figure (see :meth:`stand_ins`).
        """
        kind = "sparse" if self.sparse else "dense"
        stand_in = self.stand_ins(fmt)
        return f"peak {fmt} ({kind}{', ' + stand_in if stand_in else ''})"

    @property
    def basis_label(self) -> str:
        """Human label of the H100-equivalent basis, e.g. ``dense bf16``.

        A format basis that some chip runs at another format's rate says so:
        ``dense bf16, at the fp16 rate on Ascend-910B``.
        """
        if self.basis in BASIS_LABELS:
            return BASIS_LABELS[self.basis]
        stand_in = self.stand_ins(self.basis)
        return f"dense {self.basis}" + (f", {stand_in}" if stand_in else "")

    def _repr_html_(self) -> str:
        """Show every figure in a notebook with its basis, and n/a with the reason.

        The texts are the terminal table's (:func:`~computescale.notation.format_range`);
        ``computescale.report.estimate_html`` gives the full page with sources.
        """
        rows = []
        labels = self.labels()
        for f in FIGURES:
            label = labels[f.key]
            value = figure_value(self, f.key)
            if value is not None:
                text = format_range(value)
            elif f.key in self.missing:
                text = f"n/a: {self.missing[f.key]}"
            else:
                text = f"excluded ({f.included_by} not set)"
            rows.append((label, text))
        title = self.name + (f" (as of {self.as_of.isoformat()})" if self.as_of else "")
        return html_table(title, ("figure", "guaranteed range"), rows, self.notes)

    def labels(self) -> dict[str, str]:
        """Return what every table calls each figure, by key, with what it rests on.

        The figure table's template (:attr:`~computescale.figures.Figure.says`) filled with
        this estimate's basis, sparsity and assumptions (``Power: facility (IT x PUE
        1.1–1.3)``); a peak that stands in for a format the chip lacks says so.
        """
        a = self.assumptions
        context = {
            "kind": "sparse" if self.sparse else "dense",
            "basis": self.basis_label,
            "network_share": percent_text(a.network_share),
            "pue": interval_text(a.pue),
            "utilisation": percent_text(a.utilisation),
            "electricity_price": interval_text(a.electricity_price),
            "hpl_efficiency": percent_text(a.hpl_efficiency),
            "facility": "facility construction "
            + ("excluded" if a.facility_capex_per_mw is None else "included"),
        }
        out: dict[str, str] = {}
        for f in FIGURES:
            if f.says:
                label = f.says.format(scope=f.scope, unit=f.unit, **context)
            else:
                label = f"{f.label[:1].upper()}{f.label[1:]}" + (f" ({f.unit})" if f.unit else "")
            said = self.stand_ins(f.scope or "") if f.quantity.name == "peak_flops" else ""
            out[f.key] = f"{label[:-1]}, {said})" if said else label  # a peak's ends in ")"
        return out

    def figure(self, quantity: str, scope: str | None = None) -> Range | None:
        """Return one figure by quantity and scope; None when it is missing or excluded.

        Parameters
        ----------
        quantity
            A quantity of :data:`computescale.figures.QUANTITIES`: ``accelerators``,
            ``nodes``, ``peak_flops``, ``h100_equivalents``, ``power``, ``energy``,
            ``electricity_cost`` or ``capex``.
        scope
            The scope (``chip``, ``it`` or ``facility`` power; ``accelerators``,
            ``hardware``, ``facility`` or ``total`` capex) or, for ``peak_flops``,
            the number format; the quantity's default (facility, total, bf16)
            when None.

        Raises
        ------
        KeyError
            For an unknown quantity, or a scope it is not reported at.
        """
        return figure_value(self, find(quantity, scope).key)

    def missing_reason(self, quantity: str, scope: str | None = None) -> str | None:
        """Return why a figure is missing and how to supply it; None when it is not."""
        return self.missing.get(find(quantity, scope).key)


def figure_value(e: Estimate | FleetEstimate, key: str) -> Range | None:
    """Return the figure of a key (``facility_w``) from an estimate or a fleet's."""
    f = figure_of(key)
    if f.quantity.name == "accelerators":
        return e.accelerators if isinstance(e, Estimate) else e.count
    held = getattr(e, f.quantity.attribute_name)
    if f.scope is None:
        return cast("Range | None", held)
    if isinstance(held, dict):
        return cast("Range | None", held[f.scope])
    return cast("Range | None", getattr(held, f.scope))


_CONTAINERS: dict[str, Any] = {
    "peak_flops": dict,
    "power": PowerLadder,
    "capex": Capex,
    "hpl": Linpack,
}
"""The type holding each scoped quantity's figures on an estimate."""


def by_quantity(r: dict[str, Range | None]) -> dict[str, Any]:
    """Return the figures an estimate and a fleet estimate share, by attribute, from keys."""
    out: dict[str, Any] = {}
    for q in QUANTITIES.values():
        figures = [f for f in FIGURES if f.quantity is q]
        if q.name in COUNTS or not figures:
            continue
        if q.scopes:
            out[q.attribute_name] = _CONTAINERS[q.name](
                **{f.scope or "": r[f.key] for f in figures}
            )
        else:
            out[q.attribute_name] = r[figures[0].key]
    return out
