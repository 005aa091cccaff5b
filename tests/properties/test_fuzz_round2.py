"""Fuzzing the classes of input the second attack found weak.

Number forms (Unicode separators, invisible characters, signs, exponents), dates in text,
very repetitive text, many drafts and claims, outputs through links, CSV and Markdown cells
with control and invisible characters, and catalogue overrides. Each target gives a result
read as written, or one of our errors; never a misread number, a crash or a hang.

Fast profile by default; the long one with ``COMPUTESCALE_FUZZ_EXAMPLES`` as in
``test_fuzz.py``.
"""

from __future__ import annotations

import csv
import io
import time

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from computescale.articles import extract_claims
from computescale.report.layout import csv_cell, escape_markdown
from tests.conftest import EXAMPLES
from tests.properties.test_fuzz import EXAMPLES_N, FUZZ, check

SECONDS = 10  # a case slower than this counts as a hang

GROUPS = {"en": [",", " ", "\u00a0", "\u202f", "’", "'"], "it": [".", " ", "\u00a0", "\u202f"]}
INVISIBLE = ["", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def _grouped(n: int, separator: str, invisible: str) -> str:
    """Write ``n`` in groups of three digits, each separator followed by ``invisible``."""
    digits = f"{n}"
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return (separator + invisible).join(groups)


@FUZZ
@given(
    st.integers(1000, 10**9),
    st.sampled_from(["en", "it"]),
    st.data(),
)
def test_fuzz_grouped_counts_in_text_are_read_whole(n, lang, data):
    separator = data.draw(st.sampled_from(GROUPS[lang]))
    invisible = data.draw(st.sampled_from(INVISIBLE))
    written = _grouped(n, separator, invisible)
    text = f"xAI runs {written} H100 GPUs." if lang == "en" else f"xAI ha {written} GPU H100."
    x = extract_claims(text, lang=lang, clusters=())
    counts = [d for d in x.drafts if d.quantity == "accelerators"]
    assert [(d.low, d.high) for d in counts] == [(n, n)], (text, x.drafts, x.skipped)


EXPONENTS = [("e{k}", 1), ("E{k}", 1), (" × 10^{k}", 1), (" x 10^{k}", 1), ("×10{sup}", 1)]
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@FUZZ
@given(
    st.integers(1, 999),
    st.integers(3, 30),
    st.sampled_from([form for form, _ in EXPONENTS]),
    st.sampled_from(["", "-", "−", "+"]),
)
def test_fuzz_signs_and_exponents_in_text_are_read_or_said(mantissa, k, form, sign):
    exponent = form.format(k=k, sup=str(k).translate(SUPERSCRIPT))
    written = f"{sign}{mantissa / 100:g}{exponent}"
    text = f"The run took {written} FLOP of compute."
    start = time.perf_counter()
    x = extract_claims(text, lang="en", clusters=())
    assert time.perf_counter() - start < SECONDS
    value = mantissa / 100 * 10**k
    read = [d for d in x.drafts if d.quantity != "unknown"]
    if sign in ("-", "−"):
        assert read == [], (text, read)  # a negative amount is never a figure
        assert any("negative" in s for s in x.skipped), (text, x.skipped)
        return
    for d in read:  # read whole, or left out with the reason: never another number
        assert abs(d.low - value) <= 1e-9 * value, (text, d)


DATE_LINES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.text(alphabet="0123456789-/. ", max_size=12),
)


@FUZZ
@given(DATE_LINES, st.sampled_from(["", "\ufeff"]), st.sampled_from(["date", "Date", "data"]))
def test_fuzz_date_lines_of_articles(tmp_path_factory, line, bom, word):
    path = tmp_path_factory.mktemp("d") / "article.txt"
    path.write_text(f"{bom}{word} {line}\nxAI runs 100,000 H100 GPUs.\n", encoding="utf-8")
    check(["check", str(path), "--format", "json"])
    check(["extract", str(path), "--format", "json"])


PIECES = st.sampled_from(
    ["one", "uno", "1", "0", "100,000", "GPU", "H100", "MW", "e", "tra", "and", ".", " "]
)


@FUZZ
@given(st.lists(PIECES, min_size=1, max_size=4), st.integers(200, 3000))
def test_fuzz_very_repetitive_text_ends_in_time(pattern, times):
    text = " ".join(pattern) * times
    start = time.perf_counter()
    for lang in ("it", "en"):
        extract_claims(text[:5_000], lang=lang, clusters=())
    assert time.perf_counter() - start < SECONDS


@FUZZ
@given(st.integers(1, 60), st.sampled_from(["id", "same", "numbers"]))
def test_fuzz_many_drafts_check_as_drafted(tmp_path_factory, n, kind):
    tmp = tmp_path_factory.mktemp("m")
    sentence = {
        "id": "Il cluster ha {i} GPU H100.",
        "same": "Il cluster ha 100.000 GPU H100.",
        "numbers": "Nel {i} i MW erano {i}.",
    }[kind]
    article = tmp / "article.txt"
    article.write_text(" ".join(sentence.format(i=i + 1) for i in range(n)), encoding="utf-8")
    drafts = tmp / "drafts.yaml"
    start = time.perf_counter()
    check(["extract", str(article), "-o", str(drafts)], json_out=False)
    check(["check", str(drafts), "--format", "json"])  # drafts check as they are
    check(["check", str(article), "--format", "csv"], json_out=False)
    assert time.perf_counter() - start < 3 * SECONDS


