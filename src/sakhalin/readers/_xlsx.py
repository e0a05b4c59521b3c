"""Excel (.xlsx): battles read back from a workbook the xlsx exporter wrote, with people's edits.

The facts come from the hidden ``Round trip`` sheet (continuation sheets ``Round trip (2)``,
... after it), whose header row names the columns of :data:`sakhalin.FACT_COLUMNS`. Every
sheet people read (Battles, Overview, Sides, People, Events, Facts, Sources, and their
continuation sheets) is read too, and each of its cells compared with what the facts give:
a changed cell is an edit of the fact behind it, and a cell that cannot be edited, or the
same fact changed differently in two cells, is an error naming the sheet and cell. A
workbook without the hidden sheet (written by sakhalin 0.1) is read from its ``Facts``
sheet alone. Cells are typed as the exporter writes them: numbers (whole numbers; a float
with a fraction is an error), real dates (read as dates), and text, whose ``_xHHHH_``
escapes are decoded. A date the exporter wrote as ISO 8601 text (before 1900-03-01) comes
back as a date, and a count it wrote as text (16 digits or more) as an int, as the facts'
``type`` column says.

Untrusted files are checked before openpyxl parses anything:

* **decompression bombs**: the sizes the zip declares for its entries, added up, must not be
  over ``max_uncompressed_size`` (256 MiB by default; a reader option). Python's zipfile never
  yields more than an entry's declared size, so the declared sizes bound what is parsed.
* **XML entity expansion**: every part (whatever its name, since a relationship can make
  openpyxl parse any part as XML) is refused if its prolog has a document type declaration
  (``<!DOCTYPE``, the only place entities can be declared), whatever the parser. openpyxl
  uses defusedxml when it is installed; this check does not depend on it.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, ClassVar, Final

from sakhalin._errors import ReadError
from sakhalin._facts import (
    FACT_COLUMNS,
    FactValue,
    Record,
    batches,
    battles_from_batches,
    battles_from_facts,
    row_place,
)
from sakhalin._model import Battle
from sakhalin._sheet_edits import Changes, EditError, fact_edits, seen
from sakhalin._sheets import FACT_HEADINGS, HEADERS, KEY, ROUND_TRIP, Edit, render
from sakhalin.exporters._xlsx import SHEETS, SPOOL_SIZE, column_letter, import_openpyxl, unescape

__all__ = ["MAX_FORMATS", "MAX_PART_SIZE", "MAX_UNCOMPRESSED_SIZE", "XlsxReader"]

MAX_UNCOMPRESSED_SIZE: Final = 256 * 2**20
"""The most bytes a workbook's zip entries may declare, added up, by default (256 MiB)."""
MAX_PART_SIZE: Final = 16 * 2**20
"""The most bytes a part openpyxl loads whole (not a worksheet) may declare, by default (16 MiB)."""
MAX_FORMATS: Final = 65_000
"""The most number and cell formats a workbook may declare, by default."""
EXCEL_ROWS: Final = 1_048_576
"""The most rows a sheet holds (Excel's limit); a sheet claiming more is refused."""
PROLOG_LIMIT: Final = 2**20
"""How far into an XML part its root element must start (1 MiB)."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"-?[0-9]{1,4300}")


def _prolog_problem(head: bytes) -> str | None:
    """Why an XML part's start is refused, or None: a DOCTYPE, or no root element in sight."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", "replace")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", "replace")
    else:
        text = head.decode("utf-8", "replace")
    text = text.lstrip("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return None if len(head) < PROLOG_LIMIT else "its root element does not start in its first 1 MiB"
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            step = 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            step = 3
        elif text.startswith("<!", pos):
            return "it has a document type declaration (<!DOCTYPE), which could declare entities"
        else:
            return None  # the root element (or something the parser will refuse)
        if end < 0:
            return None if len(head) < PROLOG_LIMIT else "its root element does not start in its first 1 MiB"
        pos = end + step


_FORMAT_RE: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:numFmt|xf)[\s/>]")


def _count_formats(head: bytes, part: IO[bytes], limit: int) -> str | None:
    """Why a part is refused for declaring more than ``limit`` number and cell formats, or None.

    openpyxl builds an object for each ``<numFmt>`` and ``<xf>`` of the styles it loads (a
    700 KB workbook declaring millions of them took 4.1 GB), so they are counted first, a
    chunk at a time, in whatever part they are.
    """
    count = 0
    chunk, tail = head, b""
    while chunk:
        text = tail + chunk
        count += len(_FORMAT_RE.findall(text))
        tail = text[-32:]
        count -= len(_FORMAT_RE.findall(tail))  # (counted again with the next chunk)
        if count > limit:
            return f"it declares more than {limit:,} number and cell formats (max_formats)"
        chunk = part.read(PROLOG_LIMIT)
    return None


