"""Regenerate the validation page: docs/validation.md and its figure docs/img/validation.png.

Every figure of examples/claims/reported-figures.yaml (power, counts, cost, peaks, Linpack,
training runs reported about real clusters) is checked against its cluster file. The page
gives the share of reported figures computescale brackets, then, cluster by cluster, each
reported figure beside its recomputed range and verdict. Run from anywhere:

    python docs/gen_validation.py
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import yaml

from computescale.claims import ClaimResult, check_claims
from computescale.qualifiers import SIGNS
from computescale.report.layout import escape_markdown, format_range, markdown_row

CLAIMS = Path("examples") / "claims" / "reported-figures.yaml"
"""The reported figures, relative to the project's root."""
EXPERT = Path("examples") / "claims" / "expert" / "reported-figures.yaml"
"""What each figure's own source supports, where it is not the figure itself (see the file)."""
HELD_OUT = ("top500-", "run-")
"""The ids of the held-out figures: TOP500 systems and training runs the observed table
(computescale/data/observed.yaml) leaves out on purpose."""
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
    supported: int
    """The judged figures their own source supports (expected consistent)."""
    false_inconsistent: int
    """Supported figures the tool calls inconsistent: false accusations."""
    width: float
    """The median width (high / low) of the recomputed ranges, under the default assumptions."""

    @property
    def percent(self) -> float:
        """The share bracketed, in percent of the judged figures."""
        return 100 * self.bracketed / self.judged


def expected(root: Path) -> dict[str, str]:
    """Return the verdict each figure's own source supports: ``consistent`` unless listed."""
    data = yaml.safe_load((root / EXPERT).read_text(encoding="utf-8"))
    return {k: v["verdict"] for k, v in data["expected"].items()}


def width(results: Sequence[ClaimResult]) -> float:
    """Return the median high / low of the recomputed ranges (nan when there are none)."""
    widths = [
        hi / lo
        for r in results
        if r.recomputed is not None
        for lo, hi in (r.recomputed.magnitudes(),)
        if lo > 0
    ]
    return statistics.median(widths) if widths else float("nan")


def share(results: Sequence[ClaimResult], expert: Mapping[str, str] | None = None) -> Share:
    """Return the share of reported figures bracketed (see :class:`Share`)."""
    judged = [r for r in results if r.verdict != "not_comparable"]
    said = expert or {}
    supported = [r for r in judged if said.get(r.claim.id, "consistent") == "consistent"]
    return Share(
        bracketed=sum(r.verdict == "consistent" for r in judged),
        judged=len(judged),
        recomputed=sum(r.verdict != "unverifiable" for r in judged),
        inside=sum(r.position == "inside" for r in judged),
        supported=len(supported),
        false_inconsistent=sum(r.verdict == "inconsistent" for r in supported),
        width=width(judged),
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
    expert = expected(root)
    s = share(results, expert)
    held = [r for r in results if r.claim.id.startswith(HELD_OUT)]
    before = [r for r in results if not r.claim.id.startswith(HELD_OUT)]
    h, b = share(held, expert), share(before, expert)
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
        f"does not have, or a figure beyond what real systems show but not by enough to call "
        f"it wrong). {s.inside} of the {s.judged} ({100 * s.inside / s.judged:.0f} %) lie "
        "inside the guaranteed range itself, before any tolerance.",
        "",
        "## The burden of proof",
        "",
        f"Of the {s.supported} figures their own source supports, computescale calls "
        f"**{s.false_inconsistent} inconsistent ({100 * s.false_inconsistent / s.supported:.0f} "
        "%)**: a false accusation. What each source supports is in "
        "`examples/claims/expert/reported-figures.yaml` (a figure not listed there is "
        "supported); the verdict against that expectation:",
        "",
        markdown_row(["computescale's verdict", *(v.replace("_", " ") for v in _VERDICTS)]),
        markdown_row(["---", *("---:" for _ in _VERDICTS)]),
        *(
            markdown_row(
                [
                    f"source supports: {want.replace('_', ' ')}",
                    *(
                        str(
                            sum(
                                r.verdict == got and expert.get(r.claim.id, "consistent") == want
                                for r in results
                            )
                        )
                        for got in _VERDICTS
                    ),
                ]
            )
            for want in _VERDICTS
            if any(expert.get(r.claim.id, "consistent") == want for r in results)
        ),
        "",
        "The median width of the recomputed ranges (high / low, under the default "
        f"assumptions) is **{s.width:.3g}** over every figure: {b.width:.3g} over the "
        f"{b.judged} figures that predate the held-out set (1.086 before the burden of proof: "
        "the verdicts widened nothing), "
        f"{h.width:.3g} over the {h.judged} held-out figures, whose Linpack results span the "
        "FP64 vector to tensor rate times the Linpack efficiency of real systems and whose "
        "training hours span the MFU of published runs. A range that wide brackets more "
        "than a narrow one would: read the held-out verdicts with their widths.",
        "",
        "**Held out.** The observed table (`computescale/data/observed.yaml`) leaves out the "
        "TOP500 systems of even rank and every second published training run; their "
        f"figures are checked here against the rest: {h.bracketed} of {h.judged} bracketed "
        f"({h.percent:.0f} %), {h.inside} inside the range itself, "
        f"{h.false_inconsistent} false accusations.",
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


_VERDICTS = ("consistent", "inconsistent", "unverifiable", "not_comparable")


def draw(root: Path, path: Path) -> None:
    """Draw the stated-vs-recomputed figure of the reported figures into ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    from computescale import plots

    figure = plots.stated_vs_recomputed(check_claims(root / CLAIMS), source=str(CLAIMS))
    figure.savefig(path, dpi=90, metadata={"Software": None})


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    (root / "docs" / "validation.md").write_text(page(root), encoding="utf-8")
    (root / FIGURE).parent.mkdir(exist_ok=True)
    draw(root, root / FIGURE)
    print(f"wrote {root / 'docs' / 'validation.md'} and {root / FIGURE}")
