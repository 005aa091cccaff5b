"""Claim checks as tables, Markdown and JSON."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from computescale.figures import COUNTS
from computescale.outputs import dumps
from computescale.qualifiers import SIGNS
from computescale.ranges import Range
from computescale.report.layout import (
    align,
    csv_cell,
    escape_text,
    format_likely,
    format_range,
    markdown_row,
    significant,
)

if TYPE_CHECKING:
    from computescale.claims import ClaimResult, Reading

__all__ = [
    "CLAIM_COLUMNS",
    "claim_columns",
    "claims_csv",
    "claims_json",
    "claims_markdown",
    "claims_table",
    "implied_text",
]


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
        "plausible": None if r.plausible is None else r.plausible.base(),
        "implied": None if r.implied is None else r.implied.as_dict(),
        "cluster": _cluster(r),
        "match": {"how": r.claim.cluster_from, "why": match_reason(r)},
        "cluster_from": r.claim.cluster_from,
        "stand_ins": r.stand_ins,
        "likely": r.likely,
        "needs_review": list(r.claim.needs_review),
    }


def _cluster(r: ClaimResult) -> dict[str, Any] | None:
    """Return the cluster a claim was checked against: its name and file (or shipped name)."""
    ref = r.claim.cluster
    if ref is None:
        return None
    name = r.cluster.name if r.cluster is not None else None
    if isinstance(ref, dict):
        return {"name": name or ref.get("name"), "file": None}
    return {"name": name, "file": ref}


def match_reason(r: ClaimResult) -> str | None:
    """Say how a drafted claim's cluster was found (from its review notes), None if not said."""
    for note in r.claim.needs_review:
        if note.startswith("cluster: "):
            return note[len("cluster: ") :]
    return None


