"""Hypothesis strategies that draw computescale's own inputs, for property tests.

Every value drawn here passes the library's own validation: uncertain values
(:class:`~computescale.uncertain.Bounds`), fleets and split fleets, site
assumptions, whole clusters and claims. A property test that fails on one of
them has found a property that does not hold, not a malformed input::

    from hypothesis import given

    import computescale as cs
    from computescale.testing import strategies as cst

    @given(cst.clusters(priced=True))
    def test_facility_power_low_is_not_above_high(cluster):
        low, high = cs.estimate(cluster).power.facility.magnitudes()
        assert low <= high

Each strategy takes keyword arguments for the knobs that matter (which
accelerators, count range, whether values are ranges, how many fleets, ...);
the defaults draw anything the library accepts within small sizes.

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_, which is a
test dependency of computescale: install ``computescale[test]``. Importing it
without hypothesis raises an :class:`ImportError` that says so.
"""

from __future__ import annotations

import inspect
import math
import string
from collections.abc import Sequence
from typing import Any, Literal, get_args

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # hypothesis is a test dependency only
    raise ImportError(
        "computescale.testing.strategies needs hypothesis, a test dependency of "
        "computescale; install it with: pip install 'computescale[test]'"
    ) from exc

from computescale.assumptions import DEFAULTS, Assumptions
from computescale.catalogue import FORMATS, AcceleratorSpec, NumberFormat, default_catalogue
from computescale.claims.model import (
    CLAIM_QUANTITIES,
    Claim,
    scopes_of,
)
from computescale.claims.quantities import CLAIM_TABLE
from computescale.claims.references import reference_systems
from computescale.cluster import MAX_FLEETS, MAX_WRITTEN, Cluster, Fleet, SplitFleet
from computescale.uncertain import FIRST_DATE, LAST_DATE, MAX_COUNT, Bounds, Distribution

__all__ = [
    "ASSUMPTION_LIMITS",
    "DISTRIBUTIONS",
    "QUANTITY_KINDS",
    "SHARE_STYLES",
    "ShareStyle",
    "accelerator_ids",
    "assumptions",
    "bounds",
    "build_outs",
    "claims",
    "clusters",
    "fleet_entries",
    "fleets",
    "split_fleets",
]

DISTRIBUTIONS: tuple[Distribution, ...] = get_args(Distribution)
"""Every distribution an uncertain input may name: uniform, log-uniform, triangular."""

QUANTITY_KINDS: tuple[str, ...] = CLAIM_QUANTITIES
"""Every quantity a claim may name."""

ShareStyle = Literal["none", "rest", "all"]
"""How the members of a split fleet give their shares: no member gives one (any
split is possible), every member but one (that one takes the rest), or every member."""
SHARE_STYLES: tuple[ShareStyle, ...] = get_args(ShareStyle)
"""Every :data:`ShareStyle`."""

ASSUMPTION_LIMITS: dict[str, tuple[float, float, bool]] = {
    "pue": (1.0, 3.0, False),
    "system_overhead": (1.0, 10.0, False),
    "hpl_efficiency": (0.0, 1.0, False),
    "network_share": (0.0, 1.0, False),
    "utilisation": (0.0, 1.0, False),
    "electricity_price": (0.0, 10.0, True),
    "server_multiplier": (1.0, 10.0, False),
    "rental_discount": (0.0, 1.0, False),
    "network_capex_share": (0.0, 1.0, False),
    "facility_capex_per_mw": (0.0, 1e10, True),
}
"""The interval each assumption accepts, in its documented unit (see
:data:`computescale.assumptions.DEFAULTS`): ``(minimum, maximum, minimum excluded)``,
as the field types of :mod:`computescale.uncertain` (``Pue``, ``Fraction``,
``EnergyPrice``, ``Multiplier``, ``MoneyPerPower``) check them."""

_SHARE_STEPS = 1 << 20
"""Shares are drawn as multiples of 1/2**20: their sums are then exact, so a split's
shares add up to exactly 1 and its validation never depends on rounding."""

_TEXT = string.ascii_letters + string.digits + " -_.,()'"
"""Characters of drawn names and sentences: readable, and safe in any output."""

