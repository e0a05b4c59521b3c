"""The wikitext exporter: an {{Infobox military conflict}} that real wikitext parsers read back."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import attrs
import mwparserfromhell
import pytest
import wikitextparser
from hypothesis import given
from hypothesis import strategies as st

import sakhalin as s
from sakhalin._wiki_values import escape, escape_lines, is_safe_raw, shown
from sakhalin.exporters import EXPORTERS
from sakhalin.exporters._wikitext import WikitextExporter, infobox_params
from tests.conftest import ROOT
from tests.strategies import battles, text

GOLDEN = ROOT / "tests" / "golden" / "invasion-of-sakhalin.wiki"

HOSTILE = [
    "a|b",
    "x = y",
    "{{",
    "}}",
    "{{flag|X}}",
    "[[A|B]]",
    "]]",
    "<ref>r</ref>",
    "<ref name=x/>",
    "<nowiki>",
    "</nowiki>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "line one\nline two",
    "a\n\nb",
    "\n| injected = yes",
    "* bullet",
    "# number",
    ": indent",
    "; term",
    "----",
    "''italic'' '''bold'''",
    "~~~~",
    "__NOTOC__",
    "&amp; &#124; &nbsp;",
    "AT&T",
    "()",
    "trailing space ",
    "two  spaces",
    "tab\there",
    "{|\n|}",
    "== heading ==",
    "{{{1}}}",
    "http://example.org/?a=b|c",
    "[http://example.org label]",
    "x" * 100_000,
]
hostile = st.sampled_from(HOSTILE) | text | st.builds(str.__add__, text, st.sampled_from(HOSTILE))


def parse_mw(wikitext: str) -> list[list[tuple[str, str]]]:
    """Every top-level template's parameters as mwparserfromhell reads them."""
    code = mwparserfromhell.parse(wikitext)
    return [
        [(str(p.name).strip(), str(p.value).strip()) for p in t.params]
        for t in code.filter_templates(recursive=False)
    ]


def parse_wtp(wikitext: str) -> list[list[tuple[str, str]]]:
    """Every top-level template's parameters as wikitextparser reads them."""
    parsed = wikitextparser.parse(wikitext)
    return [
        [(a.name.strip(), a.value.strip()) for a in t.arguments]
        for t in parsed.templates
        if t.nesting_level == 1
    ]


