"""The facts table is lossless: battles_from_facts gives back exactly the battles facts() flattened."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin as s
from sakhalin import _facts
from sakhalin._facts import FactValue, battles_from_facts, fact_rows
from tests.strategies import battles


def rows_of(facts: Iterable[s.Fact]) -> Iterator[dict[str, FactValue]]:
    return (f.as_dict() for f in facts)


def as_text(row: Mapping[str, FactValue]) -> dict[str, FactValue]:
    """A row as CSV gives it: every cell text, an empty cell for None."""
    return {
        k: "" if v is None else v.isoformat() if isinstance(v, datetime.date) else str(v)
        for k, v in row.items()
    }


def read(rows: Iterable[Mapping[str, FactValue]]) -> list[s.Battle]:
    return list(battles_from_facts(rows, source="t.csv"))


@settings(max_examples=30)
@given(battles())
def test_fact_rows_equal_the_facts_as_tuples(battle: s.Battle) -> None:
    """The exporters' row generator gives exactly each Fact's as_tuple(), cell for cell and type for type."""
    expected = [fact.as_tuple() for fact in s.facts(battle)]
    got = list(fact_rows(battle))
    assert got == expected
    assert [[type(cell) for cell in row] for row in got] == [[type(cell) for cell in row] for row in expected]


def test_embedded_battle_round_trips(battle: s.Battle) -> None:
    """The embedded battle comes back equal from its typed fact rows."""
    assert read(rows_of(s.facts(battle))) == [battle]


def test_embedded_battle_round_trips_from_text_cells(battle: s.Battle) -> None:
    """The embedded battle comes back equal when every cell is text, as CSV gives it."""
    assert read(as_text(r) for r in rows_of(s.facts(battle))) == [battle]


@given(battles())
def test_any_battle_round_trips(b: s.Battle) -> None:
    """Any valid battle comes back equal from its fact rows, typed or as text."""
    assert read(rows_of(s.facts(b))) == [b]
    assert read(as_text(r) for r in rows_of(s.facts(b))) == [b]


@settings(max_examples=25)
@given(st.lists(battles(max_sides=3), min_size=2, max_size=3))
def test_several_battles_in_one_table(many: list[s.Battle]) -> None:
    """Several battles in one table are split at their name rows, in order."""
    assert read(r for b in many for r in rows_of(s.facts(b))) == many


def test_edge_values_round_trip(battle: s.Battle) -> None:
    """Empty texts, "1812" as text, notes, several citations and year-only dates come back exactly."""
    cite = s.Citation(source="wikipedia", note="")
    person = s.Person(
        name="-2",
        citations=(cite, s.Citation(source="k", infobox_row="Row", section="S", paragraph=3, note="1812")),
    )
    edited = attrs.evolve(
        battle,
        extra=(("year", "1812"), ("blank", ""), ("neg", "-2")),
        people=(*battle.people, person),
        sources=(*battle.sources, s.Source(key="k", title="1812", year=-5, url="", note="")),
        date=s.DateRange(text="490 BC"),
        joint_casualties=s.Casualties(
            text="many",
            items=(
                s.Casualty(
                    kind=s.CasualtyKind.MISSING,
                    quantity=s.Quantity(qualifier=s.Qualifier.UNKNOWN),
                    label="missing",
                ),
            ),
            citation=cite,
        ),
    )
    fields = attrs.fields_dict(s.Battle)
    more: dict[str, Any] = {}
    if "infobox_template" in fields:  # what the wikitext reader keeps, where the model has it
        more = {
            "infobox_template": "Infobox Military Conflict",
            "infobox_params": (("strength1", "14,000"), ("notes", "")),
            "infobox_digests": (("sides[0].strength", "3f9a"),),
        }
    edited = attrs.evolve(edited, **more)
    assert read(rows_of(s.facts(edited))) == [edited]
    assert read(as_text(r) for r in rows_of(s.facts(edited))) == [edited]


def _field_names(cls: type[Any], seen: set[type[Any]]) -> set[str]:
    import typing

    if cls in seen or not attrs.has(cls):
        return set()
    seen.add(cls)
    names = set()
    for field in attrs.fields(cls):
        names.add(field.name)
        hint = typing.get_type_hints(cls)[field.name]
        stack = [hint]
        while stack:
            t = stack.pop()
            stack.extend(typing.get_args(t))
            if isinstance(t, type):
                names |= _field_names(t, seen)
    return names


def test_every_field_of_the_model_has_a_path() -> None:
    """Every field of every model class appears in a path of a fully filled battle, or is read from a row."""
    q = s.Quantity(value=1, high=2, unit="men", text="1-2 men")
    c = s.Citation(source="k", infobox_row="R", section="S", paragraph=1, note="n")
    d = s.DateRange.day(datetime.date(1905, 7, 7), text="7 July")
    p = s.Person(
        name="P", rank="r", full_name="f", alt_names=("a",), role="x", citations=(c,), fate=s.Fate.KILLED
    )
    both = (s.CasualtyKind.KILLED, s.CasualtyKind.WOUNDED)
    cas = s.Casualties(
        text="t",
        items=(
            s.Casualty(kind=s.CasualtyKind.KILLED, quantity=q, label="l", group="g"),
            s.Casualty(kind=s.CasualtyKind.COMBINED, quantity=q, combines=both),
        ),
        citation=c,
    )
    side = s.Side(
        belligerents=(s.Belligerent(name="B", flag="F", alt_names=("b",), citation=c, group="g", note="n"),),
        commanders=(p,),
        units=("u",),
        strength=(q,),
        casualties=cas,
    )
    place = s.Place(name="Pl", alt_names=("p",), description="d", citation=c)
    full = s.Battle(
        name="N",
        sides=(side, side),
        names=(s.LocalName(lang="ja", name="n", romanisation="r", citation=c),),
        alt_names=("a",),
        war=s.War(name="W", date=d, citation=c),
        date=d,
        place=place,
        coordinates=s.Coordinates(latitude=1.5, longitude=-2.25, text="c"),
        result="r",
        territory="t",
        image="i",
        caption="c",
        joint_casualties=cas,
        people=(p,),
        organisations=(s.Organisation(name="O", alt_names=("o",), description="d", citation=c),),
        places=(place,),
        events=(s.Event(date=d, summary="s", participants=("p",), citation=c),),
        statements=(s.Statement(subject="s", attribute="a", text="t", quantity=q, date=d, citation=c),),
        sources=(
            s.Source(
                key="k",
                title="t",
                url="u",
                authors=("a",),
                year=1,
                publisher="p",
                isbn="i",
                licence="l",
                note="n",
            ),
        ),
        infobox_citation=c,
        extra=(("x", "y"),),
    )
    paths = " ".join(f.path for f in s.facts(full))
    # Fields read from a row's human columns, and the parts of compound rows (quantity, date, citation).
    from_columns = {"subject", "attribute", "key"}
    parts = {
        f.name for cls in (s.Quantity, s.DateRange, s.Citation, s.Coordinates) for f in attrs.fields(cls)
    }
    optional_later = {f for f in ("infobox_template", "infobox_params", "infobox_digests")}
    missing = {
        name
        for name in _field_names(s.Battle, set()) - from_columns - parts - optional_later
        if f"{name}" not in paths
    }
    assert not missing
    assert list(battles_from_facts((f.as_dict() for f in s.facts(full)), source="t")) == [full]


def test_every_model_field_has_a_row(battle: s.Battle) -> None:
    """Fields that used to be lost (quantity wording, casualty labels, date wording, citations) have rows."""
    rows = list(s.facts(battle))
    by_path = {f.path: f for f in rows}
    assert by_path["sides[1].strength[0]"].wording == "7280 men"
    assert by_path["date"].wording == "7 July – 31 July 1905"
    labels = {f.value for f in rows if f.path.endswith(".label")}
    assert {"dead", "prisoners"} <= labels
    cite = by_path["names[0].citation"]
    assert cite.citation == battle.names[0].citation
    row = cite.as_dict()
    assert (row["cite_source"], row["cite_section"], row["cite_paragraph"]) == ("wikipedia", "Lead", 1)
    assert by_path["infobox_citation"].citation == battle.infobox_citation


def test_fact_types_column(battle: s.Battle) -> None:
    """The type column says int, date or text, and is empty for an empty value."""
    by_path = {f.path: f.as_dict() for f in s.facts(battle)}
    assert by_path["sides[1].strength[0]"]["type"] == "int"
    assert by_path["date"]["type"] == "date"
    assert by_path["name"]["type"] == "text"
    assert by_path["sides[0].casualties.items[0].quantity"]["value"] is None
    assert by_path["sides[0].casualties.items[0].quantity"]["type"] is None


def test_unknown_columns_are_ignored(battle: s.Battle) -> None:
    """Extra columns a reader finds (a spreadsheet's notes) do not disturb the inverse."""
    assert read({**r, "remarks": "x", "value2": 3} for r in rows_of(s.facts(battle))) == [battle]


def bad(battle: s.Battle, index: int, **cells: FactValue) -> str:
    rows = [f.as_dict() for f in s.facts(battle)]
    rows[index].update(cells)
    with pytest.raises(s.ReadError) as info:
        read(rows)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("index", "cells", "expected"),
    [
        (0, {"path": "alt_names[0]"}, "t.csv: row 2, column path: the first row of a battle"),
        (1, {"path": ""}, "t.csv: row 3, column path: is empty"),
        (1, {"path": "sides[0]..x"}, "t.csv: row 3, column path: 'sides[0]..x' is not a path"),
        (1, {"path": "nonsense"}, "t.csv: row 3, column path: 'nonsense': 'nonsense' is not a field here"),
        (1, {"path": "alt_names[5]"}, "row 3, column path: 'alt_names[5]': item [5] comes before item [0]"),
        (2, {"path": "alt_names[0]"}, "row 4, column path: 'alt_names[0]' is given by an earlier row too"),
        (1, {"path": "sides[0]"}, "row 3, column path: 'sides[0]' names a whole Side"),
        (1, {"type": "float"}, "row 3, column type: is int, date, text or empty, not 'float'"),
        (1, {"type": "int"}, "row 3, column value: expected a whole number"),
        (
            1,
            {"type": None},
            "row 3, column value: holds 'Japanese invasion of Sakhalin' but the row's type is empty",
        ),
    ],
)
def test_bad_rows_name_source_row_and_column(
    battle: s.Battle, index: int, cells: dict[str, FactValue], expected: str
) -> None:
    """A bad row raises a one-line ReadError naming the source, the row (header is row 1) and the column."""
    assert expected in bad(battle, index, **cells)


