r"""Markdown: one GitHub-flavoured Markdown document per battle, every value escaped to render as itself.

The document of a battle has a title, then one section per part of the model, each a
GitHub-flavoured (pipe) table: the names, the infobox (a field/value table, then a table
with one column per side), the sides' belligerents, forces and casualties (with the
figures), people, organisations, places, events, statements grouped by subject, and
sources. A section with nothing in it is left out. Several battles follow one another,
separated by a thematic break (``---``).

How a value is written (see :func:`escape`), so that it renders as exactly its text in
cmark-gfm (GitHub's renderer) and markdown-it-py, and never as markup, a broken table, a
heading, a link or HTML. Values only ever stand after ``| `` or ``# ``, where Markdown parses
inline content alone, so only inline syntax needs escaping:

* these characters are always escaped with a backslash: ``\ ` * _ [ ] < > & | ~ # @``
  (code, emphasis, links, HTML, entities, cells, strikethrough, closing heading marks,
  e-mail links); a full stop followed by anything but whitespace (``www.``, ``x.com``),
  and a colon followed by ``/`` (``https://``) are escaped too, so no text becomes a link;
  other punctuation (``, ; : . - ( ) ' "``...) is left as it is, for a readable source;
* a line break (CR LF, CR or LF), a tab, a vertical tab and a form feed become one space
  each: a value always stays on its line and in its cell;
* every other control character (U+0000–U+001F, U+007F–U+009F) and a lone surrogate
  becomes U+FFFD, the replacement character;
* leading and trailing whitespace is kept, written as numeric character references
  (``&#x20;``), because Markdown would otherwise strip it.

:func:`normalise` gives the text a value renders as. Two exceptions to "no link": a
source's URL is written as a link to itself when it is plain (``http`` or ``https``, a host
of ASCII letters, digits, dots and hyphens, a path of unreserved characters: a shape both
renderers show unchanged), and GitHub's autolink extension turns an e-mail address into a
``mailto:`` link whatever the escaping (its text stays exact); markdown-it-py's linkify does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, ClassVar

import attrs

from sakhalin._model import (
    Battle,
    Casualties,
    Citation,
    Person,
    Qualifier,
    Quantity,
    Source,
)
from sakhalin._wording import date_text, figure, iso_date, qualifier_text, quantity_text

__all__ = ["MarkdownExporter", "escape", "normalise"]

_BREAK = re.compile(r"\r\n|[\t\n\v\f\r]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#@]|\.(?=\S)|:(?=/))")
_SAFE_URL = re.compile(
    r"https?://(?![^/]*xn--)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[A-Za-z0-9\-._~/]*)?"
)
_JOIN = "; "


def normalise(value: str) -> str:
    """The text a value renders as: line breaks and tabs made spaces, other controls made U+FFFD."""
    return _CONTROL.sub("\ufffd", _BREAK.sub(" ", value))


def escape(value: str) -> str:
    """A value as Markdown inline text that renders as :func:`normalise` of it, and as nothing else.

    Safe in a table cell, a heading and a paragraph alike.
    """
    text = normalise(value)
    start = 0
    while start < len(text) and text[start].isspace():
        start += 1
    end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = "".join(f"&#x{ord(c):X};" for c in text[:start])
    trail = "".join(f"&#x{ord(c):X};" for c in text[end:])
    return lead + _SPECIAL.sub(r"\\\1", text[start:end]) + trail


def _url(url: str) -> str:
    """A URL as an autolink when it is plainly one, otherwise as escaped text."""
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else escape(url)


def cite(citation: Citation | None) -> str:
    """A citation in compact form: ``wikipedia, infobox: Strength``, ``wikipedia § Background ¶ 3``."""
    if citation is None:
        return ""
    text = citation.source
    if citation.infobox_row is not None:
        text += f", infobox: {citation.infobox_row}"
    if citation.section is not None:
        text += f" § {citation.section}"
    if citation.paragraph is not None:
        text += f" ¶ {citation.paragraph}"
    if citation.note is not None:
        text += f" ({citation.note})"
    return text


def _quantity_summary(quantity: Quantity) -> str:
    """A statement's figure: digits, unit and qualifier (``30000 inhabitants (estimated)``)."""
    if quantity.value is None:
        return quantity_text(quantity)
    words = figure(quantity)
    if quantity.unit is not None:
        words += f" {quantity.unit}"
    if quantity.qualifier is Qualifier.EXACT:
        return words
    return f"{words} ({qualifier_text(quantity.qualifier)})"


