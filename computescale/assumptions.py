"""Site assumptions of an estimate (PUE, prices, multipliers), each default sourced.

:data:`DEFAULTS` holds every default with its typical range, unit and source;
:class:`Assumptions` is the validated set an estimate uses, and
:func:`updated_assumptions` replaces some of them (the CLI's ``--assume``).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError

from computescale.documents import Document, DocumentModel, error_from_validation
from computescale.errors import InputError, check_type
from computescale.uncertain import Bounds, EnergyPrice, Fraction, MoneyPerPower, Multiplier, Pue

__all__ = [
    "DEFAULTS",
    "FACILITY_CAPEX_PER_MW",
    "HPL_EFFICIENCY",
    "HPL_EFFICIENCY_PLAUSIBLE",
    "Assumptions",
    "Default",
    "Method",
    "updated_assumptions",
]


@dataclass(frozen=True)
class Default:
    """A documented default: value, plausible range, unit and source.

    ``value`` is the default range an estimate uses (None: excluded unless given);
    ``plausible`` the range real systems show, which a claim's check allows before it
    calls a figure wrong (:meth:`Assumptions.plausible`). ``per_base`` is how many of
    ``unit`` make one base unit, as the engine computes (USD/kWh: 1,000 per USD/Wh); 1
    when ``unit`` is a base unit.
    """

    value: Any
    plausible: tuple[float, float]
    unit: str
    source: str
    meaning: str
    per_base: float = 1.0

    @property
    def typical(self) -> str:
        """The plausible range as text, in the documented unit: ``1.06-1.6``."""
        unit = "" if self.unit == "1" else f" {self.unit}"
        return "-".join(_short(x) for x in self.plausible) + unit


HPL_EFFICIENCY = (0.53, 0.86)
"""The default HPL efficiency: the 10th to 90th percentile of Rmax / Rpeak over the TOP500
GPU systems of the observed table (:func:`computescale.observed.hpl_efficiency`), widened
outwards to two decimals; a test keeps it equal to the table."""
HPL_EFFICIENCY_PLAUSIBLE = (0.48, 0.91)
"""The plausible HPL efficiency: the lowest to the highest of the same systems."""
FACILITY_CAPEX_PER_MW = (8e6, 15e6)
"""Facility works per MW of facility power [USD/MW] of a claim about a project, which
includes them, when the cluster does not set ``facility_capex_per_mw`` (see its source)."""


def _short(x: float) -> str:
    """Return a number as the defaults' sources write it: ``1.06``, ``8e6``, ``20e6``."""
    return f"{x / 1e6:g}e6" if abs(x) >= 1e4 else f"{x:g}"


