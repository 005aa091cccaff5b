"""The options of the commands: their types, the groups commands share, and reading them.

Option types turn the text of an option into a value or refuse it in argparse's words
(``--samples 1.5``); the groups add the same options, with the same help, to every command
that takes them (every command that reads a cluster takes ``--preset``, ``--assume`` and
``--catalogue``); the readers turn parsed options into the library's arguments, naming the
option in their messages (``--assume``, ``--samples``) rather than the library's argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from computescale.catalogue import FORMATS, Catalogue
from computescale.cluster import Cluster, load_cluster, parse_cluster
from computescale.documents import MAX_BYTES, Document, parse_document, read_text, validate
from computescale.errors import InputError
from computescale.notation import DIGITS
from computescale.presets import PRESETS, prepared
from computescale.report.renderers import Kind, formats
from computescale.sampling import DEFAULT_SEED, Sampling
from computescale.uncertain import date_out_of_range

STDIN = "-"
"""The file name that reads an article from standard input."""


_DIGITS = re.compile(r"\s*[+-]?[0-9]+\s*")


_E_NOTATION = re.compile(r"\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+\s*")


def whole_number(text: str) -> int:
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


def integer(text: str) -> int:
    """Return a whole number written as digits (a seed)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def significant_digits(text: str) -> int:
    """Return ``--digits``: a whole number of significant digits from 1 to 15."""
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= 15:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 15")
    return int(text)


def output_path(text: str) -> str:
    """Return an output path; an empty one is refused (it would write to standard output)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a file to write, or leave -o out")
    return text


def iso_date(text: str) -> dt.date:
    """Return a date written YYYY-MM-DD, within the years a date may be."""
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2025-07-23") from None
    out_of_range = date_out_of_range(date)
    if out_of_range is not None:
        raise argparse.ArgumentTypeError(out_of_range)
    return date


def format_option(parser: argparse.ArgumentParser, kind: Kind) -> None:
    """Add ``--format`` (every format the result is written in) and ``--digits``."""
    choices = formats(kind)
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )
    parser.add_argument(
        "--digits",
        type=significant_digits,
        default=DIGITS,
        metavar="N",
        help=f"significant digits of every number shown (default: {DIGITS}; JSON and CSV "
        "always hold full precision)",
    )


def report_options(parser: argparse.ArgumentParser, kind: Kind) -> None:
    """Add ``--format``, ``--digits`` and ``--output``."""
    format_option(parser, kind)
    parser.add_argument(
        "--output",
        "-o",
        type=output_path,
        metavar="PATH",
        help="write to PATH (atomically) instead of standard output",
    )


def samples_options(parser: argparse.ArgumentParser, purpose: str) -> None:
    """Add ``--samples`` and ``--seed``; ``purpose``: what the samples add."""
    parser.add_argument(
        "--samples", type=whole_number, metavar="N", help=f"Monte Carlo samples: {purpose}"
    )
    parser.add_argument(
        "--seed",
        type=integer,
        help=f"random seed for --samples, 0 or more (default: {DEFAULT_SEED})",
    )


def basis_options(parser: argparse.ArgumentParser) -> None:
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


def cluster_options(parser: argparse.ArgumentParser) -> None:
    """Add what every command that reads a cluster takes: preset, assumptions, catalogue."""
    _preset_option(parser)
    _assume_option(parser)
    catalogue_option(parser)


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


def catalogue_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--catalogue``."""
    parser.add_argument(
        "--catalogue", metavar="FILE", help="catalogue file with extra accelerators or overrides"
    )


def article_options(parser: argparse.ArgumentParser) -> None:
    """Add what reading an article takes: language, clusters, date and outlet."""
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
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="publication date of an article (default: a 'date' line at its top, else today)",
    )
    parser.add_argument(
        "--outlet", help="the publication an article comes from (default: the file's name)"
    )


def sampling(args: argparse.Namespace) -> Sampling | None:
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


def assumed(texts: Sequence[str]) -> dict[str, Any]:
    """Parse ``--assume NAME=VALUE`` options; each value is read as YAML (safely)."""
    updates: dict[str, Any] = {}
    example = "e.g. pue=1.2 or 'electricity_price=[0.05, 0.07]'"
    for name, value in _name_values(texts, "--assume", example):
        if name in updates:
            raise InputError(f"{name} is given twice", field="--assume", fix="give it once")
        updates[name] = value
    return updates


