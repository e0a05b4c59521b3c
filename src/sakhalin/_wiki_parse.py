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
from sakhalin._wiki_values import MONTH_NAMES

__all__ = [
    "coordinates_in_text",
    "coordinates_of",
    "parse_casualty_items",
    "parse_date",
    "parse_quantity",
    "parse_strength",
    "scan_figures",
]


_NUM: Final = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?"
_DASH: Final = r"\s*(?:–|—|-|‒|―|to)\s*"
_HEDGES: Final = {
    "approximate": (
        "c.",
        "ca.",
        "c",
        "ca",
        "circa",
        "approx.",
        "approx",
        "approximately",
        "about",
        "around",
        "roughly",
        "some",
        "reportedly",
        "reported",
        "allegedly",
        "possibly",
        "perhaps",
        "probably",
        "~",
        "≈",
    ),
    "estimated": ("an estimated", "estimated", "est.", "est"),
    "at_least": ("over", "more than", "at least", "in excess of", "upwards of", "above", "min.", ">"),
    "at_most": (
        "up to",
        "at most",
        "fewer than",
        "less than",
        "under",
        "no more than",
        "nearly",
        "almost",
        "max.",
        "<",
    ),
    "nominal": ("a nominal strength of", "nominal strength of", "a nominal", "nominal"),
}
_HEDGE_OF: Final = {word: name for name, words in _HEDGES.items() for word in words}
_HEDGE_ALTERNATIVES: Final = "|".join(
    re.escape(word) + (r"\s*" if not word[-1].isalpha() else r"\s+")
    for word in sorted(_HEDGE_OF, key=len, reverse=True)
)
_SCAN_RE: Final = re.compile(
    rf"(?<![\w.,/-])(?P<pre>(?:between\s+)|(?:{_HEDGE_ALTERNATIVES}))?"
    rf"(?P<low>{_NUM})(?P<mult>\s+(?:million|thousand))?"
    rf"(?:(?P<dash>{_DASH}|\s+and\s+)(?P<high>{_NUM})(?P<mult2>\s+(?:million|thousand))?)?"
    r"(?P<plus>\+)?(?![\w])(?![ \t]?(?:%|per ?cent))",
    re.IGNORECASE,
)
"""A figure where it stands in a text: a hedge before it ("about", "over"), a range, a "+"."""
_MULTIPLIERS: Final = {"million": 1_000_000, "thousand": 1_000}
_SHARED_THOUSANDS_RE: Final = re.compile(r"([1-9][0-9]?) ([1-9][0-9]?),000")
"""A range written "10–15,000": both ends are thousands, written once after the high end."""
_DOTTED_THOUSANDS_RE: Final = re.compile(r"[1-9][0-9]{0,2}(?:\.000)+")
"""A count written with a dot between its thousands and round ones ("5.000", "20.000"): a whole number."""
_OR_MORE_RE: Final = re.compile(r"\s*(?:or more|or over|plus)\b", re.IGNORECASE)
_OR_LESS_RE: Final = re.compile(r"\s*(?:or fewer|or less|at most)\b", re.IGNORECASE)
_UNKNOWN_WORDS: Final = frozenset({"unknown", "not known", "n/a", "unclear", "uncertain", "unknown."})
_NOTE_RE: Final = re.compile(r"\(([^()]{0,300})\)")
_UNIT_RANGE_RE: Final = re.compile(
    rf"^(?P<low>{_NUM})\s+(?P<unit>[^\W\d_][^\W\d_ ]*(?: [^\W\d_][^\W\d_ ]*){{0,3}})\s+to\s+(?P<high>{_NUM})$"
)
"""A range with its unit after the lower figure ("20,000 Ottoman troops to 60,000")."""
_UNIT_RE: Final = re.compile(r"[^\W\d_][\w'’\-/&.]*(?:,?\s+[^\W\d_][\w'’\-/&.]*){0,7}")
_LABEL_RE: Final = re.compile(r"([^\W\d_][^:\n]{0,60}):\s*")
_TRAILING_HEADING_RE: Final = re.compile(r"(?:^|(?<=[\s,;.)]))([^\W\d_][^:;,()0-9\n]{0,60}):\s*$")
"""A heading at the end of a text ("Spain:"): it heads the figures after it."""
_NAMED_HEADING_RE: Final = re.compile(
    r"(?<![\w'’.-])([A-Z][\w'’.-]{0,30}(?:[ \t]+(?:of|and|the|de|von|[A-Z][\w'’.-]{0,30})){0,6}):[ \t]*$"
)
"""A heading in capitals after a figure's words ("killed Netherlands:"): the capitalised words."""


