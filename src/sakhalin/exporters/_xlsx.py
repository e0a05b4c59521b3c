r"""Excel (.xlsx): a workbook a person is glad to open, written in one streaming pass.

The workbook has six sheets: **Overview** (the infobox as label / value rows, one block per
battle), **Sides** (one row per side, figures as numbers), **People**, **Events** (real date
cells), **Facts** (the facts table of :func:`sakhalin.facts`, headed by
:data:`sakhalin.FACT_COLUMNS`, which is what the xlsx reader reads back) and **Sources**. Each
sheet has a bold, frozen header row, an autofilter over the whole table and column widths taken
from its content.

Cell types
    Counts are numeric cells; one of 12 to 15 digits gets the number format ``0``, so that it is
    not shown in scientific notation. Excel keeps only 15 significant digits of a number, so a
    count of 16 digits or more (:data:`EXACT_LIMIT`) is a text cell of its digits, exact; the
    Facts sheet's ``type`` column says it is an ``int``, and the reader reads it as one.
    Dates from 1900-03-01 on are real date cells with the number format ``yyyy-mm-dd``;
    earlier dates, which Excel's 1900 date system cannot hold (and where Excel and LibreOffice
    disagree about the serial numbers), are ISO 8601 text cells (``1875-01-01``); the reader
    turns them back into dates. Every text is a string cell, never a formula, an error value or
    a number: ``=HYPERLINK(...)`` stays text in every application.

Characters XML cannot hold
    Control characters below U+0020 other than tab and newline (U+007F to U+009F are valid XML
    and stay as they are), carriage returns (which XML parsers would turn into newlines), lone
    surrogates and U+FFFE / U+FFFF are written as Excel's own ``_xHHHH_`` escape (``"\x01"``
    becomes ``_x0001_``); a literal ``_xHHHH_`` in a text has its underscore escaped
    (``_x005F_x0041_``), so that the escape is reversible. Excel and LibreOffice decode these
    escapes when they open the file; the xlsx reader decodes them too.

Long texts
    A cell holds at most 32,767 characters (Excel's limit, counted after escaping). A longer text
    is an error (:class:`sakhalin.SakhalinError`) naming the battle, the sheet, the cell and the
    field; it is never silently cut.

Streaming, and its trade-off
    The battles are consumed once (a generator is fine) and never held together: each battle's
    rows go to all six sheets as it is read, through openpyxl's write-only mode, which streams
    every sheet to its own temporary file; the finished zip is assembled in a spooled temporary
    file (in memory up to :data:`SPOOL_SIZE`, then on disk) and copied to the output stream.
    Column widths must be written before a sheet's first row, so each sheet keeps its first
    :data:`WIDTH_SAMPLE_ROWS` rows in memory, sets its widths from them (capped at
    :data:`MAX_WIDTH` characters; longer texts wrap), and from then on streams. Memory stays
    flat however many battles there are, at the price that widths follow the first thousand
    rows of a sheet rather than all of them; the alternative, buffering every row to a
    temporary file of our own to measure exact widths, would write all the data twice. A sheet
    that reaches Excel's 1,048,576 rows continues on ``"<name> (2)"``, ``"<name> (3)"``, ...
    right after it; the reader reads ``Facts``, ``Facts (2)``, ... in order. openpyxl
    serialises some tens of thousands of cells a second (faster with lxml installed), which
    bounds the speed; for very large exports CSV is the faster format.

Determinism
    The same battles give byte-identical files on every run, whatever the clock or time zone:
    the document's created and modified times are fixed at 2000-01-01T00:00:00Z, every zip entry
    gets the fixed time 2000-01-01 00:00:00 and fixed permissions, and the entries are always
    written in the same order.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, ClassVar, Final, Literal

from sakhalin._errors import MissingDependencyError, SakhalinError
from sakhalin._facts import FACT_COLUMNS, fact_rows
from sakhalin._model import Battle
from sakhalin._sheets import HEADERS, KEY, PLAIN_NUMBERS, ROUND_TRIP, render

if TYPE_CHECKING:
    import zipfile

__all__ = [
    "CELL_LIMIT",
    "EXACT_LIMIT",
    "FIXED_TIME",
    "MAX_ROWS",
    "MAX_WIDTH",
    "SHEETS",
    "SPOOL_SIZE",
    "WIDTH_SAMPLE_ROWS",
    "XlsxExporter",
    "column_letter",
    "escape",
    "import_openpyxl",
    "unescape",
]

CELL_LIMIT: Final = 32_767
"""The most characters a cell holds (Excel's limit)."""
MAX_ROWS = 1_048_576
"""The most rows a sheet holds, the header included (Excel's limit)."""
WIDTH_SAMPLE_ROWS: Final = 1000
"""How many rows of a sheet its column widths are measured on."""
MAX_WIDTH: Final = 60
"""The widest a column is made, in characters; longer texts wrap."""
FIXED_TIME: Final = datetime.datetime(2000, 1, 1)
"""The created and modified time of every workbook, and the time of every zip entry."""
EXACT_LIMIT: Final = 10**15
"""The smallest count written as text: Excel keeps 15 significant digits of a number."""
FIRST_DATE: Final = datetime.date(1900, 3, 1)
"""The first date written as a date cell; earlier dates are ISO 8601 text."""
DATE_FORMAT: Final = "yyyy-mm-dd"
SPOOL_SIZE: Final = 8 * 2**20
"""How much of a finished workbook is kept in memory before it goes to a temporary file."""
SHEETS: Final = ("Overview", "Sides", "People", "Events", "Facts", "Sources")
"""The sheets people read in every workbook, in order (a workbook of several battles starts
with a Battles sheet, and every workbook ends with the hidden Round trip sheet)."""

_ILLEGAL = r"[\x00-\x08\x0b-\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
# A literal "_xHHHH" is escaped when an underscore follows it, or a character whose own
# escape will start with one (so "_x0000" then U+D800 does not read back as U+0000).
_ESCAPE = re.compile(rf"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_ILLEGAL}))|{_ILLEGAL}")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """Text as a cell can hold it: characters XML cannot hold as Excel's ``_xHHHH_`` escape.

    A literal ``_xHHHH_`` gets its underscore escaped, so that :func:`unescape` is the exact
    inverse.
    """
    return _ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape(text: str) -> str:
    """The inverse of :func:`escape`: every ``_xHHHH_`` back to its character."""
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def import_openpyxl() -> Any:
    """openpyxl, imported when a workbook is first written or read; MissingDependencyError without it."""
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "the xlsx format needs openpyxl, which is not installed: "
            "pip install openpyxl (sakhalin's xlsx extra)"
        ) from None
    return openpyxl


