"""The one table of output figures: what every figure is called, measured in and built from.

An estimate reports a fixed set of figures: counts, a peak rate per number format,
H100-equivalents, power at three scopes, energy, electricity and capital costs. Each
is a row of :data:`FIGURES` (a :class:`Figure`): its key, the quantity and scope a
claim or a conversion asks for, its unit, where it lives on an
:class:`~computescale.estimates.Estimate`, its name in JSON and tables, and the figure
whose missing input it inherits. The engine sums exactly these keys; the estimate,
its JSON and tables, claims, conversions and the missing-reason cascade read them
from here. :data:`QUANTITIES` groups the figures by what they measure (a claim's
``quantity``, a conversion's target). :data:`RUN_FIGURES` are the figures of a
training run, which derive from an estimate's totals.

Adding a figure means one formula in :mod:`computescale.engine`, one line in
:func:`~computescale.engine.accelerator.per_accelerator` and one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from computescale.catalogue.formats import FORMATS, NumberFormat, unit_of

__all__ = [
    "COUNTS",
    "FIGURES",
    "FOR_COMPARISON",
    "KEYS",
    "QUANTITIES",
    "RUN_FIGURES",
    "Figure",
    "Quantity",
    "figure_of",
    "find",
    "unit_of_key",
]


@dataclass(frozen=True)
class Quantity:
    """What a group of figures measures: a claim's ``quantity``, a conversion's target.

    Attributes
    ----------
    name
        ``power``, ``capex``, ``peak_flops``, ... as written in claims files.
    unit
        Unit of its values (``""`` for counts); OP/s for an int8 peak.
    scopes
        The scopes it is reported at (power: chip, it, facility), in order;
        one per number format for peaks; empty when there is one figure.
    default_scope
        The scope meant when none is said (facility power, total capex, the
        bf16 peak).
    attribute
        Its attribute on an :class:`~computescale.estimates.Estimate` and a
        fleet's (``annual_energy``); the name unless set.
    json
        Its key in the JSON of an estimate (``power_w``); the name unless set.
    stated
        The scopes a stated figure (a claim, a conversion's target) may name,
        when fewer than ``scopes``: no press figure or budget is the facility's
        construction alone.
    """

    name: str
    unit: str
    scopes: tuple[str, ...] = ()
    default_scope: str | None = None
    attribute: str = ""
    json: str = ""
    stated: tuple[str, ...] | None = None

    @property
    def stated_scopes(self) -> tuple[str, ...]:
        """Return the scopes a stated figure of this quantity may name."""
        return self.scopes if self.stated is None else self.stated

    @property
    def attribute_name(self) -> str:
        """Return the attribute of the quantity on an estimate."""
        return self.attribute or self.name

    @property
    def json_key(self) -> str:
        """Return the key of the quantity in JSON output (its name unless set)."""
        return self.json or self.name


@dataclass(frozen=True)
class Figure:
    """One output figure of an estimate.

    Attributes
    ----------
    key
        Its key in the engine's sums and in ``Estimate.missing``
        (``facility_w``, ``peak_flops.bf16``).
    quantity
        The :class:`Quantity` it belongs to.
    scope
        Its scope within the quantity (``facility``; the format of a peak); None
        for a quantity of one figure.
    unit
        Unit of its values [FLOP/s, OP/s, W, Wh, USD or ``""``].
    label
        What it is, in a phrase (``facility power``).
    inherits
        Key of the figure whose missing input leaves this one missing too
        (facility power needs IT power); None when it has its own inputs.
    included_by
        The assumption that includes it; the figure is excluded, not missing,
        while that assumption is unset (facility construction needs a cost
        per MW).
    says
        What every table calls it, with what it includes and rests on: a template
        filled from the estimate (:meth:`computescale.estimates.Estimate.labels`), with
        ``{scope}``, ``{unit}``, ``{kind}`` (dense or sparse), ``{basis}`` and the
        assumptions ``{network_share}``, ``{pue}``, ``{utilisation}``,
        ``{electricity_price}``, ``{hpl_efficiency}``, ``{facility}``. Empty: the
        label and unit.
    """

    key: str
    quantity: Quantity
    scope: str | None
    unit: str
    label: str
    inherits: str | None = None
    included_by: str | None = None
    says: str = ""


_COUNT = Quantity("accelerators", "")
_NODES = Quantity("nodes", "")
_H100E = Quantity("h100_equivalents", "")
_EPOCH_H100E = Quantity(
    "epoch_h100_equivalents", "", attribute="epoch_h100e", json="h100_equivalents_epoch"
)
_PEAK = Quantity("peak_flops", "FLOP/s", tuple(FORMATS), "bf16")
_POWER = Quantity("power", "W", ("chip", "hpl", "it", "facility"), "facility", json="power_w")
_ENERGY = Quantity("energy", "Wh", attribute="annual_energy", json="annual_energy_wh")
_ELECTRICITY = Quantity(
    "electricity_cost", "USD", attribute="annual_electricity_cost", json="annual_electricity_usd"
)
_CAPEX = Quantity(
    "capex",
    "USD",
    ("accelerators", "hardware", "facility", "total"),
    "total",
    json="capex_usd",
    stated=("accelerators", "hardware", "project", "total"),
)
_RENTAL = Quantity("rental_rate", "USD/h", json="rental_usd_per_hour")
_HPL = Quantity("hpl", "FLOP/s", ("rpeak", "rmax"), "rmax", json="hpl_flops")

FOR_COMPARISON = ("epoch_h100_equivalents",)
"""Quantities an estimate shows beside another to compare with peers' figures (Epoch AI's
H100-equivalents beside those of the estimate's basis): never a claim's quantity, which
names its basis instead (``basis: epoch``)."""

COUNTS = ("accelerators", "nodes")
"""The quantities that count things: an estimate, a fleet's and their JSON hold them
under names of their own (a fleet's ``count``), not by the table."""

QUANTITIES: dict[str, Quantity] = {
    q.name: q
    for q in (
        _COUNT,
        _NODES,
        _PEAK,
        _H100E,
        _EPOCH_H100E,
        _POWER,
        _ENERGY,
        _ELECTRICITY,
        _CAPEX,
        _RENTAL,
        _HPL,
    )
}
"""Every quantity of an estimate's figures, by name. A claim's quantities are these and
more (a ratio, a training run's): :data:`computescale.claims.quantities.CLAIM_TABLE`."""


def _peak(fmt: NumberFormat) -> Figure:
    return Figure(
        f"peak_flops.{fmt}",
        _PEAK,
        fmt,
        unit_of(fmt),
        f"peak {fmt}",
        says="Peak {scope} ({kind}, {unit})",
    )


FIGURES: tuple[Figure, ...] = (
    Figure("accelerators", _COUNT, None, "", "accelerators", says="Accelerators (GPUs/chips)"),
    Figure("nodes", _NODES, None, "", "server nodes", says="Server nodes / compute trays"),
    *(_peak(f) for f in FORMATS),
    Figure("h100e", _H100E, None, "", "H100-equivalents", says="H100-equivalents ({basis})"),
    Figure(
        "epoch_h100e",
        _EPOCH_H100E,
        None,
        "",
        "H100-equivalents on Epoch AI's basis",
        says="H100-equivalents (Epoch AI's basis: best dense 8/16/32-bit), to compare",
    ),
    Figure("chip_w", _POWER, "chip", "W", "chip power", says="Power: chip (TDP x count)"),
    Figure(
        "hpl_w",
        _POWER,
        "hpl",
        "W",
        "power during Linpack",
        says="Power: during Linpack (as TOP500 systems of the chip measured it)",
    ),
    Figure(
        "it_w",
        _POWER,
        "it",
        "W",
        "IT power",
        says="Power: IT (servers/racks + {network_share} network/storage)",
    ),
    Figure(
        "facility_w",
        _POWER,
        "facility",
        "W",
        "facility power",
        inherits="it_w",
        says="Power: facility (IT x PUE {pue})",
    ),
    Figure(
        "energy_wh",
        _ENERGY,
        None,
        "Wh",
        "energy per year",
        inherits="it_w",
        says="Energy per year ({utilisation} average load)",
    ),
    Figure(
        "electricity_usd",
        _ELECTRICITY,
        None,
        "USD",
        "electricity per year",
        inherits="it_w",
        says="Electricity per year ({electricity_price} USD/kWh)",
    ),
    Figure(
        "capex_accelerators_usd",
        _CAPEX,
        "accelerators",
        "USD",
        "capex (accelerators)",
        says="Capex: accelerators (as priced)",
    ),
    Figure(
        "capex_hardware_usd",
        _CAPEX,
        "hardware",
        "USD",
        "capex (hardware)",
        inherits="capex_accelerators_usd",
        says="Capex: hardware (servers/racks, network, storage)",
    ),
    Figure(
        "capex_facility_usd",
        _CAPEX,
        "facility",
        "USD",
        "capex (facility)",
        inherits="it_w",
        included_by="facility_capex_per_mw",
        says="Capex: facility construction",
    ),
    Figure(
        "capex_total_usd",
        _CAPEX,
        "total",
        "USD",
        "capex (total)",
        inherits="capex_accelerators_usd",
        says="Capex: total ({facility})",
    ),
    Figure(
        "rental_usd_per_h",
        _RENTAL,
        None,
        "USD/h",
        "rental per hour",
        says="Rental: per hour (reported cloud prices per accelerator-hour)",
    ),
    Figure(
        "hpl_rpeak",
        _HPL,
        "rpeak",
        "FLOP/s",
        "Linpack Rpeak",
        says="Linpack Rpeak (FP64 vector to tensor rate, as TOP500 entries differ)",
    ),
    Figure(
        "hpl_rmax",
        _HPL,
        "rmax",
        "FLOP/s",
        "Linpack Rmax",
        inherits="hpl_rpeak",
        says="Linpack Rmax (Rpeak x HPL efficiency {hpl_efficiency})",
    ),
)
"""Every figure an estimate reports, for the cluster and for each fleet, in report order."""

KEYS: tuple[str, ...] = tuple(f.key for f in FIGURES)
"""The keys of :data:`FIGURES`, the figures the engine sums over fleets."""

_BY_KEY = {f.key: f for f in FIGURES}
_BY_SCOPE = {(f.quantity.name, f.scope): f for f in FIGURES}


def figure_of(key: str) -> Figure:
    """Return the figure of a key (``facility_w``, ``peak_flops.fp8``)."""
    return _BY_KEY[key]


def unit_of_key(key: str) -> str:
    """Return the unit of a figure key (``W`` for ``it_w``, ``OP/s`` for ``peak_flops.int8``)."""
    return _BY_KEY[key].unit


def find(quantity: str, scope: str | None = None) -> Figure:
    """Return the figure of a quantity at a scope (its default scope when None).

    ``find("power")`` is facility power; ``find("peak_flops", "fp8")`` the fp8 peak.

    Raises
    ------
    KeyError
        For a quantity that is not an estimate's, or a scope it is not reported at.
    """
    q = QUANTITIES[quantity]
    return _BY_SCOPE[(quantity, scope if scope is not None else q.default_scope)]


RUN_FIGURES: dict[str, str] = {
    "compute": "FLOP",
    "duration": "s",
    "accelerator_hours": "h",
    "energy": "Wh",
    "electricity_cost": "USD",
    "rental_cost": "USD",
}
"""The figures of a training run (:mod:`computescale.training`) and their units."""
