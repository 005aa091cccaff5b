"""Pages to share: a fact-check of claims, or the estimates of clusters, as one HTML file.

A page holds everything it shows: the style sheet and the figures (SVG) are
inline, and its Content-Security-Policy forbids any request, so it can be mailed,
archived or opened offline and looks the same everywhere. It reads on a phone:
tables scroll sideways inside their box, each claim is a card.

Every text that comes from a file (names, claim ids and sentences, sources) is
escaped; a source becomes a link only when its address is http or https. The
numbers are the ones the text tables show: this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from computescale import __version__
from computescale.assumptions import Assumptions
from computescale.catalogue import Catalogue
from computescale.cluster import SplitFleet
from computescale.figures import figure_of
from computescale.report.claims import implied_text, recomputed_text, short_says, stated_text
from computescale.report.estimates import (
    assumption_items,
    fleet_rows,
    phase_rows,
    summary_cells,
    summary_header,
)
from computescale.report.layout import escape_text, format_likely, format_range, significant
from computescale.report.survey import notes_of, survey_header, survey_rows

if TYPE_CHECKING:
    from computescale.claims import ClaimResult
    from computescale.cluster import Cluster
    from computescale.estimates import Estimate
    from computescale.timeline import PhaseEstimate

__all__ = ["VERDICTS", "claims_html", "estimate_html", "nothing_found_html", "survey_html"]

VERDICTS = ("consistent", "inconsistent", "unverifiable", "not_comparable")
"""The verdicts, in the order a page counts them."""

_STYLE = """
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--ok:#1a7f37;--bad:#cf222e;--unk:#6e7781;--na:#8250df}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:0 0 .4rem;word-break:break-word}
.meta,.muted{color:var(--muted);font-size:.9rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);
border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .55rem;border-bottom:1px solid var(--line);text-align:left;
vertical-align:top}
th{background:var(--soft);white-space:nowrap}
td.num{white-space:nowrap}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:.3rem .55rem}
details{margin:.5rem 0}summary{cursor:pointer;color:var(--muted)}
.hint{color:var(--muted);font-size:.85rem;margin:.2rem 0}
.verdict{display:inline-block;padding:.05rem .5rem;border-radius:1rem;color:#fff;
font-size:.8rem;font-weight:600;white-space:nowrap;justify-self:start}
.v-consistent{background:var(--ok)}.v-inconsistent{background:var(--bad)}
.v-unverifiable{background:var(--unk)}.v-not_comparable{background:var(--na)}
.counts .verdict{margin-right:.3rem}
.claim{border:1px solid var(--line);border-left-width:6px;border-radius:6px;
padding:.8rem 1rem;margin:1rem 0}
.claim[data-verdict=consistent]{border-left-color:var(--ok)}
.claim[data-verdict=inconsistent]{border-left-color:var(--bad)}
.claim[data-verdict=unverifiable]{border-left-color:var(--unk)}
.claim[data-verdict=not_comparable]{border-left-color:var(--na)}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid var(--line);
color:var(--muted);font-style:italic}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.5rem 0}
dt{color:var(--muted)}dd{margin:0;word-break:break-word}
ol,ul{padding-left:1.3rem}li{margin:.15rem 0}
.fits{color:var(--ok);font-weight:600}.nofit{color:var(--muted)}
figure{margin:1rem 0}figure svg{display:block;max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.85rem}
a{color:#0969da}.claim a,#sources a{overflow-wrap:anywhere}
.pair{white-space:nowrap;margin-right:.6rem}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media (max-width:40rem){body{padding:.6rem;font-size:15px}
dl{grid-template-columns:1fr}dt{margin-top:.3rem}
table.stack thead{display:none}
table.stack tr{display:block;padding:.4rem 0;border-bottom:1px solid var(--line)}
table.stack td{display:grid;grid-template-columns:7rem 1fr;gap:.6rem;border:0;
padding:.1rem .5rem}
table.stack td::before{content:attr(data-label);color:var(--muted)}}
"""

_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""The page's Content-Security-Policy: no script, no request of any kind."""


class Html(str):
    """Markup this module built, put in a page as it is; every other text is escaped.

    Escaping is the default (as a template engine's autoescape): a cell or a value that is
    not ``Html`` is text, whatever it holds. Jinja2 would do the same with templates, at the
    cost of a runtime dependency for a few hundred lines of markup; this type keeps the
    rule without one.
    """


def _text(text: str) -> str:
    """Escape text from a file for HTML (controls shown as escapes, as in the text tables)."""
    if isinstance(text, Html):
        return text
    return html.escape(escape_text(text), quote=True)


def _link(url: str | None, label: str) -> str:
    """Return a link to an http(s) address, or the label alone for any other address."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_text(url)}" rel="noopener noreferrer">{_text(label)}</a>'
    return _text(label)


def _badge(verdict: str) -> str:
    return f'<span class="verdict v-{verdict}">{verdict.replace("_", " ")}</span>'


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    caption: str = "",
    stack: bool = False,
) -> str:
    """Return a table in a box that scrolls sideways; every cell not :class:`Html` is escaped.

    A ``stack`` table shows each row as a card of labelled cells on a narrow screen. A cell
    that reads as a figure (``1.38 ZFLOP/s``, ``$25.2B – $38.2B``) never wraps inside a
    number.
    """
    head = "".join(f'<th scope="col">{_text(h)}</th>' for h in header)
    labels = [f' data-label="{_text(h)}"' if stack else "" for h in header]

    def cell(c: str) -> str:
        kind = ' class="num"' if not isinstance(c, Html) and _FIGURE.match(c) else ""
        return f"{kind}>{_text(c)}"

    body = "".join(
        "<tr>"
        + "".join(f"<td{a}{cell(c)}</td>" for a, c in zip(labels, row, strict=True))
        + "</tr>"
        for row in rows
    )
    kind = ' class="stack"' if stack else ""
    said = f"<caption>{_text(caption)}</caption>" if caption else ""
    table = f"<table{kind}>{said}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll" tabindex="0">{table}</div>'


_FIGURE = re.compile(r"^[≥≤~(]*\s*[$×÷]?\d")
"""A cell that starts with a number (after a sign): a figure, laid out without breaks."""


def _section(ident: str, title: str, inner: str) -> str:
    return f'<section id="{ident}"><h2>{title}</h2>{inner}</section>'


def _fit(fits: bool) -> str:
    """Return whether a reading or an alternative fits, marked."""
    return '<span class="fits">fits</span>' if fits else '<span class="nofit">does not fit</span>'


_SVG_PROLOG = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>)*\s*")
_SVG_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _figure(svg: str | None, caption: str) -> str:
    """Return an inline SVG figure, or "" when there is none.

    The XML prolog is removed, and so are comments: matplotlib writes each text it
    draws (claim ids among them) into a comment, which the page does not need. The
    drawing is an image whose accessible name is the caption (its text is drawn as
    paths, which no screen reader reads).
    """
    if not svg:
        return ""
    markup = _SVG_COMMENT.sub("", _SVG_PROLOG.sub("", svg))
    named = f'<svg role="img" aria-label="{_text(caption)}" '
    markup = markup.replace("<svg ", named, 1)
    return f"<figure>{markup}<figcaption>{_text(caption)}</figcaption></figure>"


def _page(title: str, body: str, generated: dt.date | None) -> str:
    day = (generated or dt.date.today()).isoformat()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="computescale {__version__}">'
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n<main>\n{body}\n</main>\n<footer>Made with computescale {__version__} on {day}. "
        "Every figure is recomputed from the cluster files and the catalogue; ranges are "
        "guaranteed bounds over the stated assumptions.</footer>\n</body></html>\n"
    )


def _counts(results: Sequence[ClaimResult]) -> str:
    parts = []
    for v in VERDICTS:
        n = sum(r.verdict == v for r in results)
        if n or v != "not_comparable":
            count = f'<span class="count" data-verdict="{v}">{n}</span>'
            parts.append(f'<span class="pair">{_badge(v)} {count}</span>')
    return '<p class="counts">' + " ".join(parts) + "</p>"


def _quantity(r: ClaimResult) -> str:
    c = r.claim
    parts = [c.quantity]
    if c.scope:
        parts.append(f"scope {c.scope}")
    if c.row.has_precision:
        parts.append(f"{c.precision or 'bf16'} {'sparse' if c.sparse else 'dense'}")
    return ", ".join(parts)


def _verdict_rows(results: Sequence[ClaimResult]) -> list[list[str]]:
    rows = []
    for i, r in enumerate(results):
        says = short_says(r.claim.says, 90).replace("[[", "").replace("]]", "")
        rows.append(
            [
                Html(
                    f'<a href="#claim-{i + 1}">{_text(says)}</a>'
                    f'<br><span class="muted">{_text(r.claim.id)}</span>'
                ),
                "" if r.cluster is None else r.cluster.name,
                stated_text(r),
                recomputed_text(r),
                r.position,
                Html(_badge(r.verdict)),
                r.explanation,
            ]
        )
    return rows


def _readings(r: ClaimResult) -> str:
    """Return the readings tried for an inconsistent claim, fitting ones marked."""
    if not r.readings and not r.closest:
        return ""
    items = []
    for x in r.readings or r.closest:
        ratio = f" (×{significant(x.ratio, 2)})" if x.ratio == x.ratio and x.ratio else ""
        recomputed = _text(format_range(x.recomputed))
        items.append(f"<li>{_text(x.reading)}: {recomputed}{ratio} — {_fit(x.fits)}</li>")
    title = "Readings tried, likeliest first" if r.readings else "Nearest readings (none fits)"
    fitting = sum(x.fits for x in r.readings)
    said = f"{title}: {len(items)}" + (f", {fitting} fit" if r.readings else "")
    return f"<details><summary>{said}</summary><ol>{''.join(items)}</ol></details>"


def _claim_card(i: int, r: ClaimResult) -> str:
    c = r.claim
    source = c.source
    facts: list[tuple[str, str]] = [
        ("figure", _text(_quantity(r))),
        ("stated", _text(stated_text(r))),
        ("recomputed", _text(format_range(r.recomputed))),
    ]
    if r.recomputed is not None and r.recomputed.likely:
        facts.append(("likely p5 / p50 / p95", _text(format_likely(r.recomputed))))
    if r.position:
        facts.append(("stated vs range", _text(r.position)))
    facts.append(("tolerance", f"{c.tolerance:.0%}"))
    if c.fleets:
        facts.append(("only", _text(", ".join(c.fleets))))
    if r.cluster is not None:
        facts.append(("cluster", _text(r.cluster.name)))
    if r.plausible is not None:
        facts.append(("what real systems allow", _text(format_range(r.plausible))))
    facts.append(("implied figure", _text(implied_text(r))))
    facts.append(("explanation", _text(r.explanation)))
    if r.claim.cluster_from != "given":
        facts.append(("cluster chosen", _text(f"{r.claim.cluster_from} by the draft")))
    if r.flags:
        facts.append(("flags", _text(", ".join(r.flags))))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    alternatives = "".join(
        f"<li>{_text(a.name)}: {_text(format_range(a.recomputed))} — {_fit(a.fits)}</li>"
        for a in r.alternatives
    )
    if alternatives:
        alternatives = f"<h4>Other clusters it may describe</h4><ul>{alternatives}</ul>"
    review = "".join(f"<li>{_text(n)}</li>" for n in c.needs_review)
    if review:
        review = f"<h4>To review (a drafted claim)</h4><ul>{review}</ul>"
    return (
        f'<article class="claim" id="claim-{i}" data-verdict="{r.verdict}">'
        f'<h3><span class="claim-id">{_text(c.id)}</span> {_badge(r.verdict)}</h3>'
        f"<blockquote>{_text(c.says)}</blockquote>"
        f'<p class="muted">Source: {_link(source.url, source.title)}, {_text(source.outlet)}, '
        f"{source.date.isoformat()}</p><dl>{dl}</dl>{_readings(r)}{alternatives}{review}"
        "</article>"
    )


def _accelerators(clusters: Iterable[Cluster], catalogue: Catalogue) -> list[str]:
    """Return the catalogue ids of the accelerators the clusters use, in order."""
    ids: dict[str, None] = {}
    for cluster in clusters:
        for fleet in cluster.fleets:
            members = fleet.split if isinstance(fleet, SplitFleet) else [fleet]
            for m in members:
                ids[catalogue[m.accelerator].id] = None
    return list(ids)


def _estimated(estimates: Iterable[Estimate], catalogue: Catalogue) -> list[str]:
    """Return the catalogue ids of the accelerators of estimated clusters, in order."""
    return list(dict.fromkeys(catalogue[f.accelerator].id for e in estimates for f in e.fleets))


def _sources(ids: Sequence[str], catalogue: Catalogue) -> str:
    """Return the catalogue's sources of each accelerator, primary ones first."""
    parts = []
    for acc in ids:
        spec = catalogue[acc]
        items = []
        for s in sorted(spec.sources, key=lambda s: s.kind != "primary"):
            dates = f"read {s.accessed}" + (f", published {s.published}" if s.published else "")
            covers = ", ".join(s.covers)
            items.append(
                f"<li>{_link(s.url, s.title)} <span class=muted>({s.kind}; {dates})</span>"
                + (f": {_text(covers)}" if covers else "")
                + (f' <span class="muted">— {_text(s.note)}</span>' if s.note else "")
                + "</li>"
            )
        parts.append(f"<h3>{_text(spec.id)}: {_text(spec.name)}</h3><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _assumptions(named: Iterable[tuple[str, Assumptions]]) -> str:
    """Return a table of the assumptions of each cluster: value, where it came from, meaning."""
    parts = []
    for name, a in named:
        rows = [
            [item.name, item.value, item.origin, item.meaning, item.typical]
            for item in assumption_items(a)
        ]
        parts.append(
            f"<h3>{_text(name)}</h3>"
            + _table(["assumption", "value", "from", "meaning", "typical"], rows)
        )
    return "".join(parts)


def claims_html(
    results: Sequence[ClaimResult],
    *,
    title: str,
    catalogue: Catalogue,
    figure_svg: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """Return a fact-check page of claim results (see the module docstring).

    Parameters
    ----------
    results
        From :func:`computescale.claims.check_claims`.
    title
        What was checked, e.g. the claims file's name.
    catalogue
        The catalogue the check used: the page lists its sources for every
        accelerator of the clusters.
    figure_svg
        The claims figure as SVG (:func:`computescale.plots.claims_figure`), or None.
    generated
        The date the page states it was made (today when None).
    """
    clusters = {id(r.cluster): r.cluster for r in results if r.cluster is not None}
    named = [(c.name, c.assumptions) for c in clusters.values()]
    ids = _accelerators(clusters.values(), catalogue)
    header = ["claim", "cluster", "stated", "recomputed", "stated vs range", "verdict", "why"]
    cards = "".join(_claim_card(i + 1, r) for i, r in enumerate(results))
    figure = _figure(  # under the verdict table
        figure_svg,
        "Stated / recomputed on a log scale (1 = agreement; the band is the tolerance); "
        "under each inconsistent claim, its likeliest reading.",
    )
    body = (
        f"<header><h1>Fact-check: {_text(title)}</h1>"
        f'<p class="meta">{len(results)} claim{"" if len(results) == 1 else "s"}, each '
        "recomputed from its cluster and given a verdict; an inconsistent one lists the "
        f"readings under which it would hold.</p>{_counts(results)}</header>"
        + _section(
            "verdicts",
            "Verdicts",
            _table(
                header,
                _verdict_rows(results),
                caption="Each claim as stated, what it recomputes to, and the verdict",
                stack=True,
            )
            + figure,
        )
        + _section("claims", "Claims", cards)
        + _section("assumptions", "Assumptions", _assumptions(named))
        + _section("sources", "Catalogue sources", _sources(ids, catalogue))
    )
    counted = ", ".join(
        f"{n} {v.replace('_', ' ')}"
        for v in VERDICTS
        if (n := sum(r.verdict == v for r in results))
    )
    headline = f"Fact-check of {len(results)} claim{'' if len(results) == 1 else 's'}"
    return _page(f"{headline}: {counted or 'none'} ({title})", body, generated)


def nothing_found_html(title: str, skipped: Sequence[str], generated: dt.date | None = None) -> str:
    """Return the page of an article in which no figure the checker can judge was found.

    It says so, and lists the numbers read and why none is a figure (``'2030': a year``), so
    that a reader sees the article was read, not skipped.
    """
    items = "".join(f"<li>{_text(s)}</li>" for s in skipped)
    numbers = (
        _section("skipped", "Numbers read, not figures", f"<ul>{items}</ul>") if skipped else ""
    )
    body = (
        f"<header><h1>Fact-check: {_text(title)}</h1>"
        '<p class="meta">No figure the checker can judge was found in this article: nothing '
        "to recompute, so no verdict.</p></header>" + numbers
    )
    return _page(f"Fact-check of 0 claims: none found ({title})", body, generated)


def estimate_html(
    e: Estimate,
    phases: Sequence[PhaseEstimate] = (),
    *,
    catalogue: Catalogue,
    figure_svg: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """Return the page of one cluster's estimate: the figures the text table shows, and more.

    The figure table, the fleets, the build-out (``phases``), what was not computed,
    the notes, the assumptions and the catalogue sources of its accelerators, with
    ``figure_svg`` (:func:`computescale.plots.cluster_figure` as SVG) when given.
    """
    name = e.name + (f" (as of {e.as_of.isoformat()})" if e.as_of else "")
    figure = _figure(figure_svg, "By fleet, power from chip to facility, and capex.")
    header, rows = fleet_rows(e)
    body = [
        f"<header><h1>{_text(name)}</h1></header>",
        _section("figures", "Figures", _table(summary_header(e), summary_cells(e)) + figure),
        _section("fleets", "By fleet", _table(header, rows)),
    ]
    if phases:
        head, *rest = phase_rows(e, phases)
        body.append(_section("build-out", "Build-out", _table(head, rest)))
    if e.missing:
        items = "".join(
            f"<li><b>{_text(figure_of(k).label)}</b>: {_text(v)}</li>" for k, v in e.missing.items()
        )
        body.append(_section("missing", "Not computed", f"<ul>{items}</ul>"))
    if e.notes:
        items = "".join(f"<li>{_text(n)}</li>" for n in e.notes)
        body.append(_section("notes", "Notes", f"<ul>{items}</ul>"))
    body.append(_section("assumptions", "Assumptions", _assumptions([(e.name, e.assumptions)])))
    body.append(
        _section("sources", "Catalogue sources", _sources(_estimated([e], catalogue), catalogue))
    )
    return _page(name, "\n".join(body), generated)


def survey_html(
    estimates: Sequence[Estimate],
    *,
    catalogue: Catalogue,
    figure_svg: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """Return the page of several clusters: a figure, a row each, notes, assumptions, sources.

    ``figure_svg``: :func:`computescale.plots.clusters_figure` as SVG, when given.
    """
    notes = "".join(f"<li>{_text(n)}</li>" for n in notes_of(estimates))
    figure = _figure(
        figure_svg, "Each cluster's H100-equivalents and facility power, largest first."
    )
    table = (
        figure + '<p class="hint">The table scrolls sideways: every figure of each cluster, '
        "with its basis.</p>"
        + _table(
            survey_header(estimates),
            survey_rows(estimates),
            caption="Each cluster estimated alike (guaranteed ranges)",
            stack=True,
        )
        + (f"<ul>{notes}</ul>" if notes else "")
    )
    named = [(e.name, e.assumptions) for e in estimates]
    body = (
        f"<header><h1>{len(estimates)} clusters</h1>"
        '<p class="meta">Each cluster estimated alike; guaranteed ranges.</p></header>'
        + _section("clusters", "Clusters", table)
        + _section("assumptions", "Assumptions", _assumptions(named))
        + _section(
            "sources", "Catalogue sources", _sources(_estimated(estimates, catalogue), catalogue)
        )
    )
    names = ", ".join(e.name for e in estimates[:3]) + (", …" if len(estimates) > 3 else "")
    return _page(f"{len(estimates)} clusters: {names}", body, generated)
