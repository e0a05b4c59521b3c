"""The one flattening of a battle into fact rows, shared by every tabular exporter, and its inverse.

The facts table is meant for people (one fact a row, each with its citation) and is
also *lossless*: :func:`battles_from_facts` turns the rows back into the very battles
they came from, so that CSV and XLSX files round-trip exactly.

How the rows encode the model
-----------------------------

Every row names, in ``path``, the place in the model it stands for, written as in
:func:`sakhalin.to_dict` data without the leading ``$.`` (``sides[1].strength[0]``).
A path names either

* a **text or number field** (``name``, ``sides[0].units[1]``, ``sources[2].year``): the
  field is the ``value`` cell;
* a **quantity** (``sides[1].strength[0]``, ``statements[3].quantity``,
  ``sides[1].casualties.items[0].quantity``): ``value`` is the figure (empty when there is
  none), ``value_end`` the high end of a range, ``unit`` the unit, ``qualifier`` the
  :class:`~sakhalin.Qualifier` and ``wording`` the words it was stated in;
* a **date** (``date``, ``war.date``, ``events[0].date``): ``value`` is the first day,
  ``value_end`` the last day when it differs from the first, ``qualifier`` the
  :class:`~sakhalin.Precision` and ``wording`` the words (a date known only by its words has
  only its wording; one before AD 1, such as "490 BC", has its first and last years, in
  astronomical numbering, as whole numbers in ``value`` and ``value_end``);
* **coordinates** (``coordinates``): ``value`` is the latitude and ``value_end`` the
  longitude, in decimal degrees written as text (``"39.811"``, ``"-77.225"``; empty when
  only the words are known), and ``wording`` the coordinates as stated;
* a **citation** (a path ending in ``citation`` or ``citations[n]``, and
  ``infobox_citation``): the citation's parts are in ``cite_source``, ``cite_infobox_row``,
  ``cite_section`` and ``cite_paragraph``, and its note in ``value``;
* a **name and value pair** (``extra[n]``, ``infobox_params[n]``, ``infobox_digests[n]``):
  the name is the ``attribute`` and the value the ``value``.

Three fields are read from the human columns of a row, because they are what the row is
about: a statement's ``subject`` and ``attribute`` come from the ``statements[n].text``
row, and a source's ``key`` is the ``subject`` of its ``sources[n].title`` row.

``type`` says what the ``value`` cell holds (``int``, ``date`` or ``text``; empty when the
cell is empty), so that formats without types (CSV) tell the text "1812" from the number
1812 and the empty text from no value; ``value_end`` holds a value of the same type.

The ``citation`` column is for people: every row shows, as one line of text, the
citation that applies to it (an object's own, or the infobox's citation for its row).
The inverse never reads it; citations come back from the citation rows alone.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeAlias, TypeVar

import attrs

from sakhalin._errors import ReadError, ValidationError
from sakhalin._limits import some_problems
from sakhalin._model import (
    Battle,
    Casualties,
    CasualtyKind,
    Citation,
    Coordinates,
    DateRange,
    Fate,
    Person,
    Precision,
    Qualifier,
    Quantity,
    citation_text,
)

__all__ = ["FACT_COLUMNS", "Fact", "FactValue", "battles_from_facts", "facts"]

FactValue: TypeAlias = str | int | datetime.date | None

FACT_COLUMNS: tuple[str, ...] = (
    "battle",
    "subject",
    "attribute",
    "value",
    "value_end",
    "unit",
    "qualifier",
    "wording",
    "citation",
    "path",
    "type",
    "cite_source",
    "cite_infobox_row",
    "cite_section",
    "cite_paragraph",
)
"""The columns of the facts table, in order.

