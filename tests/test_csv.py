"""The CSV exporter and reader, checked with readers we did not write (csv, sqlite3, DuckDB)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin as s
from sakhalin._facts import FactValue
from sakhalin._formulas import needs_escape, unescape_formula
from sakhalin.exporters._csv import (
    EVENTS_COLUMNS,
    PEOPLE_COLUMNS,
    SIDES_COLUMNS,
    CsvExporter,
)
from sakhalin.readers._csv import CsvReader
from tests.strategies import battles
from tests.strategies import text as texts

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tleading tab",
    "\rleading CR",
    "'=already escaped?",
    "''+two apostrophes",
    "'plain apostrophe",
    "line one\nline two\r\nline three\rfour",
    'say "hello", twice ""',
    "a,b;c\td|e",
    "emoji 🪖🇯🇵 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u200f\u202eRTL marks\u202c\u200e",
    "NUL \x00 inside",
    "x" * 100_000,
    " padded ",
]


def csv_text(cell: FactValue, *, escape: bool = True) -> str:
    """What a cell must look like in the file, as the csv module reads it."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, int):
        return str(cell)
    return "'" + cell if escape and needs_escape(cell) else cell


def csv_of(battles: s.Battle | Iterable[s.Battle], **options: Any) -> str:
    text = s.export(battles, "csv", **options)
    assert isinstance(text, str)
    return text


def read_back(text: str, **options: Any) -> list[s.Battle]:
    return list(CsvReader(**options).read(io.StringIO(text, newline=""), "mem.csv"))


def hostile_battle(battle: s.Battle, strings: list[str]) -> s.Battle:
    statements = tuple(
        s.Statement(
            subject=x if x.strip() else "subject", attribute=f"hostile {i}", text=x if x.strip() else "t"
        )
        for i, x in enumerate(strings)
    )
    return attrs.evolve(
        battle,
        statements=battle.statements + statements,
        extra=tuple((f"p{i}", x) for i, x in enumerate(strings)),
        sources=(*battle.sources, s.Source(key="-2", title="=1+1", year=-2)),
    )


# --- the contract -----------------------------------------------------------------------


def test_export_returns_text_and_write_infers_csv(battle: s.Battle, tmp_path: Path) -> None:
    """export(b, "csv") returns str; write(b, "x.csv") writes the same text as UTF-8 with CRLF records."""
    text = s.export(battle, "csv")
    assert isinstance(text, str)
    path = s.write(battle, tmp_path / "x.csv")
    assert path.read_bytes() == text.encode("utf-8")
    assert text.startswith(",".join(s.FACT_COLUMNS) + "\r\n")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("table", ["facts", "sides", "people", "events"])
def test_golden(battle: s.Battle, table: str, update_golden: bool) -> None:
    """The embedded battle's tables equal tests/golden/invasion-of-sakhalin.<table>.csv byte for byte."""
    path = GOLDEN / f"invasion-of-sakhalin.{table}.csv"
    data = csv_of(battle, table=table).encode("utf-8")
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing: run pytest --update-golden"
    assert path.read_bytes() == data


def test_registered_as_csv() -> None:
    """The registry finds the exporter and the reader by name and by .csv file name."""
    from sakhalin.exporters import EXPORTERS
    from sakhalin.readers import READERS

    assert EXPORTERS.get("csv").cls is CsvExporter
    assert EXPORTERS.for_path("a/B.CSV").cls is CsvExporter
    assert READERS.for_path("x.csv").cls is CsvReader
    info = EXPORTERS.get("csv")
    assert (info.media_type, info.binary, info.extensions) == ("text/csv", False, (".csv",))


def test_load_of_write_is_the_battle(battle: s.Battle, tmp_path: Path) -> None:
    """load(write(b, "x.csv")) == b for the embedded battle."""
    assert s.load(s.write(battle, tmp_path / "x.csv")) == battle


@given(battles())
def test_any_battle_round_trips(b: s.Battle) -> None:
    """Any valid battle comes back equal through the CSV text."""
    assert read_back(csv_of(b)) == [b]


@settings(max_examples=25)
@given(st.lists(battles(max_sides=3), min_size=2, max_size=3))
def test_several_battles_in_one_file(many: list[s.Battle]) -> None:
    """The rows of every battle go into one table, and read back in order."""
    text = csv_of(iter(many))
    assert text.count(",".join(s.FACT_COLUMNS)) == 1
    assert read_back(text) == many


def test_same_bytes_twice(battle: s.Battle, tmp_path: Path) -> None:
    """The same battle gives byte-identical files on every run."""
    first = s.write(battle, tmp_path / "a.csv").read_bytes()
    second = s.write(battle, tmp_path / "b.csv").read_bytes()
    assert first == second
    assert csv_of(battle, table="sides") == csv_of(battle, table="sides")


