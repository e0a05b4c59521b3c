"""The one flattening of a battle into fact rows, shared by every tabular exporter."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TypeAlias

import attrs

from sakhalin._model import (
    Battle,
    Casualties,
    Citation,
    DateRange,
    Person,
    Quantity,
)

__all__ = ["FACT_COLUMNS", "Fact", "FactValue", "facts"]

FactValue: TypeAlias = str | int | datetime.date | None

FACT_COLUMNS: tuple[str, ...] = (
    "battle",
    "subject",
    "attribute",
    "value",
    "value_end",
    "unit",
    "qualifier",
    "citation",
    "path",
)
"""The columns of the facts table, in order."""


@attrs.frozen(kw_only=True)
class Fact:
    """One row of the facts table.

    ``value`` is typed: an ``int`` for a figure, a :class:`datetime.date` for a date,
    otherwise text. ``value_end`` is the other end of a range (of figures or dates).
    ``qualifier`` says how a figure is known (``exact``, ``nominal``, ...) or how
    precise a date is (``day``, ``month``, ``year``). ``path`` names the place in the
    model the fact comes from (``sides[1].strength[0]``).
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

    def as_tuple(self) -> tuple[FactValue, ...]:
        """The row's cells in :data:`FACT_COLUMNS` order, the citation as text."""
        return (
            self.battle,
            self.subject,
            self.attribute,
            self.value,
            self.value_end,
            self.unit,
            self.qualifier,
            None if self.citation is None else str(self.citation),
            self.path,
        )


def facts(battle: Battle) -> Iterator[Fact]:
    """Flatten a battle into fact rows, one fact a row, each with its citation.

    The rows come in a stable order: the infobox first (in the order the infobox
    shows its rows), then the people, organisations, places, events, statements
    and sources. Infobox facts without a citation of their own cite their infobox row
    through :attr:`Battle.infobox_citation`.

    .. versionadded:: 0.1.0
    """
    return _Flattener(battle).rows()


