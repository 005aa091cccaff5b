"""Uncertain inputs: a scalar or a ``[low, high]`` range, in the documented unit of a field.

Any numeric input of a cluster file is a scalar or a ``[low, high]`` range, optionally
with a distribution (``{low, high, dist, mode}``) for the sampled estimate. Quantities
are strings with units (``"1.2 kW"``, ``"45 kUSD"``) or plain numbers in the documented
unit of the field. Validated values are stored as :class:`Bounds` in that unit; the
``Annotated`` types below attach the unit, the accepted interval and the message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from computescale import units

__all__ = [
    "MAX_COUNT",
    "Bounds",
    "Count",
    "Distribution",
    "EnergyPrice",
    "Flops",
    "Fraction",
    "Money",
    "MoneyPerPower",
    "Multiplier",
    "Power",
    "Pue",
    "Share",
    "parse_bounds",
    "strip_thousands",
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
