"""Reading a workbook's edits back: which fact an edited cell of a sheet changes, and the changed facts.

:mod:`sakhalin._sheets` says what each cell shows and where an edit of it goes; the xlsx
reader renders the rows again from the facts it read (the hidden ``Round trip`` sheet),
compares them with the cells it finds, and gives each difference to :class:`Changes`, which
applies them to the facts table's rows (or says, naming the cell, why an edit cannot be made).
"""

from __future__ import annotations

import contextlib
import datetime
import re
import typing
from typing import Final

from sakhalin._facts import FACT_COLUMNS, FactValue, Record, model_type, value_type
from sakhalin._facts.schema import ATTRIBUTE, BATTLE, PATH, SUBJECT, TYPE, VALUE, VALUE_END, WORDING
from sakhalin._model import Citation, Coordinates, DateRange, Precision, Qualifier, Quantity
from sakhalin._sheets import FACT_HEADINGS, NAME, Edit, End, Fixed, Lines, Ref

__all__ = ["EXACT_LIMIT", "FIRST_DATE", "Changes", "EditError", "fact_edits", "seen", "typed"]

FIRST_DATE: Final = datetime.date(1900, 3, 1)
"""The first date written as a date cell; earlier dates are ISO 8601 text."""
EXACT_LIMIT: Final = 10**15
"""The smallest count written as text: Excel keeps 15 significant digits of a number."""


def seen(value: object) -> object:
    """A value as its cell reads back: early dates and long counts as text, the empty text as None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat() if value < FIRST_DATE else value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= EXACT_LIMIT:
        return str(value)
    return value


_STATEMENT_TEXT = re.compile(r"statements\[\d+\]\.text")
_SOURCE_TITLE = re.compile(r"sources\[\d+\]\.title")
_QUANTITY_COLUMNS = frozenset({"value_end", "unit", "qualifier", "wording"})
_DATE_COLUMNS = frozenset({"value_end", "qualifier", "wording"})
_COORDINATE_COLUMNS = frozenset({"value_end", "wording"})
_CITE_COLUMNS = frozenset({"cite_source", "cite_infobox_row", "cite_section", "cite_paragraph"})


def fact_edits(path: str) -> tuple[Edit, ...]:
    """Where an edit of each cell of a Facts sheet row goes (the row of the fact at ``path``)."""
    hint = model_type(path)
    pair = typing.get_origin(hint) is tuple
    edits: list[Edit] = []
    for column in FACT_COLUMNS:
        if column == "battle":
            edits.append(NAME)
        elif column == "subject":
            named = bool(_STATEMENT_TEXT.fullmatch(path) or _SOURCE_TITLE.fullmatch(path))
            edits.append(Ref(path, column) if named else Fixed(_SUBJECT_HOW))
        elif column == "attribute":
            named = pair or bool(_STATEMENT_TEXT.fullmatch(path))
            edits.append(Ref(path, column) if named else Fixed(_ATTRIBUTE_HOW))
        elif column == "value":
            edits.append(Ref(path, column))
        elif column in _QUANTITY_COLUMNS:
            used = (
                hint is Quantity
                or (hint is DateRange and column in _DATE_COLUMNS)
                or (hint is Coordinates and column in _COORDINATE_COLUMNS)
            )
            edits.append(
                Ref(path, column) if used else Fixed(f"only a figure or a date has a {FACT_HEADINGS[column]}")
            )
        elif column in _CITE_COLUMNS:
            edits.append(
                Ref(path, column) if hint is Citation else Fixed("only a citation's own row has its parts")
            )
        else:
            edits.append(Fixed(_FIXED_FACT_COLUMNS[column]))
    return tuple(edits)


_SUBJECT_HOW = "the subject says what the fact is about and is worked out from other facts; change those"
_ATTRIBUTE_HOW = "the attribute names the fact and cannot be changed"
_FIXED_FACT_COLUMNS = {
    "citation": "the citation is worked out from its parts; change them on its own row "
    "(the Cited ... columns)",
    "path": "the path names the fact and cannot be changed",
    "type": "the type follows the value and cannot be changed",
}


def _kind(path: str, column: str) -> str:
    """What a cell of the facts table holds: ``int``, ``date`` or ``text``."""
    if column == "cite_paragraph":
        return "int"
    if column not in ("value", "value_end"):
        return "text"
    hint = model_type(path)
    if hint is Quantity or hint is int:
        return "int"
    if hint is DateRange:
        return "date"
    return "text"


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+|[+-]?\d+")


_QUALIFIER_CODES: Final = {str(m): str(m) for enum in (Qualifier, Precision) for m in enum}
"""A qualifier cell's codes: the Sides sheet words them (``at least``), the Facts sheet keeps the code."""


