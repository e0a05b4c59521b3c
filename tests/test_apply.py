"""sakhalin.apply and `sakhalin apply`: infoboxes of real pages edited in place, nothing else."""

from __future__ import annotations

import datetime
import difflib
import io
import json
from pathlib import Path

import attrs
import mwparserfromhell
import pytest
import wikitextparser
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin as s
from sakhalin._apply import worded
from sakhalin._cli import main
from sakhalin._wiki_values import digest, field_keys, field_of, field_value
from sakhalin.readers._wikitext import WikitextReader
from tests.conftest import ROOT, SHARED

FIXTURES = ROOT / "tests" / "fixtures" / "pages"
OWN = sorted(FIXTURES.glob("*.wiki"))
SHARED_PAGES = sorted((SHARED / "corpus" / "pages").glob("*.wiki")) + sorted(
    (SHARED / "corpus" / "infobox").glob("*.wiki")
)
needs_shared = pytest.mark.skipif(not SHARED_PAGES, reason=f"the shared corpus is not at {SHARED / 'corpus'}")


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def read_page(page: str) -> list[s.Battle]:
    return list(WikitextReader().read(io.StringIO(page, newline=""), "page"))


def readable(paths: list[Path]) -> list[Path]:
    """The pages the reader reads (a page whose infobox has no name cannot be converted)."""
    out = []
    for path in paths:
        try:
            read_page(text_of(path))
        except s.ReadError:
            continue
        out.append(path)
    return out


def infobox_of(page: str, n: int = 0) -> mwparserfromhell.nodes.Template:
    from sakhalin.readers._wikitext import infobox_templates

    template: mwparserfromhell.nodes.Template = infobox_templates(mwparserfromhell.parse(page))[n]
    return template


# ----------------------------------------------------------------------------- no-op


@pytest.mark.parametrize("path", OWN, ids=[p.stem for p in OWN])
def test_applying_a_pages_own_battles_gives_the_page_byte_for_byte(path: Path) -> None:
    """Every kept real page: read, apply back, and the page is unchanged, for both other parsers too."""
    page = text_of(path)
    out = s.apply(read_page(page), page)
    assert out == page
    assert str(mwparserfromhell.parse(out)) == page
    assert wikitextparser.parse(out).string == page


@needs_shared
def test_applying_gives_every_shared_page_byte_for_byte() -> None:
    """Every readable page and infobox of the shared corpus survives read-and-apply unchanged."""
    pages = readable(SHARED_PAGES)
    assert len(pages) >= len(SHARED_PAGES) - 1
    for path in pages:
        page = text_of(path)
        assert s.apply(read_page(page), page) == page, path.name


def test_no_op_through_json_from_the_command_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`sakhalin convert PAGE b.json && sakhalin apply b.json PAGE` prints PAGE byte for byte."""
    for path in OWN:
        data = tmp_path / "b.json"
        assert main(["convert", "-q", str(path), str(data)]) == 0
        capsysbinary.readouterr()
        assert main(["apply", str(data), str(path)]) == 0
        assert capsysbinary.readouterr().out == path.read_bytes(), path.name


def test_several_infoboxes_in_tables_and_comments_keep_their_place() -> None:
    """Two infoboxes (one in a table), a comment: editing one leaves the other and the rest alone."""
    first = text_of(FIXTURES / "battle-of-purandar.wiki")
    second = text_of(FIXTURES / "battle-of-hastings-infobox.wiki")
    table = f'{{| class="wikitable"\n|-\n| {second}\n|}}'
    page = f"Intro <!-- {{{{Infobox battle}}}} in a comment -->\n{first}\n{table}\nEnd\n"
    battles = read_page(page)
    assert [b.name for b in battles] == ["Battle of Purandar", "Battle of Hastings"]
    assert s.apply(battles, page) == page
    hastings = attrs.evolve(battles[1], result="Norman victory")
    out = s.apply(hastings, page)
    changed = [line for line in difflib.ndiff(page.splitlines(), out.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and "Norman victory" in changed[1]
    assert read_page(out)[1].result == "Norman victory"
    assert read_page(out)[0] == battles[0]


# ------------------------------------------------------------------------------ edits


def changed_lines(page: str, out: str) -> tuple[list[str], list[str]]:
    old, new = [], []
    for line in difflib.ndiff(page.splitlines(), out.splitlines()):
        if line.startswith("- "):
            old.append(line[2:])
        elif line.startswith("+ "):
            new.append(line[2:])
    return old, new


def test_a_changed_figure_keeps_its_ref_and_only_its_line_changes() -> None:
    """Editing a strength's figure rewrites the figure only: the ref after it and every other line stay."""
    page = text_of(FIXTURES / "battle-of-chusto-talasah.wiki")
    (battle,) = read_page(page)
    side = battle.sides[0]
    strength = attrs.evolve(side.strength[0], value=3000, high=None)
    edited = attrs.evolve(battle, sides=(attrs.evolve(side, strength=(strength,)), *battle.sides[1:]))
    out = s.apply(edited, page)
    old, new = changed_lines(page, out)
    assert len(old) == len(new) == 1
    assert old[0].replace("2,000–2,500 men", "3,000 men") == new[0]
    (back,) = read_page(out)
    assert back.sides[0].strength[0].value == 3000 and back.sides[0].strength[0].text == "3,000 men"


