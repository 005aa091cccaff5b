"""Reference systems for ratio claims: TOP500 systems on dated lists.

Each entry holds the FP64 Linpack figures and, where one was found, the HPL-MxP result. A
claim compares with the latest list, on or before its source date, that holds the system; a
claim may name another (``list: 2025-06``). Lists and their sources are in
``computescale/data/references.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from pydantic import Field, model_validator

from computescale.documents import DocumentModel, load_document, validate
from computescale.uncertain import Date

__all__ = [
    "SCOPE_NAMES",
    "Hardware",
    "ListEntry",
    "MxpSource",
    "ReferenceSource",
    "ReferenceSystem",
    "Top500List",
    "leader",
    "reference_systems",
    "top500_lists",
]


class Top500List(DocumentModel):
    """One edition of the TOP500 list: its name (``2025-11``), date and source."""

    list: str = Field(pattern=r"^\d{4}-(06|11)$")
    date: Date
    title: str
    url: str
    kind: Literal["primary", "secondary"]
    note: str | None = None


class ReferenceSource(DocumentModel):
    """Where a reference figure comes from: an HPL-MxP result, or a system's accelerators.

    (The HPL-MxP list's own table could not be read: each result names its source.)
    """

    title: str
    url: str
    published: Date | None = None
    kind: Literal["primary", "secondary"]
    note: str | None = None


SCOPE_NAMES: dict[str, str] = {"rmax": "Rmax", "rpeak": "Rpeak", "mxp": "HPL-MxP"}
"""The figures a system has on a list, by claim scope: measured FP64 Linpack (Rmax), its
theoretical peak (Rpeak) and the mixed-precision benchmark HPL-MxP (measured, low-precision
factorisation refined to FP64 accuracy), published at the same events."""


class ListEntry(DocumentModel):
    """A system's figures on one list [PFLOP/s, kW]; power is None where not listed.

    ``mxp_pflops`` is its HPL-MxP result announced with that list, where one was found,
    with ``mxp_source``.
    """

    list: str
    rank: int = Field(ge=1)
    rmax_pflops: float = Field(gt=0)
    rpeak_pflops: float = Field(gt=0)
    power_kw: float | None = Field(default=None, gt=0)
    mxp_pflops: float | None = Field(default=None, gt=0)
    mxp_source: ReferenceSource | None = None

    @model_validator(mode="after")
    def _sourced(self) -> ListEntry:
        if (self.mxp_pflops is None) != (self.mxp_source is None):
            raise ValueError("give `mxp_pflops` and `mxp_source` together")
        return self

    def pflops(self, scope: str) -> float | None:
        """Return the figure of a scope (``rmax``, ``rpeak``, ``mxp``) [PFLOP/s], None if absent."""
        return {"rmax": self.rmax_pflops, "rpeak": self.rpeak_pflops, "mxp": self.mxp_pflops}[scope]


class Hardware(DocumentModel):
    """The accelerators of a reference system, for a like-for-like comparison of peaks."""

    accelerator: str
    count: int = Field(gt=0)
    source: ReferenceSource


MxpSource = ReferenceSource
"""The former name of :class:`ReferenceSource`."""


class ReferenceSystem(DocumentModel):
    """A reference system for ratio claims: its entries on the TOP500 lists, oldest first.

    ``hardware`` is its accelerators, where known: a ratio of an AI peak to the system's
    FP64 Linpack is then also read against the system's own peak in the claim's format.
    """

    id: str
    name: str
    hardware: Hardware | None = None
    entries: tuple[ListEntry, ...] = Field(min_length=1)

    def on(self, when: dt.date | None = None, list_name: str | None = None) -> ListEntry:
        """Return the entry of a named list, or of the latest list on or before ``when``.

        With neither, the latest entry. A date before the system's first list gives its
        first entry (the caller says so).

        Raises
        ------
        KeyError
            For a list the system is not on.
        """
        if list_name is not None:
            for entry in self.entries:
                if entry.list == list_name:
                    return entry
            raise KeyError(list_name)
        if when is None:
            return self.entries[-1]
        dates = top500_lists()
        before = [e for e in self.entries if dates[e.list].date <= when]
        return before[-1] if before else self.entries[0]


class _References(DocumentModel):
    lists: tuple[Top500List, ...]
    systems: tuple[ReferenceSystem, ...]


@lru_cache(maxsize=1)
def _references() -> _References:
    data = resources.files("computescale.data").joinpath("references.yaml")
    with resources.as_file(data) as path:
        return validate(_References, load_document(path))


def top500_lists() -> Mapping[str, Top500List]:
    """Return the TOP500 lists the reference systems come from, by name (``2025-11``)."""
    return MappingProxyType({x.list: x for x in _references().lists})


def leader(when: dt.date) -> tuple[ReferenceSystem, Top500List] | None:
    """Return the first system of the latest list on or before ``when``, and that list.

    A date before every list gives the first list, as :meth:`ReferenceSystem.on` does; None
    when the references hold no first-ranked system on that list.
    """
    lists = sorted(top500_lists().values(), key=lambda x: x.date)
    top = ([x for x in lists if x.date <= when] or lists[:1])[-1]
    for system in reference_systems().values():
        if any(e.list == top.list and e.rank == 1 for e in system.entries):
            return system, top
    return None


def reference_systems() -> Mapping[str, ReferenceSystem]:
    """Return the packaged reference systems by id (a read-only mapping, shared by every caller)."""
    return MappingProxyType({s.id: s for s in _references().systems})