@functools.cache
def _fixed_zip_file() -> type[zipfile.ZipFile]:
    """The zip file class the workbook is written with (zipfile is imported when first needed)."""
    import zipfile

    class _FixedZipFile(zipfile.ZipFile):
        """A zip file whose entries all get one fixed time and fixed permissions."""

        def open(
            self,
            name: str | zipfile.ZipInfo,
            mode: Literal["r", "w"] = "r",
            pwd: bytes | None = None,
            *,
            force_zip64: bool = False,
        ) -> IO[bytes]:
            if mode == "w":
                if isinstance(name, zipfile.ZipInfo):
                    info = name
                else:
                    info = zipfile.ZipInfo(name)
                    info.compress_type = self.compression
                info.date_time = FIXED_TIME.timetuple()[:6]
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                name = info
            return super().open(name, mode, pwd, force_zip64=force_zip64)

    return _FixedZipFile


# --- the workbook -------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """A column's letters from its number (1 is A, 27 is AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _width(value: object) -> int:
    if isinstance(value, str):
        return max((len(line) for line in value.split("\n")), default=0)
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int):
        return len(f"{value:,}")
    return len(str(value))


LINE_HEIGHT: Final = 15.0
"""The height of one line of text, in points (Calibri 11, the default font)."""
MAX_HEIGHT: Final = 409.0
"""The tallest a row is made, in points (Excel's limit)."""
LANDSCAPE_WIDTH: Final = 100
"""A sheet whose columns are wider than this, in characters, prints in landscape."""
COUNT_FORMAT: Final = "#,##0"
"""The number format of counts: a thousands separator."""


