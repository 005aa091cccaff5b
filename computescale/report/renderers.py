"""One table of renderers: every kind of result, in every format it is written in.

:data:`RENDERERS` maps a kind of result (``"estimate"``, ``"claims"``, …) and a format
(``"table"``, ``"json"``, …) to the function that writes it; :func:`render` looks one up
and :func:`formats` says which formats a kind has, so that the command line offers every
format of a result from this one place. Adding a format is a column of this table (and
the module that writes it); adding a kind of result is a row.

A renderer gets the result and a :class:`Page`: what the writing needs beyond the result
(the catalogue whose sources an HTML page lists, the page's title, its figure). Each
renderer reads only the fields it needs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from computescale.catalogue import Catalogue, the_catalogue
from computescale.errors import InputError
from computescale.estimates import Estimate, FleetEstimate
from computescale.outputs import dumps
from computescale.ranges import Range
from computescale.report.catalogue import (
    catalogue_csv,
    catalogue_markdown,
    catalogue_table,
    spec_table,
)
from computescale.report.claims import claims_csv, claims_json, claims_markdown, claims_table
from computescale.report.estimates import (
    estimate_json,
    estimate_markdown,
    estimate_table,
    estimate_to_dict,
)
from computescale.report.html import (
    claims_html,
    estimate_html,
    nothing_found_html,
    survey_html,
)
from computescale.report.layout import escape_text
from computescale.report.survey import (
    compare_markdown,
    compare_table,
    survey_csv,
    survey_json_parts,
    survey_markdown,
    survey_table,
)
from computescale.report.whatif import (
    conversion_table,
    conversion_to_dict,
    training_table,
    training_to_dict,
)

__all__ = ["RENDERERS", "Kind", "Page", "formats", "render"]

Kind = Literal[
    "accelerators",
    "accelerator",
    "estimate",
    "estimates",
    "comparison",
    "drafts",
    "claims",
    "article",
    "conversion",
    "training",
    "schema",
]
"""The kinds of result, with what each is:

``accelerators`` a list of :class:`~computescale.catalogue.AcceleratorSpec`;
``accelerator`` one of them; ``estimate`` an ``(Estimate, phases)`` pair (no phases: an
empty tuple); ``estimates`` several clusters' estimates (an iterable, consumed once);
``comparison`` an ``(a, b)`` pair of estimates; ``drafts`` an article's
:class:`~computescale.articles.Extraction`; ``claims`` a list of
:class:`~computescale.claims.ClaimResult`; ``article`` an
:class:`~computescale.articles.ArticleCheck`; ``conversion`` a
:class:`~computescale.conversion.Conversion`; ``training`` a
:class:`~computescale.training.TrainingRun`; ``schema`` a JSON Schema (a dict)."""


@dataclass(frozen=True)
class Page:
    """What a renderer may need beyond its result.

    Attributes
    ----------
    catalogue
        The catalogue the result used: an HTML page lists its sources.
    title
        What was checked (a claims file's or an article's name), for a check's page.
    figure
        Draws the result's figure as SVG, for an HTML page (None: a page without one).
    headline
        An estimate's text table shows its headline figures only.
    files
        The file each cluster of ``estimates`` was read from, in their order (CSV).
    columns
        Only these CSV columns of ``estimates``, in this order (None: every column).
    sort
        Sort ``estimates`` by this CSV column, numbers highest first (None: as given).
    outlet
        The publication drafts come from (YAML drafts).
    base
        The folder drafts are written to: their cluster paths are relative to it.
    """

    catalogue: Catalogue | None = None
    title: str = ""
    figure: Callable[[Any], str] | None = None
    headline: bool = False
    files: Sequence[str] | None = None
    columns: Sequence[str] | None = None
    sort: str | None = None
    outlet: str = "article"
    base: Path | None = None

    def svg(self, result: Any) -> str | None:
        """Return the result's figure as SVG, or None without a way to draw it."""
        return None if self.figure is None else self.figure(result)

    def the_catalogue(self) -> Catalogue:
        """Return the catalogue a page lists the sources of (the packaged one by default)."""
        return the_catalogue(self.catalogue)


Text = str | Iterator[str]
"""What a renderer returns: the whole text, or its parts as they come (JSON of many
clusters is written a cluster at a time)."""

Renderer = Callable[[Any, Page], Text]


def _json(to_dict: Callable[[Any], Any]) -> Renderer:
    return lambda result, page: dumps(to_dict(result))


def _lean(e: Estimate) -> Estimate:
    """Return the estimate with its first fleet of each accelerator only.

    Of a cluster's fleets, the tables of many clusters read only which accelerators they use
    (for the catalogue sources and the chips column); the figures of the cluster stay whole.
    Kept this way, a long list of clusters holds no per-fleet figures.
    """
    first: dict[str, FleetEstimate] = {}
    for f in e.fleets:
        was = first.get(f.accelerator)
        if was is not None:  # its count adds up, for the chips column
            (a, b), (c, d) = was.count.magnitudes(), f.count.magnitudes()
            f = dataclasses.replace(was, count=Range.of((a + c, b + d), ""))
        first[f.accelerator] = f
    return dataclasses.replace(e, fleets=tuple(first.values()))


