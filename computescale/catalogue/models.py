"""Frozen, validated models of the accelerator catalogue.

Every figure is per *counted unit*, which is one GPU (or one TPU, Trainium or
Gaudi chip), never a superchip, a server or a rack. Dense and sparse peaks are
separate fields. Each numeric field must be backed by at least one
:class:`Source` whose ``covers`` names it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NoReturn

import numpy as np
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

from computescale import units
from computescale.catalogue.formats import NumberFormat, unit_of
from computescale.documents import DocumentModel
from computescale.errors import MissingSpecError
from computescale.uncertain import Date

TERA = 1e12
"""Base units per catalogue unit: the peak tables hold TFLOP/s (TOP/s for int8)."""

__all__ = [
    "AcceleratorSpec",
    "Packaging",
    "PowerRange",
    "PriceBasis",
    "PriceRange",
    "RentalRange",
    "Source",
    "SpecField",
]

SpecField = Literal[
    "peak_flops_dense",
    "peak_flops_sparse",
    "memory",
    "memory_bandwidth",
    "tdp",
    "it_power",
    "price",
    "rental",
    "packaging",
    "launched",
    "notes",
]
"""Names of the field groups a source can back: the numeric ones (each needs a source), and
``packaging``, ``launched`` and ``notes`` (sources for what the entry says besides numbers)."""

PriceBasis = Literal["accelerator", "server_share", "rack_share"]
"""What a price per accelerator includes.

