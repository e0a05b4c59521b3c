"""The Markdown exporter: golden output, and every table cell checked in two independent renderers.

The documents are rendered by cmark-gfm (GitHub's renderer, through ``cmarkgfm``) and by
markdown-it-py, and the HTML is read back with the standard library's ``html.parser``: a
value must come back as exactly its text (after the documented normalisation), in its own
cell, with no element the exporter did not mean.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import attrs
import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import sakhalin as s
from sakhalin._cli import main
from sakhalin.exporters import EXPORTERS
from sakhalin.exporters._markdown import MarkdownExporter, cite, escape, normalise
from tests.strategies import battles

GOLDEN = Path(__file__).parent / "golden"

Renderer = Callable[[str], str]

_MDIT = MarkdownIt("gfm-like")  # tables, strikethrough and linkify, like GitHub

RENDERERS: dict[str, Renderer] = {
    "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html,
    "cmark-gfm-tables": lambda text: cmarkgfm.markdown_to_html_with_extensions(text, extensions=["table"]),
    "markdown-it-py": _MDIT.render,
}

STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "hr", "table", "thead", "tbody", "tr", "th", "td"}


class Html(HTMLParser):
    """Tables (rows of cell texts), headings and every element of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def table(self, *header: str) -> list[list[str]]:
        """The body rows of the one table with this header."""
        (found,) = [t for t in self.tables if tuple(t[0]) == header]
        return found[1:]

    def rows(self, *header: str) -> dict[str, list[str]]:
        """The body rows of the one table with this header, keyed by their first cell."""
        return {row[0]: row[1:] for row in self.table(*header)}


def render(text: str, renderer: str) -> Html:
    html = RENDERERS[renderer](text)
    assert "<script" not in html.lower()
    assert "raw html omitted" not in html.lower()
    return Html(html)


def unexpected(
    doc: Html, renderer: str, urls: tuple[str, ...] = ()
) -> list[tuple[str, dict[str, str | None]]]:
    """Elements the exporter did not mean: anything but structure and links to the sources' URLs.

    GitHub's autolink extension (cmark-gfm with every GFM extension) makes an e-mail address
    a mailto link whatever the escaping; that one is expected there, as documented.
    """
    found = []
    for tag, attributes in doc.elements:
        if tag in STRUCTURE:
            continue
        href = attributes.get("href") or ""
        if tag == "a" and href in urls:
            continue
        if tag == "a" and renderer == "cmark-gfm" and href.startswith("mailto:"):
            continue
        found.append((tag, attributes))
    return found


def md(battle: s.Battle | list[s.Battle], **options: object) -> str:
    text = s.export(battle, "md", **options)
    assert isinstance(text, str)
    return text


every_renderer = pytest.mark.parametrize("renderer", list(RENDERERS))


# --- the embedded battle -------------------------------------------------------------------------


def test_golden(battle: s.Battle, update_golden: bool) -> None:
    """The embedded battle's document equals tests/golden/invasion-of-sakhalin.md byte for byte."""
    path = GOLDEN / "invasion-of-sakhalin.md"
    text = md(battle)
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run pytest --update-golden"
    assert path.read_bytes().decode("utf-8") == text


def test_deterministic(battle: s.Battle) -> None:
    """Exporting twice gives the same text."""
    assert md(battle) == md(battle)


@every_renderer
def test_infobox_cells(battle: s.Battle, renderer: str) -> None:
    """The infobox tables hold the model's values: war, date, place, result, sides, figures."""
    doc = render(md(battle), renderer)
    assert doc.headings[0] == (1, "Invasion of Sakhalin")
    rows = doc.rows("Field", "Value", "Source")
    assert rows["Part of"] == ["Russo-Japanese War (1904–1905)", "wikipedia § Lead ¶ 1"]
    assert rows["Date"] == ["7 July – 31 July 1905", "wikipedia, infobox: Date"]
    assert rows["Location"][0] == "Sakhalin island"
    assert rows["Result"][0] == "Japanese victory"
    assert rows["Image"][0] == battle.image == "Battle of Sakhalin.JPG"
    assert rows["Caption"][0] == battle.caption
    assert "Territory" not in rows

    sides = doc.rows("Field", "Side 1", "Side 2", "Source")
    japan, russia = battle.sides
    assert sides["Belligerents"] == ["Empire of Japan", "Russian Empire", "wikipedia, infobox: Belligerents"]
    assert sides["Commanders and leaders"][:2] == ["Haraguchi Kensai; Kataoka Shichirō", "General Lyapunov"]
    assert [p.name for p in japan.commanders] == ["Haraguchi Kensai", "Kataoka Shichirō"]
    assert sides["Strength"][:2] == ["14,000", "7280 men"]
    assert sides["Strength"][:2] == [japan.strength[0].text, russia.strength[0].text]
    assert sides["Casualties and losses"][:2] == ["minimal", "181 dead and 3,270 prisoners"]
    assert russia.casualties is not None and sides["Casualties and losses"][1] == russia.casualties.text


