"""Input models: a cluster of fleets of accelerators, its build-out phases and assumptions.

Numeric inputs are :class:`~computescale.uncertain.Bounds` (a scalar or ``[low, high]``,
see :mod:`computescale.uncertain`); site assumptions are in :mod:`computescale.assumptions`.
:func:`load_cluster` reads and validates a cluster file; :func:`cluster_schema` is the
JSON Schema of those files.

One idea, at some length: what a cluster file may say (fleets and how each is counted, splits
of a total, phases, per-fleet overrides), each field checked where it is written so that an
error names its line. Site assumptions, the one part with a life of its own, are apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from computescale.assumptions import Assumptions, updated_assumptions
from computescale.catalogue import (
    Catalogue,
    NumberFormat,
    PriceBasis,
    default_catalogue,
    the_catalogue,
)
from computescale.documents import (
    Document,
    DocumentModel,
    FieldError,
    file_schema,
    load_document,
    parse_document,
    validate,
)
from computescale.errors import InputError, UnknownAcceleratorError, check_path, check_type
from computescale.qualifiers import BOUND_OF, Bound, Qualifier, split_qualifier
from computescale.shipped import located
from computescale.systems import kind_power, resolve_system, system_kinds, systems_power
from computescale.uncertain import (
    MAX_COUNT,
    Bounds,
    Count,
    Date,
    Flops,
    Money,
    Power,
    RentalPrice,
    Share,
)

__all__ = [
    "MAX_FLEETS",
    "MAX_WRITTEN",
    "PACKAGES",
    "Cluster",
    "Fleet",
    "FleetOverrides",
    "Phase",
    "SplitFleet",
    "SplitMember",
    "WrittenCount",
    "cluster_schema",
    "count_text",
    "fleets_bound",
    "load_cluster",
    "parse_cluster",
    "plausible_cluster",
    "with_assumptions",
]


MAX_FLEETS = 1000
"""Most accelerator types a cluster (or one phase of a build-out) may hold: fleets plus the
members of its splits. Real clusters have a handful; the limit keeps every pass bounded."""
MAX_WRITTEN = 10_000
"""Most fleets and split members the phases of a build-out may write in all (a full
``fleets`` list counts whole, an ``add`` list its own; a YAML alias each time it appears).
The worst accepted build-out is then estimated in a few seconds."""


def _members(fleets: tuple[Fleet | SplitFleet, ...]) -> int:
    """Return the number of fleets and split members (each member counts once)."""
    return sum(len(f.split) if isinstance(f, SplitFleet) else 1 for f in fleets)


def _check_size(fleets: tuple[Fleet | SplitFleet, ...], loc: tuple[str | int, ...]) -> None:
    members = _members(fleets)
    if members > MAX_FLEETS:
        raise FieldError(
            f"{members:,} fleets and split members, over the limit of {MAX_FLEETS:,}",
            loc,
        )


_COUNT_FIELDS = ("count", "total", "racks", "nodes", "superchips", "pods")


def _qualified_count(data: Any) -> Any:
    """Move a qualifier written before a count (``count: "more than 100000"``) to ``qualifier``.

    A mapping's count field keeps the number alone, so that it is read (and refused)
    as any count is; ``qualifier`` may also be written as its own key.
    """
    if not isinstance(data, dict):
        return data
    found = {
        key: split_qualifier(data[key])
        for key in _COUNT_FIELDS
        if isinstance(data.get(key), str) and split_qualifier(data[key])[0] is not None
    }
    if not found:
        return data
    out = dict(data)
    for key, (qualifier, rest) in found.items():
        if out.get("qualifier") not in (None, qualifier):
            raise FieldError(
                f"the count says {qualifier!r} and `qualifier` says {out['qualifier']!r}",
                (key,),
            )
        out[key], out["qualifier"] = rest, qualifier
    return out


def fleets_bound(fleets: tuple[Fleet | SplitFleet, ...]) -> Bound | None:
    """Return what the figures summing these fleets are: a lower or upper bound, or exact.

    Called on validated fleets, which never mix lower and upper bounds.
    """
    bounds = {BOUND_OF[f.qualifier] for f in fleets if f.qualifier in BOUND_OF}
    return bounds.pop() if bounds else None


def _count_field(fleet: Fleet | SplitFleet) -> str:
    """Return the key a fleet's count is written under (``count``, ``racks``, ``total``...)."""
    if isinstance(fleet, SplitFleet):
        return "total"
    return "count" if fleet.written_as is None else fleet.written_as.unit


