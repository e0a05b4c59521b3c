"""The wikitext reader types what a careful reader sees: coordinates, dates, figures, people, flags."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import mwparserfromhell
import pytest

import sakhalin as s
from sakhalin._wiki_parse import parse_casualty_items, parse_quantity, parse_strength


def read_text(tmp_path: Path, wikitext: str) -> list[s.Battle]:
    path = tmp_path / "page.wiki"
    path.write_text(wikitext, encoding="utf-8")
    return list(s.read(path))


def two_sides(**fields: object) -> s.Battle:
    a, b = (s.Side(belligerents=(s.Belligerent(name=n),)) for n in "AB")
    return s.Battle(name="X", sides=(a, b), **fields)  # type: ignore[arg-type]


# ------------------------------------------------------- people, belligerents, flags


def test_role_lines_marks_and_headings_are_not_people(tmp_path: Path) -> None:
    """Role notes, headings and marks go to role, fate and group; only names are commanders."""
    value = (
        "'''Union:'''<br />[[George Meade]]<br /><small>(Army of the Potomac)</small>"
        "<br />[[John Reynolds]]{{KIA}}<br />Alpha †<br />Beta: Overall commander"
        "<br />Gamma (POW)<br />Delta{{small|chief of staff}}<br />[[Death by natural causes|†]] Epsilon"
    )
    combatants = (
        "{{flagcountry|USA}}<br />{{flagicon|UK}} [[Kingdom of Great Britain|Britain]]"
        "<br />'''Supported by:'''<br />{{flagu|FRA}}<br />{{flagdeco|Spain}}<br />Mysore (until 1782)"
        "<br />Defected:<br />[[Hesse]]<br /><small>(before 1776)</small>"
    )
    params = f"conflict=X|combatant1={combatants}|combatant2=B|commander1={value}"
    page = f"{{{{Infobox military conflict|{params}}}}}"
    (battle,) = read_text(tmp_path, page)
    people = [(p.name, p.role, p.fate) for p in battle.sides[0].commanders]
    assert people == [
        ("George Meade", "Army of the Potomac", None),
        ("John Reynolds", None, s.Fate.KILLED),
        ("Alpha", None, s.Fate.KILLED),
        ("Beta", "Overall commander", None),
        ("Gamma", None, s.Fate.CAPTURED),
        ("Delta", "chief of staff", None),
        ("Epsilon", None, None),
    ]
    sides = [(b.name, b.flag, b.group, b.note) for b in battle.sides[0].belligerents]
    assert sides == [
        ("United States", "USA", None, None),
        ("Britain", "UK", None, None),
        ("France", "FRA", "Supported by", None),
        ("Spain", "Spain", "Supported by", None),
        ("Mysore", None, "Supported by", "until 1782"),
        ("Hesse", None, "Defected", "before 1776"),
    ]
    fresh = attrs.evolve(battle, infobox_params=(), infobox_digests=())
    again = s.load(s.write(fresh, tmp_path / "a.wiki"))
    assert [(p.name, p.fate) for p in again.sides[0].commanders] == [
        (p.name, p.fate) for p in battle.sides[0].commanders
    ]
    assert again.sides[0].belligerents == battle.sides[0].belligerents


def test_names_that_look_like_marks_read_back_as_names(tmp_path: Path) -> None:
    """Written anew, a name that looks like a heading, note or mark is escaped and reads back whole."""
    odd = ("Allies", "Name: with colon", "Name (with note)", "Dagger † name", "(bracketed)")
    side = s.Side(
        belligerents=tuple(s.Belligerent(name=n) for n in odd),
        commanders=tuple(s.Person(name=n) for n in odd),
        strength=(s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text="1 and 2"),),
    )
    battle = attrs.evolve(two_sides(), sides=(side, two_sides().sides[1]))
    read = s.load(s.write(battle, tmp_path / "odd.wiki"))
    assert [b.name for b in read.sides[0].belligerents] == list(odd)
    assert [(p.name, p.fate, p.role) for p in read.sides[0].commanders] == [(n, None, None) for n in odd]
    assert [q.text for q in read.sides[0].strength] == ["1 and 2"]


def test_war_name_drops_a_leading_the(tmp_path: Path) -> None:
    """'the First Persian invasion of Greece' is the war named 'First Persian invasion of Greece'."""
    page = "{{Infobox military conflict|conflict=X|partof=[[Y|the First Persian invasion of Greece]]}}"
    (battle,) = read_text(tmp_path, page)
    assert battle.war == s.War(name="First Persian invasion of Greece")


# ------------------------------------------------------------------------ coordinates


@pytest.mark.parametrize(
    ("value", "latitude", "longitude"),
    [
        ("{{Coord|39.811|N|77.225|W|type:event_region:US|display=inline,title}}", 39.811, -77.225),
        ("{{coord|38|07|05|N|23|58|42|E|region:GR_type:event|display=inline,title}}", 38.118056, 23.978333),
        ("{{coord|32.7|-86.7|type:adm1st_region:US|display=title}}", 32.7, -86.7),
        ("{{coord|41|54|N|12|27|E}}", 41.9, 12.45),
        ("39°48′40″N 77°13′30″W", 39.811111, -77.225),
        ("Somewhere", None, None),
    ],
)
def test_coordinates_are_typed(
    tmp_path: Path, value: str, latitude: float | None, longitude: float | None
) -> None:
    """{{coord}} in its forms and written coordinates give latitude and longitude in decimal degrees."""
    (battle,) = read_text(tmp_path, f"{{{{Infobox military conflict|conflict=X|coordinates={value}}}}}")
    assert battle.coordinates is not None
    assert (battle.coordinates.latitude, battle.coordinates.longitude) == (latitude, longitude)
    assert battle.coordinates.text


def test_coordinates_in_place_and_latitude_longitude(tmp_path: Path) -> None:
    """Without a coordinates parameter, a {{coord}} in place (or latitude and longitude) is used."""
    page = "{{Infobox military conflict|conflict=X|place=Somewhere {{coord|10|S|20|E}}}}"
    (battle,) = read_text(tmp_path, page)
    assert battle.coordinates == s.Coordinates(latitude=-10.0, longitude=20.0, text="10 S 20 E")
    assert battle.place == s.Place(name="Somewhere")
    page = "{{Infobox military conflict|conflict=X|latitude=51.5|longitude=-0.12}}"
    (battle,) = read_text(tmp_path, page)
    assert battle.coordinates == s.Coordinates(latitude=51.5, longitude=-0.12, text="51.5 -0.12")
    template = mwparserfromhell.parse(str(s.export(battle, "wiki"))).filter_templates()[0]
    assert not template.has("coordinates")  # unchanged: written back as it was


@pytest.mark.parametrize(
    "coordinates",
    [
        s.Coordinates(latitude=-33.5, longitude=151.25),
        s.Coordinates(latitude=38.118056, longitude=23.978333, text="38 07 05 N 23 58 42 E"),
        s.Coordinates(text="1 2"),
    ],
)
def test_new_coordinates_are_written_as_coord(tmp_path: Path, coordinates: s.Coordinates) -> None:
    """Coordinates written anew are a {{coord}} that reads back equal; words alone stay words."""
    read = s.load(s.write(two_sides(coordinates=coordinates), tmp_path / "c.wiki"))
    assert read.coordinates is not None
    assert (read.coordinates.latitude, read.coordinates.longitude) == (
        coordinates.latitude,
        coordinates.longitude,
    )
    if coordinates.text is not None:
        assert read.coordinates == coordinates


def test_coordinates_are_checked() -> None:
    """Latitude and longitude go together, within their ranges; words alone need their text."""
    with pytest.raises(s.ValidationError) as info:
        s.Coordinates(latitude=91.0)
    message = str(info.value)
    assert "latitude" in message and "longitude" in message
    with pytest.raises(s.ValidationError):
        s.Coordinates()
    assert str(s.Coordinates(latitude=39.811, longitude=-77.225)) == "39.811°N 77.225°W"


# ---------------------------------------------------------------------- date templates


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("{{Start date|1863|7|1}}", (1863, 7, 1), (1863, 7, 1), s.Precision.DAY),
        (
            "{{start date|1863|07|01|df=y}} – {{end date|1863|7|3|df=y}}",
            (1863, 7, 1),
            (1863, 7, 3),
            s.Precision.DAY,
        ),
        ("{{Start date|1863|7}}", (1863, 7, 1), (1863, 7, 31), s.Precision.MONTH),
        ("{{start and end dates|1914|7|28|1918|11|11}}", (1914, 7, 28), (1918, 11, 11), s.Precision.DAY),
        ("{{Date|1863-07-01}}", (1863, 7, 1), (1863, 7, 1), s.Precision.DAY),
        ("{{circa|1500}}", (1500, 1, 1), (1500, 12, 31), s.Precision.YEAR),
        ("{{birth-date|1 July 1863}}", (1863, 7, 1), (1863, 7, 1), s.Precision.DAY),
        ("{{OldStyleDate|18 January|1778|7 January}}", (1778, 1, 18), (1778, 1, 18), s.Precision.DAY),
        ("{{nowrap|1–3 July 1863}}", (1863, 7, 1), (1863, 7, 3), s.Precision.DAY),
    ],
)
def test_date_templates_are_typed(
    tmp_path: Path, value: str, start: tuple[int, int, int], end: tuple[int, int, int], precision: s.Precision
) -> None:
    """The date templates in the wild are read as the dates they show."""
    (battle,) = read_text(tmp_path, f"{{{{Infobox military conflict|conflict=X|date={value}}}}}")
    assert battle.date is not None
    assert (battle.date.start, battle.date.end, battle.date.precision) == (
        datetime.date(*start),
        datetime.date(*end),
        precision,
    )


def test_dates_before_ad_1_are_checked() -> None:
    """A date's years are astronomical; a year from AD 1 on needs its dates; years must be in order."""
    assert s.DateRange.day(datetime.date(1905, 7, 7)).start_year == 1905
    with pytest.raises(s.ValidationError):
        s.DateRange(start_year=1905, end_year=1905, precision=s.Precision.YEAR)
    with pytest.raises(s.ValidationError):
        s.DateRange(start_year=-10, end_year=-20, precision=s.Precision.YEAR)
    with pytest.raises(s.ValidationError):
        s.DateRange(start_year=-10, end_year=-5)  # before AD 1 is known to the year
    bc = s.DateRange(start_year=-489, end_year=-489, precision=s.Precision.YEAR, text="490 BC")
    assert s.from_dict(s.to_dict(two_sides(date=bc))).date == bc


