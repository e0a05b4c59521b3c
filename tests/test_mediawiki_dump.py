"""The MediaWiki XML dump reader: one battle per infobox of each article, streamed, cited, refused safely."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sakhalin
from sakhalin import _cli
from sakhalin.readers import READERS
from sakhalin.readers._mediawiki import DumpReader
from sakhalin.readers._wikitext import INFOBOX_NAMES, may_hold_infobox, page_battles
from tests.conftest import SHARED

pytest.importorskip("mwparserfromhell")

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
BASTILLE = FIXTURES / "1789-events-of-the-french-revolution.xml.bz2"
SHARED_DUMP = SHARED / "corpus" / "dump" / "friendly-fire-incidents-of-world-war-2.xml"
NS10 = "http://www.mediawiki.org/xml/export-0.10/"

INFOBOX = """{{Infobox military conflict
| conflict = %s
| partof = [[Some War]]
| date = 14 July 1789
| place = [[Paris]]
| combatant1 = {{flagicon|France}} [[France]]
| combatant2 = Rebels
| strength1 = 1,000
| casualties2 = 98 killed
}}
'''Text''' of the article.
"""


def page(
    title: str,
    text: str,
    *,
    ns: int | None = 0,
    page_id: int = 1,
    revisions: list[tuple[int, str, str]] | None = None,
    redirect: bool = False,
) -> str:
    """One <page> element; ``revisions`` are (id, timestamp, text), by default one holding ``text``."""
    revs = revisions if revisions is not None else [(page_id * 10, "2020-01-02T03:04:05Z", text)]
    parts = [f"<page><title>{escape(title)}</title>"]
    if ns is not None:
        parts.append(f"<ns>{ns}</ns>")
    parts.append(f"<id>{page_id}</id>")
    if redirect:
        parts.append('<redirect title="Elsewhere" />')
    for rev_id, stamp, body in revs:
        parts.append(
            f"<revision><id>{rev_id}</id><timestamp>{stamp}</timestamp><model>wikitext</model>"
            f'<format>text/x-wiki</format><text xml:space="preserve">{escape(body)}</text></revision>'
        )
    parts.append("</page>\n")
    return "".join(parts)


SITEINFO = (
    "<siteinfo><sitename>Testwiki</sitename><base>https://wiki.example/wiki/Main_Page</base>"
    '<namespaces><namespace key="0" /><namespace key="1">Talk</namespace>'
    '<namespace key="10">Template</namespace></namespaces></siteinfo>\n'
)


def export(*pages: str, namespace: str | None = NS10, siteinfo: str = SITEINFO) -> bytes:
    """A whole export holding these pages."""
    xmlns = f' xmlns="{namespace}"' if namespace is not None else ""
    return (
        f'<mediawiki{xmlns} version="0.10" xml:lang="en">\n{siteinfo}{"".join(pages)}</mediawiki>\n'.encode()
    )


def battle_page(n: int, conflict: str | None = None) -> str:
    return page(
        f"Battle {n}", INFOBOX % (f"Battle of Place {n}" if conflict is None else conflict), page_id=n
    )


def write(tmp_path: Path, data: bytes, name: str = "dump.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(*argv: str | Path) -> tuple[int, str]:
    """Run main() in-process; return the exit code and standard error."""
    err = io.StringIO()
    code = _cli.main([str(arg) for arg in argv], stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def names(path: Path, **options: Any) -> list[str]:
    return [b.name for b in sakhalin.read(path, **options)]


# --- what it reads -----------------------------------------------------------------------------


def test_registered_for_dump_file_names() -> None:
    """The reader is chosen for .xml, .xml.bz2 and .xml.gz, and answers to its names."""
    for name in ("a.xml", "enwiki-latest-pages-articles.xml.bz2", "b.XML.GZ"):
        assert READERS.for_path(name).cls is DumpReader
    assert READERS.get("dump").cls is DumpReader


def test_formats_lists_the_reader() -> None:
    """``sakhalin formats`` lists the dump reader with its extensions and options."""
    out = io.StringIO()
    assert _cli.main(["formats"], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "mediawiki (dump, mediawiki-xml, xml)  .xml .xml.bz2 .xml.gz" in text
    assert "jobs=None, strict=False" in text


def test_shared_corpus_dump() -> None:
    """The shared real export gives its three battles, in page order, each citing its page."""
    if not SHARED_DUMP.exists():
        pytest.skip(f"the shared corpus dump is absent ({SHARED_DUMP})")
    battles = list(sakhalin.read(SHARED_DUMP, jobs=1))
    assert [b.name for b in battles] == ["Operation Cottage", "Battle of Lyme Bay", "Operation Scylla"]
    got = [(b.sources[-1].title, b.sources[-1].note) for b in battles]
    assert got == [
        ("Operation Cottage", "page id 8171456, revision 741020305, 2016-09-24T21:32:36Z"),
        ("Exercise Tiger", "page id 700582, revision 743047450, 2016-10-07T13:15:23Z"),
        ("Operation Scylla", "page id 51035918, revision 743409302, 2016-10-09T14:38:36Z"),
    ]
    assert (
        battles[1].url
        if False
        else battles[1].sources[-1].url == ("https://en.wikipedia.org/wiki/Exercise_Tiger?oldid=743047450")
    )


def test_real_bz2_export_fixture() -> None:
    """A real bzip2-compressed export (1789 events of the French Revolution) gives its one battle."""
    battles = list(sakhalin.read(BASTILLE, jobs=1))
    assert [b.name for b in battles] == ["Storming of the Bastille"]
    bastille = battles[0]
    assert bastille.date is not None and bastille.date.start is not None
    assert bastille.date.start.isoformat() == "1789-07-14"
    source = bastille.source("Storming of the Bastille")
    assert source.note == "page id 900865, revision 745539020, 2016-10-21T18:36:55Z"
    assert source.publisher == "Wikipedia" and source.year == 2016
    assert bastille.infobox_citation == sakhalin.Citation(source="Storming of the Bastille")


def test_same_battles_as_the_wikitext_reader(tmp_path: Path) -> None:
    """A page's battle is what the wikitext reader makes of its text, plus the page as its source."""
    text = INFOBOX % "Battle of Somewhere"
    (tmp_path / "page.wiki").write_text(text, encoding="utf-8")
    alone = sakhalin.load(tmp_path / "page.wiki")
    from_dump = list(sakhalin.read(write(tmp_path, export(page("Somewhere", text)))))
    assert len(from_dump) == 1
    import attrs

    assert attrs.evolve(from_dump[0], sources=(), infobox_citation=None) == alone


