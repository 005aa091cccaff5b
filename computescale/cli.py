"""The ``computescale`` command: a thin skin over the library.

Exit codes: 0 success (``check``: whatever the verdicts, unless ``--strict`` and
a claim is inconsistent: 1; or 3 when some claims could not be checked, because a
cluster file they name is invalid, while the others were); 2 bad input or an
output that cannot be written (one line on stderr, no traceback); 1 an unexpected
internal error (a bug: please report it); 130 interrupted (Ctrl-C); 143 terminated
(SIGTERM). A standard output closed by its reader (``| head``) ends quietly with 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import shutil
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any, get_args

from computescale import __version__
from computescale.assumptions import Assumptions, updated_assumptions
from computescale.catalogue import (
    FORMATS,
    AcceleratorSpec,
    Catalogue,
    Status,
    catalogue_schema,
    list_accelerators,
    load_catalogue,
)
from computescale.cluster import (
    Cluster,
    cluster_schema,
    load_cluster,
    parse_cluster,
    with_assumptions,
)
from computescale.documents import MAX_BYTES, Document, parse_document, read_text, validate
from computescale.errors import ComputescaleError, InputError
from computescale.estimates import Estimate, FleetEstimate, estimate
from computescale.notation import DIGITS, digits
from computescale.outputs import copy_files, dumps, write_parts, write_text
from computescale.presets import PRESETS, with_preset
from computescale.ranges import Range
from computescale.report import (
    catalogue_csv,
    catalogue_markdown,
    catalogue_table,
    claims_csv,
    claims_html,
    claims_json,
    claims_markdown,
    claims_table,
    compare_markdown,
    compare_table,
    conversion_table,
    conversion_to_dict,
    estimate_html,
    estimate_json,
    estimate_markdown,
    estimate_table,
    estimate_to_dict,
    spec_table,
    survey_csv,
    survey_html,
    survey_json_parts,
    survey_markdown,
    survey_table,
    training_table,
    training_to_dict,
)
from computescale.report.layout import align, fitted, table_width
from computescale.sampling import DEFAULT_SEED, Sampling, reporting
from computescale.shipped import examples_folder, known_clusters
from computescale.timeline import PhaseEstimate, estimate_timeline
from computescale.uncertain import date_out_of_range

if TYPE_CHECKING:
    from computescale.claims import ClaimResult

__all__ = ["build_parser", "main"]


def _claims_schema() -> dict[str, Any]:
    from computescale.claims import claims_schema  # imported when asked: start-up time

    return claims_schema()


SCHEMAS = {"cluster": cluster_schema, "claims": _claims_schema, "catalogue": catalogue_schema}
"""The JSON Schema of each kind of input file, for ``computescale schema --kind``."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"computescale: error: {_short(message)} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (every command and option has help text)."""
    parser = _Parser(
        prog="computescale",
        description="Turn descriptions of AI compute clusters into checked numbers.",
    )
    parser.add_argument("--version", action="version", version=f"computescale {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    cat = commands.add_parser(
        "catalogue",
        help="list or show accelerators of the catalogue",
        description="List or show accelerators of the catalogue.",
    )
    cat_cmds = cat.add_subparsers(
        dest="catalogue_command", metavar="SUBCOMMAND", parser_class=_Parser
    )
    cat_cmds.required = True
    cat_list = cat_cmds.add_parser(
        "list", help="one line per accelerator", description="One line per accelerator."
    )
    cat_list.add_argument(
        "--vendor",
        metavar="NAME",
        help="only this vendor's accelerators (e.g. NVIDIA, AMD, Google)",
    )
    cat_list.add_argument(
        "--status",
        choices=get_args(Status),
        help="only accelerators of one status: shipping, export-only (made for one market "
        "under export rules), announced or cancelled (programme ended by the vendor)",
    )
    _format_option(cat_list, "table", "json", "markdown", "csv")
    cat_show = cat_cmds.add_parser(
        "show",
        help="every field of one accelerator, with sources",
        description="Every field of one accelerator, with sources.",
    )
    cat_show.add_argument("id", help="accelerator id or alias, e.g. GB300")
    _format_option(cat_show, "table", "json")
    for sub in (cat_list, cat_show):
        _catalogue_option(sub)

    est = commands.add_parser(
        "estimate",
        help="estimate FLOP/s, H100-equivalents, power, energy and cost of a cluster",
        description="Estimate every figure of a cluster file as guaranteed ranges.",
    )
    est.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="cluster file (YAML), a shipped cluster's name, - for standard input, or several "
        "files or folders: several give one table, a row per cluster",
    )
    est.add_argument(
        "--sort",
        metavar="COLUMN",
        help="several clusters: sort by a column of the CSV (numbers highest first), e.g. "
        "h100e_high, facility_w_high, name",
    )
    est.add_argument(
        "--columns",
        metavar="A,B,...",
        help="several clusters, --format csv: only these columns, in this order",
    )
    est.add_argument(
        "--fleet",
        action="append",
        default=[],
        metavar="CHIP=COUNT",
        help="a fleet given inline instead of a file (repeatable): H100=100000, "
        "'GB200=[20000, 30000]'",
    )
    _report_options(est, "csv", "html")
    est.add_argument(
        "--all",
        action="store_true",
        help="show every figure in the table (default: the headline figures: counts, "
        "H100-equivalents, the basis's peak, IT and facility power, energy, total capex)",
    )
    _basis_options(est)
    _preset_option(est)
    _samples_options(est, "add likely ranges (p5/p50/p95) next to the bounds")
    _assume_option(est)
    _catalogue_option(est)

    check = commands.add_parser(
        "check",
        help="recompute the figures of a claims file and give verdicts",
        description="Recompute each claim of a claims file; give a verdict and a diagnosis.",
    )
    check.add_argument(
        "file",
        help="claims file (YAML), or an article (.txt, .md, .html, or - for standard input) "
        "whose claims are drafted first, as `extract` does, and checked",
    )
    _report_options(check, "csv", "html")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any claim is inconsistent"
    )
    _article_options(check)
    _samples_options(check, "tell likely figures from ones that hold only at the edges")
    _assume_option(check)
    _preset_option(check)
    _catalogue_option(check)

    compare = commands.add_parser(
        "compare",
        help="two clusters side by side, with the ratio B / A of each figure",
        description="Estimate two cluster files alike and print their key figures side by side "
        "with the ratios B / A of the bounds.",
    )
    compare.add_argument("a", metavar="A", help="cluster file (YAML)")
    compare.add_argument("b", metavar="B", help="cluster file (YAML)")
    _format_option(compare, "table", "json", "markdown", "csv")
    _basis_options(compare)
    _preset_option(compare)
    _assume_option(compare)
    _catalogue_option(compare)

    extract = commands.add_parser(
        "extract",
        help="draft the claims of an article's text (Italian or English)",
        description="Find the figures of an article (counts, FLOP/s, power, money, "
        "H100-equivalents, ratios, training runs), match each to a cluster file and draft a "
        "claims file to review and check.",
    )
    extract.add_argument(
        "file", help="article as plain text or HTML (UTF-8), or - for standard input"
    )
    _format_option(extract, "yaml", "json")
    extract.add_argument(
        "--output",
        "-o",
        type=_output,
        metavar="PATH",
        help="write to PATH (atomically) instead of standard output; cluster paths in the "
        "drafted file are then relative to PATH's folder",
    )
    _article_options(extract)

    plot = commands.add_parser(
        "plot",
        help="draw a cluster (build-out or summary), a folder of clusters or a claims file",
        description="Draw a build-out (a cluster with phases), a cluster summary (by fleet, "
        "power ladder, capex), a folder of cluster files side by side, or a claims file "
        "(stated vs recomputed).",
        epilog="examples:\n  computescale plot colossus1 -o colossus1.png\n"
        "  computescale plot examples/clusters -o clusters.svg\n"
        "  computescale plot examples/claims/seed-articles.yaml -o claims.pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plot.add_argument(
        "file", help="cluster or claims file (YAML), a shipped cluster's name, or a folder"
    )
    plot.add_argument(
        "--output",
        "-o",
        type=_output,
        metavar="PATH",
        required=True,
        help="image to write: .png, .svg or .pdf (atomically)",
    )
    plot.add_argument(
        "--basis", help="basis of H100-equivalents (default: bf16; cluster files only)"
    )
    _samples_options(plot, "draw medians and p5-p95 next to the bounds (cluster files only)")
    _assume_option(plot)
    _catalogue_option(plot)

    conv = commands.add_parser(
        "convert",
        help="how many of a chip make a target in H100e, FLOP/s, power or USD",
        description="Find how many accelerators of one type meet a target, and estimate "
        "that cluster. Targets: '50e6 H100e', '50 EFLOP/s', '1 GW', '12e9 USD', '[1, 2] GW'.",
    )
    conv.add_argument("target", help="target with unit, e.g. '50e6 H100e' or '1 GW'")
    conv.add_argument("--to", required=True, help="accelerator id or alias, e.g. GB300")
    conv.add_argument(
        "--scope",
        help="power: chip | it | facility (default facility); "
        "budget: accelerators | hardware | total (default total)",
    )
    conv.add_argument("--basis", default="bf16", help="basis of H100-equivalents (default: bf16)")
    conv.add_argument(
        "--precision", default="bf16", help="number format of a FLOP/s target (default: bf16)"
    )
    _format_option(conv, "table", "json")
    _samples_options(conv, "likely range of the count (p5/p50/p95)")
    _assume_option(conv)
    _catalogue_option(conv)

    train = commands.add_parser(
        "train",
        help="time to train C FLOP on a cluster, or FLOP delivered in D days",
        description="Time to train a compute budget on a cluster at a stated MFU, or the "
        "compute it delivers in a number of days; with the run's energy and electricity cost.",
    )
    train.add_argument("file", help="cluster file (YAML)")
    goal = train.add_mutually_exclusive_group(required=True)
    goal.add_argument("--compute", type=float, metavar="FLOP", help="training compute, e.g. 1e26")
    goal.add_argument("--days", type=float, metavar="D", help="duration of the run in days")
    train.add_argument(
        "--mfu",
        nargs="+",
        metavar="MFU",
        help="model FLOP utilisation: one value (0.4) or a range, written as in a file "
        "('[0.35, 0.45]', as --assume takes it) or as LOW HIGH (0.35 0.45) "
        "(default: the middle 80 %% of published runs of the architecture, dense "
        "[0.18, 0.44], mixture-of-experts [0.15, 0.22])",
    )
    train.add_argument(
        "--architecture",
        choices=("dense", "moe"),
        default="dense",
        help="dense model or mixture of experts (moe): the default MFU (default: dense)",
    )
    train.add_argument(
        "--precision", default="bf16", help="number format of the run (default: bf16, dense)"
    )
    _samples_options(train, "add likely ranges (p5/p50/p95) next to the bounds")
    _format_option(train, "table", "json")
    _assume_option(train)
    _preset_option(train)
    _catalogue_option(train)

    init = commands.add_parser(
        "init",
        help="write a starter cluster file to fill in",
        description="Write a starter cluster file, every field commented, to fill in from a "
        "press release. An existing file is never replaced.",
        epilog="examples:\n  computescale init my-cluster.yaml\n"
        "  computescale estimate my-cluster.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument(
        "path", nargs="?", default="cluster.yaml", help="where to write it (default: cluster.yaml)"
    )
    examples = commands.add_parser(
        "examples",
        help="the example clusters, claims files and articles",
        description="The example clusters, claims files and articles the README and docs use. "
        "Shipped clusters are also known by name: `computescale estimate colossus2`.",
        epilog="examples:\n  computescale examples list\n  computescale examples copy\n"
        "  computescale estimate examples/colossus2.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    example_cmds = examples.add_subparsers(
        dest="examples_command", metavar="SUBCOMMAND", parser_class=_Parser
    )
    example_cmds.required = True
    example_cmds.add_parser(
        "list",
        help="the shipped clusters by name, with what each is",
        description="The shipped clusters by name, with what each is.",
    )
    copy = example_cmds.add_parser(
        "copy",
        help="copy the examples into a folder (default: ./examples), replacing nothing",
        description="Copy the examples into a folder (default: ./examples), so that the "
        "README's commands run as written. Nothing is replaced: a file already there stops "
        "the copy before anything is written.",
    )
    copy.add_argument("folder", nargs="?", default="examples", help="where to copy them")
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of cluster, claims or catalogue files",
        description="Print the JSON Schema of cluster, claims or catalogue files.",
    )
    schema.add_argument(
        "--kind",
        choices=tuple(SCHEMAS),
        default="cluster",
        help="which files the schema describes (default: cluster)",
    )
    schema.add_argument(
        "--output", "-o", type=_output, metavar="PATH", help="write to PATH instead"
    )
    for name, sub in commands.choices.items():
        if name in _EXAMPLES:
            sub.epilog = "examples:\n" + "\n".join(f"  computescale {e}" for e in _EXAMPLES[name])
            sub.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


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


_EXAMPLES = {
    "estimate": (
        "estimate colossus2",
        "estimate examples/colossus2.yaml --all --digits 4",
        "estimate examples/clusters --format csv -o clusters.csv",
        "estimate colossus1-2024-09 --preset epoch",
    ),
    "check": (
        "check examples/claims/seed-articles.yaml",
        "check article.txt --cluster colossus2 --format html -o check.html",
        "cat article.txt | computescale check - --source-date 2025-07-23",
    ),
    "compare": ("compare colossus1-2024-09 colossus2", "compare colossus1 colossus2 --format csv"),
    "extract": ("extract examples/articles/seed-000.it.txt --cluster colossus2 -o drafts.yaml",),
    "convert": (
        'convert "50e6 H100e" --to GB300',
        'convert "1 GW" --to GB200 --scope facility',
        'convert "12e9 USD" --to H100 --samples 1e4',
    ),
    "train": ("train colossus2 --compute 1e27", "train deepseek-v3 --days 56.72"),
    "catalogue": ("catalogue list --vendor google", "catalogue show GB300 --format json"),
    "schema": ("schema > cluster.schema.json", "schema --kind claims"),
}
"""Examples each command's --help ends with (plot and examples have their own)."""