def inline_cluster(texts: Sequence[str], catalogue: Catalogue) -> Cluster:
    """Return the cluster of ``--fleet CHIP=COUNT`` options, one fleet each."""
    example = "e.g. H100=100000 or 'GB200=[20000, 30000]'"
    fleets = [
        {"accelerator": chip, "count": count}
        for chip, count in _name_values(texts, "--fleet", example)
    ]
    data = {"name": " + ".join(t.replace(" ", "") for t in texts), "fleets": fleets}
    return validate(Cluster, Document(data, "--fleet"), {"catalogue": catalogue})


def range_option(texts: Sequence[str], option: str) -> tuple[float, float]:
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


def stdin_text(what: str) -> str:
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


def read_cluster(path: str, args: argparse.Namespace, catalogue: Catalogue) -> Cluster:
    """Load a cluster as a command reads it: ``--preset``, then ``--assume``, applied.

    ``path`` is a file, a shipped cluster's name or standard input (``-``).
    """
    if path == STDIN:
        text = stdin_text("a cluster file (UTF-8 YAML)")
        return prepare(parse_cluster(text, name="standard input", catalogue=catalogue), args)
    return prepare(load_cluster(path, catalogue), args)


def prepare(cluster: Cluster, args: argparse.Namespace) -> Cluster:
    """Apply a command's ``--preset``, then its ``--assume``, to a cluster."""
    return prepared(
        cluster,
        preset=getattr(args, "preset", None),
        assume=assumed(args.assume),
        assume_source="--assume",
    )


def estimate_options(args: argparse.Namespace, catalogue: Catalogue) -> dict[str, Any]:
    """Return the estimate options of a command: basis, sparsity, catalogue and sampling."""
    return {
        "basis": args.basis,
        "sparse": args.sparse,
        "catalogue": catalogue,
        "sampling": sampling(args) if hasattr(args, "samples") else None,
    }


_ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
"""Files ``check`` reads as articles rather than claims files."""


def article_text(args: argparse.Namespace) -> str:
    """Read the article of ``args.file``: a file, or standard input for ``-``."""
    if args.file != STDIN:
        return read_text(args.file, "an article (UTF-8 text)")
    return stdin_text("the article")


def is_article(args: argparse.Namespace) -> bool:
    """Return whether ``check`` reads an article (by its suffix, or standard input)."""
    return args.file == STDIN or str(args.file).lower().endswith(_ARTICLE_SUFFIXES)


def refuse_article_options(args: argparse.Namespace) -> None:
    """Refuse an article's options given with a claims file, which says all they would."""
    if args.cluster:
        raise InputError(
            "applies to articles (.txt or .md), not to a claims file, which names its clusters",
            field="--cluster",
            fix="drop --cluster, or give the article",
        )
    article_only = {
        "--lang": args.lang != "auto",
        "--source-date": args.source_date is not None,
        "--outlet": args.outlet is not None,
    }
    given = [option for option, set_ in article_only.items() if set_]
    if given:
        raise InputError(
            "applies to articles (.txt, .md, .html or -), not to a claims file, whose claims "
            "say their language, date and outlet",
            field=given[0],
            fix=f"drop {given[0]}, or give the article",
        )


def clusters_of(args: argparse.Namespace) -> list[str] | None:
    """Return the clusters of ``--cluster``, or None for the shipped ones."""
    return list(args.cluster) if args.cluster else None


def outlet(args: argparse.Namespace) -> str:
    """Return the publication an article comes from: ``--outlet``, else the file's name."""
    return args.outlet or ("standard input" if args.file == STDIN else os.path.basename(args.file))


def catalogue_files(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the catalogue file of ``--catalogue``, as an input no output may replace."""
    return (args.catalogue,) if getattr(args, "catalogue", None) else ()


def article_inputs(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the files an article command reads, which no output may replace."""
    files = [] if args.file == STDIN else [args.file]
    files += [c for c in args.cluster if os.path.exists(c)]
    return (*files, *catalogue_files(args))


def claims_inputs(args: argparse.Namespace) -> tuple[str, ...]:
    """Return the files a check reads (claims, clusters, alternatives, catalogue), or ()."""
    from computescale.claims import input_files

    if not args.output:
        return ()
    return (*input_files(args.file), *catalogue_files(args))


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
def named_as_options() -> Iterator[None]:
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