def unescape(value: str) -> str:
    """Decode the exporter's escaping independently of the reader: templates, <br />, entities."""
    value = value.replace("{{!}}", "|").replace("{{=}}", "=").replace("<br />", "\n")
    return re.sub(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", _entity, value)


def _entity(match: re.Match[str]) -> str:
    body = match[0][1:-1]
    if body.startswith(("#x", "#X")):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    return html.unescape(match[0])


def test_registered_by_name_alias_and_extension() -> None:
    """The exporter answers to wikitext, wiki, infobox, .wiki and .wikitext."""
    for key in ("wikitext", "wiki", "infobox", "WIKI"):
        assert EXPORTERS.get(key).cls is WikitextExporter
    assert EXPORTERS.for_path("x.wiki").cls is WikitextExporter
    assert EXPORTERS.for_path("x.wikitext").cls is WikitextExporter
    assert EXPORTERS.get("wiki").media_type == "text/x-wiki"
    assert EXPORTERS.get("wiki").binary is False


def test_golden(battle: s.Battle, update_golden: bool) -> None:
    """The embedded battle's infobox matches tests/golden/invasion-of-sakhalin.wiki byte for byte."""
    out = s.export(battle, "wiki")
    assert isinstance(out, str)
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(out, encoding="utf-8", newline="")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_embedded_values_read_back_by_both_parsers(battle: s.Battle) -> None:
    """Both parsers find one infobox with the documented parameters and the embedded battle's values."""
    out = s.export(battle, "wiki")
    assert isinstance(out, str)
    expected = [
        ("conflict", "Invasion of Sakhalin"),
        ("partof", "Russo-Japanese War"),
        ("image", "Battle of Sakhalin.JPG"),
        ("caption", "Japanese forces landing on Sakhalin"),
        ("date", "7 July – 31 July 1905"),
        ("place", "Sakhalin island"),
        ("result", "Japanese victory"),
        ("combatant1", "{{flag|Empire of Japan}}"),
        ("combatant2", "{{flag|Russian Empire}}"),
        ("commander1", "Haraguchi Kensai<br />Kataoka Shichirō"),
        ("commander2", "General Lyapunov"),
        ("strength1", "14,000"),
        ("strength2", "7280 men"),
        ("casualties1", "minimal"),
        ("casualties2", "181 dead and 3,270 prisoners"),
    ]
    assert parse_mw(out) == [expected]
    assert parse_wtp(out) == [expected]
    (template,) = mwparserfromhell.parse(out).filter_templates(recursive=False)
    assert str(template.name).strip() == "Infobox military conflict"
    flags = [str(t.get(1).value) for t in template.get("combatant1").value.filter_templates()]
    assert flags == ["Empire of Japan"]


def test_several_battles_one_after_another(battle: s.Battle) -> None:
    """Several battles give one infobox each, separated by one blank line, the same on every run."""
    other = attrs.evolve(battle, name="Second battle", war=None, image=None)
    out = s.export([battle, other, battle], "wiki")
    assert isinstance(out, str)
    assert out == s.export([battle, other, battle], "wiki")
    one = s.export(battle, "wiki")
    two = s.export(other, "wiki")
    assert isinstance(one, str) and isinstance(two, str)
    assert out == one + "\n" + two + "\n" + one
    names = [dict(params)["conflict"] for params in parse_mw(out)]
    assert names == ["Invasion of Sakhalin", "Second battle", "Invasion of Sakhalin"]
    assert [dict(p)["conflict"] for p in parse_wtp(out)] == names


def test_numbers_without_text_get_thousands_separators(battle: s.Battle) -> None:
    """A figure without its words is written with thousands separators and its qualifier."""
    japan, russia = battle.sides
    japan = attrs.evolve(
        japan,
        strength=(
            s.Quantity(value=14000),
            s.Quantity(value=1200, high=1500, qualifier=s.Qualifier.APPROXIMATE, unit="men"),
            s.Quantity(value=50, qualifier=s.Qualifier.AT_LEAST),
        ),
    )
    out = s.export(attrs.evolve(battle, sides=(japan, russia)), "wiki")
    assert isinstance(out, str)
    assert dict(parse_mw(out)[0])["strength1"] == "14,000<br />c. 1,200–1,500 men<br />50+"


def test_flag_differing_from_name_uses_flagicon(battle: s.Battle) -> None:
    """A belligerent whose flag name differs from its name gets {{flagicon|flag}} before its name."""
    japan, russia = battle.sides
    japan = attrs.evolve(
        japan,
        belligerents=(
            s.Belligerent(name="Japan", flag="Empire of Japan"),
            s.Belligerent(name="Ainu volunteers"),
        ),
    )
    out = s.export(attrs.evolve(battle, sides=(japan, russia)), "wiki")
    assert isinstance(out, str)
    assert dict(parse_wtp(out)[0])["combatant1"] == "{{flagicon|Empire of Japan}} Japan<br />Ainu volunteers"


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_value_keeps_the_template_intact(battle: s.Battle, value: str) -> None:
    """A hostile text in any field leaves exactly the template's parameters, each reading back as written."""
    japan, russia = battle.sides
    japan = attrs.evolve(
        japan,
        belligerents=(s.Belligerent(name=value, flag=value),),
        commanders=(s.Person(name=value), s.Person(name="B")),
        units=(value,),
        strength=(s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=value),),
        casualties=s.Casualties(text=value),
    )
    changed = attrs.evolve(
        battle,
        name=value,
        result=value,
        caption=value,
        coordinates=s.Coordinates(text=value),
        sides=(japan, russia),
        extra=(),
    )
    check_round_trip(changed)
    params = dict(infobox_params(changed))
    assert unescape(params["result"]) == shown(value)
    assert unescape(params["commander1"]) == shown(value) + "\nB"
    assert unescape(params["units1"]) == shown(value)


def check_round_trip(battle: s.Battle) -> None:
    out = s.export(battle, "wiki")
    assert isinstance(out, str)
    expected = [(name, value.strip()) for name, value in infobox_params(battle)]
    assert parse_mw(out) == [expected]
    assert parse_wtp(out) == [expected]
    fields = {
        "conflict": battle.name,
        "result": battle.result,
        "caption": battle.caption,
        "territory": battle.territory,
        "image": battle.image,
    }
    got = dict(expected)
    where = battle.coordinates
    if where is not None and where.latitude is None:  # words only: written as themselves
        assert unescape(got["coordinates"]) == shown(where.text or "")
    elif where is not None:
        assert got["coordinates"].startswith("{{coord|")
    for param, wanted in fields.items():
        if wanted is not None:
            assert unescape(got[param]) == shown(wanted)
        else:
            assert param not in got
    for i, side in enumerate(battle.sides, 1):
        if side.units:
            assert unescape(got[f"units{i}"]) == "\n".join(shown(unit) for unit in side.units)
        if side.casualties is not None:
            assert unescape(got[f"casualties{i}"]) == shown(side.casualties.text)
    if battle.joint_casualties is not None:
        assert unescape(got[f"casualties{len(battle.sides) + 1}"]) == shown(battle.joint_casualties.text)


@given(battles())
def test_hypothesis_battles_read_back_by_both_parsers(battle: s.Battle) -> None:
    """Any valid battle gives one infobox whose parameters and values both parsers read as written."""
    check_round_trip(battle)