_DIGITS = re.compile(r"\s*[+-]?[0-9]+\s*")
_E_NOTATION = re.compile(r"\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+\s*")


def _whole_number(text: str) -> int:
    """Return a whole number written as digits or in e-notation (``1e5``, ``2.5e3``).

    The number is read exactly (no float): ``1.9e0`` is not whole, rather than 1.
    Whether it is a number of samples is for :class:`~computescale.sampling.Sampling`
    to say; only a number too long to hold (more digits than Python reads from
    text) is refused here.
    """
    if not (_DIGITS.fullmatch(text) or _E_NOTATION.fullmatch(text)):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    value = Decimal(text.strip())
    if value != value.to_integral_value():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value.adjusted() >= sys.int_info.default_max_str_digits:
        raise argparse.ArgumentTypeError(f"{text} has too many digits")
    return int(value)


def _integer(text: str) -> int:
    """Return a whole number written as digits (a seed)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _sampling(args: argparse.Namespace) -> Sampling | None:
    """Return the sampling of ``--samples`` and ``--seed``; None without ``--samples``.

    The library checks both numbers and holds the default seed; its messages name
    the options here.
    """
    if args.samples is None:
        if args.seed is not None:
            raise InputError(
                "has no effect without --samples",
                field="--seed",
                fix="add --samples N, or drop --seed",
            )
        return None
    try:
        if args.seed is None:
            return Sampling(args.samples)
        return Sampling(args.samples, args.seed)
    except InputError as exc:
        raise InputError(
            exc.problem, field=f"--{exc.field}", expected=exc.expected, fix=exc.fix
        ) from None


def _significant_digits(text: str) -> int:
    """Return ``--digits``: a whole number of significant digits from 1 to 15."""
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= 15:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 15")
    return int(text)


def _format_option(parser: argparse.ArgumentParser, *choices: str) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )
    parser.add_argument(
        "--digits",
        type=_significant_digits,
        default=DIGITS,
        metavar="N",
        help=f"significant digits of every number shown (default: {DIGITS}; JSON and CSV "
        "always hold full precision)",
    )


def _output(text: str) -> str:
    """Return an output path; an empty one is refused (it would write to standard output)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a file to write, or leave -o out")
    return text


