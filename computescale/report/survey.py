"""Many clusters side by side: a table, Markdown, CSV and JSON, and a comparison of two."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from computescale.engine.throughput import BASIS_LABELS, peak_format
from computescale.errors import InputError
from computescale.estimates import Estimate
from computescale.outputs import dumps
from computescale.ranges import Range
from computescale.report.estimates import estimate_to_dict
from computescale.report.layout import (
    align,
    csv_cell,
    escape_markdown,
    escape_text,
    format_range,
    markdown_row,
    significant,
)
from computescale.survey import columns

__all__ = [
    "compare_markdown",
    "compare_table",
    "survey_csv",
    "survey_header",
    "survey_json",
    "survey_json_parts",
    "survey_markdown",
    "survey_rows",
    "survey_table",
]


def _key_figures(e: Estimate) -> list[tuple[str, Range | None]]:
    """Return the figures a row of the survey shows, labelled with their basis.

    The labels are those of every cluster alike; a cluster whose chips run the basis or the
    peak's format at another format's rate says so in its cells (:func:`_shown`).
    """
    fmt = peak_format(e.basis)
    kind = "sparse" if e.sparse else "dense"
    basis = BASIS_LABELS.get(e.basis, f"dense {e.basis}")
    return [
        ("accelerators", e.accelerators),
        (f"H100e ({basis})", e.h100_equivalents),
        (f"peak {fmt} ({kind})", e.peak_flops[fmt]),
        ("power: chip", e.power.chip),
        ("power: IT", e.power.it),
        ("power: facility", e.power.facility),
        ("energy per year", e.annual_energy),
        ("capex: total", e.capex.total),
    ]


def _shown(e: Estimate) -> list[str]:
    """Return the cells of a cluster's key figures, each with the stand-in rate it rests on."""
    stand_ins = {1: e.stand_in_of("h100e"), 2: e.stand_in_of(f"peak_flops.{peak_format(e.basis)}")}
    return [
        format_range(r) + (f" ({stand_ins[i]})" if stand_ins.get(i) else "")
        for i, (_, r) in enumerate(_key_figures(e))
    ]


def survey_header(estimates: Sequence[Estimate]) -> list[str]:
    """Return the header of the many-cluster table: cluster, date and the key figures."""
    labels = [label for label, _ in _key_figures(estimates[0])]
    if any(e.assumptions.facility_capex_per_mw is None for e in estimates):
        labels[-1] = "capex: total (facility construction excluded)"
    return ["cluster", "as of", *labels]


def survey_rows(estimates: Sequence[Estimate]) -> list[list[str]]:
    """Return a row of text cells per cluster, as :func:`survey_header` names them."""
    return [
        [
            e.name,
            "" if e.as_of is None else e.as_of.isoformat(),
            *_shown(e),
        ]
        for e in estimates
    ]


def survey_table(estimates: Sequence[Estimate]) -> str:
    """Return a text table, a row per cluster, with the key figures as guaranteed ranges."""
    rows = [[escape_text(c) for c in row] for row in survey_rows(estimates)]
    return "\n".join(align([survey_header(estimates), *rows]) + _notes(estimates)) + "\n"


def notes_of(estimates: Sequence[Estimate]) -> list[str]:
    """Return the notes a table of several clusters needs: what capex leaves out, bounds."""
    notes = sorted({n for e in estimates for n in e.notes if n.startswith("capex: facility")})
    return notes + sorted({n for e in estimates for n in e.notes if "count written as" in n})


def _notes(estimates: Sequence[Estimate]) -> list[str]:
    notes = notes_of(estimates)
    return ["", *(f"- {escape_text(n)}" for n in notes)] if notes else []


def survey_markdown(estimates: Sequence[Estimate]) -> str:
    """Return the survey as a Markdown table."""
    header = survey_header(estimates)
    lines = [markdown_row(header), markdown_row(["---"] * len(header))]
    lines += [markdown_row(row) for row in survey_rows(estimates)]  # it escapes each cell
    return "\n".join(lines) + "\n"


