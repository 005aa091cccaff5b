"""Claims: published figures, recomputed and judged.

:mod:`~computescale.claims.model` reads claims files; :mod:`~computescale.claims.references`
holds the reference systems of ratio claims; :mod:`~computescale.claims.readings`
recomputes a claim's figure as written and under every known misreading;
:mod:`~computescale.claims.check` gives the verdicts. The layers import one way:
model and references, then readings, then check.
"""

from computescale.claims.check import (
    UNCHECKED,
    ClaimResult,
    ClaimResults,
    Reading,
    check_claim,
    check_claims,
)
from computescale.claims.model import (
    Claim,
    ClaimsFile,
    ClaimSource,
    claims_schema,
    input_files,
    load_claims,
)
from computescale.claims.references import ReferenceSystem, reference_systems

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
