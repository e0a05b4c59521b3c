"""A battle in a REPL and a notebook: a short repr, an HTML summary table, records for pandas."""

from __future__ import annotations

import csv
import datetime
import io
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings

import sakhalin as s
from tests.strategies import battles


def test_repr_is_one_short_line(battle: s.Battle) -> None:
    """repr(battle) names the battle, its dates and its sides on one line."""
    text = repr(battle)
    assert text == (
        "<Battle 'Invasion of Sakhalin', 1905-07-07/1905-07-31: 'Empire of Japan' vs 'Russian Empire'>"
    )
    assert repr(battle.sides[0]) == "<Side 'Empire of Japan', 2 commanders>"


@settings(max_examples=50)
@given(battles())
def test_repr_stays_short_for_any_battle(b: s.Battle) -> None:
    """However many sides and however long the names, the repr is one line of at most two lines' length."""
    text = repr(b)
    assert "\n" not in text
    assert len(text) <= 240
    assert text.startswith("<Battle ")


def test_repr_of_a_long_name_and_many_sides_is_cut(battle: s.Battle) -> None:
    """A long name is cut short, and sides past the third are counted, not listed."""
    many = attrs.evolve(battle, name="x" * 10_000, sides=battle.sides * 3, date=s.DateRange(text="then"))
    text = repr(many)
    assert text.endswith("vs 3 more>")
    assert "'then'" in text
    assert len(text) < 240


class _Table(HTMLParser):
    """The rows of an HTML table as lists of cell texts, read by the standard library's parser."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self.tags: list[str] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption += data


def _table(html: str) -> _Table:
    parser = _Table()
    parser.feed(html)
    parser.close()
    return parser


def test_html_summary_table(battle: s.Battle) -> None:
    """_repr_html_ is one table: the name, the overview rows, and a column per side."""
    table = _table(battle._repr_html_())
    assert table.caption == "Invasion of Sakhalin"
    rows = {row[0]: row[1:] for row in table.rows if row}
    assert rows["Date"] == ["7 July – 31 July 1905"]
    assert rows["Result"] == ["Japanese victory"]
    assert rows[""] == ["Empire of Japan", "Russian Empire"]
    assert rows["Strength"] == ["14,000", "7280 men"]
    assert rows["Casualties"] == ["minimal", "181 dead and 3,270 prisoners"]
    assert len(table.rows) < 15


def test_html_summary_escapes_every_text(battle: s.Battle) -> None:
    """Markup in a battle's texts comes out as text: no tag or script of the battle reaches the page."""
    hostile = "<script>alert(1)</script> & <b>"
    side = attrs.evolve(battle.sides[0], belligerents=(s.Belligerent(name=hostile),))
    evil = attrs.evolve(battle, name=hostile, result=hostile, sides=(side, battle.sides[1]))
    html = evil._repr_html_()
    assert "<script>" not in html and "<b>" not in html
    table = _table(html)
    assert set(table.tags) <= {"table", "caption", "tr", "th", "td", "small"}
    assert table.caption == hostile
    rows = {row[0]: row[1:] for row in table.rows if row}
    assert rows["Result"] == [hostile]
    assert rows[""][0] == hostile


def test_records_have_one_key_per_column(battle: s.Battle) -> None:
    """to_records gives one dict per fact, keyed by FACT_COLUMNS, equal to Fact.as_dict."""
    records = s.to_records(battle)
    assert records == [fact.as_dict() for fact in s.facts(battle)]
    assert all(list(record) == list(s.FACT_COLUMNS) for record in records)
    assert s.to_records([battle, battle]) == records + records
    assert any(isinstance(r["value"], datetime.date) for r in records)


def test_records_feed_csv_dictwriter(battle: s.Battle) -> None:
    """csv.DictWriter writes the records under the FACT_COLUMNS header, read back by csv.DictReader."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=s.FACT_COLUMNS)
    writer.writeheader()
    writer.writerows(s.to_records(battle))
    back = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert [row["attribute"] for row in back] == [fact.attribute for fact in s.facts(battle)]


def test_pandas_makes_one_column_per_field(battle: s.Battle) -> None:
    """pandas.DataFrame(to_records(battle)) has one column per fact field, with the values of the facts."""
    pandas = pytest.importorskip("pandas", reason="pandas is in the bench dependency group")
    frame = pandas.DataFrame(s.to_records(battle))
    assert list(frame.columns) == list(s.FACT_COLUMNS)
    assert len(frame) == len(list(s.facts(battle)))
    strength = frame[(frame["path"] == "sides[1].strength[0]")]
    assert strength["value"].tolist() == [7280]
    assert strength["wording"].tolist() == ["7280 men"]
