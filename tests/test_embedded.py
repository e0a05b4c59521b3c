"""Every fact of the source document is reachable through the API, typed and cited."""

from __future__ import annotations

import datetime
import re

import pytest

import sakhalin as s
from tests.conftest import ROOT, SHARED


def cites(citation: s.Citation | None, **where: object) -> bool:
    return (
        citation is not None
        and citation.source == "wikipedia"
        and all(getattr(citation, k) == v for k, v in where.items())
    )


def statement(battle: s.Battle, subject: str, attribute: str) -> s.Statement:
    (found,) = [x for x in battle.statements if x.subject == subject and x.attribute == attribute]
    return found


def test_load_is_cached_and_immutable() -> None:
    """load() returns the same immutable battle on every call."""
    assert s.load() is s.load()


def test_infobox_rows(battle: s.Battle) -> None:
    """Every infobox row, including the restored date, location and result, is typed."""
    assert battle.name == "Invasion of Sakhalin"
    assert battle.war is not None and battle.war.name == "Russo-Japanese War"
    assert battle.caption == "Japanese forces landing on Sakhalin"
    assert battle.image == "Battle of Sakhalin.JPG"
    assert battle.date == s.DateRange(
        start=datetime.date(1905, 7, 7), end=datetime.date(1905, 7, 31), text="7 July – 31 July 1905"
    )
    assert battle.place is not None and battle.place.name == "Sakhalin island"
    assert battle.result == "Japanese victory"
    japan, russia = battle.sides
    assert [b.name for b in japan.belligerents] == ["Empire of Japan"]
    assert [b.name for b in russia.belligerents] == ["Russian Empire"]
    assert [p.name for p in japan.commanders] == ["Haraguchi Kensai", "Kataoka Shichirō"]
    assert [p.name for p in russia.commanders] == ["General Lyapunov"]
    assert japan.strength == (s.Quantity(value=14000, text="14,000"),)
    assert russia.strength == (
        s.Quantity(value=7280, qualifier=s.Qualifier.NOMINAL, unit="men", text="7280 men"),
    )
    assert japan.casualties is not None and japan.casualties.text == "minimal"
    (minimal,) = japan.casualties.items
    assert minimal.quantity.qualifier is s.Qualifier.QUALITATIVE
    assert russia.casualties is not None and russia.casualties.text == "181 dead and 3,270 prisoners"
    (killed,) = russia.casualties.of_kind(s.CasualtyKind.KILLED)
    (captured,) = russia.casualties.of_kind(s.CasualtyKind.CAPTURED)
    assert (killed.quantity.value, captured.quantity.value) == (181, 3270)
    assert isinstance(killed.quantity.value, int)


def test_names_in_other_languages(battle: s.Battle) -> None:
    """The Japanese and Russian names, with the romanisation, cite the lead."""
    by_lang = {n.lang: n for n in battle.names}
    assert by_lang["ja"].name == "樺太の戦い"
    assert by_lang["ja"].romanisation == "Karafuto no tatakai"
    assert by_lang["ru"].name == "Японское вторжение на Сахалин"
    assert all(cites(n.citation, section="Lead", paragraph=1) for n in battle.names)


def test_war_and_its_years(battle: s.Battle) -> None:
    """The war is 1904–1905, a range of years."""
    assert battle.war is not None and battle.war.date is not None
    assert battle.war.date == s.DateRange.years(1904, 1905, text="1904–1905")
    assert statement(battle, "Invasion of Sakhalin", "significance").citation is not None


def test_background_paragraph_one(battle: s.Battle) -> None:
    """Who considered the invasion, who pushed it, the veto, the meeting and the reasoning."""
    people = {p.name: p for p in battle.people}
    nagaoka = people["Gaishi Nagaoka"]
    assert nagaoka.rank == "General" and "Nagaoka Gaishi" in nagaoka.alt_names
    assert "Imperial General Headquarters" in statement(battle, "Gaishi Nagaoka", "position").text
    assert "Imperial Japanese Navy" in statement(battle, "invasion plan", "veto").text
    meeting = next(e for e in battle.events if e.date.start == datetime.date(1905, 6, 7))
    assert set(meeting.participants) == {"Theodore Roosevelt", "Kaneko Kentarō"}
    assert "Tsushima" in meeting.summary
    assert "Nicholas II" in statement(battle, "Theodore Roosevelt", "reasoning").text
    assert people["Nicholas II"].rank == "Tsar of Russia"
    assert any("Government of Japan" in e.participants for e in battle.events)
    for subject, attribute in [("invasion plan", "veto"), ("Theodore Roosevelt", "view")]:
        assert cites(statement(battle, subject, attribute).citation, section="Background", paragraph=1)