class _Figure:
    """A figure found in a text, with where it stands."""

    __slots__ = ("end", "high", "low", "qualifier", "start")

    def __init__(self, start: int, end: int, low: int, high: int | None, qualifier: Qualifier) -> None:
        self.start, self.end, self.low, self.high, self.qualifier = start, end, low, high, qualifier


def _number(text: str, mult: str | None = None) -> int | None:
    digits = text.replace(",", "")
    factor = _MULTIPLIERS[mult.strip().lower()] if mult else 1
    if len(digits) > MAX_DIGITS:  # longer than any count: words
        return None
    if factor == 1 and _DOTTED_THOUSANDS_RE.fullmatch(digits):  # "c. 5.000": the dot groups thousands
        return int(digits.replace(".", ""))
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        if factor == 1 or len(fraction) > 6:
            return None  # a fraction of a man is no count
        return int(whole) * factor + int(fraction.ljust(6, "0")) * factor // 1_000_000
    return int(digits) * factor


def scan_figures(text: str) -> list[_Figure]:
    """Every figure of a text, in order, each with its hedge and range (linear in the text).

    Two figures joined by "and" ("20,000 and 2,000 horse") or by a dash that makes no range
    ("15,000 - 3 legions": the second is smaller) are two figures; "between 6,000 and 13,000"
    is a range.
    """
    found = []
    at = 0
    while (m := _SCAN_RE.search(text, at)) is not None:
        pre = (m["pre"] or "").strip().lower()
        end, low, high = m.end(), _number(m["low"], m["mult"] or m["mult2"]), None
        if m["high"]:
            high = _number(m["high"], m["mult2"])
            if (
                low is not None
                and high is not None
                and _SHARED_THOUSANDS_RE.fullmatch(m["low"] + " " + m["high"])
            ):
                low *= 1000  # "10–15,000": the thousands written once, for both ends
            joined_by_and = m["dash"].strip().lower() == "and" and pre != "between"
            if joined_by_and or high is None or low is None or high < low:  # two figures, not a range
                end, low, high = m.start("dash"), _number(m["low"], m["mult"]), None
        at = max(end, m.start() + 1)
        if low is None:
            continue
        qualifier = Qualifier(_HEDGE_OF[pre]) if pre in _HEDGE_OF else Qualifier.EXACT
        if (m["plus"] and end == m.end()) or _OR_MORE_RE.match(text, end):
            qualifier = Qualifier.AT_LEAST
        elif _OR_LESS_RE.match(text, end):
            qualifier = Qualifier.AT_MOST
        found.append(_Figure(m.start(), end, low, high, qualifier))
    return found


def _note_qualifier(notes: list[str], qualifier: Qualifier) -> Qualifier:
    if qualifier is not Qualifier.EXACT:
        return qualifier
    for note in notes:
        lowered = note.strip().lower()
        if "estimat" in lowered or lowered in ("est.", "est"):
            return Qualifier.ESTIMATED
        if lowered in ("nominal", "on paper"):
            return Qualifier.NOMINAL
        if lowered in ("approx.", "approximately", "approximate"):
            return Qualifier.APPROXIMATE
    return qualifier


