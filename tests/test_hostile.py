"""One table of hostile values through every exporter and reader, checked by readers we did not write.

Each value goes into several fields of one battle (its name, a belligerent, a commander, the
result, the casualties' text, a statement, a source's title and an extra infobox parameter).
Every registered exporter writes it, and a parser we did not write reads the output back and
must find exactly the value, or the escape the format documents:

* CSV: the ``csv`` module and DuckDB; a text starting with ``= + - @``, a tab or a CR (after
  any apostrophes) has one more leading apostrophe, numbers stay bare;
* XLSX: openpyxl (every text a string cell, no formula anywhere in the zip), with Excel's
  ``_xHHHH_`` escape for characters XML cannot hold; LibreOffice opens every workbook;
* Markdown: cmark-gfm and markdown-it-py render each cell as the value, line breaks and tabs
  as spaces, other control characters and lone surrogates as U+FFFD;
* wikitext: mwparserfromhell and wikitextparser see the template's parameters, and each value
  decodes (``{{!}}``, ``{{=}}``, ``<br />``, numeric entities) to the value;
* JSON: ``json.loads``.

A lone surrogate cannot be UTF-8: CSV refuses it, and so does writing JSON to a file, each
with a ``ValidationError`` naming the field; XLSX escapes it, Markdown shows U+FFFD, wikitext
writes it as a numeric entity. A text over 32,767 characters cannot be an XLSX cell: refused.
NUL has no wikitext form: written ``&#0;``, it reads back from a wiki page as that text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import cmarkgfm
import mwparserfromhell
import openpyxl
import pytest
import wikitextparser
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import sakhalin as s
from sakhalin._registry import FormatInfo
from sakhalin._wiki_values import escape as wiki_escaped
from sakhalin._wiki_values import is_safe_raw, shown
from sakhalin.exporters import EXPORTERS
from sakhalin.readers import READERS

LONG = "x" * 100_000
HOSTILE: list[str] = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tleading tab",
    "\rleading CR",
    "'=already quoted",
    "a|b",
    "x = y",
    "{{",
    "}}",
    "[[A|B]]",
    "<ref>x</ref>",
    "<nowiki>",
    "<script>alert(1)</script>",
    "*bold*",
    "`code`",
    "\\|",
    "line one\nline two",
    "line one\r\nline two",
    "  leading and trailing spaces  ",
    "control \x01 \x1b[31m \x7f",
    "lone \ud800 surrogate",
    "\udfff",
    "non-character \ufffe",
    "right-to-left \u200f mark \u202e override",
    "emoji 🎉 👩\u200d👩\u200d👧 family",
    "_x0041_ looks like an escape",
    LONG,
    "\u200b",
]
IDS = [repr(v)[:30] if v is not LONG else "100k" for v in HOSTILE]
PLAIN = "PLAINVALUE"
EXTRA = "hostile_param"

EXPORTER_INFOS = list(EXPORTERS)
exporters = pytest.mark.parametrize("info", EXPORTER_INFOS, ids=[i.name for i in EXPORTER_INFOS])
hostile = pytest.mark.parametrize("value", HOSTILE, ids=IDS)


def hostile_battle(v: str) -> s.Battle:
    """A battle with the value in its name, side 1's belligerent, commander and casualties, the
    result, a statement, a source's title and an extra infobox parameter."""
    cite = s.Citation(source="src")
    return s.Battle(
        name=v,
        result=v,
        sides=(
            s.Side(
                belligerents=(s.Belligerent(name=v),),
                commanders=(s.Person(name=v),),
                casualties=s.Casualties(text=v),
            ),
            s.Side(belligerents=(s.Belligerent(name="B"),)),
        ),
        statements=(s.Statement(subject="S", attribute="said", text=v, citation=cite),),
        sources=(s.Source(key="src", title=v, year=-2),),
        infobox_citation=cite,
        extra=((EXTRA, v),),
    )


