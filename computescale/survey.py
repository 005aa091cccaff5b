"""Many clusters at once: every cluster file of a list or a folder, estimated alike.

:func:`estimate_many` estimates clusters given as files, folders (their ``.yaml`` and
``.yml`` files, in name order) or :class:`~computescale.cluster.Cluster` objects, with one
basis, sparsity, catalogue, preset and sampling for all, so that their figures compare.
:func:`columns` gives a cluster's row of figures, as CSV and ``to_frame``
(:mod:`computescale.report.frames`) show it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from computescale.catalogue import Catalogue
from computescale.cluster import Cluster, load_cluster
from computescale.errors import ArgumentError, InputError, check_items, check_type
from computescale.estimates import Estimate, FleetEstimate, estimate, figure_value
from computescale.figures import FIGURES
from computescale.notation import format_range
from computescale.presets import prepared
from computescale.ranges import Range
from computescale.sampling import Sampling

__all__ = [
    "MAX_CLUSTERS",
    "chips_text",
    "cluster_files",
    "columns",
    "estimate_many",
    "figure_columns",
    "sorted_by",
]

MAX_CLUSTERS = 10_000
"""Most clusters one run estimates: a folder of more is refused rather than read for hours."""

Item = str | os.PathLike[str] | Cluster


def cluster_files(items: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Return the cluster files of files and folders, folders expanded in name order.

    Raises
    ------
    InputError
        For a folder without cluster files, or more than :data:`MAX_CLUSTERS` files.
    """
    return [p for p in _expanded(items) if isinstance(p, Path)]


