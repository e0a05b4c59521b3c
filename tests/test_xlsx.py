"""The xlsx exporter and reader, checked with readers we did not write: openpyxl and LibreOffice."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sakhalin as s
from sakhalin._facts import FactValue
from sakhalin._sheets import FACT_HEADINGS, KEY, ROUND_TRIP
from sakhalin.exporters import _xlsx
from sakhalin.exporters._xlsx import CELL_LIMIT, MAX_WIDTH, SHEETS, XlsxExporter, escape, unescape
from sakhalin.readers._xlsx import XlsxReader
from tests.strategies import battles

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it for these tests"
)

FORMULA = '=HYPERLINK("http://x","y")'
# Hostile texts every application must show literally (none of them is a formula, an error
# value or a number), and characters XML cannot hold. LibreOffice keeps all of these but turns
# carriage returns into newlines; lone surrogates are checked with openpyxl only.
HOSTILE = (
    FORMULA,
    "=1+2",
    "#N/A",
    "+1+2",
    "-3",
    "@SUM(A1)",
    "nul\x00 soh\x01 us\x1f vt\x0b ff\x0c",
    "nonchars \ufffe\uffff",
    "_x0041_ is a literal, and so is _x005F_",
    "cr\r\nlf\rend",
    "  spaced  ",
    "tab\there",
    "1905-07-07",
    "7280",
)


def hostile_battle(texts: tuple[str, ...] = HOSTILE) -> s.Battle:
    battle = s.load()
    statements = tuple(
        s.Statement(subject="hostile", attribute=f"hostile {i}", text=text) for i, text in enumerate(texts)
    )
    return attrs.evolve(battle, result=FORMULA, statements=battle.statements + statements)


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def as_cell(value: FactValue) -> Any:
    """A fact value as openpyxl reads its cell back: dates from 1900-03-01 as datetimes."""
    if isinstance(value, datetime.date):
        if value < datetime.date(1900, 3, 1):
            return value.isoformat()
        return datetime.datetime.combine(value, datetime.time())
    if isinstance(value, str):
        return escape(value)
    return value


@pytest.fixture(scope="module")
def embedded_xlsx() -> bytes:
    """The embedded battle as an xlsx workbook."""
    data = s.export(s.load(), "xlsx")
    assert isinstance(data, bytes)
    return data


# --- what openpyxl reads ------------------------------------------------------------------------


def test_sheets_come_in_order(embedded_xlsx: bytes) -> None:
    """The workbook has the six sheets people read, in order, then the hidden Round trip sheet."""
    book = workbook(embedded_xlsx)
    assert book.sheetnames == [*SHEETS, ROUND_TRIP]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible"] * 6 + ["hidden"]


def test_overview_is_shaped_like_the_infobox(embedded_xlsx: bytes, battle: s.Battle) -> None:
    """The Overview sheet holds the infobox rows as label / value pairs."""
    rows = [row[:3] for row in values(workbook(embedded_xlsx)["Overview"])]
    assert rows[0] == ("Battle", "Field", "Value")
    assert {row[0] for row in rows[1:]} == {battle.name}
    fields = {row[1]: row[2] for row in rows[1:]}
    assert [row[1] for row in rows[1:5]] == ["Name", "Also known as", "Part of", "Date"]
    assert fields["Name"] == "Invasion of Sakhalin"
    assert fields["Part of"] == "Russo-Japanese War"
    assert fields["Date"] == "7 July – 31 July 1905"
    assert fields["Location"] == "Sakhalin island"
    assert fields["Result"] == "Japanese victory"
    assert fields["Belligerents (side 1)"] == "Empire of Japan"
    assert fields["Belligerents (side 2)"] == "Russian Empire"
    assert fields["Commanders (side 1)"] == "Haraguchi Kensai\nKataoka Shichirō"
    assert fields["Commanders (side 2)"] == "General Lyapunov (Mikhail Nikolaevich Lyapunov)"
    assert fields["Strength (side 1)"] == "14,000"
    assert fields["Strength (side 2)"] == "7280 men"
    assert fields["Casualties (side 1)"] == "minimal"
    assert fields["Casualties (side 2)"] == "181 dead and 3,270 prisoners"


def test_sides_figures_are_numbers(embedded_xlsx: bytes) -> None:
    """Strength and casualty figures on the Sides sheet are numeric cells, with the stated words."""
    sheet = workbook(embedded_xlsx)["Sides"]
    rows = values(sheet)
    header = rows[0]
    japan, russia = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert russia["Strength"] == 7280
    assert russia["Strength qualifier"] == "nominal"
    assert russia["Strength unit"] == "men"
    assert russia["Strength (stated)"] == "7280 men"
    assert russia["Killed"] == 181
    assert russia["Captured"] == 3270
    assert russia["Wounded"] is None
    assert russia["Casualties (stated)"] == "181 dead and 3,270 prisoners"
    assert japan["Strength"] == 14000
    assert japan["Casualties (stated)"] == "minimal"
    assert japan["Total"] is None  # "minimal" has no figure
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int):
                assert cell.data_type == "n"


def test_events_have_real_dates(embedded_xlsx: bytes) -> None:
    """Event dates are real date cells formatted yyyy-mm-dd, with the precision in its own column."""
    sheet = workbook(embedded_xlsx)["Events"]
    rows = [row[:-1] for row in values(sheet)]  # (without the hidden row key)
    assert rows[0] == (
        "Battle",
        "Start",
        "End",
        "Precision",
        "Date (stated)",
        "Summary",
        "Participants",
        "Citation",
    )
    by_words = {row[4]: row for row in rows[1:]}
    tsushima = by_words["7 June 1905"]
    assert tsushima[1:4] == (datetime.datetime(1905, 6, 7), datetime.datetime(1905, 6, 7), "day")
    invasion = by_words["7 July – 31 July 1905"]
    assert invasion[1:4] == (datetime.datetime(1905, 7, 7), datetime.datetime(1905, 7, 31), "day")
    # 1875 is before Excel's 1900 date system: ISO 8601 text, the precision says it is a year
    assert by_words["1875"][1:4] == ("1875-01-01", "1875-12-31", "year")
    assert by_words["from the early stages of the Russo-Japanese War"][1:4] == (None, None, None)
    cell = sheet["B4"]  # 7 June 1905 (the events come in date order)
    assert cell.is_date
    assert cell.number_format == "yyyy-mm-dd"


def test_facts_sheet_equals_the_facts_table(embedded_xlsx: bytes, battle: s.Battle) -> None:
    """The Facts sheet is sakhalin.facts() cell by cell under headings in words; so is the hidden sheet."""
    book = workbook(embedded_xlsx)
    rows = values(book["Facts"])
    assert rows[0] == (*(FACT_HEADINGS[c] for c in s.FACT_COLUMNS), KEY)
    assert rows[0][:3] == ("Battle", "Subject", "Attribute")
    expected = [tuple(as_cell(v) for v in fact.as_tuple()) for fact in s.facts(battle)]
    assert [row[:-1] for row in rows[1:]] == expected
    assert values(book[ROUND_TRIP]) == [s.FACT_COLUMNS, *expected]
    assert any(isinstance(v, datetime.datetime) for row in rows for v in row)
    assert any(isinstance(v, int) for row in rows for v in row)


def test_people_and_sources(embedded_xlsx: bytes, battle: s.Battle) -> None:
    """The People and Sources sheets list every person and source, years as numbers."""
    book = workbook(embedded_xlsx)
    people = values(book["People"])
    assert [row[1] for row in people[1:]] == [p.name for p in (*battle.commanders, *battle.people)]
    lyapunov = next(row for row in people if row[1] == "General Lyapunov")
    assert lyapunov[2:7] == (
        2,
        "commander",
        "General",
        "Mikhail Nikolaevich Lyapunov",
        "MN Lyapunov\nLyapunov",
    )
    sources = values(book["Sources"])
    assert [row[1] for row in sources[1:]] == [src.key for src in battle.sources]
    assert next(row for row in sources if row[1] == "kowner-2006")[4] == 2006


def test_headers_are_bold_frozen_and_filtered(embedded_xlsx: bytes) -> None:
    """Every sheet has a bold header row, frozen panes at A2 and an autofilter over the table."""
    for sheet in workbook(embedded_xlsx).worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        if sheet.title != "Overview":
            assert not any(cell.font.bold for cell in sheet[2] if cell.value is not None), sheet.title
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title


def test_overview_labels_and_names_are_bold(embedded_xlsx: bytes) -> None:
    """On the Overview, the field labels are bold, and so is the name that starts each block."""
    sheet = workbook(embedded_xlsx)["Overview"]
    assert all(row[1].font.bold for row in sheet.iter_rows(min_row=2))
    assert [row[2].value for row in sheet.iter_rows(min_row=2) if row[2].font.bold] == [
        "Invasion of Sakhalin"
    ]
    assert not sheet["A2"].font.bold


def test_column_widths_follow_content(embedded_xlsx: bytes) -> None:
    """Columns are as wide as their content, capped; long or multi-line text wraps."""
    sheet = workbook(embedded_xlsx)["Facts"]
    widths = {
        header: sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i, header in enumerate(s.FACT_COLUMNS, 1)
    }
    assert all(8 <= width <= MAX_WIDTH for width in widths.values())
    assert widths["value"] == MAX_WIDTH  # the facts' long sentences
    assert widths["qualifier"] < 20
    long_cell = next(cell for cell in sheet["D"] if isinstance(cell.value, str) and len(cell.value) > 100)
    assert long_cell.alignment.wrap_text
    assert not sheet["C2"].alignment.wrap_text


def test_no_cell_is_a_formula() -> None:
    """Hostile texts are string cells: no formula cell anywhere and no <f> element in the XML."""
    data = s.export(hostile_battle(), "xlsx")
    assert isinstance(data, bytes)
    book = workbook(data)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    facts = book["Facts"]
    hostile = {row[3].value: row[3] for row in facts.iter_rows(min_row=2) if row[1].value == "hostile"}
    for text in HOSTILE:
        cell = hostile[escape(text)]
        assert cell.data_type == "s", text
    overview = {row[1]: row[2] for row in values(book["Overview"])}
    assert overview["Result"] == FORMULA
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert re.search(rb"<f[ >/]", archive.read(name)) is None, name


def test_characters_xml_cannot_hold_are_escaped() -> None:
    """Control characters, CR, lone surrogates and U+FFFE/U+FFFF are stored as _xHHHH_ escapes."""
    battle = hostile_battle((*HOSTILE, "lone \ud800 surrogate \udfff"))
    data = s.export(battle, "xlsx")
    assert isinstance(data, bytes)
    texts = {row[3] for row in values(workbook(data)["Facts"])}
    assert "nul_x0000_ soh_x0001_ us_x001F_ vt_x000B_ ff_x000C_" in texts
    assert "cr_x000D_\nlf_x000D_end" in texts
    assert "nonchars _xFFFE__xFFFF_" in texts
    assert "lone _xD800_ surrogate _xDFFF_" in texts
    assert "_x005F_x0041_ is a literal, and so is _x005F_x005F_" in texts
    assert "tab\there" in texts


PIECES = ["\ud800", "\udfff", "\ufffe", "\uffff", "\x00", "\r", "_x", "_", "0041_", "_x00", "x", "F"]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.characters(codec=None) | st.sampled_from(PIECES)).map("".join))
def test_escape_is_reversible(text: str) -> None:
    """unescape(escape(t)) == t for any text, and escaped text holds only characters XML allows."""
    escaped = escape(text)
    assert unescape(escaped) == text
    assert re.search(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]", escaped) is None


@pytest.mark.parametrize("text", ["_x0000\ud800", "_x0041\x01", "_x005F\uffff", "a_x00e9_\x1f"])
def test_literal_escape_before_an_escaped_character(text: str) -> None:
    """A literal _xHHHH right before a character that gets escaped reads back as it was."""
    assert unescape(escape(text)) == text


def test_hostile_values_round_trip(tmp_path: Path) -> None:
    """Every hostile text, lone surrogates included, reads back unchanged."""
    battle = attrs.evolve(
        hostile_battle((*HOSTILE, "lone \ud800 surrogate")),
        extra=(("empty", ""), ("space", " "), ("=x", "=1+1")),
    )
    path = s.write(battle, tmp_path / "hostile.xlsx")
    assert s.load(path) == battle


def test_counts_and_dates_at_the_edges(tmp_path: Path) -> None:
    """Big counts stay exact numbers; dates before 1900-03-01 are ISO text and still round-trip."""
    battle = s.load()
    russia = attrs.evolve(battle.sides[1], strength=(s.Quantity(value=999_999_999_999_999),))
    battle = attrs.evolve(
        battle,
        sides=(battle.sides[0], russia),
        date=s.DateRange(start=datetime.date(1900, 2, 28), end=datetime.date(1900, 3, 1)),
        statements=(
            s.Statement(
                subject="x",
                attribute="huge",
                text="a huge count",
                quantity=s.Quantity(value=2**53 + 1, high=10**20),
                date=s.DateRange(start=datetime.date(1, 1, 1), end=datetime.date(9999, 12, 31)),
            ),
        ),
    )
    path = s.write(battle, tmp_path / "edges.xlsx")
    sheet = openpyxl.load_workbook(path)["Facts"]
    rows = {row[FACT_COLUMNS_INDEX["path"]].value: row for row in sheet.iter_rows(min_row=2)}
    value, end = (rows["date"][FACT_COLUMNS_INDEX[k]] for k in ("value", "value_end"))
    assert (value.data_type, value.value) == ("s", "1900-02-28")
    assert (end.data_type, end.value, end.number_format) == ("d", datetime.datetime(1900, 3, 1), "yyyy-mm-dd")
    huge = rows["statements[0].quantity"]
    figure, high = (huge[FACT_COLUMNS_INDEX[k]] for k in ("value", "value_end"))
    assert (figure.data_type, figure.value) == ("s", "9007199254740993")  # more digits than Excel keeps
    assert (high.data_type, high.value) == ("s", "100000000000000000000")
    assert huge[FACT_COLUMNS_INDEX["type"]].value == "int"
    sides = values(openpyxl.load_workbook(path)["Sides"])
    assert sides[2][5] == 999_999_999_999_999
    assert openpyxl.load_workbook(path)["Sides"]["F3"].number_format == "#,##0"  # not 1E+15
    when = rows["statements[0].date"]
    assert when[FACT_COLUMNS_INDEX["value"]].value == "0001-01-01"
    assert when[FACT_COLUMNS_INDEX["value_end"]].value == datetime.datetime(9999, 12, 31)
    assert s.load(path) == battle


FACT_COLUMNS_INDEX = {name: i for i, name in enumerate(s.FACT_COLUMNS)}


def test_text_longer_than_a_cell_is_an_error_naming_the_field(tmp_path: Path) -> None:
    """A text over 32,767 characters raises an error naming battle, sheet, cell and field; no file is left."""
    battle = attrs.evolve(
        s.load(), statements=(s.Statement(subject="x", attribute="long", text="y" * (CELL_LIMIT + 1)),)
    )
    target = tmp_path / "long.xlsx"
    with pytest.raises(s.SakhalinError) as exc:
        s.write(battle, target)
    message = str(exc.value)
    assert "\n" not in message
    assert "'Invasion of Sakhalin'" in message
    assert re.search(r"sheet Facts!D\d+, column value of statements\[0\]\.text", message), message
    assert "32,768 characters" in message
    assert list(tmp_path.iterdir()) == []


def test_escapes_count_towards_the_cell_limit() -> None:
    """The limit counts the text as stored: escapes that push it over are an error too."""
    fits = "y" * CELL_LIMIT
    over = "\x01" + "y" * (CELL_LIMIT - 1)
    battle = attrs.evolve(s.load(), statements=(s.Statement(subject="x", attribute="long", text=fits),))
    data = s.export(battle, "xlsx")
    assert isinstance(data, bytes)
    assert fits in {row[3] for row in values(workbook(data)["Facts"])}
    with pytest.raises(s.SakhalinError, match="32,773 characters"):
        s.export(attrs.evolve(battle, statements=(attrs.evolve(battle.statements[0], text=over),)), "xlsx")


# --- round trips --------------------------------------------------------------------------------


def test_embedded_battle_round_trips(tmp_path: Path, battle: s.Battle) -> None:
    """sakhalin.load(sakhalin.write(b, 'x.xlsx')) == b for the embedded battle."""
    assert s.load(s.write(battle, tmp_path / "x.xlsx")) == battle


@settings(max_examples=30)
@given(battles())
def test_generated_battles_round_trip(battle: s.Battle) -> None:
    """A generated battle reads back equal from its workbook."""
    data = s.export(battle, "xlsx")
    assert isinstance(data, bytes)
    assert list(XlsxReader().read(io.BytesIO(data), "x.xlsx")) == [battle]


def test_a_generator_is_consumed_once(tmp_path: Path, battle: s.Battle) -> None:
    """Several battles from a one-shot generator are all written, in order, and read back."""
    taken: list[int] = []

    def generate() -> Iterator[s.Battle]:
        for i in range(3):
            taken.append(i)
            yield attrs.evolve(battle, name=f"Battle {i}")

    path = s.write(generate(), tmp_path / "three.xlsx")
    assert taken == [0, 1, 2]
    book = openpyxl.load_workbook(path)
    overview = values(book["Overview"])
    assert [row[2] for row in overview if row[1] == "Name"] == ["Battle 0", "Battle 1", "Battle 2"]
    names = [f"Battle {i}" for i in range(3)]
    assert [row[0] for row in values(book["Sides"])[1:]] == [name for name in names for _ in range(2)]
    assert list(s.read(path)) == [attrs.evolve(battle, name=f"Battle {i}") for i in range(3)]


def test_full_sheets_continue_on_numbered_sheets(
    tmp_path: Path, battle: s.Battle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet over the row limit continues on 'Facts (2)', ...; the reader reads them all in order."""
    monkeypatch.setattr(_xlsx, "MAX_ROWS", 50)
    path = s.write([battle, attrs.evolve(battle, name="Again")], tmp_path / "many.xlsx")
    book = openpyxl.load_workbook(path)
    facts_sheets = [name for name in book.sheetnames if name.startswith("Facts")]
    assert len(facts_sheets) >= 5
    assert facts_sheets == ["Facts"] + [f"Facts ({n})" for n in range(2, len(facts_sheets) + 1)]
    start = book.sheetnames.index("Facts")
    assert book.sheetnames[start : start + len(facts_sheets)] == facts_sheets
    rows = []
    for name in facts_sheets:
        sheet = book[name]
        assert sheet.max_row <= 50
        assert sheet.freeze_panes == "A2"
        sheet_rows = values(sheet)
        assert sheet_rows[0] == (*(FACT_HEADINGS[c] for c in s.FACT_COLUMNS), KEY)
        rows += [row[:-1] for row in sheet_rows[1:]]
    expected = [
        as_cell(v)
        for b in (battle, attrs.evolve(battle, name="Again"))
        for f in s.facts(b)
        for v in f.as_tuple()
    ]
    assert [v for row in rows for v in row] == expected
    assert list(s.read(path)) == [battle, attrs.evolve(battle, name="Again")]