def test_streams_a_generator(battle: s.Battle) -> None:
    """The exporter consumes a generator once, writing each battle's rows as it comes."""
    seen: list[int] = []

    def gen() -> Iterator[s.Battle]:
        for i in range(3):
            seen.append(i)
            yield battle

    out = io.StringIO(newline="")
    CsvExporter().write(gen(), out)
    assert seen == [0, 1, 2]
    assert read_back(out.getvalue()) == [battle] * 3


# --- independent readers ------------------------------------------------------------------


def test_csv_module_reads_every_fact(battle: s.Battle) -> None:
    """csv.DictReader reads every cell of every fact with the value sakhalin.facts() gives."""
    rows = list(csv.DictReader(io.StringIO(csv_of(battle), newline="")))
    facts = list(s.facts(battle))
    assert len(rows) == len(facts)
    for row, fact in zip(rows, facts, strict=True):
        assert list(row) == list(s.FACT_COLUMNS)
        assert row == {k: csv_text(v) for k, v in fact.as_dict().items()}
        if fact.value_type == "int":
            assert int(row["value"]) == fact.value
        if fact.value_type == "date":
            assert datetime.date.fromisoformat(row["value"]) == fact.value
    strength = next(r for r in rows if r["path"] == "sides[1].strength[0]")
    assert (strength["value"], strength["qualifier"], strength["wording"]) == ("7280", "nominal", "7280 men")


def test_sqlite_reads_numbers_as_integers(battle: s.Battle) -> None:
    """sqlite3, given the CSV in a table with a NUMERIC value column, finds 7280 and the losses as ints."""
    reader = csv.reader(io.StringIO(csv_of(battle), newline=""))
    header = next(reader)
    db = sqlite3.connect(":memory:")
    columns = ", ".join(
        f"{name} NUMERIC" if name in ("value", "value_end") else f"{name} TEXT" for name in header
    )
    db.execute(f"CREATE TABLE facts ({columns})")
    db.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(header))})", reader)
    ((value, kind, unit),) = db.execute(
        "SELECT value, typeof(value), unit FROM facts"
        " WHERE subject = 'Russian Empire' AND attribute = 'strength'"
    ).fetchall()
    assert (value, kind, unit) == (7280, "integer", "men")
    losses = db.execute(
        "SELECT attribute, value, typeof(value) FROM facts"
        " WHERE path LIKE 'sides[1].casualties.items[%].quantity'"
        " ORDER BY path"
    ).fetchall()
    assert losses == [
        ("casualties: killed (dead)", 181, "integer"),
        ("casualties: captured (prisoners)", 3270, "integer"),
    ]
    (japan,) = db.execute("SELECT value, wording FROM facts WHERE path = 'sides[0].strength[0]'").fetchall()
    assert japan == (14000, "14,000")
    ((start, end),) = db.execute("SELECT value, value_end FROM facts WHERE path = 'date'").fetchall()
    assert (start, end) == ("1905-07-07", "1905-07-31")
    db.close()


duckdb = pytest.importorskip("duckdb")


def test_duckdb_reads_the_facts(battle: s.Battle, tmp_path: Path) -> None:
    """DuckDB's read_csv_auto reads every value as facts() gives it; numbers cast back exactly."""
    path = s.write(battle, tmp_path / "facts.csv")
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_csv_auto('{path}', header = true)")
    assert rel.columns == list(s.FACT_COLUMNS)
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    assert types["cite_paragraph"] == "BIGINT"
    rows = rel.fetchall()
    facts = list(s.facts(battle))
    assert len(rows) == len(facts)
    for row, fact in zip(rows, facts, strict=True):
        got = dict(zip(rel.columns, row, strict=True))
        assert got["path"] == fact.path
        assert got["value"] == (None if fact.value is None else csv_text(fact.value))
        assert got["cite_paragraph"] == fact.as_dict()["cite_paragraph"]
    ints = con.sql(
        f"SELECT path, CAST(value AS BIGINT) FROM read_csv_auto('{path}', header = true) WHERE type = 'int'"
    ).fetchall()
    assert ints == [(f.path, f.value) for f in facts if f.value_type == "int"]
    ((strength,),) = con.sql(
        f"SELECT CAST(value AS BIGINT) FROM read_csv_auto('{path}') WHERE path = 'sides[1].strength[0]'"
    ).fetchall()
    assert strength == 7280
    con.close()


def test_duckdb_types_the_sides_table(battle: s.Battle, tmp_path: Path) -> None:
    """DuckDB reads the sides table's figures as numbers: 14000 and 7280 men, 181 killed, 3270 captured."""
    path = tmp_path / "sides.csv"
    s.write(battle, path, table="sides")
    con = duckdb.connect()
    rel = con.sql(f"SELECT side, strength, killed, captured FROM read_csv_auto('{path}')")
    assert [str(t) for t in rel.types] == ["BIGINT"] * 4
    assert rel.fetchall() == [(1, 14000, None, None), (2, 7280, 181, 3270)]
    con.close()


# --- a byte-order mark, for spreadsheets ----------------------------------------------------------

SQLITE3 = shutil.which("sqlite3")