def test_skips_redirects_other_namespaces_and_pages_without_infobox(tmp_path: Path) -> None:
    """Only main-namespace pages that are not redirects give battles; others are counted, not read."""
    data = export(
        battle_page(1),
        page("Talk:Battle 1", INFOBOX % "Talk", ns=1, page_id=2),
        page("Template:Infobox battle", INFOBOX % "Template", ns=10, page_id=3),
        page("Redirected", INFOBOX % "Redirect", page_id=4, redirect=True),
        page("Old redirect", "#REDIRECT [[Battle 1]]\n" + INFOBOX % "Old", page_id=5),
        page("Prose", "No infobox here. {{Infobox person|name=X}}", page_id=6),
        page("Warship", "{{Infobox warship|name=Y}}", page_id=7),
        battle_page(8),
    )
    reader = DumpReader(jobs=1)
    with write(tmp_path, data).open("rb") as stream:
        got = [b.name for b in reader.read(stream, "dump.xml")]
    assert got == ["Battle of Place 1", "Battle of Place 8"]
    assert (reader.stats.pages, reader.stats.battles, reader.stats.refused) == (8, 2, 0)


def test_redirect_spellings_and_several_infoboxes(tmp_path: Path) -> None:
    """The infobox's redirects and odd spellings are found; two infoboxes on a page give two battles."""
    text = (
        "{{Infobox_Battle|conflict=First|combatant1=A|combatant2=B}}\n"
        "{{ template:warbox <!-- old --> |conflict=Second|combatant1=A|combatant2=B}}\n"
    )
    assert names(write(tmp_path, export(page("Two", text)))) == ["First", "Second"]


def test_blank_or_missing_conflict_takes_the_page_title(tmp_path: Path) -> None:
    """An infobox with a blank or missing conflict is named after its page (in the dump reader only)."""
    missing = "{{Infobox military conflict|combatant1=A|combatant2=B}}"
    data = export(battle_page(1, conflict="  "), page("Raid on X", missing, page_id=2))
    assert names(write(tmp_path, data)) == ["Battle 1", "Raid on X"]


