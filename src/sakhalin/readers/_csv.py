"""CSV: the facts table the csv exporter writes, read back into the very battles it came from.

The first record is the header: it must name every column of
:data:`sakhalin.FACT_COLUMNS`, in any order; a column it does not know is refused, named,
as the xlsx reader refuses it, and so is a column named twice (a blank header cell is
skipped, as an empty header cell of a sheet is). Every record after it must have as many
fields as the header. A UTF-8 byte-order mark before the header is accepted. Cells are
text; the ``type`` column says which ``value`` cells are numbers and dates, and
:func:`sakhalin._facts.battles_from_facts` rebuilds the battles (a row whose path is
``name`` starts the next battle).

Formula escapes: with ``unescape_formulas=True`` (the default), a text cell that starts
with one or more apostrophes followed by ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return loses its first apostrophe, which is exactly what the exporter's
``escape_formulas`` added (:func:`sakhalin._formulas.unescape_formula`).

Field size: one field may hold at most ``field_limit`` characters (default
:data:`FIELD_LIMIT`, 16 MiB of characters, far more than any real fact and bounded so that
a broken file, such as one with an unclosed quote, fails fast instead of filling memory).
A larger field is a :class:`sakhalin.ReadError`. The limit is set on the :mod:`csv`
module while a file is read and restored after it.

Errors are :class:`sakhalin.ReadError` on one line, naming the file, the line (of the
file, counted from 1; a record with newlines inside spans several) and the column.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import operator
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any, ClassVar

from sakhalin._errors import ReadError
from sakhalin._formulas import unescape_formula
from sakhalin._model import Battle

__all__ = ["FIELD_LIMIT", "CsvReader"]

FIELD_LIMIT = 16 * 1024 * 1024
"""The largest field the reader takes by default, in characters."""

_BOM = "\ufeff"


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
        if isinstance(field_limit, bool) or not isinstance(field_limit, int) or not 1 <= field_limit < 2**31:
            raise ValueError(
                f"field_limit must be a whole number of characters, 1 to {2**31 - 1:,}, not {field_limit!r}"
            )
        self.delimiter = delimiter
        self.unescape_formulas = unescape_formulas
        self.field_limit = field_limit

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read every battle of the facts table in the stream."""
        from sakhalin._facts import battles_from_batches

        lines = _Lines()  # the line each data row starts on, for error messages
        previous = csv.field_size_limit(self.field_limit)
        try:
            yield from battles_from_batches(
                self._batches(stream, source, lines), source=source, place=lines.place
            )
        finally:
            csv.field_size_limit(previous)

    def _batches(
        self, stream: IO[str], source: str, lines: _Lines
    ) -> Iterator[tuple[int, list[Sequence[str]]]]:
        """Each battle's records (the facts table's columns first, in order) and its first row's number.

        Records are taken from the csv module a chunk at a time and looked at a chunk at a
        time, by C-level calls where the chunk is ordinary (every record one line of the file,
        of the header's width); a chunk that is not is looked at record by record.
        """
        from sakhalin._facts import FACT_COLUMNS, not_a_start, starts_battle

        reader = csv.reader(stream, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=True)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._error(exc, reader, source) from exc
        names = self._header(header, source)
        width = len(names)
        unescape_cells = self.unescape_formulas
        typed = names.index("type")
        value_columns = {names.index("value"), names.index("value_end")}
        path_of = operator.itemgetter(names.index("path"))
        # The exporter's order needs no rearranging; any other order is put in it.
        order = (
            None
            if tuple(names[: len(FACT_COLUMNS)]) == FACT_COLUMNS
            else operator.itemgetter(*(names.index(c) for c in FACT_COLUMNS))
        )
        next_line = reader.line_num + 1  # the line the next record starts on
        next_row = 2  # the row number of the next record kept (the header is row 1)
        batch: list[Sequence[str]] | None = None
        first = 0
        while True:
            chunk: list[Sequence[str]] = []
            failed: Exception | None = None  # what to raise once this chunk's battles are given
            try:
                chunk.extend(itertools.islice(reader, _CHUNK))
            except (csv.Error, UnicodeDecodeError) as exc:  # after the records before it
                failed = exc
            if not chunk and failed is None:
                break
            records: list[Sequence[str]]
            if (
                reader.line_num + 1 - next_line == len(chunk)
                and failed is None
                and (set(map(len, chunk)) == {width})
            ):
                lines.add(next_row, next_line, None)  # one line a record
                records = chunk
            else:
                records, starts, bad = self._look_at(chunk, width, next_line, source)
                lines.add(next_row, next_line, starts)
                failed = bad or failed  # (raised after the battles before it are given)
            next_line = reader.line_num + 1
            if unescape_cells and (
                any(map(operator.contains, map("\x00".join, records), itertools.repeat("\x00'")))
                or any(name[:1] == "'" for name in set(map(operator.itemgetter(0), records)))
            ):
                # (only a record with a cell starting with an apostrophe has anything to undo)
                for i, record in enumerate(records):
                    if "\x00'" in "\x00".join(record) or record[0][:1] == "'":
                        is_text = record[typed].strip() == "text"
                        records[i] = [
                            unescape_formula(cell)
                            if cell[:1] == "'" and (is_text or j not in value_columns)
                            else cell
                            for j, cell in enumerate(record)
                        ]
            paths = list(map(path_of, records))
            if order is not None:
                records = list(map(order, records))
            # the rows that start a battle: their path is "name" (give or take spaces)
            if any(path != "name" and starts_battle(path) for path in set(paths)):
                starts_at = [i for i, path in enumerate(paths) if starts_battle(path)]
            else:
                starts_at = [i for i, path in enumerate(paths) if path == "name"]
            cut = 0
            for i in starts_at:
                if batch is None:
                    if i > 0:
                        raise not_a_start(paths[0], source, lines.place(next_row))
                else:
                    batch.extend(records[cut:i])
                    if batch:
                        yield first, batch
                batch, first, cut = [], next_row + i, i
            if batch is None and records:
                raise not_a_start(paths[0], source, lines.place(next_row))
            assert batch is not None or not records
            if batch is not None:
                batch.extend(records[cut:])
            next_row += len(records)
            if isinstance(failed, ReadError):
                raise failed
            if failed is not None:
                raise self._error(failed, reader, source) from failed
        if batch:
            yield first, batch

    @staticmethod
    def _error(exc: Exception, reader: Any, source: str) -> ReadError:
        if isinstance(exc, UnicodeDecodeError):
            return ReadError(
                f"{source}: after line {reader.line_num}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
            )
        return ReadError(f"{source}: line {reader.line_num}: not valid CSV: {exc}")

    @staticmethod
    def _look_at(
        chunk: list[Sequence[str]], width: int, line: int, source: str
    ) -> tuple[list[Sequence[str]], list[int], ReadError | None]:
        """A chunk that is not ordinary: its records up to a bad one, the line each starts on, the error."""
        records: list[Sequence[str]] = []
        starts: list[int] = []
        for record in chunk:
            start = line
            # a record spans the lines its quoted fields break (csv reads \r\n, \r and \n alike)
            line += 1 + sum(len(_BREAKS.findall(cell)) for cell in record)
            if len(record) != width:
                if record == []:  # a blank line, such as one at the end of a hand-edited file
                    continue
                return (
                    records,
                    starts,
                    ReadError(
                        f"{source}: line {start}, column {min(len(record), width) + 1}: the record has "
                        f"{len(record)} fields, the header has {width}"
                    ),
                )
            records.append(record)
            starts.append(start)
        return records, starts, None

    def _header(self, header: list[str] | None, source: str) -> list[str]:
        """The header's column names, checked."""
        from sakhalin._facts import FACT_COLUMNS

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
        for i, name in enumerate(names):
            if name and name not in FACT_COLUMNS:
                raise ReadError(
                    f"{source}: line 1, column {i + 1}: {name!r} is not a facts column "
                    f"(the columns are {', '.join(FACT_COLUMNS)})"
                )
        return names


_CHUNK = 512  # records taken from the csv module at a time
_BREAKS = re.compile(r"\r\n|\r|\n")


class _Lines:
    """The line of the file each data row starts on, kept a chunk of rows at a time."""

    def __init__(self) -> None:
        self.firsts: list[int] = []  # each chunk's first row number
        self.chunks: list[tuple[int, list[int] | None]] = []  # its first line, or each row's line

    def add(self, first_row: int, first_line: int, starts: list[int] | None) -> None:
        self.firsts.append(first_row)
        self.chunks.append((first_line, starts))

    def place(self, row: int) -> str:
        """Where a row is, for an error message: ``line 12`` (or ``row 12`` if unknown)."""
        i = bisect.bisect_right(self.firsts, row) - 1
        if i < 0:
            return f"row {row}"
        first_line, starts = self.chunks[i]
        k = row - self.firsts[i]
        if starts is None:
            end = self.firsts[i + 1] if i + 1 < len(self.firsts) else None
            return f"line {first_line + k}" if end is None or row < end else f"row {row}"
        return f"line {starts[k]}" if k < len(starts) else f"row {row}"
