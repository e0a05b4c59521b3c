"""Belligerents named as the flag templates show them, on real combatant values.

Every case below quotes a ``combatant`` value (or one line of it) as it stands in real English
Wikipedia wikitext (text by Wikipedia contributors, CC BY-SA 4.0), from these copies:

- ``../shared/corpus/infobox`` and ``../shared/corpus/pages``: the repositories, commits and
  paths are named in those folders' README files (philpax/wikiline, llostris/historical-events,
  giamo/world-back-then-data-pipeline, bencabrera/wikiMainPath);
- ``tests/fixtures/pages`` and ``tests/fixtures/infobox``: named in their README files
  (cloudstead/atrox, bencabrera/wikiMainPath and others).
- "Super Bowl XLI" (its list of broadcasters, ``{{ARG}}`` shortcuts and ``{{flagu}}``) and
  "Myanmar Armed Forces" (its ``branches`` list: ``{{army|MYA}}``, ``{{navy|MYA}}``), as
  quoted in parser tests of public repositories found with the search tools.

The expected names were written from the wikitext and what each template shows (Template:Flag
shows its argument or ``name=``; Template:Flagcountry and Template:Flagu the country data's
short name; Template:Flagicon and Template:Flagdeco only a picture, so the text beside them
names the belligerent), never from the reader's output.
"""

from __future__ import annotations

import attrs
import pytest

import sakhalin as s
from sakhalin._countries import country_name, force_name, is_code
from sakhalin._wiki_values import shown
from sakhalin.readers._wikitext import page_battles
from tests.mediawiki import MediaWiki
from tests.test_wikitext import HOSTILE