def test_latest_revision_is_read(tmp_path: Path) -> None:
    """Of several revisions (in either order), the latest one's text is read and cited."""
    revisions = [
        (30, "2021-05-01T00:00:00Z", INFOBOX % "Newest"),
        (10, "2019-01-01T00:00:00Z", INFOBOX % "Oldest"),
        (20, "2020-01-01T00:00:00Z", "no infobox any more"),
    ]
    battles = list(sakhalin.read(write(tmp_path, export(page("P", "", revisions=revisions)))))
    assert [b.name for b in battles] == ["Newest"]
    assert battles[0].sources[-1].note == "page id 1, revision 30, 2021-05-01T00:00:00Z"


def test_latest_revision_without_infobox_gives_nothing(tmp_path: Path) -> None:
    """A page whose infobox was removed in its latest revision gives no battle."""
    revisions = [(10, "2019-01-01T00:00:00Z", INFOBOX % "Old"), (20, "2020-01-01T00:00:00Z", "gone")]
    assert names(write(tmp_path, export(page("P", "", revisions=revisions)))) == []


@pytest.mark.parametrize(
    "namespace",
    [None, "http://www.mediawiki.org/xml/export-0.3/", "http://www.mediawiki.org/xml/export-0.11/"],
)
def test_any_schema_version(tmp_path: Path, namespace: str | None) -> None:
    """Exports of any schema version (or none) are read; without <ns>, the title's prefix tells."""
    data = export(
        battle_page(1),
        page("Talk:Battle 1", INFOBOX % "In talk", ns=None, page_id=2),
        page("Battle 3", INFOBOX % "Old style", ns=None, page_id=3),
        namespace=namespace,
    )
    assert names(write(tmp_path, data)) == ["Battle of Place 1", "Old style"]


def test_bz2_and_gzip_read_like_plain(tmp_path: Path) -> None:
    """A dump compressed with bzip2 (multistream too) or gzip gives what the plain file gives."""
    pages = [battle_page(n) for n in range(1, 6)]
    data = export(*pages)
    plain = names(write(tmp_path, data))
    assert len(plain) == 5
    assert names(write(tmp_path, bz2.compress(data), "d.xml.bz2")) == plain
    assert names(write(tmp_path, gzip.compress(data), "d.xml.gz")) == plain
    half = len(data) // 2
    multistream = bz2.compress(data[:half]) + bz2.compress(data[half:])
    assert names(write(tmp_path, multistream, "m.xml.bz2")) == plain


def test_not_bound_by_max_bytes(tmp_path: Path) -> None:
    """A dump is streamed: a file over max_bytes is still read (max_page_bytes bounds a revision)."""
    path = write(tmp_path, export(*(battle_page(n) for n in range(1, 4))))
    assert len(names(path, max_bytes=100)) == 3


# --- provenance in the outputs ----------------------------------------------------------------


def test_provenance_in_csv_and_json(tmp_path: Path) -> None:
    """CSV facts and JSON carry each battle's page title, page id, revision id and timestamp."""
    path = write(tmp_path, export(battle_page(7), battle_page(9)))
    assert run("convert", "-q", path, tmp_path / "out.csv")[0] == 0
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    notes = {
        (r["battle"], r["value"])
        for r in rows
        if r["path"].endswith(".note") and r["path"].startswith("sources")
    }
    assert notes == {
        ("Battle of Place 7", "page id 7, revision 70, 2020-01-02T03:04:05Z"),
        ("Battle of Place 9", "page id 9, revision 90, 2020-01-02T03:04:05Z"),
    }
    cited = {r["citation"] for r in rows if r["battle"] == "Battle of Place 7" and r["path"] == "date"}
    assert cited == {"Battle 7, infobox row 'Date'"}
    assert run("convert", "-q", path, tmp_path / "out.json")[0] == 0
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    first = data[0] if isinstance(data, list) else data["battles"][0]
    assert first["sources"][-1]["title"] == "Battle 7"
    assert first["sources"][-1]["url"] == "https://wiki.example/wiki/Battle_7?oldid=70"
    assert first["infobox_citation"]["source"] == "Battle 7"


# --- bad pages ---------------------------------------------------------------------------------

