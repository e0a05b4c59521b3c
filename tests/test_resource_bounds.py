"""Small hostile files cost little: every reader's time and memory grow at most linearly.

Bounds are asserted with operation counts, or with CPU time relative to the same reader on an
ordinary input of the same size (never a wall-clock threshold): a quadratic or exponential
path is hundreds of times slower than its ordinary twin at these sizes, a linear one is not.
Each limit that refuses input is checked to give one line naming the file, the place and
the option that raises it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import mwparserfromhell
import pytest
import wikitextparser
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin
from sakhalin import _wiki_plain
from sakhalin._wiki_parse import parse_casualty_items
from sakhalin.readers import _wikitext

INFOBOX = "{{{{Infobox military conflict\n|conflict=A\n|{param}={value}\n}}}}\n"


def cpu(fn: Callable[[], Any], runs: int = 3) -> float:
    """The least CPU time of some runs of fn, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def read_wiki(tmp_path: Path, text: str, **options: Any) -> list[sakhalin.Battle]:
    """Every battle of a .wiki file holding text."""
    path = tmp_path / "page.wiki"
    path.write_text(text, encoding="utf-8")
    return list(sakhalin.read(path, **options))


def refusal(tmp_path: Path, text: str, **options: Any) -> str:
    """The one-line ReadError reading text as a .wiki file gives."""
    with pytest.raises(sakhalin.ReadError) as info:
        read_wiki(tmp_path, text, **options)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(tmp_path / "page.wiki") + ": line ")
    return message


# ------------------------------------------------------------ 1: nested templates walk once


def walks(value: str) -> int:
    """How many times the reader walks a piece of parsed wikitext turning value into plain text."""
    calls = 0
    walk = _wiki_plain.Plain.walk

    def counted(self: Any, *args: Any, **kwargs: Any) -> str:
        nonlocal calls
        calls += 1
        return walk(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_wiki_plain.Plain, "walk", counted)
        _wiki_plain.plain_lines(mwparserfromhell.parse(value))
    return calls


@given(
    templates=st.lists(
        st.sampled_from(["flag", "flagcountry", "flagicon", "nowrap", "hms", "ship"]), max_size=14
    )
)
def test_nested_templates_are_walked_once_per_level(templates: list[str]) -> None:
    """Templates that show their argument (flag, nowrap, ship) nested n deep cost O(n) walks, not 2**n."""
    value = "X"
    for name in templates:
        value = f"{{{{{name}|{value}|y}}}}"
    assert walks(value) <= 3 * len(templates) + 1


def test_twenty_nested_flags_read_the_country(tmp_path: Path) -> None:
    """Twenty nested {{flag}} templates (exponential before) read as the country, flag and all."""
    value = "Japan"
    for _ in range(20):
        value = f"{{{{flag|{value}}}}}"
    (battle,) = read_wiki(tmp_path, INFOBOX.format(param="combatant1", value=value))
    belligerent = battle.sides[0].belligerents[0]
    assert (belligerent.name, belligerent.flag) == ("Japan", "Japan")


# ------------------------------------------------------------ 2: casualty splitter is linear


