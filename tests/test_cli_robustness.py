"""The command line never loses input, hangs or shows a traceback.

Standard output that cannot be written, numbers that are not what they seem, user
text with terminal escapes or Markdown pipes, and messages quoting huge input.
"""

import argparse
import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import computescale.cli.commands as commands
import computescale.cli.program as program
from computescale import get_accelerator
from computescale.cli import main
from computescale.cli.options import whole_number
from computescale.cli.process import short
from computescale.errors import InputError
from computescale.report import spec_table
from computescale.report.layout import escape_markdown, escape_text, markdown_row
from tests.conftest import EXAMPLES, ROOT, one_error_line, run

COLOSSUS2 = str(EXAMPLES / "colossus2.yaml")
# Standard output buffered, as usual: what is still in the buffer at exit is flushed then.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "PYTHONPATH": str(ROOT)}

# Text a terminal would act on: clear the screen, a line break, a carriage return, a C1
# control sequence introducer, a right-to-left override; plus a Markdown pipe and mathtext.
EVIL = "a\x1b[2J|b\nc\rd\x9b31m\u202e\u2028e $x^{2$"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def cli_process(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "computescale", *args],
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        check=False,
        env=ENV,
        timeout=120,
        **kwargs,
    )


# --- standard output that cannot be written --------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [
        ["estimate", COLOSSUS2],
        ["estimate", COLOSSUS2, "--format", "json"],
        ["catalogue", "list"],
        ["train", COLOSSUS2, "--days", "30"],
        ["schema"],
    ],
)
def test_a_full_disk_on_standard_output_is_one_line_exit_2(command):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "computescale", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=ENV,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr.startswith("computescale: error: cannot write the output (")
    assert result.stderr.endswith(")\n") and result.stderr.count("\n") == 1, result.stderr


def test_a_closed_standard_output_is_one_line_exit_2():
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m computescale estimate "$1" >&-', sys.executable, COLOSSUS2],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "computescale: error: cannot write the output (standard output is closed)\n"
    )


def test_a_reader_that_goes_away_ends_quietly_with_0():
    child = subprocess.Popen(
        [sys.executable, "-m", "computescale", "estimate", COLOSSUS2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    child.stdout.close()  # before the child has written anything: like `| head -0`
    try:
        assert child.wait(timeout=120) == 0
        assert child.stderr.read() == b""
    finally:
        child.kill()
        child.stderr.close()


class _FailingStream:
    """A standard output whose writes or flushes fail like a full disk or a closed pipe."""

    def __init__(self, error, on="flush"):
        self.error, self.on, self.text = error, on, ""

    def write(self, text):
        if self.on == "write":
            raise self.error
        self.text += text
        return len(text)

    def flush(self):
        if self.on == "flush" and self.text:
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EBADF, "Bad file descriptor"),
        ValueError("I/O operation on closed file."),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["estimate", COLOSSUS2],
        ["check", str(EXAMPLES / "claims" / "other-reporting.yaml")],
        ["catalogue", "show", "H100"],
        ["convert", "1 GW", "--to", "GB300"],
        ["train", COLOSSUS2, "--compute", "1e26"],
    ],
)
def test_every_command_turns_a_failed_write_into_exit_2(capsys, monkeypatch, command, error, on):
    monkeypatch.setattr(sys, "stdout", _FailingStream(error, on))
    code = main(command)
    err = capsys.readouterr().err
    assert code == 2
    one_error_line(err, "computescale: error: cannot write the output (")