UNCLOSED = "{{Infobox military conflict\n| conflict = Never closed\n| combatant1 = A\n"


def test_bad_page_is_named_and_skipped(tmp_path: Path) -> None:
    """An unclosed infobox: one line naming the page, a summary, exit 0, the other battles written."""
    data = export(battle_page(1), page("Broken page", UNCLOSED, page_id=2), battle_page(3))
    path = write(tmp_path, data)
    code, err = run("convert", "-q", path, tmp_path / "out.json")
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("sakhalin: warning: ") and "'Broken page'" in lines[0]
    assert lines[1] == f"sakhalin: {path}: 3 pages read, 2 battles found, 1 page refused"
    written = [b["name"] for b in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))]
    assert written == ["Battle of Place 1", "Battle of Place 3"]


def test_at_most_twenty_bad_pages_listed(tmp_path: Path) -> None:
    """Of 25 bad pages, 20 are named and the other 5 counted in one line."""
    bad = [page(f"Bad {n}", UNCLOSED, page_id=n) for n in range(1, 26)]
    path = write(tmp_path, export(*bad, battle_page(99)))
    code, err = run("convert", "-q", path, tmp_path / "out.csv")
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 22
    assert all("'Bad " in line for line in lines[:20])
    assert lines[20] == f"sakhalin: warning: {path}: 5 more pages refused (not listed)"
    assert lines[21].endswith("26 pages read, 1 battle found, 25 pages refused")


def test_python_api_logs_bad_pages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """sakhalin.read skips a bad page and logs it as a warning on the sakhalin logger."""
    path = write(tmp_path, export(page("Broken page", UNCLOSED), battle_page(2)))
    with caplog.at_level(logging.INFO, logger="sakhalin"):
        assert names(path) == ["Battle of Place 2"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "'Broken page'" in warnings[0]


def test_strict_stops_at_first_bad_page(tmp_path: Path) -> None:
    """--strict: the first bad page is one line, exit 2, and no output file."""
    data = export(battle_page(1), page("Broken page", UNCLOSED, page_id=2), page("Also bad", UNCLOSED))
    out = tmp_path / "out.xlsx"
    code, err = run("convert", "-q", "--strict", write(tmp_path, data), out)
    assert code == 2
    assert len(err.splitlines()) == 1 and "'Broken page'" in err and err.startswith("sakhalin: error: ")
    assert not out.exists()
    with pytest.raises(sakhalin.ReadError, match="Broken page"):
        names(tmp_path / "dump.xml", strict=True)


# --- bad files ---------------------------------------------------------------------------------


def refused(tmp_path: Path, data: bytes, match: str, name: str = "dump.xml") -> None:
    """The file is refused with exit 2, one line matching ``match``, no output file."""
    path = write(tmp_path, data, name)
    out = tmp_path / "out.csv"
    code, err = run("convert", "-q", path, out)
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("sakhalin: error: ") and match in err, err
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b'<?xml version="1.0"?>\n<html><body>hello</body></html>\n', "the root element is <html>"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "the root element is <feed>"),
        (b"<mediawiki><siteinfo><sitename>x</siteinfo></mediawiki>", "not a MediaWiki export: broken XML"),
        (b"<mediawiki><page><title>&nbsp;</title></page></mediawiki>", "broken XML at line 1"),
        (b"", "the file is empty"),
        (b"just some text\n", "not XML"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><mediawiki/>', "not UTF-8"),
        ("<mediawiki/>".encode("utf-16"), "not UTF-8"),
    ],
)
def test_not_a_mediawiki_export(tmp_path: Path, data: bytes, match: str) -> None:
    """A wrong root, broken XML before the first page, no XML at all: exit 2, one line, no output."""
    refused(tmp_path, data, match)


def test_broken_xml_after_pages(tmp_path: Path) -> None:
    """Broken XML after some pages: exit 2, one line naming the last page read, no output."""
    data = export(battle_page(1), "<page><title>x</title><oops></page>\n")
    refused(tmp_path, data, "after page 'Battle 1'")


