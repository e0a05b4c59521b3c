"""Benchmark: reading a MediaWiki XML dump, against the floor, in one process and in several.

The floor is the least any dump reader must do: ``xml.etree.ElementTree.iterparse`` over the
same file (elements cleared as they are read) plus ``mwparserfromhell.parse`` of every
page's text. Ours is ``sakhalin.read(DUMP, jobs=N)`` to its last battle: the same parsing of
the pages that may hold an infobox, then typing each infobox into a battle that cites its
page. The dump is built by repeating real pages (the shared corpus export and the fixture in
``tests/fixtures/dumps/``) under new titles and ids, in two mixes:

- ``real``: the pages as they come (4 of 49 hold an infobox, as in the categories exported);
- ``battles``: only the pages with an infobox (every page gives a battle: the worst case).

    .venv/bin/python benchmarks/dump.py                 # 1,000 and 4,000 pages a mix (minutes)
    .venv/bin/python benchmarks/dump.py --pages 200     # a quick look

Each contender runs in a fresh interpreter, interleaved with the others (``--runs``, the
median kept); the table gives the peak memory (``ru_maxrss``) of the process and of its
largest worker, and the CPU time of the main process and of the workers: on a busy machine
the wall-clock speed-up cannot show, but the split of the work says what idle cores would
give. A third mix, ``none``, holds only pages without an infobox: the speed of the part that
stays in one process (decompressing, XML, the quick look for an infobox). The load average at
the start and the end is printed, since the figures depend on
what else the machine runs. See docs/performance.md for the results on one machine.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT.parent / "shared" / "corpus" / "dump" / "friendly-fire-incidents-of-world-war-2.xml",
    ROOT / "tests" / "fixtures" / "dumps" / "1789-events-of-the-french-revolution.xml.bz2",
)

_PAGE_RE = re.compile(rb"<page>.*?</page>\n?", re.DOTALL)

# Run in a child: argv[1] is what to run, argv[2] the dump, argv[3] the jobs.
CHILD = r"""
import resource, sys, time
what, path, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
count = 0
if what == "floor":
    import xml.etree.ElementTree as ET
    import mwparserfromhell
    for event, element in ET.iterparse(path):
        if element.tag.endswith("}text") or element.tag == "text":
            mwparserfromhell.parse(element.text or "")
        elif element.tag.endswith("}page") or element.tag == "page":
            count += 1
            element.clear()
else:
    import sakhalin
    for battle in sakhalin.read(path, jobs=jobs):
        count += 1
seconds = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF)
them = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, count, me.ru_maxrss, them.ru_maxrss, me.ru_utime + me.ru_stime, them.ru_utime + them.ru_stime)
"""


def pages_of(path: Path) -> tuple[bytes, list[bytes]]:
    """The export's head (up to its first page) and its pages."""
    data = path.read_bytes()
    if data.startswith(b"BZh"):
        data = bz2.decompress(data)
    first = data.index(b"<page>")
    return data[:first], _PAGE_RE.findall(data, first)


def renamed(page: bytes, copy: int) -> bytes:
    """The page as its ``copy``-th copy: a title and a page id of its own."""
    title = re.search(rb"<title>(.*?)</title>", page)
    number = re.search(rb"</ns>\s*<id>(\d+)</id>", page)
    assert title is not None and number is not None
    page = page[: number.start(1)] + b"%d" % (10_000_000 * copy + int(number[1])) + page[number.end(1) :]
    return page[: title.end(1)] + b" %d" % copy + page[title.end(1) :]


