"""Infobox values both ways, without a wikitext parser: escaping, rendering, figures and dates.

The wikitext exporter needs no parser at all; the reader parses with mwparserfromhell and
hands the plain text of each value to the functions here.

Escaping (:func:`escape`): a text is written so that it shows as itself on a wiki page and
reads back as itself, while the template keeps exactly its parameters:

* ``|`` becomes ``{{!}}`` and ``=`` becomes ``{{=}}`` (the templates editors use);
* ``{ } [ ] < >`` become ``&#123; &#125; &#91; &#93; &lt; &gt;`` (so no template, link,
  tag, ``<ref>``, ``<nowiki>`` or comment can start or end), and ``&`` becomes ``&amp;``
  where it would otherwise start an entity;
* markup made of repeated characters (``''`` bold and italic, ``----`` rules, ``~~~``
  signatures, ``__TOC__`` switches) has those characters as numeric entities, as has every
  ``*`` (a list marker) and a ``#``, ``:`` or ``;`` that starts a line, and a ``(`` that
  opens an empty ``()``;
* whitespace a wiki would trim or collapse (a space at either end or after another space,
  tabs, newlines and other control characters) is written as numeric entities.

A multi-line text whose lines are all non-blank and unpadded is written one line per
``<br />``; any other newline is ``&#10;``. In list-valued parameters (belligerents,
commanders, units, strength) ``<br />`` separates the items, so a newline within an item
is always ``&#10;``.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Final

from sakhalin._model import (
    Battle,
    Belligerent,
    Casualties,
    Casualty,
    CasualtyKind,
    DateRange,
    Person,
    Precision,
    Qualifier,
    Quantity,
)

__all__ = [
    "DOCUMENTED",
    "MAX_SIDES",
    "digest",
    "escape",
    "escape_lines",
    "field_of",
    "field_value",
    "fresh_params",
    "is_safe_raw",
    "parse_casualty_items",
    "parse_date",
    "parse_quantity",
    "render_date",
    "render_quantity",
]

MAX_SIDES: Final = 5
"""The most sides an infobox is read with (combatant1 to combatant5)."""

_NUMBERED: Final = ("combatant", "commander", "units", "strength", "casualties")

DOCUMENTED: Final[tuple[str, ...]] = (
    "conflict",
    "width",
    "partof",
    "image",
    "image_size",
    "alt",
    "caption",
    "date",
    "place",
    "coordinates",
    "map_type",
    "map_relief",
    "latitude",
    "longitude",
    "map_size",
    "map_marksize",
    "map_caption",
    "map_label",
    "territory",
    "result",
    "status",
    "combatants_header",
    *(f"combatant{n}" for n in range(1, MAX_SIDES + 1)),
    *(f"combatant{n}{x}" for n in range(1, MAX_SIDES + 1) for x in "abcd"),
    *(f"commander{n}" for n in range(1, MAX_SIDES + 1)),
    *(f"units{n}" for n in range(1, MAX_SIDES + 1)),
    *(f"strength{n}" for n in range(1, MAX_SIDES + 1)),
    *(f"casualties{n}" for n in range(1, MAX_SIDES + 2)),
    "notes",
    "campaignbox",
)
"""The template's documented parameters, in the documentation's order."""

_SIMPLE: Final = {
    "conflict": "name",
    "partof": "war",
    "date": "date",
    "place": "place",
    "coordinates": "coordinates",
    "result": "result",
    "territory": "territory",
    "image": "image",
    "caption": "caption",
}
_FAMILY: Final = {
    "combatant": "belligerents",
    "commander": "commanders",
    "units": "units",
    "strength": "strength",
    "casualties": "casualties",
}
_NUMBERED_RE: Final = re.compile(r"(combatant|commander|units|strength|casualties)([1-9][0-9]?)([a-d]?)")


def field_of(param: str, sides: int) -> str | None:
    """The model field a parameter is read into (``"sides[0].strength"``), or None."""
    if param in _SIMPLE:
        return _SIMPLE[param]
    match = _NUMBERED_RE.fullmatch(param)
    if match is None:
        return None
    family, number, letter = match.group(1), int(match.group(2)), match.group(3)
    if letter and family != "combatant":
        return None
    if family == "casualties" and number == sides + 1:
        return "joint_casualties"
    if number > sides:
        return None
    return f"sides[{number - 1}].{_FAMILY[family]}"


def field_keys(sides: int) -> Iterator[str]:
    """Every field an infobox fills, in the order the parameters are documented."""
    yield from ("name", "war", "image", "caption", "date", "place", "coordinates", "territory", "result")
    for family in _NUMBERED:
        for i in range(sides):
            yield f"sides[{i}].{_FAMILY[family]}"
    yield "joint_casualties"


_SIDE_FIELD_RE: Final = re.compile(r"sides\[([0-9]+)\]\.(\w+)")


def field_value(battle: Battle, key: str) -> object:
    """The value of a field named as :func:`field_of` names it."""
    match = _SIDE_FIELD_RE.fullmatch(key)
    if match is not None:
        return getattr(battle.sides[int(match.group(1))], match.group(2))
    return getattr(battle, key)


def digest(key: str, value: object) -> str:
    """A fingerprint of a field's value: equal values, equal digests."""
    from sakhalin._convert import _plain

    data = json.dumps([key, _plain(value)], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:20]