def short_says(says: str, width: int = 160) -> str:
    """Return a claim's sentence cut to about ``width`` characters around its marked figure."""
    if len(says) <= width:
        return says
    at = says.find("[[")
    start = max(0, min(at - width // 3, len(says) - width)) if at >= 0 else 0
    cut = says[start : start + width]
    return ("…" if start else "") + cut.strip() + ("…" if start + width < len(says) else "")


def claims_json(results: Sequence[ClaimResult]) -> str:
    """Return claim results as JSON, numbers in base units."""
    return dumps({"claims": [_claim_dict(r) for r in results]})


def implied_text(r: ClaimResult) -> str:
    """Say what a claim implies and what it is compared with, or why nothing is implied."""
    if r.implied is not None:
        return r.implied.text()
    if r.recomputed is None:
        return "implies nothing that can be compared: the figure was not recomputed"
    row = r.claim.row
    what = (
        "a ratio" if row.recomputed_from == "reference" else "a count" if row.name in COUNTS else ""
    )
    return f"{what}{': ' if what else ''}compared directly, nothing else implied"


def stated_text(r: ClaimResult) -> str:
    """Return what a claim states, with its qualifier (``≥ 1.00M``), a ratio with ``×``."""
    return _ratio(r, SIGNS.get(r.claim.qualifier or "", "") + format_range(r.stated))


def recomputed_text(r: ClaimResult) -> str:
    """Return the recomputed figure, with the fleets it covers when the claim names some."""
    subset = f" of {', '.join(r.claim.fleets)}" if r.claim.fleets else ""
    return _ratio(r, format_range(r.recomputed)) + subset


def _ratio(r: ClaimResult, text: str) -> str:
    """Write a ratio (``20`` times the leading system) as ``×20``."""
    if r.claim.quantity != "ratio" or text == "n/a":
        return text
    return re.sub(r"(?<![\d.,])(\d)", "×\\1", text)


def _source(r: ClaimResult) -> str:
    return f"{r.claim.source.outlet}, {r.claim.source.date.isoformat()}"


def flags_text(r: ClaimResult) -> str:
    """Return what a reader should know besides the value: the check's flags and ``review``."""
    flags = [f.replace("_", " ") for f in r.flags]
    if r.claim.needs_review:
        flags.append("review")
    return ", ".join(flags)


def _claim_rows(results: Sequence[ClaimResult]) -> list[list[str]]:
    header = [
        "claim",
        "says",
        "cluster",
        "stated",
        "recomputed",
        "stated vs range",
        "tolerance",
        "verdict",
        "likeliest explanation",
        "flags",
    ]
    sampled = any(r.recomputed is not None and r.recomputed.likely for r in results)
    if sampled:
        header.insert(5, "likely p5 / p50 / p95")
    rows = [header]
    for r in results:
        row = [
            r.claim.id,
            short_says(r.claim.says, 60).replace("[[", "").replace("]]", ""),
            "" if r.cluster is None else r.cluster.name,
            stated_text(r),
            recomputed_text(r),
            r.position,
            f"±{significant(r.claim.tolerance * 100, 2)} %",
            r.verdict.replace("_", " "),
            r.explanation,
            flags_text(r),
        ]
        if sampled:
            row.insert(5, format_likely(r.recomputed))
        rows.append(row)
    return rows


def _claim_lines(results: Sequence[ClaimResult]) -> list[str]:
    """Return, per claim, its sentence, what it implies and the readings that also fit."""
    out: list[str] = []
    for r in results:
        out.append(f"- {r.claim.id}: {short_says(r.claim.says)}")
        out.append(f"    source: {_source(r)}")
        out.append(f"    {implied_text(r)}")
        cluster = _cluster(r)
        if cluster is not None:
            how = r.claim.cluster_from
            why = match_reason(r)
            said = f"{how}: {why}" if why else how
            where = f"{cluster['file']}, " if cluster["file"] else ""
            out.append(f"    cluster: {cluster['name']} ({where}{said})")
        elif r.claim.needs_review:
            out.append("    cluster: none found (set `cluster:` in the drafted claims)")
        notes = [n for n in r.claim.needs_review if not n.startswith("cluster: ")]
        if notes:
            out.append(f"    review: {'; '.join(notes)}")
        if r.verdict == "inconsistent" and not r.diagnosis:
            near = "; ".join(f"{x.reading} (×{significant(x.ratio, 2)})" for x in r.closest)
            out.append(f"    nearest readings: {near}")
        for x in r.diagnosis[1:3]:
            out.append(f"    also fits: {x.reading} ({format_range(x.recomputed)})")
        if r.verdict == "consistent":  # an inconsistent claim lists them among its readings
            for a in r.alternatives:
                fits = "also fits" if a.fits else "does not fit"
                out.append(f"    {fits} {a.name}: {format_range(a.recomputed)}")
    return out


def claims_table(results: Sequence[ClaimResult]) -> str:
    """Return claim results as an aligned table a journalist can read."""
    out = align(_claim_rows(results))
    out += ["", "Claims", "------"]
    out += _claim_lines(results)
    counts = {
        v: sum(r.verdict == v for r in results)
        for v in ("consistent", "inconsistent", "unverifiable", "not_comparable")
        if v != "not_comparable" or any(r.verdict == v for r in results)
    }
    out += ["", ", ".join(f"{n} {v}" for v, n in counts.items())]
    return "\n".join(escape_text(line) for line in out) + "\n"


def claims_markdown(results: Sequence[ClaimResult]) -> str:
    """Return claim results as a Markdown table, with what each claim implies."""
    header, *rows = _claim_rows(results)
    header = [header[0], "source", *header[1:], "implied figure"]
    rows = [
        [row[0], _source(r), *row[1:], implied_text(r)]
        for row, r in zip(rows, results, strict=True)
    ]
    out = [markdown_row(header), "|" + "---|" * len(header)]
    out += [markdown_row(row) for row in rows]
    return "\n".join(out) + "\n"


CLAIM_COLUMNS = (
    *("id", "outlet", "date", "url", "quantity", "scope", "precision", "unit"),
    *("cluster", "cluster_from"),
    *("stated_low", "stated_high", "recomputed_low", "recomputed_high"),
    *("plausible_low", "plausible_high", "position", "verdict", "explanation"),
    *("implied_parameter", "implied_unit", "implied_low", "implied_high"),
    *("implied_default_low", "implied_default_high"),
    *("implied_plausible_low", "implied_plausible_high", "implied_compared_with", "flags"),
)
"""The columns of a claim's row (:func:`claim_columns`), in order."""


def claim_columns(r: ClaimResult) -> dict[str, Any]:
    """Return one claim's row (:data:`CLAIM_COLUMNS`): numbers in base units, None if missing.

    The row of :func:`claims_csv` and of ``to_frame`` over claim results: the claim, its
    source and cluster, the stated, recomputed and plausible ranges, the verdict and why,
    the implied figure with its default and plausible range, and the flags.
    """
    c, i = r.claim, r.implied

    def pair(x: Range | tuple[float, float] | None) -> tuple[float | None, float | None]:
        if x is None:
            return None, None
        return x.magnitudes() if isinstance(x, Range) else x

    values = [
        *(c.id, c.source.outlet, c.source.date.isoformat(), c.source.url or "", c.quantity),
        *(c.scope or "", c.precision or "", r.stated.unit or "1"),
        *("" if r.cluster is None else r.cluster.name, c.cluster_from),
        *pair(r.stated),
        *pair(r.recomputed),
        *pair(r.plausible),
        *(r.position, r.verdict, r.explanation),
        "" if i is None else i.parameter,
        "" if i is None else ("1" if i.unit == "%" else i.unit),
        *pair(None if i is None else i.value),
        *pair(None if i is None else i.default),
        *pair(None if i is None else i.plausible),
        "" if i is None else i.compared_with,
        " ".join(r.flags),
    ]
    return dict(zip(CLAIM_COLUMNS, values, strict=True))


def claims_csv(results: Sequence[ClaimResult]) -> str:
    """Return claim results as CSV, a row per claim (:func:`claim_columns`), base units.

    Text a spreadsheet would run as a formula is neutralised; a missing number is empty.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    for r in results:
        writer.writerow(["" if x is None else csv_cell(x) for x in claim_columns(r).values()])
    return buffer.getvalue()
