"""What each sheet of a workbook shows, cell by cell, and which fact an edit of each cell changes.

This module is the one description of the workbook's sheets people read. The xlsx exporter
writes the values it gives; the xlsx reader renders the same rows again from the facts it read
(the hidden ``Round trip`` sheet) and compares them with the cells it finds, so that a changed
cell becomes a change to a fact, through the same description.

Every cell comes with an *edit*, which says where a change to it goes:

* :class:`Ref`: the cell shows one cell of the facts table (the row of ``path``, the column
  ``column``) as it is; a change sets that cell of the facts table.
* :class:`End`: the last day of a date (a date's ``value_end``, or its first day when the
  date is one day long).
* :class:`Lines`: one line for each of several facts (the belligerents of a side, one a line);
  each line is edited like a :class:`Ref`, and a line that is worked out (``None``) cannot be.
* :class:`Fixed`: the cell is worked out from several facts (a total, a label, a citation's
  text) and cannot be edited; its text says where to change what it shows.

Each row has a key, written in the sheet's last column (hidden), so that rows sorted or
filtered by a person are still matched with the row they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple, TypeAlias

from sakhalin._facts import FACT_COLUMNS, fact_rows
from sakhalin._facts.schema import PATH
from sakhalin._model import (
    Battle,
    Casualties,
    CasualtyKind,
    Person,
    Quantity,
)
from sakhalin._wording import date_text, person_text, qualifier_text, quantity_text

__all__ = [
    "FACT_HEADINGS",
    "HEADERS",
    "KEY",
    "NAME",
    "ROUND_TRIP",
    "SIDE_GROUPS",
    "End",
    "Fixed",
    "Lines",
    "Ref",
    "Row",
    "battles_rows",
    "bookkeeping",
    "render",
]


class Ref(NamedTuple):
    """The cell shows the cell ``column`` of the fact at ``path``, as it is."""

    path: str
    column: str = "value"


class End(NamedTuple):
    """The cell shows the last day of the date at ``path``."""

    path: str


class Lines(NamedTuple):
    """One line for each item; a line that is worked out (``None``) cannot be edited."""

    items: tuple[Ref | None, ...]
    how: str = ""


class Fixed(NamedTuple):
    """A cell worked out from several facts; ``how`` says where to change what it shows."""

    how: str


Edit: TypeAlias = Ref | End | Lines | Fixed
Row: TypeAlias = tuple[str, Sequence[object], Sequence[Edit] | str]
"""A row: its key, its values, and each value's edit (or, on the Facts sheet, the fact's path)."""

KEY: Final = "Row key"
"""The heading of each sheet's last, hidden column: the row's key, for matching sorted rows."""
ROUND_TRIP: Final = "Round trip"
"""The hidden sheet holding the lossless facts table the reader reads back."""
SIDE_GROUPS: Final = 2
"""How many sides have columns of their own on the Battles sheet; more are in "Other sides"."""

FACT_HEADINGS: Final[dict[str, str]] = {
    "battle": "Battle",
    "subject": "Subject",
    "attribute": "Attribute",
    "value": "Value",
    "value_end": "Value (end)",
    "unit": "Unit",
    "qualifier": "Qualifier",
    "wording": "Wording",
    "citation": "Citation",
    "path": "Path",
    "type": "Type",
    "cite_source": "Cited source",
    "cite_infobox_row": "Cited infobox row",
    "cite_section": "Cited section",
    "cite_paragraph": "Cited paragraph",
}
"""The Facts sheet's heading of each column of :data:`sakhalin.FACT_COLUMNS`."""

_KINDS = (
    CasualtyKind.KILLED,
    CasualtyKind.WOUNDED,
    CasualtyKind.CAPTURED,
    CasualtyKind.MISSING,
    CasualtyKind.TOTAL,
    CasualtyKind.OTHER,
)


def _battles_headers() -> tuple[str, ...]:
    sides = []
    for n in range(1, SIDE_GROUPS + 1):
        sides += [
            f"Side {n} belligerents",
            f"Side {n} commanders",
            f"Side {n} strength",
            f"Side {n} casualties",
        ]
    return (
        "Name",
        "Also known as",
        "Part of",
        "Start",
        "End",
        "Date (stated)",
        "Location",
        "Result",
        *sides,
        "Other sides",
    )


HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "Battles": _battles_headers(),
    "Overview": ("Battle", "Field", "Value"),
    "Sides": (
        "Battle",
        "Side",
        "Belligerents",
        "Commanders",
        "Units",
        "Strength",
        "Strength (high)",
        "Strength qualifier",
        "Strength unit",
        "Strength (stated)",
        *(str(kind).capitalize() for kind in _KINDS),
        "Casualties (stated)",
    ),
    "People": ("Battle", "Name", "Side", "Role", "Rank or title", "Full name", "Also known as", "Citation"),
    "Events": ("Battle", "Start", "End", "Precision", "Date (stated)", "Summary", "Participants", "Citation"),
    "Facts": tuple(FACT_HEADINGS[c] for c in FACT_COLUMNS),
    "Sources": ("Battle", "Key", "Title", "Authors", "Year", "Publisher", "URL", "ISBN", "Licence", "Note"),
}
"""Each sheet's headings (without the hidden key column)."""

PLAIN_NUMBERS: Final[dict[str, frozenset[int]]] = {
    "Sides": frozenset({2}),
    "People": frozenset({3}),
    "Sources": frozenset({5}),
}
"""The columns (from 1) whose numbers are not counts (years, numbers of sides): no separator."""


# --- words ----------------------------------------------------------------------------------------


def _lines(items: Iterable[str]) -> str | None:
    text = "\n".join(items)
    return text or None


def _kind_total(c: Casualties | None, kind: CasualtyKind) -> int | None:
    if c is None:
        return None
    figures = [item.quantity.value for item in c.of_kind(kind) if item.quantity.value is not None]
    return sum(figures) if figures else None


# --- edits ----------------------------------------------------------------------------------------

NAME: Final = Ref("name")
_LABEL: Final = Fixed("the label names the row and cannot be changed")
_FACTS_SHEET = "the Facts sheet"


def _commander_lines(path: str, people: Sequence[Person]) -> Lines:
    return Lines(
        tuple(
            Ref(f"{path}.commanders[{i}].name") if p.full_name is None else None for i, p in enumerate(people)
        ),
        "a line with a full name in brackets is worked out; change the name or the full name "
        "on the People sheet",
    )


def _strength_lines(path: str, strength: Sequence[Quantity]) -> Lines:
    return Lines(
        tuple(
            Ref(f"{path}.strength[{i}]", "wording") if q.text is not None else None
            for i, q in enumerate(strength)
        ),
        "a strength without its own wording is worked out from its figure; change the figure "
        "on the Sides sheet or the Facts sheet",
    )


def _list_lines(path: str, count: int) -> Lines:
    return Lines(tuple(Ref(f"{path}[{i}]") for i in range(count)))


def _kind_edit(c: Casualties | None, path: str, kind: CasualtyKind) -> Edit:
    if c is not None:
        found = [i for i, item in enumerate(c.items) if item.kind == kind]
        if len(found) == 1:
            return Ref(f"{path}.items[{found[0]}].quantity")
    return Fixed(
        f"the {kind} figure is the sum of the casualty figures of that kind; change them (or "
        f"add one) on {_FACTS_SHEET}, in the rows whose path starts with {path}.items"
    )


# --- sheets ---------------------------------------------------------------------------------------


def _overview(b: Battle, n: int) -> Iterator[Row]:
    def row(rowid: str, label: str, value: object, edit: Edit) -> Row:
        return (f"{n} {rowid}", (b.name, label, value), (NAME, _LABEL, edit))

    yield row("name", "Name", b.name, NAME)
    if b.alt_names or b.names:
        also = [*b.alt_names, *(f"{local.name} ({local.lang})" for local in b.names)]
        edit = Lines(
            (*(Ref(f"alt_names[{i}]") for i in range(len(b.alt_names))), *(None for _ in b.names)),
            f"a name with its language in brackets is worked out; change it on {_FACTS_SHEET} "
            "(paths names[n].name and names[n].lang)",
        )
        yield row("alt_names", "Also known as", _lines(also), edit)
    if b.war is not None:
        yield row("war", "Part of", b.war.name, Ref("war.name"))
    if b.date is not None:
        how = Ref("date", "wording") if b.date.text is not None else Fixed(_DATE_HOW)
        yield row("date", "Date", date_text(b.date) or None, how)
    if b.place is not None:
        yield row("place", "Location", b.place.name, Ref("place.name"))
    if b.coordinates is not None:
        how = Fixed(
            "the coordinates are worked out from a latitude and a longitude; change them on the "
            "Facts sheet (paths starting with coordinates)"
        )
        yield row("coordinates", "Coordinates", str(b.coordinates), how)
    if b.result is not None:
        yield row("result", "Result", b.result, Ref("result"))
    if b.territory is not None:
        yield row("territory", "Territory", b.territory, Ref("territory"))
    for s, side in enumerate(b.sides):
        k, path = s + 1, f"sides[{s}]"
        yield row(
            f"{path}.belligerents",
            f"Belligerents (side {k})",
            _lines(bel.name for bel in side.belligerents),
            Lines(tuple(Ref(f"{path}.belligerents[{i}].name") for i in range(len(side.belligerents)))),
        )
        if side.commanders:
            yield row(
                f"{path}.commanders",
                f"Commanders (side {k})",
                _lines(person_text(p) for p in side.commanders),
                _commander_lines(path, side.commanders),
            )
        if side.units:
            yield row(
                f"{path}.units",
                f"Units (side {k})",
                _lines(side.units),
                _list_lines(f"{path}.units", len(side.units)),
            )
        if side.strength:
            yield row(
                f"{path}.strength",
                f"Strength (side {k})",
                _lines(quantity_text(q) for q in side.strength),
                _strength_lines(path, side.strength),
            )
        if side.casualties is not None:
            yield row(
                f"{path}.casualties",
                f"Casualties (side {k})",
                side.casualties.text,
                Ref(f"{path}.casualties.text"),
            )
    if b.joint_casualties is not None:
        yield row(
            "joint_casualties",
            "Casualties (all sides)",
            b.joint_casualties.text,
            Ref("joint_casualties.text"),
        )