# ------------------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier"),
    [
        ("About 2,500", 2500, None, s.Qualifier.APPROXIMATE),
        ("Over 5,000", 5000, None, s.Qualifier.AT_LEAST),
        ("300,000+", 300000, None, s.Qualifier.AT_LEAST),
        ("Nearly 4,000", 4000, None, s.Qualifier.AT_MOST),
        ("at least 700", 700, None, s.Qualifier.AT_LEAST),
        ("up to 1,000", 1000, None, s.Qualifier.AT_MOST),
        ("an estimated 30,000", 30000, None, s.Qualifier.ESTIMATED),
        ("2,000 or more", 2000, None, s.Qualifier.AT_LEAST),
        ("6,000–13,000", 6000, 13000, s.Qualifier.EXACT),
        ("225,606 to 226,386", 225606, 226386, s.Qualifier.EXACT),
        ("between 6,000 and 13,000", 6000, 13000, s.Qualifier.EXACT),
        ("23,000–28,000 (estimated)", 23000, 28000, s.Qualifier.ESTIMATED),
        ("1.5 million", 1500000, None, s.Qualifier.EXACT),
        ("Army: 40,000", 40000, None, s.Qualifier.EXACT),
    ],
)
def test_hedged_figures_and_ranges(text: str, value: int, high: int | None, qualifier: s.Qualifier) -> None:
    """Hedges become qualifiers, ranges their two ends, whatever words stand around them."""
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.high, quantity.qualifier, quantity.text) == (
        value,
        high,
        qualifier,
        text,
    )