def _check_zip(stream: IO[bytes], source: str, limits: XlsxReader) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            limit = limits.max_uncompressed_size
            if total > limit:
                raise ReadError(
                    f"{source}: the workbook's parts declare {total:,} bytes uncompressed, "
                    f"over the limit of {limit:,} (max_uncompressed_size)"
                )
            for info in infos:  # every part, whatever its name: a relationship may call any part XML
                whole = not info.filename.startswith("xl/worksheets/")
                if whole and info.file_size > limits.max_part_size:
                    raise ReadError(
                        f"{source}: part {info.filename!r} declares {info.file_size:,} bytes uncompressed; "
                        f"openpyxl holds it in memory whole, and the limit is {limits.max_part_size:,} "
                        f"(max_part_size)"
                    )
                with archive.open(info) as part:
                    head = part.read(PROLOG_LIMIT)
                    problem = _prolog_problem(head)
                    if problem is None and whole:
                        problem = _count_formats(head, part, limits.max_formats)
                if problem is not None:
                    raise ReadError(f"{source}: part {info.filename!r} is refused: {problem}")
    except ReadError:
        raise
    except Exception as exc:  # zipfile, zlib, bz2 and lzma fail in many ways on a damaged file
        problem = f"{type(exc).__name__}: {exc}"
        raise ReadError(
            f"{source}: not an Excel workbook (.xlsx): not a readable zip archive ({problem})"
        ) from None


_COLUMN_OF_HEADING = {heading: column for column, heading in FACT_HEADINGS.items()}


def _numbered(workbook: Any, title: str) -> list[Any]:
    """The sheet of this title and its continuation sheets ``title (2)``, ... in order."""
    pattern = re.compile(rf"{re.escape(title)}(?: \((\d+)\))?")
    numbered = []
    for name in workbook.sheetnames:
        match = pattern.fullmatch(name)
        if match is not None:
            numbered.append((int(match.group(1) or 1), name))
    return [workbook[name] for _, name in sorted(numbered)]


def _seen_cell(value: object, place: str, column: int, row: int) -> object:
    """A cell as it compares with what the exporter wrote: typed as _cell makes it, "" as None."""
    value = _cell(value, place, column, row)
    return None if value == "" else value


class _Shown:
    """The rows of one sheet people read (and its continuation sheets), by key."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.headers = HEADERS[title]
        # key -> (sheet title, row number, the row's cells, the column of each heading)
        self.rows: dict[str, tuple[str, int, tuple[object, ...], dict[str, int]]] = {}

    @classmethod
    def read(cls, title: str, sheets: list[Any], source: str) -> _Shown:
        shown = cls(title)
        for sheet in sheets:
            place = f"{source}: sheet {sheet.title}"
            try:
                shown._read_sheet(sheet, place)
            except ReadError:
                raise
            except Exception as exc:  # a damaged sheet: bad XML, a broken zip entry, ...
                raise ReadError(f"{place}: cannot be read ({type(exc).__name__}: {exc})") from None
        return shown

    def _read_sheet(self, sheet: Any, place: str) -> None:
        header = next(sheet.iter_rows(max_row=1, values_only=True), None) or ()
        columns: dict[str, int] = {}
        known = {*self.headers, KEY}
        for i, value in enumerate(header):
            if value is None:
                continue
            cell = f"{place}, cell {column_letter(i + 1)}1"
            if value not in known:
                raise ReadError(
                    f"{cell}: {value!r} is not a column of this sheet, and what it holds could not "
                    f"reach the battle (the columns are {', '.join(self.headers)})"
                )
            if value in columns:
                raise ReadError(f"{cell}: the column {value!r} is named twice")
            columns[value] = i
        if KEY not in columns:
            raise ReadError(
                f"{place}, row 1: no column headed {KEY!r} (hidden, last), which matches each row "
                "with the facts it shows"
            )
        key_column = columns[KEY]
        # only the named columns are read, so a forged sheet size cannot make openpyxl pad
        # every row to 16,384 cells; rows stop at Excel's limit
        rows = sheet.iter_rows(min_row=2, max_col=max(columns.values()) + 1, values_only=True)
        for number, values in enumerate(rows, 2):
            if number > EXCEL_ROWS:
                raise ReadError(f"{place}: more rows than a sheet holds ({EXCEL_ROWS:,}, Excel's limit)")
            key = values[key_column] if key_column < len(values) else None
            if key is None:
                filled = [i for i, v in enumerate(values) if v is not None and v != ""]
                if filled:
                    raise ReadError(
                        f"{place}, cell {column_letter(filled[0] + 1)}{number}: a row added by hand "
                        f"(its {KEY!r} cell is empty); rows cannot be added to this sheet"
                    )
                continue
            key = str(key)
            if key in self.rows:
                _, before, _, _ = self.rows[key]
                raise ReadError(
                    f"{place}, row {number}: a copy of row {before} (the same {KEY!r}); remove one"
                )
            self.rows[key] = (sheet.title, number, values, columns)

    def compare(
        self, key: str, values: Sequence[object], edits: Sequence[Edit], changes: Changes, source: str
    ) -> None:
        """Compare the row of ``key`` with what the facts give, noting the edits in ``changes``."""
        found = self.rows.pop(key, None)
        if found is None:
            raise ReadError(
                f"{source}: sheet {self.title}: the row with the key {key!r} is missing; rows "
                "cannot be removed from this sheet (filter them out instead)"
            )
        title, number, cells, columns = found
        for heading, value, edit in zip(self.headers, values, edits, strict=True):
            i = columns.get(heading)
            if i is None:  # a column removed: what it showed is unchanged
                continue
            actual = _seen_cell(cells[i] if i < len(cells) else None, f"{source}: sheet {title}", i, number)
            if seen(value) == actual:
                continue  # not edited (most cells): no need to name the cell
            place = f"sheet {title}, cell {column_letter(i + 1)}{number}"
            try:
                changes.compare(value, actual, edit, place)
            except EditError as exc:
                raise ReadError(f"{source}: {place} ({heading}): {exc}") from None

    def check_all_seen(self) -> None:
        """Every row was matched with a battle's row."""
        if self.rows:
            key, (title, number, _, _) = next(iter(self.rows.items()))
            raise ReadError(
                f"sheet {title}, row {number}: the key {key!r} names no row of the workbook's battles"
            )