# The fields holding the value, as paths of to_dict (and of the facts table's `path` column).
PATHS: dict[str, tuple[str | int, ...]] = {
    "name": ("name",),
    "result": ("result",),
    "sides[0].belligerents[0].name": ("sides", 0, "belligerents", 0, "name"),
    "sides[0].commanders[0].name": ("sides", 0, "commanders", 0, "name"),
    "sides[0].casualties.text": ("sides", 0, "casualties", "text"),
    "statements[0].text": ("statements", 0, "text"),
    "sources[0].title": ("sources", 0, "title"),
    "extra[0]": ("extra", 0, 1),
}


def has_surrogate(v: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in v)


def refused(fmt: str, v: str, *, to_file: bool = False) -> bool:
    """Whether the format documents refusing the value (a SakhalinError naming the field)."""
    if fmt == "csv":
        return has_surrogate(v)
    if fmt == "json":
        return to_file and has_surrogate(v)
    if fmt == "xlsx":
        return len(xlsx_escape(v)) > 32_767
    return False


# ---------------------------------------------------------------- documented escapes, re-derived


def csv_escape(v: str) -> str:
    """The CSV exporter's formula escape: one more apostrophe before = + - @ tab CR (after apostrophes)."""
    rest = v.lstrip("'")
    return "'" + v if rest[:1] in ("=", "+", "-", "@", "\t", "\r") else v


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xlsx_escape(v: str) -> str:
    """Excel's _xHHHH_ escape, as the XLSX exporter's docstring states it."""
    v = re.sub(r"_x[0-9A-Fa-f]{4}_", lambda m: "_x005F" + m[0], v)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m[0]):04X}_", v)


def md_normalise(v: str) -> str:
    """What a Markdown cell shows, as the exporter's docstring states it."""
    v = re.sub(r"\r\n|[\r\n\t\x0b\x0c]", " ", v)
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "\ufffd", v)


def wiki_unescape(value: str) -> str:
    """The wikitext exporter's escaping undone: {{!}}, {{=}}, <br /> and entities."""
    value = value.replace("{{!}}", "|").replace("{{=}}", "=").replace("<br />", "\n")

    def entity(m: re.Match[str]) -> str:
        body = m[0][1:-1]
        if body[:2] in ("#x", "#X"):
            return chr(int(body[2:], 16))
        if body.startswith("#"):
            return chr(int(body[1:]))
        return html.unescape(m[0])

    return re.sub(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", entity, value)


# ---------------------------------------------------------------- per-format checks


def check_json(battle: s.Battle, v: str, out: str | bytes) -> None:
    assert isinstance(out, str)
    data = json.loads(out)
    for path in PATHS.values():
        node: Any = data
        for key in path:
            node = node[key]
        assert node == v, path
    assert data == json.loads(json.dumps(s.to_dict(battle)))


def check_csv(battle: s.Battle, v: str, out: str | bytes) -> None:
    assert isinstance(out, str)
    rows = list(csv.reader(io.StringIO(out, newline=""), strict=True))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body)
    by_path = {row[header.index("path")]: row for row in body}
    value = header.index("value")
    for path in PATHS:
        assert by_path[path][value] == csv_escape(v), path
    assert {row[0] for row in body} == {csv_escape(v)}  # the battle column
    assert by_path["sources[0].year"][value] == "-2"  # a number: bare, not escaped
    duck = duckdb_rows(out)
    assert duck == rows


def duckdb_rows(out: str) -> list[list[str]]:
    """The CSV as DuckDB reads it (every column text, no sniffing), the header first."""
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "t.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(out)
        con = duckdb.connect()
        try:
            rel = con.sql(
                "SELECT * FROM read_csv(?, header=true, all_varchar=true, delim=',', quote='\"', "
                "escape='\"', auto_detect=false, columns=?, max_line_size=10000000, strict_mode=true)",
                params=[path, dict.fromkeys(s.FACT_COLUMNS, "VARCHAR")],
            )
            found = [["" if c is None else c for c in row] for row in rel.fetchall()]
        finally:
            con.close()
    return [list(s.FACT_COLUMNS), *found]


