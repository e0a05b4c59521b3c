"""The domain model: a battle as frozen, slotted, keyword-only attrs classes.

Every class validates itself on construction and reports *all* of its problems at once
in one :class:`~sakhalin.ValidationError` whose messages name the offending field.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from sakhalin._checks import (
    UNCHECKED,
    Problems,
    article,
    cite_fields,
    is_date,
    may_text,
    need_text,
    need_texts,
    show,
    to_pairs,
    to_tuple,
    uncited_sources,
    validate,
    whole,
)
from sakhalin._vocabulary import WITHOUT_FIGURE, CasualtyKind, Fate, Precision, Qualifier

__all__ = [
    "Battle",
    "Belligerent",
    "Casualties",
    "Casualty",
    "CasualtyKind",
    "Citation",
    "Coordinates",
    "DateRange",
    "Event",
    "Fate",
    "LocalName",
    "Organisation",
    "Person",
    "Place",
    "Precision",
    "Qualifier",
    "Quantity",
    "Side",
    "Source",
    "Statement",
    "War",
]


# The typed converters the constructors take lists and other iterables through (mypy's attrs
# plugin reads a field's accepted type from its converter, so each element type has its own).
def _member(cls: type[enum.Enum], value: Any) -> Any:
    """The member whose value a string is (``"approximate"``); anything else is left for the check."""
    if type(value) is str:
        try:
            return cls(value)
        except ValueError:
            return value
    return value


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    made: tuple[str, ...] = to_tuple(value)
    return made


def _citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    made: tuple[Citation, ...] = to_tuple(value)
    return made


def _casualty_items(value: Iterable[Casualty]) -> tuple[Casualty, ...]:
    made: tuple[Casualty, ...] = to_tuple(value)
    return made


def _belligerents(value: Iterable[Belligerent]) -> tuple[Belligerent, ...]:
    made: tuple[Belligerent, ...] = to_tuple(value)
    return made


def _people(value: Iterable[Person]) -> tuple[Person, ...]:
    made: tuple[Person, ...] = to_tuple(value)
    return made


def _quantities(value: Iterable[Quantity]) -> tuple[Quantity, ...]:
    made: tuple[Quantity, ...] = to_tuple(value)
    return made


def _sides(value: Iterable[Side]) -> tuple[Side, ...]:
    made: tuple[Side, ...] = to_tuple(value)
    return made


def _local_names(value: Iterable[LocalName]) -> tuple[LocalName, ...]:
    made: tuple[LocalName, ...] = to_tuple(value)
    return made


def _organisations(value: Iterable[Organisation]) -> tuple[Organisation, ...]:
    made: tuple[Organisation, ...] = to_tuple(value)
    return made


def _places(value: Iterable[Place]) -> tuple[Place, ...]:
    made: tuple[Place, ...] = to_tuple(value)
    return made


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    made: tuple[Event, ...] = to_tuple(value)
    return made


def _statements(value: Iterable[Statement]) -> tuple[Statement, ...]:
    made: tuple[Statement, ...] = to_tuple(value)
    return made


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    made: tuple[Source, ...] = to_tuple(value)
    return made


def _pairs(value: Iterable[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    made: tuple[tuple[str, str], ...] = to_pairs(value)
    return made


def _precision(value: Precision | str) -> Precision:
    made: Precision = _member(Precision, value)
    return made


def _qualifier(value: Qualifier | str) -> Qualifier:
    made: Qualifier = _member(Qualifier, value)
    return made


def _casualty_kind(value: CasualtyKind | str) -> CasualtyKind:
    made: CasualtyKind = _member(CasualtyKind, value)
    return made


def _date_order(start: object, end: object, problems: Problems) -> None:
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        problems.append(("end", f"{end.isoformat()} is before the start {start.isoformat()}"))


@attrs.frozen(kw_only=True)
class Citation:
    """Where a fact stands: a source (by its ``key``) and the place in it.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    source: str
    """The :attr:`Source.key` of the work cited."""
    infobox_row: str | None = None
    """The infobox row the fact stands in ("Strength"), if any."""
    section: str | None = None
    """The section of the work ("Lead", "Background"), if any."""
    paragraph: int | None = None
    """The paragraph within the section, counted from 1."""
    note: str | None = None
    """Anything else a reader should know about this citation."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "source", o.source)
        may_text(problems, "infobox_row", o.infobox_row)
        may_text(problems, "section", o.section)
        if whole(problems, "paragraph", o.paragraph) and o.paragraph < 1:
            problems.append(("paragraph", f"must be 1 or more (got {o.paragraph})"))
        return problems

    def __str__(self) -> str:
        return citation_text(self.source, self.infobox_row, self.section, self.paragraph, self.note)


def citation_text(
    source: str, infobox_row: str | None, section: str | None, paragraph: int | None, note: str | None
) -> str:
    """A citation as one line of text (``str(citation)``), from its parts."""
    parts = [source]
    if infobox_row is not None:
        parts.append(f"infobox row {infobox_row!r}")
    if section is not None:
        parts.append(f"section {section!r}")
    if paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    text = ", ".join(parts)
    return f"{text} ({note})" if note else text


@attrs.frozen(kw_only=True)
class Source:
    """A work that facts are taken from, with its licence.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    key: str
    """A short identifier that citations use."""
    title: str
    """The work's title."""
    url: str | None = None
    """Where the work can be read, if online."""
    authors: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Its authors, as the work names them."""
    year: int | None = None
    """The year it was published."""
    publisher: str | None = None
    """Its publisher (or the website that hosts it)."""
    isbn: str | None = None
    """Its ISBN, as printed."""
    licence: str | None = None
    """The licence of the work's text (an SPDX identifier where there is one)."""
    note: str | None = None
    """Anything else a reader should know about the work (which copy, which revision)."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "key", o.key)
        need_text(problems, "title", o.title)
        need_texts(problems, "authors", o.authors)
        whole(problems, "year", o.year)
        return problems


@attrs.frozen(kw_only=True)
class DateRange:
    """A date or a range of dates, each end known to a :class:`Precision`.

    A single day is a range whose ``start`` equals its ``end`` (``DateRange(start=d)``
    gives one: the ``end`` defaults to the ``start``); "1904–1905" is the
    range 1904-01-01 to 1905-12-31 with year precision. ``text`` keeps the wording of
    the source; a date that cannot be typed keeps only its text.

    ``start_year`` and ``end_year`` are the years of the ends in astronomical numbering
    (1 BC is year 0, 490 BC is year −489, as in ISO 8601). They are filled in from
    ``start`` and ``end`` when those are given; a date before AD 1, which
    :class:`datetime.date` cannot hold, has only its years ("490 BC": ``start_year`` =
    ``end_year`` = −489, ``start`` = ``end`` = ``None``, year precision).

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    start: datetime.date | None = None
    """The first day of the range; ``None`` for a date known only by its words."""
    end: datetime.date | None = None
    """The last day of the range; left out (or ``None``) with a ``start``, the range is that one day."""
    precision: Precision = attrs.field(default=Precision.DAY, converter=_precision)
    """How precisely the ends are known: to the day, the month or the year."""
    text: str | None = None
    """The date in the words of the source ("7 July – 31 July 1905")."""
    start_year: int | None = None
    """The year of the start, astronomically numbered (1 BC is 0); from ``start`` when given.

    .. versionadded:: 0.1.0
    """
    end_year: int | None = None
    """The year of the end, astronomically numbered (1 BC is 0); from ``end`` when given.

    .. versionadded:: 0.1.0
    """

    def __attrs_post_init__(self) -> None:
        if self.end is None and is_date(self.start):
            object.__setattr__(self, "end", self.start)  # one day: DateRange(start=d)
        for field, day in (("start_year", self.start), ("end_year", self.end)):
            if getattr(self, field) is None and is_date(day) and is_date(self.start):
                object.__setattr__(self, field, day.year)  # type: ignore[union-attr]  # (derived)
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        if o.start is None and o.end is not None:
            problems.append(("start", "a range with an end needs its start"))
        if (o.start_year is None) != (o.end_year is None):
            problems.append(
                ("end_year" if o.end_year is None else "start_year", "start_year and end_year go together")
            )
        if o.start is None and o.end is None and o.start_year is None and o.text is None:
            problems.append(("text", "a date with no start and end needs its text"))
        for field, day in (("start_year", o.start), ("end_year", o.end)):
            year = getattr(o, field)
            if not whole(problems, field, year):
                continue
            if isinstance(day, datetime.date) and year != day.year:
                problems.append((field, f"{year} is not the year of {day.isoformat()}"))
            elif field == "start_year" and day is None and year >= 1:
                problems.append((field, f"a date from AD 1 on ({year}) has its start and end dates"))
        if o.start is None and o.start_year is not None and o.precision is not Precision.YEAR:
            problems.append(("precision", "a date before AD 1 is known to the year"))
        may_text(problems, "text", o.text)
        _date_order(o.start, o.end, problems)
        years_whole = whole([], "start_year", o.start_year) and whole([], "end_year", o.end_year)
        if o.start is None and years_whole and o.end_year < o.start_year:
            problems.append(("end_year", f"{o.end_year} is before the start {o.start_year}"))
        return problems

    @classmethod
    def day(cls, value: datetime.date, *, text: str | None = None) -> DateRange:
        """The range of one day."""
        return cls(start=value, end=value, precision=Precision.DAY, text=text)

    @classmethod
    def years(cls, first: int, last: int, *, text: str | None = None) -> DateRange:
        """The range from the start of year ``first`` to the end of year ``last``.

        Examples:
            >>> war = DateRange.years(1904, 1905, text="1904–1905")
            >>> war.start, war.end, str(war.precision)
            (datetime.date(1904, 1, 1), datetime.date(1905, 12, 31), 'year')

        """
        return cls(
            start=datetime.date(first, 1, 1),
            end=datetime.date(last, 12, 31),
            precision=Precision.YEAR,
            text=text,
        )


