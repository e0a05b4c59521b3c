"""sakhalin convert: many inputs (files or folders) into one output, streamed, with a progress bar."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin
from sakhalin import _cli
from tests.strategies import battles


def run(*argv: str | Path) -> tuple[int, str]:
    """Run main() in-process; return the exit code and standard error."""
    err = io.StringIO()
    code = _cli.main([str(arg) for arg in argv], stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def named(battle: sakhalin.Battle, name: str) -> sakhalin.Battle:
    return attrs.evolve(battle, name=name)


@pytest.fixture
def json_folder(tmp_path: Path, battle: sakhalin.Battle) -> tuple[Path, list[sakhalin.Battle]]:
    """A folder of three JSON files (written out of order) and a file no reader knows."""
    folder = tmp_path / "in"
    folder.mkdir()
    made = [named(battle, f"Battle {letter}") for letter in "abc"]
    for name, one in (("b.json", made[1]), ("c.json", made[2]), ("a.json", made[0])):
        sakhalin.write(one, folder / name)
    (folder / "notes.nothing").write_text("not a battle\n", encoding="utf-8")
    (folder / ".hidden.json").write_text("not even JSON", encoding="utf-8")
    return folder, made


def test_folder_of_json_into_one_json(
    json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path
) -> None:
    """A folder's JSON files, sorted by name, become one JSON array equal to their to_dict values."""
    folder, made = json_folder
    out = tmp_path / "all.json"
    assert run("convert", folder, out) == (0, "")
    data = json.loads(out.read_text(encoding="utf-8"))  # the json module reads it, not our reader
    assert data == [sakhalin.to_dict(one) for one in made]