def test_memory_stays_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the battles need no more memory, beyond the compressed output itself."""
    monkeypatch.setattr(_xlsx, "WIDTH_SAMPLE_ROWS", 5)

    def small(n: int) -> Iterator[s.Battle]:
        for i in range(n):
            sides = tuple(s.Side(belligerents=(s.Belligerent(name=f"{side} {i}"),)) for side in "AB")
            yield s.Battle(name=f"Battle {i}", sides=sides)

    def peak(n: int) -> tuple[int, int]:
        out = io.BytesIO()
        tracemalloc.start()
        try:
            XlsxExporter().write(small(n), out)
            return tracemalloc.get_traced_memory()[1], len(out.getvalue())
        finally:
            tracemalloc.stop()

    peak(10)  # imports and caches
    few, few_size = peak(25)
    many, many_size = peak(100)
    assert many - few < (many_size - few_size) + 256 * 1024, (few, many)


def test_same_input_same_bytes_in_any_time_zone(embedded_xlsx: bytes) -> None:
    """Two runs, and runs in other time zones, give byte-identical files with fixed times."""
    assert s.export(s.load(), "xlsx") == embedded_xlsx
    code = "import sys, sakhalin; sys.stdout.buffer.write(sakhalin.export(sakhalin.load(), 'xlsx'))"
    for zone in ("Pacific/Kiritimati", "America/Los_Angeles"):
        env = {**os.environ, "TZ": zone}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=120
        )
        assert run.stdout == embedded_xlsx, zone
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


# --- LibreOffice --------------------------------------------------------------------------------


def soffice(folder: Path, target: str, path: Path) -> None:
    """Convert a file with LibreOffice, in a profile of its own so that parallel runs don't clash."""
    assert SOFFICE is not None
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run(
        [*command, "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=180
    )


@pytest.fixture(scope="module")
def libreoffice_csv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """The hostile workbook converted by LibreOffice to one CSV file per sheet (one soffice run)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    path = s.write(hostile_battle(), folder / "battle.xlsx")
    soffice(folder, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", path)
    sheets = {}
    for name in SHEETS:
        with (folder / f"battle-{name}.csv").open(encoding="utf-8", newline="") as f:
            sheets[name] = list(csv.reader(f))
    return sheets


def as_csv(value: FactValue) -> str:
    """A fact value as LibreOffice writes it to CSV (it turns carriage returns into newlines)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return str(value)


@needs_soffice
def test_libreoffice_reads_the_facts(libreoffice_csv: dict[str, list[list[str]]]) -> None:
    """LibreOffice reads the Facts sheet to the same values, hostile texts literally."""
    expected = [[FACT_HEADINGS[c] for c in s.FACT_COLUMNS]] + [
        [as_csv(v) for v in f.as_tuple()] for f in s.facts(hostile_battle())
    ]
    assert [row[:-1] for row in libreoffice_csv["Facts"]] == expected


@needs_soffice
def test_libreoffice_reads_the_other_sheets(libreoffice_csv: dict[str, list[list[str]]]) -> None:
    """LibreOffice shows the overview, the figures, the dates and the formula-like text as written."""
    overview = {row[1]: row[2] for row in libreoffice_csv["Overview"]}
    assert overview["Result"] == FORMULA
    assert overview["Strength (side 2)"] == "7280 men"
    sides = libreoffice_csv["Sides"]
    russia = dict(zip(sides[0], sides[2], strict=True))
    assert (russia["Strength"], russia["Killed"], russia["Captured"]) == ("7280", "181", "3270")
    events = {row[4]: row[1:4] for row in libreoffice_csv["Events"]}
    assert events["7 June 1905"] == ["1905-06-07", "1905-06-07", "day"]
    assert events["1875"] == ["1875-01-01", "1875-12-31", "year"]
    assert [row[1] for row in libreoffice_csv["Sources"][1:]] == [src.key for src in s.load().sources]


# --- bad files ----------------------------------------------------------------------------------


def read_error(path: Path, **options: Any) -> str:
    with pytest.raises(s.ReadError) as exc:
        list(s.read(path, **options))
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_not_a_zip_is_a_read_error(tmp_path: Path) -> None:
    """A file that is not a zip archive gives a one-line ReadError naming the file."""
    path = tmp_path / "text.xlsx"
    path.write_text("battle,subject\n", encoding="utf-8")
    assert "not a readable zip archive" in read_error(path)


def test_truncated_zip_is_a_read_error(tmp_path: Path, embedded_xlsx: bytes) -> None:
    """A workbook cut short gives a one-line ReadError naming the file."""
    path = tmp_path / "cut.xlsx"
    path.write_bytes(embedded_xlsx[: len(embedded_xlsx) // 2])
    assert "not a readable zip archive" in read_error(path)


def test_no_facts_sheet_is_a_read_error(tmp_path: Path) -> None:
    """A workbook without a Facts sheet names the sheets it has."""
    book = openpyxl.Workbook()
    book.active.title = "Data"
    path = tmp_path / "other.xlsx"
    book.save(path)
    assert "no sheet named 'Facts' (the workbook's sheets: 'Data')" in read_error(path)


def test_wrong_header_names_the_cell(tmp_path: Path) -> None:
    """An unknown header names its cell; a missing column names the header row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Facts"
    sheet.append(["battle", "Subject", "Attrib"])
    path = tmp_path / "header.xlsx"
    book.save(path)
    assert "sheet Facts, cell C1: 'Attrib' is not a facts column" in read_error(path)
    sheet.delete_rows(1)
    sheet.append([c for c in s.FACT_COLUMNS if c != "path"])
    book.save(path)
    assert "sheet Facts, row 1: no column headed 'path'" in read_error(path)


def test_bad_cell_names_the_cell(tmp_path: Path, embedded_xlsx: bytes) -> None:
    """A fraction where a fact holds a whole number names the sheet and the cell."""
    book = workbook(embedded_xlsx)
    book["Facts"]["D12"] = 3.5
    path = tmp_path / "fraction.xlsx"
    book.save(path)
    assert "sheet Facts, cell D12: 3.5 is not a whole number, a date or text" in read_error(path)


def test_declared_sizes_over_the_limit_are_refused(tmp_path: Path, embedded_xlsx: bytes) -> None:
    """A zip declaring more uncompressed bytes than the limit is refused before it is parsed."""
    padded = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as source, zipfile.ZipFile(padded, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/media/zeros.bin", b"\0" * 2_000_000, compress_type=zipfile.ZIP_DEFLATED)
    path = tmp_path / "padded.xlsx"
    path.write_bytes(padded.getvalue())
    message = read_error(path, max_uncompressed_size=1_000_000)
    assert "over the limit of 1,000,000 (max_uncompressed_size)" in message
    # a bomb: the central directory claims ~4 GB for a tiny entry; refused with the default limit
    data = bytearray(embedded_xlsx)
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    assert "(max_uncompressed_size)" in read_error(path)
    with pytest.raises(s.OptionError):
        s.read(path, max_uncompressed_size=0)


def test_an_entry_larger_than_declared_is_cut_at_its_declared_size(
    tmp_path: Path, embedded_xlsx: bytes
) -> None:
    """A part whose data is far larger than its zip entry declares is read no further, and refused."""
    bomb = b"<worksheet>" + b" " * 50_000_000 + b"</worksheet>"
    data = bytearray(with_part(embedded_xlsx, "xl/worksheets/sheet5.xml", bomb))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 24] == b"xl/worksheets/sheet5.xml":
                data[start + offset : start + offset + 4] = struct.pack("<I", 1000)
            start += 4
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    assert "Bad CRC-32 for file 'xl/worksheets/sheet5.xml'" in read_error(path)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize(
    ("part", "encoding", "before"),
    [
        ("xl/workbook.xml", "utf-8", ""),
        ("xl/worksheets/sheet5.xml", "utf-8", "<!-- a comment first -->\n"),
        ("[Content_Types].xml", "utf-16", ""),
    ],
)
def test_entity_declarations_are_refused(
    tmp_path: Path, embedded_xlsx: bytes, part: str, encoding: str, before: str
) -> None:
    """An XML part with a DOCTYPE (where entities are declared) is refused before parsing."""
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        xml = archive.read(part).decode("utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    laughs = '<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    content = (declaration + before + laughs + body).encode(encoding)
    path = tmp_path / "entities.xlsx"
    path.write_bytes(with_part(embedded_xlsx, part, content))
    message = read_error(path)
    assert f"part {part!r} is refused" in message
    assert "<!DOCTYPE" in message


def test_entity_declarations_are_refused_in_any_part(tmp_path: Path, embedded_xlsx: bytes) -> None:
    """The DOCTYPE check does not depend on a part's name: a relationship may call any part XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/worksheets/sheet7.dat", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')
    path = tmp_path / "named.xlsx"
    path.write_bytes(out.getvalue())
    assert "part 'xl/worksheets/sheet7.dat' is refused" in read_error(path)


# --- packaging ----------------------------------------------------------------------------------


def test_registered_by_name_alias_and_extension() -> None:
    """The exporter and reader answer to xlsx, excel and .xlsx file names."""
    from sakhalin.exporters import EXPORTERS
    from sakhalin.readers import READERS

    assert EXPORTERS.get("excel").cls is XlsxExporter
    assert EXPORTERS.for_path("Battle.XLSX").cls is XlsxExporter
    assert READERS.get("xlsx").cls is XlsxReader
    assert READERS.for_path("battle.xlsx").cls is XlsxReader


def test_openpyxl_is_imported_only_to_write_or_read() -> None:
    """Importing sakhalin and looking the formats up does not import openpyxl."""
    code = (
        "import sys, sakhalin\n"
        "from sakhalin.exporters import EXPORTERS\n"
        "from sakhalin.readers import READERS\n"
        "EXPORTERS.get('xlsx'); READERS.get('xlsx'); list(EXPORTERS); list(READERS)\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_missing_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedded_xlsx: bytes
) -> None:
    """Without openpyxl, writing and reading raise MissingDependencyError naming the extra."""
    path = tmp_path / "x.xlsx"
    path.write_bytes(embedded_xlsx)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(s.MissingDependencyError, match=r"pip install openpyxl \(sakhalin's xlsx extra\)"):
        s.export(s.load(), "xlsx")
    with pytest.raises(s.MissingDependencyError, match=r"pip install openpyxl \(sakhalin's xlsx extra\)"):
        list(s.read(path))


@needs_soffice
def test_a_workbook_saved_by_libreoffice_reads_back(tmp_path: Path) -> None:
    """A workbook LibreOffice opened and saved again (shared strings, its own styles) reads back equal."""
    # LibreOffice itself turns CR into LF and does not re-escape a literal _xHHHH_ when it
    # saves, so those two hostile texts are left out; the others survive its round trip.
    battle = hostile_battle(tuple(t for t in HOSTILE if "\r" not in t and "_x" not in t))
    path = s.write(battle, tmp_path / "ours.xlsx")
    soffice(tmp_path / "out", "xlsx:Calc MS Excel 2007 XML", path)
    assert s.load(tmp_path / "out" / "ours.xlsx") == battle


class _Pipe(io.RawIOBase):
    """A byte stream that cannot seek, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_reader_takes_a_stream_that_cannot_seek(embedded_xlsx: bytes, battle: s.Battle) -> None:
    """The reader reads a workbook from a pipe-like stream too."""
    stream = io.BufferedReader(_Pipe(embedded_xlsx))
    assert not stream.seekable()
    assert list(XlsxReader().read(stream, "<stdin>")) == [battle]


def test_no_temporary_files_are_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, battle: s.Battle
) -> None:
    """openpyxl's temporary sheet files are removed after a workbook is written and after a failure."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    s.export(battle, "xlsx")
    assert list(temp.iterdir()) == []
    long = attrs.evolve(battle, name="Long", result="y" * (CELL_LIMIT + 1))
    with pytest.raises(s.SakhalinError, match=r"sheet Battles!H3, column 'Result'"):
        s.export([battle, long], "xlsx")
    assert list(temp.iterdir()) == []


def test_forged_row_numbers_and_sizes_are_bounded(tmp_path: Path, embedded_xlsx: bytes) -> None:
    """A Facts sheet claiming 16,384 columns and a row past Excel's last is refused, not ground through."""
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        xml = archive.read("xl/worksheets/sheet5.xml").decode("utf-8")
    xml = xml.replace("<sheetViews>", '<dimension ref="A1:XFD1048577" /><sheetViews>', 1)
    far = '<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = xml.replace("</sheetData>", far + "</sheetData>", 1)
    path = tmp_path / "forged.xlsx"
    path.write_bytes(with_part(embedded_xlsx, "xl/worksheets/sheet5.xml", xml.encode("utf-8")))
    assert "sheet Facts: more rows than a sheet holds (1,048,576, Excel's limit)" in read_error(path)
