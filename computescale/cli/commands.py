"""The commands: each a few lines over one library call, written by the renderer table.

A command reads its options (:mod:`computescale.cli.options`), calls the library once, and
writes the result in the format asked through :func:`computescale.report.renderers.render`,
so that every command gets every format of its result from one place. :data:`COMMANDS`
maps each command's name to its function; each returns its :class:`ExitStatus`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from computescale.catalogue import Catalogue, list_accelerators
from computescale.cli.drawing import drawing, figure_svg
from computescale.cli.options import (
    STDIN,
    article_inputs,
    article_text,
    assumed,
    catalogue_files,
    claims_inputs,
    clusters_of,
    estimate_options,
    inline_cluster,
    is_article,
    outlet,
    prepare,
    range_option,
    read_cluster,
    refuse_article_options,
    sampling,
)
from computescale.cli.parser import SCHEMAS
from computescale.cli.process import ExitStatus, emit, show, writing
from computescale.cluster import load_cluster
from computescale.documents import MAX_BYTES
from computescale.errors import InputError
from computescale.estimates import estimate
from computescale.outputs import copy_files, write_text
from computescale.report.layout import align
from computescale.report.renderers import Kind, Page, render
from computescale.shipped import examples_folder, known_clusters
from computescale.timeline import estimate_with_phases

if TYPE_CHECKING:
    from computescale.claims import ClaimResult

__all__ = ["COMMANDS", "STARTER"]

Command = Callable[[argparse.Namespace, Catalogue], ExitStatus]


def _write(
    kind: Kind,
    result: object,
    args: argparse.Namespace,
    page: Page | None = None,
    inputs: tuple[str, ...] = (),
) -> None:
    """Write a result in the format asked, to ``--output`` or standard output.

    ``inputs``: the files the command read, which an output may never replace.
    """
    text = render(kind, result, getattr(args, "format", "json"), page)  # schema: JSON only
    emit(text, getattr(args, "output", None), inputs)


def catalogue(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """List the catalogue's accelerators, or show one (``catalogue list``, ``show``)."""
    if args.catalogue_command == "show":
        _write("accelerator", cat[args.id], args)
        return ExitStatus.OK
    try:
        specs = list_accelerators(cat, vendor=args.vendor, status=args.status)
    except InputError as exc:  # the only argument it refuses: name the option
        raise InputError(exc.problem, field="--vendor", expected=exc.expected) from None
    _write("accelerators", specs, args)
    return ExitStatus.OK


