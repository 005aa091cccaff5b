"""The reading page (docs/press.md) against the labelled corpus of real press.

The labels and sources are part of the project (benchmarks/press/); the articles' text is
not (it belongs to its outlets). Where the texts are at hand (``COMPUTESCALE_PRESS_CORPUS``,
or ``../research/corpus`` beside the project), the page is measured again and must be
what the script writes; everywhere, the page must list every labelled article with its
count of labelled figures, and its totals must add up.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("gen_press", ROOT / "docs" / "gen_press.py")
assert spec is not None and spec.loader is not None
gen = importlib.util.module_from_spec(spec)
sys.modules["gen_press"] = gen  # its dataclasses look their module up
spec.loader.exec_module(gen)

PAGE = (ROOT / gen.PAGE).read_text(encoding="utf-8")


def _corpus() -> Path | None:
    given = os.environ.get("COMPUTESCALE_PRESS_CORPUS")
    folder = Path(given) if given else ROOT.parent / "research" / "corpus"
    return folder if (folder / "it").is_dir() and (folder / "en").is_dir() else None


def _rows(section: str) -> list[list[str]]:
    body = PAGE.split(section, 1)[1].split("\n## ", 1)[0]
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in body.splitlines()
        if line.startswith("| ") and not line.startswith("| ---") and "labelled" not in line
    ]


def test_the_page_lists_every_labelled_article_with_its_figures():
    articles = gen.load(ROOT / gen.LABELS)
    assert len(articles) >= 30
    assert sum(a.lang == "it" for a in articles) >= 15
    assert sum(a.lang == "en" for a in articles) >= 15
    rows = {re.sub(r"^\[(.*?)\]\(.*\)$", r"\1", r[0]): r for r in _rows("## Per article")}
    for a in articles:
        labelled = sum(lab.quantity in gen.CLAIM_QUANTITIES for lab in a.labels)
        assert rows[a.name][4] == str(labelled), a.name
    assert len(rows) == len(articles)


def test_the_totals_add_up_and_the_held_out_parts_meet_the_bar():
    table = PAGE.split("| part |", 1)[1].split("\n\n", 1)[0]
    parts = {
        cells[0]: cells
        for line in table.splitlines()[2:]
        if (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    articles = _rows("## Per article")
    for part, cells in parts.items():
        mine = [r for r in articles if r[1] == part]
        assert int(cells[1]) == len(mine)
        for column, index in ((2, 4), (3, 5), (5, 6)):  # labelled, found, typed
            assert int(cells[column]) == sum(int(r[index]) for r in mine), (part, column)
    for part in ("held-out 1", "held-out 2"):
        labelled, found, typed = (int(parts[part][i]) for i in (2, 3, 5))
        correct = sum(int(r[7]) for r in articles if r[1] == part)
        assert found / labelled >= 0.9, part  # the bar: recall of 90 %
        assert correct / typed >= 0.85, part  # and precision of 85 %
        assert parts[part][7] == "0"  # no crash


@pytest.mark.skipif(_corpus() is None, reason="the articles' texts are not at hand")
def test_the_page_is_what_the_corpus_gives():
    corpus = _corpus()
    assert corpus is not None
    assert gen.page(gen.run(corpus, ROOT)) == PAGE, (
        "docs/press.md is stale: run `python docs/gen_press.py --corpus FOLDER`"
    )
