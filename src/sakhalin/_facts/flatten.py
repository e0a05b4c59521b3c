"""The one flattening of a battle into fact rows: :func:`facts` and, for the exporters, :func:`fact_rows`.

One walk over the battle (:class:`_Walk`) makes each row's parts once, in the table's
order; :func:`facts` makes :class:`Fact` objects of them and :func:`fact_rows` the cells in
:data:`FACT_COLUMNS` order, as :meth:`Fact.as_tuple` gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import attrs

from sakhalin._facts.schema import Fact, FactRow, FactValue, value_type
from sakhalin._model import Battle, Casualties, Citation, DateRange, Person, Quantity

__all__ = ["fact_rows", "facts"]

Entry: TypeAlias = tuple[
    str, str, FactValue, FactValue, str | None, str | None, str | None, Citation | None, str, bool
]
"""A row's parts as the walk makes them: subject, attribute, value, value_end, unit, qualifier,
wording, citation, path, and whether the row stands for its citation (a citation row)."""


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
    name = battle.name
    return iter(
        [
            Fact(
                battle=name,
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
            for subject, attribute, value, value_end, unit, qualifier, wording, citation, path, _ in _Walk(
                battle
            ).entries()
        ]
    )


def fact_rows(battle: Battle) -> list[FactRow]:
    """The rows of :func:`facts` as :meth:`Fact.as_tuple` gives them, made without the Fact objects.

    For the tabular exporters: the same cells in :data:`FACT_COLUMNS` order, all of one
    battle's rows at once (a list of about a hundred tuples: exporters still hold one
    battle at a time).
    """
    name = battle.name
    # A citation's text is made once per battle, though many rows show it: fact_rows of
    # 1,000 of benchmarks/run.py's battles takes 0.51 s with this, 0.56 s without.
    texts: dict[int, str] = {}
    rows: list[FactRow] = []
    for subject, attribute, value, value_end, unit, qualifier, wording, citation, path, own in _Walk(
        battle
    ).entries():
        if citation is None:
            text = None
        else:
            text = texts.get(id(citation))
            if text is None:
                text = texts[id(citation)] = str(citation)
        kind = "text" if value.__class__ is str else value_type(value)
        if own:
            assert citation is not None
            rows.append(
                (
                    name, subject, attribute, value, value_end, unit, qualifier, wording, text, path, kind,
                    citation.source, citation.infobox_row, citation.section, citation.paragraph,
                )
            )  # fmt: skip
        else:
            rows.append(
                (
                    name, subject, attribute, value, value_end, unit, qualifier, wording, text, path, kind,
                    None, None, None, None,
                )
            )  # fmt: skip
    return rows


class _Walk:
    """Walks a battle in the facts table's order, making each row's parts (an :data:`Entry`)."""

    def __init__(self, battle: Battle) -> None:
        self.battle = battle
        self.out: list[Entry] = []
        self._row_cites: dict[str, Citation | None] = {}

    def _row_cite(self, row: str, own: Citation | None = None) -> Citation | None:
        """The citation of a fact in an infobox row: its own, else the infobox's for that row."""
        if own is not None:
            return own
        try:
            return self._row_cites[row]
        except KeyError:
            base = self.battle.infobox_citation
            cite = self._row_cites[row] = None if base is None else attrs.evolve(base, infobox_row=row)
            return cite

    def _fact(
        self,
        subject: str,
        attribute: str,
        value: FactValue,
        path: str,
        citation: Citation | None,
        value_end: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        wording: str | None = None,
    ) -> None:
        self.out.append(
            (subject, attribute, value, value_end, unit, qualifier, wording, citation, path, False)
        )

    def _cite(self, subject: str, citation: Citation | None, path: str, attribute: str = "citation") -> None:
        """The row of a citation object (its parts fill the ``cite_`` columns, its note ``value``)."""
        if citation is not None:
            self.out.append((subject, attribute, citation.note, None, None, None, None, citation, path, True))

    def _date(self, subject: str, attribute: str, date: DateRange, path: str, cite: Citation | None) -> None:
        end = None if date.end == date.start else date.end
        self._fact(subject, attribute, date.start, path, cite, end, None, str(date.precision), date.text)

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
        self._cite(subject, c.citation, f"{path}.citation")

    def entries(self) -> list[Entry]:
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
            self._fact(name, "coordinates", b.coordinates, "coordinates", self._row_cite("Coordinates"))
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
