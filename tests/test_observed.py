"""The table of observed figures and the kinds of system: sourced rows, arithmetic, held out."""

import re

import pytest

import computescale as cs
from computescale import observed as obs
from computescale.catalogue import default_catalogue
from computescale.errors import InputError
from computescale.systems import kind_power, resolve_system, system_kinds, systems_power

TABLE = obs.observed()


def test_every_row_names_a_catalogue_chip_and_a_web_source():
    catalogue = default_catalogue()
    rows = [*TABLE.top500.systems, *TABLE.runs, *TABLE.costs]
    assert all(r.accelerator in catalogue for r in rows)
    sources = [*TABLE.sources.values(), *(r.source for r in (*TABLE.runs, *TABLE.costs))]
    sources += [p.source for p in TABLE.pue]
    assert all(s.url.startswith(("https://", "http://")) for s in sources)
    assert TABLE.top500.source in TABLE.sources


def test_the_table_holds_what_the_issue_asks_for():
    # at least 15 TOP500 GPU systems with measured power, 10 runs, 10 costs
    assert len(TABLE.top500.systems) >= 15
    assert len(TABLE.runs) >= 10
    assert len(TABLE.costs) >= 10


def test_held_out_systems_are_not_in_the_table():
    # the systems of even rank are held out for docs/validation.md
    assert all(s.rank % 2 == 1 for s in TABLE.top500.systems)


def test_each_top500_count_is_the_division_it_shows():
    for s in TABLE.top500.systems:
        cores, per, count = (float(x.replace(",", "")) for x in re.findall(r"[\d,]+", s.count)[:3])
        assert cores / per == pytest.approx(count) == s.accelerators, s.system


def test_row_figures_by_hand():
    rows = {s.system: s for s in TABLE.top500.systems}
    # El Capitan, June 2025: 1,742 / 2,746.38 PFLOP/s; 29,581 kW / 43,808 MI300A
    assert rows["El Capitan"].hpl_efficiency == pytest.approx(1742 / 2746.38)
    assert rows["El Capitan"].w_per_accelerator == pytest.approx(29_581e3 / 43_808)
    runs = {r.run: r for r in TABLE.runs}
    # Llama 3.1 405B: 6 x 405.853e9 x 15.6e12 = 3.799e25 FLOP over 30.84M H100-hours at
    # 989.4 TFLOP/s dense bf16: 3.799e25 / (30.84e6 x 3,600 x 989.4e12) = 0.346
    assert runs["llama-3.1-405b"].mfu() == pytest.approx(0.3458, abs=5e-4)
    costs = {c.project: c for c in TABLE.costs}
    # DGX A100 launch price: $199,000 for 8 GPUs
    assert costs["NVIDIA DGX A100 (launch list price)"].usd_per_accelerator == 199_000 / 8


def test_envelopes_span_the_rows_and_their_middle():
    e = obs.hpl_efficiency()
    values = [s.rmax_pflops / s.rpeak_pflops for s in TABLE.top500.systems]
    assert (e.low, e.high, e.n) == (min(values), max(values), len(values))
    p10, p90 = e.central()
    assert e.low <= p10 <= p90 <= e.high
    assert e.lowest() in {s.system for s in TABLE.top500.systems}
    dense, moe = obs.mfu("dense"), obs.mfu("moe")
    assert obs.mfu().n == dense.n + moe.n
    assert obs.rounded((0.5333, 0.8571)) == (0.53, 0.86)  # widened outwards


def test_hpl_power_by_node_kind():
    h100 = [s for s in TABLE.top500.systems if s.accelerator == "H100-SXM"]
    blades = [s.w_per_accelerator for s in h100 if s.node == "hpc-node-4"]
    found = obs.hpl_power("H100-SXM", "hpc-node-4")
    assert found is not None and (found.low, found.high) == (min(blades), max(blades))
    every = obs.hpl_power("H100-SXM")
    assert every is not None and every.n == len(h100)
    assert obs.hpl_power("GB200") is None  # no GB200 system in the table


def test_the_systems_table_lists_what_the_observed_table_holds():
    for kind in system_kinds().values():
        held = {s.accelerator for s in TABLE.top500.systems if s.node == kind.id}
        assert set(kind.measured) == held - set(kind.reference_of), kind.id


def test_system_names_resolve_and_unknown_ones_are_refused():
    assert resolve_system("HGX") == resolve_system("dgx") == "server-8"
    assert resolve_system(" HPC-Blade-4 ") == "hpc-node-4"
    with pytest.raises(ValueError, match="unknown system 'rack-9'; known: server-8"):
        resolve_system("rack-9")


H100 = default_catalogue()["H100-SXM"]