def _report_options(parser: argparse.ArgumentParser, *more: str) -> None:
    _format_option(parser, "table", "json", "markdown", *more)
    parser.add_argument(
        "--output",
        "-o",
        type=_output,
        metavar="PATH",
        help="write to PATH (atomically) instead of standard output",
    )


def _samples_options(parser: argparse.ArgumentParser, purpose: str) -> None:
    parser.add_argument(
        "--samples", type=_whole_number, metavar="N", help=f"Monte Carlo samples: {purpose}"
    )
    parser.add_argument(
        "--seed",
        type=_integer,
        help=f"random seed for --samples, 0 or more (default: {DEFAULT_SEED})",
    )


def _basis_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--basis`` and ``--sparse``, the reading of an estimate's peaks and H100e."""
    parser.add_argument(
        "--basis",
        help=f"basis of H100-equivalents: one of {', '.join(FORMATS)} (dense), tpp "
        "(export control), 8bit (the better of fp8 and int8) or epoch (Epoch AI's: the best "
        "8-, 16- or 32-bit rate) (default: bf16, or the preset's)",
    )
    parser.add_argument(
        "--sparse",
        action="store_true",
        help="report 2:4 sparse peaks instead of dense ones (labelled)",
    )


def _preset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        help="a peer's method: its assumptions replace the file's, before --assume "
        "(epoch: Epoch AI; semianalysis: SemiAnalysis; see docs/presets.md)",
    )