def parse_quantity(text: str) -> Quantity:
    """A figure as an infobox states it ("c. 281,000", "1,200–1,500", "Unknown"), with its text.

    One figure (or range), hedged or not ("about", "over", "nearly", "300,000+", "or more"),
    after at most a label ("Army: 40,000") and before at most a few words of unit and notes
    in brackets ("(estimated)"); anything else keeps only its words (``qualitative``).
    """
    words = " ".join(text.split()).strip(" ,;.")
    if words.lower() in _UNKNOWN_WORDS:
        return Quantity(qualifier=Qualifier.UNKNOWN, text=text)
    label = _LABEL_RE.match(words)
    body = words[label.end() :] if label else words
    if len(body) > 1000:
        return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
    notes = _NOTE_RE.findall(body)
    body = " ".join(_NOTE_RE.sub(" ", body).split()).strip(" ,;.")
    body = _UNIT_RANGE_RE.sub(r"\g<low>–\g<high> \g<unit>", body)
    figures = scan_figures(body)
    if len(figures) == 1 and figures[0].start and len(body[: figures[0].start].split()) <= 8:
        # one figure inside words ("Unknown, estimates range from 7,000 to 12,000"), hedged by them
        figure, lead = figures[0], body[: figures[0].start]
        hedged = figure.qualifier if figure.qualifier is not Qualifier.EXACT else _lead_qualifier(lead)
        qualifier = hedged or _note_qualifier(notes, Qualifier.EXACT)
        rest = body[figure.end :].strip(" ,;.")  # "Somewhere between 23,000–50,000 men": a unit after it
        unit = rest if rest and _UNIT_RE.fullmatch(rest) and len(rest.split()) <= 4 else None
        return Quantity(value=figure.low, high=figure.high, qualifier=qualifier, unit=unit, text=text)
    if len(figures) != 1 or figures[0].start != 0:
        return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
    figure = figures[0]
    rest = _OR_MORE_RE.sub("", _OR_LESS_RE.sub("", body[figure.end :], count=1), count=1)
    rest = rest.strip(" ,;.")
    if rest and _UNIT_RE.fullmatch(rest) is None:
        return Quantity(qualifier=Qualifier.QUALITATIVE, text=text)
    return Quantity(
        value=figure.low,
        high=figure.high,
        qualifier=_note_qualifier(notes, figure.qualifier),
        unit=rest or None,
        text=text,
    )


_JOINING_WORDS: Final = ("and", "or", "plus", "with")


def _trim_joiners(text: str) -> str:
    """A part of a text without the punctuation and joining words ("and", "or") at its ends."""
    words = text.lstrip(" \t,;:/+&(–—-").rstrip(" \t,;:/&(–—-").split()  # (a "+" after a figure stays)
    while words and words[0].lower() in _JOINING_WORDS:
        words.pop(0)
    while words and words[-1].lower().strip(",;:(") in _JOINING_WORDS:
        words.pop()
    return " ".join(words).lstrip(" ,;:/+&(–—-").rstrip(" ,;:/&(–—-")


def _segments(text: str) -> list[tuple[str, _Figure]]:
    """A text cut before each figure: each figure with the words that follow it up to the next."""
    figures = scan_figures(text)
    out = []
    for i, figure in enumerate(figures):
        stop = figures[i + 1].start if i + 1 < len(figures) else len(text)
        out.append((text[figure.start : stop], figure))
    return out


