"""Pictures of estimates, build-outs and claims.

matplotlib is imported inside each function, so importing computescale (and
running ``computescale estimate``) never loads it. Each function that draws one
chart takes an optional ``ax`` and returns the Axes it drew on; axis labels carry
units and the basis of what is shown. The ``*_figure`` functions return a whole
figure, sized for what it shows: :func:`file_figure` draws any cluster or claims
file, as ``computescale plot`` does.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from computescale.catalogue import Catalogue
from computescale.claims import ClaimResult, check_claims, input_files
from computescale.cluster import Cluster, load_cluster
from computescale.documents import load_document
from computescale.estimates import Estimate, estimate
from computescale.presets import prepared
from computescale.qualifiers import SIGNS
from computescale.ranges import Range
from computescale.report.layout import escape_text
from computescale.sampling import Sampling
from computescale.shipped import located
from computescale.timeline import PhaseEstimate, estimate_timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FileFigure",
    "MissingGlyphsWarning",
    "claims",
    "claims_figure",
    "cluster_figure",
    "clusters_figure",
    "estimate_figure",
    "file_figure",
    "fleet_breakdown",
    "ranges",
    "save",
    "stated_vs_recomputed",
    "summary_figure",
    "svg_text",
    "timeline",
]


class MissingGlyphsWarning(UserWarning):
    """Characters of a figure's text that its font lacks: they are drawn as empty boxes."""


_GLYPH = re.compile(r"Glyph (\d+) .*missing from")


@contextmanager
def _glyphs_said_once() -> Iterator[None]:
    """Turn matplotlib's warning per missing glyph into one warning that names them all.

    Other warnings pass on as they came.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)  # each missing glyph, every time
        yield
    missing: dict[str, None] = {}
    for w in caught:
        found = _GLYPH.match(str(w.message))
        if found is None:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        else:
            missing[chr(int(found[1]))] = None
    if missing:
        shown = " ".join(list(missing)[:20]) + (" …" if len(missing) > 20 else "")
        warnings.warn(
            MissingGlyphsWarning(
                f"the figure's font lacks {len(missing)} character(s) of its text ({shown}): "
                "they are drawn as empty boxes; set matplotlib's font.family to a font that "
                "has them"
            ),
            stacklevel=4,  # the caller of save() or svg_text(), past contextlib's frames
        )


_VERDICT_STYLE = {
    "consistent": ("#0072B2", "o"),
    "inconsistent": ("#D55E00", "X"),
    "unverifiable": ("#E69F00", "s"),
    "not_comparable": ("#7F7F7F", "D"),
}
"""Colour and marker of each verdict: Okabe and Ito's colour-blind-safe palette (blue,
vermillion, orange, grey), and a marker each, so that no verdict is told by colour alone."""


def source_line(figure: Figure, source: str = "") -> None:
    """Write at the foot of a figure where its numbers come from (and the tool's version)."""
    from computescale import __version__

    said = f"Source: {source}. " if source else ""
    figure.supxlabel(
        _text(
            f"{said}Recomputed with computescale {__version__}; catalogue figures with their "
            "sources: `computescale catalogue show`."
        ),
        x=0.005,
        ha="left",
        fontsize=7,
        color="#555555",
    )


def _text(text: str) -> str:
    r"""Return user text (names, labels, claim ids) to draw as it is written.

    Control characters are shown as escapes and ``$`` as a dollar sign: matplotlib
    would read text between two ``$`` as mathtext, and fail on ``$\frac{$``.
    """
    return escape_text(text).replace("$", r"\$")


def _bounded(e: Estimate) -> str:
    """Return a title's note that the figures are lower or upper bounds, or ""."""
    bound = e.accelerators.bound
    if bound is None:
        return ""
    return f" ({SIGNS[bound].strip()}: {bound} bounds, as some counts are)"


def _labels(ax: Axes) -> list[str]:
    return list(ax.get_legend_handles_labels()[1])


def _exact(
    ax: Axes,
    points: Sequence[tuple[int, float]],
    label: str = "exact value",
    colour: str = "#0072B2",
) -> None:
    """Draw exact values (low = high) as markers: a bar of no width would not show."""
    if not points:
        return
    ax.scatter(
        [x for _, x in points],
        [i for i, _ in points],
        marker="o",
        color=colour,
        zorder=3,
        label=None if label in _labels(ax) else label,
    )


def _legend_outside(ax: Axes) -> None:
    """Put the legend to the right of the axes, where it covers no data; none when empty."""
    if _labels(ax):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=(8, 4.5), layout="constrained")
    return new


