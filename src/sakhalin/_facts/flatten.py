"""The one flattening of a battle into fact rows: :func:`facts` and, for the exporters, :func:`fact_rows`.

One walk over the battle (:class:`_Walk`) makes each row's cells once, in the table's
order and in :data:`FACT_COLUMNS` order; the two differ only in how the ``citation`` cell
shows the citation: :func:`facts` keeps the :class:`Citation` (and makes :class:`Fact`
objects of the rows), :func:`fact_rows` its text, as :meth:`Fact.as_tuple` gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from sakhalin._facts.schema import Fact, FactRow, FactValue, value_type
from sakhalin._model import (
    Battle,
    Casualties,
    Citation,
    Coordinates,
    DateRange,
    Person,
    Quantity,
    citation_text,
)

__all__ = ["fact_rows", "facts"]


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
    return iter(
        [
            Fact(
                battle=row[0],
                subject=row[1],
                attribute=row[2],
                value=row[3],
                value_end=row[4],
                unit=row[5],
                qualifier=row[6],
                wording=row[7],
                citation=row[8],
                path=row[9],
            )
            for row in _Walk(battle, _same, _row_citation).rows()
        ]
    )


def _same(citation: Citation) -> Citation:
    return citation


def _row_citation(base: Citation, row: str) -> Citation:
    return attrs.evolve(base, infobox_row=row)


def _row_citation_text(base: Citation, row: str) -> str:
    # (the text of attrs.evolve(base, infobox_row=row), made without the Citation: with its
    # checks, making it was a third of fact_rows' time)
    return citation_text(base.source, row, base.section, base.paragraph, base.note)


def fact_rows(battle: Battle) -> list[FactRow]:
    """The rows of :func:`facts` as :meth:`Fact.as_tuple` gives them, made without the Fact objects.

    For the tabular exporters: the same cells in :data:`FACT_COLUMNS` order, all of one
    battle's rows at once (a list of about a hundred tuples: exporters still hold one
    battle at a time).
    """
    # A citation's text is made once per battle, though many rows show it: fact_rows of
    # 1,000 of benchmarks/run.py's battles takes 0.51 s with this, 0.56 s without.
    texts: dict[int, str] = {}

    def text(citation: Citation) -> str:
        shown = texts.get(id(citation))
        if shown is None:
            shown = texts[id(citation)] = str(citation)
        return shown

    return _Walk(battle, text, _row_citation_text).rows()


class _Walk:
    """Walks a battle in the facts table's order, making each row's cells."""

    def __init__(
        self,
        battle: Battle,
        shown: Callable[[Citation], Any],
        row_shown: Callable[[Citation, str], Any],
    ) -> None:
        self.battle = battle
        self.name = battle.name
        self.shown = shown  # what the citation cell holds: the Citation, or its text
        self.row_shown = row_shown  # the same for the infobox's citation of one of its rows
        self.out: list[Any] = []
        self._row_cites: dict[str, Any] = {}

    def rows(self) -> list[Any]:
        """Every row of the battle, in order."""
        self._walk()
        return self.out

    def _row_cite(self, row: str, own: Citation | None = None) -> Any:
        """The citation of a fact in an infobox row: its own, else the infobox's for that row (as shown)."""
        if own is not None:
            return own
        try:
            return self._row_cites[row]
        except KeyError:
            base = self.battle.infobox_citation
            cite = self._row_cites[row] = None if base is None else self.row_shown(base, row)
            return cite

    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: Any,  # a Citation, one already shown (an infobox row's), or None
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        wording: str | None = None,
    ) -> None:
        self.out.append(
            (
                self.name, subject, attribute, value, value_end, unit, qualifier, wording,
                citation if citation is None or citation.__class__ is str else self.shown(citation), path,
                "text" if value.__class__ is str else value_type(value), None, None, None, None,
            )
        )  # fmt: skip

    def _cite(self, subject: str, citation: Citation | None, path: str, attribute: str = "citation") -> None:
        """The row of a citation object (its parts fill the ``cite_`` columns, its note ``value``)."""
        if citation is not None:
            note = citation.note
            self.out.append(
                (
                    self.name, subject, attribute, note, None, None, None, None, self.shown(citation), path,
                    "text" if note.__class__ is str else value_type(note),
                    citation.source, citation.infobox_row, citation.section, citation.paragraph,
                )
            )  # fmt: skip

    def _date(self, subject: str, attribute: str, date: DateRange, path: str, cite: Citation | None) -> None:
        start: FactValue = date.start
        end: FactValue = None if date.end == date.start else date.end
        if date.start is None and date.start_year is not None:  # before AD 1: the years
            start, end = date.start_year, None if date.end_year == date.start_year else date.end_year
        self._fact(subject, attribute, start, path, cite, end, None, str(date.precision), date.text)

    def _coordinates(self, subject: str, c: Coordinates, cite: Citation | None) -> None:
        latitude = None if c.latitude is None else repr(c.latitude)
        longitude = None if c.longitude is None else repr(c.longitude)
        self._fact(subject, "coordinates", latitude, "coordinates", cite, longitude, None, None, c.text)

    def _quantity(self, subject: str, attribute: str, q: Quantity, path: str, cite: Citation | None) -> None:
        self._fact(subject, attribute, q.value, path, cite, q.high, q.unit, str(q.qualifier), q.text)

    def _casualties(self, subject: str, c: Casualties, path: str, cite: Citation | None) -> None:
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

    def _walk(self) -> None:
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
        cite: Citation | None = next(iter(person.citations), None)
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
