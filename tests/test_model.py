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


def test_date_range_needs_both_ends_or_text() -> None:
    """A date range has both ends, or only its words."""
    with pytest.raises(ValidationError, match="end"):
        s.DateRange(start=datetime.date(1905, 7, 7))
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
