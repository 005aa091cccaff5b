"""The claims file: what a published figure says, about which cluster, in which unit.

A claim names a quantity of a cluster (a file or an inline description), the
value an article states, and optionally the number format, scope or reference
system it refers to. Values, scopes, references and bases are checked where they
are written, so an error names the claim's own field and line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from computescale.catalogue import NumberFormat
from computescale.catalogue.formats import unit_of
from computescale.claims.quantities import CLAIM_TABLE, ClaimQuantity
from computescale.claims.references import ListEntry, reference_systems
from computescale.documents import (
    Document,
    DocumentModel,
    FieldError,
    excerpt,
    file_schema,
    load_document,
    validate,
)
from computescale.engine.throughput import parse_basis
from computescale.errors import InputError
from computescale.qualifiers import Qualifier, split_qualifier
from computescale.uncertain import (
    Bounds,
    Date,
    Days,
    Fraction,
    RentalPrice,
    TrainingCompute,
    parse_bounds,
)

__all__ = [
    "CAPEX_SCOPES",
    "CLAIM_QUANTITIES",
    "DEFAULT_TOLERANCE",
    "FINANCING",
    "NOT_A_CLUSTER",
    "POWER_SCOPES",
    "Claim",
    "ClaimSource",
    "ClaimsFile",
    "claims_schema",
    "cluster_path",
    "input_files",
    "load_claims",
    "scopes_of",
]

POWER_SCOPES = CLAIM_TABLE["power"].scopes
"""Scopes of a power claim: every scope an estimate reports power at."""
CAPEX_SCOPES = CLAIM_TABLE["capex"].scopes
"""Scopes of a capex claim: the facility's construction alone is not one (press totals
include the hardware)."""

TRAINING_UNITS: dict[str, str] = {
    q.name: q.unit for q in CLAIM_TABLE.values() if q.recomputed_from == "run"
}
"""The quantities of a training run a claim may state (with ``run:``), and their units:
accelerator-hours, rental cost, duration in days, training compute."""

FINANCING = "financing"
"""A claim about money raised, lent or promised (a fund raise): recorded and shown with the
verdict ``not_comparable``, since it is not a cost of the cluster."""
NOT_A_CLUSTER: dict[str, str] = {
    q.name: q.why_not for q in CLAIM_TABLE.values() if q.recomputed_from == "nothing"
}
"""The quantities that are money but not a figure of any cluster, and why: each is
recorded and shown with the verdict ``not_comparable``, never recomputed."""
CLAIM_QUANTITIES: tuple[str, ...] = tuple(CLAIM_TABLE)
"""Every quantity a claim may name (:data:`~computescale.claims.quantities.CLAIM_TABLE`):
each of the figure table, ``ratio``, a training run's, the money that is not a cluster's
figure (:data:`NOT_A_CLUSTER`) and ``unknown``."""
DEFAULT_TOLERANCE = 0.25
"""Relative tolerance of a claim unless it sets its own: press figures are rounded
("about 200 exaFLOPS") and catalogue inputs carry their own ranges; 25 % separates
rounding from misreadings, which differ by factors of 2, 1,000 or more."""


class TrainingRunSpec(DocumentModel):
    """The training run a claim's figure is about (``run:``): its compute or its duration.

    Attributes
    ----------
    compute, days
        Training compute [FLOP], or wall-clock days: exactly one.
    mfu
        Model FLOP utilisation; the default of the run's architecture when left out
        (:data:`computescale.training.MFU_DEFAULTS`), and the span of published runs
        before a figure is called wrong.
    architecture
        ``dense`` or ``moe`` (a mixture of experts), for the default MFU; both when left
        out.
    precision
        Number format of the run's dense peak (bf16 by default).
    rental_price
        Rental price per accelerator-hour for every fleet [USD/h]; the catalogue's
        when left out.
    """

    compute: TrainingCompute | None = None
    days: Days | None = None
    mfu: Fraction | None = None
    architecture: Literal["dense", "moe"] | None = None
    precision: NumberFormat = "bf16"
    rental_price: RentalPrice | None = None

    @model_validator(mode="after")
    def _one(self) -> TrainingRunSpec:
        if (self.compute is None) == (self.days is None):
            raise ValueError("give exactly one of compute and days")
        return self


class ClaimSource(DocumentModel):
    """Where a claim was published (cite it; paraphrase, never copy text)."""

    title: str
    outlet: str
    date: Date
    url: str | None = Field(default=None, max_length=2000)


class Claim(DocumentModel):
    """One published figure to check.

    Attributes
    ----------
    id
        Short identifier.
    source
        Title, outlet and date of the publication.
    says
        The claim in your own words.
    quantity
        What the figure is: accelerators, nodes, peak_flops, h100_equivalents,
        power, energy (per year), capex, or ratio (cluster / reference system).
    precision
        Number format for peak_flops and ratio claims (default bf16).
    sparse
        True if the claim refers to sparse peaks, False if it says dense; left out (None)
        when it says neither: read as dense, with sparse a reading left open.
    scope
        chip | it | facility for power (default facility); accelerators |
        hardware | total for capex (default total); rmax | rpeak for ratio.
    basis
        Basis of H100-equivalents (default bf16).
    value
        Stated value with unit, or ``[low, high]``.
    cluster
        A cluster file (relative to the claims file) or an inline cluster; a
        drafted claim may leave it empty (null), and is then unverifiable.
    reference
        Reference system id for ratio claims (see ``reference_systems()``).
    list
        The TOP500 list of the reference (``2025-11``); by default the latest
        list on or before the source's date that holds the system.
    alternatives
        Other cluster files the figure may really describe (e.g. a long-term
        target rather than the cluster named).
    fleets
        Only the fleets of these accelerators (ids or aliases) or with these
        labels: the claim is about a subset of the cluster.
    run
        The training run of a ``gpu_hours``, ``training_cost``, ``training_days``
        or ``training_compute`` claim.
    tolerance
        Relative tolerance (default :data:`DEFAULT_TOLERANCE`).
    needs_review
        For a claim drafted from an article (``computescale extract``), what a
        person must confirm; such a draft may leave ``cluster`` and ``run`` empty.
    cluster_from
        How the cluster was chosen: ``given`` by a person (the default), ``named`` by
        the claim's own sentence, or ``inferred`` from its context by
        ``computescale extract`` (the article's subject, a shared word). A claim
        checked against an inferred cluster is never ``inconsistent``: it is
        ``unverifiable`` with the figures it has against that cluster. ``none``: no
        cluster was found (the claim is unverifiable until one is set).
    other_reading
        The value the same digits give in the other decimal convention, for a figure
        whose separators leave it open ("1.742": 1,742 in Italian, 1.742 in English).
        A figure that fails under ``value`` but holds under this reading is
        ``unverifiable``, never ``inconsistent``.
    """

    id: str = Field(min_length=1, max_length=100)
    source: ClaimSource
    says: str = Field(min_length=1, max_length=1000)
    quantity: str
    precision: NumberFormat | None = None
    sparse: bool | None = None
    scope: str | None = None
    basis: str = "bf16"
    value: Any
    cluster: str | dict[str, Any] | None = None
    reference: str | None = None
    list: str | None = None
    alternatives: tuple[str, ...] = ()
    fleets: tuple[str, ...] | None = Field(default=None, min_length=1, max_length=100)
    run: TrainingRunSpec | None = None
    tolerance: float = Field(default=DEFAULT_TOLERANCE, ge=0, le=10)
    needs_review: tuple[str, ...] = Field(default=(), max_length=100)
    cluster_from: Literal["given", "named", "inferred", "none"] = "given"
    other_reading: Any = None

    @field_validator("quantity")
    @classmethod
    def _quantity(cls, quantity: str) -> str:
        if quantity not in CLAIM_QUANTITIES:
            raise ValueError(
                f"unknown quantity {excerpt(quantity)}; use one of {', '.join(CLAIM_QUANTITIES)}"
            )
        return quantity

    @field_validator("basis")
    @classmethod
    def _basis(cls, basis: str) -> str:
        return parse_basis(basis)  # a ValueError names the known formats

    @model_validator(mode="after")
    def _check(self) -> Claim:
        if self.cluster is None and not self.needs_review and self.quantity not in NOT_A_CLUSTER:
            raise FieldError(
                "a claim needs `cluster` (a cluster file or an inline cluster); only a drafted "
                "claim, with `needs_review`, may leave it empty",
                ("id",),
            )
        draft_without_run = self.quantity in TRAINING_UNITS and self.needs_review
        if (self.quantity in TRAINING_UNITS) != (self.run is not None) and not draft_without_run:
            raise FieldError(
                f"a {self.quantity} claim needs `run: {{compute or days, ...}}`"
                if self.run is None
                else f"`run` applies to training claims ({', '.join(TRAINING_UNITS)})",
                ("run",) if self.run is not None else ("quantity",),
            )
        scopes = scopes_of(self.quantity)
        if self.scope is not None and self.scope not in scopes:
            raise FieldError(
                f"scope {excerpt(self.scope)} does not apply to {self.quantity}; "
                + (f"use one of {', '.join(scopes)}" if scopes else "remove it"),
                ("scope",),
            )
        if self.quantity == "ratio" and (self.reference is not None or not self.needs_review):
            # a drafted ratio may compare with a system that is not a reference one
            if self.reference is None:
                raise FieldError("a ratio claim needs `reference` (e.g. el-capitan)", ("value",))
            if self.reference not in reference_systems():
                raise FieldError(
                    f"unknown reference {excerpt(self.reference)}; known: "
                    + ", ".join(reference_systems()),
                    ("reference",),
                )
            system = reference_systems()[self.reference]
            if self.list is not None and self.list not in {e.list for e in system.entries}:
                raise FieldError(
                    f"{system.name} is not on the TOP500 list {excerpt(self.list)}; its lists: "
                    + ", ".join(e.list for e in system.entries),
                    ("list",),
                )
            if self.reference_entry().pflops(self.scope or "rmax") is None:
                with_mxp = [e.list for e in system.entries if e.mxp_pflops is not None]
                raise FieldError(
                    f"{system.name} has no HPL-MxP result with the TOP500 list "
                    f"{self.reference_entry().list}"
                    + (f" (lists with one: {', '.join(with_mxp)})" if with_mxp else "")
                    + "; name such a list with `list:`, or use rmax or rpeak",
                    ("scope",),
                )
        try:
            self.stated()
        except ValueError as exc:
            raise FieldError(str(exc), ("value",)) from None
        if self.other_reading is not None:
            try:
                self.stated(self.other_reading)
            except ValueError as exc:
                raise FieldError(str(exc), ("other_reading",)) from None
        return self

    def reference_entry(self) -> ListEntry:
        """Return the reference system's figures on the claim's list (see ``list``)."""
        system = reference_systems()[self.reference or ""]
        return system.on(self.source.date, self.list)

    @property
    def row(self) -> ClaimQuantity:
        """Return the claim's quantity as the claim-quantity table describes it."""
        return CLAIM_TABLE[self.quantity]

    def unit(self) -> str:
        """Return the unit of the claim's figure: OP/s for an int8 peak, else by quantity."""
        if self.quantity == "peak_flops" and self.precision is not None:
            return unit_of(self.precision)
        return self.row.unit

    @property
    def qualifier(self) -> Qualifier | None:
        """What the words before the value say: ``at_least``, ``at_most``, ``about`` or None."""
        return split_qualifier(self.value)[0]

    def stated(self, value: Any = None) -> Bounds:
        """Return the stated value (or ``value``) without its qualifier, in base units."""
        return parse_bounds(
            split_qualifier(self.value if value is None else value)[1],
            self.unit(),
            what=_what(self.quantity, self.unit()),
            strict_min=True,
            maximum=1e40,
        )


def scopes_of(quantity: str) -> tuple[str, ...]:
    """Return the scopes a claim of ``quantity`` may name (a peak's format is ``precision``)."""
    return CLAIM_TABLE[quantity].scopes


def _what(quantity: str, unit: str) -> str:
    if unit == "OP/s":
        return "an integer rate such as '2 POP/s' (int8 peaks are in OP/s, not FLOP/s)"
    return {
        "peak_flops": "a rate such as '50 EFLOP/s'",
        "power": "a power such as '300 MW'",
        "energy": "an energy such as '2 TWh'",
        "capex": "an amount such as '2e12 USD'",
        "electricity_cost": "an amount per year such as '5e8 USD'",
    }.get(quantity, "a positive number or [low, high]")


class ClaimsFile(DocumentModel):
    """A claims file: a list of claims."""

    claims: tuple[Claim, ...] = Field(min_length=1)


def claims_schema() -> dict[str, Any]:
    """Return the JSON Schema of claims files."""
    return file_schema(ClaimsFile, "computescale claims file")


def load_claims(path: str | os.PathLike[str]) -> tuple[ClaimsFile, Document]:
    """Read and validate a claims file."""
    document = load_document(path)
    data = document.data
    if isinstance(data, dict) and "fleets" in data and "claims" not in data:
        raise InputError(
            "this is a cluster file (it has `fleets:`), not a claims file",
            file=document.name,
            line=document.line_of(("fleets",)),
            expected="a claims file, with `claims:`",
            fix="estimate a cluster with `computescale estimate FILE`; a claims file names it",
        )
    return validate(ClaimsFile, document), document


def cluster_path(ref: str, document: Document) -> Path:
    """Return the path of a cluster file a claim names (relative to the claims file)."""
    return (document.base_dir / ref) if not Path(ref).is_absolute() else Path(ref)


def input_files(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Return every file a check of ``path`` reads: the claims file and the cluster files.

    The clusters and alternatives named by path are listed (inline clusters read
    no file), so that an output can be refused when it would replace an input.

    Raises
    ------
    InputError
        For an invalid claims file.
    """
    claims, document = load_claims(path)
    files = [os.fspath(path)]
    for claim in claims.claims:
        for ref in (claim.cluster, *claim.alternatives):
            if isinstance(ref, str):
                files.append(str(cluster_path(ref, document)))
    return tuple(dict.fromkeys(files))