@pytest.mark.parametrize("compress", ["plain", "bz2", "gz"])
def test_cut_off_mid_page(tmp_path: Path, compress: str) -> None:
    """A file cut off inside a page (plain or compressed): exit 2, one line, no output file."""
    data = export(battle_page(1), battle_page(2), battle_page(3))
    cut = data[: data.index(b"Battle 3") + 20]
    name = "dump.xml"
    if compress == "bz2":
        cut, name = bz2.compress(data)[:-40], "dump.xml.bz2"
    elif compress == "gz":
        cut, name = gzip.compress(data)[:-40], "dump.xml.gz"
    refused(tmp_path, cut, "cut off", name)


def test_cut_off_between_pages(tmp_path: Path) -> None:
    """A file that ends after a page but before </mediawiki> is cut off too."""
    data = export(battle_page(1), battle_page(2))
    refused(tmp_path, data[: data.rindex(b"</mediawiki>")], "cut off")


def test_doctype_and_entities_refused(tmp_path: Path) -> None:
    """A DOCTYPE (the billion laughs) is refused before any entity can expand."""
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n<!ENTITY a "lol">\n'
        + b"".join(
            f'<!ENTITY {c}{""} "{("&" + p + ";") * 10}">\n'.encode()
            for c, p in zip("bcdefghij", "abcdefghi", strict=True)
        )
        + b"]>\n<mediawiki><page><title>&j;</title></page></mediawiki>\n"
    )
    refused(tmp_path, laughs, "DOCTYPE")
    refused(tmp_path, b"<!-- hidden -->\n<!DOCTYPE x SYSTEM 'file:///etc/passwd'>\n<mediawiki/>", "DOCTYPE")
    refused(tmp_path, export(page("&ent;", "x")).replace(b"&amp;ent;", b"&ent;"), "undefined entity")


def test_revision_over_max_page_bytes_refused(tmp_path: Path) -> None:
    """A revision larger than max_page_bytes is refused without being held whole."""
    huge = export(battle_page(1), page("Huge", "x" * 300_000, page_id=2))
    path = write(tmp_path, huge)
    with pytest.raises(sakhalin.ReadError, match="more than 100,000 bytes of XML in one revision"):
        names(path, max_page_bytes=100_000)
    assert len(names(path)) == 1
    code, err = run("convert", "-q", "-I", "max_page_bytes=100000", path, tmp_path / "o.csv")
    assert code == 2 and "max_page_bytes" in err and not (tmp_path / "o.csv").exists()


def test_too_many_elements_refused(tmp_path: Path) -> None:
    """A page of a million empty elements is refused, not built."""
    data = export(battle_page(1)).replace(
        b"</mediawiki>", b"<page>" + b"<a/>" * 50_000 + b"</page></mediawiki>"
    )
    refused(tmp_path, data, "XML elements in one revision")


def test_bad_options(tmp_path: Path) -> None:
    """jobs=0 and an option the reader does not take are one-line usage errors."""
    path = write(tmp_path, export(battle_page(1)))
    code, err = run("convert", "-I", "jobs=0", path, tmp_path / "o.csv")
    assert code == 2 and "jobs must be 1 or more" in err
    code, err = run("convert", "-I", "colour=red", path, tmp_path / "o.csv")
    assert code == 2 and "not colour" in err


# --- processes ---------------------------------------------------------------------------------


def test_two_processes_give_byte_identical_output(tmp_path: Path) -> None:
    """-I jobs=2 writes exactly what -I jobs=1 writes (pages in the dump's order), bad pages too."""
    pages = []
    for n in range(1, 61):
        pages.append(battle_page(n) if n % 7 else page(f"Bad {n}", UNCLOSED, page_id=n))
        pages.append(page(f"Prose {n}", "Nothing here.", page_id=1000 + n))
    path = write(tmp_path, bz2.compress(export(*pages)), "dump.xml.bz2")
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.csv"
        code, err = run("convert", "-q", "-I", f"jobs={jobs}", path, out)
        assert code == 0
        outputs[jobs] = (out.read_bytes(), err)
    assert outputs[1] == outputs[2]
    assert outputs[1][1].splitlines()[-1].endswith("120 pages read, 52 battles found, 8 pages refused")


# --- the quick look for an infobox ---------------------------------------------------------------

