"""What a notebook shows of a result: ranges as written, tables of figures and verdicts."""

from __future__ import annotations

import re

import pytest
from IPython.lib.pretty import pretty

import computescale as cs
from computescale.claims import ClaimResults
from computescale.claims.results import RESULT_HEADER
from computescale.figures import FIGURES
from tests.conftest import EXAMPLES

CLAIMS = EXAMPLES / "claims" / "seed-articles.yaml"


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def test_a_range_shows_as_written_not_as_its_fields():
    r = cs.Range.of((600e6, 1e9), "W")
    assert pretty(r) == "0.600 GW – 1.00 GW"
    assert "values=" in repr(r)  # repr keeps the fields, for debugging


@pytest.mark.parametrize("name", sorted(cs.known_clusters()))
def test_every_figure_of_an_estimate_shows_a_value_or_why_not(name):
    e = cs.estimate(cs.load_cluster(name))
    cells = _cells(e._repr_html_())
    labels, texts = cells[0::2], cells[1::2]
    assert len(labels) == len(FIGURES)
    for label, text in zip(labels, texts, strict=True):
        assert text and "None" not in text, label
        if text.startswith("n/a"):
            assert text.startswith("n/a: "), label  # the reason follows


def test_an_estimate_table_names_its_bases_and_escapes_its_texts():
    cluster = cs.load_cluster("colossus2").model_copy(update={"name": "<b>Colossus</b> & co"})
    html = cs.estimate(cluster)._repr_html_()
    assert "&lt;b&gt;Colossus&lt;/b&gt; &amp; co" in html and "<b>Colossus" not in html
    cells = _cells(html)
    # the terminal table's labels, with what each rests on
    assert "H100-equivalents (dense bf16)" in cells
    assert "Peak bf16 (dense, FLOP/s)" in cells
    # 550,000 GPUs x 1,200-1,400 W TDP = 660-770 MW, as the terminal writes it
    assert cells[cells.index("Power: chip (TDP x count)") + 1] == "660 MW – 770 MW"


def test_claim_results_show_as_one_table_with_the_verdicts_counted():
    results = cs.check_claims(CLAIMS)
    assert isinstance(results, ClaimResults) and isinstance(results, list)
    html = results._repr_html_()
    verdicts = [r.verdict for r in results]
    title = re.search(r"<caption[^>]*><b>(.*?)</b>", html).group(1)
    assert title.startswith(f"{len(results)} claims: ")
    assert f"{verdicts.count('consistent')} consistent" in title
    assert f"{verdicts.count('inconsistent')} inconsistent" in title
    assert html.count("<tr>") == len(results) + 1  # a header and a row per claim
    one = results[0]._repr_html_()
    assert one.count("<tr>") == 1 + len(RESULT_HEADER)
    assert "not_comparable" not in html  # verdicts in words


def test_an_article_check_shows_its_verdicts():
    text = (EXAMPLES / "articles" / "seed-000.it.txt").read_text(encoding="utf-8")
    checked = cs.check_article(text, clusters=[str(EXAMPLES / "colossus2.yaml")])
    assert checked.results._repr_html_() == checked._repr_html_()
    assert len(_cells(checked._repr_html_())) == len(checked.results) * len(RESULT_HEADER)