def sheet_xml_has_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(
            re.search(rb"<(?:\w+:)?f[\s>/]", z.read(name))
            for name in z.namelist()
            if name.startswith("xl/worksheets/")
        )


def check_xlsx(battle: s.Battle, v: str, out: str | bytes) -> None:
    assert isinstance(out, bytes)
    assert not sheet_xml_has_formula(out)
    wb = openpyxl.load_workbook(io.BytesIO(out))
    want = xlsx_escape(v)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    facts = [[c.value for c in row] for row in wb["Facts"].iter_rows()]
    header = facts[0]  # headed in words
    by_path = {row[header.index("Path")]: row for row in facts[1:]}
    for path in PATHS:
        assert by_path[path][header.index("Value")] == want, path
    assert by_path["sources[0].year"][header.index("Value")] == -2
    overview = {row[1]: row[2] for row in wb["Overview"].iter_rows(values_only=True)}
    for label in ("Name", "Result", "Belligerents (side 1)", "Commanders (side 1)", "Casualties (side 1)"):
        assert overview[label] == want, label


STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "hr", "table", "thead", "tbody", "tr", "th", "td"}
_MDIT = MarkdownIt("gfm-like")
RENDERERS: dict[str, Callable[[str], str]] = {
    "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html,
    "markdown-it-py": _MDIT.render,
}


class Doc(HTMLParser):
    """Rendered HTML as its element names, its headings and its tables (rows of cell texts)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._text: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th") or re.fullmatch(r"h[1-6]", tag):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._text is None:
            return
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._text))
            self._text = None
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append("".join(self._text))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def check_markdown(battle: s.Battle, v: str, out: str | bytes) -> None:
    """Same tables, headings and elements as a plain value's document, with the value's text in its cells."""
    assert isinstance(out, str)
    plain = s.export(hostile_battle(PLAIN), "markdown")
    assert isinstance(plain, str)
    want = md_normalise(v)
    for name, render in RENDERERS.items():
        rendered = render(out)
        assert "<script" not in rendered.lower(), name
        doc, ref = Doc(rendered), Doc(render(plain))
        assert set(doc.tags) <= STRUCTURE, (name, set(doc.tags) - STRUCTURE)
        assert doc.tags == ref.tags, name  # no injected heading, row, cell or element
        assert doc.headings == [h.replace(PLAIN, want) for h in ref.headings], name
        expected = [[[c.replace(PLAIN, want) for c in row] for row in t] for t in ref.tables]
        assert doc.tables == expected, name
        for table in doc.tables:
            assert all(len(row) == len(table[0]) for row in table), name


def wiki_params(text: str) -> list[list[tuple[str, str]]]:
    """Each top-level template's parameters, as mwparserfromhell and as wikitextparser read them."""
    mw = [
        [(str(p.name).strip(), str(p.value).strip()) for p in t.params]
        for t in mwparserfromhell.parse(text).filter_templates(recursive=False)
    ]
    wtp = [
        [(a.name.strip(), a.value.strip()) for a in t.arguments]
        for t in wikitextparser.parse(text).templates
        if t.nesting_level == 1
    ]
    assert mw == wtp
    return mw


def check_wikitext(battle: s.Battle, v: str, out: str | bytes) -> None:
    """Both parsers see the plain battle's parameters, each decoding to the value.

    An extra parameter's value is raw wikitext (see ``Battle.extra``): written as it is
    (stripped) when it passes the exporter's conservative check, else escaped like any text.
    """
    assert isinstance(out, str)
    plain = s.export(hostile_battle(PLAIN), "wikitext")
    assert isinstance(plain, str)
    (params,) = wiki_params(out)
    (ref,) = wiki_params(plain)
    assert [name for name, _ in params] == [name for name, _ in ref]
    values = dict(params)
    for name in ("conflict", "result", "combatant1", "commander1", "casualties1"):
        assert wiki_unescape(values[name]) == shown(v), name  # shown: the documented replacements
    raw = v.strip()
    assert values[EXTRA] == raw if is_safe_raw(raw) else wiki_unescape(values[EXTRA]) == shown(v)


