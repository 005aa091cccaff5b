"""Claim checking: recompute a published figure, give a verdict and a diagnosis.

A claim names a quantity of a cluster (a file or an inline description), the
value an article states, and optionally the number format, scope or reference
system it refers to. :func:`check_claims` recomputes the quantity with
:func:`computescale.estimate.estimate`, compares, and for an inconsistent figure
tries systematic alternative readings (another number format, sparse instead of
dense, an SI-prefix slip, superchips or racks instead of GPUs, H100-equivalents
instead of GPUs, another power or cost scope, another chip's price, another
cluster the claim names as an alternative) and reports those under which the
figure would hold, most plausible first.

With ``samples``, a consistent claim is also compared with the likely range
(p5-p95) of the recomputed figure: a figure inside the guaranteed bounds but
outside the likely range holds only when several assumptions sit near the ends
of their ranges at once.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from computescale.bounds import Bounds, Date, parse_bounds
from computescale.catalogue import (
    Catalogue,
    NumberFormat,
    default_catalogue,
    parse_format,
)
from computescale.catalogue.formats import unit_of
from computescale.documents import (
    Document,
    FieldError,
    excerpt,
    load_document,
    validate,
    validate_part,
)
from computescale.errors import InputError
from computescale.io import load_cluster
from computescale.ranges import Range
from computescale.readings import (
    CAPEX_SCOPES,
    POWER_SCOPES,
    Context,
    estimate_under,
    figure,
    readings,
)
from computescale.references import ReferenceSystem, reference_systems
from computescale.scenario import Cluster, with_assumptions

__all__ = [
    "Claim",
    "ClaimResult",
    "ClaimsFile",
    "Reading",
    "ReferenceSystem",
    "check_claim",
    "check_claims",
    "input_files",
    "load_claims",
    "reference_systems",
]

QuantityKind = Literal[
    "accelerators", "nodes", "peak_flops", "h100_equivalents", "power", "energy", "capex", "ratio"
]
_UNIT: dict[str, str] = {
    "accelerators": "",
    "nodes": "",
    "h100_equivalents": "",
    "ratio": "",
    "peak_flops": "FLOP/s",
    "power": "W",
    "energy": "Wh",
    "capex": "USD",
}
DEFAULT_TOLERANCE = 0.25
"""Relative tolerance of a claim unless it sets its own: press figures are rounded
("about 200 exaFLOPS") and catalogue inputs carry their own ranges; 25 % separates
rounding from misreadings, which differ by factors of 2, 1,000 or more."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClaimSource(_Frozen):
    """Where a claim was published (cite it; paraphrase, never copy text)."""

    title: str
    outlet: str
    date: Date
    url: str | None = Field(default=None, max_length=2000)


class Claim(_Frozen):
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
        True if the claim refers to sparse peaks.
    scope
        chip | it | facility for power (default facility); accelerators |
        hardware | total for capex (default total); rmax | rpeak for ratio.
    basis
        Basis of H100-equivalents (default bf16).
    value
        Stated value with unit, or ``[low, high]``.
    cluster
        A cluster file (relative to the claims file) or an inline cluster.
    reference
        Reference system id for ratio claims (see ``reference_systems()``).
    alternatives
        Other cluster files the figure may really describe (e.g. a long-term
        target rather than the cluster named).
    tolerance
        Relative tolerance (default :data:`DEFAULT_TOLERANCE`).
    """

    id: str = Field(min_length=1, max_length=100)
    source: ClaimSource
    says: str = Field(min_length=1, max_length=1000)
    quantity: QuantityKind
    precision: NumberFormat | None = None
    sparse: bool = False
    scope: str | None = None
    basis: str = "bf16"
    value: Any
    cluster: str | dict[str, Any]
    reference: str | None = None
    alternatives: tuple[str, ...] = ()
    tolerance: float = Field(default=DEFAULT_TOLERANCE, ge=0, le=10)

    @field_validator("basis")
    @classmethod
    def _basis(cls, basis: str) -> str:
        if basis != "tpp":
            parse_format(basis)  # a ValueError names the known formats
        return basis

    @model_validator(mode="after")
    def _check(self) -> Claim:
        allowed = {"power": POWER_SCOPES, "capex": CAPEX_SCOPES, "ratio": ("rmax", "rpeak")}
        scopes = allowed.get(self.quantity, ())
        if self.scope is not None and self.scope not in scopes:
            raise FieldError(
                f"scope {excerpt(self.scope)} does not apply to {self.quantity}; "
                + (f"use one of {', '.join(scopes)}" if scopes else "remove it"),
                ("scope",),
            )
        if self.quantity == "ratio":
            if self.reference is None:
                raise FieldError("a ratio claim needs `reference` (e.g. el-capitan)", ("value",))
            if self.reference not in reference_systems():
                raise FieldError(
                    f"unknown reference {excerpt(self.reference)}; known: "
                    + ", ".join(reference_systems()),
                    ("reference",),
                )
        try:
            self.stated()
        except ValueError as exc:
            raise FieldError(str(exc), ("value",)) from None
        return self

    def unit(self) -> str:
        """Return the unit of the claim's figure: OP/s for an int8 peak, else by quantity."""
        if self.quantity == "peak_flops" and self.precision is not None:
            return unit_of(self.precision)
        return _UNIT[self.quantity]

    def stated(self) -> Bounds:
        """Return the stated value as bounds in base units (at most 1e40)."""
        return parse_bounds(
            self.value,
            self.unit(),
            what=_what(self.quantity, self.unit()),
            strict_min=True,
            maximum=1e40,
        )


