from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

import sakhalin as s
from sakhalin import ValidationError

JAPAN = s.Belligerent(name="Japan")
RUSSIA = s.Belligerent(name="Russia")


def sides() -> tuple[s.Side, s.Side]:
    return (s.Side(belligerents=(JAPAN,)), s.Side(belligerents=(RUSSIA,)))


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return dict(exc.value.problems)


@pytest.mark.parametrize(
    "cls",
    [
        getattr(s, name)
        for name in s.__all__
        if isinstance(getattr(s, name), type) and attrs.has(getattr(s, name))
    ],
    ids=lambda c: c.__name__,
)
def test_classes_are_frozen_slotted_keyword_only(cls: type) -> None:
    """Every model class is frozen, slotted and keyword-only."""
    assert "__slots__" in cls.__dict__
    assert attrs.fields(cls)
    assert all(a.kw_only for a in attrs.fields(cls))
    assert "__setattr__" in cls.__dict__  # frozen: attrs guards every assignment
    with pytest.raises(TypeError):
        cls("positional")


def test_instances_cannot_change() -> None:
    """A built battle cannot be changed in place."""
    battle = s.load()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        battle.name = "x"  # type: ignore[misc]


def test_negative_count_is_rejected() -> None:
    """A negative figure names the field."""
    with pytest.raises(ValidationError) as exc:
        s.Quantity(value=-5)
    assert problems(exc) == {"value": "a count cannot be negative (got -5)"}
    assert str(exc.value) == "Quantity.value: a count cannot be negative (got -5)"


def test_range_high_below_low_is_rejected() -> None:
    """A range whose high end is below its low end names `high`."""
    with pytest.raises(ValidationError) as exc:
        s.Quantity(value=1500, high=1200)
    assert "high" in problems(exc)


def test_every_problem_of_one_object_is_reported() -> None:
    """All problems of one object come in one error, not just the first."""
    with pytest.raises(ValidationError) as exc:
        s.Quantity(value=-1, high=-2, unit=" ", text="")
    assert set(problems(exc)) == {"value", "high", "unit", "text"}


def test_qualitative_quantity_has_words_not_figures() -> None:
    """A qualitative quantity needs its words and has no figure."""
    assert s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text="minimal").value is None
    with pytest.raises(ValidationError) as exc:
        s.Quantity(qualifier=s.Qualifier.QUALITATIVE, value=3)
    assert set(problems(exc)) == {"value", "text"}


def test_figure_is_required_unless_qualitative_or_unknown() -> None:
    """An exact quantity needs a figure; an unknown one does not."""
    with pytest.raises(ValidationError, match="value"):
        s.Quantity(qualifier=s.Qualifier.ESTIMATED)
    assert s.Quantity(qualifier=s.Qualifier.UNKNOWN, text="Unknown").value is None


def test_end_before_start_is_rejected() -> None:
    """A date range that ends before it starts names `end`."""
    with pytest.raises(ValidationError) as exc:
        s.DateRange(start=datetime.date(1905, 7, 31), end=datetime.date(1905, 7, 7))
    assert problems(exc) == {"end": "1905-07-07 is before the start 1905-07-31"}


def test_date_range_needs_a_start_or_text() -> None:
    """A date range has a start (its end defaulting to it), or only its words; an end alone is refused."""
    day = datetime.date(1905, 7, 7)
    assert s.DateRange(start=day) == s.DateRange(start=day, end=day) == s.DateRange.day(day)
    assert s.DateRange(start=day, end=None).end == day
    with pytest.raises(ValidationError) as exc:
        s.DateRange(end=day)
    assert problems(exc) == {"start": "a range with an end needs its start"}
    with pytest.raises(ValidationError, match="text"):
        s.DateRange()
    assert s.DateRange(text="490 BC").start is None