def _check_bounds(
    fleets: tuple[Fleet | SplitFleet, ...], loc: tuple[str | int, ...], *, at_fleet: bool
) -> None:
    """Refuse fleets counted as lower bounds beside fleets counted as upper bounds.

    The error names ``loc``, and within it the later fleet's count when ``at_fleet``
    (a phase's complete list may hold fleets written in earlier phases).
    """
    seen: dict[str, int] = {}
    for i, f in enumerate(fleets):
        if f.qualifier in BOUND_OF:
            seen.setdefault(BOUND_OF[f.qualifier], i)
    if len(seen) > 1:
        i = max(seen.values())
        raise FieldError(
            "one fleet's count is a lower bound and another's an upper bound, so no figure "
            "of the cluster would be bounded either way; give one of them as a number or a "
            "[low, high] range",
            (*loc, i, _count_field(fleets[i])) if at_fleet else loc,
        )


def _check_accelerator(name: str, info: ValidationInfo) -> str:
    catalogue: Catalogue = (info.context or {}).get("catalogue") or default_catalogue()
    try:
        return catalogue.resolve(name)
    except UnknownAcceleratorError as exc:
        raise ValueError(exc.message) from None


class FleetOverrides(DocumentModel):
    """Per-fleet values that replace catalogue figures for this fleet only.

    Attributes
    ----------
    price
        Price per accelerator [USD].
    price_includes
        What ``price`` includes: ``accelerator``, ``server_share`` or
        ``rack_share`` (:data:`~computescale.catalogue.PriceBasis`); defaults to
        the catalogue's basis, or ``accelerator`` when a price is given here.
    peak_flops
        Dense peak per format, per accelerator [FLOP/s; OP/s for int8].
    tdp
        Chip power per accelerator [W].
    it_power
        IT power per accelerator at server/rack level [W].
    system
        The kind of system the accelerators are built into (``server-8``,
        ``hpc-node-4``, ``nvl72``; :mod:`computescale.systems`): its power per
        accelerator is the fleet's server or rack power. Without it, the span of
        every kind of system the chip is built into.
    rental_price
        Rental price per accelerator-hour [USD/h]; the catalogue's range by default.
    """

    price: Money | None = None
    price_includes: PriceBasis | None = None
    peak_flops: dict[NumberFormat, Flops] | None = None
    tdp: Power | None = None
    it_power: Power | None = None
    system: str | None = Field(default=None, max_length=100)
    rental_price: RentalPrice | None = None

    @field_validator("system")
    @classmethod
    def _system(cls, name: str | None) -> str | None:
        return None if name is None else resolve_system(name)

    def _system_fits(self, accelerator: str, info: ValidationInfo) -> None:
        """Refuse a system the chip has no power figure in (unless ``it_power`` is given)."""
        if self.system is None or self.it_power is not None:
            return
        catalogue: Catalogue = (info.context or {}).get("catalogue") or default_catalogue()
        spec = catalogue[accelerator]
        if kind_power(self.system, spec) is None:
            others = [p.kind for p in systems_power(spec)]
            raise FieldError(
                f"{accelerator} has no sourced power per accelerator in {self.system} systems; "
                + (f"name one of {', '.join(others)}, " if others else "")
                + "or give `it_power`",
                ("system",),
            )


PACKAGES: dict[str, str] = {
    "racks": "per_rack",
    "nodes": "per_node",
    "superchips": "per_superchip",
    "pods": "per_pod",
}
"""Units a fleet may be counted in, and the packaging field giving accelerators per unit."""

_NO_COUNT = Bounds(0.0, 0.0)  # stands for "count not written"; replaced by the validator


@dataclass(frozen=True)
class WrittenCount:
    """A fleet counted in packages: ``number`` ``unit`` of ``per`` accelerators each."""

    unit: str
    number: Bounds
    per: int

    def text(self) -> str:
        """Return e.g. ``10 racks of 72``."""
        return f"{count_text(self.number)} {self.unit} of {self.per}"


def count_text(n: Bounds) -> str:
    """Return a count as written for people: ``100,000`` or ``500,000–550,000``."""
    return f"{n.low:,.0f}" if n.is_point else f"{n.low:,.0f}–{n.high:,.0f}"