@settings(FUZZ, max_examples=max(5, EXAMPLES_N // 8))  # a check of up to 40 claims each
@given(st.integers(1, 40), st.sampled_from(["table", "html", "csv", "markdown", "json"]))
def test_fuzz_many_claims_render(tmp_path_factory, n, fmt):
    tmp = tmp_path_factory.mktemp("c")
    claims = {
        "claims": [
            {
                "id": f"c{i % 7}-{i}",
                "source": {"title": "t", "outlet": "o", "date": "2025-01-01"},
                "says": "s",
                "quantity": "power",
                "scope": "facility",
                "value": f"{50 + i} MW",
                "cluster": "colossus1",
            }
            for i in range(n)
        ]
    }
    path = tmp / "claims.yaml"
    path.write_text(yaml.safe_dump(claims), encoding="utf-8")
    start = time.perf_counter()
    check(["check", str(path), "--format", fmt, "-o", str(tmp / f"out.{fmt}")], json_out=False)
    assert time.perf_counter() - start < 3 * SECONDS


@FUZZ
@given(
    st.sampled_from(["file", "link to file", "link to missing", "link to folder", "chain"]),
    st.sampled_from(["estimate", "check"]),
)
def test_fuzz_outputs_through_links(tmp_path_factory, kind, command):
    tmp = tmp_path_factory.mktemp("o")
    target, out = tmp / "target.txt", tmp / "out.txt"
    if kind != "link to missing":
        target.write_text("old\n", encoding="utf-8")
    if kind == "link to folder":
        (tmp / "folder").mkdir()
        out.symlink_to(tmp / "folder")
    elif kind == "chain":
        (tmp / "middle").symlink_to(target)
        out.symlink_to(tmp / "middle")
    elif kind != "file":
        out.symlink_to(target)
    else:
        out = target
    args = (
        ["colossus2"]
        if command == "estimate"
        else [str(EXAMPLES / "claims" / "other-reporting.yaml")]
    )
    check([command, *args, "-o", str(out)], json_out=False)
    if kind == "link to folder":
        assert (tmp / "folder").is_dir() and out.is_symlink()
        return
    if kind != "file":
        assert out.is_symlink()  # a link is written through, never replaced
    if kind != "link to missing":
        assert target.read_text(encoding="utf-8") != "old\n"


CELL_CHARACTERS = st.sampled_from(
    [
        *"=+-@\t\r\n\x00\x0b\x0c|<>&*_`[]()\\#!'\" ",
        *"\u200b\u00a0\u2212\uff1d\ufe62\ufe63\uff0b\uff20\u2028",
    ]
)
CELLS = st.lists(CELL_CHARACTERS | st.text(max_size=3), max_size=10).map("".join)


@FUZZ
@given(CELLS)
def test_fuzz_csv_cells_never_start_a_formula(text):
    out = io.StringIO()
    csv.writer(out).writerow([csv_cell(text), "next"])
    for row in csv.reader(io.StringIO(out.getvalue())):  # what a spreadsheet imports
        for cell in row:
            first = cell.lstrip(" \u00a0\u200b\t\r\n")[:1]
            assert not first or first not in "=+-@\uff1d\ufe62\ufe63\uff0b\uff20\u2212", row
    # no character inside a cell where any reader would end the record (CR, LF, U+2028...)
    assert len(out.getvalue().splitlines()) == 1, (text, out.getvalue())


@FUZZ
@given(CELLS)
def test_fuzz_markdown_cells_carry_no_markup(text):
    shown = escape_markdown(text)
    assert "<" not in shown and "\n" not in shown and "\r" not in shown
    assert "|" not in shown.replace("\\|", "")


FIELDS = st.sampled_from(
    ["id", "aliases", "tdp_w", "peak_tflops", "memory_gb", "price", "vendor", "status", "name"]
)
VALUES = st.one_of(
    st.none(),
    st.integers(-5, 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.text(max_size=5), max_size=3),
    st.just({"dense": {"fp32": 900000, "fp8": 1}}),
    st.just({"dense": {"bf16": None}}),
    st.just([" H100 ", ""]),
)


@FUZZ
@given(st.sampled_from(["H100", "GB200", "MI300X", "TPU-v5p"]), FIELDS, VALUES)
def test_fuzz_catalogue_overrides(tmp_path_factory, chip, field, value):
    path = tmp_path_factory.mktemp("k") / "mine.yaml"
    try:
        text = yaml.safe_dump({"overrides": {chip: {field: value}}}, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)
    path.write_text(text, encoding="utf-8")
    check(["estimate", "colossus2", "--catalogue", str(path), "--format", "json"])
    check(["catalogue", "show", chip, "--catalogue", str(path)], json_out=False)