class _Flattener:
    def __init__(self, battle: Battle) -> None:
        self.battle = battle

    def _row_cite(self, row: str, own: Citation | None = None) -> Citation | None:
        if own is not None:
            return own
        base = self.battle.infobox_citation
        return None if base is None else attrs.evolve(base, infobox_row=row)

    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: Citation | None,
        *,
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
    ) -> Fact:
        return Fact(
            battle=self.battle.name,
            subject=subject,
            attribute=attribute,
            value=value,
            value_end=value_end,
            unit=unit,
            qualifier=qualifier,
            citation=citation,
            path=path,
        )

    def _date(
        self, subject: str, attribute: str, date: DateRange, path: str, cite: Citation | None
    ) -> Iterator[Fact]:
        if date.start is None:
            yield self._fact(subject, attribute, date.text, path, cite)
            return
        end = None if date.end == date.start else date.end
        yield self._fact(
            subject, attribute, date.start, path, cite, value_end=end, qualifier=str(date.precision)
        )

    def _quantity(self, subject: str, attribute: str, q: Quantity, path: str, cite: Citation | None) -> Fact:
        value: FactValue = q.value if q.value is not None else q.text
        return self._fact(
            subject,
            attribute,
            value,
            path,
            cite,
            value_end=q.high,
            unit=q.unit,
            qualifier=str(q.qualifier),
        )

    def _casualties(self, subject: str, c: Casualties, path: str, cite: Citation | None) -> Iterator[Fact]:
        yield self._fact(subject, "casualties", c.text, f"{path}.text", cite)
        for i, item in enumerate(c.items):
            attribute = f"casualties: {item.kind}"
            if item.label is not None and item.label != str(item.kind):
                attribute += f" ({item.label})"
            yield self._quantity(subject, attribute, item.quantity, f"{path}.items[{i}]", cite)

    def rows(self) -> Iterator[Fact]:
        b = self.battle
        name = b.name
        yield self._fact(name, "name", name, "name", self._row_cite("Title"))
        for i, alt in enumerate(b.alt_names):
            yield self._fact(name, "also known as", alt, f"alt_names[{i}]", self._row_cite("Title"))
        for i, local in enumerate(b.names):
            cite = self._row_cite("Title", local.citation)
            yield self._fact(name, f"name ({local.lang})", local.name, f"names[{i}].name", cite)
            if local.romanisation is not None:
                yield self._fact(
                    name,
                    f"name ({local.lang}, romanised)",
                    local.romanisation,
                    f"names[{i}].romanisation",
                    cite,
                )
        if b.image is not None:
            yield self._fact(name, "image", b.image, "image", self._row_cite("Image"))
        if b.caption is not None:
            yield self._fact(name, "caption", b.caption, "caption", self._row_cite("Caption"))
        if b.war is not None:
            cite = self._row_cite("Part of", b.war.citation)
            yield self._fact(name, "part of", b.war.name, "war.name", cite)
            if b.war.date is not None:
                yield from self._date(b.war.name, "date", b.war.date, "war.date", cite)
        if b.date is not None:
            yield from self._date(name, "date", b.date, "date", self._row_cite("Date"))
        if b.place is not None:
            cite = self._row_cite("Location", b.place.citation)
            yield self._fact(name, "location", b.place.name, "place.name", cite)
            for i, alt in enumerate(b.place.alt_names):
                yield self._fact(b.place.name, "also known as", alt, f"place.alt_names[{i}]", cite)
        if b.coordinates is not None:
            yield self._fact(name, "coordinates", b.coordinates, "coordinates", self._row_cite("Coordinates"))
        if b.result is not None:
            yield self._fact(name, "result", b.result, "result", self._row_cite("Result"))
        if b.territory is not None:
            yield self._fact(name, "territory", b.territory, "territory", self._row_cite("Territory"))
        yield from self._sides()
        if b.joint_casualties is not None:
            cite = self._row_cite("Casualties and losses", b.joint_casualties.citation)
            yield from self._casualties("all sides", b.joint_casualties, "joint_casualties", cite)
        for key, value in b.extra:
            yield self._fact(name, key, value, f"extra[{key}]", self._row_cite(key))
        yield from self._story()

    def _sides(self) -> Iterator[Fact]:
        for s, side in enumerate(self.battle.sides):
            side_name = side.name
            base = f"sides[{s}]"
            for i, bel in enumerate(side.belligerents):
                cite = self._row_cite("Belligerents", bel.citation)
                yield self._fact(
                    side_name, f"belligerent (side {s + 1})", bel.name, f"{base}.belligerents[{i}]", cite
                )
                for j, alt in enumerate(bel.alt_names):
                    yield self._fact(
                        bel.name, "also known as", alt, f"{base}.belligerents[{i}].alt_names[{j}]", cite
                    )
            for i, person in enumerate(side.commanders):
                cite = self._row_cite("Commanders and leaders", next(iter(person.citations), None))
                yield self._fact(side_name, "commander", person.name, f"{base}.commanders[{i}]", cite)
            for i, unit in enumerate(side.units):
                yield self._fact(
                    side_name, "unit", unit, f"{base}.units[{i}]", self._row_cite("Units involved")
                )
            for i, q in enumerate(side.strength):
                yield self._quantity(
                    side_name, "strength", q, f"{base}.strength[{i}]", self._row_cite("Strength")
                )
            if side.casualties is not None:
                cite = self._row_cite("Casualties and losses", side.casualties.citation)
                yield from self._casualties(side_name, side.casualties, f"{base}.casualties", cite)
            for i, person in enumerate(side.commanders):
                yield from self._person(person, f"{base}.commanders[{i}]", "Commanders and leaders")

    def _person(self, person: Person, path: str, row: str | None = None) -> Iterator[Fact]:
        cite = next(iter(person.citations), None)
        if cite is None and row is not None:
            cite = self._row_cite(row)
        for attribute, field, value in (
            ("rank or title", "rank", person.rank),
            ("full name", "full_name", person.full_name),
            ("role", "role", person.role),
        ):
            if value is not None:
                yield self._fact(person.name, attribute, value, f"{path}.{field}", cite)
        for i, alt in enumerate(person.alt_names):
            yield self._fact(person.name, "also known as", alt, f"{path}.alt_names[{i}]", cite)

    def _story(self) -> Iterator[Fact]:
        b = self.battle
        for i, person in enumerate(b.people):
            yield self._fact(
                person.name, "person", person.name, f"people[{i}]", next(iter(person.citations), None)
            )
            yield from self._person(person, f"people[{i}]")
        for i, org in enumerate(b.organisations):
            yield self._fact(
                org.name, "organisation", org.description or org.name, f"organisations[{i}]", org.citation
            )
            for j, alt in enumerate(org.alt_names):
                yield self._fact(
                    org.name, "also known as", alt, f"organisations[{i}].alt_names[{j}]", org.citation
                )
        for i, place in enumerate(b.places):
            yield self._fact(
                place.name, "place", place.description or place.name, f"places[{i}]", place.citation
            )
            for j, alt in enumerate(place.alt_names):
                yield self._fact(
                    place.name, "also known as", alt, f"places[{i}].alt_names[{j}]", place.citation
                )
        for i, event in enumerate(b.events):
            subject = event.date.text or (event.date.start.isoformat() if event.date.start else "event")
            yield self._fact(subject, "event", event.summary, f"events[{i}].summary", event.citation)
            yield from self._date(subject, "event date", event.date, f"events[{i}].date", event.citation)
            for j, who in enumerate(event.participants):
                yield self._fact(
                    subject, "participant", who, f"events[{i}].participants[{j}]", event.citation
                )
        for i, st in enumerate(b.statements):
            path = f"statements[{i}]"
            yield self._fact(st.subject, st.attribute, st.text, f"{path}.text", st.citation)
            if st.quantity is not None:
                yield self._quantity(st.subject, st.attribute, st.quantity, f"{path}.quantity", st.citation)
            if st.date is not None:
                yield from self._date(
                    st.subject, f"{st.attribute}: date", st.date, f"{path}.date", st.citation
                )
        for i, source in enumerate(b.sources):
            path = f"sources[{i}]"
            yield self._fact(source.key, "title", source.title, f"{path}.title", None)
            for attribute, value in (
                ("url", source.url),
                ("year", source.year),
                ("publisher", source.publisher),
                ("isbn", source.isbn),
                ("licence", source.licence),
                ("note", source.note),
            ):
                if value is not None:
                    yield self._fact(source.key, attribute, value, f"{path}.{attribute}", None)
            for j, author in enumerate(source.authors):
                yield self._fact(source.key, "author", author, f"{path}.authors[{j}]", None)
