"""Infobox values without a wikitext parser: parameters and fields, escaping and rendering.

The wikitext exporter needs no parser at all; the reader parses with mwparserfromhell and
types the plain text of each value with :mod:`sakhalin._wiki_parse` (figures, casualties and
dates), which only the reader imports: its many patterns are no start-up cost of an export.

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

import datetime
import json
import re
from collections.abc import Iterator
from typing import Final, cast

from sakhalin._model import (
    Battle,
    Belligerent,
    Casualties,
    DateRange,
    Person,
    Place,
    Precision,
    Qualifier,
    Quantity,
    War,
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
    import hashlib  # here, not at the top: OpenSSL is a start-up cost an export mostly does not need

    from sakhalin._structure import plain

    data = json.dumps([key, plain(value)], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
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
            return "<br />".join(escape(str(item)) for item in cast("tuple[str, ...]", value))
        case "war" | "place":
            assert isinstance(value, War | Place)
            return escape_lines(value.name)
        case "date":
            assert isinstance(value, DateRange)
            return escape_lines(render_date(value))
        case "belligerents":
            return "<br />".join(_belligerent(b) for b in cast("tuple[Belligerent, ...]", value))
        case "commanders":
            return "<br />".join(_person(p) for p in cast("tuple[Person, ...]", value))
        case "strength":
            return "<br />".join(escape(render_quantity(q)) for q in cast("tuple[Quantity, ...]", value))
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
