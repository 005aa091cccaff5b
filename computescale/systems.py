"""The systems accelerators are built into, and the power per accelerator each one draws.

The same H100 draws 1,275 W of server power in an 8-GPU DGX H100 and about 540-950 W, CPUs
and network included, in a 4-GPU HPC blade during a Linpack run. A fleet may name its
system (``system: hpc-node-4``); a fleet that names none gets the span of every system the
chip is built into, and says so. The kinds and what their figures rest on are in
``computescale/data/systems.yaml``: a chip's catalogue reference system (its
``it_power_w``), or the TOP500 systems of that kind measured during HPL
(:mod:`computescale.observed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import Field

from computescale.catalogue import AcceleratorSpec
from computescale.documents import DocumentModel, load_document, validate

__all__ = [
    "REFERENCE",
    "SystemKind",
    "SystemPower",
    "kind_power",
    "linpack_power",
    "resolve_system",
    "system_kinds",
    "systems_power",
]


class SystemKind(DocumentModel):
    """A kind of system: its id, name, aliases and the chips it has a power figure for.

    Attributes
    ----------
    per_node
        Accelerators per node (a server, a blade's node, a compute tray).
    reference_of
        Chips whose catalogue reference system is of this kind: their catalogue
        ``it_power_w``.
    measured
        Chips of which TOP500 systems of this kind were measured during HPL.
    """

    id: str
    name: str
    per_node: int = Field(gt=0)
    aliases: tuple[str, ...] = ()
    reference_of: tuple[str, ...] = ()
    measured: tuple[str, ...] = ()


class _Kinds(DocumentModel):
    linpack_measured: dict[str, dict[str, tuple[float, float, int]]]
    kinds: tuple[SystemKind, ...] = Field(min_length=1)


@lru_cache(maxsize=1)
def _systems() -> _Kinds:
    path = resources.files("computescale.data").joinpath("systems.yaml")
    with resources.as_file(path) as file:
        return validate(_Kinds, load_document(file))


def system_kinds() -> dict[str, SystemKind]:
    """Return the packaged kinds of system by id (read once)."""
    return {k.id: k for k in _systems().kinds}


def linpack_power(accelerator: str, node: str | None = None) -> tuple[float, float, int] | None:
    """Return the power per accelerator measured during Linpack: (lowest, highest) [W], systems.

    Over every TOP500 system of the chip the observed table holds, or (``node``) over
    those of one kind of node; None when there is none. A summary of
    :func:`computescale.observed.hpl_power` kept in ``data/systems.yaml``, so that an
    estimate never reads the observed table.
    """
    return _systems().linpack_measured.get(accelerator, {}).get(node or "all")


def resolve_system(name: str) -> str:
    """Return the id of a kind of system from its id or an alias (any case).

    Raises
    ------
    ValueError
        For a name no kind has, listing the known ids.
    """
    wanted = name.strip().casefold()
    for kind in system_kinds().values():
        if wanted == kind.id or wanted in (a.casefold() for a in kind.aliases):
            return kind.id
    known = "; ".join(f"{k.id} ({k.name})" for k in system_kinds().values())
    raise ValueError(f"unknown system {name!r}; known: {known}")


@dataclass(frozen=True)
class SystemPower:
    """The server or rack power per accelerator of one chip in one kind of system [W].

    Attributes
    ----------
    kind
        The kind's id.
    low, high
        The power per accelerator [W].
    basis
        What it rests on, in words (the catalogue's reference system, or measured runs).
    """

    kind: str
    low: float
    high: float
    basis: str

    def text(self) -> str:
        """Return e.g. ``hpc-node-4 540–950 W (measured ...)``."""
        span = f"{self.low:,.0f}" if self.low == self.high else f"{self.low:,.0f}–{self.high:,.0f}"
        return f"{self.kind} {span} W ({self.basis})"


def kind_power(kind: str, spec: AcceleratorSpec) -> SystemPower | None:
    """Return the power per accelerator of a chip in a kind of system; None without a figure."""
    k = system_kinds()[kind]
    if spec.id in k.reference_of and spec.it_power_w is not None:
        p = spec.it_power_w
        system = spec.packaging.system or "the catalogue's reference system"
        return SystemPower(kind, p.low, p.high, f"{system}, catalogue")
    if spec.id in k.measured:
        found = linpack_power(spec.id, kind)
        if found is not None:
            low, high, n = found
            runs = "run" if n == 1 else "runs"
            basis = f"measured during HPL on {n} TOP500 {kind} {runs} of {spec.id}"
            return SystemPower(kind, low, high, basis)
    return None


REFERENCE = "reference"
"""The kind of a chip's catalogue reference system when no kind of the table claims it."""


def systems_power(spec: AcceleratorSpec) -> list[SystemPower]:
    """Return the power per accelerator of a chip in every kind of system that has a figure.

    The chip's catalogue reference system is always among them: as its kind's figure, or
    as ``reference`` when no kind lists the chip in ``reference_of``.
    """
    found = [p for k in system_kinds() if (p := kind_power(k, spec)) is not None]
    claimed = any(spec.id in k.reference_of for k in system_kinds().values())
    it = spec.it_power_w
    if it is not None and not claimed:
        system = spec.packaging.system or "the catalogue's reference system"
        found.insert(0, SystemPower(REFERENCE, it.low, it.high, f"{system}, catalogue"))
    return found
