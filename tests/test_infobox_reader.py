"""The wikitext reader: real infoboxes read into typed battles, and written back losslessly."""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import mwparserfromhell
import pytest
import wikitextparser
from hypothesis import given
from hypothesis import strategies as st

import sakhalin as s
from sakhalin._countries import country_name
from sakhalin._wiki_parse import parse_casualty_items, parse_date, parse_quantity
from sakhalin._wiki_plain import plain_lines
from sakhalin._wiki_values import render_date, render_quantity, shown
from sakhalin.readers import READERS
from sakhalin.readers._wikitext import WikitextReader
from tests.conftest import SHARED
from tests.strategies import battles
from tests.test_wikitext import HOSTILE

CORPUS = SHARED / "corpus" / "infobox"
FILES = sorted(CORPUS.glob("*.wiki")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason=f"the infobox corpus is not at {CORPUS}")


def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return data


def ws(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def params_mw(wikitext: str) -> list[list[tuple[str, str]]]:
    code = mwparserfromhell.parse(wikitext)
    return [
        [(str(p.name).strip(), str(p.value).strip()) for p in t.params]
        for t in code.filter_templates(recursive=False)
    ]


def params_wtp(wikitext: str) -> list[list[tuple[str, str]]]:
    return [
        [(a.name.strip(), a.value.strip()) for a in t.arguments]
        for t in wikitextparser.parse(wikitext).templates
        if t.nesting_level == 1
    ]


def read_text(tmp_path: Path, wikitext: str, name: str = "page.wiki", **options: Any) -> list[s.Battle]:
    path = tmp_path / name
    path.write_text(wikitext, encoding="utf-8")
    return list(s.read(path, **options))


_SHORT_NAME_RE = re.compile(r"\{\{\s*(?:flagcountry|flagu)\s*\|([^|{}]+)", re.IGNORECASE)


def shown_names(raw: str, text: str | None) -> str | None:
    """expected.json's text with each {{flagcountry}}/{{flagu}} argument as the page shows it.

    expected.json writes these templates' first argument ("Kingdom of England"); the page (and
    the reader) shows the country data's short name ("England").
    """
    if text is None:
        return None
    for code in _SHORT_NAME_RE.findall(raw):
        text = re.sub(rf"(?<![\w-]){re.escape(code.strip())}(?![\w-])", country_name(code), text)
    return text


def stated_lines(battle: s.Battle, param: str) -> str | None:
    """The plain text lines of a parameter as the reader sees them, before any typing."""
    raw = dict(battle.infobox_params).get(param)
    if not raw:
        return None
    return "\n".join(text for text, _ in plain_lines(mwparserfromhell.parse(raw))) or None


def fields_of(battle: s.Battle) -> dict[str, str | None]:
    """The model's view of the infobox fields that expected.json describes, as text.

    Belligerents, commanders and strength are typed from their lines (headings, notes and
    roles become fields of their own), so their text is the reader's plain text of the value.
    """
    got: dict[str, str | None] = {
        "conflict": battle.name,
        "date": battle.date.text if battle.date else None,
        "place": battle.place.name if battle.place else None,
        "result": battle.result,
        "partof": stated_lines(battle, "partof"),  # (the war's name drops a leading "the")
        "territory": battle.territory,
    }
    for i, side in enumerate(battle.sides, 1):
        got[f"combatant{i}"] = stated_lines(battle, f"combatant{i}")
        got[f"commander{i}"] = stated_lines(battle, f"commander{i}")
        got[f"units{i}"] = "\n".join(side.units) or None
        got[f"strength{i}"] = stated_lines(battle, f"strength{i}")
        got[f"casualties{i}"] = side.casualties.text if side.casualties else None
    got[f"casualties{len(battle.sides) + 1}"] = (
        battle.joint_casualties.text if battle.joint_casualties else None
    )
    got["notes"] = dict(battle.extra).get("notes")
    return got


def test_registered_by_name_alias_and_extension() -> None:
    """The reader answers to wikitext, wiki, infobox, .wiki, .wikitext and .txt."""
    for key in ("wikitext", "wiki", "infobox"):
        assert READERS.get(key).cls is WikitextReader
    for name in ("a.wiki", "a.wikitext", "a.txt"):
        assert READERS.for_path(name).cls is WikitextReader


# ------------------------------------------------------------------------ the corpus


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_raw_parameters_match_exactly(path: Path) -> None:
    """Every corpus file keeps every parameter, in order, with its raw value byte for byte."""
    want = expected()[path.stem]
    battle = s.load(path)
    assert [name for name, _ in battle.infobox_params] == want["param_names"]
    assert dict(battle.infobox_params) == want["params_raw"]
    assert battle.infobox_template == want["template_name"]


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_fields_match_expected_text(path: Path) -> None:
    """Every main field's text matches expected.json, whitespace collapsed (approximate ones loosely)."""
    want = expected()[path.stem]
    got = fields_of(s.load(path))
    for field, spec in want["fields"].items():
        if field == "notes":
            assert got["notes"] == (spec["raw"] if spec and spec["raw"] else None)
            continue
        text = spec["text"] if spec else None
        if field in want.get("approximate_fields", ()):
            for number in re.findall(r"[0-9][0-9,]*", text or ""):
                assert number in (got[field] or ""), (field, number)
            continue
        assert ws(got.get(field)) == ws(shown_names(want["params_raw"].get(field, ""), text)), field
        if spec and spec["text"]:
            items = [shown_names(spec["raw"], x) for x in spec["items"]]
            assert [ws(x) for x in (got[field] or "").split("\n")] == [ws(x) for x in items]


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_write_back_is_lossless(path: Path, tmp_path: Path) -> None:
    """Written back, a corpus battle has (for both parsers) its parameters, in order, with their values."""
    battle = s.load(path)
    out = s.write(battle, tmp_path / path.name).read_text(encoding="utf-8")
    want = [(name, raw) for name, raw in battle.infobox_params]
    assert params_mw(out) == [want]
    assert params_wtp(out) == [want]
    (original,) = [
        t
        for t in mwparserfromhell.parse(path.read_text(encoding="utf-8")).filter_templates()
        if str(t.name).strip().lower() == "infobox military conflict"
    ]
    assert [(str(p.name).strip(), str(p.value).strip()) for p in original.params] == want
    assert s.load(tmp_path / path.name) == battle


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_one_changed_field_changes_only_its_parameter(path: Path) -> None:
    """Changing the result (and the first side's strength) rewrites only those parameters."""
    battle = s.load(path)
    first, *rest = battle.sides
    edited = attrs.evolve(
        battle,
        result="Edited | result",
        sides=(attrs.evolve(first, strength=(s.Quantity(value=1234),)), *rest),
    )
    (before,) = params_mw(str(s.export(battle, "wiki")))
    (after,) = params_mw(str(s.export(edited, "wiki")))
    changed = {name for (name, value) in after if (name, value) not in before}
    assert changed == {"result", "strength1"}
    assert dict(after)["result"] == "Edited {{!}} result"
    assert dict(after)["strength1"] == "1,234"
    kept = [p for p in before if p[0] not in ("result", "strength1")]
    assert [p for p in after if p[0] not in ("result", "strength1")] == kept
    assert [name for name, _ in after] == [name for name, _ in before] or "result" not in dict(before)


@needs_corpus
def test_corpus_typed_values() -> None:
    """Corpus values are typed where the wording allows it, and kept as text where it does not."""
    gettysburg = s.load(CORPUS / "battle-of-gettysburg.wiki")
    assert gettysburg.date == s.DateRange(
        start=datetime.date(1863, 7, 1), end=datetime.date(1863, 7, 3), text="July 1–3, 1863"
    )
    union, confederacy = gettysburg.sides
    assert union.strength[0].value == 104256
    assert confederacy.strength[0] == s.Quantity(
        value=71000, high=75000, qualifier=s.Qualifier.ESTIMATED, text="71,000–75,000 (estimated)"
    )
    assert union.belligerents[0].flag == "USA"
    assert gettysburg.extra == (
        ("no-location-property", "yes"),
        ("campaignbox", "{{Campaignbox Gettysburg Campaign}}"),
    )
    marathon = s.load(CORPUS / "battle-of-marathon.wiki")
    assert marathon.date is not None and marathon.date.start is None
    assert marathon.date.text == "August/September (Metageitnion), 490 BC"
    thirty = s.load(CORPUS / "thirty-years-war.wiki")
    assert len(thirty.sides) == 2
    assert thirty.joint_casualties is not None
    assert thirty.joint_casualties.text == "Total: 8,000,000 dead"
    assert thirty.sides[1].strength[1].qualifier is s.Qualifier.AT_MOST
    amorgos = s.load(CORPUS / "battle-of-amorgos.wiki")
    assert [side.casualties for side in amorgos.sides] == [None, None]
    massilia = s.load(CORPUS / "siege-of-massilia.wiki")
    assert all(name != "1" for name, _ in massilia.extra)
    neuland = s.load(CORPUS / "operation-neuland.wiki")
    assert [(b.name, b.flag) for b in neuland.sides[0].belligerents] == [
        ("Germany", "Nazi Germany"),
        ("Kingdom of Italy", "Italy"),
    ]
    alexandria = s.load(CORPUS / "siege-of-alexandria-47bc.wiki")
    assert ("casus", "") in alexandria.infobox_params
    assert alexandria.extra == ()  # blank parameters count as absent


# ---------------------------------------------------------------- finding the infobox

SNIPPET = """| conflict = Battle of Nowhere
| date = 7–31 July 1905
| combatant1 = {{flag|Empire of Japan}}
| combatant2 = {{flagicon|Russian Empire}} [[Russian Empire|Russia]]
| commander1 = [[Haraguchi Kensai]]<br />[[Kataoka Shichirō]]
| commander2 =
| strength1 = c. 14,000
| casualties1 = 4,380 killed
| casualties2 = 5,917 captured
| casualties3 = 300 civilians killed
| module = {{Infobox military conflict|conflict=Inner|combatant1=A|combatant2=B}}
| custom_param = kept
}}"""


@pytest.mark.parametrize(
    "opening",
    [
        "{{Infobox military conflict",
        "{{infobox military conflict",
        "{{Infobox Military Conflict",
        "{{Infobox_military_conflict",
        "{{Template:Infobox military conflict",
        "{{ template:infobox  military_conflict <!-- c -->",
        "{{Infobox battle",
        "{{Warbox",
    ],
)
def test_infobox_found_whatever_its_spelling(tmp_path: Path, opening: str) -> None:
    """The infobox is found under any spelling, among comments and other templates."""
    page = f"<!-- lead -->\n{{{{Short description|A battle}}}}\n{{{{Use dmy dates}}}}\n{opening}\n{SNIPPET}\n"
    page += "'''Battle of Nowhere''' was a battle.\n{{Campaignbox Russo-Japanese War}}\n"
    (battle,) = read_text(tmp_path, page)
    assert battle.name == "Battle of Nowhere"
    japan, russia = battle.sides
    assert [(b.name, b.flag) for b in japan.belligerents] == [("Empire of Japan", "Empire of Japan")]
    assert [(b.name, b.flag) for b in russia.belligerents] == [("Russia", "Russian Empire")]
    assert [p.name for p in japan.commanders] == ["Haraguchi Kensai", "Kataoka Shichirō"]
    assert russia.commanders == ()
    assert japan.strength == (s.Quantity(value=14000, qualifier=s.Qualifier.APPROXIMATE, text="c. 14,000"),)
    assert japan.casualties is not None
    assert [(i.kind, i.quantity.value) for i in japan.casualties.items] == [(s.CasualtyKind.KILLED, 4380)]
    assert russia.casualties is not None
    assert [(i.kind, i.quantity.value) for i in russia.casualties.items] == [(s.CasualtyKind.CAPTURED, 5917)]
    assert battle.joint_casualties is not None and battle.joint_casualties.text == "300 civilians killed"
    assert dict(battle.extra)["custom_param"] == "kept"
    assert dict(battle.extra)["module"].startswith("{{Infobox military conflict|conflict=Inner")


def test_several_infoboxes_are_several_battles(tmp_path: Path) -> None:
    """Each infobox of a page is one battle, in page order."""
    one = "{{Infobox military conflict|conflict=One|combatant1=A|combatant2=B}}"
    two = "{{Infobox military conflict|conflict=Two|combatant1=C|combatant2=D}}"
    battles = read_text(tmp_path, f"{one}\ntext\n{two}\n")
    assert [b.name for b in battles] == ["One", "Two"]
    wrapped = f"<div>{one}</div>\n{{{{Stack|{two}}}}}\n[[File:x.png|thumb|{one}]]"
    assert [b.name for b in read_text(tmp_path, wrapped)] == ["One", "Two", "One"]


def test_third_side_and_numbered_families(tmp_path: Path) -> None:
    """combatant3 makes a third side; combatant1a adds a belligerent; casualties4 is then the joint row."""
    page = (
        "{{Infobox military conflict|conflict=X|combatant1=A|combatant1a=A2|combatant2=B|combatant3=C"
        "|casualties3=3 killed|casualties4=10 civilians killed}}"
    )
    (battle,) = read_text(tmp_path, page)
    assert [side.name for side in battle.sides] == ["A / A2", "B", "C"]
    assert battle.sides[2].casualties is not None and battle.sides[2].casualties.text == "3 killed"
    assert battle.joint_casualties is not None and battle.joint_casualties.text == "10 civilians killed"


# --------------------------------------------------------------------- typed values


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("7–31 July 1905", (1905, 7, 7), (1905, 7, 31), s.Precision.DAY),
        ("7 July – 31 July 1905", (1905, 7, 7), (1905, 7, 31), s.Precision.DAY),
        ("July 1–3, 1863", (1863, 7, 1), (1863, 7, 3), s.Precision.DAY),
        ("23 May 1618 – 15 May 1648", (1618, 5, 23), (1648, 5, 15), s.Precision.DAY),
        ("7 November 1808", (1808, 11, 7), (1808, 11, 7), s.Precision.DAY),
        ("July 1905", (1905, 7, 1), (1905, 7, 31), s.Precision.MONTH),
        ("February – March 1904", (1904, 2, 1), (1904, 3, 31), s.Precision.MONTH),
        ("1904–1905", (1904, 1, 1), (1905, 12, 31), s.Precision.YEAR),
        ("1905", (1905, 1, 1), (1905, 12, 31), s.Precision.YEAR),
        ("late 1905", (1905, 1, 1), (1905, 12, 31), s.Precision.YEAR),
        ("c. 1500", (1500, 1, 1), (1500, 12, 31), s.Precision.YEAR),
        ("March, 623 CE, 1 AH", (623, 3, 1), (623, 3, 31), s.Precision.MONTH),
        ("AD 9", (9, 1, 1), (9, 12, 31), s.Precision.YEAR),
        ("16 February - late March 1942", (1942, 2, 16), (1942, 3, 31), s.Precision.MONTH),
        ("23 May 1618 – 15 May 1648\n(29 years)", (1618, 5, 23), (1648, 5, 15), s.Precision.DAY),
        ("7 July 1905 (O.S. 24 June)", (1905, 7, 7), (1905, 7, 7), s.Precision.DAY),
        ("15 July/August 717 - 15 August 718", (717, 1, 1), (718, 12, 31), s.Precision.YEAR),
    ],
)
def test_dates_are_typed(
    text: str, start: tuple[int, int, int], end: tuple[int, int, int], precision: s.Precision
) -> None:
    """Plain dates and ranges are parsed into a DateRange keeping their wording."""
    assert parse_date(text) == s.DateRange(
        start=datetime.date(*start), end=datetime.date(*end), precision=precision, text=text
    )


