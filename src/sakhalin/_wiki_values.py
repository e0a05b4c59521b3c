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
  tabs, newlines) is written as numeric entities;
* what MediaWiki would turn into a link or change by itself is broken with one entity: the
  colon of a URL scheme (``http&#58;//``, ``mailto&#58;``: no bare or bracketed link), the
  last letter of ``ISBN``, ``RFC`` and ``PMID`` before a space (no magic link), and a space
  before ``? : ; ! % » ›`` or after ``« ‹`` (``&#32;``: no French-spacing no-break space).

Characters a wiki cannot show are replaced first (:func:`shown`, the documented
replacement): a carriage return, alone or before a newline, is a newline; any other control
character (C0 but tab and newline, DEL, C1) and a lone surrogate is U+FFFD (``\ufffd``), since
MediaWiki shows their entities as literal junk. Checked against a real MediaWiki 1.39
(``tests/test_mediawiki.py``).

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
    Coordinates,
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
    "INFOBOX_NAMES",
    "MAX_SIDES",
    "MONTH_NAMES",
    "belligerent_item",
    "digest",
    "escape",
    "escape_lines",
    "field_of",
    "field_value",
    "fresh_params",
    "heading_of",
    "is_safe_raw",
    "name_item",
    "person_item",
    "render_date",
    "render_quantity",
    "shown",
]

INFOBOX_NAMES: Final = frozenset({"infobox military conflict", "infobox battle", "infobox war", "warbox"})
"""Names (lower case) the infobox template answers to: its own and its redirects."""

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


_PROTOCOL: Final = re.compile(
    r"(?<![^\W_])(?:bitcoin|ftps?|geo|git|gopher|https?|ircs?|magnet|mailto|matrix|mms|news|nntp|redis|sftp|"
    r"sips?|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp)(:)",
    re.IGNORECASE,
)
"""A URL scheme (MediaWiki's ``$wgUrlProtocols``): its colon would make a bare link.

Matched after anything but a letter or digit: MediaWiki looks for a word boundary in the
written wikitext, where an entity (``_`` written ``&#95;``) may end just before the scheme.
"""
_MAGIC: Final = re.compile(r"(?<![^\W_])(?:ISB(N)|RF(C)|PMI(D))(?=\s)")
"""ISBN, RFC and PMID before a space: the last letter would start a magic link."""
_FRENCH: Final = re.compile(r"( )(?=[?:;!%»›])|(?<=[«‹])( )")
"""A space MediaWiki turns into a no-break space (French spacing)."""
_UNSHOWABLE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_REPLACEMENT: Final = "\ufffd"


def shown(text: str) -> str:
    """The text a wiki can show for ``text``: what :func:`escape` writes stands for this.

    A carriage return (alone or before a newline) is a newline; any other control character
    (C0 but tab and newline, DEL, C1) and a lone surrogate, which a wiki shows as junk or not
    at all, is U+FFFD REPLACEMENT CHARACTER.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSHOWABLE.sub(_REPLACEMENT, text)


def _forced(text: str) -> set[int]:
    """Where a character that is plain here would be markup on a wiki page: written as an entity."""
    at: set[int] = set()
    for pattern in (_PROTOCOL, _MAGIC, _FRENCH):
        if pattern is _PROTOCOL and ":" not in text:
            continue
        for match in pattern.finditer(text):
            at.update(match.start(g) for g in range(1, (pattern.groups or 0) + 1) if match.start(g) >= 0)
    return at


def escape(text: str) -> str:
    """One line of text as wikitext that shows and reads back as exactly that text (see :func:`shown`)."""
    text = shown(text)
    forced = _forced(text)
    out: list[str] = []
    last = len(text) - 1
    for i, char in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i < last else ""
        if i in forced:
            out.append(_entity(char))
        elif char in _ALWAYS:
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
    lines = shown(text).split("\n")
    if len(lines) > 1 and all(line and line.strip() == line for line in lines):
        return "<br />".join(escape(line) for line in lines)
    return escape("\n".join(lines))


_OPAQUE: Final = re.compile(r"<(nowiki)\b[^>]*?(/?)>", re.IGNORECASE)
_REF_OPEN: Final = re.compile(r"<ref\b[^>]*?(/?)>", re.IGNORECASE)
_REF_CLOSE: Final = re.compile(r"</ref\s*>", re.IGNORECASE)
_TAG_START: Final = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_HTML_TAGS: Final = frozenset(
    [
        "b",
        "bdi",
        "del",
        "i",
        "ins",
        "u",
        "font",
        "big",
        "small",
        "sub",
        "sup",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "cite",
        "code",
        "em",
        "s",
        "strike",
        "strong",
        "tt",
        "var",
        "div",
        "center",
        "blockquote",
        "ol",
        "ul",
        "dl",
        "table",
        "caption",
        "ruby",
        "rb",
        "rp",
        "rt",
        "rtc",
        "p",
        "span",
        "abbr",
        "dfn",
        "kbd",
        "samp",
        "data",
        "time",
        "mark",
        "br",
        "wbr",
        "hr",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "tr",
        "q",
    ]
)
"""MediaWiki's HTML tags, which change nothing in how a template's braces and pipes are read.

Any other tag in a raw value is an extension or parser tag (``<pre>``, ``<math>``,
``<syntaxhighlight>``, ``<gallery>``, ``<includeonly>``, and whatever a wiki installs):
its contents are not wikitext, so an unclosed one could swallow the template's ``|`` and
``}}`` (and the next battle's infobox with them). Such a value is escaped instead.
"""
_MUST_CLOSE: Final = frozenset({"li", "dt", "dd", "td", "th", "tr"})
"""HTML tags that mwparserfromhell reads to the end of the page when left open (``<tr>``):
the template around them is lost. A raw value may hold them only closed (``<li>x</li>``)."""
_TAG_OPEN: Final = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
_TAG_CLOSE: Final = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _lone_brace(value: str, i: int) -> bool:
    """Whether the brace at ``i`` stands alone ("{T.G. 16.22}"): no brace (nor a ``|``) beside it.

    A lone brace starts or ends no template, so both parsers leave it as text; the exporter
    writes every value between " = " and a newline, so none touches the template's own braces.
    """
    before = value[i - 1] if i else " "
    after = value[i + 1] if i + 1 < len(value) else "\n"
    return before not in "{}|" and after not in "{}|"


def is_safe_raw(value: str) -> bool:
    """Whether raw wikitext can stand as a parameter value without changing the template.

    Conservative: brackets must nest strictly (a lone ``{`` or ``}`` with no brace beside it
    may stand anywhere), ``|`` may stand only inside ``{{ }}``,
    ``[[ ]]`` or ``<ref>``, comments and ``<nowiki>`` must be closed, no tag but
    ``<ref>``, ``<nowiki>`` and MediaWiki's HTML tags may stand (see ``_HTML_TAGS``; those of
    ``_MUST_CLOSE`` only closed), and control
    characters other than tab and newline are refused, as are lone surrogates (which UTF-8
    cannot hold: such a value is escaped, the surrogate becoming U+FFFD, see :func:`shown`).
    """
    if _CONTROL.search(value):
        return False
    stack: list[str] = []
    refs = 0
    open_tags: dict[str, int] = {}  # the tags of _MUST_CLOSE opened and not yet closed
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
            tag = _TAG_START.match(value, i)
            if tag is not None and tag.group(1).lower() not in _HTML_TAGS:
                return False
            if tag is not None and tag.group(1).lower() in _MUST_CLOSE:
                name = tag.group(1).lower()
                closing = _TAG_CLOSE.match(value, i)
                if closing is not None:
                    if open_tags.get(name):
                        open_tags[name] -= 1
                else:
                    opening = _TAG_OPEN.match(value, i)
                    if opening is None:
                        return False
                    if not opening.group(2):
                        open_tags[name] = open_tags.get(name, 0) + 1
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
        if value[i] in "{}" and not stack and not _lone_brace(value, i):
            return False
        if value[i] == "|" and not stack and refs == 0:
            return False
        i += 1
    return not stack and refs == 0 and not any(open_tags.values())


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


MONTH_NAMES: Final = (
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


def _year(year: int) -> str:
    """An astronomical year as words: 0 is "1 BC", -489 is "490 BC", 14 is "AD 14"."""
    return f"{1 - year} BC" if year < 1 else f"AD {year}"


def _day(d: datetime.date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def render_date(date: DateRange) -> str:
    """A date as text: its own words when it has them, else day-month-year at its precision."""
    if date.text is not None:
        return date.text
    if date.start is None and date.start_year is not None and date.end_year is not None:
        first, last = _year(date.start_year), _year(date.end_year)
        return first if first == last else f"{first} – {last}"
    start, end = date.start, date.end
    assert start is not None and end is not None  # a date without text has both ends
    if date.precision is Precision.YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if date.precision is Precision.MONTH:
        first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
        if start.year != end.year:
            return f"{first} {start.year} – {last} {end.year}"
        return f"{first} {start.year}" if first == last else f"{first} – {last} {start.year}"
    if start == end:
        return _day(start)
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {_day(end)}"
    return f"{start.day}–{_day(end)}"


_COORD_PART: Final = re.compile(r"[0-9.+\-−]{1,25}|[NSEWnsew]")


def render_coordinates(c: Coordinates) -> str:
    """Coordinates as wikitext: ``{{coord}}`` with their text's parts, or with their numbers.

    The text's parts are used when they give the same numbers (so that they read back as they
    are); coordinates with only a text are that text, its digits as entities.
    """
    from sakhalin._wiki_parse import coordinates_of  # only when coordinates are written anew

    if c.latitude is None or c.longitude is None:  # digits as entities: the words are no numbers
        return _escape_digits(c.text or "")
    parts = (c.text or "").split()
    if (
        parts
        and all(_COORD_PART.fullmatch(p) for p in parts)
        and coordinates_of(parts)
        == (
            c.latitude,
            c.longitude,
        )
    ):
        return "{{coord|" + "|".join(parts) + "}}"
    return f"{{{{coord|{_degrees(c.latitude)}|{_degrees(c.longitude)}}}}}"


def _degrees(value: float) -> str:
    """Decimal degrees to a millionth (about 0.1 m), without an exponent: what the reader keeps."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