``battle`` (the battle's name), ``subject``, ``attribute`` and ``value`` say the fact;
``value_end`` is the other end of a range, ``unit`` what a figure counts, ``qualifier`` how a
figure is known or how precise a date is, ``wording`` the words a figure or date was stated
in, and ``citation`` where the fact stands, as one line of text. The rest make the table
lossless: ``path`` is the place in the model (``sides[1].strength[0]``), ``type`` says what
``value`` holds (``int``, ``date``, ``text``, or empty), and ``cite_source``,
``cite_infobox_row``, ``cite_section`` and ``cite_paragraph`` hold the parts of a citation on
the row that stands for it (a path ending in ``citation``; the citation's note is its
``value``).
"""

_R = TypeVar("_R")

_CITATION_PATH = re.compile(r"(?:^|\.)(?:citation|citations\[\d+\]|infobox_citation)$")


def _value_type(value: FactValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"a fact value cannot be a boolean ({value!r})")
    if isinstance(value, int):
        return "int"
    if isinstance(value, datetime.date):
        return "date"
    return "text"


@attrs.frozen(kw_only=True)
class Fact:
    """One row of the facts table.

    ``value`` is typed: an ``int`` for a figure, a :class:`datetime.date` for a date,
    otherwise text. ``value_end`` is the other end of a range (of figures or dates).
    ``qualifier`` says how a figure is known (``exact``, ``nominal``, ...) or how
    precise a date is (``day``, ``month``, ``year``); ``wording`` keeps the words a
    figure or a date was stated in. ``path`` names the place in the model the fact
    comes from (``sides[1].strength[0]``); ``citation`` is the citation that applies.
    On a citation row (``path`` ending in ``citation``) the citation is the fact itself.
    For a data frame with one column per field, use :func:`sakhalin.to_records` (or
    :meth:`as_dict`).

    .. versionadded:: 0.1.0
    """

    battle: str
    subject: str
    attribute: str
    value: FactValue
    value_end: FactValue = None
    unit: str | None = None
    qualifier: str | None = None
    citation: Citation | None = None
    path: str = ""
    wording: str | None = None
    """The words a quantity or a date was stated in ("7280 men", "7 July – 31 July 1905")."""

    @property
    def value_type(self) -> str | None:
        """What ``value`` holds: ``"int"``, ``"date"``, ``"text"``, or ``None`` when empty."""
        return _value_type(self.value)

    @property
    def is_citation(self) -> bool:
        """Whether the row stands for a citation object (its ``citation``)."""
        return _CITATION_PATH.search(self.path) is not None

    def as_tuple(self) -> tuple[FactValue, ...]:
        """The row's cells in :data:`FACT_COLUMNS` order, the citation as text."""
        cite = self.citation if self.is_citation else None
        return (
            self.battle,
            self.subject,
            self.attribute,
            self.value,
            self.value_end,
            self.unit,
            self.qualifier,
            self.wording,
            None if self.citation is None else str(self.citation),
            self.path,
            self.value_type,
            None if cite is None else cite.source,
            None if cite is None else cite.infobox_row,
            None if cite is None else cite.section,
            None if cite is None else cite.paragraph,
        )

    def as_dict(self) -> dict[str, FactValue]:
        """The row as a mapping of :data:`FACT_COLUMNS` to cells, as :func:`battles_from_facts` reads it."""
        return dict(zip(FACT_COLUMNS, self.as_tuple(), strict=True))


def facts(battle: Battle) -> Iterator[Fact]:
    """Flatten a battle into fact rows, one fact a row, each with its citation.

    The rows come in a stable order: the infobox first (in the order the infobox
    shows its rows), then the people, organisations, places, events, statements
    and sources. Infobox facts without a citation of their own cite their infobox row
    through :attr:`Battle.infobox_citation`. The table is lossless:
    :func:`battles_from_facts` is its inverse (see the module's documentation).

    Args:
        battle: the battle to flatten.

    Returns:
        An iterator of :class:`Fact` rows (the battle's rows are made when it is called).

    .. versionadded:: 0.1.0

    """
    return iter(_FactFlattener(battle).rows())


_Cite: TypeAlias = Citation | str | None
"""What the walk hands to ``_fact`` as a row's citation: a Citation, or (for rows) its text."""


class _Flattener(Generic[_R]):
    """Walks a battle in the facts table's order; ``_fact`` makes each row (a Fact or a tuple)."""

    def __init__(self, battle: Battle) -> None:
        self.battle = battle
        self.name = battle.name
        self.out: list[_R] = []  # the rows, in order (a battle's rows are made at once)
        self._row_cites: dict[str, _Cite] = {}

    def _row_cite(self, row: str, own: Citation | None = None) -> _Cite:
        """The citation of a fact in an infobox row: its own, else the infobox's for that row."""
        if own is not None:
            return own
        try:
            return self._row_cites[row]
        except KeyError:
            cite = self._row_cites[row] = self._infobox_row_cite(row)
            return cite

    def _infobox_row_cite(self, row: str) -> _Cite:
        base = self.battle.infobox_citation
        return None if base is None else attrs.evolve(base, infobox_row=row)

    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: _Cite,
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        wording: str | None = None,
    ) -> None:
        raise NotImplementedError

    def _cite(self, subject: str, citation: Citation | None, path: str, attribute: str = "citation") -> None:
        if citation is not None:
            self._cite_row(subject, attribute, citation, path)

    def _cite_row(self, subject: str, attribute: str, citation: Citation, path: str) -> None:
        self._fact(subject, attribute, citation.note, path, citation)

    def _date(self, subject: str, attribute: str, date: DateRange, path: str, cite: _Cite) -> None:
        start: FactValue = date.start
        end: FactValue = None if date.end == date.start else date.end
        if date.start is None and date.start_year is not None:  # before AD 1: the years
            start, end = date.start_year, None if date.end_year == date.start_year else date.end_year
        self._fact(
            subject,
            attribute,
            start,
            path,
            cite,
            end,
            None,
            str(date.precision),
            date.text,
        )

    def _coordinates(self, subject: str, c: Coordinates, cite: _Cite) -> None:
        latitude = None if c.latitude is None else repr(c.latitude)
        longitude = None if c.longitude is None else repr(c.longitude)
        self._fact(subject, "coordinates", latitude, "coordinates", cite, longitude, None, None, c.text)

    def _quantity(self, subject: str, attribute: str, q: Quantity, path: str, cite: _Cite) -> None:
        self._fact(
            subject,
            attribute,
            q.value,
            path,
            cite,
            q.high,
            q.unit,
            str(q.qualifier),
            q.text,
        )

    def _casualties(self, subject: str, c: Casualties, path: str, cite: _Cite) -> None:
        self._fact(subject, "casualties", c.text, f"{path}.text", cite)
        for i, item in enumerate(c.items):
            attribute = f"casualties: {item.kind}"
            if item.label is not None and item.label != str(item.kind):
                attribute += f" ({item.label})"
            where = f"{path}.items[{i}]"
            self._quantity(subject, attribute, item.quantity, f"{where}.quantity", cite)
            self._fact(subject, "casualty kind", str(item.kind), f"{where}.kind", cite)
            if item.label is not None:
                self._fact(subject, "casualty label", item.label, f"{where}.label", cite)
            for j, kind in enumerate(item.combines):
                self._fact(subject, "casualty combines", str(kind), f"{where}.combines[{j}]", cite)
            if item.group is not None:
                self._fact(subject, "casualty group", item.group, f"{where}.group", cite)
        self._cite(subject, c.citation, f"{path}.citation")

    def rows(self) -> list[_R]:
        b = self.battle
        name = b.name
        self._fact(name, "name", name, "name", self._row_cite("Title"))
        for i, alt in enumerate(b.alt_names):
            self._fact(name, "also known as", alt, f"alt_names[{i}]", self._row_cite("Title"))
        for i, local in enumerate(b.names):
            cite = self._row_cite("Title", local.citation)
            path = f"names[{i}]"
            self._fact(name, f"name ({local.lang})", local.name, f"{path}.name", cite)
            self._fact(local.name, "language", local.lang, f"{path}.lang", cite)
            if local.romanisation is not None:
                self._fact(
                    name, f"name ({local.lang}, romanised)", local.romanisation, f"{path}.romanisation", cite
                )
            self._cite(local.name, local.citation, f"{path}.citation")
        if b.image is not None:
            self._fact(name, "image", b.image, "image", self._row_cite("Image"))
        if b.caption is not None:
            self._fact(name, "caption", b.caption, "caption", self._row_cite("Caption"))
        if b.war is not None:
            cite = self._row_cite("Part of", b.war.citation)
            self._fact(name, "part of", b.war.name, "war.name", cite)
            if b.war.date is not None:
                self._date(b.war.name, "date", b.war.date, "war.date", cite)
            self._cite(b.war.name, b.war.citation, "war.citation")
        if b.date is not None:
            self._date(name, "date", b.date, "date", self._row_cite("Date"))
        if b.place is not None:
            cite = self._row_cite("Location", b.place.citation)
            self._fact(name, "location", b.place.name, "place.name", cite)
            for i, alt in enumerate(b.place.alt_names):
                self._fact(b.place.name, "also known as", alt, f"place.alt_names[{i}]", cite)
            if b.place.description is not None:
                self._fact(b.place.name, "description", b.place.description, "place.description", cite)
            self._cite(b.place.name, b.place.citation, "place.citation")
        if b.coordinates is not None:
            self._coordinates(name, b.coordinates, self._row_cite("Coordinates"))
        if b.result is not None:
            self._fact(name, "result", b.result, "result", self._row_cite("Result"))
        if b.territory is not None:
            self._fact(name, "territory", b.territory, "territory", self._row_cite("Territory"))
        self._sides()
        if b.joint_casualties is not None:
            cite = self._row_cite("Casualties and losses", b.joint_casualties.citation)
            self._casualties("all sides", b.joint_casualties, "joint_casualties", cite)
        for i, (key, value) in enumerate(b.extra):
            self._fact(name, key, value, f"extra[{i}]", self._row_cite(key))
        # What a reader of wikitext keeps of the infobox it read, for writing it back.
        template = getattr(b, "infobox_template", None)
        if template is not None:
            self._fact(name, "infobox template", template, "infobox_template", b.infobox_citation)
        for field, subject in (
            ("infobox_params", "infobox parameter"),
            ("infobox_digests", "infobox digest"),
        ):
            for i, (key, value) in enumerate(getattr(b, field, ())):
                self._fact(subject, key, value, f"{field}[{i}]", b.infobox_citation)
        self._cite(name, b.infobox_citation, "infobox_citation", "infobox citation")
        self._story()
        return self.out

    def _sides(self) -> None:
        for s, side in enumerate(self.battle.sides):
            side_name = side.name
            base = f"sides[{s}]"
            for i, bel in enumerate(side.belligerents):
                cite = self._row_cite("Belligerents", bel.citation)
                path = f"{base}.belligerents[{i}]"
                self._fact(side_name, f"belligerent (side {s + 1})", bel.name, f"{path}.name", cite)
                self._fact(bel.name, "kind", bel.kind, f"{path}.kind", cite)
                if bel.flag is not None:
                    self._fact(bel.name, "flag", bel.flag, f"{path}.flag", cite)
                if bel.group is not None:
                    self._fact(bel.name, "listed under", bel.group, f"{path}.group", cite)
                if bel.note is not None:
                    self._fact(bel.name, "note", bel.note, f"{path}.note", cite)
                for j, alt in enumerate(bel.alt_names):
                    self._fact(bel.name, "also known as", alt, f"{path}.alt_names[{j}]", cite)
                self._cite(bel.name, bel.citation, f"{path}.citation")
            for i, person in enumerate(side.commanders):
                cite = self._row_cite("Commanders and leaders", next(iter(person.citations), None))
                self._fact(side_name, "commander", person.name, f"{base}.commanders[{i}].name", cite)
            if side.units:
                cite = self._row_cite("Units involved")
                for i, unit in enumerate(side.units):
                    self._fact(side_name, "unit", unit, f"{base}.units[{i}]", cite)
            if side.strength:
                cite = self._row_cite("Strength")
                for i, q in enumerate(side.strength):
                    self._quantity(side_name, "strength", q, f"{base}.strength[{i}]", cite)
            if side.casualties is not None:
                cite = self._row_cite("Casualties and losses", side.casualties.citation)
                self._casualties(side_name, side.casualties, f"{base}.casualties", cite)
            for i, person in enumerate(side.commanders):
                self._person(person, f"{base}.commanders[{i}]", "Commanders and leaders")

    def _person(self, person: Person, path: str, row: str | None = None) -> None:
        cite: _Cite = next(iter(person.citations), None)
        if cite is None and row is not None:
            cite = self._row_cite(row)
        for attribute, field, value in (
            ("rank or title", "rank", person.rank),
            ("full name", "full_name", person.full_name),
            ("role", "role", person.role),
        ):
            if value is not None:
                self._fact(person.name, attribute, value, f"{path}.{field}", cite)
        if person.fate is not None:
            self._fact(person.name, "fate", str(person.fate), f"{path}.fate", cite)
        for i, alt in enumerate(person.alt_names):
            self._fact(person.name, "also known as", alt, f"{path}.alt_names[{i}]", cite)
        for i, own in enumerate(person.citations):
            self._cite(person.name, own, f"{path}.citations[{i}]")

    def _named(
        self,
        kind: str,
        path: str,
        name: str,
        alt_names: tuple[str, ...],
        description: str | None,
        cite: Citation | None,
    ) -> None:
        self._fact(name, kind, name, f"{path}.name", cite)
        if description is not None:
            self._fact(name, "description", description, f"{path}.description", cite)
        for j, alt in enumerate(alt_names):
            self._fact(name, "also known as", alt, f"{path}.alt_names[{j}]", cite)
        self._cite(name, cite, f"{path}.citation")

    def _story(self) -> None:
        b = self.battle
        for i, person in enumerate(b.people):
            cite = next(iter(person.citations), None)
            self._fact(person.name, "person", person.name, f"people[{i}].name", cite)
            self._person(person, f"people[{i}]")
        for i, org in enumerate(b.organisations):
            self._named(
                "organisation", f"organisations[{i}]", org.name, org.alt_names, org.description, org.citation
            )
        for i, place in enumerate(b.places):
            self._named(
                "place", f"places[{i}]", place.name, place.alt_names, place.description, place.citation
            )
        for i, event in enumerate(b.events):
            subject = event.date.text or (event.date.start.isoformat() if event.date.start else "event")
            path = f"events[{i}]"
            self._fact(subject, "event", event.summary, f"{path}.summary", event.citation)
            self._date(subject, "event date", event.date, f"{path}.date", event.citation)
            for j, who in enumerate(event.participants):
                self._fact(subject, "participant", who, f"{path}.participants[{j}]", event.citation)
            self._cite(subject, event.citation, f"{path}.citation")
        for i, st in enumerate(b.statements):
            path = f"statements[{i}]"
            self._fact(st.subject, st.attribute, st.text, f"{path}.text", st.citation)
            if st.quantity is not None:
                self._quantity(st.subject, st.attribute, st.quantity, f"{path}.quantity", st.citation)
            if st.date is not None:
                self._date(st.subject, f"{st.attribute}: date", st.date, f"{path}.date", st.citation)
            self._cite(st.subject, st.citation, f"{path}.citation")
        for i, source in enumerate(b.sources):
            path = f"sources[{i}]"
            self._fact(source.key, "title", source.title, f"{path}.title", None)
            for attribute, value in (
                ("url", source.url),
                ("year", source.year),
                ("publisher", source.publisher),
                ("isbn", source.isbn),
                ("licence", source.licence),
                ("note", source.note),
            ):
                if value is not None:
                    self._fact(source.key, attribute, value, f"{path}.{attribute}", None)
            for j, author in enumerate(source.authors):
                self._fact(source.key, "author", author, f"{path}.authors[{j}]", None)