def _span(r: Range | None, unit: str) -> tuple[float, float, float | None]:
    """Return (low, high, p50 or None) of a range in ``unit``; zeros for None."""
    if r is None:
        return 0.0, 0.0, None
    low, high = r.magnitudes(unit)
    pct = r.percentiles(unit)
    return low, high, None if pct is None else pct[1]


def timeline(
    phases: Sequence[PhaseEstimate], *, ax: Axes | None = None, what: str = "h100e"
) -> Axes:
    """Plot one figure over a build-out: H100-equivalents or facility power.

    Bounds are a shaded band between the low and high lines; medians (when sampled) are
    dashed; each phase is labelled where it starts. :func:`estimate_figure` draws both
    figures in panels that share the time axis.

    Parameters
    ----------
    phases
        From :func:`computescale.timeline.estimate_timeline`.
    ax
        Axes to draw on; a new figure when None.
    what
        ``h100e`` (H100-equivalents on the estimate's basis) or ``power`` (facility power).
    """
    import matplotlib.dates as mdates

    if what not in ("h100e", "power"):
        raise ValueError(f"unknown figure {what!r}; use h100e or power")
    ax = _axes(ax)
    if not phases:
        raise ValueError("nothing to plot: no phases")
    starts = np.array([p.date for p in phases], dtype="datetime64[D]")
    # Each phase holds until the next; the last is drawn for a fifth of the span (>= 30 days).
    tail = max(np.timedelta64(30, "D"), (starts[-1] - starts[0]) // 5)
    dates = np.append(starts, starts[-1] + tail)
    basis = phases[-1].estimate.basis_label  # with any format some chips run at another's rate
    if what == "h100e":
        series = [_span(p.estimate.h100_equivalents, "") for p in phases]
        peak = max(s[1] for s in series)
        scale, word = (1e6, "millions") if peak >= 1e6 else (1e3, "thousands")
        colour = "#0072B2"
        ax.set_ylabel(f"H100-equivalents, {basis} [{word}]")
    else:
        series = [_span(p.estimate.power.facility, "W") for p in phases]
        peak = max(s[1] for s in series)
        scale, word = (1e9, "GW") if peak >= 1e9 else (1e6, "MW")
        colour = "#D55E00"
        ax.set_ylabel(f"facility power (IT × PUE) [{word}]")
    series.append(series[-1])
    ax.fill_between(
        dates,
        [v[0] / scale for v in series],
        [v[1] / scale for v in series],
        step="post",
        alpha=0.3,
        color=colour,
        label="guaranteed range",
    )
    ax.step(dates, [v[1] / scale for v in series], where="post", color=colour)
    ax.step(dates, [v[0] / scale for v in series], where="post", color=colour, linewidth=0.8)
    medians = [v[2] / scale for v in series if v[2] is not None]
    if len(medians) == len(series):
        ax.step(dates, medians, where="post", linestyle="--", color=colour, label="median")
    ax.set_ylim(bottom=0, top=peak / scale * 1.15)
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    )
    for p, date, v in zip(phases, starts, series, strict=False):
        ax.annotate(
            _text(p.label),
            (date, v[1] / scale),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize=8,
        )
    _legend_outside(ax)
    last = phases[-1]  # its estimate is named "<cluster>: <phase label>"
    bounded = next((b for p in phases if (b := _bounded(p.estimate))), "")
    ax.set_title(
        _text(last.estimate.name.removesuffix(f": {last.label}")) + ": build-out" + bounded
    )
    return ax