def _edited(
    batch: Sequence[Record], first: int, number: int, shown: dict[str, _Shown], source: str
) -> Battle:
    """The battle of a batch of the hidden table, with the edits of the sheets people read."""
    label = f"{source}, sheet {ROUND_TRIP}"
    [battle] = battles_from_batches([(first, batch)], source=label)
    changes = Changes()
    for title, found in shown.items():
        for key, values, edits in render(title, battle, number):
            found.compare(
                key, values, fact_edits(edits) if isinstance(edits, str) else edits, changes, source
            )
    if not changes:
        return battle
    try:
        rows, places = changes.apply(list(batch), battle.name)
    except EditError as exc:
        raise ReadError(f"{source}: {exc}") from None
    cells = {first + i: place for i, place in places.items()}

    def where(row: int) -> str:
        return cells.get(row) or f"sheet {ROUND_TRIP}, row {row}"

    [edited] = battles_from_batches([(first, rows)], source=source, place=where)
    return edited


def _cell(value: object, place: str, column: int, row: int) -> FactValue:
    """A cell's value as a fact's: ``column`` counts from 0; the cell is named only when refused."""
    if value is None or (isinstance(value, int | str) and not isinstance(value, bool)):
        return unescape(value) if isinstance(value, str) else value
    where = f"{place}, cell {column_letter(column + 1)}{row}"
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            raise ReadError(f"{where}: a date and time ({value.isoformat()}), where a fact holds a date")
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ReadError(f"{where}: {value!r} is not a whole number, a date or text")


def _typed(row: dict[str, FactValue]) -> None:
    """Dates before 1900-03-01 and counts of 16 digits or more, which the exporter writes as text."""
    kind = row.get("type")
    for key in ("value", "value_end"):
        text = row.get(key)
        if not isinstance(text, str):
            continue
        if kind == "date" and _ISO_DATE.fullmatch(text):
            with contextlib.suppress(ValueError):  # else the facts reader names it
                row[key] = datetime.date.fromisoformat(text)
        elif kind == "int" and _DIGITS.fullmatch(text):
            row[key] = int(text)