class Fleet(FleetOverrides):
    """A number of identical accelerators.

    Attributes
    ----------
    accelerator
        Catalogue id or alias; stored as the canonical id.
    count
        Number of accelerators (GPUs or chips, never superchips or racks).
    racks, nodes, superchips, pods
        The number in packages instead of ``count`` (exactly one of the five),
        converted with the catalogue's packaging: ``{accelerator: GB200,
        racks: 10}`` is 720 GPUs. After validation ``count`` holds the
        accelerators and :attr:`written_as` the packages.
    qualifier
        ``at_least``, ``at_most`` or ``about`` when the count is written with a word
        or sign before it (``count: "more than 100000"``, ``racks: "~64"``; see
        :mod:`computescale.qualifiers`): every figure that sums the fleet is then a
        lower or upper bound (:attr:`~computescale.ranges.Range.bound`), or, for
        ``about``, the count itself with a note.
    label
        Optional name shown in reports.
    """

    accelerator: str
    count: Count = Field(default=_NO_COUNT, json_schema_extra={"default": None})
    racks: Count | None = Field(default=None, exclude=True)
    nodes: Count | None = Field(default=None, exclude=True)
    superchips: Count | None = Field(default=None, exclude=True)
    pods: Count | None = Field(default=None, exclude=True)
    qualifier: Qualifier | None = None
    label: str | None = Field(default=None, max_length=200)

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": [u]} for u in ("count", *PACKAGES)]},
    )

    _written_as: WrittenCount | None = PrivateAttr(default=None)

    _accelerator = field_validator("accelerator")(_check_accelerator)

    @model_validator(mode="before")
    @classmethod
    def _qualified(cls, data: Any) -> Any:
        return _qualified_count(data)

    @model_validator(mode="after")
    def _in_accelerators(self, info: ValidationInfo) -> Fleet:
        self._system_fits(self.accelerator, info)
        given = [u for u in ("count", *PACKAGES) if u in self.model_fields_set]
        given = [u for u in given if getattr(self, u) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of count, {', '.join(PACKAGES)}"
                + (f" (got {', '.join(given)})" if given else "")
            )
        unit = given[0]
        if unit == "count":
            return self
        catalogue: Catalogue = (info.context or {}).get("catalogue") or default_catalogue()
        packaging = catalogue[self.accelerator].packaging
        per: int | None = getattr(packaging, PACKAGES[unit])
        if unit == "nodes" and self.system is not None:  # the named system's nodes
            per = system_kinds()[self.system].per_node
        if per is None:
            raise FieldError(
                f"{self.accelerator} has no {PACKAGES[unit]} in the catalogue's packaging, so "
                f"{unit} cannot be converted to accelerators; give `count`",
                (unit,),
            )
        n: Bounds = getattr(self, unit)
        if n.high * per > MAX_COUNT:
            raise FieldError(f"{unit} x {per} is over {MAX_COUNT:,.0f} accelerators", (unit,))
        mode = None if n.mode is None else n.mode * per
        self.__dict__["count"] = Bounds(n.low * per, n.high * per, n.dist, mode)
        self._written_as = WrittenCount(unit, n, per)
        return self

    @property
    def written_as(self) -> WrittenCount | None:
        """The packages the count was written in, or None when written as ``count``."""
        return self._written_as


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

    @model_validator(mode="after")
    def _fits(self, info: ValidationInfo) -> SplitMember:
        self._system_fits(self.accelerator, info)
        return self