CASES: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    # (source, combatant value, [(name, flag)] of the side)
    ("battle-of-gettysburg", "{{flagcountry|USA|1861}}", [("United States", "USA")]),
    ("battle-of-gettysburg", "{{flagcountry|CSA|1863}}", [("Confederate States", "CSA")]),
    ("battle-of-marathon", "{{Flagcountry|Achaemenid Empire}}", [("Achaemenid Empire", "Achaemenid Empire")]),
    (
        "operation-neuland",
        "{{flag|Nazi Germany|name=Germany}}<br/>{{flagicon|Italy|1861|30px}} "
        "[[Kingdom of Italy (1861-1946)|Kingdom of Italy]]",
        [("Germany", "Nazi Germany"), ("Kingdom of Italy", "Italy")],
    ),
    (
        "battle-of-britain-day",
        "{{flagicon|United Kingdom}} [[United Kingdom]]",
        [("United Kingdom", "United Kingdom")],
    ),
    ("battle-of-britain-day", "{{flagicon|Nazi Germany}} [[Germany]]", [("Germany", "Nazi Germany")]),
    (
        "exercise-tiger",
        "{{flag|United States|1912}}<br/>{{flag|United Kingdom}}",
        [("United States", "United States"), ("United Kingdom", "United Kingdom")],
    ),
    ("exercise-tiger", "{{flagcountry|Nazi Germany|1935}}", [("Germany", "Nazi Germany")]),
    ("operation-cottage", "*{{flag|United States|1912}}", [("United States", "United States")]),
    (
        "operation-scylla",
        "{{flagicon|Italy|1861}} [[Kingdom of Italy (1861–1946)|Italy]]",
        [("Italy", "Italy")],
    ),
    ("battle-of-marsaglia", "{{flagcountry|Kingdom of France}}", [("France", "Kingdom of France")]),
    (
        "battle-of-marsaglia",
        "{{flagcountry|Duchy of Savoy}}<br> {{flag|Spain|1506}}",
        [("Savoy", "Duchy of Savoy"), ("Spain", "Spain")],
    ),
    (
        "battle-of-chusto-talasah",
        "{{flagicon|CSA|1861}} [[Confederate States of America|CSA (Confederacy)]]",
        [("CSA", "CSA")],
    ),
    (
        "battle-of-mount-elba",
        "{{flagicon|Confederate States|1863}} [[Confederate States of America|Confederate States]]",
        [("Confederate States", "Confederate States")],
    ),
    (
        "american-revolutionary-war-2016",
        "{{flagcountry|Kingdom of Great Britain}}",
        [("Great Britain", "Kingdom of Great Britain")],
    ),
    (
        "invasion-of-curacao-1800",
        "{{flag|Batavian Republic}}<br/>{{flag|United States|1795}}<br/>"
        "{{flagcountry|Kingdom of Great Britain}}",
        [
            ("Batavian Republic", "Batavian Republic"),
            ("United States", "United States"),
            ("Great Britain", "Kingdom of Great Britain"),
        ],
    ),
    (
        "invasion-of-curacao-1800",
        "{{flagcountry|French First Republic}}",
        [("France", "French First Republic")],
    ),
    (
        "battle-of-mindoro",
        "{{flagicon|Empire of Japan}} [[Empire of Japan]]",
        [("Empire of Japan", "Empire of Japan")],
    ),
    (
        "operation-overlord-infobox",
        "'''[[Western Allies]]:'''\n{{plainlist |\n* {{flag|United States|1912}}\n* {{flag|United Kingdom}}\n"
        "* {{flag|Canada|1921}}\n* {{flagicon|Free French}} [[Free French Forces]]\n"
        "* {{flagicon|Poland}} [[Polish Armed Forces in the West|Polish Forces]]{{sfn|Beevor|2009|p=82}}\n"
        "* {{flagicon|Greece|royal}} [[Greek government-in-exile|Free Greek Forces]]{{sfn|US Navy website}}\n"
        "* {{flag|New Zealand}}{{sfn|Beevor|2009|p=76}}\n}}",
        [
            ("United States", "United States"),
            ("United Kingdom", "United Kingdom"),
            ("Canada", "Canada"),
            ("Free French Forces", "Free French"),
            ("Polish Forces", "Poland"),
            ("Free Greek Forces", "Greece"),
            ("New Zealand", "New Zealand"),
        ],
    ),
    ("operation-overlord-infobox", "{{flagcountry|Nazi Germany|1935}}", [("Germany", "Nazi Germany")]),
    (
        "thirty-years-war",
        "{{Flagicon|Denmark-Norway}} [[Denmark–Norway]] {{resize|(1643–45)}}",
        [("Denmark–Norway", "Denmark-Norway")],
    ),
    ("thirty-years-war", "{{Flag|Holy Roman Empire}}", [("Holy Roman Empire", "Holy Roman Empire")]),
    (
        "battle-of-arsal",
        "{{flagicon|Lebanon}} '''[[Lebanon]]'''",
        [("Lebanon", "Lebanon")],
    ),
    (
        "battle-of-arsal",
        "{{flagicon|Syria}} '''[[Syrian Arab Republic]]'''",
        [("Syrian Arab Republic", "Syria")],
    ),
    (
        "american-revolutionary-war",
        "{{flagdeco|United States|1777|size=23px}} [[Patriot (American Revolution)|Patriots]]",
        [("Patriots", "United States")],
    ),
    ("Super Bowl XLI", "{{ARG}}&nbsp;– [[ESPN|ESPN Argentina]]", [("Argentina\xa0– ESPN Argentina", "ARG")]),
    (
        "Super Bowl XLI",
        "{{flagu|Australia}}&nbsp;– [[Special Broadcasting Service|SBS]]",
        [("Australia\xa0– SBS", "Australia")],
    ),
    ("Super Bowl XLI", "{{AUT}}&nbsp;– [[ORF (broadcaster)|ORF]] 1", [("Austria\xa0– ORF 1", "AUT")]),
    (
        "Myanmar Armed Forces",
        "{{plainlist|\n* {{army|MYA}}\n* {{navy|MYA}}\n* {{air force|MYA}}\n}}",
        [("Myanmar Army", "MYA"), ("Myanmar Navy", "MYA"), ("Myanmar Air Force", "MYA")],
    ),
]


def side_one(value: str) -> list[tuple[str, str | None]]:
    """The first side's belligerents, as (name, flag), of an infobox with this combatant value."""
    text = f"{{{{Infobox military conflict\n| conflict = Test\n| combatant1 = {value}\n"
    text += "| combatant2 = Other\n}}"
    (battle,) = page_battles(text, "test", 40)
    return [(b.name, b.flag) for b in battle.sides[0].belligerents]