def _assume_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--assume",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="replace an assumption, e.g. pue=1.2, 'electricity_price=0.06 USD/kWh' or "
        "'utilisation=[0.7, 0.8]' (repeatable; names in docs/assumptions.md)",
    )


def _name_values(texts: Sequence[str], option: str, example: str) -> list[tuple[str, Any]]:
    """Parse ``NAME=VALUE`` options (``--assume``, ``--fleet``); values are read as YAML."""
    pairs = []
    for text in texts:
        if len(text) > 200:
            raise InputError(f"{len(text)} characters; the limit is 200", field=option)
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"{text!r} is not NAME=VALUE", field=option, expected=example)
        try:
            pairs.append((name, parse_document(value).data))
        except InputError:
            raise InputError(
                f"cannot read the value of {text!r}",
                field=option,
                expected="a number, a quantity such as '0.06 USD/kWh' or [low, high]",
            ) from None
    return pairs


def _assumed(texts: Sequence[str]) -> dict[str, Any]:
    """Parse ``--assume NAME=VALUE`` options; each value is read as YAML (safely)."""
    updates: dict[str, Any] = {}
    example = "e.g. pue=1.2 or 'electricity_price=[0.05, 0.07]'"
    for name, value in _name_values(texts, "--assume", example):
        if name in updates:
            raise InputError(f"{name} is given twice", field="--assume", fix="give it once")
        updates[name] = value
    return updates


def _inline(texts: Sequence[str], catalogue: Catalogue) -> Cluster:
    """Return the cluster of ``--fleet CHIP=COUNT`` options, one fleet each."""
    example = "e.g. H100=100000 or 'GB200=[20000, 30000]'"
    fleets = [
        {"accelerator": chip, "count": count}
        for chip, count in _name_values(texts, "--fleet", example)
    ]
    data = {"name": " + ".join(t.replace(" ", "") for t in texts), "fleets": fleets}
    return validate(Cluster, Document(data, "--fleet"), {"catalogue": catalogue})


def _range_option(texts: Sequence[str], option: str) -> tuple[float, float]:
    """Return (low, high) of a range option, as given.

    Written ``0.4``, ``[0.35, 0.45]`` (as ``--assume`` and files write it) or as two
    values ``0.35 0.45``.
    """
    expected = "one value (0.4) or a range: '[0.35, 0.45]' or 0.35 0.45"
    if len(texts) > 2:
        raise InputError(f"{len(texts)} values", field=option, expected=expected)
    try:  # a bracketed range the shell split at its space is read whole
        whole = texts[0].lstrip().startswith("[")
        values: Any = [parse_document(t).data for t in ([" ".join(texts)] if whole else texts)]
    except InputError:
        values = None
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], list):
        values = values[0]
    if (
        not isinstance(values, list)
        or len(values) not in (1, 2)
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    ):
        shown = " ".join(texts)
        raise InputError(f"cannot read {shown[:60]!r}", field=option, expected=expected)
    return float(values[0]), float(values[-1])


def _cluster(args: argparse.Namespace, catalogue: Catalogue) -> Cluster:
    """Load the cluster of a command and apply its ``--preset``, then ``--assume``.

    The cluster is a file, a shipped cluster's name, standard input (``-``) or, for
    ``estimate``, the fleets of ``--fleet``.
    """
    if getattr(args, "fleet", None):
        return _prepared(_inline(args.fleet, catalogue), args)
    if args.file == STDIN:
        text = _stdin_text("a cluster file (UTF-8 YAML)")
        return _prepared(parse_cluster(text, name="standard input", catalogue=catalogue), args)
    return _prepared(load_cluster(args.file, catalogue), args)


def _prepared(cluster: Cluster, args: argparse.Namespace) -> Cluster:
    """Apply a command's ``--preset``, then its ``--assume``, to a cluster."""
    if getattr(args, "preset", None) is not None:
        cluster = with_preset(cluster, args.preset)
    updates = _assumed(args.assume)
    return with_assumptions(cluster, updates, source="--assume") if updates else cluster


def _options(args: argparse.Namespace, catalogue: Catalogue) -> dict[str, Any]:
    """Return the estimate options of a command: basis, sparsity, catalogue and sampling."""
    return {
        "basis": args.basis,
        "sparse": args.sparse,
        "catalogue": catalogue,
        "sampling": _sampling(args) if hasattr(args, "samples") else None,
    }


