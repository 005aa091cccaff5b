"""Input models: a cluster of fleets of accelerators, and the assumptions used.

Any numeric input is a scalar or a ``[low, high]`` range. Quantities are strings
with units (``"1.2 kW"``, ``"45 kUSD"``) or plain numbers in the documented unit
of the field. Validated values are stored as ``(low, high)`` bounds in that unit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from computescale import units
from computescale.catalogue import Catalogue, NumberFormat, default_catalogue
from computescale.documents import Document, error_from_validation
from computescale.errors import InputError, UnknownAcceleratorError

__all__ = [
    "DEFAULTS",
    "Assumptions",
    "Bounds",
    "Cluster",
    "Default",
    "Fleet",
    "Phase",
    "SplitFleet",
    "SplitMember",
    "parse_bounds",
    "strip_thousands",
    "updated_assumptions",
    "with_assumptions",
]

MAX_COUNT = 1e10
"""Largest accelerator count accepted; the world has far fewer accelerators."""


Distribution = Literal["uniform", "log-uniform", "triangular"]


class Bounds(NamedTuple):
    """Validated ``(low, high)`` magnitudes in the documented unit of a field.

    ``dist`` and ``mode`` say how the sampled estimate draws the value
    (see :mod:`computescale.sampling`); the bounds themselves never depend on it.
    """

    low: float
    high: float
    dist: Distribution = "uniform"
    mode: float | None = None

    @property
    def is_point(self) -> bool:
        """True when low equals high."""
        return self.low == self.high


def parse_bounds(
    value: Any,
    unit: str,
    *,
    what: str,
    minimum: float = 0.0,
    strict_min: bool = False,
    maximum: float = math.inf,
) -> Bounds:
    """Parse a scalar or ``[low, high]`` input into :class:`Bounds` in ``unit``.

    Parameters
    ----------
    value
        A number (taken in ``unit``), a string with units, a list of two, or a
        mapping ``{low, high, dist, mode}`` (``dist``: uniform, log-uniform or
        triangular; ``mode``: the most likely value, for triangular).
    unit
        The documented unit of the field.
    what
        What the field holds, for messages ("a power such as '1.2 kW'").
    minimum, strict_min, maximum
        Accepted interval of each bound.

    Raises
    ------
    ValueError
        With a message that says what was expected.
    """
    if isinstance(value, dict):
        return _parse_distribution(value, unit, what, minimum, strict_min, maximum)
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(
                f"a range must be [low, high], got {len(value)} values; expected {what}"
            )
        low = _one(value[0], unit, what, minimum, strict_min, maximum)
        high = _one(value[1], unit, what, minimum, strict_min, maximum)
        if low > high:
            raise ValueError(f"low {value[0]!r} is above high {value[1]!r}; write [low, high]")
        return Bounds(low, high)
    one = _one(value, unit, what, minimum, strict_min, maximum)
    return Bounds(one, one)


def _parse_distribution(
    value: dict[str, Any],
    unit: str,
    what: str,
    minimum: float,
    strict_min: bool,
    maximum: float,
) -> Bounds:
    unknown = set(value) - {"low", "high", "dist", "mode"}
    if unknown:
        raise ValueError(
            f"unknown key {sorted(unknown)[0]!r} in a range; use low, high, dist and mode"
        )
    if "low" not in value or "high" not in value:
        raise ValueError(f"a range mapping needs `low` and `high`; expected {what}")
    low = _one(value["low"], unit, what, minimum, strict_min, maximum)
    high = _one(value["high"], unit, what, minimum, strict_min, maximum)
    if low > high:
        raise ValueError(f"low {value['low']!r} is above high {value['high']!r}")
    dist = value.get("dist", "triangular" if "mode" in value else "uniform")
    if dist not in ("uniform", "log-uniform", "triangular"):
        raise ValueError(f"unknown dist {dist!r}; use uniform, log-uniform or triangular")
    if dist == "log-uniform" and low <= 0:
        raise ValueError("a log-uniform range needs low > 0")
    mode = None
    if "mode" in value:
        mode = _one(value["mode"], unit, what, minimum, strict_min, maximum)
        if not low <= mode <= high:
            raise ValueError(f"mode {value['mode']!r} is outside [low, high]")
    elif dist == "triangular":
        raise ValueError("a triangular range needs `mode`")
    return Bounds(low, high, dist, mode)


def _one(
    value: Any, unit: str, what: str, minimum: float, strict_min: bool, maximum: float
) -> float:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"got {value!r}; expected {what}")
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str):
        number = _parse_quantity(value, unit, what)
    else:
        raise ValueError(f"got {type(value).__name__} {value!r}; expected {what}")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number; expected {what}")
    if number < minimum or (strict_min and number == minimum):
        sign = ">" if strict_min else ">="
        raise ValueError(f"{value!r} is out of range; must be {sign} {minimum:g} {unit}".rstrip())
    if number > maximum:
        raise ValueError(f"{value!r} is out of range; must be <= {maximum:g} {unit}".rstrip())
    return number


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])")


def strip_thousands(text: str) -> str:
    """Remove thousands separators (``550,000``); refuse a decimal comma (``1,5``).

    Raises
    ------
    ValueError
        For a comma that is not a thousands separator, which would silently
        change the number (``1,5 kW`` is not 15 kW).
    """
    plain = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    if "," in plain:
        raise ValueError(
            f"{text!r} has a comma that is not a thousands separator; write decimals with a "
            "dot (1.5 kW)"
        )
    return plain


def _parse_quantity(text: str, unit: str, what: str) -> float:
    if len(text) > 100:
        raise ValueError(f"text of {len(text)} characters; expected {what}")
    plain = strip_thousands(text).replace("$", " USD ").strip()
    if _NUMBER.fullmatch(plain):  # a plain number needs no unit registry
        return float(plain)
    try:
        quantity = units.Q_(plain)
    except Exception:
        raise ValueError(f"cannot read {text!r} as a quantity; expected {what}") from None
    if not hasattr(quantity, "units"):
        return float(quantity)
    target = units.Q_(1, unit) if unit else units.Q_(1)
    if quantity.dimensionality != target.dimensionality:
        raise ValueError(
            f"{text!r} has units of {quantity.dimensionality}, not of {unit or 'a pure number'}; "
            f"expected {what}"
        )
    return float(quantity.to(unit).magnitude) if unit else float(quantity.to("").magnitude)


def _serialise_bounds(b: Bounds) -> Any:
    if b.dist != "uniform":
        out: dict[str, Any] = {"low": b.low, "high": b.high, "dist": b.dist}
        if b.mode is not None:
            out["mode"] = b.mode
        return out
    return b.low if b.is_point else [b.low, b.high]


@dataclass(frozen=True)
class _BoundsField:
    """Pydantic metadata: parse a scalar or ``[low, high]`` into :class:`Bounds`."""

    unit: str
    what: str
    minimum: float = 0.0
    strict_min: bool = False
    maximum: float = math.inf

    def parse(self, value: Any) -> Bounds:
        if isinstance(value, Bounds):
            return value
        return parse_bounds(
            value,
            self.unit,
            what=self.what,
            minimum=self.minimum,
            strict_min=self.strict_min,
            maximum=self.maximum,
        )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(_serialise_bounds),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        scalar: dict[str, Any] = {"anyOf": [{"type": "number"}, {"type": "string"}]}
        mapping = {
            "type": "object",
            "properties": {
                "low": scalar,
                "high": scalar,
                "mode": scalar,
                "dist": {"enum": ["uniform", "log-uniform", "triangular"]},
            },
            "required": ["low", "high"],
            "additionalProperties": False,
        }
        return {
            "anyOf": [
                scalar,
                {"type": "array", "items": scalar, "minItems": 2, "maxItems": 2},
                mapping,
            ],
            "description": f"{self.what}; a scalar or [low, high]; plain numbers are in "
            f"{self.unit or '1'}",
        }


Count = Annotated[
    Bounds,
    _BoundsField(
        "",
        "an accelerator count such as 100000 or [500000, 550000]",
        strict_min=True,
        maximum=MAX_COUNT,
    ),
]
Share = Annotated[
    Bounds, _BoundsField("", "a share between 0 and 1 such as 0.5 or [0.3, 0.7]", maximum=1.0)
]
# Per-accelerator maxima: far above any real chip, low enough that no product of inputs can
# overflow a float (1e10 accelerators x 1e8 USD x multipliers stays near 1e19).
Power = Annotated[
    Bounds,
    _BoundsField(
        "W",
        "a power per accelerator such as '1.2 kW' or 1200 (W), at most 1 MW",
        strict_min=True,
        maximum=1e6,
    ),
]
Money = Annotated[
    Bounds,
    _BoundsField(
        "USD",
        "a price per accelerator such as '45000 USD', '45 kUSD' or 45000 (USD), at most 100 MUSD",
        strict_min=True,
        maximum=1e8,
    ),
]
Flops = Annotated[
    Bounds,
    _BoundsField(
        "FLOP/s",
        "a rate per accelerator such as '2.5 PFLOP/s' or 2.5e15 (FLOP/s), at most 1 ZFLOP/s",
        strict_min=True,
        maximum=1e21,
    ),
]
Pue = Annotated[
    Bounds,
    _BoundsField("", "a PUE between 1 and 3 such as 1.2 or [1.1, 1.3]", minimum=1.0, maximum=3.0),
]
Fraction = Annotated[
    Bounds, _BoundsField("", "a fraction between 0 and 1 such as 0.1 or [0.05, 0.15]", maximum=1.0)
]
Multiplier = Annotated[
    Bounds,
    _BoundsField(
        "", "a multiplier of at least 1 such as 1.4 or [1.3, 1.6]", minimum=1.0, maximum=10.0
    ),
]
EnergyPrice = Annotated[
    Bounds,
    _BoundsField(
        "USD/kWh",
        "an electricity price such as '0.08 USD/kWh' or 0.08",
        strict_min=True,
        maximum=10.0,
    ),
]
MoneyPerPower = Annotated[
    Bounds,
    _BoundsField(
        "USD/MW",
        "a cost per MW such as '10e6 USD/MW', at most 1e10",
        strict_min=True,
        maximum=1e10,
    ),
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_accelerator(name: str, info: ValidationInfo) -> str:
    catalogue: Catalogue = (info.context or {}).get("catalogue") or default_catalogue()
    try:
        return catalogue.resolve(name)
    except UnknownAcceleratorError as exc:
        raise ValueError(exc.message) from None


class FleetOverrides(_Frozen):
    """Per-fleet values that replace catalogue figures for this fleet only.

    Attributes
    ----------
    price
        Price per accelerator [USD].
    price_includes
        What ``price`` includes: ``accelerator`` or ``rack_share``; defaults to
        the catalogue's basis, or ``accelerator`` when a price is given here.
    peak_flops
        Dense peak per format, per accelerator [FLOP/s; OP/s for int8].
    tdp
        Chip power per accelerator [W].
    it_power
        IT power per accelerator at server/rack level [W].
    """

    price: Money | None = None
    price_includes: Literal["accelerator", "rack_share"] | None = None
    peak_flops: dict[NumberFormat, Flops] | None = None
    tdp: Power | None = None
    it_power: Power | None = None


class Fleet(FleetOverrides):
    """A number of identical accelerators.

    Attributes
    ----------
    accelerator
        Catalogue id or alias; stored as the canonical id.
    count
        Number of accelerators (GPUs or chips, never superchips or racks).
    label
        Optional name shown in reports.
    """

    accelerator: str
    count: Count
    label: str | None = None

    _accelerator = field_validator("accelerator")(_check_accelerator)


class SplitMember(FleetOverrides):
    """One accelerator type in a total split in uncertain proportion.

    Attributes
    ----------
    share
        Fraction of the total. Omitted on one member, that member takes the
        rest; omitted on all, any split is possible.
    """

    accelerator: str
    share: Share | None = None

    _accelerator = field_validator("accelerator")(_check_accelerator)


class SplitFleet(_Frozen):
    """A known total of accelerators split between types in uncertain shares.

    Totals stay exact: the count of the group is ``total`` whatever the split,
    and each other figure is bounded over every split the shares allow.
    """

    total: Count
    split: tuple[SplitMember, ...] = Field(min_length=2)
    label: str | None = None

    @model_validator(mode="after")
    def _shares(self) -> SplitFleet:
        open_members = [m for m in self.split if m.share is None]
        if len(open_members) == len(self.split):
            return self  # no share given: any split is possible
        if len(open_members) > 1:
            raise ValueError(
                "give `share` on every member but one (which takes the rest), or on none "
                "(any split)"
            )
        low = sum(m.share.low for m in self.split if m.share is not None)
        high = sum(m.share.high for m in self.split if m.share is not None)
        if open_members:
            if low > 1:
                raise ValueError(f"the shares' lows add up to {low:g} > 1")
            return self
        if not low <= 1 + 1e-9 <= high + 2e-9:
            raise ValueError(
                f"shares cannot add up to 1 (lows add up to {low:g}, highs to {high:g})"
            )
        return self

    def share_bounds(self) -> list[Bounds]:
        """Return each member's share bounds.

        With no share given, every member may take from 0 to 1; a single member
        without a share takes what the others leave.
        """
        if all(m.share is None for m in self.split):
            return [Bounds(0.0, 1.0)] * len(self.split)
        fixed_low = sum(m.share.low for m in self.split if m.share is not None)
        fixed_high = sum(m.share.high for m in self.split if m.share is not None)
        rest = Bounds(max(0.0, 1.0 - fixed_high), max(0.0, 1.0 - fixed_low))
        return [m.share if m.share is not None else rest for m in self.split]


def _fleet_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "split" if "split" in value or "total" in value else "fleet"
    return "split" if isinstance(value, SplitFleet) else "fleet"


AnyFleet = Annotated[
    Annotated[Fleet, Tag("fleet")] | Annotated[SplitFleet, Tag("split")],
    Discriminator(_fleet_kind),
]


@dataclass(frozen=True)
class Default:
    """A documented default: value, typical range, unit and source."""

    value: Any
    typical: str
    unit: str
    source: str
    meaning: str


DEFAULTS: dict[str, Default] = {
    "pue": Default(
        [1.1, 1.4],
        "1.06-1.6",
        "1",
        "Uptime Institute Global Data Center Survey 2024 (industry average PUE 1.56): "
        "https://uptimeinstitute.com/resources/research-and-reports ; Google fleet "
        "trailing-twelve-month PUE ~1.09: https://www.google.com/about/datacenters/efficiency/ . "
        "New liquid-cooled AI sites sit near the low end.",
        "facility power / IT power",
    ),
    "network_share": Default(
        [0.05, 0.18],
        "0.05-0.20",
        "1",
        "SemiAnalysis, 100,000 H100 Clusters: Power, Network Topology (2024-06-17): ~150 MW "
        "critical IT for 100k H100 = 1.5 kW per GPU vs 1.275 kW DGX power, i.e. ~18 % for "
        "network, storage and management: https://semianalysis.com/2024/06/17/100000-h100-clusters-power-network/",
        "IT power outside the servers (network, storage) as a share of server IT power",
    ),
    "utilisation": Default(
        [0.6, 0.9],
        "0.4-1.0",
        "1",
        "Measured: an 8-GPU HGX H100 node training Llama2-13b peaked at ~8.4 kW, 82 % of its "
        "rated 10.2 kW (Latif et al., Empirical Measurements of AI Training Power Demand on a "
        "GPU-Accelerated Node, 2024: https://arxiv.org/abs/2412.08602 ); compute-intensive "
        "training averaged ~76 % of the rating (Newkirk et al., Empirically Calibrated H100 "
        "Node Power Models, 2025: https://arxiv.org/abs/2506.14551 ). The yearly average adds "
        "idle time, checkpoints and restarts below that; the 2024 LBNL United States Data "
        "Center Energy Usage Report also models GPU servers below their rated power: "
        "https://eta-publications.lbl.gov/sites/default/files/2024-12/lbnl-2024-united-states-data-center-energy-usage-report.pdf",
        "average IT load / rated IT power, over the year",
    ),
    "electricity_price": Default(
        [0.05, 0.10],
        "0.04-0.15",
        "USD/kWh",
        "US EIA Electric Power Monthly, Table 5.6.A: average industrial price ~8 cents/kWh "
        "in 2024: https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=epmt_5_6_a",
        "price paid per kWh at the facility meter",
    ),
    "server_multiplier": Default(
        [1.3, 1.6],
        "1.2-1.8",
        "1",
        "SemiAnalysis, H100 server bill of materials: 8 GPUs are roughly 60-75 % of an HGX "
        "H100 server's cost (1/0.75 = 1.33 to 1/0.6 = 1.67): "
        "https://semianalysis.com/2024/06/17/100000-h100-clusters-power-network/",
        "server cost per accelerator / accelerator price (for `accelerator` prices only)",
    ),
    "network_capex_share": Default(
        [0.10, 0.25],
        "0.05-0.30",
        "1",
        "SemiAnalysis, 100,000 H100 Clusters: back-end network and storage add ~10-25 % to "
        "the server capex depending on topology: "
        "https://semianalysis.com/2024/06/17/100000-h100-clusters-power-network/",
        "cluster network and storage capex as a share of server (or rack) capex",
    ),
    "facility_capex_per_mw": Default(
        None,
        "8e6-15e6 USD/MW",
        "USD/MW",
        "Excluded unless given. Typical data-centre construction cost per MW of facility "
        "power from industry cost indices (Cushman & Wakefield, Data Center Development "
        "Cost Guide: "
        "https://www.cushmanwakefield.com/en/united-states/insights/data-center-development-cost-guide"
        " ).",
        "construction cost per MW of facility power",
    ),
}
"""Every default assumption, with its typical range and source."""


def _default(name: str) -> Callable[[], Bounds]:
    def make() -> Bounds:
        low, high = DEFAULTS[name].value
        return Bounds(float(low), float(high))

    return make


class Assumptions(_Frozen):
    """Assumptions of an estimate; see :data:`DEFAULTS` for sources and ranges.

    Attributes
    ----------
    pue
        Power usage effectiveness, facility / IT power [1].
    network_share
        Network and storage IT power as a share of server IT power [1].
    utilisation
        Average IT load over the year as a share of rated IT power [1].
    electricity_price
        Electricity price [USD/kWh].
    server_multiplier
        Server cost per accelerator / accelerator price, applied to prices
        that include the accelerator only [1].
    network_capex_share
        Cluster network and storage capex as a share of server capex [1].
    facility_capex_per_mw
        Facility construction cost per MW of facility power [USD/MW]; None
        leaves facility construction out of the capex.
    """

    pue: Pue = Field(default_factory=_default("pue"))
    network_share: Fraction = Field(default_factory=_default("network_share"))
    utilisation: Fraction = Field(default_factory=_default("utilisation"))
    electricity_price: EnergyPrice = Field(default_factory=_default("electricity_price"))
    server_multiplier: Multiplier = Field(default_factory=_default("server_multiplier"))
    network_capex_share: Fraction = Field(default_factory=_default("network_capex_share"))
    facility_capex_per_mw: MoneyPerPower | None = None


class Phase(_Frozen):
    """One dated step of a build-out.

    Attributes
    ----------
    date
        When the phase is (or was announced to be) in service.
    label
        Short name shown in reports and plots.
    fleets
        The complete fleet list at this date; or
    add
        Fleets added to the previous phase's.
    """

    date: dt.date
    label: str | None = Field(default=None, max_length=200)
    fleets: tuple[AnyFleet, ...] | None = Field(default=None, min_length=1, max_length=1000)
    add: tuple[AnyFleet, ...] | None = Field(default=None, min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _one_of(self) -> Phase:
        if (self.fleets is None) == (self.add is None):
            raise ValueError("a phase needs either `fleets` (the full list) or `add` (new fleets)")
        return self


class Cluster(_Frozen):
    """A cluster: named fleets of accelerators and the assumptions to apply.

    Attributes
    ----------
    name
        Name shown in reports.
    as_of
        Date the description refers to (the last phase's date for a build-out).
    fleets
        Fleets (``accelerator`` + ``count``) or splits (``total`` + ``split``);
        for a build-out, those of its last phase.
    phases
        Optional dated build-out steps, instead of ``fleets``.
    assumptions
        Site-wide assumptions; unset ones take :data:`DEFAULTS`.
    description
        Free text, e.g. where the figures come from.
    """

    name: str = Field(min_length=1, max_length=200)
    as_of: dt.date | None = None
    description: str | None = None
    fleets: tuple[AnyFleet, ...] = Field(default=(), max_length=1000)
    phases: tuple[Phase, ...] = Field(default=(), max_length=200)
    assumptions: Assumptions = Field(default_factory=Assumptions)

    @model_validator(mode="after")
    def _fleets_or_phases(self) -> Cluster:
        if not self.phases:
            if not self.fleets:
                raise ValueError("a cluster needs `fleets` (or dated `phases`)")
            return self
        if self.fleets and self.fleets != self.phase_fleets()[-1]:
            raise ValueError("give either `fleets` or `phases`, not both")
        if self.phases[0].fleets is None:
            raise ValueError("the first phase needs `fleets` (there is nothing to add to)")
        dates = [p.date for p in self.phases]
        if dates != sorted(dates):
            raise ValueError("phases must be in date order")
        if self.fleets:
            return self
        return self.model_copy(update={"fleets": self.phase_fleets()[-1], "as_of": dates[-1]})

    def phase_fleets(self) -> list[tuple[Fleet | SplitFleet, ...]]:
        """Return the complete fleet list of each phase, in order."""
        out: list[tuple[Fleet | SplitFleet, ...]] = []
        for phase in self.phases:
            current = phase.fleets if phase.fleets is not None else (*out[-1], *(phase.add or ()))
            out.append(tuple(current))
        return out

    def at_phases(self) -> list[Cluster]:
        """Return one cluster per phase (the cluster itself when it has no phases)."""
        if not self.phases:
            return [self]
        return [
            self.model_copy(
                update={
                    "name": f"{self.name}: {p.label or p.date.isoformat()}",
                    "as_of": p.date,
                    "fleets": fleets,
                    "phases": (),
                }
            )
            for p, fleets in zip(self.phases, self.phase_fleets(), strict=True)
        ]


def updated_assumptions(
    base: Assumptions, updates: Mapping[str, Any], *, source: str = "assumptions"
) -> Assumptions:
    """Return ``base`` with some assumptions replaced, checked as in a cluster file.

    Parameters
    ----------
    base
        The assumptions to start from (``Assumptions()`` for the defaults).
    updates
        Assumption name to value, written as in a cluster file: a number in the
        documented unit (see :data:`DEFAULTS`), a string with units
        (``"0.06 USD/kWh"``), ``[low, high]`` or ``{low, high, dist, mode}``.
    source
        Where the updates come from, for messages (the CLI says ``--assume``).

    Raises
    ------
    InputError
        For an unknown name (listing the known ones) or a value the field refuses.
    """
    for name in updates:
        if name not in DEFAULTS:
            close = difflib.get_close_matches(name, list(DEFAULTS), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise InputError(
                f"unknown assumption {name!r}{hint}",
                field=source,
                expected=", ".join(DEFAULTS),
            )
    # only what was set stays set, so that reports still tell defaults from given values
    merged = {**{name: getattr(base, name) for name in base.model_fields_set}, **updates}
    try:
        return Assumptions.model_validate(merged)
    except ValidationError as exc:
        raise error_from_validation(exc, Document(merged, source)) from None


def with_assumptions(
    cluster: Cluster, updates: Mapping[str, Any], *, source: str = "assumptions"
) -> Cluster:
    """Return the cluster with some assumptions replaced; see :func:`updated_assumptions`."""
    new = updated_assumptions(cluster.assumptions, updates, source=source)
    return cluster.model_copy(update={"assumptions": new})