def fleet_breakdown(
    e: Estimate, *, metric: str = "h100_equivalents", ax: Axes | None = None
) -> Axes:
    """Plot one figure by fleet as horizontal bars from low to high bound.

    Parameters
    ----------
    e
        An estimate.
    metric
        ``h100_equivalents``, ``power`` (facility) or ``capex`` (total).
    ax
        Axes to draw on; a new figure when None.
    """
    ax = _axes(ax)
    choose: dict[str, tuple[Any, str, str]] = {
        "h100_equivalents": (
            lambda f: f.h100_equivalents,
            "",
            f"H100-equivalents ({e.basis_label})",
        ),
        "power": (lambda f: f.power.facility, "MW", "facility power (IT x PUE) [MW]"),
        "capex": (lambda f: f.capex.total, "USD", "capex total [billion USD]"),
    }
    if metric not in choose:
        raise ValueError(f"unknown metric {metric!r}; use {', '.join(choose)}")
    get, unit, label = choose[metric]
    whole = {"h100_equivalents": e.h100_equivalents, "power": e.power.facility}.get(
        metric, e.capex.total
    )
    top = max([_span(whole, unit)[1], *(_span(get(f), unit)[1] for f in e.fleets)])
    scale = 1e9 if unit == "USD" else 1.0
    if unit == "" and top >= 1e6:  # H100e in millions, not in 1e6 offsets
        scale, label = 1e6, f"{label} [millions]"
    names = ["whole cluster"] + [
        _text(f.accelerator if not f.label else f"{f.label}: {f.accelerator}") for f in e.fleets
    ]
    spans = [_span(whole, unit)] + [_span(get(f), unit) for f in e.fleets]
    split = [False] + [f.split_total is not None for f in e.fleets]
    y = list(range(len(names)))
    wide = [i for i, s in enumerate(spans) if s[1] > s[0]]
    styles: tuple[tuple[list[int], dict[str, Any]], ...] = (
        ([i for i in wide if i == 0], {"color": "#333333", "label": "whole cluster"}),
        (
            [i for i in wide if i and not split[i]],
            {"color": "#0072B2", "label": "guaranteed range"},
        ),
        (
            [i for i in wide if split[i]],
            {
                "color": "#56B4E9",
                "hatch": "//",
                "edgecolor": "#0072B2",
                "label": "split member:\nspans every split",
            },
        ),
    )
    for members, style in styles:
        if members:
            ax.barh(
                members,
                [(spans[i][1] - spans[i][0]) / scale for i in members],
                left=[spans[i][0] / scale for i in members],
                height=0.5,
                alpha=0.8,
                **style,
            )
    if 0 not in wide:
        _exact(ax, [(0, spans[0][0] / scale)], "whole cluster", "#333333")
    _exact(ax, [(i, spans[i][0] / scale) for i in y if i and i not in wide])
    medians = [(i, s[2]) for i, s in enumerate(spans) if s[2] is not None]
    if medians:
        ax.scatter(
            [m / scale for _, m in medians],
            [i for i, _ in medians],
            marker="D",
            color="black",
            zorder=3,
            label="median (sampled)",
        )
    ax.set_yticks(y, names)
    ax.invert_yaxis()  # the whole cluster on top, then its fleets
    ax.set_xlabel(label)
    ax.set_xlim(left=0)
    ax.set_title(f"{_text(e.name)}: by fleet{_bounded(e)}")
    _legend_outside(ax)
    return ax


def ranges(e: Estimate, *, what: str = "power", ax: Axes | None = None) -> Axes:
    """Plot the power ladder or the capex items with bounds and p5/p50/p95.

    Parameters
    ----------
    e
        An estimate (sampled for percentiles).
    what
        ``power`` (chip, IT, facility) or ``cost`` (accelerators, hardware, total).
    ax
        Axes to draw on; a new figure when None.
    """
    ax = _axes(ax)
    if what == "power":
        items = [
            ("chip (TDP × count)", e.power.chip, "chip_w"),
            ("IT (servers + network)", e.power.it, "it_w"),
            ("facility (IT × PUE)", e.power.facility, "facility_w"),
        ]
        top = max((r.magnitudes("W")[1] for _, r, _ in items if r is not None), default=0.0)
        unit, scale, label = ("GW", 1.0, "power [GW]") if top >= 1e9 else ("MW", 1.0, "power [MW]")
    elif what == "cost":
        facility = "excluded" if e.assumptions.facility_capex_per_mw is None else "included"
        items = [
            ("accelerators (as priced)", e.capex.accelerators, "capex_accelerators_usd"),
            ("hardware (servers, network)", e.capex.hardware, "capex_hardware_usd"),
            (f"total (facility {facility})", e.capex.total, "capex_total_usd"),
        ]
        unit, scale, label = "USD", 1e9, "capex [billion USD]"
    else:
        raise ValueError(f"unknown item {what!r}; use power or cost")
    for i, (_, r, key) in enumerate(items):
        if r is None:  # not zero: not computed, and why
            why = e.missing.get(key, "not computed").split(";")[0]
            ax.text(
                0.02,
                i,
                _text(f"n/a: {why}"),
                transform=ax.get_yaxis_transform(),  # x in axes fraction, y in data
                va="center",
                fontsize=8,
            )
            continue
        low, high = r.magnitudes(unit)
        if high > low:
            ax.plot(
                [low / scale, high / scale],
                [i, i],
                color="#0072B2",
                linewidth=6,
                alpha=0.4,
                solid_capstyle="butt",
                label=None if "guaranteed range" in _labels(ax) else "guaranteed range",
            )
        else:
            _exact(ax, [(i, low / scale)])
        pct = r.percentiles(unit)
        if pct is not None:
            ax.plot(
                [pct[0] / scale, pct[2] / scale],
                [i, i],
                color="#0072B2",
                linewidth=2,
                label="p5 - p95" if i == 0 else None,
            )
            ax.scatter(
                [pct[1] / scale],
                [i],
                color="black",
                marker="D",
                zorder=3,
                label="p50" if i == 0 else None,
            )
    ax.set_yticks(range(len(items)), [n for n, _, _ in items])
    ax.set_ylim(-0.5, len(items) - 0.5)
    ax.set_xlabel(label)
    ax.set_xlim(left=0)
    ax.set_title(f"{_text(e.name)}: {what}{_bounded(e)}")
    _legend_outside(ax)
    return ax


