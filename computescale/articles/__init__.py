"""From an article's text to claims: its figures found, typed and matched to clusters.

:func:`extract_claims` drafts the claims of an article (Italian or English);
:func:`drafts_yaml` writes them as a claims file that ``computescale check`` reads,
:func:`drafts_json` as JSON.
"""

from computescale.articles.drafts import (
    Draft,
    Extraction,
    drafts_json,
    drafts_yaml,
    extract_claims,
)

__all__ = ["Draft", "Extraction", "drafts_json", "drafts_yaml", "extract_claims"]
