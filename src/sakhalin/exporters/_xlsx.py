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
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, ClassVar, Final, Literal

from sakhalin._errors import MissingDependencyError, SakhalinError
from sakhalin._facts import FACT_COLUMNS, fact_rows
from sakhalin._model import Battle, Casualties, CasualtyKind, Person
from sakhalin._wording import date_text, person_text, quantity_text

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
    "escape",
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
"""The sheets of every workbook, in order."""

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


def _import_openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "the xlsx format needs openpyxl, which is not installed: pip install 'sakhalin[xlsx]'"
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


# --- what the cells say -------------------------------------------------------------------------


def _lines(items: Iterable[str]) -> str | None:
    text = "\n".join(items)
    return text or None


def _kind_total(c: Casualties | None, kind: CasualtyKind) -> int | None:
    if c is None:
        return None
    figures = [item.quantity.value for item in c.of_kind(kind) if item.quantity.value is not None]
    return sum(figures) if figures else None


_KINDS = (
    CasualtyKind.KILLED,
    CasualtyKind.WOUNDED,
    CasualtyKind.CAPTURED,
    CasualtyKind.MISSING,
    CasualtyKind.TOTAL,
    CasualtyKind.OTHER,
)

_HEADERS: dict[str, tuple[str, ...]] = {
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
    "Facts": FACT_COLUMNS,
    "Sources": (
        "Battle",
        "Key",
        "Title",
        "Authors",
        "Year",
        "Publisher",
        "URL",
        "ISBN",
        "Licence",
        "Note",
    ),
}

Row = Sequence[object]


def _overview(b: Battle) -> Iterator[Row]:
    def row(field: str, value: object) -> Row:
        return (b.name, field, value)

    yield row("Name", b.name)
    also = [*b.alt_names, *(f"{n.name} ({n.lang})" for n in b.names)]
    if also:
        yield row("Also known as", _lines(also))
    if b.war is not None:
        yield row("Part of", b.war.name)
    if b.date is not None:
        yield row("Date", date_text(b.date) or None)
    if b.place is not None:
        yield row("Location", b.place.name)
    if b.coordinates is not None:
        yield row("Coordinates", b.coordinates)
    if b.result is not None:
        yield row("Result", b.result)
    if b.territory is not None:
        yield row("Territory", b.territory)
    for n, side in enumerate(b.sides, 1):
        yield row(f"Belligerents (side {n})", _lines(bel.name for bel in side.belligerents))
        if side.commanders:
            yield row(f"Commanders (side {n})", _lines(person_text(p) for p in side.commanders))
        if side.units:
            yield row(f"Units (side {n})", _lines(side.units))
        if side.strength:
            yield row(f"Strength (side {n})", _lines(quantity_text(q) for q in side.strength))
        if side.casualties is not None:
            yield row(f"Casualties (side {n})", side.casualties.text)
    if b.joint_casualties is not None:
        yield row("Casualties (all sides)", b.joint_casualties.text)


def _sides(b: Battle) -> Iterator[Row]:
    for n, side in enumerate(b.sides, 1):
        first = side.strength[0] if side.strength else None
        yield (
            b.name,
            n,
            _lines(bel.name for bel in side.belligerents),
            _lines(person_text(p) for p in side.commanders),
            _lines(side.units),
            None if first is None else first.value,
            None if first is None else first.high,
            None if first is None else str(first.qualifier),
            None if first is None else first.unit,
            _lines(quantity_text(q) for q in side.strength),
            *(_kind_total(side.casualties, kind) for kind in _KINDS),
            None if side.casualties is None else side.casualties.text,
        )
    if b.joint_casualties is not None:
        c = b.joint_casualties
        yield (b.name, "all sides", *([None] * 8), *(_kind_total(c, kind) for kind in _KINDS), c.text)


def _people(b: Battle) -> Iterator[Row]:
    everyone: list[tuple[int | None, Person]] = [
        (n, p) for n, side in enumerate(b.sides, 1) for p in side.commanders
    ]
    everyone += [(None, p) for p in b.people]
    for side, p in everyone:
        cite = str(p.citations[0]) if p.citations else None
        yield (b.name, p.name, side, p.role, p.rank, p.full_name, _lines(p.alt_names), cite)


def _events(b: Battle) -> Iterator[Row]:
    for e in b.events:
        d = e.date
        precision = None if d.start is None else str(d.precision)
        cite = None if e.citation is None else str(e.citation)
        yield (b.name, d.start, d.end, precision, d.text, e.summary, _lines(e.participants), cite)


def _sources(b: Battle) -> Iterator[Row]:
    for s in b.sources:
        yield (
            b.name,
            s.key,
            s.title,
            _lines(s.authors),
            s.year,
            s.publisher,
            s.url,
            s.isbn,
            s.licence,
            s.note,
        )


def _facts(b: Battle) -> Iterator[Row]:
    return iter(fact_rows(b))


# --- the workbook -------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
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
    return len(str(value))


