"""The implied figure: the value of one parameter that would make a claim hold.

A claim's figure is recomputed twice (:mod:`computescale.claims.check`): with the cluster's
assumptions (the defaults unless set), and with every assumption not set widened to what
real systems show (:meth:`computescale.assumptions.Assumptions.plausible`, the MFU of
published runs). Between the two lies what :func:`implied` states: the value a
parameter must take for the stated figure, against its default and against what real
systems show: "implies HPL efficiency 31 % (default 53–86 %; TOP500 GPU systems (list of
2025-06): 48–91 %, 45 systems)".

Every figure is linear in its parameter (``figure = K x parameter``), so the implied value
is the stated value over ``K``, with ``K`` taken from the plausible recomputation: the
implied value lies in the plausible range exactly when the stated value meets the
plausible figure, and the verdict and the implied figure never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from computescale.catalogue import Catalogue
from computescale.claims.model import Claim
from computescale.estimates import Estimate
from computescale.notation import format_range, significant
from computescale.observed import cost_per_accelerator, hpl_efficiency, hpl_power, mfu, pue
from computescale.ranges import Range
from computescale.systems import systems_power
from computescale.uncertain import Bounds

__all__ = [
    "Implied",
    "divided",
    "implied_by_assumption",
    "implied_figure",
    "implied_mfu",
    "implied_per_accelerator",
]

Pair = tuple[float, float]


@dataclass(frozen=True)
class Implied:
    """What a claim implies of one parameter, and what it is compared with.

    Attributes
    ----------
    parameter
        The parameter, in words (``HPL efficiency``, ``IT power per accelerator``).
    unit
        ``%`` for a fraction shown in percent, ``1`` for a plain ratio (a PUE), or the
        unit of the values (``W``, ``USD``, ``FLOP/s``, ``USD/h``, ``USD/kWh``).
    value
        The implied value ``(low, high)`` (a range when the stated value or the other
        factors are ranges).
    default
        The parameter's range under the cluster's assumptions; None when it has none.
    plausible
        Its range under what real systems show; None when it has none.
    compared_with
        What the plausible range rests on, in words, with the number of systems, runs or
        reports (``TOP500 GPU systems (list of 2025-06): 48–91 %, 45 systems``), or the
        datasheet.
    observed
        Whether each end of the plausible range, low and high, comes from observed
        systems (a sample, which rarer systems may exceed) rather than from a datasheet
        or a count (facts): a power whose scope is not stated is bounded below by the
        chips' TDP (a datasheet) and above by a facility (observed).
    limits
        The parameter's physical limits (a PUE of at least 1, an efficiency of at most
        100 %).
    """

    parameter: str
    unit: str
    value: Pair
    default: Pair | None
    plausible: Pair | None
    compared_with: str
    observed: tuple[bool, bool]
    limits: Pair = (0.0, float("inf"))

    def __post_init__(self) -> None:
        # a value that reaches past a physical limit is shown up to it ("60-100 %"); one
        # wholly beyond it is kept, to be seen ("an MFU of 190 %")
        low, high = self.value
        lo_lim, hi_lim = self.limits
        if high >= lo_lim and low <= hi_lim:
            object.__setattr__(self, "value", (max(low, lo_lim), min(high, hi_lim)))

    def within(self, tolerance: float, margin: float = 1.0, qualifier: str | None = None) -> bool:
        """Return whether the implied value meets the plausible range, within a tolerance.

        ``margin`` widens the plausible range by that factor first, at each end that
        rests on observed systems; the widened range never passes the parameter's
        physical ``limits``. A value written as a bound (``qualifier`` ``at_least`` or
        ``at_most``) meets it when the range reaches it.
        """
        if self.plausible is None:
            return True
        below, above = ((1 + tolerance) * (margin if o else 1.0) for o in self.observed)
        low = max(self.plausible[0] / below, self.limits[0])
        high = min(self.plausible[1] * above, self.limits[1])
        value_low, value_high = self.value
        if qualifier == "at_least":
            value_high = float("inf")
        elif qualifier == "at_most":
            value_low = 0.0
        return value_high >= low and value_low <= high

    def as_dict(self) -> dict[str, Any]:
        """Return the implied figure for JSON: values in base units (fractions as fractions)."""

        def pair(p: Pair | None) -> dict[str, float] | None:
            return None if p is None else {"low": p[0], "high": p[1]}

        return {
            "parameter": self.parameter,
            "unit": "1" if self.unit == "%" else self.unit,
            "value": pair(self.value),
            "default": pair(self.default),
            "plausible": pair(self.plausible),
            "compared_with": self.compared_with,
            "observed": {"low": self.observed[0], "high": self.observed[1]},
            "text": self.text(),
        }

    def text(self) -> str:
        """Return ``implies X (default A; compared with)``."""
        shown = f"implies {self.parameter} {_span(self.value, self.unit)}"
        notes = [f"default {_span(self.default, self.unit)}"] if self.default else []
        notes.append(self.compared_with)
        return f"{shown} ({'; '.join(notes)})"


def _span(pair: Pair, unit: str) -> str:
    """Return a range of the parameter as people write it (``31 %``, ``930 W``, ``1.80``)."""
    low, high = pair
    if unit == "%":
        texts = [f"{significant(x * 100, 2)}" for x in pair]
        return (texts[0] if texts[0] == texts[1] else f"{texts[0]}–{texts[1]}") + " %"
    if unit == "1":
        texts = [significant(x, 3) for x in pair]
        return texts[0] if texts[0] == texts[1] else f"{texts[0]}–{texts[1]}"
    return format_range(Range.of((low, high), unit))


def divided(stated: Bounds, k: Pair) -> Pair:
    """Return ``stated / K`` as a range: the low over the high factor and the reverse."""
    low = stated.low / k[1] if k[1] > 0 else float("inf")
    high = stated.high / k[0] if k[0] > 0 else float("inf")
    return low, high


def _factor(figure: Range, parameter: Pair) -> Pair:
    """Return ``K = figure / parameter`` at both ends (figure = K x parameter, both rising)."""
    f_low, f_high = figure.magnitudes()
    p_low, p_high = parameter
    return (f_low / p_low if p_low > 0 else 0.0), (f_high / p_high if p_high > 0 else 0.0)


def implied_per_accelerator(
    parameter: str,
    stated: Bounds,
    count: Range,
    default: Range,
    plausible: Range,
    compared_with: str,
    *,
    observed: tuple[bool, bool],
) -> Implied:
    """Return the value per accelerator a stated figure implies (stated / the count)."""
    c = count.magnitudes()
    per = _factor(default, c)
    wide = _factor(plausible, c)
    return Implied(parameter, default.unit, divided(stated, c), per, wide, compared_with, observed)


FACTS = (False, False)
"""Both ends of a plausible range from datasheets or counts."""
SEEN = (True, True)
"""Both ends of a plausible range from observed systems, runs or reports."""

LIMITS: dict[str, Pair] = {
    "HPL efficiency": (0.0, 1.0),
    "PUE": (1.0, float("inf")),
    "average load": (0.0, 1.0),
    "MFU": (0.0, 1.0),
}
"""The physical limits of the parameters that have one: a share of a peak is at most 100 %,
a facility draws at least its IT power."""


def implied_by_assumption(
    parameter: str,
    unit: str,
    stated: Bounds,
    default: tuple[Range, Bounds],
    plausible: tuple[Range, Bounds],
    compared_with: str,
) -> Implied:
    """Return the value of an assumption a stated figure implies (figure = K x assumption).

    ``default`` and ``plausible`` pair each recomputed figure with the assumption's range
    it was computed with.
    """
    k = _factor(plausible[0], (plausible[1].low, plausible[1].high))
    d, p = default[1], plausible[1]
    return Implied(
        parameter,
        unit,
        divided(stated, k),
        (d.low, d.high),
        (p.low, p.high),
        compared_with,
        (True, True),
        LIMITS.get(parameter, (0.0, float("inf"))),
    )


def implied_mfu(
    stated: Bounds,
    default: tuple[Range, Bounds],
    plausible: tuple[Range, Bounds],
    compared_with: str,
    *,
    rising: bool,
) -> Implied:
    """Return the MFU a stated run figure implies.

    ``rising``: the figure rises with MFU (compute in a given time) rather than falls
    with it (the hours or days a given compute takes).
    """
    if rising:
        return implied_by_assumption("MFU", "%", stated, default, plausible, compared_with)
    f_low, f_high = plausible[0].magnitudes()
    m = plausible[1]
    k = (f_low * m.high, f_high * m.low)  # figure = K / MFU at both ends
    value = (k[0] / stated.high, k[1] / stated.low if stated.low > 0 else float("inf"))
    d = default[1]
    return Implied(
        "MFU",
        "%",
        value,
        (d.low, d.high),
        (m.low, m.high),
        compared_with,
        (True, True),
        LIMITS["MFU"],
    )


def _listed(items: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(items))


def hpl_power_basis(e: Estimate) -> str:
    """Say what the power during Linpack of an estimate's chips rests on."""
    found = []
    for f in e.fleets:
        env = (hpl_power(f.accelerator, f.system, strict=True) if f.system else None) or (
            hpl_power(f.accelerator)
        )
        if env is not None:
            found.append(
                f"{env.what}: {_span((env.low, env.high), 'W')} per accelerator, "
                f"{env.n} system{'s' if env.n > 1 else ''}"
            )
    return _listed(found) or "no TOP500 system of these chips was measured"


