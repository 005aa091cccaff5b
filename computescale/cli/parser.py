"""The command line's grammar: every command, its arguments and options, with help.

The options come from :mod:`computescale.cli.options`, in the same groups on every command
that takes them; the formats of ``--format`` are those the result is written in
(:func:`computescale.report.renderers.formats`).
"""

from __future__ import annotations

import argparse
from typing import Any, get_args

from computescale import __version__
from computescale.catalogue import Status, catalogue_schema
from computescale.cli.options import (
    article_options,
    basis_options,
    catalogue_option,
    cluster_options,
    format_option,
    output_path,
    report_options,
    samples_options,
)
from computescale.cli.process import short
from computescale.cluster import cluster_schema

__all__ = ["EXAMPLES", "SCHEMAS", "build_parser"]


def _claims_schema() -> dict[str, Any]:
    from computescale.claims import claims_schema  # imported when asked: start-up time

    return claims_schema()


SCHEMAS = {"cluster": cluster_schema, "claims": _claims_schema, "catalogue": catalogue_schema}
"""The JSON Schema of each kind of input file, for ``computescale schema --kind``."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"computescale: error: {short(message)} (see `{self.prog} --help`)\n")


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
    format_option(cat_list, "accelerators")
    cat_show = cat_cmds.add_parser(
        "show",
        help="every field of one accelerator, with sources",
        description="Every field of one accelerator, with sources.",
    )
    cat_show.add_argument("id", help="accelerator id or alias, e.g. GB300")
    format_option(cat_show, "accelerator")
    for sub in (cat_list, cat_show):
        catalogue_option(sub)

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
    report_options(est, "estimate")
    est.add_argument(
        "--all",
        action="store_true",
        help="show every figure in the table (default: the headline figures: counts, "
        "H100-equivalents, the basis's peak, IT and facility power, energy, total capex)",
    )
    basis_options(est)
    samples_options(est, "add likely ranges (p5/p50/p95) next to the bounds")
    cluster_options(est)

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
    report_options(check, "claims")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when any claim is inconsistent"
    )
    article_options(check)
    samples_options(check, "tell likely figures from ones that hold only at the edges")
    cluster_options(check)

    compare = commands.add_parser(
        "compare",
        help="two clusters side by side, with the ratio B / A of each figure",
        description="Estimate two cluster files alike and print their key figures side by side "
        "with the ratios B / A of the bounds.",
    )
    compare.add_argument(
        "a",
        metavar="A",
        help="cluster file (YAML), a shipped cluster's name, or - for standard input",
    )
    compare.add_argument(
        "b",
        metavar="B",
        help="cluster file (YAML), a shipped cluster's name, or - for standard input",
    )
    format_option(compare, "comparison")
    basis_options(compare)
    cluster_options(compare)

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
    format_option(extract, "drafts")
    extract.add_argument(
        "--output",
        "-o",
        type=output_path,
        metavar="PATH",
        help="write to PATH (atomically) instead of standard output; cluster paths in the "
        "drafted file are then relative to PATH's folder",
    )
    article_options(extract)

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
        type=output_path,
        metavar="PATH",
        required=True,
        help="image to write: .png, .svg or .pdf (atomically)",
    )
    plot.add_argument(
        "--basis", help="basis of H100-equivalents (default: bf16; cluster files only)"
    )
    samples_options(plot, "draw medians and p5-p95 next to the bounds (cluster files only)")
    cluster_options(plot)

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
    format_option(conv, "conversion")
    samples_options(conv, "likely range of the count (p5/p50/p95)")
    cluster_options(conv)

    train = commands.add_parser(
        "train",
        help="time to train C FLOP on a cluster, or FLOP delivered in D days",
        description="Time to train a compute budget on a cluster at a stated MFU, or the "
        "compute it delivers in a number of days; with the run's energy and electricity cost.",
    )
    train.add_argument(
        "file", help="cluster file (YAML), a shipped cluster's name, or - for standard input"
    )
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
    samples_options(train, "add likely ranges (p5/p50/p95) next to the bounds")
    format_option(train, "training")
    cluster_options(train)

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
        "--output", "-o", type=output_path, metavar="PATH", help="write to PATH instead"
    )
    for name, sub in commands.choices.items():
        if name in EXAMPLES:
            sub.epilog = "examples:\n" + "\n".join(f"  computescale {e}" for e in EXAMPLES[name])
            sub.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


EXAMPLES = {
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
