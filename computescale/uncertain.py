"""Uncertain inputs: a scalar or a ``[low, high]`` range, in the documented unit of a field.

Any numeric input of a cluster file is a scalar or a ``[low, high]`` range, optionally
with a distribution (``{low, high, dist, mode}``) for the sampled estimate. Quantities
are strings with units (``"1.2 kW"``, ``"45 kUSD"``) or plain numbers in the documented
unit of the field. Validated values are stored as :class:`Bounds` in that unit; the
``Annotated`` types below attach the unit, the accepted interval and the message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from computescale import units
from computescale.documents import excerpt

__all__ = [
    "MAX_COUNT",
    "Bounds",
    "Count",
    "Date",
    "Days",
    "Distribution",
    "EnergyPrice",
    "Flops",
    "Fraction",
    "Money",
    "MoneyPerPower",
    "Multiplier",
    "Power",
    "Pue",
    "RentalPrice",
    "Share",
    "TrainingCompute",
    "date_out_of_range",
    "dimension_name",
    "in_unit",
    "parse_bounds",
    "read_quantity",
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
    whole: bool = False,
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
    whole
        Accept whole numbers only (counts of accelerators).

    Raises
    ------
    ValueError
        With a message that says what was expected.
    """
    limits = _Limits(unit, what, minimum, strict_min, maximum, whole)
    if isinstance(value, Bounds):
        low, high = limits.check(value.low, value.low), limits.check(value.high, value.high)
        if low > high:
            raise ValueError(f"low {low!r} is above high {high!r}; write [low, high]")
        if value.mode is not None:
            limits.check(value.mode, value.mode)
        return value
    if isinstance(value, dict):
        return _parse_distribution(value, limits)
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(
                f"a range must be [low, high], got {len(value)} values; expected {what}"
            )
        low, high = limits.read(value[0]), limits.read(value[1])
        if low > high:
            raise ValueError(
                f"low {excerpt(value[0])} is above high {excerpt(value[1])}; write [low, high]"
            )
        return Bounds(low, high)
    one = limits.read(value)
    return Bounds(one, one)


def _parse_distribution(value: dict[str, Any], limits: _Limits) -> Bounds:
    unknown = set(value) - {"low", "high", "dist", "mode"}
    if unknown:
        raise ValueError(
            f"unknown key {excerpt(sorted(unknown, key=str)[0])} in a range; use low, high, "
            "dist and mode"
        )
    if "low" not in value or "high" not in value:
        raise ValueError(f"a range mapping needs `low` and `high`; expected {limits.what}")
    low, high = limits.read(value["low"]), limits.read(value["high"])
    if low > high:
        raise ValueError(f"low {excerpt(value['low'])} is above high {excerpt(value['high'])}")
    dist = value.get("dist", "triangular" if "mode" in value else "uniform")
    if dist not in ("uniform", "log-uniform", "triangular"):
        raise ValueError(f"unknown dist {excerpt(dist)}; use uniform, log-uniform or triangular")
    if dist == "log-uniform" and low <= 0:
        raise ValueError("a log-uniform range needs low > 0")
    mode = None
    if "mode" in value:
        mode = limits.read(value["mode"])
        if not low <= mode <= high:
            raise ValueError(f"mode {excerpt(value['mode'])} is outside [low, high]")
    elif dist == "triangular":
        raise ValueError("a triangular range needs `mode`")
    return Bounds(low, high, dist, mode)


