"""CSV: the facts table the csv exporter writes, read back into the very battles it came from.

The first record is the header: it must name every column of
:data:`sakhalin.FACT_COLUMNS`, in any order (other columns are ignored; a column named
twice is an error). Every record after it must have as many fields as the header. A UTF-8
byte-order mark before the header is accepted. Cells are text; the ``type`` column says
which ``value`` cells are numbers and dates, and :func:`sakhalin._facts.battles_from_facts`
rebuilds the battles (a row whose path is ``name`` starts the next battle).

Formula escapes: with ``unescape_formulas=True`` (the default), a text cell that starts
with one or more apostrophes followed by ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return loses its first apostrophe, which is exactly what the exporter's
``escape_formulas`` added (see :mod:`sakhalin.exporters._csv`).

Field size: one field may hold at most ``field_limit`` characters (default
:data:`FIELD_LIMIT`, 16 MiB of characters, far more than any real fact and bounded so that
a broken file, such as one with an unclosed quote, fails fast instead of filling memory).
A larger field is a :class:`sakhalin.ReadError`. The limit is set on the :mod:`csv`
module while a file is read and restored after it.

Errors are :class:`sakhalin.ReadError` on one line, naming the file, the line (of the
file, counted from 1; a record with newlines inside spans several) and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, ClassVar

from sakhalin._errors import ReadError
from sakhalin._model import Battle

__all__ = ["FIELD_LIMIT", "CsvReader"]

FIELD_LIMIT = 16 * 1024 * 1024
"""The largest field the reader takes by default, in characters."""

_FORMULA_STARTS = frozenset("=+-@\t\r")
_BOM = "\ufeff"


def unescape(text: str) -> str:
    """Undo the exporter's formula escape: the first of leading apostrophes before a formula character."""
    if text[:1] != "'":
        return text
    stripped = text.lstrip("'")
    if stripped and stripped[0] in _FORMULA_STARTS:
        return text[1:]
    return text


class CsvReader:
    """The facts table as the csv exporter writes it: every battle, exactly."""

    name: ClassVar[str] = "csv"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".csv",)
    media_type: ClassVar[str] = "text/csv"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "battles from the facts table as the csv exporter writes it (UTF-8)"

    def __init__(
        self, *, delimiter: str = ",", unescape_formulas: bool = True, field_limit: int = FIELD_LIMIT
    ) -> None:
        if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
            raise ValueError(f"delimiter must be one character, not a quote or a newline; not {delimiter!r}")
        if not isinstance(unescape_formulas, bool):
            raise ValueError(f"unescape_formulas must be true or false, not {unescape_formulas!r}")
        if isinstance(field_limit, bool) or not isinstance(field_limit, int) or field_limit < 1:
            raise ValueError(
                f"field_limit must be a whole number of characters, 1 or more, not {field_limit!r}"
            )
        self.delimiter = delimiter
        self.unescape_formulas = unescape_formulas
        self.field_limit = field_limit

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read every battle of the facts table in the stream."""
        from sakhalin._facts import battles_from_facts

        lines: list[int] = []  # the line each data row starts on, for error messages

        def place(row: int) -> str:
            return f"line {lines[row - 2]}" if 2 <= row < len(lines) + 2 else f"row {row}"

        previous = csv.field_size_limit(self.field_limit)
        try:
            yield from battles_from_facts(self._rows(stream, source, lines), source=source, place=place)
        finally:
            csv.field_size_limit(previous)

    def _rows(self, stream: IO[str], source: str, lines: list[int]) -> Iterator[dict[str, str]]:
        from sakhalin._facts import FACT_COLUMNS

        reader = csv.reader(stream, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=True)
        records = self._records(reader, source)
        header = next(records, None)
        if header is None:
            raise ReadError(f"{source}: line 1: the file is empty; a facts table starts with its header")
        if not header or header == [""]:
            raise ReadError(f"{source}: line 1: the header is blank; a facts table starts with its header")
        if header[0].startswith(_BOM):
            header[0] = header[0][1:]
        names = [name.strip() for name in header]
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen and name in FACT_COLUMNS:
                raise ReadError(f"{source}: line 1, column {i + 1}: the header names {name!r} twice")
            seen.add(name)
        missing = [name for name in FACT_COLUMNS if name not in seen]
        if missing:
            hint = ""
            if self.delimiter not in header[0] and any(d in header[0] for d in ";\t|,"):
                hint = f" (is the delimiter {self.delimiter!r} right?)"
            raise ReadError(
                f"{source}: line 1: not a facts table: the header lacks {', '.join(missing)}{hint}; "
                "only the csv exporter's facts table (table=facts) can be read back"
            )
        width = len(names)
        unescape_cells = self.unescape_formulas
        typed = names.index("type")
        value_columns = {names.index("value"), names.index("value_end")}
        start = reader.line_num + 1
        for record in records:
            line, start = start, reader.line_num + 1
            if len(record) != width:
                if record == []:  # a blank line, such as one at the end of a hand-edited file
                    continue
                raise ReadError(
                    f"{source}: line {line}, column {min(len(record), width) + 1}: the record has "
                    f"{len(record)} fields, the header has {width}"
                )
            lines.append(line)
            if unescape_cells and (record[0][:1] == "'" or "\x00'" in "\x00".join(record)):
                # (only a record with a cell starting with an apostrophe has anything to undo)
                is_text = record[typed].strip() == "text"
                record = [
                    unescape(cell) if cell[:1] == "'" and (is_text or i not in value_columns) else cell
                    for i, cell in enumerate(record)
                ]
            yield dict(zip(names, record, strict=True))

    def _records(self, reader: Iterator[list[str]], source: str) -> Iterator[list[str]]:
        line = getattr(reader, "line_num", 0)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = getattr(reader, "line_num", line)
                raise ReadError(f"{source}: line {line}: not valid CSV: {exc}") from None
            except UnicodeDecodeError as exc:
                line = getattr(reader, "line_num", line)
                raise ReadError(
                    f"{source}: after line {line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
                ) from None
            yield record
