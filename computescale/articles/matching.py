"""Which cluster a figure of an article is about, as a reader would tell.

A sentence names a cluster ("Colossus 1", "Meta") or states the figure its name gives
("50 milioni di unità H100" for "xAI target, 50 million H100-equivalents"); the name
nearest the figure is its subject. A name several clusters share ("Colossus" for Colossus
1 and 2, "xAI" for every xAI cluster) leaves the choice to the date. A sentence that names
none keeps the subject of the sentences just before ("questa impresa", "the cost").
Among the files of one name (Colossus 1 at launch, doubled, its build-out), the date and
tense decide: the present tense describes a cluster dated on or before the article, the
future tense (or a conditional) a plan dated after it; the other files of that name
become alternatives of the claim.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from computescale.articles.mentions import Mention, Sentence, named_accelerators
from computescale.articles.numbers import find_numbers
from computescale.catalogue import Catalogue
from computescale.cluster import Cluster, SplitFleet, load_cluster
from computescale.errors import InputError, check_type
from computescale.shipped import is_name, known_clusters

__all__ = [
    "Candidate",
    "Match",
    "Subject",
    "candidates",
    "cluster_files",
    "match",
    "shipped_candidates",
    "subject_of",
]

MEMORY = 3
"""How many sentences a named cluster stays the subject of the sentences that name none."""
COMMON = 3
"""A word the files of this many cluster names write ("NVIDIA", "GPU") names none of them."""
IMPOSSIBLE = -6.0
"""The date fit of a cluster not yet built, for a figure in the present tense."""


@dataclass(frozen=True)
class Candidate:
    """A cluster file a figure may be about, with what identifies it.

    Attributes
    ----------
    path
        The file, as given.
    cluster
        Its contents.
    key
        The proper name its name starts with, in lower-case words (``colossus``, ``1``).
    proper
        The other proper nouns its name and description write ("xAI's Colossus
        supercomputer in Memphis": ``xai``, ``colossus``, ``memphis``).
    text
        Its name, description and fleet labels: what the file says of itself.
    in_name
        The amounts its name states ("50 million" in "xAI target, 50 million H100e").
    accelerators
        The catalogue ids of its fleets.
    own_name
        False when files of another name mention this one's name ("xAI" in the
        descriptions of the Colossus files): it then names no cluster by itself.
    """

    path: str
    cluster: Cluster
    key: tuple[str, ...]
    proper: frozenset[str]
    text: str
    in_name: tuple[float, ...]
    accelerators: frozenset[str]
    own_name: bool = True

    @property
    def as_of(self) -> dt.date | None:
        """The date the cluster describes (the last phase's for a build-out)."""
        return self.cluster.as_of


@dataclass(frozen=True)
class Match:
    """The cluster a figure is about, the other files of its name, and how it was told.

    ``certain`` when the sentence names the cluster (the files of its name, told apart by
    date, are the ``others``); a cluster taken from a shared word or from the sentences
    before is a guess, and a claim checked against it is never called inconsistent.
    """

    chosen: Candidate
    others: tuple[Candidate, ...]
    how: str
    certain: bool = False


@dataclass(frozen=True)
class Subject:
    """The clusters the sentences are about (one name's files), and the sentence that named them.

    A figure that keeps the subject picks among them by its own tense: "Colossus is the
    most powerful system. It will double to 200k" is Colossus now, then Colossus doubled.
    """

    group: tuple[Candidate, ...]
    sentence: int


_GENERIC = frozenset({"gpu", "gpus", "ai", "hpc", "the", "cluster"})
_VENDORS = frozenset(
    {
        *("nvidia", "amd", "intel", "hpe", "cray", "eviden", "atos", "bull", "supermicro"),
        *("dell", "lenovo", "fujitsu", "ibm", "foxconn", "quanta", "wiwynn", "gigabyte"),
        *("penguin", "partec", "broadcom", "arista", "mellanox", "nokia", "cisco"),
    }
)
"""The makers of chips and systems: every cluster they build writes their name, which
therefore names none of them ("built by HPE Cray")."""
COMPARED = 1000
"""How far a name written as the term of a comparison ("surpasses Frontier"), or as a
ratio's reference, is put from the figure: so far that it names no cluster of the figure's."""
_COMPARED = re.compile(
    r"(?:surpass\w*|overtak\w*|outperform\w*|beat\w*|dethron\w*|than|vs\.?|versus|"
    r"compared\s+(?:to|with)|ahead\s+of|rispetto\s+(?:a|al|allo|alla|ai|agli)|supera\w*|"
    r"superato|sorpass\w*|battut\w*|davanti\s+a|di\s+quella\s+di)"
    r"\s+(?:(?:the|il|lo|la|i|gli|l['’])\s*)?(?:\w+['’]s\s+)?$",
    re.I,
)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _key(name: str, chip_words: set[str]) -> tuple[str, ...]:
    """Return the proper name a cluster's name starts with: ``Colossus 2``, ``Meta``, ``xAI``.

    Its leading words with a capital letter (and a number or version after one: "Llama
    3.1"), chip names and generic capitals (GPU, AI) left out: "Meta H100 fleet, end of
    2024" is ``meta``.
    """
    out: list[str] = []
    for word in re.findall(r"[\w.+-]+", re.split(r"[,(:]", name)[0]):
        if word.lower() in chip_words or word.lower() in _GENERIC:
            continue
        version = re.fullmatch(r"\d+(?:\.\d+)*", word) is not None  # "Llama 3.1", "Colossus 2"
        if any(ch.isupper() for ch in word) or (version and out):
            out.extend(_tokens(word))
            continue
        break
    return tuple(out)


_MONTHS = frozenset(
    (
        *("january", "february", "march", "april", "may", "june"),
        *("july", "august", "september", "october", "november", "december"),
    )
)


def _proper(text: str, chip_words: set[str]) -> frozenset[str]:
    """Return the proper nouns of a text that may name a cluster, its owner or its place.

    Words with digits (chip names, "H100e"), months and generic capitals are left out.
    """
    out = set()
    # "Elon Musk", "Super Micro": runs of capitalised words name people (a source, not a
    # cluster) and are left out, as are words that start a sentence ("Counts from ...")
    runs = {
        w.lower()
        for run in re.findall(r"(?:\b[A-Z][a-z]+(?:'s)?\s+){1,}[A-Z][a-z]+\b", text)
        for w in re.findall(r"[A-Za-z]+", run)
    }
    for m in re.finditer(r"(?<![\w'])([A-Za-z]*[A-Z][A-Za-z-]*)(?![\w])", text):
        word = m.group(1)
        if word.lower() in runs:
            continue
        start = text[: m.start()].rstrip()
        if (not start or start[-1] in ".!?:(") and word.istitle():
            continue  # "Counts from ...": capitalised as a sentence starts ("xAI's" is kept)
        lower = word.lower()
        if len(word) >= 3 and lower not in chip_words | _GENERIC | _MONTHS | _VENDORS:
            out.add(lower)
    return frozenset(out)


def cluster_files(refs: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Return the cluster files of ``refs``: files, shipped names, and the files of folders."""
    out: list[str] = []
    for i, ref in enumerate(refs):
        check_type(ref, (str, os.PathLike), f"clusters[{i}]", "a cluster file, folder or name")
        if os.path.isdir(ref):
            inside = (p for p in Path(ref).iterdir() if p.suffix.lower() in (".yaml", ".yml"))
            out += sorted(os.fspath(p) for p in inside if p.is_file())
        elif Path(ref).suffix.lower() in (".yaml", ".yml") or is_name(ref):
            out.append(os.fspath(ref))
        else:
            raise InputError(
                "a cluster is a YAML file (.yaml or .yml), a folder of them or a shipped "
                "cluster's name",
                file=os.fspath(ref),
                fix="rename the file to .yaml, or give its folder",
            )
    return out


_SHIPPED: dict[int, tuple[Catalogue, list[Candidate]]] = {}


def shipped_candidates(date: dt.date, catalogue: Catalogue) -> list[Candidate]:
    """Return the shipped clusters an article of ``date`` may speak of, each by its name.

    Those dated on or before the article, and plans announced on or before it (an undated
    file, neither): a cluster built or announced later cannot be what it describes.
    """
    held = _SHIPPED.get(id(catalogue))
    if held is None or held[0] is not catalogue:
        held = (catalogue, candidates(list(known_clusters()), catalogue))
        _SHIPPED[id(catalogue)] = held
    return [
        c
        for c in held[1]
        if (c.as_of is not None and c.as_of <= date)
        or (c.cluster.announced is not None and c.cluster.announced <= date)
    ]


def candidates(paths: Sequence[str | os.PathLike[str]], catalogue: Catalogue) -> list[Candidate]:
    """Read the cluster files a figure may be about (files, folders or shipped names)."""
    out = []
    for path in cluster_files(paths):
        cluster = load_cluster(path, catalogue)
        accelerators = frozenset(
            m.accelerator
            for f in cluster.fleets
            for m in (f.split if isinstance(f, SplitFleet) else (f,))
        )
        chip_words = {t for a in accelerators for t in _tokens(a)} | {
            t for n in named_accelerators(cluster.name, catalogue) for t in _tokens(n)
        }
        labels = " ".join(f.label or "" for f in cluster.fleets)
        text = " ".join([cluster.name, cluster.description or "", labels])
        in_name = tuple(
            n.low for n in find_numbers(cluster.name, "en") if n.low >= 1000 and n.low == n.high
        )
        key = _key(cluster.name, chip_words)
        proper = frozenset().union(
            *(_proper(part, chip_words) for part in (cluster.name, cluster.description or "")),
            (t for t in key if not t.isdigit() and len(t) >= 3 and t not in _VENDORS),
        )
        out.append(Candidate(os.fspath(path), cluster, key, proper, text, in_name, accelerators))
    # a word that clusters of three names or more write (a chip's vendor, "NVIDIA") names
    # none of them; a name is a cluster's own when no file of another name mentions it
    keys_of: dict[str, set[tuple[str, ...]]] = {}
    for c in out:
        for word in c.proper:
            keys_of.setdefault(word, set()).add(c.key)
    common = {w for w, keys in keys_of.items() if len(keys) >= COMMON}
    return [
        dataclasses.replace(
            c,
            proper=c.proper - common,
            own_name=len({d.key for d in out if _phrase(c.key).search(d.text)}) <= 1,
        )
        if c.key
        else dataclasses.replace(c, proper=c.proper - common)
        for c in out
    ]


@functools.lru_cache(maxsize=4096)
def _phrase(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w])" + r"[\s\-_.]*".join(re.escape(w) for w in words) + r"(?![\w])", re.I
    )


def _proper_case(found: re.Match[str]) -> bool:
    """Return whether a name is written as one: with a capital, or as digits.

    "Frontier" and "xAI" are names; "frontier-level" and "meta-analysis" are not.
    """
    text = found.group(0)
    return any(ch.isupper() or ch.isdigit() for ch in text)


@functools.lru_cache(maxsize=256)
def _places(text: str, key: tuple[str, ...]) -> tuple[int, ...]:
    """Return where a text writes a name (its words, as a name is written), once per text."""
    if key[0].casefold() not in _folded(text):  # its first word is in each place that writes it
        return ()
    return tuple(x.start() for x in _phrase(key).finditer(text) if _proper_case(x))


@functools.lru_cache(maxsize=256)
def _folded(text: str) -> str:
    """Return a text case-folded, once per text (a quick test before a name's pattern)."""
    return text.casefold()


@functools.lru_cache(maxsize=256)
def _capitalised(text: str) -> frozenset[str]:
    """Return the words a text writes with a capital (lower-cased): those that may name."""
    return frozenset(
        w.lower() for w in re.findall(r"(?<![\w'])[A-Za-z][A-Za-z-]*", text) if not w.islower()
    )


def date_fit(as_of: dt.date | None, date: dt.date, future: bool) -> float:
    """Score a cluster's date against the article's, for the present or for a plan.

    The present tense: the latest cluster dated on or before the article; one dated after
    it is :data:`IMPOSSIBLE`. The future tense: the nearest cluster dated after it; one
    announced within half a year before still fits. An undated file (a plan) fits a future
    figure a little and a present one badly.
    """
    if as_of is None:
        return 0.0 if future else -2.0
    years = (as_of - date).days / 365.25
    if not future:
        return 1.5 - 0.5 * min(-years, 3) if years <= 0 else IMPOSSIBLE
    if years > 0:
        return 1.5 - 0.25 * min(years, 4)
    return 0.25 if years > -0.5 else -1.0


ANNOUNCED = 0.1
"""The least date fit of a plan announced on or before the article, whatever its tense, below
any cluster that fits by its own date: "the goal is 50 million H100-equivalents" speaks of
the plan now."""


def _fit(c: Candidate, date: dt.date, future: bool) -> float:
    """Score a candidate's date against the article's (see :func:`date_fit`)."""
    fit = date_fit(c.as_of, date, future)
    announced = c.cluster.announced
    return max(fit, ANNOUNCED) if announced is not None and announced <= date else fit


def _by_date(
    group: Sequence[Candidate], date: dt.date, future: bool, prefer: Candidate | None = None
) -> Candidate:
    return max(
        group,
        key=lambda c: (_fit(c, date, future), c is prefer, c.as_of is not None),
    )


def _named(
    m: Mention, value: float, pool: Sequence[Candidate]
) -> tuple[list[tuple[int, Candidate]], set[str], list[Candidate]]:
    """Return the clusters a sentence names, the words it shares, the clusters it numbers.

    The clusters named come nearest first; those numbered are the ones whose name states
    the figure without the sentence naming them.

    A full name in the sentence ("Colossus 1") counts by its distance from the figure; a
    figure equal to one a name states comes first, at distance -1, when the sentence also
    writes a word of that cluster's (a number alone names nothing). Names count only as
    names are written: with a capital or in digits ("frontier-level" is no Frontier).
    ``shared`` holds the words of names the sentence writes only in part ("Colossus"), or
    that several names' files mention ("xAI"): those leave the choice to the date.
    """
    s = m.sentence
    at, end = m.start - s.start, m.end - s.start
    full: list[tuple[int, Candidate]] = []
    shared: set[str] = set()
    numbered: list[Candidate] = []
    capitals = _capitalised(s.text)
    for c in pool:
        said = c.proper & capitals
        if c.in_name and any(abs(value - g) <= 0.01 * g for g in c.in_name):
            if said:
                full.append((-1, c))  # before any name: but its date must fit (see match)
                continue
            numbered.append(c)
        if not c.key:
            continue
        places = _places(s.text, c.key)
        if places and c.own_name:
            # a name compared with ("surpasses Frontier", "rispetto a Frontier") comes last,
            # as does a ratio's reference ("24 volte ... El Capitan")
            near = min(
                min(abs(p - at), abs(p - end))
                + (COMPARED if m.quantity == "ratio" and p > at else _compared(s.text, p))
                for p in places
            )
            if near >= COMPARED:  # only compared with: not what the figure is about
                continue
            full.append((near, c))
        elif places:
            shared.update(c.key)
        shared.update(said)
    full.sort(key=lambda t: t[0])
    return full, shared, numbered


def match(
    m: Mention,
    pool: Sequence[Candidate],
    date: dt.date,
    future: bool,
    subject: Subject | None,
) -> tuple[Match | None, bool]:
    """Return the cluster a figure is about (or None), and whether its sentence named it.

    See the module docstring for the rules; ``subject`` is the cluster the sentences before
    were about.
    """
    if not pool:
        return None, False
    tense = " (a plan: the text speaks of the future)" if future else ""
    full, shared, numbered = _named(m, m.number.low, pool)
    for distance, c in full:
        family = [d for d in pool if d.key == c.key] if c.key else [c]
        chosen = _by_date(family, date, future, prefer=c)
        fit = _fit(chosen, date, future)
        # a figure equal to the one a name states is weaker than the name: its date must fit
        if fit >= 0 if distance < 0 else fit > IMPOSSIBLE:
            how = f"the sentence names {chosen.cluster.name}{tense}"
            if distance < 0:
                how = f"the figure is the one the name of {chosen.cluster.name} states{tense}"
            others = tuple(d for d in family if d is not chosen)
            owner = any(not (d.accelerators & chosen.accelerators) for d in others)
            if owner:  # "Anthropic" names clusters of TPUs and of Trainium: an owner's name
                how += ", a name several clusters of other chips share: a guess"
            return Match(chosen, others, how, certain=not owner), True
    recent = subject is not None and subject.sentence >= m.sentence.index - MEMORY
    if shared:
        # every shared word must be one cluster's: "OpenAI e Meta" names two owners, none
        group = [c for c in pool if shared <= c.proper and not _contradicts(c, m.sentence.text)]
        if group:
            chosen = _by_date(group, date, future)
            if _fit(chosen, date, future) > IMPOSSIBLE:
                family = group
                how = (
                    f"the sentence names '{' '.join(sorted(shared))}', which several clusters "
                    f"share: {chosen.cluster.name} fits the date{tense}"
                )
                return Match(chosen, tuple(d for d in family if d is not chosen), how), True
    fitting = [c for c in numbered if _fit(c, date, future) >= 0]
    if fitting:
        chosen = _by_date(fitting, date, future)
        how = (
            f"the figure is the one the name of {chosen.cluster.name} states, though the "
            f"sentence does not name it{tense}"
        )
        # a guess, but the sentences after it speak of the same cluster
        return Match(chosen, tuple(c for c in fitting if c is not chosen), how), True
    if recent and subject is not None:
        chosen = _by_date(subject.group, date, future)
        if _fit(chosen, date, future) > IMPOSSIBLE:
            how = (
                f"the sentence names no cluster: {chosen.cluster.name}, of the name the "
                f"sentences before use{tense}"
            )
            return Match(chosen, tuple(d for d in subject.group if d is not chosen), how), False
    return None, False


_PARTS = {
    "phase": r"phase|fase|stage",
    "batch": r"batch|lotto|tranche",
    "partition": r"partition|partizione|module|modulo",
}
"""Words a cluster's name uses to say it is part of what its name names ("Stargate UAE phase
1", "Colossus 2, first batch"), each with the words a sentence would use for that part."""


def _compared(text: str, at: int) -> int:
    """Return :data:`COMPARED` for a name written as the term of a comparison, else 0."""
    return COMPARED if _COMPARED.search(text[max(0, at - 40) : at]) else 0


def part_unsaid(c: Candidate, sentence: str) -> str | None:
    """Return the part a cluster's name describes that the sentence does not say, or None.

    "The 1-gigawatt Stargate UAE project" names Stargate UAE, and its file of phase 1 (200 MW)
    is only part of it: the match is then a guess. A sentence says the part by its word
    ("il primo lotto"), or by the part's own count of accelerators ("in tutto circa 550.000
    unità" for Colossus 2's first batch of 550,000).
    """
    name = c.cluster.name.lower()
    for part, words in _PARTS.items():
        if re.search(rf"\b{part}\b", name) and not re.search(rf"\b(?:{words})", sentence, re.I):
            low, high = _count(c.cluster)
            stated = (n.low for n in find_numbers(sentence, "en") + find_numbers(sentence, "it"))
            if not any(low * 0.99 <= x <= high * 1.01 for x in stated):
                return part
    return None


@functools.lru_cache(maxsize=256)
def _count(cluster: Cluster) -> tuple[float, float]:
    """Return a cluster's count of accelerators (its bounds)."""
    from computescale.estimates import estimate

    return estimate(cluster).accelerators.magnitudes()


def subject_of(sentence: Sentence, pool: Sequence[Candidate]) -> Subject | None:
    """Return the cluster a sentence is about, as the subject of the sentences after it.

    The cluster it names first, by its own name, unless named as the term of a comparison
    ("El Capitan surpasses Frontier" is about El Capitan; "Colossus 2 sorgerà a Memphis."
    about Colossus 2, with no figure). None when it names none.
    """
    first: tuple[int, int, Candidate] | None = None
    for c in pool:
        if not (c.key and c.own_name):
            continue
        for p in _places(sentence.text, c.key):
            compared = _compared(sentence.text, p)
            if first is None or (compared, p) < first[:2]:
                first = (compared, p, c)
    if first is None:
        return None
    key = first[2].key
    return Subject(tuple(c for c in pool if c.key == key), sentence.index)


def _contradicts(c: Candidate, sentence: str) -> bool:
    """Return whether a sentence names this cluster's name with another number ("Colossus 2")."""
    for i, word in enumerate(c.key[:-1]):
        number = c.key[i + 1]
        said = re.findall(rf"(?<![\w]){re.escape(word)}\s+(\d+)(?![\w])", sentence, re.I)
        if number.isdigit() and said and number not in said:
            return True
    return False