def test_bom_option_starts_the_file_with_a_utf8_byte_order_mark(battle: s.Battle, tmp_path: Path) -> None:
    """bom=True puts EF BB BF before the header and changes nothing else; without it there is none."""
    plain = s.write(battle, tmp_path / "plain.csv").read_bytes()
    marked = s.write(battle, tmp_path / "marked.csv", bom=True).read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain
    text = csv_of(battle, bom=True)
    assert text.startswith("\ufeffbattle,") and text[1:] == csv_of(battle)
    sides = s.write(battle, tmp_path / "sides.csv", table="sides", bom=True).read_bytes()
    assert sides.startswith(b"\xef\xbb\xbfbattle,side,")


def test_bom_file_reads_back_as_the_battle(battle: s.Battle, tmp_path: Path) -> None:
    """sakhalin's own reader takes the mark off: the marked file reads back to the same battle."""
    path = s.write([battle, attrs.evolve(battle, name="Second")], tmp_path / "marked.csv", bom=True)
    assert list(s.read(path)) == [battle, attrs.evolve(battle, name="Second")]


def test_csv_module_reads_the_bom_file_with_utf8_sig(battle: s.Battle, tmp_path: Path) -> None:
    """The csv module, opening the file as utf-8-sig (as for Excel's files), reads every fact's cells."""
    path = s.write(battle, tmp_path / "marked.csv", bom=True)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [list(row) for row in rows[:1]] == [list(s.FACT_COLUMNS)]
    assert rows == [{k: csv_text(v) for k, v in fact.as_dict().items()} for fact in s.facts(battle)]


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 command-line shell is not installed")
def test_sqlite3_shell_imports_the_bom_file(battle: s.Battle, tmp_path: Path) -> None:
    """The sqlite3 shell's .import takes the mark off the first column's name and reads the same values."""
    assert SQLITE3 is not None
    path = s.write(battle, tmp_path / "marked.csv", bom=True)
    done = subprocess.run(
        [
            SQLITE3,
            ":memory:",
            f".import --csv {path} facts",
            ".mode json",
            "SELECT * FROM facts",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    rows = json.loads(done.stdout)
    assert rows == [{k: csv_text(v) for k, v in fact.as_dict().items()} for fact in s.facts(battle)]


def test_duckdb_reads_the_bom_file_like_the_plain_one(battle: s.Battle, tmp_path: Path) -> None:
    """DuckDB's read_csv_auto gives the marked file the same column names, types and values."""
    plain = s.write(battle, tmp_path / "plain.csv")
    marked = s.write(battle, tmp_path / "marked.csv", bom=True)
    con = duckdb.connect()
    found = []
    for path in (plain, marked):
        rel = con.sql(f"SELECT * FROM read_csv_auto('{path}', header = true)")
        found.append((rel.columns, [str(t) for t in rel.types], rel.fetchall()))
    assert found[1] == found[0]
    assert found[1][0] == list(s.FACT_COLUMNS)
    ((strength,),) = con.sql(
        f"SELECT CAST(value AS BIGINT) FROM read_csv_auto('{marked}') WHERE path = 'sides[1].strength[0]'"
    ).fetchall()
    assert strength == 7280
    con.close()


def test_cli_bom_option(tmp_path: Path) -> None:
    """sakhalin export csv -O bom=true writes the mark; a value that is not true or false is exit 2."""
    from sakhalin._cli import main

    out, err = io.StringIO(), io.StringIO()
    assert (
        main(["export", "csv", "-O", "bom=true", "-o", str(tmp_path / "x.csv")], stdout=out, stderr=err) == 0
    )
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbfbattle,")
    assert s.load(tmp_path / "x.csv") == s.load()
    code = main(["export", "csv", "-O", "bom=maybe", "-o", str(tmp_path / "y.csv")], stdout=out, stderr=err)
    assert code == 2
    assert err.getvalue().startswith("sakhalin: error: ") and "bom" in err.getvalue()
    assert not (tmp_path / "y.csv").exists()


# --- hostile strings ------------------------------------------------------------------------


def test_hostile_strings_round_trip(battle: s.Battle, tmp_path: Path) -> None:
    """Formulas, newlines, quotes, delimiters, emoji, RTL marks, NUL and 100k characters come back exactly."""
    hostile = hostile_battle(battle, HOSTILE)
    path = s.write(hostile, tmp_path / "hostile.csv")
    assert s.load(path) == hostile


def test_hostile_strings_through_the_csv_module(battle: s.Battle) -> None:
    """The csv module sees formula texts with one leading apostrophe, other texts as they are, ints bare."""
    hostile = hostile_battle(battle, HOSTILE)
    rows = list(csv.DictReader(io.StringIO(csv_of(hostile), newline="")))
    extra = {r["attribute"]: r["value"] for r in rows if r["path"].startswith("extra[")}
    assert extra["p0"] == "'" + HOSTILE[0]
    assert extra["p1"] == "'+1+1"
    assert extra["p2"] == "'-2"
    assert extra["p3"] == "'@SUM(A1)"
    assert extra["p4"] == "'\tleading tab"
    assert extra["p5"] == "'\rleading CR"
    assert extra["p6"] == "''=already escaped?"
    assert extra["p7"] == "'''+two apostrophes"
    assert extra["p8"] == "'plain apostrophe"
    for i in range(9, len(HOSTILE)):
        assert extra[f"p{i}"] == HOSTILE[i]
    year = next(r for r in rows if r["path"].endswith(".year") and r["subject"] == "'-2")
    assert (year["value"], year["type"]) == ("-2", "int")  # a number is never escaped
    title = next(r for r in rows if r["path"].endswith(".title") and r["subject"] == "'-2")
    assert title["value"] == "'=1+1"


def test_no_formula_escape_when_turned_off(battle: s.Battle) -> None:
    """escape_formulas=False writes texts as they are; unescape_formulas=False reads them back exactly."""
    hostile = hostile_battle(battle, HOSTILE)
    text = csv_of(hostile, escape_formulas=False)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    extra = {r["attribute"]: r["value"] for r in rows if r["path"].startswith("extra[")}
    assert extra == {f"p{i}": x for i, x in enumerate(HOSTILE)}
    assert read_back(text, unescape_formulas=False) == [hostile]


@given(st.lists(texts | st.text(), min_size=1, max_size=5))
def test_any_text_round_trips(strings: list[str]) -> None:
    """Any texts, as statements and extra values, come back exactly through CSV."""
    hostile = hostile_battle(s.load(), strings)
    assert read_back(csv_of(hostile)) == [hostile]


@given(st.text())
def test_unescape_undoes_the_escape(x: str) -> None:
    """The reader's unescape is the exact inverse of the exporter's escape, for any text."""
    escaped = "'" + x if needs_escape(x) else x
    assert unescape_formula(escaped) == x
    assert not escaped or escaped[0] not in "=+-@\t\r"


def test_lone_surrogate_is_refused_with_its_field(battle: s.Battle) -> None:
    """A lone surrogate, which UTF-8 cannot hold, is refused with a SakhalinError naming the field's path."""
    bad = attrs.evolve(battle, caption="bad \ud800 caption")
    with pytest.raises(s.SakhalinError, match=r"caption: holds a lone surrogate U\+D800 at index 4") as info:
        csv_of(bad)
    assert "column value" in str(info.value)
    assert "\n" not in str(info.value)


# --- options ------------------------------------------------------------------------------


def test_semicolon_delimiter(battle: s.Battle) -> None:
    """delimiter=";" is read by the csv module with that delimiter, and by our reader given it."""
    text = csv_of(battle, delimiter=";")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(s.FACT_COLUMNS)
    assert rows[1:] == [[csv_text(v) for v in f.as_tuple()] for f in s.facts(battle)]
    assert read_back(text, delimiter=";") == [battle]


def test_tab_delimiter(battle: s.Battle) -> None:
    """A tab delimiter gives a TSV that the csv module reads back with the same values."""
    hostile = hostile_battle(battle, HOSTILE)
    text = csv_of(hostile, delimiter="\t")
    assert read_back(text, delimiter="\t") == [hostile]


def dict_rows(battle: s.Battle, table: str) -> list[dict[str, str]]:
    text = csv_of(battle, table=table)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_sides_table(battle: s.Battle) -> None:
    """table=sides: one row per side with belligerents, commanders, strength and losses as numbers."""
    rows = dict_rows(battle, "sides")
    assert [list(r) for r in rows] == [list(SIDES_COLUMNS)] * 2
    japan, russia = rows
    assert japan["belligerents"] == "Empire of Japan"
    assert japan["commanders"] == "Haraguchi Kensai; Kataoka Shichirō"
    assert (japan["strength"], japan["strength_qualifier"], japan["casualties"]) == (
        "14000",
        "exact",
        "minimal",
    )
    assert japan["killed"] == ""
    assert (russia["side"], russia["strength"], russia["strength_unit"]) == ("2", "7280", "men")
    assert (russia["killed"], russia["captured"]) == ("181", "3270")
    assert russia["casualties"] == "181 dead and 3,270 prisoners"


def test_people_table(battle: s.Battle) -> None:
    """table=people: every commander (with the side's number) and every other person, with their fields."""
    rows = dict_rows(battle, "people")
    assert list(rows[0]) == list(PEOPLE_COLUMNS)
    people = [(p, str(i + 1)) for i, side in enumerate(battle.sides) for p in side.commanders]
    people += [(p, "") for p in battle.people]
    assert len(rows) == len(people)
    for row, (person, side) in zip(rows, people, strict=True):
        assert row["name"] == person.name
        assert row["rank"] == (person.rank or "")
        assert row["full_name"] == (person.full_name or "")
        assert row["alt_names"] == "; ".join(person.alt_names)
        assert row["role"] == (person.role or "")
        assert row["side"] == side
    lyapunov = next(r for r in rows if r["name"] == "General Lyapunov")
    assert lyapunov["full_name"] == "Mikhail Nikolaevich Lyapunov"


def test_events_table(battle: s.Battle) -> None:
    """table=events: one row per event with ISO dates that parse back to the event's dates."""
    rows = dict_rows(battle, "events")
    assert list(rows[0]) == list(EVENTS_COLUMNS)
    assert len(rows) == len(battle.events)
    for row, event in zip(rows, battle.events, strict=True):
        assert row["summary"] == event.summary
        assert row["participants"] == "; ".join(event.participants)
        start = datetime.date.fromisoformat(row["start"]) if row["start"] else None
        end = datetime.date.fromisoformat(row["end"]) if row["end"] else None
        assert (start, end) == (event.date.start, event.date.end)
        assert row["wording"] == (event.date.text or "")
    meeting = next(r for r in rows if r["start"] == "1905-06-07")
    assert "Theodore Roosevelt" in meeting["participants"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"delimiter": ",,"}, "delimiter must be one character"),
        ({"delimiter": ""}, "delimiter must be one character"),
        ({"delimiter": '"'}, "must not be a quote"),
        ({"delimiter": "\n"}, "must not be a quote, an apostrophe, a newline"),
        ({"delimiter": 5}, "delimiter must be one character"),
        ({"table": "armies"}, "table must be one of facts, sides, people, events"),
        ({"escape_formulas": "yes"}, "escape_formulas must be true or false"),
        ({"bom": "yes"}, "bom must be true or false"),
        ({"bom": 1}, "bom must be true or false"),
        ({"quoting": "all"}, "csv takes bom, delimiter, escape_formulas, table; not quoting"),
    ],
)
def test_bad_options_are_option_errors(battle: s.Battle, options: dict[str, Any], expected: str) -> None:
    """A bad option value or an unknown option raises OptionError with a clear message."""
    with pytest.raises(s.OptionError, match=expected):
        s.export(battle, "csv", **options)


