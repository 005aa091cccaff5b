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
    r"(?:un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|tredici|"
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
    "intorno a": "about",
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

# digits: 1.234.567 / 1,234,567 / 1 234 567 (groups of 3), or plain 42,5 / 42.5 / 3.3e24
_DIGITS = (
    r"10\s?\^\s?\d{1,3}"
    r"|\d{1,3}(?:(?:[.,\u00a0\u202f]|(?<=\d)'(?=\d))\d{3})+(?:[.,]\d+)?(?![.,]?\d)"
    r"|\d+(?:[.,]\d+)?(?:[eE][+-]?\d{1,3}(?!\w))?"
)
_WORD = rf"(?:{_IT_WORD}|{_EN_WORD})"
_AMOUNT = (
    r"(?P<{n}num>" + _DIGITS + r")(?P<{n}suf>(?-i:[kKMBT])(?!\w))?"
    r"|(?P<{n}half>mezzo|half\s+a)(?=\s+(?:" + _MULT + r"))"
    r"|(?P<{n}one>an?)(?=\s+(?:hundred|" + _MULT + r")(?!\w))"
    r"|(?P<{n}word>" + _WORD + r"(?:(?:\s+and\s+|\s+|-)(?:" + _WORD + r"|hundred))*)(?!\w)"
)


def _amount(name: str) -> str:
    return _AMOUNT.replace("{n}", name)


_NUMBER = re.compile(
    rf"(?P<qual>(?:{_QUAL})(?![A-Za-z])\s*)?"
    r"(?P<between>(?:tra|fra|between|from|da)\s+)?"
    r"(?P<cur1>(?:US\s?)?\$\s?|€\s?|USD\s)?"
    rf"(?:{_amount('a')})"
    rf"(?:\s*(?P<mult1>{_MULT})(?![\w]))?"
    r"(?:\s*(?P<sep>–|—|-|\bto\b|\ba\b|\be\b|\band\b)\s*"
    r"(?P<cur2>(?:US\s?)?\$\s?|€\s?)?"
    rf"(?:{_amount('b')})"
    rf"(?:\s*(?P<mult2>{_MULT})(?![\w]))?)?",
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
    text = written.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ")
    text = re.sub(r"\s+", "", text) if re.fullmatch(r"[\d\s.,]+", text) else text
    power = re.fullmatch(r"10\s?\^\s?(\d{1,3})", text)
    if power:
        return 10.0 ** int(power.group(1)), ()
    if re.search(r"[eE]", text):
        mantissa, exponent = re.split(r"[eE]", text)
        value, notes = read_digits(mantissa, lang)
        return value * 10.0 ** int(exponent), notes
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
    if m.group(f"{n}num") is not None:
        value, notes = read_digits(m.group(f"{n}num"), lang)
        suffix = m.group(f"{n}suf")
        return (value * SUFFIXES[suffix] if suffix else value), notes
    if m.group(f"{n}half") is not None:
        return 0.5, ()
    if m.group(f"{n}one") is not None:
        return 1.0, ()
    if m.group(f"{n}word") is not None:
        words = _words_value(m.group(f"{n}word"), lang)
        return None if words is None else (words, ())
    return None


def _amount_end(m: re.Match[str], n: str) -> int:
    for group in (f"{n}suf", f"{n}num", f"{n}half", f"{n}one", f"{n}word"):
        if m.group(group) is not None:
            return m.end(group)
    raise AssertionError("an amount matched without its parts")


_CURRENCY = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR"}


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
        if (
            before[-1:].isalnum()
            or before[-1:] in ("_", "-", "/")
            or re.fullmatch(r"\d[.,]", before)
        ):
            continue  # H100, GB200, B-52, 24/7, the middle of 100.000
        first = _read_amount(m, "a", lang)
        if first is None:
            continue
        mult1 = m.group("mult1")
        if (
            m.group("anum") is None
            and not mult1
            and not _counts_something(text, _amount_end(m, "a"))
        ):
            continue
        value, notes = first
        second = _read_amount(m, "b", lang) if m.group("sep") else None
        if second is not None and not _is_range(m, value, second[0]):
            second = None
        if m.group("between") is not None and second is None:
            pos = a_start  # "composto da 100.000 chip": read again without "da"
            continue
        mult2 = m.group("mult2") if second is not None else None
        scale_a = MULTIPLIERS[(mult1 or mult2 or "").lower()] if (mult1 or mult2) else 1.0
        scale_b = MULTIPLIERS[mult2.lower()] if mult2 else scale_a
        low = value * scale_a
        high = second[0] * scale_b if second is not None else low
        if second is not None:
            notes += second[1]
        if second is not None:
            end = m.end()
        elif mult1:
            end = m.end("mult1")
        else:
            end = _amount_end(m, "a")
        currency = m.group("cur1") or (m.group("cur2") if second is not None else None)
        found.append(
            WrittenNumber(
                min(low, high),
                max(low, high),
                m.start(),
                end,
                _qualifier(m.group("qual")),
                _CURRENCY.get(currency.replace(" ", "").upper()) if currency else None,
                notes + _scale_note(mult1 or mult2),
                multiplied=bool(mult1 or mult2 or m.group("asuf")),
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


def _counts_something(text: str, end: int) -> bool:
    """Return whether number words end before what they count (a unit, or "volte")."""
    after = text[end : end + 30].lower()
    return (
        re.match(r"\s*(?:volte|times|gpu|chip|unità|exa|peta|zetta|mega|giga|tera)", after)
        is not None
    )


def _is_range(m: re.Match[str], a: float, b: float) -> bool:
    """Return whether "X - Y", "X to Y", "tra X e Y" is a range, not two separate numbers."""
    if m.group("sep").lower() in ("a", "e", "and") and m.group("between") is None:
        return False  # "Colossus 1 e 200.000 GPU"; "da X a Y" needs its "da"
    return b >= a > 0


def _scale_note(word: str | None) -> tuple[str, ...]:
    if word and word.lower().startswith("trilion"):
        return ("'trilioni' read as 10^12 (the English trillion); in the long scale it is 10^18",)
    return ()
