"""Benchmarks: sakhalin against the floor and its peers, on the same data, in one run.

The floor is the bare work done by the standard library or openpyxl; the peers are tablib
and pandas.

    .venv/bin/python benchmarks/run.py            # the full run (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # smaller sizes, fewer runs (about a minute)

It installs nothing: the peers come from the ``bench`` dependency group
(``pip install --group bench``); a missing peer is reported as such. Timings are medians of
interleaved runs (ours, floor, peers, ours, floor, peers, ...), so that a machine that
slows down or speeds up part-way affects every contender alike; start-up times are of
fresh interpreters (``subprocess``), with bytecode caching on, after a warm-up run. Peak
memory is a child process's high-water mark (``VmHWM``). A format that is not registered yet is
reported as ``n/a (format missing)``. The result is ONE table, in Markdown, on stdout.
See docs/performance.md for what each line means and the results on one machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs

import sakhalin
from sakhalin._facts import battles_from_records
from sakhalin.exporters import EXPORTERS
from sakhalin.readers import READERS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Row:
    """One line of the result table."""

    measurement: str
    ours: str
    floor: str
    ratio: float | None
    target: str
    met: str


@dataclass
class Sizes:
    """How much work each measurement does."""

    startup_runs: int
    runs: int
    csv_battles: int
    xlsx_battles: int
    memory_small: int
    memory_xlsx_small: int
    read_rows: int
    xlsx_read_battles: int
    memory_read_small: int


FULL = Sizes(
    startup_runs=21,
    runs=3,
    csv_battles=10_000,
    xlsx_battles=1_000,
    memory_small=10_000,
    memory_xlsx_small=100,
    read_rows=10_000,
    xlsx_read_battles=1_000,
    memory_read_small=50,
)
QUICK = Sizes(
    startup_runs=7,
    runs=1,
    csv_battles=1_000,
    xlsx_battles=100,
    memory_small=1_000,
    memory_xlsx_small=20,
    read_rows=10_000,
    xlsx_read_battles=200,
    memory_read_small=20,
)


# --- the data -------------------------------------------------------------------------


def bench_battle() -> sakhalin.Battle:
    """The benchmark's battle: the embedded one cut down to what an infobox says.

    Its infobox (name, dates, place, result, both sides with belligerents, commanders,
    strength and casualties, citations and sources) gives 88 fact rows; the story
    (people, events, statements) is left out so that 10,000 battles stay a fair size.
    """
    battle = sakhalin.load()
    return attrs.evolve(battle, people=(), organisations=(), places=(), events=(), statements=())


def battles(count: int) -> Iterator[sakhalin.Battle]:
    """``count`` battles, made one at a time (a generator: nothing is held)."""
    base = bench_battle()
    for i in range(count):
        yield attrs.evolve(base, name=f"Battle {i}")


# Fields whose text is a code, kept as it is when battles are varied.
_CODES = frozenset({"qualifier", "precision", "kind", "start", "end", "lang", "source", "key", "licence"})


def _varied(data: Any, i: int, field: str | None = None) -> Any:
    if isinstance(data, dict):
        return {key: _varied(value, i, key) for key, value in data.items()}
    if isinstance(data, list):
        return [_varied(value, i, field) for value in data]
    if isinstance(data, str) and field not in _CODES and data.strip():
        return f"{data} {i}"
    if isinstance(data, int) and not isinstance(data, bool) and field in ("value", "high"):
        return data + i
    return data


def distinct_battles(count: int) -> list[sakhalin.Battle]:
    """``count`` battles that differ in every text and figure, and share no parts.

    Battle ``i`` is the benchmark's battle with `` i`` after each of its texts (names,
    wordings, notes, titles; not codes such as qualifiers) and ``i`` added to each figure.
    For the export and read timings: real battles differ, so nothing that is the same from
    one battle to the next (a checked text, a citation's text) may flatter the figures.
    """
    base = sakhalin.to_dict(bench_battle())
    return [sakhalin.from_dict(_varied(base, i)) for i in range(count)]


def has_exporter(name: str) -> bool:
    try:
        EXPORTERS.get(name)
    except sakhalin.UnknownFormatError:
        return False
    return True


def has_reader(name: str) -> bool:
    try:
        READERS.get(name)
    except sakhalin.UnknownFormatError:
        return False
    return True


def peer(module: str) -> Any:
    """An optional peer package, or None."""
    try:
        return __import__(module)
    except ImportError:
        return None


# --- timing ---------------------------------------------------------------------------

CLOCK = "wall"
"""``wall`` (time.perf_counter around each run) or ``cpu`` (CPU time: the child's user +
system time for start-ups, ``time.process_time`` for the rest)."""


def interleaved(contenders: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each contender, run in turn ``runs`` times.

    Wall time, or with ``--cpu`` this process's CPU time (``time.process_time``), which on a
    busy shared machine does not count the time spent waiting for a CPU.
    """
    clock = time.process_time if CLOCK == "cpu" else time.perf_counter
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, work in contenders.items():
            start = clock()
            work()
            times[name].append(clock() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def child_env() -> dict[str, str]:
    """The environment of the child interpreters: bytecode caching on, like an installed package."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def startup(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median time of fresh interpreters running each command, interleaved.

    With ``--cpu`` the child's own CPU time (user + system, from ``os.wait4``) is taken
    instead of the wall clock: on a busy shared machine it is far steadier, since time
    spent waiting for a CPU is not counted.
    """
    env = child_env()
    cpu: dict[str, list[float]] = {name: [] for name in commands}

    def runner(name: str, command: list[str]) -> Callable[[], object]:
        def run() -> None:
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                raise subprocess.CalledProcessError(child.returncode, command)
            cpu[name].append(usage.ru_utime + usage.ru_stime)

        return run

    for name, command in commands.items():  # warm-up: write the bytecode caches, fill the page cache
        runner(name, command)()
        cpu[name].clear()
    wall = interleaved({name: runner(name, command) for name, command in commands.items()}, runs)
    if CLOCK == "cpu":
        return {name: statistics.median(found) for name, found in cpu.items()}
    return wall


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def judged(measurement: str, ours: float, floor_name: str, floor: float, target: float) -> Row:
    ratio = ours / floor
    return Row(
        measurement,
        ms(ours),
        f"{floor_name}: {ms(floor)}",
        ratio,
        f"<= {target:g}x",
        "yes" if ratio <= target else "NO",
    )


def missing(measurement: str, why: str = "n/a (format missing)") -> Row:
    return Row(measurement, why, "", None, "", "")


# --- start-up -------------------------------------------------------------------------


def measure_startup(sizes: Sizes) -> list[Row]:
    floor = [PYTHON, "-c", "import attrs, cattrs"]
    rows = []
    found = startup(
        {"ours": [PYTHON, "-c", "import sakhalin; sakhalin.load()"], "floor": floor}, sizes.startup_runs
    )
    rows.append(
        judged(
            "start-up: import sakhalin; sakhalin.load()",
            found["ours"],
            "import attrs, cattrs",
            found["floor"],
            1.15,
        )
    )
    for name in ("wikitext", "markdown", "csv", "json"):
        label = f"start-up: sakhalin export {name}"
        if not has_exporter(name):
            rows.append(missing(label))
            continue
        command = [PYTHON, "-c", "from sakhalin._cli import run; run()", "export", name]
        found = startup({"ours": command, "floor": floor}, sizes.startup_runs)
        rows.append(judged(label, found["ours"], "import attrs, cattrs", found["floor"], 1.3))
    return rows


# --- exports --------------------------------------------------------------------------


def facts_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file we wrote, as the csv module reads them (header first)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def measure_csv_export(sizes: Sizes, folder: Path) -> list[Row]:
    count = sizes.csv_battles
    label = f"export {count:,} battles to CSV"
    if not has_exporter("csv"):
        return [missing(label)]
    ours_path = folder / "ours.csv"
    # The battles are made before the clock starts, as the floor's rows are (the memory
    # lines use a generator).
    made = distinct_battles(count)
    sakhalin.write(made, ours_path)
    table = facts_rows(ours_path)
    header, body = table[0], table[1:]
    tablib, pandas = peer("tablib"), peer("pandas")

    def floor() -> None:
        with (folder / "floor.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerows(table)

    contenders: dict[str, Callable[[], object]] = {
        "ours": lambda: sakhalin.write(made, ours_path),
        "floor": floor,
    }
    if tablib is not None:
        dataset = tablib.Dataset(*body, headers=header)
        contenders["tablib"] = lambda: (folder / "tablib.csv").write_text(
            dataset.export("csv"), encoding="utf-8", newline=""
        )
    if pandas is not None:
        frame = pandas.DataFrame(body, columns=header)
        contenders["pandas"] = lambda: frame.to_csv(folder / "pandas.csv", index=False)
    found = interleaved(contenders, sizes.runs)
    rows = [
        judged(f"{label} ({len(body):,} rows)", found["ours"], "csv.writer, same rows", found["floor"], 1.5)
    ]
    rows.extend(_peer_rows(label, found))
    return rows


def _peer_rows(label: str, found: dict[str, float]) -> list[Row]:
    rows = []
    for name, what in (("tablib", "tablib, same table"), ("pandas", "pandas, same table")):
        if name not in found:
            rows.append(
                Row(f"{label}: vs {name}", ms(found["ours"]), f"{name}: not installed", None, "< 1x", "")
            )
            continue
        ratio = found["ours"] / found[name]
        rows.append(
            Row(
                f"{label}: vs {name}",
                ms(found["ours"]),
                f"{what}: {ms(found[name])}",
                ratio,
                "< 1x",
                "yes" if ratio < 1 else "NO",
            )
        )
    return rows


@dataclass
class Sheet:
    """One sheet of a workbook as openpyxl's read-only mode reads it."""

    title: str
    hidden: bool
    rows: list[tuple[Any, ...]]
    formats: dict[int, dict[int, str]]
    """The number format of each cell that has one (not ``General``): row -> column -> format, from 0."""


def sheets_of(path: Path) -> list[Sheet]:
    """Every sheet of a workbook (the hidden ones too): its cells' values and number formats."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        found = []
        for sheet in book.worksheets:
            rows: list[tuple[Any, ...]] = []
            formats: dict[int, dict[int, str]] = {}
            for r, row in enumerate(sheet.iter_rows()):
                values = []
                for c, cell in enumerate(row):
                    value = getattr(cell, "value", None)
                    values.append(value)
                    if value is not None and cell.number_format != "General":
                        formats.setdefault(r, {})[c] = cell.number_format
                rows.append(tuple(values))
            width = max((len(row) for row in rows), default=0)
            rows = [row + (None,) * (width - len(row)) for row in rows]
            found.append(Sheet(sheet.title, sheet.sheet_state == "hidden", rows, formats))
        return found
    finally:
        book.close()


def all_values(path: Path) -> int:
    """The count of cells openpyxl read-only reads, reading every value of every sheet (hidden too)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        count = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                count += len(row)
        return count
    finally:
        book.close()


def measure_xlsx_export(sizes: Sizes, folder: Path) -> list[Row]:
    count = sizes.xlsx_battles
    label = f"export {count:,} battles to XLSX"
    if not has_exporter("xlsx"):
        return [missing(label)]
    openpyxl = peer("openpyxl")
    if openpyxl is None:
        return [missing(label, "n/a (openpyxl missing)")]
    ours_path = folder / "ours.xlsx"
    made = distinct_battles(count)  # made before the clock starts, as the floor's cells are
    sakhalin.write(made, ours_path)
    sheets = sheets_of(ours_path)
    cells = sum(1 for sheet in sheets for row in sheet.rows for value in row if value is not None)
    tablib, pandas = peer("tablib"), peer("pandas")
    from openpyxl.cell.cell import Cell

    def floor() -> None:
        # The same values on the same sheets (the hidden one hidden), each cell with a number
        # format (counts, dates) given it, as ours are: a cell made from a ready style array
        # per format, the cheapest way openpyxl writes a formatted cell.
        book = openpyxl.Workbook(write_only=True)
        arrays: dict[str, Any] = {}
        for found in sheets:
            sheet = book.create_sheet(found.title)
            if found.hidden:
                sheet.sheet_state = "hidden"
            for r, row in enumerate(found.rows):
                formats = found.formats.get(r)
                if formats is None:
                    sheet.append(row)
                    continue
                cells: list[Any] = []
                for c, value in enumerate(row):
                    number_format = formats.get(c)
                    if number_format is None:
                        cells.append(value)
                        continue
                    if number_format not in arrays:
                        model = openpyxl.cell.WriteOnlyCell(sheet)
                        model.number_format = number_format
                        arrays[number_format] = model._style
                    cell = Cell(sheet, row=1, column=1, style_array=arrays[number_format])
                    cell.value = value
                    cells.append(cell)
                sheet.append(cells)
        book.save(folder / "floor.xlsx")

    def floor_styled() -> None:
        # The floor again, every cell a styled cell (top-aligned, as ours): what openpyxl's
        # write-only mode costs for styled cells, which ours are.
        book = openpyxl.Workbook(write_only=True)
        for found in sheets:
            sheet = book.create_sheet(found.title)
            model = openpyxl.cell.WriteOnlyCell(sheet)
            model.alignment = openpyxl.styles.Alignment(vertical="top")
            style = model._style
            for row in found.rows:
                cells = []
                for value in row:
                    cell = None
                    if value is not None:
                        cell = Cell(sheet, row=1, column=1, style_array=style)
                        cell.value = value
                    cells.append(cell)
                sheet.append(cells)
        book.save(folder / "floor-styled.xlsx")

    contenders: dict[str, Callable[[], object]] = {
        "ours": lambda: sakhalin.write(made, ours_path),
        "floor": floor,
        "styled": floor_styled,
    }
    if tablib is not None:
        databook = tablib.Databook(
            [tablib.Dataset(*sheet.rows[1:], headers=sheet.rows[0], title=sheet.title) for sheet in sheets]
        )

        def with_tablib() -> None:
            (folder / "tablib.xlsx").write_bytes(databook.export("xlsx"))

        contenders["tablib"] = with_tablib
    if pandas is not None:
        frames = [(sheet.title, pandas.DataFrame(sheet.rows[1:], columns=sheet.rows[0])) for sheet in sheets]

        def with_pandas() -> None:
            with pandas.ExcelWriter(folder / "pandas.xlsx", engine="openpyxl") as writer:
                for title, frame in frames:
                    frame.to_excel(writer, sheet_name=title, index=False)

        contenders["pandas"] = with_pandas
    found = interleaved(contenders, sizes.runs)
    rows = [
        judged(
            f"{label} ({cells:,} cells, {len(sheets)} sheets)",
            found["ours"],
            "openpyxl write-only, same cells and number formats",
            found["floor"],
            1.3,
        ),
        Row(
            f"{label}: vs styled cells (for reference)",
            ms(found["ours"]),
            f"openpyxl write-only, same cells, each styled: {ms(found['styled'])}",
            found["ours"] / found["styled"],
            "",
            "",
        ),
    ]
    rows.extend(_peer_rows(label, found))
    return rows


# --- memory ---------------------------------------------------------------------------

# The peak is the child's VmHWM: unlike ru_maxrss, which Linux carries over from the
# parent through fork and exec, it counts this interpreter's own pages only.
_MEMORY_CHILD = """
import sys
sys.path.insert(0, {bench!r})
import sakhalin
from run import battles
count, target, fmt = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sakhalin.write(battles(count), target, fmt)
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def peak_kib(count: int, fmt: str, folder: Path) -> int:
    """The peak resident memory of a fresh interpreter writing ``count`` battles (KiB)."""
    target = os.devnull if fmt != "xlsx" else str(folder / "memory.xlsx")
    code = _MEMORY_CHILD.format(bench=str(Path(__file__).resolve().parent))
    done = subprocess.run(
        [PYTHON, "-c", code, str(count), target, fmt],
        capture_output=True,
        text=True,
        env=child_env(),
        check=True,
    )
    return int(done.stdout.split()[-1])


def measure_memory(sizes: Sizes, folder: Path) -> list[Row]:
    rows = []
    plan = (("csv", sizes.memory_small), ("xlsx", sizes.memory_xlsx_small), ("json", sizes.memory_small))
    for fmt, small in plan:
        large = small * 10
        label = f"peak memory, {large:,} vs {small:,} battles to {fmt.upper()} from a generator"
        if not has_exporter(fmt):
            rows.append(missing(label))
            continue
        peaks: dict[str, list[int]] = {"small": [], "large": []}
        for _ in range(max(1, sizes.runs // 2 + 1)):
            peaks["small"].append(peak_kib(small, fmt, folder))
            peaks["large"].append(peak_kib(large, fmt, folder))
        low, high = statistics.median(peaks["small"]), statistics.median(peaks["large"])
        ratio = high / low
        rows.append(
            Row(
                label,
                f"{high / 1024:.0f} MiB",
                f"{small:,} battles: {low / 1024:.0f} MiB",
                ratio,
                "<= 1.2x",
                "yes" if ratio <= 1.2 else "NO",
            )
        )
    return rows


# --- reading --------------------------------------------------------------------------


def measure_reading(sizes: Sizes, folder: Path) -> list[Row]:
    rows = [measure_infobox(sizes, folder)]
    per_battle = sum(1 for _ in sakhalin.facts(bench_battle()))
    count = math.ceil(sizes.read_rows / per_battle)
    label = f"read a {count * per_battle:,}-row facts CSV back"
    if not (has_exporter("csv") and has_reader("csv")):
        rows.append(missing(label))
    else:
        path = folder / "read.csv"
        sakhalin.write(distinct_battles(count), path)

        def ours() -> object:
            return list(sakhalin.read(path))

        def floor() -> object:
            with path.open(encoding="utf-8", newline="") as stream:
                return list(csv.reader(stream))

        contenders: dict[str, Callable[[], object]] = {"ours": ours, "floor": floor}
        pandas = peer("pandas")
        if pandas is not None:

            def with_pandas(pandas: Any = pandas) -> object:
                # what a user would otherwise write: pandas parses, the same battles are built
                frame = pandas.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
                records = frame[list(sakhalin.FACT_COLUMNS)].itertuples(index=False, name=None)
                return list(battles_from_records(records, source=str(path)))

            assert with_pandas() == ours()
            contenders["pandas"] = with_pandas
        # (reading is quick: more runs make its median steadier on a busy machine)
        found = interleaved(contenders, max(9, sizes.runs))
        # at most 4x csv.reader on the same file
        rows.append(judged(label, found["ours"], "csv.reader", found["floor"], 4.0))
        if pandas is None:
            rows.append(
                Row(f"{label}: vs pandas", ms(found["ours"]), "pandas: not installed", None, "< 1x", "")
            )
        else:
            ratio = found["ours"] / found["pandas"]
            rows.append(
                Row(
                    f"{label}: vs pandas",
                    ms(found["ours"]),
                    f"pandas.read_csv, then the same battles built: {ms(found['pandas'])}",
                    ratio,
                    "< 1x",
                    "yes" if ratio < 1 else "NO",
                )
            )
    rows.extend(measure_xlsx_reading(sizes, folder))
    return rows


def measure_xlsx_reading(sizes: Sizes, folder: Path) -> list[Row]:
    """Reading a workbook of many battles back, against openpyxl reading every cell of it.

    The reader reads every sheet: the hidden Round trip sheet (the facts), and each sheet
    people read, whose cells it compares with the facts to find the edits. The floor is
    openpyxl's read-only mode reading every cell's value of every sheet of the same workbook.
    """
    count = sizes.xlsx_read_battles
    label = f"read {count:,} battles from XLSX"
    if not (has_exporter("xlsx") and has_reader("xlsx")):
        return [missing(label)]
    if peer("openpyxl") is None:
        return [missing(label, "n/a (openpyxl missing)")]
    path = folder / "read.xlsx"
    sakhalin.write(distinct_battles(count), path)
    sheets = sheets_of(path)
    cells = sum(1 for sheet in sheets for row in sheet.rows for value in row if value is not None)
    found = interleaved(
        {"ours": lambda: list(sakhalin.read(path)), "floor": lambda: all_values(path)}, max(3, sizes.runs)
    )
    rows = [
        judged(
            f"{label} ({cells:,} cells, {len(sheets)} sheets)",
            found["ours"],
            "openpyxl read-only, every cell's value",
            found["floor"],
            2.0,
        )
    ]
    small = sizes.memory_read_small
    large = small * 10
    peaks: dict[str, list[int]] = {"small": [], "large": [], "floor": []}
    small_path, large_path = folder / "read-small.xlsx", folder / "read-large.xlsx"
    sakhalin.write(battles(small), small_path)
    sakhalin.write(battles(large), large_path)
    for _ in range(max(1, sizes.runs // 2 + 1)):
        peaks["small"].append(read_peak_kib(small_path, "ours"))
        peaks["large"].append(read_peak_kib(large_path, "ours"))
        peaks["floor"].append(read_peak_kib(large_path, "floor"))
    low, high, floor = (statistics.median(peaks[name]) for name in ("small", "large", "floor"))
    rows.append(
        Row(
            f"peak memory, reading {large:,} vs {small:,} battles from XLSX",
            f"{high / 1024:.0f} MiB",
            f"{small:,} battles: {low / 1024:.0f} MiB",
            high / low,
            "",
            "",
        )
    )
    rows.append(
        Row(
            f"peak memory, reading {large:,} battles from XLSX: vs openpyxl (for reference)",
            f"{high / 1024:.0f} MiB",
            f"openpyxl read-only, every cell's value: {floor / 1024:.0f} MiB",
            high / floor,
            "",
            "",
        )
    )
    return rows


_READ_MEMORY_CHILD = """
import sys
sys.path.insert(0, {bench!r})
path, who = sys.argv[1], sys.argv[2]
if who == "ours":
    import sakhalin
    for battle in sakhalin.read(path):
        pass
else:
    from run import all_values
    from pathlib import Path
    all_values(Path(path))
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def read_peak_kib(path: Path, who: str) -> int:
    """The peak resident memory of a fresh interpreter reading a workbook (KiB): ours or openpyxl's."""
    code = _READ_MEMORY_CHILD.format(bench=str(Path(__file__).resolve().parent))
    done = subprocess.run(
        [PYTHON, "-c", code, str(path), who], capture_output=True, text=True, env=child_env(), check=True
    )
    return int(done.stdout.split()[-1])


def measure_infobox(sizes: Sizes, folder: Path) -> Row:
    label = "read an infobox, per parameter"
    if not (has_exporter("wikitext") and has_reader("wikitext")):
        return missing(label)
    path = folder / "infobox.wiki"
    sakhalin.write(sakhalin.load(), path)
    text = path.read_text(encoding="utf-8")
    parameters = text.count("\n|") + text.count("\n |")  # one parameter a line, as we write them
    contenders: dict[str, Callable[[], object]] = {"ours": lambda: list(sakhalin.read(path))}
    mwparserfromhell = peer("mwparserfromhell")
    if mwparserfromhell is not None:

        def parse() -> object:
            return [
                (str(p.name).strip(), str(p.value).strip())
                for t in mwparserfromhell.parse(text).filter_templates()
                for p in t.params
            ]

        contenders["mwparserfromhell"] = parse
    repeat = 20 if sizes.runs > 1 else 5
    found = interleaved(contenders, repeat)
    per = found["ours"] / max(parameters, 1)
    peer_text = ""
    if "mwparserfromhell" in found:
        each = found["mwparserfromhell"] / max(parameters, 1)
        peer_text = f"mwparserfromhell parse only: {each * 1e3:.3f} ms"
    return Row(
        f"{label} ({parameters} parameters)",
        f"{per * 1e3:.3f} ms",
        peer_text,
        None,
        "< 1 ms",
        "yes" if per < 1e-3 else "NO",
    )


def apply_pages() -> list[tuple[str, str]]:
    """Real pages to apply to: the tests' own, and the shared corpus's when it is beside us."""
    folders = [ROOT / "tests" / "fixtures" / "pages", ROOT.parent / "shared" / "corpus" / "pages"]
    pages = []
    for folder in folders:
        for path in sorted(folder.glob("*.wiki")) if folder.is_dir() else []:
            pages.append((path.name, path.read_bytes().decode("utf-8")))
    return pages


def measure_apply(sizes: Sizes, folder: Path) -> list[Row]:
    """sakhalin.apply on real pages against mwparserfromhell parsing them (target: at most 3x).

    Whole pages: every readable page's own battles applied back (no change), and with one
    field edited (``result``). The figure is the sum over the pages, each page's time the
    median of interleaved runs.
    """
    label = "apply to a real page, no change"
    mwparserfromhell = peer("mwparserfromhell")
    if mwparserfromhell is None or not hasattr(sakhalin, "apply"):
        return [missing(label, "n/a (mwparserfromhell or apply missing)")]
    import io

    from sakhalin.readers._wikitext import WikitextReader

    totals = {"parse": 0.0, "apply": 0.0, "edit": 0.0}
    count = chars = 0
    for name, page in apply_pages():
        try:
            battles = list(WikitextReader().read(io.StringIO(page, newline=""), name))
        except sakhalin.ReadError:
            continue  # a page the reader cannot read (an infobox with no name) cannot be applied to
        edited = [attrs.evolve(battles[0], result="A result edited for the benchmark"), *battles[1:]]
        found = interleaved(
            {
                "parse": lambda page=page: mwparserfromhell.parse(page),
                "apply": lambda page=page, battles=battles: sakhalin.apply(battles, page),
                "edit": lambda page=page, edited=edited: sakhalin.apply(edited, page),
            },
            15 if sizes.runs > 1 else 5,
        )
        for key in totals:
            totals[key] += found[key]
        count += 1
        chars += len(page)
    floor = "mwparserfromhell.parse"
    what = f"({count} pages, {chars:,} characters)"
    return [
        judged(f"{label} {what}", totals["apply"], floor, totals["parse"], 3.0),
        judged(f"apply to a real page, one field edited {what}", totals["edit"], floor, totals["parse"], 3.0),
    ]


# --- the table ------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f}"
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}{load}"
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| measurement | ours | floor or peer | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(f"| {row.measurement} | {row.ours} | {row.floor} | {ratio} | {row.target} | {row.met} |")
    return "\n".join(lines)


SECTIONS = {
    "startup": lambda sizes, folder: measure_startup(sizes),
    "csv": measure_csv_export,
    "xlsx": measure_xlsx_export,
    "memory": measure_memory,
    "read": measure_reading,
    "apply": measure_apply,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    parser.add_argument(
        "--only", action="append", choices=sorted(SECTIONS), help="run only these sections (repeatable)"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time by CPU time instead of the wall clock (steadier on a busy machine)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = "cpu" if args.cpu else "wall"
    sizes = QUICK if args.quick else FULL
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sakhalin-bench-") as temp:
        for name, section in SECTIONS.items():
            if args.only and name not in args.only:
                continue
            print(f"... {name}", file=sys.stderr, flush=True)
            rows.extend(section(sizes, Path(temp)))
    run_kind = "quick" if args.quick else "full"
    print(f"Machine: {machine()}; {run_kind} run, timed by {CLOCK} time, {time.strftime('%Y-%m-%d')}\n")
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([row.__dict__ for row in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
