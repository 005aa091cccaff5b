"""Progress of long sampled runs: reported chunk by chunk, drawn only on a terminal."""

import sys

import pytest

from computescale import Sampling, estimate, load_cluster
from computescale.cli import main
from computescale.sampling import CHUNK, reporting
from tests.conftest import EXAMPLES

ONE_FLEET = EXAMPLES / "colossus1-2024-09.yaml"  # 100,000 H100: the fastest to sample


def test_a_run_of_several_chunks_reports_after_each_chunk():
    seen = []
    samples = 2 * CHUNK + 1000  # two whole chunks and a part
    with reporting(lambda done, total: seen.append((done, total))):
        estimate(load_cluster(ONE_FLEET), sampling=Sampling(samples))
    assert seen == [(CHUNK, samples), (2 * CHUNK, samples), (samples, samples)]


def test_a_run_of_one_chunk_and_a_run_outside_the_block_report_nothing():
    seen = []
    with reporting(lambda done, total: seen.append(done)):
        estimate(load_cluster(ONE_FLEET), sampling=Sampling(CHUNK))
    estimate(load_cluster(ONE_FLEET), sampling=Sampling(CHUNK + 1))  # no callback set
    assert seen == []


@pytest.mark.parametrize("terminal", [True, False])
def test_the_bar_goes_to_a_terminal_only_and_never_changes_the_output(
    capsys, monkeypatch, terminal
):
    args = ["estimate", str(ONE_FLEET), "--samples", str(CHUNK + 1), "--format", "json"]
    assert main(args) == 0
    plain = capsys.readouterr()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    assert main(args) == 0
    shown = capsys.readouterr()
    assert shown.out == plain.out and plain.err == ""
    if terminal:  # tqdm's bar, cleared at the end: the word and the count it was given
        assert "sampling" in shown.err and "samples" in shown.err
    else:
        assert shown.err == ""


def test_no_bar_without_samples(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["estimate", str(ONE_FLEET)]) == 0
    assert capsys.readouterr().err == ""
