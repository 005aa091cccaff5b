from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from computescale import estimate, load_cluster, plots
from computescale.claims import check_claims, input_files
from computescale.cli import main
from computescale.errors import InputError
from computescale.sampling import Sampling
from computescale.timeline import estimate_timeline
from tests.conftest import EXAMPLES


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_timeline_axes_are_labelled():
    phases = estimate_timeline(
        load_cluster(EXAMPLES / "colossus1.yaml"), sampling=Sampling(500, seed=1)
    )
    ax = plots.timeline(phases)
    assert ax.get_ylabel() == "H100-equivalents, dense bf16 [thousands]"
    assert plots.timeline(phases, what="power").get_ylabel() == "facility power (IT × PUE) [MW]"
    with pytest.raises(ValueError, match="use h100e or power"):
        plots.timeline(phases, what="mass")
    # the figure: two panels sharing the time axis, not two y-axes on one
    figure = plots.estimate_figure(phases[-1].estimate, phases)
    top, bottom = figure.axes
    assert top.get_shared_x_axes().joined(top, bottom)
    assert [a.get_ylabel().split(" [")[0] for a in figure.axes] == [
        "H100-equivalents, dense bf16",
        "facility power (IT × PUE)",
    ]


def test_breakdown_and_ranges_use_given_axes():
    e = estimate(load_cluster(EXAMPLES / "colossus2.yaml"), sampling=Sampling(500, seed=1))
    _, axes = plt.subplots(3)
    assert plots.fleet_breakdown(e, ax=axes[0]) is axes[0]
    # 550,000 GPUs, 1.39M H100e: in millions
    assert axes[0].get_xlabel() == "H100-equivalents (dense bf16) [millions]"
    # the whole cluster first, then each member of its split, hatched as spanning every split
    assert axes[0].get_yticklabels()[0].get_text() == "whole cluster"
    hatched = [b for b in axes[0].patches if b.get_hatch()]
    assert len(hatched) == 2
    # facility power up to 1.61 GW: in GW
    assert plots.ranges(e, what="power", ax=axes[1]).get_xlabel() == "power [GW]"
    assert plots.ranges(e, what="cost", ax=axes[2]).get_xlabel() == "capex [billion USD]"
    with pytest.raises(ValueError, match="unknown metric"):
        plots.fleet_breakdown(e, metric="mass")