def test_bad_cells_in_typed_columns(battle: s.Battle) -> None:
    """Bad dates and paragraphs name their column and row."""
    rows = [f.as_dict() for f in s.facts(battle)]
    date_row = next(i for i, r in enumerate(rows) if r["path"] == "date")
    assert f"row {date_row + 2}, column value: expected an ISO 8601 date" in bad(
        battle, date_row, value="7 July"
    )
    cite_row = next(i for i, r in enumerate(rows) if r["path"] == "names[0].citation")
    message = bad(battle, cite_row, cite_paragraph="two")
    assert f"row {cite_row + 2}, column cite_paragraph: expected a whole number, got 'two'" in message


def test_invalid_data_names_the_validation_paths(battle: s.Battle) -> None:
    """Data that makes no valid battle raises ReadError with the ValidationError's paths and rows."""
    rows = [f.as_dict() for f in s.facts(battle)]
    strength = next(i for i, r in enumerate(rows) if r["path"] == "sides[1].strength[0]")
    message = bad(battle, strength, value=-5)
    assert message.startswith("t.csv: the battle starting at row 2: ")
    assert f"row {strength + 2}, $.sides[1].strength[0].value: a count cannot be negative (got -5)" in message
    qualifier = bad(battle, strength, qualifier="roughly")
    assert "$.sides[1].strength[0].qualifier: expected one of" in qualifier