``accelerator``: the GPU, chip or module alone (a street or list price); the server
around it comes on top. ``server_share``: its share of a complete server (the
server's price / its accelerators). ``rack_share``: its share of a complete
rack-scale system (CPUs, in-rack switches, rack power and cooling included).
The cluster's scale-out network and storage come on top of every basis.
"""


# Catalogue numbers: real numbers (never a boolean or text) in an interval far outside any real
# chip, which keeps every total finite (a sub-normal peak or an infinite price would otherwise
# print as 0 or break JSON).
Status = Literal["shipping", "export-only", "announced", "cancelled"]
"""Where a chip stands: ``shipping``; ``export-only``, shipping but made for one market under
export rules (NVIDIA's A800, H800 and H20 for China); ``announced``, its figures the vendor's
announcement; ``cancelled``, its programme ended by the vendor (Tesla's Dojo in August 2025):
the systems already built keep its figures, no new cluster is expected to use it."""

Peak = Annotated[float, Field(strict=True, ge=1e-3, le=1e6, allow_inf_nan=False)]
"""Peak per accelerator, 1e-3 to 1e6 [TFLOP/s; TOP/s for int8]."""
Watts = Annotated[float, Field(strict=True, ge=1.0, le=1e6, allow_inf_nan=False)]
"""Power per accelerator, 1 W to 1 MW [W]."""
Gigabytes = Annotated[float, Field(strict=True, ge=1e-3, le=1e6, allow_inf_nan=False)]
"""Memory per accelerator [GB]."""
TerabytesPerSecond = Annotated[float, Field(strict=True, ge=1e-3, le=1e6, allow_inf_nan=False)]
"""Memory bandwidth per accelerator [TB/s]."""
Dollars = Annotated[float, Field(strict=True, ge=1.0, le=1e8, allow_inf_nan=False)]
"""Price per accelerator, 1 USD to 100 MUSD as in cluster files [USD]."""
Units = Annotated[int, Field(strict=True, ge=1, le=1_000_000)]
DollarsPerHour = Annotated[float, Field(strict=True, ge=1e-3, le=1e4, allow_inf_nan=False)]
"""Rental price per accelerator-hour [USD/h]."""


class ReadOnlyDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes, so the shared catalogue cannot be altered by a caller."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("catalogue figures are read-only; use a catalogue file to override them")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse


def _read_only(table: Mapping[NumberFormat, float]) -> dict[NumberFormat, float]:
    return ReadOnlyDict(table)


PeakTable = Annotated[dict[NumberFormat, Peak], AfterValidator(_read_only)]


def _single_value(value: Any) -> Any:
    """Read a single number as the range ``{low: x, high: x}``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"low": value, "high": value}
    return value


class PowerRange(DocumentModel):
    """A power figure per accelerator: one number, or a range where sources differ.

    Written as a number (``700``) or as ``{low: 1667, high: 1833}``; a number is
    read as a range whose ends are equal.

    Attributes
    ----------
    low, high
        Bounds of the power per counted unit [W].
    """

    low: Watts
    high: Watts

    @model_validator(mode="after")
    def _ordered(self) -> PowerRange:
        if self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self

    @property
    def exact(self) -> bool:
        """True when the figure is a single number."""
        return self.low == self.high

    def text(self) -> str:
        """Return the figure as printed: ``700`` or ``1,667–1,833``."""
        return f"{self.low:,.6g}" if self.exact else f"{self.low:,.6g}–{self.high:,.6g}"


_WATTS_SCHEMA = {"type": "number", "minimum": 1.0, "maximum": 1e6}
Power = Annotated[
    PowerRange,
    BeforeValidator(_single_value),
    WithJsonSchema(
        {
            "anyOf": [
                _WATTS_SCHEMA,
                {
                    "type": "object",
                    "properties": {"low": _WATTS_SCHEMA, "high": _WATTS_SCHEMA},
                    "required": ["low", "high"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
"""A power figure [W]: a number, or ``{low, high}``."""


class Source(DocumentModel):
    """A document that backs some fields of a catalogue entry.

    Attributes
    ----------
    title
        Document title, as published.
    url
        Address of the document.
    published
        Date of the document, if it shows one.
    accessed
        Date the figures were read from it.
    kind
        ``primary``: the vendor's own page, datasheet, whitepaper, documentation or
        paper (TOP500 for systems); ``secondary``: press, analysts, blogs, wikis.
    covers
        The field groups whose values come from this document.
    note
        How a value was read or derived (e.g. "rack figure / 72").
    """

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^(https?://|file:|/|\.)\S+$")
    published: Date | None = None
    accessed: Date
    kind: Literal["primary", "secondary"]
    covers: tuple[SpecField, ...] = Field(min_length=1)
    note: str | None = None


class Packaging(DocumentModel):
    """What one counted unit is and how units are grouped.

    Attributes
    ----------
    counted_unit
        What one unit of ``count`` is, e.g. "one B200 GPU (half a GB200 superchip)".
    per_node
        Accelerators per server node or compute tray.
    per_rack
        Accelerators per rack in the reference system, if fixed.
    per_superchip
        Accelerators per superchip (a CPU and its GPUs on one board, e.g. 2 on
        GB200: one Grace + two Blackwell GPUs); None where the chip comes alone.
    per_pod
        Accelerators per pod (TPUs: the chips one interconnect domain joins), if fixed.
    system
        The reference system the per-accelerator IT power is taken from.
    """

    counted_unit: str = Field(min_length=1)
    per_node: Units
    per_rack: Units | None = None
    per_superchip: Units | None = None
    per_pod: Units | None = None
    system: str | None = None


class _Reported(DocumentModel):
    """A reported range of prices, ``low_usd`` to ``high_usd``: low is never above high."""

    @model_validator(mode="after")
    def _ordered(self) -> _Reported:
        low, high = getattr(self, "low_usd"), getattr(self, "high_usd")  # noqa: B009
        if low > high:
            raise ValueError(f"low_usd {low} is above high_usd {high}")
        return self


class PriceRange(_Reported):
    """A range of reported prices per accelerator.

    Attributes
    ----------
    low_usd, high_usd
        Bounds of the price per counted unit [USD].
    includes
        What the price includes (:data:`PriceBasis`): ``accelerator``,
        ``server_share`` or ``rack_share``.
    as_of
        When the price was reported.
    """

    low_usd: Dollars
    high_usd: Dollars
    includes: PriceBasis
    as_of: Date
    note: str | None = None


class RentalRange(_Reported):
    """A range of reported rental prices per accelerator-hour.

    Attributes
    ----------
    low_usd, high_usd
        Bounds of the price of one accelerator for one hour [USD/h].
    as_of
        When the prices were reported.
    """

    low_usd: DollarsPerHour
    high_usd: DollarsPerHour
    as_of: Date
    note: str | None = None


_NARROWER_FIRST = ("fp4", "fp6", "fp8", "bf16", "tf32", "fp32", "fp64")
"""Floating-point formats from the narrowest: a chip's dense peak never rises along them."""


def _trimmed(aliases: tuple[str, ...]) -> tuple[str, ...]:
    for alias in aliases:
        if not alias.strip() or alias != alias.strip():
            raise ValueError(
                f"alias {alias!r} is empty or padded with spaces; write each name as it is read"
            )
    return aliases


class AcceleratorSpec(DocumentModel):
    """One accelerator: datasheet figures per counted unit, with sources.

    Attributes
    ----------
    id
        Canonical id, e.g. ``H100-SXM``.
    aliases
        Other names that resolve to this entry (case-insensitive).
    peak_tflops_dense, peak_tflops_sparse
        Peak throughput per format without and with 2:4 structured sparsity
        [TFLOP/s; TOP/s for int8]. Only formats the vendor publishes.
    memory_gb
        Accelerator memory capacity [GB, 1e9 bytes].
    memory_bandwidth_tbps
        Accelerator memory bandwidth [TB/s].
    status
        ``shipping``; ``export-only``, shipping for one market under export rules;
        ``announced`` for a product whose figures are the vendor's announcement; or
        ``cancelled`` for a programme the vendor ended (see :data:`Status`).
    launched
        Launch or announcement date; None where no source gives one (the notes
        say so).
    tdp_w
        Thermal design power of one accelerator [W]; a range where the vendor
        gives a configurable range or only secondary estimates exist.
    it_power_w
        IT power per accelerator of the reference server or rack (system power
        divided by its accelerators; CPUs, NICs, switches in the system
        included) [W]; a range where systems or sources differ.
    rental
        Reported rental prices per accelerator-hour [USD/h].
    """

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    aliases: Annotated[tuple[str, ...], AfterValidator(_trimmed)] = ()
    vendor: str
    name: str
    form_factor: str
    status: Status = "shipping"
    launched: Date | None = None
    peak_tflops_dense: PeakTable = Field(min_length=1)
    peak_tflops_sparse: PeakTable = Field(default_factory=lambda: ReadOnlyDict())
    memory_gb: Gigabytes | None = None
    memory_bandwidth_tbps: TerabytesPerSecond | None = None
    tdp_w: Power | None = None
    it_power_w: Power | None = None
    packaging: Packaging
    price: PriceRange | None = None
    rental: RentalRange | None = None
    sources: tuple[Source, ...] = Field(min_length=1)
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AcceleratorSpec:
        for fmt, sparse in self.peak_tflops_sparse.items():
            dense = self.peak_tflops_dense.get(fmt)
            if dense is None:
                raise ValueError(
                    f"peak_tflops_sparse.{fmt} is given without peak_tflops_dense.{fmt}; "
                    "publish the dense figure (never derive it by halving)"
                )
            if sparse < dense:
                raise ValueError(
                    f"peak_tflops_sparse.{fmt} = {sparse} is below the dense figure {dense}: "
                    "dense and sparse are swapped?"
                )
        table = self.peak_tflops_dense
        given = [(f, table[f]) for f in _NARROWER_FIRST if f in table]
        for (narrow, fast), (wide, rate) in itertools.pairwise(given):
            if fast < rate and not any(narrow in n for n in self.notes):
                raise ValueError(
                    f"peak_tflops_dense.{narrow} = {fast:g} is below {wide} = {rate:g}: a narrower "
                    "format is never slower on one chip; check the units (TFLOP/s) and the "
                    f"formats, or say why in `notes` (naming {narrow})"
                )
        it, tdp = self.it_power_w, self.tdp_w
        # a TDP range is configurable (MI300A: 550-760 W): a system runs its chips at one
        # setting in it, so its power per chip is at least the lowest TDP
        if it is not None and tdp is not None and it.low < tdp.low:
            raise ValueError(
                f"it_power_w = {it.text()} is below tdp_w = {tdp.text()}; IT power per "
                "accelerator includes the accelerator itself, at its lowest TDP at least"
            )
        missing = sorted(self.sourced_fields() - self.covered_fields())
        if missing:
            raise ValueError(
                f"no source covers {', '.join(missing)}: add a source whose `covers` names them"
            )
        return self

    def sourced_fields(self) -> set[str]:
        """Return the numeric field groups this entry sets, which need a source."""
        present = {
            "peak_flops_dense": True,
            "peak_flops_sparse": bool(self.peak_tflops_sparse),
            "memory": self.memory_gb is not None,
            "memory_bandwidth": self.memory_bandwidth_tbps is not None,
            "tdp": self.tdp_w is not None,
            "it_power": self.it_power_w is not None,
            "price": self.price is not None,
            "rental": self.rental is not None,
        }
        return {name for name, is_set in present.items() if is_set}

    def covered_fields(self) -> set[str]:
        """Return the field groups named by at least one source."""
        return {name for source in self.sources for name in source.covers}

    def sources_for(self, field: SpecField) -> tuple[Source, ...]:
        """Return the sources that back one field group."""
        return tuple(s for s in self.sources if field in s.covers)

    def has_format(self, fmt: NumberFormat, *, sparse: bool = False) -> bool:
        """Return True if the vendor publishes a peak for ``fmt``."""
        return fmt in (self.peak_tflops_sparse if sparse else self.peak_tflops_dense)

    def peak_rates(self, *, sparse: bool = False) -> dict[NumberFormat, float]:
        """Return every published peak per accelerator in base units [FLOP/s; OP/s for int8].

        The tables hold TFLOP/s (TOP/s) as datasheets print them; this is where
        they become base units, once, for every computation.
        """
        table = self.peak_tflops_sparse if sparse else self.peak_tflops_dense
        return {fmt: rate * TERA for fmt, rate in table.items()}

    def peak_flops(self, fmt: NumberFormat, *, sparse: bool = False) -> Any:
        """Return the published peak throughput in one format.

        Parameters
        ----------
        fmt
            Number format, e.g. ``"bf16"``.
        sparse
            True for the 2:4 structured-sparsity figure.

        Returns
        -------
        pint.Quantity
            Peak rate per accelerator [FLOP/s; OP/s for int8].

        Raises
        ------
        MissingSpecError
            If the vendor publishes no figure for that format. Nothing is
            derived here; see :func:`computescale.engine.throughput.resolve_peak` for
            the documented fallback to a wider format.
        """
        table = self.peak_tflops_sparse if sparse else self.peak_tflops_dense
        if fmt not in table:
            kind = "sparse" if sparse else "dense"
            have = ", ".join(table) or "none"
            raise MissingSpecError(
                f"{self.id} has no published {kind} {fmt} peak (published: {have})"
            )
        return units.Q_(self.peak_rates(sparse=sparse)[fmt], unit_of(fmt))

    def quantity(self, name: Literal["memory", "memory_bandwidth"]) -> Any:
        """Return a memory figure as a pint Quantity, or None if unpublished.

        ``memory`` [B], ``memory_bandwidth`` [B/s].
        """
        value, unit = {
            "memory": (self.memory_gb, "GB"),
            "memory_bandwidth": (self.memory_bandwidth_tbps, "TB/s"),
        }[name]
        return None if value is None else units.Q_(value, unit)

    def power(self, name: Literal["tdp", "it_power"]) -> Any:
        """Return a power figure as a pint Quantity ``[low, high]`` [W], or None if unknown."""
        value = {"tdp": self.tdp_w, "it_power": self.it_power_w}[name]
        return None if value is None else units.Q_(np.array([value.low, value.high]), "W")

    def summary(self) -> dict[str, Any]:
        """Return every field in base units, for JSON output.

        Keys: ``peak_flops_dense`` and ``peak_flops_sparse`` keyed by format
        [FLOP/s, OP/s for int8], ``memory_bytes``, ``memory_bandwidth_bytes_per_s``,
        ``tdp_w`` and ``it_power_w`` as ``{"low", "high"}`` [W], ``price_usd`` as
        ``{"low", "high", "includes", "as_of"}``, ``rental_usd_per_hour`` as
        ``{"low", "high", "as_of"}``, ``packaging``, ``sources`` and ``notes``.
        """
        price = None
        if self.price is not None:
            price = {
                "low": self.price.low_usd,
                "high": self.price.high_usd,
                "includes": self.price.includes,
                "as_of": self.price.as_of.isoformat(),
            }
        rental = None
        if self.rental is not None:
            rental = {
                "low": self.rental.low_usd,
                "high": self.rental.high_usd,
                "as_of": self.rental.as_of.isoformat(),
            }

        def watts(value: PowerRange | None) -> dict[str, float] | None:
            return None if value is None else {"low": value.low, "high": value.high}

        return {
            "id": self.id,
            "aliases": list(self.aliases),
            "vendor": self.vendor,
            "name": self.name,
            "form_factor": self.form_factor,
            "status": self.status,
            "launched": None if self.launched is None else self.launched.isoformat(),
            "counted_unit": self.packaging.counted_unit,
            "peak_flops_dense": self.peak_rates(),
            "peak_flops_sparse": self.peak_rates(sparse=True),
            "memory_bytes": None if self.memory_gb is None else self.memory_gb * 1e9,
            "memory_bandwidth_bytes_per_s": (
                None if self.memory_bandwidth_tbps is None else self.memory_bandwidth_tbps * 1e12
            ),
            "tdp_w": watts(self.tdp_w),
            "it_power_w": watts(self.it_power_w),
            "price_usd": price,
            "rental_usd_per_hour": rental,
            "packaging": self.packaging.model_dump(mode="json"),
            "sources": [s.model_dump(mode="json") for s in self.sources],
            "notes": list(self.notes),
        }