class SplitFleet(DocumentModel):
    """A known total of accelerators split between types in uncertain shares.

    Totals stay exact: the count of the group is ``total`` whatever the split,
    and each other figure is bounded over every split the shares allow. A
    ``qualifier`` on the total reads as on a fleet's count (:class:`Fleet`).
    """

    total: Count
    split: tuple[SplitMember, ...] = Field(min_length=2, max_length=MAX_FLEETS)
    qualifier: Qualifier | None = None
    label: str | None = Field(default=None, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _qualified(cls, data: Any) -> Any:
        return _qualified_count(data)

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


# The union's tags appear in pydantic's error locations; with a space in them they can never
# be mistaken for a key of the file (a split fleet has a key `split`).
_ONE, _SPLIT = "one fleet", "split fleet"


def _fleet_kind(value: Any) -> str:
    if isinstance(value, dict):
        return _SPLIT if "split" in value or "total" in value else _ONE
    return _SPLIT if isinstance(value, SplitFleet) else _ONE


AnyFleet = Annotated[
    Annotated[Fleet, Tag(_ONE)] | Annotated[SplitFleet, Tag(_SPLIT)],
    Discriminator(_fleet_kind),
]


class Phase(DocumentModel):
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

    date: Date
    label: str | None = Field(default=None, max_length=200)
    fleets: tuple[AnyFleet, ...] | None = Field(default=None, min_length=1, max_length=1000)
    add: tuple[AnyFleet, ...] | None = Field(default=None, min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _one_of(self) -> Phase:
        if (self.fleets is None) == (self.add is None):
            raise ValueError("a phase needs either `fleets` (the full list) or `add` (new fleets)")
        return self


class Cluster(DocumentModel):
    """A cluster: named fleets of accelerators and the assumptions to apply.

    Attributes
    ----------
    name
        Name shown in reports.
    as_of
        Date the description refers to (the last phase's date for a build-out).
    announced
        For a plan, the date it was announced (its ``as_of`` is when it is due): an
        article dated on or after it may speak of the plan.
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
    as_of: Date | None = None
    announced: Date | None = None
    description: str | None = Field(default=None, max_length=10_000)
    fleets: tuple[AnyFleet, ...] = Field(default=(), max_length=1000)
    phases: tuple[Phase, ...] = Field(default=(), max_length=200)
    assumptions: Assumptions = Field(default_factory=Assumptions)

    @model_validator(mode="after")
    def _fleets_or_phases(self) -> Cluster:
        if not self.phases:
            if not self.fleets:
                raise ValueError("a cluster needs `fleets` (or dated `phases`)")
            _check_size(self.fleets, ("fleets",))
            _check_bounds(self.fleets, ("fleets",), at_fleet=True)
            return self
        if self.phases[0].fleets is None:
            raise FieldError(
                "the first phase needs `fleets` (there is nothing to add to)", ("phases", 0, "add")
            )
        for i in range(1, len(self.phases)):
            if self.phases[i].date < self.phases[i - 1].date:
                raise FieldError(
                    f"phases must be in date order: {self.phases[i].date} comes after "
                    f"{self.phases[i - 1].date}",
                    ("phases", i, "date"),
                )
        written = 0
        for i, phase in enumerate(self.phases):
            written += _members(phase.fleets or phase.add or ())
            if written > MAX_WRITTEN:
                raise FieldError(
                    f"the phases write {written:,} fleets and split members, over the limit of "
                    f"{MAX_WRITTEN:,}; use `add` for the fleets a phase adds",
                    ("phases", i),
                )
        lists = self.phase_fleets()
        for i, fleets in enumerate(lists):
            _check_size(fleets, ("phases", i))
            _check_bounds(fleets, ("phases", i), at_fleet=False)
        if self.fleets and self.fleets != lists[-1]:
            raise FieldError("give either `fleets` or `phases`, not both", ("fleets",))
        if self.fleets:
            return self
        return self.model_copy(update={"fleets": lists[-1], "as_of": self.phases[-1].date})

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


def with_assumptions(
    cluster: Cluster, updates: Mapping[str, Any], *, source: str = "assumptions"
) -> Cluster:
    """Return the cluster with some assumptions replaced; see :func:`updated_assumptions`."""
    new = updated_assumptions(cluster.assumptions, updates, source=source)
    return cluster.model_copy(update={"assumptions": new})


def plausible_cluster(cluster: Cluster) -> Cluster:
    """Return the cluster with the assumptions it does not set widened to the plausible ones."""
    return cluster.model_copy(update={"assumptions": cluster.assumptions.plausible()})


def load_cluster(path: str | os.PathLike[str], catalogue: Catalogue | None = None) -> Cluster:
    """Read and validate a cluster file.

    Parameters
    ----------
    path
        A YAML cluster file (see ``computescale schema``), or the name of a cluster
        shipped with computescale (``colossus2``, ``abilene-2025-05``: see
        :func:`computescale.shipped.known_clusters`).
    catalogue
        Catalogue against which accelerator ids are checked; packaged by default.

    Raises
    ------
    InputError
        Naming file, line and field of the first problem.
    """
    check_path(path, "path")
    return _cluster_of(load_document(located(path)), catalogue)


def parse_cluster(
    text: str, *, name: str = "<text>", catalogue: Catalogue | None = None
) -> Cluster:
    """Read and validate a cluster written as YAML text (a notebook cell, standard input).

    ``name`` stands for the file in messages. Raises :class:`InputError` as
    :func:`load_cluster` does.
    """
    check_type(text, str, "text", "the cluster as YAML text")
    return _cluster_of(parse_document(text, name), catalogue)


def _cluster_of(document: Document, catalogue: Catalogue | None) -> Cluster:
    """Validate a cluster document (see :func:`load_cluster`)."""
    if not isinstance(document.data, dict):
        raise InputError(
            "a cluster file must be a mapping with `name` and `fleets`", file=document.name, line=1
        )
    if "claims" in document.data and "fleets" not in document.data:
        raise InputError(
            "this is a claims file (it has `claims:`), not a cluster file",
            file=document.name,
            line=document.line_of(("claims",)),
            expected="a cluster file, with `name` and `fleets`",
            fix="give a cluster file here; check claims with `computescale check FILE`",
        )
    context = {"catalogue": the_catalogue(catalogue)}
    return validate(Cluster, document, context)


def cluster_schema() -> dict[str, Any]:
    """Return the JSON Schema of cluster files."""
    return file_schema(Cluster, "computescale cluster file")
