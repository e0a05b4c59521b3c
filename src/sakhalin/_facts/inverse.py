"""The inverse of the flattening: a facts table's rows back into the battles they came from.

One path for every table: each battle's rows are read, one by one, into the data
:func:`sakhalin.to_dict` gives (each row's path says where its value goes, its ``type`` what
its cells hold), and that data is structured by :func:`sakhalin.from_dict`'s own structuring,
whose errors name every problem with its path; each problem is then traced to its row.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from sakhalin._errors import ReadError, ValidationError
from sakhalin._facts.cells import RowError, int_cell, need_value, show, text_of, typed_of
from sakhalin._facts.schema import (
    ATTRIBUTE,
    CITE_INFOBOX_ROW,
    CITE_PARAGRAPH,
    CITE_SECTION,
    CITE_SOURCE,
    FACT_COLUMNS,
    PATH,
    QUALIFIER,
    SUBJECT,
    TYPE,
    UNIT,
    VALUE,
    VALUE_END,
    WORDING,
    FactValue,
    Record,
)
from sakhalin._limits import some_problems
from sakhalin._model import Battle, Citation, Coordinates, DateRange, Quantity

__all__ = [
    "batches",
    "battles_from_batches",
    "battles_from_facts",
    "battles_from_records",
    "model_type",
    "not_a_start",
    "row_place",
    "starts_battle",
]

_PATH = re.compile(r"[a-z_]+(?:\[[0-9]{1,9}\])*(?:\.[a-z_]+(?:\[[0-9]{1,9}\])*)*")
_STEP = re.compile(r"([a-z_]+)|\[([0-9]{1,9})\]")
_TYPES = ("int", "date", "text")
_KINDS: dict[object, str | None] = {"int": "int", "date": "date", "text": "text", "": None, None: None}
"""The ``type`` cells as the exporters write them, and what each says."""
_UNUSUAL = "unusual"  # (a type cell not in _KINDS, such as " int ")


def _kind(cell: FactValue) -> str | None:
    """What a ``type`` cell says (``int``, ``date``, ``text``, or None when it is empty)."""
    text = text_of(cell, "type")
    kind = None if text is None else text.strip()
    if kind is not None and kind not in _TYPES:
        raise RowError("type", f"is int, date, text or empty, not {show(cell)}")
    return kind


_Leaf = Callable[[Record, "str | None"], Any]
"""Makes the to_dict data of a row's value from its cells and its type."""


# One entry per model class: get_type_hints evaluates every annotation each time it is
# called; a facts table of 2,000 bad strength rows (all paths new) reads in 7.8 s without
# this cache, 0.43 s with it (under cProfile).
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


class _Route(NamedTuple):
    """Where the value of a row with a given path goes, and how it is made."""

    steps: tuple[str | int, ...]  # the path's field names and indexes
    where: str  # the path of the container the value goes in ("" for the battle, "sides[0]")
    lists: tuple[bool, ...]  # for each step but the last: whether the container it leads to is a list
    leaf: _Leaf | None  # makes the value's data; None where the path names a whole object
    problem: str | None  # why the model has no place for the path, if it has none
    what: str  # the type the path names, for the error of a path naming a whole object
    hint: Any  # the type itself (None where the model has no place for the path)
    special: int  # 1: a statement's text (gives subject, attribute); 2: a source's title (gives key)


# The same hundred-odd paths repeat in every battle, so each is worked out once: reading
# benchmarks/run.py's 10,032-row CSV takes 0.19 s with this cache, 0.69 s without.
@functools.lru_cache(maxsize=4096)
def _route(path: str) -> _Route:
    """The route of a row with this path; RowError for text that is not a path at all."""
    if not _PATH.fullmatch(path):
        raise RowError("path", f"{show(path)} is not a path such as sides[1].strength[0]")
    steps = tuple(name if name else int(index) for name, index in _STEP.findall(path))
    try:
        plan = _plan(tuple(step if isinstance(step, str) else None for step in steps))
    except ValueError as exc:
        return _Route(steps, "", (), None, str(exc), "", None, 0)
    hint = plan[-1][0]
    special = 0
    if len(steps) == 3 and steps[0] == "statements" and steps[-1] == "text":
        special = 1
    elif len(steps) == 3 and steps[0] == "sources" and steps[-1] == "title":
        special = 2
    lists = tuple(many for _, many in plan[:-1])
    last = f"[{steps[-1]}]" if isinstance(steps[-1], int) else str(steps[-1])
    where = path[: -len(last)].removesuffix(".")
    return _Route(steps, where, lists, _leaf(hint), None, getattr(hint, "__name__", str(hint)), hint, special)


def model_type(path: str) -> Any:
    """What the model holds at a path (a type such as ``Quantity``), or None where it has no place for it."""
    if not _PATH.fullmatch(path):
        return None
    return _route(path).hint