def test_other_tables_are_not_read_back(battle: s.Battle, tmp_path: Path) -> None:
    """Reading a sides table says it is not a facts table, on one line."""
    path = s.write(battle, tmp_path / "sides.csv", table="sides")
    with pytest.raises(s.ReadError, match=r"sides\.csv: line 1: not a facts table: the header lacks subject"):
        s.load(path)


# --- bad files --------------------------------------------------------------------------------


def write_bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    return path


def load_error(path: Path, **options: Any) -> str:
    with pytest.raises(s.ReadError) as info:
        s.load(path, **options)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_ragged_row(battle: s.Battle, tmp_path: Path) -> None:
    """A record with fewer or more fields than the header names its line and column."""
    lines = csv_of(battle).split("\r\n")
    lines[3] = lines[3] + ",surplus"
    assert "line 4, column 16: the record has 16 fields, the header has 15" in load_error(
        write_bytes(tmp_path, "\r\n".join(lines).encode())
    )
    lines = csv_of(battle).split("\r\n")
    lines[2] = "a,b"
    assert "line 3, column 3: the record has 2 fields, the header has 15" in load_error(
        write_bytes(tmp_path, "\r\n".join(lines).encode())
    )


def test_missing_or_wrong_header(battle: s.Battle, tmp_path: Path) -> None:
    """A file without the facts header, or empty, is refused on line 1."""
    body = csv_of(battle).split("\r\n", 1)[1]
    assert "line 1: not a facts table: the header lacks" in load_error(write_bytes(tmp_path, body.encode()))
    assert "line 1: the file is empty" in load_error(write_bytes(tmp_path, b""))
    assert "line 1: the header is blank" in load_error(write_bytes(tmp_path, b"\r\n" + body.encode()))
    semicolons = csv_of(battle, delimiter=";").encode()
    assert "is the delimiter ',' right?" in load_error(write_bytes(tmp_path, semicolons))
    doubled = ("path," + csv_of(battle)).encode()
    assert "line 1, column 11: the header names 'path' twice" in load_error(write_bytes(tmp_path, doubled))


