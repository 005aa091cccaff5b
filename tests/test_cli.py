import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml

from computescale.catalogue import list_accelerators
from computescale.cli import build_parser, main
from tests.conftest import EXAMPLES, ROOT, one_error_line, run

COLOSSUS2 = str(EXAMPLES / "colossus2.yaml")


def test_every_command_and_option_has_help():
    def walk(parser):
        for action in parser._actions:
            if action.dest in ("help", "version") or action.help == "==SUPPRESS==":
                continue
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                for name, sub in action.choices.items():
                    assert sub.description, name
                    yield from walk(sub)
                for choice in action._choices_actions:
                    assert choice.help, choice.dest
            else:
                assert action.help, action.dest
                yield action.dest

    assert "basis" in set(walk(build_parser()))


def test_estimate_table(capsys):
    code, out, err = run(capsys, "estimate", COLOSSUS2, "--all")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Colossus 2, first batch (announced July 2025) (as of 2025-07-22)"
    table = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in lines[3:25])
    assert table["Accelerators (GPUs/chips)"] == "550,000"
    # 550,000 x 2,500 TFLOP/s bf16 dense (GB200 and GB300 alike) = 1.375 ZFLOP/s
    assert table["Peak bf16 (dense, FLOP/s)"] == "1.38 ZFLOP/s"
    # 550,000 x 2,500 / 989.4 = 1.39M H100e
    assert table["H100-equivalents (dense bf16)"] == "1.39M"
    # 550,000 x 1,200 W = 660 MW (all GB200) to x 1,400 W = 770 MW (all GB300)
    assert table["Power: chip (TDP x count)"] == "660 MW – 770 MW"
    assert "Capex: facility construction" in table
    # by default the headline figures lead, and the table says how to see the rest
    code, out, _ = run(capsys, "estimate", COLOSSUS2)
    headline = out.split("\n\n")[0].splitlines()[3:]
    assert [re.split(r"\s{2,}", line)[0] for line in headline[:-1]] == [
        "Accelerators (GPUs/chips)",
        "Server nodes / compute trays",
        "H100-equivalents (dense bf16)",
        "Peak bf16 (dense, FLOP/s)",
        "Power: IT (servers/racks + 5–14 % network/storage)",
        "Power: facility (IT x PUE 1.1–1.3)",
        "Energy per year (60–90 % average load)",
        "Capex: total (facility construction excluded)",
    ]
    assert headline[-1].startswith("(18 more figures") and "--all" in headline[-1]
    # a split's members range over every split, and the table says why
    assert "GB200 and GB300 share 550,000 in shares not given in full" in out


def test_estimate_json_contract(capsys):
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "name",
        "accelerators",
        "peak_flops",
        "h100_equivalents",
        "h100e_basis",
        "power_w",
        "annual_energy_wh",
        "annual_electricity_usd",
        "capex_usd",
        "fleets",
        "assumptions",
    ):
        assert key in data
    assert data["h100e_basis"] == "dense bf16"
    assert set(data["power_w"]) == {"chip", "hpl", "it", "facility"}
    assert set(data["capex_usd"]) >= {"accelerators", "hardware", "total"}
    assert data["power_w"]["chip"] == {"low": pytest.approx(660e6), "high": pytest.approx(770e6)}
    assert data["peak_flops"]["fp4"]["low"] == pytest.approx(5.5e21)
    fleet = data["fleets"][0]
    assert set(fleet) >= {
        "accelerator",
        "count",
        "peak_flops",
        "h100_equivalents",
        "power_w",
        "capex_usd",
    }
    assert data["assumptions"]["pue"]["low"] == 1.1 and not data["assumptions"]["pue"]["is_default"]


def test_estimate_markdown_and_basis(capsys):
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--format", "markdown", "--basis", "tpp")
    assert code == 0
    assert out.startswith("# Colossus 2")
    assert "| H100-equivalents (export-control TPP) |" in out


