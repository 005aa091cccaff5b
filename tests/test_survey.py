"""Many clusters at once: `estimate A B ...`, folders, CSV, JSON, `compare`, estimate_many."""

import csv
import io
import json

import pytest

import computescale as cs
from computescale.report.estimates import estimate_to_dict
from tests.conftest import EXAMPLES, run

C1 = str(EXAMPLES / "colossus1-2024-09.yaml")  # 100,000 H100 (Elon Musk, 2024-09-02)
C2 = str(EXAMPLES / "colossus2.yaml")  # 550,000 GB200 and GB300 (2025-07-22)
PRESS = EXAMPLES / "claims" / "press"


def test_several_files_give_one_row_each(capsys):
    code, out, _ = run(capsys, "estimate", C1, C2)
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0].startswith("cluster")
        and "capex: total (facility construction excluded)" in lines[0]
    )
    assert lines[1].startswith("Colossus 1 (September 2024)") and "100,000" in lines[1]
    assert lines[2].startswith("Colossus 2, first batch") and "550,000" in lines[2]


def test_a_folder_is_its_cluster_files_in_name_order(capsys):
    files = sorted(PRESS.glob("*.yaml"))
    code, out, _ = run(capsys, "estimate", str(PRESS), "--format", "json")
    assert code == 0
    names = [c["name"] for c in json.loads(out)["clusters"]]
    assert names == [cs.load_cluster(f).name for f in files]


def test_json_of_several_is_the_single_file_object_of_each(capsys):
    code, out, _ = run(capsys, "estimate", C1, C2, "--format", "json")
    assert code == 0
    clusters = json.loads(out)["clusters"]
    single = json.loads(json.dumps(estimate_to_dict(cs.estimate(cs.load_cluster(C1)))))
    assert clusters[0] == single


def test_csv_has_base_units_and_the_unit_in_each_column(capsys):
    code, out, _ = run(capsys, "estimate", C1, C2, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2
    # 100,000 H100 x 700 W = 70 MW of chip power, in W; x 989.4 TFLOP/s dense bf16
    assert float(rows[0]["chip_w_low"]) == pytest.approx(70e6)
    assert float(rows[0]["peak_bf16_flop_per_s_high"]) == pytest.approx(100_000 * 989.4e12)
    assert rows[0]["capex_facility_usd_low"] == ""  # not set: excluded, not zero
    assert {"facility_w_low", "facility_w_high", "energy_wh_low", "capex_total_usd_high"} <= set(
        rows[0]
    )


def test_csv_cells_never_run_as_formulas(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text("name: =HYPERLINK(1)\nfleets: [{accelerator: H100, count: 1}]\n")
    code, out, _ = run(capsys, "estimate", str(path), "--format", "csv")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["name"] == "'=HYPERLINK(1)"


def test_compare_gives_the_ratios_of_the_bounds(capsys):
    code, out, _ = run(capsys, "compare", C1, C2)
    assert code == 0
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    # 550,000 / 100,000 GPUs
    assert rows["accelerators"].rstrip().endswith("×5.50")
    # capex says what it leaves out
    assert any(r.startswith("capex: total (facility construction excluded)") for r in rows)


def test_a_folder_without_cluster_files_is_refused(tmp_path, capsys):
    code, _, err = run(capsys, "estimate", str(tmp_path))
    assert code == 2
    assert "folder without cluster files" in err and err.count("\n") == 1


def test_estimate_many_mixes_files_folders_and_clusters():
    cluster = cs.load_cluster(C1)
    many = cs.estimate_many([cluster, C2, PRESS], basis="fp8")
    assert len(many) == 2 + len(list(PRESS.glob("*.yaml")))
    assert (
        many[0].h100_equivalents.magnitudes()
        == cs.estimate(cluster, basis="fp8").h100_equivalents.magnitudes()
    )
    assert all(e.basis == "fp8" for e in many)
    # a preset applies to every cluster: Epoch's method names itself in the notes
    assert all(
        "epoch" in " ".join(e.notes).lower() for e in cs.estimate_many([C1, C2], preset="epoch")
    )


def test_the_many_clusters_page_shows_what_estimate_prints(monkeypatch, capsys):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "many.md").read_text(encoding="utf-8")
    files = [
        "examples/colossus1-2024-09.yaml",
        "examples/colossus2.yaml",
        "examples/meta-2024.yaml",
    ]
    code, out, _ = run(capsys, "estimate", *files, "--format", "markdown")
    assert code == 0
    assert out in page


def test_many_clusters_sort_by_a_column_and_csv_keeps_chosen_columns(capsys):
    import csv
    import io

    folder = str(EXAMPLES / "clusters")
    code, out, _ = run(capsys, "estimate", folder, "--format", "csv", "--sort", "h100e_high")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    highs = [float(r["h100e_high"]) for r in rows if r["h100e_high"]]
    assert highs == sorted(highs, reverse=True)
    # each row says the file it was read from and the chips it counts
    assert all(r["source_file"].startswith(folder) for r in rows)
    colossus = next(r for r in rows if r["source_file"].endswith("colossus1-2025-05.yaml"))
    assert colossus["chips"].startswith("H100-SXM")
    code, out, _ = run(
        capsys, "estimate", folder, "--format", "csv", "--columns", "name,chips,facility_w_high"
    )
    assert code == 0 and out.splitlines()[0] == "name,chips,facility_w_high"
    code, _, err = run(capsys, "estimate", folder, "--sort", "no_such_column")
    assert code == 2 and "--sort: no column 'no_such_column'" in err
    code, _, err = run(capsys, "estimate", folder, "--columns", "name")
    assert code == 2 and "--columns: applies to --format csv" in err


def test_a_split_counts_each_chip_over_every_split():
    from computescale.survey import chips_text

    # Colossus 2: 550,000 GB200 and GB300 in shares not given
    assert chips_text(cs.estimate(cs.load_cluster("colossus2"))) == (
        "GB200 0 – 550,000; GB300 0 – 550,000"
    )