def _distinct(texts: Iterable[str]) -> str:
    return _JOIN.join(dict.fromkeys(t for t in texts if t))


class _Table:
    """A pipe table under construction; every cell is given as already-escaped markup."""

    def __init__(self, header: Sequence[str], *, numeric: Sequence[str] = ()) -> None:
        self.header = list(header)
        self.numeric = set(numeric)
        self.rows: list[list[str]] = []

    def add(self, *cells: str) -> None:
        self.rows.append(list(cells))

    def markdown(self) -> str:
        lines = ["| " + " | ".join(escape(h) for h in self.header) + " |"]
        lines.append("| " + " | ".join("---:" if h in self.numeric else "---" for h in self.header) + " |")
        lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
        return "\n".join(lines) + "\n"


class _Document:
    """The Markdown blocks of one battle, produced one section at a time."""

    def __init__(self, battle: Battle, *, citations: bool, level: int) -> None:
        self.battle = battle
        self.citations = citations
        self.level = level

    def _heading(self, text: str, depth: int = 1) -> str:
        return "#" * (self.level + depth) + " " + escape(text) + "\n"

    def _section(self, title: str, *tables: _Table) -> Iterator[str]:
        filled = [t for t in tables if t.rows]
        if filled:
            yield self._heading(title)
            for table in filled:
                yield table.markdown()

    def _table(self, *header: str, numeric: Sequence[str] = ()) -> _Table:
        return _Table([*header, "Source"] if self.citations else header, numeric=numeric)

    def _row(self, table: _Table, cells: Sequence[str], citation: str) -> None:
        """Add a row of plain values, then the citation cell when citations are shown."""
        escaped = [escape(c) for c in cells]
        if self.citations:
            escaped.append(escape(citation))
        table.add(*escaped)

    def _row_cite(self, row: str, own: Citation | None = None) -> Citation | None:
        if own is not None:
            return own
        base = self.battle.infobox_citation
        return None if base is None else attrs.evolve(base, infobox_row=row)

    def blocks(self) -> Iterator[str]:
        b = self.battle
        yield "#" * self.level + " " + escape(b.name) + "\n"
        yield from self._names()
        yield from self._section("Infobox", self._infobox(), self._sides_infobox())
        yield from self._section("Sides", self._belligerents())
        yield from self._section("Forces and casualties", self._forces())
        yield from self._section("People", self._people())
        yield from self._section("Organisations", self._organisations())
        yield from self._section("Places", self._places())
        yield from self._section("Events", self._events())
        yield from self._section("Statements", self._statements())
        yield from self._section("Sources", self._sources())

    def _names(self) -> Iterator[str]:
        b = self.battle
        table = self._table("Name", "Language", "Romanisation")
        for alt in b.alt_names:
            self._row(table, [alt, "", ""], cite(self._row_cite("Title")))
        for local in b.names:
            cells = [local.name, local.lang, local.romanisation or ""]
            self._row(table, cells, cite(self._row_cite("Title", local.citation)))
        yield from self._section("Names", table)

    def _infobox(self) -> _Table:
        b = self.battle
        table = self._table("Field", "Value")

        def row(field: str, value: str, own: Citation | None = None) -> None:
            self._row(table, [field, value], cite(self._row_cite(field, own)))

        if b.war is not None:
            war = b.war.name if b.war.date is None else f"{b.war.name} ({date_text(b.war.date)})"
            row("Part of", war, b.war.citation)
        if b.date is not None:
            row("Date", date_text(b.date))
        if b.place is not None:
            row("Location", b.place.name, b.place.citation)
        for field, value in (
            ("Coordinates", None if b.coordinates is None else str(b.coordinates)),
            ("Result", b.result),
            ("Territory", b.territory),
            ("Image", b.image),
            ("Caption", b.caption),
        ):
            if value is not None:
                row(field, value)
        if b.joint_casualties is not None:
            joint = b.joint_casualties
            cells = ["Casualties and losses (all sides)", joint.text]
            self._row(table, cells, cite(self._row_cite("Casualties and losses", joint.citation)))
        for param, value in b.extra:
            row(param, value)
        return table

    def _sides_infobox(self) -> _Table:
        sides = self.battle.sides
        table = self._table("Field", *(f"Side {n}" for n in range(1, len(sides) + 1)))

        def row(field: str, values: list[str], citations: Iterable[Citation | None]) -> None:
            self._row(table, [field, *values], _distinct(cite(self._row_cite(field, c)) for c in citations))

        row(
            "Belligerents",
            [_JOIN.join(x.name for x in side.belligerents) for side in sides],
            [x.citation for side in sides for x in side.belligerents],
        )
        if any(side.commanders for side in sides):
            row(
                "Commanders and leaders",
                [_JOIN.join(p.name for p in side.commanders) for side in sides],
                [next(iter(p.citations), None) for side in sides for p in side.commanders],
            )
        if any(side.units for side in sides):
            row("Units involved", [_JOIN.join(side.units) for side in sides], [None])
        if any(side.strength for side in sides):
            row("Strength", [_JOIN.join(quantity_text(q) for q in side.strength) for side in sides], [None])
        if any(side.casualties is not None for side in sides):
            row(
                "Casualties and losses",
                ["" if side.casualties is None else side.casualties.text for side in sides],
                [side.casualties.citation for side in sides if side.casualties is not None],
            )
        return table

    def _belligerents(self) -> _Table:
        table = self._table("Side", "Belligerent", "Kind", "Flag", "Other names")
        for n, side in enumerate(self.battle.sides, 1):
            for x in side.belligerents:
                cells = [f"Side {n}", x.name, x.kind, x.flag or "", _JOIN.join(x.alt_names)]
                self._row(table, cells, cite(self._row_cite("Belligerents", x.citation)))
        return table

    def _forces(self) -> _Table:
        table = self._table("Side", "Measure", "Figure", "Unit", "Qualifier", "As stated", numeric=["Figure"])

        def quantity(side: str, measure: str, q: Quantity, citation: Citation | None) -> None:
            cells = [side, measure, figure(q), q.unit or "", str(q.qualifier), q.text or ""]
            self._row(table, cells, cite(citation))

        def casualties(side: str, c: Casualties) -> None:
            citation = self._row_cite("Casualties and losses", c.citation)
            if not c.items:
                self._row(table, [side, "casualties", "", "", "", c.text], cite(citation))
            for item in c.items:
                measure = str(item.kind)
                if item.label is not None and item.label != measure:
                    measure += f" ({item.label})"
                quantity(side, measure, item.quantity, citation)

        for side in self.battle.sides:
            for q in side.strength:
                quantity(side.name, "strength", q, self._row_cite("Strength"))
            if side.casualties is not None:
                casualties(side.name, side.casualties)
        if self.battle.joint_casualties is not None:
            casualties("All sides", self.battle.joint_casualties)
        return table

    def _people(self) -> _Table:
        table = self._table("Name", "Rank or title", "Role", "Full name", "Other names", "Side")
        people: list[tuple[Person, str, str | None]] = [
            (p, side.name, "Commanders and leaders") for side in self.battle.sides for p in side.commanders
        ]
        people.extend((p, "", None) for p in self.battle.people)
        for person, side_name, row in people:
            citations = person.citations or ((self._row_cite(row),) if row is not None else ())
            cells = [
                person.name,
                person.rank or "",
                person.role or "",
                person.full_name or "",
                _JOIN.join(person.alt_names),
                side_name,
            ]
            self._row(table, cells, _distinct(cite(c) for c in citations))
        return table

    def _organisations(self) -> _Table:
        table = self._table("Organisation", "Other names", "Description")
        for org in self.battle.organisations:
            cells = [org.name, _JOIN.join(org.alt_names), org.description or ""]
            self._row(table, cells, cite(org.citation))
        return table

    def _places(self) -> _Table:
        b = self.battle
        table = self._table("Place", "Other names", "Description")
        places = [(b.place, self._row_cite("Location", b.place.citation))] if b.place is not None else []
        places.extend((place, place.citation) for place in b.places)
        for place, citation in places:
            cells = [place.name, _JOIN.join(place.alt_names), place.description or ""]
            self._row(table, cells, cite(citation))
        return table

    def _events(self) -> _Table:
        table = self._table("Date", "ISO 8601", "What happened", "Participants")
        for event in self.battle.events:
            cells = [
                event.date.text or "",
                iso_date(event.date),
                event.summary,
                _JOIN.join(event.participants),
            ]
            self._row(table, cells, cite(event.citation))
        return table

    def _statements(self) -> _Table:
        table = self._table("Subject", "Attribute", "Statement", "Figure", "Date")
        by_subject: dict[str, list[int]] = {}
        for i, st in enumerate(self.battle.statements):
            by_subject.setdefault(st.subject, []).append(i)
        for indices in by_subject.values():
            for i in indices:
                st = self.battle.statements[i]
                cells = [
                    st.subject,
                    st.attribute,
                    st.text,
                    "" if st.quantity is None else _quantity_summary(st.quantity),
                    "" if st.date is None else date_text(st.date),
                ]
                self._row(table, cells, cite(st.citation))
        return table

    def _sources(self) -> _Table:
        table = _Table(["Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note"])
        for source in self.battle.sources:
            table.add(*self._source_cells(source))
        return table

    @staticmethod
    def _source_cells(source: Source) -> list[str]:
        return [
            escape(source.key),
            escape(source.title),
            escape(_JOIN.join(source.authors)),
            "" if source.year is None else escape(str(source.year)),
            escape(source.publisher or ""),
            escape(source.isbn or ""),
            "" if source.url is None else _url(source.url),
            escape(source.licence or ""),
            escape(source.note or ""),
        ]