@pytest.mark.parametrize(
    "filler",
    ["\xa0", " ", "\xa0and", " x", "\u2003"],
    ids=["no-break spaces", "spaces", "and", "words", "em spaces"],
)
def test_casualty_items_cost_linear_time_in_runs_of_spaces(filler: str) -> None:
    """A casualty text with a long run of (no-break) spaces costs what an ordinary text of its size costs."""
    size = 12_000
    hostile = "1 dead" + filler * (size // len(filler)) + "x("
    ordinary = ("1 dead, 2 wounded; " * size)[:size]
    assert (
        cpu(lambda: parse_casualty_items(hostile)) < 20 * cpu(lambda: parse_casualty_items(ordinary)) + 0.01
    )


def test_casualty_items_unchanged_by_the_linear_patterns() -> None:
    """The linear patterns split and label as before: separators after spaces, labels trimmed."""
    items = parse_casualty_items("181\xa0dead  and 3,270 prisoners ; ; 12 wounded\xa0(est.)")
    assert [(c.kind.value, c.quantity.value, c.label) for c in items] == [
        ("killed", 181, "dead"),
        ("captured", 3270, "prisoners"),
        ("wounded", 12, "wounded"),
    ]


# ------------------------------------------------------------ 7: the parser's input is bounded


@pytest.mark.parametrize(
    ("piece", "option"),
    [
        ("[http://a ", "max_lookahead"),  # 16,000 of these took 54 s
        ("<b ", "max_lookahead"),  # a tag never closed: the parser reads its attributes to the end
        ("<b>", "max_lookahead"),
        ("<!--", "max_lookahead"),
        ("[[a|", "max_lookahead"),
        ("|", "max_markup"),  # a million pipes took 898 MB and 50 s
        ("<br>", "max_markup"),
        ("\n*a", "max_markup"),
    ],
)
def test_markup_that_would_cost_the_parser_dear_is_refused_before_parsing(
    tmp_path: Path, piece: str, option: str
) -> None:
    """Open markup repeated, or a flood of markup, is refused before parsing in one line naming the option."""
    text = INFOBOX.format(param="result", value=piece * (20_000 // len(piece)))
    options = {"max_markup": 5_000} if option == "max_markup" else {}
    assert f"raise {option} to read it" in refusal(tmp_path, text, **options)


def test_the_limits_are_options(tmp_path: Path) -> None:
    """max_markup and max_lookahead refuse at what they are set to, and let through what is under them."""
    text = INFOBOX.format(param="result", value="[[a|b]] " * 50)
    assert read_wiki(tmp_path, text, max_markup=200)[0].result == "b " * 49 + "b"
    assert "more than 100 pieces of markup (raise max_markup" in refusal(tmp_path, text, max_markup=100)
    unclosed = INFOBOX.format(param="result", value="<b " * 3 + "x" * 100_000)
    assert "read ahead more than 1 times" in refusal(tmp_path, unclosed, max_lookahead=1)
    assert read_wiki(tmp_path, unclosed, max_lookahead=6)[0].name == "A"
    with pytest.raises(sakhalin.OptionError, match="max_markup"):
        sakhalin.read(tmp_path / "page.wiki", max_markup=0)


def test_closed_markup_reads_however_much_it_nests(tmp_path: Path) -> None:
    """Tags, links and templates that close, nested or not, cost no look-ahead: a long page of them reads."""
    block = "<div><ref name=a/>{{nowrap|[[A|B]]}} [http://x.example y] <!-- c --><ref>r</ref></div>\n"
    text = "<div>" + block * 2_000 + "</div>" + INFOBOX.format(param="result", value="win")
    assert read_wiki(tmp_path, text, max_lookahead=1)[0].result == "win"


@given(
    pieces=st.lists(
        st.sampled_from(
            ["[http://a ", "<b ", "<i>", "<!--", "[[a|", "{{a|", "}}", "]]", "|", "-->", ">", "x y "]
        ),
        min_size=1,
        max_size=8,
    ),
    times=st.integers(1, 4),
)
@settings(max_examples=12)
def test_reading_grown_hostile_markup_costs_linear_time(pieces: list[str], times: int) -> None:
    """Any mix of open markup, grown to 15 KB, reads or is refused within a linear budget of CPU time.

    The budget: 200 times what reading an ordinary page of the same size costs (quadratic
    paths in the parser cost thousands of times that at this size).
    """
    unit = "".join(pieces) * times
    body = (unit * (15_000 // len(unit) + 1))[:15_000]
    hostile = INFOBOX.format(param="result", value=body)
    ordinary = INFOBOX.format(param="result", value=("[[a|b]] c " * 1_500)[:15_000])

    def attempt(text: str) -> str:
        try:
            list(_wikitext.WikitextReader().read(io.StringIO(text), "page.wiki"))
        except sakhalin.ReadError as exc:
            return str(exc)
        return ""

    assert "\n" not in attempt(hostile)
    assert cpu(lambda: attempt(hostile), runs=1) < 200 * cpu(lambda: attempt(ordinary)) + 0.05


# ------------------------------------------------------------ 3: XLSX parts openpyxl loads whole


def rebuilt_workbook(tmp_path: Path, battle: sakhalin.Battle, change: Callable[[str, bytes], bytes]) -> Path:
    """The battle's workbook, each part passed through change(name, data); change may add shared strings."""
    plain = tmp_path / "plain.xlsx"
    sakhalin.write(battle, plain)
    path = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
        extra = change("xl/sharedStrings.xml", b"")
        if extra:
            target.writestr("xl/sharedStrings.xml", extra)
    return path


def xlsx_refusal(path: Path, **options: Any) -> str:
    """The one-line ReadError reading the workbook gives."""
    with pytest.raises(sakhalin.ReadError) as info:
        list(sakhalin.read(path, **options))
    assert "\n" not in str(info.value) and str(info.value).startswith(f"{path}: part ")
    return str(info.value)


def test_a_workbook_declaring_too_many_formats_is_refused_before_openpyxl(
    tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """A workbook whose styles declare 100,000 number formats is refused, naming the part and max_formats."""
    formats = b"".join(b'<numFmt numFmtId="%d" formatCode="0"/>' % (200 + i) for i in range(100_000))

    def bomb(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        if b"</numFmts>" in data:
            return data.replace(b"</numFmts>", formats + b"</numFmts>", 1)
        return data.replace(b"<fonts", b"<numFmts>" + formats + b"</numFmts><fonts", 1)

    path = rebuilt_workbook(tmp_path, battle, bomb)
    assert (
        "'xl/styles.xml' is refused: it declares more than 65,000 number and cell formats (max_formats)"
        in (xlsx_refusal(path))
    )
    assert "more than 1 number" in xlsx_refusal(
        rebuilt_workbook(tmp_path, battle, lambda n, d: d), max_formats=1
    )
    assert list(sakhalin.read(path, max_formats=200_000)) == [battle]


def test_a_part_openpyxl_holds_whole_is_bounded(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """Shared strings over max_part_size uncompressed are refused before openpyxl loads them."""
    strings = b"<sst>" + b"<si><t>aaaaaaaaaaaaaaaaaaaa</t></si>" * 20_000 + b"</sst>"
    path = rebuilt_workbook(
        tmp_path, battle, lambda name, data: strings if name == "xl/sharedStrings.xml" else data
    )
    message = xlsx_refusal(path, max_part_size=100_000)
    assert "'xl/sharedStrings.xml' declares 720,011 bytes uncompressed" in message
    assert "limit is 100,000 (max_part_size)" in message
    assert list(sakhalin.read(path)) == [battle]  # under the default (16 MiB)


# ------------------------------------------------------------ 4 and 6: very many problems


def many_bad_strengths(battle: sakhalin.Battle, count: int) -> dict[str, Any]:
    """The battle's data with its first side's strength made of count negative figures."""
    data = sakhalin.to_dict(battle)
    data["sides"][0]["strength"] = [{"value": -1, "qualifier": "exact"}] * count
    return data


def test_json_with_very_many_problems_names_ten_and_counts_the_rest(
    tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """5,000 bad figures in JSON give one line: the first ten problems located, and a count of the rest."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(many_bad_strengths(battle, 5_000)), encoding="utf-8")
    with pytest.raises(sakhalin.ReadError) as info:
        list(sakhalin.read(path))
    message = str(info.value)
    assert "\n" not in message and message.count("a count cannot be negative") == 10
    assert message.endswith("; and 4,990 more problems") and len(message) < 2_000


def bad_csv(tmp_path: Path, battle: sakhalin.Battle, count: int) -> Path:
    """A facts table whose first side's strength is count negative figures, one row each."""
    path = tmp_path / f"bad{count}.csv"
    sakhalin.write(sakhalin.from_dict(sakhalin.to_dict(battle)), path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    at, value, kind = head.index("path"), head.index("value"), head.index("type")
    template = next(r for r in rows if r[at] == "sides[0].strength[0]")
    kept = [r for r in rows[1:] if not r[at].startswith("sides[0].strength")]
    first = next(i for i, r in enumerate(kept) if r[at].startswith("sides[0]."))
    bad = []
    for i in range(count):
        row = list(template)
        row[at], row[value], row[kind] = f"sides[0].strength[{i}]", "-1", "int"
        bad.append(row)
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([head, *kept[:first], *bad, *kept[first:]])
    return path


def test_csv_with_many_bad_rows_costs_linear_time_and_one_short_line(
    tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """Eight times the bad rows cost about eight times the time (it was quadratic); the line stays short."""

    def message(path: Path) -> str:
        with pytest.raises(sakhalin.ReadError) as info:
            list(sakhalin.read(path))
        return str(info.value)

    small, large = bad_csv(tmp_path, battle, 500), bad_csv(tmp_path, battle, 4_000)
    text = message(large)
    assert "\n" not in text and text.endswith("; and 3,990 more problems") and len(text) < 2_000
    assert (
        text.count("a count cannot be negative") == 10 and "the battle starting at line 2: line 22, " in text
    )
    assert cpu(lambda: message(large)) < 20 * cpu(lambda: message(small))


# ------------------------------------------------------------ 5: a list index of 5,000 digits


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_overlong_list_index_is_a_one_line_error(
    tmp_path: Path, battle: sakhalin.Battle, suffix: str
) -> None:
    """A facts path with a 5,000-digit list index is a one-line ReadError naming row and column."""
    rows = sakhalin.FACT_COLUMNS
    path = tmp_path / f"battle{suffix}"
    sakhalin.write(battle, tmp_path / "battle.csv")
    records = list(csv.reader(io.StringIO((tmp_path / "battle.csv").read_text(encoding="utf-8"), newline="")))
    at = records[0].index("path")
    records[2][at] = "sides[" + "9" * 5_000 + "].name"
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(records)
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Facts"
        for record in records:
            sheet.append([cell or None for cell in record])
        workbook.save(path)
    with pytest.raises(sakhalin.ReadError) as info:
        list(sakhalin.read(path))
    message = str(info.value)
    assert "\n" not in message and "column path" in message and "is not a path such as" in message
    assert len(message) < 300 and rows[0] in records[0]


def test_json_with_very_many_bad_items_keeps_memory_proportionate(
    tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """Reading 20,000 bad events takes a small multiple of the file in memory (it took 400x)."""
    data = sakhalin.to_dict(battle)
    data["events"] = [{"bad": -1}] * 20_000
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(sakhalin.ReadError, match=r"; and [0-9,]+ more problems$"):
            list(sakhalin.read(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * path.stat().st_size  # (408 times when every failure was kept)


# ------------------------------------------------------------ 9: the infobox's template name


@pytest.mark.parametrize(
    "name",
    [
        "User:X",
        "DISPLAYTITLE:x",
        "subst:x",
        "msgnw:x",
        "safesubst:Infobox battle",
        "#if:x",
        "PAGENAME",
        "Foo",
    ],
)
def test_a_template_name_other_than_the_infoboxs_is_not_written_back(
    battle: sakhalin.Battle, name: str
) -> None:
    """An infobox_template that is a namespace, magic word, subst: or msgnw: is not written back."""
    written = sakhalin.export(attrs.evolve(battle, infobox_template=name), "wikitext")
    (template,) = mwparserfromhell.parse(written).filter_templates(recursive=False)
    assert str(template.name).strip() == "Infobox military conflict"


@pytest.mark.parametrize("name", ["Template:Infobox battle", "Infobox_Military_Conflict", "warbox"])
def test_a_spelling_of_the_infoboxs_own_name_is_written_back(battle: sakhalin.Battle, name: str) -> None:
    """A spelling of the infobox's own name or a redirect read from a page is kept."""
    written = sakhalin.export(attrs.evolve(battle, infobox_template=name), "wikitext")
    assert isinstance(written, str) and written.startswith("{{" + name + "\n")


@pytest.mark.parametrize("name", ["User:X", "subst:Infobox battle", "msgnw:x", "CURRENTYEAR", "a|b"])
def test_the_template_option_refuses_what_is_not_a_plain_name(name: str) -> None:
    """The exporter's template option refuses namespaces, magic words, subst: and msgnw:."""
    with pytest.raises(sakhalin.OptionError, match="plain template name"):
        sakhalin.export(sakhalin.load(), "wikitext", template=name)


# ------------------------------------------------------------ 8: extension tags in raw extra values


@pytest.mark.parametrize(
    "tag",
    ["pre", "math", "syntaxhighlight", "gallery", "includeonly", "noinclude", "onlyinclude", "poem", "score"],
)
def test_an_extra_value_cannot_open_an_extension_tag_across_infoboxes(
    battle: sakhalin.Battle, tag: str
) -> None:
    """<tag> in one battle's extra value and </tag> in the next's leave two infoboxes, each its own."""
    first = attrs.evolve(battle, extra=(("note", f"a <{tag}> b"),))
    second = attrs.evolve(battle, name="Second", extra=(("note", f"c </{tag}> d"),))
    written = sakhalin.export([first, second], "wikitext")
    templates = mwparserfromhell.parse(written).filter_templates(recursive=False)
    assert [str(t.get("conflict").value).strip() for t in templates] == [battle.name, "Second"]
    parsed = wikitextparser.parse(written).templates
    outer = [t for t in parsed if t.name.strip() == "Infobox military conflict"]
    assert [t.get_arg("conflict").value.strip() for t in outer] == [battle.name, "Second"]
    assert f"<{tag}>" not in written and f"</{tag}>" not in written
    assert [html.unescape(str(t.get("note").value).strip()) for t in templates] == [
        first.extra[0][1],
        second.extra[0][1],
    ]


@pytest.mark.parametrize("tag", ["li", "dt", "dd", "td", "th", "TR"])
def test_an_extra_value_cannot_leave_a_list_or_table_tag_open(battle: sakhalin.Battle, tag: str) -> None:
    """An unclosed <tr>, <li>, ... (read by mwparserfromhell to the end) is escaped; closed, it stays."""
    written = sakhalin.export(attrs.evolve(battle, extra=(("note", f"<{tag}>"),)), "wikitext")
    [template] = mwparserfromhell.parse(written).filter_templates(recursive=False)
    assert html.unescape(str(template.get("note").value).strip()) == f"<{tag}>"
    assert [t for t in wikitextparser.parse(written).templates if t.nesting_level == 1]
    closed = f"<{tag}>x</{tag}>"
    assert "| note = " + closed in sakhalin.export(
        attrs.evolve(battle, extra=(("note", closed),)), "wikitext"
    )


def test_html_tags_in_an_extra_value_stay_markup(battle: sakhalin.Battle) -> None:
    """<b>, <small> and <ref> in an extra value are still written as they are (raw wikitext by definition)."""
    value = "<b>x</b> <small>y</small><ref>z</ref>"
    assert "| note = " + value in sakhalin.export(attrs.evolve(battle, extra=(("note", value),)), "wikitext")


# ------------------------------------------------------------ 12 and 15: the command line


def sakhalin_command(*args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sakhalin`` with these arguments."""
    return subprocess.run(
        [sys.executable, "-m", "sakhalin", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-I", "field_limit=" + "9" * 30], "field_limit is a whole number of at most 18 digits"),
        (
            ["-I", "field_limit=99999999999"],
            "field_limit must be a whole number of characters, 1 to 2,147,483,647",
        ),
        (["-O", "indent=1000000000"], "indent must be a whole number from 0 to 100"),
        (["-I", "max_chars=" + "9" * 25], "max_chars is a whole number of at most 18 digits"),
    ],
)
def test_option_values_that_overflow_are_one_line_errors(tmp_path: Path, args: list[str], said: str) -> None:
    """A 30-digit field_limit or an indent of a billion is a one-line usage error (exit 2), no traceback."""
    sakhalin.write(sakhalin.load(), tmp_path / "b.csv")
    (tmp_path / "b.wiki").write_text(INFOBOX.format(param="result", value="x"), encoding="utf-8")
    source = str(tmp_path / ("b.wiki" if "max_chars" in args[1] else "b.csv"))
    command = ["convert", source, str(tmp_path / "out.json"), *args]
    result = sakhalin_command(*command)
    assert result.returncode == 2 and said in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["--help"], ["export", "--help"], ["--version"], ["export", "json"]])
def test_printing_to_a_full_device_fails(args: list[str]) -> None:
    """--help (or any output) written to /dev/full exits 1 with one line, not 0."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = sakhalin_command(*args, stdout=full)
    assert result.returncode == 1 and result.stderr.startswith("sakhalin: error: ")
    assert result.stderr.count("\n") == 1