def test_a_changed_commander_keeps_the_links_of_the_others() -> None:
    """One commander renamed in a <br /> list: the other names keep their links and flags."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    side = battle.sides[1]
    commanders = (s.Person(name="Jai Singh I"), *side.commanders[1:])
    edited = attrs.evolve(battle, sides=(battle.sides[0], attrs.evolve(side, commanders=commanders)))
    out = s.apply(edited, page)
    old, new = changed_lines(page, out)
    assert len(old) == len(new) == 1 and new[0].startswith("| commander2  =")
    assert "[[Dilir Khan]]" in old[0] and "[[Dilir Khan]]" not in new[0]
    assert [p.name for p in read_page(out)[0].sides[1].commanders] == [p.name for p in commanders]


def test_a_plainlist_item_added_keeps_the_plainlist() -> None:
    """A belligerent added to a {{plainlist}}: one new '* ' line, the others untouched."""
    page = text_of(FIXTURES / "operation-overlord-infobox.wiki")
    (battle,) = read_page(page)
    side = battle.sides[0]
    added = (*side.belligerents, s.Belligerent(name="Nowhere Land"))
    out = s.apply(
        attrs.evolve(battle, sides=(attrs.evolve(side, belligerents=added), *battle.sides[1:])), page
    )
    old, new = changed_lines(page, out)
    assert new[-1].strip() == "* Nowhere Land" and not [line for line in old if line not in new]
    assert [b.name for b in read_page(out)[0].sides[0].belligerents][-1] == "Nowhere Land"


def test_a_parameter_gaining_a_value_is_added_after_its_neighbour_in_the_same_style() -> None:
    """A new caption goes after partof (its neighbour in the documented order), aligned like the others."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    out = s.apply(attrs.evolve(battle, caption="The fort"), page)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("| caption"))
    assert lines[at] == "| caption     = The fort"
    assert lines[at - 1].startswith("| partof")
    assert lines[:at] + lines[at + 1 :] == page.splitlines()
    assert read_page(out)[0].caption == "The fort"


def test_a_blank_parameter_gaining_a_value_is_filled_where_it_stands() -> None:
    """The page's own blank `| territory   =` line gets the value; no line is added."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    out = s.apply(attrs.evolve(battle, territory="Fort ceded"), page)
    assert changed_lines(page, out) == (["| territory   ="], ["| territory   = Fort ceded"])


def test_a_compact_infobox_gets_a_compact_parameter() -> None:
    """In a `|name=value` infobox, a new parameter is written `|name=value` too."""
    page = text_of(FIXTURES / "battle-of-marsaglia.wiki")
    (battle,) = read_page(page)
    side = attrs.evolve(battle.sides[0], units=("Army of Italy",))
    out = s.apply(attrs.evolve(battle, sides=(side, *battle.sides[1:])), page)
    assert changed_lines(page, out) == ([], ["|units1=Army of Italy"])
    commander2 = "|commander2= {{flagicon|Duchy of Savoy}} [[Victor Amadeus II of Savoy]]"
    assert out.splitlines().index("|units1=Army of Italy") == page.splitlines().index(commander2) + 1


def test_a_parameter_losing_its_value_is_removed() -> None:
    """A result set to None removes the result line and nothing else."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    out = s.apply(attrs.evolve(battle, result=None), page)
    old, new = changed_lines(page, out)
    assert len(old) == 1 and old[0].startswith("| result") and not new
    assert read_page(out)[0].result is None


