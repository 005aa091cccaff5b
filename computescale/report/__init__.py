"""Render estimates, claim checks, what-if answers and the catalogue for people and programs.

No science here: every number comes from :mod:`computescale.estimates` or the
catalogue; this package only scales units for people and lays them out, as
aligned text tables, Markdown, JSON (numbers in base units) and self-contained HTML
pages to share.
"""

from computescale.report.catalogue import (
    assumptions_markdown,
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
from computescale.report.html import claims_html, estimate_html, survey_html
from computescale.report.layout import format_likely, format_range
from computescale.report.survey import (
    compare_markdown,
    compare_table,
    survey_csv,
    survey_json,
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

__all__ = [
    "assumptions_markdown",
    "catalogue_csv",
    "catalogue_markdown",
    "catalogue_table",
    "claims_csv",
    "claims_html",
    "claims_json",
    "claims_markdown",
    "claims_table",
    "compare_markdown",
    "compare_table",
    "conversion_table",
    "conversion_to_dict",
    "estimate_html",
    "estimate_json",
    "estimate_markdown",
    "estimate_table",
    "estimate_to_dict",
    "format_likely",
    "format_range",
    "spec_table",
    "survey_csv",
    "survey_html",
    "survey_json",
    "survey_json_parts",
    "survey_markdown",
    "survey_table",
    "training_table",
    "training_to_dict",
]