@attrs.frozen(kw_only=True)
class Quantity:
    """A number as a source states it: exact, approximate, a range, or only words.

    ``value`` is the figure (the low end of a range), ``high`` the high end of a
    range, ``unit`` what is counted ("men", "ships"), and ``text`` the words it was
    stated in ("7280 men").

    Examples:
        >>> garrison = Quantity(value=7280, qualifier=Qualifier.NOMINAL, unit="men", text="7280 men")
        >>> garrison.value, str(garrison.qualifier), garrison.is_range
        (7280, 'nominal', False)
        >>> Quantity(value=-5)
        Traceback (most recent call last):
        sakhalin._errors.ValidationError: Quantity.value: a count cannot be negative (got -5)

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    value: int | None = None
    """The figure, or the low end of a range; ``None`` for a quantity with no figure."""
    high: int | None = None
    """The high end of a range; ``None`` when the quantity is not a range."""
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=_qualifier)
    """How the source states the figure (exact, approximate, nominal, ...)."""
    unit: str | None = None
    """What is counted ("men", "ships"), if the source says."""
    text: str | None = None
    """The words the quantity was stated in ("7280 men")."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        value, high = o.value, o.high
        value_whole = whole(problems, "value", value)
        high_whole = whole(problems, "high", high)
        if value_whole and value < 0:
            problems.append(("value", f"a count cannot be negative (got {value})"))
        if high_whole and high < 0:
            problems.append(("high", f"a count cannot be negative (got {high})"))
        if high is not None:
            if value is None:
                problems.append(("value", "a range needs its low end"))
            elif high_whole and value_whole and high < value:
                problems.append(("high", f"{high} is below the low end {value}"))
        if o.qualifier is UNCHECKED:
            pass  # its own problem is reported; what it would require of the figure is unknown
        elif o.qualifier in WITHOUT_FIGURE:
            if o.value is not None:
                problems.append(("value", f"{article(str(o.qualifier))} quantity has no figure"))
            if o.qualifier == Qualifier.QUALITATIVE and o.text is None:
                problems.append(("text", "a qualitative quantity needs its words"))
        elif o.value is None:
            problems.append(("value", f"{article(str(o.qualifier))} quantity needs a figure"))
        may_text(problems, "unit", o.unit)
        may_text(problems, "text", o.text)
        return problems

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range ("1,200–1,500")."""
        return self.high is not None


@attrs.frozen(kw_only=True)
class Casualty:
    """One kind of loss and its quantity.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    kind: CasualtyKind = attrs.field(converter=_casualty_kind)
    """What kind of loss it counts (killed, wounded, captured, ...)."""
    quantity: Quantity
    """How many, as the source states it."""
    label: str | None = None
    """The source's word for the kind ("dead", "prisoners", "ships sunk")."""
    combines: tuple[CasualtyKind, ...] = ()
    """For a :attr:`CasualtyKind.COMBINED` figure, the kinds it counts together
    ("killed or wounded": killed, wounded); empty for any other kind.

    .. versionadded:: 0.1.0
    """
    group: str | None = None
    """The heading the figure stands under in the source ("France", "Navy"), if any.

    .. versionadded:: 0.1.0
    """

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        may_text(problems, "label", o.label)
        may_text(problems, "group", o.group)
        combines = o.combines if isinstance(o.combines, tuple) else ()
        if o.kind == CasualtyKind.COMBINED and len(combines) < 2:
            problems.append(("combines", "a combined figure names the two or more kinds it counts"))
        if o.kind != CasualtyKind.COMBINED and combines:
            problems.append(("combines", f"only a combined figure combines kinds (this one is {o.kind})"))
        for i, kind in enumerate(combines):
            if kind in (CasualtyKind.COMBINED, CasualtyKind.TOTAL, CasualtyKind.MATERIEL):
                problems.append(
                    (f"combines[{i}]", f"a combined figure counts kinds of loss of people, not {kind}")
                )
        return problems