def test_a_missing_required_row_is_named(battle: s.Battle) -> None:
    """A battle whose side lost its belligerent's name row says which field is missing."""
    rows = [f.as_dict() for f in s.facts(battle) if f.path != "sides[0].belligerents[0].name"]
    with pytest.raises(
        s.ReadError, match=r"\$\.sides\[0\]\.belligerents\[0\]\.name: required field is missing"
    ):
        read(rows)


def test_empty_table_has_no_battles() -> None:
    """A table with no rows holds no battles."""
    assert read([]) == []


# --- reading rows as CSV and XLSX give them -------------------------------------------------


def text_records(battle: s.Battle) -> list[tuple[FactValue, ...]]:
    """A battle's rows as a CSV file gives them: every cell text, in FACT_COLUMNS order."""
    return [tuple(as_text(f.as_dict()).values()) for f in s.facts(battle)]


def outcome(rows: list[tuple[FactValue, ...]]) -> list[s.Battle] | str:
    """The battles these rows make, or the error message."""
    try:
        return list(_facts.battles_from_records(rows, source="t.csv"))
    except s.ReadError as exc:
        return str(exc)


MUTATIONS = st.sampled_from(
    [
        ("type", ""),
        ("type", " int "),
        ("type", "date"),
        ("type", "int"),
        ("value", ""),
        ("value", "-5"),
        ("value", "1905-02-30"),
        ("value", " 12 "),
        ("value", "1_000"),
        ("value", "x"),
        ("value_end", "3"),
        ("qualifier", "roughly"),
        ("qualifier", ""),
        ("unit", " "),
        ("path", ""),
        ("path", " name"),
        ("path", "name"),
        ("path", "sides[9].name"),
        ("path", "sides[0]"),
        ("path", "alt_names[0]"),
        ("path", "nonsense"),
        ("cite_source", ""),
        ("cite_paragraph", "0"),
        ("cite_paragraph", "two"),
        ("subject", ""),
        ("attribute", ""),
    ]
)