def survey_csv(
    estimates: Sequence[Estimate],
    *,
    files: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
) -> str:
    """Return one CSV row per cluster: every figure in base units, ``_low`` and ``_high``.

    Column names carry the unit (``facility_w_low``, ``peak_bf16_flop_per_s_high``); a
    missing figure is an empty cell; ``chips`` says the accelerators and their counts. Text
    cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``) are prefixed with an apostrophe. ``files``: the file each cluster was read from
    (a ``source_file`` column first); ``only``: these columns, in this order.

    Raises
    ------
    InputError
        For a column of ``only`` that no cluster has.
    """
    rows = [columns(e) for e in estimates]
    if files is not None:
        rows = [{"source_file": f} | row for f, row in zip(files, rows, strict=True)]
    names = list(dict.fromkeys(k for row in rows for k in row))
    if only is not None:
        unknown = [c for c in only if c not in names]
        if unknown:
            raise InputError(
                f"no column {unknown[0]!r}",
                field="--columns",
                expected=f"columns of the CSV: {', '.join(names[:12])}, …",
            )
        names = list(only)
        rows = [{k: row.get(k) for k in names} for row in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def survey_json(estimates: Iterable[Estimate]) -> str:
    """Return ``{"clusters": [...]}``, each as the JSON of a single estimate."""
    return "".join(survey_json_parts(estimates))


def survey_json_parts(estimates: Iterable[Estimate]) -> Iterator[str]:
    """Yield the text of :func:`survey_json` a cluster at a time, as each estimate comes.

    Only one estimate's JSON is held at a time, so memory does not grow with the number of
    clusters or fleets; the parts joined are the text of ``dumps({"clusters": [...]})``.
    """
    first = True
    for e in estimates:
        text = dumps(estimate_to_dict(e)).rstrip("\n").replace("\n", "\n    ")
        yield ('{\n  "clusters": [\n    ' if first else ",\n    ") + text
        first = False
    yield '{\n  "clusters": []\n}\n' if first else "\n  ]\n}\n"


def _compare_rows(a: Estimate, b: Estimate) -> list[list[str]]:
    """Return the rows of a comparison: a header, then a figure each with B / A."""
    rows = [["figure", a.name, b.name, "B / A (low, high)"]]
    labels = survey_header([a, b])[2:]
    figures = zip(labels, _key_figures(a), _key_figures(b), _shown(a), _shown(b), strict=True)
    for label, (_, ra), (_, rb), shown_a, shown_b in figures:
        rows.append([label, shown_a, shown_b, _ratio(ra, rb)])
    return rows


def compare_table(a: Estimate, b: Estimate) -> str:
    """Return two clusters' key figures side by side with the ratio B / A of each bound."""
    return "\n".join(align(_compare_rows(a, b)) + _notes([a, b])) + "\n"


def compare_markdown(a: Estimate, b: Estimate) -> str:
    """Return :func:`compare_table` as a Markdown table, with its notes below."""
    header, *rows = _compare_rows(a, b)
    out = [markdown_row(header), "|" + "---|" * len(header), *map(markdown_row, rows)]
    notes = [f"- {escape_markdown(n)}" for n in notes_of([a, b])]
    return "\n".join(out + (["", *notes] if notes else [])) + "\n"


def _ratio(a: Range | None, b: Range | None) -> str:
    """Return B / A of the low and of the high bounds; a bounded figure bounds the ratio."""
    if a is None or b is None:
        return "n/a"
    if a.bound is not None and b.bound is not None:
        return "n/a (both figures are bounds)"
    (alo, ahi), (blo, bhi) = a.magnitudes(), b.magnitudes(a.unit)
    low, high = (
        significant(blo / alo) if alo else "inf",
        significant(bhi / ahi) if ahi else "inf",
    )
    if low == high:
        text = f"×{low}"
    elif alo and ahi and blo / alo > bhi / ahi:  # not a range: the lows' ratio is the larger
        text = f"lows ×{low}, highs ×{high}"
    else:
        text = f"×{low} – ×{high}"
    sign = {"lower": "≥ ", "upper": "≤ "}
    if b.bound is not None:
        return sign[b.bound] + text
    if a.bound is not None:  # A at least its figure: B / A at most the ratio shown
        return sign["upper" if a.bound == "lower" else "lower"] + text
    return text