class _FactFlattener(_Flattener[Fact]):
    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: _Cite,
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        wording: str | None = None,
    ) -> None:
        assert not isinstance(citation, str)  # this flattener's row citations are Citation objects
        self.out.append(
            Fact(
                battle=self.name,
                subject=subject,
                attribute=attribute,
                value=value,
                value_end=value_end,
                unit=unit,
                qualifier=qualifier,
                citation=citation,
                path=path,
                wording=wording,
            )
        )


FactRow: TypeAlias = tuple[FactValue, ...]


class _RowFlattener(_Flattener[FactRow]):
    """Makes each row's :meth:`Fact.as_tuple` directly, each citation's text made once."""

    def __init__(self, battle: Battle) -> None:
        super().__init__(battle)
        # by id: every citation is held by the battle or by _row_cites while this lives
        self._texts: dict[int, str] = {}

    def _text(self, citation: Citation) -> str:
        text = self._texts.get(id(citation))
        if text is None:
            text = self._texts[id(citation)] = str(citation)
        return text

    def _infobox_row_cite(self, row: str) -> _Cite:
        # Only the text is needed here: made from the parts, without a new Citation.
        base = self.battle.infobox_citation
        if base is None:
            return None
        return citation_text(base.source, row, base.section, base.paragraph, base.note)

    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: _Cite,
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        wording: str | None = None,
    ) -> None:
        if citation is None or isinstance(citation, str):
            text = citation
        else:
            text = self._texts.get(id(citation)) or self._text(citation)
        self.out.append(
            (
                self.name,
                subject,
                attribute,
                value,
                value_end,
                unit,
                qualifier,
                wording,
                text,
                path,
                "text" if value.__class__ is str else None if value is None else _value_type(value),
                None,
                None,
                None,
                None,
            )
        )

    def _cite_row(self, subject: str, attribute: str, citation: Citation, path: str) -> None:
        # a citation row (its path ends in a citation): the citation's parts fill the cite_ columns
        note = citation.note
        self.out.append(
            (
                self.name,
                subject,
                attribute,
                note,
                None,
                None,
                None,
                None,
                self._text(citation),
                path,
                "text" if note.__class__ is str else _value_type(note),
                citation.source,
                citation.infobox_row,
                citation.section,
                citation.paragraph,
            )
        )