def system_power_basis(e: Estimate, catalogue: Catalogue) -> str:
    """Say which systems the chips are built into, with their power per accelerator."""
    return (
        _listed(
            f"{f.accelerator} systems: "
            + ", ".join(p.text() for p in systems_power(catalogue[f.accelerator]))
            for f in e.fleets
            if systems_power(catalogue[f.accelerator])
        )
        or "TDP x system overhead (no reference system)"
    )


def hpl_efficiency_basis() -> str:
    """Say what the plausible Linpack efficiency rests on."""
    env = hpl_efficiency()
    return (
        f"{env.what}: {_span((env.low, env.high), '%')}, {env.n} systems "
        f"(lowest {env.lowest()}, highest {env.highest()})"
    )


def pue_basis() -> str:
    """Say what the plausible PUE rests on."""
    env = pue()
    return f"{env.what}: {_span((env.low, env.high), '1')}, {env.n} reports, and the best sites"


def mfu_basis(architecture: str | None) -> str:
    """Say what the plausible MFU of a run rests on."""
    env = mfu(architecture)  # type: ignore[arg-type]
    return (
        f"{env.what}: {_span((env.low, env.high), '%')} over the whole run, {env.n} runs "
        f"(lowest {env.lowest()}, highest {env.highest()})"
    )