@pytest.mark.parametrize("text", ["5th-century-562", "30 February 1905", "sometime", "46–47 BC", "0 BC"])
def test_dates_that_cannot_be_typed_keep_their_text(text: str) -> None:
    """Impossible days, backward ranges, alternatives and words keep only their text."""
    assert parse_date(text) == s.DateRange(text=text)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("490 BC", -489, -489),
        ("c. 480 BC", -479, -479),
        ("47 BC – 46 BC", -46, -45),
        ("47–46 BC", -46, -45),
        ("April 19-September 6, 49 BC", -48, -48),
        ("Late 48 BC - early or mid 47 BC", -47, -46),
        ("May or June 322 BC", -321, -321),
        ("1 BC", 0, 0),
        ("27 BC – AD 14", -26, 14),
    ],
)
def test_dates_before_ad_1_have_their_years(text: str, first: int, last: int) -> None:
    """A date before AD 1 is typed to the year, astronomically numbered (1 BC is 0), keeping its words."""
    assert parse_date(text) == s.DateRange(
        start_year=first, end_year=last, precision=s.Precision.YEAR, text=text
    )


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier", "unit"),
    [
        ("14,000", 14000, None, s.Qualifier.EXACT, None),
        ("c. 281,000", 281000, None, s.Qualifier.APPROXIMATE, None),
        ("~300", 300, None, s.Qualifier.APPROXIMATE, None),
        ("1,200–1,500", 1200, 1500, s.Qualifier.EXACT, None),
        ("4,380 killed", 4380, None, s.Qualifier.EXACT, "killed"),
        ("5,917 captured", 5917, None, s.Qualifier.EXACT, "captured"),
        ("7280 men", 7280, None, s.Qualifier.EXACT, "men"),
        ("100,000+ armed oarsmen", 100000, None, s.Qualifier.AT_LEAST, "armed oarsmen"),
        ("Over 150,000 Imperial (1635)", 150000, None, s.Qualifier.AT_LEAST, "Imperial"),
        ("Up to 300,000 Spanish", 300000, None, s.Qualifier.AT_MOST, "Spanish"),
        ("71,000–75,000 (estimated)", 71000, 75000, s.Qualifier.ESTIMATED, None),
        ("Unknown", None, None, s.Qualifier.UNKNOWN, None),
        ("Minimal", None, None, s.Qualifier.QUALITATIVE, None),
        ("25,000 infantry and 1,000 cavalry", None, None, s.Qualifier.QUALITATIVE, None),
    ],
)
def test_figures_are_typed(
    text: str, value: int | None, high: int | None, qualifier: s.Qualifier, unit: str | None
) -> None:
    """Figures become quantities with their qualifier, range and unit; words stay words."""
    assert parse_quantity(text) == s.Quantity(
        value=value, high=high, qualifier=qualifier, unit=unit, text=text
    )


