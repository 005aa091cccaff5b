"""Checking many claims at once: a claims file's, or ``(claim, cluster)`` pairs.

:func:`check_claims` resolves each claim of a claims file to the cluster it names (a file,
read once and cached, a shipped cluster's name, or a cluster written inline), applies the
check's preset and assumptions to it, and checks it (:func:`computescale.claims.check.
check_claim`). An invalid input of one claim (a cluster file that cannot be read, a fleet it
does not hold) makes that claim unchecked, said why, while the others are checked; an error
of the check's own options or of a Python argument stops the check.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from computescale.catalogue import Catalogue, the_catalogue
from computescale.claims.check import check_claim
from computescale.claims.model import Claim, cluster_path, load_claims
from computescale.claims.readings import shared_estimates
from computescale.claims.results import ClaimResult, ClaimResults
from computescale.cluster import Cluster, load_cluster
from computescale.documents import Document, excerpt, validate_part
from computescale.errors import ArgumentError, InputError, check_items, check_type, shown
from computescale.presets import prepared
from computescale.sampling import Sampling
from computescale.shipped import located

__all__ = ["UNCHECKED", "check_claims"]


def _check_pair(pair: object, i: int) -> None:
    """Raise :class:`ArgumentError` unless ``pair`` is (claim, cluster or None[, alternatives])."""
    expected = "(Claim, Cluster or None) or (Claim, Cluster, [alternative clusters])"
    if not isinstance(pair, tuple) or len(pair) not in (2, 3):
        raise ArgumentError(f"got {shown(pair)}; expected {expected}", field=f"source[{i}]")
    check_type(pair[0], Claim, f"source[{i}][0]", "a Claim")
    if pair[1] is not None:
        check_type(pair[1], Cluster, f"source[{i}][1]", "a Cluster, or None")
    if len(pair) == 3:
        check_items(pair[2], f"source[{i}][2]", "[alternative clusters]")
        for j, alternative in enumerate(pair[2]):
            check_type(alternative, Cluster, f"source[{i}][2][{j}]", "a Cluster")


def check_claims(
    source: str
    | os.PathLike[str]
    | Sequence[tuple[Claim, Cluster | None] | tuple[Claim, Cluster | None, Sequence[Cluster]]],
    *,
    catalogue: Catalogue | None = None,
    sampling: Sampling | None = None,
    assume: Mapping[str, Any] | None = None,
    assume_source: str = "assumptions",
    preset: str | None = None,
) -> ClaimResults:
    """Check every claim of a claims file (or of ``(claim, cluster)`` pairs).

    Parameters
    ----------
    source
        Path of a claims file, whose cluster paths are relative to it; or a
        sequence of ``(claim, cluster)`` pairs, or ``(claim, cluster, alternatives)``
        triples (a cluster of None: a drafted claim that names none).
    catalogue
        Accelerator figures; the packaged catalogue by default.
    sampling
        Monte Carlo samples per claim and their seed
        (:class:`~computescale.sampling.Sampling`): each consistent claim is
        also compared with the likely range of its figure (see :func:`check_claim`).
    assume
        Assumptions to replace in every cluster the claims name, alternatives
        included (see :func:`computescale.cluster.with_assumptions`).
    assume_source
        Where ``assume`` comes from, for messages (the CLI says ``--assume``).
    preset
        A method of :data:`computescale.presets.PRESETS` applied to every cluster
        before ``assume`` (see :func:`computescale.presets.with_preset`).

    Raises
    ------
    InputError
        For an invalid claims file or a cluster file it names.
    """
    cat = the_catalogue(catalogue)

    def assumed(cluster: Cluster) -> Cluster:
        return prepared(cluster, preset=preset, assume=assume, assume_source=assume_source)

    with shared_estimates():
        return ClaimResults(_check_all(source, cat, assumed, sampling))


def _check_all(
    source: str | os.PathLike[str] | Sequence[Any],
    cat: Catalogue,
    assumed: Callable[[Cluster], Cluster],
    sampling: Sampling | None,
) -> list[ClaimResult]:
    """Check the claims of :func:`check_claims`, its options applied through ``assumed``."""
    if not isinstance(source, str | os.PathLike):
        check_items(source, "source", "[(claim, cluster)] or 'claims.yaml'")
        out = []
        for i, pair in enumerate(source):
            _check_pair(pair, i)
            claim, cluster, *more = pair
            if cluster is None:  # a drafted claim that names none
                out.append(_without_cluster(claim))
                continue
            alternatives = more[0] if more else ()

            def paired(
                cluster: Cluster = cluster, alternatives: Sequence[Cluster] = alternatives
            ) -> tuple[Cluster, list[tuple[str, Cluster]]]:
                with _not_an_input_of_the_claim():  # the check's own options: all stop
                    return assumed(cluster), [(a.name, assumed(a)) for a in alternatives]

            out.append(_one(claim, paired, cat, sampling))
        return out
    claims, document = load_claims(source)
    cache: dict[str, Cluster | InputError] = {}
    results = []
    for i, claim in enumerate(claims.claims):
        if claim.cluster is None:
            results.append(_without_cluster(claim))
            continue

        def resolved(i: int = i, claim: Claim = claim) -> tuple[Cluster, list[tuple[str, Cluster]]]:
            assert claim.cluster is not None
            cluster = _resolve(claim.cluster, document, i, "cluster", cat, cache, assumed)
            alts = [
                _resolve(name, document, i, f"alternatives[{j}]", cat, cache, assumed)
                for j, name in enumerate(claim.alternatives)
            ]
            return cluster, [(a.name, a) for a in alts]

        def fleets_at(exc: InputError, i: int = i) -> InputError:
            return InputError(
                exc.problem,
                file=document.name,
                line=document.line_of(("claims", i, "fleets")),
                field=f"claims[{i}].fleets",
                expected=exc.expected,
                fix=exc.fix,
            )

        results.append(_one(claim, resolved, cat, sampling, fleets_at))
    return results


def _one(
    claim: Claim,
    prepare: Callable[[], tuple[Cluster, list[tuple[str, Cluster]]]],
    cat: Catalogue,
    sampling: Sampling | None,
    fleets_at: Callable[[InputError], InputError] | None = None,
) -> ClaimResult:
    """Check one claim of many: an invalid input of its own makes it unchecked, said why.

    ``prepare`` returns its cluster and alternatives (reading files, applying assumptions);
    ``fleets_at`` places an error of the claim's ``fleets`` in its file. An error of the
    whole check's options (``assume``, ``preset``) or a Python argument stops the check.
    """
    try:
        cluster, named = prepare()
        try:
            return check_claim(claim, cluster, catalogue=cat, alternatives=named, sampling=sampling)
        except InputError as exc:
            if fleets_at is None or exc.field != "fleets":
                raise
            raise fleets_at(exc) from None
    except ArgumentError:  # a Python argument of the call, not of this claim
        raise
    except InputError as exc:  # this claim's input: the others are still checked
        return _unchecked(claim, exc)
    except _OptionError as exc:
        raise exc.error from None


class _OptionError(Exception):
    """An error of the options of a whole check (``assume``, ``preset``), not of one claim."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def _not_an_input_of_the_claim() -> Iterator[None]:
    """Let an error of the check's own options (``assume``, ``preset``) refuse the whole check."""
    try:
        yield
    except InputError as exc:
        raise _OptionError(exc) from None