@dataclass(frozen=True)
class _Limits:
    """How one field reads a number: its unit, its accepted interval, whole or not."""

    unit: str
    what: str
    minimum: float
    strict_min: bool
    maximum: float
    whole: bool

    def read(self, value: Any) -> float:
        """Read one number (a number, or text with units) and check it."""
        if isinstance(value, bool) or value is None:
            raise ValueError(f"got {value!r}; expected {self.what}")
        if isinstance(value, int | float):
            number = float(value) if abs(value) < 1e300 else math.inf
        elif isinstance(value, str):
            number = _parse_quantity(value, self.unit, self.what)
        else:
            raise ValueError(f"got {type(value).__name__} {excerpt(value)}; expected {self.what}")
        return self.check(number, value)

    def check(self, number: float, written: Any) -> float:
        """Check a number against the interval; ``written`` is quoted in messages."""
        if not math.isfinite(number):
            raise ValueError(f"{excerpt(written)} is not a finite number; expected {self.what}")
        low_ok = number > self.minimum if self.strict_min else number >= self.minimum
        if not low_ok:
            sign = ">" if self.strict_min else ">="
            raise ValueError(
                f"{excerpt(written)} is out of range; must be {sign} {self.minimum:g} "
                f"{self.unit}".rstrip()
            )
        if number > self.maximum:
            raise ValueError(
                f"{excerpt(written)} is out of range; must be <= {self.maximum:g} "
                f"{self.unit}".rstrip()
            )
        if self.whole and number != math.floor(number):
            raise ValueError(f"{excerpt(written)} is not a whole number; expected {self.what}")
        return number


_SEPARATOR = "[ \u00a0\u202f'\u2019,]"
_QUANTITY = re.compile(
    r"\s*(?P<dollar>\$\s*)?"
    r"(?P<number>[+-]?"
    rf"(?:[0-9]{{1,3}}(?P<sep>{_SEPARATOR})[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*|[0-9]+)?"
    r"(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)"
    r"\s*(?P<unit>(?:%|[A-Za-zµ][A-Za-z0-9µ_]*)(?:(?:\^|\*\*)[+-]?[0-9])?"
    r"(?:\s*[*/·]\s*(?:[A-Za-zµ][A-Za-z0-9µ_]*)(?:(?:\^|\*\*)[+-]?[0-9])?)*)?\s*"
)
"""A number, optionally grouped by thousands, then at most one unit expression.

Only this is read: unit text is never evaluated as arithmetic, so ``9**9**9 W``
is refused at once rather than computed. Exponents in units are one digit.
"""

_DIMENSIONS = (
    ("W", "a power"),
    ("Wh", "an energy"),
    ("USD", "an amount of money"),
    ("FLOP/s", "a FLOP/s rate"),
    ("OP/s", "an integer OP/s rate"),
    ("FLOP", "an amount of compute (FLOP)"),
    ("OP", "a number of integer operations (OP)"),
    ("s", "a duration"),
    ("B", "an amount of data"),
    ("B/s", "a bandwidth"),
    ("USD/Wh", "a price per energy"),
    ("USD/W", "a cost per power"),
    ("USD/s", "a price per time"),
    ("H100e", "H100-equivalents"),
    ("m", "a length"),
    ("g", "a mass"),
    ("", "a pure number"),
)


def dimension_name(unit: str) -> str:
    """Return what a unit measures in words ("a power" for ``kW``), or its dimensions.

    Raises
    ------
    ValueError
        For a unit the registry does not know.
    """
    dims = _registry_units(unit).dimensionality
    for reference, name in _DIMENSIONS:
        if _registry_units(reference).dimensionality == dims:
            return name
    return f"a quantity of {dims}"


def _registry_units(unit: str) -> Any:
    """Return one ``unit`` as a pint Quantity; unit text is short and free of arithmetic here."""
    try:
        return units.Q_(1.0, unit.replace("%", "percent").replace("·", "*") or "")
    except Exception:  # pint's many parse errors
        raise ValueError(f"unknown unit {_short(unit)}") from None