def test_bad_cell_names_line_and_column(battle: s.Battle, tmp_path: Path) -> None:
    """A cell the facts table cannot hold names the file's line and the column."""
    text = csv_of(battle).replace("7280,,men,nominal", "7280 men,,men,nominal")
    line = next(i for i, x in enumerate(text.split("\r\n")) if ",7280 men,,men" in x) + 1
    message = load_error(write_bytes(tmp_path, text.encode()))
    assert f"line {line}, column value: expected a whole number" in message


def test_latin1_and_utf16_are_refused(battle: s.Battle, tmp_path: Path) -> None:
    """A latin-1 or UTF-16 file gives a one-line ReadError with line and column."""
    text = csv_of(battle)
    assert isinstance(text, str)
    latin = text.replace("Shichirō", "Shichir\u00f6").encode("utf-8").replace("ö".encode(), b"\xf6")
    line = text.split("\r\n").index(next(x for x in text.split("\r\n") if "Shichirō" in x)) + 1
    assert f"line {line}, column" in load_error(write_bytes(tmp_path, latin))
    assert "line 1, column 1" in load_error(write_bytes(tmp_path, text.encode("utf-16")))


def test_byte_order_mark_is_accepted(battle: s.Battle, tmp_path: Path) -> None:
    """A UTF-8 byte-order mark before the header (as Excel writes) is accepted."""
    text = csv_of(battle)
    assert isinstance(text, str)
    assert s.load(write_bytes(tmp_path, text.encode("utf-8-sig"))) == battle


