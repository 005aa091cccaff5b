"""Installed use: the examples reach a user outside the checkout, and a wheel runs the README.

The wheel test builds the project's wheel, installs it (without dependencies: the running
environment has them) into a temporary folder, and runs it from another temporary folder
with that folder first on the path, so that it is the wheel's code and data that answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from computescale.cli import main
from computescale.shipped import examples_folder, known_clusters
from tests.conftest import ROOT


def test_examples_copy_gives_the_readme_its_files_and_replaces_nothing(tmp_path, capsys):
    dest = tmp_path / "examples"
    assert main(["examples", "copy", str(dest)]) == 0
    source = examples_folder()
    assert source is not None
    wanted = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    assert sorted(p.relative_to(dest) for p in dest.rglob("*") if p.is_file()) == wanted
    assert (dest / "colossus2.yaml").read_bytes() == (source / "colossus2.yaml").read_bytes()
    capsys.readouterr()
    # a second copy stops before writing: an edited example stays as the user left it
    (dest / "colossus2.yaml").write_text("edited", encoding="utf-8")
    assert main(["examples", "copy", str(dest)]) == 2
    err = capsys.readouterr().err
    assert "are there already" in err and "nothing was copied" in err
    assert (dest / "colossus2.yaml").read_text(encoding="utf-8") == "edited"


def test_examples_list_names_every_shipped_cluster(capsys):
    assert main(["examples", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert [line.split()[0] for line in lines] == list(known_clusters())


def test_a_missing_example_path_names_the_shipped_cluster(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no examples folder here
    assert main(["estimate", "examples/colossus2.yaml"]) == 2
    err = capsys.readouterr().err
    assert "file not found" in err and "give `colossus2` instead of the path" in err
    assert main(["estimate", "examples/not-a-cluster.yaml"]) == 2
    assert "shipped" not in capsys.readouterr().err


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Build the wheel and install it into a temporary folder; return that folder."""
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:  # pragma: no cover - a build failure is the test's finding
        pytest.fail(f"pip wheel failed:\n{built.stderr}")
    (whl,) = out.glob("computescale-*.whl")
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(whl) as z:  # a wheel is installed by unpacking it
        z.extractall(target)
    return target


def _run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def test_the_wheel_runs_the_readme_outside_the_checkout(wheel, tmp_path):
    where = _run_installed(
        wheel, tmp_path, "-c", "import computescale; print(computescale.__file__)"
    )
    assert where.stdout.strip().startswith(str(wheel))  # the wheel's code, not the checkout's
    assert list(wheel.glob("computescale-*.dist-info/licenses/LICENSE"))  # the licence travels
    by_name = _run_installed(wheel, tmp_path, "-m", "computescale", "estimate", "colossus2")
    assert by_name.returncode == 0, by_name.stderr
    # Colossus 2: 550,000 GB200 and GB300 (the README's main job)
    assert "Accelerators (GPUs/chips)" in by_name.stdout and "550,000" in by_name.stdout
    copied = _run_installed(wheel, tmp_path, "-m", "computescale", "examples", "copy")
    assert copied.returncode == 0, copied.stderr
    readme = _run_installed(
        wheel, tmp_path, "-m", "computescale", "estimate", "examples/colossus2.yaml"
    )
    assert readme.returncode == 0 and readme.stdout == by_name.stdout
    article = _run_installed(
        wheel, tmp_path, "-m", "computescale", "check", "examples/articles/seed-000.it.txt"
    )
    assert article.returncode == 0, article.stderr
    assert "verdict" in article.stdout
    frame = _run_installed(
        wheel,
        tmp_path,
        "-c",
        "import computescale as cs; "
        "f = cs.to_frame(cs.check_claims('examples/claims/seed-articles.yaml')); "
        "print(type(f).__name__, len(f))",
    )
    assert frame.returncode == 0, frame.stderr
    assert frame.stdout.split()[0] == "DataFrame" and int(frame.stdout.split()[1]) > 0
