"""What the fast paths must keep: the same values, one pass over a generator, no heavy imports.

Nothing here is timed: benchmarks/run.py measures; these tests pin the behaviour the
measurements rely on.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import sakhalin
from sakhalin import _load, _structure
from sakhalin.exporters import EXPORTERS
from tests.strategies import battles

LIGHT_FORMATS = ("wikitext", "markdown", "csv", "json")
HEAVY = ("openpyxl", "mwparserfromhell", "wikitextparser", "pandas", "tablib")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(sakhalin.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = f"{code}\nimport sys, json\nsys.__stdout__.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=_env()
    )
    loaded: list[str] = json.loads(done.stdout.rsplit("\n", 1)[1])
    return set(loaded)


def _top_level(modules: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in modules}


def test_embedded_battle_comes_through_from_dict() -> None:
    """load() builds the embedded battle with from_dict, from the embedded JSON data."""
    data = json.loads(_load.EMBEDDED_BATTLE.read_text(encoding="utf-8"))
    assert sakhalin.load() == sakhalin.from_dict(data)


def test_cattrs_explains_what_the_builder_refuses() -> None:
    """Data the builder refuses (an unknown field) is explained by cattrs, with its path."""
    data = json.loads(_load.EMBEDDED_BATTLE.read_text(encoding="utf-8"))
    data["no_such_field"] = 1
    with pytest.raises(_structure._Unknown):
        _structure._build(sakhalin.Battle, data)
    with pytest.raises(sakhalin.ValidationError, match=r"\$\.no_such_field: unknown field"):
        sakhalin.from_dict(data)


def test_load_is_cached() -> None:
    """load() reads the embedded battle once: every call gives the same object."""
    assert sakhalin.load() is sakhalin.load()


@settings(max_examples=25)
@given(battles())
def test_to_dict_equals_cattrs_unstructuring(battle: sakhalin.Battle) -> None:
    """to_dict (which walks the model itself) gives what cattrs' unstructuring gives, as plain types."""
    ours = sakhalin.to_dict(battle)
    assert ours.pop("format_version") == _structure.FORMAT_VERSION
    assert ours == _structure.converter.unstructure(battle, sakhalin.Battle)
    assert json.loads(json.dumps(ours)) == ours  # plain JSON data: no tuples, enums or dates left
    assert sakhalin.from_dict(ours) == battle


def test_to_dict_gives_plain_strings_for_enums(battle: sakhalin.Battle) -> None:
    """Enumerations come out as plain str values, dates as ISO strings, tuples as lists."""
    data = sakhalin.to_dict(battle)
    qualifier = data["sides"][1]["strength"][0]["qualifier"]
    assert type(qualifier) is str
    assert qualifier == "nominal"
    assert data["date"]["start"] == "1905-07-07"
    assert type(data["sides"]) is list


def test_lazy_names_resolve_to_their_modules() -> None:
    """Every lazily loaded public name is the object its module defines, and dir() lists it."""
    from sakhalin import _api, _facts
    from sakhalin import exporters as exporters_module
    from sakhalin import readers as readers_module

    assert sakhalin.write is _api.write
    assert sakhalin.facts is _facts.facts
    assert sakhalin.to_dict is _structure.to_dict
    assert sakhalin.Exporter is exporters_module.Exporter
    assert sakhalin.Reader is readers_module.Reader
    assert set(sakhalin.__all__) <= set(dir(sakhalin))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = sakhalin.no_such_name  # type: ignore[attr-defined]


def test_import_and_load_stay_light() -> None:
    """import sakhalin and load() need neither cattrs nor tempfile, nor any optional package."""
    loaded = _modules_after("import sakhalin\nsakhalin.load()")
    assert "sakhalin._model" in loaded
    assert not _top_level(loaded) & {*HEAVY, "cattrs", "tempfile"}
    assert "sakhalin._api" not in loaded


def test_import_is_light_under_importtime() -> None:
    """-X importtime of import sakhalin and load() lists no heavy module."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import sakhalin; sakhalin.load()"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "sakhalin._model" in imported
    assert not _top_level(imported) & {*HEAVY, "cattrs"}


@pytest.mark.parametrize("name", LIGHT_FORMATS)
def test_text_exports_do_not_import_openpyxl(name: str) -> None:
    """sakhalin export FORMAT (text formats) imports neither openpyxl nor pandas nor tablib."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sakhalin", "export", name],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    assert done.stdout.strip()
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "sakhalin._cli" in imported
    assert not _top_level(imported) & {"openpyxl", "pandas", "tablib"}
    # The same, from sys.modules after the command has run.
    run = f"assert main(['export', {name!r}], stdout=io.StringIO()) == 0"
    loaded = _modules_after(f"import io\nfrom sakhalin._cli import main\n{run}")
    assert f"sakhalin.exporters._{name}" in loaded
    assert not _top_level(loaded) & {"openpyxl", "pandas", "tablib", "cattrs"}


