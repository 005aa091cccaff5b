"""The renderer table: every kind of result in every format; commands offer exactly those."""

from __future__ import annotations

import argparse
import json

import pytest

import computescale as cs
from computescale.cli import build_parser
from computescale.errors import InputError
from computescale.report.renderers import RENDERERS, Page, formats, render
from tests.conftest import EXAMPLES, run

COLOSSUS2 = str(EXAMPLES / "colossus2.yaml")


def _commands() -> dict[str, argparse.ArgumentParser]:
    found = {}
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                for inner in sub._actions:
                    if isinstance(inner, argparse._SubParsersAction):
                        found |= {f"{name} {n}": s for n, s in inner.choices.items()}
    return found


KIND_OF = {
    "catalogue list": "accelerators",
    "catalogue show": "accelerator",
    "estimate": "estimate",
    "compare": "comparison",
    "extract": "drafts",
    "check": "claims",
    "convert": "conversion",
    "train": "training",
}


@pytest.mark.parametrize(("command", "kind"), KIND_OF.items())
def test_each_command_offers_every_format_of_its_result_and_no_other(command, kind):
    fmt = next(a for a in _commands()[command]._actions if a.dest == "format")
    assert tuple(fmt.choices) == formats(kind) and fmt.default == formats(kind)[0]


def test_several_clusters_and_an_article_are_written_in_the_formats_of_one():
    # `estimate A B` and `check ARTICLE` take estimate's and check's --format
    assert formats("estimates") == formats("estimate")
    assert formats("article") == formats("claims")


def test_every_kind_renders_in_every_format():
    e = cs.estimate(cs.load_cluster(COLOSSUS2))
    results = {
        "accelerators": cs.list_accelerators()[:3],
        "accelerator": cs.get_accelerator("H100"),
        "estimate": (e, ()),
        "estimates": [e, e],
        "comparison": (e, e),
        "claims": cs.check_claims(str(EXAMPLES / "claims" / "seed-articles.yaml"))[:2],
        "schema": {"type": "object"},
    }
    page = Page(figure=lambda result: "<svg></svg>")
    for kind, result in results.items():
        for fmt in formats(kind):
            text = render(kind, result, fmt, page)
            text = text if isinstance(text, str) else "".join(text)
            assert text.strip(), (kind, fmt)
            if fmt == "json":
                json.loads(text)


def test_a_format_a_kind_lacks_is_refused_naming_those_it_has():
    with pytest.raises(InputError, match=r"training is not written as 'html'.*table, json"):
        render("training", None, "html")


def test_the_renderer_table_names_no_kind_twice_and_each_has_a_default():
    assert all(writers for writers in RENDERERS.values())


def test_an_article_without_figures_gives_programs_an_empty_table_and_people_a_sentence(
    capsys, tmp_path
):
    article = tmp_path / "note.txt"
    article.write_text("Nothing to count here in 2025.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(article), "--format", "csv")
    assert code == 0 and out.count("\n") == 1 and out.startswith("id,")  # the header alone
    code, out, _ = run(capsys, "check", str(article), "--format", "json")
    assert code == 0 and json.loads(out) == {"claims": []}
    code, out, _ = run(capsys, "check", str(article))
    assert code == 0 and out.startswith("No figure the checker can judge was found in note.txt")
    code, out, _ = run(capsys, "check", str(article), "--format", "html")
    assert code == 0 and "<title>Fact-check of 0 claims: none found (note.txt)</title>" in out
    assert "No figure the checker can judge was found in this article" in out
    assert "<li>&#x27;2025&#x27;: a year</li>" in out  # the numbers read, and why none counts
