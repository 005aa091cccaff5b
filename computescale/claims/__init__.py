"""Claims: published figures, recomputed and judged.

:mod:`~computescale.claims.model` reads claims files; :mod:`~computescale.claims.references`
holds the reference systems of ratio claims; :mod:`~computescale.claims.readings`
recomputes a claim's figure as written and under every known misreading;
:mod:`~computescale.claims.check` checks one claim and :mod:`~computescale.claims.batch` a
claims file's; :mod:`~computescale.claims.results` is what a check gives. The layers import
one way (the ``claims`` contract of ``pyproject.toml``).
"""

from computescale.claims.batch import UNCHECKED, check_claims
from computescale.claims.check import check_claim
from computescale.claims.model import (
    Claim,
    ClaimsFile,
    ClaimSource,
    claims_schema,
    input_files,
    load_claims,
)
from computescale.claims.references import ReferenceSystem, reference_systems
from computescale.claims.results import ClaimResult, ClaimResults, Reading

__all__ = [
    "UNCHECKED",
    "Claim",
    "ClaimResult",
    "ClaimResults",
    "ClaimSource",
    "ClaimsFile",
    "Reading",
    "ReferenceSystem",
    "check_claim",
    "check_claims",
    "claims_schema",
    "input_files",
    "load_claims",
    "reference_systems",
]