def _survey(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Estimate several cluster files (or folders of them) alike; write one table.

    Every file is read and checked before anything is written. JSON is then written a cluster
    at a time; the other formats keep each estimate without its per-fleet figures, so memory
    grows with the clusters, not with their fleets.
    """
    from computescale.survey import cluster_files, sorted_by

    files = cluster_files(args.files)
    options = _options(args, catalogue)
    clusters = [_prepared(load_cluster(f, catalogue), args) for f in files]
    inputs = (*map(str, files), *([args.catalogue] if args.catalogue else []))
    if args.format == "json":
        _emit(survey_json_parts(estimate(c, **options) for c in clusters), args.output, inputs)
        return 0
    results = [_fleet_kinds(estimate(c, **options)) for c in clusters]
    source = {id(e): str(f) for e, f in zip(results, files, strict=True)}
    if args.sort:
        results = sorted_by(results, args.sort)
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    if columns is not None and args.format != "csv":
        raise InputError("applies to --format csv", field="--columns", fix="add --format csv")
    render: dict[str, Callable[[list[Estimate]], str]] = {
        "table": survey_table,
        "markdown": survey_markdown,
        "csv": lambda results: survey_csv(
            results, files=[source[id(e)] for e in results], only=columns
        ),
        "html": lambda results: survey_html(
            results,
            catalogue=catalogue,
            figure_svg=_svg(lambda p: p.clusters_figure(results)),
        ),
    }
    _emit(render[args.format](results), args.output, inputs)
    return 0


def _fleet_kinds(e: Estimate) -> Estimate:
    """Return the estimate with its first fleet of each accelerator only.

    Of a cluster's fleets, the tables of many clusters read only which accelerators they use
    (for the catalogue sources); the figures of the cluster stay whole.
    """
    first: dict[str, FleetEstimate] = {}
    for f in e.fleets:
        was = first.get(f.accelerator)
        if was is not None:  # its count adds up, for the chips column
            (a, b), (c, d) = was.count.magnitudes(), f.count.magnitudes()
            f = dataclasses.replace(was, count=Range.of((a + c, b + d), ""))
        first[f.accelerator] = f
    return dataclasses.replace(e, fleets=tuple(first.values()))


def _article_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("auto", "it", "en"),
        default="auto",
        help="language of an article: how it writes numbers (default: auto, detected)",
    )
    parser.add_argument(
        "--cluster",
        action="append",
        default=[],
        metavar="FILE",
        help="cluster file, folder of them, or shipped cluster's name an article's figures "
        "may be about (repeatable; default: the shipped clusters built or announced by the "
        "article's date)",
    )
    parser.add_argument(
        "--source-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="publication date of an article (default: a 'date' line at its top, else today)",
    )
    parser.add_argument(
        "--outlet", help="the publication an article comes from (default: the file's name)"
    )


def _date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2025-07-23") from None
    out_of_range = date_out_of_range(date)
    if out_of_range is not None:
        raise argparse.ArgumentTypeError(out_of_range)
    return date


_ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
"""Files ``check`` reads as articles rather than claims files."""


def _article_text(args: argparse.Namespace) -> str:
    """Read the article of ``args.file``: a file, or standard input for ``-``."""
    if args.file != STDIN:
        return read_text(args.file, "an article (UTF-8 text)")
    return _stdin_text("the article")


def _stdin_text(what: str) -> str:
    """Read standard input as UTF-8 text, up to the size limit of every file."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input is over the limit of {MAX_BYTES:,} bytes", file="-")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not UTF-8 text (byte {exc.start})",
            file="-",
            fix=f"convert {what} to UTF-8",
        ) from None


def _clusters(args: argparse.Namespace) -> list[str] | None:
    """Return the clusters of ``--cluster``, or None for the shipped ones."""
    return list(args.cluster) if args.cluster else None


def _extraction(args: argparse.Namespace, catalogue: Catalogue) -> Any:
    """Read the article of ``args.file`` and draft its claims (see :func:`extract_claims`)."""
    from computescale.articles import extract_claims

    return extract_claims(
        _article_text(args),
        lang=args.lang,
        clusters=_clusters(args),
        source_date=args.source_date,
        catalogue=catalogue,
    )


def _outlet(args: argparse.Namespace) -> str:
    return args.outlet or ("standard input" if args.file == STDIN else os.path.basename(args.file))


def _inputs(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the files an article command reads, which no output may replace."""
    files = [] if args.file == STDIN else [args.file]
    files += [c for c in args.cluster if os.path.exists(c)]
    return (*files, *([args.catalogue] if getattr(args, "catalogue", None) else []))


STDIN = "-"
"""The file name that reads an article from standard input."""


def _is_article(args: argparse.Namespace) -> bool:
    return args.file == STDIN or str(args.file).lower().endswith(_ARTICLE_SUFFIXES)


def _catalogue_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogue", metavar="FILE", help="catalogue file with extra accelerators or overrides"
    )


def _emit(text: str | Iterator[str], output: str | None, inputs: Sequence[str]) -> None:
    """Write a command's output (a text, or its parts as they come) to a file or stdout."""
    parts = (text,) if isinstance(text, str) else text
    if output:
        with _writing(output):
            write_parts(output, parts, inputs=inputs)
    else:
        for part in parts:
            _print(part)


@contextmanager
def _writing(output: str) -> Iterator[None]:
    """Turn an OS error while an output file is written (a full disk) into an input error."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"cannot write the output ({_reason(exc)})", file=output) from None


def _reason(exc: BaseException) -> str:
    """Return the short reason of an error (``No space left on device``)."""
    if isinstance(exc, UnicodeEncodeError):
        return f"its encoding {exc.encoding} cannot show {exc.object[exc.start : exc.end]!r}"
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def _print(text: str) -> None:
    """Write to standard output and flush, so that a failure is reported here.

    Raises
    ------
    InputError
        When standard output is closed or cannot be written (a full disk).
    BrokenPipeError
        When its reader has gone (``| head``); :func:`main` ends quietly.
    """
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-)
        raise InputError("cannot write the output (standard output is closed)")
    with _stdout_errors():
        stream.write(fitted(text))
        stream.flush()


@contextmanager
def _stdout_errors() -> Iterator[None]:
    """Turn a failed write to standard output into an input error (a broken pipe passes)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ENOSPC, EBADF, a closed stream, an encoding
        _discard_stdout()
        raise InputError(f"cannot write the output ({_reason(exc)})") from None


def _discard_stdout() -> None:
    """Point the process's standard output at the null device after it failed.

    Python flushes standard output once more at exit; without this the
    unwritten text fails again there, with a second message and exit code 120.
    """
    stream = sys.stdout
    if stream is not sys.__stdout__ or stream is None:  # a stream of the caller: leave it
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError):
        pass


