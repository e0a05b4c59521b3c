"""Hypothesis strategies that build valid battles, shared by every round-trip test."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from hypothesis import strategies as st

import sakhalin as s

# Text a user could type: any unicode but surrogates and NUL, never blank.
text = st.builds(
    str.__add__,
    st.characters(codec="utf-8", exclude_categories=("Z", "Cc")),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=29),
)
counts = st.integers(min_value=0, max_value=2**53)
maybe_text = st.none() | text
dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


@st.composite
def date_ranges(draw: st.DrawFn) -> s.DateRange:
    if draw(st.booleans()):
        return s.DateRange(text=draw(text))
    if draw(st.integers(0, 4)) == 0:  # before AD 1: years only, astronomically numbered
        year = draw(st.integers(min_value=-9999, max_value=0))
        until = draw(st.integers(min_value=year, max_value=year + 50))
        return s.DateRange(start_year=year, end_year=until, precision=s.Precision.YEAR, text=draw(maybe_text))
    first, second = sorted([draw(dates), draw(dates)])
    return s.DateRange(
        start=first, end=second, precision=draw(st.sampled_from(s.Precision)), text=draw(maybe_text)
    )


@st.composite
def quantities(draw: st.DrawFn) -> s.Quantity:
    qualifier = draw(st.sampled_from(s.Qualifier))
    unit = draw(maybe_text)
    if qualifier is s.Qualifier.QUALITATIVE:
        return s.Quantity(qualifier=qualifier, text=draw(text), unit=unit)
    if qualifier is s.Qualifier.UNKNOWN:
        return s.Quantity(qualifier=qualifier, text=draw(maybe_text), unit=unit)
    low = draw(counts)
    high = draw(st.none() | st.integers(min_value=low, max_value=2**53))
    return s.Quantity(value=low, high=high, qualifier=qualifier, unit=unit, text=draw(maybe_text))


citation_objects = st.builds(
    s.Citation,
    source=text,
    infobox_row=maybe_text,
    section=maybe_text,
    paragraph=st.none() | st.integers(min_value=1, max_value=99),
    note=maybe_text,
)
citations = st.none() | citation_objects
_PEOPLE_KINDS = (
    s.CasualtyKind.KILLED,
    s.CasualtyKind.WOUNDED,
    s.CasualtyKind.CAPTURED,
    s.CasualtyKind.MISSING,
)


@st.composite
def casualty_items(draw: st.DrawFn) -> s.Casualty:
    kind = draw(st.sampled_from(s.CasualtyKind))
    combines: tuple[s.CasualtyKind, ...] = ()
    if kind is s.CasualtyKind.COMBINED:
        combines = tuple(draw(st.lists(st.sampled_from(_PEOPLE_KINDS), min_size=2, max_size=4, unique=True)))
    return s.Casualty(
        kind=kind,
        quantity=draw(quantities()),
        label=draw(maybe_text),
        combines=combines,
        group=draw(maybe_text),
    )


casualties = st.builds(
    s.Casualties,
    text=text,
    items=st.lists(casualty_items(), max_size=3).map(tuple),
    citation=citations,
)


def _degrees(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


@st.composite
def coordinates(draw: st.DrawFn) -> s.Coordinates:
    """Coordinates as the wikitext reader gives them: words, or numbers (to 1e-6) with their stated form."""
    if draw(st.booleans()):
        return s.Coordinates(text=draw(text))
    latitude = round(draw(st.floats(min_value=-90, max_value=90)), 6) + 0.0
    longitude = round(draw(st.floats(min_value=-180, max_value=180)), 6) + 0.0
    return s.Coordinates(
        latitude=latitude, longitude=longitude, text=f"{_degrees(latitude)} {_degrees(longitude)}"
    )


people = st.builds(
    s.Person,
    name=text,
    rank=maybe_text,
    full_name=maybe_text,
    alt_names=st.lists(text, max_size=2).map(tuple),
    role=maybe_text,
    citations=st.lists(citation_objects, max_size=2).map(tuple),
    fate=st.none() | st.sampled_from(s.Fate),
)
sides = st.builds(
    s.Side,
    belligerents=st.lists(
        st.builds(
            s.Belligerent,
            name=text,
            kind=text,
            flag=maybe_text,
            alt_names=st.lists(text, max_size=2).map(tuple),
            citation=citations,
            group=maybe_text,
            note=maybe_text,
        ),
        min_size=1,
        max_size=3,
    ).map(tuple),
    commanders=st.lists(people, max_size=3).map(tuple),
    units=st.lists(text, max_size=2).map(tuple),
    strength=st.lists(quantities(), max_size=2).map(tuple),
    casualties=st.none() | casualties,
)


@st.composite
def battles(draw: st.DrawFn, max_sides: int = 5, infobox: bool = False) -> s.Battle:
    """Valid battles; with ``infobox``, also raw infobox parameters and field fingerprints."""
    sources = draw(
        st.lists(
            st.builds(s.Source, key=text, title=text, year=st.none() | counts),
            max_size=3,
            unique_by=lambda x: x.key,
        )
    )
    parts = dict(
        name=draw(text),
        sides=tuple(draw(st.lists(sides, min_size=2, max_size=max_sides))),
        names=tuple(
            draw(
                st.lists(
                    st.builds(s.LocalName, lang=text, name=text, romanisation=maybe_text, citation=citations),
                    max_size=2,
                )
            )
        ),
        alt_names=tuple(draw(st.lists(text, max_size=2))),
        war=draw(st.none() | st.builds(s.War, name=text, date=st.none() | date_ranges(), citation=citations)),
        date=draw(st.none() | date_ranges()),
        place=draw(
            st.none() | st.builds(s.Place, name=text, alt_names=st.lists(text, max_size=2).map(tuple))
        ),
        coordinates=draw(st.none() | coordinates()),
        result=draw(maybe_text),
        territory=draw(maybe_text),
        image=draw(maybe_text),
        caption=draw(maybe_text),
        joint_casualties=draw(st.none() | casualties),
        people=tuple(draw(st.lists(people, max_size=2))),
        organisations=tuple(
            draw(st.lists(st.builds(s.Organisation, name=text, description=maybe_text), max_size=2))
        ),
        places=tuple(draw(st.lists(st.builds(s.Place, name=text, description=maybe_text), max_size=2))),
        events=tuple(
            draw(
                st.lists(
                    st.builds(
                        s.Event,
                        date=date_ranges(),
                        summary=text,
                        participants=st.lists(text, max_size=2).map(tuple),
                    ),
                    max_size=2,
                )
            )
        ),
        statements=tuple(
            draw(
                st.lists(
                    st.builds(
                        s.Statement,
                        subject=text,
                        attribute=text,
                        text=text,
                        quantity=st.none() | quantities(),
                        date=st.none() | date_ranges(),
                        citation=citations,
                    ),
                    max_size=3,
                )
            )
        ),
        infobox_citation=draw(citations),
        extra=tuple(draw(st.lists(st.tuples(text, st.text(max_size=20)), max_size=2))),
    )
    # A battle declares every source its citations name.
    declared = {source.key for source in sources}
    for key in dict.fromkeys(_cited_keys(parts)):
        if key not in declared:
            sources.append(s.Source(key=key, title=draw(text)))
    battle = s.Battle(**parts, sources=tuple(sources))  # type: ignore[arg-type]
    return draw(with_infobox(battle)) if infobox else battle


def _cited_keys(value: Any) -> list[str]:
    """The source keys of every citation in ``value`` (a model object, a tuple or a dict of them)."""
    if isinstance(value, s.Citation):
        return [value.source]
    if isinstance(value, tuple | list):
        return [key for item in value for key in _cited_keys(item)]
    if isinstance(value, dict):
        return _cited_keys(list(value.values()))
    if attrs.has(type(value)):
        return _cited_keys(list(attrs.asdict(value, recurse=False).values()))
    return []


# Raw parameter names and values as a page may hold them, hostile ones included.
_RAW_NAMES = st.sampled_from(["conflict", "result", "combatant1", "casualties3", "notes", "1", "x y"]) | text
_RAW_VALUES = st.sampled_from(
    ["", "[[A|B]]", "{{flag|X}}", "a|b", "}}", "{{", "<ref>a|b</ref>", "<!--", "x\n| y = z"]
) | st.text(max_size=20)


@st.composite
def with_infobox(draw: st.DrawFn, battle: s.Battle) -> s.Battle:
    """The battle with the infobox_* fields of one read from wikitext: template, raw parameters, digests."""
    keys = st.sampled_from(["name", "result", "sides[0].belligerents", "joint_casualties"]) | text
    return attrs.evolve(
        battle,
        infobox_template=draw(maybe_text),
        infobox_params=tuple(draw(st.lists(st.tuples(_RAW_NAMES, _RAW_VALUES), max_size=5))),
        infobox_digests=tuple(draw(st.lists(st.tuples(keys, st.text(max_size=20)), max_size=3))),
    )