def test_field_size_limit(battle: s.Battle, tmp_path: Path) -> None:
    """A field over field_limit is a ReadError; the default takes 200,000 characters and is restored."""
    big = hostile_battle(battle, ["y" * 200_000])
    path = s.write(big, tmp_path / "big.csv")
    before = csv.field_size_limit()
    assert s.load(path) == big
    assert "field larger than field limit" in load_error(path, field_limit=1000)
    assert csv.field_size_limit() == before


def test_invalid_csv_quoting(battle: s.Battle, tmp_path: Path) -> None:
    """A quote where RFC 4180 allows none is a ReadError naming the line."""
    text = csv_of(battle)
    assert isinstance(text, str)
    lines = text.split("\r\n")
    lines[4] = '"unclosed"x,' + lines[4]
    assert "line 5: not valid CSV" in load_error(write_bytes(tmp_path, "\r\n".join(lines).encode()))


def test_columns_in_any_order(battle: s.Battle, tmp_path: Path) -> None:
    """A facts table rewritten by csv.DictWriter with its columns reversed reads back."""
    rows = list(csv.DictReader(io.StringIO(csv_of(battle), newline="")))
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(reversed(s.FACT_COLUMNS)))
        writer.writeheader()
        writer.writerows(rows)
    assert s.load(path) == battle


def test_unknown_columns_are_refused_by_name(battle: s.Battle, tmp_path: Path) -> None:
    """A column the facts table does not have is refused, named with its place, as the xlsx reader does."""
    rows = list(csv.DictReader(io.StringIO(csv_of(battle), newline="")))
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=[*s.FACT_COLUMNS, "notes"])
        writer.writeheader()
        writer.writerows({**row, "notes": "checked"} for row in rows)
    message = load_error(path)
    columns = ", ".join(s.FACT_COLUMNS)
    assert message == f"{path}: line 1, column 16: 'notes' is not a facts column (the columns are {columns})"


def test_blank_trailing_lines_are_ignored(battle: s.Battle, tmp_path: Path) -> None:
    """Blank lines (such as a hand-edited file's last line) are skipped."""
    text = csv_of(battle)
    assert isinstance(text, str)
    assert s.load(write_bytes(tmp_path, (text + "\r\n\r\n").encode())) == battle


def test_lf_line_endings_are_read(battle: s.Battle, tmp_path: Path) -> None:
    """A file whose records end in LF alone (as Unix tools write) reads back the same."""
    text = csv_of(battle)
    assert "\n" not in text.replace("\r\n", "")  # no newline inside a field of this battle
    assert s.load(write_bytes(tmp_path, text.replace("\r\n", "\n").encode())) == battle


def test_bad_reader_options(battle: s.Battle, tmp_path: Path) -> None:
    """The reader's options are checked: OptionError for bad values."""
    path = s.write(battle, tmp_path / "x.csv")
    options: dict[str, Any]
    for options in ({"delimiter": "ab"}, {"field_limit": 0}, {"unescape_formulas": "no"}):
        with pytest.raises(s.OptionError):
            s.load(path, **options)


# --- a real spreadsheet -------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
# Hostile texts a spreadsheet must show as text (LibreOffice cells hold at most 32,767 characters).
SPREADSHEET_HOSTILE = [x for x in HOSTILE if len(x) < 1000 and "\x00" not in x] + ["=1+1", "=SUM(1;2)"]


