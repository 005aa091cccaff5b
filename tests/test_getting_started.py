"""The getting-started page runs as written: its files, its commands and the verdicts it reads."""

from __future__ import annotations

import re
import shlex

import pytest

from computescale.claims import check_claims
from computescale.cli import main
from tests.conftest import ROOT

PAGE = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")


def _files(tmp_path):
    """Write the page's YAML blocks under the names their first comment gives."""
    for block in re.findall(r"```yaml\n(.*?)```", PAGE, re.S):
        name = re.match(r"# (\S+\.yaml)\n", block).group(1)
        (tmp_path / name).write_text(block, encoding="utf-8")


def test_the_verdicts_the_page_reads_are_the_ones_given(tmp_path):
    _files(tmp_path)
    results = {r.claim.id: r for r in check_claims(tmp_path / "claims.yaml")}
    power, flops = results["uae-200mw"], results["uae-2-zettaflops"]
    # 100,000 GB300 x (120-132 kW per NVL72 / 72) x (1 + 5-14 %) x PUE 1.1-1.4 = 212-315 MW
    assert power.verdict == "consistent"
    assert "212–315 MW" in PAGE and power.recomputed.magnitudes("MW") == pytest.approx(
        (212, 315), abs=0.5
    )
    assert "as IT power instead of facility power" in power.explanation
    # 100,000 x 15 PFLOP/s dense fp4 = 1.5 ZFLOP/s; sparse: 2 ZFLOP/s
    assert flops.verdict == "unverifiable" and "fp4 sparse" in flops.explanation


@pytest.mark.parametrize(
    "command",
    [c for c in re.findall(r"^computescale [^\n#]+", PAGE, re.M) if "examples copy" not in c],
)
def test_each_command_of_the_page_runs(command, tmp_path, monkeypatch, capsys):
    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    args = shlex.split(command)[1:]
    if ">" in args:
        args = args[: args.index(">")]
    assert main(args) == 0, capsys.readouterr().err
