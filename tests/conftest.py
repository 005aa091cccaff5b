import os
import tempfile
from pathlib import Path

import pytest

# Hypothesis keeps its examples and caches in the temporary folder, not in a .hypothesis
# folder of the work tree: tests write in temporary folders only. Hypothesis reads this
# when it first writes, after this file is loaded.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "computescale-hypothesis")
)
# The same for the caches other tools keep in the home folder: matplotlib's font list, the
# notebooks' IPython profile and kernel connection files, and pip's downloads (the wheel
# test). Subprocesses (the CLI, notebook kernels, pip) inherit these.
for _variable, _folder in (
    ("MPLCONFIGDIR", "matplotlib"),
    ("IPYTHONDIR", "ipython"),
    ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
    ("PIP_CACHE_DIR", "pip"),
):
    os.environ.setdefault(_variable, str(Path(tempfile.gettempdir()) / f"computescale-{_folder}"))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def write(tmp_path):
    """Write a text file in a temporary folder and return its path."""

    def _write(text: str, name: str = "cluster.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def run(capsys, *args):
    """Run the command line with ``args``; return its exit code, stdout and stderr."""
    from computescale.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err, text):
    """Assert that stderr is one error line, no traceback, saying ``text``."""
    assert err.startswith("computescale: error: ") and err.endswith("\n"), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert text in err, err