def _run(args: argparse.Namespace) -> int:
    catalogue: Catalogue = load_catalogue(getattr(args, "catalogue", None))
    if args.command == "catalogue":
        if args.catalogue_command == "list":
            try:
                specs = list_accelerators(catalogue, vendor=args.vendor, status=args.status)
            except InputError as exc:  # the only argument it refuses: name the option
                raise InputError(exc.problem, field="--vendor", expected=exc.expected) from None
            listed: dict[str, Callable[[list[AcceleratorSpec]], str]] = {
                "table": catalogue_table,
                "json": lambda specs: dumps([s.summary() for s in specs]),
                "markdown": catalogue_markdown,
                "csv": catalogue_csv,
            }
            _print(listed[args.format](specs))
        else:
            spec = catalogue[args.id]
            _print(dumps(spec.summary()) if args.format == "json" else spec_table(spec))
        return 0
    if args.command == "estimate" and bool(args.files) == bool(args.fleet):
        raise InputError(
            "give cluster files or --fleet, not both" if args.files else "no cluster given",
            field="estimate",
            fix="give a cluster file or name (computescale estimate colossus2), or fleets "
            "inline (--fleet H100=100000)",
        )
    if (
        args.command == "estimate"
        and not args.fleet
        and (len(args.files) > 1 or Path(args.files[0]).is_dir() or args.format == "csv")
    ):
        return _survey(args, catalogue)
    if args.command == "compare":
        options = _options(args, catalogue)
        a, b = (
            estimate(_prepared(load_cluster(f, catalogue), args), **options)
            for f in (args.a, args.b)
        )
        compared: dict[str, Callable[[Estimate, Estimate], str]] = {
            "table": compare_table,
            "json": lambda a, b: dumps({"a": estimate_to_dict(a), "b": estimate_to_dict(b)}),
            "markdown": compare_markdown,
            "csv": lambda a, b: survey_csv([a, b]),
        }
        _print(compared[args.format](a, b))
        return 0
    if args.command == "estimate":
        args.file = args.files[0] if args.files else None  # None: the fleets of --fleet
        options = _options(args, catalogue)
        cluster = _cluster(args, catalogue)
        # the phases of a build-out are estimated (and sampled) as the cluster is
        phases = estimate_timeline(cluster, **options) if cluster.phases else ()
        if phases:  # a build-out's cluster is its last phase: not estimated a second time
            last = phases[-1].estimate
            result = dataclasses.replace(last, name=cluster.name, as_of=cluster.as_of)
        else:
            result = estimate(cluster, **options)
        render: dict[str, Callable[[Estimate, Sequence[PhaseEstimate]], str]] = {
            "table": lambda e, phases: estimate_table(e, phases, headline=not args.all),
            "csv": lambda e, phases: survey_csv([e]),  # inline fleets: one row
            "json": estimate_json,
            "markdown": estimate_markdown,
            "html": lambda e, phases: estimate_html(
                e,
                phases,
                catalogue=catalogue,
                figure_svg=_svg(lambda p: p.estimate_figure(e, phases)),
            ),
        }
        files = [f for f in args.files if f != STDIN]
        inputs = (*files, *([args.catalogue] if args.catalogue else []))
        _emit(render[args.format](result, phases), args.output, inputs)
        return 0
    if args.command == "extract":
        from computescale.articles import drafts_json, drafts_yaml

        x = _extraction(args, catalogue)
        if args.format == "json":
            text = dumps(drafts_json(x))
        else:
            base = Path(args.output).resolve().parent if args.output else None
            text = drafts_yaml(x, outlet=_outlet(args), base=base)
            size = len(text.encode("utf-8"))
            if size > MAX_BYTES:  # said, not found out when the file is checked
                print(
                    f"computescale: the drafts are {size:,} bytes, over the {MAX_BYTES:,} a "
                    "claims file may hold: `check` would refuse this file; check the article "
                    "itself (`computescale check ARTICLE`), or split it",
                    file=sys.stderr,
                )
        _emit(text, args.output, _inputs(args))
        return 0
    if args.command == "check" and _is_article(args):
        return _check_article(args, catalogue)
    if args.command == "check" and args.cluster:
        raise InputError(
            "applies to articles (.txt or .md), not to a claims file, which names its clusters",
            field="--cluster",
            fix="drop --cluster, or give the article",
        )
    article_only = {
        "--lang": getattr(args, "lang", "auto") != "auto",
        "--source-date": getattr(args, "source_date", None) is not None,
        "--outlet": getattr(args, "outlet", None) is not None,
    }
    given = [option for option, set_ in article_only.items() if set_]
    if args.command == "check" and given:
        raise InputError(
            "applies to articles (.txt, .md, .html or -), not to a claims file, whose claims "
            "say their language, date and outlet",
            field=given[0],
            fix=f"drop {given[0]}, or give the article",
        )
    if args.command == "check":
        return _check(args, catalogue, args.file, _claims_inputs(args), os.path.basename(args.file))
    if args.command == "convert":
        from computescale.conversion import convert

        sampling = _sampling(args)
        c = convert(
            args.target,
            args.to,
            scope=args.scope,
            basis=args.basis,
            fmt=args.precision,
            assumptions=updated_assumptions(
                Assumptions(), _assumed(args.assume), source="--assume"
            ),
            catalogue=catalogue,
            sampling=sampling,
        )
        _print(dumps(conversion_to_dict(c)) if args.format == "json" else conversion_table(c))
        return 0
    if args.command == "train":
        from computescale.training import TrainingOptions, train
        from computescale.uncertain import Bounds

        run_options: TrainingOptions = {
            "precision": args.precision,
            "catalogue": catalogue,
            "sampling": _sampling(args),
        }
        run_options["architecture"] = args.architecture
        if args.mfu is not None:  # as given: the library refuses low above high
            low, high = _range_option(args.mfu, "--mfu")
            run_options["mfu"] = Bounds(low, high)
        run = train(_cluster(args, catalogue), compute=args.compute, days=args.days, **run_options)
        _print(dumps(training_to_dict(run)) if args.format == "json" else training_table(run))
        return 0
    if args.command == "plot":
        _plot(args, catalogue)
        return 0
    if args.command == "examples":
        return _examples(args)
    if args.command == "init":
        if os.path.lexists(args.path):
            raise InputError(
                "is there already; nothing is ever replaced",
                file=args.path,
                fix="give another path, or edit that file",
            )
        with _writing(args.path):
            write_text(args.path, STARTER)
        _print(f"wrote {args.path}: fill it in, then `computescale estimate {args.path}`\n")
        return 0
    if args.command == "schema":
        _emit(dumps(SCHEMAS[args.kind]()), args.output, ())
        return 0
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces the choices