def test_an_encoding_that_cannot_show_the_output_is_exit_2(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert main(["estimate", COLOSSUS2]) == 2  # "660 – 770 MW" has an en dash
    one_error_line(capsys.readouterr().err, "cannot write the output (its encoding ascii")


def test_no_standard_output_at_all_is_exit_2(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["estimate", COLOSSUS2]) == 2
    one_error_line(capsys.readouterr().err, "cannot write the output (standard output is closed)")


def test_output_written_elsewhere_is_flushed_inside_main(capsys, monkeypatch):
    def chatty(args):
        sys.stdout.write("text written by other code\n")
        return 0

    monkeypatch.setattr(program, "run", chatty)
    monkeypatch.setattr(sys, "stdout", _FailingStream(OSError(errno.ENOSPC, "No space")))
    assert main(["schema"]) == 2
    one_error_line(capsys.readouterr().err, "cannot write the output (No space)")


def test_output_to_a_file_needs_no_standard_output(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["estimate", COLOSSUS2, "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text().startswith("Colossus 2")


def test_a_broken_pipe_is_quiet_exit_0(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", _FailingStream(BrokenPipeError(errno.EPIPE, "x")))
    assert main(["estimate", COLOSSUS2]) == 0
    assert capsys.readouterr().err == ""


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1), ("1000", 1000), ("1e3", 1000), ("1E3", 1000), ("2.5e3", 2500), ("1e9", 10**9)],
)
def test_samples_accept_whole_numbers_in_digits_or_e_notation(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.9e0", "'1.9e0' is not a whole number"),  # was silently 1
        ("1.5", "'1.5' is not a whole number"),
        ("1e-3", "'1e-3' is not a whole number"),
        ("1e999999999999", "1e999999999999 has too many digits"),  # never built as an int
        ("inf", "is not a whole number"),
        ("nan", "is not a whole number"),
        ("1e", "is not a whole number"),
        ("0x10", "is not a whole number"),
        ("", "is not a whole number"),
    ],
)
def test_samples_refuse_what_is_not_exactly_a_whole_number(capsys, text, message):
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(message)):
        whole_number(text)
    with pytest.raises(SystemExit) as info:
        main(["estimate", COLOSSUS2, f"--samples={text}"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    one_error_line(err, "argument --samples: ")
    assert message in err


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1e999", "about 1e999"),  # was an OverflowError
        ("1.000000001e9", "1000000001"),
        ("0e0", "0"),
        ("-1e3", "-1000"),
        ("1e10", "10000000000"),
    ],
)
def test_samples_out_of_range_are_refused_by_the_library(capsys, text, shown):
    # the range is the library's (Sampling): the command line only reads the number
    code, out, err = run(capsys, "estimate", COLOSSUS2, f"--samples={text}")
    assert code == 2 and out == ""
    one_error_line(err, f"--samples: {shown} samples is out of range; expected a whole number")


def test_samples_in_e_notation_reach_the_estimate(capsys):
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--samples", "2.5e2", "--format", "json")
    assert code == 0 and json.loads(out)["samples"] == 250


def test_swapped_mfu_is_refused_not_sorted(capsys):
    code, out, err = run(capsys, "train", COLOSSUS2, "--compute", "1e26", "--mfu", "0.45", "0.3")
    assert code == 2 and out == ""
    one_error_line(err, "mfu: MFU low 0.45 is above high 0.3")


@pytest.mark.parametrize("mfu", [("1e-320", "1e-320"), ("nan", "nan"), ("0.3", "inf")])
def test_absurd_mfu_is_an_input_error_not_an_infinity(capsys, mfu):
    code, out, err = run(
        capsys, "train", COLOSSUS2, "--compute", "1e26", "--mfu", *mfu, "--format", "json"
    )
    assert code == 2 and out == ""
    one_error_line(err, "--mfu: ")  # unreadable as a number ("nan"), or out of range


def test_mfu_reaches_the_run_as_given(capsys, monkeypatch):
    import computescale.training as training

    seen = []
    real = training.train

    def spy(*args, **kwargs):
        seen.append(kwargs["mfu"])
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "train", spy)
    code, out, _ = run(
        capsys, "train", COLOSSUS2, "--days", "30", "--mfu", "0.3", "0.45", "--format", "json"
    )
    assert code == 0
    assert (seen[0].low, seen[0].high) == (0.3, 0.45)
    assert json.loads(out)["mfu"] == {"low": 0.3, "high": 0.45}