_DATE_HOW = (
    "the date is worked out from its first and last days; change them on the Facts sheet "
    "(Value and Value (end) of the row with path date)"
)


def _sides(b: Battle, n: int) -> Iterator[Row]:
    side_number = Fixed("the side's number cannot be changed")
    for s, side in enumerate(b.sides):
        path = f"sides[{s}]"
        first = side.strength[0] if side.strength else None
        q = f"{path}.strength[0]"
        c = side.casualties
        cpath = f"{path}.casualties"
        yield (
            f"{n} {path}",
            (
                b.name,
                s + 1,
                _lines(bel.name for bel in side.belligerents),
                _lines(person_text(p) for p in side.commanders),
                _lines(side.units),
                None if first is None else first.value,
                None if first is None else first.high,
                None if first is None else qualifier_text(first.qualifier),
                None if first is None else first.unit,
                _lines(quantity_text(q) for q in side.strength),
                *(_kind_total(c, kind) for kind in _KINDS),
                None if c is None else c.text,
            ),
            (
                NAME,
                side_number,
                Lines(tuple(Ref(f"{path}.belligerents[{i}].name") for i in range(len(side.belligerents)))),
                _commander_lines(path, side.commanders),
                _list_lines(f"{path}.units", len(side.units)),
                Ref(q),
                Ref(q, "value_end"),
                Ref(q, "qualifier"),
                Ref(q, "unit"),
                _strength_lines(path, side.strength),
                *(_kind_edit(c, cpath, kind) for kind in _KINDS),
                Ref(f"{cpath}.text")
                if c is not None
                else Fixed(f"the side has no casualties; add them on {_FACTS_SHEET} (path {cpath}.text)"),
            ),
        )
    if b.joint_casualties is not None:
        c = b.joint_casualties
        yield (
            f"{n} joint_casualties",
            (b.name, "all sides", *([None] * 8), *(_kind_total(c, kind) for kind in _KINDS), c.text),
            (
                NAME,
                side_number,
                *([Fixed("the casualties of all sides have no such figure")] * 8),
                *(_kind_edit(c, "joint_casualties", kind) for kind in _KINDS),
                Ref("joint_casualties.text"),
            ),
        )


_CITATION_HOW = Fixed(
    "the citation is worked out from its parts; change them on the Facts sheet "
    "(the Cited ... columns of its row)"
)


def _people(b: Battle, n: int) -> Iterator[Row]:
    everyone: list[tuple[int | None, str, Person]] = [
        (s + 1, f"sides[{s}].commanders[{i}]", p)
        for s, side in enumerate(b.sides)
        for i, p in enumerate(side.commanders)
    ]
    everyone += [(None, f"people[{i}]", p) for i, p in enumerate(b.people)]
    side_how = Fixed(
        "the side a commander leads cannot be changed here; move the commander on the Facts sheet"
    )
    for side, path, p in everyone:
        cite = str(p.citations[0]) if p.citations else None
        yield (
            f"{n} {path}",
            (b.name, p.name, side, p.role, p.rank, p.full_name, _lines(p.alt_names), cite),
            (
                NAME,
                Ref(f"{path}.name"),
                side_how,
                Ref(f"{path}.role"),
                Ref(f"{path}.rank"),
                Ref(f"{path}.full_name"),
                _list_lines(f"{path}.alt_names", len(p.alt_names)),
                _CITATION_HOW,
            ),
        )