def fact_rows(battle: Battle) -> list[FactRow]:
    """The rows of :func:`facts` as :meth:`Fact.as_tuple` gives them, made without the Fact objects.

    For the tabular exporters: the same cells in :data:`FACT_COLUMNS` order, faster, all of
    one battle's rows at once (a list of about a hundred tuples: exporters still hold one
    battle at a time).
    """
    return _RowFlattener(battle).rows()


# --------------------------------------------------------------------------------------
# The inverse: rows -> battles


_PATH = re.compile(r"[a-z_]+(?:\[[0-9]{1,9}\])*(?:\.[a-z_]+(?:\[[0-9]{1,9}\])*)*")
_STEP = re.compile(r"([a-z_]+)|\[([0-9]{1,9})\]")
_INT = re.compile(r"[+-]?\d+")
_TYPES = ("int", "date", "text")


class _RowError(Exception):
    """A problem with one row; becomes a ReadError naming the source, the row and the column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional_inner(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _is_many(hint: Any) -> bool:
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis


def _show(cell: object) -> str:
    text = repr(cell)
    return text if len(text) <= 40 else text[:37] + "..."


def _text_cell(row: Mapping[str, FactValue], column: str) -> str | None:
    return _text_of(row.get(column), column)


def _text_of(cell: object, column: str) -> str | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        raise _RowError(column, f"expected text, got {_show(cell)}")
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    raise _RowError(column, f"expected text, got {_show(cell)}")


def _int_cell(cell: object, column: str) -> int:
    if isinstance(cell, bool):
        raise _RowError(column, f"expected a whole number, got {_show(cell)}")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str) and (cell.isdecimal() or _INT.fullmatch(cell.strip())):
        try:
            return int(cell)
        except ValueError:  # more digits than int() takes (4,300)
            raise _RowError(column, f"expected a whole number, got {_show(cell)}: too many digits") from None
    raise _RowError(column, f"expected a whole number, got {_show(cell)}")


def _date_cell(cell: object, column: str) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        if cell.time() != datetime.time():
            raise _RowError(column, f"expected a date without a time, got {_show(cell)}")
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, str) and len(cell.strip()) == 10:
        try:
            return datetime.date.fromisoformat(cell.strip())
        except ValueError:
            pass
    raise _RowError(column, f"expected an ISO 8601 date (YYYY-MM-DD), got {_show(cell)}")


def _typed(row: Mapping[str, FactValue], column: str, kind: str | None) -> FactValue:
    """The cell of ``column`` (``value`` or ``value_end``) as the row's ``type`` says."""
    return _typed_of(row.get(column), column, kind)


def _typed_of(cell: object, column: str, kind: str | None) -> FactValue:
    if kind is None:
        if cell is None or cell == "":
            return None
        raise _RowError(column, f"holds {_show(cell)} but the row's type is empty (int, date or text)")
    if kind == "text":
        if cell is None:
            return ""
        if isinstance(cell, str):
            return cell
        return _text_of(cell, column)
    if cell is None or cell == "":
        return None
    if kind == "int":
        return _int_cell(cell, column)
    return _date_cell(cell, column)


