"""Inverse questions: how many of a chip make a target, and what that cluster is.

A target is a quantity in one of four kinds: H100-equivalents (``"50e6 H100e"``,
on a stated basis), a peak rate (``"50 EFLOP/s"``, in a stated number format),
a power (``"1 GW"``, at the chip, IT or facility scope) or a budget
(``"12e9 USD"``, for the accelerators, the hardware or the total). The count of
the chosen accelerator is the target divided by the per-accelerator figure of
a one-accelerator cluster under the same assumptions; because that figure is a
range, so is the count: ``[target_low / per_unit_high, target_high / per_unit_low]``.
The cluster of that many accelerators is then estimated like any other.

With ``sampling``, the count also gets a likely range: each sample of the
per-accelerator figure (its assumptions drawn as in any estimate) divides a draw
of the target. The cluster of that count is given as guaranteed bounds.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from computescale.assumptions import Assumptions
from computescale.catalogue import Catalogue, parse_format, the_catalogue
from computescale.cluster import Cluster
from computescale.engine.accelerator import fixes_in_the_catalogue
from computescale.errors import InputError, check_type
from computescale.estimates import Estimate, estimate, estimate_derived, figure_value
from computescale.figures import QUANTITIES, figure_of, find
from computescale.presets import prepared
from computescale.ranges import Range
from computescale.sampling import Array, SampleInputs, Sampling, Value
from computescale.uncertain import (
    MAX_COUNT,
    Bounds,
    dimension_name,
    in_unit,
    parse_bounds,
    read_quantity,
)

__all__ = ["Conversion", "TargetKind", "convert", "parse_target"]

TargetKind = Literal["h100_equivalents", "peak_flops", "power", "capex"]
_KINDS: tuple[tuple[TargetKind, str], ...] = (
    ("h100_equivalents", "H100e"),
    ("peak_flops", "FLOP/s"),
    ("peak_flops", "OP/s"),
    ("power", "W"),
    ("capex", "USD"),
)


@dataclass(frozen=True)
class Conversion:
    """The answer to "how many <chip> make <target>?".

    Attributes
    ----------
    target
        The target, as given, in base units.
    kind
        ``h100_equivalents``, ``peak_flops``, ``power`` or ``capex``.
    label
        What the target is, with its basis or scope (e.g. "facility power").
    accelerator
        Catalogue id of the chip.
    count
        Number of whole accelerators that meet each end of the target [1] (its likely
        range, when sampled, is not rounded).
    per_unit
        The per-accelerator figure the target was divided by.
    cluster
        Every figure of a cluster of ``count`` accelerators (guaranteed bounds), except the
        target's own figure, which is the target as given (:attr:`target_key`): the count's
        range comes from that figure's, so the cluster's would widen it a second time.
    samples, seed
        Monte Carlo samples and seed when sampled; ``count`` and ``per_unit``
        then carry p5/p50/p95.
    target_key
        The key of the cluster's figure that is the target (``facility_w``).
    """

    target: Range
    kind: TargetKind
    label: str
    accelerator: str
    count: Range
    per_unit: Range
    cluster: Estimate
    samples: int | None = None
    seed: int | None = None
    target_key: str = ""


@dataclass(frozen=True)
class _Count:
    """The count that meets the target, from a one-accelerator cluster's totals.

    A :class:`~computescale.sampling.Derived`: ``key`` names the per-accelerator
    figure among the estimate's totals, ``goal`` is the target in base units.
    """

    key: str
    goal: Bounds

    def bounds(
        self, totals: Mapping[str, Array | None], missing: Mapping[str, str]
    ) -> dict[str, Array]:
        """Return the count's bounds (see :func:`_count_bounds`)."""
        u = totals[self.key]
        assert u is not None, "convert() checks the per-accelerator figure before sampling"
        return {"count": np.array(_count_bounds(self.goal, float(u[0]), float(u[1])))}

    def sample(self, sums: Mapping[str, Value], inputs: SampleInputs) -> dict[str, Value]:
        """Return the count per sample: a draw of the target / that sample's figure."""
        return {"count": inputs.uncertain(self.goal, "convert.target") / sums[self.key]}


def _count_bounds(goal: Bounds, u_low: float, u_high: float) -> tuple[float, float]:
    """Return ``[goal_low / per_unit_high, goal_high / per_unit_low]``, the guaranteed count."""
    return goal.low / u_high, goal.high / u_low


