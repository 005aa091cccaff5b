"""Every --help ends with examples, and the examples run; every format a command lists works."""

from __future__ import annotations

import csv
import io
import json
import shlex

import pytest

from computescale.cli import build_parser, main
from computescale.cli.parser import EXAMPLES
from tests.conftest import ROOT

RUNNABLE = [
    e for examples in EXAMPLES.values() for e in examples if "article.txt" not in e and "|" not in e
]


@pytest.mark.parametrize("example", RUNNABLE)
def test_each_help_example_runs(example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    args = shlex.split(example)
    if ">" in args:
        args = args[: args.index(">")]
    assert main(args) == 0, capsys.readouterr().err


def test_every_command_help_has_examples():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in commands.items():
        assert "examples:" in (sub.epilog or ""), name


def test_compare_and_catalogue_list_give_every_format(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["compare", "colossus1-2024-09", "colossus2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # 100,000 H100 against 550,000 GB200 and GB300
    assert data["a"]["accelerators"]["low"] == 100_000
    assert data["b"]["accelerators"]["high"] == 550_000
    assert main(["compare", "colossus1-2024-09", "colossus2", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["accelerators_low"] for r in rows] == ["100000.0", "550000.0"]
    assert main(["compare", "colossus1-2024-09", "colossus2", "--format", "markdown"]) == 0
    assert "| accelerators | 100,000 | 550,000 | ×5.50 |" in capsys.readouterr().out
    assert main(["catalogue", "list", "--format", "csv"]) == 0
    chips = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    # NVIDIA's H100 SXM5 whitepaper: 989.4 TFLOP/s dense bf16, 700 W
    assert float(chips["H100-SXM"]["peak_dense_bf16_flop_per_s"]) == pytest.approx(989.4e12)
    assert float(chips["H100-SXM"]["tdp_w_low"]) == 700
    assert main(["catalogue", "list", "--vendor", "google", "--format", "json"]) == 0
    assert {s["vendor"] for s in json.loads(capsys.readouterr().out)} == {"Google"}