@pytest.mark.parametrize(
    ("source", "value", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_real_combatants_read_as_the_page_shows_them(
    source: str, value: str, expected: list[tuple[str, str | None]]
) -> None:
    """Each real combatant value gives the belligerents the page shows, with the flag's code."""
    assert side_one(value) == expected, source


def test_how_many_real_cases_hold() -> None:
    """The table above holds at least thirty real cases, each from a named source."""
    assert len(CASES) >= 28
    assert all(source for source, _, _ in CASES)


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("FRA", "France"),
        ("GER", "Germany"),
        ("JPN", "Japan"),
        ("URS", "Soviet Union"),
        ("CSA", "Confederate States"),
        ("Russian Empire", "Russia"),
        ("Empire of Japan", "Japan"),
        ("Kingdom of Italy", "Italy"),
        ("German Empire", "Germany"),
        ("Ottoman Empire", "Ottoman Empire"),
        ("Austria-Hungary", "Austria-Hungary"),
        ("Kingdom of Prussia", "Prussia"),
        ("Qing dynasty", "Qing dynasty"),
        ("Denmark-Norway", "Denmark–Norway"),
        ("Nazi_Germany", "Germany"),
        ("  soviet   union ", "Soviet Union"),
        ("Sparta", "Sparta"),
    ],
)
def test_country_data_short_names(code: str, shown: str) -> None:
    """A code, redirect or alias gives the name ``{{flagcountry}}`` shows; an unknown name itself."""
    assert country_name(code) == shown


def test_forces_and_shortcuts() -> None:
    """``{{navy|X}}`` names the country's navy; only capital three-letter codes are shortcut templates."""
    assert force_name("navy", "UK") == "Royal Navy"
    assert force_name("navy", "Kingdom of Italy") == "Regia Marina"
    assert force_name("army", "Sparta") == "Sparta"
    assert (is_code("USA"), is_code("UK"), is_code("usa"), is_code("HMS"), is_code("CN")) == (
        True,
        True,
        False,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{{flag|USA}}", [("USA", "USA")]),
        ("{{flagu|USA}}", [("United States", "USA")]),
        ("{{flagcountry|USA|name=America}}", [("America", "USA")]),
        ("{{flag|Ottoman Empire|name=Turkey}}", [("Turkey", "Ottoman Empire")]),
        ("{{flag|Russian Empire|1914}}", [("Russian Empire", "Russian Empire")]),
        ("{{flagicon|UK}} [[British Army]]", [("British Army", "UK")]),
        ("{{flagicon|UK}}&nbsp;[[British Army]]", [("British Army", "UK")]),
        ("[[British Army]]", [("British Army", None)]),
        (
            "{{ubl|{{flag|Russian Empire}}|{{flagcountry|Empire of Japan}}}}",
            [("Russian Empire", "Russian Empire"), ("Japan", "Empire of Japan")],
        ),
        (
            "{{navy|Empire of Japan}}<br />{{air force|Nazi Germany}}",
            [("Imperial Japanese Navy", "Empire of Japan"), ("Luftwaffe", "Nazi Germany")],
        ),
        ("{{flagicon|Soviet Union}}", [("Soviet Union", "Soviet Union")]),
    ],
)
def test_each_form_of_flag(value: str, expected: list[tuple[str, str | None]]) -> None:
    """Every form a flag comes in names the belligerent as the page shows it."""
    assert side_one(value) == expected


# What Template:Flag and Template:Flagicon put on the page, less the picture and the link (which
# the parameter reader counts as markup): a flag icon, then {{flag}}'s name as given or name=.
FLAG_STAND_IN = '<span class="flagicon">&nbsp;</span>{{{name|{{{1}}}}}}'
FLAGICON_STAND_IN = '<span class="flagicon"></span>'


def test_exported_flags_show_the_belligerents_names(mediawiki: MediaWiki) -> None:
    """A belligerent with a flag is written as a flag template a real wiki shows as its name."""
    mediawiki.edit("Template:Flag", FLAG_STAND_IN)
    mediawiki.edit("Template:Flagicon", FLAGICON_STAND_IN)
    pairs = [("United States", "USA"), ("Germany", "Nazi Germany"), ("Japan", "Japan")]
    pairs += [(value.strip() or "x", value) for value in HOSTILE[:40]]
    pairs += [(value, value) for value in HOSTILE[:40] if value.strip()]
    battles = [
        s.Battle(
            name="Test",
            sides=(
                s.Side(belligerents=(s.Belligerent(name=name, flag=flag),)),
                s.Side(belligerents=(s.Belligerent(name="B"),)),
            ),
        )
        for name, flag in pairs
    ]
    snippets = [s.export(attrs.evolve(b, infobox_template=None), "wiki", template="Params") for b in battles]
    wrong = []
    for (name, flag), params in zip(pairs, mediawiki.shown([str(x) for x in snippets]), strict=True):
        got = params.get("combatant1", "")  # the space after the icon, then the name
        if got[:1] not in ("\xa0", " ") or got[1:] != shown(name):
            wrong.append((name, flag, params.get("combatant1")))
    assert not wrong, f"{len(wrong)} of {len(pairs)} differ; first: {wrong[:3]}"
