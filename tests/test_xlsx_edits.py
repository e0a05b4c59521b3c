"""The workbook as an editing surface and a printed deliverable, checked with openpyxl and LibreOffice."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import sakhalin as s
from sakhalin._cli import main
from sakhalin._sheets import HEADERS, KEY, ROUND_TRIP
from sakhalin.exporters._xlsx import SHEETS

SOFFICE = shutil.which("soffice")
PDF_TOOLS = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or not PDF_TOOLS,
    reason="LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext) are not installed; CI installs them",
)


def cell_of(sheet: Any, key: str, heading: str) -> Any:
    """The cell of the row with this key (the hidden last column) under this heading."""
    headings = [c.value for c in sheet[1]]
    column = headings.index(heading) + 1
    key_column = headings.index(KEY) + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, key_column).value == key:
            return sheet.cell(row, column)
    raise AssertionError(f"no row {key!r} on {sheet.title}")


def overview_cell(sheet: Any, label: str, battle: int = 1) -> Any:
    """The Value cell of an Overview row, by its label."""
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == label and str(row[3].value).split()[0] == str(battle):
            return row[2]
    raise AssertionError(f"no Overview row {label!r}")


@pytest.fixture
def two(tmp_path: Path, battle: s.Battle) -> tuple[Path, list[s.Battle]]:
    """A workbook of two battles, and the battles."""
    battles = [battle, attrs.evolve(battle, name="Second battle", result="Russian victory")]
    return s.write(battles, tmp_path / "two.xlsx"), battles


def edited(path: Path, change: Any) -> Path:
    """The workbook after ``change(book)``, saved by openpyxl."""
    book = openpyxl.load_workbook(path)
    change(book)
    out = path.with_name("edited.xlsx")
    book.save(out)
    return out


def read_error(path: Path) -> str:
    with pytest.raises(s.ReadError) as exc:
        list(s.read(path))
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message
    return message


# --- editing ------------------------------------------------------------------------------------


def test_edits_on_every_sheet_reach_the_battle(two: tuple[Path, list[s.Battle]]) -> None:
    """A changed Result, commander, strength, event date, source year and fact value are read back."""
    path, (_, second) = two

    def change(book: Any) -> None:
        overview_cell(book["Overview"], "Result").value = "Russian victory after all"
        cell_of(book["People"], "1 sides[1].commanders[0]", "Name").value = "Mikhail Lyapunov"
        cell_of(book["Sides"], "2 sides[0]", "Strength").value = 15000
        cell_of(book["Events"], "1 events[0]", "Summary").value = "A new summary"
        cell_of(book["Sources"], "1 sources[0]", "Year").value = 1999
        cell_of(book["Battles"], "2", "Location").value = "Southern Sakhalin"
        cell_of(book["Facts"], "2 war.name", "Value").value = "The war of 1904–1905"

    again = list(s.read(edited(path, change)))
    assert again[0].result == "Russian victory after all"
    assert again[0].sides[1].commanders[0].name == "Mikhail Lyapunov"
    assert again[0].events[0].summary == "A new summary"
    assert again[0].sources[0].year == 1999
    assert again[1].sides[0].strength[0] == attrs.evolve(second.sides[0].strength[0], value=15000, text=None)
    assert again[1].place is not None and again[1].place.name == "Southern Sakhalin"
    assert again[1].war is not None and again[1].war.name == "The war of 1904–1905"
    # nothing else changed
    assert attrs.evolve(again[1], sides=second.sides, place=second.place, war=second.war) == second


def test_no_edits_give_the_same_battles(two: tuple[Path, list[s.Battle]]) -> None:
    """A workbook saved again by openpyxl without edits reads back to the very same battles."""
    path, battles = two
    assert list(s.read(edited(path, lambda book: None))) == battles


def test_a_changed_figure_drops_its_old_wording(tmp_path: Path, battle: s.Battle) -> None:
    """A new strength figure drops the words that stated the old one ('7280 men'), unless they change too."""
    path = s.write(battle, tmp_path / "one.xlsx")
    again = s.load(
        edited(path, lambda book: setattr(cell_of(book["Sides"], "1 sides[1]", "Strength"), "value", 8000))
    )
    assert again.sides[1].strength[0].value == 8000
    assert again.sides[1].strength[0].text is None

    def both(book: Any) -> None:
        cell_of(book["Sides"], "1 sides[1]", "Strength").value = 8000
        overview_cell(book["Overview"], "Strength (side 2)").value = "8000 men"

    assert s.load(edited(path, both)).sides[1].strength[0].text == "8000 men"


def test_a_line_of_a_cell_is_one_fact(tmp_path: Path, battle: s.Battle) -> None:
    """Editing one line of a multi-line cell changes that item; adding a line is an error naming the cell."""
    path = s.write(battle, tmp_path / "one.xlsx")
    cell = "Commanders (side 1)"
    again = s.load(
        edited(
            path,
            lambda book: setattr(
                overview_cell(book["Overview"], cell), "value", "Haraguchi\nKataoka Shichirō"
            ),
        )
    )
    assert [p.name for p in again.sides[0].commanders] == ["Haraguchi", "Kataoka Shichirō"]
    message = read_error(
        edited(path, lambda book: setattr(overview_cell(book["Overview"], cell), "value", "A\nB\nC"))
    )
    assert "sheet Overview, cell C9 (Value): the cell has 3 line(s) where it had 2" in message


def test_the_same_fact_changed_differently_names_both_cells(two: tuple[Path, list[s.Battle]]) -> None:
    """Result changed on Overview and, differently, on Battles: the error names both cells."""
    path, _ = two

    def change(book: Any) -> None:
        overview_cell(book["Overview"], "Result").value = "Draw"
        cell_of(book["Battles"], "1", "Result").value = "Stalemate"

    message = read_error(edited(path, change))
    assert "sheet Overview, cell C7 (Value): the same fact (result) is changed differently" in message
    assert "sheet Battles, cell H2" in message

    def same(book: Any) -> None:
        overview_cell(book["Overview"], "Result").value = "Draw"
        cell_of(book["Battles"], "1", "Result").value = "Draw"

    assert next(iter(s.read(edited(path, same)))).result == "Draw"


def test_a_worked_out_cell_cannot_be_edited(two: tuple[Path, list[s.Battle]]) -> None:
    """A changed total, label or citation is an error naming the cell and how to change what it shows."""
    path, _ = two
    killed = read_error(
        edited(path, lambda book: setattr(cell_of(book["Sides"], "1 sides[1]", "Wounded"), "value", 5))
    )
    assert "sheet Sides, cell L3 (Wounded): this cell cannot be edited" in killed
    assert "Facts sheet" in killed
    label = read_error(edited(path, lambda book: setattr(book["Overview"]["B2"], "value", "Title")))
    assert "sheet Overview, cell B2 (Field): this cell cannot be edited: the label names the row" in label


def test_a_bad_value_names_the_cell(two: tuple[Path, list[s.Battle]]) -> None:
    """Text where a count belongs, or an unknown qualifier, names the sheet and the cell."""
    path, _ = two
    text = read_error(
        edited(path, lambda book: setattr(cell_of(book["Sides"], "1 sides[1]", "Strength"), "value", "many"))
    )
    assert "sheet Sides, cell F3 (Strength): 'many' is not a whole number" in text
    qualifier = read_error(
        edited(
            path,
            lambda book: setattr(
                cell_of(book["Sides"], "1 sides[1]", "Strength qualifier"), "value", "roughly"
            ),
        )
    )
    assert "sheet Sides, cell H3" in qualifier


def test_a_strength_qualifier_reads_in_words_and_edits_in_words(tmp_path: Path, battle: s.Battle) -> None:
    """The Sides sheet words a qualifier (at least, not at_least); an edit in words reaches the battle."""
    japan, russia = battle.sides
    hedged = s.Quantity(value=500, qualifier=s.Qualifier.AT_LEAST)
    path = s.write(
        attrs.evolve(battle, sides=(attrs.evolve(japan, strength=(hedged,)), russia)), tmp_path / "q.xlsx"
    )
    book = openpyxl.load_workbook(path)
    assert cell_of(book["Sides"], "1 sides[0]", "Strength qualifier").value == "at least"
    [back] = s.read(
        edited(
            path,
            lambda b: setattr(cell_of(b["Sides"], "1 sides[0]", "Strength qualifier"), "value", "at most"),
        )
    )
    assert back.sides[0].strength[0].qualifier is s.Qualifier.AT_MOST
    [same] = s.read(path)
    assert same.sides[0].strength == (hedged,)


def test_sorted_rows_still_match_their_facts(two: tuple[Path, list[s.Battle]]) -> None:
    """Rows sorted by a person (here the Battles sheet, reversed) are matched by their hidden key."""
    path, battles = two

    def reverse(book: Any) -> None:
        sheet = book["Battles"]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        for r, values in enumerate(reversed(rows), 2):
            for c, value in enumerate(values, 1):
                sheet.cell(r, c).value = value
        cell_of(sheet, "2", "Result").value = "Edited after sorting"

    again = list(s.read(edited(path, reverse)))
    assert again == [battles[0], attrs.evolve(battles[1], result="Edited after sorting")]


def test_rows_added_or_removed_are_errors(two: tuple[Path, list[s.Battle]]) -> None:
    """A row added by hand, or a row deleted, is an error naming the sheet, never ignored."""
    path, _ = two
    added = read_error(edited(path, lambda book: book["People"].append(["Invasion of Sakhalin", "Someone"])))
    assert "sheet People, cell A" in added
    assert "a row added by hand" in added
    removed = read_error(edited(path, lambda book: book["Events"].delete_rows(3)))
    assert "sheet Events: the row with the key '1 events[1]' is missing" in removed


def test_convert_of_an_edited_workbook(
    two: tuple[Path, list[s.Battle]], capsys: pytest.CaptureFixture[str]
) -> None:
    """sakhalin convert carries an edit through; a bad edit exits 2 with one line naming sheet and cell."""
    path, _ = two
    good = edited(path, lambda book: setattr(overview_cell(book["Overview"], "Result"), "value", "Edited"))
    out = good.with_name("out.json")
    assert main(["convert", str(good), str(out)]) == 0
    assert next(iter(s.read(out))).result == "Edited"
    bad = edited(path, lambda book: setattr(cell_of(book["Sides"], "1 sides[0]", "Side"), "value", 3))
    assert main(["convert", str(bad), str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "sheet Sides, cell B2 (Side): this cell cannot be edited" in err


def test_a_workbook_without_the_round_trip_sheet_reads_its_facts(tmp_path: Path, battle: s.Battle) -> None:
    """Without the hidden sheet (a workbook of sakhalin 0.1), the Facts sheet is read as the facts table."""
    book = openpyxl.load_workbook(s.write(battle, tmp_path / "one.xlsx"))
    del book[ROUND_TRIP]
    path = tmp_path / "old.xlsx"
    book.save(path)
    assert s.load(path) == battle


# --- what a person sees -------------------------------------------------------------------------


def test_every_table_is_filtered_frozen_and_prints_well(two: tuple[Path, list[s.Battle]]) -> None:
    """Each sheet people read: frozen, filtered header, hidden key, print titles, page header, footer."""
    path, _ = two
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Battles", *SHEETS, ROUND_TRIP]
    assert book[ROUND_TRIP].sheet_state == "hidden"
    for title in ("Battles", *SHEETS):
        sheet = book[title]
        headings = [c.value for c in sheet[1]]
        assert headings == [*HEADERS[title], KEY]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headings)).column_letter}{sheet.max_row}"
        assert sheet.column_dimensions[sheet.cell(1, len(headings)).column_letter].hidden
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader.center.text == "&A"
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["Battles"].page_setup.orientation == "landscape"
    assert book["Overview"].page_setup.orientation == "portrait"


def test_counts_have_separators_and_years_do_not(two: tuple[Path, list[s.Battle]]) -> None:
    """Counts are numbers shown #,##0; years and side numbers are plain; dates are real dates."""
    path, _ = two
    book = openpyxl.load_workbook(path)
    strength = cell_of(book["Sides"], "1 sides[1]", "Strength")
    assert (strength.value, strength.number_format) == (7280, "#,##0")
    assert cell_of(book["Battles"], "1", "Side 2 strength").number_format == "#,##0"
    assert cell_of(book["Sides"], "1 sides[1]", "Side").number_format == "General"
    year = cell_of(book["Facts"], "1 sources[2].year", "Value")
    assert isinstance(year.value, int) and year.number_format == "General"
    start = cell_of(book["Battles"], "1", "Start")
    assert (start.value, start.number_format) == (datetime.datetime(1905, 7, 7), "yyyy-mm-dd")