class _Styles:
    """The few cell styles every workbook uses, each made once as openpyxl's style array.

    A new cell gets a copy of a ready array, which is much cheaper than assigning fonts and
    alignments cell by cell (each assignment looks the style up in the workbook). Only cells
    that need a style get one (headers, bold labels, wrapped text, dates, numbers of 12 digits
    or more); ordinary text and numbers go to openpyxl as plain values, which it writes far
    faster than styled cells.
    """

    def __init__(self, openpyxl: Any, sheet: Any) -> None:
        styles = openpyxl.styles
        top = styles.Alignment(vertical="top")

        def array(**attributes: Any) -> Any:
            cell = openpyxl.cell.WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell._style

        self.header = array(
            font=styles.Font(bold=True),
            fill=styles.PatternFill(fill_type="solid", start_color="FFDDE3EA", end_color="FFDDE3EA"),
            alignment=top,
        )
        self.text = array(alignment=top)
        wrap = styles.Alignment(vertical="top", wrap_text=True)
        self.wrap = array(alignment=wrap)
        self.strong = array(font=styles.Font(bold=True), alignment=top)
        self.strong_wrap = array(font=styles.Font(bold=True), alignment=wrap)
        self.date = array(alignment=top, number_format=DATE_FORMAT)
        self.big_number = array(alignment=top, number_format="0")


class _Table:
    """One table of the workbook: its sheet (and continuation sheets), widths and row count."""

    def __init__(self, book: _Book, title: str, headers: Sequence[str]) -> None:
        self.book = book
        self.title = title
        self.headers = tuple(headers)
        self.widths = [len(h) + 3 for h in self.headers]  # room for the filter button
        self.sheets: list[Any] = []
        self.rows_in_sheet = 0
        self.sample: list[list[Any]] | None = []
        self.sheet = self._new_sheet()

    def _new_sheet(self) -> Any:
        n = len(self.sheets) + 1
        name = self.title if n == 1 else f"{self.title} ({n})"
        index = None
        if self.sheets:
            index = self.book.workbook.worksheets.index(self.sheets[-1]) + 1
        sheet = self.book.workbook.create_sheet(name, index)
        sheet.freeze_panes = "A2"
        self.sheets.append(sheet)
        self.rows_in_sheet = 0
        if self.sample is None:  # widths are known: the new sheet can start at once
            self._start(sheet)
        return sheet

    def _start(self, sheet: Any) -> None:
        for i, width in enumerate(self.widths, 1):
            sheet.column_dimensions[_column_letter(i)].width = min(max(width + 2, 8), MAX_WIDTH)
        sheet.append(
            [self.book.cell(sheet, escape(text), "s", self.book.styles.header) for text in self.headers]
        )
        self.rows_in_sheet = 1

    def add(self, values: Row, where: Callable[[int], str], strong: Sequence[int] = ()) -> None:
        """Add one row; ``where(column)`` names a column's field for error messages.

        The texts in the ``strong`` columns (counted from 1) are bold.
        """
        if self.sample is None and self.rows_in_sheet >= MAX_ROWS:
            self._finish_sheet(self.sheet)
            self.sheet = self._new_sheet()
        row_number = self.rows_in_sheet + 1 if self.sample is None else len(self.sample) + 2
        cells = [
            self.book.convert(self.sheet, value, self, row_number, column, where, column in strong)
            for column, value in enumerate(values, 1)
        ]
        if self.sample is not None:
            for i, value in enumerate(values):
                if value is not None:
                    self.widths[i] = max(self.widths[i], min(_width(value), MAX_WIDTH))
            self.sample.append(cells)
            if len(self.sample) >= min(WIDTH_SAMPLE_ROWS, MAX_ROWS - 1):
                self._flush_sample()
            return
        self.sheet.append(cells)
        self.rows_in_sheet += 1

    def _flush_sample(self) -> None:
        sample, self.sample = self.sample or [], None
        self._start(self.sheet)
        for cells in sample:
            self.sheet.append(cells)
        self.rows_in_sheet += len(sample)

    def _finish_sheet(self, sheet: Any) -> None:
        last = _column_letter(len(self.headers))
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

        self.new_cell = Cell
        self.error_codes = frozenset(ERROR_CODES)
        self.battle = ""
        self.tables = {title: _Table(self, title, _HEADERS[title]) for title in SHEETS}
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
    ) -> Any:
        """The cell for one value: ints numeric, dates real dates, text always a string cell."""
        if value is None:
            return None
        if isinstance(value, str):
            text = escape(value)
            if len(text) > CELL_LIMIT:
                place = f"{table.sheets[-1].title}!{_column_letter(column)}{row}"
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
            if abs(value) >= 10**11:
                return self.cell(sheet, value, "n", self.styles.big_number)
            return value  # a plain value: a number cell, unstyled
        raise TypeError(f"no cell type for {type(value).__name__}")  # pragma: no cover

    def add(self, battle: Battle) -> None:
        """Add one battle's rows to every sheet (the facts first, which name each field's path)."""
        self.battle = battle.name
        facts_table = self.tables["Facts"]
        path_column = FACT_COLUMNS.index("path")
        for values in _facts(battle):
            path = values[path_column]
            facts_table.add(values, _fact_field(path))
        for title, rows in (
            ("Overview", _overview(battle)),
            ("Sides", _sides(battle)),
            ("People", _people(battle)),
            ("Events", _events(battle)),
            ("Sources", _sources(battle)),
        ):
            table = self.tables[title]
            where = _column_field(table.headers)
            for values in rows:
                # the Overview's labels are bold like an infobox's, and so is each block's name
                strong = ((2, 3) if values[1] == "Name" else (2,)) if title == "Overview" else ()
                table.add(values, where, strong)

    def save(self, stream: IO[bytes]) -> None:
        """Finish every sheet and write the workbook, with fixed times, to the stream."""
        from openpyxl.writer.excel import ExcelWriter

        for table in self.tables.values():
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
        book = _Book(_import_openpyxl())
        ok = False
        try:
            for battle in battles:
                book.add(battle)
            book.save(stream)
            ok = True
        finally:
            if not ok:
                book.discard()