def test_several_files_and_folders_keep_their_order(
    json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """Inputs go out in the order given; a folder contributes its files sorted by name."""
    folder, _ = json_folder
    extra = tmp_path / "first.json"
    sakhalin.write(named(battle, "First"), extra)
    out = tmp_path / "all.json"
    assert run("convert", extra, folder, out)[0] == 0
    names = [item["name"] for item in json.loads(out.read_text(encoding="utf-8"))]
    assert names == ["First", "Battle a", "Battle b", "Battle c"]


def test_folder_into_one_workbook(json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path) -> None:
    """A folder of JSON files becomes one workbook that openpyxl opens and our reader reads back equal."""
    openpyxl = pytest.importorskip("openpyxl")
    folder, made = json_folder
    out = tmp_path / "all.xlsx"
    assert run("convert", folder, out) == (0, "")
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    book.close()
    assert {one.name for one in made} <= cells
    assert list(sakhalin.read(out)) == made


def test_folder_of_wikitext_into_one_workbook(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A folder of infobox .wiki files becomes one workbook holding each battle's infobox values."""
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "wiki"
    folder.mkdir()
    made = [named(battle, f"Battle {n}") for n in (2, 1, 3)]
    for one in made:
        sakhalin.write(one, folder / f"{one.name.replace(' ', '_')}.wiki")
    expected = [next(sakhalin.read(folder / f"{one.name.replace(' ', '_')}.wiki")) for one in made]
    expected.sort(key=lambda one: one.name)
    out = tmp_path / "all.xlsx"
    assert run("convert", folder, out) == (0, "")
    assert list(sakhalin.read(out)) == expected
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    book.close()
    assert {"Battle 1", "Battle 2", "Battle 3"} <= cells


@settings(max_examples=15)
@given(st.lists(battles(max_sides=3), min_size=1, max_size=3))
def test_any_battles_survive_a_json_folder_conversion(many: list[sakhalin.Battle]) -> None:
    """Hostile battles written one per file come back equal from the converted JSON output."""
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp, "in")
        folder.mkdir()
        for i, one in enumerate(many):
            sakhalin.write(one, folder / f"{i:03}.json")
        out = Path(temp, "out.json")
        assert run("convert", folder, out, "-O", "always_list=true") == (0, "")
        back = [sakhalin.from_dict(item) for item in json.loads(out.read_text(encoding="utf-8"))]
        assert back == many


def test_from_to_and_options(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """--from and --to override the names' formats, and -O sets an exporter option."""
    source = tmp_path / "battle.data"
    sakhalin.write(battle, source, "json")
    out = tmp_path / "out.data"
    assert run("convert", "--from", "json", "--to", "json", "-O", "indent=0", source, out) == (0, "")
    text = out.read_text(encoding="utf-8")
    assert "\n  " not in text
    assert sakhalin.from_dict(json.loads(text)) == battle


def test_output_inside_the_input_folder_is_not_read(
    json_folder: tuple[Path, list[sakhalin.Battle]],
) -> None:
    """Converting a folder into a file in it again does not read the earlier output as an input."""
    folder, made = json_folder
    out = folder / "all.json"
    assert run("convert", folder, out)[0] == 0
    assert run("convert", folder, out)[0] == 0
    assert json.loads(out.read_text(encoding="utf-8")) == [sakhalin.to_dict(one) for one in made]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "missing.json: no such file or folder"),
        (["empty"], "empty: a folder with no file any reader knows"),
        (["--from", "nope", "good.json"], "no reader is called 'nope'"),
        (["--to", "nope", "good.json"], "no exporter is called 'nope'"),
        (["-O", "colour=red", "good.json"], "json takes"),
        (["good.json", "bad.json"], "bad.json: line 1, column"),
    ],
)
def test_errors_are_one_line_exit_2_and_leave_no_output(
    args: list[str], message: str, tmp_path: Path, battle: sakhalin.Battle
) -> None:
    """Bad inputs, formats or options: one line on stderr, exit 2, and no output file at all."""
    (tmp_path / "empty").mkdir()
    sakhalin.write(battle, tmp_path / "good.json")
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    out = tmp_path / "out.json"
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code, err = run("convert", *args, "out.json")
    finally:
        os.chdir(cwd)
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("sakhalin: error: ")
    assert message in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failure_keeps_an_existing_output(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """An input that fails half-way leaves an existing output file exactly as it was."""
    sakhalin.write(battle, tmp_path / "a.json")
    (tmp_path / "b.json").write_text('{"name": 3}', encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("before\n", encoding="utf-8")
    code, err = run("convert", tmp_path / "a.json", tmp_path / "b.json", out)
    assert code == 2
    assert "b.json" in err
    assert out.read_text(encoding="utf-8") == "before\n"


def test_needs_an_input_and_an_output(tmp_path: Path) -> None:
    """convert with one path, or a folder as the output, is a usage error (exit 2)."""
    assert run("convert", tmp_path / "a.json")[0] == 2
    assert run("convert", tmp_path / "a.json", tmp_path)[0] == 2


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(sakhalin.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


# The child shows the bar from the start (PROGRESS_AFTER = 0), so that no test waits on a clock.
_CHILD = (
    "import sys, sakhalin._cli_convert as c; c.PROGRESS_AFTER = 0.0; from sakhalin._cli import main; "
    "raise SystemExit(main(sys.argv[1:]))"
)


def _convert_with_stderr_on(tty: bool, *args: str | Path) -> tuple[int, bytes]:
    """Run convert in a child whose stderr is a terminal (a pty) or a pipe; return its code and stderr."""
    command = [sys.executable, "-c", _CHILD, "convert", *map(str, args)]
    if not tty:
        done = subprocess.run(command, capture_output=True, env=_env(), check=False)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    try:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, env=_env())
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        return child.wait(), b"".join(chunks)
    finally:
        os.close(leader)


def test_progress_bar_on_a_terminal(json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path) -> None:
    """On a terminal the bar is redrawn with carriage returns and ends with every file and battle."""
    folder, _ = json_folder
    code, err = _convert_with_stderr_on(True, folder, tmp_path / "out.json")
    assert code == 0
    text = err.decode("utf-8")
    assert "\r" in text
    assert "3/3 files, 3 battles" in text
    assert text.rstrip().endswith("3/3 files, 3 battles")


def test_no_progress_bar_with_quiet(json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path) -> None:
    """--quiet silences the bar even on a terminal."""
    folder, _ = json_folder
    assert _convert_with_stderr_on(True, "--quiet", folder, tmp_path / "out.json") == (0, b"")


def test_no_progress_bar_off_a_terminal(
    json_folder: tuple[Path, list[sakhalin.Battle]], tmp_path: Path
) -> None:
    """When stderr is not a terminal (a pipe, a log file) the bar never shows."""
    folder, _ = json_folder
    assert _convert_with_stderr_on(False, folder, tmp_path / "out.json") == (0, b"")