# Ranges of per-fleet overrides: wide around the catalogue's figures (prices of 25,000 to
# 55,556 USD, TDPs of 350 to 1,400 W, server power of 812.5 to 1,888.9 W per accelerator,
# dense bf16 peaks of 312 to 2,516.6 TFLOP/s), and inside what the fields accept.
_PRICE_USD = (1e3, 1e6)
_TDP_W = (50.0, 5e3)
_IT_POWER_W = (50.0, 1e4)
_PEAK_FLOPS = (1e12, 1e17)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidArgument(message)


def _check_distributions(distributions: Sequence[Distribution]) -> tuple[Distribution, ...]:
    chosen = tuple(dict.fromkeys(distributions))
    _check(bool(chosen), "distributions must name at least one distribution")
    unknown = [d for d in chosen if d not in DISTRIBUTIONS]
    _check(not unknown, f"unknown distributions {unknown}; use some of {list(DISTRIBUTIONS)}")
    return chosen


def _has_every_figure(spec: AcceleratorSpec) -> bool:
    """Return whether the catalogue gives a price, a TDP and a server power per accelerator."""
    return spec.price is not None and spec.tdp_w is not None and spec.it_power_w is not None


def _chip_ids(accelerators: Sequence[str] | None, priced: bool) -> list[str]:
    """Return the canonical ids to draw from; see :func:`accelerator_ids`."""
    catalogue = default_catalogue()
    if accelerators is None:
        ids = list(catalogue)
    else:
        _check(not isinstance(accelerators, str), "accelerators must be a list of ids")
        ids = list(dict.fromkeys(catalogue.resolve(name) for name in accelerators))
    if priced:
        ids = [i for i in ids if _has_every_figure(catalogue[i])]
    _check(bool(ids), f"no accelerator to draw from (accelerators={accelerators}, priced={priced})")
    return ids


def accelerator_ids(
    *, accelerators: Sequence[str] | None = None, priced: bool = False
) -> st.SearchStrategy[str]:
    """Return a strategy of canonical accelerator ids of the packaged catalogue.

    Parameters
    ----------
    accelerators
        Ids or aliases to draw from (``["H100", "GB200"]``); every accelerator
        of the catalogue by default.
    priced
        Draw only accelerators whose catalogue entry gives a price, a TDP and a
        server power per accelerator, so that every figure of an estimate
        (capex, power, energy, electricity) is defined.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        When no accelerator is left to draw from.
    computescale.errors.UnknownAcceleratorError
        For a name the catalogue does not know.
    """
    return st.sampled_from(_chip_ids(accelerators, priced))


def bounds(
    min_value: float = 0.0,
    max_value: float = 1e6,
    *,
    exclude_min: bool = False,
    whole: bool = False,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
) -> st.SearchStrategy[Bounds]:
    """Return a strategy of uncertain inputs: :class:`~computescale.uncertain.Bounds`.

    Every value drawn has ``min_value <= low <= high <= max_value``. A range
    (``low < high``) carries one of ``distributions`` (log-uniform only when
    ``low > 0``; triangular with a ``mode`` between low and high); a point
    (``low == high``) is uniform, as the library reads a scalar.

    Parameters
    ----------
    min_value, max_value
        Interval of both bounds, in the unit of the field the value is for.
    exclude_min
        Keep both bounds strictly above ``min_value`` (fields such as a price
        or a power, which must be positive).
    whole
        Draw whole numbers only (counts of accelerators); ``mode`` too.
    ranged
        True draws ranges only, False points only, None both.
    distributions
        Distributions a range may carry.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For an empty interval, an unknown distribution, or only log-uniform
        ranges over an interval that reaches 0.
    """
    _check(
        math.isfinite(min_value) and math.isfinite(max_value) and min_value <= max_value,
        f"need finite min_value <= max_value, got {min_value!r} and {max_value!r}",
    )
    dists = _check_distributions(distributions)
    if whole:
        first = math.floor(min_value) + 1 if exclude_min else math.ceil(min_value)
        last = math.floor(max_value)
        _check(first <= last, f"no whole number in the interval of {min_value!r} to {max_value!r}")
        _check(ranged is not True or first < last, "no whole range fits in the interval")
        _check(dists != ("log-uniform",) or first > 0, "log-uniform ranges need low > 0")
        return _whole_bounds(first, last, ranged, dists)
    _check(
        min_value < max_value or not (exclude_min or ranged is True),
        f"no range fits in the interval of {min_value!r} to {max_value!r}",
    )
    _check(
        dists != ("log-uniform",) or min_value > 0 or exclude_min,
        "log-uniform ranges need low > 0: raise min_value or set exclude_min",
    )
    return _float_bounds(min_value, max_value, exclude_min, ranged, dists)


