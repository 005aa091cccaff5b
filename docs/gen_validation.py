"""Regenerate the validation page: docs/validation.md and its figure docs/img/validation.png.

Every figure of examples/claims/reported-figures.yaml (power, counts, cost, peaks, Linpack,
training runs reported about real clusters) is checked against its cluster file. The page
gives the share of reported figures computescale brackets, then, cluster by cluster, each
reported figure beside its recomputed range and verdict. Run from anywhere:

    python docs/gen_validation.py
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from computescale.claims import ClaimResult, check_claims
from computescale.qualifiers import SIGNS
from computescale.report.layout import escape_markdown, format_range, markdown_row

CLAIMS = Path("examples") / "claims" / "reported-figures.yaml"
"""The reported figures, relative to the project's root."""
FIGURE = Path("docs") / "img" / "validation.png"


class Share(NamedTuple):
    """How many reported figures computescale brackets."""

    bracketed: int
    """Consistent: the reported value meets the recomputed range within its tolerance."""
    judged: int
    """Every figure but money raised (financing is recorded, never judged)."""
    recomputed: int
    """The judged figures the catalogue could recompute (not unverifiable)."""
    inside: int
    """Reported values inside the guaranteed range itself, before any tolerance."""

    @property
    def percent(self) -> float:
        """The share bracketed, in percent of the judged figures."""
        return 100 * self.bracketed / self.judged


def share(results: Sequence[ClaimResult]) -> Share:
    """Return the share of reported figures bracketed (see :class:`Share`)."""
    judged = [r for r in results if r.verdict != "not_comparable"]
    return Share(
        bracketed=sum(r.verdict == "consistent" for r in judged),
        judged=len(judged),
        recomputed=sum(r.verdict != "unverifiable" for r in judged),
        inside=sum(r.position == "inside" for r in judged),
    )


def _source(r: ClaimResult) -> str:
    s = r.claim.source
    outlet = escape_markdown(s.outlet).replace("[", "(").replace("]", ")")
    text = f"{outlet}, {s.date.isoformat()}"
    if s.url and s.url.startswith(("http://", "https://")):
        url = s.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"[{text}]({url})"
    return text


def _cluster_file(r: ClaimResult, root: Path) -> str:
    ref = r.claim.cluster
    if not isinstance(ref, str):
        return "written in the claim"
    path = os.path.normpath(root / CLAIMS.parent / ref)
    return f"`{Path(path).relative_to(root).as_posix()}`"


def page(root: Path) -> str:
    """Return the validation page, checking the reported figures found under ``root``."""
    results = check_claims(root / CLAIMS)
    s = share(results)
    clusters: dict[str, list[ClaimResult]] = {}
    for r in results:
        name = r.cluster.name if r.cluster is not None else "(no cluster)"
        clusters.setdefault(name, []).append(r)
    verdicts = Counter(r.verdict for r in results)
    out = [
        "# Validation against reported figures",
        "",
        f"computescale brackets **{s.bracketed} of {s.judged} reported figures "
        f"({s.percent:.0f} %)** on {len(clusters)} clusters: the reported value meets "
        "the range recomputed from the cluster's hardware within the claim's tolerance "
        f"(25 % unless stated). Of the {s.recomputed} figures the catalogue can recompute, "
        f"{s.bracketed} hold ({100 * s.bracketed / s.recomputed:.0f} %); "
        f"{s.judged - s.recomputed} are unverifiable (a price or a sparse rate the catalogue "
        f"does not have). {s.inside} of the {s.judged} ({100 * s.inside / s.judged:.0f} %) lie "
        "inside the guaranteed range itself, before any tolerance.",
        "",
        "The figures are in `examples/claims/reported-figures.yaml`: power, accelerator "
        "counts, cost, peak FLOP/s, TOP500 Linpack results and training runs, each "
        "paraphrased and cited, reported by operators, vendors, TOP500 and the press. Each "
        "is checked against a cluster file of `examples/clusters/` that describes the "
        "hardware as reported; no cluster file was tuned to make a figure hold, and figures "
        "the catalogue was derived from are left out (they could not fail). An inconsistent "
        "figure is not always computescale's error: the list below says, for each, what the "
        "check found. `tests/test_validation.py` keeps the share from falling below the "
        "figure above. Regenerate this page with `python docs/gen_validation.py`.",
        "",
        markdown_row(["verdict", "figures"]),
        markdown_row(["---", "---:"]),
        *(markdown_row([v.replace("_", " "), str(n)]) for v, n in sorted(verdicts.items())),
        "",
        "![Reported figures, stated against recomputed, a panel per unit](img/validation.png)",
        "",
        "## By quantity",
        "",
        markdown_row(["quantity", "figures", "bracketed", "inconsistent", "unverifiable"]),
        markdown_row(["---", "---:", "---:", "---:", "---:"]),
    ]
    for quantity in sorted({r.claim.quantity for r in results}):
        of = [r for r in results if r.claim.quantity == quantity]
        counts = Counter(r.verdict for r in of)
        out.append(
            markdown_row(
                [
                    quantity,
                    str(len(of)),
                    str(counts["consistent"]),
                    str(counts["inconsistent"]),
                    str(counts["unverifiable"]),
                ]
            )
        )
    out += ["", "## Per cluster"]
    for name, rs in clusters.items():
        out += [
            "",
            f"### {escape_markdown(name)}",
            "",
            f"Cluster file: {_cluster_file(rs[0], root)}.",
        ]
        out += [
            "",
            markdown_row(["figure", "reported", "recomputed", "stated vs range", "verdict"]),
            markdown_row(["---"] * 5),
        ]
        for r in rs:
            stated = SIGNS.get(r.claim.qualifier or "", "") + format_range(r.stated)
            out.append(
                markdown_row(
                    [r.claim.id, stated, format_range(r.recomputed), r.position, r.verdict]
                )
            )
        out.append("")
        for r in rs:
            said = escape_markdown(r.claim.says)
            line = f"- **{escape_markdown(r.claim.id)}** ({_source(r)}): {said}"
            if r.verdict != "consistent":
                line += f" *{escape_markdown(r.verdict)}: {escape_markdown(r.explanation)}.*"
            out.append(line)
    return "\n".join(out) + "\n"


def draw(root: Path, path: Path) -> None:
    """Draw the stated-vs-recomputed figure of the reported figures into ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    from computescale import plots

    figure = plots.stated_vs_recomputed(check_claims(root / CLAIMS))
    figure.savefig(path, dpi=90, metadata={"Software": None})


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    (root / "docs" / "validation.md").write_text(page(root), encoding="utf-8")
    (root / FIGURE).parent.mkdir(exist_ok=True)
    draw(root, root / FIGURE)
    print(f"wrote {root / 'docs' / 'validation.md'} and {root / FIGURE}")