def test_background_paragraph_two(battle: s.Battle) -> None:
    """The 1875 treaty, the 1904 population, the island's use, and why it was weakly defended."""
    treaty = next(e for e in battle.events if "Treaty of Saint Petersburg" in e.summary)
    assert treaty.date.precision is s.Precision.YEAR and treaty.date.start == datetime.date(1875, 1, 1)
    population = statement(battle, "Sakhalin", "population").quantity
    assert population == s.Quantity(
        value=30000, qualifier=s.Qualifier.ESTIMATED, unit="inhabitants", text="an estimated 30,000"
    )
    ainu = statement(battle, "Sakhalin", "Ainu population").quantity
    assert ainu is not None and (ainu.value, ainu.qualifier) == (4000, s.Qualifier.APPROXIMATE)
    for attribute in (
        "earlier ownership",
        "use",
        "strategic weight",
        "climate",
        "isolation",
        "governance",
        "defence",
    ):
        assert cites(statement(battle, "Sakhalin", attribute).citation, section="Background", paragraph=2)
    assert {p.name for p in battle.places} >= {"Kuril Islands"}
    assert "Kurile islands" in battle.places[0].alt_names


def test_background_paragraph_three(battle: s.Battle) -> None:
    """The garrison's nominal strength and its men, and Lyapunov's background."""
    garrison = statement(battle, "Russian garrison on Sakhalin", "nominal strength").quantity
    assert garrison is not None and (garrison.value, garrison.qualifier) == (7280, s.Qualifier.NOMINAL)
    assert "hunters" in statement(battle, "Russian garrison on Sakhalin", "composition").text
    lyapunov = battle.sides[1].commanders[0]
    assert lyapunov.full_name == "Mikhail Nikolaevich Lyapunov"
    about = {x.attribute: x for x in battle.statements_about(lyapunov)}
    assert "lawyer" in about["career before the war"].text
    assert cites(about["military training"].citation, section="Background", paragraph=3)


def test_variant_spellings_are_alternative_names(battle: s.Battle) -> None:
    """Variant spellings from other copies are kept as alternative names."""
    names = {name for p in battle.commanders for name in p.names}
    assert {"Haraguchi Kanezane", "Kataoka Shichiro", "Mikhail Nikolaevich Lyapunov", "MN Lyapunov"} <= names
    assert "Imperial Russia" in battle.sides[1].belligerents[0].alt_names
    assert "Japanese invasion of Sakhalin" in battle.alt_names


def test_sources_name_the_article_and_its_references(battle: s.Battle) -> None:
    """The article (CC BY-SA 4.0) and its three general references are sources."""
    article = battle.source("wikipedia")
    assert article.licence == "CC-BY-SA-4.0"
    isbns = {x.isbn for x in battle.sources}
    assert {"0-415-00906-5", "0-8108-4927-5", "978-1-84176-446-7"} <= isbns
    cited = {c.source for f in s.facts(battle) if (c := f.citation) is not None}
    assert cited <= {x.key for x in battle.sources}


def test_every_fact_row_has_a_citation(battle: s.Battle) -> None:
    """Every fact about the battle cites where it stands (source rows describe themselves)."""
    rows = list(s.facts(battle))
    assert len(rows) > 100
    for row in rows:
        if not row.path.startswith("sources["):
            assert row.citation is not None, row


def test_fact_values_are_typed(battle: s.Battle) -> None:
    """Figures in the facts table are ints and dates are dates."""
    rows = {(f.subject, f.attribute): f for f in s.facts(battle)}
    assert rows["Russian Empire", "strength"].value == 7280
    assert rows["Russian Empire", "strength"].qualifier == "nominal"
    assert rows["Invasion of Sakhalin", "date"].value == datetime.date(1905, 7, 7)
    assert rows["Invasion of Sakhalin", "date"].value_end == datetime.date(1905, 7, 31)
    assert rows["Russo-Japanese War", "date"].qualifier == "year"
    assert rows["Russian Empire", "casualties: killed (dead)"].value == 181
    assert str(rows["Russian Empire", "strength"].citation) == "wikipedia, infobox row 'Strength'"
    assert len(s.FACT_COLUMNS) == len(rows["Russian Empire", "strength"].as_tuple())


SOURCE = SHARED / "source" / "000_fc88645e8bd454a4.txt"


@pytest.mark.skipif(not SOURCE.is_file(), reason="../shared/source is not beside this clone")
def test_no_sentence_of_the_article_is_copied() -> None:
    """No run of twelve words of the article's prose stands in the project's files."""
    words = re.findall(
        r"\w+",
        SOURCE.read_text(encoding="utf-8").split("The Invasion of Sakhalin (Japanese", 1)[-1].casefold(),
    )
    windows = {" ".join(words[i : i + 12]) for i in range(len(words) - 11)}
    for path in [*ROOT.joinpath("src").rglob("*.*"), ROOT / "README.md"]:
        if path.suffix in {".py", ".json", ".md"}:
            text = " ".join(re.findall(r"\w+", path.read_text(encoding="utf-8").casefold()))
            assert not [w for w in windows if w in text], path