@every_renderer
def test_forces_cells(battle: s.Battle, renderer: str) -> None:
    """The forces table gives each figure in digits, with its unit, qualifier and wording."""
    doc = render(md(battle), renderer)
    rows = doc.table("Side", "Measure", "Figure", "Unit", "Qualifier", "As stated", "Source")
    assert [row[:6] for row in rows] == [
        ["Empire of Japan", "strength", "14000", "", "exact", "14,000"],
        ["Empire of Japan", "total", "", "", "qualitative", "minimal"],
        ["Russian Empire", "strength", "7280", "men", "nominal", "7280 men"],
        ["Russian Empire", "killed (dead)", "181", "", "exact", "181"],
        ["Russian Empire", "captured (prisoners)", "3270", "", "exact", "3,270"],
    ]
    russia = battle.sides[1]
    assert russia.casualties is not None
    assert [int(r[2]) for r in rows[3:]] == [item.quantity.value for item in russia.casualties.items]
    assert {r[6] for r in rows} == {
        "wikipedia, infobox: Strength",
        "wikipedia, infobox: Casualties and losses",
    }


@every_renderer
def test_story_cells(battle: s.Battle, renderer: str) -> None:
    """People, events, statements (grouped by subject), names and sources come back as the model has them."""
    doc = render(md(battle), renderer)
    names = doc.table("Name", "Language", "Romanisation", "Source")
    assert [r[:3] for r in names] == [
        ["Japanese invasion of Sakhalin", "", ""],
        ["樺太の戦い", "ja", "Karafuto no tatakai"],
        ["Японское вторжение на Сахалин", "ru", ""],
    ]
    people = doc.rows("Name", "Rank or title", "Role", "Full name", "Other names", "Side", "Source")
    assert list(people) == [p.name for p in battle.commanders] + [p.name for p in battle.people]
    assert people["General Lyapunov"] == [
        "General",
        "commander",
        "Mikhail Nikolaevich Lyapunov",
        "MN Lyapunov; Lyapunov",
        "Russian Empire",
        "wikipedia, infobox: Commanders and leaders; wikipedia § Background ¶ 3",
    ]
    assert people["Theodore Roosevelt"][0] == "President of the United States"

    events = doc.table("Date", "ISO 8601", "What happened", "Participants", "Source")
    assert [r[2] for r in events] == [e.summary for e in battle.events]
    assert [r[:2] for r in events] == [
        ["from the early stages of the Russo-Japanese War", ""],
        ["1875", "1875"],
        ["7 June 1905", "1905-06-07"],
        ["7 July – 31 July 1905", "1905-07-07/1905-07-31"],
    ]
    assert events[2][3] == "Theodore Roosevelt; Kaneko Kentarō"

    statements = doc.table("Subject", "Attribute", "Statement", "Figure", "Date", "Source")
    subjects = list(dict.fromkeys(x.subject for x in battle.statements))
    grouped = [x for subject in subjects for x in battle.statements if x.subject == subject]
    assert [r[:3] for r in statements] == [[x.subject, x.attribute, x.text] for x in grouped]
    assert [r[5] for r in statements] == [cite(x.citation) for x in grouped]
    population = next(r for r in statements if r[1] == "population")
    assert population[3:5] == ["30000 inhabitants (estimated)", "1904"]

    sources = doc.table("Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note")
    assert [r[0] for r in sources] == [x.key for x in battle.sources]
    kowner = sources[3]
    assert kowner[:6] == [
        "kowner-2006",
        "Historical Dictionary of the Russo-Japanese War",
        "Rotem Kowner",
        "2006",
        "The Scarecrow Press",
        "0-8108-4927-5",
    ]
    assert sources[0][6:8] == ["https://en.wikipedia.org/wiki/Invasion_of_Sakhalin", "CC-BY-SA-4.0"]
    urls = tuple(x.url for x in battle.sources if x.url is not None)
    assert unexpected(doc, renderer, urls) == []
    assert [a.get("href") for tag, a in doc.elements if tag == "a"] == list(urls)