def _leaf(hint: Any) -> _Leaf | None:
    if hint is Quantity:
        return _quantity
    if hint is DateRange:
        return _date
    if hint is Coordinates:
        return _coordinates
    if hint is Citation:
        return _citation
    if typing.get_origin(hint) is tuple:  # an extra parameter: (name, value)
        return _pair
    if hint is int:
        return _int
    if hint is str or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return _text
    return None


def _quantity(r: Record, kind: str | None) -> dict[str, Any]:
    value = typed_of(r[VALUE], "value", kind)
    high = typed_of(r[VALUE_END], "value_end", kind)
    data: dict[str, Any] = {
        "value": None if value is None else need_value(value, "int"),
        "high": None if high is None else need_value(high, "int", "value_end"),
        "unit": text_of(r[UNIT], "unit"),
        "text": text_of(r[WORDING], "wording"),
    }
    qualifier = text_of(r[QUALIFIER], "qualifier")
    if qualifier is not None:
        data["qualifier"] = qualifier
    return data


_DEGREES = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,20})?(?:e-?[0-9]{1,3})?")


def _degrees(value: FactValue, column: str) -> float | None:
    """A latitude or longitude cell (decimal degrees as text) as a number."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DEGREES.fullmatch(value):
        return float(value)
    raise RowError(column, f"expected decimal degrees (such as -77.225), got {show(value)}")


def _coordinates(r: Record, kind: str | None) -> dict[str, Any]:
    return {
        "latitude": _degrees(typed_of(r[VALUE], "value", kind), "value"),
        "longitude": _degrees(typed_of(r[VALUE_END], "value_end", kind), "value_end"),
        "text": text_of(r[WORDING], "wording"),
    }


def _date(r: Record, kind: str | None) -> dict[str, Any]:
    start = typed_of(r[VALUE], "value", kind)
    end = typed_of(r[VALUE_END], "value_end", kind)
    data: dict[str, Any]
    if kind == "int":  # a date before AD 1: its years
        data = {
            "start_year": None if start is None else need_value(start, "int"),
            "end_year": start if end is None else need_value(end, "int", "value_end"),
            "text": text_of(r[WORDING], "wording"),
        }
        precision = text_of(r[QUALIFIER], "qualifier")
        if precision is not None:
            data["precision"] = precision
        return data
    if start is not None:
        need_value(start, "date")
    if end is not None:
        need_value(end, "date", "value_end")
        if start is None:
            raise RowError("value_end", "a date range with an end needs its start in value")
    elif start is not None:
        end = start
    data = {
        "start": None if start is None else _iso(start),
        "end": None if end is None else _iso(end),
        "text": text_of(r[WORDING], "wording"),
    }
    precision = text_of(r[QUALIFIER], "qualifier")
    if precision is not None:
        data["precision"] = precision
    return data


def _citation(r: Record, kind: str | None) -> dict[str, Any]:
    note = typed_of(r[VALUE], "value", kind)
    paragraph = r[CITE_PARAGRAPH]
    return {
        "source": text_of(r[CITE_SOURCE], "cite_source"),
        "infobox_row": text_of(r[CITE_INFOBOX_ROW], "cite_infobox_row"),
        "section": text_of(r[CITE_SECTION], "cite_section"),
        "paragraph": None if paragraph is None or paragraph == "" else int_cell(paragraph, "cite_paragraph"),
        "note": None if note is None else need_value(note, "text"),
    }


def _pair(r: Record, kind: str | None) -> list[str]:
    value = typed_of(r[VALUE], "value", kind)
    return [text_of(r[ATTRIBUTE], "attribute") or "", "" if value is None else need_value(value, "text")]


def _int(r: Record, kind: str | None) -> int | None:
    value = typed_of(r[VALUE], "value", kind)
    number: int | None = None if value is None else need_value(value, "int")
    return number


def _text(r: Record, kind: str | None) -> str | None:
    cell = r[VALUE]
    if isinstance(cell, str) and kind == "text":
        return cell
    value = typed_of(cell, "value", kind)
    text: str | None = None if value is None else need_value(value, "text")
    return text


def _iso(value: object) -> str:
    assert isinstance(value, datetime.date)
    return value.isoformat()


class _Builder:
    """Builds one battle's ``to_dict`` data from its rows, then the battle."""

    def __init__(self, records: Sequence[Record], first_row: int, place: Callable[[int], str]) -> None:
        self.data: dict[str, Any] = {}
        self.records = records
        self.first_row = first_row
        self.place = place
        self.containers: dict[str, Any] = {"": self.data}  # each container made, by its path

    def add(self, r: Record) -> None:
        """Put the value of one row where its path says."""
        cell = r[PATH]
        path = cell if cell.__class__ is str else text_of(cell, "path")
        if not path:
            raise RowError("path", "is empty: every row names the place in the model it stands for")
        path = path.strip()
        route = _route(path)
        kind = _KINDS.get(r[TYPE], _UNUSUAL)
        if kind is _UNUSUAL:
            kind = _kind(r[TYPE])
        if route.problem is not None:
            raise RowError("path", f"{path!r}: {route.problem}")
        container = self.containers.get(route.where)
        if container is None:
            container = self.containers[route.where] = self._container(route, path)
        key = route.steps[-1]
        if isinstance(key, str):
            if key in container:
                raise RowError("path", f"{path!r} is given by an earlier row too")
        elif key != len(container):
            if key > len(container):
                raise RowError("path", f"{path!r}: item [{key}] comes before item [{len(container)}]")
            raise RowError("path", f"{path!r} is given by an earlier row too")
        leaf = route.leaf
        if leaf is None:
            raise RowError("path", f"{path!r} names a whole {route.what}; a row names one of its fields")
        value = r[VALUE]
        if not (leaf is _text and kind == "text" and value.__class__ is str):
            value = leaf(r, kind)  # (a text cell of a text row is the value as it is)
        if isinstance(key, str):
            container[key] = value
        else:
            container.append(value)
        if route.special == 1:
            container.setdefault("subject", text_of(r[SUBJECT], "subject") or "")
            container.setdefault("attribute", text_of(r[ATTRIBUTE], "attribute") or "")
        elif route.special == 2:
            container["key"] = text_of(r[SUBJECT], "subject") or ""

    def _container(self, route: _Route, path: str) -> Any:
        """The dict or list the row's value goes in, made where it is new."""
        container: Any = self.data
        for step, many in zip(route.steps, route.lists, strict=False):
            if isinstance(step, str):
                child = container.get(step)
                if child is None:
                    child = container[step] = [] if many else {}
            else:
                size = len(container)
                if step > size:
                    raise RowError("path", f"{path!r}: item [{step}] comes before item [{size}]")
                if step == size:
                    container.append([] if many else {})
                child = container[step]
            if child.__class__ is not dict and child.__class__ is not list:
                raise RowError("path", f"{path!r} goes inside a value given by an earlier row")
            container = child
        return container

    def where(self, problem_path: str) -> str:
        """The row a problem of the built battle (``$.sides[0].name``) comes from, if any."""
        inner = problem_path.removeprefix("$").removeprefix(".")
        best: tuple[int, int] | None = None
        for number, r in enumerate(self.records, self.first_row):
            path = str(text_of(r[PATH], "path")).strip()  # (every row's path was read once already)
            if path == inner or inner.startswith((path + ".", path + "[")):
                if best is None or len(path) > best[0]:
                    best = (len(path), number)
            elif best is None and path.startswith((inner + ".", inner + "[")):
                best = (0, number)
        return "" if best is None else f"{self.place(best[1])}, "

    def build(self, source: str) -> Battle:
        from sakhalin._structure import structure

        try:
            return structure(self.data, Battle)
        except ValidationError as exc:
            problems = some_problems(exc.problems, lambda p: f"{self.where(p[0])}{p[0]}: {p[1]}")
            raise ReadError(
                f"{source}: the battle starting at {self.place(self.first_row)}: {problems}"
            ) from None