class XlsxReader:
    """Battles from a workbook as the xlsx exporter writes it, with the edits made to its sheets.

    Options:
        max_uncompressed_size: the most bytes the workbook's zip entries may declare,
            added up (default 256 MiB); a larger workbook is refused before it is parsed.
        max_part_size: the most bytes a part openpyxl holds in memory whole (every part
            but the worksheets, which it streams: the shared strings, the styles) may
            declare (default 16 MiB; openpyxl takes about 6 times a part's size and 15
            microseconds a shared string).
        max_formats: the most number and cell formats (``<numFmt>``, ``<xf>``) the parts
            may declare (default 65,000; Excel itself allows 64,000 cell formats).
    """

    name: ClassVar[str] = "xlsx"
    aliases: ClassVar[tuple[str, ...]] = ("excel",)
    extensions: ClassVar[tuple[str, ...]] = (".xlsx",)
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    binary: ClassVar[bool] = True
    description: ClassVar[str] = (
        "battles from an Excel workbook as the xlsx exporter writes it, with the edits made to any sheet"
    )

    def __init__(
        self,
        *,
        max_uncompressed_size: int = MAX_UNCOMPRESSED_SIZE,
        max_part_size: int = MAX_PART_SIZE,
        max_formats: int = MAX_FORMATS,
    ) -> None:
        for name, value in (
            ("max_uncompressed_size", max_uncompressed_size),
            ("max_part_size", max_part_size),
            ("max_formats", max_formats),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} is a whole number, 1 or more, not {value!r}")
        self.max_uncompressed_size = max_uncompressed_size
        self.max_part_size = max_part_size
        self.max_formats = max_formats

    def read(self, stream: IO[bytes], source: str) -> Iterator[Battle]:
        """Read every battle of the workbook, with the edits made to the sheets people read."""
        openpyxl = import_openpyxl()
        with contextlib.ExitStack() as stack:
            data: IO[bytes] = stream
            if not stream.seekable():
                data = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE))
                shutil.copyfileobj(stream, data)
                data.seek(0)
            start = data.tell()
            _check_zip(data, source, self)
            data.seek(start)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    workbook = openpyxl.load_workbook(data, read_only=True, data_only=True)
                except Exception as exc:  # openpyxl fails in many ways on a broken workbook
                    raise ReadError(
                        f"{source}: not a readable Excel workbook ({type(exc).__name__}: {exc})"
                    ) from None
            stack.callback(workbook.close)
            hidden = _numbered(workbook, ROUND_TRIP)
            if not hidden:  # a workbook of sakhalin 0.1: its Facts sheet is the facts table
                sheets = self._facts_sheets(workbook, source)
                yield from battles_from_facts(self._rows(sheets, source), source=f"{source}, sheet Facts")
                return
            shown = {
                title: _Shown.read(title, sheets, source)
                for title in ("Battles", *SHEETS)
                if (sheets := _numbered(workbook, title))
            }
            records = (tuple(row.get(c) for c in FACT_COLUMNS) for row in self._rows(hidden, source))
            label = f"{source}, sheet {ROUND_TRIP}"
            for number, (first, batch) in enumerate(batches(records, label, row_place), 1):
                yield _edited(batch, first, number, shown, source)
            for found in shown.values():
                found.check_all_seen()

    @staticmethod
    def _facts_sheets(workbook: Any, source: str) -> list[Any]:
        sheets = _numbered(workbook, "Facts")
        if not sheets:
            names = ", ".join(repr(n) for n in workbook.sheetnames) or "none"
            raise ReadError(f"{source}: no sheet named 'Facts' (the workbook's sheets: {names})")
        return sheets

    def _rows(self, sheets: list[Any], source: str) -> Iterator[Mapping[str, FactValue]]:
        for sheet in sheets:
            place = f"{source}: sheet {sheet.title}"
            try:
                header = next(sheet.iter_rows(max_row=1, values_only=True), None)
                columns = self._header(header, place)
                # only the facts columns are read, so a forged sheet size cannot make
                # openpyxl pad every row to 16,384 cells; rows stop at Excel's limit
                last = max(columns.values()) + 1
                for number, values in enumerate(
                    sheet.iter_rows(min_row=2, max_col=last, values_only=True), 2
                ):
                    if number > EXCEL_ROWS:
                        raise ReadError(
                            f"{place}: more rows than a sheet holds ({EXCEL_ROWS:,}, Excel's limit)"
                        )
                    if all(v is None for v in values):
                        continue
                    row = {
                        name: _cell(values[i] if i < len(values) else None, place, i, number)
                        for name, i in columns.items()
                    }
                    _typed(row)
                    yield row
            except ReadError:
                raise
            except Exception as exc:  # a damaged sheet: bad XML, a broken zip entry, ...
                raise ReadError(f"{place}: cannot be read ({type(exc).__name__}: {exc})") from None

    @staticmethod
    def _header(header: tuple[object, ...] | None, place: str) -> dict[str, int]:
        if header is None:
            raise ReadError(f"{place}, row 1: the sheet is empty; its first row names the facts columns")
        columns: dict[str, int] = {}
        for i, value in enumerate(header):
            if value is None:
                continue
            if value == KEY:  # the rows' keys, for the sheets people read
                continue
            cell = f"{place}, cell {column_letter(i + 1)}1"
            value = _COLUMN_OF_HEADING.get(value, value) if isinstance(value, str) else value
            if not isinstance(value, str) or value not in FACT_COLUMNS:
                raise ReadError(
                    f"{cell}: {value!r} is not a facts column (the columns are {', '.join(FACT_COLUMNS)})"
                )
            if value in columns:
                raise ReadError(f"{cell}: the column {value!r} is named twice")
            columns[value] = i
        missing = [name for name in FACT_COLUMNS if name not in columns]
        if missing:
            raise ReadError(f"{place}, row 1: no column headed {', '.join(repr(m) for m in missing)}")
        return columns