def test_sections_and_heading_level(battle: s.Battle) -> None:
    """heading_level sets the title's level and the sections sit one below it, in a fixed order."""
    doc = render(md(battle, heading_level=3), "cmark-gfm")
    assert doc.headings == [
        (3, "Invasion of Sakhalin"),
        *[
            (4, title)
            for title in (
                "Names",
                "Infobox",
                "Sides",
                "Forces and casualties",
                "People",
                "Organisations",
                "Places",
                "Events",
                "Statements",
                "Sources",
            )
        ],
    ]


@every_renderer
def test_without_citations(battle: s.Battle, renderer: str) -> None:
    """citations=False drops every Source column; the sources themselves are still listed."""
    doc = render(md(battle, citations=False), renderer)
    assert all("Source" not in table[0] for table in doc.tables)
    assert doc.rows("Field", "Side 1", "Side 2")["Strength"] == ["14,000", "7280 men"]
    assert (
        len(doc.table("Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note")) == 6
    )


@pytest.mark.parametrize("bad", [0, 6, -1, True, "2", 2.0])
def test_bad_heading_level(bad: object) -> None:
    """A heading level outside 1..5 or not a whole number is refused (ValueError; OptionError via export)."""
    with pytest.raises(ValueError, match="heading_level"):
        MarkdownExporter(heading_level=bad)  # type: ignore[arg-type]
    with pytest.raises(s.OptionError, match="heading_level"):
        s.export(s.load(), "md", heading_level=bad)


def test_bad_citations_option() -> None:
    """citations must be a bool."""
    with pytest.raises(ValueError, match="citations"):
        MarkdownExporter(citations="yes")  # type: ignore[arg-type]


# --- the contract --------------------------------------------------------------------------------


def test_contract(battle: s.Battle, tmp_path: Path) -> None:
    """export(b, "md") gives str; write() infers the format from .md and .markdown; the registry knows it."""
    info = EXPORTERS.get("md")
    assert info.cls is MarkdownExporter
    assert EXPORTERS.get("markdown") == info
    assert (info.name, info.aliases, info.extensions) == ("markdown", ("md",), (".md", ".markdown"))
    assert (info.media_type, info.binary) == ("text/markdown", False)
    assert isinstance(s.Exporter, type) and isinstance(MarkdownExporter(), s.Exporter)
    text = md(battle)
    assert s.export(battle, "markdown") == text
    for name in ("x.md", "x.markdown", "X.MD"):
        written = s.write(battle, tmp_path / name)
        assert written.read_bytes() == text.encode("utf-8")


def test_cli(battle: s.Battle) -> None:
    """`sakhalin export md` prints the same document, and takes the options as -O key=value."""
    out = io.StringIO()
    assert main(["export", "md", "-O", "citations=false"], stdout=out) == 0
    assert out.getvalue() == md(battle, citations=False)


@every_renderer
def test_several_battles(battle: s.Battle, renderer: str) -> None:
    """Several battles follow one another, separated by a thematic break, each with all its tables."""
    other = s.Battle(
        name="Second battle",
        sides=(
            s.Side(belligerents=(s.Belligerent(name="Left"),), strength=(s.Quantity(value=5),)),
            s.Side(belligerents=(s.Belligerent(name="Right"),)),
        ),
    )
    text = md([battle, other, battle])
    doc = render(text, renderer)
    assert [h for h in doc.headings if h[0] == 1] == [
        (1, "Invasion of Sakhalin"),
        (1, "Second battle"),
        (1, "Invasion of Sakhalin"),
    ]
    assert [tag for tag, _ in doc.elements].count("hr") == 2
    assert text.count("\n---\n") == 2
    single = render(md(battle), renderer)
    assert len(doc.tables) == 2 * len(single.tables) + 3  # infobox sides, sides, forces
    sides = [t for t in doc.tables if t[0] == ["Field", "Side 1", "Side 2", "Source"]]
    assert sides[1][1:] == [
        ["Belligerents", "Left", "Right", ""],
        ["Strength", "5", "", ""],
    ]


