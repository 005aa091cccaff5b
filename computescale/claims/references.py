"""Reference systems for ratio claims: TOP500 leaders and their FP64 Linpack figures."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from pydantic import Field

from computescale.documents import DocumentModel, load_document, validate

__all__ = ["ReferenceSystem", "reference_systems"]


class ReferenceSystem(DocumentModel):
    """A reference system for ratio claims, e.g. a TOP500 leader (FP64 HPL)."""

    id: str
    name: str
    rmax_pflops: float = Field(gt=0)
    rpeak_pflops: float = Field(gt=0)
    power_kw: float = Field(gt=0)
    source: dict[str, Any]


class _References(DocumentModel):
    systems: tuple[ReferenceSystem, ...]


@lru_cache(maxsize=1)
def reference_systems() -> Mapping[str, ReferenceSystem]:
    """Return the packaged reference systems by id (a read-only mapping, shared by every caller)."""
    data = resources.files("computescale.data").joinpath("references.yaml")
    with resources.as_file(data) as path:
        refs = validate(_References, load_document(path))
    return MappingProxyType({s.id: s for s in refs.systems})