def _what(quantity: str, unit: str) -> str:
    if unit == "OP/s":
        return "an integer rate such as '2 POP/s' (int8 peaks are in OP/s, not FLOP/s)"
    return {
        "peak_flops": "a rate such as '50 EFLOP/s'",
        "power": "a power such as '300 MW'",
        "energy": "an energy such as '2 TWh'",
        "capex": "an amount such as '2e12 USD'",
    }.get(quantity, "a positive number or [low, high]")


class ClaimsFile(_Frozen):
    """A claims file: a list of claims."""

    claims: tuple[Claim, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Reading:
    """An alternative reading of a claim and what it recomputes to.

    Attributes
    ----------
    reading
        What the reading assumes, in words.
    recomputed
        The figure under that reading.
    ratio
        stated / recomputed (geometric middles).
    """

    reading: str
    recomputed: Range
    ratio: float


@dataclass(frozen=True)
class ClaimResult:
    """The check of one claim.

    Attributes
    ----------
    claim
        The claim checked.
    verdict
        ``consistent``, ``inconsistent`` or ``unverifiable``.
    stated, recomputed
        Ranges in base units; ``recomputed`` is None when unverifiable.
    ratio
        stated / recomputed (geometric middles), None when unverifiable.
    diagnosis
        Readings under which an inconsistent figure would hold, most
        plausible first.
    closest
        When no reading holds, the three readings nearest to it.
    reason
        For unverifiable claims, what is missing.
    likely
        With samples, for a consistent claim: whether the stated value (within
        the tolerance) meets the likely range p5-p95 of the recomputed figure;
        False means it holds only near the edges of the assumptions. None when
        not sampled or not consistent.
    """

    claim: Claim
    verdict: Literal["consistent", "inconsistent", "unverifiable"]
    stated: Range
    recomputed: Range | None
    ratio: float | None
    diagnosis: tuple[Reading, ...] = ()
    closest: tuple[Reading, ...] = ()
    reason: str | None = None
    likely: bool | None = None

    @property
    def explanation(self) -> str:
        """The likeliest explanation, in words."""
        if self.verdict == "consistent" and self.likely is False:
            return "holds only near the edges of the assumptions (outside the likely p5–p95)"
        if self.verdict == "consistent":
            return "holds under the stated assumptions"
        if self.verdict == "unverifiable":
            return self.reason or "cannot be derived"
        if self.diagnosis:
            return self.diagnosis[0].reading
        return "no single reading explains it"


def _mid(low: float, high: float) -> float:
    """Geometric middle of a range (arithmetic when a bound is 0), without overflow."""
    if low > 0 and high > 0:
        return math.exp((math.log(low) + math.log(high)) / 2)
    return low / 2 + high / 2


def _ratio(stated: Bounds, rec: Range) -> float:
    lo, hi = rec.magnitudes()
    denominator = _mid(lo, hi)
    return math.inf if denominator == 0 else _mid(stated.low, stated.high) / denominator


def _holds(stated: Bounds, rec: Range, tol: float) -> bool:
    lo, hi = rec.magnitudes()
    return stated.high >= lo * (1 - tol) and stated.low <= hi * (1 + tol)


def check_claim(
    claim: Claim,
    cluster: Cluster,
    *,
    catalogue: Catalogue | None = None,
    alternatives: Sequence[tuple[str, Cluster]] = (),
    samples: int | None = None,
    seed: int | None = None,
) -> ClaimResult:
    """Check one claim against a cluster; see the module docstring.

    ``samples`` and ``seed`` sample the recomputed figure (see
    :func:`computescale.estimate.estimate`) to tell a likely figure from one that
    holds only near the edges of the assumptions; readings use the bounds.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    ctx = Context(claim, cluster, cat, list(alternatives))
    stated_b = claim.stated()
    unit = claim.unit()
    stated = Range.of((stated_b.low, stated_b.high), unit)
    base = estimate_under(ctx, samples=samples, seed=seed)
    recomputed, reason = figure(base, claim)
    if recomputed is None:
        return ClaimResult(
            claim,
            "unverifiable",
            stated,
            None,
            None,
            reason=reason or "the cluster lacks the figures this claim needs",
        )
    ratio = _ratio(stated_b, recomputed)
    if _holds(stated_b, recomputed, claim.tolerance):
        pct = recomputed.percentiles()
        likely = None
        if pct is not None:
            likely = _holds(stated_b, Range.of((pct[0], pct[2]), unit), claim.tolerance)
        return ClaimResult(claim, "consistent", stated, recomputed, ratio, likely=likely)
    scored = sorted(
        (
            (rank, abs(math.log(max(_ratio(stated_b, r), 1e-300))), text, r)
            for rank, text, r in readings(ctx, base)
        ),
        key=lambda t: (t[0], t[1]),
    )
    matches = tuple(
        Reading(text, r, _ratio(stated_b, r))
        for rank, _, text, r in scored
        if _holds(stated_b, r, claim.tolerance)
    )
    closest: tuple[Reading, ...] = ()
    if not matches:
        nearest = sorted(scored, key=lambda t: t[1])[:3]
        closest = tuple(Reading(text, r, _ratio(stated_b, r)) for _, _, text, r in nearest)
    return ClaimResult(claim, "inconsistent", stated, recomputed, ratio, matches, closest)


def load_claims(path: str | os.PathLike[str]) -> tuple[ClaimsFile, Document]:
    """Read and validate a claims file."""
    document = load_document(path)
    return validate(ClaimsFile, document), document


def _cluster_path(ref: str, document: Document) -> Path:
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
                files.append(str(_cluster_path(ref, document)))
    return tuple(dict.fromkeys(files))


def check_claims(
    source: str | os.PathLike[str] | Sequence[tuple[Claim, Cluster]],
    *,
    catalogue: Catalogue | None = None,
    samples: int | None = None,
    seed: int | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assumptions",
) -> list[ClaimResult]:
    """Check every claim of a claims file (or of ``(claim, cluster)`` pairs).

    Parameters
    ----------
    source
        Path of a claims file, whose cluster paths are relative to it; or a
        sequence of ``(claim, cluster)`` pairs.
    catalogue
        Accelerator figures; the packaged catalogue by default.
    samples, seed
        Monte Carlo samples per claim and their seed: each consistent claim is
        also compared with the likely range of its figure (see :func:`check_claim`).
    assume
        Assumptions to replace in every cluster the claims name, alternatives
        included (see :func:`computescale.scenario.with_assumptions`).
    assume_source
        Where ``assume`` comes from, for messages (the CLI says ``--assume``).

    Raises
    ------
    InputError
        For an invalid claims file or a cluster file it names.
    """
    cat = catalogue if catalogue is not None else default_catalogue()

    def assumed(cluster: Cluster) -> Cluster:
        return with_assumptions(cluster, assume, source=assume_source) if assume else cluster

    if not isinstance(source, str | os.PathLike):
        return [
            check_claim(c, assumed(cl), catalogue=cat, samples=samples, seed=seed)
            for c, cl in source
        ]
    claims, document = load_claims(source)
    cache: dict[str, Cluster] = {}
    results = []
    for i, claim in enumerate(claims.claims):
        cluster = _resolve(claim.cluster, document, i, "cluster", cat, cache, assumed)
        alts = [
            _resolve(name, document, i, f"alternatives[{j}]", cat, cache, assumed)
            for j, name in enumerate(claim.alternatives)
        ]
        named = [(a.name, a) for a in alts]
        results.append(
            check_claim(
                claim, cluster, catalogue=cat, alternatives=named, samples=samples, seed=seed
            )
        )
    return results


def _resolve(
    ref: str | dict[str, Any],
    document: Document,
    index: int,
    field: str,
    cat: Catalogue,
    cache: dict[str, Cluster],
    prepare: Callable[[Cluster], Cluster],
) -> Cluster:
    """Return the cluster a claim names (a file, cached, or inline), passed through ``prepare``."""
    loc = ("claims", index, field.split("[")[0])
    if isinstance(ref, dict):
        return prepare(validate_part(Cluster, ref, document, loc, {"catalogue": cat}))
    path = _cluster_path(ref, document)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            f"cluster file {excerpt(ref)} is not a YAML file (.yaml or .yml)",
            file=document.name,
            line=document.line_of(loc),
            field=f"claims[{index}].{field}",
            fix="name a cluster file; computescale reads no other file",
        )
    key = str(path)
    if key not in cache:
        try:
            loaded = load_cluster(path, cat)
        except InputError as exc:
            if exc.line is not None or exc.file != key:
                raise  # a problem inside the cluster file: its own file and line
            raise InputError(
                f"cluster file {ref!r}: {exc.problem} (paths are relative to the claims file)",
                file=document.name,
                line=document.line_of(loc),
                field=f"claims[{index}].{field}",
            ) from None
        cache[key] = prepare(loaded)
    return cache[key]