def _floats(
    low: float, high: float, *, exclude_min: bool = False, exclude_max: bool = False
) -> st.SearchStrategy[float]:
    return st.floats(
        low,
        high,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
        exclude_min=exclude_min,
        exclude_max=exclude_max,
    )


def _is_range(draw: st.DrawFn, ranged: bool | None, dists: tuple[Distribution, ...]) -> bool:
    if ranged is None:
        return dists == ("log-uniform",) or draw(st.booleans())
    return ranged


@st.composite
def _whole_bounds(
    draw: st.DrawFn, first: int, last: int, ranged: bool | None, dists: tuple[Distribution, ...]
) -> Bounds:
    """Draw whole bounds within ``[first, last]``; see :func:`bounds`."""
    if first < last and _is_range(draw, ranged, dists):
        low = draw(st.integers(first, last - 1))
        high = draw(st.integers(low + 1, last))
        dist = draw(st.sampled_from([d for d in dists if d != "log-uniform" or low > 0]))
        if dist != "triangular":
            return Bounds(float(low), float(high), dist)
        return Bounds(float(low), float(high), dist, float(draw(st.integers(low, high))))
    point = float(draw(st.integers(first, last)))
    return Bounds(point, point)


@st.composite
def _float_bounds(
    draw: st.DrawFn,
    min_value: float,
    max_value: float,
    exclude_min: bool,
    ranged: bool | None,
    dists: tuple[Distribution, ...],
) -> Bounds:
    """Draw bounds within ``min_value`` and ``max_value``; see :func:`bounds`."""
    if min_value < max_value and _is_range(draw, ranged, dists):
        low = draw(_floats(min_value, max_value, exclude_min=exclude_min, exclude_max=True))
        high = draw(_floats(low, max_value, exclude_min=True))
        dist = draw(st.sampled_from([d for d in dists if d != "log-uniform" or low > 0]))
        if dist != "triangular":
            return Bounds(low, high, dist)
        return Bounds(low, high, dist, draw(_floats(low, high)))
    point = draw(_floats(min_value, max_value, exclude_min=exclude_min))
    return Bounds(point, point)


def _count_limits(min_count: int, max_count: int, what: str) -> None:
    _check(
        1 <= min_count <= max_count <= MAX_COUNT,
        f"need 1 <= min_{what} <= max_{what} <= {MAX_COUNT:g}, got {min_count} and {max_count}",
    )


