"""Fuzzing every input the product reads: a result or one clear error, never a crash or hang.

Fast profile by default. Long profile (run before a release; record the counts):

    COMPUTESCALE_FUZZ_EXAMPLES=2500 python -m pytest tests/properties/test_fuzz.py -p no:nbmake

runs 2,500 cases in each of the targets below (an eighth as many for the HTML page,
which draws a figure each time).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from computescale.cli import main
from tests.conftest import EXAMPLES

EXAMPLES_N = int(os.environ.get("COMPUTESCALE_FUZZ_EXAMPLES", "40"))
SECONDS = 10  # a case slower than this counts as a hang
FUZZ = settings(
    max_examples=EXAMPLES_N,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD_VALUES = st.sampled_from(
    [
        0,
        -1,
        1,
        1e308,
        -1e308,
        float("nan"),
        float("inf"),
        -float("inf"),
        2**70,
        -(2**70),
        "",
        " ",
        "abc",
        "1 kg",
        "1e999 W",
        "700",
        "1,5 kW",
        "[1, 2]",
        "0 USD",
        "-5 MW",
        "1 flops",
        "50 EFLOPS",
        "NaN",
        "inf W",
        None,
        True,
        False,
        [],
        {},
        [1, 2, 3],
        [2, 1],
        [None, 1],
        {"low": 1},
        {"low": 2, "high": 1},
        {"low": 1, "high": 2, "dist": "cauchy"},
        "2024-13-45",
        "H100",
        "GB20",
        "x" * 300,
        "\x00",
        "é",
        "🙂",
        3.5,
        10**12,
        "1e10",
        "[0, 0]",
    ]
)
SCALARS = st.one_of(
    ODD_VALUES,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.booleans(),
    st.none(),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=20,
)


class HangError(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise HangError


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in-process with a time limit; return (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def finite(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(finite(v) for v in data.values())
    if isinstance(data, list):
        return all(finite(v) for v in data)
    return True


def unchecked(argv: list[str], code: int, err: str) -> bool:
    """Whether a check left some claims unchecked (an input they name is invalid): exit 3."""
    if code != 3:
        return False
    assert argv[0] == "check", (argv, err)
    assert err.count("\n") == 1 and "claims could not be checked" in err, err
    return True


def check(argv: list[str], *, json_out: bool = True) -> None:
    code, out, err = run_cli(argv)
    assert code in (0, 2) or unchecked(argv, code, err), (code, err)
    if code == 2:
        assert err.startswith("computescale: error: "), err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        return
    if json_out:
        assert finite(json.loads(out)), "a result holds inf or NaN"


def mutate(data: Any, draw: Any) -> Any:
    """Apply one mutation to a random place: delete a key, swap a value, add a key."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data, key=str)))
        action = draw(st.sampled_from(["delete", "replace", "recurse", "recurse", "add"]))
        copy = dict(data)
        if action == "delete":
            del copy[key]
        elif action == "replace":
            copy[key] = draw(STRUCTURES)
        elif action == "add":
            copy[draw(st.text(max_size=10))] = draw(SCALARS)
        else:
            copy[key] = mutate(data[key], draw)
        return copy
    if isinstance(data, list) and data:
        i = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        if draw(st.booleans()):
            copy[i] = mutate(data[i], draw)
        else:
            copy[i] = draw(STRUCTURES)
        return copy
    return draw(SCALARS)