def test_strength_line_of_several_figures() -> None:
    """A strength line of several figures gives one quantity each, with its unit."""
    got = parse_strength("25,000 infantry and 1,000 cavalry")
    assert [(q.value, q.unit) for q in got] == [(25000, "infantry"), (1000, "cavalry")]


K, W, C, M = s.CasualtyKind.KILLED, s.CasualtyKind.WOUNDED, s.CasualtyKind.CAPTURED, s.CasualtyKind.MISSING
Item = tuple[s.CasualtyKind, tuple[s.CasualtyKind, ...], int | None, int | None, str | None]


def kinds(text: str) -> list[Item]:
    return [
        (i.kind, i.combines, i.quantity.value, i.quantity.high, i.quantity.unit)
        for i in parse_casualty_items(text)
    ]


def test_breakdowns_combined_totals_and_materiel() -> None:
    """Every figure of a breakdown is an item; combined kinds name their kinds; materiel keeps its unit."""
    assert kinds("23,049 total\n(3,155 killed;\n14,529 wounded;\n5,365 captured/missing)") == [
        (s.CasualtyKind.TOTAL, (), 23049, None, None),
        (K, (), 3155, None, None),
        (W, (), 14529, None, None),
        (s.CasualtyKind.COMBINED, (C, M), 5365, None, None),
    ]
    assert kinds("1,800 dead or wounded") == [(s.CasualtyKind.COMBINED, (K, W), 1800, None, None)]
    assert kinds("Total: 73,000") == [(s.CasualtyKind.TOTAL, (), 73000, None, None)]
    assert kinds("12 guns captured\n3 ships sunk") == [
        (s.CasualtyKind.MATERIEL, (), 12, None, "guns"),
        (s.CasualtyKind.MATERIEL, (), 3, None, "ships"),
    ]
    assert kinds("6,000–13,000 killed") == [(K, (), 6000, 13000, None)]
    (item,) = parse_casualty_items("About 2,500 killed")
    assert item.quantity.qualifier is s.Qualifier.APPROXIMATE
    assert kinds("5,000 dead (1778–1783)") == [(K, (), 5000, None, None)]
    assert parse_casualty_items("France:\n5,000 dead")[0].group == "France"


def test_combined_casualty_is_checked() -> None:
    """A combined figure names two or more kinds of loss of people; no other kind combines any."""
    figure = s.Quantity(value=1)
    with pytest.raises(s.ValidationError):
        s.Casualty(kind=s.CasualtyKind.COMBINED, quantity=figure, combines=(K,))
    with pytest.raises(s.ValidationError):
        s.Casualty(kind=K, quantity=figure, combines=(K, W))
    with pytest.raises(s.ValidationError):
        s.Casualty(kind=s.CasualtyKind.COMBINED, quantity=figure, combines=(K, s.CasualtyKind.MATERIEL))
