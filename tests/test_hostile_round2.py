"""The second attack on the surfaces added since the first: each class of finding, reproduced."""

from __future__ import annotations

import csv
import io

import pytest

from computescale.report.layout import csv_cell, escape_markdown


# CSV cells a spreadsheet would run as a formula, behind invisible characters or look-alikes
@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "\r=1+1",  # a reader that ends the record at CR starts the next cell with "="
        "\t=1",
        "\u200b=HYPERLINK(1)",  # a zero-width space before it
        "\u00a0@SUM(1)",
        "\uff1d1+1",  # the full-width equals sign
        "\u2212 5",  # the minus sign
        "\ufe62cmd",  # the small plus sign
    ],
)
def test_a_csv_cell_never_starts_a_formula(text):
    cell = csv_cell(text)
    assert isinstance(cell, str) and cell.startswith("'")
    (row,) = list(csv.reader(io.StringIO(_one_row(cell))))
    assert row[0] == cell  # one cell, one record: nothing spills into the next


def _one_row(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="x()">', '&lt;img src=x onerror="x()"&gt;'),
        ("AT&T | Verizon", "AT&amp;T \\| Verizon"),
    ],
)
def test_markdown_cells_carry_no_html(text, shown):
    assert escape_markdown(text) == shown


# numbers in text: every written form read as written, or said why not
@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("It took 2.788e6 GPU hours.", "en", 2_788_000),  # 2.788 x 10^6
        ("Hanno 100 000 GPU.", "it", 100_000),
        ("Hanno 1 000 000 GPU.", "it", 1_000_000),
        ("They have 100’000 GPUs.", "en", 100_000),
        ("They have 100\u00ad000 GPUs.", "en", 100_000),  # a soft hyphen inside
        ("They have 100\u200b000 GPUs.", "en", 100_000),  # a zero-width space inside
    ],
)
def test_number_forms_are_read_whole(text, lang, value):
    from computescale.articles import extract_claims

    (d,) = extract_claims(text, lang=lang, clusters=()).drafts
    assert d.low == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("It draws −5 MW.", "a negative number"),  # U+2212, the minus sign
        ("It draws -5 MW.", "a negative number"),
        ("It has 1.000.000.0000 GPU.", "is not a number"),
        ("It went from 0 to nothing.", "zero"),
    ],
)
def test_numbers_that_are_no_figure_are_said(text, why):
    from computescale.articles import extract_claims

    x = extract_claims(text, lang="en", clusters=())
    assert [d for d in x.drafts if d.quantity != "unknown"] == []
    assert any(why in s for s in x.skipped), x.skipped