CHECKS: dict[str, Callable[[s.Battle, str, str | bytes], None]] = {
    "json": check_json,
    "csv": check_csv,
    "xlsx": check_xlsx,
    "markdown": check_markdown,
    "wikitext": check_wikitext,
}


def check_export(info: FormatInfo, v: str) -> None:
    """Export the value's battle: a SakhalinError where documented, else output its reader finds v in."""
    battle = hostile_battle(v)
    if refused(info.name, v):
        with pytest.raises(s.SakhalinError, match=r"\w+(\[\d\])?[.:]"):
            s.export(battle, info.name)
        return
    out = s.export(battle, info.name)
    check = CHECKS.get(info.name)
    if check is None:  # a plugin: only the contract
        assert isinstance(out, bytes if info.binary else str)
        return
    check(battle, v, out)


# ---------------------------------------------------------------- the tests


def test_every_builtin_format_is_checked() -> None:
    """Each built-in exporter has its independent check here."""
    assert set(CHECKS) <= {info.name for info in EXPORTER_INFOS}
    assert {"csv", "json", "xlsx", "markdown", "wikitext"} <= set(CHECKS)


@exporters
@hostile
def test_hostile_value_reads_back(info: FormatInfo, value: str) -> None:
    """A hostile value in eight fields exports, and an independent reader finds exactly it (or its escape)."""
    check_export(info, value)


@exporters
@hostile
def test_writing_a_file_never_raises_a_raw_encoding_error(
    info: FormatInfo, value: str, tmp_path: Path
) -> None:
    """write() gives valid UTF-8 (text formats) or a SakhalinError naming the field, leaving no file."""
    target = tmp_path / f"out{info.extensions[0] if info.extensions else ''}"
    battle = hostile_battle(value)
    if refused(info.name, value, to_file=True):
        with pytest.raises(s.SakhalinError) as caught:
            s.write(battle, target, format=info.name)
        assert "\n" not in str(caught.value)
        assert re.search(r"(name|result|title|text|extra|\$\.\w+)", str(caught.value))
        assert list(tmp_path.iterdir()) == []
        return
    s.write(battle, target, format=info.name)
    if not info.binary:
        target.read_bytes().decode("utf-8")


def test_json_lone_surrogate_error_names_the_path(tmp_path: Path) -> None:
    """Writing JSON with a lone surrogate names the first field holding it; export() returns the str."""
    battle = attrs.evolve(s.load(), result="bad \ud800")
    with pytest.raises(s.ValidationError) as caught:
        s.write(battle, tmp_path / "x.json")
    assert caught.value.problems[0][0] == "$.result"
    assert "lone surrogate U+D800" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    text = s.export(battle, "json")
    assert isinstance(text, str)
    assert json.loads(text)["result"] == "bad \ud800"


ROUND_TRIP = [info for info in READERS if info.name in ("csv", "xlsx", "json")]


@pytest.mark.parametrize("info", ROUND_TRIP, ids=[i.name for i in ROUND_TRIP])
@hostile
def test_load_of_write_is_the_battle(info: FormatInfo, value: str, tmp_path: Path) -> None:
    """load(write(b, path)) is exactly b for CSV, XLSX and JSON (or a documented refusal)."""
    battle = hostile_battle(value)
    path = tmp_path / f"b{info.extensions[0]}"
    if refused(info.name, value, to_file=True):
        with pytest.raises(s.SakhalinError):
            s.write(battle, path)
        return
    assert s.load(s.write(battle, path)) == battle


@hostile
def test_wikitext_reader_gets_the_infobox_fields_back(value: str, tmp_path: Path) -> None:
    """From wikitext: name, result, belligerent, commander, casualties and extra read back exactly."""
    battle = hostile_battle(value)
    back = s.load(s.write(battle, tmp_path / "b.wiki"))
    v = shown(value)  # a control character or lone surrogate is U+FFFD, a carriage return a newline
    assert back.name == v
    assert back.result == v
    assert back.sides[0].belligerents[0].name == v
    assert back.sides[0].commanders[0].name == v
    assert back.sides[0].casualties is not None
    assert back.sides[0].casualties.text == v
    assert dict(back.extra)[EXTRA] == (value.strip() if is_safe_raw(value.strip()) else wiki_escaped(value))