def read_quantity(text: str) -> tuple[float, str]:
    """Split ``"1 200 kW"`` into its number and its unit text: ``(1200.0, "kW")``.

    Thousands may be grouped by a comma, a space, a no-break space or an
    apostrophe (``550,000``, ``550 000``, ``1'200``), the same one throughout;
    a decimal comma is refused, as is anything after the unit. ``$45000`` is
    ``(45000.0, "USD")``. A plain number has the unit ``""``.

    Raises
    ------
    ValueError
        For text that is not a number followed by at most one unit.
    """
    if len(text) > 100:
        raise ValueError(f"text of {len(text)} characters")
    if re.match(r"\s*[+-]?0[xXoObB][0-9A-Fa-f]", text):
        raise ValueError(f"{_short(text)} is not a decimal number; write numbers in decimal")
    match = _QUANTITY.fullmatch(text)
    if match is None or not any(c.isdigit() for c in match["number"]):
        if re.search(r"[0-9],(?![0-9]{3}(?![0-9]))[0-9]", text):
            raise ValueError(
                f"{_short(text)} has a comma that is not a thousands separator; write decimals "
                "with a dot (1.5 kW)"
            )
        raise ValueError(f"cannot read {_short(text)} as a number followed by a unit")
    separator = match["sep"]
    number = float(match["number"].replace(separator, "") if separator else match["number"])
    unit = match["unit"] or ""
    if match["dollar"]:
        if unit:
            raise ValueError(f"{_short(text)} gives both $ and a unit; write one of them")
        unit = "USD"
    return number, unit


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:39] + "…")


def in_unit(number: float, given: str, unit: str) -> float:
    """Return ``number`` of unit ``given`` in ``unit``.

    Raises
    ------
    ValueError
        For an unknown unit, or one that measures something else than ``unit``.
    """
    if given == unit:
        return number
    quantity = _registry_units(given)
    target = _registry_units(unit)
    if quantity.dimensionality != target.dimensionality:
        raise ValueError(f"{given!r} measures {dimension_name(given)}, not {dimension_name(unit)}")
    return number * float(quantity.to(target.units).magnitude)


def _parse_quantity(text: str, unit: str, what: str) -> float:
    try:
        number, given = read_quantity(text)
        return in_unit(number, given, unit) if given else number
    except ValueError as exc:
        raise ValueError(f"{exc}; expected {what}") from None


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
    whole: bool = False

    def parse(self, value: Any) -> Bounds:
        return parse_bounds(
            value,
            self.unit,
            what=self.what,
            minimum=self.minimum,
            strict_min=self.strict_min,
            maximum=self.maximum,
            whole=self.whole,
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
        "a whole number of accelerators such as 100000 or [500000, 550000]",
        strict_min=True,
        maximum=MAX_COUNT,
        whole=True,
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
TrainingCompute = Annotated[
    Bounds,
    _BoundsField("FLOP", "a training compute such as '3.3e24 FLOP'", strict_min=True, maximum=1e40),
]
Days = Annotated[
    Bounds,
    _BoundsField(
        "day", "a duration such as '54 days' or 54 (days)", strict_min=True, maximum=36_500
    ),
]
RentalPrice = Annotated[
    Bounds,
    _BoundsField(
        "USD/h",
        "a rental price per accelerator-hour such as '2 USD/h' or 2 (USD/h), at most 10 kUSD/h",
        strict_min=True,
        maximum=1e4,
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


FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def _date(value: Any) -> dt.date:
    """Accept a date, or text ``YYYY-MM-DD``, between :data:`FIRST_DATE` and :data:`LAST_DATE`.

    Numbers are refused: pydantic would read ``0`` as 1970-01-01 (a Unix time).
    """
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{excerpt(value)} is not a real date") from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"got {excerpt(value)}; expected a date such as 2025-07-22")
    problem = date_out_of_range(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def date_out_of_range(value: dt.date) -> str | None:
    """Say why a date is out of the range a date may take (1970 to 2100), or None."""
    if FIRST_DATE <= value <= LAST_DATE:
        return None
    return (
        f"{value.isoformat()} is out of range; dates run from {FIRST_DATE.isoformat()} "
        f"to {LAST_DATE.isoformat()}"
    )


Date = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar date written ``YYYY-MM-DD``, from 1970 to 2100 (never a number)."""
