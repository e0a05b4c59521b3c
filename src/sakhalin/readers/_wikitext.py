"""MediaWiki wikitext: every ``{{Infobox military conflict}}`` in a page or a snippet.

The infobox is found whatever its spelling (``Infobox Military Conflict``, underscores, a
``Template:`` prefix, the redirects ``Infobox battle``, ``Infobox war`` and ``Warbox``),
with comments and other templates around it. Every parameter is read: the documented ones
into typed fields, the numbered families for up to five sides (the casualties row one past
the last side is the joint row), and the rest into ``Battle.extra``. Blank parameters count
as absent.

Values are turned into plain text by fixed rules (links show their label, flag templates
the name the page shows: ``{{flag|X}}`` X or its ``name=``, ``{{flagcountry|X}}``,
``{{flagu|X}}`` and ``{{USA}}`` the country data's short name, ``{{navy|X}}`` its navy, see
``sakhalin._countries``; references, notes and comments are dropped, ``<br />``, lists and
``{{plainlist}}`` split lines), then typed where the text allows: dates, figures and
casualties; what cannot be typed is kept as text. A side the infobox gives no combatant
for (only commanders or figures) gets one belligerent named "(not named)" of kind
"unknown", since the model needs one; while it is unchanged, it is not written back. The
battle also keeps every raw parameter and a fingerprint of each typed field, so that writing
it back with the wikitext exporter gives the same parameters with the same values.

Limits, each a reader option refusing larger input with a one-line :class:`ReadError`
before it is parsed: ``max_chars`` (default 5,000,000 characters), ``max_depth``
(templates nested at most 40 deep), ``max_markup`` (at most 100,000 pieces of markup:
templates, links, tags, pipes, list items; mwparserfromhell spends up to 50 microseconds
and 1 KB on each) and ``max_lookahead`` (markup left open may make the parser read ahead
at most 2 times the text's length, plus 100,000 characters; an unclosed tag or link
otherwise costs the square of the text's length).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from typing import IO, Any, ClassVar, Final

import attrs

from sakhalin._errors import MissingDependencyError, ReadError, ValidationError
from sakhalin._limits import MAX_LOOKAHEAD, MAX_MARKUP, check_counts
from sakhalin._model import (
    Battle,
    Belligerent,
    Casualties,
    Coordinates,
    Fate,
    Person,
    Place,
    Quantity,
    Side,
    War,
)
from sakhalin._wiki_parse import (
    coordinates_in_text,
    coordinates_of,
    parse_casualty_items,
    parse_date,
    parse_strength,
)
from sakhalin._wiki_plain import (
    COMMENT_RE,
    DIGIT_RE,
    FILE_RE,
    HIDDEN_RE,
    MAY_HOLD_RE,
    OPENS_RE,
    Line,
    Plain,
    TooDeep,
    norm,
)
from sakhalin._wiki_values import (
    INFOBOX_NAMES,
    MAX_SIDES,
    digest,
    field_keys,
    field_of,
    field_value,
    heading_of,
)

__all__ = [
    "INFOBOX_NAMES",
    "MAX_LOOKAHEAD",
    "MAX_MARKUP",
    "WikitextReader",
    "infobox_templates",
    "may_hold_infobox",
    "page_battles",
    "read_infobox",
]


_MARKUP_RE: Final = re.compile(
    r"\{\{|\}\}|\[\[|(?P<url>\[)(?=[A-Za-z][A-Za-z0-9+.\-]*:|//)|\[|<!--"
    r"|<(?P<end>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)|<|\||''|\n[*#:;=]"
)
"""What mwparserfromhell builds a node for (or may try to): each match is one unit of markup."""
_CLOSERS: Final = {"[[": ("]]",), "[http": ("]", "\n"), "<!--": ("-->",), "<tag": (">",)}


def _check_markup(text: str, source: str, max_depth: int, max_markup: int, max_lookahead: int) -> None:
    """Refuse, before parsing, wikitext whose parse could take more than linear time or memory.

    mwparserfromhell spends 10 to 50 microseconds and up to 1 KB on each unit of markup (a
    template, a link, a tag, a pipe, a list item), and an opener that is never closed makes
    it read ahead to the end of the text (or line) and start again after it, so that
    openers without closers cost the square of the text's length. Counted here in one pass:
    the units of markup (at most ``max_markup``), how deeply templates nest (``max_depth``),
    and how far each opener reaches before the next thing that could close it (added up, at
    most ``max_lookahead`` times the text's length plus 100,000 characters).
    """
    from mwparserfromhell.definitions import is_single_only

    opens: dict[str, list[int]] = {}  # where each tag name's opening and closing tags start
    closes: dict[str, list[int]] = {}
    for match in re.finditer(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)", text):
        name = match[2].lower()
        if match[1]:
            closes.setdefault(name, []).append(match.start())
        elif not match[3].endswith("/") and not is_single_only(name):  # not <ref />, <br>
            opens.setdefault(name, []).append(match.start())
    budget = max_lookahead * len(text) + 100_000
    next_at: dict[str, int] = {}  # where the next of each closer is (or the text's end)

    def reach(kind: str, at: int) -> int:
        nearest = len(text)
        for closer in _CLOSERS[kind]:
            found = next_at.get(closer, -1)
            if found < at:
                found = text.find(closer, at)
                next_at[closer] = found = len(text) if found < 0 else found
            nearest = min(nearest, found)
        return nearest - at

    depth = looked = 0
    for count, match in enumerate(_MARKUP_RE.finditer(text), 1):
        token, at = match[0], match.start()
        if token == "{{":  # (one left open is one level deeper: max_depth bounds its look-ahead)
            depth += 1
        elif token == "}}":
            depth -= depth > 0
        elif token == "[[":
            looked += reach("[[", at)
        elif match["url"]:
            looked += reach("[http", at)
        elif token == "<!--":
            looked += reach("<!--", at)
        elif match["tag"]:
            looked += reach("<tag", at)
            starts = opens.get(match["tag"].lower(), [])
            i = bisect.bisect_left(starts, at)
            if i < len(starts) and starts[i] == at:
                # more such tags open after this one than close after it: it is never closed,
                # and the parser looks for its end as far as the text goes
                later = closes.get(match["tag"].lower(), [])
                if len(starts) - i > len(later) - bisect.bisect_right(later, at):
                    looked += len(text) - at
        problem = ""
        if depth > max_depth:
            problem = f"templates are nested more than {max_depth} deep (raise max_depth to read it)"
        elif count > max_markup:
            problem = f"more than {max_markup:,} pieces of markup (raise max_markup to read it)"
        elif looked > budget:
            problem = (
                f"markup left open here and before makes the parser read ahead more than "
                f"{max_lookahead} times the text's length (raise max_lookahead to read it)"
            )
        if problem:
            line = text.count("\n", 0, at) + 1
            raise ReadError(f"{source}: line {line}: {problem}")


def _infoboxes(code: Any) -> list[Any]:
    """The infobox templates of a page, in order, not looking inside an infobox for more."""
    found: list[Any] = []
    stack: list[Any] = [iter(code.nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        kind = type(node).__name__
        inner: list[Any] = []
        if kind == "Template":
            if norm(str(node.name)) in INFOBOX_NAMES:
                found.append(node)
                continue
            inner = [node.name, *(p.value for p in node.params)]
        elif kind == "Tag":
            inner = [node.contents] if node.contents is not None else []
        elif kind in ("Wikilink", "ExternalLink", "Heading"):
            inner = [part for part in (node.title, getattr(node, "text", None)) if part is not None]
        for part in reversed(inner):
            stack.append(iter(part.nodes))
    return found


class WikitextReader:
    """Every ``{{Infobox military conflict}}`` of a wiki page or snippet, as a battle."""

    name: ClassVar[str] = "wikitext"
    aliases: ClassVar[tuple[str, ...]] = ("wiki", "infobox")
    extensions: ClassVar[tuple[str, ...]] = (".wiki", ".wikitext", ".txt")
    media_type: ClassVar[str] = "text/x-wiki"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = (
        "every {{Infobox military conflict}} of a wiki page, typed, with its raw values kept"
    )

    def __init__(
        self,
        *,
        max_chars: int = 5_000_000,
        max_depth: int = 40,
        max_markup: int = MAX_MARKUP,
        max_lookahead: int = MAX_LOOKAHEAD,
    ) -> None:
        check_counts(
            max_chars=max_chars, max_depth=max_depth, max_markup=max_markup, max_lookahead=max_lookahead
        )
        self.max_chars = max_chars
        self.max_depth = max_depth
        self.max_markup = max_markup
        self.max_lookahead = max_lookahead

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read every infobox of the page, in order; none at all is an error."""
        try:
            import mwparserfromhell  # noqa: F401  (checked here, used by page_battles)
        except ImportError:
            raise MissingDependencyError(
                "reading wikitext needs mwparserfromhell: "
                "pip install mwparserfromhell (sakhalin's wikitext extra)"
            ) from None
        text = stream.read(self.max_chars + 1)
        if len(text) > self.max_chars:
            raise ReadError(f"{source}: more than {self.max_chars:,} characters (raise max_chars to read it)")
        battles = page_battles(
            text, source, self.max_depth, max_markup=self.max_markup, max_lookahead=self.max_lookahead
        )
        if not battles:
            raise ReadError(f"{source}: no {{{{Infobox military conflict}}}} found")
        yield from battles


def page_battles(
    text: str,
    source: str,
    max_depth: int,
    title: str | None = None,
    *,
    max_markup: int = MAX_MARKUP,
    max_lookahead: int = MAX_LOOKAHEAD,
) -> list[Battle]:
    """Every infobox of a page's text as a battle, in order; none is an empty list.

    ``source`` starts each error message (a line number follows). An infobox whose
    ``conflict`` is blank or missing takes ``title`` as the battle's name when one is given
    (a page of a dump has one), and is an error otherwise. The text is refused before it
    is parsed if it holds more than ``max_markup`` pieces of markup or markup left open
    that would make the parser read ahead more than ``max_lookahead`` times its length.
    """
    import mwparserfromhell

    _check_markup(text, source, max_depth, max_markup, max_lookahead)
    try:
        code = mwparserfromhell.parse(text)
    except (mwparserfromhell.parser.ParserError, RecursionError) as exc:  # the parser's own limits
        raise ReadError(f"{source}: not readable as wikitext: {type(exc).__name__}: {exc}") from None
    battles = []
    spans = []
    offset = 0
    line = 1
    for template in _infoboxes(code):
        raw = str(template)
        at = max(text.find(raw, offset), offset)
        line += text.count("\n", offset, at)  # counted from the last infobox: linear in all
        offset = at
        spans.append((offset, offset + len(raw)))
        battles.append(_Infobox(template, f"{source}: line {line}", max_depth, title).battle())
    _check_all_closed(text, source, spans)
    return battles


def _check_all_closed(text: str, source: str, spans: list[tuple[int, int]]) -> None:
    """Refuse an infobox that opens and is not a template (never closed): it would be lost silently."""
    hidden: list[tuple[int, int]] | None = None
    for match in OPENS_RE.finditer(text):
        at = match.start()
        if _within(at, spans):
            continue
        if hidden is None:  # comments, nowiki and pre: text that holds no template
            hidden = [m.span() for m in HIDDEN_RE.finditer(text)]
        if _within(at, hidden):
            continue
        line = text.count("\n", 0, at) + 1
        shown = " ".join(match[0].split())
        raise ReadError(f"{source}: line {line}: {shown} opens here and is never closed with }}}}")


def _within(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` is inside one of the spans (in order, not overlapping): a binary search."""
    i = bisect.bisect_right(spans, at, key=operator.itemgetter(0)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def may_hold_infobox(text: str) -> bool:
    """Whether the text may hold an infobox :func:`page_battles` finds (never false when it does).

    A quick look for ``{{`` followed by one of :data:`INFOBOX_NAMES`, in the spellings the
    reader takes (any case, underscores, a ``Template:`` prefix, comments and space between
    the words), so that a dump reader parses only the pages that may give a battle.
    """
    if MAY_HOLD_RE.search(text) is not None:
        return True
    return "<!--" in text and MAY_HOLD_RE.search(COMMENT_RE.sub("", text)) is not None


class _Infobox:
    def __init__(self, template: Any, where: str, max_depth: int, title: str | None = None) -> None:
        self.template = template
        self.where = where
        self.max_depth = max_depth
        self.title = title
        self.params: list[tuple[str, str]] = []
        self.values: dict[str, Any] = {}
        for param in template.params:
            name = self._name(param.name)
            raw = str(param.value).strip()
            self.params.append((name, raw))
            if raw:
                self.values[name] = param.value
            else:
                self.values.pop(name, None)  # the last of two same-named parameters counts

    def _name(self, code: Any) -> str:
        name = COMMENT_RE.sub("", str(code)).strip()
        if "&" in name or "{{" in name:
            name = " ".join(text for text, _ in self._lines(code, "a parameter name")) or name
        return name

    def _lines(self, code: Any, param: str) -> list[tuple[str, str | None]]:
        return [(line.text, line.flag) for line in self._marked(code, param)]

    def _marked(self, code: Any, param: str) -> list[Line]:
        try:
            return Plain(self.max_depth).marked_lines(code, 0)
        except (TooDeep, RecursionError):
            raise ReadError(
                f"{self.where}: parameter {param}: templates nested more than {self.max_depth} deep"
            ) from None

    def items(self, param: str) -> list[str]:
        code = self.values.get(param)
        return [] if code is None else [text for text, _ in self._lines(code, param)]

    def text(self, param: str) -> str | None:
        return "\n".join(self.items(param)) or None

    def sides(self) -> int:
        count = 2
        for n in range(1, MAX_SIDES + 1):
            names = [f"{family}{n}" for family in ("combatant", "commander", "units", "strength")]
            names += [f"combatant{n}{x}" for x in "abcd"]
            if any(name in self.values for name in names):
                count = max(count, n)
        return count

    def side(self, n: int) -> Side:
        belligerents: list[Belligerent] = []
        for param in (f"combatant{n}", *(f"combatant{n}{x}" for x in "abcd")):
            code = self.values.get(param)
            if code is not None:
                belligerents += _belligerents(self._marked(code, param))
        if not belligerents:
            belligerents = [Belligerent(name="(not named)", kind="unknown")]
        code = self.values.get(f"commander{n}")
        return Side(
            belligerents=tuple(belligerents),
            commanders=() if code is None else _people(self._marked(code, f"commander{n}")),
            units=tuple(self.items(f"units{n}")),
            strength=self.strength(f"strength{n}"),
            casualties=self.casualties(f"casualties{n}"),
        )

    def strength(self, param: str) -> tuple[Quantity, ...]:
        """The quantities of each line, read from its shape (so a figure written as entities stays words)."""
        code = self.values.get(param)
        if code is None:
            return ()
        out: list[Quantity] = []
        for line in self._marked(code, param):
            for q in parse_strength(line.plain.soften(line.shape)):
                text = None if q.text is None else line.resolve(q.text)
                unit = None if q.unit is None else line.resolve(q.unit)
                out.append(q if (text, unit) == (q.text, q.unit) else attrs.evolve(q, text=text, unit=unit))
        return tuple(out)

    def casualties(self, param: str) -> Casualties | None:
        code = self.values.get(param)
        lines = [] if code is None else self._marked(code, param)
        if not lines:
            return None
        # a heading line ("; American", a list's title) heads the figures under it, as "American:" does
        headed = [
            f"{line.text}:"
            if line.title and not line.text.endswith(":") and not DIGIT_RE.search(line.text)
            else line.text
            for line in lines
        ]
        return Casualties(
            text="\n".join(line.text for line in lines), items=parse_casualty_items("\n".join(headed))
        )

    def image(self) -> str | None:
        code = self.values.get("image")
        if code is None:
            return None
        for link in code.filter_wikilinks(recursive=False):
            title = str(link.title)
            if FILE_RE.match(title):
                return FILE_RE.sub("", title).strip() or None
        text = self.text("image")
        if text is None:
            return None
        prefix = FILE_RE.match(text)
        return text if prefix is None else text[prefix.end() :].strip(" ") or text

    def coordinates(self) -> Coordinates | None:
        """The coordinates: of their parameter, else a ``{{coord}}`` in place, else latitude and longitude."""
        code = self.values.get("coordinates")
        if code is not None:
            found = _coord_template(code)
            if found is not None:
                return found
            lines = self._marked(code, "coordinates")
            if not lines:
                return None
            text = "\n".join(line.text for line in lines)
            numbers = coordinates_in_text("\n".join(line.plain.soften(line.shape) for line in lines))
            return Coordinates(
                latitude=None if numbers is None else numbers[0],
                longitude=None if numbers is None else numbers[1],
                text=text,
            )
        place = self.values.get("place")
        if place is not None:
            found = _coord_template(place)
            if found is not None:
                return found
        legacy = [
            self.text(f"{axis}_{part}") or ""
            for axis in ("lat", "lon")
            for part in ("deg", "min", "sec", "dir")
        ]
        if legacy[0] and legacy[4]:  # lat_deg, lat_min, ..., lon_dir: the older way to place the map's mark
            numbers = coordinates_of(legacy)
            if numbers is not None:
                stated = " ".join(part for part in legacy if part)
                return Coordinates(latitude=numbers[0], longitude=numbers[1], text=stated)
        latitude, longitude = self.text("latitude"), self.text("longitude")
        if latitude is not None and longitude is not None:
            numbers = coordinates_of([latitude, longitude])
            if numbers is not None:
                return Coordinates(latitude=numbers[0], longitude=numbers[1], text=f"{latitude} {longitude}")
        return None

    def battle(self) -> Battle:
        try:
            return self._battle()
        except ValidationError as exc:
            raise ReadError(f"{self.where}: {exc}") from None

    def _battle(self) -> Battle:
        name = self.text("conflict") or self.title or self.text("name") or _UNNAMED
        count = self.sides()
        war = self.text("partof")
        raw_war = str(self.values.get("partof", "")).lstrip()
        linked = raw_war[:4] == "The " and raw_war[4:].lstrip().startswith("[[")
        if war is not None and len(war) > 4 and (war[:4] == "the " or (war[:4] == "The " and linked)):
            war = war[
                4:
            ]  # "the Second Punic War", "The [[Syrian Civil War]]": the article is no part of the name
        place = self.text("place")
        date = self.text("date")
        extra = tuple(
            (param, raw) for param, raw in self.params if raw and param and field_of(param, count) is None
        )
        battle = Battle(
            name=name,
            sides=tuple(self.side(n) for n in range(1, count + 1)),
            war=War(name=war) if war else None,
            date=parse_date(date) if date else None,
            place=Place(name=place) if place else None,
            coordinates=self.coordinates(),
            result=self.text("result"),
            territory=self.text("territory"),
            image=self.image(),
            caption=self.text("caption"),
            joint_casualties=self.casualties(f"casualties{count + 1}"),
            extra=extra,
            infobox_template=" ".join(COMMENT_RE.sub("", str(self.template.name)).split()) or None,
            infobox_params=tuple(self.params),
        )
        digests = tuple((key, digest(key, field_value(battle, key))) for key in field_keys(count))
        return _with_digests(battle, digests)


_UNNAMED: Final = "(not named)"
"""The name of a battle whose infobox names it neither in conflict nor in name (the page's title
is what the wiki shows); while unchanged, it is not written back."""


def _coord_template(code: Any) -> Coordinates | None:
    """The first ``{{coord}}`` of a value, typed; None if it has none."""
    for template in code.filter_templates(recursive=True):
        if norm(str(template.name)) not in ("coord", "coor dms", "coor dm", "coor d", "location"):
            continue
        args = [str(p.value).strip() for p in template.params if not p.showkey]
        parts = [a for a in args if a and ":" not in a and "=" not in a]
        if not parts:
            return None
        numbers = coordinates_of(parts)
        return Coordinates(
            latitude=None if numbers is None else numbers[0],
            longitude=None if numbers is None else numbers[1],
            text=" ".join(parts),
        )
    return None


_NOTE_AT_END_RE: Final = re.compile(r"^(?P<name>.*?[^\s(])\s*\((?P<note>[^()]{1,300})\)$")
_FATE_WORDS: Final = {
    "kia": "killed",
    "k.i.a.": "killed",
    "killed": "killed",
    "killed in action": "killed",
    "dow": "killed",
    "died of wounds": "killed",
    "mortally wounded": "killed",
    "wia": "wounded",
    "wounded": "wounded",
    "pow": "captured",
    "captured": "captured",
    "executed": "executed",
}
_ROLE_WORDS_RE: Final = re.compile(
    r"\b(?:command|commander|chief|leader|overall|head|deputy|second|in charge|general staff|"
    r"adjutant|governor|president|minister|king|emperor|sultan|regent|field commander)\b",
    re.IGNORECASE,
)


def _bracketed(text: str) -> str | None:
    """The words of a line that is wholly in brackets ("(before 1776)"), else None."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")") and stripped.count("(") == 1:
        return stripped[1:-1].strip() or None
    return None


def _belligerents(lines: list[Line]) -> list[Belligerent]:
    """The belligerents of a combatant value: headings group them, notes go with the one before.

    The line's shape is read (a colon or bracket written as an entity is part of the name).
    """
    out: list[Belligerent] = []
    group: str | None = None
    for line in lines:
        shape = line.shape
        heading = shape.rstrip(": ") if line.title else heading_of(shape)
        if heading is not None and line.flag is None:
            group = line.resolve(heading)
            continue
        note = _bracketed(shape)
        if (note is not None or line.small) and out and line.flag is None:
            last = out[-1]
            words = line.resolve(note) if note is not None else line.text
            out[-1] = attrs.evolve(last, note=words if last.note is None else f"{last.note}; {words}")
            continue
        name, own_note = line.head, None
        if ": " in name and not name.startswith("("):
            before, _, after = name.partition(": ")
            if after.strip() and len(before) <= 60:
                group, name = line.resolve(before.strip()), after.strip()
        match = _NOTE_AT_END_RE.match(name)
        if match is not None:
            name, own_note = match["name"].strip(), line.resolve(match["note"].strip())
        if line.aside is not None and own_note is None:
            own_note = line.resolve(_unbracket(line.aside))
        out.append(Belligerent(name=line.resolve(name), flag=line.flag, group=group, note=own_note))
    return out


def _unbracket(text: str) -> str:
    inner = _bracketed(text)
    return text if inner is None else inner


def _person_fate(name: str, fate: str | None) -> tuple[str, str | None]:
    """A name's shape without its marks ("†", "(POW)"), and the fate they give."""
    if "†" in name:
        name, fate = " ".join(name.replace("†", " ").split()), fate or "killed"
    if fate == "natural":  # a dagger for a death the battle did not cause
        fate = None
    match = _NOTE_AT_END_RE.match(name)
    if match is not None and match["note"].strip().lower() in _FATE_WORDS:
        name, fate = match["name"].strip(), fate or _FATE_WORDS[match["note"].strip().lower()]
    name = name.strip(" ")
    return name.rstrip(",; ") or name, fate  # "Cnemus,<br>Brasidas": the comma lists, it names no one


_NOT_A_PERSON_RE: Final = re.compile(
    r"(?:\.\.\.|…)?\s*(?:full list|(?:see )?(?:the )?(?:full )?list of commanders|others|and others|various|"
    r"unknown|none|not known|n/a)\s*(?:\.\.\.|…)?",
    re.IGNORECASE,
)
"""Words that stand where a name would and name no one ("Unknown", "full list...")."""


_POST_RE: Final = re.compile(
    r"(?<=\S)\s*[-–—]\s*(?P<post>(?:(?:left|right|centre|center|rear|front)(?:\s+(?:wing|flank|guard))?|"
    r"vanguard|rearguard|reserve|main body))$",
    re.IGNORECASE,
)
"""A place in the line of battle written after a name with a dash: the person's role there."""


def _people(lines: list[Line]) -> tuple[Person, ...]:
    """The commanders of a value: headings and role notes are not people; marks give fates."""
    out: list[Person] = []
    for line in lines:
        shape = line.shape
        if line.title or heading_of(shape) is not None:
            continue
        note = _bracketed(shape)
        if (note is not None or line.small) and out:
            words = line.resolve(note) if note is not None else line.text
            last = out[-1]
            fate = _FATE_WORDS.get(words.lower())
            if fate is not None and last.fate is None:
                out[-1] = attrs.evolve(last, fate=Fate(fate))
            elif _NOT_A_PERSON_RE.fullmatch(words):
                continue  # a small "full list..." link under the last name
            else:
                out[-1] = attrs.evolve(last, role=words if last.role is None else f"{last.role}; {words}")
            continue
        if note is not None:
            continue
        name, role = line.head, None
        if ": " in name:
            before, _, after = name.partition(": ")
            if _ROLE_WORDS_RE.search(after):
                name, role = before, line.resolve(after.strip())
            elif after.strip():
                name = after
        name, fate = _person_fate(name, line.fate)
        post = _POST_RE.search(name)
        if post is not None and role is None:  # "Sancho VII of Navarre-right wing"
            name, role = name[: post.start()].rstrip(), line.resolve(post["post"])
        match = _NOTE_AT_END_RE.match(name)
        if match is not None and role is None:
            name, role = match["name"].strip(), line.resolve(match["note"].strip())
        if line.aside is not None and role is None:
            aside = line.resolve(_unbracket(line.aside))
            fate = fate or _FATE_WORDS.get(aside.lower())
            role = None if aside.lower() in _FATE_WORDS or _NOT_A_PERSON_RE.fullmatch(aside) else aside
        name = name.replace("()", "").strip() if "†" in line.head else name  # "X (†)": its mark gone
        if not name.strip() or _NOT_A_PERSON_RE.fullmatch(name.strip(" .…")):
            continue  # "Unknown", "full list...": no person
        out.append(Person(name=line.resolve(name), role=role, fate=None if fate is None else Fate(fate)))
    return tuple(out)


def _with_digests(battle: Battle, digests: tuple[tuple[str, str], ...]) -> Battle:
    return attrs.evolve(battle, infobox_digests=digests)


def infobox_templates(code: Any) -> list[Any]:
    """The ``{{Infobox military conflict}}`` templates of a parsed page, in the order read."""
    return _infoboxes(code)


def read_infobox(template: Any, where: str, max_depth: int = 40) -> Battle:
    """One parsed infobox template as a battle, exactly as :class:`WikitextReader` reads it.

    The battle's ``infobox_params`` hold one ``(name, raw value)`` per parameter of the
    template, in the template's order.
    """
    return _Infobox(template, where, max_depth).battle()