class EditError(Exception):
    """An edit that cannot be made: the reader names the cell."""


def typed(value: object, kind: str) -> FactValue:
    """A cell's value as the facts table holds it, or EditError saying why it cannot be."""
    if value is None:
        return None
    if kind == "text":
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _GROUPED.fullmatch(value.strip()):
            return int(value.strip().replace(",", ""))
        raise EditError(f"{value!r} is not a whole number")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.date.fromisoformat(value.strip())
    raise EditError(f"{value!r} is not a date (YYYY-MM-DD)")


class Changes:
    """The edits found in one battle's cells, each fact cell changed at most once."""

    def __init__(self) -> None:
        # (path, column) -> (value, the place of the cell)
        self.found: dict[tuple[str, str], tuple[FactValue, str]] = {}

    def __bool__(self) -> bool:
        return bool(self.found)

    def compare(self, expected: object, actual: object, edit: Edit, place: str) -> None:
        """Note the edit of a cell that shows ``actual`` where the facts give ``expected``."""
        if seen(expected) == actual:
            return
        if isinstance(edit, Fixed):
            raise EditError(f"this cell cannot be edited: {edit.how}")
        if isinstance(edit, Lines):
            old = "" if expected is None else str(expected)
            new = "" if actual is None else str(actual)
            old_lines = old.split("\n") if old else []
            new_lines = new.split("\n") if new else []
            if len(old_lines) != len(new_lines):
                raise EditError(
                    f"the cell has {len(new_lines)} line(s) where it had {len(old_lines)}: edit a "
                    "line at a time; lines cannot be added or removed here"
                )
            for line, (was, now) in enumerate(zip(old_lines, new_lines, strict=True)):
                if was == now:
                    continue
                ref = edit.items[line]
                if ref is None:
                    raise EditError(f"line {line + 1} cannot be edited: {edit.how}")
                self._set(ref.path, ref.column, now or None, place)
            return
        if isinstance(edit, End):
            self._set(edit.path, "end", actual, place)
            return
        self._set(edit.path, edit.column, actual, place)

    def _set(self, path: str, column: str, value: object, place: str) -> None:
        kind = "date" if column == "end" else _kind(path, column)
        new = typed(value, kind)
        if column == "qualifier" and isinstance(new, str):
            new = _QUALIFIER_CODES.get(new.strip().replace(" ", "_"), new)
        key = (path, column)
        before = self.found.get(key)
        if before is not None and before[0] != new:
            raise EditError(
                f"the same fact ({path}) is changed differently here ({new!r}) and in "
                f"{before[1]} ({before[0]!r})"
            )
        self.found[key] = (new, place)

    def apply(self, records: list[Record], name: str) -> tuple[list[list[FactValue]], dict[int, str]]:
        """The battle's records with the edits made, and the place of the cell of each record edited."""
        rows = [list(r) for r in records]
        index = {r[PATH]: i for i, r in enumerate(rows)}
        places: dict[int, str] = {}
        ends: dict[str, tuple[FactValue, str]] = {}
        for (path, column), (value, place) in self.found.items():
            if column == "end":
                ends[path] = (value, place)
                continue
            i = index.get(path)
            if i is None:
                if value is None:
                    continue
                i = index[path] = len(rows)
                row: list[FactValue] = [None] * len(FACT_COLUMNS)
                row[BATTLE] = name
                row[SUBJECT] = name
                row[ATTRIBUTE] = path.rsplit(".", 1)[-1]
                row[PATH] = path
                rows.append(row)
            rows[i][FACT_COLUMNS.index(column)] = value
            places[i] = place
        for path, (end, place) in ends.items():
            i = index.get(path)
            if i is None:
                raise EditError(f"{place}: the date has no first day; give its Start first")
            start = rows[i][VALUE]
            rows[i][VALUE_END] = None if end == start else end
            places[i] = place
        # a figure's or a date's wording states the old figure or days: it goes with them,
        # unless it was edited too
        worded = {path for path, column in self.found if column == "wording"}
        for path, column in self.found:
            if (
                column in ("value", "value_end", "end")
                and path not in worded
                and model_type(path) in (Quantity, DateRange, Coordinates)
            ):
                rows[index[path]][WORDING] = None
        for i in places:
            row = rows[i]
            row[TYPE] = value_type(row[VALUE]) or value_type(row[VALUE_END])
        return rows, places