def _height(values: Sequence[object], widths: Sequence[int]) -> float | None:
    """The height of a row whose texts wrap (None when every text fits on one line)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and ("\n" in value or len(value) > width):
            room = max(width - 1, 1)
            lines = max(lines, sum(-(-max(len(line), 1) // room) for line in value.split("\n")))
    return None if lines == 1 else min(lines * LINE_HEIGHT, MAX_HEIGHT)


class _Styles:
    """The few cell styles every workbook uses, each made once as openpyxl's style array.

    A new cell gets a copy of a ready array, which is much cheaper than assigning fonts and
    alignments cell by cell (each assignment looks the style up in the workbook). Only cells
    that need a style get one (headers, bold labels, wrapped text, dates, counts); ordinary text
    goes to openpyxl as a plain value, which it writes far faster than a styled cell.
    """

    def __init__(self, openpyxl: Any, sheet: Any) -> None:
        styles = openpyxl.styles
        top = styles.Alignment(vertical="top")

        def array(**attributes: Any) -> Any:
            cell = openpyxl.cell.WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell._style

        wrap = styles.Alignment(vertical="top", wrap_text=True)
        self.header = array(
            font=styles.Font(bold=True),
            fill=styles.PatternFill(fill_type="solid", start_color="FFDDE3EA", end_color="FFDDE3EA"),
            alignment=wrap,
        )
        self.text = array(alignment=top)
        self.wrap = array(alignment=wrap)
        self.strong = array(font=styles.Font(bold=True), alignment=top)
        self.strong_wrap = array(font=styles.Font(bold=True), alignment=wrap)
        self.date = array(alignment=top, number_format=DATE_FORMAT)
        self.count = array(alignment=top, number_format=COUNT_FORMAT)
        self.number = array(alignment=top, number_format="0")


class _Table:
    """One table of the workbook: its sheet (and continuation sheets), widths and row count.

    A table people read ends with the hidden key column (:data:`sakhalin._sheets.KEY`).
    """

    def __init__(
        self, book: _Book, title: str, headers: Sequence[str], *, keyed: bool = True, index: int | None = None
    ) -> None:
        self.book = book
        self.title = title
        self.keyed = keyed
        self.headers = (*headers, KEY) if keyed else tuple(headers)
        self.widths = [len(h) + 3 for h in self.headers]  # room for the filter button
        # numbers in the hidden table are read, not seen: plain
        self.plain = PLAIN_NUMBERS.get(title, frozenset()) if keyed else range(1, len(headers) + 1)
        self.sheets: list[Any] = []
        self.rows_in_sheet = 0
        self.sample: list[tuple[list[Any], Sequence[object]]] | None = []
        self.index = index
        self.sheet = self._new_sheet()

    def _new_sheet(self) -> Any:
        n = len(self.sheets) + 1
        name = self.title if n == 1 else f"{self.title} ({n})"
        index = self.index
        if self.sheets:
            index = self.book.workbook.worksheets.index(self.sheets[-1]) + 1
        sheet = self.book.workbook.create_sheet(name, index)
        sheet.freeze_panes = "A2"
        if not self.keyed:
            sheet.sheet_state = "hidden"
        self.sheets.append(sheet)
        self.rows_in_sheet = 0
        if self.sample is None:  # widths are known: the new sheet can start at once
            self._start(sheet)
        return sheet

    def _start(self, sheet: Any) -> None:
        self.widths = [min(max(width + 2, 8), MAX_WIDTH) for width in self.widths]
        for i, width in enumerate(self.widths, 1):
            sheet.column_dimensions[column_letter(i)].width = width
        if self.keyed:
            sheet.column_dimensions[column_letter(len(self.headers))].hidden = True
            self._page_setup(sheet)
        sheet.append(
            [self.book.cell(sheet, escape(text), "s", self.book.styles.header) for text in self.headers]
        )
        self.rows_in_sheet = 1

    def _page_setup(self, sheet: Any) -> None:
        """Print on pages as wide as the table, the header row on each, named and numbered."""
        shown = sum(self.widths[:-1])
        sheet.page_setup.orientation = "landscape" if shown > LANDSCAPE_WIDTH else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.oddHeader.center.text = "&A"
        sheet.oddFooter.center.text = "Page &P of &N"
        sheet.print_options.gridLines = True

    def add(
        self,
        values: Sequence[object],
        where: Callable[[int], str],
        key: str | None = None,
        strong: Sequence[int] = (),
        plain: Collection[int] | None = None,
    ) -> None:
        """Add one row; ``where(column)`` names a column's field for error messages.

        The texts in the ``strong`` columns (counted from 1) are bold; the numbers in the
        ``plain`` columns (by default the table's) are not counts, and get no thousands separator.
        """
        if self.sample is None and self.rows_in_sheet >= MAX_ROWS:
            self._finish_sheet(self.sheet)
            self.sheet = self._new_sheet()
        row_number = self.rows_in_sheet + 1 if self.sample is None else len(self.sample) + 2
        book, sheet = self.book, self.sheet
        if plain is None:
            plain = self.plain
        cells = [
            book.convert(sheet, value, self, row_number, column, where, column in strong, column in plain)
            for column, value in enumerate(values, 1)
        ]
        if key is not None:
            cells.append(escape(key))
        if self.sample is not None:
            widths = self.widths
            for i, value in enumerate(values):
                if value is not None:
                    widths[i] = max(widths[i], min(_width(value), MAX_WIDTH))
            self.sample.append((cells, values))
            if len(self.sample) >= min(WIDTH_SAMPLE_ROWS, MAX_ROWS - 1):
                self._flush_sample()
            return
        self._append(cells, values)

    def _append(self, cells: list[Any], values: Sequence[object]) -> None:
        self.rows_in_sheet += 1
        height = _height(values, self.widths) if self.keyed else None
        if height is None:
            self.sheet.append(cells)
            return
        dimensions = self.sheet.row_dimensions
        dimensions[self.rows_in_sheet] = self.book.row_dimension(
            self.sheet, index=self.rows_in_sheet, ht=height, customHeight=True
        )
        self.sheet.append(cells)
        del dimensions[self.rows_in_sheet]  # written: keep none in memory

    def _flush_sample(self) -> None:
        sample, self.sample = self.sample or [], None
        self._start(self.sheet)
        for cells, values in sample:
            self._append(cells, values)

    def _finish_sheet(self, sheet: Any) -> None:
        last = column_letter(len(self.headers))
        sheet.auto_filter.ref = f"A1:{last}{self.rows_in_sheet}"

    def finish(self) -> None:
        if self.sample is not None:
            self._flush_sample()
        self._finish_sheet(self.sheet)


def _fact_field(path: object) -> Callable[[int], str]:
    def where(column: int) -> str:
        return f"column {FACT_COLUMNS[column - 1]} of {path}"

    return where


def _column_field(headers: Sequence[str]) -> Callable[[int], str]:
    def where(column: int) -> str:
        return f"column {headers[column - 1]!r}"

    return where


_PATH_COLUMN = FACT_COLUMNS.index("path")
# on the Facts sheet, a paragraph's number, and a source's year, are not counts
_PARAGRAPH_PLAIN = frozenset({FACT_COLUMNS.index("cite_paragraph") + 1})
_YEAR_PLAIN = _PARAGRAPH_PLAIN | {FACT_COLUMNS.index("value") + 1}


class _Book:
    """The workbook being written: its tables, styles and cell conversion."""

    def __init__(self, openpyxl: Any) -> None:
        self.openpyxl = openpyxl
        self.workbook = openpyxl.Workbook(write_only=True)
        props = self.workbook.properties
        props.creator = "sakhalin"
        props.title = "Battles"
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        from openpyxl.cell.cell import ERROR_CODES, Cell
        from openpyxl.worksheet.dimensions import RowDimension

        self.new_cell = Cell
        self.row_dimension = RowDimension
        self.error_codes = frozenset(ERROR_CODES)
        self.battle = ""
        self.count = 0
        self.first: Battle | None = None  # the first battle, until a second makes a Battles sheet
        self.tables = {title: _Table(self, title, HEADERS[title]) for title in SHEETS}
        self.round_trip = _Table(self, ROUND_TRIP, FACT_COLUMNS, keyed=False)
        self.battles: _Table | None = None
        self.styles = _Styles(openpyxl, self.tables["Overview"].sheet)

    def cell(self, sheet: Any, value: object, data_type: str, style: Any) -> Any:
        """A cell of a type, set directly: a ``"s"`` cell is always text, never a formula."""
        cell = self.new_cell(sheet, row=1, column=1, style_array=style)
        cell._value = value
        cell.data_type = data_type
        return cell

    def convert(
        self,
        sheet: Any,
        value: object,
        table: _Table,
        row: int,
        column: int,
        where: Callable[[int], str],
        strong: bool = False,
        plain: bool = False,
    ) -> Any:
        """The cell for one value: ints numeric, dates real dates, text always a string cell."""
        if value is None:
            return None
        if isinstance(value, str):
            text = escape(value)
            if len(text) > CELL_LIMIT:
                place = f"{table.sheets[-1].title}!{column_letter(column)}{row}"
                raise SakhalinError(
                    f"cannot write xlsx: battle {self.battle!r}, sheet {place}, {where(column)}: "
                    f"a text of {len(text):,} characters is longer than a cell holds "
                    f"({CELL_LIMIT:,}, Excel's limit)"
                )
            wrap = len(text) > MAX_WIDTH or "\n" in text
            if strong:
                return self.cell(sheet, text, "s", self.styles.strong_wrap if wrap else self.styles.strong)
            if wrap:
                return self.cell(sheet, text, "s", self.styles.wrap)
            if text[:1] == "=" or text in self.error_codes:
                # openpyxl would take it for a formula or an error value: a string cell, set directly
                return self.cell(sheet, text, "s", self.styles.text)
            # ordinary text goes to openpyxl as a plain value (a string cell, unstyled), which
            # it writes far faster than a styled cell
            return text
        if isinstance(value, datetime.date):
            if value < FIRST_DATE:
                return self.cell(sheet, value.isoformat(), "s", self.styles.text)
            return self.cell(sheet, value, "d", self.styles.date)
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= EXACT_LIMIT:
                return self.cell(sheet, str(value), "s", self.styles.text)
            if plain:
                return value if abs(value) < 10**11 else self.cell(sheet, value, "n", self.styles.number)
            return self.cell(sheet, value, "n", self.styles.count)
        raise TypeError(f"no cell type for {type(value).__name__}")  # pragma: no cover

    def add(self, battle: Battle) -> None:
        """Add one battle's rows to every sheet."""
        self.battle = battle.name
        self.count += 1
        number = self.count
        if number == 1:
            self.first = battle
        elif number == 2:
            assert self.first is not None
            self.battles = _Table(self, "Battles", HEADERS["Battles"], index=0)
            self._add_rows(self.battles, self.first, 1)
            self.first = None
        if self.battles is not None:
            self._add_rows(self.battles, battle, number)
        for title in SHEETS:
            self._add_rows(self.tables[title], battle, number)
        round_trip = self.round_trip
        for values in fact_rows(battle):
            round_trip.add(values, _fact_field(values[_PATH_COLUMN]))

    def _add_rows(self, table: _Table, battle: Battle, number: int) -> None:
        title = table.title
        where = _column_field(table.headers)
        for key, values, edits in render(title, battle, number):
            if title == "Overview":
                # the Overview's labels are bold like an infobox's, and so is each block's name
                table.add(values, where, key, (2, 3) if values[1] == "Name" else (2,))
            elif title == "Facts":
                assert isinstance(edits, str)  # the fact's path
                plain = _YEAR_PLAIN if edits.endswith(".year") else _PARAGRAPH_PLAIN
                table.add(values, _fact_field(edits), key, plain=plain)
            else:
                table.add(values, where, key)

    def save(self, stream: IO[bytes]) -> None:
        """Finish every sheet and write the workbook, with fixed times, to the stream."""
        from openpyxl.writer.excel import ExcelWriter

        tables = [*self.tables.values(), self.round_trip]
        if self.battles is not None:
            tables.append(self.battles)
        for table in tables:
            table.finish()
        import shutil
        import tempfile
        import zipfile

        with tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE) as spool:
            archive = _fixed_zip_file()(spool, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
            ExcelWriter(self.workbook, archive).save()
            spool.seek(0)
            shutil.copyfileobj(spool, stream)

    def discard(self) -> None:
        """Remove the temporary files of the sheets after a failure."""
        import contextlib
        import os

        for sheet in self.workbook.worksheets:
            writer = getattr(sheet, "_writer", None)
            if writer is None:
                continue
            with contextlib.suppress(Exception):
                writer.xf.close()
            with contextlib.suppress(OSError):
                os.remove(writer.out)


class XlsxExporter:
    """An Excel workbook: overview, sides, people, events, facts and sources sheets."""

    name: ClassVar[str] = "xlsx"
    aliases: ClassVar[tuple[str, ...]] = ("excel",)
    extensions: ClassVar[tuple[str, ...]] = (".xlsx",)
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    binary: ClassVar[bool] = True
    description: ClassVar[str] = (
        "an Excel workbook: overview, sides, people, events (real dates), facts and sources sheets"
    )

    def write(self, battles: Iterable[Battle], stream: IO[bytes]) -> None:
        """Write every battle to one workbook, consuming the iterable once."""
        book = _Book(import_openpyxl())
        ok = False
        try:
            for battle in battles:
                book.add(battle)
            book.save(stream)
            ok = True
        finally:
            if not ok:
                book.discard()