DEFAULTS: dict[str, Default] = {
    "pue": Default(
        [1.1, 1.4],
        (1.06, 1.6),
        "1",
        "Uptime Institute Global Data Center Survey 2024 (industry average PUE 1.56): "
        "https://uptimeinstitute.com/resources/research-and-reports ; Google fleet "
        "trailing-twelve-month PUE ~1.09: https://www.google.com/about/datacenters/efficiency/ . "
        "New liquid-cooled AI sites sit near the low end. Plausible: the fleets and surveys of "
        "the observed table (computescale.observed.pue: 1.08-1.58) and the best single sites.",
        "facility power / IT power",
    ),
    "system_overhead": Default(
        [1.4, 1.9],
        (1.4, 2.0),
        "1",
        "Server or rack power per accelerator / the accelerator's TDP in vendor reference "
        "systems: DGX H100 10.2 kW / 8 / 700 W = 1.82 (the factor Epoch AI applies to every "
        "chip: https://epoch.ai/data/gpu-clusters-documentation/estimation ); DGX B200 "
        "14.3 kW / 8 / 1,000 W = 1.79 (NVIDIA DGX B200 user guide); DGX A100 6.5 kW / 8 / "
        "400 W = 2.03; GB200 NVL72 120-132 kW / 72 / 1,200 W = 1.39-1.53; Epoch AI, GPUs "
        "account for about 40% of power usage in AI data centers (2025-12-18): server power "
        "1.53 x GPU power.",
        "server/rack power per accelerator / TDP: for chips the catalogue has no reference "
        "system for; when given, for every chip",
    ),
    "hpl_efficiency": Default(
        list(HPL_EFFICIENCY),
        HPL_EFFICIENCY_PLAUSIBLE,
        "1",
        "The TOP500 GPU systems of the observed table (computescale.observed.hpl_efficiency: "
        "the June 2025 list, official export TOP500_202506.csv in "
        "https://github.com/NERSC/DOE_HPC_Bootcamp_2025 ): the default is the middle 80 % of "
        "their Rmax / Rpeak (10th to 90th percentile), the plausible range all of them.",
        "Linpack Rmax / Rpeak: the share of the FP64 peak a measured HPL run reaches",
    ),
    "network_share": Default(
        [0.05, 0.14],
        (0.05, 0.15),
        "1",
        "SemiAnalysis, 100,000 H100 Clusters (2024-06-17): storage servers, switches and optics "
        "are about 10 % of a 100k-H100 cluster's power, i.e. about 0.11 on top of the servers "
        "(breakdown read in a secondary summary: "
        "https://www.apetops-us.com/help/ai-306-100kcal-h100-computing-cluster-build-from-technical-challenges-to-implementation-options"
        " ); Epoch AI, GPUs account for about 40% of power usage in AI data centers "
        "(2025-12-18): IT power = 1.14 x server power: "
        "https://epoch.ai/data-insights/gpus-power-usage-in-ai-data-centers",
        "IT power outside the servers (network, storage) as a share of server IT power",
    ),
    "utilisation": Default(
        [0.6, 0.9],
        (0.4, 1.0),
        "1",
        "Measured: an 8-GPU HGX H100 node training Llama2-13b peaked at ~8.4 kW, 82 % of its "
        "rated 10.2 kW (Latif et al., Empirical Measurements of AI Training Power Demand on a "
        "GPU-Accelerated Node, 2024: https://arxiv.org/abs/2412.08602 ); compute-intensive "
        "training averaged ~76 % of the rating (Newkirk et al., Empirically Calibrated H100 "
        "Node Power Models, 2025: https://arxiv.org/abs/2506.14551 ). The yearly average adds "
        "idle time, checkpoints and restarts below that; the 2024 LBNL United States Data "
        "Center Energy Usage Report also models GPU servers below their rated power: "
        "https://eta-publications.lbl.gov/sites/default/files/2024-12/lbnl-2024-united-states-data-center-energy-usage-report.pdf",
        "average IT load / rated IT power, over the year",
    ),
    "electricity_price": Default(
        [0.05, 0.10],
        (0.03, 0.35),
        "USD/kWh",
        "US EIA Electric Power Monthly, Table 5.6.A: average industrial price ~8 cents/kWh "
        "in 2024: https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=epmt_5_6_a . "
        "Plausible up to 0.35: European sites pay far more (UK day-ahead wholesale power "
        "averaged about GBP 163/MWh, about 0.20 USD/kWh before network charges, in January "
        "2023: SeeMore Energy, 2023 Review, https://www.seemoreenergy.co.uk/2023-review ).",
        "price paid per kWh at the facility meter",
        per_base=1000.0,  # Wh per kWh: USD/Wh is the engine's unit
    ),
    "server_multiplier": Default(
        [1.3, 1.4],
        (1.2, 2.1),
        "1",
        "Applied to prices of the accelerator alone. SemiAnalysis, AI Server Cost Analysis - "
        "Memory Is The Biggest Loser (2023-05): a DGX H100 at about $269k, read by Epoch AI as "
        "about 1.4 x its 8-GPU baseboard (training-cost-trends, h100_manufacturing_cost: "
        "https://github.com/epoch-research/training-cost-trends ); an 8 x H100 node with "
        "InfiniBand cards at $310-317k in August 2024 against 8 x $30k GPUs, 1.29-1.32 (E. "
        "Cheah, H100 Freakonomics: https://substack.tech-talk-cto.com/p/h100-freakonomics-the-economical"
        " ). Epoch AI's training-cost model uses 1.64 (90 % interval 1.3-2.1); street prices "
        "of GPUs already carry part of the server's margin, so the default stays near the "
        "measured server prices. Plausible 1.2-2.1: the system prices of the observed table "
        "(a DGX H100 at ~$270k and an HGX H100 server at ~$317k for 8 GPUs of $25-30k: "
        "1.2-1.6) up to Epoch AI's interval.",
        "server cost per accelerator / accelerator price (for `accelerator` prices only)",
    ),
    "rental_discount": Default(
        [1.0, 1.0],
        (0.6, 1.0),
        "1",
        "The catalogue's rental prices are on-demand list prices. One-year contracts run "
        "lower: an H100 at $1.70-2.35 per GPU-hour between October 2025 and March 2026 "
        "(SemiAnalysis data as reported by TechReader Daily, 2026-04: "
        "https://www.techreaderdaily.com/article.html?slug=h100-reserved-capacity-hits-2-35-hour-floor-in-2026"
        " ), about 0.6 of the lowest on-demand list price the catalogue holds ($2.69, "
        "RunPod). Default 1: list prices.",
        "rental price paid / the on-demand list price of the catalogue (contracts, reserved "
        "capacity)",
    ),
    "network_capex_share": Default(
        [0.10, 0.25],
        (0.05, 0.30),
        "1",
        "Cluster network as a share of server capex: InfiniBand switches and cables were 17 % "
        "of node capex for a ~105k-H100 cluster at August 2024 prices (E. Cheah, H100 "
        "Freakonomics: https://substack.tech-talk-cto.com/p/h100-freakonomics-the-economical"
        " ); Epoch AI puts the cluster interconnect at 19 % of total cluster cost, i.e. 0.235 "
        "on top of the servers (CLUSTER_INTERCONNECT_COST_FRACTION in "
        "https://github.com/epoch-research/training-cost-trends ); Bernstein's GB200 cost model "
        "gives networking about 13 % of all-in capex (secondary: "
        "https://ng.investing.com/news/stock-market-news/how-much-does-a-gw-of-data-center-capacity-actually-cost-2169144"
        " ).",
        "cluster network and storage capex as a share of server (or rack) capex",
    ),
    "facility_capex_per_mw": Default(
        None,
        (0.0, 20e6),
        "USD/MW",
        "Excluded unless given. Typical data-centre construction cost per MW of facility "
        "power from industry cost indices, 8-15 M USD/MW (Cushman & Wakefield, Data Center "
        "Development Cost Guide: "
        "https://www.cushmanwakefield.com/en/united-states/insights/data-center-development-cost-guide"
        " ); Bernstein's GB200 model puts power, cooling and building at $2.5M per NVL72 rack "
        "(observed table), about 16-20 M USD per MW. Plausible from 0 (a reported cost without "
        "the building) to 20 M USD/MW.",
        "construction cost per MW of facility power",
        per_base=1e6,  # W per MW: USD/W is the engine's unit
    ),
}
"""Every default assumption, with its typical range and source."""