@settings(max_examples=40)
@given(battle=battles(max_sides=3), data=st.data())
def test_a_changed_cell_reads_back_or_is_one_read_error(battle: s.Battle, data: st.DataObject) -> None:
    """With one cell changed, reading gives valid battles or a one-line ReadError naming a row."""
    rows = text_records(battle)
    index = data.draw(st.integers(0, len(rows) - 1), label="row")
    column, cell = data.draw(MUTATIONS, label="change")
    changed = list(rows[index])
    changed[_facts.FACT_COLUMNS.index(column)] = cell
    rows[index] = tuple(changed)
    got = outcome(rows)
    if isinstance(got, str):
        assert got.startswith("t.csv: ")
        assert "row " in got
        assert "\n" not in got
    else:
        assert all(isinstance(one, s.Battle) for one in got)


def test_a_whole_number_too_long_for_int_is_a_read_error(battle: s.Battle) -> None:
    """A whole number of more digits than int() takes is a one-line ReadError, not a ValueError."""
    rows = text_records(battle)
    index = next(i for i, r in enumerate(rows) if r[9] == "sources[0].year" or r[10] == "int")
    changed = list(rows[index])
    changed[3] = "1" * 5000
    rows[index] = tuple(changed)
    outcome_text = outcome(rows)
    assert isinstance(outcome_text, str)
    assert f"row {index + 2}, column value: expected a whole number" in outcome_text
    assert "too many digits" in outcome_text
    assert "\n" not in outcome_text
