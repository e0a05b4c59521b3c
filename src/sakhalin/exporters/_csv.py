"""CSV: the facts table (or a sides, people or events table), RFC 4180, UTF-8, safe to open in a spreadsheet.

Output
    One header row, then one row per fact (:func:`sakhalin.facts`, columns
    :data:`sakhalin.FACT_COLUMNS`), the rows of every battle in one table, written as the
    battles are read (the collection is never held in memory). Fields are separated by
    ``delimiter`` (``,``), quoted with ``"`` only when they must be (a delimiter, a quote,
    a CR or LF inside), quotes doubled, every record ended by CR LF (RFC 4180). Numbers are
    written bare (``7280``, ``-2``), dates as ISO 8601 (``1905-07-07``), an empty value as
    an empty field. Files are UTF-8, without a byte-order mark unless ``bom=True``.

For spreadsheets (``bom=``)
    With ``bom=True`` the file starts with a UTF-8 byte-order mark (U+FEFF, the bytes
    ``EF BB BF``), and is otherwise the same. Excel on Windows needs it to open a CSV file
    as UTF-8: without it, Excel takes the file for the system's code page (Windows-1252 in
    Western Europe) and shows "Shichirō" as "ShichirÅ" and a stray character. Readers that
    know the mark take it off: sakhalin's CSV reader, Python's ``csv`` module with
    ``encoding="utf-8-sig"``, the ``sqlite3`` shell's ``.import``, DuckDB. Off by default:
    a program that reads plain UTF-8 sees the mark as part of the first column's name.

Formula injection (OWASP "CSV injection")
    With ``escape_formulas=True`` (the default), a *text* cell that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return, after any number of apostrophes, gets
    one more apostrophe in front: ``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``, so a
    spreadsheet shows it as text and never runs it. Numbers (``-2`` too) and dates are not
    text and stay as they are. The CSV reader takes exactly that apostrophe off again: from
    a text cell that starts with one or more apostrophes followed by one of those six
    characters, it removes the first apostrophe; so every text reads back as it was
    (``'=x`` is written ``''=x`` and reads back ``'=x``). With ``escape_formulas=False``
    texts are written as they are; read such a file with the reader's
    ``unescape_formulas=False``.

Characters
    Every text survives as it is: newlines, quotes, delimiters, tabs, NUL, right-to-left
    marks, emoji, texts of any length. A lone surrogate (U+D800-U+DFFF alone) cannot be
    written in UTF-8 at all: the exporter refuses it with a :class:`sakhalin.ValidationError`
    naming the field's path, the column and the battle, before writing that row, rather
    than changing the text.

Other tables (``table=``)
    ``sides``: one row per side: its number (from 1), belligerents, commanders and units
    (each joined by ``; ``), the first strength figure with its high end, qualifier, unit
    and wording, the casualties' wording and, per kind (total, killed, wounded, captured,
    missing, other), the sum of the figures of that kind (the low end of a range; empty
    when no item of that kind has a figure). ``people``: one row per person, commanders
    first (with their side's number), then the other people of the story. ``events``: one
    row per event, with its first and last day as ISO dates. These tables are summaries
    for people; only the facts table is complete and can be read back.
"""

from __future__ import annotations

import csv
import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, ClassVar, Literal, TypeAlias

from sakhalin._errors import ValidationError
from sakhalin._formulas import FORMULA_STARTS, escape_formula
from sakhalin._model import Battle, CasualtyKind, Citation, Person, Quantity

__all__ = ["EVENTS_COLUMNS", "FORMULA_STARTS", "PEOPLE_COLUMNS", "SIDES_COLUMNS", "CsvExporter"]

Cell: TypeAlias = str | int | datetime.date | None
_KEEP = 4096  # the most texts whose fields are remembered from one battle to the next
_KEEP_LENGTH = 1024  # longer texts are worked out each time they are met, not remembered
Table: TypeAlias = Literal["facts", "sides", "people", "events"]
TABLES: tuple[Table, ...] = ("facts", "sides", "people", "events")

_ESCAPE_FIRST = FORMULA_STARTS | {"'"}
_KINDS = tuple(CasualtyKind)

SIDES_COLUMNS: tuple[str, ...] = (
    "battle",
    "side",
    "belligerents",
    "commanders",
    "units",
    "strength",
    "strength_high",
    "strength_qualifier",
    "strength_unit",
    "strength_wording",
    "casualties",
    *(str(kind) for kind in _KINDS),
)
"""The columns of the sides table."""