def test_year_range_covers_whole_years() -> None:
    """DateRange.years spans 1 January to 31 December with year precision."""
    war = s.DateRange.years(1904, 1905)
    assert (war.start, war.end, war.precision) == (
        datetime.date(1904, 1, 1),
        datetime.date(1905, 12, 31),
        s.Precision.YEAR,
    )


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_names_are_rejected(name: str) -> None:
    """Blank names are rejected for battles, people, belligerents and places."""
    for build in (
        lambda: s.Battle(name=name, sides=sides()),
        lambda: s.Person(name=name),
        lambda: s.Belligerent(name=name),
        lambda: s.Place(name=name),
        lambda: s.Organisation(name=name),
    ):
        with pytest.raises(ValidationError) as exc:
            build()
        assert "name" in problems(exc)


def test_side_without_belligerent_is_rejected() -> None:
    """A side needs at least one belligerent."""
    with pytest.raises(ValidationError) as exc:
        s.Side(belligerents=())
    assert problems(exc) == {"belligerents": "a side needs at least one belligerent"}


def test_battle_needs_two_sides() -> None:
    """A battle with fewer than two sides is rejected."""
    with pytest.raises(ValidationError, match="sides"):
        s.Battle(name="x", sides=sides()[:1])


def test_three_sides_and_a_joint_row_are_representable() -> None:
    """Three sides and a casualties row shared by all sides can be built."""
    battle = s.Battle(
        name="x",
        sides=(*sides(), s.Side(belligerents=(s.Belligerent(name="Third"),))),
        joint_casualties=s.Casualties(text="8,000,000 dead"),
    )
    assert len(battle.sides) == 3
    assert battle.joint_casualties is not None


def test_duplicate_source_keys_are_rejected() -> None:
    """Two sources cannot share a key that citations use."""
    source = s.Source(key="a", title="t")
    with pytest.raises(ValidationError, match=r"sources\[1\]\.key"):
        s.Battle(name="x", sides=sides(), sources=(source, source))


def test_person_names_include_variants() -> None:
    """Person.names lists the name, the full name and every variant once."""
    person = s.Person(
        name="General Lyapunov", full_name="Mikhail Nikolaevich Lyapunov", alt_names=("Lyapunov",)
    )
    assert person.names == ("General Lyapunov", "Mikhail Nikolaevich Lyapunov", "Lyapunov")


def test_citation_reads_as_text() -> None:
    """A citation prints its source, row, section, paragraph and note."""
    cite = s.Citation(source="wikipedia", section="Background", paragraph=2, note="n")
    assert str(cite) == "wikipedia, section 'Background', paragraph 2 (n)"
    with pytest.raises(ValidationError, match="paragraph"):
        s.Citation(source="w", paragraph=0)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda n: s.Quantity(value=n), "value"),
        (lambda n: s.Quantity(value=1, high=n), "high"),
        (lambda n: s.Citation(source="w", paragraph=n), "paragraph"),
        (lambda n: s.Source(key="w", title="t", year=n), "year"),
    ],
)
def test_whole_numbers_have_at_most_100_digits(make: Any, field: str) -> None:
    """A whole number of more than 100 digits is refused, naming its field (even past Python's 4,300)."""
    largest = 10**100 - 1
    make(largest)  # 100 digits: taken
    for huge in (largest + 1, -(10**5000)):
        with pytest.raises(ValidationError, match=rf"\.{field}: has more than 100 digits") as info:
            make(huge)
        assert len(info.value.problems) == 1  # and no second message that would print the number


def test_longest_figure_is_written_and_read_by_every_tabular_format(tmp_path: Path) -> None:
    """A 100-digit figure goes through CSV, JSON and XLSX and back, and a longer one cannot be loaded."""
    battle = s.load()
    largest = 10**100 - 1
    side = attrs.evolve(battle.sides[0], strength=(s.Quantity(value=largest),))
    long = attrs.evolve(battle, sides=(side, *battle.sides[1:]))
    for name in ("long.csv", "long.json", "long.xlsx"):
        s.write(long, tmp_path / name)
        assert list(s.read(tmp_path / name)) == [long], name
    data = s.to_dict(long)
    data["sides"][0]["strength"][0]["value"] = largest + 1
    with pytest.raises(ValidationError, match=r"\.strength\[0\]\.value: has more than 100 digits"):
        s.from_dict(data)