def test_wikitext_export_leaves_the_reader_half_out(tmp_path: Path) -> None:
    """sakhalin export wikitext imports neither the reader's parsing module nor openpyxl nor a wiki parser."""
    not_wanted = {"sakhalin._wiki_parse", "sakhalin.readers._wikitext", "openpyxl", "mwparserfromhell"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sakhalin", "export", "wikitext"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    assert done.stdout.startswith("{{Infobox military conflict")
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "sakhalin._wiki_values" in imported
    assert not (imported | _top_level(imported)) & not_wanted
    # The same from sys.modules, to standard output and to a file; then reading the file
    # back does load the parsing module (so the names above are the ones that matter).
    out = tmp_path / "out.wiki"
    export = (
        "import io\nfrom sakhalin._cli import main\n"
        "assert main(['export', 'wikitext'], stdout=io.StringIO()) == 0\n"
        f"assert main(['export', 'wikitext', '-o', {str(out)!r}], stdout=io.StringIO()) == 0\n"
    )
    loaded = _modules_after(export)
    assert {"sakhalin.exporters._wikitext", "sakhalin._wiki_values"} <= loaded
    assert not (loaded | _top_level(loaded)) & not_wanted
    read_back = _modules_after(f"import sakhalin\nassert list(sakhalin.read({str(out)!r}))")
    assert {"sakhalin._wiki_parse", "mwparserfromhell"} <= read_back


class _Once:
    """An iterator that yields battles once and fails if it is restarted."""

    def __init__(self, battle: sakhalin.Battle, count: int) -> None:
        self.battle = battle
        self.count = count
        self.pulled = 0
        self.started = False

    def __iter__(self) -> Iterator[sakhalin.Battle]:
        assert not self.started, "the battles were iterated a second time"
        self.started = True
        return self._items()

    def _items(self) -> Iterator[sakhalin.Battle]:
        for i in range(self.count):
            self.pulled += 1
            yield attrs.evolve(self.battle, name=f"Battle {i}")


def _exporters() -> list[str]:
    return [info.name for info in EXPORTERS]


@pytest.mark.parametrize("name", _exporters())
def test_write_consumes_a_generator_once(name: str, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """write() pulls each battle of a generator exactly once and writes every one of them."""
    info = EXPORTERS.get(name)
    source = _Once(battle, 5)
    target = sakhalin.write(source, tmp_path / f"out{info.extensions[0]}", name)
    assert source.pulled == 5
    read_back = target.read_bytes() if info.binary else target.read_text(encoding="utf-8").encode()
    assert read_back
    if not info.binary:
        text = target.read_text(encoding="utf-8")
        for i in range(5):
            assert f"Battle {i}" in text


@pytest.mark.parametrize("name", ["json", "csv"])
def test_export_streams_while_pulling(name: str, battle: sakhalin.Battle) -> None:
    """A streaming exporter has written battle n before it asks for battle n + 2."""
    exporter = EXPORTERS.get(name).cls()
    stream = io.StringIO()
    seen: list[int] = []

    def battles() -> Iterator[sakhalin.Battle]:
        for i in range(6):
            seen.append(len(stream.getvalue()))
            yield attrs.evolve(battle, name=f"Battle {i}")

    exporter.write(battles(), stream)
    # Before battle 3 is pulled, battle 1 is in the stream.
    assert seen[3] > seen[1]
    assert "Battle 1" in stream.getvalue()[: seen[3]]


def test_csv_memory_stays_flat_for_many_battles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing ten times as many battles to CSV (each with a new name) does not need more memory."""
    import tracemalloc

    from sakhalin.exporters import _csv

    monkeypatch.setattr(_csv, "_KEEP", 64)  # how many texts the CSV exporter remembers, made small
    small = sakhalin.Battle(
        name="x",
        sides=tuple(sakhalin.Side(belligerents=(sakhalin.Belligerent(name=side),)) for side in ("a", "b")),
    )
    exporter = EXPORTERS.get("csv").cls()

    def peak(count: int) -> int:
        class Sink(io.StringIO):
            def write(self, text: str) -> int:  # keeps nothing
                return len(text)

        tracemalloc.start()
        try:
            exporter.write((attrs.evolve(small, name=f"Battle {i}") for i in range(count)), Sink())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(5_000) < 1.2 * peak(500) + 16_384