PEOPLE_COLUMNS: tuple[str, ...] = (
    "battle",
    "name",
    "rank",
    "full_name",
    "alt_names",
    "role",
    "side",
    "citation",
)
"""The columns of the people table."""

EVENTS_COLUMNS: tuple[str, ...] = (
    "battle",
    "start",
    "end",
    "precision",
    "wording",
    "summary",
    "participants",
    "citation",
)
"""The columns of the events table."""


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_encodable(text: str, where: Callable[[], tuple[str, str]]) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        path, place = where()
        code = ord(text[exc.start])
        raise ValidationError(
            [
                (
                    path,
                    f"holds a lone surrogate U+{code:04X} at index {exc.start}, which UTF-8 (CSV) cannot "
                    f"encode ({place})",
                )
            ]
        ) from None


def _joined(items: Iterable[str]) -> str | None:
    text = "; ".join(items)
    return text or None


def _cite(citation: Citation | None) -> str | None:
    return None if citation is None else str(citation)


def _figure_sum(quantities: Iterable[Quantity]) -> int | None:
    figures = [q.value for q in quantities if q.value is not None]
    return sum(figures) if figures else None


def _sides_rows(b: Battle) -> Iterator[tuple[tuple[Cell, ...], str]]:
    for s, side in enumerate(b.sides):
        first = side.strength[0] if side.strength else None
        casualties = side.casualties
        kinds: list[Cell] = [
            None
            if casualties is None
            else _figure_sum(item.quantity for item in casualties.items if item.kind is kind)
            for kind in _KINDS
        ]
        row: tuple[Cell, ...] = (
            b.name,
            s + 1,
            side.name,
            _joined(p.name for p in side.commanders),
            _joined(side.units),
            None if first is None else first.value,
            None if first is None else first.high,
            None if first is None else str(first.qualifier),
            None if first is None else first.unit,
            None if first is None else first.text,
            None if casualties is None else casualties.text,
            *kinds,
        )
        yield row, f"sides[{s}]"


def _person_row(b: Battle, p: Person, side: int | None) -> tuple[Cell, ...]:
    return (
        b.name,
        p.name,
        p.rank,
        p.full_name,
        _joined(p.alt_names),
        p.role,
        side,
        _cite(next(iter(p.citations), None)),
    )


def _people_rows(b: Battle) -> Iterator[tuple[tuple[Cell, ...], str]]:
    for s, side in enumerate(b.sides):
        for i, person in enumerate(side.commanders):
            yield _person_row(b, person, s + 1), f"sides[{s}].commanders[{i}]"
    for i, person in enumerate(b.people):
        yield _person_row(b, person, None), f"people[{i}]"


def _events_rows(b: Battle) -> Iterator[tuple[tuple[Cell, ...], str]]:
    for i, event in enumerate(b.events):
        date = event.date
        row: tuple[Cell, ...] = (
            b.name,
            date.start,
            date.end,
            None if date.start is None else str(date.precision),
            date.text,
            event.summary,
            _joined(event.participants),
            _cite(event.citation),
        )
        yield row, f"events[{i}]"