def claims(results: Sequence[ClaimResult], *, ax: Axes | None = None) -> Axes:
    """Plot each claim's stated value against its recomputed range, a row per claim.

    A row is labelled with the claim's words (shortened); its marker sits at stated /
    recomputed on a log axis (×1 = agreement), with the recomputed range as a bar and the
    claim's own tolerance as a band. Colour and marker give the verdict (colour-blind
    safe); under a claim that does not hold, its likeliest reading or the reason it cannot
    be judged. A claim with nothing recomputed is drawn hollow at ×1 with its reason.

    Parameters
    ----------
    results
        From :func:`computescale.claims.check_claims`.
    ax
        Axes to draw on; a new figure when None.
    """
    from matplotlib.ticker import FuncFormatter

    ax = _axes(ax)
    shown = _drawn(results)
    labelled: set[str] = set()  # one legend entry per verdict (a lookup per claim was O(n^2))
    for i, r in enumerate(shown):
        colour, marker = _VERDICT_STYLE[r.verdict]
        legend = r.verdict.replace("_", " ") if r.verdict not in labelled else None
        labelled.add(r.verdict)
        tolerance = r.claim.tolerance
        ax.fill_betweenx(
            [i - 0.28, i + 0.28], 1 - tolerance, 1 + tolerance, color="#0072B2", alpha=0.08
        )
        if r.recomputed is None or r.ratio is None:
            ax.scatter(
                [1.0],
                [i],
                marker=marker,
                facecolors="none",
                edgecolors=colour,
                zorder=3,
                label=legend,
            )
        else:
            low, high = r.recomputed.magnitudes()
            s_low, s_high = r.stated.magnitudes()
            mid = (s_low * s_high) ** 0.5 if s_low > 0 else s_high
            lo_ratio, hi_ratio = mid / high if high else r.ratio, mid / low if low else r.ratio
            ax.plot([lo_ratio, hi_ratio], [i, i], color=colour, linewidth=2)
            ax.scatter([r.ratio], [i], color=colour, marker=marker, zorder=3, label=legend)
        note = _note(r)
        if note:
            ax.annotate(
                _text(_shorter(note, _READING_CHARS)),
                xy=(0.01, i),
                xycoords=("axes fraction", "data"),
                xytext=(0, -8),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=7,
                fontstyle="italic",
                color="#444444",
                gid=f"reading:{r.claim.id}",
            )
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_factor))
    ax.set_yticks(range(len(shown)), ["\n".join(_text(line) for line in _quote(r)) for r in shown])
    ax.set_ylim(len(shown) - 0.4, -0.6)  # top to bottom, room under the last row's note
    ax.set_xlabel(
        "stated against recomputed, as a factor (log scale; ×1 = agreement; "
        "band: the claim's tolerance)"
    )
    title = "Claims: what was stated against what recomputes"
    if len(shown) < len(results):
        title += (
            f"\n{len(shown)} of {len(results)} drawn: every inconsistent one first, then in "
            "order (the table lists all)"
        )
    ax.set_title(title)
    _legend_outside(ax)
    return ax