def estimate_(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Estimate one cluster with its build-out, or several in one table (``estimate``)."""
    if bool(args.files) == bool(args.fleet):
        raise InputError(
            "give cluster files or --fleet, not both" if args.files else "no cluster given",
            field="estimate",
            fix="give a cluster file or name (computescale estimate colossus2), or fleets "
            "inline (--fleet H100=100000)",
        )
    several = len(args.files) > 1 or (args.files and Path(args.files[0]).is_dir())
    if not args.fleet and (several or args.format == "csv"):
        return _estimate_many(args, cat)
    columns = _columns(args)
    options = estimate_options(args, cat)
    if args.fleet:
        cluster = prepare(inline_cluster(args.fleet, cat), args)
    else:
        cluster = read_cluster(args.files[0], args, cat)
    result = estimate_with_phases(cluster, **options)
    page = Page(
        catalogue=cat, headline=not args.all, figure=figure_svg("estimate"), columns=columns
    )
    files = tuple(f for f in args.files if f != STDIN)
    _write("estimate", result, args, page, (*files, *catalogue_files(args)))
    return ExitStatus.OK


def _columns(args: argparse.Namespace) -> list[str] | None:
    """Return the CSV columns of ``--columns``, or None; refused with another format."""
    if not args.columns:
        return None
    if args.format != "csv":
        raise InputError("applies to --format csv", field="--columns", fix="add --format csv")
    return [c.strip() for c in args.columns.split(",")]


def _estimate_many(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Estimate several cluster files (or folders of them) alike; write one table.

    Every file is read and checked before anything is written; the estimates are then made
    as they are written (JSON a cluster at a time), so memory grows with the clusters, not
    with their fleets.
    """
    from computescale.survey import cluster_files

    files = cluster_files(args.files)
    options = estimate_options(args, cat)
    clusters = [prepare(load_cluster(f, cat), args) for f in files]
    columns = _columns(args)
    if args.sort and args.format == "json":
        raise InputError(
            "applies to tables, Markdown, CSV and HTML: JSON is written a cluster at a time, "
            "in the order given",
            field="--sort",
            fix="drop --sort, or choose another --format",
        )
    page = Page(
        catalogue=cat,
        figure=figure_svg("estimates"),
        files=[str(f) for f in files],
        columns=columns,
        sort=args.sort,
    )
    estimates = (estimate(c, **options) for c in clusters)
    _write("estimates", estimates, args, page, (*map(str, files), *catalogue_files(args)))
    return ExitStatus.OK


def compare(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Estimate two clusters alike, side by side (``compare A B``)."""
    options = estimate_options(args, cat)
    a, b = (estimate(read_cluster(f, args, cat), **options) for f in (args.a, args.b))
    _write("comparison", (a, b), args)
    return ExitStatus.OK


def extract(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Draft the claims of an article (``extract ARTICLE``)."""
    from computescale.articles import extract_claims

    drafted = extract_claims(
        article_text(args),
        lang=args.lang,
        clusters=clusters_of(args),
        source_date=args.source_date,
        catalogue=cat,
    )
    base = Path(args.output).resolve().parent if args.output else None
    text = render("drafts", drafted, args.format, Page(outlet=outlet(args), base=base))
    size = len(str(text).encode("utf-8"))
    if args.format == "yaml" and size > MAX_BYTES:  # said, not found out when checked
        print(
            f"computescale: the drafts are {size:,} bytes, over the {MAX_BYTES:,} a "
            "claims file may hold: `check` would refuse this file; check the article "
            "itself (`computescale check ARTICLE`), or split it",
            file=sys.stderr,
        )
    emit(text, args.output, article_inputs(args))
    return ExitStatus.OK


def check(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Check a claims file, or an article's drafted claims (``check``)."""
    if is_article(args):
        return _check_article(args, cat)
    refuse_article_options(args)
    from computescale.claims import check_claims

    inputs = claims_inputs(args)
    results = check_claims(
        args.file,
        catalogue=cat,
        sampling=sampling(args),
        assume=assumed(args.assume),
        assume_source="--assume",
        preset=args.preset,
    )
    return _verdicts("claims", results, results, args, cat, inputs, os.path.basename(args.file))


def _check_article(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Draft the claims of an article and check them in one go (``check ARTICLE.txt``)."""
    from computescale.articles import check_article

    given = sampling(args)  # options refused before the article is read
    checked = check_article(
        article_text(args),
        clusters=clusters_of(args),
        lang=args.lang,
        source_date=args.source_date,
        outlet=outlet(args),
        catalogue=cat,
        sampling=given,
        assume=assumed(args.assume),
        preset=args.preset,
    )
    inputs = article_inputs(args)
    return _verdicts("article", checked, checked.results, args, cat, inputs, outlet(args))


_UNCHECKED_NOTE = (
    "computescale: {n} of {total} claims could not be checked (an input they name is invalid: "
    "see their reasons); the others were\n"
)


def _verdicts(
    kind: Kind,
    result: object,
    results: Sequence[ClaimResult],
    args: argparse.Namespace,
    cat: Catalogue,
    inputs: tuple[str, ...],
    title: str,
) -> ExitStatus:
    """Write the verdicts of a check in the format asked; return the exit status."""
    from computescale.claims import UNCHECKED

    page = Page(catalogue=cat, title=title, figure=figure_svg(kind))
    _write(kind, result, args, page, inputs)
    if args.strict and any(r.verdict == "inconsistent" for r in results):
        return ExitStatus.INCONSISTENT
    unchecked = sum(UNCHECKED in r.flags for r in results)
    if unchecked:
        print(_UNCHECKED_NOTE.format(n=unchecked, total=len(results)), end="", file=sys.stderr)
        return ExitStatus.UNCHECKED
    return ExitStatus.OK


def convert_(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Find how many of a chip make a target (``convert TARGET --to CHIP``)."""
    from computescale.conversion import convert

    converted = convert(
        args.target,
        args.to,
        scope=args.scope,
        basis=args.basis,
        fmt=args.precision,
        catalogue=cat,
        sampling=sampling(args),
        preset=args.preset,
        assume=assumed(args.assume),
        assume_source="--assume",
    )
    _write("conversion", converted, args)
    return ExitStatus.OK


def train_(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Time a training run on a cluster (``train FILE --compute C | --days D``)."""
    from computescale.training import TrainingOptions, train
    from computescale.uncertain import Bounds

    options: TrainingOptions = {
        "precision": args.precision,
        "catalogue": cat,
        "sampling": sampling(args),
        "architecture": args.architecture,
    }
    if args.mfu is not None:  # as given: the library refuses low above high
        options["mfu"] = Bounds(*range_option(args.mfu, "--mfu"))
    cluster = read_cluster(args.file, args, cat)
    _write("training", train(cluster, compute=args.compute, days=args.days, **options), args)
    return ExitStatus.OK


def plot(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Draw a cluster, a folder of clusters or a claims file (``plot FILE -o IMAGE``)."""
    given = sampling(args)
    with drawing() as plots:
        drawn = plots.file_figure(
            args.file,
            basis=args.basis,
            catalogue=cat,
            sampling=given,
            assume=assumed(args.assume),
            assume_source="--assume",
            preset=args.preset,
        )
        with writing(args.output):
            plots.save(drawn.figure, args.output, inputs=(*drawn.inputs, *catalogue_files(args)))
    return ExitStatus.OK


def examples(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """List the shipped clusters, or copy the examples (``examples list``, ``copy``)."""
    if args.examples_command == "list":
        rows = [["name", "cluster"]]
        rows += [[name, load_cluster(path).name] for name, path in known_clusters().items()]
        show("\n".join(align(rows)) + "\n")
        return ExitStatus.OK
    source = examples_folder()
    if source is None:  # pragma: no cover - a wheel or a checkout always has it
        raise InputError("this installation has no examples folder", fix="reinstall computescale")
    copied = copy_files(source, args.folder)
    show(f"copied {len(copied)} files into {args.folder}\n")
    return ExitStatus.OK


def init(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Write a starter cluster file, never replacing one (``init [PATH]``)."""
    if os.path.lexists(args.path):
        raise InputError(
            "is there already; nothing is ever replaced",
            file=args.path,
            fix="give another path, or edit that file",
        )
    with writing(args.path):
        write_text(args.path, STARTER)
    show(f"wrote {args.path}: fill it in, then `computescale estimate {args.path}`\n")
    return ExitStatus.OK


def schema(args: argparse.Namespace, cat: Catalogue) -> ExitStatus:
    """Write the JSON Schema of an input file (``schema``)."""
    _write("schema", SCHEMAS[args.kind](), args)
    return ExitStatus.OK


COMMANDS: dict[str, Command] = {
    "catalogue": catalogue,
    "estimate": estimate_,
    "check": check,
    "compare": compare,
    "extract": extract,
    "plot": plot,
    "convert": convert_,
    "train": train_,
    "init": init,
    "examples": examples,
    "schema": schema,
}
"""Each command's function, by name."""


STARTER = """\
# A cluster file: fill in what the source says, and leave out what it does not.
# Every field: docs/clusters.md, or `computescale schema` for editors.
name: My cluster (as announced)      # how it is named in every output
as_of: 2026-01-31                    # the date the figures describe
description: Where the figures come from (the press release, its date, its address).
fleets:
  - accelerator: H100                # a catalogue id or alias: `computescale catalogue list`
    count: 100000                    # or a range [90000, 110000], or "more than 100000"
    system: server-8                 # optional: server-8, hpc-node-4, nvl72 (its power per GPU)
  # A total shared by several chips in shares not given:
  # - total: 550000
  #   split:
  #     - accelerator: GB200
  #     - accelerator: GB300
  # Counted in racks, nodes or superchips instead of GPUs:
  # - accelerator: GB200
  #   racks: 100                     # 72 GPUs each (the catalogue's packaging)
# Assumptions replace the documented defaults (docs/assumptions.md); leave out to use them.
# assumptions:
#   pue: [1.1, 1.3]
#   electricity_price: 0.06 USD/kWh
"""
"""The file ``computescale init`` writes: a cluster of one fleet, with its options commented."""