# ---------------------------------------------------------------- LibreOffice, once


@pytest.fixture(scope="module")
def libreoffice_csv(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, list[list[str]]]]:
    """Every workbook of the table through one headless LibreOffice run: each sheet's rows."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    folder = tmp_path_factory.mktemp("lo")
    books = []
    for i, value in enumerate(HOSTILE):
        if not refused("xlsx", value):
            path = folder / f"v{i}.xlsx"
            s.write(hostile_battle(value), path)
            books.append(str(path))
    out = folder / "csv"
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            # UTF-8, every sheet to its own file (v0-Overview.csv, v0-Facts.csv, ...)
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            *books,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    found: dict[int, dict[str, list[list[str]]]] = {}
    for path in out.glob("v*-*.csv"):
        index, sheet = path.stem[1:].split("-", 1)
        with path.open(encoding="utf-8", newline="") as f:
            found.setdefault(int(index), {})[sheet] = list(csv.reader(f))
    return found


def lo_shows(v: str, shown: str) -> bool:
    """Whether LibreOffice shows the text literally: the _xHHHH_ escape decoded, the rest as it is.

    LibreOffice keeps a cell's line breaks as LF (a CR LF shows as LF), and cannot show a lone
    surrogate: its CSV has one ``?`` for the surrogate and the character after it.
    """
    return shown == re.sub(r"[\ud800-\udfff].?", "?", v.replace("\r\n", "\n"), flags=re.DOTALL)


@pytest.mark.parametrize("index", [i for i, v in enumerate(HOSTILE) if not refused("xlsx", v)], ids=str)
def test_libreoffice_shows_the_text_literally(
    libreoffice_csv: dict[int, dict[str, list[list[str]]]], index: int
) -> None:
    """LibreOffice opens the workbook; Overview and Facts show the hostile text, not a formula's result."""
    value = HOSTILE[index]
    sheets = libreoffice_csv[index]
    overview = {row[1]: row[2] for row in sheets["Overview"][1:] if len(row) > 2}
    for label in ("Name", "Result", "Belligerents (side 1)", "Commanders (side 1)", "Casualties (side 1)"):
        assert lo_shows(value, overview[label]), (label, overview[label])
    header, *body = sheets["Facts"]  # headed in words
    by_path = {row[header.index("Path")]: row[header.index("Value")] for row in body}
    for path in PATHS:
        assert lo_shows(value, by_path[path]), (path, by_path[path])
    assert by_path["sources[0].year"] == "-2"


def everywhere_battle(v: str) -> s.Battle:
    """A battle with the value in every text field the model has."""
    cite = s.Citation(source=v, infobox_row=v, section=v, paragraph=1, note=v)
    person = s.Person(name=v, rank=v, full_name=v, alt_names=(v,), role=v, citations=(cite,))
    return s.Battle(
        name=v,
        alt_names=(v,),
        names=(s.LocalName(lang=v, name=v, romanisation=v, citation=cite),),
        war=s.War(name=v, citation=cite),
        date=s.DateRange(text=v),
        place=s.Place(name=v, alt_names=(v,), description=v, citation=cite),
        coordinates=s.Coordinates(text=v),
        result=v,
        territory=v,
        image=v,
        caption=v,
        sides=(
            s.Side(
                belligerents=(s.Belligerent(name=v, kind=v, flag=v, alt_names=(v,), citation=cite),),
                commanders=(person,),
                units=(v,),
                strength=(s.Quantity(value=5, unit=v, text=v),),
                casualties=s.Casualties(
                    text=v,
                    items=(
                        s.Casualty(kind=s.CasualtyKind.KILLED, quantity=s.Quantity(value=1, text=v), label=v),
                    ),
                    citation=cite,
                ),
            ),
            s.Side(belligerents=(s.Belligerent(name="B"),)),
        ),
        joint_casualties=s.Casualties(text=v),
        people=(person,),
        organisations=(s.Organisation(name=v, alt_names=(v,), description=v, citation=cite),),
        places=(s.Place(name=v, description=v, citation=cite),),
        events=(s.Event(date=s.DateRange(text=v), summary=v, participants=(v,), citation=cite),),
        statements=(
            s.Statement(
                subject=v,
                attribute=v,
                text=v,
                quantity=s.Quantity(qualifier=s.Qualifier.QUALITATIVE, text=v, unit=v),
                date=s.DateRange(text=v),
                citation=cite,
            ),
        ),
        sources=(s.Source(key=v, title=v, url=v, authors=(v,), publisher=v, isbn=v, licence=v, note=v),),
        infobox_citation=cite,
        extra=((v, v),),
        infobox_template=v,
    )


