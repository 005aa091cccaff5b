"""Numbers as articles write them, in Italian and English.

:func:`find_numbers` finds every written amount of a text: digits with the separators of
the language ("9.216" and "42,5" in Italian, "9,216" and "42.5" in English), number words
("mezzo milione", "cinquanta milioni", "one million"), multipliers ("550 mila", "100k",
"2.788M", "60 miliardi", "$65 billion"), ranges ("tra 1.500 e 2.000", "$60 billion to
$65 billion", "1-2"), vague amounts ("decine di migliaia", "tens of thousands") and the
qualifier before them ("oltre", "più di", "circa", "fino a", "more than", "nearly", "up
to"). Each amount keeps its span in the text and says how it was read when a reading was
a choice ("1.742" as 1,742 in Italian).

Compound number words ("duecentocinquantamila", "two hundred thousand") are read with
text2num (Allo-Media's parser for French, English, Italian and other languages), which
knows the grammar of each language's number words; the rest is regular expressions that
run in time linear in the text.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Literal

from computescale.qualifiers import QUALIFIERS, Qualifier

__all__ = ["Language", "WrittenNumber", "detect_language", "find_numbers", "read_digits"]

Language = Literal["it", "en"]

MULTIPLIERS: dict[str, float] = {
    # Italian
    "mila": 1e3,
    "migliaia": 1e3,
    "milione": 1e6,
    "milioni": 1e6,
    "mln": 1e6,
    "miliardo": 1e9,
    "miliardi": 1e9,
    "mld": 1e9,
    "mrd": 1e9,
    # "trilioni" is 10^18 in the long scale; the press uses it for the English trillion
    "trilione": 1e12,
    "trilioni": 1e12,
    # "quintilione" is 10^30 in the long scale; the press uses it for the English quintillion
    "quintilione": 1e18,
    "quintilioni": 1e18,
    # English
    "thousand": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
    "tn": 1e12,
    "quadrillion": 1e15,
    "quadrillions": 1e15,
    "quintillion": 1e18,
    "quintillions": 1e18,
}
"""Words after a number that multiply it ("550 mila", "60 billion")."""

SUFFIXES: dict[str, float] = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
"""Letters written right after the digits ("100k", "2.788M", "$40B")."""

VAGUE: dict[str, tuple[float, float]] = {
    "decine": (10, 100),
    "centinaia": (100, 1000),
    "migliaia": (1e3, 1e4),
    "tens": (10, 100),
    "hundreds": (100, 1000),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "milioni": (1e6, 1e7),
}
"""Plural counting words that give an order of magnitude, not a number: "decine di
migliaia" is 10,000 to 100,000 (10 x 1,000 to 100 x 1,000)."""

# Italian writes compound numbers as one word (duecentocinquantamila): a word made of the
# number stems is a number word.
_IT_STEM = (
    r"(?:un|uno|una|due|tré|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|tredici|"
    r"quattordici|quindici|sedici|diciassette|diciotto|diciannove|vent|venti|trent|trenta|"
    r"quarant|quaranta|cinquant|cinquanta|sessant|sessanta|settant|settanta|ottant|ottanta|"
    r"novant|novanta|cento|mille|mila)"
)
_IT_WORD = rf"{_IT_STEM}+"
_EN_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
)
_EXTRA_QUALIFIERS: dict[str, Qualifier] = {
    "almeno": "at_least",
    "exceeding": "at_least",
    "in excess of": "at_least",
    "upwards of": "at_least",
    "north of": "at_least",
    "supera": "at_least",
    "superano": "at_least",
    "supera i": "at_least",
    "superano i": "at_least",
    "superiore a": "at_least",
    "superiori a": "at_least",
    "oltre i": "at_least",
    "superare": "at_least",
    "sfiorare": "about",
    "sfiora": "about",
    "oltre le": "at_least",
    "a maximum of": "at_most",
    "as many as": "at_most",
    "al massimo": "at_most",
    "un massimo di": "at_most",
    "fino ad": "at_most",
    "fino ai": "at_most",
    "fino alle": "at_most",
    "intorno a": "about",
    "intorno ai": "about",
    "intorno alle": "about",
    "close to": "about",
    "some": "about",
}
"""Words of articles that bound a number besides the claims' own (:data:`QUALIFIERS`)."""
_MULT = "|".join(sorted((re.escape(m) for m in MULTIPLIERS), key=len, reverse=True))
_QUAL = "|".join(
    sorted(
        (re.escape(q) for q in (*QUALIFIERS, *_EXTRA_QUALIFIERS)),
        key=len,
        reverse=True,
    )
)

