"""What a written number counts: accelerators, FLOP/s, watts, dollars, times a supercomputer.

:func:`find_mentions` reads the words around each amount of
:func:`~computescale.articles.numbers.find_numbers`: the unit or noun after it ("GPU",
"exaFLOPS", "MW", "miliardi di dollari", "volte El Capitan", "GPU hours"), the currency
sign before it, and the words of its sentence that say more (a number format, "sparse",
"Linpack", "raccolto", "ciascuna", "training"). Each mention is typed as a claim
quantity, or kept as ``unknown``, or skipped with the reason (a year, a date, a share, the
digit of a name): nothing is dropped without a word.

One idea, at some length: what a number counts is read from its unit, its currency, its
sentence and the names around it, in two languages; the word lists and their patterns are
most of the module.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from computescale.articles.numbers import Language, WrittenNumber, find_numbers
from computescale.catalogue import Catalogue, parse_format
from computescale.claims.references import leader, reference_systems
from computescale.currencies import to_usd

__all__ = ["Mention", "Sentence", "find_mentions", "sentences"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text and where it starts."""

    text: str
    start: int
    index: int


@dataclass
class Mention:
    """A figure of the text: an amount and what it counts.

    Attributes
    ----------
    quantity
        A claim quantity (``accelerators``, ``peak_flops``, ``power``, ``capex``,
        ``financing``, ``ratio``, ``hpl``, ``gpu_hours`` ...), ``unknown``, or
        ``skipped`` for a number that is not a figure (see ``skipped``).
    low, high
        The value in base units (count, FLOP/s, W, Wh, USD, h, day, ratio).
    unit
        The base unit of ``low`` and ``high``.
    start, end
        Span of the figure in the text: the amount and the words that say what it counts.
    sentence
        The sentence it is in.
    precision, sparse, scope, reference
        As in a claim, where the text says so.
    fleets
        Catalogue ids of the accelerators named right after a count ("30.000 GB200").
    accelerators
        Every accelerator the sentence names (for matching a cluster).
    per_accelerator
        True for a price of one accelerator ("decine di migliaia di dollari ciascuna").
    review
        What a person must confirm: readings that were a choice.
    skipped
        Why a number is not a figure (``a year``), for ``quantity == "skipped"``.
    other
        The value (base units) the digits give as the other language writes numbers
        ("1.742": 1,742 or 1.742), when the separators leave it open; else None.
    """

    number: WrittenNumber
    quantity: str
    low: float
    high: float
    unit: str
    start: int
    end: int
    sentence: Sentence
    precision: str | None = None
    sparse: bool = False
    scope: str | None = None
    reference: str | None = None
    fleets: tuple[str, ...] = ()
    accelerators: tuple[str, ...] = ()
    per_accelerator: bool = False
    review: list[str] = field(default_factory=list)
    skipped: str | None = None
    other: float | None = None

    @property
    def qualifier(self) -> str | None:
        """The qualifier written before the amount (``at_least``, ``at_most``, ``about``)."""
        return self.number.qualifier


_SENTENCE_END = re.compile(
    r"(?<=[.!?…:])\s+(?=[\"“«(\[]?[A-ZÀ-Ý0-9@$€])"  # ". Next", ": 230.000"
    r"|(?<=[.!?])\s+(?=[a-z][A-Z])"  # ". xAI", ". iPhone"
    r"|(?<=[a-z)][.!?])(?=[A-Z][a-z])"  # ").In Colossus": a space lost in copying
    r"|\n"
)


MAX_FIGURE = 1e30
"""The largest figure drafted, in base units (FLOP, FLOP/s, W, USD, counts): larger numbers
("1e300 GW", 5,000 digits) are said to be skipped, never drafted as infinite."""

MAX_SENTENCE = 600
"""Longest sentence read whole [characters]; a longer run of text (a table, a list without
stops) is cut at spaces, so that reading each figure's sentence stays bounded."""