# What each constructor checks: types, from the annotations; one error names every problem.


m: Any = s  # the model, as code that mypy does not check would call it


def _refusal(make: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        make()
    return str(exc.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: m.Quantity(value="7,000"), "Quantity.value: expected a whole number, got a string: '7,000'"),
        (lambda: m.Quantity(value=True), "Quantity.value: expected a whole number, got a boolean: True"),
        (lambda: m.Quantity(value=float("nan")), "Quantity.value: expected a whole number, got a float: nan"),
        (lambda: m.Quantity(value=float("inf")), "Quantity.value: expected a whole number, got a float: inf"),
        (lambda: m.Quantity(value=7.0), "Quantity.value: expected a whole number, got a float: 7.0"),
        (
            lambda: m.Quantity(value=1, high=False),
            "Quantity.high: expected a whole number, got a boolean: False",
        ),
        (
            lambda: m.Citation(source="wp", paragraph=True),
            "Citation.paragraph: expected a whole number, got a boolean: True",
        ),
        (
            lambda: m.Source(key="k", title="t", year=1904.5),
            "Source.year: expected a whole number, got a float: 1904.5",
        ),
        (
            lambda: m.Side(belligerents=(JAPAN,), casualties="2000 dead"),
            "Side.casualties: expected a Casualties object, got a string: '2000 dead'",
        ),
        (
            lambda: m.Side(belligerents=(JAPAN,), commanders="Haraguchi"),
            "Side.commanders: expected a list or tuple, got a string: 'Haraguchi'",
        ),
        (
            lambda: m.Side(belligerents=(JAPAN,), commanders=["Haraguchi"]),
            "Side.commanders[0]: expected a Person object, got a string: 'Haraguchi'",
        ),
        (
            lambda: m.Person(name="X", alt_names="Y"),
            "Person.alt_names: expected a list or tuple, got a string: 'Y'",
        ),
        (
            lambda: m.Person(name="X", alt_names={"Y"}),
            "Person.alt_names: expected a list or tuple, got a set: {'Y'}",
        ),
        (lambda: m.Belligerent(name=5), "Belligerent.name: expected a string, got a whole number: 5"),
        (lambda: m.Belligerent(name=None), "Belligerent.name: must be given"),
        (
            lambda: m.DateRange(start=datetime.datetime(1905, 7, 7, 12, 0)),
            "DateRange.start: expected a date (datetime.date, without a time), got a datetime: "
            "datetime.datetime(1905, 7, 7, 12, 0)",
        ),
        (
            lambda: m.DateRange(start="1905-07-07"),
            "DateRange.start: expected a date (datetime.date, without a time), got a string: '1905-07-07'",
        ),
        (
            lambda: m.Quantity(value=1, qualifier="about"),
            "Quantity.qualifier: expected one of 'exact', 'approximate', 'estimated', 'nominal', 'at_least', "
            "'at_most', 'qualitative', 'unknown', got a string: 'about'",
        ),
        (
            lambda: m.Battle(name="B", sides=sides(), extra=[("a", 1)]),
            "Battle.extra[0][1]: expected a string, got a whole number: 1",
        ),
        (
            lambda: m.Battle(name="B", sides=sides(), extra=[("a",)]),
            "Battle.extra[0]: expected a tuple of 2 items, got a tuple: ('a',)",
        ),
    ],
)
def test_constructors_check_types(make: Any, message: str) -> None:
    """A field of the wrong type is refused, naming the class, the field and what was given."""
    assert _refusal(make) == message


def test_long_values_are_shown_cut_short() -> None:
    """What was given is shown in a short line, however long the value."""
    message = _refusal(lambda: m.Quantity(value="x" * 10_000))
    assert message.startswith("Quantity.value: expected a whole number, got a string: 'xxx")
    assert len(message) < 150


def test_type_problems_and_value_problems_are_reported_together() -> None:
    """One error lists every problem of the object: wrong types and bad values alike."""
    with pytest.raises(ValidationError) as exc:
        m.Quantity(value="7", high=-1, unit=" ")
    assert problems(exc) == {
        "value": "expected a whole number, got a string: '7'",
        "high": "a count cannot be negative (got -1)",
        "unit": "must not be empty or blank",
    }