def build(target: Path, count: int, mix: str) -> tuple[int, int]:
    """A dump of ``count`` pages repeated from the real ones; returns its size and battle pages."""
    head, pages = b"", []
    for source in SOURCES:
        if not source.exists():
            sys.exit(f"missing {source}")
        this_head, these = pages_of(source)
        head = head or this_head
        pages += these
    has_infobox = re.compile(rb"\{\{\s*Infobox military conflict", re.IGNORECASE)
    if mix == "battles":
        pages = [p for p in pages if has_infobox.search(p)]
    elif mix == "none":
        pages = [p for p in pages if not has_infobox.search(p)]
    with_infobox = 0
    with target.open("wb") as out:
        out.write(head)
        for n in range(count):
            page = renamed(pages[n % len(pages)], n // len(pages))
            with_infobox += bool(re.search(rb"Infobox military conflict", page, re.IGNORECASE))
            out.write(page)
        out.write(b"</mediawiki>\n")
    return target.stat().st_size, with_infobox


def run(what: str, path: Path, jobs: int) -> tuple[float, int, int, int, float, float]:
    """One run in a fresh interpreter: seconds, battles, peak KiB (own, largest worker), CPU s."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(path), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds, count, own, workers, cpu, worker_cpu = done.stdout.split()
    return float(seconds), int(count), int(own), int(workers), float(cpu), float(worker_cpu)


def bz2_rate(path: Path) -> float:
    """MB of XML per second that bz2 decompresses (one core), from a compressed copy of ``path``."""
    packed = path.with_suffix(".xml.bz2")
    packed.write_bytes(bz2.compress(path.read_bytes(), 9))
    start = time.process_time()
    with bz2.open(packed) as stream:
        while stream.read(1 << 20):
            pass
    return path.stat().st_size / 1e6 / (time.process_time() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--pages", type=int, default=1_000, help="pages of the smaller dumps (the larger have 4x)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of each contender (the median is kept)")
    parser.add_argument("--jobs", type=int, default=2, help="processes of the parallel run")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}; cores: {os.cpu_count()}", file=sys.stderr)
    rows = []
    many_name = f"jobs={args.jobs}"
    with tempfile.TemporaryDirectory() as folder:
        plan = [
            ("none", args.pages),
            ("none", 4 * args.pages),
            ("real", args.pages),
            ("real", 4 * args.pages),
            ("battles", args.pages // 4),
            ("battles", args.pages),
        ]
        for mix, count in plan:
            path = Path(folder) / f"{mix}-{count}.xml"
            size, battle_pages = build(path, count, mix)
            contenders = {"floor": ("floor", 1), "jobs=1": ("ours", 1), many_name: ("ours", args.jobs)}
            times: dict[str, list[float]] = {name: [] for name in contenders}
            memory: dict[str, tuple[int, int]] = {}
            cpu: dict[str, tuple[float, float]] = {}
            found: dict[str, int] = {}
            for _ in range(args.runs):
                for name, (what, jobs) in contenders.items():
                    seconds, got, own, workers, own_cpu, worker_cpu = run(what, path, jobs)
                    times[name].append(seconds)
                    memory[name] = max(memory.get(name, (0, 0)), (own, workers))
                    cpu[name] = (own_cpu, worker_cpu)
                    found[name] = got
            floor = statistics.median(times["floor"])
            one = statistics.median(times["jobs=1"])
            many = statistics.median(times[many_name])
            main_cpu, worker_cpu = cpu[many_name]
            # What the work's split allows on idle cores: all of it, over the busiest process.
            bound = (main_cpu + worker_cpu) / max(main_cpu, worker_cpu / args.jobs, 1e-9)
            rows.append(
                f"| {mix} | {count:,} | {size / 1e6:.1f} MB | {battle_pages:,} | {found['jobs=1']:,} "
                f"| {floor:.2f} s ({size / 1e6 / floor:.2f} MB/s) "
                f"| {one:.2f} s ({size / 1e6 / one:.2f} MB/s) "
                f"| {one / floor:.2f}x | {many:.2f} s | {one / many:.2f}x "
                f"| {main_cpu:.1f} + {worker_cpu:.1f} s ({bound:.2f}x) "
                f"| {memory['jobs=1'][0] / 1024:.0f} MB | {memory[many_name][0] / 1024:.0f} + "
                f"{memory[many_name][1] / 1024:.0f} MB |"
            )
            print(rows[-1], file=sys.stderr)
        rate = bz2_rate(Path(folder) / f"real-{4 * args.pages}.xml")
    print(f"load average at end: {os.getloadavg()}", file=sys.stderr)
    print(
        "| mix | pages | XML | pages with an infobox | battles | floor | ours, 1 process | vs floor "
        f"| ours, {args.jobs} processes | speed-up | CPU main + workers (speed-up the split allows) "
        f"| peak, 1 process | peak, {args.jobs} processes (main + largest worker) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\nbz2 decompression (one core, CPU time): {rate:.0f} MB of XML per second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
