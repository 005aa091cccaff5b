"""An article checked in one call: its figures drafted, matched and judged.

:func:`check_article` is what ``computescale check ARTICLE.txt`` does, for a notebook: the
drafts of :func:`~computescale.articles.drafts.extract_claims` become claims and are
checked against the clusters they were matched to, with no file written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from computescale.articles.drafts import Extraction, draft_claims, extract_claims
from computescale.catalogue import Catalogue, the_catalogue
from computescale.claims import ClaimResults, check_claims
from computescale.cluster import Cluster
from computescale.errors import check_type
from computescale.sampling import Sampling

__all__ = ["ArticleCheck", "check_article"]


@dataclass(frozen=True)
class ArticleCheck:
    """The drafts of an article and the check of each.

    Attributes
    ----------
    extraction
        What was read: the drafts, the numbers skipped, the notes (language, date).
    results
        One result per draft, in the article's order.
    """

    extraction: Extraction
    results: ClaimResults

    def _repr_html_(self) -> str:
        """Show the verdicts in a notebook as a table (see ``ClaimResults``)."""
        return self.results._repr_html_()


def check_article(
    text: str,
    *,
    clusters: Sequence[str | os.PathLike[str]] | None = None,
    lang: str = "auto",
    source_date: dt.date | None = None,
    outlet: str = "article",
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    assume: Mapping[str, Any] | None = None,
    preset: str | None = None,
) -> ArticleCheck:
    """Draft the claims of an article's text and check each against its cluster.

    Parameters
    ----------
    text
        The article, as plain text (or HTML, read without its tags).
    clusters
        Cluster files, folders of them or names of shipped clusters the figures may be
        about; None (the default) for the shipped clusters the article's date allows.
    lang, source_date, catalogue
        As in :func:`~computescale.articles.drafts.extract_claims`.
    outlet
        The publication, for each claim's source.
    sampling, assume, preset
        As in :func:`~computescale.claims.check_claims`.

    Returns
    -------
    ArticleCheck
        The same drafts and verdicts as ``computescale check ARTICLE.txt``.

    Raises
    ------
    InputError
        For a text over the limit, an unknown language, a bad cluster file, or an
        ``assume``/``preset`` that does not apply.
    """
    check_type(outlet, str, "outlet", "the publication's name, such as 'Reuters'")
    cat = the_catalogue(catalogue)
    x = extract_claims(text, lang=lang, clusters=clusters, source_date=source_date, catalogue=cat)
    pairs: list[tuple[Any, Cluster | None, Sequence[Cluster]]] = []
    for claim in draft_claims(x, outlet=outlet):
        cluster = _cluster(claim.cluster, x, cat)
        alternatives = [c for ref in claim.alternatives if (c := _cluster(ref, x, cat))]
        pairs.append((claim, cluster, alternatives))
    results = check_claims(pairs, catalogue=cat, sampling=sampling, assume=assume, preset=preset)
    return ArticleCheck(x, results)


def _cluster(ref: str | dict[str, Any] | None, x: Extraction, cat: Catalogue) -> Cluster | None:
    """Return the cluster a draft names: one matched (already read), or inline (priced chip)."""
    if ref is None:
        return None
    if isinstance(ref, dict):
        return Cluster.model_validate(ref, context={"catalogue": cat})
    return x.clusters[ref]