def _events(b: Battle, n: int) -> Iterator[Row]:
    for i, e in enumerate(b.events):
        d = e.date
        path = f"events[{i}]"
        date = f"{path}.date"
        precision = None if d.start is None else str(d.precision)
        cite = None if e.citation is None else str(e.citation)
        yield (
            f"{n} {path}",
            (b.name, d.start, d.end, precision, d.text, e.summary, _lines(e.participants), cite),
            (
                NAME,
                Ref(date),
                End(date),
                Ref(date, "qualifier"),
                Ref(date, "wording"),
                Ref(f"{path}.summary"),
                _list_lines(f"{path}.participants", len(e.participants)),
                _CITATION_HOW,
            ),
        )


def _sources(b: Battle, n: int) -> Iterator[Row]:
    for i, src in enumerate(b.sources):
        path = f"sources[{i}]"
        yield (
            f"{n} {path}",
            (
                b.name,
                src.key,
                src.title,
                _lines(src.authors),
                src.year,
                src.publisher,
                src.url,
                src.isbn,
                src.licence,
                src.note,
            ),
            (
                NAME,
                Ref(f"{path}.title", "subject"),
                Ref(f"{path}.title"),
                _list_lines(f"{path}.authors", len(src.authors)),
                Ref(f"{path}.year"),
                Ref(f"{path}.publisher"),
                Ref(f"{path}.url"),
                Ref(f"{path}.isbn"),
                Ref(f"{path}.licence"),
                Ref(f"{path}.note"),
            ),
        )


_BOOKKEEPING = ("infobox_template", "infobox_params[", "infobox_digests[")


def bookkeeping(path: object) -> bool:
    """Whether a fact serves only lossless round trips (the infobox as read), kept off the Facts sheet."""
    return isinstance(path, str) and path.startswith(_BOOKKEEPING)


def _facts(b: Battle, n: int) -> Iterator[Row]:
    for values in fact_rows(b):
        path = values[PATH]
        assert isinstance(path, str)
        if not path.startswith(_BOOKKEEPING):
            yield (f"{n} {path}", values, path)


def battles_rows(b: Battle, n: int) -> Iterator[Row]:
    """The battle's row of the Battles sheet."""
    d = b.date
    values: list[object] = [
        b.name,
        _lines([*b.alt_names, *(f"{local.name} ({local.lang})" for local in b.names)]),
        None if b.war is None else b.war.name,
        None if d is None else d.start,
        None if d is None else d.end,
        None if d is None else d.text,
        None if b.place is None else b.place.name,
        b.result,
    ]
    edits: list[Edit] = [
        NAME,
        Lines(
            (*(Ref(f"alt_names[{i}]") for i in range(len(b.alt_names))), *(None for _ in b.names)),
            "a name with its language in brackets is worked out; change it on the Facts sheet",
        ),
        Ref("war.name")
        if b.war is not None
        else Fixed("the battle is part of no war; add one on the Facts sheet (path war.name)"),
        Ref("date"),
        End("date"),
        Ref("date", "wording"),
        Ref("place.name")
        if b.place is not None
        else Fixed("the battle has no location; add one on the Facts sheet (path place.name)"),
        Ref("result"),
    ]
    for s in range(SIDE_GROUPS):
        if s >= len(b.sides):
            values += [None] * 4
            edits += [Fixed(f"the battle has no side {s + 1}; add it on the Facts sheet")] * 4
            continue
        side = b.sides[s]
        path = f"sides[{s}]"
        first = side.strength[0] if side.strength else None
        values += [
            _lines(bel.name for bel in side.belligerents),
            _lines(person_text(p) for p in side.commanders),
            None if first is None else first.value,
            None if side.casualties is None else side.casualties.text,
        ]
        edits += [
            Lines(tuple(Ref(f"{path}.belligerents[{i}].name") for i in range(len(side.belligerents)))),
            _commander_lines(path, side.commanders),
            Ref(f"{path}.strength[0]"),
            Ref(f"{path}.casualties.text")
            if side.casualties is not None
            else Fixed(
                f"the side has no casualties; add them on the Facts sheet (path {path}.casualties.text)"
            ),
        ]
    others = [f"side {s + 1}: {side.name}" for s, side in enumerate(b.sides) if s >= SIDE_GROUPS]
    values.append(_lines(others))
    edits.append(Fixed("more sides than the Battles sheet has columns for; change them on the Sides sheet"))
    yield (f"{n}", values, edits)


_RENDER: Final = {
    "Battles": battles_rows,
    "Overview": _overview,
    "Sides": _sides,
    "People": _people,
    "Events": _events,
    "Facts": _facts,
    "Sources": _sources,
}


def render(title: str, battle: Battle, number: int) -> Iterator[Row]:
    """The rows of a sheet for one battle (the ``number``-th of the workbook, from 1)."""
    return _RENDER[title](battle, number)
