"""What real systems show: measured, reported and published figures of real clusters.

A claim's figure implies a value of one parameter (an HPL efficiency, a power per
accelerator during Linpack, a model FLOP utilisation, a cost per accelerator, a PUE);
whether that value is one real systems show decides whether the figure can be wrong. This
module holds the rows those ranges come from, each with its source, in
``computescale/data/observed.yaml``:

- ``top500``: GPU systems of the June 2025 TOP500 list with their measured HPL power;
- ``runs``: published training runs with their accelerator-hours, parameters and tokens;
- ``costs``: reported costs of real systems and projects, and system prices;
- ``pue``: reported PUE of data-centre fleets.

An :class:`Envelope` is the span of one figure over such rows: its ``low`` and ``high`` are
what was observed (the plausible range), :meth:`Envelope.central` the middle 80 % of the rows
(a default range). Part of the material is held out of the table on purpose, to validate
the tool against it (see the file's header and ``docs/validation.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np
from pydantic import Field

from computescale.catalogue import Catalogue, NumberFormat, the_catalogue
from computescale.documents import DocumentModel, load_document, validate
from computescale.uncertain import Date

__all__ = [
    "Cost",
    "Envelope",
    "Observed",
    "ObservedSource",
    "Run",
    "Top500System",
    "cost_per_accelerator",
    "hpl_efficiency",
    "hpl_power",
    "mfu",
    "observed",
    "pue",
]

Node = Literal["hpc-node-4", "server-8", "other"]
"""How a TOP500 system holds its accelerators: 4 to a node or blade, 8 to an HGX/DGX-class
server, or otherwise."""
Architecture = Literal["dense", "moe"]
"""A dense model, or a mixture of experts (only some parameters active per token)."""
CostScope = Literal["accelerators", "system", "project", "total"]
"""What a reported cost covers: the chips alone; the system as delivered (servers, network,
storage, installation: a server's or rack's price too); the system with facility works or
years of operation; a whole data centre with its building."""


class ObservedSource(DocumentModel):
    """Where a row comes from: title, address, date published (if known) and kind."""

    title: str
    url: str
    published: Date | None = None
    kind: Literal["primary", "secondary"]

    def text(self) -> str:
        """Return ``title (date, kind): url``."""
        when = f"{self.published.isoformat()}, " if self.published else ""
        return f"{self.title} ({when}{self.kind}): {self.url}"


class Top500System(DocumentModel):
    """A GPU system on a TOP500 list, with its measured power during the HPL run."""

    rank: int = Field(ge=1)
    system: str
    site: str
    model: str
    accelerator: str
    accelerators: int = Field(gt=0)
    node: Node
    rmax_pflops: float = Field(gt=0)
    rpeak_pflops: float = Field(gt=0)
    power_kw: float = Field(gt=0)
    count: str
    note: str | None = None

    @property
    def hpl_efficiency(self) -> float:
        """Rmax / Rpeak as the list gives them [1]."""
        return self.rmax_pflops / self.rpeak_pflops

    @property
    def w_per_accelerator(self) -> float:
        """Measured power during the run per accelerator, CPUs and network included [W]."""
        return self.power_kw * 1e3 / self.accelerators


class Top500Table(DocumentModel):
    """The systems of one TOP500 list, from one source (an id of ``sources``)."""

    list: str
    source: str
    systems: tuple[Top500System, ...] = Field(min_length=1)


class Run(DocumentModel):
    """A published training run: accelerator-hours, active parameters and tokens."""

    run: str
    model: str
    organisation: str
    architecture: Architecture
    accelerator: str
    accelerator_hours: float = Field(gt=0)
    params_active: float = Field(gt=0)
    params_total: float = Field(gt=0)
    tokens: float = Field(gt=0)
    precision: NumberFormat
    accelerators: int | None = Field(default=None, gt=0)
    reported_mfu: float | None = Field(default=None, gt=0, le=1)
    reported_mfu_note: str | None = None
    hours: Literal["reported", "derived"]
    source: ObservedSource
    note: str | None = None

    @property
    def compute(self) -> float:
        """Training compute by the 6 N D rule: 6 x active parameters x tokens [FLOP]."""
        return 6.0 * self.params_active * self.tokens

    def mfu(self, catalogue: Catalogue | None = None) -> float:
        """Model FLOP utilisation over the whole run [1].

        compute / (accelerator-hours x 3,600 s x the accelerator's dense peak in the run's
        precision): stalls, restarts and evaluation included, as a claim about the run's
        hours or days includes them.
        """
        cat = the_catalogue(catalogue)
        peak = cat[self.accelerator].peak_rates()[self.precision]
        return self.compute / (self.accelerator_hours * 3600.0 * peak)


class Cost(DocumentModel):
    """A reported cost of a real system or project, or a system's price, and what it covers."""

    project: str
    accelerator: str
    accelerators: int = Field(gt=0)
    usd: float = Field(gt=0)
    scope: CostScope
    includes: str
    amount: str | None = None
    fx: str | None = None
    date: Date
    source: ObservedSource
    note: str | None = None

    @property
    def usd_per_accelerator(self) -> float:
        """The cost per accelerator [USD]: CPUs, network and whatever the scope covers included."""
        return self.usd / self.accelerators


