import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from computescale import estimate, load_cluster, plots
from computescale.claims import check_claims
from computescale.cli import main
from computescale.timeline import estimate_timeline
from tests.conftest import EXAMPLES


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_timeline_axes_are_labelled():
    phases = estimate_timeline(load_cluster(EXAMPLES / "colossus1.yaml"), samples=500, seed=1)
    ax = plots.timeline(phases)
    assert ax.get_ylabel() == "H100-equivalents, dense bf16 [thousands]"
    assert ax.get_xlabel() == "date"
    twins = [a for a in ax.figure.axes if a is not ax]
    assert twins[0].get_ylabel() == "facility power [MW]"


def test_breakdown_and_ranges_use_given_axes():
    e = estimate(load_cluster(EXAMPLES / "colossus2.yaml"), samples=500, seed=1)
    _, axes = plt.subplots(3)
    assert plots.fleet_breakdown(e, ax=axes[0]) is axes[0]
    assert axes[0].get_xlabel() == "H100-equivalents (dense bf16)"
    assert plots.ranges(e, what="power", ax=axes[1]).get_xlabel() == "power [MW]"
    assert plots.ranges(e, what="cost", ax=axes[2]).get_xlabel() == "capex [billion USD]"
    with pytest.raises(ValueError, match="unknown metric"):
        plots.fleet_breakdown(e, metric="mass")


def test_claims_plot_is_log_scale():
    ax = plots.claims(check_claims(EXAMPLES / "claims" / "seed-articles.yaml"))
    assert ax.get_xscale() == "log"
    assert "stated / recomputed" in ax.get_xlabel()
    assert len(ax.get_yticklabels()) == 20


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