def test_streams_battle_by_battle(battle: s.Battle) -> None:
    """write() writes each battle before it takes the next one from the iterable."""
    stream = io.StringIO()
    taken: list[str] = []

    def battles_in_turn() -> Iterator[s.Battle]:
        for name in ("First", "Second", "Third"):
            if taken:
                assert f"# {taken[-1]}\n" in stream.getvalue()
                assert "## Sources" in stream.getvalue().rsplit(f"# {taken[-1]}\n", 1)[1]
            taken.append(name)
            yield s.Battle(name=name, sides=battle.sides, sources=battle.sources)

    MarkdownExporter().write(battles_in_turn(), stream)
    assert taken == ["First", "Second", "Third"]


def test_empty_iterable() -> None:
    """No battles give an empty document."""
    assert md([]) == ""


# --- hostile values ------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
    "[[A|B]]",
    "[x](javascript:alert(1))",
    "![img](x.png)",
    "[^1]",
    "- [ ] task",
    "*bold*",
    "**bold** __under__ _it_",
    "~~strike~~ ~x~",
    "`code`",
    "``double``",
    "```",
    "\\|",
    "a \\| b",
    "\\",
    "ends with \\",
    "\\*not bold\\*",
    "| a | b |",
    "|",
    "||",
    "# heading",
    "#",
    "x #",
    "x ##",
    "---",
    "===",
    "- item",
    "1. item",
    "2) item",
    "> quote",
    "+ x",
    "    indented code",
    "a\nb",
    "a\r\nb",
    "a\rb",
    "\n# injected heading",
    "line\n---",
    "cell | with\n| --- |\n| injected |",
    "  padded  ",
    "\u3000ideographic space\u00a0",
    "\u2028line separator\u2029",
    "\x00\x01\x07\x1b[31m\x7f\x85\x9f",
    "tab\tseparated\t",
    "\x0bvertical\x0cfeed",
    "👩‍👩‍👧 🇯🇵 emoji",
    "\u202eevil\u202c",
    "\u200fשלום\u200f عربى",
    "\ufeffBOM",
    "&amp; &lt; &#60; &#x3C; &copy",
    "https://example.com/a_b_c",
    "www.example.com",
    "example.com",
    "user@example.com",
    "mailto:user@example.com",
    "<https://example.com>",
    "1.5 and 3.14",
    "end.",
    "$x^2$",
    ":smile:",
    "{#id .class}",
    "\ud800 lone surrogate",
]


def value_battle(value: str) -> s.Battle:
    """A battle with the value in (nearly) every field: every kind of table cell and the title."""
    if not value.strip():  # the model refuses blank text; an unknown parameter's value may be blank
        return s.Battle(
            name="Blank",
            sides=(
                s.Side(belligerents=(s.Belligerent(name="A"),)),
                s.Side(belligerents=(s.Belligerent(name="B"),)),
            ),
            extra=(("blank", value),),
        )
    v = value
    citation = s.Citation(source=v, infobox_row=v, section=v, paragraph=2, note=v)
    return s.Battle(
        name=v,
        alt_names=(v,),
        names=(s.LocalName(lang=v, name=v, romanisation=v, citation=citation),),
        war=s.War(name=v),
        date=s.DateRange(text=v),
        place=s.Place(name=v, alt_names=(v,)),
        coordinates=s.Coordinates(text=v),
        result=v,
        territory=v,
        image=v,
        caption=v,
        sides=(
            s.Side(
                belligerents=(s.Belligerent(name=v, kind=v, flag=v, alt_names=(v,), citation=citation),),
                commanders=(s.Person(name=v, rank=v, full_name=v, alt_names=(v,), role=v),),
                units=(v,),
                strength=(s.Quantity(value=5, unit=v, text=v),),
                casualties=s.Casualties(
                    text=v,
                    items=(
                        s.Casualty(kind=s.CasualtyKind.KILLED, quantity=s.Quantity(value=1, text=v), label=v),
                    ),
                    citation=citation,
                ),
            ),
            s.Side(belligerents=(s.Belligerent(name="B"),)),
        ),
        people=(s.Person(name=v, rank=v, role=v, citations=(citation,)),),
        organisations=(s.Organisation(name=v, alt_names=(v,), description=v, citation=citation),),
        places=(s.Place(name=v, description=v, citation=citation),),
        events=(s.Event(date=s.DateRange(text=v), summary=v, participants=(v,), citation=citation),),
        statements=(
            s.Statement(
                subject=v,
                attribute=v,
                text=v,
                quantity=s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=v),
                date=s.DateRange(text=v),
                citation=citation,
            ),
        ),
        sources=(s.Source(key=v, title=v, url=v, authors=(v,), publisher=v, isbn=v, licence=v, note=v),),
        infobox_citation=citation,
        extra=((v, v),),
    )


