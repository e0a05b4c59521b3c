"""What a real MediaWiki shows: exported plain text renders as exactly that text.

These tests need Debian's ``mediawiki`` package with php8.2-cli, php8.2-sqlite3 and lua5.1
(``.ci/run`` installs them); without them they skip, saying why. One wiki serves the whole run
(the ``mediawiki`` fixture), and each test renders all its snippets in one ``parse.php`` call.
"""

from __future__ import annotations

import random

import attrs

import sakhalin as s
from sakhalin._wiki_values import shown
from tests.mediawiki import MediaWiki
from tests.test_apply import FIXTURES, read_page, text_of
from tests.test_wikitext import HOSTILE

# Text that a wiki would turn into markup if it were written as it is: links, magic links,
# French spacing, control characters, and the wikitext syntax the escaping has always covered.
RISKY = [
    "http://example.org/?a=b|c",
    "[http://example.org label]",
    "https://x.org/path",
    "HTTP://X.ORG",
    "see ftp://f.org/x",
    "mailto:a@b.org",
    "write to mailto:a@b.org now",
    "irc://x",
    "news:comp.lang",
    "tel:+123",
    "urn:isbn:1",
    "Hotel: Ritz",
    "//x.org",
    "ISBN 0-19-860446-7",
    "ISBN 978-0-7524-5095-7",
    "ISBN\xa00198604467",
    "RFC 1234",
    "PMID 12345",
    "isbn 0-19-860446-7",
    "Quoi ?",
    "Non !",
    "Note : x",
    "a ; b",
    "50 %",
    "« citation »",
    "‹ x ›",
    "a » b",
    "a ?b",
    "5 ! 3",
    "line\rbreak",
    "crlf\r\nline",
    "bell\x07",
    "nul\x00x",
    "esc\x1b[31m",
    "del\x7f",
    "c1\x85x",
    "vt\x0bx",
    "zwj\u200dx",
    "bidi\u202ex",
    "soft\xadhyphen",
    "nbsp\xa0x",
    "javascript:alert(1)",
    "-{zh}-",
    "#REDIRECT [[X]]",
    "[[Category:X]]",
    "&#x41; &lt;",
    "<b>b</b>",
    "__TOC__",
    "~~~",
]
FRAGMENTS = [*RISKY, *(x for x in HOSTILE if len(x) < 200), "x", " ", "  ", "(", ")", ":", "«", "?", "\n"]


def hostile_values(count: int = 700) -> list[str]:
    """The risky values alone and joined in pairs and threes (seeded: the same on every run)."""
    rng = random.Random(1905)
    values = list(dict.fromkeys(x for x in FRAGMENTS if x.strip()))
    while len(values) < count:
        value = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 3)))
        if value.strip():
            values.append(" ".join(value.split(" ")) if rng.random() < 0.5 else value.strip())
    return values


def as_params(battle: s.Battle) -> str:
    """The battle's infobox with our parameter-listing template in place of the real one."""
    text = s.export(attrs.evolve(battle, infobox_template=None), "wiki", template="Params")
    assert isinstance(text, str)
    return text


def test_exported_plain_text_shows_as_itself_on_a_real_wiki(mediawiki: MediaWiki) -> None:
    """Each hostile text, as a result and a commander, shows as exactly itself (or its replacement)."""
    values = hostile_values()
    battles = [
        s.Battle(
            name="Test",
            result=value,
            sides=(
                s.Side(belligerents=(s.Belligerent(name="A"),), commanders=(s.Person(name=value.strip()),)),
                s.Side(belligerents=(s.Belligerent(name="B"),)),
            ),
        )
        for value in values
    ]
    rendered = mediawiki.shown([as_params(battle) for battle in battles])
    wrong = []
    for value, battle, params in zip(values, battles, rendered, strict=True):
        expected = {
            "conflict": "Test",
            "combatant1": "A",
            "combatant2": "B",
            "commander1": shown(battle.sides[0].commanders[0].name),
            "result": shown(value),
        }
        if params != expected:
            wrong.append((value, params))
    assert not wrong, f"{len(wrong)} of {len(values)} differ; first: {wrong[:3]}"


def test_applied_edits_pass_exactly_their_parameters(mediawiki: MediaWiki) -> None:
    """A real page edited with hostile values: the wiki gets its parameters, the new ones shown as text."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    values = hostile_values(120)
    snippets = []
    for value in values:
        edited = attrs.evolve(battle, caption=value, territory=value.strip() or None)
        out = s.apply(edited, page)
        start = out.index("{{Infobox Military Conflict")
        infobox = out[start:].replace("{{Infobox Military Conflict", "{{Params", 1)
        snippets.append(infobox[: infobox.index("\n}}") + 3])
    names = {name for name, raw in battle.infobox_params}
    for value, params in zip(values, mediawiki.shown(snippets), strict=True):
        assert set(params) == names | {"caption"}, value
        assert params["caption"] == shown(value), value
        assert params["territory"] == shown(value.strip()), value