@st.composite
def _overrides(draw: st.DrawFn, dists: tuple[Distribution, ...]) -> dict[str, Any]:
    """Draw per-fleet overrides of catalogue figures, each present or not."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["price"] = draw(bounds(*_PRICE_USD, distributions=dists))
        out["price_includes"] = draw(
            st.sampled_from([None, "accelerator", "server_share", "rack_share"])
        )
    if draw(st.booleans()):
        out["tdp"] = draw(bounds(*_TDP_W, distributions=dists))
    if draw(st.booleans()):
        out["it_power"] = draw(bounds(*_IT_POWER_W, distributions=dists))
    formats: list[NumberFormat] = draw(st.lists(st.sampled_from(FORMATS), unique=True, max_size=2))
    if formats:
        out["peak_flops"] = {f: draw(bounds(*_PEAK_FLOPS, distributions=dists)) for f in formats}
    return {k: v for k, v in out.items() if v is not None}


def _label(draw: st.DrawFn, labels: bool) -> dict[str, str]:
    if labels and draw(st.booleans()):
        return {"label": draw(st.text(_TEXT, min_size=1, max_size=40))}
    return {}


def fleets(
    *,
    accelerators: Sequence[str] | None = None,
    priced: bool = False,
    min_count: int = 1,
    max_count: int = 1_000_000,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
    overrides: bool = False,
    labels: bool = False,
) -> st.SearchStrategy[Fleet]:
    """Return a strategy of fleets of identical accelerators: :class:`~computescale.cluster.Fleet`.

    Parameters
    ----------
    accelerators, priced
        Which accelerators, as for :func:`accelerator_ids`.
    min_count, max_count
        Interval of the count's bounds [accelerators].
    ranged, distributions
        Whether the count is a range, and its distributions, as for :func:`bounds`.
    overrides
        Also draw per-fleet values that replace catalogue figures (price and
        what it includes, TDP, server power, dense peaks), each present or not,
        in wide ranges around the catalogue's own.
    labels
        Also draw labels (present or not).

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For counts outside ``[1, MAX_COUNT]`` or no accelerator to draw from.
    """
    _count_limits(min_count, max_count, "count")
    chips = _chip_ids(accelerators, priced)
    dists = _check_distributions(distributions)
    counts = bounds(min_count, max_count, whole=True, ranged=ranged, distributions=dists)
    return _fleets(chips, counts, dists, overrides, labels)


@st.composite
def _fleets(
    draw: st.DrawFn,
    chips: list[str],
    counts: st.SearchStrategy[Bounds],
    dists: tuple[Distribution, ...],
    overrides: bool,
    labels: bool,
) -> Fleet:
    data: dict[str, Any] = {"accelerator": draw(st.sampled_from(chips)), "count": draw(counts)}
    if overrides:
        data.update(draw(_overrides(dists)))
    data.update(_label(draw, labels))
    return Fleet.model_validate(data)


def split_fleets(
    *,
    accelerators: Sequence[str] | None = None,
    priced: bool = False,
    min_members: int = 2,
    max_members: int = 4,
    min_total: int = 1,
    max_total: int = 1_000_000,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
    shares: Sequence[ShareStyle] = SHARE_STYLES,
    overrides: bool = False,
    labels: bool = False,
) -> st.SearchStrategy[SplitFleet]:
    """Return a strategy of totals split between accelerator types (split fleets).

    The values drawn are :class:`~computescale.cluster.SplitFleet`.

    Members may repeat an accelerator. Given shares are multiples of 1/2**20,
    so that they add up exactly: when every member gives one, the lows add up
    to at most 1 and the highs to at least 1.

    Parameters
    ----------
    accelerators, priced
        Which accelerators, as for :func:`accelerator_ids`.
    min_members, max_members
        Number of members of the split (at least 2).
    min_total, max_total
        Interval of the total's bounds [accelerators].
    ranged, distributions
        Whether the total and the given shares are ranges, and the total's
        distributions, as for :func:`bounds`.
    shares
        How members give shares (:data:`SHARE_STYLES`): ``none``, ``rest`` or
        ``all``; all three by default.
    overrides, labels
        As for :func:`fleets` (overrides per member, a label per split).

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For fewer than 2 or more than ``MAX_FLEETS`` members, totals outside
        ``[1, MAX_COUNT]``, an unknown share style or no accelerator.
    """
    _check(
        2 <= min_members <= max_members <= MAX_FLEETS,
        f"need 2 <= min_members <= max_members <= {MAX_FLEETS}, got {min_members}, {max_members}",
    )
    _count_limits(min_total, max_total, "total")
    styles = tuple(dict.fromkeys(shares))
    _check(
        bool(styles) and all(s in SHARE_STYLES for s in styles),
        f"shares must name some of {list(SHARE_STYLES)}, got {list(shares)}",
    )
    chips = _chip_ids(accelerators, priced)
    dists = _check_distributions(distributions)
    totals = bounds(min_total, max_total, whole=True, ranged=ranged, distributions=dists)
    return _split_fleets(
        chips, (min_members, max_members), totals, ranged, styles, dists, overrides, labels
    )


@st.composite
def _split_fleets(
    draw: st.DrawFn,
    chips: list[str],
    members: tuple[int, int],
    totals: st.SearchStrategy[Bounds],
    ranged: bool | None,
    styles: tuple[ShareStyle, ...],
    dists: tuple[Distribution, ...],
    overrides: bool,
    labels: bool,
) -> SplitFleet:
    k = draw(st.integers(*members))
    style = draw(st.sampled_from(styles))
    split: list[dict[str, Any]] = []
    for _ in range(k):
        member: dict[str, Any] = {"accelerator": draw(st.sampled_from(chips))}
        if overrides:
            member.update(draw(_overrides(dists)))
        split.append(member)
    if style != "none":
        for member, share in zip(split, _shares(draw, k, ranged), strict=True):
            member["share"] = share
        if style == "rest":
            del split[draw(st.integers(0, k - 1))]["share"]
    data = {"total": draw(totals), "split": split, **_label(draw, labels)}
    return SplitFleet.model_validate(data)


def _shares(draw: st.DrawFn, k: int, ranged: bool | None) -> list[Bounds]:
    """Draw ``k`` share bounds, multiples of 1/2**20, around shares that add up to exactly 1."""
    steps = _SHARE_STEPS
    cuts = sorted(draw(st.lists(st.integers(0, steps), min_size=k - 1, max_size=k - 1)))
    points = [b - a for a, b in zip([0, *cuts], [*cuts, steps], strict=True)]
    out = []
    for p in points:
        if ranged is False or (ranged is None and not draw(st.booleans())):
            out.append(Bounds(p / steps, p / steps))
            continue
        low = draw(st.integers(0, min(p, steps - 1)))
        high = draw(st.integers(max(p, low + 1), steps))
        out.append(Bounds(low / steps, high / steps))
    return out


def assumptions(
    *,
    names: Sequence[str] | None = None,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
) -> st.SearchStrategy[Assumptions]:
    """Return a strategy of site assumptions: :class:`~computescale.assumptions.Assumptions`.

    Each assumption named is either left unset (its default applies; facility
    construction stays excluded) or set to bounds anywhere in the interval it
    accepts (:data:`ASSUMPTION_LIMITS`): a PUE from 1 to 3, shares from 0 to 1,
    an electricity price above 0 and up to 10 USD/kWh, and so on.

    Parameters
    ----------
    names
        Assumptions that may be set (keys of
        :data:`computescale.assumptions.DEFAULTS`); all by default, none with
        ``[]`` (the defaults only).
    ranged, distributions
        Whether each value set is a range, and its distributions, as for
        :func:`bounds`.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For a name that is not an assumption.
    """
    chosen = list(DEFAULTS) if names is None else list(dict.fromkeys(names))
    unknown = [n for n in chosen if n not in DEFAULTS]
    _check(not unknown, f"unknown assumptions {unknown}; use some of {list(DEFAULTS)}")
    dists = _check_distributions(distributions)
    values = {
        name: bounds(
            ASSUMPTION_LIMITS[name][0],
            ASSUMPTION_LIMITS[name][1],
            exclude_min=ASSUMPTION_LIMITS[name][2],
            ranged=ranged,
            distributions=dists,
        )
        for name in chosen
    }
    return st.fixed_dictionaries({}, optional=values).map(Assumptions.model_validate)


_assumptions = assumptions  # for clusters(), whose keyword of that name hides this function


def fleet_entries(
    *,
    accelerators: Sequence[str] | None = None,
    priced: bool = False,
    min_count: int = 1,
    max_count: int = 1_000_000,
    splits: bool = True,
    max_members: int = 4,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
    overrides: bool = False,
    labels: bool = False,
) -> st.SearchStrategy[Fleet | SplitFleet]:
    """Return a strategy of one entry of a fleet list: a fleet or, with ``splits``, a split.

    What :func:`clusters` and :func:`build_outs` draw each entry from; give your own to
    ``clusters(entries=...)`` to compose a cluster from other strategies, e.g.
    ``clusters(entries=fleets(accelerators=["H100"]) | split_fleets(max_members=2))``.

    Parameters
    ----------
    accelerators, priced, min_count, max_count, ranged, distributions, overrides, labels
        As for :func:`fleets`; the count's interval is a split's total's too.
    splits, max_members
        Also draw split fleets (:func:`split_fleets`), of up to ``max_members`` members.
    """
    common: dict[str, Any] = {
        "accelerators": accelerators,
        "priced": priced,
        "ranged": ranged,
        "distributions": distributions,
        "overrides": overrides,
        "labels": labels,
    }
    one: st.SearchStrategy[Fleet | SplitFleet] = fleets(
        min_count=min_count, max_count=max_count, **common
    )
    if not splits:
        return one
    return st.one_of(
        one,
        split_fleets(max_members=max_members, min_total=min_count, max_total=max_count, **common),
    )


_ENTRY_DEFAULTS: dict[str, Any] = {
    name: parameter.default
    for name, parameter in inspect.signature(fleet_entries).parameters.items()
}
"""The knobs of :func:`fleet_entries` at their defaults: a cluster given ``entries`` takes none
of them."""


def clusters(
    *,
    entries: st.SearchStrategy[Fleet | SplitFleet] | None = None,
    names: st.SearchStrategy[str] | None = None,
    accelerators: Sequence[str] | None = None,
    priced: bool = False,
    min_fleets: int = 1,
    max_fleets: int = 3,
    splits: bool = True,
    max_members: int = 4,
    min_count: int = 1,
    max_count: int = 1_000_000,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
    overrides: bool = False,
    labels: bool = False,
    assumptions: st.SearchStrategy[Assumptions] | None = None,
) -> st.SearchStrategy[Cluster]:
    """Return a strategy of clusters: :class:`~computescale.cluster.Cluster`.

    A cluster drawn has a name, a list of fleets (plain fleets from
    :func:`fleets`, and split fleets from :func:`split_fleets` unless
    ``splits`` is False) and assumptions, some of them set.

    Composed from strategies, as xarray's are: ``entries`` draws each entry of the fleet
    list, ``names`` the name, ``assumptions`` the site. The scalar knobs below are a
    shortcut for ``entries=fleet_entries(...)`` and cannot be given with ``entries``.

    Parameters
    ----------
    entries
        Strategy of one entry of the fleet list (a fleet or a split fleet);
        :func:`fleet_entries` of the knobs below by default. Its fleets and split
        members, ``max_fleets`` times, must stay within the library's ``MAX_FLEETS``.
    names
        Strategy of the cluster's name (printable text of 1 to 40 characters by default).
    accelerators, priced
        Which accelerators, as for :func:`accelerator_ids`.
    min_fleets, max_fleets
        Number of entries of the fleet list (a split counts once).
    splits
        Also draw split fleets.
    max_members
        Most members of a split fleet (at least 2).
    min_count, max_count
        Interval of every count and split total [accelerators].
    ranged, distributions
        Whether counts, totals and shares are ranges, and their distributions,
        as for :func:`bounds`.
    overrides, labels
        As for :func:`fleets`.
    assumptions
        Strategy of the cluster's assumptions; :func:`assumptions` (any set,
        some left at their defaults) by default. ``st.just(Assumptions())``
        keeps every default.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For sizes the library refuses (more than ``MAX_FLEETS`` fleets and
        split members in all) or any invalid knob of :func:`fleets`.
    """
    knobs: dict[str, Any] = {
        "accelerators": accelerators,
        "priced": priced,
        "min_count": min_count,
        "max_count": max_count,
        "splits": splits,
        "max_members": max_members,
        "ranged": ranged,
        "distributions": distributions,
        "overrides": overrides,
        "labels": labels,
    }
    members = max_members if splits and entries is None else 1
    _check(
        1 <= min_fleets <= max_fleets and max_fleets * members <= MAX_FLEETS,
        f"need 1 <= min_fleets <= max_fleets and at most {MAX_FLEETS} fleets and split members "
        f"in all, got {min_fleets}, {max_fleets} fleets of up to {members} members",
    )
    if entries is not None:
        given = [k for k, v in knobs.items() if v != _ENTRY_DEFAULTS[k]]
        _check(not given, f"give {', '.join(given)} to the entries' strategy, not to clusters()")
    one = fleet_entries(**knobs) if entries is None else entries
    return st.builds(
        lambda name, fleet_list, site: Cluster.model_validate(
            {"name": name, "fleets": fleet_list, "assumptions": site}
        ),
        st.text(_TEXT, min_size=1, max_size=40) if names is None else names,
        st.lists(one, min_size=min_fleets, max_size=max_fleets),
        _assumptions() if assumptions is None else assumptions,
    )


def build_outs(
    *,
    min_phases: int = 1,
    max_phases: int = 4,
    max_new: int = 3,
    accelerators: Sequence[str] | None = None,
    priced: bool = False,
    splits: bool = True,
    max_members: int = 4,
    min_count: int = 1,
    max_count: int = 1_000_000,
    ranged: bool | None = None,
    distributions: Sequence[Distribution] = DISTRIBUTIONS,
    overrides: bool = False,
    labels: bool = False,
    assumptions: st.SearchStrategy[Assumptions] | None = None,
) -> st.SearchStrategy[Cluster]:
    """Return a strategy of build-outs: clusters of dated phases.

    The first phase lists its fleets; each later one, on the same date or later,
    either adds new fleets (``add``), or lists them all (``fleets``): the
    previous phase's and new ones, sometimes with its first fleet replaced by
    another. The cluster's ``fleets`` are those of the last phase.

    Parameters
    ----------
    min_phases, max_phases
        Number of phases.
    max_new
        Most fleets a phase brings (at least 1 each).
    accelerators, priced, splits, max_members, min_count, max_count, ranged, distributions
        The fleets, as for :func:`clusters`.
    overrides, labels
        As for :func:`fleets`; ``labels`` labels phases too.
    assumptions
        As for :func:`clusters`.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For sizes the library refuses (more than ``MAX_FLEETS`` fleets and
        members in a phase, or ``MAX_WRITTEN`` written in all) or any invalid
        knob of :func:`fleets`.
    """
    members = max_members if splits else 1
    per_phase = max_phases * max_new * members
    _check(
        1 <= min_phases <= max_phases <= 200 and max_new >= 1,
        f"need 1 <= min_phases <= max_phases <= 200 and max_new >= 1, got {min_phases}, "
        f"{max_phases} and {max_new}",
    )
    _check(
        per_phase <= MAX_FLEETS and max_phases * per_phase <= MAX_WRITTEN,
        f"{max_phases} phases of up to {max_new} new fleets of {members} members may write more "
        f"than {MAX_FLEETS} fleets and members in a phase or {MAX_WRITTEN} in all",
    )
    one = fleet_entries(
        accelerators=accelerators,
        priced=priced,
        min_count=min_count,
        max_count=max_count,
        splits=splits,
        max_members=max_members,
        ranged=ranged,
        distributions=distributions,
        overrides=overrides,
        labels=labels,
    )
    site = _assumptions() if assumptions is None else assumptions
    return _build_outs((min_phases, max_phases), max_new, one, labels, site)


@st.composite
def _build_outs(
    draw: st.DrawFn,
    phases: tuple[int, int],
    max_new: int,
    one: st.SearchStrategy[Fleet | SplitFleet],
    labels: bool,
    site: st.SearchStrategy[Assumptions],
) -> Cluster:
    n = draw(st.integers(*phases))
    dates = sorted(draw(st.lists(st.dates(FIRST_DATE, LAST_DATE), min_size=n, max_size=n)))
    out: list[dict[str, Any]] = []
    fleets: list[Fleet | SplitFleet] = []
    for i, date in enumerate(dates):
        new = draw(st.lists(one, min_size=1, max_size=max_new))
        kind = "fleets" if i == 0 else draw(st.sampled_from(["add", "grown", "changed"]))
        phase: dict[str, Any] = {"date": date.isoformat()}
        if labels and draw(st.booleans()):
            phase["label"] = draw(st.text(_TEXT, min_size=1, max_size=40))
        if kind == "add":
            phase["add"] = new
            fleets = [*fleets, *new]
        else:
            if kind == "changed":
                fleets = [draw(one), *fleets[1:]]
            fleets = [*fleets, *new]
            phase["fleets"] = fleets
        out.append(phase)
    name = draw(st.text(_TEXT, min_size=1, max_size=40))
    return Cluster.model_validate({"name": name, "phases": out, "assumptions": draw(site)})


def claims(
    *,
    quantities: Sequence[str] = QUANTITY_KINDS,
    cluster: st.SearchStrategy[Cluster] | None = None,
    min_value: float = 0.0,
    max_value: float = 1e40,
    ranged: bool | None = None,
) -> st.SearchStrategy[Claim]:
    """Return a strategy of claims to check: :class:`~computescale.claims.Claim`.

    A claim drawn names a quantity, a scope, number format, basis and sparsity
    that apply to it (a reference system for a ratio), a stated value in the
    quantity's unit (a number or ``[low, high]``), a tolerance (the default or
    one drawn) and an inline cluster, written as a claims file writes it.

    Parameters
    ----------
    quantities
        Quantities to draw from (:data:`QUANTITY_KINDS`); all by default.
    cluster
        Strategy of the claim's cluster; ``clusters(max_fleets=2)`` by default.
    min_value, max_value
        Interval of the stated value, in the unit of the quantity (W, Wh,
        USD, FLOP/s, OP/s for an int8 peak, 1 for counts and ratios); the
        value is always above 0, as a claim's must be.
    ranged
        True states ``[low, high]`` only, False single values only, None both.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        For an unknown quantity or an empty interval of values.
    """
    chosen = tuple(dict.fromkeys(quantities))
    _check(
        bool(chosen) and all(q in QUANTITY_KINDS for q in chosen),
        f"quantities must name some of {list(QUANTITY_KINDS)}, got {list(quantities)}",
    )
    _check(min_value >= 0, f"claims state values above 0, got min_value={min_value!r}")
    values = bounds(
        min_value, min(max_value, 1e40), exclude_min=True, ranged=ranged, distributions=["uniform"]
    )
    where = clusters(max_fleets=2) if cluster is None else cluster
    return _claims(chosen, where, values)


@st.composite
def _claims(
    draw: st.DrawFn,
    quantities: tuple[str, ...],
    where: st.SearchStrategy[Cluster],
    values: st.SearchStrategy[Bounds],
) -> Claim:
    quantity = draw(st.sampled_from(quantities))
    text = st.text(_TEXT, min_size=1, max_size=60)
    value = draw(values)
    data: dict[str, Any] = {
        "id": draw(st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=30)),
        "source": {
            "title": draw(text),
            "outlet": draw(text),
            "date": draw(st.dates(FIRST_DATE, LAST_DATE)).isoformat(),
            "url": draw(st.sampled_from([None, "https://example.org/article"])),
        },
        "says": draw(text),
        "quantity": quantity,
        "value": value.low if value.is_point else [value.low, value.high],
        "cluster": draw(where).model_dump(mode="json", exclude_unset=True),
        "basis": draw(st.sampled_from(["bf16", "tpp", *FORMATS])),
    }
    if scopes_of(quantity):
        data["scope"] = draw(st.sampled_from([None, *scopes_of(quantity)]))
    row = CLAIM_TABLE[quantity]
    if row.has_precision:
        data["precision"] = draw(st.sampled_from([None, *FORMATS]))
        data["sparse"] = draw(st.booleans())
    if quantity == "ratio" and data.get("scope") == "mxp":  # a list with the system's HPL-MxP
        with_mxp = [
            (system.id, entry.list)
            for system in reference_systems().values()
            for entry in system.entries
            if entry.mxp_pflops is not None
        ]
        data["reference"], data["list"] = draw(st.sampled_from(with_mxp))
    elif quantity == "ratio":
        data["reference"] = draw(st.sampled_from(sorted(reference_systems())))
    if row.recomputed_from == "run":  # a run of 1e20 to 1e27 FLOP, or of 1 to 365 days
        run: dict[str, Any] = (
            {"compute": f"{draw(st.floats(1e20, 1e27)):.6g} FLOP"}
            if draw(st.booleans())
            else {"days": draw(st.floats(1.0, 365.0))}
        )
        if draw(st.booleans()):
            run["rental_price"] = draw(st.floats(0.1, 20.0))
        data["run"] = run
    if draw(st.booleans()):  # else the default, DEFAULT_TOLERANCE
        data["tolerance"] = draw(st.floats(0.0, 1.0))
    return Claim.model_validate(data)