# ---------------------------------------------------------------------------- escaping

_ENTITY_START: Final = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ALWAYS: Final = {
    "|": "{{!}}",
    "=": "{{=}}",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "<": "&lt;",
    ">": "&gt;",
    "*": "&#42;",
}
_DOUBLED: Final = frozenset("'-~_")
_LINE_START: Final = frozenset("#:;")
_EMPTY_PARENS: Final = re.compile(r"\([ \t\r\n]*\)")


def _entity(char: str) -> str:
    return f"&#{ord(char)};"


def _needs_entity(text: str, i: int, char: str, prev: str, nxt: str) -> bool:
    if char.isspace() or not char.isprintable():
        return True
    if char in _DOUBLED and char in (prev, nxt):
        return True
    if char in _LINE_START and i == 0:
        return True
    return char == "(" and _EMPTY_PARENS.match(text, i) is not None


def escape(text: str) -> str:
    """One line of text as wikitext that shows and reads back as exactly that text."""
    out: list[str] = []
    last = len(text) - 1
    for i, char in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i < last else ""
        if char in _ALWAYS:
            out.append(_ALWAYS[char])
        elif char == "&":
            out.append("&amp;" if _ENTITY_START.match(text, i) else "&")
        elif char == " ":
            out.append(_entity(char) if i == 0 or i == last or prev == " " else char)
        elif _needs_entity(text, i, char, prev, nxt):
            out.append(_entity(char))
        else:
            out.append(char)
    return "".join(out)


def escape_lines(text: str) -> str:
    """A text that may hold newlines: clean lines joined by ``<br />``, else ``&#10;``."""
    lines = text.split("\n")
    if len(lines) > 1 and all(line and line.strip() == line for line in lines):
        return "<br />".join(escape(line) for line in lines)
    return escape(text)


_OPAQUE: Final = re.compile(r"<(nowiki)\b[^>]*?(/?)>", re.IGNORECASE)
_REF_OPEN: Final = re.compile(r"<ref\b[^>]*?(/?)>", re.IGNORECASE)
_REF_CLOSE: Final = re.compile(r"</ref\s*>", re.IGNORECASE)
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def is_safe_raw(value: str) -> bool:
    """Whether raw wikitext can stand as a parameter value without changing the template.

    Conservative: brackets must nest strictly, ``|`` may stand only inside ``{{ }}``,
    ``[[ ]]`` or ``<ref>``, comments and ``<nowiki>`` must be closed, and control
    characters other than tab and newline are refused, as are lone surrogates (which UTF-8
    cannot hold: such a value is escaped, the surrogate becoming a numeric entity).
    """
    if _CONTROL.search(value):
        return False
    stack: list[str] = []
    refs = 0
    i = 0
    n = len(value)
    while i < n:
        if value.startswith("<!--", i):
            end = value.find("-->", i + 4)
            if end < 0:
                return False
            i = end + 3
            continue
        if value[i] == "<":
            opaque = _OPAQUE.match(value, i)
            if opaque is not None:
                if opaque.group(2):
                    i = opaque.end()
                    continue
                close = re.compile(r"</nowiki\s*>", re.IGNORECASE).search(value, opaque.end())
                if close is None:
                    return False
                i = close.end()
                continue
            ref = _REF_OPEN.match(value, i)
            if ref is not None:
                if not ref.group(1):
                    refs += 1
                i = ref.end()
                continue
            ref_close = _REF_CLOSE.match(value, i)
            if ref_close is not None:
                if refs == 0:
                    return False
                refs -= 1
                i = ref_close.end()
                continue
        pair = value[i : i + 2]
        if pair in ("{{", "[["):
            stack.append(pair)
            i += 2
            continue
        if pair in ("}}", "]]"):
            if not stack or stack[-1] != ("{{" if pair == "}}" else "[["):
                return False
            stack.pop()
            i += 2
            continue
        if value[i] in "{}" and not stack:
            return False
        if value[i] == "|" and not stack and refs == 0:
            return False
        i += 1
    return not stack and refs == 0


# ------------------------------------------------------------------------- rendering


def _figure(value: int, high: int | None) -> str:
    return f"{value:,}" if high is None else f"{value:,}–{high:,}"


def render_quantity(quantity: Quantity) -> str:
    """A quantity as text: its own words when it has them, else its figure, qualified."""
    if quantity.text is not None:
        return quantity.text
    if quantity.value is None:
        return "Unknown"
    figure = _figure(quantity.value, quantity.high)
    if quantity.qualifier is Qualifier.AT_LEAST:
        figure = f"{figure}+"
    elif quantity.qualifier is Qualifier.APPROXIMATE:
        figure = f"c. {figure}"
    elif quantity.qualifier is Qualifier.AT_MOST:
        figure = f"up to {figure}"
    if quantity.unit is not None:
        figure = f"{figure} {quantity.unit}"
    if quantity.qualifier is Qualifier.ESTIMATED:
        figure = f"{figure} (estimated)"
    elif quantity.qualifier is Qualifier.NOMINAL:
        figure = f"{figure} (nominal)"
    return figure