class CsvExporter:
    """The facts table as CSV (RFC 4180, UTF-8), formula-safe by default; or a summary table."""

    name: ClassVar[str] = "csv"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".csv",)
    media_type: ClassVar[str] = "text/csv"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = (
        "the facts table as CSV (RFC 4180, UTF-8), read back exactly; table=sides|people|events "
        "summarises; bom=true for Excel on Windows"
    )

    def __init__(
        self, *, delimiter: str = ",", table: Table = "facts", escape_formulas: bool = True, bom: bool = False
    ) -> None:
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            raise ValueError(f"delimiter must be one character, not {delimiter!r}")
        if delimiter in "\"'\r\n" or delimiter in FORMULA_STARTS - {"\t"}:
            raise ValueError(
                f"delimiter must not be a quote, an apostrophe, a newline or a formula character, "
                f"not {delimiter!r}"
            )
        if table not in TABLES:
            raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
        if not isinstance(escape_formulas, bool):
            raise ValueError(f"escape_formulas must be true or false, not {escape_formulas!r}")
        if not isinstance(bom, bool):
            raise ValueError(f"bom must be true or false, not {bom!r}")
        self.delimiter = delimiter
        self.table: Table = table
        self.escape_formulas = escape_formulas
        self.bom = bom

    def columns(self) -> tuple[str, ...]:
        """The header of the table this exporter writes."""
        if self.table == "facts":
            from sakhalin._facts import FACT_COLUMNS

            return FACT_COLUMNS
        return {"sides": SIDES_COLUMNS, "people": PEOPLE_COLUMNS, "events": EVENTS_COLUMNS}[self.table]

    def write(self, battles: Iterable[Battle], stream: IO[str]) -> None:
        """Write the header, then the rows of every battle, one battle at a time."""
        writer = csv.writer(
            stream,
            delimiter=self.delimiter,
            quotechar='"',
            doublequote=True,
            quoting=csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
            strict=True,
        )
        columns = self.columns()
        if self.bom:
            stream.write("\ufeff")  # UTF-8's byte-order mark once encoded: Excel then reads UTF-8
        writer.writerow(columns)
        summary = {
            "sides": _sides_rows,
            "people": _people_rows,
            "events": _events_rows,
        }.get(self.table)
        if summary is None:
            from sakhalin._facts import fact_rows
        fields = _Fields(self.delimiter, self.escape_formulas)
        field = fields.__getitem__
        join = self.delimiter.join
        for battle in battles:
            pairs: list[tuple[Sequence[Cell], str]] | None = None
            if summary is None:
                rows: Sequence[Sequence[Cell]] = fact_rows(battle)
            else:
                pairs = list(summary(battle))
                rows = [row for row, _ in pairs]
            try:
                # each cell's field as csv.writer writes it, worked out once per text
                lines = [join(map(field, row)) for row in rows]
            except _Irregular:
                # a text UTF-8 cannot encode, or a cell of another type: cell by cell, through
                # csv.writer, so that the error names the field and the rows before it are kept
                if pairs is None:
                    pairs = [(row, str(row[9])) for row in rows]  # (a facts row's path)
                writer.writerows(self._cells(row, path, columns, battle) for row, path in pairs)
                continue
            lines.append("")
            stream.write("\r\n".join(lines))
            fields.forget()

    def _cells(self, row: Sequence[Cell], path: str, columns: Sequence[str], battle: Battle) -> list[Cell]:
        """The cells of one row as csv.writer is to write them: escaped, and checked one by one."""

        def where(i: int) -> tuple[str, str]:
            return path, f"battle {battle.name!r}, {self.table} table, column {columns[i]}"

        cells = list(row)
        for i, cell in enumerate(cells):
            if not isinstance(cell, str) or not cell:
                continue
            text = str.__str__(cell)  # a str subclass's own characters, as csv.writer writes them
            _check_encodable(text, functools.partial(where, i))
            if self.escape_formulas:
                cells[i] = escape_formula(text)
        return cells


class _Irregular(Exception):
    """A cell left to :meth:`CsvExporter._cells`: a text UTF-8 cannot encode, or an unusual type."""


class _Fields(dict[Cell, str]):
    """Each cell's field as csv.writer writes it (quoted only where it must be), formula-safe.

    A text's field is worked out when the text is first met and remembered (up to
    ``_KEEP`` texts, each at most ``_KEEP_LENGTH`` long), so a table's repeated texts (names,
    citations, paths) cost a dictionary look-up. Numbers and dates are worked out each
    time: ``True``, ``1.0`` or a date subclass would be equal keys with other fields.
    """

    __slots__ = ("_escape", "_special")

    def __init__(self, delimiter: str, escape: bool) -> None:
        super().__init__({None: ""})
        self._special = re.compile(f'[{re.escape(delimiter)}"\r\n]').search
        self._escape = escape

    def __missing__(self, cell: Cell) -> str:
        kind = cell.__class__
        if kind is int or kind is datetime.date:
            text = str(cell)
            return _quote(text) if self._special(text) else text
        if kind is not str:
            raise _Irregular
        assert isinstance(cell, str)
        text = cell
        if not text.isascii() and not _utf8(text):
            raise _Irregular
        if self._escape and text and text[0] in _ESCAPE_FIRST:
            text = escape_formula(text)
        field = _quote(text) if self._special(text) else text
        if len(text) <= _KEEP_LENGTH and len(self) < _KEEP:
            self[cell] = field
        return field

    def forget(self) -> None:
        """Between battles: forget every text once ``_KEEP`` are remembered (memory stays flat)."""
        if len(self) >= _KEEP:
            self.clear()
            self[None] = ""


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