def libreoffice_cells(folder: Path, battle: s.Battle, **options: Any) -> list[list[tuple[object, str]]]:
    """Open our CSV in LibreOffice Calc (comma, quote, UTF-8), save it as .xlsx, read the cells back."""
    openpyxl = pytest.importorskip("openpyxl")
    assert SOFFICE is not None
    path = s.write(battle, folder / "battle.csv", **options)
    command = [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless"]
    subprocess.run(
        [*command, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(folder), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(folder / "battle.xlsx").active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
def test_libreoffice_runs_no_formula(battle: s.Battle, tmp_path: Path) -> None:
    """LibreOffice finds no formula in our CSV: hostile texts stay text (apostrophe), ints are numbers."""
    hostile = hostile_battle(battle, SPREADSHEET_HOSTILE)
    rows = libreoffice_cells(tmp_path, hostile)
    header = [value for value, _ in rows[0]]
    assert header == list(s.FACT_COLUMNS)
    assert not [cell for row in rows for cell in row if cell[1] == "f"]
    facts = list(s.facts(hostile))
    assert len(rows) == len(facts) + 1
    value = header.index("value")
    for row, fact in zip(rows[1:], facts, strict=True):
        got, kind = row[value]
        if fact.value_type == "int":
            assert (got, kind) == (fact.value, "n")
        elif isinstance(fact.value, str) and needs_escape(fact.value):
            assert (got, kind) == ("'" + fact.value.replace("\r\n", "\n").replace("\r", "\n"), "s")
    path, attribute = header.index("path"), header.index("attribute")
    extra = {row[attribute][0]: row[value][0] for row in rows[1:] if str(row[path][0]).startswith("extra[")}
    assert extra["p0"] == "'" + HOSTILE[0]
    assert extra["p2"] == "'-2"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
def test_libreoffice_runs_formulas_without_the_escape(battle: s.Battle, tmp_path: Path) -> None:
    """The risk is real: with escape_formulas=False, LibreOffice turns =1+1 into a formula."""
    hostile = hostile_battle(battle, ["=1+1"])
    rows = libreoffice_cells(tmp_path, hostile, escape_formulas=False)
    assert ("=1+1", "f") in [cell for row in rows for cell in row]


EMBEDDED_ROWS = [f.as_tuple() for f in s.facts(s.load())]


@given(
    st.integers(min_value=0, max_value=len(EMBEDDED_ROWS) - 1),
    st.integers(min_value=0, max_value=len(s.FACT_COLUMNS) - 1),
    st.text(max_size=12)
    | st.sampled_from(["int", "date", "text", "name", "sides[9]", "1905-13-01", "-1", "'"]),
)
def test_any_edited_cell_gives_a_battle_or_a_read_error(row: int, column: int, cell: str) -> None:
    """Whatever a person types into one cell, the reader gives battles or a one-line ReadError only."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(s.FACT_COLUMNS)
    for i, cells in enumerate(EMBEDDED_ROWS):
        edited = list(cells)
        if i == row:
            edited[column] = cell
        writer.writerow(edited)
    message = ""
    try:
        read_back(out.getvalue())
    except s.ReadError as exc:
        message = str(exc)
    assert "\n" not in message
    assert not message or message.startswith("mem.csv: ")


# --- the reader looks at records a chunk at a time: the same battles, errors and lines ----


def reference_read(text: str) -> list[s.Battle] | str:
    """The facts table read one record at a time (the reader before chunks): the battles, or the error."""
    from sakhalin import _facts
    from sakhalin.readers._csv import _BOM

    source = "mem.csv"
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[int] = []

    def records() -> Iterator[list[str]]:
        header = next(reader)
        names = [n.strip() for n in [header[0].removeprefix(_BOM), *header[1:]]]
        typed, values = names.index("type"), {names.index("value"), names.index("value_end")}
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise s.ReadError(f"{source}: line {reader.line_num}: not valid CSV: {exc}") from None
            line, start = start, reader.line_num + 1
            if len(record) != len(names):
                if record == []:
                    continue
                raise s.ReadError(
                    f"{source}: line {line}, column {min(len(record), len(names)) + 1}: the record has "
                    f"{len(record)} fields, the header has {len(names)}"
                )
            lines.append(line)
            is_text = record[typed].strip() == "text"
            record = [
                unescape_formula(c) if c[:1] == "'" and (is_text or i not in values) else c
                for i, c in enumerate(record)
            ]
            yield [record[names.index(c)] for c in _facts.FACT_COLUMNS]

    def place(row: int) -> str:
        return f"line {lines[row - 2]}" if 2 <= row < len(lines) + 2 else f"row {row}"

    try:
        return list(_facts.battles_from_records(records(), source=source, place=place))
    except s.ReadError as exc:
        return str(exc)


def chunked_read(text: str) -> list[s.Battle] | str:
    try:
        return read_back(text)
    except s.ReadError as exc:
        return str(exc)


CHANGES = st.sampled_from(
    ["blank line", "short record", "long record", "bad quote", "spaced name", "no name"]
)


@settings(max_examples=30, deadline=None)
@given(
    many=st.lists(battles(max_sides=2), min_size=1, max_size=3),
    hostile=st.lists(st.sampled_from(HOSTILE[:-2]), max_size=3),
    changes=st.lists(st.tuples(CHANGES, st.integers(0, 10_000)), max_size=3),
    chunk=st.sampled_from([1, 2, 3, 7, 512]),
    shuffled=st.booleans(),
)
def test_chunks_read_as_one_record_at_a_time(
    many: list[s.Battle], hostile: list[str], changes: list[tuple[str, int]], chunk: int, shuffled: bool
) -> None:
    """Battles, error messages and their line numbers are the same as reading one record at a time."""
    from sakhalin.readers import _csv as reader_module

    if hostile:
        many[0] = hostile_battle(many[0], hostile)
    records = list(csv.reader(io.StringIO(csv_of(many), newline="")))
    if shuffled:
        order = list(reversed(range(len(records[0]))))
        records = [[r[i] for i in order] for r in records]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(records[0])
    body = []
    for record in records[1:]:
        line = io.StringIO(newline="")
        csv.writer(line, lineterminator="\r\n").writerow(record)
        body.append(line.getvalue())
    path_at = records[0].index("path")
    for change, where in changes:
        i = where % (len(body) + 1)
        if change == "blank line":
            body.insert(i, "\r\n")
        elif change == "bad quote":
            body.insert(i, 'a,"b"c\r\n')
        elif i < len(body) and len(record := next(csv.reader([body[i]]), [])) > path_at:
            if change == "short record":
                record = record[:-1]
            elif change == "long record":
                record = [*record, "x"]
            elif change == "spaced name":
                record[path_at] = " name "
            else:
                record[path_at] = "also_not_a_path" if record[path_at] == "name" else record[path_at]
            line = io.StringIO(newline="")
            csv.writer(line, lineterminator="\r\n").writerow(record)
            body[i] = line.getvalue()
    text = out.getvalue() + "".join(body)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(reader_module, "_CHUNK", chunk)
        assert chunked_read(text) == reference_read(text)


def test_formula_deep_in_a_long_table_is_escaped(battle: s.Battle) -> None:
    """A formula-like text in the 40th of many battles with new texts each is escaped like the first's."""
    many = [
        attrs.evolve(
            battle,
            name=f"Battle {i}",
            result="=1+1" if i == 39 else f"result {i}",
            caption=f"caption {i}",
        )
        for i in range(60)
    ]
    rows = list(csv.DictReader(io.StringIO(csv_of(many), newline="")))
    results = {r["battle"]: r["value"] for r in rows if r["path"] == "result"}
    assert results["Battle 39"] == "'=1+1"
    assert results["Battle 38"] == "result 38"
    assert read_back(csv_of(many)) == many
    bad = [*many[:50], attrs.evolve(many[50], caption="lone \ud800 here")]
    with pytest.raises(s.ValidationError, match=r"caption.*lone surrogate U\+D800"):
        s.write(bad, "/dev/null", "csv")


def reference_csv(battles: Iterable[s.Battle], **options: Any) -> str:
    """The same export with every cell written by csv.writer after its own check (the slow path)."""
    from sakhalin.exporters import _csv

    def irregular(self: object, cell: object) -> str:
        raise _csv._Irregular

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(_csv._Fields, "__missing__", irregular)
        return csv_of(battles, **options)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(battles(max_sides=3), min_size=1, max_size=3),
    st.lists(texts | st.text(), max_size=4),
    st.sampled_from([",", ";", "\t", "|", ".", "a", "1", "%", " ", "é"]),
    st.sampled_from(["facts", "sides", "people", "events"]),
    st.booleans(),
)
def test_fields_are_what_csv_writer_writes(
    many: list[s.Battle], strings: list[str], delimiter: str, table: str, escape: bool
) -> None:
    """Every field is written as csv.writer writes the checked cell, byte for byte, whatever the text."""
    many = [hostile_battle(b, strings) if strings else b for b in many]
    options = {"delimiter": delimiter, "table": table, "escape_formulas": escape}
    expected = reference_csv(many, **options)
    assert csv_of(many, **options) == expected
    assert csv_of(many * 2, **options) == expected + expected.split("\r\n", 1)[1]


def test_hostile_fields_are_what_csv_writer_writes(battle: s.Battle) -> None:
    """Every hostile string, in every column it can reach, is written as csv.writer writes it."""
    hostile = hostile_battle(battle, HOSTILE)
    for table in ("facts", "sides", "people", "events"):
        for delimiter in (",", "\t", ";"):
            assert csv_of([hostile, battle, hostile], table=table, delimiter=delimiter) == reference_csv(
                [hostile, battle, hostile], table=table, delimiter=delimiter
            )


def test_text_subclass_is_escaped_like_text(battle: s.Battle) -> None:
    """A str subclass holding a formula is written escaped, its own characters (not its __str__)."""

    class Loud(str):
        def __str__(self) -> str:
            return "=NOT THIS"

    text = csv_of(attrs.evolve(battle, result=Loud("=1+1")))
    rows = {r["path"]: r["value"] for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["result"] == "'=1+1"


@pytest.mark.parametrize("delimiter", ["0", "1", "9", ".", "e", "t", "[", "%", "\t"])
def test_delimiter_inside_numbers_dates_and_paths(battle: s.Battle, delimiter: str) -> None:
    """A delimiter inside figures, dates, paths or type names gets those fields quoted, as csv.writer does."""
    assert csv_of([battle, battle], delimiter=delimiter) == reference_csv(
        [battle, battle], delimiter=delimiter
    )
    rows = list(csv.reader(io.StringIO(csv_of(battle, delimiter=delimiter), newline=""), delimiter=delimiter))
    assert rows == list(csv.reader(io.StringIO(csv_of(battle), newline="")))