class MarkdownExporter:
    """A GitHub-flavoured Markdown document per battle, its facts in pipe tables.

    Options:
        citations: show where each fact stands (a ``Source`` column in every table of facts);
            the sources themselves are always listed.
        heading_level: the level of each battle's title (1 to 5); its sections are one
            level below.
    """

    name: ClassVar[str] = "markdown"
    aliases: ClassVar[tuple[str, ...]] = ("md",)
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    media_type: ClassVar[str] = "text/markdown"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = (
        "a GitHub-flavoured Markdown document per battle: infobox, forces, people, events, "
        "statements and sources as tables, every value escaped"
    )

    def __init__(self, *, citations: bool = True, heading_level: int = 1) -> None:
        if not isinstance(citations, bool):
            raise ValueError(f"citations must be true or false, not {citations!r}")
        if (
            isinstance(heading_level, bool)
            or not isinstance(heading_level, int)
            or not 1 <= heading_level <= 5
        ):
            raise ValueError(f"heading_level must be a whole number from 1 to 5, not {heading_level!r}")
        self.citations = citations
        self.heading_level = heading_level

    def write(self, battles: Iterable[Battle], stream: IO[str]) -> None:
        """Write each battle as it comes, blocks separated by blank lines, battles by ``---``."""
        for i, battle in enumerate(battles):
            if i:
                stream.write("\n---\n\n")
            document = _Document(battle, citations=self.citations, level=self.heading_level)
            for j, block in enumerate(document.blocks()):
                if j:
                    stream.write("\n")
                stream.write(block)