def write_yaml(tmp: Path, name: str, data: Any) -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def base(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


CLUSTERS = [base("colossus1.yaml"), base("colossus2.yaml"), base("colossus1-2024-09.yaml")]


@FUZZ
@given(st.data())
def test_fuzz_mutated_cluster_files(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("c")
    doc = mutate(data.draw(st.sampled_from(CLUSTERS)), data.draw)
    path = write_yaml(tmp, "cluster.yaml", doc)
    check(["estimate", str(path), "--format", "json"])


@FUZZ
@given(st.data())
def test_fuzz_random_structures_and_text(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("r")
    path = tmp / "cluster.yaml"
    if data.draw(st.booleans()):
        path.write_text(yaml.safe_dump(data.draw(STRUCTURES), allow_unicode=True))
    else:
        path.write_bytes(
            data.draw(st.binary(max_size=200))
            + data.draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
        )
    command = data.draw(st.sampled_from(["estimate", "check", "train", "plot"]))
    if command == "estimate":
        check(["estimate", str(path), "--format", "json"])
    elif command == "check":
        check(["check", str(path), "--format", "json"])
    elif command == "train":
        check(["train", str(path), "--compute", "1e26", "--format", "json"])
    else:
        check(["plot", str(path), "-o", str(tmp / "x.png")], json_out=False)


ARTICLE_WORDS = st.sampled_from(
    [
        "Colossus 1",
        "Colossus 2",
        "xAI",
        "Meta",
        "GPU",
        "chip",
        "H100",
        "GB200 e GB300",
        "200.000",
        "9,216",
        "42,5",
        "1.742",
        "oltre",
        "più di",
        "circa",
        "fino a",
        "more than",
        "tra",
        "e",
        "to",
        "$",
        "miliardi di dollari",
        "billion",
        "mila",
        "milioni",
        "exaFLOPS",
        "MW",
        "GW",
        "volte",
        "times El Capitan",
        "decine di migliaia di",
        "mezzo milione",
        "cinquanta",
        "raccolto",
        "FP8",
        "Linpack",
        "GPU hours",
        "giorni",
        "2025",
        ".",
        ",",
        "\n",
    ]
)


@FUZZ
@given(st.data())
def test_fuzz_articles(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("a")
    path = tmp / "article.txt"
    if data.draw(st.booleans()):
        words = data.draw(st.lists(ARTICLE_WORDS | st.text(max_size=8), max_size=80))
        path.write_text(" ".join(words), encoding="utf-8")
    else:
        path.write_bytes(data.draw(st.binary(max_size=300)))
    clusters = data.draw(
        st.lists(st.sampled_from(["colossus1.yaml", "colossus2.yaml"]), max_size=2)
    )
    options = [arg for c in clusters for arg in ("--cluster", str(EXAMPLES / c))]
    lang = data.draw(st.sampled_from(["auto", "it", "en"]))
    check(["extract", str(path), "--format", "json", "--lang", lang, *options])
    check(["check", str(path), "--format", "json", "--source-date", "2025-07-23", *options])


CLAIMS = {
    "claims": [
        {
            "id": "a",
            "source": {"title": "t", "outlet": "o", "date": "2025-07-23"},
            "says": "s",
            "quantity": "capex",
            "scope": "total",
            "value": "2e12 USD",
            "cluster": str(EXAMPLES / "colossus2.yaml"),
            "alternatives": [str(EXAMPLES / "target-50m-h100e.yaml")],
        },
        {
            "id": "b",
            "source": {"title": "t", "outlet": "o", "date": "2025-07-24"},
            "says": "s",
            "quantity": "ratio",
            "precision": "bf16",
            "reference": "el-capitan",
            "value": 20,
            "cluster": {"name": "x", "fleets": [{"accelerator": "H100", "count": 200000}]},
        },
        {
            "id": "c",
            "source": {"title": "t", "outlet": "o", "date": "2025-07-24"},
            "says": "s",
            "quantity": "peak_flops",
            "precision": "bf16",
            "value": "50 EFLOP/s",
            "cluster": str(EXAMPLES / "target-50m-h100e.yaml"),
        },
    ]
}


@FUZZ
@given(st.data())
def test_fuzz_mutated_claims_files(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("k")
    path = write_yaml(tmp, "claims.yaml", mutate(CLAIMS, data.draw))
    check(["check", str(path), "--format", "json"])


@settings(FUZZ, max_examples=max(5, EXAMPLES_N // 8))  # each page draws its figure
@given(st.data())
def test_fuzz_mutated_claims_files_as_a_page(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("h")
    path = write_yaml(tmp, "claims.yaml", mutate(CLAIMS, data.draw))
    argv = ["check", str(path), "--format", "html"]
    code, out, err = run_cli(argv)
    assert code in (0, 2) or unchecked(argv, code, err), (code, err)
    if code in (0, 3):  # a whole page that runs nothing
        assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
        assert "<script" not in out and 'href="javascript' not in out.lower()


CATALOGUE = {
    "overrides": {
        "GB200": {
            "price": {
                "low_usd": 45000,
                "high_usd": 60000,
                "includes": "accelerator",
                "as_of": "2025-07-01",
            },
            "peak_tflops_dense": {"bf16": 2400},
            "sources": [
                {
                    "title": "t",
                    "url": "https://example.org",
                    "accessed": "2025-07-02",
                    "covers": ["price", "peak_flops_dense"],
                }
            ],
        }
    },
    "accelerators": [
        base("../computescale/catalogue/data/nvidia.yaml")["accelerators"][2]  # H100-SXM
        | {"id": "X1", "aliases": ["x-one"]}
    ],
}


@FUZZ
@given(st.data())
def test_fuzz_mutated_catalogue_files(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("o")
    path = write_yaml(tmp, "catalogue.yaml", mutate(CATALOGUE, data.draw))
    check(
        ["estimate", str(EXAMPLES / "colossus1.yaml"), "--catalogue", str(path), "--format", "json"]
    )


TOKENS = st.sampled_from(
    [
        "estimate",
        "check",
        "extract",
        "--cluster",
        "--lang",
        "convert",
        "train",
        "plot",
        "catalogue",
        "list",
        "show",
        "schema",
        "--format",
        "json",
        "table",
        "markdown",
        "xml",
        "--basis",
        "fp4",
        "tpp",
        "fp12",
        "--sparse",
        "--samples",
        "0",
        "-1",
        "1e3",
        "1e99",
        "abc",
        "--seed",
        "--assume",
        "pue=1.2",
        "peu=2",
        "pue=[1",
        "electricity_price=1e308 USD/kWh",
        "--catalogue",
        "--output",
        "--to",
        "GB300",
        "GB20",
        "--scope",
        "it",
        "rack",
        "--compute",
        "1e26",
        "nan",
        "--days",
        "--mfu",
        "0.3",
        "0.45",
        "2",
        "--precision",
        "int8",
        "50e6 H100e",
        "1 GW",
        "12e9 USD",
        "5 kg",
        "[1, 2] GW",
        "1,5 GW",
        "-o",
        str(EXAMPLES / "colossus2.yaml"),
        str(EXAMPLES / "claims" / "seed-articles.yaml"),
        "/nonexistent.yaml",
        "",
        "-",
    ]
)


def _names_output(option: str) -> bool:
    """Whether argparse reads ``option`` as -o/--output (it accepts unambiguous prefixes)."""
    return option == "-o" or (option.startswith("--o") and "--output".startswith(option))


def _inside(tmp: Path, argv: list[str]) -> list[str]:
    """Point every output path of a fuzzed command line into ``tmp``.

    Relative paths already land in ``tmp`` (the command runs there); absolute ones, or
    ones climbing out with "..", are replaced by their file name in ``tmp``.
    """
    moved = []
    for i, token in enumerate(argv):
        path = Path(token)
        if i and _names_output(argv[i - 1]) and (path.is_absolute() or ".." in path.parts):
            token = str(tmp / (path.name or "out"))
        moved.append(token)
    return moved


@FUZZ
@given(st.lists(TOKENS, max_size=8))
def test_fuzz_command_lines(tmp_path_factory, argv):
    # Each case runs in its own temporary folder, so a fuzzed -o/--output (or any other
    # file the CLI writes) can neither land in the checkout nor overwrite a shipped example.
    tmp = tmp_path_factory.mktemp("a")
    argv = _inside(tmp, argv)
    before = {p: p.stat().st_mtime for p in EXAMPLES.rglob("*.yaml")}
    cwd = os.getcwd()
    os.chdir(tmp)  # contextlib.chdir is Python 3.11+
    try:
        code, _, err = run_cli(argv)
    finally:
        os.chdir(cwd)
    assert code in (0, 1, 2) and "Traceback" not in err, (argv, err)
    assert code != 1 or "--strict" in argv, (argv, err)
    assert {p: p.stat().st_mtime for p in EXAMPLES.rglob("*.yaml")} == before


@FUZZ
@given(
    st.sampled_from(["50e6 H100e", "1 GW", "12e9 USD", "50 EFLOP/s", "[1, 2] GW"]),
    ODD_VALUES,
    st.sampled_from(["H100", "GB300", "TPU-v7", "Gaudi3", "B300"]),
)
def test_fuzz_convert_targets(target, odd, chip):
    for text in (target, str(odd), f"{odd} GW", f"{odd} H100e"):
        check(["convert", text, "--to", chip, "--format", "json"])
