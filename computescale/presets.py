"""Presets: named sets of assumptions that reproduce peers' published methods.

A preset replaces some assumptions of a cluster (:func:`with_preset`) and may
choose the basis of H100-equivalents. ``computescale`` is the default method;
``epoch`` reproduces Epoch AI's estimates of AI supercomputers and data centres;
``semianalysis`` the power arithmetic of SemiAnalysis's 100,000-H100 cluster
model. Each preset says where its numbers come from; ``docs/presets.md``
compares the three on Colossus 1 and 2 with the figures each peer published.

The CLI applies a preset before ``--assume``, so a single assumption can still be
changed on top of a peer's method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from computescale.assumptions import Method, updated_assumptions
from computescale.cluster import Cluster, with_assumptions
from computescale.errors import InputError, check_type

__all__ = ["EPOCH_PUE", "PRESETS", "Preset", "prepared", "with_preset"]

EPOCH_PUE: dict[int, float] = {
    2019: 1.22,
    2020: 1.20,
    2021: 1.18,
    2022: 1.17,
    2023: 1.14,
    2024: 1.12,
    2025: 1.10,
}
"""Epoch AI's PUE of AI data centres by year [1].

Epoch takes the yearly US average PUE of the LBNL 2024 United States Data Center
Energy Usage Report (Shehabi et al.) minus 0.29, the gap it reports for AI-specialised
facilities in 2023 (1.43 - 0.29 = 1.14, stated in Epoch's GPU-clusters
documentation). The other years are read back from Epoch's published dataset
(each system's power / (chips x TDP x 1.82)); its systems of 2026 and later keep
2025's 1.10, and years before 2019 here take 2019's."""


@dataclass(frozen=True)
class Preset:
    """A named method: the assumptions it sets, its basis, its sources.

    Attributes
    ----------
    name
        As given to ``--preset`` / ``preset=``.
    title
        Whose method, in a phrase.
    method
        What the preset does, in a sentence or two (printed in every estimate's notes).
    assumptions
        Assumption name to value, as in a cluster file's ``assumptions:``.
    pue_by_year
        The PUE of the cluster's year (its ``as_of``, else its last phase), when
        the method ties PUE to the year; None to keep the cluster's PUE.
    basis
        Basis of H100-equivalents when none is asked for; None for bf16.
    sources
        Where each number comes from.
    gaps
        Where the preset does not reproduce the peer's own figures, each with the reason (a
        figure the peer's table holds and the catalogue does not, or the reverse).
    """

    name: str
    title: str
    method: str
    assumptions: Mapping[str, Any] = field(default_factory=dict)
    pue_by_year: Mapping[int, float] | None = None
    basis: str | None = None
    sources: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()

    def updates(self, cluster: Cluster) -> tuple[dict[str, Any], Method]:
        """Return the assumptions this preset sets on ``cluster``, and its record."""
        updates = dict(self.assumptions)
        said = {k: f"{k} = {v:g}" for k, v in updates.items()}
        if self.pue_by_year is not None:
            year, whose = self._year(cluster)
            years = sorted(self.pue_by_year)
            known = min(max(year, years[0]), years[-1])
            updates["pue"] = self.pue_by_year[known]
            nearest = "" if known == year else f", the method's nearest to {year}"
            said["pue"] = f"pue = {updates['pue']:g} (of {known}{nearest}; {whose})"
        return updates, Method(self.name, f"({self.title}): {self.method}", said, self.basis)

    @staticmethod
    def _year(cluster: Cluster) -> tuple[int, str]:
        """Return the year whose PUE applies, and where it was read."""
        if cluster.as_of is not None:
            return cluster.as_of.year, "the cluster's as_of year"
        if cluster.phases:
            return cluster.phases[-1].date.year, "the year of its last phase"
        today = dt.date.today().year
        return today, "no as_of date: this year"


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "computescale",
            "computescale's own method",
            "reference-system power per accelerator, network share and PUE as ranges; "
            "prices with their basis.",
            sources=("docs/assumptions.md",),
        ),
        Preset(
            "epoch",
            "Epoch AI, AI supercomputers and GPU clusters",
            "power = chip TDP x 1.82 (DGX H100 10.2 kW / 8 / 700 W) x the AI-data-centre PUE "
            "of the cluster's year; hardware = price x 1.64 (server) x 1/(1 - 0.19) (cluster "
            "interconnect); H100-equivalents on the best dense 8-, 16- or 32-bit rate / the H100's "
            "8-bit rate.",
            assumptions={
                "system_overhead": 1.82,
                "network_share": 0.0,
                "server_multiplier": 1.64,
                "network_capex_share": 0.235,
            },
            pue_by_year=EPOCH_PUE,
            basis="epoch",
            sources=(
                "Epoch AI, GPU clusters documentation, Estimation: power = TDP x chips x 1.82 "
                "x PUE (US average minus 0.29): "
                "https://epoch.ai/data/gpu-clusters-documentation/estimation",
                "Pilz, Sanders, Rahman, Heim, Trends in AI Supercomputers (2025-04-22): "
                "https://arxiv.org/abs/2504.16026",
                "Epoch AI, training-cost-trends (server cost overhead 1.64 for H100-class "
                "chips; CLUSTER_INTERCONNECT_COST_FRACTION = 0.19): "
                "https://github.com/epoch-research/training-cost-trends",
                "Epoch AI, ai-chip-counts docs/schema.md (2026-09-24): H100e = units x 8-bit "
                'OP/s / 1,979e12, and staging/chip_types.csv, whose "8-bit OP/s" is a '
                "chip's 16-bit rate where it has no 8-bit units (TPU v3: 123e12): "
                "https://github.com/epoch-research/ai-chip-counts",
            ),
            gaps=(
                "B200 and B300: Epoch's rows use the GB200's and GB300's figures (5,000 TOP/s, "
                "its notes say so); the catalogue keeps the HGX parts apart (4,500): x0.90.",
                "Ascend-910B: Epoch lists its fp16 rate, 376, as its 8-bit OP/s; Huawei's "
                "profiles give int8 752 TOP/s, which the catalogue holds: x2.0.",
                "Trainium1: Epoch lists 420 TOP/s; the catalogue holds AWS's FP8 190 TFLOP/s and "
                "no 8-bit integer figure: x0.90.",
                "Rubin: Epoch lists 17,500 TOP/s (half of the 35 PF NVFP4 training figure); the "
                "catalogue holds NVIDIA's FP8 16,667 TFLOP/s (1,200 PF FP8 per rack / 72 "
                "packages): x0.95.",
            ),
        ),
        Preset(
            "semianalysis",
            "SemiAnalysis, 100,000 H100 Clusters (2024-06-17)",
            "server power per H100 of 1,275 W (700 W GPU + 575 W of CPU, NICs and power "
            "supplies: the catalogue's DGX H100 share) and storage and network at about "
            "10 % of the cluster's power, 1/0.9 - 1 = 0.111 on top of the servers.",
            assumptions={"network_share": 0.111},
            sources=(
                "SemiAnalysis, 100,000 H100 Clusters: Power, Network Topology, Ethernet vs "
                "InfiniBand, Reliability, Failures, Checkpointing (2024-06-17): "
                "https://semianalysis.com/2024/06/17/100000-h100-clusters-power-network/ "
                "(power breakdown read in a secondary summary)",
            ),
        ),
    )
}
"""Every preset by name."""


def with_preset(cluster: Cluster, name: str) -> Cluster:
    """Return the cluster with a preset's assumptions in place of its own.

    The assumptions the preset sets replace those of the cluster file; the others
    stay. The result remembers the preset: estimates name it in their notes, and
    use its basis of H100-equivalents unless another is asked for.

    Raises
    ------
    InputError
        For an unknown preset, naming the known ones.
    """
    check_type(name, str, "preset", f"one of {', '.join(PRESETS)}")
    preset = PRESETS.get(name.strip().lower())
    if preset is None:
        raise InputError(f"unknown preset {name!r}", field="preset", expected=", ".join(PRESETS))
    updates, method = preset.updates(cluster)
    assumptions = updated_assumptions(cluster.assumptions, updates, source=f"preset {name}")
    return cluster.model_copy(update={"assumptions": assumptions.with_method(method)})


def prepared(
    cluster: Cluster,
    *,
    preset: str | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assume",
) -> Cluster:
    """Return the cluster as every entry point reads it: a preset, then assumptions on top.

    The one order of the library, the command line (``--preset``, ``--assume``) and the
    checks: a preset's assumptions replace the file's (:func:`with_preset`), then
    ``assume`` replaces single ones (:func:`computescale.cluster.with_assumptions`), so
    that one assumption can be changed on top of a peer's method.

    Parameters
    ----------
    cluster
        As read from its file.
    preset
        A method of :data:`PRESETS`, or None.
    assume
        Assumption name to value, as in a cluster file's ``assumptions:``; None or empty
        for none.
    assume_source
        Where ``assume`` comes from, for messages (the command line says ``--assume``).
    """
    if preset is not None:
        cluster = with_preset(cluster, preset)
    return with_assumptions(cluster, assume, source=assume_source) if assume else cluster