def sentences(text: str) -> list[Sentence]:
    """Split a text into sentences (and lines), keeping where each starts."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out: list[Sentence] = []
    for start, stop in spans:
        while stop - start > MAX_SENTENCE:
            cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
            cut = cut if cut > start else start + MAX_SENTENCE
            if text[start:cut].strip():
                out.append(Sentence(text[start:cut], start, len(out)))
            start = cut
        if text[start:stop].strip():
            out.append(Sentence(text[start:stop], start, len(out)))
    return out


_PREFIXES = {
    "": 1.0,
    "k": 1e3,
    "kilo": 1e3,
    "m": 1e6,
    "mega": 1e6,
    "g": 1e9,
    "giga": 1e9,
    "t": 1e12,
    "tera": 1e12,
    "p": 1e15,
    "peta": 1e15,
    "e": 1e18,
    "exa": 1e18,
    "z": 1e21,
    "zetta": 1e21,
    "y": 1e24,
    "yotta": 1e24,
}
_FLOPS = re.compile(
    r"\s*(?:di\s+|of\s+)?(?:AI\s+)?(?:(?i:FP\d{1,2}|BF16|INT8|TF32)\s+)?"
    r"(?P<p>(?i:exa|peta|zetta|tera|giga|yotta)|[EPZTGY]|)\s?-?"
    r"(?P<u>(?i:flop))(?P<s>/s|(?i:s))?(?![\w/])"
    r"(?P<ps>\s*(?:/\s*s(?![\w])|al\s+secondo|per\s+second(?![\w])))?",
)
"""A FLOP unit: "exaFLOPS", "EFlop/s", "PFlop", "1.3 exaflop", "3.8e25 FLOP"."""
_OPERATIONS = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:di\s+|of\s+)?(?:operazioni|calcoli|operations|calculations)"
    r"(?:\s+in\s+virgola\s+mobile|\s+floating[- ]point)?\s+(?:al|per|a)\s+second[oa]?(?![\w])",
    re.I,
)
"""Operations per second written in words ("un miliardo di miliardi di operazioni al secondo")."""
_OTHER_BENCHMARK = re.compile(
    r"\bHPCG\b|Graph\s?500|HPL[- ]?(?:MxP|AI)\b|\bMxP\b|MLPerf|mixed[- ]precision\s+benchmark", re.I
)
"""Benchmarks whose FLOP/s are neither a peak nor Linpack's (HPCG, HPL-MxP, MLPerf)."""
_RATE_WORDS = re.compile(
    r"potenza|prestazion|capacit|picco|supercomput|performance|peak|deliver|offr|raggiung|"
    r"exascale|capable|capace|speed|veloc",
    re.I,
)
_POWER = re.compile(r"\s*(?P<p>[kMGT]?)W(?![\w])|\s*(?P<w>kilo|mega|giga|tera)watts?(?![\w])", re.I)
_ENERGY = re.compile(
    r"\s*(?P<p>[kMGT]?)Wh(?![\w])|\s*(?P<w>kilo|mega|giga|tera)watt[- ]?(?:or[ae]|hours?)(?![\w])",
    re.I,
)
_MONEY_AFTER = re.compile(
    r"\s*(?:di\s+|of\s+|in\s+)?(?P<c>dollari|dollars?|USD|US\$|\$|euro|euros|EUR|€|£|GBP|"
    r"sterline|pounds\s+sterling|yuan|renminbi|CNY|RMB)(?![\w])",
    re.I,
)
_COMPUTE_RATIO = re.compile(
    r"potenz|potent|prestazion|performan|powerful|faster|fast|veloc|calcol|comput|FLOP|"
    r"GPU|chip|accelerat|NPU|TPU|capacit|energ|power|efficien|elaborazion|processing|speed",
    re.I,
)
"""Words that make "N times" a ratio of compute or power (not "4,5 volte la Terra")."""
_TIMES = re.compile(r"\s*(?P<t>volte|times|x|×)(?![\w])", re.I)
_GPU_HOURS = re.compile(
    r"\s*(?:(?:di\s+|of\s+)?[\w-]{1,12}\s+)?"
    r"(?:GPU[- ]?hours?|ore[- ]GPU|GPU[- ]ore|accelerator[- ]hours?|chip[- ]hours?)(?![\w])",
    re.I,
)
_DAYS = re.compile(r"\s*(?:giorni|giorno|days?)(?![\w])", re.I)
_PERCENT = re.compile(r"\s*(?:%|per\s?cento|percent)", re.I)
_NOUNS = (
    r"GPU|GPUs|chip|chips|superchip|superchips|TPU|TPUs|APU|APUs|XPU|XPUs|NPU|NPUs|"
    r"acceleratori|acceleratore|accelerators?|unità|units?|processori|processors?|schede|cards?|"
    r"Tensor\s+Processing\s+Units?|Neural\s+Processing\s+Units?"
)
_OF = re.compile(r"\s+(?:of|di|dei|degli|delle|del|della|dello)\s+", re.I)
MAX_GAP = 5
"""Most words between a number and what it counts, after "of" or "di", none a number or a
stop: "half a million of AWS' in-house Trainium2 chips", "44,544 of AMD's MI300A APUs",
"quattrocentomila dei più recenti chip"."""
_COUNTED_THINGS = re.compile(
    r"\s+(?:clusters|servers|nodes|racks|data\s+cent(?:er|re)s|supercomputers|farms|pods|"
    r"campus(?:es)?|sites|systems)(?![\w])",
    re.I,
)
"""Plural nouns after a chip's noun ("5 GPU clusters"): the number counts those, not chips."""
_NODES = re.compile(
    r"\s*(?:di\s+|of\s+)?(?:[\w-]+\s+)?(?:nodi|nodes?|server|servers)(?![\w])", re.I
)
_RACKS = re.compile(
    r"\s*(?:di\s+|of\s+)?(?:(?!(?:in|per|across|su|tra|of|di)\s)[\w-]+\s+){0,3}?"
    r"(?:rack|racks|(?<=NVL72 )systems?)(?![\w])",
    re.I,
)
_H100E = re.compile(
    r"\s*(?:di\s+|of\s+)?(?:unità\s+)?(?:H100[- ]?equivalent[is]?|H100e|equivalenti\s+H100|"
    r"H100\s+equivalents?|unità\s+equivalenti\s+(?:a\s+)?H100)(?![\w])",
    re.I,
)
_EQUIVALENT_UNITS = re.compile(
    r"\s*(?:unità\s+equivalenti|equivalent\s+units|equivalents)(?![\w])", re.I
)
"""'600.000 unità equivalenti' in a sentence that names the H100: H100-equivalents."""
_H100_UNITS = re.compile(r"\s*(?:di\s+|of\s+)?(?:unità\s+H100|H100\s+units)(?![\w])", re.I)
_COMPUTE_WORDS = re.compile(
    r"equivalen|pari\s+a|capacità|potenza|compute|computing|capacity|calcolo", re.I
)
_MONTHS = (
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|"
    "dicembre|january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_BITS = {"4": "fp4", "8": "fp8", "16": "bf16", "32": "fp32", "64": "fp64"}
_FINANCING = re.compile(
    r"raccol|raise|raising|funding|finanziament|\bround\b|valutazion|valuation|"
    r"investitor|investors?\b|equity|debito|debt\b|prestit|loans?\b|fondi\b|funds\b|"
    r"capitale\b|financing|a\s+sostegno|sostenere|stake\b|quot[ae]\b|partecipazion|"
    r"invest\w*\s+(?:in|into|nella|nell)\s+(?!(?:the\s+)?(?:data|infra|cluster|chip|GPU))|"
    r"invest\w*\b[^.;]{0,60}?\b(?:in|into)\s+(?!AI\b)(?-i:[a-z]?[A-Z])|"  # "invest $5B in xAI"
    r"investiment\w*\b[^.;]{0,60}?\bda\s+parte\s+d",  # "un investimento ... da parte di"
    re.I,
)
_VALUATION = re.compile(
    r"valuation|valutazion|valutat[ao]\s+(?:\w+\s+){0,2}?(?:a|di|oltre)\b|share\s+sale\s+(?:at|to)",
    re.I,
)
_VALUED_AT = re.compile(r"valued\s+at", re.I)
_SPENDING_PLAN = re.compile(
    r"\bcapex\b|capital\s+(?:expenditures?|spending)|spesa\s+in\s+conto\s+capitale|"
    r"\b(?:this|next|previous|last)\s+year\b|\bquest['’]anno\b|\bl['’]anno\s+(?:prossimo|scorso)\b|"
    r"\bdata\s*cent(?:er|re)s\b|\bdata\s*cent(?:er|re)\s+(?:projects|capacity)\b|"
    r"investimenti\s+in\s+conto\s+capitale|(?:plans?|intends?|expects?)\s+to\s+spend",
    re.I,
)
_PROGRAMME = re.compile(
    r"\bprogramme\b|\bprogram\b|\binitiative\b|\biniziativa\b|\bprogramma\b|"
    r"(?<!funding\s)(?<!financing\s)\bcommitments?\b|\bimpegn[oi]\b|"
    r"gigafactor|\bAI\s+factor|\bUE\b|\bEU\b|Unione\s+europea|European\s+Union|"
    r"Commissione\s+europea|European\s+Commission|\bpush\b|"
    r"over\s+(?:the\s+next\s+)?(?:few|two|three|four|five|six|seven|ten|\d+)\s+years|"
    r"nei\s+prossimi\s+(?:quattro|cinque|sei|dieci|\d+)\s+anni",
    re.I,
)
_CONTRACT = re.compile(
    r"\bcontracts?\b|\bdeals?\b|\bagreements?\b|\bpact\b|\bcontratt[oi]\b|\baccord[oi]\b|"
    r"\bintes[ae]\b",
    re.I,
)
_BUYING = re.compile(r"purchas|order|buy|bought|acquist|ordin|compra|comprat", re.I)
_PURCHASE = re.compile(
    r"purchas|order|buy|bought|acquist|ordin|compra|comprat|worth|valgono|spes[oi]\s+in|spent\s+on",
    re.I,
)
_TRAINING = re.compile(r"train|addestr|pre-?train", re.I)
_REVENUE = re.compile(
    r"\butil[ei]\b|profit|revenue|ricav|fatturat|\bsales\b|vendite|earnings|guadagn", re.I
)
_PER_PERIOD = re.compile(
    r"^\s*(?:a|per|al|all['’]|l['’]|ogni)\s*(?:month|year|mese|anno|annui)|^\s*annui", re.I
)
_EACH = re.compile(
    r"^[\s,)]*(?:ciascun[ao]?|ognun[ao]|l'una|each|apiece|per\s+(?:GPU|chip|unit|unità)|"
    r"a\s+(?:GPU|chip|unit))\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:will|plans?|planned|target|aims?|by\s+20\d\d|entro|prevede|previst|punta|"
    r"obiettivo|raddoppi|verrà|sarà|saranno|potenzier|raggiunger|in\s+pochi\s+mesi|"
    r"nei\s+prossimi|in\s+the\s+coming|next\s+year|futur|potrebbe|potrebbero|sarebbe|"
    r"servirebbe|could|would)\w*",
    re.I,
)
_FILLER = re.compile(
    rf"\s*(?:,|\be\b|\band\b|\bo\b|\bor\b|\bdi\b|\bof\b|\bNVIDIA\b|\bAMD\b|\bGoogle\b|"
    rf"\bIntel\b|\bAWS\b|\bHuawei\b|\bnuov[ie]\b|\bnew\b|{_NOUNS})(?![\w])",
    re.I,
)
_NOUN = re.compile(
    r"\s*(?:di\s+|of\s+)?(?:(?:nuov[ie]|new|(?-i:[A-Z][\w’'-]*))\s+){0,2}[\"“«']?"
    rf"(?P<noun>{_NOUNS})(?![\w])",
    re.I,
)
"""What a count counts: "GPU", "nuovi chip", "Nvidia Blackwell GPUs", 'Nvidia “superchips”'."""
_COST = re.compile(r"cost|costo|costa|costat|spes|spent|prezz|price|pagat|paid", re.I)
_UNRECOGNISED = "what the figure counts was not recognised"
_LEADER = re.compile(
    r"supercomputer\s+(?:[\w']+\s+){0,4}?(?:leader|più\s+potente|più\s+veloce|guida|in\s+testa)"
    r"|(?:leading|fastest|most\s+powerful|top|largest)\s+(?:[\w']+\s+){0,2}?supercomputer"
    r"|guida\s+la\s+classifica|primo\s+(?:della|nella)\s+classifica|tops?\s+the\s+TOP500"
    r"|(?:number|No\.?)\s+one\s+on\s+the\s+TOP500|attuale\s+supercomputer",
    re.I,
)


_NAME_PATTERNS: dict[int, tuple[Catalogue, re.Pattern[str], dict[str, str]]] = {}


def _names(catalogue: Catalogue) -> tuple[re.Pattern[str], dict[str, str]]:
    """Return a pattern of every accelerator name and alias, and the id of each (lower case)."""
    held = _NAME_PATTERNS.get(id(catalogue))
    if held is not None and held[0] is catalogue:
        return held[1], held[2]
    ids: dict[str, str] = {}
    for spec in catalogue.values():
        for name in (spec.id, *spec.aliases):
            if len(name) >= 3:
                ids[name.lower()] = spec.id
    alternation = "|".join(re.escape(n) for n in sorted(ids, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?:s)?(?![\w-])", re.I)
    _NAME_PATTERNS[id(catalogue)] = (catalogue, pattern, ids)
    return pattern, ids


def named_accelerators(text: str, catalogue: Catalogue) -> tuple[str, ...]:
    """Return the catalogue ids of the accelerators a text names, in order, once each."""
    pattern, ids = _names(catalogue)
    found = [_id_of(m.group(0), ids) for m in pattern.finditer(text)]
    return tuple(dict.fromkeys(found))


def _id_of(written: str, ids: dict[str, str]) -> str:
    """Return the catalogue id of a name as written, singular or plural.

    The name pattern allows an ``s`` after any name ("H100s", "MI300Xs", "Ironwoods",
    "GH200 superchips"); a name that itself ends in ``s`` is kept whole.
    """
    lower = re.sub(r"\s+", " ", written.lower())
    return ids.get(lower) or ids[lower[:-1]]


def _fleets_after(text: str, catalogue: Catalogue) -> tuple[tuple[str, ...], int]:
    """Return the accelerators named right after a count, and where they end.

    "GPU Nvidia H100 e H200" names H100 and H200; the words between (GPU, di, NVIDIA,
    e, and, commas) are skipped, anything else ends the list.
    """
    pattern, ids = _names(catalogue)
    out: list[str] = []
    pos = end = 0
    while pos < len(text):
        start = pos + len(text[pos:]) - len(text[pos:].lstrip())
        m = pattern.match(text, start)
        if m is not None:
            out.append(_id_of(m.group(0), ids))
            pos = end = m.end()
            continue
        f = _FILLER.match(text, pos)
        if f is None or f.end() == pos:
            break
        pos = f.end()
    return tuple(dict.fromkeys(out)), end


def _precision(sentence: str) -> tuple[str | None, str | None]:
    """Return the number format a sentence names, and a review note for a guessed one."""
    named = re.search(
        r"(?<![\w])(NVFP4|FP4|FP6|FP8|BF16|bfloat16|FP16|TF32|FP32|FP64|INT8)(?![\w])",
        sentence,
        re.I,
    )
    if named:
        return parse_format(named.group(1)), None
    bits = re.search(r"(?<![\w])(4|8|16|32|64)[- ]?bit", sentence, re.I)
    if bits:
        fmt = _BITS[bits.group(1)]
        return fmt, f"'{bits.group(0)}' read as {fmt}"
    if re.search(r"doppia\s+precisione|double[- ]precision", sentence, re.I):
        return "fp64", None
    return None, None


def _reference(sentence: str, date: dt.date) -> tuple[str | None, str | None]:
    """Return the reference system a ratio names, and a note when it was inferred."""
    for system in reference_systems().values():
        short = system.name.split(" (")[0]
        if re.search(rf"(?<![\w]){re.escape(short)}(?![\w])", sentence, re.I):
            return system.id, None
    first = leader(date) if _LEADER.search(sentence) else None
    if first is not None:
        system, top = first
        return system.id, (
            f"'the leading supercomputer' read as {system.name}, first on the TOP500 list "
            f"{top.list}"
        )
    return None, None


_BYTES = re.compile(
    r"\s*(?:[KMGTPE]i?B|[KMGTPE]b|(?:kilo|mega|giga|tera|peta|exa)(?:bytes?|bits?))"
    r"(?:/s|ps|\s+per\s+second)?(?![\w])",
    re.I,
)
_ATTACHED_UNIT = re.compile(
    r"[kKMGT]?W|[kKMGT]Wh|[EPTGZ]F(?:LOP)?S?|[EPTGZ]?FLOP[Ss]?|x|X|bn|mn|mln|mld|k|K|M|B|T|m|"
    r"GB|TB|PB|GW|MW|h|H|s"
)
"""Letters written right after digits that are a unit or a multiplier ("300MW", "5x",
"$40B"); any other letters make the digits part of a name ("910C", "950DT")."""
_ASIDE = re.compile(r"\s*\([^()\n]{1,24}\)")
"""A short aside between a number and its unit: "122.6 (matrix) teraFLOPS"."""
_CLOSING = '"”’»'


def _unit_side(after: str, catalogue: Catalogue) -> str:
    """Return the text after a number as its unit is read, every character in its place.

    What separates a number from its unit is blanked, keeping the length so that spans
    hold: the hyphen of "a 1.2-gigawatt campus" or "a 300,000-GPU cluster", the closing
    quote of '"hundreds of thousands" of GPUs', a short aside ("122.6 (matrix)
    teraFLOPS"), and the "x" of "64x GB300 NVL72" (a count of racks, not a ratio).
    """
    if re.match(r"-[^\W\d_]", after) or after[:1] in _CLOSING:
        after = " " + after[1:]
    aside = _ASIDE.match(after)
    if aside is not None and not re.match(r"\s*\(\s*\d", after):
        after = " " * aside.end() + after[aside.end() :]
    if re.match(r"[x×]\s", after) and _fleets_after(after[1:], catalogue)[0]:
        after = " " + after[1:]
    return after


def find_mentions(text: str, lang: Language, catalogue: Catalogue, date: dt.date) -> list[Mention]:
    """Return every amount of the text with what it counts (or why it is not a figure).

    Linear in the text: each amount looks only within its own sentence, whose length is capped
    (:data:`MAX_SENTENCE`), and a sentence's shared facts (its named chips, its tense) are
    found once.
    """
    parts = sentences(text) or [Sentence(text, 0, 0)]
    starts = [p.start for p in parts]
    named: dict[int, tuple[str, ...]] = {}
    out: list[Mention] = []
    points = lang == "it" and _points(text)
    for number in find_numbers(text, lang):
        sentence = parts[max(0, bisect.bisect_right(starts, number.start) - 1)]
        if sentence.index not in named:
            named[sentence.index] = named_accelerators(sentence.text, catalogue)
        reader = _Reader(text, number, sentence, catalogue, date, named[sentence.index])
        mention = reader.typed()
        if math.isnan(mention.low) or math.isnan(mention.high):
            why = number.notes[0] if number.notes else "not a number"
            mention = reader.make("skipped", skipped=why)
        elif not (math.isfinite(mention.high) and mention.high <= MAX_FIGURE):
            mention = reader.make(
                "skipped", skipped=f"beyond any real figure (over {MAX_FIGURE:g})"
            )
        elif mention.low < 0 and mention.quantity != "skipped":
            mention = reader.make("skipped", skipped="a negative number (a fall or a change)")
        elif mention.low == 0 and mention.quantity != "skipped":
            mention = reader.make("skipped", skipped="zero: nothing to check")
        if mention.other is not None and lang == "it":
            _decimal_point(mention, text, points)
        out.append(mention)
    _inherit(out)
    return out


def _points(text: str) -> bool:
    """Return whether an Italian text writes decimals with points ("17.41 Petaflop/s").

    True when some number has a point followed by one, two or four or more digits, and no
    number has a comma followed by one or two ("42,5"): the text copies English figures.
    """
    english = re.search(r"(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])", text)
    italian = re.search(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])", text)
    return english is not None and italian is None


def _decimal_point(m: Mention, text: str, points: bool) -> None:
    """Read an ambiguous "1.742" of an Italian text with a decimal point where that is likelier.

    Where the text writes decimals with points elsewhere, or where the figure is a FLOP/s
    rate in thousands of its prefix ("1.742 exaFLOPS": a writer would say 1,7 zettaFLOPS),
    the point is decimal. Either way the other reading stays on the draft, so that no
    verdict rests on the choice.
    """
    n, other = m.number, m.other
    if other is None or m.quantity in ("unknown", "skipped"):
        return
    written = text[n.start : n.end].split()[-1] if text[n.start : n.end].split() else ""
    thousands_of_prefix = m.unit == "FLOP/s" and n.low >= 1000 and other < m.low
    if not (points or thousands_of_prefix):
        return
    why = (
        "the article writes decimals with points elsewhere"
        if points
        else "thousands of a prefixed FLOP/s unit are written with the next prefix"
    )
    note = (
        f"{written} read as {n.other:,.10g} with a decimal point ({why}); read as Italian "
        f"writes numbers it is {n.low:,.10g}, which is checked too"
    )
    m.other, m.low, m.high = m.low, other, other
    m.number = dataclasses.replace(n, notes=(note,))


def clause(sentence: str, start: int, end: int) -> str:
    """Return the clause of a sentence around ``start:end``: between the punctuation around it."""
    marks = ',;:“”"()'
    left = max(sentence.rfind(c, 0, start) for c in marks)
    rights = [i for c in marks if (i := sentence.find(c, end)) >= 0]
    return sentence[left + 1 : min(rights) if rights else len(sentence)]


class _Reader:
    """Reads what one amount counts from the words after it and its sentence."""

    def __init__(
        self,
        text: str,
        n: WrittenNumber,
        sentence: Sentence,
        catalogue: Catalogue,
        date: dt.date,
        named: tuple[str, ...],
    ) -> None:
        self.n, self.sentence, self.catalogue, self.date = n, sentence, catalogue, date
        self.text = text
        self.after = _unit_side(text[n.end : n.end + 80], catalogue)
        self.before = text[max(0, n.start - 30) : n.start]
        self.s = sentence.text
        self.clause = clause(self.s, n.start - sentence.start, n.end - sentence.start)
        self.named = named

    def make(
        self,
        quantity: str,
        unit: str = "",
        scale: float = 1.0,
        length: int = 0,
        **kw: Any,
    ) -> Mention:
        """Return the mention of the amount as ``quantity``, its span ``length`` chars longer."""
        n = self.n
        return Mention(
            n,
            quantity,
            n.low * scale,
            n.high * scale,
            unit,
            n.start,
            n.end + length,
            self.sentence,
            accelerators=self.named,
            other=None if n.other is None else n.other * scale,
            **kw,
        )

    def typed(self) -> Mention:
        """Return the mention: the first rule that recognises the amount's unit or noun."""
        for rule in (
            self._share,
            self._date,
            self._name,
            self._bytes,
            self._flops,
            self._energy,
            self._power,
            self._money,
            self._ratio,
            self._gpu_hours,
            self._h100e,
            self._nodes,
            self._racks,
            self._accelerators,
            self._days,
            self._bare,
        ):
            found = rule()
            if found is not None:
                return found
        return self.make("unknown", review=[_UNRECOGNISED])

    def _plain_integer(self) -> bool:
        n = self.n
        return not n.multiplied and not n.vague and n.low == n.high and n.low.is_integer()

    def _share(self) -> Mention | None:
        if _PERCENT.match(self.after):
            return self.make("skipped", skipped="a share (per cent)")
        return None

    def _name(self) -> Mention | None:
        """Skip the digits of a name: "Ascend 910C", "Trainium 2 chips", "un chip"."""
        n = self.n
        attached = re.match(r"[^\W\d_]+", self.text[n.end : n.end + 12])
        if attached is not None and not _ATTACHED_UNIT.fullmatch(attached.group(0)):
            return self.make("skipped", skipped="part of a name")
        version = (
            self._plain_integer()
            and n.low < 10
            and n.qualifier is None
            and re.search(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w-]*\s$", self.before)
            and not re.search(rf"(?:{_MONTHS})\s$", self.before, re.I)
        )
        if version:
            return self.make("skipped", skipped="part of a name")
        if re.fullmatch(r"(?i:un[oa]?|an?)", self.text[n.start : n.end]):
            return self.make("skipped", skipped="an article ('un', 'a'), not a figure")
        return None

    def _bytes(self) -> Mention | None:
        if _BYTES.match(self.after):
            return self.make("skipped", skipped="a memory, storage or bandwidth figure")
        return None

    def _date(self) -> Mention | None:
        if self._plain_integer() and (
            re.search(rf"(?:{_MONTHS})\.?\s*$", self.before, re.I)
            or re.match(rf"\s*(?:{_MONTHS})(?![\w])", self.after, re.I)
        ):
            return self.make("skipped", skipped="a date")
        return None

    def _flops(self) -> Mention | None:
        m = _FLOPS.match(self.after)
        if m is None:
            words = _OPERATIONS.match(self.after)
            return None if words is None else self._rate(1.0, words.end(), [])
        scale = _PREFIXES[m.group("p").lower()]
        unit = m.group("u") + (m.group("s") or "")
        if re.match(r"\s*(?:/\s*W\b|per\s+watt|al\s+watt|per\s+W\b)", self.after[m.end() :], re.I):
            return self.make("skipped", skipped="an energy efficiency (FLOP/s per watt)")
        if m.group("s") == "/s" or m.group("ps") or unit == "FLOPS":
            return self._rate(scale, m.end(), [])  # per second, said
        if not m.group("p"):  # "3.8e25 FLOP": a count of operations
            return self.make("training_compute", "FLOP", scale, m.end())
        # "exaflop", "PFlop", "exaflops": a rate in the press, an amount in a training run
        written = self.after[: m.end()].strip()
        if _TRAINING.search(self.clause) and not _RATE_WORDS.search(self.clause):
            review = [f"'{written}' read as an amount of FLOP: the clause speaks of training"]
            return self.make("training_compute", "FLOP", scale, m.end(), review=review)
        return self._rate(
            scale,
            m.end(),
            [f"'{written}' read as a rate (FLOP/s): the clause speaks of no training"],
        )

    def _rate(self, scale: float, length: int, review: list[str]) -> Mention:
        """Return the mention of a rate of FLOP/s: a Linpack result or a peak."""
        other = _OTHER_BENCHMARK.search(self.clause) or _OTHER_BENCHMARK.search(self.s)
        if other is not None:  # HPCG, HPL-MxP, MLPerf: measured, but neither peak nor Linpack
            said = f"a result of another benchmark ({other.group(0)}): neither a peak nor Linpack"
            return self.make("unknown", "", scale, length, review=[*review, said])
        precision, note = _precision(self.s)
        sparse = re.search(r"(?<![\w])(?:sparse|sparsity|sparsità|sparsa)(?![\w])", self.s, re.I)
        review = review + ([note] if note else [])
        if re.search(r"linpack|\bHPL\b|\bRmax\b|\bRpeak\b|top500|top 500", self.s, re.I):
            peak = re.search(r"\bRpeak\b|\bpeak\b|picco", self.s, re.I)
            scope = "rpeak" if peak and not re.search(r"\bRmax\b", self.s, re.I) else "rmax"
            return self.make("hpl", "FLOP/s", scale, length, scope=scope, review=review)
        if precision is None:
            review.append("no number format named: read as each format in turn")
        if sparse is None:
            review.append("the text says neither dense nor sparse: both are read")
        return self.make(
            "peak_flops",
            "FLOP/s",
            scale,
            length,
            precision=precision,
            sparse=sparse is not None,
            review=review,
        )

    def _energy(self) -> Mention | None:
        m = _ENERGY.match(self.after)
        if m is None:
            return None
        prefix = (m.group("p") or m.group("w") or "").lower()
        review = ["energy: the checker compares it with a year's energy"]
        return self.make("energy", "Wh", _PREFIXES[prefix], m.end(), review=review)

    def _power(self) -> Mention | None:
        m = _POWER.match(self.after)
        if m is None:
            return None
        prefix = (m.group("p") or m.group("w") or "").lower()
        review: list[str]
        if re.search(r"(?<![\w])IT(?![\w])", self.s):
            scope, review = "it", []
        elif re.search(r"\bTDP\b|chip power|potenza dei chip", self.s, re.I):
            scope, review = "chip", []
        else:
            scope = "facility"
            review = ["power read at the facility (the grid connection, cooling included)"]
        return self.make("power", "W", _PREFIXES[prefix], m.end(), scope=scope, review=review)

    def _money(self) -> Mention | None:
        m = _MONEY_AFTER.match(self.after)
        currency = self.n.currency or (None if m is None else _currency(m.group("c")))
        if currency is None:
            return None
        length = 0 if m is None else m.end()
        rest = self.text[self.n.end + length : self.n.end + length + 40]
        if currency != "USD":
            return self._converted(currency, length)
        if _REVENUE.search(self.clause):
            review = ["dollars of a company's revenue or profit, not a cost of a cluster"]
            return self.make("unknown", length=length, review=review)
        if _PER_PERIOD.match(rest):
            review = ["dollars per month or year: give the period's energy or cost"]
            return self.make("unknown", length=length, review=review)
        if _EACH.match(rest):
            return self.make(
                "capex",
                "USD",
                length=length,
                scope="accelerators",
                per_accelerator=True,
                review=["the price of one accelerator"],
            )
        ahead = self.s[: self.n.start - self.sentence.start]
        ahead = ahead[max(ahead.rfind(c) for c in ",;:(") + 1 :]  # the clause before the figure
        valued = _VALUATION.search(ahead) or (
            _VALUED_AT.search(self.before) and not _PURCHASE.search(self.clause)
        )
        if valued:  # "valued at $50B", "una valutazione di 50 miliardi": right before the figure
            review = ["a company's valuation: not a cost of a cluster"]
            return self.make("valuation", "USD", length=length, review=review)
        raised = ["money raised, invested in a company, or a valuation: not a cost"]
        if _FINANCING.search(self.clause):  # "commitments raised", "a round": money raised
            return self.make("financing", "USD", length=length, review=raised)
        buys_chips = _BUYING.search(self.clause) or re.search(
            rf"(?<![\w])(?:{_NOUNS})(?![\w])", self.clause, re.I
        )
        in_sentence = _CONTRACT.search(self.s) and not _COST.search(self.clause)
        if (_CONTRACT.search(self.clause) or in_sentence) and not buys_chips and not self.named:
            review = ["a contract between companies (capacity over years): not one cluster's cost"]
            return self.make("contract", "USD", length=length, review=review)
        for pattern, quantity, said in (
            (_SPENDING_PLAN, "company_spending", "a company's spending plan: not one cluster's"),
            (_PROGRAMME, "programme", "a programme's total over sites or years: not a cluster's"),
        ):
            if pattern.search(self.clause):
                return self.make(quantity, "USD", length=length, review=[said])
        if _FINANCING.search(self.s) and not _COST.search(self.clause):
            return self.make("financing", "USD", length=length, review=raised)
        if _TRAINING.search(self.s) and _COST.search(self.s):
            review = ["the cost of a training run"]
            return self.make("training_cost", "USD", length=length, review=review)
        chips = re.search(rf"(?<![\w])(?:{_NOUNS})(?![\w])", self.s, re.I) or self.named
        if chips and _PURCHASE.search(self.s):
            review = ["capex of the accelerators (the sentence is about buying chips)"]
            return self.make("capex", "USD", length=length, scope="accelerators", review=review)
        review = [
            "capex read as the total (facility construction included only if the cluster sets it)"
        ]
        return self.make("capex", "USD", length=length, scope="total", review=review)

    def _converted(self, currency: str, length: int) -> Mention | None:
        """Return an amount in euro, pounds or yuan typed as dollars would be, converted."""
        n = self.n
        usd = to_usd(n.low, n.high, currency, self.date)
        dollars = dataclasses.replace(n, low=usd.low, high=usd.high, currency="USD")
        reader = _Reader(self.text, dollars, self.sentence, self.catalogue, self.date, self.named)
        found = reader._money()
        if found is None:  # pragma: no cover - a dollar amount is always money
            return None
        found.review.insert(0, usd.note)
        found.end = max(found.end, n.end + length)
        return found

    def _ratio(self) -> Mention | None:
        m = _TIMES.match(self.after)
        if m is None:
            return None
        end = self.sentence.start + len(self.s)
        reference, note = _reference(self.text[self.n.end : end], self.date)
        if reference is None:
            if not _COMPUTE_RATIO.search(self.s):
                review = ["a ratio of something other than compute or power"]
                return self.make("unknown", length=m.end(), review=review)
            review = ["a ratio to a system that is not a reference system: set `reference`"]
            return self.make("ratio", length=m.end(), review=review)
        precision, pnote = _precision(self.s)
        review = [x for x in (note, pnote) if x]
        if precision is None:
            review.append("no number format named: bf16 assumed")
        return self.make(
            "ratio",
            length=m.end(),
            reference=reference,
            precision=precision or "bf16",
            review=review,
        )

    def _gpu_hours(self) -> Mention | None:
        m = _GPU_HOURS.match(self.after)
        if m is None:
            return None
        fleets = named_accelerators(self.after[: m.end()], self.catalogue)
        return self.make("gpu_hours", "h", length=m.end(), fleets=fleets)

    def _h100e(self) -> Mention | None:
        m = _H100E.match(self.after) or _H100_UNITS.match(self.after)
        if m is None and re.search(r"H100", self.s):
            m = _EQUIVALENT_UNITS.match(self.after)
            if m is not None:
                return self.make("h100_equivalents", length=m.end())
        before = self.s[: self.n.start - self.sentence.start]
        if m is not None and (m.re is _H100E or _COMPUTE_WORDS.search(before)):
            return self.make("h100_equivalents", length=m.end())
        return None

    def _nodes(self) -> Mention | None:
        m = _NODES.match(self.after)
        return None if m is None else self.make("nodes", length=m.end())

    def _racks(self) -> Mention | None:
        m = _RACKS.match(self.after)
        if m is None:
            return None
        fleets, _ = _fleets_after(self.after[m.end() :], self.catalogue)
        for acc in fleets or self.named:
            per = self.catalogue[acc].packaging.per_rack
            if per:
                review = [f"counted in racks: {per} {acc} per rack"]
                return self.make(
                    "accelerators", "", float(per), m.end(), fleets=(acc,), review=review
                )
        return self.make("unknown", length=m.end(), review=["racks of an accelerator not named"])

    def _accelerators(self) -> Mention | None:
        after, gap = self.after, 0
        noun = _NOUN.match(after)
        fleets, end = _fleets_after(after, self.catalogue)
        if noun is None and not fleets:
            found = self._past_gap()
            if found is None:
                return None
            gap, noun, fleets, end = found
            after = " " + self.after[gap:]
            gap -= 1
        length = max(end, 0 if noun is None else noun.end())
        if _COUNTED_THINGS.match(after, length):
            return None  # "5 GPU clusters" counts clusters
        length += gap
        review: list[str] = []
        if noun is not None and noun.group("noun").lower().startswith("superchip"):
            review.append("counted in superchips: a GB200 or GB300 superchip holds 2 GPUs")
        return self.make("accelerators", length=length, fleets=fleets, review=review)

    def _past_gap(
        self,
    ) -> tuple[int, re.Match[str] | None, tuple[str, ...], int] | None:
        """Return what a count counts past a few words after "of" or "di" (:data:`MAX_GAP`).

        Returns where the counted words start, the noun and the accelerators there and where
        they end; None when no accelerator is named within the gap.
        """
        of = _OF.match(self.after)
        if of is None:
            return None
        pos = of.end()
        for _ in range(MAX_GAP + 1):
            rest = " " + self.after[pos:]
            noun = _NOUN.match(rest)
            fleets, end = _fleets_after(rest, self.catalogue)
            if noun is not None or fleets:
                return pos, noun, fleets, end
            word = re.match(r"[^\s\d.,;:!?()\[\]]+\s+", self.after[pos:])
            if word is None:
                return None
            pos += word.end()
        return None

    def _days(self) -> Mention | None:
        m = _DAYS.match(self.after)
        if m is None:
            return None
        if _TRAINING.search(self.clause):
            return self.make("training_days", "day", length=m.end())
        return self.make("skipped", skipped="a duration, not of a training run")

    def _bare(self) -> Mention | None:
        if not self._plain_integer():
            return None
        if 1900 <= self.n.low <= 2100:
            return self.make("skipped", skipped="a year")
        if self.n.low < 100 and re.search(r"[A-Z][\w-]*\s$", self.before):
            return self.make("skipped", skipped="part of a name")
        return None


def _currency(word: str) -> str:
    lower = word.lower()
    if lower in ("euro", "euros", "eur", "€"):
        return "EUR"
    if lower in ("£", "gbp", "sterline") or lower.startswith("pounds"):
        return "GBP"
    if lower in ("yuan", "renminbi", "cny", "rmb"):
        return "CNY"
    return "USD"


_OWN_NOUN = re.compile(
    r"\s+(?:(?:of|di|dei|degli|delle)\s+)?"
    r"(?!(?:and|e|ed|or|o|in|by|per|entro|nel|nella|del|della|to|a|al|with|con|da|from|"
    r"for|su|on|at|of|di|more|più|than|each|ciascun[ao]|ognun[ao]|the|il|la|i|le|gli)\b)"
    r"[^\W\d_]{3,}",
    re.I,
)
"""A word right after a bare number that says what it counts (not "and", "in", "of")."""


def _inherit(mentions: list[Mention]) -> None:
    """Give a bare count or amount the quantity of the nearest typed figure of its sentence.

    "Colossus will double to 200.000 (50k H200s)", "raised 11 billion dollars and then
    another 5 billion": the second amount counts what the first does, said in review. Only
    counts and dollars: a bare number beside "50 exaFLOPS" has no prefix of its own. A
    valuation is said of one figure, by the words right before it ("a valuation of 50
    billion"): it is never passed on, and a bare amount so introduced is one.
    """
    typed: dict[int, list[Mention]] = {}
    for x in mentions:
        if x.quantity not in ("unknown", "skipped", "valuation", "ratio") and x.unit in (
            "",
            "USD",
        ):
            typed.setdefault(x.sentence.index, []).append(x)
    for m in mentions:
        if m.review != [_UNRECOGNISED] or not (m.number.multiplied or m.low >= 1000):
            continue
        s = m.sentence
        if _OWN_NOUN.match(s.text, m.end - s.start):
            continue  # "300,000 homes", "1.200 acri": it counts what its own word names
        s = m.sentence
        if _VALUATION.search(s.text[max(0, m.start - s.start - 30) : m.start - s.start]):
            m.quantity, m.unit, m.scope = "valuation", "USD", None
            m.review = ["a company's valuation: not a cost of a cluster"]
            continue
        same = typed.get(m.sentence.index, [])
        if not same:
            continue
        nearest = min(
            same, key=lambda x: abs(x.start - m.start) + (0 if x.start < m.start else 0.5)
        )
        m.quantity, m.unit, m.scope = nearest.quantity, nearest.unit, nearest.scope
        s = nearest.sentence
        written = s.text[nearest.start - s.start : nearest.end - s.start]
        m.review = [f"counts what '{written}' counts, in the same sentence"]