def check_value(value: str, renderer: str) -> None:
    """Every cell that holds the value shows exactly normalise(value), and nothing else appears."""
    n = normalise
    battle = value_battle(value)
    doc = render(md(battle), renderer)
    assert unexpected(doc, renderer, (value,)) == [], value
    if battle.name == "Blank":
        assert doc.rows("Field", "Value", "Source")["blank"] == [n(value), ""]
        return
    v = n(value)
    own = battle.infobox_citation
    assert own is not None
    c = n(cite(own))

    def row(name: str) -> str:  # the citation of an infobox row: the battle's, at that row
        return n(cite(attrs.evolve(own, infobox_row=name)))

    assert doc.headings[0] == (1, v)
    assert doc.table("Name", "Language", "Romanisation", "Source") == [
        [v, "", "", row("Title")],
        [v, v, v, c],
    ]
    fields = ["Part of", "Date", "Location", "Coordinates", "Result", "Territory", "Image", "Caption"]
    assert doc.table("Field", "Value", "Source") == [*([f, v, row(f)] for f in fields), [v, v, row(value)]]
    assert doc.table("Field", "Side 1", "Side 2", "Source") == [
        ["Belligerents", v, "B", f"{c}; {row('Belligerents')}" if c != row("Belligerents") else c],
        ["Commanders and leaders", v, "", row("Commanders and leaders")],
        ["Units involved", v, "", row("Units involved")],
        ["Strength", v, "", row("Strength")],
        ["Casualties and losses", v, "", c],
    ]
    assert doc.table("Side", "Belligerent", "Kind", "Flag", "Other names", "Source") == [
        ["Side 1", v, v, v, v, c],
        ["Side 2", "B", "state", "", "", row("Belligerents")],
    ]
    assert doc.table("Side", "Measure", "Figure", "Unit", "Qualifier", "As stated", "Source") == [
        [v, "strength", "5", v, "exact", v, row("Strength")],
        [v, n(f"killed ({value})"), "1", "", "exact", v, c],
    ]
    assert doc.table("Name", "Rank or title", "Role", "Full name", "Other names", "Side", "Source") == [
        [v, v, v, v, v, v, row("Commanders and leaders")],
        [v, v, v, "", "", "", c],
    ]
    assert doc.table("Organisation", "Other names", "Description", "Source") == [[v, v, v, c]]
    assert doc.table("Place", "Other names", "Description", "Source") == [
        [v, v, "", row("Location")],
        [v, "", v, c],
    ]
    assert doc.table("Date", "ISO 8601", "What happened", "Participants", "Source") == [[v, "", v, v, c]]
    assert doc.table("Subject", "Attribute", "Statement", "Figure", "Date", "Source") == [[v, v, v, v, v, c]]
    assert doc.table("Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note") == [
        [v, v, v, "", v, v, v, v, v]
    ]
    assert len(doc.tables) == 11


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@every_renderer
def test_hostile_values(value: str, renderer: str) -> None:
    """A hostile value renders as its normalised text in every cell, never as markup, HTML or a new row."""
    check_value(value, renderer)


@every_renderer
def test_long_value(renderer: str) -> None:
    """A 100,000-character value full of syntax comes back whole, in its one cell."""
    value = "ab|*\\_`<." * 10_000
    battle = s.Battle(
        name="Long",
        result=value,
        sides=(
            s.Side(belligerents=(s.Belligerent(name=value),)),
            s.Side(belligerents=(s.Belligerent(name="B"),)),
        ),
    )
    doc = render(md(battle), renderer)
    assert doc.rows("Field", "Value", "Source")["Result"] == [value, ""]
    assert doc.rows("Field", "Side 1", "Side 2", "Source")["Belligerents"] == [value, "B", ""]
    assert unexpected(doc, renderer) == []


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://en.wikipedia.org/wiki/Invasion_of_Sakhalin", True),
        ("http://Example.COM/a-b/c.d~e/", True),
        ("https://example.com", True),
        ("https://xn--80ak6aa92e.com/", False),  # markdown-it shows a punycode host in Unicode
        ("https://example.com/?q=1&r=2", False),
        ("https://example.com/a%20b", False),  # markdown-it shows %20 as a space
        ("http://A::", False),
        ("https://example.com/a|b", False),
        ("javascript:alert(1)", False),
        ("www.example.com", False),
    ],
)
@every_renderer
def test_source_urls(url: str, linked: bool, renderer: str) -> None:
    """A plain http(s) URL is a link to itself; any other shows as its exact text and links nowhere."""
    battle = s.Battle(
        name="URL",
        sides=(
            s.Side(belligerents=(s.Belligerent(name="A"),)),
            s.Side(belligerents=(s.Belligerent(name="B"),)),
        ),
        sources=(s.Source(key="k", title="t", url=url),),
    )
    doc = render(md(battle), renderer)
    rows = doc.table("Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note")
    assert rows[0][6] == url
    assert [a.get("href") for tag, a in doc.elements if tag == "a"] == ([url] if linked else [])