def _degrees(value: FactValue, column: str) -> float | None:
    """A latitude or longitude cell (decimal degrees as text) as a number."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DEGREES.fullmatch(value):
        return float(value)
    raise _RowError(column, f"expected decimal degrees (such as -77.225), got {_show(value)}")


_DEGREES = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,20})?(?:e-?[0-9]{1,3})?")


def _need_value(value: FactValue, expected: str, column: str = "value") -> Any:
    if expected == "text":
        if isinstance(value, str):
            return value
    elif expected == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, datetime.date):
        return value
    want = {"text": "text", "int": "a whole number", "date": "a date"}[expected]
    raise _RowError(column, f"expected {want} (type {expected}), got {_show(value)}")


@functools.cache
def _plan(shape: tuple[str | None, ...]) -> tuple[tuple[Any, bool], ...]:
    """For a path's shape (field names, ``None`` for an index): each step's type and whether it is a list.

    Raises ``ValueError`` for a shape the model has no place for.
    """
    hint: Any = Battle
    plan: list[tuple[Any, bool]] = []
    for step in shape:
        if step is not None:
            if not (isinstance(hint, type) and attrs.has(hint)) or step not in _hints(hint):
                raise ValueError(f"{step!r} is not a field here")
            hint = _optional_inner(_hints(hint)[step])
        else:
            if not _is_many(hint):
                raise ValueError("an index follows a field that is not a list")
            hint = _optional_inner(typing.get_args(hint)[0])
        plan.append((hint, _is_many(hint)))
    return tuple(plan)


@functools.lru_cache(maxsize=4096)
def _parse_path(path: str) -> tuple[tuple[str | int, ...], tuple[tuple[Any, bool], ...], str | None]:
    """A path's steps (names and indexes) and their plan, or why the model has no place for it.

    Raises _RowError for text that is not a path at all. The same hundred-odd paths repeat in
    every battle, so each is parsed once.
    """
    if not _PATH.fullmatch(path):
        raise _RowError("path", f"{_show(path)} is not a path such as sides[1].strength[0]")
    steps = tuple(name if name else int(index) for name, index in _STEP.findall(path))
    try:
        plan = _plan(tuple(step if isinstance(step, str) else None for step in steps))
    except ValueError as exc:
        return steps, (), str(exc)
    return steps, plan, None


class _Builder:
    """Builds one battle's ``to_dict`` data from its rows."""

    def __init__(self, first_row: int, place: Callable[[int], str]) -> None:
        self.data: dict[str, Any] = {}
        self.first_row = first_row
        self.place = place
        self.rows: list[tuple[str, int]] = []  # (path, row number), for error messages

    def add(self, row: Mapping[str, FactValue], number: int) -> None:
        path = _text_cell(row, "path")
        if path is None:
            raise _RowError("path", "is empty: every row names the place in the model it stands for")
        path = path.strip()
        steps, plan, problem = _parse_path(path)
        type_cell = _text_cell(row, "type")
        kind = None if type_cell is None else type_cell.strip()
        if kind is not None and kind not in _TYPES:
            raise _RowError("type", f"is int, date, text or empty, not {_show(type_cell)}")
        self.rows.append((path, number))
        if problem is not None:
            raise _RowError("path", f"{path!r}: {problem}")
        self._place(steps, plan, path, row, kind)

    def _place(
        self,
        steps: tuple[str | int, ...],
        plan: tuple[tuple[Any, bool], ...],
        path: str,
        row: Mapping[str, FactValue],
        kind: str | None,
    ) -> None:
        container: Any = self.data
        for step, (_, child_many) in zip(steps[:-1], plan, strict=False):
            if step.__class__ is str:
                if step not in container:
                    container[step] = [] if child_many else {}
            else:
                size = len(container)
                if step > size:  # type: ignore[operator]
                    raise _RowError("path", f"{path!r}: item [{step}] comes before item [{size}]")
                if step == size:
                    container.append([] if child_many else {})
            container = container[step]
            if container.__class__ is not dict and container.__class__ is not list:
                raise _RowError("path", f"{path!r} goes inside a value given by an earlier row")
        step = steps[-1]
        if step.__class__ is not str and step > len(container):  # type: ignore[operator]
            raise _RowError("path", f"{path!r}: item [{step}] comes before item [{len(container)}]")
        self._leaf(container, step, plan[-1][0], path, row, kind, steps)

    def _leaf(
        self,
        container: Any,
        key: str | int,
        hint: Any,
        path: str,
        row: Mapping[str, FactValue],
        kind: str | None,
        steps: tuple[str | int, ...],
    ) -> None:
        exists = key in container if isinstance(key, str) else key < len(container)
        if exists:
            raise _RowError("path", f"{path!r} is given by an earlier row too")
        value = self._leaf_value(hint, path, row, kind)
        if isinstance(key, str):
            container[key] = value
        else:
            container.append(value)
        if steps[-1] == "text" and len(steps) == 3 and steps[0] == "statements":
            for column in ("subject", "attribute"):
                if column in container:  # pragma: no cover - text comes once
                    continue
                container[column] = _text_cell(row, column) or ""
        if steps[-1] == "title" and len(steps) == 3 and steps[0] == "sources":
            container["key"] = _text_cell(row, "subject") or ""

    def _leaf_value(self, hint: Any, path: str, row: Mapping[str, FactValue], kind: str | None) -> Any:
        if hint is Quantity:
            value = _typed(row, "value", kind)
            high = _typed(row, "value_end", kind)
            data: dict[str, Any] = {
                "value": None if value is None else _need_value(value, "int"),
                "high": None if high is None else _need_value(high, "int", "value_end"),
                "unit": _text_cell(row, "unit"),
                "text": _text_cell(row, "wording"),
            }
            qualifier = _text_cell(row, "qualifier")
            if qualifier is not None:
                data["qualifier"] = qualifier
            return data
        if hint is Coordinates:
            return {
                "latitude": _degrees(_typed(row, "value", kind), "value"),
                "longitude": _degrees(_typed(row, "value_end", kind), "value_end"),
                "text": _text_cell(row, "wording"),
            }
        if hint is DateRange:
            start = _typed(row, "value", kind)
            end = _typed(row, "value_end", kind)
            if kind == "int":  # a date before AD 1: its years
                data = {
                    "start_year": None if start is None else _need_value(start, "int"),
                    "end_year": start if end is None else _need_value(end, "int", "value_end"),
                    "text": _text_cell(row, "wording"),
                }
                precision = _text_cell(row, "qualifier")
                if precision is not None:
                    data["precision"] = precision
                return data
            if start is not None:
                _need_value(start, "date")
            if end is not None:
                _need_value(end, "date", "value_end")
                if start is None:
                    raise _RowError("value_end", "a date range with an end needs its start in value")
            elif start is not None:
                end = start
            data = {
                "start": None if start is None else _iso(start),
                "end": None if end is None else _iso(end),
                "text": _text_cell(row, "wording"),
            }
            precision = _text_cell(row, "qualifier")
            if precision is not None:
                data["precision"] = precision
            return data
        if hint is Citation:
            note = _typed(row, "value", kind)
            paragraph = row.get("cite_paragraph")
            return {
                "source": _text_cell(row, "cite_source"),
                "infobox_row": _text_cell(row, "cite_infobox_row"),
                "section": _text_cell(row, "cite_section"),
                "paragraph": None
                if paragraph is None or paragraph == ""
                else _int_cell(paragraph, "cite_paragraph"),
                "note": None if note is None else _need_value(note, "text"),
            }
        if typing.get_origin(hint) is tuple:  # an extra parameter: (name, value)
            value = _typed(row, "value", kind)
            return [_text_cell(row, "attribute") or "", "" if value is None else _need_value(value, "text")]
        if hint is int:
            value = _typed(row, "value", kind)
            return None if value is None else _need_value(value, "int")
        if hint is str or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
            value = _typed(row, "value", kind)
            return None if value is None else _need_value(value, "text")
        name = getattr(hint, "__name__", str(hint))
        raise _RowError("path", f"{path!r} names a whole {name}; a row names one of its fields")

    def where(self, problem_path: str) -> str:
        """The row a problem of the built battle (``$.sides[0].name``) comes from, if any."""
        inner = problem_path.removeprefix("$").removeprefix(".")
        best: tuple[int, int] | None = None
        for path, number in self.rows:
            if path == inner or inner.startswith((path + ".", path + "[")):
                if best is None or len(path) > best[0]:
                    best = (len(path), number)
            elif best is None and path.startswith((inner + ".", inner + "[")):
                best = (0, number)
        return "" if best is None else f"{self.place(best[1])}, "

    def build(self, source: str) -> Battle:
        from sakhalin._convert import structure

        try:
            return structure(self.data, Battle)
        except ValidationError as exc:
            problems = some_problems(exc.problems, lambda p: f"{self.where(p[0])}{p[0]}: {p[1]}")
            raise ReadError(
                f"{source}: the battle starting at {self.place(self.first_row)}: {problems}"
            ) from None