_DIGIT_RUN: Final = re.compile(r"[0-9]+")
_NUMBER_RUN: Final = re.compile(r"[0-9][0-9,.]*")


def _escape_digits(text: str) -> str:
    """A text escaped with its digits as numeric entities, so that no figure is read in it."""
    out, at = [], 0
    for match in _DIGIT_RUN.finditer(text):
        out.append(escape(text[at : match.start()]))
        out.append("".join(f"&#{ord(d)};" for d in match[0]))
        at = match.end()
    out.append(escape(text[at:]))
    return "".join(out)


_HEADINGS: Final = frozenset(
    {
        "supported by",
        "support",
        "in support",
        "support from",
        "co-belligerents",
        "co-belligerent",
        "allies",
        "allied",
        "defected",
        "defectors",
        "diplomatic support",
        "logistical support",
        "military support",
        "material support",
        "advisers",
        "advisors",
        "and",
        "formerly",
        "former",
    }
)
"""Lines that head a group of belligerents or people even without a colon."""


def heading_of(text: str) -> str | None:
    """The group a line heads ("Supported by:"), or None if the line is no heading."""
    stripped = text.strip()
    if stripped.endswith(":") and len(stripped) > 1:
        return stripped[:-1].strip() or None
    return stripped if stripped.lower() in _HEADINGS else None