def test_claims_plot_is_log_scale():
    ax = plots.claims(check_claims(EXAMPLES / "claims" / "seed-articles.yaml"))
    assert ax.get_xscale() == "log"
    assert "stated against recomputed, as a factor" in ax.get_xlabel()
    # factors on the axis: ÷1,000 … ×100
    assert ax.xaxis.get_major_formatter()(1e-3, 0) == "÷1,000"
    assert ax.xaxis.get_major_formatter()(1e-5, 0) == "÷100,000"
    assert ax.xaxis.get_major_formatter()(100.0, 0) == "×100"
    # every claim is a row, the financing claim too (hollow at ×1, with its reason)
    assert len(ax.get_yticklabels()) == 20
    # rows are labelled with the claim's words and what it stated
    first = ax.get_yticklabels()[0].get_text()
    assert first.startswith("“Colossus 1 runs 230,000 GPUs") and "stated 230,000" in first


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("colossus1.yaml", "c1.png"),
        ("colossus2.yaml", "c2.svg"),
        ("claims/seed-articles.yaml", "claims.pdf"),
    ],
)
def test_plot_command_writes_file(tmp_path, capsys, source, name):
    out = tmp_path / name
    assert main(["plot", str(EXAMPLES / source), "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_plot_command_refuses_unknown_format(tmp_path, capsys):
    assert main(["plot", str(EXAMPLES / "colossus2.yaml"), "-o", str(tmp_path / "x.bmp")]) == 2
    assert "expected a path ending in .png, .svg or .pdf" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_timeline_of_phases():
    phases = estimate_timeline(load_cluster(EXAMPLES / "colossus1.yaml"))
    assert [p.label for p in phases] == ["100k H100", "150k H100 + 50k H200", "+ 30k GB200"]
    # phase 3 adds 30,000 GB200 to phase 2: 230,000 GPUs
    assert [p.estimate.accelerators.magnitudes()[0] for p in phases] == [1e5, 2e5, 2.3e5]


def test_claims_figure_grows_with_the_claims():
    results = check_claims(EXAMPLES / "claims" / "seed-articles.yaml")
    figure = plots.claims_figure(results)
    assert tuple(figure.get_size_inches()) == pytest.approx((11, 0.5 * len(results) + 1.8))
    assert plots.claims_figure(results[:2]).get_size_inches()[1] == pytest.approx(4.0)
    (ax,) = figure.axes
    assert ax.get_xscale() == "log" and len(ax.get_yticklabels()) == len(results)


def test_cluster_figure_draws_a_build_out_or_a_summary():
    build_out = plots.cluster_figure(load_cluster(EXAMPLES / "colossus1.yaml"))
    assert build_out.axes[0].get_title().endswith(": build-out")
    assert len(build_out.axes) == 2  # H100e above, facility power below
    summary = plots.cluster_figure(load_cluster(EXAMPLES / "colossus2.yaml"))
    assert [ax.get_title().split(": ")[-1] for ax in summary.axes] == ["by fleet", "power", "cost"]


def test_a_sampled_build_out_draws_its_medians():
    cluster = load_cluster(EXAMPLES / "colossus1.yaml")

    def dashed(figure):
        return [
            line for ax in figure.axes for line in ax.get_lines() if line.get_linestyle() == "--"
        ]

    assert dashed(plots.cluster_figure(cluster)) == []
    assert len(dashed(plots.cluster_figure(cluster, sampling=Sampling(200)))) == 2


def test_file_figure_tells_claims_from_clusters_and_names_the_files_read():
    claims_file = EXAMPLES / "claims" / "seed-articles.yaml"
    drawn = plots.file_figure(claims_file)
    assert drawn.figure.axes[0].get_title().startswith("Claims: what was stated")
    # the foot of the figure says where its numbers come from
    assert str(claims_file) in " ".join(t.get_text() for t in drawn.figure.texts)
    assert drawn.inputs[0] == str(claims_file)
    assert drawn.inputs == input_files(claims_file)  # the claims file and its clusters
    assert (EXAMPLES / "colossus2.yaml").resolve() in {Path(p).resolve() for p in drawn.inputs}
    cluster = plots.file_figure(EXAMPLES / "colossus2.yaml", assume={"pue": 1.2})
    assert cluster.inputs == (str(EXAMPLES / "colossus2.yaml"),)
    assert len(cluster.figure.axes) == 3


@pytest.mark.parametrize("source", ["colossus2.yaml", "claims/seed-articles.yaml"])
def test_file_figure_applies_the_assumptions_given(source):
    with pytest.raises(InputError, match=r"^--assume: unknown assumption 'peu'"):
        plots.file_figure(EXAMPLES / source, assume={"peu": 1.2}, assume_source="--assume")


def _drawn(figure):
    figure.canvas.draw()
    return figure


@pytest.mark.parametrize(
    "name", ["colossus1-2024-09.yaml", "colossus2.yaml", "meta-2024.yaml", "colossus1.yaml"]
)
def test_exact_values_are_markers_and_legends_cover_no_data(name):
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from computescale import load_cluster
    from computescale.plots import cluster_figure

    figure = _drawn(cluster_figure(load_cluster(EXAMPLES / name)))
    try:
        for ax in figure.axes:
            for patch in ax.patches:  # bars of a range: never of no width
                if isinstance(patch, Rectangle) and patch.get_label() == "guaranteed range":
                    assert patch.get_width() > 0
            for line in ax.get_lines():  # a range drawn as a thick line spans something
                if line.get_label() == "guaranteed range":
                    x = line.get_xdata()
                    assert x[0] < x[-1]
            legend = ax.get_legend()
            if legend is not None:  # beside the axes, over none of their data
                box, area = legend.get_window_extent(), ax.get_window_extent()
                assert box.x0 >= area.x1 - 1 or box.y1 <= area.y0 + 1 or box.x1 <= area.x0 + 1
        # 100,000 H100 give exactly 100,000 H100e and 70 MW of chip power: markers, labelled
        labels = [t for ax in figure.axes for t in ax.get_legend_handles_labels()[1]]
        if name == "colossus1-2024-09.yaml":
            assert "exact value" in labels
            markers = [c for c in figure.axes[0].collections if c.get_label() == "exact value"]
            assert markers and markers[0].get_offsets()[0][0] == pytest.approx(100_000)
        assert all(isinstance(x, Line2D) for ax in figure.axes for x in ax.get_lines())
    finally:
        plt.close(figure)


@pytest.mark.parametrize("claims", ["seed-articles.yaml", "press-2024-2025.yaml"])
def test_each_inconsistent_claim_is_annotated_with_its_leading_reading(claims):
    from matplotlib.text import Annotation

    results = check_claims(EXAMPLES / "claims" / claims)
    figure = _drawn(plots.claims_figure(results))
    try:
        (ax,) = figure.axes
        notes = {a.get_gid(): a for a in ax.texts if isinstance(a, Annotation)}
        inconsistent = [r for r in results if r.verdict == "inconsistent"]
        # under each claim that does not hold, or cannot be judged: why
        noted = [r for r in results if r.verdict != "consistent"]
        assert inconsistent and set(notes) == {f"reading:{r.claim.id}" for r in noted}
        for r in inconsistent:
            text = notes[f"reading:{r.claim.id}"].get_text()
            if r.diagnosis:  # the first reading under which it holds, cut to fit
                assert text.startswith("likeliest: " + r.diagnosis[0].reading[:40])
            else:  # none holds: the nearest, with its ratio
                assert text.startswith("no reading fits; nearest: " + r.closest[0].reading[:30])
        # every note inside the axes, under its own row, clear of the others and the legend
        area = ax.get_window_extent()
        boxes = [a.get_window_extent() for a in notes.values()]
        legend = ax.get_legend().get_window_extent()
        for i, box in enumerate(boxes):
            assert area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0
            assert not box.overlaps(legend)
            assert not any(box.overlaps(other) for other in boxes[i + 1 :])
    finally:
        plt.close(figure)


def test_the_nearest_reading_is_shown_when_none_holds():
    results = check_claims(EXAMPLES / "claims" / "seed-articles.yaml")
    (r,) = [r for r in results if r.claim.id == "twenty-times-leader"]
    assert not r.diagnosis and r.closest  # no reading makes "20 times the leader" hold
    figure = plots.claims_figure([r])
    try:
        (note,) = figure.axes[0].texts
        assert note.get_text() == (
            f"no reading fits; nearest: {r.closest[0].reading} (×{r.closest[0].ratio:.2g})"
        )
    finally:
        plt.close(figure)


@pytest.mark.parametrize(
    ("options", "named"),
    [(["--basis", "fp8"], "--basis"), (["--samples", "100", "--seed", "3"], "--samples")],
)
def test_plot_of_a_claims_file_refuses_the_options_it_would_ignore(
    tmp_path, capsys, options, named
):
    claims = EXAMPLES / "claims" / "seed-articles.yaml"
    out = tmp_path / "claims.png"
    assert main(["plot", str(claims), "-o", str(out), *options]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{named}: applies to cluster files" in err
    assert not out.exists()
    # the same options draw a cluster file
    assert main(["plot", str(EXAMPLES / "colossus2.yaml"), "-o", str(out), *options]) == 0
    assert out.stat().st_size > 1000


def test_stated_vs_recomputed_draws_a_panel_per_unit_and_a_point_per_figure():
    results = check_claims(EXAMPLES / "claims" / "press-2024-2025.yaml")
    figure = _drawn(plots.stated_vs_recomputed(results))
    try:
        drawn = [r for r in results if r.recomputed is not None and r.claim.quantity != "ratio"]
        panels = [ax for ax in figure.axes if ax.axison]
        units = {r.stated.unit or "1" for r in drawn}
        assert len(panels) == len(units)
        from matplotlib.collections import PathCollection

        def points(ax):  # the scatter's markers, not the tolerance band
            return sum(len(c.get_offsets()) for c in ax.collections if type(c) is PathCollection)

        assert sum(points(ax) for ax in panels) == len(drawn)
        for ax in panels:
            assert ax.get_xscale() == ax.get_yscale() == "log"
            n = int(ax.get_title().split("(")[-1].split()[0])
            assert n == points(ax)
        assert [t.get_text() for t in figure.legends[0].get_texts()] == [
            v
            for v in ("consistent", "inconsistent", "unverifiable")
            if v in {r.verdict for r in drawn}
        ]
    finally:
        plt.close(figure)


def test_a_figure_that_is_not_computed_says_why_and_draws_no_empty_legend():
    import warnings

    e = estimate(load_cluster(EXAMPLES / "clusters" / "aurora-2024-06.yaml"))
    assert e.capex.total is None  # the catalogue has no Max-1550 price
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no artists with labels" warning either
        ax = plots.ranges(e, what="cost")
    try:
        texts = [t.get_text() for t in ax.texts]
        assert texts == ["n/a: Max-1550 has no catalogue price"] * 3
        assert ax.get_legend() is None
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels[-1] == "total (facility excluded)"  # what the total leaves out
        power = [t.get_text() for t in plots.ranges(e, what="power").get_yticklabels()]
        assert power == ["chip (TDP × count)", "IT (servers + network)", "facility (IT × PUE)"]
    finally:
        plt.close("all")


def test_a_folder_draws_its_clusters_side_by_side_largest_first(tmp_path):
    from computescale.cli import main

    folder = EXAMPLES / "clusters"
    drawn = plots.file_figure(folder)
    left, right = drawn.figure.axes
    names = [t.get_text() for t in left.get_yticklabels()]
    files = sorted(folder.glob("*.yaml"))
    assert len(names) == len(files) and len(drawn.inputs) == len(files)
    # sorted by H100e, largest first: the first row's bar ends furthest right
    ends = [max(line.get_xdata()) for line in left.get_lines()]
    assert ends[0] == max(ends)
    # people's units on the ticks, not powers of ten of W
    assert right.xaxis.get_major_formatter()(1e9, 0) == "1 GW"
    assert left.xaxis.get_major_formatter()(1e6, 0) == "1M"
    assert str(folder) in " ".join(t.get_text() for t in drawn.figure.texts)
    plt.close(drawn.figure)
    assert main(["plot", str(folder), "-o", str(tmp_path / "many.png")]) == 0
    assert (tmp_path / "many.png").stat().st_size > 0
