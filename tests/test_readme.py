"""The README's examples run, and its printed output is what the command prints."""

import re
import shlex

import pytest

from computescale.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)


def _commands() -> list[str]:
    tour = next(body for lang, body in BLOCKS if lang == "bash" and "computescale check" in body)
    return [line.split("  #")[0].strip() for line in tour.splitlines() if line.strip()]


def test_tour_output_is_what_the_command_prints(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    console = next(body for lang, body in BLOCKS if lang == "console")
    command, *shown = console.splitlines()
    assert main(shlex.split(command.removeprefix("$ computescale"))) == 0
    printed = capsys.readouterr().out.splitlines()
    for line in shown:
        if not line.startswith("..."):
            assert line in printed


@pytest.mark.parametrize("command", _commands())
def test_tour_commands_run(command, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "computescale"
    args = args[1:]
    if ">" in args:  # a shell redirection: the command prints what would be written
        args = args[: args.index(">")]
    if "-o" in args:  # write images into a temporary folder, not the checkout
        args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    assert main(args) == 0
    assert capsys.readouterr().out or any(tmp_path.iterdir())


def test_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = next(body for lang, body in BLOCKS if lang == "python")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["result"].power.facility.high.to("MW").magnitude > 0


def test_the_counts_the_readme_and_docs_give_are_the_real_ones():
    # "N real clusters, a row each" is the folder of shipped example clusters
    shipped = len(list((ROOT / "examples" / "clusters").glob("*.yaml")))
    pages = [README, *((ROOT / "docs" / p).read_text(encoding="utf-8") for p in ("many.md",))]
    for text in pages:
        for n in re.findall(r"(\d+) real clusters(?:, a row each| shipped)", text):
            assert int(n) == shipped
    # "checks N figures reported about M real clusters" is the validation page's headline
    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    figures, clusters = re.search(r"of (\d+) reported figures .*? on (\d+) clusters", page).groups()
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"checks {figures}\nfigures reported about {clusters} real clusters" in README
    assert f"reported about {clusters} real clusters" in index