@given(st.text())
def test_any_text_renders_as_itself(value: str) -> None:
    """For any text, every cell and the title render as normalise(text) in both renderers."""
    for renderer in RENDERERS:
        check_value(value, renderer)


@given(st.text(alphabet=st.sampled_from("\\|*_`<>&#[]()!~-=.:@/ \t\nwx1"), min_size=1, max_size=40))
def test_markdown_syntax_soup_renders_as_itself(value: str) -> None:
    """Text made only of Markdown's syntax characters still renders as itself."""
    for renderer in RENDERERS:
        check_value(value, renderer)


@settings(max_examples=25)
@given(battles(max_sides=4))
def test_any_battle_renders_its_values(battle: s.Battle) -> None:
    """Any valid battle: title, belligerents, statements and sources come back exactly in both renderers."""
    text = md(battle)
    n = normalise
    for renderer in RENDERERS:
        doc = render(text, renderer)
        assert unexpected(doc, renderer) == []
        assert doc.headings[0] == (1, n(battle.name))
        header = ("Field", *(f"Side {i}" for i in range(1, len(battle.sides) + 1)), "Source")
        belligerents = doc.rows(*header)["Belligerents"]
        assert belligerents[:-1] == [n("; ".join(b.name for b in side.belligerents)) for side in battle.sides]
        if battle.statements:
            rows = doc.table("Subject", "Attribute", "Statement", "Figure", "Date", "Source")
            assert sorted(r[2] for r in rows) == sorted(n(x.text) for x in battle.statements)
        if battle.sources:
            rows = doc.table("Key", "Title", "Authors", "Year", "Publisher", "ISBN", "URL", "Licence", "Note")
            assert [r[:2] for r in rows] == [[n(x.key), n(x.title)] for x in battle.sources]
            assert [r[3] for r in rows] == ["" if x.year is None else str(x.year) for x in battle.sources]


# --- the escaping rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("a\r\nb", "a b"),
        ("a\n\nb", "a  b"),
        ("a\tb\x0bc\x0cd\re", "a b c d e"),
        ("\x00\x1b\x7f\x85", "\ufffd" * 4),
        ("\ud800", "\ufffd"),
        ("\u2028 \u00a0 \u200b", "\u2028 \u00a0 \u200b"),
        ("<b>", "<b>"),
    ],
)
def test_normalise(value: str, text: str) -> None:
    """Line breaks and tabs become spaces, other control characters and lone surrogates U+FFFD."""
    assert normalise(value) == text


@pytest.mark.parametrize(
    ("value", "markdown"),
    [
        ("14,000 (c. 1905)", "14,000 (c. 1905)"),
        ("A. B. end.", "A. B. end."),
        ("x.com", "x\\.com"),
        ("https://x", "https\\://x"),
        ("a|b", "a\\|b"),
        ("\\|", "\\\\\\|"),
        ("<*_`[]&~#@>", "\\<\\*\\_\\`\\[\\]\\&\\~\\#\\@\\>"),
        (" x ", "&#x20;x&#x20;"),
        ("\u3000", "&#x3000;"),
        ("a\nb", "a b"),
    ],
)
def test_escape(value: str, markdown: str) -> None:
    """Only inline syntax is escaped, so ordinary punctuation stays readable in the source."""
    assert escape(value) == markdown


def test_statement_qualifier_is_worded_not_its_code(battle: s.Battle) -> None:
    """A statement's figure known as a lower bound reads "at least", never the code at_least."""
    statement = s.Statement(
        subject="garrison",
        attribute="strength",
        text="The garrison had at least 500 men.",
        quantity=s.Quantity(value=500, unit="men", qualifier=s.Qualifier.AT_LEAST),
    )
    text = md(attrs.evolve(battle, statements=(statement,)))
    assert "500 men (at least)" in text
    assert "at_least" not in text