def _many(
    render: Callable[[list[Estimate], list[str] | None, Page], str],
) -> Renderer:
    """Return a renderer of several clusters that keeps each lean and sorts them as asked."""

    def rendered(estimates: Iterable[Estimate], page: Page) -> str:
        from computescale.survey import sorted_by

        lean = [_lean(e) for e in estimates]
        files = None if page.files is None else list(page.files)
        if page.sort:
            source = dict(zip(map(id, lean), files or [], strict=False))
            lean = sorted_by(lean, page.sort)
            files = None if files is None else [source[id(e)] for e in lean]
        return render(lean, files, page)

    return rendered


def _article(render: Renderer, nothing: Callable[[Any, Page], str]) -> Renderer:
    """Return a renderer of an article's check: its verdicts, or ``nothing`` without drafts."""

    def rendered(checked: Any, page: Page) -> Text:
        if not checked.extraction.drafts:
            return nothing(checked, page)
        return render(checked.results, page)

    return rendered


def _nothing_found(checked: Any, page: Page) -> str:
    """Say that an article had no figure to check, and the numbers it skipped, as prose."""
    skipped = "".join(f"- not drafted: {escape_text(s)}\n" for s in checked.extraction.skipped)
    found = f"No figure the checker can judge was found in {escape_text(page.title)}.\n"
    return found + skipped


def _drafts_yaml(x: Any, page: Page) -> str:
    from computescale.articles import drafts_yaml

    return drafts_yaml(x, outlet=page.outlet, base=page.base)


def _drafts_json(x: Any, page: Page) -> str:
    from computescale.articles import drafts_json

    return dumps(drafts_json(x))


_CLAIMS: dict[str, Renderer] = {
    "table": lambda results, page: claims_table(results),
    "json": lambda results, page: claims_json(results),
    "markdown": lambda results, page: claims_markdown(results),
    "csv": lambda results, page: claims_csv(results),
    "html": lambda results, page: claims_html(
        results, title=page.title, catalogue=page.the_catalogue(), figure_svg=page.svg(results)
    ),
}

_NO_DRAFTS: dict[str, Callable[[Any, Page], str]] = {
    "table": _nothing_found,
    "json": lambda checked, page: claims_json([]),
    "markdown": _nothing_found,
    "csv": lambda checked, page: claims_csv([]),
    "html": lambda checked, page: nothing_found_html(page.title, checked.extraction.skipped),
}
"""An article without a figure to check: prose for people, an empty list or table for
programs, a page that says so and lists the numbers read."""

RENDERERS: Mapping[Kind, Mapping[str, Renderer]] = {
    "accelerators": {
        "table": lambda specs, page: catalogue_table(specs),
        "json": _json(lambda specs: [s.summary() for s in specs]),
        "markdown": lambda specs, page: catalogue_markdown(specs),
        "csv": lambda specs, page: catalogue_csv(specs),
    },
    "accelerator": {
        "table": lambda spec, page: spec_table(spec),
        "json": _json(lambda spec: spec.summary()),
    },
    "estimate": {
        "table": lambda r, page: estimate_table(*r, headline=page.headline),
        "json": lambda r, page: estimate_json(*r),
        "markdown": lambda r, page: estimate_markdown(*r),
        "csv": lambda r, page: survey_csv([r[0]], only=page.columns),
        "html": lambda r, page: estimate_html(
            *r, catalogue=page.the_catalogue(), figure_svg=page.svg(r)
        ),
    },
    "estimates": {
        "table": _many(lambda es, files, page: survey_table(es)),
        "json": lambda estimates, page: survey_json_parts(estimates),
        "markdown": _many(lambda es, files, page: survey_markdown(es)),
        "csv": _many(lambda es, files, page: survey_csv(es, files=files, only=page.columns)),
        "html": _many(
            lambda es, files, page: survey_html(
                es, catalogue=page.the_catalogue(), figure_svg=page.svg(es)
            )
        ),
    },
    "comparison": {
        "table": lambda ab, page: compare_table(*ab),
        "json": _json(lambda ab: {"a": estimate_to_dict(ab[0]), "b": estimate_to_dict(ab[1])}),
        "markdown": lambda ab, page: compare_markdown(*ab),
        "csv": lambda ab, page: survey_csv(list(ab)),
    },
    "drafts": {"yaml": _drafts_yaml, "json": _drafts_json},
    "claims": _CLAIMS,
    "article": {f: _article(_CLAIMS[f], _NO_DRAFTS[f]) for f in _CLAIMS},
    "conversion": {
        "table": lambda c, page: conversion_table(c),
        "json": _json(conversion_to_dict),
    },
    "training": {
        "table": lambda r, page: training_table(r),
        "json": _json(training_to_dict),
    },
    "schema": {"json": _json(lambda schema: schema)},
}
"""Kind of result → format → renderer (see the module docstring)."""


def formats(kind: Kind) -> tuple[str, ...]:
    """Return the formats a kind of result is written in, the default first."""
    return tuple(RENDERERS[kind])


def render(kind: Kind, result: Any, fmt: str, page: Page | None = None) -> Text:
    """Write a result in a format (see :data:`RENDERERS` for the kinds and their results).

    Raises
    ------
    InputError
        For a format the kind is not written in, naming those it is.
    """
    if kind not in RENDERERS:
        raise InputError(f"unknown kind of result {kind!r}", field="kind", expected=_kinds())
    writers = RENDERERS[kind]
    if fmt not in writers:
        raise InputError(
            f"{kind} is not written as {fmt!r}", field="format", expected=", ".join(writers)
        )
    return writers[fmt](result, page or Page())


def _kinds() -> str:
    return ", ".join(get_args(Kind))