@dataclass(frozen=True)
class Method:
    """The preset whose method some assumptions follow (:mod:`computescale.presets`).

    Attributes
    ----------
    name
        The preset's name.
    summary
        Whose method in parentheses, then what it does: ``(Epoch AI): power = ...``.
    settings
        Each assumption the preset set, with the phrase that says its value.
    basis
        Its basis of H100-equivalents, used when none is asked for; None for bf16.
    replaced
        The assumptions changed since the preset set them (``--assume``).
    """

    name: str
    summary: str
    settings: Mapping[str, str]
    basis: str | None
    replaced: frozenset[str] = frozenset()

    @property
    def names(self) -> frozenset[str]:
        """The assumptions the preset set and nothing changed since."""
        return frozenset(self.settings) - self.replaced

    @property
    def note(self) -> str:
        """What the preset does and sets, as every estimate's notes say it."""
        kept = [self.settings[n] for n in self.settings if n in self.names]
        out = f"preset {self.name} {self.summary}"
        if kept:
            out += f" Sets {', '.join(kept)}"
        if self.basis:
            out += f"; H100-equivalents on the {self.basis} basis"
        if self.replaced:
            out += f"; replaced since: {', '.join(sorted(self.replaced & set(self.settings)))}"
        return out + "."


def _default(name: str) -> Callable[[], Bounds]:
    def make() -> Bounds:
        low, high = DEFAULTS[name].value
        return Bounds(float(low), float(high))

    return make


