"""Infobox values typed from their plain text: figures, casualties and dates.

Only the wikitext reader needs these (it hands over the plain text of each value, made
with mwparserfromhell); they are kept out of :mod:`sakhalin._wiki_values`, which the
exporter imports, because compiling their patterns is a start-up cost of its own.
Nothing is guessed: a text that is not plainly one figure, casualty list or date keeps
only its words.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Final

from sakhalin._limits import MAX_DIGITS
from sakhalin._model import Casualty, CasualtyKind, DateRange, Precision, Qualifier, Quantity
from sakhalin._wiki_values import _MONTH_NAMES

__all__ = ["parse_casualty_items", "parse_date", "parse_quantity"]


_NUM: Final = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?"
_DASH: Final = r"\s*(?:–|—|-|‒|―|to)\s*"
_PREFIXES: Final = (
    (
        re.compile(r"(?:c\.|ca\.|circa|approx\.|approximately|about|around|roughly|some)\s*", re.I),
        "approximate",
    ),
    (re.compile(r"~\s*"), "approximate"),
    (re.compile(r"(?:an\s+)?(?:est\.|estimated)\s*", re.I), "estimated"),
    (re.compile(r"(?:over|more than|at least|in excess of|upwards of)\s+", re.I), "at_least"),
    (re.compile(r"(?:up to|at most|fewer than|less than|under|no more than)\s+", re.I), "at_most"),
    (re.compile(r"(?:a\s+)?nominal(?:\s+strength\s+of)?\s+", re.I), "nominal"),
)
_FIGURE_RE: Final = re.compile(
    rf"(?P<low>{_NUM})(?:{_DASH}(?P<high>{_NUM}))?(?P<plus>\+)?"
    r"(?:\s+(?P<unit>[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*){0,3}))?"
    r"(?:\s*\((?P<note>[^()]*)\))?"
)
_UNKNOWN_WORDS: Final = frozenset({"unknown", "not known", "n/a", "unclear", "uncertain"})


def _number(text: str) -> int | None:
    digits = text.replace(",", "")
    if "." in text or len(digits) > MAX_DIGITS:  # a fraction, or longer than any count: words
        return None
    return int(digits)


def parse_quantity(text: str) -> Quantity:
    """A figure as an infobox states it ("c. 281,000", "1,200–1,500", "Unknown"), with its text.

    Anything that is not one figure (or range) with at most a unit and a note in brackets
    keeps only its words (``qualitative``); nothing is guessed.
    """
    words = text.strip().rstrip(",;").rstrip()
    if words.lower().rstrip(".") in _UNKNOWN_WORDS:
        return Quantity(qualifier=Qualifier.UNKNOWN, text=text)
    qualifier = Qualifier.EXACT
    rest = words
    for pattern, name in _PREFIXES:
        match = pattern.match(rest)
        if match is not None:
            qualifier = Qualifier(name)
            rest = rest[match.end() :]
            break
    match = _FIGURE_RE.fullmatch(rest)
    if match is None or _number(match["low"]) is None:
        return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] else None
    if (match["high"] and high is None) or (high is not None and low is not None and high < low):
        return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
    note = (match["note"] or "").strip().lower()
    if match["plus"]:
        if qualifier is not Qualifier.EXACT:
            return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
        qualifier = Qualifier.AT_LEAST
    if qualifier is Qualifier.EXACT and note in ("estimated", "est.", "estimate", "modern estimate"):
        qualifier = Qualifier.ESTIMATED
    elif qualifier is Qualifier.EXACT and note in ("nominal", "on paper"):
        qualifier = Qualifier.NOMINAL
    elif qualifier is Qualifier.EXACT and note in ("approx.", "approximately", "approximate"):
        qualifier = Qualifier.APPROXIMATE
    return Quantity(value=low, high=high, qualifier=qualifier, unit=match["unit"], text=text)


_KINDS: Final = (
    (re.compile(r"\b(killed|dead|deaths?|died|kia|fatalities)\b", re.I), CasualtyKind.KILLED),
    (re.compile(r"\b(wounded|injured|wia)\b", re.I), CasualtyKind.WOUNDED),
    (re.compile(r"\b(captured|prisoners?|pows?|taken prisoner|surrendered)\b", re.I), CasualtyKind.CAPTURED),
    (re.compile(r"\b(missing|mia)\b", re.I), CasualtyKind.MISSING),
    (re.compile(r"\b(total|casualties|losses)\b", re.I), CasualtyKind.TOTAL),
)
_ITEM_RE: Final = re.compile(
    r"(?P<prefix>(?:c\.|ca\.|~|about|around|over|at least|up to)\s*)?"
    rf"(?P<num>{_NUM}(?:{_DASH}(?:{_NUM}))?\+?)"
    r"\s*(?P<label>[^\W\d_](?:[^,;()0-9]*[^\s,;()0-9])?)?\s*(?:\([^()]*\))?"
)
# Whitespace before a separator is taken only from the start of its run ((?<!\s)), and a
# label ends on a character that is not a space: otherwise every position in a long run
# of spaces would scan the rest of the run again (quadratic; 40 KB took 39 s).
_SPLIT_RE: Final = re.compile(r"(?:(?<!\s)\s+)?(?:,(?![0-9]{3}(?![0-9]))|;|\band\b|\n)\s*")


def parse_casualty_items(text: str) -> tuple[Casualty, ...]:
    """The typed items of a casualties text ("181 dead and 3,270 prisoners").

    Parts that are not a figure followed by words are left to the text.
    """
    words = text.strip()
    lowered = words.lower().rstrip(".")
    if lowered in _UNKNOWN_WORDS:
        return (
            Casualty(kind=CasualtyKind.TOTAL, quantity=Quantity(qualifier=Qualifier.UNKNOWN, text=words)),
        )
    if re.fullmatch(r"[^\W\d_][\w\s'’\-]*", words) and len(words.split()) <= 3:
        return (
            Casualty(kind=CasualtyKind.TOTAL, quantity=Quantity(qualifier=Qualifier.QUALITATIVE, text=words)),
        )
    items = []
    for part in _SPLIT_RE.split(words):
        match = _ITEM_RE.fullmatch(part.strip())
        if match is None:
            continue
        number = (match["prefix"] or "") + match["num"]
        quantity = parse_quantity(number)
        if quantity.value is None:
            continue
        label = (match["label"] or "").strip() or None
        kind = CasualtyKind.OTHER if label else CasualtyKind.TOTAL
        for pattern, found in _KINDS:
            if label is not None and pattern.search(label):
                kind = found
                break
        items.append(Casualty(kind=kind, quantity=quantity, label=label))
    return tuple(items)


# ---------------------------------------------------------------------- reading dates

_MONTHS: Final = (
    {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
    | {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
    | {"sept": 9}
)
_M: Final = r"(?P<{}>[A-Za-z]{{3,9}})\.?"
_D: Final = r"(?P<{}>[0-9]{{1,2}})"
_Y: Final = r"(?P<{}>[0-9]{{1,4}})"


def _p(template: str) -> re.Pattern[str]:
    parts = {
        "M1": _M.format("m1"),
        "M2": _M.format("m2"),
        "D1": _D.format("d1"),
        "D2": _D.format("d2"),
        "Y1": _Y.format("y1"),
        "Y2": _Y.format("y2"),
        "-": _DASH,
        " ": r"\s+",
        ",": ",",
    }
    tokens = re.split(r"(M1|M2|D1|D2|Y1|Y2|-| |,)", template)
    return re.compile("".join(parts.get(token, re.escape(token)) for token in tokens))


_DAY_PATTERNS: Final = tuple(
    _p(t)
    for t in (
        "D1 M1 Y1",
        "M1 D1, Y1",
        "D1-D2 M1 Y1",
        "M1 D1-D2, Y1",
        "D1 M1-D2 M2 Y1",
        "M1 D1-M2 D2, Y1",
        "D1 M1 Y1-D2 M2 Y2",
        "M1 D1, Y1-M2 D2, Y2",
    )
)
_MONTH_PATTERNS: Final = tuple(_p(t) for t in ("M1 Y1", "M1-M2 Y1", "M1 Y1-M2 Y2"))
_YEAR_PATTERNS: Final = tuple(_p(t) for t in ("Y1", "Y1-Y2"))


def _month(name: str | None) -> int | None:
    return None if name is None else _MONTHS.get(name.lower())


def parse_date(text: str) -> DateRange:
    """A date as an infobox states it, typed when it is a plain day, month or year (range).

    "7–31 July 1905", "July 1–3, 1863" and "1904–1905" are typed; anything else
    (such as "490 BC" or a date with a note) keeps only its text.
    """
    words = " ".join(text.split())
    found: tuple[datetime.date, datetime.date, Precision] | None = None
    if not re.search(r"\b(BC|BCE|B\.C\.)\b", words):
        try:
            found = _match_date(words)
        except ValueError:  # no such day (30 February) or year 0
            found = None
    if found is None:
        return DateRange(text=text)
    start, end, precision = found
    if end < start:
        return DateRange(text=text)
    return DateRange(start=start, end=end, precision=precision, text=text)


def _match_date(words: str) -> tuple[datetime.date, datetime.date, Precision] | None:
    for pattern in (*_DAY_PATTERNS, *_MONTH_PATTERNS):
        m = pattern.fullmatch(words)
        if m is None:
            continue
        g = m.groupdict()
        m1 = _month(g["m1"])
        m2 = _month(g.get("m2")) if g.get("m2") else m1
        if m1 is None or m2 is None:
            return None
        y2 = int(g["y2"]) if g.get("y2") else int(g["y1"])
        if "d1" not in g:  # a month pattern: from the first of the month to the last day
            end = datetime.date(y2, m2, calendar.monthrange(y2, m2)[1])
            return datetime.date(int(g["y1"]), m1, 1), end, Precision.MONTH
        d2 = int(g["d2"]) if g.get("d2") else int(g["d1"])
        return datetime.date(int(g["y1"]), m1, int(g["d1"])), datetime.date(y2, m2, d2), Precision.DAY
    for pattern in _YEAR_PATTERNS:
        m = pattern.fullmatch(words)
        if m is None:
            continue
        g = m.groupdict()
        first = int(g["y1"])
        last_year = int(g["y2"]) if g.get("y2") else first
        if g.get("y2") and len(g["y2"]) == 2 and len(g["y1"]) == 4:
            last_year = first // 100 * 100 + last_year
        return datetime.date(first, 1, 1), datetime.date(last_year, 12, 31), Precision.YEAR
    return None