def cost_basis(e: Estimate, scopes: Sequence[str]) -> str:
    """Say what reported costs of the chips show per accelerator, and how the range is made."""
    found = []
    for f in e.fleets:
        env = cost_per_accelerator(f.accelerator, scopes)  # type: ignore[arg-type]
        if env is not None:
            found.append(
                f"{env.what}: {_span((env.low, env.high), 'USD')} per accelerator, "
                f"{env.n} report{'s' if env.n > 1 else ''}"
            )
    how = "the catalogue's price"
    if set(scopes) - {"accelerators"}:
        how += " x server 1.2-2.1 x network and storage 1.05-1.3"
    if set(scopes) & {"project", "total"}:
        how += ", facility works 0-20 M USD/MW"
    return _listed([*found, how])


def datasheet_basis(what: str, per: Callable[[str], str], e: Estimate) -> str:
    """Say what the datasheet gives per accelerator of each chip (``per(chip)``)."""
    return f"{what}: " + _listed(f"{per(f.accelerator)} per {f.accelerator}" for f in e.fleets)


def _watts(low: float, high: float) -> str:
    return _span((low, high), "W")


def implied_figure(
    claim: Claim,
    base: Estimate,
    wide: Estimate,
    stated: Bounds,
    recomputed: Range,
    plausible: Range | None,
    catalogue: Catalogue,
) -> Implied | None:
    """Return what a cluster claim's stated value implies, or None for a count or a ratio.

    ``base`` and ``wide`` are the cluster estimated with its assumptions and with the
    plausible ones; ``recomputed`` and ``plausible`` the claim's figure from each (the
    plausible one over every scope the claim leaves open).
    """
    q, scope = claim.quantity, claim.scope
    if q in ("accelerators", "nodes", "ratio") or plausible is None:
        return None
    a, w = base.assumptions, wide.assumptions
    by_assumption = {
        ("hpl", "rmax"): ("HPL efficiency", "%", "hpl_efficiency", hpl_efficiency_basis),
        ("hpl", None): ("HPL efficiency", "%", "hpl_efficiency", hpl_efficiency_basis),
        ("power", "facility"): ("PUE", "1", "pue", pue_basis),
        ("energy", None): ("average load", "%", "utilisation", lambda: "the default's sources"),
        ("electricity_cost", None): (
            "electricity price",
            "USD/kWh",
            "electricity_price",
            lambda: "the default's sources",
        ),
    }
    if (q, scope) in by_assumption:
        name, unit, assumption, basis = by_assumption[(q, scope)]
        return implied_by_assumption(
            name,
            unit,
            stated,
            (recomputed, getattr(a, assumption)),
            (plausible, getattr(w, assumption)),
            basis(),
        )
    count = base.accelerators
    fmt = claim.precision or "bf16"
    kind = "sparse" if claim.sparse else "dense"
    if q == "capex":
        scopes = {
            "accelerators": ("accelerators",),
            "hardware": ("system",),
            "project": ("system", "project"),
            "total": ("system", "project", "total"),
        }.get(scope or "", ("accelerators", "system", "project", "total"))
        name = f"cost per accelerator ({scope or 'no scope stated: chips to building'})"
        return implied_per_accelerator(
            name, stated, count, recomputed, plausible, cost_basis(base, scopes), observed=SEEN
        )
    per: dict[tuple[str, str | None], tuple[str, Callable[[], str], tuple[bool, bool]]] = {
        ("power", "chip"): (
            "chip power per accelerator",
            lambda: datasheet_basis("TDP", lambda c: _watts(*_pair(catalogue[c].tdp_w)), base),
            FACTS,
        ),
        ("power", "hpl"): (
            "power per accelerator during Linpack",
            lambda: hpl_power_basis(base),
            SEEN,
        ),
        ("power", "it"): (
            "IT power per accelerator",
            lambda: system_power_basis(base, catalogue) + ", plus network and storage",
            SEEN,
        ),
        ("power", None): (
            "power per accelerator (no scope stated: chip to facility)",
            lambda: "the chips' TDP to " + system_power_basis(base, catalogue) + " x the PUE",
            (False, True),
        ),
        ("hpl", "rpeak"): (
            "FP64 peak per accelerator",
            lambda: datasheet_basis(
                "datasheet, vector to tensor rate",
                lambda c: _span(_rates(catalogue, c, ("fp64", "fp64_tensor")), "FLOP/s"),
                base,
            ),
            FACTS,
        ),
        ("peak_flops", None): (
            f"{fmt} {kind} peak per accelerator"
            if claim.precision
            else f"{kind} peak per accelerator (no precision stated)",
            lambda: datasheet_basis(
                "datasheet", lambda c: _span(_rates(catalogue, c, (fmt,)), "FLOP/s"), base
            ),
            FACTS,
        ),
        ("h100_equivalents", None): (
            "H100-equivalents per accelerator",
            lambda: f"the catalogue's peaks on the {claim.basis} basis",
            FACTS,
        ),
        ("rental_rate", None): (
            "rental per accelerator-hour",
            lambda: "the catalogue's reported cloud prices",
            SEEN,
        ),
    }
    key = (q, None if q == "peak_flops" else scope)
    if key not in per:
        return None
    label, said, observed = per[key]
    return implied_per_accelerator(
        label, stated, count, recomputed, plausible, said(), observed=observed
    )


def _pair(p: Any) -> Pair:
    return (0.0, 0.0) if p is None else (p.low, p.high)


def _rates(catalogue: Catalogue, chip: str, formats: Sequence[str]) -> Pair:
    """Return the lowest and highest published dense rate of a chip among some formats."""
    rates = [r for f, r in catalogue[chip].peak_rates().items() if f in formats]
    return (min(rates), max(rates)) if rates else (0.0, 0.0)
