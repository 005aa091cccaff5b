"""The architecture contract ([tool.importlinter] in pyproject.toml), checked by import-linter.

The layers and the rules are described in docs/architecture.md. ``lint-imports`` reads every
import in computescale/, including those inside functions and under ``TYPE_CHECKING``, so a
lazy upward import breaks the contract as surely as one at the top of a module.
"""

import os
import pkgutil
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the top-level modules that each forbidden contract lets import its package
ALLOWED = {
    "matplotlib": {"__main__", "cli", "plots", "testing"},
    "pint": {"units", "testing"},
    "hypothesis": {"testing"},
}


@pytest.fixture(scope="module")
def contracts() -> dict[str, dict[str, Any]]:
    pytest.importorskip(
        "importlinter", reason="import-linter is not installed: pip install -e '.[test]'"
    )
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # import-linter requires tomli on Python 3.10
        import tomli as tomllib
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_imports_keep_the_architecture_contract(contracts):
    # the script of this interpreter's environment (a PATH lookup could find another venv's)
    scripts = sysconfig.get_path("scripts")
    lint_imports = shutil.which("lint-imports", path=scripts)
    assert lint_imports, f"import-linter is installed, but lint-imports is not in {scripts}"
    result = subprocess.run(
        # --no-cache: write no .import_linter_cache into the checkout
        [lint_imports, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # every contract of pyproject.toml was read and checked
    assert re.search(rf"Contracts: {len(contracts)} kept, 0 broken", report), report


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_forbidden_contracts_name_every_other_module(contracts, package):
    # the layers contract is exhaustive by itself; a forbidden contract lists its sources
    children = {module.name for module in pkgutil.iter_modules([str(ROOT / "computescale")])}
    contract = contracts[package]
    assert contract["forbidden_modules"] == [package]
    expected = {f"computescale.{name}" for name in children - ALLOWED[package]}
    assert set(contract["source_modules"]) == expected


def test_no_module_imports_another_modules_private_names():
    """A name that starts with ``_`` is its module's own: no other module imports it.

    What two modules share is public (in the module's ``__all__`` or documented); a private
    helper imported elsewhere is a shared helper that has not said so.
    """
    import ast

    package = Path(__file__).resolve().parents[1] / "computescale"
    found = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("computescale"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private and node.module != "computescale":  # the root's __version__
                    found.append(f"{path.relative_to(package)}: {node.module}.{private}")
    assert found == []
