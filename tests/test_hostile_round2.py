"""The second attack on the surfaces added since the first: each class of finding, reproduced."""

from __future__ import annotations

import csv
import io

import pytest

from computescale.report.layout import csv_cell, escape_markdown


# CSV cells a spreadsheet would run as a formula, behind invisible characters or look-alikes
@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "\r=1+1",  # a reader that ends the record at CR starts the next cell with "="
        "\t=1",
        "\u200b=HYPERLINK(1)",  # a zero-width space before it
        "\u00a0@SUM(1)",
        "\uff1d1+1",  # the full-width equals sign
        "\u2212 5",  # the minus sign
        "\ufe62cmd",  # the small plus sign
    ],
)
def test_a_csv_cell_never_starts_a_formula(text):
    cell = csv_cell(text)
    assert isinstance(cell, str) and cell.startswith("'")
    (row,) = list(csv.reader(io.StringIO(_one_row(cell))))
    assert row[0] == cell  # one cell, one record: nothing spills into the next


def _one_row(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="x()">', '&lt;img src=x onerror="x()"&gt;'),
        ("AT&T | Verizon", "AT&amp;T \\| Verizon"),
    ],
)
def test_markdown_cells_carry_no_html(text, shown):
    assert escape_markdown(text) == shown


# numbers in text: every written form read as written, or said why not
@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("It took 2.788e6 GPU hours.", "en", 2_788_000),  # 2.788 x 10^6
        ("Hanno 100 000 GPU.", "it", 100_000),
        ("Hanno 1 000 000 GPU.", "it", 1_000_000),
        ("They have 100’000 GPUs.", "en", 100_000),
        ("They have 100\u00ad000 GPUs.", "en", 100_000),  # a soft hyphen inside
        ("They have 100\u200b000 GPUs.", "en", 100_000),  # a zero-width space inside
    ],
)
def test_number_forms_are_read_whole(text, lang, value):
    from computescale.articles import extract_claims

    (d,) = extract_claims(text, lang=lang, clusters=()).drafts
    assert d.low == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("It draws −5 MW.", "a negative number"),  # U+2212, the minus sign
        ("It draws -5 MW.", "a negative number"),
        ("It has 1.000.000.0000 GPU.", "is not a number"),
        ("It went from 0 to nothing.", "zero"),
    ],
)
def test_numbers_that_are_no_figure_are_said(text, why):
    from computescale.articles import extract_claims

    x = extract_claims(text, lang="en", clusters=())
    assert [d for d in x.drafts if d.quantity != "unknown"] == []
    assert any(why in s for s in x.skipped), x.skipped


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "tra 1 e 2 e 3 " + " e ".join(str(i) for i in range(4, n)),
        lambda n: " ".join(str(1000 + i % 8999) for i in range(n)),  # bare numbers alike
        lambda n: " ".join(["one"] * n),
        lambda n: "Il costo: " + " ".join(f"{i} dollari." for i in range(n)),  # ids alike
    ],
)
def test_reading_articles_takes_time_linear_in_the_text(make):
    import time

    from computescale.articles import extract_claims

    extract_claims("warm up: 1 GPU", lang="it")  # the shipped clusters, read once
    times = []
    for n in (1000, 4000):
        text = make(n)
        start = time.perf_counter()
        extract_claims(text, lang="it")
        times.append(time.perf_counter() - start)
    assert times[1] < 8 * max(times[0], 0.02)  # four times the text: not sixteen times


def test_many_drafts_sharing_an_id_are_numbered_in_constant_time():
    from computescale.articles.drafts import _unique

    ids: dict[str, int] = {}
    given = [_unique(b, ids) for b in ("a", "a", "a-2", "a", "b")]
    assert given == ["a", "a-2", "a-2-2", "a-3", "b"]
    assert len(set(given)) == len(given)


def test_an_outlet_or_title_yaml_would_read_as_a_number_stays_text(tmp_path):
    from computescale.cli import main

    article = tmp_path / "a.txt"
    article.write_text("1e5\ndate 2025-07-23\n\nColossus 2 avrà 550.000 GPU.", "utf-8")
    drafts = tmp_path / "d.yaml"
    assert main(["extract", str(article), "--outlet", "2025-07", "-o", str(drafts)]) == 0
    assert main(["check", str(drafts)]) == 0  # no claim refused for its source