def test_output_is_written_atomically_and_never_over_the_input(capsys, tmp_path, write):
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["name"].startswith("Colossus 2")
    src = write((EXAMPLES / "colossus2.yaml").read_text(), "c2.yaml")
    before = src.read_text()
    code, _, err = run(capsys, "estimate", str(src), "-o", str(src))
    assert code == 2 and "over an input file" in err
    assert src.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c2.yaml", "out.json"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "name: x\nfleets:\n  - accelerator: GB20\n    count: 5\n",
            "cluster.yaml:3: fleets[0].accelerator: unknown accelerator 'GB20'. "
            "Did you mean GB200?",
        ),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    count: -5\n",
            "cluster.yaml:4: fleets[0].count: -5 is out of range; must be > 0",
        ),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    count: .nan\n",
            "cluster.yaml:4: fleets[0].count: nan is not a finite number",
        ),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    count: [10, 5]\n",
            "cluster.yaml:4: fleets[0].count: low 10 is above high 5",
        ),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    count: 5\n    tdp: 700 kg\n",
            "cluster.yaml:5: fleets[0].tdp: 'kg' measures a mass, not a power",
        ),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    cont: 5\n",
            "cluster.yaml:4: fleets[0].cont: unknown field 'cont'",
        ),
        ("name: x\nfleets: [\n", "cluster.yaml:3: not valid YAML"),
        (
            "name: x\nfleets:\n  - accelerator: H100\n    count: 5\nassumptions:\n  pue: 0.5\n",
            "cluster.yaml:6: assumptions.pue: 0.5 is out of range; must be >= 1",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(capsys, write, content, expected):
    path = write(content)
    code, out, err = run(capsys, "estimate", str(path))
    assert code == 2 and out == ""
    assert err.startswith("computescale: error: ")
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_file(capsys):
    code, _, err = run(capsys, "estimate", "no-such-file.yaml")
    assert code == 2
    assert err == (
        "computescale: error: no-such-file.yaml: file not found. Fix: check the path "
        "(relative paths start from the current folder, or from the file that names "
        "them)\n"
    )


@pytest.mark.parametrize("spec", list_accelerators(), ids=lambda spec: spec.id)
def test_catalogue_list_and_show_every_chip(capsys, spec):
    code, out, _ = run(capsys, "catalogue", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("id ")
    # a header, then one line per chip of the catalogue
    assert len(lines) == 1 + len(list_accelerators())
    assert [line.split()[0] for line in lines[1:]].count(spec.id) == 1
    code, out, _ = run(capsys, "catalogue", "show", spec.id, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == spec.id
    assert data["tdp_w"] == (None if spec.tdp_w is None else spec.tdp_w.model_dump())
    assert {s["title"] for s in data["sources"]} == {s.title for s in spec.sources}


def test_catalogue_show(capsys):
    code, out, _ = run(capsys, "catalogue", "show", "GB300", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "GB300"
    # GB300 NVL72 page, per rack of 72 GPUs: FP4 1,080 PFLOP/s dense = 15 PFLOP/s a GPU,
    # 20.7 TB HBM3e = 288 GB a GPU; 1.4 kW a GPU (Verda, GB300 NVL72 architecture)
    assert data["peak_flops_dense"]["fp4"] == pytest.approx(15e15)
    assert data["tdp_w"] == {"low": 1400, "high": 1400} and data["memory_bytes"] == pytest.approx(
        279e9
    )
    assert data["price_usd"]["low"] <= data["price_usd"]["high"]
    assert all(s["covers"] for s in data["sources"])
    code, out, _ = run(capsys, "catalogue", "show", "h100")
    assert code == 0 and "H100-SXM" in out and "sources:" in out


def test_catalogue_unknown_id(capsys):
    code, _, err = run(capsys, "catalogue", "show", "GB20")
    assert code == 2 and "Did you mean GB200?" in err


def test_catalogue_option_applies_to_estimate(capsys, write):
    cat = write(
        "overrides:\n  GB200:\n    tdp_w: 1000\n    sources:\n"
        "      - {title: t, url: 'https://example.org', accessed: 2025-01-01, kind: primary,\n"
        "         covers: [tdp]}\n",
        "cat.yaml",
    )
    cl = write("name: x\nfleets:\n  - {accelerator: GB200, count: 1000}\n")
    code, out, _ = run(capsys, "estimate", str(cl), "--catalogue", str(cat), "--format", "json")
    assert code == 0
    # 1,000 x 1,000 W = 1 MW at the chips
    assert json.loads(out)["power_w"]["chip"]["low"] == pytest.approx(1e6)


def test_usage_error_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["estimate", "--no-such-option"])
    assert info.value.code == 2
    # no cluster at all: the same exit status, one line saying what to give
    assert main(["estimate"]) == 2
    assert "no cluster given" in capsys.readouterr().err


def test_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "computescale cluster file"
    assert "fleets" in schema["properties"]


def test_python_dash_m_runs():
    result = subprocess.run(
        [sys.executable, "-m", "computescale", "estimate", COLOSSUS2, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["accelerators"]["low"] == 550000


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_estimate_of_plain_numbers_imports_neither_matplotlib_nor_pint(fmt):
    # colossus2.yaml writes every value as a plain number, so no unit registry is needed
    code = (
        f"import sys, computescale.cli as c; c.main(['estimate', {COLOSSUS2!r}, '--format', "
        f"{fmt!r}]); print([m for m in ('matplotlib', 'pint') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("[]")


def test_internal_error_is_one_line_exit_1(capsys, monkeypatch):
    import computescale.cli.commands as commands

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(commands, "estimate_with_phases", boom)
    code, out, err = run(capsys, "estimate", COLOSSUS2)
    assert code == 1 and out == ""
    assert err == (
        "computescale: internal error: RuntimeError: kaput. This is a bug; please report it "
        "with the input file.\n"
    )


def test_estimate_with_samples_shows_likely_ranges(capsys):
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--samples", "1e4", "--seed", "7")
    assert code == 0
    assert "likely p5 / p50 / p95 (10,000 samples, seed 7)" in out
    code, out, _ = run(capsys, "estimate", COLOSSUS2, "--samples", "1e4", "--format", "json")
    data = json.loads(out)
    chip = data["power_w"]["chip"]
    assert chip["low"] <= chip["p5"] <= chip["p50"] <= chip["p95"] <= chip["high"]
    assert data["samples"] == 10000


@pytest.mark.parametrize("bad", ["0", "-3", "abc", "1e12"])
def test_bad_samples_exit_2(capsys, bad):
    try:  # argparse exits on what is not a number; the library refuses the rest
        code = main(["estimate", COLOSSUS2, "--samples", bad])
    except SystemExit as info:
        code = info.code
    assert code == 2
    assert "--samples" in capsys.readouterr().err


def test_failed_write_leaves_no_partial_file(capsys, tmp_path, monkeypatch):
    import computescale.outputs as cio

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cio.os, "replace", broken_replace)
    target = tmp_path / "out.json"
    with pytest.raises(OSError, match="disk full"):
        cio.write_text(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_replaced_whole(capsys, tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old content that is longer than nothing\n" * 100)
    assert main(["estimate", COLOSSUS2, "--format", "markdown", "-o", str(target)]) == 0
    assert target.read_text().startswith("# Colossus 2")
    assert "old content" not in target.read_text()


def test_output_to_a_folder_is_refused(capsys, tmp_path):
    assert main(["estimate", COLOSSUS2, "-o", str(tmp_path)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_negative_seed_is_an_input_error(capsys):
    assert main(["estimate", COLOSSUS2, "--samples", "10", "--seed", "-1"]) == 2
    assert "--seed: -1 is not a whole number of 0 or more" in capsys.readouterr().err


def test_seed_without_samples_is_refused(capsys):
    assert main(["estimate", COLOSSUS2, "--seed", "3"]) == 2
    assert "--seed: has no effect without --samples" in capsys.readouterr().err
    assert main(["estimate", COLOSSUS2, "--samples", "100", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 0  # the documented default


def _ranges(data):
    """Yield every range ({low, high, ...}) in a JSON value, with its path."""
    if isinstance(data, dict) and "low" in data and "high" in data:
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _ranges(value)
    elif isinstance(data, list):
        for value in data:
            yield from _ranges(value)


def test_estimate_samples_the_phases_of_a_build_out_as_plot_does(capsys, monkeypatch, tmp_path):
    # estimate --samples used to leave the build-out's phases unsampled; plot sampled them
    colossus1 = str(EXAMPLES / "colossus1.yaml")
    options = ["--samples", "400", "--seed", "5"]
    code, out, _ = run(capsys, "estimate", colossus1, *options, "--format", "json")
    assert code == 0
    phases = json.loads(out)["phases"]
    assert len(phases) == 3
    for phase in phases:
        ranges = list(_ranges(phase))
        assert len(ranges) >= 10  # accelerators, H100e, every peak, power, capex
        for r in ranges:
            if r["low"] is not None:
                assert r["low"] <= r["p5"] <= r["p50"] <= r["p95"] <= r["high"]
    assert phases[-1]["power_w"]["facility"]["p5"] < phases[-1]["power_w"]["facility"]["p95"]

    import computescale.plots as plots

    drawn = []
    real = plots.timeline

    def spy(phases, **kwargs):
        drawn.append(phases)
        return real(phases, **kwargs)

    monkeypatch.setattr(plots, "timeline", spy)
    assert main(["plot", colossus1, *options, "-o", str(tmp_path / "c1.png")]) == 0
    plotted, power = drawn  # a panel of H100e, one of facility power: the same phases
    assert power is plotted
    for shown, p in zip(phases, plotted, strict=True):
        e = p.estimate
        assert shown["label"] == p.label
        h100e = dict(zip(("p5", "p50", "p95"), e.h100_equivalents.percentiles(), strict=True))
        facility = dict(zip(("p5", "p50", "p95"), e.power.facility.percentiles("W"), strict=True))
        assert {k: shown["h100_equivalents"][k] for k in h100e} == h100e
        assert {k: shown["power_w"]["facility"][k] for k in facility} == facility


def test_catalogue_list_filters_by_vendor_and_status(capsys):
    code, out, _ = run(capsys, "catalogue", "list", "--vendor", "google")
    rows = out.splitlines()[1:]
    assert code == 0 and rows and all(" Google " in r for r in rows)
    assert any(r.startswith("TPU-v7 ") for r in rows)
    code, out, _ = run(capsys, "catalogue", "list", "--status", "announced")
    ids = {r.split()[0] for r in out.splitlines()[1:]}
    # NVIDIA's Vera Rubin and AMD's MI450X were announced, not shipping, when last read
    assert code == 0 and {"Rubin", "MI450X"} <= ids and "H100-SXM" not in ids
    code, _, err = run(capsys, "catalogue", "list", "--vendor", "Acme")
    assert code == 2 and "--vendor" in err and "NVIDIA" in err


@pytest.mark.parametrize(
    ("kind", "model"),
    [("cluster", "Cluster"), ("claims", "ClaimsFile"), ("catalogue", "CatalogueFile")],
)
def test_schema_of_every_file_kind(capsys, kind, model):
    code, out, _ = run(capsys, "schema", "--kind", kind)
    schema = json.loads(out)
    assert code == 0 and kind in schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)
    examples = {
        "cluster": ROOT / "examples" / "colossus2.yaml",
        "claims": ROOT / "examples" / "claims" / "seed-articles.yaml",
        "catalogue": ROOT / "computescale" / "catalogue" / "data" / "google.yaml",
    }
    document = yaml.safe_load(examples[kind].read_text())
    # the packaged files are valid under the published schema (dates as text)
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(document, default=str)))


def test_sort_with_json_over_several_clusters_is_refused_not_ignored(capsys):
    code, out, err = run(capsys, "estimate", COLOSSUS2, COLOSSUS2, "--sort", "h100e_high",
                         "--format", "json")  # fmt: skip
    assert code == 2 and out == ""
    one_error_line(err, "--sort: applies to tables, Markdown, CSV and HTML")


@pytest.mark.parametrize("command", [("compare", "-", COLOSSUS2), ("train", "-", "--days", "1")])
def test_compare_and_train_read_a_cluster_from_standard_input(capsys, monkeypatch, command):
    import io

    text = (EXAMPLES / "colossus2.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, err = run(capsys, *command, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    # colossus2.yaml: 550,000 GB200 and GB300; for one day, 550,000 x 24 accelerator-hours
    if command[0] == "compare":
        assert data["a"]["accelerators"] == {"low": 550_000, "high": 550_000}
    else:
        assert data["accelerator_hours"] == {"low": 550_000 * 24, "high": 550_000 * 24}


def test_columns_apply_to_the_csv_of_one_cluster_and_are_refused_elsewhere(capsys):
    code, out, _ = run(capsys, "estimate", "--fleet", "H100=10", "--format", "csv",
                       "--columns", "name,h100e_high")  # fmt: skip
    assert code == 0 and out == "name,h100e_high\nH100=10,10.0\n"  # 10 H100 are 10 H100e
    code, out, err = run(capsys, "estimate", COLOSSUS2, "--columns", "name")
    assert code == 2 and out == ""
    one_error_line(err, "--columns: applies to --format csv")
