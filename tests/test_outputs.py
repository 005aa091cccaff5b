"""Outputs (-o/--output): never over an input, modes kept, nothing left behind on any failure."""

import errno
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading

import pytest

import computescale.cli.program as program
import computescale.outputs as cio
from computescale.cli import main
from computescale.errors import InputError
from tests.conftest import EXAMPLES, ROOT, one_error_line, run

COLOSSUS2 = str(EXAMPLES / "colossus2.yaml")

# Every file the check of claims/seed-articles.yaml reads, relative to the examples folder.
SEED_INPUTS = [
    "claims/seed-articles.yaml",
    "colossus1.yaml",
    "colossus2.yaml",
    "target-50m-h100e.yaml",  # a cluster, and an alternative of c2-cost-2-trillion
    "target-50m-h100e-as-gb300.yaml",  # only ever an alternative
]


def snapshot(folder):
    """Every file under folder with its bytes and mode (to prove nothing changed)."""
    return {
        p.relative_to(folder): (p.read_bytes(), stat.S_IMODE(p.lstat().st_mode))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    } | {p.relative_to(folder): os.readlink(p) for p in folder.rglob("*") if p.is_symlink()}


@pytest.fixture
def examples(tmp_path, monkeypatch):
    """A copy of examples/ as the current folder (the claims name ../colossus2.yaml etc.)."""
    folder = tmp_path / "examples-copy"
    shutil.copytree(EXAMPLES, folder)
    monkeypatch.chdir(folder)
    return folder


# --- never over an input ----------------------------------------------------------------


@pytest.mark.parametrize("output", SEED_INPUTS)
def test_check_refuses_to_write_over_any_file_it_reads(capsys, examples, output):
    before = snapshot(examples)
    code, out, err = run(capsys, "check", "claims/seed-articles.yaml", "-o", output)
    assert code == 2 and out == ""
    one_error_line(err, f"{output}: refusing to write the output over an input file")
    assert snapshot(examples) == before


def test_check_refuses_inputs_through_links_and_other_names(capsys, examples):
    (examples / "soft.json").symlink_to(examples / "colossus1.yaml")
    os.link(examples / "target-50m-h100e-as-gb300.yaml", examples / "hard.json")
    before = snapshot(examples)
    for output in (
        "soft.json",  # a symbolic link to a cluster file
        "hard.json",  # a hard link to an alternative
        str(examples / "colossus2.yaml"),  # absolute, while the claims name it relatively
        "claims/../colossus2.yaml",
        str(examples / "claims" / "seed-articles.yaml"),
    ):
        code, _, err = run(capsys, "check", "claims/seed-articles.yaml", "-o", output)
        assert code == 2, output
        one_error_line(err, "refusing to write the output over an input file")
    assert snapshot(examples) == before


def test_check_writes_beside_its_inputs_when_the_path_is_free(capsys, examples):
    code, out, err = run(capsys, "check", "claims/seed-articles.yaml", "-o", "verdicts.txt")
    assert (code, out, err) == (0, "", "")
    assert "c2-550k-gpus" in (examples / "verdicts.txt").read_text()


@pytest.mark.parametrize("command", ["check", "plot"])
def test_the_catalogue_file_is_an_input_too(capsys, examples, command):
    catalogue = examples / "cat.png"  # a YAML catalogue file with an image's name
    catalogue.write_text("accelerators: []\n")
    before = snapshot(examples)
    code, _, err = run(
        capsys, command, "claims/seed-articles.yaml", "--catalogue", "cat.png", "-o", "cat.png"
    )
    assert code == 2
    one_error_line(err, "refusing to write the output over an input file")
    assert snapshot(examples) == before


def test_plot_of_claims_refuses_the_files_it_reads(capsys, examples):
    os.link(examples / "colossus2.yaml", examples / "c2.png")
    (examples / "alt.svg").symlink_to("target-50m-h100e-as-gb300.yaml")
    before = snapshot(examples)
    for output in ("c2.png", "alt.svg"):
        code, _, err = run(capsys, "plot", "claims/seed-articles.yaml", "-o", output)
        assert code == 2, output
        one_error_line(err, f"{output}: refusing to write the output over an input file")
    assert snapshot(examples) == before


def test_estimate_refuses_its_cluster_through_a_hard_link(capsys, examples):
    os.link(examples / "colossus2.yaml", examples / "out.json")
    before = snapshot(examples)
    code, _, err = run(capsys, "estimate", "colossus2.yaml", "--format", "json", "-o", "out.json")
    assert code == 2
    one_error_line(err, "out.json: refusing to write the output over an input file")
    assert snapshot(examples) == before


# --- modes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_output_follows_the_umask(capsys, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        assert main(["estimate", COLOSSUS2, "-o", str(tmp_path / "out.txt")]) == 0
        assert main(["schema", "-o", str(tmp_path / "schema.json")]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "schema.json").stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664, 0o604, 0o620])