@attrs.frozen(kw_only=True)
class Casualties:
    """A side's losses, broken down by kind, keeping the words they were stated in.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    text: str
    """The losses as the source states them ("181 dead and 3,270 prisoners")."""
    items: tuple[Casualty, ...] = attrs.field(default=(), converter=_casualty_items)
    """The losses broken down by kind, in the order the source gives them."""
    citation: Citation | None = None
    """Where the losses are stated, when not the battle's infobox."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "text", o.text)
        return problems

    def of_kind(self, kind: CasualtyKind) -> tuple[Casualty, ...]:
        """The items of one kind."""
        return tuple(item for item in self.items if item.kind is kind)


@attrs.frozen(kw_only=True)
class Person:
    """A person: a commander, or anyone else the battle's story names.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The name as the source writes it."""
    rank: str | None = None
    """Rank or title ("General", "President")."""
    full_name: str | None = None
    """The full name, when the source gives one beside a shorter form."""
    alt_names: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Other spellings and readings of the name."""
    role: str | None = None
    """What the person did in this story, in a few words."""
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_citations)
    """Where the person is named, the first one being where the main facts stand."""
    fate: Fate | None = None
    """What became of the person in the battle, where the source marks it ("†": killed).

    .. versionadded:: 0.1.0
    """

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        for field in ("rank", "full_name", "role"):
            may_text(problems, field, getattr(o, field))
        need_texts(problems, "alt_names", o.alt_names)
        return problems

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the person goes by: the name, the full name, the variants."""
        seen = dict.fromkeys([self.name, *([self.full_name] if self.full_name else []), *self.alt_names])
        return tuple(seen)