def _factor(v: float, _: Any = None) -> str:
    """Write a ratio tick as a factor: ×10, ×1, ÷1,000 (never 1e-05)."""
    if v <= 0:
        return ""
    return f"×{v:,g}" if v >= 1 else f"÷{1 / v:,.0f}"


def _human_ticks(ax: Axes, unit: str, which: str = "x") -> None:
    """Label an axis's ticks as people write the values: 10 MW, 1 GW; 10k, 1M (not 1e7)."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    from computescale.notation import scaled

    def text(v: float, _: Any = None) -> str:
        if v <= 0:
            return "0" if v == 0 else ""
        if unit == "":  # counts: 300, 10k, 1M
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
                if v >= size:
                    return f"{v / size:,.4g}{suffix}"
            return f"{v:,.4g}"
        (value,), suffix = scaled([v], unit, v)
        # a tick is a round number: 1 GW, $10B, 1M h (not 1.00 GW)
        return re.sub(r"\.0+(?=\D|$)|(\.\d*?)0+(?=\D|$)", r"\1", value) + suffix

    for axis in (ax.xaxis, ax.yaxis) if which == "both" else (ax.xaxis,):
        axis.set_major_formatter(FuncFormatter(text))
        axis.set_major_locator(LogLocator(numticks=5))


_QUOTE_CHARS = 52
"""The longest quote a claim's row is labelled with: longer ones end at a word, with …"""


def _quote(r: ClaimResult) -> tuple[str, str]:
    """Return a row's label: the claim's words shortened at a word, then what it stated."""
    from computescale.report.claims import stated_text

    says = r.claim.says.replace("[[", "").replace("]]", "")
    return f"“{_shorter(says, _QUOTE_CHARS)}”", f"{r.claim.id}: stated {stated_text(r)}"


def _note(r: ClaimResult) -> str:
    """Return what is written under a claim's row: why it does not hold, or cannot be judged."""
    if r.verdict == "inconsistent":
        return _leading_reading(r)
    if r.verdict in ("unverifiable", "not_comparable"):
        return f"{r.verdict.replace('_', ' ')}: {r.explanation}"
    return ""


MAX_DRAWN = 80
"""The most claims one figure draws; a longer check draws its inconsistent claims first."""


def _drawn(results: Sequence[ClaimResult]) -> list[ClaimResult]:
    """Return the claims a figure draws: all, or :data:`MAX_DRAWN`, inconsistent ones first."""
    if len(results) <= MAX_DRAWN:
        return list(results)
    first = [r for r in results if r.verdict == "inconsistent"][:MAX_DRAWN]
    rest = [r for r in results if r.verdict != "inconsistent"][: MAX_DRAWN - len(first)]
    return first + rest


_READING_CHARS = 76
"""The longest reading written under a claim: longer ones end in an ellipsis."""


def _leading_reading(r: ClaimResult) -> str:
    """Return what explains an inconsistent claim, in a few words, for a picture.

    The first reading under which it holds, or, when none does, the nearest one with
    its ratio.
    """
    if r.diagnosis:
        return f"likeliest: {r.diagnosis[0].reading}"
    if r.closest:
        near = r.closest[0]
        ratio = f" (×{near.ratio:.2g})" if math.isfinite(near.ratio) else ""
        return f"no reading fits; nearest: {near.reading}{ratio}"
    return "no reading fits"