# --- user text in tables and Markdown ----------------------------------------------------


def _yaml(text):
    """A YAML double-quoted scalar of text (JSON escapes are YAML escapes)."""
    return json.dumps(text)


@pytest.fixture
def evil_cluster(write):
    return write(
        f"name: {_yaml('Cluster ' + EVIL)}\n"
        "phases:\n"
        "  - date: 2025-01-01\n"
        f"    label: {_yaml('phase ' + EVIL)}\n"
        "    fleets:\n"
        f"      - {{accelerator: H100, count: 1000, label: {_yaml('fleet ' + EVIL)}}}\n"
        "  - date: 2025-03-01\n"
        "    add:\n"
        "      - {accelerator: H200, count: 500}\n",
        "evil.yaml",
    )


@pytest.fixture
def evil_claims(write):
    source = (
        f"{{title: {_yaml('title ' + EVIL)}, outlet: {_yaml('outlet ' + EVIL)}, date: 2025-07-23}}"
    )
    return write(
        "claims:\n"
        f"  - id: {_yaml('id ' + EVIL)}\n"
        f"    source: {source}\n"
        f"    says: {_yaml('says ' + EVIL)}\n"
        "    quantity: accelerators\n"
        "    value: 550000\n"
        f"    cluster: {_yaml(COLOSSUS2)}\n",
        "evil-claims.yaml",
    )


def _assert_terminal_safe(out):
    assert not UNSAFE.search(out), repr(UNSAFE.search(out))
    assert "\\x1b[2J" in out and "\\u202e" in out


def _markdown_tables(out):
    """Consecutive lines that start with '|', as lists of lines."""
    tables, current = [], []
    for line in out.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return [*tables, current] if current else tables


def _assert_markdown_safe(out):
    _assert_terminal_safe(out)
    for table in _markdown_tables(out):
        pipes = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
        assert len(pipes) == 1, table  # every row has as many cells as the header


def test_estimate_table_escapes_names_and_labels(capsys, evil_cluster):
    code, out, _ = run(capsys, "estimate", evil_cluster)
    assert code == 0
    _assert_terminal_safe(out)
    lines = out.splitlines()
    assert lines[0].startswith("Cluster a\\x1b[2J|b\\nc\\rd\\x9b31m\\u202e\\u2028e $x^{2$")
    assert len(lines[1]) == len(lines[0])  # the underline fits the title as shown
    fleet = [line for line in lines if line.startswith("fleet a\\x1b")]
    assert len(fleet) == 1 and "1,000" in fleet[0]  # one line, with the count beside it
    phase = [line for line in lines if "phase a\\x1b" in line]
    assert len(phase) == 1 and phase[0].startswith("2025-01-01")


def test_estimate_markdown_escapes_pipes_and_line_breaks(capsys, evil_cluster):
    code, out, _ = run(capsys, "estimate", evil_cluster, "--format", "markdown")
    assert code == 0
    _assert_markdown_safe(out)
    assert "| fleet a\\x1b[2J\\|b\\nc" in out