@attrs.frozen(kw_only=True)
class Belligerent:
    """A party to the battle: a state, an army or another organisation.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The name as the source writes it ("Empire of Japan")."""
    kind: str = "state"
    """What it is: "state", "army", "navy", "militia", "organisation"."""
    flag: str | None = None
    """The country name that ``{{flag}}`` and ``{{flagicon}}`` know it by, if any."""
    alt_names: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Other names it goes by."""
    citation: Citation | None = None
    """Where it is named, when not the battle's infobox."""
    group: str | None = None
    """The heading it is listed under in the source ("Supported by", "Co-belligerents"), if any.

    .. versionadded:: 0.1.0
    """
    note: str | None = None
    """A note the source adds to it ("until 1620", "before 1776"), if any.

    .. versionadded:: 0.1.0
    """

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        need_text(problems, "kind", o.kind)
        may_text(problems, "flag", o.flag)
        may_text(problems, "group", o.group)
        may_text(problems, "note", o.note)
        need_texts(problems, "alt_names", o.alt_names)
        return problems


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation the story names (a headquarters, a navy, a government).

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The name as the source writes it."""
    alt_names: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Other names it goes by."""
    description: str | None = None
    """What it is, in a few words."""
    citation: Citation | None = None
    """Where it is named."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        need_texts(problems, "alt_names", o.alt_names)
        may_text(problems, "description", o.description)
        return problems


@attrs.frozen(kw_only=True)
class Coordinates:
    """Where on Earth: latitude and longitude in decimal degrees, with the form they were stated in.

    ``latitude`` is positive north of the equator, ``longitude`` positive east of Greenwich.
    ``text`` keeps the coordinates as the source shows them ("39°48′40″N 77°13′30″W");
    coordinates that cannot be read as numbers keep only their text.

    Examples:
        >>> Coordinates(latitude=39.811, longitude=-77.225, text="39.811°N 77.225°W").latitude
        39.811

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    latitude: float | None = None
    """Degrees north (negative: south), from −90 to 90; ``None`` when only the text is known."""
    longitude: float | None = None
    """Degrees east (negative: west), from −180 to 180; ``None`` when only the text is known."""
    text: str | None = None
    """The coordinates as the source states them."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        for field, bound in (("latitude", 90), ("longitude", 180)):
            value = getattr(o, field)
            if isinstance(value, int | float) and not -bound <= value <= bound:  # (a wrong type: UNCHECKED)
                problems.append((field, f"must be from -{bound} to {bound} degrees (got {value})"))
        if (o.latitude is None) != (o.longitude is None):
            problems.append(
                ("longitude" if o.longitude is None else "latitude", "latitude and longitude go together")
            )
        if o.latitude is None and o.longitude is None and o.text is None:
            problems.append(("text", "coordinates without numbers need their text"))
        may_text(problems, "text", o.text)
        return problems

    def __str__(self) -> str:
        """The coordinates as stated, or in decimal degrees ("39.811°N 77.225°W")."""
        if self.text is not None or self.latitude is None or self.longitude is None:
            return self.text or ""
        lat, lon = self.latitude, self.longitude
        return f"{abs(lat):g}°{'N' if lat >= 0 else 'S'} {abs(lon):g}°{'E' if lon >= 0 else 'W'}"


@attrs.frozen(kw_only=True)
class Place:
    """A place, with other names it goes by.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The name as the source writes it."""
    alt_names: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Other names it goes by (other languages, older names)."""
    description: str | None = None
    """What and where it is, in a few words."""
    citation: Citation | None = None
    """Where it is named."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        need_texts(problems, "alt_names", o.alt_names)
        may_text(problems, "description", o.description)
        return problems


@attrs.frozen(kw_only=True, repr=False)
class Side:
    """One side of the battle: its belligerents, leaders, forces and losses.

    Its ``repr`` is one short line: the side's name and how many commanders it lists.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    belligerents: tuple[Belligerent, ...] = attrs.field(converter=_belligerents)
    """The parties on this side: at least one."""
    commanders: tuple[Person, ...] = attrs.field(default=(), converter=_people)
    """Its commanders and leaders, in the order the source lists them."""
    units: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """The units involved, as the source names them."""
    strength: tuple[Quantity, ...] = attrs.field(default=(), converter=_quantities)
    """Its strength: one quantity, or several (of men, ships, guns, ...)."""
    casualties: Casualties | None = None
    """Its losses, if the source states them."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        if o.belligerents == ():
            problems.append(("belligerents", "a side needs at least one belligerent"))
        need_texts(problems, "units", o.units)
        return problems

    @property
    def name(self) -> str:
        """The side's name: its belligerents' names joined."""
        return " / ".join(b.name for b in self.belligerents)

    def __repr__(self) -> str:
        count = len(self.commanders)
        return f"<Side {show(self.name)}, {count} commander{'' if count == 1 else 's'}>"


@attrs.frozen(kw_only=True)
class LocalName:
    """The battle's name in another language.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    lang: str
    """A BCP 47 language tag ("ja", "ru")."""
    name: str
    """The name in its own script."""
    romanisation: str | None = None
    """The name in Latin letters, if the source gives it."""
    citation: Citation | None = None
    """Where the name is given."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "lang", o.lang)
        need_text(problems, "name", o.name)
        may_text(problems, "romanisation", o.romanisation)
        return problems


@attrs.frozen(kw_only=True)
class War:
    """The war a battle is part of.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The war's name."""
    date: DateRange | None = None
    """When the war was fought, if the source says."""
    citation: Citation | None = None
    """Where the battle is said to be part of it."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        return problems


@attrs.frozen(kw_only=True)
class Event:
    """A dated happening in the battle's story, in this project's words.

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    date: DateRange
    """When it happened, as precisely as the source says."""
    summary: str
    """What happened, in this project's words."""
    participants: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Names of the people and organisations involved."""
    citation: Citation | None = None
    """Where it is told."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "summary", o.summary)
        need_texts(problems, "participants", o.participants)
        return problems


