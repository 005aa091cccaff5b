"""From an article's text to claims: its figures found, typed and matched to clusters.

:func:`extract_claims` drafts the claims of an article (Italian or English);
:func:`check_article` drafts and checks them in one call;
:func:`drafts_yaml` writes them as a claims file that ``computescale check`` reads,
:func:`drafts_json` as JSON.
"""

from computescale.articles.checking import ArticleCheck, check_article
from computescale.articles.drafts import (
    Draft,
    Extraction,
    draft_claims,
    drafts_json,
    drafts_yaml,
    extract_claims,
)

__all__ = [
    "ArticleCheck",
    "Draft",
    "Extraction",
    "check_article",
    "draft_claims",
    "drafts_json",
    "drafts_yaml",
    "extract_claims",
]