def test_wrapped_rows_are_tall_enough(two: tuple[Path, list[s.Battle]]) -> None:
    """A row with a text of several lines is as tall as its lines; a one-line row keeps the default."""
    path, _ = two
    sheet = openpyxl.load_workbook(path)["Overview"]
    also = overview_cell(sheet, "Also known as")
    assert also.alignment.wrap_text
    assert sheet.row_dimensions[also.row].height == 45  # three names, three lines
    assert sheet.row_dimensions[overview_cell(sheet, "Result").row].height is None


# --- LibreOffice ------------------------------------------------------------------------------


def soffice(folder: Path, target: str, *paths: Path) -> None:
    """Convert files with LibreOffice in one run, in a profile of its own."""
    assert SOFFICE is not None
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run(
        [*command, "--outdir", str(folder / "out"), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """The embedded battle's workbook and a two-battle one printed to PDF (one soffice run): pages, text."""
    folder = tmp_path_factory.mktemp("print")
    battle = s.load()
    one = s.write(battle, folder / "one.xlsx")
    two = s.write([battle, attrs.evolve(battle, name="Second battle")], folder / "two.xlsx")
    soffice(folder, "pdf", one, two)
    found = {}
    for name in ("one", "two"):
        pdf = folder / "out" / f"{name}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        found[name] = (pages, text)
    return found


@needs_libreoffice
def test_the_embedded_battle_prints_on_a_few_pages_with_every_name(
    printed: dict[str, tuple[int, str]], battle: s.Battle
) -> None:
    """LibreOffice prints the embedded battle's workbook on at most 12 pages, every name on them."""
    pages, text = printed["one"]
    assert pages <= 12
    words = " ".join(text.split())
    names = [
        battle.name,
        *battle.alt_names,
        *(n.name for n in battle.names),
        *(b.name for side in battle.sides for b in side.belligerents),
        *(p.name for side in battle.sides for p in side.commanders),
        *(p.name for p in battle.people),
        *(
            alt
            for p in (*battle.people, *(p for side in battle.sides for p in side.commanders))
            for alt in p.alt_names
        ),
    ]
    missing = [name for name in names if " ".join(name.split()) not in words]
    assert missing == []
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert "Round trip" not in text  # the hidden sheet is not printed
    assert "7,280" in text and "1905-07-07" in text


@needs_libreoffice
def test_the_battles_sheet_prints_its_header_on_each_page(printed: dict[str, tuple[int, str]]) -> None:
    """The two-battle workbook prints its Battles sheet, headed by the sheet's name and its headings."""
    pages, text = printed["two"]
    assert text.startswith("Battles") or "\fBattles" in text or text.lstrip().startswith("Battles")
    assert "Side 1 belligerents" in text
    assert "Second battle" in text
    assert pages <= 24


@needs_libreoffice
def test_an_edit_saved_again_by_libreoffice_reads_back(tmp_path: Path, battle: s.Battle) -> None:
    """Edited with openpyxl, then saved by LibreOffice: the edits reach the battle, nothing else changes."""
    path = s.write(battle, tmp_path / "one.xlsx")

    def change(book: Any) -> None:
        overview_cell(book["Overview"], "Result").value = "Edited, then saved by LibreOffice"
        cell_of(book["Sides"], "1 sides[0]", "Strength").value = 14500
        cell_of(book["Events"], "1 events[0]", "Start").value = datetime.datetime(1905, 6, 6)

    changed = edited(path, change)
    soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", changed)
    again = s.load(tmp_path / "out" / "edited.xlsx")
    first = battle.events[0].date
    assert again == attrs.evolve(
        battle,
        result="Edited, then saved by LibreOffice",
        sides=(
            attrs.evolve(
                battle.sides[0], strength=(attrs.evolve(battle.sides[0].strength[0], value=14500, text=None),)
            ),
            battle.sides[1],
        ),
        events=(
            attrs.evolve(
                battle.events[0],
                date=attrs.evolve(first, start=datetime.date(1905, 6, 6), end=first.end, text=None)
                if first.end != first.start
                else attrs.evolve(
                    first, start=datetime.date(1905, 6, 6), end=datetime.date(1905, 6, 6), text=None
                ),
            ),
            *battle.events[1:],
        ),
    )