def test_a_figure_whose_wording_disagrees_is_worded_anew() -> None:
    """A strength whose value changed but whose text did not: the value wins, the text is regenerated."""
    quantity = s.Quantity(value=500, qualifier=s.Qualifier.APPROXIMATE, text="c. 400")
    side = s.Side(belligerents=(s.Belligerent(name="A"),), strength=(quantity,))
    battle = s.Battle(name="X", sides=(side, side))
    assert worded(battle).sides[0].strength[0].text == "c. 500"
    page = "{{Infobox military conflict\n| conflict = X\n| combatant1 = A\n| combatant2 = A\n}}\n"
    out = s.apply(battle, page)
    assert "| strength1 = c. 500\n" in out
    assert read_page(out)[0].sides[0].strength[0] == worded(battle).sides[0].strength[0]


def test_a_battle_matching_no_infobox_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two battles, one page with one infobox: the battle no infobox is named for is named; exit 2."""
    page = FIXTURES / "battle-of-purandar.wiki"
    (battle,) = read_page(text_of(page))
    with pytest.raises(s.ReadError, match="'Battle of Nowhere'"):
        s.apply([battle, attrs.evolve(battle, name="Battle of Nowhere")], text_of(page))
    data = tmp_path / "b.json"
    s.write([battle, attrs.evolve(battle, name="Battle of Nowhere")], data)
    assert main(["apply", str(data), str(page)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Battle of Nowhere" in err and str(page) in err


def test_position_matches_when_the_counts_agree() -> None:
    """One battle, one infobox, different names: the battle goes to the infobox and renames it."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki")
    (battle,) = read_page(page)
    out = s.apply(attrs.evolve(battle, name="Siege of Purandar"), page)
    assert read_page(out)[0].name == "Siege of Purandar"
    assert changed_lines(page, out)[1] == ["| conflict    = Siege of Purandar"]