@attrs.frozen(kw_only=True)
class Statement:
    """One fact about a subject, in this project's words, with a typed value where it has one.

    ``quantity`` holds a figure the fact states ("an estimated 30,000 inhabitants");
    ``date`` the time it holds for ("by 1904").

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    subject: str
    """What the fact is about: a name (of the battle, a side, a person, a place)."""
    attribute: str
    """What the fact says about it ("significance", "population")."""
    text: str
    """The fact, in this project's words."""
    quantity: Quantity | None = None
    """A figure the fact states, typed."""
    date: DateRange | None = None
    """The time the fact holds for, typed."""
    citation: Citation | None = None
    """Where the fact stands."""

    def __attrs_post_init__(self) -> None:
        validate(self)

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "subject", o.subject)
        need_text(problems, "attribute", o.attribute)
        need_text(problems, "text", o.text)
        return problems


@attrs.frozen(kw_only=True, repr=False)
class Battle:
    """A battle: everything ``{{Infobox military conflict}}`` can say, and the story around it.

    ``sides`` holds two or more sides; ``joint_casualties`` is the losses row shared by all
    sides (the infobox's casualties row numbered one past the last side).
    ``infobox_citation`` says where the infobox-level fields stand; the facts table cites
    each of them by its row.

    Its ``repr`` is one short line, the name, the dates and the sides
    (``<Battle 'Invasion of Sakhalin', 1905-07-07/1905-07-31: 'Empire of Japan' vs 'Russian Empire'>``),
    and a notebook shows it as a summary table (``_repr_html_``).

    Raises:
        ValidationError: a field is missing, blank, of the wrong kind or out of range; the error
            names every bad field at once.

    .. versionadded:: 0.1.0

    """

    name: str
    """The battle's name, as the infobox titles it."""
    sides: tuple[Side, ...] = attrs.field(converter=_sides)
    """The sides, two or more, in the infobox's column order."""
    names: tuple[LocalName, ...] = attrs.field(default=(), converter=_local_names)
    """The battle's name in other languages."""
    alt_names: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    """Other names of the battle in its own language."""
    war: War | None = None
    """The war it is part of."""
    date: DateRange | None = None
    """When it was fought."""
    place: Place | None = None
    """Where it was fought."""
    coordinates: Coordinates | None = None
    """Where it was fought, as coordinates, if given."""
    result: str | None = None
    """Its result, in the source's words."""
    territory: str | None = None
    """Territorial changes it brought, in the source's words."""
    image: str | None = None
    """The image file name, without a ``File:`` prefix."""
    caption: str | None = None
    """The caption of the image."""
    joint_casualties: Casualties | None = None
    """The losses row shared by all sides, if any."""
    people: tuple[Person, ...] = attrs.field(default=(), converter=_people)
    """People the story names who are not a side's commanders."""
    organisations: tuple[Organisation, ...] = attrs.field(default=(), converter=_organisations)
    """Organisations the story names."""
    places: tuple[Place, ...] = attrs.field(default=(), converter=_places)
    """Places the story names besides the battle's own."""
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    """Dated happenings of the story, in chronological order: the battle sorts the events that
    have a typed start by (start, end), keeping the order given for equal dates; an event known
    only by its words keeps its place among them."""
    statements: tuple[Statement, ...] = attrs.field(default=(), converter=_statements)
    """Other facts, each about one subject, in this project's words."""
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    """The works the facts come from; citations name them by key."""
    infobox_citation: Citation | None = None
    """Where the infobox-level fields stand (the work whose infobox they come from)."""
    extra: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    """Infobox parameters the model has no field for, as ``(name, value)`` pairs; read from
    wikitext, a value is the parameter's raw wikitext, which the wikitext exporter writes back."""
    infobox_template: str | None = None
    """The infobox template's name as written where the battle was read from
    ("Infobox Military Conflict"); the wikitext exporter writes it back.

    .. versionadded:: 0.1.0
    """
    infobox_params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    """Every parameter of the infobox the battle was read from, as ``(name, raw wikitext)``
    pairs in source order, blank ones included. The wikitext exporter writes a raw value back
    unchanged while the field it was read into is unchanged (see ``infobox_digests``).

    .. versionadded:: 0.1.0
    """
    infobox_digests: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    """Fingerprints of the typed fields as they were read from the infobox, as
    ``(field, digest)`` pairs (``("sides[0].strength", "3f9a...")``); a field whose
    fingerprint no longer matches has been changed, and is written anew.

    .. versionadded:: 0.1.0
    """

    def __attrs_post_init__(self) -> None:
        validate(self)
        if len(self.events) > 1:
            object.__setattr__(self, "events", _chronological(self.events))

    @staticmethod
    def _check(o: Any) -> Problems:
        problems: Problems = []
        need_text(problems, "name", o.name)
        if isinstance(o.sides, tuple) and len(o.sides) < 2:
            problems.append(("sides", f"a battle needs two or more sides (got {len(o.sides)})"))
        need_texts(problems, "alt_names", o.alt_names)
        for field in ("result", "territory", "image", "caption", "infobox_template"):
            may_text(problems, field, getattr(o, field))
        seen: set[object] = set()
        for i, source in enumerate(o.sources if isinstance(o.sources, tuple) else ()):
            key = getattr(source, "key", None)
            if key in seen:
                problems.append((f"sources[{i}].key", f"{key!r} is used by an earlier source"))
            elif isinstance(key, str):
                seen.add(key)
        for i, (param, _) in enumerate(o.extra if isinstance(o.extra, tuple) else ()):
            if not param.strip():
                problems.append((f"extra[{i}]", "a parameter name must not be blank"))
        if not any(
            value is UNCHECKED
            for value in (o.sources, *(getattr(o, f) for f in cite_fields(Battle, Citation)))
        ):
            _undeclared_sources(o, problems)
        return problems

    @property
    def commanders(self) -> tuple[Person, ...]:
        """Every side's commanders, side by side."""
        return tuple(person for side in self.sides for person in side.commanders)

    def statements_about(self, subject: str | Person) -> tuple[Statement, ...]:
        """The statements whose subject is this name, or any name of this person."""
        names = set(subject.names) if isinstance(subject, Person) else {subject}
        return tuple(s for s in self.statements if s.subject in names)

    def source(self, key: str) -> Source:
        """The source with this key; ``KeyError`` if there is none."""
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(key)

    def __repr__(self) -> str:
        shown = [show(side.name, 40) for side in self.sides[:3]]
        if len(self.sides) > 3:
            shown.append(f"{len(self.sides) - 3} more")
        when = "" if self.date is None else f", {_when(self.date)}"
        return f"<Battle {show(self.name)}{when}: {' vs '.join(shown)}>"

    def _repr_html_(self) -> str:
        """A summary table for notebooks (Jupyter and others call this to show the battle)."""
        from sakhalin._summary import battle_html

        return battle_html(self)