def check_file_write(info: FormatInfo, battle: s.Battle, folder: Path) -> None:
    """Writing gives a file (UTF-8 for a text format), or a one-line SakhalinError and no file."""
    target = folder / f"out{info.extensions[0] if info.extensions else ''}"
    message = None
    try:
        s.write(battle, target, format=info.name)
    except s.SakhalinError as exc:
        message = str(exc)
    if message is not None:
        assert "\n" not in message
        assert list(folder.iterdir()) == []
        return
    if not info.binary:
        target.read_bytes().decode("utf-8")
    target.unlink()


@exporters
@hostile
def test_value_in_every_field_writes_or_is_refused(info: FormatInfo, value: str, tmp_path: Path) -> None:
    """With the value in every text field, write() succeeds or gives a one-line SakhalinError, no file."""
    check_file_write(info, everywhere_battle(value), tmp_path)


@exporters
@given(value=st.text(min_size=1, max_size=20))
def test_any_text_in_every_field_writes_or_is_refused(info: FormatInfo, value: str) -> None:
    """Any text in every text field: write() never lets a raw UnicodeEncodeError (or other) escape."""
    import tempfile

    assume(value.strip())
    with tempfile.TemporaryDirectory() as folder:
        check_file_write(info, everywhere_battle(value), Path(folder))


# ---------------------------------------------------------------- any text at all


@exporters
@given(value=st.text(min_size=1, max_size=40))
def test_any_text_reads_back_or_is_refused(info: FormatInfo, value: str) -> None:
    """Any text (surrogates too) exports to what an independent reader reads as the value, or is refused."""
    assume(value.strip())
    check_export(info, value)


@pytest.mark.parametrize("info", ROUND_TRIP, ids=[i.name for i in ROUND_TRIP])
@settings(max_examples=40)
@given(value=st.text(min_size=1, max_size=30))
def test_any_text_round_trips_through_the_reader(info: FormatInfo, value: str) -> None:
    """Any text: load(write(b)) is b for CSV, XLSX and JSON, or writing refuses it as documented."""
    import tempfile

    assume(value.strip())
    battle = hostile_battle(value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"b{info.extensions[0]}"
        if refused(info.name, value, to_file=True):
            with pytest.raises(s.SakhalinError):
                s.write(battle, path)
            return
        assert s.load(s.write(battle, path)) == battle


@settings(max_examples=40)
@given(value=st.text(min_size=1, max_size=30))
def test_any_text_round_trips_through_the_wikitext_reader(value: str) -> None:
    """Any text: the wikitext reader gives back the infobox-level fields exactly."""
    import tempfile

    assume(value.strip())
    battle = hostile_battle(value)
    with tempfile.TemporaryDirectory() as folder:
        back = s.load(s.write(battle, Path(folder) / "b.wiki"))
    # A wiki cannot show a control character or lone surrogate (U+FFFD) nor a carriage return (a newline)
    value = shown(value)
    assert (back.name, back.result) == (value, value)
    assert back.sides[0].belligerents[0].name == value
    assert back.sides[0].commanders[0].name == value
    assert back.sides[0].casualties is not None
    assert back.sides[0].casualties.text == value