def parse_target(text: str) -> tuple[TargetKind, Range]:
    """Read a target such as ``"50e6 H100e"``, ``"1 GW"``, ``"12e9 USD"`` or ``"[1, 2] GW"``.

    Raises
    ------
    InputError
        When the text is not a quantity of one of the four kinds.
    """
    expected = (
        "a target such as '50e6 H100e', '50 EFLOP/s', '1 GW', '12e9 USD' or a range '[1, 2] GW'"
    )
    ranged = re.fullmatch(r"\s*\[\s*([^,\]]+?)\s*,\s*([^,\]]+?)\s*\]\s*(.*)", text)
    parts = [f"{ranged[1]} {ranged[3]}", f"{ranged[2]} {ranged[3]}"] if ranged else [text]
    try:
        given = read_quantity(parts[0])[1]
        dimension_name(given)  # an unknown unit is named as such
    except ValueError as exc:
        raise InputError(str(exc), field="target", expected=expected) from None
    kind = next((k for k in _KINDS if _measures(given, k[1])), None) if given else None
    if kind is None:
        raise InputError(
            f"{text!r} is not an amount of compute, power or money",
            field="target",
            expected=expected,
        )
    try:
        b = parse_bounds(parts if ranged else parts[0], kind[1], what=expected, strict_min=True)
    except ValueError as exc:
        raise InputError(str(exc), field="target") from None
    return kind[0], Range.of((b.low, b.high), kind[1] if kind[1] != "H100e" else "")


def _measures(given: str, unit: str) -> bool:
    """Return True if the unit ``given`` measures what ``unit`` does."""
    try:
        in_unit(1.0, given, unit)
    except ValueError:
        return False
    return True


def convert(
    target: str,
    to: str,
    *,
    scope: str | None = None,
    basis: str = "bf16",
    fmt: str = "bf16",
    assumptions: Assumptions | None = None,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    preset: str | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assume",
    **overrides: Any,
) -> Conversion:
    """Find how many accelerators of one type meet a target, and estimate that cluster.

    Parameters
    ----------
    target
        ``"50e6 H100e"``, ``"50 EFLOP/s"``, ``"1 GW"`` or ``"12e9 USD"`` (see :func:`parse_target`).
    to
        Catalogue id or alias of the accelerator.
    scope
        For power: ``chip``, ``it`` or ``facility`` (default). For budgets:
        ``accelerators``, ``hardware`` or ``total`` (default).
    basis
        Basis of H100-equivalents (default dense bf16; or ``tpp``).
    fmt
        Number format of a FLOP/s target (default bf16, dense).
    assumptions
        Site assumptions (PUE, prices, ...); the documented defaults otherwise.
    catalogue
        Accelerator figures; the packaged catalogue by default.
    sampling
        Monte Carlo samples and seed (:class:`~computescale.sampling.Sampling`):
        the count and the per-accelerator figure get likely ranges (the target,
        if a range, is drawn uniformly).
    preset, assume, assume_source
        A peer's method, then single assumptions, applied on top of ``assumptions`` as
        every entry point applies them (:func:`computescale.presets.prepared`; the
        command line's ``--preset`` and ``--assume``).
    **overrides
        Per-fleet overrides for the chip (``price``, ``tdp``, ``it_power``, ``peak_flops``).

    Raises
    ------
    InputError
        For an unreadable target, an unknown chip, or a figure the chip lacks.
    """
    cat = the_catalogue(catalogue)
    check_type(target, str, "target", "text such as '50e6 H100e' or '1 GW'")
    kind, goal = parse_target(target)
    spec = cat[to]
    if assumptions is not None:
        check_type(assumptions, Assumptions, "assumptions", "Assumptions(...), or None")
    a = assumptions if assumptions is not None else Assumptions()

    def cluster(count: Any) -> Cluster:
        fleet = {"accelerator": spec.id, "count": count, **overrides}
        made = Cluster.model_validate(
            {"name": f"{spec.id} for {target}", "fleets": [fleet], "assumptions": a},
            context={"catalogue": cat},
        )
        return prepared(made, preset=preset, assume=assume, assume_source=assume_source)

    # the cluster is made here, not written by the user: a missing figure is the chip's, given
    # in a catalogue file, and no field path of the made cluster is named
    with fixes_in_the_catalogue():
        one = estimate(cluster(1), basis=basis, catalogue=cat)
    per_unit, label, key = _per_unit(one, kind, scope, fmt)
    if per_unit is None:
        reason = one.missing.get(key, "the figure is not published")
        raise InputError(
            f"{spec.id} has no {label} figure: {reason}",
            field="to",
            fix="choose another chip, or give the figure in a catalogue file",
        )
    if per_unit.unit != goal.unit:  # only rates can differ: FLOP/s against int8's OP/s
        raise InputError(
            f"{target} is in {goal.unit} but the {label} is in {per_unit.unit}; "
            "integer operations and floating-point operations never mix",
            field="precision",
            fix="give an OP/s target with --precision int8, or a FLOP/s one with a float format",
        )
    wanted = Bounds(*goal.magnitudes())
    count = _count_bounds(wanted, *per_unit.magnitudes())
    if count[1] > MAX_COUNT:
        raise InputError(
            f"{target} would take up to {count[1]:.3g} {spec.id}, more than the "
            f"{MAX_COUNT:.0e} accelerators an estimate accepts",
            field="target",
        )
    likely = None
    if sampling is not None:
        sampled, figures = estimate_derived(
            cluster(1), _Count(key, wanted), basis=basis, catalogue=cat, sampling=sampling
        )
        likely = figures["count"][1]
        sampled_unit = _per_unit(sampled, kind, scope, fmt)[0]
        if sampled_unit is not None:  # always, as the bounds pass found it: with percentiles
            per_unit = sampled_unit
    # a cluster holds whole accelerators: the count that meets each end of the target
    whole = (_whole(count[0]), _whole(count[1]))
    with fixes_in_the_catalogue():
        result = estimate(cluster(list(whole)), basis=basis, catalogue=cat)
    return Conversion(
        goal,
        kind,
        label,
        spec.id,
        Range.of(whole, "", likely),
        per_unit,
        _with_target(result, key, goal),
        None if sampling is None else sampling.samples,
        None if sampling is None else sampling.seed,
        key,
    )