def test_diff_prints_a_unified_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--diff shows the edit as a unified diff; the page file is not touched."""
    page = tmp_path / "page.wiki"
    page.write_bytes((FIXTURES / "battle-of-purandar.wiki").read_bytes())
    (battle,) = read_page(text_of(page))
    data = tmp_path / "b.json"
    s.write(attrs.evolve(battle, result="Maratha defeat"), data)
    before = page.read_bytes()
    assert main(["apply", str(data), str(page), "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {page}\n+++ {page} (applied)\n@@")
    assert '\n+| result      = Maratha defeat<ref name="purandar"/>\n' in out
    assert page.read_bytes() == before


def test_output_replaces_the_page_atomically(tmp_path: Path) -> None:
    """-o PAGE replaces the page with the edited text; an unwritable output is exit 1 and leaves no file."""
    page = tmp_path / "page.wiki"
    page.write_bytes((FIXTURES / "battle-of-purandar.wiki").read_bytes())
    (battle,) = read_page(text_of(page))
    data = tmp_path / "b.json"
    s.write(attrs.evolve(battle, result="Maratha defeat"), data)
    assert main(["apply", str(data), str(page), "-o", str(page)]) == 0
    assert read_page(text_of(page))[0].result == "Maratha defeat"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json", "page.wiki"]
    assert main(["apply", str(data), str(page), "-o", str(tmp_path / "missing" / "x.wiki")]) == 1


def test_data_from_csv_applies_too(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Battles read from CSV (no raw parameters) still match by name and leave the unchanged page alone."""
    path = FIXTURES / "battle-of-mount-elba.wiki"
    (battle,) = read_page(text_of(path))
    data = tmp_path / "b.csv"
    s.write(battle, data)
    assert main(["apply", str(data), str(path)]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    (back,) = read_page(out)
    for key in field_keys(len(battle.sides)):
        assert digest(key, field_value(back, key)) == digest(key, field_value(s.load(data), key)), key


# ----------------------------------------------------------------------- properties

_EDIT_PAGES = [
    FIXTURES / name
    for name in (
        "battle-of-purandar.wiki",
        "battle-of-chusto-talasah.wiki",
        "operation-overlord-infobox.wiki",
        "battle-of-swiecino.wiki",
        "battle-of-marsaglia.wiki",
    )
]
_WORDS = (
    st.text(alphabet="abcdefghij KLMN 0123'&*:#[]{}|=<>-~_()", min_size=1, max_size=16)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, s.Battle, s.Battle]:
    path = draw(st.sampled_from(_EDIT_PAGES))
    page = text_of(path)
    (battle,) = read_page(page)
    edited = battle
    for _ in range(draw(st.integers(1, 3))):
        what = draw(
            st.sampled_from(["result", "commander", "strength", "casualties", "date", "unit", "drop"])
        )
        n = draw(st.integers(0, len(edited.sides) - 1))
        side = edited.sides[n]
        if what == "result":
            edited = attrs.evolve(edited, result=draw(st.none() | _WORDS))
            continue
        if what == "date":
            day = draw(st.dates(datetime.date(1000, 1, 1), datetime.date(2000, 1, 1)))
            edited = attrs.evolve(edited, date=s.DateRange(start=day, end=day))
            continue
        if what == "commander":
            people = list(side.commanders)
            at = draw(st.integers(0, len(people)))
            people[at : at + draw(st.integers(0, 1))] = [s.Person(name=draw(_WORDS))]
            side = attrs.evolve(side, commanders=tuple(people))
        elif what == "strength":
            side = attrs.evolve(side, strength=(s.Quantity(value=draw(st.integers(0, 10**6))),))
        elif what == "casualties":
            text = draw(_WORDS)
            side = attrs.evolve(side, casualties=s.Casualties(text=text))
        elif what == "unit":
            side = attrs.evolve(side, units=(*side.units, draw(_WORDS)))
        else:
            side = attrs.evolve(side, commanders=side.commanders[1:], units=())
        edited = attrs.evolve(edited, sides=(*edited.sides[:n], side, *edited.sides[n + 1 :]))
    return page, battle, edited


def projection(battle: s.Battle) -> dict[str, object]:
    """What an infobox holds of a battle: each field as the reader types it."""
    from sakhalin._apply import _projection

    return {key: _projection(key, battle) for key in field_keys(len(battle.sides))}


@settings(max_examples=40)  # each example applies to a real page: a few hundred ms
@given(edits())
def test_random_edits_read_back_and_touch_only_their_parameters(case: tuple[str, s.Battle, s.Battle]) -> None:
    """Random edits of a real page's battle: the page reads back as edited, other parameters stay."""
    page, battle, edited = case
    out = s.apply(edited, page)
    (back,) = read_page(out)
    assert projection(back) == projection(worded(edited))
    sides = len(battle.sides)
    changed = {
        key
        for key in field_keys(sides)
        if digest(key, field_value(worded(edited), key)) != digest(key, field_value(battle, key))
    }
    old, new = infobox_of(page), infobox_of(out)
    kept = [
        (str(p.name), str(p.value).rstrip())
        for p in old.params
        if field_of(str(p.name).strip(), sides) not in changed
    ]
    after = [(str(p.name), str(p.value).rstrip()) for p in new.params]
    assert [p for p in after if p in kept] == kept
    start = page.find(str(old))
    assert out[:start] == page[:start]
    assert out[start + len(str(new)) :] == page[start + len(str(old)) :]


def test_json_round_trip_keeps_what_apply_needs() -> None:
    """A page's battle through JSON applies back to the page unchanged (the CLI's path)."""
    for path in OWN:
        page = text_of(path)
        battles = [s.from_dict(json.loads(json.dumps(s.to_dict(b)))) for b in read_page(page)]
        assert s.apply(battles, page) == page, path.name


def trailing_pipe_page() -> str:
    """The Purandar infobox rewritten by hand in the trailing-pipe style some pages use."""
    lines = text_of(FIXTURES / "battle-of-purandar.wiki").split("\n")
    start = lines.index("{{Infobox Military Conflict")
    end = lines.index("}}", start)
    body = [line.removeprefix("| ").rstrip() + " |" for line in lines[start + 1 : end]]
    body[-1] = body[-1].removesuffix(" |")
    return "\n".join([*lines[:start], "{{Infobox Military Conflict |", *body, *lines[end:]])


def test_trailing_pipe_style_is_kept() -> None:
    """In a `name = value |` infobox, a changed and an added parameter keep the trailing pipe."""
    page = trailing_pipe_page()
    (battle,) = read_page(page)
    assert s.apply(battle, page) == page
    out = s.apply(attrs.evolve(battle, result="Maratha defeat", caption="The fort"), page)
    assert changed_lines(page, out) == (
        ['result      = Mughal Victory. Shivaji surrenders.<ref name="purandar"/> |'],
        ["caption     = The fort |", 'result      = Maratha defeat<ref name="purandar"/> |'],
    )
    lines = out.split("\n")
    assert lines[lines.index("caption     = The fort |") - 1].startswith("partof")
    assert read_page(out)[0].caption == "The fort"


def test_ubl_items_are_edited_added_and_removed_in_the_ubl() -> None:
    """{{ubl}} items: one changed, one added, one removed; the others keep their link and flag."""
    page = (
        "{{Infobox military conflict\n| conflict = X\n"
        "| combatant1 = {{ubl|[[Aland]]|{{flag|Bland}}|Cland}}\n| combatant2 = Y\n}}\n"
    )
    (battle,) = read_page(page)
    side, other = battle.sides

    def with_belligerents(*names: s.Belligerent) -> str:
        return s.apply(attrs.evolve(battle, sides=(attrs.evolve(side, belligerents=names), other)), page)

    a, b, c = side.belligerents
    assert "{{ubl|[[Aland]]|Dland|Cland}}" in with_belligerents(a, s.Belligerent(name="Dland"), c)
    assert "{{ubl|[[Aland]]|{{flag|Bland}}|Cland|Eland}}" in with_belligerents(
        a, b, c, s.Belligerent(name="Eland")
    )
    assert "{{ubl|{{flag|Bland}}|Cland}}" in with_belligerents(b, c)


def test_edited_pages_read_the_same_with_wikitextparser() -> None:
    """After an edit, wikitextparser sees the same infobox parameters and values as mwparserfromhell."""
    for path in OWN:
        page = text_of(path)
        battles = read_page(page)
        out = s.apply(
            [attrs.evolve(battles[0], result="Edited | result = x", caption="[[A]]"), *battles[1:]], page
        )
        ours = [(str(p.name).strip(), str(p.value).strip()) for p in infobox_of(out).params]
        theirs = next(
            [(a.name.strip(), a.value.strip()) for a in t.arguments]
            for t in wikitextparser.parse(out).templates
            if t.name.strip() == str(infobox_of(out).name).strip()
        )
        assert ours == theirs, path.name
        assert read_page(out)[0].result == "Edited | result = x"


def test_crlf_pages_keep_their_line_endings() -> None:
    """A page saved with CRLF line endings: no-op byte for byte, and an added parameter ends in CRLF."""
    page = text_of(FIXTURES / "battle-of-purandar.wiki").replace("\n", "\r\n")
    (battle,) = list(WikitextReader().read(io.StringIO(page, newline=""), "page"))
    assert s.apply(battle, page) == page
    out = s.apply(attrs.evolve(battle, caption="Cap"), page)
    assert "\r\n| caption     = Cap\r\n" in out
    assert out.count("\n") == out.count("\r\n") == page.count("\r\n") + 1