# The fast path of reading. Rows as the exporters write them (every file we wrote) are
# turned into typed values and built straight through the model's constructors, which
# run every check, in one pass over a battle's rows. At the first thing it does not
# accept (a bad cell or path, a failed check, anything unusual) it gives up, and the
# battle's rows are read again by _Builder and structured by from_dict, whose errors name
# every problem with its path and row; so the slow path decides every error, and
# tests/test_facts_inverse.py checks with hypothesis that both give equal battles.

_BATTLE, _SUBJECT, _ATTRIBUTE, _VALUE, _VALUE_END, _UNIT, _QUALIFIER, _WORDING = range(8)
_CITATION, _PATH_COLUMN, _TYPE, _CITE_SOURCE, _CITE_ROW, _CITE_SECTION, _CITE_PARAGRAPH = range(8, 15)
_FAST_KINDS: dict[object, str | None] = {"int": "int", "date": "date", "text": "text", "": None, None: None}

Record: TypeAlias = Sequence[FactValue]
"""A row's cells in :data:`FACT_COLUMNS` order (more cells after them are ignored)."""

_Leaf = Callable[[Record], Any]


def _kind(r: Record) -> str | None:
    return _FAST_KINDS[r[_TYPE]]  # a KeyError (" int ", say) leaves the battle to the slow path


def _member(cls: type[enum.Enum], value: str) -> Any:
    """The enumeration's member of this value (a KeyError for any other text)."""
    return _MEMBERS[cls][value]


_MEMBERS: dict[type[enum.Enum], dict[str, Any]] = {
    cls: {member.value: member for member in cls} for cls in (Qualifier, Precision, CasualtyKind, Fate)
}


def _quantity_leaf(r: Record) -> Quantity:
    kind = _kind(r)
    value = _typed_of(r[_VALUE], "value", kind)
    high = _typed_of(r[_VALUE_END], "value_end", kind)
    qualifier = _text_of(r[_QUALIFIER], "qualifier")
    if value is not None:
        _need_value(value, "int")
    if high is not None:
        _need_value(high, "int", "value_end")
    unit = _text_of(r[_UNIT], "unit")
    text = _text_of(r[_WORDING], "wording")
    if qualifier is None:
        return Quantity(value=value, high=high, unit=unit, text=text)  # type: ignore[arg-type]
    return Quantity(value=value, high=high, unit=unit, text=text, qualifier=_member(Qualifier, qualifier))  # type: ignore[arg-type]


def _coordinates_leaf(r: Record) -> Coordinates:
    kind = _kind(r)
    return Coordinates(
        latitude=_degrees(_typed_of(r[_VALUE], "value", kind), "value"),
        longitude=_degrees(_typed_of(r[_VALUE_END], "value_end", kind), "value_end"),
        text=_text_of(r[_WORDING], "wording"),
    )


def _date_leaf(r: Record) -> DateRange:
    kind = _kind(r)
    if kind == "int":  # a date before AD 1: its years
        first = _typed_of(r[_VALUE], "value", kind)
        last = _typed_of(r[_VALUE_END], "value_end", kind)
        if first is None:
            raise _Slow
        precision = _text_of(r[_QUALIFIER], "qualifier")
        return DateRange(
            start_year=first,  # type: ignore[arg-type]
            end_year=first if last is None else last,  # type: ignore[arg-type]
            text=_text_of(r[_WORDING], "wording"),
            precision=Precision.YEAR if precision is None else _member(Precision, precision),
        )
    start = _typed_of(r[_VALUE], "value", kind)
    end = _typed_of(r[_VALUE_END], "value_end", kind)
    if start is not None:
        _need_value(start, "date")
    if end is not None:
        _need_value(end, "date", "value_end")
        if start is None:
            raise _Slow
    elif start is not None:
        end = start
    precision = _text_of(r[_QUALIFIER], "qualifier")
    text = _text_of(r[_WORDING], "wording")
    if precision is None:
        return DateRange(start=start, end=end, text=text)  # type: ignore[arg-type]
    return DateRange(start=start, end=end, text=text, precision=_member(Precision, precision))  # type: ignore[arg-type]


def _citation_leaf(r: Record) -> Citation:
    note, kind, source, row, section, paragraph = r[3], r[10], r[11], r[12], r[13], r[14]
    if (
        note.__class__ is str
        and source.__class__ is str
        and row.__class__ is str
        and section.__class__ is str
        and paragraph.__class__ is str
        and (kind == "text" or (kind == "" and not note))
        and (not paragraph or paragraph.isdecimal())
    ):  # text cells, as CSV gives them: what _typed_of, _text_of and _int_cell make of them
        return Citation(
            source=source or None,  # type: ignore[arg-type]
            infobox_row=row or None,
            section=section or None,
            paragraph=int(paragraph) if paragraph else None,
            note=note if kind == "text" else None,
        )
    note = _typed_of(r[_VALUE], "value", _kind(r))
    return Citation(
        source=_text_of(r[_CITE_SOURCE], "cite_source"),  # type: ignore[arg-type]
        infobox_row=_text_of(r[_CITE_ROW], "cite_infobox_row"),
        section=_text_of(r[_CITE_SECTION], "cite_section"),
        paragraph=None if paragraph is None or paragraph == "" else _int_cell(paragraph, "cite_paragraph"),
        note=None if note is None else _need_value(note, "text"),
    )


def _pair_leaf(r: Record) -> tuple[str, str]:
    value = _typed_of(r[_VALUE], "value", _kind(r))
    return (_text_of(r[_ATTRIBUTE], "attribute") or "", "" if value is None else _need_value(value, "text"))