def _examples(args: argparse.Namespace) -> int:
    """List the shipped clusters, or copy the examples folder."""
    if args.examples_command == "list":
        rows = [["name", "cluster"]]
        for name, path in known_clusters().items():
            rows.append([name, load_cluster(path).name])
        _print("\n".join(align(rows)) + "\n")
        return 0
    source = examples_folder()
    if source is None:  # pragma: no cover - a wheel or a checkout always has it
        raise InputError("this installation has no examples folder", fix="reinstall computescale")
    copied = copy_files(source, args.folder)
    _print(f"copied {len(copied)} files into {args.folder}\n")
    return 0


def _check(
    args: argparse.Namespace,
    catalogue: Catalogue,
    claims: str | Path,
    inputs: Sequence[str],
    title: str,
) -> int:
    """Check a claims file and write the verdicts; return the exit code (see :func:`_verdicts`)."""
    from computescale.claims import check_claims

    results = check_claims(
        claims,
        catalogue=catalogue,
        sampling=_sampling(args),
        assume=_assumed(args.assume),
        assume_source="--assume",
        preset=args.preset,
    )
    return _verdicts(args, catalogue, results, inputs, title)


def _verdicts(
    args: argparse.Namespace,
    catalogue: Catalogue,
    results: list[ClaimResult],
    inputs: Sequence[str],
    title: str,
) -> int:
    """Write the verdicts of a check in the format asked; return the exit code.

    1: ``--strict`` and a claim is inconsistent; 3: some claims could not be checked.
    """
    from computescale.claims import UNCHECKED

    render_claims: dict[str, Callable[[list[ClaimResult]], str]] = {
        "table": claims_table,
        "json": claims_json,
        "markdown": claims_markdown,
        "csv": claims_csv,
        "html": lambda results: claims_html(
            results,
            title=title,
            catalogue=catalogue,
            figure_svg=_svg(lambda p: p.claims_figure(results)),
        ),
    }
    _emit(render_claims[args.format](results), args.output, inputs)
    inconsistent = any(r.verdict == "inconsistent" for r in results)
    if args.strict and inconsistent:
        return 1
    unchecked = sum(UNCHECKED in r.flags for r in results)
    if unchecked:
        print(
            f"computescale: {unchecked} of {len(results)} claims could not be checked (an "
            "input they name is invalid: see their reasons); the others were",
            file=sys.stderr,
        )
        return UNCHECKED_EXIT
    return 0