def parse_strength(text: str) -> tuple[Quantity, ...]:
    """The quantities of one strength line: one figure, or several ("25,000 infantry and 1,000 cavalry").

    A line of one figure is :func:`parse_quantity`'s; a line of several figures, each with its
    own words, gives one quantity each; a figure inside a sentence ("Unknown, estimates range
    from 7,000 to 12,000") is typed, hedged by the words before it, keeping the whole line as
    its text. A note in brackets ("(modern estimates)") hedges every figure of the line. A line
    with no figure keeps its words.
    """
    single = parse_quantity(text)
    if single.value is not None or single.qualifier is Qualifier.UNKNOWN:
        return (single,)
    words = " ".join(text.split())
    label = _LABEL_RE.match(words)
    body = words[label.end() :] if label else words
    if len(body) > 2000:
        return (single,)
    line = _note_qualifier(_NOTE_RE.findall(body), Qualifier.EXACT)  # "(modern estimates)" is for all
    bare = " ".join(_NOTE_RE.sub(" ", body).split())
    parts = _segments(bare)
    if not parts:
        return (single,)
    lead = bare[: parts[0][1].start].strip()
    if len(lead.split()) > 8:
        return (single,)
    if len(parts) < 2:
        return (single,)
    hedging = [note for note in _NOTE_RE.findall(body) if _note_qualifier([note], Qualifier.EXACT) is line]
    out = []
    for i, (part, _) in enumerate(parts):
        # each figure's words: the words before the first ("Reportedly"), a note that hedges the line
        words = _trim_joiners(f"{lead} {part}" if i == 0 and lead else part) or part
        if line is not Qualifier.EXACT and hedging and f"({hedging[0]})" not in words:
            words = f"{words} ({hedging[0]})"
        quantity = parse_quantity(words)
        if quantity.value is None:
            return (single,)
        out.append(quantity)
    return tuple(out)


_LEAD_HEDGES: Final = (
    (re.compile(r"\bestimat", re.I), Qualifier.ESTIMATED),
    (
        re.compile(
            r"\b(?:about|around|approximately|roughly|some|circa|reportedly|perhaps|possibly)\b", re.I
        ),
        Qualifier.APPROXIMATE,
    ),
    (re.compile(r"\b(?:over|more than|at least|in excess of)\b", re.I), Qualifier.AT_LEAST),
    (re.compile(r"\b(?:up to|at most|fewer than|less than|under|nearly|almost)\b", re.I), Qualifier.AT_MOST),
)


def _lead_qualifier(lead: str) -> Qualifier | None:
    """The hedge that words before a figure put on it ("estimates range from"), if any."""
    for pattern, qualifier in _LEAD_HEDGES:
        if pattern.search(lead):
            return qualifier
    return None


_KINDS: Final = (
    (
        re.compile(r"\b(?:killed|dead|deaths?|died|kia|fatalities|slain|executed)\b", re.I),
        CasualtyKind.KILLED,
    ),
    (re.compile(r"\b(?:wounded|injured|wia)\b", re.I), CasualtyKind.WOUNDED),
    (
        re.compile(r"\b(?:captured|prisoners?|pows?|taken prisoner|surrendered|capture|detained)\b", re.I),
        CasualtyKind.CAPTURED,
    ),
    (re.compile(r"\b(?:missing|mia)\b", re.I), CasualtyKind.MISSING),
)
_TOTAL_RE: Final = re.compile(r"\b(?:total|casualties|losses|killed,? wounded)\b", re.I)
_MATERIEL_RE: Final = re.compile(
    r"\b(?:ships?|ships of the line|vessels?|boats?|u-boats?|guns?|cannons?|artillery(?: pieces)?|tanks?|"
    r"aircraft|airplanes?|aeroplanes?|planes?|helicopters?|frigates?|sloops?|galleys|galley|galleons?|"
    r"triremes?|submarines?|destroyers?|cruisers?|battleships?|carriers?|corvettes?|gunboats?|"
    r"vehicles?|trucks?|apcs?|ifvs?|mortars?|howitzers?|drones?|uavs?|bombers?|transports?|tenders?|"
    r"junks?|warships?|colou?rs|standards|wagons?|locomotives?|armou?red cars?|jets?)\b",
    re.I,
)
_LOST_THING_RE: Final = re.compile(r"\b(?:sunk|scuttled|shot down|damaged|destroyed|wrecked)\b", re.I)
_OTHER_LOSS_RE: Final = re.compile(
    r"^(?:in|at|on|to|from|of|by|during|after)\b|\b(?:desert(?:ed|ers?|ion)|released|defected|displaced|"
    r"refugees|evacuated|sick|ill|interned|exchanged|escaped|rescued|survivors?|repatriated|freed)\b",
    re.I,
)
_FATES_RE: Final = re.compile(
    r"\s*\b(?:captured|sunk|destroyed|lost|damaged|shot down|scuttled|burn(?:ed|t)|abandoned|taken|"
    r"disabled|downed|seized)\b.*$",
    re.I,
)