@given(battles(max_sides=3), hostile, hostile, hostile)
def test_hypothesis_hostile_strings(battle: s.Battle, a: str, b: str, c: str) -> None:
    """Hostile strings in names, results, units, casualties and extras never add or lose a parameter."""
    first, *rest = battle.sides
    first = attrs.evolve(
        first,
        belligerents=(s.Belligerent(name=a, flag=b),),
        commanders=(s.Person(name=b), s.Person(name=c)),
        units=(c,),
        casualties=s.Casualties(text=a),
    )
    changed = attrs.evolve(
        battle,
        name=a,
        result=b,
        caption=c,
        sides=(first, *rest),
        joint_casualties=s.Casualties(text=c),
        extra=(("notes", a), ("campaignbox", b)),
    )
    check_round_trip(changed)


def test_escape_is_readable_for_plain_text() -> None:
    """Plain text is written as is; only wiki syntax is escaped."""
    assert escape("Empire of Japan") == "Empire of Japan"
    assert escape("7 July – 31 July 1905") == "7 July – 31 July 1905"
    assert escape("a|b = c") == "a{{!}}b {{=}} c"
    assert escape("[[A|B]]") == "&#91;&#91;A{{!}}B&#93;&#93;"
    assert escape("<ref>x</ref>") == "&lt;ref&gt;x&lt;/ref&gt;"
    assert escape_lines("a\nb") == "a<br />b"
    assert escape_lines("a\n\nb") == "a&#10;&#10;b"


def test_exporter_needs_no_wikitext_parser(tmp_path: Path) -> None:
    """Exporting works with mwparserfromhell and wikitextparser made unimportable."""
    script = (
        "import sys\n"
        "sys.modules['mwparserfromhell'] = None\n"
        "sys.modules['wikitextparser'] = None\n"
        "import sakhalin\n"
        "print(sakhalin.export(sakhalin.load(), 'wiki'), end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == s.export(s.load(), "wiki")


def test_bad_template_option_is_an_option_error(battle: s.Battle) -> None:
    """A template name that would break the wikitext is refused as an option error."""
    with pytest.raises(s.OptionError, match="template"):
        s.export(battle, "wiki", template="a|b")
    out = s.export(battle, "wiki", template="Infobox battle")
    assert isinstance(out, str) and out.startswith("{{Infobox battle\n")


@given(battles(max_sides=3, infobox=True))
def test_hypothesis_raw_parameters_never_break_the_template(battle: s.Battle) -> None:
    """Raw parameters and stale fingerprints of any kind never add or lose a parameter."""
    check_round_trip(battle)
    raw = dict(battle.infobox_params)
    for name, value in infobox_params(battle):
        if name in raw and value == raw[name].strip():
            assert is_safe_raw(value)  # a raw value is reused only when it cannot break the template


@given(battles(infobox=True))
def test_infobox_fields_survive_json(battle: s.Battle) -> None:
    """The raw parameters and fingerprints round trip through to_dict and from_dict."""
    assert s.from_dict(s.to_dict(battle)) == battle


@pytest.mark.parametrize("name", ["0=|", "a|b", "x = y", "{{t}}", " padded ", "[[A]]", "<b>", "&amp;"])
def test_hostile_extra_names_keep_the_template_intact(battle: s.Battle, name: str) -> None:
    """An extra with a hostile name (blank value or not) is written with entities, never templates."""
    for value in ("", "v"):
        changed = attrs.evolve(battle, extra=((name, value),))
        check_round_trip(changed)
        written = [n for n, _ in infobox_params(changed)]
        assert "{{" not in written[-1]


def test_plain_text_is_never_a_link_or_magic_link() -> None:
    """URL schemes, ISBN/RFC/PMID and French spacing get an entity where a wiki would see markup."""
    assert escape("see http://x.org") == "see http&#58;//x.org"
    assert escape("mailto:a@b.org") == "mailto&#58;a@b.org"
    assert escape("ISBN 0-19-860446-7") == "ISB&#78; 0-19-860446-7"
    assert escape("RFC 1234, PMID 5") == "RF&#67; 1234, PMI&#68; 5"
    assert escape("Quoi ? « oui »") == "Quoi&#32;? «&#32;oui&#32;»"
    assert escape("Hotel: x") == "Hotel: x"  # "tel:" inside a word is no scheme
    assert escape("a ?b") == "a&#32;?b"  # harmless where a wiki would not act


def test_unshowable_characters_have_a_documented_replacement() -> None:
    """A carriage return is a newline; other control characters and lone surrogates are U+FFFD."""
    assert shown("a\r\nb\rc") == "a\nb\nc"
    assert shown("bell\x07 del\x7f c1\x85 \ud800") == "bell\ufffd del\ufffd c1\ufffd \ufffd"
    assert shown("tab\tnew\nline") == "tab\tnew\nline"
    assert escape("bell\x07") == "bell\ufffd"
    assert escape_lines("a\r\nb") == "a<br />b"
