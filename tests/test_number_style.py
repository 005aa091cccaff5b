"""Numbers read one way: each end of a range carries its unit, and digits follow one setting."""

from __future__ import annotations

import re
import sys

import pytest

from computescale import Range, digits
from computescale.cli import main
from computescale.errors import ArgumentError
from computescale.notation import format_range
from computescale.report.layout import align, fitted, table_width
from tests.conftest import ROOT

# Every command that prints results, over the examples, in each text format it has.
CLUSTERS = ["examples/colossus1.yaml", "examples/colossus2.yaml", "examples/meta-2024.yaml"]
COMMANDS = [
    *(["estimate", c, "--format", f] for c in CLUSTERS for f in ("table", "markdown")),
    ["estimate", "examples/colossus2.yaml", "--all"],
    ["estimate", *CLUSTERS, "--format", "table"],
    ["estimate", "examples/colossus2.yaml", "--samples", "2000", "--format", "table"],
    *(["check", "examples/claims/seed-articles.yaml", "--format", f] for f in ("table", "html")),
    ["check", "examples/claims/seed-articles.yaml", "--format", "markdown"],
    ["compare", "examples/colossus1.yaml", "examples/colossus2.yaml"],
    ["convert", "1 GW", "--to", "GB200", "--scope", "facility"],
    ["convert", "12e9 USD", "--to", "H100"],
    ["train", "examples/colossus2.yaml", "--compute", "1e26"],
    ["train", "examples/colossus2.yaml", "--days", "90"],
]

# "a – b": the text of each end (a number, with $ and a suffix or unit when it has one)
_UNIT = r"[kMBT](?:/h)?| (?:[kMGTPEZ]?(?:FLOP/s|OP/s|Wh|W|FLOP)|days|h|%)"
_END = rf"\$?[0-9][0-9,.]*(?:e[+-]?[0-9]+)?(?:{_UNIT})?(?![\w/])"
_RANGE = re.compile(rf"(?<![\w.$])({_END}) – ({_END})")
_NUMBER_ONLY = re.compile(r"\$?[0-9][0-9,.]*(?:e[+-]?[0-9]+)?")


def _ends_without_unit(text: str) -> list[str]:
    """Return each range whose high end has a unit or suffix that its low end lacks."""
    bad = []
    for low, high in _RANGE.findall(text):
        if _NUMBER_ONLY.fullmatch(high):
            continue  # a count: no unit on either end
        if low in ("0", "$0"):
            continue  # zero reads one way without its unit
        if _NUMBER_ONLY.fullmatch(low) or low.startswith("$") != high.startswith("$"):
            bad.append(f"{low} – {high}")
    return bad


def test_the_detector_finds_a_low_end_without_its_unit():
    # the forms the issue found: "$269 – 688k/h", "0.600 – 1.00 GW", "$94.7 – 533k"
    assert _ends_without_unit("rent $269 – 688k/h, power 0.600 – 1.00 GW, $94.7 – 533k") == [
        "$269 – 688k/h",
        "0.600 – 1.00 GW",
        "$94.7 – 533k",
    ]
    assert _ends_without_unit("350,000 – 550,000 and 0 – 1.15 GW and $269k/h – $688k/h") == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:4]))
def test_every_range_carries_its_unit_on_both_ends(args, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(args) == 0
    out = capsys.readouterr().out
    assert " – " in out  # the command printed ranges for the check to read
    assert _ends_without_unit(out) == []


def test_range_writes_itself_with_both_units():
    # 600 MW to 1 GW: one prefix (from the high end) on both ends
    r = Range.of((600e6, 1e9), "W")
    assert str(r) == "0.600 GW – 1.00 GW"
    assert f"{r:MW}" == "600 MW – 1,000 MW"
    assert f"{r}" == str(r)
    # $269k to $688k per hour: the dollar sign and the suffix on both ends
    assert str(Range.of((269e3, 688e3), "USD/h")) == "$269k/h – $688k/h"
    # an upper bound over a range: the sign applies to the whole range
    assert str(Range.of((600e6, 1e9), "W", bound="upper")) == "≤ (0.600 GW – 1.00 GW)"
    assert str(Range.of((1e9, 1e9), "W", bound="lower")) == "≥ 1.00 GW"
    assert str(Range.of((0.0, 1.15e9), "W")) == "0 – 1.15 GW"


def test_digits_set_the_significant_digits_of_every_number_shown():
    # Epoch AI's figure for Colossus 1 of September 2024: 142.7 MW
    r = Range.of((142.7e6, 142.7e6), "W")
    assert str(r) == "143 MW"
    with digits(4):
        assert str(r) == "142.7 MW"
        assert format_range(Range.of((25.2e9, 38.2e9), "USD")) == "$25.20B – $38.20B"
    assert str(r) == "143 MW"  # the setting ends with its block
    for bad in (0, 16, 2.5, True, "4"):
        with (
            pytest.raises(ArgumentError, match="digits must be a whole number from 1 to 15"),
            digits(bad),  # type: ignore[arg-type]
        ):
            pass


def test_digits_option_reaches_the_table_and_leaves_json_whole(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["estimate", "examples/colossus2.yaml", "--digits", "5", "--all"]) == 0
    out = capsys.readouterr().out
    # Colossus 2's chip power: 550,000 x 1,200-1,400 W = 660-770 MW
    assert "660.00 MW – 770.00 MW" in out
    with pytest.raises(SystemExit) as exited:
        main(["estimate", "examples/colossus2.yaml", "--digits", "0"])
    assert exited.value.code == 2
    assert "--digits" in capsys.readouterr().err


TABLE_COMMANDS = [a for a in COMMANDS if "--format" not in a or "table" in a]


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: " ".join(a[:4]))
def test_a_table_on_a_terminal_fits_its_width(args, columns, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(columns))  # the terminal's width, as a shell sets it
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= columns
    # the same output piped keeps a line per row: wider than the terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() != lines or max(map(len, lines)) <= columns


def test_prose_wraps_in_its_cells_and_a_wide_table_becomes_blocks():
    rows = [
        ["claim", "stated", "likeliest explanation"],
        ["c1", "$2.00T", "the figure of another cluster: the target of fifty million"],
    ]
    assert align(rows)[1].endswith("fifty million")  # no width: one line a row
    with table_width(50):
        wrapped = align(rows)
        # 5 + 2 + 6 + 2 = 15 characters before the prose, which wraps in the 35 left
        assert max(map(len, wrapped)) <= 50 and len(wrapped) > len(rows)
        assert wrapped[1].startswith("c1     $2.00T  the figure")
        assert wrapped[2].startswith(" " * 15)
        wide = [["claim", "a", "b"], ["c1", "x" * 30, "y" * 30]]  # no prose to wrap
        assert align(wide) == ["c1", "  a  " + "x" * 30, "  b  " + "y" * 30]
        assert fitted("- " + "word " * 20).splitlines()[1].startswith("  word")