class Pue(DocumentModel):
    """A reported PUE of a data-centre fleet or survey."""

    site: str
    pue: float = Field(ge=1, le=3)
    year: int
    basis: str
    source: ObservedSource
    note: str | None = None


class Observed(DocumentModel):
    """The table of observed figures (``computescale/data/observed.yaml``)."""

    sources: dict[str, ObservedSource]
    top500: Top500Table
    runs: tuple[Run, ...] = Field(min_length=1)
    costs: tuple[Cost, ...] = Field(min_length=1)
    pue: tuple[Pue, ...] = Field(min_length=1)

    def top500_source(self) -> ObservedSource:
        """Return the source of the TOP500 rows."""
        return self.sources[self.top500.source]


@lru_cache(maxsize=1)
def observed() -> Observed:
    """Return the packaged table of observed figures (read once)."""
    path = resources.files("computescale.data").joinpath("observed.yaml")
    with resources.as_file(path) as file:
        return validate(Observed, load_document(file))


@dataclass(frozen=True)
class Envelope:
    """The span of one figure over observed rows.

    Attributes
    ----------
    values
        The figure on each row, in the rows' order [``unit``].
    unit
        Its unit: ``W``, ``USD``, ``1`` for a fraction or a ratio.
    what
        The rows, in words: ``TOP500 GPU systems (June 2025)``.
    names
        The row each value comes from (a system, a run, a project).
    """

    values: tuple[float, ...]
    unit: str
    what: str
    names: tuple[str, ...]

    @property
    def n(self) -> int:
        """How many rows."""
        return len(self.values)

    @property
    def low(self) -> float:
        """The lowest value observed."""
        return min(self.values)

    @property
    def high(self) -> float:
        """The highest value observed."""
        return max(self.values)

    def central(self) -> tuple[float, float]:
        """Return the middle 80 % of the rows: their 10th and 90th percentiles (linear)."""
        p10, p90 = np.percentile(np.array(self.values), [10.0, 90.0])
        return float(p10), float(p90)

    def lowest(self) -> str:
        """Return the row of the lowest value."""
        return self.names[self.values.index(self.low)]

    def highest(self) -> str:
        """Return the row of the highest value."""
        return self.names[self.values.index(self.high)]


def _envelope(rows: Iterable[tuple[str, float]], unit: str, what: str) -> Envelope | None:
    pairs = list(rows)
    if not pairs:
        return None
    return Envelope(tuple(v for _, v in pairs), unit, what, tuple(n for n, _ in pairs))


def _top500_what(table: Observed, qualifier: str = "") -> str:
    return f"TOP500 GPU systems{qualifier} (list of {table.top500.list})"


def hpl_efficiency() -> Envelope:
    """Return Rmax / Rpeak over the TOP500 GPU systems of the table."""
    t = observed()
    found = _envelope(
        ((s.system, s.hpl_efficiency) for s in t.top500.systems), "1", _top500_what(t)
    )
    assert found is not None  # the table is never empty (validated)
    return found


def hpl_power(
    accelerator: str, node: str | None = None, *, strict: bool = False
) -> Envelope | None:
    """Return the measured power per accelerator during HPL of the systems of one chip [W].

    Only the systems of ``node`` (``hpc-node-4``, ``server-8``) when given and at least two
    hold it (at least one when ``strict``); else, unless ``strict``, every system of the
    chip. None when no system qualifies.
    """
    t = observed()
    mine = [s for s in t.top500.systems if s.accelerator == accelerator]
    kind = [s for s in mine if s.node == node]
    if node is not None and (len(kind) >= 2 or strict):
        mine, qualifier = kind, f" of {accelerator} in {node} systems"
    else:
        qualifier = f" of {accelerator}"
    return _envelope(
        ((s.system, s.w_per_accelerator) for s in mine), "W", _top500_what(t, qualifier)
    )


def mfu(architecture: Architecture | None = None, catalogue: Catalogue | None = None) -> Envelope:
    """Return the MFU over the whole run of the published runs (of one architecture)."""
    runs = [r for r in observed().runs if architecture in (None, r.architecture)]
    kind = {"dense": "dense ", "moe": "mixture-of-experts ", None: ""}[architecture]
    found = _envelope(
        ((r.model, r.mfu(catalogue)) for r in runs), "1", f"published {kind}training runs"
    )
    assert found is not None, architecture
    return found


def cost_per_accelerator(accelerator: str, scopes: Sequence[CostScope]) -> Envelope | None:
    """Return the reported cost per accelerator of one chip's systems and projects [USD].

    Only costs of the given scopes; None when none is reported.
    """
    rows = [c for c in observed().costs if c.accelerator == accelerator and c.scope in scopes]
    what = f"reported {', '.join(scopes)} costs of {accelerator}"
    return _envelope(((c.project, c.usd_per_accelerator) for c in rows), "USD", what)


def pue() -> Envelope:
    """Return the reported PUE of data-centre fleets and surveys."""
    found = _envelope(
        ((p.site, p.pue) for p in observed().pue), "1", "reported data-centre fleets and surveys"
    )
    assert found is not None
    return found


def rounded(pair: tuple[float, float], digits: int = 2) -> tuple[float, float]:
    """Return a range widened outwards to ``digits`` decimals: a default that holds its rows."""
    scale = 10.0**digits
    low, high = pair
    return float(np.floor(low * scale) / scale), float(np.ceil(high * scale) / scale)