_MARKS: Final = {":": "&#58;", "(": "&#40;", ")": "&#41;", "†": "&#8224;"}
_MARKS_TABLE: Final = str.maketrans(_MARKS)


def name_item(text: str) -> str:
    """A name in a list (belligerents, commanders), escaped for the reader's list rules.

    Colons, brackets and daggers become entities, which the reader would otherwise take for
    headings, notes, roles and fates.
    """
    if text and ":" not in text and heading_of(text) is not None:  # "Allies": its first letter an entity
        return f"&#{ord(text[0])};{escape(text[1:]).translate(_MARKS_TABLE)}"
    if text[-1:] in (",", ";"):  # a comma or semicolon at the end would read as the list's, not the name's
        return f"{escape(text[:-1]).translate(_MARKS_TABLE)}&#{ord(text[-1])};"
    return escape(text).translate(_MARKS_TABLE)


def belligerent_item(b: Belligerent) -> str:
    note = "" if b.note is None else f" ({escape(b.note).translate(_MARKS_TABLE)})"
    if b.flag is None:
        return name_item(b.name) + note
    if b.flag == b.name:
        return f"{{{{flag|{escape(b.flag)}}}}}{note}"
    return f"{{{{flagicon|{escape(b.flag)}}}}} {name_item(b.name)}{note}"