def _scalar_leaf(expected: str, make: Callable[[Any], Any] | None, nullable: bool) -> _Leaf:
    def leaf(r: Record) -> Any:
        cell = r[_VALUE]
        if expected == "int" and cell.__class__ is str and cell.isdecimal() and r[_TYPE] == "int":
            return int(cell)  # (what _int_cell makes of it)
        value = _typed_of(cell, "value", _kind(r))
        if value is None:
            if not nullable:
                raise _Slow
            return None
        value = _need_value(value, expected)
        return value if make is None else make(value)

    return leaf


class _Slow(Exception):
    """The fast path does not take this battle; the slow path reads it again."""


_Step = tuple[str | int, Any, bool]  # the step, what its container becomes, whether it is a list
_Pending = list[tuple[Any, Any, Any]]  # containers in the order they were made: (make, holder, key)


class _Route(typing.NamedTuple):
    """Where the fast path puts the value of a row with a given path, and how it makes it."""

    where: str  # the path of the container the value goes in ("" for the battle, ".sides[0]")
    steps: tuple[_Step, ...]  # the containers on the way there
    key: str | int  # the value's field or index in its container
    leaf: _Leaf  # makes the value from the row
    text: bool  # the field is text: a text cell of a text row is the value as it is
    special: int  # 1: a statement's text (gives subject, attribute); 2: a source's title (gives key)


@functools.lru_cache(maxsize=4096)
def _route(path: object) -> _Route:
    """The route of a row with this path; raises _Slow for one the fast path leaves to the slow one."""
    if path.__class__ is not str:
        raise _Slow
    try:
        steps, plan, problem = _parse_path(path)
    except _RowError:
        raise _Slow from None
    if problem is not None:
        raise _Slow
    inner: list[_Step] = []
    for step, (hint, many) in zip(steps[:-1], plan, strict=False):
        if not many and not (isinstance(hint, type) and attrs.has(hint)):
            raise _Slow
        inner.append((step, tuple if many else hint, many))
    key = steps[-1]
    hint = plan[-1][0]
    # None is a value only where the field may be None (an item of a list never is)
    parent: Any = Battle if len(steps) == 1 else plan[-2][0]
    nullable = isinstance(key, str) and _optional_inner(_hints(parent)[key]) is not _hints(parent)[key]
    leaf: _Leaf
    if hint is Quantity:
        leaf = _quantity_leaf
    elif hint is DateRange:
        leaf = _date_leaf
    elif hint is Coordinates:
        leaf = _coordinates_leaf
    elif hint is Citation:
        leaf = _citation_leaf
    elif typing.get_origin(hint) is tuple:
        leaf = _pair_leaf
    elif hint is int:
        leaf = _scalar_leaf("int", None, nullable)
    elif hint is str:
        leaf = _scalar_leaf("text", None, nullable)
    elif isinstance(hint, type) and issubclass(hint, enum.Enum) and hint in _MEMBERS:
        leaf = _scalar_leaf("text", _MEMBERS[hint].__getitem__, nullable)
    else:
        raise _Slow
    special = 0
    if len(steps) == 3 and steps[0] == "statements" and key == "text":
        special = 1
    elif len(steps) == 3 and steps[0] == "sources" and key == "title":
        special = 2
    where = "".join(f".{step}" if isinstance(step, str) else f"[{step}]" for step in steps[:-1])
    return _Route(where, tuple(inner), key, leaf, hint is str, special)


def _place(r: Record, route: _Route, container: Any, value: Any) -> None:
    """Put a row's value in its container (a dict, or a list the value is appended to)."""
    key = route.key
    if key.__class__ is str:
        if key in container:
            raise _Slow
        container[key] = value
        if route.special == 1:
            container.setdefault("subject", _text_of(r[_SUBJECT], "subject") or "")
            container.setdefault("attribute", _text_of(r[_ATTRIBUTE], "attribute") or "")
        elif route.special == 2:
            container["key"] = _text_of(r[_SUBJECT], "subject") or ""
    elif key == len(container):
        container.append(value)
    else:
        raise _Slow


def _container(root: dict[str, Any], steps: tuple[_Step, ...], pending: _Pending) -> Any:
    """The container a row's value goes in, made (and noted in ``pending``) where it is new."""
    container: Any = root
    for step, make, many in steps:
        if step.__class__ is str:
            child = container.get(step)
            if child is None:
                child = container[step] = [] if many else {}
                pending.append((make, container, step))
        else:
            size = len(container)
            if step == size:
                container.append([] if many else {})
                pending.append((make, container, step))
            elif step > size:  # type: ignore[operator]
                raise _Slow
            child = container[step]
        if child.__class__ is not dict and child.__class__ is not list:
            raise _Slow
        container = child
    return container


def _build(root: dict[str, Any], pending: _Pending) -> Battle:
    # Innermost first: an object's parts are made before it, and its lists become tuples.
    for make, holder, key in reversed(pending):
        part = holder[key]
        holder[key] = tuple(part) if make is tuple else make(**part)
    return Battle(**root)


def _fast_battle(records: Sequence[Record]) -> Battle:
    """One battle from its rows by the fast path; raises _Slow (or anything) where it gives up."""
    paths = tuple([r[_PATH_COLUMN] for r in records])
    shape = _SHAPES.get(paths)
    if shape is None:
        if len(_SHAPES) >= _SHAPES_KEPT:
            _SHAPES.clear()
        shape = _SHAPES[paths] = _Shape.of(paths)
    if shape:
        return shape.build(records)
    root: dict[str, Any] = {}
    containers: dict[str, Any] = {"": root}
    pending: _Pending = []
    for r in records:
        route = _route(r[_PATH_COLUMN])
        container = containers.get(route.where)
        if container is None:
            container = containers[route.where] = _container(root, route.steps, pending)
        value = r[_VALUE]
        if not (route.text and value.__class__ is str and r[_TYPE] == "text"):
            value = route.leaf(r)
        _place(r, route, container, value)
    return _build(root, pending)