def test_a_replaced_output_keeps_its_mode(capsys, tmp_path, mode):
    target = tmp_path / "out.md"
    target.write_text("old\n")
    target.chmod(mode)
    previous = os.umask(0o077)
    try:
        assert main(["estimate", COLOSSUS2, "--format", "markdown", "-o", str(target)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert target.read_text().startswith("# Colossus 2")
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_replaced_image_keeps_its_mode(capsys, tmp_path):
    target = tmp_path / "c2.svg"
    target.write_text("old")
    target.chmod(0o640)
    assert main(["plot", COLOSSUS2, "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text().startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["c2.svg"]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000, 0o555])
def test_a_read_only_output_file_is_refused(capsys, tmp_path, mode):
    target = tmp_path / "out.json"
    target.write_text("keep me\n")
    target.chmod(mode)
    try:
        code, out, err = run(capsys, "estimate", COLOSSUS2, "-o", target)
        assert code == 2 and out == ""
        one_error_line(err, "out.json: the output file is read-only")
        assert stat.S_IMODE(target.stat().st_mode) == mode
    finally:
        target.chmod(0o600)
    assert target.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("command", [["estimate", COLOSSUS2], ["schema"], ["plot", COLOSSUS2]])
def test_a_read_only_output_folder_is_refused(capsys, tmp_path, command):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run(capsys, *command, "-o", folder / "out.png")
        assert code == 2
        one_error_line(err, "out.png: the output folder is read-only")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_missing_output_folder_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "estimate", COLOSSUS2, "-o", tmp_path / "no" / "out.txt")
    assert code == 2
    one_error_line(err, "out.txt: the output folder does not exist")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.ENAMETOOLONG, "File name too long"),
    ],
)
def test_a_temporary_file_that_cannot_be_made_is_an_input_error(
    capsys, tmp_path, monkeypatch, error
):
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path).startswith(str(tmp_path)):
            raise error
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(cio.os, "open", refusing_open)
    code, _, err = run(capsys, "estimate", COLOSSUS2, "-o", tmp_path / "out.txt")
    assert code == 2
    one_error_line(err, f"out.txt: cannot create the output file ({error.strerror})")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InputError, match="cannot create the output file"):
        cio.write_text(tmp_path / "out.txt", "x")


def test_a_full_disk_while_writing_leaves_the_old_file_and_nothing_else(
    capsys, tmp_path, monkeypatch
):
    target = tmp_path / "out.json"
    target.write_text("old\n")

    class Full(io.StringIO):
        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    # the module's own name `open` shadows the built-in: every write it opens fails
    monkeypatch.setattr(cio, "open", lambda *args, **kwargs: Full(), raising=False)
    code, _, err = run(capsys, "estimate", COLOSSUS2, "-o", target)
    monkeypatch.undo()
    assert code == 2
    one_error_line(err, "out.json: cannot write the output (No space left on device)")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_full_disk_while_drawing_leaves_nothing(capsys, tmp_path, monkeypatch):
    import matplotlib.figure

    def full(self, fname, **kwargs):
        with open(fname, "wb") as f:
            f.write(b"half an image")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", full)
    code, _, err = run(capsys, "plot", COLOSSUS2, "-o", tmp_path / "c2.png")
    assert code == 2
    one_error_line(err, "c2.png: cannot write the output (No space left on device)")
    assert list(tmp_path.iterdir()) == []


# --- SIGTERM -----------------------------------------------------------------------------

# A child that writes half an image, says so on stdout, and waits to be terminated; like
# much library code, it catches Exception, which must not swallow the termination.
SLOW_PLOT = """
import sys, time
import matplotlib
matplotlib.use("Agg")
import matplotlib.figure

def slow(self, fname, **kwargs):
    with open(fname, "wb") as f:
        f.write(b"half an image")
    print("writing", flush=True)
    try:
        time.sleep(60)
    except Exception:
        pass

matplotlib.figure.Figure.savefig = slow
from computescale.cli import main
sys.exit(main(["plot", sys.argv[1], "-o", "x.png"]))
"""


def test_sigterm_while_writing_removes_the_temporary_file(tmp_path):
    (tmp_path / "x.png").write_bytes(b"the previous image")
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_PLOT, COLOSSUS2],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline() == "writing\n"
        assert len(list(tmp_path.iterdir())) == 2  # x.png and the temporary file
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 143
    assert err == "computescale: terminated\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]
    assert (tmp_path / "x.png").read_bytes() == b"the previous image"


def test_the_sigterm_handler_is_set_only_while_main_runs(capsys, monkeypatch):
    before = signal.getsignal(signal.SIGTERM)
    during = []
    real_run = program.run

    def spy(args):
        during.append(signal.getsignal(signal.SIGTERM))
        return real_run(args)

    monkeypatch.setattr(program, "run", spy)
    assert main(["schema"]) == 0
    assert signal.getsignal(signal.SIGTERM) is before
    assert during and during[0] is not before and callable(during[0])


def test_main_runs_outside_the_main_thread(capsys):
    codes = []
    thread = threading.Thread(target=lambda: codes.append(main(["schema"])))
    thread.start()
    thread.join(60)
    assert codes == [0]
    assert '"title": "computescale cluster file"' in capsys.readouterr().out