# digits: 1.234.567 / 1,234,567 / 1 234 567 (groups of 3, at most six: a run of numbers such
# as "100 101 102 …" is never read as one, and each start costs constant time), or plain
# 42,5 / 42.5 / 3.3e24
_DIGITS = (
    r"\d+(?:[.,]\d+)?\s?[x×·*]\s?10\s?(?:\^\s?\d{1,4}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹])"
    r"|10\s?(?:\^\s?\d{1,4}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹])"
    r"|\d{1,3}(?:(?:[.,\u00a0\u202f\u2009 ]|(?<=\d)['’](?=\d))\d{3}){1,6}(?:[.,]\d+)?"
    r"(?![.,]?\d|[eE][+-]?\d)"
    r"|\d+(?:[.,]\d+)?(?:[eE][+-]?\d{1,4}(?!\w))?"
)
_WORD = rf"(?:{_IT_WORD}|{_EN_WORD})"
_AMOUNT = (
    r"(?P<{n}num>" + _DIGITS + r")(?P<{n}suf>(?-i:[kKMBT])(?!\w))?"
    r"|(?P<{n}half>mezzo|half\s+a|(?:a\s+)?quarter\s+of\s+a|un\s+quarto\s+di)"
    r"(?=\s+(?:" + _MULT + r"))"
    r"|(?P<{n}one>an?|il)(?=\s+(?:hundred|gigawatt|megawatt|terawatt|exaflop|zettaflop|"
    r"petaflop|" + _MULT + r")(?!\w))"
    r"|(?P<{n}word>" + _WORD + r"(?:(?:\s+and\s+|\s+|-)(?:" + _WORD + r"|hundred))*)(?!\w)"
)
_AND_A_HALF = r"(?P<{n}andhalf>\s+and\s+a\s+half)?"
""""two and a half billion": a half added before the multiplier (English)."""
_COMPOUND = rf"(?:{_MULT})(?:\s+(?:di\s+|of\s+)?(?:{_MULT}))?(?:\s+e\s+mezz[oa])?"
"""A multiplier, doubled ("10 mila miliardi", "un miliardo di miliardi"), with an Italian
half after it ("un milione e mezzo")."""


def _amount(name: str) -> str:
    return (rf"(?:{_AMOUNT})" + _AND_A_HALF).replace("{n}", name)


