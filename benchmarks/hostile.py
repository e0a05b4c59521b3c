"""Worst cases for the readers (issue 18): CPU time and peak memory as hostile files grow.

Each case is built at a few sizes and read in a fresh interpreter, which reports its CPU
time and peak memory (``ru_maxrss``); a refusal counts as an outcome like a read. Time and
memory should grow linearly with size (or stay flat when the file is refused up front).

    .venv/bin/python benchmarks/hostile.py            # 250 KB, 500 KB, 1 MB and 2 MB
    .venv/bin/python benchmarks/hostile.py --quick    # 250 KB and 1 MB

The figures on one machine are in docs/explanation/security.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import sakhalin
start = time.process_time()
try:
    list(sakhalin.read(sys.argv[1]))
    outcome = "read"
except sakhalin.SakhalinError as exc:
    outcome = "refused"
print(json.dumps([outcome, time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))
"""

INFOBOX = "{{{{Infobox military conflict\n|conflict=A\n|{param}={value}\n}}}}\n"


def _wiki(param: str, piece: str, size: int) -> str:
    return INFOBOX.format(param=param, value=piece * (size // len(piece)))


def _nested_flags(size: int) -> str:
    depth = min(38, size // 10)  # (templates 40 deep at most)
    value = "X"
    for _ in range(depth):
        value = "{{flag|" + value + "}}"
    return INFOBOX.format(param="combatant1", value=value) + " " * size


def _bad_json(size: int) -> str:
    import sakhalin

    data = sakhalin.to_dict(sakhalin.load())
    data["events"] = [{"bad": -1}] * (size // 13)
    return json.dumps(data)


def _bad_csv(size: int, path: Path) -> None:
    import csv

    import sakhalin

    sakhalin.write(sakhalin.load(), path)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    head, at, value, kind = rows[0], rows[0].index("path"), rows[0].index("value"), rows[0].index("type")
    template = next(r for r in rows if r[at] == "sides[0].strength[0]")
    kept = [r for r in rows[1:] if not r[at].startswith("sides[0].strength")]
    first = next(i for i, r in enumerate(kept) if r[at].startswith("sides[0]."))
    bad = []
    for i in range(size // 130):
        row = list(template)
        row[at], row[value], row[kind] = f"sides[0].strength[{i}]", "-1", "int"
        bad.append(row)
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([head, *kept[:first], *bad, *kept[first:]])


CASES: dict[str, Callable[[int, Path], object]] = {
    "1 nested {{flag}}": lambda size, path: path.with_suffix(".wiki").write_text(_nested_flags(size)),
    "2 casualties, no-break spaces": lambda size, path: path.with_suffix(".wiki").write_text(
        INFOBOX.format(param="casualties1", value="1 dead" + "\xa0" * size + "x(")
    ),
    "7 a million pipes": lambda size, path: path.with_suffix(".wiki").write_text(_wiki("result", "|", size)),
    "7 [http://a  repeated": lambda size, path: path.with_suffix(".wiki").write_text(
        _wiki("result", "[http://a ", size)
    ),
    "7 <b  left open": lambda size, path: path.with_suffix(".wiki").write_text(
        _wiki("result", "<b " + "a b " * (size // 8), size)
    ),
    "7 <br> flood (under max_markup)": lambda size, path: path.with_suffix(".wiki").write_text(
        _wiki("result", "<br>", min(size, 390_000)) + " " * max(0, size - 390_000)
    ),
    "4 JSON, very many problems": lambda size, path: path.with_suffix(".json").write_text(_bad_json(size)),
    "6 CSV, very many bad rows": lambda size, path: _bad_csv(size, path.with_suffix(".csv")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Worst cases for the readers: CPU time and peak memory.")
    parser.add_argument("--quick", action="store_true", help="two sizes instead of four")
    args = parser.parse_args()
    sizes = [250_000, 1_000_000] if args.quick else [250_000, 500_000, 1_000_000, 2_000_000]
    print("| case | " + " | ".join(f"{s // 1000:,} KB" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    with tempfile.TemporaryDirectory() as folder:
        for name, make in CASES.items():
            cells = []
            for size in sizes:
                base = Path(folder) / "case"
                for old in Path(folder).iterdir():
                    old.unlink()
                make(size, base)
                (path,) = list(Path(folder).iterdir())
                try:
                    done = subprocess.run(
                        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=120
                    )
                    outcome, cpu, peak = json.loads(done.stdout)
                    cells.append(f"{outcome} {cpu:.2f} s, {peak // 1024} MB")
                except subprocess.TimeoutExpired:
                    cells.append("over 120 s")
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
