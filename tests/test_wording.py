"""One wording for people: a quantity, a date and a person read the same in Markdown, XLSX and show."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import attrs
import pytest

import sakhalin as s
from sakhalin import _cli
from sakhalin._wording import date_text, iso_date, person_text, qualifier_text, quantity_text


@pytest.mark.parametrize(
    ("quantity", "words"),
    [
        (s.Quantity(value=7280, unit="men"), "7,280 men"),
        (s.Quantity(value=500, unit="men", qualifier=s.Qualifier.AT_LEAST), "at least 500 men"),
        (s.Quantity(value=500, high=700, qualifier=s.Qualifier.APPROXIMATE), "c. 500–700"),
        (s.Quantity(value=3000, qualifier=s.Qualifier.NOMINAL), "3,000 (nominal)"),
        (s.Quantity(value=None, qualifier=s.Qualifier.UNKNOWN), "unknown"),
        (s.Quantity(value=3, text="three ships"), "three ships"),
    ],
)
def test_quantity_words(quantity: s.Quantity, words: str) -> None:
    """A quantity keeps its source's words, else is worded from figure, qualifier and unit."""
    assert quantity_text(quantity) == words


def test_qualifier_words_are_not_codes() -> None:
    """Every qualifier in words has no underscore (at_least reads "at least")."""
    assert qualifier_text(s.Qualifier.AT_LEAST) == "at least"
    assert all("_" not in qualifier_text(q) for q in s.Qualifier)


def test_date_and_person_words() -> None:
    """A date without wording is ISO 8601 to its precision; a person shows a full name after the name."""
    july = s.DateRange(start=datetime.date(1905, 7, 7), end=datetime.date(1905, 7, 31))
    assert date_text(july) == iso_date(july) == "1905-07-07/1905-07-31"
    assert date_text(attrs.evolve(july, text="July 1905")) == "July 1905"
    assert (
        person_text(s.Person(name="Lyapunov", full_name="Mikhail Lyapunov")) == "Lyapunov (Mikhail Lyapunov)"
    )


def test_every_output_for_people_words_a_quantity_alike(battle: s.Battle, tmp_path: Path) -> None:
    """Markdown, the XLSX Sides sheet and show word a strength without wording the same way."""
    openpyxl = pytest.importorskip("openpyxl")
    side = attrs.evolve(
        battle.sides[0], strength=(s.Quantity(value=500, unit="men", qualifier=s.Qualifier.AT_LEAST),)
    )
    changed = attrs.evolve(battle, sides=(side, *battle.sides[1:]))
    words = "at least 500 men"
    assert words in s.export(changed, "markdown")
    workbook = s.export(changed, "xlsx")
    assert isinstance(workbook, bytes)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    cells = {cell for row in book["Sides"].iter_rows(values_only=True) for cell in row}
    assert words in cells
    data = s.write(changed, tmp_path / "changed.json")
    out = io.StringIO()
    assert _cli.main(["show", "-i", str(data)], stdout=out, stderr=io.StringIO()) == 0
    assert f"Strength: {words}" in out.getvalue()
