"""The scripts in examples/ run, and make what they say, checked with readers we did not write.

Each script runs in a subprocess with a temporary folder as its output; its files are read
back with openpyxl, mwparserfromhell and the json module and compared value by value with the
embedded battle. The plugin package examples/latex-exporter runs its own tests, is made
visible to ``sakhalin`` through a temporary ``.dist-info`` (and, with hatchling at hand, through
a real build and install), and then shows in ``sakhalin formats`` and exports.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest

import sakhalin
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
PLUGIN = EXAMPLES / "latex-exporter"
SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py"))


def run(args: list[str], cwd: Path, pythonpath: list[Path] | None = None) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with the arguments; fail with its output if it fails."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    result = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def run_example(name: str, folder: Path) -> Path:
    """Run one example script with the folder as its output; return the path it printed."""
    result = run([str(EXAMPLES / name), str(folder)], cwd=folder)
    written = Path(result.stdout.strip().splitlines()[-1])
    assert written.is_file(), f"{name} printed {written}, which does not exist"
    assert written.parent.resolve() == folder.resolve()
    return written


def test_every_example_script_is_tested() -> None:
    """Each script in examples/ has a test here: a new one must get its own."""
    assert SCRIPTS == ["load_infobox.py", "make_workbook.py", "regenerate_infobox.py"]


def _cell(value: Any) -> Any:
    """A cell as the fact value it stands for: a datetime at midnight is a date."""
    if isinstance(value, datetime.datetime):
        assert value.time() == datetime.time(0), value
        return value.date()
    return value


def _same(cell: Any, expected: Any) -> bool:
    cell = _cell(cell)
    if isinstance(expected, datetime.date) and isinstance(cell, str):
        return cell == expected.isoformat()  # dates Excel cannot hold are ISO text
    if expected is None:
        return cell in (None, "")
    if isinstance(expected, str) or isinstance(cell, str):
        return str(cell) == str(expected)
    return bool(cell == expected) and type(cell) is type(expected)


def test_make_workbook(tmp_path: Path) -> None:
    """make_workbook.py writes every fact of the embedded battle, typed, to the Facts sheet."""
    from openpyxl import load_workbook

    path = run_example("make_workbook.py", tmp_path)
    assert path.name == "invasion-of-sakhalin.xlsx"
    workbook = load_workbook(path, read_only=True)
    try:
        rows = list(workbook["Facts"].iter_rows(values_only=True))
    finally:
        workbook.close()
    from sakhalin._sheets import FACT_HEADINGS

    column_of = {heading: column for column, heading in FACT_HEADINGS.items()}
    header = [column_of.get(str(heading), heading) for heading in rows[0]]  # headed in words
    expected = list(sakhalin.facts(sakhalin.load()))
    assert len(rows) - 1 == len(expected)
    for row, fact in zip(rows[1:], expected, strict=True):
        for column in ("battle", "subject", "attribute", "value", "value_end", "unit", "qualifier"):
            got = row[header.index(column)]
            want = getattr(fact, column)
            assert _same(got, want), f"{fact.path} {column}: {got!r} != {want!r}"
        assert row[header.index("citation")] == (None if fact.citation is None else str(fact.citation))
    russian = [r for r in rows[1:] if r[header.index("subject")] == "Russian Empire"]
    strength = next(r for r in russian if r[header.index("attribute")] == "strength")
    assert strength[header.index("value")] == 7280


def _template(path: Path) -> Any:
    templates = mwparserfromhell.parse(path.read_text(encoding="utf-8")).filter_templates(recursive=False)
    infoboxes = [t for t in templates if t.name.strip().lower() == "infobox military conflict"]
    assert len(infoboxes) == 1, [str(t.name) for t in templates]
    return infoboxes[0]


def _plain(template: Any, name: str) -> str:
    return " ".join(template.get(name).value.strip_code().split())


def test_regenerate_infobox(tmp_path: Path) -> None:
    """regenerate_infobox.py writes the infobox with the new territory row and the other facts."""
    path = run_example("regenerate_infobox.py", tmp_path)
    assert path.name == "invasion-of-sakhalin.wiki"
    battle = sakhalin.load()
    infobox = _template(path)
    assert _plain(infobox, "territory") == "Japanese occupation of Sakhalin"
    assert "7,280 men" in _plain(infobox, "strength2")
    assert _plain(infobox, "conflict") == battle.name
    assert _plain(infobox, "result") == battle.result
    assert battle.place is not None
    assert _plain(infobox, "place") == battle.place.name
    for number, side in enumerate(battle.sides, 1):
        commanders = str(infobox.get(f"commander{number}").value)
        for person in side.commanders:
            assert person.name in commanders
        assert side.casualties is not None
        assert side.casualties.text in _plain(infobox, f"casualties{number}")


def test_load_infobox(tmp_path: Path) -> None:
    """load_infobox.py reads its infobox into the model: the JSON it writes matches the markup."""
    path = run_example("load_infobox.py", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    infobox = _template(tmp_path / "battle-of-mukden.wiki")
    assert data["name"] == _plain(infobox, "conflict") == "Battle of Mukden"
    assert data["result"] == _plain(infobox, "result")
    for number, side in enumerate(data["sides"], 1):
        linked = [str(link.title) for link in infobox.get(f"commander{number}").value.filter_wikilinks()]
        assert [person["name"] for person in side["commanders"]] == linked
        [strength] = side["strength"]
        figure = int(re.sub(r"\D", "", _plain(infobox, f"strength{number}")))
        assert (strength["value"], strength["qualifier"]) == (figure, "approximate")
    assert data["date"]["start"] == "1905-02-20"
    assert data["date"]["end"] == "1905-03-10"


def test_plugin_own_tests_pass(tmp_path: Path) -> None:
    """The plugin package's own test suite passes against this checkout of sakhalin."""
    run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(PLUGIN / "pyproject.toml"), str(PLUGIN)],
        cwd=tmp_path,
        pythonpath=[PLUGIN / "src"],
    )