def _belligerents(items: tuple[Belligerent, ...]) -> str:
    lines, group = [], None
    for b in items:
        if b.group is not None and b.group != group:
            lines.append(f"{name_item(b.group)}:")
        group = b.group
        lines.append(belligerent_item(b))
    return "<br />".join(lines)


_FATE_TEMPLATES: Final = {
    "killed": "{{KIA}}",
    "wounded": "{{WIA}}",
    "captured": "{{POW}}",
    "executed": "{{Executed}}",
}


_GENERIC_ROLES: Final = frozenset({"commander", "commanders", "leader"})
"""Roles that every person of a commander row has: the row says them, so they are not written."""


def person_item(p: Person) -> str:
    """A commander as the page shows one: the name, its fate's sign, then its role in small type."""
    fate = "" if p.fate is None else _FATE_TEMPLATES[str(p.fate)]
    role = p.role
    if role is None or not role.strip() or role.strip().lower() in _GENERIC_ROLES:
        return f"{name_item(p.name)}{fate}"
    return f"{name_item(p.name)}{fate} <small>({escape(role).translate(_MARKS_TABLE)})</small>"


def _strength(q: Quantity) -> str:
    """A strength line; one that would read as several figures has the later ones' digits as entities."""
    text = render_quantity(q)
    if len(_NUMBER_RUN.findall(text)) < 2:  # one number is one figure: no need for the parser
        return escape(text)
    from sakhalin._wiki_parse import parse_strength, scan_figures  # (an export rarely needs it)

    if len(parse_strength(text)) < 2:
        return escape(text)
    end = scan_figures(text)[0].end
    return escape(text[:end]) + _escape_digits(text[end:])


def _casualties(c: Casualties | None) -> str:
    return "" if c is None else escape_lines(c.text)


def render_field(battle: Battle, key: str) -> str:
    """The wikitext a field is written as when no raw value stands for it ("" for none)."""
    value = field_value(battle, key)
    if value is None or value == ():
        return ""
    match key.rpartition(".")[2]:
        case "coordinates":
            assert isinstance(value, Coordinates)
            return render_coordinates(value)
        case "name" | "result" | "territory" | "image" | "caption":
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
            return _belligerents(cast("tuple[Belligerent, ...]", value))
        case "commanders":
            return "<br />".join(person_item(p) for p in cast("tuple[Person, ...]", value))
        case "strength":
            return "<br />".join(_strength(q) for q in cast("tuple[Quantity, ...]", value))
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