def test_casualty_items_are_typed() -> None:
    """A casualties text is broken into kinds without losing the text."""
    items = parse_casualty_items("181 dead and 3,270 prisoners")
    assert [(i.kind, i.quantity.value, i.label) for i in items] == [
        (s.CasualtyKind.KILLED, 181, "dead"),
        (s.CasualtyKind.CAPTURED, 3270, "prisoners"),
    ]
    (minimal,) = parse_casualty_items("Minimal")
    assert minimal.kind is s.CasualtyKind.TOTAL and minimal.quantity.qualifier is s.Qualifier.QUALITATIVE


# ----------------------------------------------------------------------- bad input


def one_line_read_error(tmp_path: Path, wikitext: str, **options: Any) -> str:
    with pytest.raises(s.ReadError) as info:
        read_text(tmp_path, wikitext, **options)
    message = str(info.value)
    assert "\n" not in message and "page.wiki" in message
    return message


def test_no_infobox_is_a_read_error(tmp_path: Path) -> None:
    """A page without the infobox is a one-line error naming the file."""
    assert "no {{Infobox military conflict}}" in one_line_read_error(tmp_path, "{{Infobox person|name=X}}")


def test_missing_conflict_is_read_and_not_written(tmp_path: Path) -> None:
    """An infobox without its conflict (the wiki shows the page's title) is still read; name= stands in."""
    (battle,) = read_text(tmp_path, "\n\n{{Infobox military conflict|conflict=|combatant1=A}}")
    assert battle.name == "(not named)"
    (params,) = params_mw(str(s.export(battle, "wiki")))
    assert params == [("conflict", ""), ("combatant1", "A")]
    (named,) = read_text(tmp_path, "{{Infobox military conflict|name=Operation X|combatant1=A}}")
    assert named.name == "Operation X"
    assert dict(named.extra) == {"name": "Operation X"}


