"""Claims drafted from an article: each figure typed, matched to a cluster, and marked for review.

:func:`extract_claims` reads an article (Italian or English), finds its figures
(:mod:`computescale.articles.mentions`), matches each to one of the cluster files given
(by the names, places and accelerators of its sentence, and by date: a plan in the future
tense goes to the cluster of a later date) and drafts a claim a person reviews before
relying on it: ``needs_review`` lists every reading that was a choice. The drafts become a
claims file (:func:`drafts_yaml`) that ``computescale check`` accepts as it is, or JSON
(:func:`drafts_json`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from computescale.articles.matching import (
    Candidate,
    Match,
    Subject,
    candidates,
    match,
    part_unsaid,
    shipped_candidates,
    subject_of,
)
from computescale.articles.mentions import FUTURE, Mention, clause, find_mentions, sentences
from computescale.articles.numbers import Language, detect_language
from computescale.articles.text import date_line, readable, title_of
from computescale.catalogue import Catalogue, the_catalogue
from computescale.claims.model import Claim
from computescale.claims.quantities import CLAIM_TABLE
from computescale.cluster import Cluster
from computescale.errors import InputError, check_items, check_type
from computescale.shipped import is_name
from computescale.uncertain import date_out_of_range

__all__ = [
    "Draft",
    "Extraction",
    "draft_claims",
    "drafts_json",
    "drafts_yaml",
    "extract_claims",
]

MAX_TEXT = 500_000
"""Longest article read, in characters: ten times a long feature (news articles run 3,000 to
50,000); the densest text of this length (bare numbers) is read in about 20 s."""


@dataclass
class Draft:
    """A claim drafted from a figure of the article.

    Attributes
    ----------
    id
        Unique in the article: quantity and value (``accelerators-230k``).
    says
        The sentence, with the figure between ``[[`` and ``]]``.
    quantity, unit, low, high, qualifier, precision, sparse, scope, reference, fleets
        As in a claim; ``low`` and ``high`` in base units of ``unit``.
    cluster
        The cluster file matched (a path), an inline cluster, or None.
    alternatives
        The other cluster files of the same name (told apart by date).
    needs_review
        What a person must confirm before relying on the check.
    cluster_from
        ``named`` when the figure's sentence names its cluster, ``inferred`` when the
        cluster was taken from the context (the article's subject, a shared word): a
        claim checked against an inferred cluster is never called inconsistent;
        ``none`` when no cluster was found.
    start, end
        The figure's span in the article.
    other
        The value (base units) of the digits read in the other decimal convention, when
        the article's separators leave it open; None otherwise.
    """

    id: str
    says: str
    quantity: str
    unit: str
    low: float
    high: float
    qualifier: str | None
    precision: str | None
    sparse: bool
    scope: str | None
    reference: str | None
    fleets: tuple[str, ...]
    cluster: str | dict[str, Any] | None
    alternatives: tuple[str, ...] = ()
    needs_review: list[str] = field(default_factory=list)
    cluster_from: str = "none"
    start: int = 0
    end: int = 0
    other: float | None = None

    def value(self, single: float | None = None) -> Any:
        """Return the value as a claims file writes it: ``"more than 230000"``, ``[a, b]``.

        ``single`` writes that value instead, with the same unit and qualifier.
        """
        unit = f" {self.unit}" if self.unit else ""
        words = {"at_least": "more than ", "at_most": "up to ", "about": "about "}
        low, high = (self.low, self.high) if single is None else (single, single)
        if low != high:
            return [f"{_g(low)}{unit}", f"{_g(high)}{unit}"]
        text = f"{_g(low)}{unit}"
        if self.qualifier is not None:
            return words[self.qualifier] + text
        if unit:
            return text
        return int(low) if low.is_integer() else low


def _g(x: float) -> str:
    return f"{x:.10g}"


@dataclass
class Extraction:
    """The drafts of one article and what was not drafted.

    Attributes
    ----------
    title
        The article's first line.
    language
        ``it`` or ``en``, given or detected.
    date
        The source date of every draft.
    drafts
        The figures, in the article's order.
    skipped
        Numbers that are not figures, each with why (``'2030': a year``).
    notes
        What applies to every draft (how the date and title were found).
    clusters
        The clusters the figures were matched against, by the file or name drafts give.
    """

    title: str
    language: Language
    date: dt.date
    drafts: list[Draft]
    skipped: list[str]
    notes: list[str]
    clusters: dict[str, Cluster] = field(default_factory=dict)


def extract_claims(
    text: str,
    *,
    lang: str = "auto",
    clusters: Sequence[str | os.PathLike[str]] | None = None,
    source_date: dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> Extraction:
    """Draft the claims of an article's text.

    Time is linear in the text, times the number of clusters each figure is matched against:
    about 2-40 µs per character (a page of bare numbers is the slowest), so the longest text
    taken, :data:`MAX_TEXT` characters, is read in seconds.

    Parameters
    ----------
    text
        The article, as plain text.
    lang
        ``it``, ``en`` or ``auto`` (detected from common words).
    clusters
        Cluster files (or folders of them, or names of shipped clusters) to match each
        figure to; None for the clusters shipped with computescale that the article's date
        allows (built, or announced, on or before it); ``()`` for none.
    source_date
        The publication date; else a ``date YYYY-MM[-DD]`` line at the top, else today
        (said in the notes).
    catalogue
        For accelerator names; the packaged catalogue by default.

    Raises
    ------
    InputError
        For a text over :data:`MAX_TEXT` characters, an unknown language or a bad
        cluster file.
    """
    check_type(text, str, "text", "the article as text (read a file first)")
    if clusters is not None:
        check_items(clusters, "clusters", "['colossus2', 'my-cluster.yaml', 'a-folder/']")
    if source_date is not None:
        check_type(source_date, dt.date, "source_date", "datetime.date(2025, 7, 23)")
        out_of_range = date_out_of_range(source_date)
        if out_of_range is not None:
            raise InputError(out_of_range, field="source_date")
    if len(text) > MAX_TEXT:
        raise InputError(f"text is over the limit of {MAX_TEXT:,} characters", field="article")
    if lang not in ("auto", "it", "en"):
        raise InputError(f"unknown language {lang!r}", field="lang", expected="auto, it or en")
    cat = the_catalogue(catalogue)
    text, html = readable(text)
    language: Language = detect_language(text) if lang == "auto" else lang  # type: ignore[assignment]
    notes = [f"language: {language}" + (" (detected)" if lang == "auto" else "")]
    if html:
        notes.append("read as HTML: tags, scripts and styles removed, entities decoded")
    date = source_date
    if date is None:
        date, how = date_line(text)
        if date is None:
            date = dt.date.today()
            how += "no source date given (--source-date): today's date used"
        notes.append(how)
    if clusters is None:
        pool = shipped_candidates(date, cat)
        notes.append(
            f"clusters: the {len(pool)} shipped clusters built or announced by {date.isoformat()}"
        )
    else:
        pool = candidates(clusters, cat)
    mentions = find_mentions(text, language, cat, date)
    parts = sentences(text)
    drafts: list[Draft] = []
    skipped: list[str] = []
    seen: dict[tuple[Any, ...], Draft] = {}
    times: dict[tuple[Any, ...], int] = {}
    ids: dict[str, int] = {}
    last_named: tuple[str, ...] = ()
    subject: Subject | None = None
    future_of: dict[int, bool] = {}
    read = 0  # the sentences before this one were read for a subject
    for m in mentions:
        for index in range(read, m.sentence.index):  # "Colossus 2 sorgerà a Memphis."
            subject = subject_of(parts[index], pool) or subject
        read = max(read, m.sentence.index)
        if m.quantity == "skipped":
            skipped.append(f"'{text[m.start : m.end]}': {m.skipped}")
            continue
        named = last_named = m.accelerators or last_named
        own = clause(m.sentence.text, m.start - m.sentence.start, m.end - m.sentence.start)
        if m.sentence.index not in future_of:  # once per sentence: the search is costly
            future_of[m.sentence.index] = FUTURE.search(m.sentence.text) is not None
        sentence_future = future_of[m.sentence.index]
        tense = (sentence_future and FUTURE.search(own) is not None, sentence_future)
        draft, found, named_here = _draft(m, pool, named, date, tense, subject)
        if found is not None and named_here:
            # the sentences after it follow, unless this sentence names a cluster first:
            # then that one (subject_of, as the sentence is passed)
            subject = Subject((found.chosen, *found.others), m.sentence.index)
        key = (
            draft.quantity,
            draft.low,
            draft.high,
            draft.qualifier,
            draft.fleets,
            str(draft.cluster),
            draft.scope,
            draft.precision,
        )
        if key in seen:
            times[key] += 1
            continue
        seen[key], times[key] = draft, 1
        draft.id = _unique(draft.id, ids)
        drafts.append(draft)
    for key, draft in seen.items():
        if times[key] > 1:
            draft.needs_review.append(f"stated {times[key]} times in the article")
    pool_clusters = {c.path: c.cluster for c in pool}
    return Extraction(title_of(text), language, date, drafts, skipped, notes, pool_clusters)


def _draft(
    m: Mention,
    pool: Sequence[Candidate],
    named: Sequence[str],
    date: dt.date,
    tenses: tuple[bool, bool],
    subject: Subject | None,
) -> tuple[Draft, Match | None, bool]:
    """Return the draft of a figure, its cluster match, and whether its sentence named it.

    ``tenses`` says whether the figure's clause, and its sentence, speak of the future.
    """
    future, sentence_future = tenses
    s = m.sentence
    a, b = m.start - s.start, m.end - s.start
    says = (s.text[:a] + "[[" + s.text[a:b] + "]]" + s.text[b:]).strip()
    says = re.sub(r"\s+", " ", says)[:1000]
    review = list(m.review) + [n for n in m.number.notes if n not in m.review]
    cluster: str | dict[str, Any] | None = None
    alternatives: tuple[str, ...] = ()
    found: Match | None = None
    certain = False
    named_here = False
    fleets = m.fleets
    if m.per_accelerator:
        chip = named[-1] if named else None
        if chip is None:
            review.append("the price of one accelerator, of a chip not named: set `cluster:`")
        else:
            cluster = {"name": f"one {chip}", "fleets": [{"accelerator": chip, "count": 1}]}
            review.append(f"priced as one {chip}, the accelerator the article names last")
    elif CLAIM_TABLE[m.quantity].recomputed_from == "nothing":
        pass  # a programme's total, a company's money: no site's figure, matched to none
    elif not pool:
        review.append("no cluster file given (--cluster): set `cluster:`")
    else:
        found, named_here = match(m, pool, date, future, subject)
        if found is None and future != sentence_future:
            # "200 exaFLOPS planned, twenty times the leading system": the clause's present
            # tense is the sentence's future
            found, named_here = match(m, pool, date, sentence_future, subject)
        if found is None:
            review.append("no cluster file matches this figure's sentence: set `cluster:`")
        else:
            cluster = found.chosen.path
            alternatives = tuple(c.path for c in found.others)
            review.append("cluster: " + found.how)
            held = found.chosen.accelerators
            certain = found.certain
            chips = set(m.accelerators)
            if certain and chips and not chips & held:
                certain = False  # "4,096 GB300 … Llama 3.1": the named cluster holds none
                review.append(
                    f"the sentence names {', '.join(sorted(chips))}, which "
                    f"{found.chosen.cluster.name} does not hold: the cluster is a guess"
                )
            part = part_unsaid(found.chosen, m.sentence.text) if certain else None
            if part is not None:
                certain = False
                review.append(
                    f"{found.chosen.cluster.name} is one {part} of what the sentence names, "
                    f"and the sentence does not say which: the cluster is a guess"
                )
            if fleets and not set(fleets) <= held:
                review.append(
                    f"the text names {', '.join(fleets)}, which {found.chosen.cluster.name} "
                    "does not hold: the figure is read against the whole cluster"
                )
                fleets = ()
            elif fleets and set(fleets) == held:
                fleets = ()  # every fleet: no subset to name
    if CLAIM_TABLE[m.quantity].recomputed_from == "run":
        review.append("describe the run (run: {compute: ..., mfu: ...} or {days: ...})")
    draft = Draft(
        id=f"{m.quantity.replace('_', '-')}-{_short(m.low, m.unit)}",
        says=says,
        quantity=m.quantity,
        unit=m.unit,
        low=m.low,
        high=m.high,
        qualifier=m.qualifier,
        precision=m.precision,
        sparse=m.sparse,
        scope=m.scope,
        reference=m.reference,
        fleets=fleets,
        cluster=cluster,
        alternatives=alternatives,
        needs_review=review,
        cluster_from=_how(cluster, found, certain),
        other=m.other,
        start=m.start,
        end=m.end,
    )
    return draft, found, named_here


def _how(cluster: str | dict[str, Any] | None, found: Match | None, certain: bool) -> str:
    """Say how a draft's cluster was found: ``named``, ``inferred`` or ``none``."""
    if found is not None and certain:
        return "named"
    if found is not None or cluster is not None:
        return "inferred"  # a guess, or one accelerator priced (an inline cluster)
    return "none"


def _short(x: float, unit: str) -> str:
    """Return a value for an id: 230k, 2t, 1.5e12."""
    if x <= 0 or not math.isfinite(x):
        return "0"
    for scale, letter in ((1e12, "t"), (1e9, "b"), (1e6, "m"), (1e3, "k")):
        if x >= scale and unit in ("", "USD", "h"):
            return f"{x / scale:.4g}{letter}".replace(".", "p")
    if unit in ("FLOP/s", "W", "Wh", "FLOP"):
        exp = int(math.floor(math.log10(x) / 3) * 3)
        prefix = {0: "", 3: "k", 6: "m", 9: "g", 12: "t", 15: "p", 18: "e", 21: "z", 24: "y"}
        return f"{x / 10**exp:.4g}{prefix.get(exp, f'e{exp}')}".replace(".", "p")
    return f"{x:.4g}".replace(".", "p").replace("+", "")


def _unique(base: str, ids: dict[str, int]) -> str:
    """Return ``base``, or ``base-2``, ``base-3`` … the first not taken (constant time each).

    ``ids`` maps every id given to the next number to try after it.
    """
    k = ids.get(base, 0)
    out = base if k == 0 else f"{base}-{k}"
    while out in ids:  # "x-2" itself given as a base before: rare, and each skipped once
        k += 1
        out = f"{base}-{k}"
    ids[base] = max(k, 1) + 1
    ids.setdefault(out, 2)
    return out


def _claim_data(d: Draft, source: dict[str, Any], base: Path | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": d.id, "source": source, "says": d.says, "quantity": d.quantity}
    if d.scope is not None:
        data["scope"] = d.scope
    if d.precision is not None:
        data["precision"] = d.precision
    if d.sparse:
        data["sparse"] = True
    if d.reference is not None:
        data["reference"] = d.reference
    data["value"] = d.value()
    if d.other is not None:
        data["other_reading"] = d.value(d.other)
    if d.fleets:
        data["fleets"] = list(d.fleets)
    data["cluster"] = _relative(d.cluster, base) if isinstance(d.cluster, str) else d.cluster
    if d.alternatives:
        data["alternatives"] = [_relative(a, base) for a in d.alternatives]
    data["needs_review"] = list(d.needs_review) or ["nothing: every reading was written out"]
    data["cluster_from"] = d.cluster_from
    return data


def _relative(path: str, base: Path | None) -> str:
    if base is None or (is_name(path) and not os.path.exists(path)):
        return path  # a shipped cluster, by name
    return os.path.relpath(os.path.abspath(path), base)


def draft_claims(x: Extraction, *, outlet: str) -> list[Claim]:
    """Return the drafts as claims, as a claims file of them would read (paths as drafted).

    A draft no claim can hold (a value a claim refuses) becomes an ``unknown`` claim whose
    review says why: it is checked as unverifiable, never lost.
    """
    from pydantic import ValidationError

    source = {"title": x.title, "outlet": outlet, "date": x.date.isoformat()}
    out = []
    for d in x.drafts:
        data = _claim_data(d, source, None)
        try:
            out.append(Claim.model_validate(data))
        except ValidationError as exc:
            why = "; ".join(str(e["msg"]) for e in exc.errors())
            said = f"drafted as {d.quantity} {d.low:g}–{d.high:g}, which a claim refuses: {why}"
            plain = {k: data[k] for k in ("id", "source", "says")}
            review = [*data["needs_review"], said, "the value below is a placeholder: see above"]
            unknown = {**plain, "quantity": "unknown", "value": 1, "needs_review": review}
            out.append(Claim.model_validate(unknown))
    return out


def _dumper() -> type[Any]:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Writes each claim's source in full (no YAML anchors and aliases)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        # a title "1e5" or an outlet "2025-07" is text: quoted, never read back as a number
        style = "'" if _NOT_TEXT.fullmatch(value.strip()) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


_NOT_TEXT = re.compile(
    r"[-+]?(?:[\d_.,]+(?:[eE][-+]?\d+)?|\.?(?:inf|nan))|\d{4}-\d\d(?:-\d\d.*)?|"
    r"true|false|yes|no|on|off|null|~|",
    re.I,
)
"""Text YAML would read as something else: a number, a date, a boolean, null, nothing."""


def drafts_yaml(x: Extraction, *, outlet: str, base: Path | None = None) -> str:
    """Return the drafts as a claims file; cluster paths relative to ``base`` (its folder)."""
    import yaml

    source = {"title": x.title, "outlet": outlet, "date": x.date.isoformat()}
    head = [
        "# Claims drafted by `computescale extract`: review every `needs_review` before relying",
        "# on a verdict. Claims without a cluster are checked as unverifiable until one is set.",
        *(f"# {n}" for n in x.notes),
    ]
    body = yaml.dump(
        {"claims": [_claim_data(d, source, base) for d in x.drafts]},
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    tail = [f"# not drafted: {s}" for s in x.skipped]
    return "\n".join([*head, body.rstrip("\n"), *tail]) + "\n"


def drafts_json(x: Extraction) -> dict[str, Any]:
    """Return the drafts as JSON-ready data, values in base units."""
    return {
        "title": x.title,
        "language": x.language,
        "date": x.date.isoformat(),
        "notes": x.notes,
        "claims": [
            {
                "id": d.id,
                "says": d.says,
                "quantity": d.quantity,
                "value": {"low": d.low, "high": d.high},
                "unit": d.unit,
                "qualifier": d.qualifier,
                "precision": d.precision,
                "sparse": d.sparse,
                "scope": d.scope,
                "reference": d.reference,
                "fleets": list(d.fleets),
                "cluster": d.cluster,
                "alternatives": list(d.alternatives),
                "needs_review": d.needs_review,
                "cluster_from": d.cluster_from,
                "other_reading": d.other,
            }
            for d in x.drafts
        ],
        "skipped": x.skipped,
    }