class _Shape:
    """How to build every battle whose rows have one sequence of paths, worked out once.

    Tables of many battles repeat a few shapes (the same infobox rows, battle after
    battle), so the containers, slots and order checks of a shape are worked out once (by
    the generic path's own placement, run with stand-in values); then each row is only its
    value made and put in its slot. Everything that depends on a row's cells (types,
    figures, the model's checks) is done for every battle, as on the generic path.
    """

    __slots__ = ("builds", "others", "sizes", "specials", "texts")

    def __init__(self) -> None:
        self.sizes: list[int | None] = []  # per container, in the order made: None (a dict) or its items
        # (slot, key, leaf, row): rows of text fields, whose text cells need no leaf; the other rows
        self.texts: list[tuple[int, str | int, _Leaf, int]] = []
        self.others: list[tuple[int, str | int, _Leaf, int]] = []
        self.specials: list[tuple[int, int, int]] = []  # (slot, what else the row gives, row)
        self.builds: list[tuple[int, Any, int, str | int]] = []  # slot, make, parent's slot, key in it

    def __bool__(self) -> bool:
        return bool(self.texts or self.others)

    @classmethod
    def of(cls, paths: tuple[FactValue, ...]) -> _Shape:
        """The shape of these paths; an empty (false) one where the generic path must decide."""
        shape = cls()
        try:
            shape._work_out(paths)
        except Exception:  # any doubt leaves the battle to the generic path
            return cls()
        return shape

    def _work_out(self, paths: tuple[FactValue, ...]) -> None:
        root: dict[str, Any] = {}
        containers: dict[str, Any] = {"": root}
        pending: _Pending = []
        made: list[Any] = [root]  # each container, by slot
        slot_of = {id(root): 0}
        for row, path in enumerate(paths):
            route = _route(path)
            container = containers.get(route.where)
            if container is None:
                first = len(pending)
                container = containers[route.where] = _container(root, route.steps, pending)
                for make, holder, key in pending[first:]:
                    part = holder[key]
                    slot_of[id(part)] = len(made)
                    self.builds.append((len(made), make, slot_of[id(holder)], key))
                    made.append(part)
            _place(_STAND_IN, route, container, None)
            slot = slot_of[id(container)]
            (self.texts if route.text else self.others).append((slot, route.key, route.leaf, row))
            if route.special:
                self.specials.append((slot, route.special, row))
        self.sizes = [None if part.__class__ is dict else len(part) for part in made]
        self.builds.reverse()  # innermost first

    def build(self, records: Sequence[Record]) -> Battle:
        """The battle of these rows (whose paths are this shape's, so as many as it has)."""
        slots: list[Any] = [{} if size is None else [None] * size for size in self.sizes]
        for slot, key, leaf, i in self.texts:
            r = records[i]
            value = r[_VALUE]
            # (a text cell of a text row is the value as it is)
            slots[slot][key] = value if value.__class__ is str and r[_TYPE] == "text" else leaf(r)
        for slot, key, leaf, i in self.others:
            slots[slot][key] = leaf(records[i])
        for slot, special, i in self.specials:
            r, container = records[i], slots[slot]
            if special == 1:
                container.setdefault("subject", _text_of(r[_SUBJECT], "subject") or "")
                container.setdefault("attribute", _text_of(r[_ATTRIBUTE], "attribute") or "")
            else:
                container["key"] = _text_of(r[_SUBJECT], "subject") or ""
        for slot, make, parent, key in self.builds:
            part = slots[slot]
            slots[parent][key] = tuple(part) if make is tuple else make(**part)
        return Battle(**slots[0])


# A row for working out a shape with _place (whose value is not made).
_STAND_IN: Record = ("", "", "", "", "", "", "", "", "", "", "text", "", "", "", "")


_SHAPES: dict[tuple[FactValue, ...], _Shape] = {}
_SHAPES_KEPT = 64


def _iso(value: object) -> str:
    assert isinstance(value, datetime.date)
    return value.isoformat()


def _row_place(number: int) -> str:
    return f"row {number}"


def battles_from_facts(
    rows: Iterable[Mapping[str, FactValue]], *, source: str, place: Callable[[int], str] | None = None
) -> Iterator[Battle]:
    """The battles a facts table holds: the exact inverse of :func:`facts`.

    ``rows`` maps the header names of :data:`FACT_COLUMNS` to typed cells (``int``,
    :class:`datetime.date`, ``str`` or ``None``); text cells such as CSV gives are
    converted as the ``type`` column says, and columns not in :data:`FACT_COLUMNS` are
    ignored. A row whose path is ``name`` starts a new battle, so one table may hold
    several battles, one after another. The battles are built lazily, one at a time.
    ``place`` names a row in error messages from its number (by default ``"row 12"``; the
    CSV reader names the line of the file instead).

    Raises:
        ReadError: a row is bad (the message names ``source``, the row, counted as in a
            spreadsheet whose header is row 1, and the column), or a battle's data is
            not valid (the message lists every problem with its path and row).

    """
    records = (tuple(row.get(column) for column in FACT_COLUMNS) for row in rows)
    return battles_from_records(records, source=source, place=place)


def battles_from_records(
    records: Iterable[Record], *, source: str, place: Callable[[int], str] | None = None
) -> Iterator[Battle]:
    """:func:`battles_from_facts` for rows given as cells in :data:`FACT_COLUMNS` order."""
    return battles_from_batches(_batches(records, source, place or _row_place), source=source, place=place)


def _batches(
    records: Iterable[Record], source: str, label: Callable[[int], str]
) -> Iterator[tuple[int, list[Record]]]:
    batch: list[Record] | None = None  # the rows of the battle being read
    first = 0
    for index, record in enumerate(records):
        path = record[_PATH_COLUMN]
        if starts_battle(path):
            if batch:
                yield first, batch
            batch = []
            first = index + 2
        elif batch is None:
            raise not_a_start(path, source, label(index + 2))
        batch.append(record)
    if batch:
        yield first, batch


def starts_battle(path: FactValue) -> bool:
    """Whether a row with this path cell starts a new battle (its path is ``name``)."""
    return path == "name" or (path.__class__ is str and path.strip() == "name")


def not_a_start(path: FactValue, source: str, place: str) -> ReadError:
    """The error for a table whose first row is not a battle's name."""
    try:
        shown = _text_of(path, "path")
    except _RowError as exc:
        return ReadError(f"{source}: {place}, column {exc.column}: {exc.message}")
    return ReadError(
        f"{source}: {place}, column path: the first row of a battle is its name (path 'name'), not {shown!r}"
    )


def battles_from_batches(
    batches: Iterable[tuple[int, Sequence[Record]]], *, source: str, place: Callable[[int], str] | None = None
) -> Iterator[Battle]:
    """The battles of rows already cut into battles: each the number of its first row, and its rows."""
    label = place or _row_place
    for first, batch in batches:
        yield _battle(batch, first, source, label)


def _battle(batch: Sequence[Record], first: int, source: str, label: Callable[[int], str]) -> Battle:
    try:
        return _fast_battle(batch)
    except Exception:  # whatever the fast path does not take, the slow path reads again
        pass
    builder = _Builder(first, label)
    for offset, record in enumerate(batch):
        number = first + offset
        try:
            builder.add(dict(zip(FACT_COLUMNS, record, strict=False)), number)
        except _RowError as exc:
            raise ReadError(f"{source}: {label(number)}, column {exc.column}: {exc.message}") from None
    return builder.build(source)