def test_thousands_of_nested_templates_are_refused(tmp_path: Path) -> None:
    """Templates nested thousands deep are refused with the line, not parsed."""
    page = "{{Infobox military conflict|conflict=X|notes=\n" + "{{a|" * 5000 + "}}" * 5000 + "}}"
    message = one_line_read_error(tmp_path, page)
    assert "line 2" in message and "nested more than 40 deep" in message
    (battle,) = read_text(tmp_path, "{{Infobox military conflict|conflict=X|notes={{a|{{b}}}}}}", max_depth=3)
    assert battle.extra == (("notes", "{{a|{{b}}}}"),)
    one_line_read_error(tmp_path, "{{Infobox military conflict|conflict=X|notes={{a|{{b}}}}}}", max_depth=2)


def test_max_chars_is_a_limit(tmp_path: Path) -> None:
    """Input longer than max_chars is refused with a one-line error saying how to raise it."""
    page = "{{Infobox military conflict|conflict=X}}" + " " * 100
    assert "max_chars" in one_line_read_error(tmp_path, page, max_chars=50)
    assert read_text(tmp_path, page, max_chars=1000)[0].name == "X"
    with pytest.raises(s.OptionError):
        read_text(tmp_path, page, max_chars=0)


def test_missing_parser_is_a_missing_dependency_error(tmp_path: Path) -> None:
    """Without mwparserfromhell, reading names the extra to install."""
    path = tmp_path / "page.wiki"
    path.write_text("{{Infobox military conflict|conflict=X}}", encoding="utf-8")
    script = (
        "import sys\nsys.modules['mwparserfromhell'] = None\nimport sakhalin\n"
        f"try:\n    sakhalin.load({str(path)!r})\n"
        "except sakhalin.MissingDependencyError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "pip install mwparserfromhell (sakhalin's wikitext extra)" in done.stdout


# --------------------------------------------------------------------- round trips


def sh(text: Any) -> Any:
    """What a wiki shows for a text (the exporter's documented replacements); anything else as is."""
    if isinstance(text, s.Coordinates) and text.text is not None:
        return attrs.evolve(text, text=shown(text.text))
    return shown(text) if isinstance(text, str) else text


def assert_infobox_fields_kept(battle: s.Battle, read: s.Battle) -> None:
    """The infobox-level fields survive write then read (dates and figures as their wording)."""
    assert read.name == sh(battle.name)
    for field in ("result", "territory", "caption", "coordinates"):
        assert getattr(read, field) == sh(getattr(battle, field)), field
    if battle.image is None or not re.match(r"\s*:?\s*(file|image)\s*:", battle.image, re.IGNORECASE):
        assert read.image == sh(battle.image)
    assert (read.war.name if read.war else None) == (sh(battle.war.name) if battle.war else None)
    assert (read.place.name if read.place else None) == (sh(battle.place.name) if battle.place else None)
    assert (read.date and read.date.text) == (battle.date and shown(render_date(battle.date)))
    assert len(read.sides) == len(battle.sides)
    for got, want in zip(read.sides, battle.sides, strict=True):
        wanted = [(sh(b.name), sh(b.flag)) for b in want.belligerents]
        assert [(b.name, b.flag) for b in got.belligerents] == wanted
        assert [p.name for p in got.commanders] == [sh(p.name) for p in want.commanders]
        assert got.units == tuple(shown(unit) for unit in want.units)
        assert [q.text for q in got.strength] == [shown(render_quantity(q)) for q in want.strength]
        assert (got.casualties and got.casualties.text) == (want.casualties and shown(want.casualties.text))
    assert (read.joint_casualties and read.joint_casualties.text) == (
        battle.joint_casualties and shown(battle.joint_casualties.text)
    )


def test_embedded_battle_round_trip(battle: s.Battle, tmp_path: Path) -> None:
    """load(write(b, 'x.wiki')) keeps the embedded battle's infobox-level fields, typed."""
    read = s.load(s.write(battle, tmp_path / "x.wiki"))
    assert_infobox_fields_kept(battle, read)
    assert read.date == battle.date
    assert read.sides[0].strength == battle.sides[0].strength
    assert read.sides[1].casualties is not None and battle.sides[1].casualties is not None
    assert read.sides[1].casualties.items == battle.sides[1].casualties.items


@given(battles())
def test_hypothesis_round_trip(battle: s.Battle) -> None:
    """Any battle written as wikitext and read back keeps its infobox-level fields."""
    out = s.export(battle, "wiki")
    assert isinstance(out, str)
    (read,) = WikitextReader().read(io.StringIO(out), "x.wiki")
    assert_infobox_fields_kept(battle, read)


@given(battles(max_sides=3), st.sampled_from(HOSTILE[:-1]), st.sampled_from(HOSTILE[:-1]))
def test_hypothesis_hostile_round_trip(battle: s.Battle, a: str, b: str) -> None:
    """Hostile strings in any infobox field read back exactly as written."""
    first, *rest = battle.sides
    first = attrs.evolve(
        first,
        belligerents=(s.Belligerent(name=a, flag=b), s.Belligerent(name=b)),
        commanders=(s.Person(name=a),),
        units=(b,),
        strength=(s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=a),),
        casualties=s.Casualties(text=b),
    )
    edited = attrs.evolve(battle, name=a, result=b, caption=a, territory=b, sides=(first, *rest))
    (read,) = WikitextReader().read(io.StringIO(str(s.export(edited, "wiki"))), "x.wiki")
    assert_infobox_fields_kept(edited, read)
    again = s.export(read, "wiki")
    assert again == s.export(edited, "wiki")


@needs_corpus
def test_new_field_goes_where_the_documentation_puts_it() -> None:
    """A field the page did not have is inserted at its documented place; removing one drops its parameter."""
    battle = s.load(CORPUS / "battle-of-gettysburg.wiki")
    (params,) = params_mw(str(s.export(attrs.evolve(battle, territory="None changed"), "wiki")))
    names = [name for name, _ in params]
    assert names[names.index("coordinates") + 1] == "territory"
    assert dict(params)["territory"] == "None changed"
    (params,) = params_mw(str(s.export(attrs.evolve(battle, caption=None), "wiki")))
    assert [name for name, _ in params] == [name for name, _ in battle.infobox_params if name != "caption"]


def test_blank_names_and_duplicates(tmp_path: Path) -> None:
    """A blank-named parameter is kept raw but not as an extra; of two same-named ones the last counts."""
    (battle,) = read_text(
        tmp_path, "{{Infobox military conflict| = stray |conflict=First|conflict=Second|combatant1=A}}"
    )
    assert battle.name == "Second"
    assert battle.extra == ()
    assert battle.infobox_params[0] == ("", "stray")
    (params,) = params_mw(str(s.export(battle, "wiki")))
    assert params == list(battle.infobox_params)


@pytest.mark.parametrize(
    "value",
    [
        "[[Alpha (general)|Alpha]]<br />Beta",
        "Alpha<br>Beta",
        "{{ubl|Alpha|[[Beta]]}}",
        "{{Unbulleted list|Alpha|Beta}}",
        "{{plainlist|\n* Alpha\n* Beta\n}}",
        "{{plainlist}}\n* [[Alpha]]\n* Beta{{KIA}}\n{{endplainlist}}",
        "\n* Alpha<ref>a source</ref>\n* Beta <!-- a comment -->",
        "{{flagicon|Japan}} Alpha{{efn|a note}}<br />{{nowrap|Beta}}",
    ],
)
def test_lists_split_into_names(tmp_path: Path, value: str) -> None:
    """<br />, {{ubl}}, {{plainlist}} and bullets split commanders; links, notes and icons resolve."""
    (battle,) = read_text(
        tmp_path, f"{{{{Infobox military conflict|conflict=X|combatant1=A|commander1={value}}}}}"
    )
    assert [p.name for p in battle.sides[0].commanders] == ["Alpha", "Beta"]
    (params,) = params_mw(str(s.export(battle, "wiki")))
    assert dict(params)["commander1"] == value.strip()


def test_collapsible_list_title_then_items(tmp_path: Path) -> None:
    """{{Collapsible list}} gives its title, then its items, one per line; the title heads the group."""
    page = (
        "{{Infobox military conflict|conflict=X"
        "|combatant1={{Collapsible list|title=Allies|A|{{flag|France}}}}}}"
    )
    (battle,) = read_text(tmp_path, page)
    assert [(b.name, b.flag, b.group) for b in battle.sides[0].belligerents] == [
        ("A", None, "Allies"),
        ("France", "France", "Allies"),
    ]
    assert [
        text for text, _ in plain_lines(mwparserfromhell.parse(dict(battle.infobox_params)["combatant1"]))
    ] == [
        "Allies",
        "A",
        "France",
    ]


@needs_corpus
def test_editing_extras_keeps_their_place() -> None:
    """Changing an unknown parameter rewrites it in place; a new one goes at the end; a dropped one goes."""
    battle = s.load(CORPUS / "battle-of-gettysburg.wiki")
    extra = dict(battle.extra)
    extra["campaignbox"] = "{{Campaignbox Other}}"
    del extra["no-location-property"]
    extra["new-param"] = "[[New]]"
    (params,) = params_mw(str(s.export(attrs.evolve(battle, extra=tuple(extra.items())), "wiki")))
    want = [(n, v) for n, v in battle.infobox_params if n != "no-location-property"]
    want = [(n, "{{Campaignbox Other}}" if n == "campaignbox" else v) for n, v in want]
    assert params == [*want, ("new-param", "[[New]]")]


@pytest.mark.parametrize("digits", [101, 5_000])
def test_overlong_figures_stay_words(tmp_path: Path, digits: int) -> None:
    """A figure longer than the model takes (100 digits; 5,000 is past int()'s limit) stays words."""
    figure = "1" * digits
    for text in (f"{figure} men", f"10–{figure}", f"{figure[:99]},000"):
        assert parse_quantity(text) == s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=text)
    [battle] = read_text(
        tmp_path,
        "{{Infobox military conflict\n| conflict = X\n| combatant1 = A\n"
        f"| combatant2 = B\n| strength1 = {figure} men\n}}}}",
    )
    assert battle.sides[0].strength == (s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=f"{figure} men"),)
    assert list(s.read(tmp_path / "page.wiki")) == [battle]


@pytest.mark.parametrize("key", ["²", "٣", "9" * 5_000])
def test_odd_numbered_template_parameters(tmp_path: Path, key: str) -> None:
    """A template inside a value with a parameter named by a superscript digit or 5,000 digits is read."""
    [battle] = read_text(
        tmp_path,
        "{{Infobox military conflict\n| conflict = X\n"
        f"| combatant1 = {{{{flag|Japan|{key}=x}}}} Japan\n| combatant2 = B\n}}}}",
    )
    assert battle.sides[0].belligerents[0].name.endswith("Japan")