def _check_article(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Draft the claims of an article and check them in one go (``check ARTICLE.txt``)."""
    from computescale.articles import check_article

    sampling = _sampling(args)  # options refused before the article is read
    checked = check_article(
        _article_text(args),
        clusters=_clusters(args),
        lang=args.lang,
        source_date=args.source_date,
        outlet=_outlet(args),
        catalogue=catalogue,
        sampling=sampling,
        assume=_assumed(args.assume),
        preset=args.preset,
    )
    inputs = _inputs(args)
    x = checked.extraction
    if not x.drafts:  # nothing to check: say so, in the format asked
        from computescale.report.layout import escape_text

        skipped = "".join(f"- not drafted: {escape_text(s)}\n" for s in x.skipped)
        text = (
            claims_json([])
            if args.format == "json"
            else f"No figure the checker can judge was found in {escape_text(_outlet(args))}.\n"
            + skipped
        )
        _emit(text, args.output, inputs if args.output else ())
        return 0
    return _verdicts(args, catalogue, checked.results, inputs, _outlet(args))


UNCHECKED_EXIT = 3
"""Exit code of ``check`` when some claims could not be checked (an input they name is
invalid) and the others were: the verdicts are written all the same."""

_OPTIONS = {
    "to": "--to",
    "precision": "--precision",
    "target": "TARGET",
    "scope": "--scope",
    "basis": "--basis",
    "sampling": "--samples",
    "mfu": "--mfu",
}
"""The command-line names of library arguments, for messages."""


@contextmanager
def _named_as_options() -> Iterator[None]:
    """Let library errors name options (``--to``), not arguments (``to``).

    Only errors that name no file: a field of a file keeps its own name.
    """
    try:
        yield
    except InputError as exc:
        if exc.field not in _OPTIONS or exc.file is not None:
            raise
        raise InputError(
            exc.problem, field=_OPTIONS[exc.field], expected=exc.expected, fix=exc.fix
        ) from None


def _svg(draw: Callable[[ModuleType], Any]) -> str:
    """Return the figure that ``draw(plots)`` makes, as SVG for an HTML page."""
    with _drawing() as plots:
        return str(plots.svg_text(draw(plots)))


def _claims_inputs(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the files a check reads (claims, clusters, alternatives, catalogue), or ()."""
    from computescale.claims import input_files

    if not args.output:
        return ()
    return (*input_files(args.file), *([args.catalogue] if args.catalogue else []))


@contextmanager
def _drawing() -> Iterator[ModuleType]:
    """Load matplotlib (off screen) and :mod:`computescale.plots`; close every figure after.

    A warning while drawing (characters the font lacks, drawn as boxes) is said as one line
    of its own, without matplotlib's paths.
    """
    # the command line draws off screen whatever MPLBACKEND says: a value matplotlib does
    # not know would stop its import
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computescale import plots

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)  # what a user would see, each time
            yield plots
    finally:
        plt.close("all")
    said = [w for w in caught if _for_users(w.category)]
    for w in caught:  # a library's deprecation is for developers: passed on as it came
        if not _for_users(w.category):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for message in dict.fromkeys(str(w.message) for w in said):
        _say(f"computescale: note: {_short(message)}\n")


def _for_users(category: type[Warning]) -> bool:
    """Return whether a warning speaks to a user: a UserWarning that is no deprecation.

    pyparsing's deprecations are both (``PyparsingDeprecationWarning``).
    """
    deprecation = issubclass(category, DeprecationWarning | PendingDeprecationWarning)
    return issubclass(category, UserWarning) and not deprecation


def _plot(args: argparse.Namespace, catalogue: Catalogue) -> None:
    sampling = _sampling(args)
    with _drawing() as plots:
        drawn = plots.file_figure(
            args.file,
            basis=args.basis,
            catalogue=catalogue,
            sampling=sampling,
            assume=_assumed(args.assume),
            assume_source="--assume",
        )
        inputs = (*drawn.inputs, *([args.catalogue] if args.catalogue else []))
        with _writing(args.output):
            plots.save(drawn.figure, args.output, inputs=inputs)


def _one_line(text: str) -> str:
    """Escape line breaks and control characters so a message stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_MESSAGE_LIMIT = 1000


def _short(text: str) -> str:
    """Return a message on one line, cut with an ellipsis past 1,000 characters.

    Messages quote what the user wrote; a megabyte of it helps no one.
    """
    line = _one_line(text)
    return line if len(line) <= _MESSAGE_LIMIT else line[: _MESSAGE_LIMIT - 1] + "…"


def _say(text: str) -> None:
    """Write a message to standard error; if it is closed or broken, say nothing."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


class _Terminated(BaseException):
    """SIGTERM arrived; a BaseException, so that cleanups (temporary files) run."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: let the cleanups finish
    raise _Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Make SIGTERM raise :class:`_Terminated` (main thread only); restore the handler after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    with _sigterm_raises():
        return _main(argv)


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[None]:
    """Draw a progress bar on stderr for each sampled run longer than one chunk.

    Only when ``--samples`` is given and stderr is a terminal: a pipe or a file
    never receives it. The bar is cleared when its run ends.
    """
    if getattr(args, "samples", None) is None or not sys.stderr.isatty():
        yield
        return
    from tqdm import tqdm

    bar: tqdm[Any] | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:  # runs follow one another (a claims file samples each cluster)
            bar = tqdm(
                total=total,
                desc="sampling",
                unit=" samples",
                unit_scale=True,
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bar = None

    try:
        with reporting(update):
            yield
    finally:
        if bar is not None:  # interrupted, or stopped by an error
            bar.close()


def _terminal_width(args: argparse.Namespace) -> int | None:
    """Return the terminal's width for a table printed to a terminal; None otherwise.

    Piped or written to a file, a table keeps one line per row (for grep and diff).
    """
    table = getattr(args, "format", "table") == "table" and args.command != "schema"
    if not table or getattr(args, "output", None) or sys.stdout is None:
        return None
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, OSError, ValueError):  # a stream without a terminal, or closed
        return None
    return shutil.get_terminal_size().columns if terminal else None


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        with (
            _progress(args),
            _named_as_options(),
            digits(getattr(args, "digits", DIGITS)),
            table_width(_terminal_width(args)),
        ):
            code = _run(args)
        if sys.stdout is not None:  # whatever else was written surfaces here, not at exit
            with _stdout_errors():
                sys.stdout.flush()
        return code
    except ComputescaleError as exc:
        _say(f"computescale: error: {_short(str(exc))}\n")
        return 2
    except _Terminated:
        _say("computescale: terminated\n")
        return 143
    except KeyboardInterrupt:
        _say("computescale: interrupted\n")
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 0
    except Exception as exc:  # a bug: one line, not a traceback; exit 1
        _say(
            f"computescale: internal error: {type(exc).__name__}: {_short(str(exc))}. "
            "This is a bug; please report it with the input file.\n"
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
