"""A facts table's cells read as the ``type`` column says; a bad cell is a :class:`RowError` naming it."""

from __future__ import annotations

import datetime
import re
from typing import Any

from sakhalin._facts.schema import FactValue

__all__ = ["RowError", "date_cell", "int_cell", "need_value", "show", "text_of", "typed_of"]

_INT = re.compile(r"[+-]?\d+")


class RowError(Exception):
    """A problem with one row; becomes a ReadError naming the source, the row and the column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def show(cell: object) -> str:
    """A cell as an error message shows it: its repr, cut to 40 characters."""
    text = repr(cell)
    return text if len(text) <= 40 else text[:37] + "..."


def text_of(cell: object, column: str) -> str | None:
    """A cell as text (a number or a date as it is written); ``None`` for an empty cell."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        raise RowError(column, f"expected text, got {show(cell)}")
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    raise RowError(column, f"expected text, got {show(cell)}")


def int_cell(cell: object, column: str) -> int:
    """A cell as a whole number (an int, a whole float, or its digits as text)."""
    if isinstance(cell, bool):
        raise RowError(column, f"expected a whole number, got {show(cell)}")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str) and (cell.isdecimal() or _INT.fullmatch(cell.strip())):
        try:
            return int(cell)
        except ValueError:  # more digits than int() takes (4,300)
            raise RowError(column, f"expected a whole number, got {show(cell)}: too many digits") from None
    raise RowError(column, f"expected a whole number, got {show(cell)}")


def date_cell(cell: object, column: str) -> datetime.date:
    """A cell as a date (a date, a datetime at midnight, or ISO 8601 text)."""
    if isinstance(cell, datetime.datetime):
        if cell.time() != datetime.time():
            raise RowError(column, f"expected a date without a time, got {show(cell)}")
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, str) and len(cell.strip()) == 10:
        try:
            return datetime.date.fromisoformat(cell.strip())
        except ValueError:
            pass
    raise RowError(column, f"expected an ISO 8601 date (YYYY-MM-DD), got {show(cell)}")


def typed_of(cell: object, column: str, kind: str | None) -> FactValue:
    """The cell of ``column`` (``value`` or ``value_end``) as the row's ``type`` (``kind``) says."""
    if kind is None:
        if cell is None or cell == "":
            return None
        raise RowError(column, f"holds {show(cell)} but the row's type is empty (int, date or text)")
    if kind == "text":
        if cell is None:
            return ""
        if isinstance(cell, str):
            return cell
        return text_of(cell, column)
    if cell is None or cell == "":
        return None
    if kind == "int":
        return int_cell(cell, column)
    return date_cell(cell, column)


def need_value(value: FactValue, expected: str, column: str = "value") -> Any:
    """The value, if it is what the model's field holds (``text``, ``int`` or ``date``)."""
    if expected == "text":
        if isinstance(value, str):
            return value
    elif expected == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, datetime.date):
        return value
    want = {"text": "text", "int": "a whole number", "date": "a date"}[expected]
    raise RowError(column, f"expected {want} (type {expected}), got {show(value)}")