def _kind_of(label: str | None, heading: str | None) -> tuple[CasualtyKind, tuple[CasualtyKind, ...]]:
    words = label or ""
    kinds = []
    for pattern, kind in _KINDS:
        match = pattern.search(words)
        if match is not None:
            kinds.append((match.start(), kind))
    kinds.sort()
    materiel = _MATERIEL_RE.search(words)
    if materiel is not None and not (
        kinds and kinds[0][0] < materiel.start()
    ):  # "3 ships sunk", not "killed on 3 ships"
        return CasualtyKind.MATERIEL, ()
    if len(kinds) >= 2:
        return CasualtyKind.COMBINED, tuple(kind for _, kind in kinds)
    if kinds:
        return kinds[0][1], ()
    if _LOST_THING_RE.search(words):  # "2 LSTs sunk": people are not sunk or damaged
        return CasualtyKind.MATERIEL, ()
    if not words or _TOTAL_RE.search(words) or (heading and _TOTAL_RE.search(heading)):
        return CasualtyKind.TOTAL, ()
    if _OTHER_LOSS_RE.search(words):  # "42,000 deserted", "(2,112 in the United States)"
        return CasualtyKind.OTHER, ()
    return CasualtyKind.TOTAL, ()  # "192 Athenians": the side's loss of them


def parse_casualty_items(text: str) -> tuple[Casualty, ...]:
    """The typed items of a casualties text ("181 dead and 3,270 prisoners").

    Every figure is an item, with the words after it as its label: figures in a breakdown in
    brackets ("23,049 total (3,155 killed; 14,529 wounded)") are items too. The label says the
    kind; a label naming several kinds ("killed or wounded") is a combined figure, one naming
    equipment ("12 guns captured") a materiel loss with its unit; a line that only names a
    heading ("France:") is the group of the figures under it, and "Total:" before a figure
    makes it a total. Words with no figure are left to the text.
    """
    words = text.strip()
    lowered = words.lower().rstrip(".")
    if lowered in _UNKNOWN_WORDS:
        return (
            Casualty(kind=CasualtyKind.TOTAL, quantity=Quantity(qualifier=Qualifier.UNKNOWN, text=words)),
        )
    if (
        re.fullmatch(r"[^\W\d_][^\W\d]*(?:[\s'’\-]+[^\W\d]+)*[\s'’\-]*", words[:80])
        and len(words.split()) <= 3
    ):
        return (
            Casualty(kind=CasualtyKind.TOTAL, quantity=Quantity(qualifier=Qualifier.QUALITATIVE, text=words)),
        )
    items: list[Casualty] = []
    group: str | None = None
    for line in words.split("\n")[:500]:
        line = " ".join(line.split())[:2000]
        parts = _segments(line)
        if not parts:
            if line.endswith(":"):
                group = line[:-1].strip() or None
            continue
        lead = line[: parts[0][1].start].strip()
        heading = _TRAILING_HEADING_RE.search(lead)
        hint: str | None = None  # a "Total:" before the figure
        if heading is not None:
            if _TOTAL_RE.search(heading[1]):
                hint = heading[1].strip()
            else:
                group = heading[1].strip()
        for part, figure in parts:
            tail = part[figure.end - figure.start :]
            after = _NAMED_HEADING_RE.search(tail)  # "... Spain:": the heading of the figures after it
            if after is not None and after.start() > 0:
                tail = tail[: after.start()]
            bracketed = line.count("(", 0, figure.start) > line.count(")", 0, figure.start)
            notes = _NOTE_RE.findall(tail)
            label: str | None = " ".join(_trim_joiners(_NOTE_RE.sub(" ", tail)).replace(")", " ").split())
            label = label or None
            lead_text, hint = hint, None
            if bracketed and label is None:
                continue  # a year or page in a note ("(1776–1780)"), not a loss
            kind, combines = _kind_of(label, lead_text)
            unit = None
            if kind is CasualtyKind.MATERIEL and label:
                unit = _FATES_RE.sub("", label).strip() or None
            quantity = Quantity(
                value=figure.low,
                high=figure.high,
                qualifier=_note_qualifier(notes, figure.qualifier),
                unit=unit,
                text=part[: figure.end - figure.start].strip() or None,  # the figure as written
            )
            items.append(
                Casualty(
                    kind=kind,
                    quantity=quantity,
                    label=label if label else (lead_text if lead_text else None),
                    combines=combines,
                    group=group,
                )
            )
            if after is not None and after.start() > 0:
                if _TOTAL_RE.search(after[1]):
                    hint = after[1].strip()
                else:
                    group = after[1].strip()
    return tuple(items)