UNCHECKED = "input_error"
"""The flag of a claim that could not be checked because an input it names is invalid (a
cluster file that cannot be read, an unknown accelerator): the other claims are checked."""


def _unchecked(claim: Claim, exc: InputError) -> ClaimResult:
    """Return the result of a claim whose cluster (or a fleet it names) is invalid."""
    flags = (*((claim.qualifier,) if claim.qualifier else ()), UNCHECKED)
    return ClaimResult.not_recomputed(claim, f"not checked, an input is invalid: {exc}", flags)


def _without_cluster(claim: Claim) -> ClaimResult:
    """Return the result of a drafted claim that names no cluster: unverifiable, or financing."""
    flags = (claim.qualifier,) if claim.qualifier else ()
    if claim.row.recomputed_from == "nothing":
        return ClaimResult.not_a_cluster(claim, flags)
    reason = "no cluster named (a drafted claim): set `cluster:` to a cluster file"
    return ClaimResult.not_recomputed(claim, reason, flags)


def _resolve(
    ref: str | dict[str, Any],
    document: Document,
    index: int,
    field: str,
    cat: Catalogue,
    cache: dict[str, Cluster | InputError],
    prepare: Callable[[Cluster], Cluster],
) -> Cluster:
    """Return the cluster a claim names (a file, cached, or inline), passed through ``prepare``."""
    loc = ("claims", index, field.split("[")[0])
    if isinstance(ref, dict):
        part = validate_part(Cluster, ref, document, loc, {"catalogue": cat})
        with _not_an_input_of_the_claim():
            return prepare(part)
    path = Path(located(cluster_path(ref, document), ref))
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            f"cluster file {excerpt(ref)} is not a YAML file (.yaml or .yml)",
            file=document.name,
            line=document.line_of(loc),
            field=f"claims[{index}].{field}",
            fix="name a cluster file, or a shipped cluster by name (colossus2); computescale "
            "reads no other file",
        )
    key = str(path)
    if key not in cache:
        try:
            loaded = load_cluster(path, cat)
        except InputError as exc:  # kept: every claim naming the file is told, none retries
            cache[key] = exc
        else:
            with _not_an_input_of_the_claim():
                cache[key] = prepare(loaded)
    found = cache[key]
    if not isinstance(found, InputError):
        return found
    if found.line is not None or found.file != key:
        raise found  # a problem inside the cluster file: its own file and line
    raise InputError(
        f"cluster file {ref!r}: {found.problem} (paths are relative to the claims file)",
        file=document.name,
        line=document.line_of(loc),
        field=f"claims[{index}].{field}",
    )