_NUMBER = re.compile(
    rf"(?P<qual>(?:{_QUAL})(?![A-Za-z])\s*)?"
    r"(?P<between>(?:tra|fra|between|from|da)\s+(?:(?:i|gli|le)\s+)?)?"
    r"(?P<cur1>(?:US\s?)?\$\s?|€\s?|£\s?|(?:USD|EUR|GBP|CNY|RMB)\s)?"
    rf"(?:{_amount('a')})"
    rf"(?:(?:\s*|-)(?P<mult1>{_COMPOUND})(?![\w]))?"
    r"(?:\s*(?P<sep>–|—|-|\bto\b|\ba\b|\be\b|\band\b)\s*(?:(?:i|gli|le)\s+)?"
    r"(?P<cur2>(?:US\s?)?\$\s?|€\s?|£\s?)?"
    rf"(?:{_amount('b')})"
    rf"(?:\s*(?P<mult2>{_COMPOUND})(?![\w]))?)?",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"(?P<qual>(?:" + _QUAL + r")(?![A-Za-z])\s*)?"
    r"(?P<first>decine|centinaia|migliaia|tens|hundreds|thousands|millions|milioni)"
    r"(?:\s+(?:di|of)\s+(?P<second>migliaia|milioni|miliardi|thousands|millions|billions))?"
    r"(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WrittenNumber:
    """An amount written in a text: its bounds, span and how it was read.

    Attributes
    ----------
    low, high
        The amount, or the ends of a range or a vague amount (before any unit).
    start, end
        Its span in the text, qualifier included.
    qualifier
        ``at_least``, ``at_most`` or ``about`` from the words before it, or None.
    currency
        ``USD`` or ``EUR`` when a currency sign was written before it.
    notes
        How an ambiguous form was read ("1.742 read as 1.742, not 1,742, as English
        writes numbers").
    vague
        True for an order of magnitude ("decine di migliaia") rather than a number.
    multiplied
        True when a word or letter multiplied the digits ("550 mila", "100k").
    other
        The value the same digits give in the other language's convention, when one
        separator and three digits ("1.742") leave it open; None otherwise.
    """

    low: float
    high: float
    start: int
    end: int
    qualifier: Qualifier | None = None
    currency: str | None = None
    notes: tuple[str, ...] = ()
    vague: bool = False
    multiplied: bool = False
    other: float | None = None


_IT_HINTS = re.compile(
    r"\b(?:il|lo|la|gli|le|di|del|della|che|per|con|sono|è|una|un|degli|nel|alla|anche|più|"
    r"ha|hanno|sarà|avrà|circa|oltre|tra|fino|miliardi|milioni|mila|volte|dollari|pari|nodi)\b",
    re.IGNORECASE,
)
_EN_HINTS = re.compile(
    r"\b(?:the|of|and|to|is|are|with|that|for|by|its|was|has|have|this|from|will|about|"
    r"over|between|billion|million|times|dollars|nearly|took|it)\b",
    re.IGNORECASE,
)


def detect_language(text: str) -> Language:
    """Return ``it`` or ``en``, whichever has more of its common short words in ``text``."""
    sample = text[:20_000]
    return "it" if len(_IT_HINTS.findall(sample)) > len(_EN_HINTS.findall(sample)) else "en"


def read_digits(written: str, lang: Language) -> tuple[float, tuple[str, ...]]:
    """Return the value of digits as written in ``lang`` and how an ambiguity was read.

    Italian groups thousands with ``.`` (also a space or an apostrophe) and writes
    decimals with ``,``; English the reverse. A single separator followed by exactly
    three digits ("1.742", "9,216") is a thousands separator in the language that uses
    it that way, and a note says so.
    """
    text = written
    for mark in ("\u00a0", "\u202f", "\u2009", "'", "’"):
        text = text.replace(mark, " ")
    if re.fullmatch(r"[\d\s.,]+", text) and " " in written:  # "100 000": a choice, said
        value, notes = read_digits(re.sub(r"\s+", "", text), lang)
        return value, (*notes, f"'{written}' read as {value:,.10g}: digits grouped by spaces")
    text = re.sub(r"\s+", "", text) if re.fullmatch(r"[\d\s.,]+", text) else text
    power = re.fullmatch(r"(?:(.+?)\s?[x×·*]\s?)?10\s?(?:\^\s?(\d{1,4})|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}))", text)
    if power:
        times, notes = read_digits(power.group(1), lang) if power.group(1) else (1.0, ())
        exponent = power.group(2) or power.group(3).translate(_SUPERSCRIPTS)
        return _scientific(times, int(exponent)), notes
    if re.search(r"[eE]", text):
        mantissa, exponent = re.split(r"[eE]", text)
        value, notes = read_digits(mantissa, lang)
        return _scientific(value, int(exponent)), notes
    thousands = "." if lang == "it" else ","
    seps = [c for c in text if c in ".,"]
    if not seps:
        return float(text), ()
    if len(set(seps)) == 2:  # both: the last one is the decimal mark
        dec = text[text.rfind(seps[-1])]
        grp = "," if dec == "." else "."
        return float(text.replace(grp, "").replace(dec, ".")), ()
    sep = seps[0]
    groups = text.split(sep)
    if len(seps) > 1:  # 1.234.567: only thousands repeat
        if any(len(g) != 3 for g in groups[1:]):  # "1.000.000.0000": no number
            return math.nan, (f"{written} is not a number: its groups are not of three digits",)
        return float("".join(groups)), ()
    if len(groups[1]) == 3 and groups[1] == "000":  # 230.000: nobody writes 230 so
        return float("".join(groups)), ()
    if len(groups[1]) == 3:  # 1.742 or 9,216: the language decides, a note keeps the other
        grouped, decimal_value = float("".join(groups)), float(f"{groups[0]}.{groups[1]}")
        value = grouped if sep == thousands else decimal_value
        other = decimal_value if sep == thousands else grouped
        return value, (
            f"{written} read as {value:,.10g}, not {other:,.10g}, as {_NAMES[lang]} writes numbers",
        )
    return float(f"{groups[0]}.{groups[1]}"), ()


_NAMES = {"it": "Italian", "en": "English"}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _scientific(mantissa: float, exponent: int) -> float:
    """Return ``mantissa`` x 10^``exponent``, infinite past the largest float (never an error)."""
    try:
        return mantissa * 10.0**exponent
    except OverflowError:
        return math.inf


def _words_value(words: str, lang: Language) -> float | None:
    """Return the value of number words ("cinquanta", "two hundred"), None if not a number."""
    from text_to_num import text2num  # type: ignore[import-untyped]

    text = re.sub(r"\s+", " ", words.strip().lower())
    if text in ("un", "una", "uno"):
        return 1.0
    for language in (lang, "en" if lang == "it" else "it"):
        try:
            return float(text2num(text, language))
        except ValueError:
            continue
    return None


def _read_amount(m: re.Match[str], n: str, lang: Language) -> tuple[float, tuple[str, ...]] | None:
    """Return the value of amount ``n`` (``a`` or ``b``) of a match, None when there is none."""
    half = 0.5 if m.group(f"{n}andhalf") else 0.0
    if m.group(f"{n}num") is not None:
        value, notes = read_digits(m.group(f"{n}num"), lang)
        suffix = m.group(f"{n}suf")
        return (value + half) * (SUFFIXES[suffix] if suffix else 1.0), notes
    if m.group(f"{n}half") is not None:
        return (0.5 if re.match(r"mezzo|half", m.group(f"{n}half"), re.I) else 0.25), ()
    if m.group(f"{n}one") is not None:
        return 1.0 + half, ()
    if m.group(f"{n}word") is not None:
        words = _words_value(m.group(f"{n}word"), lang)
        return None if words is None else (words + half, ())
    return None


def multiplier(words: str) -> float:
    """Return the factor of a written multiplier: "mila" 1e3, "mila miliardi" 1e12.

    An Italian half after it ("milione e mezzo") adds half of it: 1.5e6.
    """
    parts = [w.lower() for w in re.findall(r"[\w]+", words)]
    scale = 1.0
    for word in parts:
        scale *= MULTIPLIERS.get(word, 1.0)
    return scale


def _amount_end(m: re.Match[str], n: str) -> int:
    for group in (f"{n}andhalf", f"{n}suf", f"{n}num", f"{n}half", f"{n}one", f"{n}word"):
        if m.group(group) is not None:
            return m.end(group)
    raise AssertionError("an amount matched without its parts")


_CURRENCY = {
    "$": "USD",
    "US$": "USD",
    "USD": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "CNY": "CNY",
    "RMB": "CNY",
}


def _qualifier(text: str | None) -> Qualifier | None:
    if not text:
        return None
    word = re.sub(r"\s+", " ", text.strip().lower())
    return QUALIFIERS.get(word) or _EXTRA_QUALIFIERS.get(word)


def _vague(text: str) -> list[WrittenNumber]:
    found = []
    for m in _VAGUE.finditer(text):
        first, second = m.group("first").lower(), (m.group("second") or "").lower()
        if second:
            scale = MULTIPLIERS[second]
            low, high = VAGUE[first][0] * scale, VAGUE[first][1] * scale
        elif first in ("migliaia", "thousands", "milioni", "millions"):
            low, high = VAGUE[first]  # "migliaia di GPU": thousands
        else:
            continue  # "decine" alone: tens of what?
        words = m.group(0)[len(m.group("qual") or "") :].strip()
        found.append(
            WrittenNumber(
                low,
                high,
                m.start(),
                m.end(),
                _qualifier(m.group("qual")),
                notes=(f"'{words}' is an order of magnitude, read as {low:,.0f} to {high:,.0f}",),
                vague=True,
            )
        )
    return found


def find_numbers(text: str, lang: Language) -> list[WrittenNumber]:
    """Return every amount written in ``text``, in order, read as ``lang`` writes numbers.

    Digits inside names ("H100", "GB200") are not amounts: an amount never starts right
    after a letter, a digit or a hyphen. Number words count only before a multiplier or
    what they count ("venti volte", "cinquanta milioni"), so "due terzi" is not one.

    Linear in the text: the scan never steps back, a rejected run of words is skipped whole,
    and a group of digits is bounded in length.
    """
    found: list[WrittenNumber] = []
    pos = 0
    while True:
        m = _NUMBER.search(text, pos)
        if m is None:
            break
        a_start = next(
            m.start(g) for g in ("anum", "ahalf", "aone", "aword") if m.group(g) is not None
        )
        pos = max(m.start() + 1, a_start + 1)
        before = text[max(0, a_start - 2) : a_start]
        negative = re.fullmatch(r"(?:^|[\s(\[])?[-−–]", before) is not None and (
            len(before) < 2 or not before[0].isalnum()
        )
        if not negative and (
            before[-1:].isalnum()
            or before[-1:] in ("_", "-", "/", "−")
            or re.fullmatch(r"\d[.,]", before)
        ):
            continue  # H100, GB200, B-52, 24/7, the middle of 100.000
        first = _read_amount(m, "a", lang)
        mult1 = m.group("mult1")
        if first is None or (
            m.group("anum") is None
            and not mult1
            and not _counts_something(text, _amount_end(m, "a"))
        ):
            # number words that count nothing: every later start inside the same run of
            # words ends where it ends, so none counts anything either (linear time)
            if m.group("aword") is not None:
                pos = max(pos, m.end("aword"))
            continue
        value, notes = first
        second = _read_amount(m, "b", lang) if m.group("sep") else None
        if second is not None and not _is_range(m, value, second[0]):
            second = None
        if m.group("between") is not None and second is None:
            pos = a_start  # "composto da 100.000 chip": read again without "da"
            continue
        mult2 = m.group("mult2") if second is not None else None
        low = _times(value, mult1 or mult2)
        high = _times(second[0], mult2 or mult1) if second is not None else low
        if second is not None:
            notes += second[1]
        if second is not None:
            end = m.end()
        elif mult1:
            end = m.end("mult1")
        else:
            end = _amount_end(m, "a")
        currency = m.group("cur1") or (m.group("cur2") if second is not None else None)
        qualifier = _qualifier(m.group("qual"))
        if currency and not (mult1 or mult2) and re.match(r"m(?![\w])", text[end : end + 2]):
            low, high, end = low * 1e6, high * 1e6, end + 1  # "£225m": a million with money
        if re.match(r"\+(?![\d+])", text[end : end + 2]):  # "100,000+ GPUs"
            qualifier, end = qualifier or "at_least", end + 1
        after = _OR_MORE.match(text, end)
        if after is not None and qualifier is None:  # "60 or more kW", "100 o più GPU"
            qualifier = "at_most" if after.group(1).lower() in ("less", "meno") else "at_least"
            end = after.end()
        if negative:  # "−5 MW": a fall or a change, said as such by the reader of mentions
            low, high = -low, -high
        found.append(
            WrittenNumber(
                min(low, high),
                max(low, high),
                m.start(),
                end,
                qualifier,
                _CURRENCY.get(currency.replace(" ", "").upper()) if currency else None,
                notes + _scale_note(mult1 or mult2),
                multiplied=bool(mult1 or mult2 or m.group("asuf")),
                other=_other_reading(m, lang, mult1) if second is None else None,
            )
        )
        pos = end
    starts = [w.start for w in found]  # in order, not overlapping

    def free(v: WrittenNumber) -> bool:
        i = bisect.bisect_left(starts, v.end)  # the amounts starting before v ends
        return i == 0 or found[i - 1].end <= v.start

    found += [v for v in _vague(text) if free(v)]
    found.sort(key=lambda w: w.start)
    return found


_OR_MORE = re.compile(r"\s+(?:or|o)\s+(more|più|less|meno)(?![\w])", re.I)
"""A qualifier written after the number: "60 or more", "100 o più", "10 or less"."""


def _other_reading(m: re.Match[str], lang: Language, mult: str | None) -> float | None:
    """Return the value of an amount read as the other language writes numbers, if it differs.

    "1.742" is 1,742 in Italian and 1.742 in English: both readings are kept, so that a
    check never rests on the choice.
    """
    written = m.group("anum")
    if written is None or not re.fullmatch(r"\d{1,3}[.,]\d{3}", written) or written.endswith("000"):
        return None
    other, _ = read_digits(written, "en" if lang == "it" else "it")
    suffix = m.group("asuf")
    return _times(other * (SUFFIXES[suffix] if suffix else 1.0), mult)


def _counts_something(text: str, end: int) -> bool:
    """Return whether number words end before what they count (a unit, or "volte")."""
    after = text[end : end + 80].lower()
    return (
        re.match(
            r"[\s\"”]*(?:volte|times|gpu|chip|superchip|unità|processori|processors|"
            r"acceleratori|accelerators|tpu|npu|apu|exa|peta|zetta|mega|giga|tera|kilo)",
            after,
        )
        is not None
        or re.match(_OF_FEW_WORDS, after) is not None
    )


_OF_FEW_WORDS = (
    r"\s+(?:of|di|dei|degli|delle)\s+(?:[^\s\d.,;:!?()]+\s+){0,4}?"
    r"(?=(?:gpu|chip|acceleratori|accelerators)\b)"
)
"""'dei più recenti chip': a few words after "of" or "di" before what number words count."""


def _is_range(m: re.Match[str], a: float, b: float) -> bool:
    """Return whether "X - Y", "X to Y", "tra X e Y" is a range, not two separate numbers."""
    if m.group("sep").lower() in ("a", "e", "and") and m.group("between") is None:
        return False  # "Colossus 1 e 200.000 GPU"; "da X a Y" needs its "da"
    return b >= a > 0


def _times(value: float, words: str | None) -> float:
    """Return a value times its written multiplier ("1 milione e mezzo": 1.5e6)."""
    if not words:
        return value
    half = re.search(r"\se\s+mezz[oa]$", words, re.I)
    return (value + (0.5 if half else 0.0)) * multiplier(words)


def _scale_note(word: str | None) -> tuple[str, ...]:
    if word and "trilion" in word.lower():
        return ("'trilioni' read as 10^12 (the English trillion); in the long scale it is 10^18",)
    if word and "quintilion" in word.lower():
        return (
            "'quintilione' read as 10^18 (the English quintillion); in the long scale it is 10^30",
        )
    return ()