_MONTH_NAMES: Final = (
    *[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
)


def _day(d: datetime.date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def render_date(date: DateRange) -> str:
    """A date as text: its own words when it has them, else day-month-year at its precision."""
    if date.text is not None:
        return date.text
    start, end = date.start, date.end
    assert start is not None and end is not None  # a date without text has both ends
    if date.precision is Precision.YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if date.precision is Precision.MONTH:
        first, last = _MONTH_NAMES[start.month - 1], _MONTH_NAMES[end.month - 1]
        if start.year != end.year:
            return f"{first} {start.year} – {last} {end.year}"
        return f"{first} {start.year}" if first == last else f"{first} – {last} {start.year}"
    if start == end:
        return _day(start)
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return f"{start.day} {_MONTH_NAMES[start.month - 1]} – {_day(end)}"
    return f"{start.day}–{_day(end)}"


def _belligerent(b: Belligerent) -> str:
    if b.flag is None:
        return escape(b.name)
    if b.flag == b.name:
        return f"{{{{flag|{escape(b.flag)}}}}}"
    return f"{{{{flagicon|{escape(b.flag)}}}}} {escape(b.name)}"


def _person(p: Person) -> str:
    return escape(p.name)


def _casualties(c: Casualties | None) -> str:
    return "" if c is None else escape_lines(c.text)


def render_field(battle: Battle, key: str) -> str:
    """The wikitext a field is written as when no raw value stands for it ("" for none)."""
    value = field_value(battle, key)
    if value is None or value == ():
        return ""
    match key.rpartition(".")[2]:
        case "name" | "coordinates" | "result" | "territory" | "image" | "caption":
            return escape_lines(str(value))
        case "units":
            return "<br />".join(escape(str(item)) for item in value)  # type: ignore[attr-defined]
        case "war" | "place":
            return escape_lines(value.name)  # type: ignore[attr-defined]
        case "date":
            assert isinstance(value, DateRange)
            return escape_lines(render_date(value))
        case "belligerents":
            return "<br />".join(_belligerent(b) for b in value)  # type: ignore[attr-defined]
        case "commanders":
            return "<br />".join(_person(p) for p in value)  # type: ignore[attr-defined]
        case "strength":
            return "<br />".join(escape(render_quantity(q)) for q in value)  # type: ignore[attr-defined]
        case _:
            assert isinstance(value, Casualties)
            return _casualties(value)


_FIELD_PARAM: Final = {field: param for param, field in _SIMPLE.items()}


def param_of(key: str, sides: int) -> str:
    """The parameter a field is written to when it is written anew."""
    if key in _FIELD_PARAM:
        return _FIELD_PARAM[key]
    if key == "joint_casualties":
        return f"casualties{sides + 1}"
    match = _SIDE_FIELD_RE.fullmatch(key)
    assert match is not None
    family = {v: k for k, v in _FAMILY.items()}[match.group(2)]
    return f"{family}{int(match.group(1)) + 1}"


def fresh_params(battle: Battle) -> list[tuple[str, str, str]]:
    """Every field's parameter as written anew: ``(field, parameter, wikitext)``, blank ones left out."""
    sides = len(battle.sides)
    out = []
    for key in field_keys(sides):
        text = render_field(battle, key)
        if text:
            out.append((key, param_of(key, sides), text))
    return out


# ------------------------------------------------------------------- reading figures

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
    if "." in text:
        return None
    return int(text.replace(",", ""))


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
    r"\s*(?P<label>[^\W\d_][^,;()0-9]*?)?\s*(?:\([^()]*\))?"
)
_SPLIT_RE: Final = re.compile(r"\s*(?:,(?![0-9]{3}(?![0-9]))|;|\band\b|\n)\s*")


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
    for pattern in _DAY_PATTERNS:
        m = pattern.fullmatch(words)
        if m is None:
            continue
        g = m.groupdict()
        m1 = _month(g["m1"])
        m2 = _month(g.get("m2")) if g.get("m2") else m1
        if m1 is None or m2 is None:
            return None
        y2 = int(g["y2"]) if g.get("y2") else int(g["y1"])
        d2 = int(g["d2"]) if g.get("d2") else int(g["d1"])
        return datetime.date(int(g["y1"]), m1, int(g["d1"])), datetime.date(y2, m2, d2), Precision.DAY
    for pattern in _MONTH_PATTERNS:
        m = pattern.fullmatch(words)
        if m is None:
            continue
        g = m.groupdict()
        m1 = _month(g["m1"])
        m2 = _month(g.get("m2")) if g.get("m2") else m1
        if m1 is None or m2 is None:
            return None
        y2 = int(g["y2"]) if g.get("y2") else int(g["y1"])
        end = datetime.date(y2, m2, calendar.monthrange(y2, m2)[1])
        return datetime.date(int(g["y1"]), m1, 1), end, Precision.MONTH
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