def _typeset(cell: str) -> str:
    """The text a cell of the plugin's table shows, as pylatexenc (a LaTeX parser) reads it."""
    from pylatexenc.latex2text import LatexNodes2Text

    return str(LatexNodes2Text().latex_to_text(cell))


def _check_plugin_is_used(tmp_path: Path, pythonpath: list[Path]) -> None:
    listing = run(["-m", "sakhalin", "formats"], cwd=tmp_path, pythonpath=pythonpath).stdout
    assert re.search(r"^  latex \(tex\)  \.tex \[from sakhalin-latex\]$", listing, re.M), listing
    run(["-m", "sakhalin", "export", "latex", "-o", "battle.tex"], cwd=tmp_path, pythonpath=pythonpath)
    lines = (tmp_path / "battle.tex").read_text(encoding="utf-8").splitlines()
    table = [line.removesuffix(" \\\\").split(" & ") for line in lines if line.endswith(" \\\\")]
    assert table[0] == ["Subject", "Attribute", "Value", "Citation"]
    facts = list(sakhalin.facts(sakhalin.load()))
    assert len(table) - 1 == len(facts)
    for cells, fact in zip(table[1:], facts, strict=True):
        value = "" if fact.value is None else str(fact.value)
        citation = "" if fact.citation is None else str(fact.citation)
        assert [_typeset(c) for c in cells] == [
            " ".join(s.split()) for s in (fact.subject, fact.attribute, value, citation)
        ]
    run(
        ["-m", "sakhalin", "export", "tex", "-O", "standalone=true", "-o", "doc.tex"],
        cwd=tmp_path,
        pythonpath=pythonpath,
    )
    from pylatexenc.latexwalker import LatexEnvironmentNode, LatexWalker

    nodes, _, _ = LatexWalker((tmp_path / "doc.tex").read_text(encoding="utf-8")).get_latex_nodes()
    [document] = [n for n in nodes if isinstance(n, LatexEnvironmentNode)]
    assert document.environmentname == "document"
    inner = [n.environmentname for n in document.nodelist if isinstance(n, LatexEnvironmentNode)]
    assert inner == ["tabular"]


def test_plugin_found_through_its_entry_point(tmp_path: Path) -> None:
    """With the plugin's .dist-info on the path, sakhalin lists the latex format and exports with it."""
    site = tmp_path / "site"
    info = site / "sakhalin_latex-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sakhalin-latex\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[sakhalin.exporters]\nlatex = sakhalin_latex:LatexExporter\n", encoding="utf-8"
    )
    _check_plugin_is_used(tmp_path, [site, PLUGIN / "src"])


def test_plugin_builds_and_installs(tmp_path: Path) -> None:
    """The plugin package builds with hatchling and, once installed, is found by sakhalin."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (it is in the test dependency group)")
    site = tmp_path / "site"
    run(
        [
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(PLUGIN),
        ],
        cwd=tmp_path,
    )
    [info] = site.glob("sakhalin_latex-*.dist-info")
    assert "[sakhalin.exporters]" in (info / "entry_points.txt").read_text(encoding="utf-8")
    _check_plugin_is_used(tmp_path, [site])
