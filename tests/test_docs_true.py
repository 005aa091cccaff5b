"""docs/architecture.md and docs/cli.md name what the code has: layers, contracts, commands."""

from __future__ import annotations

import argparse
import re

from computescale.cli import build_parser
from tests.conftest import ROOT

ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CLI = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
CONTRACTS = re.findall(r'^id = "([a-z]+)"', PYPROJECT, re.M)
"""The ids of the import-linter contracts (read as text: tomllib is Python 3.11+)."""


def test_every_layer_of_the_contract_is_on_the_architecture_page():
    block = re.search(r'id = "layers".*?\nlayers = \[(.*?)\n\]', PYPROJECT, re.S).group(1)
    layers = re.findall(r'^  "([^"]+)"', block, re.M)
    assert "estimates" in layers and len(layers) > 15
    diagram = re.search(r"```text\n(.*?)```", ARCHITECTURE, re.S).group(1)
    named = set(re.findall(r"[a-z_]+", diagram))
    for layer in layers:
        for module in (m.strip() for m in layer.split("|")):
            assert module in named, module


def test_every_contract_is_named_and_counted():
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
    assert f"holds {words[len(CONTRACTS)]} contracts" in ARCHITECTURE
    assert len(CONTRACTS) == 7
    for contract in CONTRACTS:
        assert f"- **{contract}**" in ARCHITECTURE, contract


def _subcommands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{prefix}{name}"] = sub
                found |= _subcommands(sub, f"{prefix}{name} ")
    return found


def test_every_command_and_its_formats_are_in_the_cli_page():
    for name, sub in _subcommands(build_parser()).items():
        usage = [line for line in CLI.splitlines() if line.startswith(f"computescale {name}")]
        assert usage, name
        fmt = next((a for a in sub._actions if a.dest == "format"), None)
        if fmt is not None:
            text = "\n".join(CLI.split(usage[0], 1)[1].split("\ncomputescale ", 1)[:1])
            for choice in fmt.choices:
                assert choice in usage[0] + text, (name, choice)