def row_place(number: int) -> str:
    """A row as errors name it by default: ``row 12``."""
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
    return battles_from_batches(batches(records, source, place or row_place), source=source, place=place)


def batches(
    records: Iterable[Record], source: str, label: Callable[[int], str]
) -> Iterator[tuple[int, list[Record]]]:
    """The rows cut into battles: each battle's first row number and its rows (``label`` names a row)."""
    batch: list[Record] | None = None  # the rows of the battle being read
    first = 0
    for index, record in enumerate(records):
        path = record[PATH]
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
    return path == "name" or (isinstance(path, str) and path.strip() == "name")


def not_a_start(path: FactValue, source: str, place: str) -> ReadError:
    """The error for a table whose first row is not a battle's name."""
    try:
        shown = text_of(path, "path")
    except RowError as exc:
        return ReadError(f"{source}: {place}, column {exc.column}: {exc.message}")
    return ReadError(
        f"{source}: {place}, column path: the first row of a battle is its name (path 'name'), not {shown!r}"
    )


def battles_from_batches(
    batches: Iterable[tuple[int, Sequence[Record]]], *, source: str, place: Callable[[int], str] | None = None
) -> Iterator[Battle]:
    """The battles of rows already cut into battles: each the number of its first row, and its rows."""
    label = place or row_place
    for first, batch in batches:
        builder = _Builder(batch, first, label)
        add = builder.add
        number = first  # the row being added
        try:
            for record in batch:
                add(record)
                number += 1
        except RowError as exc:
            raise ReadError(f"{source}: {label(number)}, column {exc.column}: {exc.message}") from None
        yield builder.build(source)