def test_an_h100_fleet_without_a_system_spans_every_system():
    # DGX H100: 10.2 kW / 8 = 1,275 W; HPC nodes of 4: the table's lowest, HoreKa-Teal,
    # 49.6 kW / 92 GPUs = 539.1 W, to its highest (Minerva, 170.91 kW / 180 = 949.5 W)
    kinds = {p.kind: p for p in systems_power(H100)}
    assert (kinds["server-8"].low, kinds["server-8"].high) == (1275, 1275)
    # (estimates read the table's summary in data/systems.yaml, kept to 0.1 W)
    assert kinds["hpc-node-4"].low == pytest.approx(49.6e3 / 92, abs=0.05)
    assert kinds["hpc-node-4"].high == pytest.approx(170.91e3 / 180, abs=0.05)
    fleet = {"accelerator": "H100", "count": 1000}
    plain = cs.estimate(cs.Cluster.model_validate({"name": "c", "fleets": [fleet]}))
    named = cs.estimate(
        cs.Cluster.model_validate({"name": "c", "fleets": [{**fleet, "system": "hgx"}]})
    )
    blade = cs.estimate(
        cs.Cluster.model_validate({"name": "c", "fleets": [{**fleet, "system": "hpc-node-4"}]})
    )
    # IT = 1,000 x server power x (1 + network [0.05, 0.14])
    assert named.power.it.magnitudes() == pytest.approx((1000 * 1275 * 1.05, 1000 * 1275 * 1.14))
    assert blade.power.it.magnitudes() == pytest.approx(
        (1000 * 49.6e3 / 92 * 1.05, 1000 * 170.91e3 / 180 * 1.14), rel=1e-4
    )
    assert plain.power.it.magnitudes() == pytest.approx(
        (1000 * 49.6e3 / 92 * 1.05, 1000 * 1275 * 1.14), rel=1e-4
    )
    assert any("no `system` named" in n and "fleets[0].system" in n for n in plain.notes)
    assert not any("no `system` named" in n for n in named.notes)


def test_power_during_linpack_is_measured_or_missing():
    fleet = {"accelerator": "H100", "count": 1000, "system": "hpc-node-4"}
    e = cs.estimate(cs.Cluster.model_validate({"name": "c", "fleets": [fleet]}))
    assert e.power.hpl.magnitudes() == pytest.approx(
        (1000 * 49.6e3 / 92, 1000 * 170.91e3 / 180), rel=1e-4
    )
    gb = cs.estimate(
        cs.Cluster.model_validate({"name": "g", "fleets": [{"accelerator": "GB200", "count": 72}]})
    )
    assert gb.power.hpl is None
    assert "no TOP500 system of GB200" in gb.missing_reason("power", "hpl")


def test_a_system_the_chip_has_no_figure_in_is_refused_at_its_line(write):
    path = write("name: c\nfleets:\n  - accelerator: TPU-v7\n    count: 64\n    system: hgx\n")
    with pytest.raises(InputError) as info:
        cs.load_cluster(path)
    assert info.value.line == 5 and info.value.field == "fleets[0].system"
    assert "TPU-v7 has no sourced power per accelerator in server-8 systems" in str(info.value)
    # the fleet's own it_power makes the system's figure unneeded
    path = write(
        "name: c\nfleets:\n  - {accelerator: TPU-v7, count: 64, system: hgx, it_power: 1500}\n"
    )
    assert cs.load_cluster(path).fleets[0].system == "server-8"
    assert kind_power("server-8", default_catalogue()["TPU-v7"]) is None


def test_the_defaults_are_what_the_table_gives():
    # a default says where it comes from: the middle 80 % of the rows, and all of them
    from computescale.assumptions import DEFAULTS, HPL_EFFICIENCY, HPL_EFFICIENCY_PLAUSIBLE
    from computescale.training import MFU_DEFAULTS, MFU_PLAUSIBLE

    e = obs.hpl_efficiency()
    assert obs.rounded(e.central()) == HPL_EFFICIENCY == tuple(DEFAULTS["hpl_efficiency"].value)
    assert obs.rounded((e.low, e.high)) == HPL_EFFICIENCY_PLAUSIBLE
    for architecture in ("dense", "moe", None):
        m = obs.mfu(architecture)
        assert obs.rounded(m.central()) == tuple(MFU_DEFAULTS[architecture][:2]), architecture
        assert obs.rounded((m.low, m.high)) == tuple(MFU_PLAUSIBLE[architecture][:2])
    pue = obs.pue()  # the plausible PUE holds every reported fleet and survey
    low, high = DEFAULTS["pue"].plausible
    assert low <= pue.low and pue.high <= high


def test_nodes_of_a_named_system_hold_its_accelerators():
    # Perlmutter's GPU phase: 1,536 HPE Cray EX nodes of 4 A100 = 6,144 GPUs, not the 8 of
    # the catalogue's DGX A100
    fleet = {"accelerator": "A100", "nodes": 1536, "system": "hpc-node-4"}
    c = cs.Cluster.model_validate({"name": "p", "fleets": [fleet]})
    assert c.fleets[0].count.low == 6144 and c.fleets[0].written_as.text() == "1,536 nodes of 4"
    assert cs.estimate(c).nodes.magnitudes() == (1536, 1536)
    dgx = cs.Cluster.model_validate(
        {"name": "d", "fleets": [{"accelerator": "A100", "nodes": 1536}]}
    )
    assert dgx.fleets[0].count.low == 1536 * 8


def test_the_linpack_power_estimates_read_is_the_tables():
    from computescale.systems import linpack_power

    chips = {s.accelerator for s in TABLE.top500.systems}
    for chip in chips:
        for node in (None, "hpc-node-4", "server-8", "other"):
            table = obs.hpl_power(chip, node, strict=True) if node else obs.hpl_power(chip)
            summary = linpack_power(chip, node)
            if table is None:
                assert summary is None, (chip, node)
                continue
            assert summary is not None, (chip, node)
            assert summary[:2] == pytest.approx((table.low, table.high), abs=0.05)
            assert summary[2] == table.n
    assert linpack_power("GB200") is None