def _when(date: DateRange) -> str:
    """A date range in a few characters: ISO 8601 (``1905-07-07/1905-07-31``), else its words."""
    if date.start is None or date.end is None:
        return show(date.text, 40)
    if date.start == date.end:
        return date.start.isoformat()
    return f"{date.start.isoformat()}/{date.end.isoformat()}"


def _chronological(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The events in date order; an event without a typed start stays where it was."""
    dated = [i for i, event in enumerate(events) if event.date.start is not None]
    order = sorted(dated, key=lambda i: (events[i].date.start, events[i].date.end))
    if order == dated:
        return events
    placed = list(events)
    for slot, i in zip(dated, order, strict=True):
        placed[slot] = events[i]
    return tuple(placed)


def _undeclared_sources(o: Any, problems: Problems) -> None:
    """A battle refuses a citation to a source it does not declare."""
    declared: set[object] = {source.key for source in o.sources if isinstance(source, Source)}
    bad = uncited_sources(o, Battle, Citation, declared)
    if not bad:
        return
    names = sorted(show(key, 30) for key in declared)
    known = (
        ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "") if names else "none"
    )
    for path, citation in bad:
        problems.append(
            (
                f"{path}.source",
                f"{show(citation.source)} is not the key of a source of the battle (known: {known})",
            )
        )