# ---------------------------------------------------------------------- reading dates

_MONTHS: Final = (
    {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
    | {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
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
_MIXED_PATTERNS: Final = tuple(
    _p(t)
    for t in (
        "D1 M1-M2 Y1",
        "M1 D1-M2 Y1",
        "D1 M1 Y1-M2 Y2",
        "M1 D1, Y1-M2 Y2",
        "M1-D2 M2 Y1",
        "M1-M2 D2, Y1",
    )
)
"""One end to the day, the other to the month ("16 February – late March 1942"): month precision."""
_YEAR_PATTERNS: Final = tuple(_p(t) for t in ("Y1", "Y1-Y2"))


def _month(name: str | None) -> int | None:
    return None if name is None else _MONTHS.get(name.lower())


_HEDGE_WORDS_RE: Final = re.compile(
    r"\b(?:c\.|ca\.|circa|around|about|late|early|mid|spring|summer|autumn|fall|winter)"
    r"(?:\s+or\s+(?:early|mid|late))?(?:\s+|-(?=[A-Za-z0-9]))",
    re.IGNORECASE,
)
"""Words that place a date within its day, month or year ("late", "c."): the date stays as precise
as what follows them ("late March 1942" is March 1942)."""
_BC: Final = r"BCE|BC|B\.C\.(?:E\.)?"
_AD: Final = r"AD|A\.D\.|CE|C\.E\."
_BC_RE: Final = re.compile(rf"(?<![A-Za-z])(?:{_BC})(?![A-Za-z])")
_AD_RE: Final = re.compile(rf"(?<![A-Za-z])(?:{_AD})(?![A-Za-z.])")
_TRAILING_NOTE_RE: Final = re.compile(r"\s*\([^()]{0,200}\)\s*$")
_ERA_SPLIT_RE: Final = re.compile(r"\s*(?:–|—|‒|―|-|\bto\b)\s*")
_ERA_YEAR_RE: Final = re.compile(
    rf"(?:(?P<pre>{_AD})\s*)?(?P<year>[0-9]{{1,4}})\s*(?P<era>{_BC}|{_AD})?[\s.,;]*$"
)
_HIJRI_RE: Final = re.compile(r"\s*[,;/]?\s*[0-9]{1,4}\s*(?:AH|A\.H\.)$")
_MONTH_COMMA_RE: Final = re.compile(r"([A-Za-z]{3,9}),\s+([0-9]{3,4})\b")
_MONTH_DAY_RE: Final = re.compile(r"[A-Za-z]{3,9}\.?\s+[0-9]{1,2}[\s.,;]*$")
_DAY_ONLY_RE: Final = re.compile(r"(?:[1-9]|[12][0-9]|3[01])")
_DAY_MONTH_RE: Final = re.compile(r"[0-9]{1,2}\s+[A-Za-z]{3,9}\b")


def parse_date(text: str) -> DateRange:
    """A date as an infobox states it, typed when it is a plain day, month or year (range).

    "7–31 July 1905", "July 1–3, 1863", "1904–1905", "late March 1942" and "c. 1500" are
    typed; so are dates before AD 1 ("490 BC", "47–46 BC", "Late 48 BC – early 47 BC"), to
    the year, in astronomical numbering (:class:`DateRange` ``start_year``). Of several lines,
    the first is the date when the whole is not ("1618–1648" then "(30 years)"). Anything
    else keeps only its text.
    """
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    candidates = [" ".join(lines)] + ([lines[0]] if len(lines) > 1 else [])
    for words in candidates:
        found = _typed_date(words[:200], text)  # (a date is short: longer text is not one)
        if found is not None:
            return found
    for words in candidates:  # alternatives, at least the years: "15 July/August 717 – 15 August 718"
        years = _years_only(words[:200]) if _ALTERNATIVE_RE.search(words[:200]) else None
        if years is not None:
            first, last = years
            return DateRange(
                start=datetime.date(first, 1, 1),
                end=datetime.date(last, 12, 31),
                precision=Precision.YEAR,
                text=text,
            )
    return DateRange(text=text)


_ALTERNATIVE_RE: Final = re.compile(r"[A-Za-z]/[A-Za-z]|\bor\b")
_YEAR_AT_END_RE: Final = re.compile(r"(?<![0-9])([0-9]{3,4})\s*(?:AD|CE)?[\s.,;]*$")


def _years_only(words: str) -> tuple[int, int] | None:
    """The first and last years of a date whose ends each end in a year (3 or 4 digits), else None."""
    words = _TRAILING_NOTE_RE.sub("", words).strip(" .,;")
    if _BC_RE.search(words):
        return None
    parts = _ERA_SPLIT_RE.split(words, maxsplit=1)
    years = [_YEAR_AT_END_RE.search(part) for part in parts]
    if any(match is None for match in years):
        return None
    first, last = int(years[0][1]), int(years[-1][1])  # type: ignore[index]
    return (first, last) if 1 <= first <= last <= 9999 else None


def _typed_date(words: str, text: str) -> DateRange | None:
    words = _TRAILING_NOTE_RE.sub("", _HEDGE_WORDS_RE.sub("", words)).strip(" .,;")
    if _BC_RE.search(words):
        years = _era_years(words)
        if years is None:
            return None
        return DateRange(start_year=years[0], end_year=years[1], precision=Precision.YEAR, text=text)
    words = _HIJRI_RE.sub("", words)
    words = " ".join(_AD_RE.sub(" ", words).split()).strip(" ,")
    words = _MONTH_COMMA_RE.sub(r"\1 \2", words)  # "March, 623": "March 623"
    try:
        found = _match_date(words)
    except ValueError:  # no such day (30 February) or year 0
        return None
    if found is None or found[1] < found[0]:
        return None
    start, end, precision = found
    return DateRange(start=start, end=end, precision=precision, text=text)


def _era_years(words: str) -> tuple[int, int] | None:
    """The first and last years (astronomical: 1 BC is 0) of a date that names an era."""
    parts = _ERA_SPLIT_RE.split(words, maxsplit=1)
    found: list[tuple[int, str | None] | None] = []
    for part in parts:
        match = _ERA_YEAR_RE.search(part)
        if match is None or (match["era"] is None and match["pre"] is None and _MONTH_DAY_RE.search(part)):
            found.append(None)  # no year here ("April 19" is a day and month)
            continue
        if part is not parts[-1] and _DAY_ONLY_RE.fullmatch(part) and _DAY_MONTH_RE.match(parts[-1]):
            found.append(None)  # "11–12 August 480 BC": the 11th is a day of the last part's month
            continue
        era = match["era"] or match["pre"]
        found.append((int(match["year"]), era))
    last = found[-1]
    if last is None or last[1] is None:
        return None
    first = found[0] if found[0] is not None else last
    first_era = first[1] or last[1]
    start, end = _astronomical(first[0], first_era), _astronomical(last[0], last[1])
    if start is None or end is None or start > end:
        return None
    return start, end


def _astronomical(year: int, era: str) -> int | None:
    if year < 1:
        return None
    return 1 - year if _BC_RE.fullmatch(era) else year


def _match_date(words: str) -> tuple[datetime.date, datetime.date, Precision] | None:
    for pattern in _MIXED_PATTERNS:
        m = pattern.fullmatch(words)
        if m is None:
            continue
        g = m.groupdict()
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        if m1 is None or m2 is None:
            return None
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if g.get("y2") else y1
        start = datetime.date(y1, m1, int(g["d1"]) if g.get("d1") else 1)
        end_day = int(g["d2"]) if g.get("d2") else calendar.monthrange(y2, m2)[1]
        return start, datetime.date(y2, m2, end_day), Precision.MONTH
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


# ----------------------------------------------------------------- reading coordinates

_HEMISPHERES: Final = {"n": 1, "s": -1, "e": 1, "w": -1}
_DEGREE_NUMBER_RE: Final = re.compile(r"[+\-−]?[0-9]{1,3}(?:\.[0-9]{1,15})?")
_COORD_MARKS_RE: Final = re.compile(r"[°′″'\"’”,;]|&deg;")
_COORD_TEXT_RE: Final = re.compile(r"[0-9°′″'\"’”,;.+\-−\sNSEWnsew]{3,120}")


def _angle(parts: list[str]) -> float | None:
    """Degrees, minutes and seconds (each optional after the degrees) as decimal degrees."""
    if not 1 <= len(parts) <= 3 or not all(_DEGREE_NUMBER_RE.fullmatch(p) for p in parts):
        return None
    numbers = [float(p.replace("−", "-")) for p in parts]
    if len(numbers) > 1 and (numbers[0] < 0 or any(not 0 <= n < 60 for n in numbers[1:])):
        return None
    if any(n != int(n) for n in numbers[:-1]):  # only the last part may have a fraction
        return None
    value: float = numbers[0] + sum(n / 60**i for i, n in enumerate(numbers[1:], 1))
    return round(value, 6)


def coordinates_of(parts: list[str]) -> tuple[float, float] | None:
    """Latitude and longitude from ``{{coord}}``'s positional parts, or None if they are not.

    The forms of the template: signed decimals (``32.7|-86.7``), decimals with hemispheres
    (``39.811|N|77.225|W``), degrees and minutes, or degrees, minutes and seconds, each
    followed by N or S, then E or W (``38|07|05|N|23|58|42|E``).
    """
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) == 2:
        lat, lon = _angle(parts[:1]), _angle(parts[1:])
    else:
        marks = [i for i, p in enumerate(parts) if p.lower() in _HEMISPHERES]
        if len(marks) != 2 or marks[1] != len(parts) - 1:
            return None
        i, j = marks
        if parts[i].lower() not in "ns" or parts[j].lower() not in "ew":
            return None
        lat, lon = _angle(parts[:i]), _angle(parts[i + 1 : j])
        if lat is None or lon is None or lat < 0 or lon < 0:
            return None
        lat *= _HEMISPHERES[parts[i].lower()]
        lon *= _HEMISPHERES[parts[j].lower()]
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return None
    return lat + 0.0, lon + 0.0  # (+ 0.0: no negative zero)


def coordinates_in_text(text: str) -> tuple[float, float] | None:
    """Latitude and longitude written out ("39°48′N 77°14′W", "39.811, -77.225"), or None."""
    if _COORD_TEXT_RE.fullmatch(text) is None:  # (bounded: a long text is no coordinates)
        return None
    spaced = _COORD_MARKS_RE.sub(" ", text)
    spaced = re.sub(r"([0-9.])([NSEWnsew])\b", r"\1 \2", spaced)
    return coordinates_of(spaced.split())