def _expanded(items: Sequence[Item]) -> list[Path | Cluster]:
    """Return the items with each folder replaced by its cluster files (clusters kept).

    A folder stands for its regular ``.yaml`` and ``.yml`` files; a file given twice (by the
    same or another name) is estimated once.
    """
    out: list[Path | Cluster] = []
    seen: set[object] = set()
    files = 0
    for i, item in enumerate(items):
        if isinstance(item, Cluster):
            out.append(item)
            continue
        check_type(item, (str, os.PathLike), f"items[{i}]", "a cluster file, a folder or a Cluster")
        path = Path(item)
        found = [path]
        if path.is_dir():
            # regular files only: a sub-folder named x.yaml or an editor's lock link is skipped
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                raise InputError(
                    "is a folder without cluster files (.yaml or .yml)",
                    file=str(path),
                    fix="give cluster files, or a folder that holds some",
                )
        for p in found:
            key = _identity(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
                files += 1
        if files > MAX_CLUSTERS:
            raise InputError(
                f"more than {MAX_CLUSTERS:,} cluster files in one run",
                file=str(path),
                fix="split the run",
            )
    return out


def _identity(path: Path) -> object:
    """Return what makes two names one file: its device and inode, else its absolute path."""
    try:
        info = path.stat()
    except OSError:
        return os.path.abspath(path)  # read later, where the error names the file
    return (info.st_dev, info.st_ino)


def estimate_many(
    items: Sequence[Item],
    *,
    basis: str | None = None,
    sparse: bool = False,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    preset: str | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assume",
) -> list[Estimate]:
    """Estimate several clusters alike; see :func:`computescale.estimates.estimate`.

    Parameters
    ----------
    items
        Cluster files, folders of cluster files, or clusters.
    basis, sparse, catalogue, sampling
        As for :func:`~computescale.estimates.estimate`, the same for every cluster.
    preset, assume, assume_source
        A peer's method, then assumptions, applied to every cluster
        (:func:`computescale.presets.prepared`).

    Raises
    ------
    InputError
        Naming the file, line and field of the first problem.
    """
    if isinstance(items, Cluster):  # a pydantic model iterates over its fields
        raise ArgumentError("got one Cluster; expected a list, e.g. [cluster]", field="items")
    check_items(items, "items", "['colossus2.yaml', 'a-folder/']")
    # every folder is read, and the limit checked, before any file is loaded
    clusters = [
        item if isinstance(item, Cluster) else load_cluster(item, catalogue)
        for item in _expanded(items)
    ]
    clusters = [
        prepared(c, preset=preset, assume=assume, assume_source=assume_source) for c in clusters
    ]
    return [
        estimate(c, basis=basis, sparse=sparse, catalogue=catalogue, sampling=sampling)
        for c in clusters
    ]


def columns(e: Estimate) -> dict[str, Any]:
    """Return one row of figures in base units: ``<figure>_<unit>_low`` and ``_high`` columns.

    The names say the unit (``facility_w_low``, ``peak_bf16_flop_per_s_high``); a missing
    figure is None (empty in CSV), its reason in the estimate's ``missing``. A sampled estimate
    adds ``_p5``, ``_p50`` and ``_p95`` after each figure's bounds; a bounded figure ``_bound``;
    a figure that rests on another format's rate ``_stand_in`` (``at the bf16 rate on X``).
    """
    row: dict[str, Any] = {
        "name": e.name,
        "as_of": None if e.as_of is None else e.as_of.isoformat(),
        "chips": chips_text(e),
        "basis": e.basis,
        "sparse": e.sparse,
    }
    return row | figure_columns(e, e.stand_in_of)


def chips_text(e: Estimate) -> str:
    """Say which accelerators a cluster has, and how many of each: ``H100-SXM 100,000``.

    Fleets of one chip are added up; a split's members each span every split, so their
    counts read as ranges (``GB200 0 – 550,000; GB300 0 – 550,000``).
    """
    counts: dict[str, tuple[float, float]] = {}
    for f in e.fleets:
        low, high = f.count.magnitudes()
        was = counts.get(f.accelerator, (0.0, 0.0))
        counts[f.accelerator] = (was[0] + low, was[1] + high)
    return "; ".join(
        f"{chip} {format_range(Range.of(bounds, ''))}" for chip, bounds in counts.items()
    )


def figure_columns(
    of: Estimate | FleetEstimate, stand_in_of: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """Return the figure columns of an estimate or of one fleet's figures (see :func:`columns`).

    ``stand_in_of`` says, for a figure's key, which other format's rate it rests on ("" if
    none): :meth:`Estimate.stand_in_of`. A figure a fleet does not hold (the cluster's node
    count) has no columns in a fleet's row.
    """
    row: dict[str, Any] = {}
    for f in FIGURES:
        if f.quantity.name != "accelerators" and not hasattr(of, f.quantity.attribute_name):
            continue
        r = figure_value(of, f.key)
        name = _column(f.key, f.unit)
        low, high = (None, None) if r is None else r.magnitudes()
        row[f"{name}_low"], row[f"{name}_high"] = low, high
        likely = None if r is None else r.percentiles()
        if likely is not None:
            for label, value in zip(("p5", "p50", "p95"), likely, strict=True):
                row[f"{name}_{label}"] = value
        if r is not None and r.bound is not None:
            row[f"{name}_bound"] = r.bound
        stand_in = None if stand_in_of is None else stand_in_of(f.key)
        if stand_in:  # the figure rests on another format's rate: said beside it
            row[f"{name}_stand_in"] = stand_in
    return row


def _column(key: str, unit: str) -> str:
    if key.startswith("peak_flops."):
        return f"peak_{key.split('.')[1]}_{'op' if unit == 'OP/s' else 'flop'}_per_s"
    if key.startswith("hpl_"):
        return f"{key}_flop_per_s"
    return key


def sorted_by(estimates: Sequence[Estimate], column: str) -> list[Estimate]:
    """Return estimates sorted by one of their :func:`columns`.

    Numbers highest first, text in alphabetical order; a cluster without the figure last.

    Raises
    ------
    InputError
        For a column no estimate has, naming the columns there are.
    """
    rows = [columns(e) for e in estimates]
    known = list(dict.fromkeys(k for row in rows for k in row))
    if column not in known:
        near = [k for k in known if column in k][:8] or known[:8]
        raise InputError(
            f"no column {column!r}",
            field="--sort",
            expected=f"a column of the CSV, such as {', '.join(near)}",
        )

    def key(pair: tuple[dict[str, Any], Estimate]) -> tuple[int, Any]:
        value = pair[0].get(column)
        if value is None or value == "":
            return (2, 0)
        return (1, str(value).casefold()) if isinstance(value, str) else (0, -float(value))

    return [e for _, e in sorted(zip(rows, estimates, strict=True), key=key)]