_NESTED = {"power": ("chip", "it", "facility"), "capex": ("accelerators", "hardware", "total")}
"""Scopes that hold one another, narrowest first: chip power is part of IT power, which is
part of facility power; the accelerators' cost is part of the hardware's, part of the total."""


def _whole(count: float) -> int:
    """Return the whole accelerators that meet a count: at least one, rounded up.

    A count a rounding error above a whole number (25,267.000000001) is that number.
    """
    return max(1, math.ceil(count * (1 - 1e-9)))


def _with_target(e: Estimate, key: str, goal: Range) -> Estimate:
    """Return the estimate with the figure of ``key`` set to the target as given.

    A scope that the target's holds cannot exceed the target, one that holds it cannot fall
    below it: their bounds are cut there (IT power of a 1 GW facility is at most 1 GW).
    """
    f = figure_of(key)
    name = f.quantity.attribute_name
    held = getattr(e, name)
    if f.scope is None:
        value: Any = goal
    elif isinstance(held, dict):
        value = {**held, f.scope: goal}
    else:
        nested = _NESTED.get(f.quantity.name, ())
        changes: dict[str, Range | None] = {f.scope: goal}
        if f.scope in nested:
            at = nested.index(f.scope)
            for i, scope in enumerate(nested):
                r = getattr(held, scope)
                if r is None or i == at:
                    continue
                low, high = r.magnitudes()
                low, high = (
                    (low, min(high, goal.values[1])) if i < at else (max(low, goal.values[0]), high)
                )
                changes[scope] = Range.of((min(low, high), high), r.unit, r.likely, r.bound)
        value = dataclasses.replace(held, **changes)
    return dataclasses.replace(e, **{name: value})


def _per_unit(
    e: Estimate, kind: TargetKind, scope: str | None, fmt: str
) -> tuple[Range | None, str, str]:
    """Return the per-accelerator figure, its label and its key in ``Estimate.missing``."""
    if kind in ("h100_equivalents", "peak_flops") and scope is not None:
        what = "H100-equivalents" if kind == "h100_equivalents" else "FLOP/s"
        raise InputError(f"--scope does not apply to {what}", field="scope")
    if kind == "peak_flops":
        try:
            scope = parse_format(fmt)
        except ValueError as exc:
            raise InputError(str(exc), field="precision") from None
    allowed = [s for s in QUANTITIES[kind].stated_scopes if s in QUANTITIES[kind].scopes]
    if scope is not None and scope not in allowed and kind != "peak_flops":
        raise InputError(
            f"unknown {'budget' if kind == 'capex' else kind} scope {scope!r}",
            field="scope",
            expected=f"{', '.join(allowed[:-1])} or {allowed[-1]}",
        )
    f = find(kind, scope)
    label = {
        "h100_equivalents": f"{f.label} ({e.basis_label})",
        "peak_flops": e.peak_label(fmt),
    }.get(kind, f.label)
    return figure_value(e, f.key), label, f.key
