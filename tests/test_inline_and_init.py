"""Clusters without a file: inline fleets, standard input, and the starter file of init."""

from __future__ import annotations

import io
import re
import sys

import pytest

from computescale.cli import main
from computescale.cli.commands import STARTER
from computescale.cluster import parse_cluster
from tests.conftest import EXAMPLES


def test_inline_fleets_estimate_as_a_file_would(tmp_path, capsys):
    (tmp_path / "c.yaml").write_text(
        "name: x\nfleets:\n  - {accelerator: H100, count: 100000}\n"
        "  - {accelerator: GB200, count: [20000, 30000]}\n",
        encoding="utf-8",
    )
    assert main(["estimate", str(tmp_path / "c.yaml"), "--format", "json"]) == 0
    from_file = capsys.readouterr().out
    assert (
        main(
            [
                "estimate",
                "--fleet",
                "H100=100000",
                "--fleet",
                "GB200=[20000, 30000]",
                "--format",
                "json",
            ]
        )
        == 0
    )
    inline = capsys.readouterr().out
    # the same figures; only the name differs
    strip = lambda text: re.sub(r'"name": "[^"]*"', "", text)  # noqa: E731
    assert strip(inline) == strip(from_file)
    # 100,000 + 20,000-30,000 GPUs
    assert '"low": 120000.0' in inline and '"high": 130000.0' in inline


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["estimate"], "no cluster given"),
        (["estimate", "colossus2", "--fleet", "H100=1"], "not both"),
        (["estimate", "--fleet", "H100"], "is not NAME=VALUE"),
        (["estimate", "--fleet", "H100=abc"], "--fleet: fleets[0].count"),
        (["estimate", "--fleet", "Foo=1"], "unknown accelerator 'Foo'"),
    ],
)
def test_bad_inline_fleets_say_what_to_write(args, said, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


def test_a_cluster_reads_from_standard_input(monkeypatch, capsys):
    text = (EXAMPLES / "colossus2.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["estimate", "-"]) == 0
    assert capsys.readouterr().out.startswith("Colossus 2, first batch")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"name: x\nfleets: 3\n")))
    assert main(["estimate", "-"]) == 2
    assert capsys.readouterr().err.startswith("computescale: error: standard input:")


def test_init_writes_a_starter_that_estimates_and_replaces_nothing(tmp_path, capsys):
    path = tmp_path / "cluster.yaml"
    assert main(["init", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == STARTER
    assert main(["estimate", str(path)]) == 0
    capsys.readouterr()
    path.write_text("edited", encoding="utf-8")
    assert main(["init", str(path)]) == 2
    assert "nothing is ever replaced" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "edited"


def test_the_starters_commented_options_are_valid_when_uncommented():
    # every commented line under fleets and assumptions, uncommented: a valid cluster
    lines = []
    for line in STARTER.splitlines():
        m = re.match(r"^(\s*)# ((?:\s*- |\s+)?[a-z_]+:.*)$", line)  # YAML, not a sentence
        lines.append(m.group(1) + m.group(2) if m else line)
    cluster = parse_cluster("\n".join(lines))
    assert len(cluster.fleets) == 3
    assert cluster.assumptions.pue.low == 1.1