def test_estimate_json_keeps_the_text_as_written(capsys, evil_cluster):
    code, out, _ = run(capsys, "estimate", evil_cluster, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["name"].startswith("Cluster " + EVIL)
    assert data["fleets"][0]["label"] == "fleet " + EVIL


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_check_escapes_claim_ids_says_and_sources(capsys, evil_claims, fmt):
    code, out, _ = run(capsys, "check", evil_claims, "--format", fmt)
    assert code == 0
    (_assert_markdown_safe if fmt == "markdown" else _assert_terminal_safe)(out)
    assert "outlet a\\x1b[2J" in out
    row = [line for line in out.splitlines() if "id a\\x1b" in line and "550,000" in line]
    assert len(row) == 1  # the claim's row stays one line
    if fmt == "table":
        assert "- id a\\x1b[2J|b\\nc\\rd\\x9b31m\\u202e\\u2028e $x^{2$: says a\\x1b" in out


def test_train_table_escapes_the_cluster_name(capsys, evil_cluster):
    code, out, _ = run(capsys, "train", evil_cluster, "--days", "30")
    assert code == 0
    _assert_terminal_safe(out)
    assert out.startswith("Training on Cluster a\\x1b[2J|b\\nc")


def test_catalogue_entries_from_a_user_file_are_escaped():
    spec = get_accelerator("H100").model_copy(update={"name": EVIL, "notes": (EVIL,)})
    _assert_terminal_safe(spec_table(spec))


@pytest.mark.parametrize("name", ["evil.png", "evil-claims.svg"])
def test_plots_draw_dollars_and_escapes_as_written(
    capsys, tmp_path, evil_cluster, evil_claims, name
):
    source = evil_claims if name.startswith("evil-claims") else evil_cluster
    code, _, err = run(capsys, "plot", source, "-o", tmp_path / name)
    assert (code, err) == (0, "")  # was: mathtext could not parse "$x^{2$"
    assert (tmp_path / name).stat().st_size > 1000


def test_summary_plot_with_dollars_in_names(capsys, tmp_path, write):
    name, label = _yaml("Cost $2 trillion $\\frac{$"), _yaml("$a_$")
    cluster = write(
        f"name: {name}\nfleets:\n  - {{accelerator: H100, count: 10, label: {label}}}\n",
        "dollars.yaml",
    )
    assert main(["plot", str(cluster), "-o", str(tmp_path / "d.png")]) == 0


def test_escape_helpers():
    assert escape_text("plain – text, 中文, café") == "plain – text, 中文, café"
    assert (
        escape_text("a\x1b[2J\n\t\x7f\x85\u202e\u2066") == "a\\x1b[2J\\n\\t\\x7f\\x85\\u202e\\u2066"
    )
    assert escape_markdown("a|b\nc") == "a\\|b\\nc"
    assert markdown_row(["a|b", "c"]) == "| a\\|b | c |"


# --- long messages -----------------------------------------------------------------------


def test_a_long_message_is_cut_to_one_short_line(capsys, write):
    cluster = write(f"name: x\nfleets:\n  - accelerator: {'A' * 3000}\n    count: 5\n")
    code, _, err = run(capsys, "estimate", cluster)
    assert code == 2
    one_error_line(err, "unknown accelerator 'AAAA")
    assert len(err) <= 1100 and err.endswith("…\n")


def test_the_cut_applies_to_every_error_and_keeps_short_ones(capsys, monkeypatch):
    def boom(*args, **kwargs):
        raise InputError("x\n" * 5000, file="c.yaml")

    monkeypatch.setattr(commands, "estimate_with_phases", boom)
    code, _, err = run(capsys, "estimate", COLOSSUS2)
    assert code == 2
    one_error_line(err, "c.yaml: x\\nx\\n")
    assert len(err) <= 1100 and err.endswith("…\n")
    assert short("short\n") == "short\\n"


def test_usage_errors_quoting_long_input_are_cut(capsys):
    with pytest.raises(SystemExit) as info:
        main(["estimate", COLOSSUS2, "--format", "x\n" * 3000])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) <= 1100
    assert err.endswith("(see `computescale estimate --help`)\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["compare", COLOSSUS2, str(EXAMPLES / "claims" / "seed-articles.yaml")],
            "this is a claims file",
        ),
        (["estimate", str(EXAMPLES / "claims" / "seed-articles.yaml")], "this is a claims file"),
        (["check", COLOSSUS2], "this is a cluster file (it has `fleets:`), not a claims file"),
        (["estimate", COLOSSUS2, "--basis", "fp3"], "--basis: unknown number format 'fp3'"),
        (["compare", COLOSSUS2, COLOSSUS2, "--basis", "fp3"], "--basis: unknown number format"),
    ],
)
def test_a_file_of_the_other_kind_or_a_bad_option_is_named_as_the_user_wrote_it(capsys, args, said):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    one_error_line(err, said)