def _shorter(text: str, limit: int) -> str:
    """Return ``text`` cut at the last word that fits in ``limit`` characters, with …."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at = cut.rfind(" ")
    return (cut[:at] if at > limit // 2 else cut).rstrip(" ,;:") + "\u2026"


_PANELS = {
    "W": "power",
    "FLOP/s": "FLOP/s",
    "USD": "money",
    "1": "counts",
    "h": "accelerator-hours",
    "day": "days",
    "FLOP": "training compute [FLOP]",
}
"""The panel of each unit a stated figure can have, with its axis label."""


def stated_vs_recomputed(results: Sequence[ClaimResult], *, source: str = "") -> Figure:
    """Return stated against recomputed values on log-log axes, a panel per unit.

    Each claim with a recomputed figure is a point at (middle of the recomputed
    range, stated value), with the range as a horizontal bar, coloured by verdict;
    the diagonal is agreement and the shaded band the widest tolerance of the
    panel's claims. Claims without a recomputed figure are left out, as are ratios
    (their own figure, :func:`claims`); a point off the diagonal is labelled with its
    claim's id. ``source`` as for :func:`summary_figure`.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    shown = [
        r
        for r in results
        if r.recomputed is not None and r.claim.quantity != "ratio" and r.recomputed.high > 0
    ]
    units = [u for u in _PANELS if any((r.stated.unit or "1") == u for r in shown)]
    columns = min(3, max(1, len(units)))
    rows = max(1, -(-len(units) // columns))
    figure, grid = plt.subplots(
        rows, columns, figsize=(4.2 * columns, 4.0 * rows), layout="constrained", squeeze=False
    )
    for ax, unit in zip(grid.flat, units, strict=False):
        panel = [r for r in shown if (r.stated.unit or "1") == unit]
        values: list[float] = []
        for r in panel:
            assert r.recomputed is not None
            low, high = r.recomputed.magnitudes()
            s_low, s_high = r.stated.magnitudes()
            values += [low, high, s_low, s_high]
            x = (low * high) ** 0.5 if low > 0 else high
            y = (s_low * s_high) ** 0.5 if s_low > 0 else s_high
            colour = _VERDICT_STYLE[r.verdict][0]
            # a range from 0 (a lower bound's) starts a million times below, on log axes
            ax.plot([max(low, x / 1e6), high], [y, y], color=colour, linewidth=1.5)
            ax.scatter(
                [x],
                [y],
                color=colour,
                marker=_VERDICT_STYLE[r.verdict][1],
                zorder=3,
                s=18,
                label=r.verdict.replace("_", " ")
                if r.verdict.replace("_", " ") not in _labels(ax)
                else None,
            )
            if r.verdict != "consistent":  # an outlier says which claim it is
                ax.annotate(
                    _text(r.claim.id),
                    (x, y),
                    textcoords="offset points",
                    xytext=(4, 2),
                    fontsize=6,
                    color="#444444",
                )
        positive = [v for v in values if v > 0]
        lo, hi = min(positive) / 3, max(positive) * 3
        tolerance = max(r.claim.tolerance for r in panel)
        line = np.geomspace(lo, hi, 50)
        ax.plot(line, line, color="black", linewidth=0.8)
        ax.fill_between(
            line, line * (1 - tolerance), line * (1 + tolerance), color="#0072B2", alpha=0.1
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        for axis in (ax.xaxis, ax.yaxis):  # decades only: minor labels would overlap
            axis.set_minor_formatter(NullFormatter())
        _human_ticks(ax, "" if unit == "1" else unit, "both")
        ax.tick_params(axis="x", labelrotation=30)
        ax.set_title(f"{_PANELS[unit]} ({len(panel)} figure{'s' if len(panel) > 1 else ''})")
        ax.set_xlabel("recomputed (middle of its range)")
        ax.set_ylabel("stated")
    for ax in list(grid.flat)[len(units) :]:
        ax.set_axis_off()
    handles: dict[str, Any] = {}
    for ax in grid.flat:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, h)
    order = [v.replace("_", " ") for v in _VERDICT_STYLE if v.replace("_", " ") in handles]
    if order:
        figure.legend(
            handles=[handles[v] for v in order],
            labels=order,
            loc="outside right upper",
        )
    figure.suptitle("Reported figures: stated vs recomputed (diagonal = agreement)")
    source_line(figure, source)
    return figure


def clusters_figure(estimates: Sequence[Estimate], *, source: str = "") -> Figure:
    """Return many clusters side by side: H100-equivalents and facility power, a row each.

    The clusters are sorted by their H100-equivalents (highest first, high bound); both
    axes are logarithmic, as real clusters span a thousand GPUs to a million. A figure that
    is not computed for a cluster is written as n/a with its reason.

    Parameters
    ----------
    estimates
        From :func:`computescale.estimate_many`.
    source
        Where the clusters come from, at the figure's foot (:func:`source_line`).
    """
    import matplotlib.pyplot as plt

    if not estimates:
        raise ValueError("nothing to plot: no clusters")
    shown = sorted(
        estimates,
        key=lambda e: -(e.h100_equivalents.magnitudes()[1] if e.h100_equivalents else 0.0),
    )[:MAX_DRAWN]
    figure, (left, right) = plt.subplots(
        1, 2, sharey=True, figsize=(11, max(3.5, 0.32 * len(shown) + 1.8)), layout="constrained"
    )
    panels = (
        (left, "h100e", "", "H100-equivalents (each cluster's basis; log scale)", "#0072B2"),
        (right, "facility_w", "W", "facility power (log scale)", "#D55E00"),
    )
    for ax, key, unit, label, colour in panels:
        for i, e in enumerate(shown):
            r = e.h100_equivalents if key == "h100e" else e.power.facility
            if r is None:
                why = e.missing.get(key, "not computed").split(";")[0]
                ax.annotate(
                    _text(_shorter(f"n/a: {why}", 60)),
                    xy=(0.01, i),
                    xycoords=("axes fraction", "data"),
                    va="center",
                    fontsize=7,
                    color="#444444",
                )
                continue
            low, high = r.magnitudes(unit or None)
            ax.plot(
                [low, high], [i, i], color=colour, linewidth=6, alpha=0.6, solid_capstyle="butt"
            )
            if high == low:
                ax.scatter([low], [i], color=colour, zorder=3, s=18)
        ax.set_xscale("log")
        _human_ticks(ax, unit)
        ax.set_xlabel(label)
        ax.grid(axis="x", alpha=0.3)
    left.set_yticks(range(len(shown)), [_text(_shorter(e.name, 50)) for e in shown])
    left.set_ylim(len(shown) - 0.5, -0.5)
    title = f"{len(shown)} clusters: H100-equivalents and facility power (guaranteed ranges)"
    if len(shown) < len(estimates):
        title += f"\n{len(shown)} of {len(estimates)} drawn, the largest first"
    figure.suptitle(title)
    source_line(figure, source)
    return figure


def save(figure: Any, path: str, *, inputs: Sequence[str] = ()) -> None:
    """Save a figure atomically; the format follows the extension (png, svg, pdf).

    Raises
    ------
    InputError
        For another extension, a missing folder, or a path that is an input.
    """
    from computescale.errors import InputError
    from computescale.outputs import atomic_path

    kind = Path(path).suffix.lower().lstrip(".")
    if kind not in ("png", "svg", "pdf"):
        raise InputError(
            f"cannot write a {kind or 'plain'} file",
            file=path,
            expected="a path ending in .png, .svg or .pdf",
        )
    with atomic_path(path, inputs=inputs, suffix=f".{kind}") as tmp, _glyphs_said_once():
        figure.savefig(tmp, format=kind, dpi=120)


def summary_figure(e: Estimate, *, source: str = "") -> Figure:
    """Return a figure with the fleet breakdown, the power ladder and the capex ranges.

    ``source`` says where the cluster comes from, at the figure's foot (:func:`source_line`).
    """
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(3, 1, figsize=(8, 9.3), layout="constrained")
    fleet_breakdown(e, ax=axes[0])
    ranges(e, what="power", ax=axes[1])
    ranges(e, what="cost", ax=axes[2])
    source_line(figure, source)
    return figure


def claims_figure(results: Sequence[ClaimResult], *, source: str = "") -> Figure:
    """Return a figure of :func:`claims`, tall enough for one row per claim.

    ``source`` says where the claims come from, at the figure's foot (:func:`source_line`).
    """
    import matplotlib.pyplot as plt

    rows = min(len(results), MAX_DRAWN)
    figure = plt.figure(figsize=(11, max(4.0, 0.5 * rows + 1.8)), layout="constrained")
    claims(results, ax=figure.add_subplot())
    source_line(figure, source)
    return figure


def cluster_figure(
    cluster: Cluster,
    *,
    basis: str = "bf16",
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    source: str = "",
) -> Figure:
    """Return the figure of a cluster: its build-out when it has phases, else its summary.

    A build-out is drawn by :func:`timeline` from
    :func:`computescale.timeline.estimate_timeline`; a cluster without phases by
    :func:`summary_figure`. ``basis``, ``catalogue`` and ``sampling`` are as for
    :func:`computescale.estimates.estimate` (medians and p5-p95 when sampled); ``source``
    as for :func:`summary_figure`.
    """
    options: dict[str, Any] = {"basis": basis, "catalogue": catalogue, "sampling": sampling}
    if not cluster.phases:
        return summary_figure(estimate(cluster, **options), source=source)
    phases = estimate_timeline(cluster, **options)
    return estimate_figure(phases[-1].estimate, phases, source=source)


def estimate_figure(
    e: Estimate, phases: Sequence[PhaseEstimate] = (), *, source: str = ""
) -> Figure:
    """Return the figure of an estimate already made.

    Its build-out when ``phases`` are given: H100-equivalents and facility power in two
    panels that share the time axis (:func:`timeline`); else its summary
    (:func:`summary_figure`). ``source`` as for :func:`summary_figure`.
    """
    import matplotlib.pyplot as plt

    if not phases:
        return summary_figure(e, source=source)
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.2), sharex=True, layout="constrained")
    timeline(phases, ax=top, what="h100e")
    timeline(phases, ax=bottom, what="power")
    bottom.set_title("")
    source_line(figure, source)
    return figure