def test_enumerations_may_be_given_by_value() -> None:
    """A qualifier, precision or casualty kind may be given as its string value and becomes the member."""
    quantity = s.Quantity(value=5, qualifier="approximate")
    assert quantity.qualifier is s.Qualifier.APPROXIMATE
    assert s.DateRange(start=datetime.date(1905, 1, 1), precision="year").precision is s.Precision.YEAR
    casualty = s.Casualty(kind="killed", quantity=quantity)
    assert casualty.kind is s.CasualtyKind.KILLED


def test_iterables_become_tuples_and_objects_are_hashable() -> None:
    """Lists and other iterables given to a sequence field become tuples; equal objects hash alike."""
    from_lists = s.Side(belligerents=[JAPAN], commanders=[s.Person(name="Haraguchi", alt_names=["H"])])
    from_tuples = s.Side(belligerents=(JAPAN,), commanders=(s.Person(name="Haraguchi", alt_names=("H",)),))
    from_generator = s.Side(belligerents=(b for b in [JAPAN]), commanders=iter(from_tuples.commanders))
    assert type(from_lists.commanders) is tuple
    assert type(from_lists.commanders[0].alt_names) is tuple
    assert from_lists == from_tuples == from_generator
    assert hash(from_lists) == hash(from_tuples) == hash(from_generator)
    battle = s.Battle(name="B", sides=list(sides()), extra=[["a", "b"]], infobox_params=[["p", ""]])
    assert battle.extra == (("a", "b"),)
    assert battle.infobox_params == (("p", ""),)
    assert hash(battle) == hash(
        s.Battle(name="B", sides=sides(), extra=(("a", "b"),), infobox_params=(("p", ""),))
    )
    assert {s.load(), s.load()} == {s.load()}


def test_citation_to_an_undeclared_source_is_refused() -> None:
    """A battle refuses a citation naming a source it does not declare, at the citation's place."""
    cited = s.Person(name="H", citations=(s.Citation(source="wp"), s.Citation(source="nowhere")))
    side = s.Side(belligerents=(JAPAN,), commanders=(cited,))
    with pytest.raises(ValidationError) as exc:
        s.Battle(name="B", sides=(side, sides()[1]), sources=(s.Source(key="wp", title="W"),))
    assert problems(exc) == {
        "sides[0].commanders[0].citations[1].source": (
            "'nowhere' is not the key of a source of the battle (known: 'wp')"
        )
    }
    with pytest.raises(ValidationError, match=r"infobox_citation\.source: 'wp' is not .* \(known: none\)"):
        s.Battle(name="B", sides=sides(), infobox_citation=s.Citation(source="wp"))
    battle = s.Battle(
        name="B",
        sides=(side, sides()[1]),
        sources=(s.Source(key="wp", title="W"), s.Source(key="nowhere", title="N")),
    )
    assert battle.sides[0].commanders[0].citations[1].source == "nowhere"


def test_events_are_sorted_by_date() -> None:
    """A battle lists its events by date; an event known only by its words keeps its place."""

    def event(summary: str, start: datetime.date | None) -> s.Event:
        date = s.DateRange(start=start) if start else s.DateRange(text="long ago")
        return s.Event(date=date, summary=summary)

    given = [
        event("undated", None),
        event("third", datetime.date(1905, 7, 7)),
        event("first", datetime.date(1875, 1, 1)),
        event("second", datetime.date(1905, 6, 7)),
        event("also third", datetime.date(1905, 7, 7)),
    ]
    battle = s.Battle(name="B", sides=sides(), events=given)
    assert [e.summary for e in battle.events] == ["undated", "first", "second", "third", "also third"]
    assert s.Battle(name="B", sides=sides(), events=battle.events).events == battle.events
    loaded = [e.date.start for e in s.load().events if e.date.start is not None]
    assert loaded == sorted(loaded)