class Assumptions(DocumentModel):
    """Assumptions of an estimate; see :data:`DEFAULTS` for sources and ranges.

    Attributes
    ----------
    pue
        Power usage effectiveness, facility / IT power [1].
    system_overhead
        Server or rack power per accelerator / its TDP [1]. By default it gives
        the system power of chips the catalogue has no reference system for;
        when given (in the file, ``--assume`` or a preset) it gives the system
        power of every chip, as Epoch AI's method does.
    hpl_efficiency
        Linpack Rmax / Rpeak of GPU systems on the TOP500 [1].
    network_share
        Network and storage IT power as a share of server IT power [1].
    utilisation
        Average IT load over the year as a share of rated IT power [1].
    electricity_price
        Electricity price [USD/kWh].
    server_multiplier
        Server cost per accelerator / accelerator price, applied to prices
        that include the accelerator only [1].
    rental_discount
        Rental price paid / the catalogue's on-demand list price (contracts,
        reserved capacity) [1]; 1 by default.
    network_capex_share
        Cluster network and storage capex as a share of server capex [1].
    facility_capex_per_mw
        Facility construction cost per MW of facility power [USD/MW]; None
        leaves facility construction out of the capex.
    """

    pue: Pue = Field(default_factory=_default("pue"))
    system_overhead: Multiplier = Field(default_factory=_default("system_overhead"))
    hpl_efficiency: Fraction = Field(default_factory=_default("hpl_efficiency"))
    network_share: Fraction = Field(default_factory=_default("network_share"))
    utilisation: Fraction = Field(default_factory=_default("utilisation"))
    electricity_price: EnergyPrice = Field(default_factory=_default("electricity_price"))
    server_multiplier: Multiplier = Field(default_factory=_default("server_multiplier"))
    rental_discount: Fraction = Field(default_factory=_default("rental_discount"))
    network_capex_share: Fraction = Field(default_factory=_default("network_capex_share"))
    facility_capex_per_mw: MoneyPerPower | None = None

    _method: Method | None = PrivateAttr(default=None)

    @property
    def method(self) -> Method | None:
        """The preset these assumptions follow, if any (see :mod:`computescale.presets`)."""
        return self._method

    def with_method(self, method: Method) -> Assumptions:
        """Return a copy that records the preset whose values it holds."""
        new = self.model_copy()
        new._method = method
        return new

    def plausible(self) -> Assumptions:
        """Return these assumptions with every one not set widened to its plausible range.

        What was set (in the file, by ``--assume`` or a preset) is kept: it is a fact of
        the check, not a default. A check allows the plausible ranges before it calls a
        figure wrong; facility construction is then anywhere from excluded to the highest
        plausible cost per MW.
        """
        wide = {
            name: Bounds(*d.plausible)
            for name, d in DEFAULTS.items()
            if name not in self.model_fields_set
        }
        new = self.model_copy(update=wide)
        new.__pydantic_fields_set__ = set(self.model_fields_set)  # still defaults, not given
        new._method = self._method
        return new

    def in_base_units(self, name: str) -> Bounds | None:
        """Return one assumption in the engine's base units: USD/Wh, USD/W, or as given.

        The fields keep the units they are written in (USD/kWh, USD/MW), so that a
        file and its JSON show what was given; every computation reads them here.
        None when the assumption is not set.
        """
        b: Bounds | None = getattr(self, name)
        per_base = DEFAULTS[name].per_base
        if b is None or per_base == 1.0:
            return b
        mode = None if b.mode is None else b.mode / per_base
        return Bounds(b.low / per_base, b.high / per_base, b.dist, mode)


def updated_assumptions(
    base: Assumptions, updates: Mapping[str, Any], *, source: str = "assumptions"
) -> Assumptions:
    """Return ``base`` with some assumptions replaced, checked as in a cluster file.

    Parameters
    ----------
    base
        The assumptions to start from (``Assumptions()`` for the defaults).
    updates
        Assumption name to value, written as in a cluster file: a number in the
        documented unit (see :data:`DEFAULTS`), a string with units
        (``"0.06 USD/kWh"``), ``[low, high]`` or ``{low, high, dist, mode}``.
    source
        Where the updates come from, for messages (the CLI says ``--assume``).

    Raises
    ------
    InputError
        For an unknown name (listing the known ones) or a value the field refuses.
    """
    check_type(
        updates, Mapping, "assume", "a mapping of assumption names to values, e.g. {'pue': 1.2}"
    )
    for name in updates:
        check_type(name, str, "assume", "assumption names as text, e.g. {'pue': 1.2}")
        if name not in DEFAULTS:
            close = difflib.get_close_matches(name, list(DEFAULTS), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise InputError(
                f"unknown assumption {name!r}{hint}",
                field=source,
                expected=", ".join(DEFAULTS),
            )
    # only what was set stays set, so that reports still tell defaults from given values
    merged = {**{name: getattr(base, name) for name in base.model_fields_set}, **updates}
    try:
        new = Assumptions.model_validate(merged)
    except ValidationError as exc:
        raise error_from_validation(exc, Document(merged, source)) from None
    if base.method is not None:  # a preset stays in force for what was not replaced
        m = base.method
        new = new.with_method(dataclasses.replace(m, replaced=m.replaced | set(updates)))
    return new
