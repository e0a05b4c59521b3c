"""MediaWiki XML exports and dumps: every battle of every page, streamed.

Special:Export and the public dumps (``pages-articles.xml.bz2``) write the same format:
``<mediawiki>`` holding ``<siteinfo>`` and one ``<page>`` per page, each with one or more
``<revision>`` holding the page's wikitext in ``<text>``. The reader takes any version of
the export schema (its namespace, ``http://www.mediawiki.org/xml/export-0.N/``, or none), plain
or compressed with bzip2 (the multistream dumps too) or gzip, told by the file's first bytes.

The file is read as a stream (``xml.etree.ElementTree.iterparse``, each revision and page
cleared once read): memory stays flat however large the dump is. Of each main-namespace page
(namespace 0) that is not a redirect, the latest revision's wikitext is read by the wikitext
reader, and each ``{{Infobox military conflict}}`` in it (or one of its redirects) gives a
battle, in the dump's page order. Pages are parsed in ``jobs`` processes; the battles come
out in the same order whatever the number.

Each battle cites the page it comes from: a :class:`Source` whose key and title are the
page's title, whose URL is the revision's permanent link (when the export names its wiki's
address), whose year is the revision's, whose publisher is the wiki's name, and whose note
reads ``page id 8171456, revision 741020305, 2016-09-24T21:32:36Z``; ``infobox_citation``
names it, so every infobox fact cites it. An infobox whose ``conflict`` is blank or missing
takes the page's title as the battle's name.

Each page is read with the wikitext reader's limits, which the dump reader takes as options
of its own: ``max_depth`` (template nesting), ``max_markup`` (pieces of markup) and
``max_lookahead`` (how far markup left open makes the parser read ahead); ``max_page_bytes``
bounds a revision's size. A page whose infobox cannot be read, or that is over a limit, is
skipped: the first 20 are logged as warnings on the ``sakhalin`` logger (then a count), and
a summary (pages read, battles found, pages refused) is logged at the end (level INFO). With
``strict=True`` the first such page is a :class:`ReadError`. A page on which the wikitext
reader fails unexpectedly (a bug) and a worker process that dies (killed, out of memory)
end the read with a one-line :class:`ReadError` naming the page or pages. A file that is
not a MediaWiki export (another root element, broken XML), one that declares a DOCTYPE
(entities are refused, so none can expand), one cut off before ``</mediawiki>`` and a
revision larger than ``max_page_bytes`` are read errors.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections import deque
from collections.abc import Iterator
from typing import IO, Any, ClassVar, Final, NamedTuple

from sakhalin._errors import MissingDependencyError, ReadError
from sakhalin._limits import MAX_LOOKAHEAD, MAX_MARKUP, check_counts
from sakhalin._model import Battle, Citation, Source

__all__ = ["DumpReader", "DumpStats"]

log: Final = logging.getLogger("sakhalin")

LISTED: Final = 20
"""How many refused pages are logged one by one; the rest are counted."""

_NAMESPACE_PREFIX: Final = "{http://www.mediawiki.org/xml/export-"
_MAX_ELEMENTS: Final = 10_000
"""Elements taken in one revision (or between two); a revision of a real dump has about 15."""
_PROLOG_BYTES: Final = 65_536
"""Bytes before the root element (the XML declaration, comments); MediaWiki writes about 40."""
_BATCH_PAGES: Final = 16
_BATCH_CHARS: Final = 1_000_000
_CHUNK: Final = 65_536


class DumpStats:
    """How far a dump has been read: for progress bars and the closing summary."""

    def __init__(self, total_bytes: int | None = None) -> None:
        self.restart(total_bytes)

    def restart(self, total_bytes: int | None) -> None:
        """Count from nothing again, for a new file of this size (``None`` when unknown)."""
        self.pages = 0
        """Pages read (every ``<page>``, whatever its namespace)."""
        self.battles = 0
        """Battles found so far."""
        self.refused = 0
        """Pages whose infobox could not be read."""
        self.bytes_read = 0
        """Bytes of the file read so far (compressed bytes, for a compressed file)."""
        self.total_bytes = total_bytes
        """The file's size, when known."""
        self.started = time.monotonic()

    def summary(self) -> str:
        """``33 pages read, 3 battles found, 0 pages refused``."""
        return (
            f"{_count(self.pages, 'page')} read, {_count(self.battles, 'battle')} found, "
            f"{_count(self.refused, 'page')} refused"
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class _Site(NamedTuple):
    """What the dump's ``<siteinfo>`` says of its wiki."""

    name: str | None
    link: str | None  # the start of a page's address: "https://en.wikipedia.org/wiki/"


class _Limits(NamedTuple):
    """The wikitext reader's limits, applied to each page."""

    max_depth: int
    max_markup: int
    max_lookahead: int


class _Page(NamedTuple):
    """The latest revision of one page, as the parser hands it to the workers."""

    title: str
    page_id: int
    revision_id: int
    timestamp: str
    text: str


class DumpReader:
    """Every ``{{Infobox military conflict}}`` of a MediaWiki XML export or dump, as battles."""

    name: ClassVar[str] = "mediawiki"
    aliases: ClassVar[tuple[str, ...]] = ("dump", "mediawiki-xml", "xml")
    extensions: ClassVar[tuple[str, ...]] = (".xml", ".xml.bz2", ".xml.gz")
    media_type: ClassVar[str] = "application/xml"
    binary: ClassVar[bool] = True
    streams: ClassVar[bool] = True
    """Given the open file rather than its bytes: read as a stream, so ``max_bytes`` does not
    apply (``max_page_bytes`` bounds what is held at once)."""
    description: ClassVar[str] = (
        "every {{Infobox military conflict}} of a MediaWiki XML export or dump (.xml, .bz2, .gz), "
        "streamed, each battle citing its page"
    )

    def __init__(
        self,
        *,
        jobs: int | None = None,
        strict: bool = False,
        max_page_bytes: int = 10_000_000,
        max_depth: int = 40,
        max_markup: int = MAX_MARKUP,
        max_lookahead: int = MAX_LOOKAHEAD,
    ) -> None:
        if jobs is not None and (isinstance(jobs, bool) or jobs < 1):
            raise ValueError(f"jobs must be 1 or more (or none for one per core), not {jobs}")
        check_counts(
            max_page_bytes=max_page_bytes,
            max_depth=max_depth,
            max_markup=max_markup,
            max_lookahead=max_lookahead,
        )
        self.jobs = jobs
        self.strict = strict
        self.max_page_bytes = max_page_bytes
        self.max_depth = max_depth
        self.max_markup = max_markup
        self.max_lookahead = max_lookahead
        self.stats = DumpStats()
        """The counts of the latest :meth:`read`, updated as it goes."""

    def read(self, stream: IO[bytes], source: str) -> Iterator[Battle]:
        """Read every battle of the dump, in page order (see the module's documentation)."""
        try:
            import mwparserfromhell  # noqa: F401  (checked here, used by the wikitext reader)
        except ImportError:
            raise MissingDependencyError(
                "reading MediaWiki dumps needs mwparserfromhell: "
                "pip install mwparserfromhell (sakhalin's wikitext extra)"
            ) from None
        try:
            total: int | None = os.fstat(stream.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            total = None
        self.stats.restart(total)
        return self._battles(stream, source, self.stats)

    def _battles(self, stream: IO[bytes], source: str, stats: DumpStats) -> Iterator[Battle]:
        pages = _Pages(stream, source, stats, self.max_page_bytes)
        jobs = self.jobs if self.jobs is not None else _cores()
        listed = 0
        limits = _Limits(self.max_depth, self.max_markup, self.max_lookahead)
        for result in _parsed(pages, source, limits, jobs):
            if isinstance(result, str):
                stats.refused += 1
                if self.strict:
                    raise ReadError(result)
                if listed < LISTED:
                    listed += 1
                    log.warning("%s", result)
                continue
            stats.battles += 1
            yield result
        if stats.refused > listed:
            rest = stats.refused - listed
            log.warning(
                "%s: %s more page%s refused (not listed)", source, f"{rest:,}", "" if rest == 1 else "s"
            )
        log.info("%s: %s", source, stats.summary())


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parsed(pages: _Pages, source: str, limits: _Limits, jobs: int) -> Iterator[Battle | str]:
    """Each battle of the pages, or a line saying why a page was refused, in page order."""
    batches = _batches(pages)
    if jobs == 1:
        for batch in batches:
            yield from _parse_batch(pages.site, source, limits, batch)
        return
    yield from _parsed_in_pool(batches, pages, source, limits, jobs)


def _parsed_in_pool(
    batches: Iterator[list[_Page]], pages: _Pages, source: str, limits: _Limits, jobs: int
) -> Iterator[Battle | str]:
    """The batches parsed in ``jobs`` processes, a few at a time, their results in order.

    A worker that dies (killed, out of memory) breaks the pool: a one-line ReadError naming
    the pages it may have been reading, never concurrent.futures' traceback.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = None
    waiting: deque[tuple[Future[list[Battle | str]], list[_Page]]] = deque()
    batch: list[_Page] = []
    try:
        for batch in batches:
            with _terminal_signals_held():
                if pool is None:  # started at the first page to parse: a dump without one needs none
                    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
                waiting.append((pool.submit(_parse_batch, pages.site, source, limits, batch), batch))
            # Two batches a process in flight: enough to keep each busy, and memory bounded.
            while len(waiting) > 2 * jobs:
                future, batch = waiting.popleft()
                yield from future.result()
        while waiting:
            future, batch = waiting.popleft()
            yield from future.result()
    except BrokenProcessPool:
        pages_named = (
            f"page {batch[0].title!r}"
            if len(batch) == 1
            else (f"pages {batch[0].title!r} to {batch[-1].title!r}")
        )
        raise ReadError(
            f"{source}: a worker process reading {pages_named} ended abruptly "
            "(killed, or out of memory); read with -I jobs=1 to find the page"
        ) from None
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _terminal_signals_held() -> Iterator[None]:
    """SIGINT and SIGHUP blocked while a worker process may start, so that it never takes them.

    (Nor does multiprocessing's resource tracker, started with the pool: it ignores SIGINT
    but not SIGHUP.)

    A terminal sends Ctrl-C and its hang-up to every process of the job: a worker taking
    them would die with a traceback of its own. Started with them blocked (a blocked signal
    stays blocked across exec), a worker leaves them to the main process, which stops (see
    sakhalin._cli.run) and shuts the workers down; SIGTERM, which the pool itself uses to
    end a broken worker, stays as it is. Signals that arrive meanwhile wait, then arrive.
    """
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # not POSIX
        yield
        return
    held = {signal.SIGINT, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _batches(pages: _Pages) -> Iterator[list[_Page]]:
    """The pages to parse, a few at a time (fewer calls between processes)."""
    batch: list[_Page] = []
    size = 0
    for page in pages:
        batch.append(page)
        size += len(page.text)
        if len(batch) >= _BATCH_PAGES or size >= _BATCH_CHARS:
            yield batch
            batch = []
            size = 0
    if batch:
        yield batch


def _parse_batch(site: _Site, source: str, limits: _Limits, batch: list[_Page]) -> list[Battle | str]:
    """The battles of each page of the batch, or a line saying why a page was refused."""
    out: list[Battle | str] = []
    for page in batch:
        out.extend(_parse_page(site, source, limits, page))
    return out


def _parse_page(site: _Site, source: str, limits: _Limits, page: _Page) -> list[Battle | str]:
    import attrs

    from sakhalin.readers._wikitext import page_battles

    where = f"{source}: page {page.title!r}"
    try:
        battles = page_battles(
            page.text,
            where,
            limits.max_depth,
            title=page.title,
            max_markup=limits.max_markup,
            max_lookahead=limits.max_lookahead,
        )
    except ReadError as exc:
        return [str(exc)]
    except RecursionError:
        return [f"{where}: nested too deeply to be read"]
    except Exception as exc:
        # Not a refused page but a failure of the reader (a bug): the read stops here, in one
        # line naming the page (from a worker process too, where a traceback would be the
        # pool's own), so that it can be reported; never skipped as if the page were bad.
        raise ReadError(
            f"{where}: the wikitext reader failed ({type(exc).__name__}: {exc}); "
            "please report it with this page"
        ) from None
    cited = _source(site, page)
    citation = Citation(source=cited.key)
    return [attrs.evolve(b, sources=(*b.sources, cited), infobox_citation=citation) for b in battles]


def _source(site: _Site, page: _Page) -> Source:
    """The page's revision as a source its battles cite."""
    url = None
    if site.link is not None:
        from urllib.parse import quote

        title = quote(page.title.replace(" ", "_"), safe="/:(),'!*;@$")
        url = f"{site.link}{title}{'&' if '?' in site.link else '?'}oldid={page.revision_id}"
    year = int(page.timestamp[:4]) if page.timestamp[:4].isdecimal() else None
    return Source(
        key=page.title,
        title=page.title,
        url=url,
        year=year,
        publisher=site.name,
        note=f"page id {page.page_id}, revision {page.revision_id}, {page.timestamp}",
    )


class _Counted:
    """A byte stream that counts what is read through it, and refuses too much at once."""

    def __init__(self, stream: Any, limit: int | None = None) -> None:
        self.stream = stream
        self.count = 0
        self.mark = 0
        self.limit = limit
        self.ended = False
        self.head = b""

    def read(self, size: int = -1) -> bytes:
        if self.head:
            cut = len(self.head) if size < 0 else size
            data, self.head = self.head[:cut], self.head[cut:]
        else:
            data = self.stream.read(size if size > 0 else _CHUNK)
        if not data:
            self.ended = True
        self.count += len(data)
        if self.limit is not None and self.count - self.mark > self.limit:
            raise _TooLarge
        return bytes(data)

    def as_file(self) -> Any:
        """Itself, for the decompressors (which take any object with ``read``)."""
        return self


class _TooLarge(Exception):
    pass


class _Pages:
    """The dump's pages that may give a battle, in order; every page is counted in ``stats``.

    A page may give a battle when it is in the main namespace, is not a redirect, and the
    quick look finds an infobox's name in its latest revision.
    """

    def __init__(self, stream: IO[bytes], source: str, stats: DumpStats, max_page_bytes: int) -> None:
        self.source = source
        self.stats = stats
        self.max_page_bytes = max_page_bytes
        self.site = _Site(None, None)
        self.raw = _Counted(stream)
        self.xml = _Counted(self._decompressed(), max_page_bytes)
        self.last_title: str | None = None

    def _decompressed(self) -> Any:
        head = self.raw.read(3)
        self.raw.head = head
        if head.startswith(b"BZh"):
            import bz2

            return bz2.BZ2File(self.raw.as_file())
        if head.startswith(b"\x1f\x8b"):
            import gzip

            return gzip.GzipFile(fileobj=self.raw.as_file())
        return self.raw

    def _error(self, text: str) -> ReadError:
        return ReadError(f"{self.source}: {text}")

    def _where(self) -> str:
        return "before the first page" if self.last_title is None else f"after page {self.last_title!r}"

    def __iter__(self) -> Iterator[_Page]:
        import xml.etree.ElementTree as ET

        try:
            self._check_prolog()
            yield from self._pages(ET.iterparse(self.xml, events=("start", "end")))
        except _TooLarge:
            raise self._error(
                f"more than {self.max_page_bytes:,} bytes of XML in one revision {self._where()} "
                f"(raise max_page_bytes to read it)"
            ) from None
        except ET.ParseError as exc:
            line, column = exc.position
            if self.xml.ended:
                raise self._error(
                    f"the file ends {self._inside()} (line {line}): cut off, not a whole export"
                ) from None
            if self.last_title is None and self.stats.pages == 0:
                raise self._error(
                    f"not a MediaWiki export: broken XML at line {line}, column {column}: {_reason(exc)}"
                ) from None
            raise self._error(
                f"broken XML at line {line}, column {column} ({self._where()}): {_reason(exc)}"
            ) from None
        except EOFError:
            raise self._error(
                f"the compressed file ends {self._inside()}: cut off, not a whole export"
            ) from None
        except OSError as exc:  # bz2 and gzip say so of data they cannot decompress
            raise self._error(f"cannot decompress: {exc}") from None
        finally:
            self.stats.bytes_read = self.raw.count

    def _inside(self) -> str:
        if self.in_page:
            return (
                f"inside the page after {self.last_title!r}" if self.last_title else "inside the first page"
            )
        return f"before </mediawiki> {self._where()}"

    def _check_prolog(self) -> None:
        """Refuse a DOCTYPE (and with it every entity) and text not in UTF-8, before parsing."""
        head = b""
        while len(head) < _PROLOG_BYTES:
            data = self.xml.stream.read(_CHUNK)
            if not data:
                break
            head += data
        if not head.strip():
            raise self._error("not a MediaWiki export: the file is empty")
        self.xml.head = head
        self.xml.count = -len(head)  # read again through the parser
        text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
        if text.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00")) or text[1:2] == b"\x00":
            raise self._error("not a MediaWiki export: not UTF-8 text")
        at = 0
        while True:
            while at < len(text) and text[at] in b" \t\r\n":
                at += 1
            if text.startswith(b"<?", at):
                end = text.find(b"?>", at)
                if end < 0:
                    break
                declared = re.search(rb"""encoding\s*=\s*["']([^"']*)["']""", text[at:end])
                if declared is not None and declared[1].lower().replace(b"_", b"-") not in (
                    b"utf-8",
                    b"utf8",
                ):
                    encoding = declared[1].decode("ascii", "replace")
                    raise self._error(f"not a MediaWiki export: encoded in {encoding}, not UTF-8")
                at = end + 2
            elif text.startswith(b"<!--", at):
                end = text.find(b"-->", at)
                if end < 0:
                    break
                at = end + 3
            elif text.startswith(b"<!", at):
                raise self._error(
                    "declares a DOCTYPE, which a MediaWiki export never does: refused, "
                    "so that no entity can expand"
                )
            elif text.startswith(b"<", at) or at >= len(text):
                return
            else:
                raise self._error("not a MediaWiki export: not XML (no element at the start)")
        if len(head) >= _PROLOG_BYTES:
            raise self._error(f"not a MediaWiki export: no element in the first {_PROLOG_BYTES:,} bytes")

    in_page = False

    def _pages(self, events: Any) -> Iterator[_Page]:
        from sakhalin.readers._wikitext import may_hold_infobox

        root: Any = None
        ns = ""
        page: Any = None
        latest: tuple[str, int, Any] | None = None
        elements = 0
        namespaces: dict[str, int] = {}
        stats = self.stats
        raw = self.raw
        xml = self.xml
        depth = 0  # of the element just started, or of the one just ended before it ends
        for event, element in events:
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                    ns = self._namespace(element.tag)
                    page_tag, revision_tag, siteinfo_tag = ns + "page", ns + "revision", ns + "siteinfo"
                    continue
                elements += 1
                if elements > _MAX_ELEMENTS:
                    raise self._error(
                        f"more than {_MAX_ELEMENTS:,} XML elements in one revision {self._where()}"
                    )
                if depth == 2 and element.tag == page_tag:
                    page = element
                    latest = None
                    self.in_page = True
                continue
            depth -= 1
            tag = element.tag
            if depth == 2 and tag == revision_tag and page is not None:
                latest = self._latest(latest, element, ns)
                page.remove(element)
            elif depth == 1 and tag == page_tag:
                stats.pages += 1
                found = self._page(element, latest, ns, namespaces)
                root.clear()
                page = None
                latest = None
                self.in_page = False
                stats.bytes_read = raw.count
                if found is not None and may_hold_infobox(found.text):
                    yield found
            elif depth == 1 and tag == siteinfo_tag:
                self.site, namespaces = _siteinfo(element, ns)
                root.clear()
            else:
                continue
            elements = 0
            xml.mark = xml.count
        if root is None:
            raise self._error("not a MediaWiki export: no XML element at all")

    def _namespace(self, tag: str) -> str:
        ns, _, local = tag.rpartition("}")
        if local != "mediawiki" or (ns and not ns.startswith(_NAMESPACE_PREFIX)):
            raise self._error(f"not a MediaWiki export: the root element is <{local}>, not <mediawiki>")
        return f"{ns}}}" if ns else ""

    def _latest(self, latest: tuple[str, int, Any] | None, revision: Any, ns: str) -> tuple[str, int, Any]:
        """The later of the latest revision so far and this one (by time, then id)."""
        stamp = (revision.findtext(ns + "timestamp") or "").strip()
        number = _number(revision.findtext(ns + "id"))
        text = revision.find(ns + "text")
        model = revision.findtext(ns + "model")
        if text is not None and (text.get("deleted") is not None or (model or "wikitext") != "wikitext"):
            text = None
        got = (stamp, -1 if number is None else number, None if text is None else text.text or "")
        if latest is None or got[:2] >= latest[:2]:
            return got
        return latest

    def _page(
        self, page: Any, latest: tuple[str, int, Any] | None, ns: str, namespaces: dict[str, int]
    ) -> _Page | None:
        title = " ".join((page.findtext(ns + "title") or "").split())
        if title:
            self.last_title = title
        if latest is None or latest[2] is None or page.find(ns + "redirect") is not None:
            return None
        text = str(latest[2])
        if text.lstrip()[:9].lower() == "#redirect":
            return None
        number = page.findtext(ns + "ns")
        if number is not None:
            if number.strip() != "0":
                return None
        elif title.partition(":")[0].strip().lower() in namespaces:  # schema 0.5 and older
            return None
        if not title:
            return None
        page_id = _number(page.findtext(ns + "id"))
        return _Page(title, -1 if page_id is None else page_id, latest[1], latest[0], text)


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdecimal() and len(text) < 20 and text.isascii() else None


def _siteinfo(element: Any, ns: str) -> tuple[_Site, dict[str, int]]:
    """The wiki's name, the start of its pages' addresses, and its namespaces other than 0."""
    name = (element.findtext(ns + "sitename") or "").strip() or None
    base = (element.findtext(ns + "base") or "").strip()
    link = None
    if base.startswith(("http://", "https://")):
        # base is the main page's address: ".../wiki/Main_Page" or ".../index.php?title=Main_Page"
        after = base.find("title=") + len("title=") if "?title=" in base else base.rfind("/") + 1
        link = base[:after]
    namespaces: dict[str, int] = {}
    spaces = element.find(ns + "namespaces")
    if spaces is not None:
        for space in spaces:
            key = _number(space.get("key")) if not (space.get("key") or "").startswith("-") else -1
            label = " ".join((space.text or "").split()).lower()
            if label and key != 0:
                namespaces[label] = -1 if key is None else key
    return _Site(name, link), namespaces


def _reason(exc: Exception) -> str:
    """A parse error's message without its own ``line N, column M``."""
    return re.sub(r":? *line \d+, column \d+$", "", str(exc)) or str(exc)