def svg_text(figure: Figure) -> str:
    """Return a figure as SVG markup to put inline in a page, and close the figure.

    Text is drawn as paths (no font needed), and the markup is the same for the
    same figure: no date, stable ids.
    """
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    out = io.StringIO()
    try:
        with (
            matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "computescale"}),
            _glyphs_said_once(),
        ):
            figure.savefig(out, format="svg", metadata={"Date": None})
    finally:
        plt.close(figure)
    return out.getvalue()


class FileFigure(NamedTuple):
    """The figure of a file, and the files read to draw it."""

    figure: Figure
    """The figure, not yet saved (see :func:`save`)."""
    inputs: tuple[str, ...]
    """The file and, for a claims file, the cluster files it names (an output must be none)."""


def file_figure(
    path: str | os.PathLike[str],
    *,
    basis: str | None = None,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assumptions",
    preset: str | None = None,
) -> FileFigure:
    """Draw a claims file, a cluster file or a folder of cluster files, as ``computescale plot``.

    A claims file is checked (:func:`computescale.claims.check_claims`) and drawn by
    :func:`claims_figure`; its claims name their own precision, and the figure shows
    the guaranteed bounds the verdicts rest on, so ``basis`` and ``sampling`` apply to
    a cluster file alone, drawn by :func:`cluster_figure`, and are refused with a
    claims file rather than ignored.

    Parameters
    ----------
    path
        A claims file or a cluster file (YAML), or a folder of cluster files
        (:func:`clusters_figure`).
    basis
        As for :func:`cluster_figure` (None: bf16).
    catalogue, sampling
        As for :func:`cluster_figure`.
    assume, assume_source, preset
        A peer's method, then assumptions, applied to the cluster or to every cluster the
        claims name (see :func:`computescale.presets.prepared`).

    Raises
    ------
    InputError
        For an invalid file, or a cluster file a claims file names; for ``basis`` or
        ``sampling`` given with a claims file.
    """
    if os.path.isdir(path):  # a folder of cluster files: the clusters side by side
        from computescale.survey import cluster_files, estimate_many

        files = cluster_files([path])
        many = estimate_many(
            files,
            basis=basis,
            catalogue=catalogue,
            sampling=sampling,
            preset=preset,
            assume=assume,
            assume_source=assume_source,
        )
        figure = clusters_figure(many, source=os.fspath(path))
        return FileFigure(figure, tuple(os.fspath(f) for f in files))
    path = located(path)  # a shipped cluster, by name
    data = load_document(path).data
    if isinstance(data, dict) and "claims" in data:
        _claims_take_no(path, basis=basis, sampling=sampling)
        results = check_claims(
            path, catalogue=catalogue, assume=assume, assume_source=assume_source, preset=preset
        )
        return FileFigure(claims_figure(results, source=os.fspath(path)), input_files(path))
    cluster = prepared(
        load_cluster(path, catalogue), preset=preset, assume=assume, assume_source=assume_source
    )
    figure = cluster_figure(
        cluster,
        basis=basis or "bf16",
        catalogue=catalogue,
        sampling=sampling,
        source=os.fspath(path),
    )
    return FileFigure(figure, (os.fspath(path),))


def _claims_take_no(
    path: str | os.PathLike[str], *, basis: str | None, sampling: Sampling | None
) -> None:
    """Refuse the options a claims figure would otherwise ignore."""
    from computescale.errors import InputError

    if basis is not None:
        raise InputError(
            f"applies to cluster files; each claim of {os.fspath(path)} names its own precision",
            field="basis",
            fix="drop it, or set precision: in the claims",
        )
    if sampling is not None:
        raise InputError(
            f"applies to cluster files; the figure of the claims file {os.fspath(path)} draws "
            "the guaranteed bounds its verdicts rest on",
            field="sampling",
            fix="drop it; checking the claims with samples gives their likely ranges",
        )
