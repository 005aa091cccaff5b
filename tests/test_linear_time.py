"""No quadratic path: each hot loop, given four times the input, takes about four times as long.

Each case times the same call on an input of size n and of size 4n (best of three runs, so a
stray pause of the machine does not count) and allows a factor of 8 where linear time gives
4 and quadratic time 16: wide enough for a loaded machine, narrow enough to catch the
quadratic paths the second attack found (a number reader restarting one character on, an id
probed -2, -3, ...). The sizes make each run take tens of milliseconds, above the timer's noise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import computescale as cs
from computescale.articles import extract_claims

FACTOR = 8.0
GROWTH = 4


def _best(call: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def assert_linear(make: Callable[[int], Callable[[], object]], n: int) -> None:
    """Time ``make(n)()`` and ``make(4 * n)()``: the second within FACTOR of the first."""
    small, large = make(n), make(GROWTH * n)
    small()  # warm: imports, the packaged catalogue and shipped clusters read once
    t1, t2 = _best(small), _best(large)
    assert t2 < FACTOR * max(t1, 0.005), (t1, t2)


ARTICLES: dict[str, Callable[[int], str]] = {
    "bare numbers": lambda n: " ".join(str(i) for i in range(n)),
    "a list of numbers": lambda n: "tra " + " e ".join(str(i) for i in range(n)) + " GPU",
    "figures in sentences": lambda n: " ".join(
        f"Nel {2000 + i % 30} erano {i},000 GPU per {i} MW." for i in range(n)
    ),
    "names and figures": lambda n: " ".join(
        f"Colossus 2 and El Capitan have {i},000 H100 GPUs." for i in range(n)
    ),
    "one word again": lambda n: "one " * (20 * n),
}


@pytest.mark.parametrize("kind", list(ARTICLES))
def test_reading_an_article(kind):
    def make(n: int) -> Callable[[], object]:
        text = ARTICLES[kind](n)
        return lambda: extract_claims(text, lang="it")

    assert_linear(make, 60)


def _claims_file(folder: Path, n: int) -> Path:
    path = folder / f"claims-{n}.yaml"
    lines = ["claims:"]
    for i in range(n):
        lines += [
            f"  - id: c{i}",
            "    source: {title: t, outlet: o, date: 2025-01-01}",
            "    says: x",
            "    quantity: power",
            "    scope: facility",
            f'    value: "{100 + i} MW"',
            "    cluster: colossus1",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_checking_many_claims(tmp_path):
    def make(n: int) -> Callable[[], object]:
        path = _claims_file(tmp_path, n)
        return lambda: cs.check_claims(path)

    assert_linear(make, 15)


def test_a_page_of_many_claims(tmp_path):
    from computescale.report import claims_html, claims_markdown, claims_table

    catalogue = cs.load_catalogue()
    results = cs.check_claims(_claims_file(tmp_path, 160))

    def make(n: int) -> Callable[[], object]:
        chosen = results[:n]

        def render() -> None:
            claims_html(chosen, title="t", catalogue=catalogue)
            claims_table(chosen)
            claims_markdown(chosen)

        return render

    assert_linear(make, 40)


def _cluster_file(path: Path, fleets: int) -> Path:
    lines = ["name: many fleets", "fleets:"]
    lines += [f"  - {{accelerator: H100, count: {i + 1}}}" for i in range(fleets)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reading_and_estimating_many_fleets(tmp_path):
    def make(n: int) -> Callable[[], object]:
        path = _cluster_file(tmp_path / f"c{n}.yaml", n)
        return lambda: cs.estimate(cs.load_cluster(path))

    assert_linear(make, 80)


def test_a_table_of_many_clusters(tmp_path):
    from computescale.report import survey_csv, survey_table

    def make(n: int) -> Callable[[], object]:
        folder = tmp_path / f"f{n}"
        folder.mkdir()
        for i in range(n):
            _cluster_file(folder / f"c{i}.yaml", 2)

        def run() -> None:
            estimates = cs.estimate_many([folder])
            survey_table(estimates)
            survey_csv(estimates)

        return run

    assert_linear(make, 8)


def test_a_catalogue_of_many_aliases(tmp_path):
    def make(n: int) -> Callable[[], object]:
        path = tmp_path / f"aliases-{n}.yaml"
        names = ", ".join(f"my-h100-{i}" for i in range(n))
        path.write_text(f"overrides:\n  H100:\n    aliases: [{names}]\n", encoding="utf-8")
        return lambda: cs.load_catalogue(path)

    assert_linear(make, 3000)


def test_the_measure_tells_quadratic_from_linear():
    def quadratic(n: int) -> Callable[[], object]:
        return lambda: [sum(range(i)) for i in range(20 * n)]

    def linear(n: int) -> Callable[[], object]:
        return lambda: sum(range(20_000 * n))

    assert_linear(linear, 50)
    with pytest.raises(AssertionError):
        assert_linear(quadratic, 50)