def test_a_cluster_that_is_no_yaml_file_is_refused_at_once(tmp_path, capsys):
    from computescale.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Colossus 2 avrà 550.000 GPU.", "utf-8")
    other = tmp_path / "c2.txt"
    other.write_text("name: x\nfleets: []\n", "utf-8")
    assert main(["extract", str(article), "--cluster", str(other)]) == 2
    assert "a cluster is a YAML file" in capsys.readouterr().err


def test_output_through_a_link_writes_its_target_and_keeps_the_link(tmp_path, monkeypatch):
    from computescale.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "real.txt").write_text("old", "utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert main(["estimate", "colossus2", "-o", "link.txt"]) == 0
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text("utf-8").startswith("Colossus 2")


def test_an_output_link_to_a_device_is_refused(tmp_path, capsys):
    from computescale.cli import main

    (tmp_path / "out").symlink_to("/dev/null")
    assert main(["estimate", "colossus2", "-o", str(tmp_path / "out")]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert (tmp_path / "out").is_symlink()


def test_an_empty_output_path_is_refused(capsys):
    from computescale.cli import main

    with pytest.raises(SystemExit) as info:  # argparse refuses it, as every bad option
        main(["estimate", "colossus2", "-o", ""])
    assert info.value.code == 2
    assert "an empty path" in capsys.readouterr().err


@pytest.mark.parametrize(
    "option", [["--lang", "it"], ["--source-date", "2025-01-01"], ["--outlet", "x"]]
)
def test_article_options_are_refused_for_a_claims_file(option, capsys):
    from computescale.cli import main

    assert main(["check", "examples/claims/seed-articles.yaml", *option]) == 2
    assert option[0] in capsys.readouterr().err


def test_a_backend_matplotlib_does_not_know_does_not_stop_a_plot(tmp_path, monkeypatch):
    from computescale.cli import main

    monkeypatch.setenv("MPLBACKEND", "bogus")
    assert main(["plot", "colossus2", "-o", str(tmp_path / "c.png")]) == 0


def test_one_path_for_a_list_is_the_documented_argument_error():
    from computescale.errors import ArgumentError
    from computescale.survey import estimate_many

    with pytest.raises(ArgumentError) as info:
        estimate_many("examples/colossus2.yaml")  # type: ignore[arg-type]
    assert info.value.field == "items"


def test_a_figure_of_many_claims_draws_a_bounded_number_and_says_so():
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    from computescale.claims import check_claims
    from computescale.claims.model import Claim
    from computescale.cluster import load_cluster
    from computescale.plots import MAX_DRAWN, claims_figure

    cluster = load_cluster("colossus1-2024-09")  # 100,000 H100
    pairs = [
        (
            Claim(
                id=f"c{i}",
                source={"title": "t", "outlet": "o", "date": dt.date(2025, 1, 1)},
                says="s",
                quantity="accelerators",
                value=100_000 if i % 10 else 10_000_000,  # every tenth: x100, inconsistent
                cluster="colossus1-2024-09",
            ),
            cluster,
        )
        for i in range(MAX_DRAWN + 40)
    ]
    results = check_claims(pairs)
    figure = claims_figure(results)
    (ax,) = figure.axes
    # a row's label: the claim's words, then "<id>: stated <value>"
    labels = [t.get_text().split("\n")[1].split(":")[0] for t in ax.get_yticklabels()]
    assert len(labels) == MAX_DRAWN
    wrong = [r.claim.id for r in results if r.verdict == "inconsistent"]
    assert labels[: len(wrong)] == wrong  # every inconsistent claim first
    assert f"{MAX_DRAWN} of {MAX_DRAWN + 40} drawn" in ax.get_title()


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ("id: H100X", "cannot rename H100-SXM"),
        ("tdp_w: null", "tdp_w is null"),
        ('aliases: ["GB200"]', "already names GB200"),
        ('aliases: [" H100x "]', "empty or padded"),
        ('aliases: [""]', "empty or padded"),
        ("peak_tflops_dense: {fp32: 900000, fp8: 1}", "a narrower format is never slower"),
    ],
)
def test_a_catalogue_override_that_would_break_the_catalogue_is_refused(
    tmp_path, capsys, override, said
):
    from computescale.cli import main

    path = tmp_path / "mine.yaml"
    path.write_text(f"overrides:\n  H100:\n    {override}\n", "utf-8")
    assert main(["estimate", "colossus1-2024-09", "--catalogue", str(path)]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert f"{path}:3:" in err or f"{path}:2:" in err  # the file and line of the override


def test_a_folder_run_skips_what_is_no_file_and_counts_a_file_once(tmp_path):
    from computescale.shipped import known_cluster
    from computescale.survey import estimate_many

    folder = tmp_path / "runs"
    folder.mkdir()
    (folder / "a.yaml").write_text(known_cluster("colossus2").read_text("utf-8"), "utf-8")
    (folder / "sub.yaml").mkdir()  # a folder named like a file
    (folder / ".#lock.yaml").symlink_to(tmp_path / "gone")  # an editor's lock: a broken link
    estimates = estimate_many([folder, folder / "a.yaml", tmp_path / "runs" / ".." / "runs"])
    assert len(estimates) == 1


def test_a_ratio_of_bounds_never_reads_as_a_range_with_low_above_high():
    from computescale.ranges import Range
    from computescale.report.survey import _ratio

    # B's lows over A's: 15 / 10 = 1.5; highs: 16 / 20 = 0.8, which is no range 1.5 – 0.8
    assert _ratio(Range.of((10, 20), "W"), Range.of((15, 16), "W")) == "lows ×1.50, highs ×0.800"
    assert _ratio(Range.of((10, 20), "W"), Range.of((15, 40), "W")) == "×1.50 – ×2.00"


def test_a_cluster_name_is_escaped_once_in_markdown(tmp_path, capsys):
    from computescale.cli import main

    path = tmp_path / "c.yaml"
    path.write_text("name: AT&T <x>\nfleets:\n  - {accelerator: H100, count: 8}\n", "utf-8")
    assert main(["estimate", str(path), str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "AT&amp;T &lt;x&gt;" in out and "&amp;amp;" not in out


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (1e-300, "1.00e-300"),  # 10**-300 in decimals would take 302 characters
        (-2.5e-9, "-2.50e-09"),
        (1.234e-4, "0.000123"),  # 10**-4 still in decimals: three significant digits
        (0.05, "0.0500"),
    ],
)
def test_a_tiny_number_is_written_in_a_few_characters(x, shown):
    from computescale.notation import significant

    assert significant(x) == shown


def test_a_tiny_assumption_gives_no_line_of_zeros(capsys):
    from computescale.cli import main

    assert main(["estimate", "colossus2", "--assume", "electricity_price=1e-300", "--all"]) == 0
    out = capsys.readouterr().out
    assert "$5.57e-291" in out  # 5.57 TWh per year (the default estimate) x 1e-300 USD/kWh
    assert max(len(line) for line in out.splitlines()) < 200


def test_csv_of_a_sampled_estimate_carries_its_percentiles(capsys):
    from computescale.cli import main

    assert main(["estimate", "colossus2", "--format", "csv", "--samples", "200"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    # the facility power is uncertain (PUE, overheads): its percentiles lie within its bounds
    values = [float(row[f"facility_w_{k}"]) for k in ("low", "p5", "p50", "p95", "high")]
    assert values == sorted(values) and values[0] < values[-1]
    assert row["accelerators_p50"] == row["accelerators_low"]  # a count given exactly


def test_json_names_a_value_it_cannot_hold():
    from computescale.errors import InputError
    from computescale.outputs import dumps

    with pytest.raises(InputError, match=r"clusters\[1\]\.power\.it\.high is not a finite"):
        dumps({"clusters": [{}, {"power": {"it": {"low": 1.0, "high": float("inf")}}}]})


def test_json_of_many_clusters_is_written_a_cluster_at_a_time(tmp_path):
    from computescale.cluster import load_cluster
    from computescale.estimates import estimate
    from computescale.outputs import dumps
    from computescale.report.estimates import estimate_to_dict
    from computescale.report.survey import survey_json_parts
    from computescale.shipped import known_cluster

    estimates = [estimate(load_cluster(known_cluster(n))) for n in ("colossus2", "colossus1")]
    parts = list(survey_json_parts(iter(estimates)))  # an iterator: each estimate read once
    assert len(parts) == len(estimates) + 1
    assert "".join(parts) == dumps({"clusters": [estimate_to_dict(e) for e in estimates]})
    assert "".join(survey_json_parts([])) == dumps({"clusters": []})


def _fleets_file(path, fleets):
    lines = ["name: many fleets", "fleets:"]
    lines += [f"  - {{accelerator: H100, count: {i + 1}}}" for i in range(fleets)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_memory_of_many_files_grows_with_the_files_read_not_their_figures(tmp_path, fmt):
    import tracemalloc

    from computescale.cli import main

    def peak(files: int) -> int:
        folder = tmp_path / f"{files}"
        folder.mkdir()
        for i in range(files):
            _fleets_file(folder / f"c{i}.yaml", 100)
        tracemalloc.start()
        try:
            out = tmp_path / f"out{files}.{fmt}"
            assert main(["estimate", str(folder), "--format", fmt, "-o", str(out)]) == 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(1)  # imports and the catalogue, read once
    per_fleet = (peak(4) - peak(2)) / (2 * 100)
    # measured: 1.2 KB (JSON) and 1.8-2.4 KB (table) per fleet, the clusters read; before, the
    # figures of every fleet were kept: 35 KB (JSON) and 6.8 KB (table)
    assert per_fleet < 4_000


def test_characters_the_font_lacks_are_said_once_in_one_line(tmp_path, capsys):
    import warnings

    from computescale import plots
    from computescale.cli import main

    cluster = tmp_path / "c.yaml"
    cluster.write_text(
        'name: "超算 🙂"\nfleets:\n  - {accelerator: H100, count: 10, label: "超算"}\n',
        encoding="utf-8",
    )
    assert main(["plot", str(cluster), "-o", str(tmp_path / "c.png")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("computescale: note: ")
    assert "超 算 🙂" in err and "site-packages" not in err and ".py" not in err
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.save(plots.file_figure(str(cluster)).figure, str(tmp_path / "d.png"))
    assert [type(w.message) for w in caught] == [plots.MissingGlyphsWarning]


def test_a_source_date_outside_the_dates_a_claim_takes_is_refused_at_once(capsys):
    import datetime as dt

    from computescale.articles import extract_claims
    from computescale.cli import main
    from computescale.errors import InputError

    with pytest.raises(InputError) as info:
        extract_claims("xAI runs 100,000 H100 GPUs.", source_date=dt.date(1, 1, 1))
    assert info.value.field == "source_date"
    with pytest.raises(SystemExit) as code:
        main(["check", "-", "--source-date", "0001-01-01"])
    assert code.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "out of range" in err and "--source-date" in err


@pytest.mark.parametrize("action", ["ignore", "default"])  # Python's default; pytest's
def test_a_librarys_deprecation_while_drawing_is_no_note_for_the_user(
    tmp_path, capsys, monkeypatch, action
):
    import warnings

    from computescale import plots
    from computescale.cli import main

    drawn = plots.file_figure

    class PyparsingDeprecationWarning(UserWarning, DeprecationWarning):
        """pyparsing 3.3's class: a UserWarning and a DeprecationWarning at once."""

    def noisy(*args, **kwargs):
        # what old matplotlib with new pyparsing raises while it lays out text
        message = "'parseString' deprecated - use 'parse_string'"
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        warnings.warn(message, PyparsingDeprecationWarning, stacklevel=2)
        return drawn(*args, **kwargs)

    monkeypatch.setattr(plots, "file_figure", noisy)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter(action, DeprecationWarning)
        assert main(["plot", "colossus2", "-o", str(tmp_path / "c.png")]) == 0
    assert capsys.readouterr().err == ""


def test_a_path_with_a_nul_character_is_refused_in_one_line():
    # found by the API fuzz target: os.stat raises ValueError, not OSError, for a NUL
    import computescale as cs
    from computescale.errors import InputError

    for load in (cs.load_catalogue, cs.load_cluster):
        with pytest.raises(InputError, match="holds a NUL character"):
            load("mine\x00.yaml")
