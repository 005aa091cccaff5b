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