_spelling = st.builds(
    lambda name, cases, seps, prefix, space: (
        prefix
        + space
        + seps[0].join(
            "".join(c.upper() if up else c for c, up in zip(word, cases, strict=False))
            for word in name.split()
        )
    ),
    st.sampled_from(sorted(INFOBOX_NAMES)),
    st.lists(st.booleans(), min_size=30, max_size=30),
    st.lists(st.sampled_from([" ", "_", "  ", " <!-- c --> ", "\n"]), min_size=1, max_size=1),
    st.sampled_from(["", "Template:", "template: ", ":Template:", "<!--x-->"]),
    st.sampled_from(["", " ", "\n"]),
)


@given(_spelling, st.text(max_size=40))
def test_quick_look_never_misses_an_infobox(spelling: str, before: str) -> None:
    """Whenever the wikitext reader finds an infobox in a text, the quick look says it may hold one."""
    text = before + "{{" + spelling + "|conflict=X|combatant1=A|combatant2=B}}"
    try:
        found = page_battles(text, "t", 40, title="T")
    except sakhalin.ReadError:
        found = []
    if found:
        assert may_hold_infobox(text)


def test_unclosed_infobox_hidden_or_nested_is_not_refused(tmp_path: Path) -> None:
    """An infobox opening inside a comment, <nowiki> or <pre> is no error; <nowiki/> hides nothing."""
    text = (
        "<!-- {{Infobox military conflict\n-->\n<nowiki>{{Infobox battle|</nowiki>\n"
        "<pre>{{warbox|</pre>\nA<nowiki/>B\n" + INFOBOX % "Kept"
    )
    assert names(write(tmp_path, export(page("P", text)))) == ["Kept"]
    unclosed = "A<nowiki/>B\n" + UNCLOSED
    with pytest.raises(sakhalin.ReadError, match=r"page 'P': line 2: \{\{Infobox military conflict opens"):
        names(write(tmp_path, export(page("P", unclosed))), strict=True)


def test_progress_bar_shows_pages_battles_and_speed() -> None:
    """While a dump is read, the progress bar shows its pages, the battles and the MB/s."""
    from sakhalin._cli_convert import Progress
    from sakhalin.readers._mediawiki import DumpStats

    stream = io.StringIO()
    progress = Progress(stream, 1, enabled=True, after=0)
    stats = DumpStats(total_bytes=4_000_000)
    stats.pages, stats.bytes_read = 12_345, 1_000_000
    progress.dump = stats
    progress.battle()
    line = stream.getvalue().strip("\r")
    assert "25%" in line and "1 battle" in line and "12,345 pages" in line and "MB/s" in line
    progress.clear()
    assert stream.getvalue().endswith("\r")


def test_pages_are_streamed_not_held(tmp_path: Path) -> None:
    """Reading a dump ten times larger takes no more memory at its peak (tracemalloc)."""
    import tracemalloc

    def peak(count: int) -> int:
        path = write(
            tmp_path, export(*(page(f"Prose {n}", "Words. " * 2000, page_id=n) for n in range(count)))
        )
        tracemalloc.start()
        try:
            assert names(path, jobs=1) == []
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(20), peak(200)
    assert large < small * 1.5 + 200_000


# --- limits and failures of the pages' parsing ---------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_wikitext_limits_apply_to_each_page(jobs: int, tmp_path: Path) -> None:
    """max_markup and max_lookahead reach each page's parse, in one process or in several."""
    pages = [battle_page(1), page("Pipes", INFOBOX % ("Pipes" + "|" * 300), page_id=2), battle_page(3)]
    path = write(tmp_path, export(*pages))
    assert names(path, jobs=jobs) == ["Battle of Place 1", "Pipes", "Battle of Place 3"]
    reader = DumpReader(jobs=jobs, max_markup=200)
    with path.open("rb") as stream:
        assert [b.name for b in reader.read(stream, str(path))] == ["Battle of Place 1", "Battle of Place 3"]
    assert reader.stats.refused == 1
    with pytest.raises(sakhalin.ReadError, match=r"page 'Pipes'.*max_markup"):
        list(sakhalin.read(path, jobs=jobs, max_markup=200, strict=True))
    left_open = page("Open", INFOBOX % "Open" + "<b " * 400, page_id=4)  # tags never closed
    path = write(tmp_path, export(left_open, battle_page(5)))
    with pytest.raises(sakhalin.ReadError, match=r"page 'Open'.*max_lookahead"):
        list(sakhalin.read(path, jobs=jobs, strict=True))
    assert names(path, jobs=jobs, max_lookahead=1_000) == ["Open", "Battle of Place 5"]


