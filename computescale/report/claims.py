"""Claim checks as tables, Markdown and JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from computescale.outputs import dumps
from computescale.qualifiers import SIGNS
from computescale.report.layout import (
    align,
    escape_text,
    format_likely,
    format_range,
    markdown_row,
    significant,
)

if TYPE_CHECKING:
    from computescale.claims import ClaimResult, Reading

__all__ = ["claims_json", "claims_markdown", "claims_table"]


def _claim_dict(r: ClaimResult) -> dict[str, Any]:
    def reading(x: Reading) -> dict[str, Any]:
        return {
            "reading": x.reading,
            "recomputed": x.recomputed.base(),
            "ratio": x.ratio if math.isfinite(x.ratio) else None,  # a reading of 0: no ratio
            "fits": x.fits,
        }

    return {
        "id": r.claim.id,
        "says": r.claim.says,
        "source": r.claim.source.model_dump(mode="json"),
        "quantity": r.claim.quantity,
        "verdict": r.verdict,
        "stated": r.stated.base(),
        "recomputed": None if r.recomputed is None else r.recomputed.base(),
        "unit": r.stated.unit or "1",
        "ratio": r.ratio,
        "position": r.position,
        "qualifier": r.claim.qualifier,
        "flags": list(r.flags),
        "alternatives": [
            {
                "name": a.name,
                "recomputed": None if a.recomputed is None else a.recomputed.base(),
                "fits": a.fits,
            }
            for a in r.alternatives
        ],
        "diagnosis": [reading(x) for x in r.diagnosis],
        "closest": [reading(x) for x in r.closest],
        "readings": [reading(x) for x in r.readings],
        "explanation": r.explanation,
        "stand_ins": r.stand_ins,
        "likely": r.likely,
        "needs_review": list(r.claim.needs_review),
    }


def claims_json(results: Sequence[ClaimResult]) -> str:
    """Return claim results as JSON, numbers in base units."""
    return dumps({"claims": [_claim_dict(r) for r in results]})


def _claim_rows(results: Sequence[ClaimResult]) -> list[list[str]]:
    header = [
        "claim",
        "source",
        "stated",
        "recomputed",
        "stated vs range",
        "verdict",
        "likeliest explanation",
    ]
    sampled = any(r.recomputed is not None and r.recomputed.likely for r in results)
    if sampled:
        header.insert(4, "likely p5 / p50 / p95")
    rows = [header]
    for r in results:
        stated = SIGNS.get(r.claim.qualifier or "", "") + format_range(r.stated)
        subset = f" of {', '.join(r.claim.fleets)}" if r.claim.fleets else ""
        row = [
            r.claim.id,
            f"{r.claim.source.outlet}, {r.claim.source.date.isoformat()}",
            stated,
            format_range(r.recomputed) + subset,
            r.position,
            r.verdict,
            r.explanation,
        ]
        if sampled:
            row.insert(4, format_likely(r.recomputed))
        rows.append(row)
    return rows


def claims_table(results: Sequence[ClaimResult]) -> str:
    """Return claim results as an aligned table a journalist can read."""
    out = align(_claim_rows(results))
    out += ["", "Claims", "------"]
    for r in results:
        out.append(f"- {r.claim.id}: {r.claim.says}")
        if r.verdict == "inconsistent" and not r.diagnosis:
            near = "; ".join(f"{x.reading} (x{significant(x.ratio, 2)})" for x in r.closest)
            out.append(f"    nearest readings: {near}")
        for x in r.diagnosis[1:3]:
            out.append(f"    also fits: {x.reading} ({format_range(x.recomputed)})")
        if r.verdict == "consistent":  # an inconsistent claim lists them among its readings
            for a in r.alternatives:
                fits = "also fits" if a.fits else "does not fit"
                out.append(f"    {fits} {a.name}: {format_range(a.recomputed)}")
    counts = {
        v: sum(r.verdict == v for r in results)
        for v in ("consistent", "inconsistent", "unverifiable", "not_comparable")
        if v != "not_comparable" or any(r.verdict == v for r in results)
    }
    out += ["", ", ".join(f"{n} {v}" for v, n in counts.items())]
    return "\n".join(escape_text(line) for line in out) + "\n"


def claims_markdown(results: Sequence[ClaimResult]) -> str:
    """Return claim results as a Markdown table."""
    header, *rows = _claim_rows(results)
    out = [markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(row) for row in rows]
    return "\n".join(out) + "\n"