def test_wikitext_limit_options_checked(tmp_path: Path) -> None:
    """-I max_markup=0 (or max_lookahead=0) is a one-line usage error, as for the wikitext reader."""
    path = write(tmp_path, export(battle_page(1)))
    for option in ("max_markup=0", "max_lookahead=0"):
        code, err = run("convert", "-I", option, path, tmp_path / "o.csv")
        assert code == 2 and f"{option.partition('=')[0]} must be a whole number, 1 or more" in err
        assert len(err.splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_page_the_reader_fails_on_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page on which the wikitext reader raises (a bug) stops the read with one line naming the page."""
    from sakhalin.readers import _wikitext

    real = _wikitext.page_battles

    def failing(text: str, source: str, *args: Any, **kwargs: Any) -> Any:
        if "Battle 2" in source:
            raise ValueError("something unforeseen")
        return real(text, source, *args, **kwargs)

    monkeypatch.setattr(_wikitext, "page_battles", failing)
    path = write(tmp_path, export(battle_page(1), battle_page(2), battle_page(3)))
    code, err = run("convert", "-q", "-I", "jobs=1", path, tmp_path / "o.csv")
    assert code == 2
    assert err.startswith("sakhalin: error: ") and len(err.splitlines()) == 1
    assert "page 'Battle 2'" in err and "ValueError: something unforeseen" in err
    assert not (tmp_path / "o.csv").exists()


SITECUSTOMIZE = """
# Loaded by every process (the dump reader's workers too): the wikitext reader fails on one page.
import sakhalin.readers._wikitext as wikitext

real = wikitext.page_battles


def failing(text, source, *args, **kwargs):
    if "Battle 7" in source:
        raise ValueError("something unforeseen")
    return real(text, source, *args, **kwargs)


wikitext.page_battles = failing
"""


def test_page_failing_in_a_worker_is_one_line(tmp_path: Path) -> None:
    """With -I jobs=2, a page on which a worker process raises is one line naming the page, exit 2."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    path = write(tmp_path, export(*(battle_page(n) for n in range(1, 41))))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sakhalin",
            "convert",
            "-q",
            "-I",
            "jobs=2",
            str(path),
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
        },
        check=False,
        timeout=120,
    )
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.startswith("sakhalin: error: ") and len(err.splitlines()) == 1, err
    assert "page 'Battle 7'" in err and "ValueError: something unforeseen" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.xml", "site"]


def test_worker_killed_is_one_line(tmp_path: Path) -> None:
    """A worker process killed mid-read (out of memory, kill -9) is a one-line ReadError, not a traceback."""
    import multiprocessing

    path = write(tmp_path, export(*(battle_page(n) for n in range(1, 401))))
    reader = DumpReader(jobs=2)
    with path.open("rb") as stream:
        battles = reader.read(stream, str(path))
        next(battles)  # the workers are running
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        with pytest.raises(sakhalin.ReadError) as caught:
            list(battles)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ") and "worker process" in message


def _dump_to_stop(tmp_path: Path) -> Path:
    """A dump that takes two processes a good while (some seconds) to read."""
    return write(tmp_path, bz2.compress(export(*(battle_page(n) for n in range(1, 3001)))), "dump.xml.bz2")


@pytest.mark.parametrize(
    ("signum", "whole_group"),
    [(signal.SIGINT, True), (signal.SIGHUP, True), (signal.SIGTERM, False)],
    ids=["Ctrl-C", "hang-up", "SIGTERM"],
)
def test_signal_while_workers_read(signum: int, whole_group: bool, tmp_path: Path) -> None:
    """Ctrl-C or hang-up (to every process) or SIGTERM mid-dump: exit 128+signal, no traceback, no file."""
    path = _dump_to_stop(tmp_path)
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    process = subprocess.Popen(
        [sys.executable, "-m", "sakhalin", "convert", "-q", "-I", "jobs=2", str(path), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 60
        while not any(p.suffix == ".part" and p.stat().st_size for p in tmp_path.iterdir()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        if whole_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 128 + signum, err.decode(errors="replace")
    assert err == b"", err.decode(errors="replace")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.xml.bz2", "out.csv"]
    assert target.read_bytes() == b"old"
