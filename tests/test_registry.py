"""The contract every registered exporter and reader meets, checked over the registries."""

from __future__ import annotations

import base64
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from hypothesis import given, settings

import sakhalin
from sakhalin._registry import FormatInfo, Registry, options_of
from sakhalin.exporters import EXPORTERS, Exporter
from sakhalin.readers import READERS, Reader
from tests.strategies import battles

EXPORTER_INFOS = list(EXPORTERS)
READER_INFOS = list(READERS)


def _ids(infos: list[FormatInfo]) -> list[str]:
    return [info.name for info in infos]


exporters = pytest.mark.parametrize("info", EXPORTER_INFOS, ids=_ids(EXPORTER_INFOS))
readers = pytest.mark.parametrize("info", READER_INFOS, ids=_ids(READER_INFOS))


class OnceIterable:
    """An iterable that may be iterated once only, and counts the battles taken from it."""

    def __init__(self, items: list[sakhalin.Battle]) -> None:
        self.items = items
        self.iterations = 0
        self.taken = 0

    def __iter__(self) -> Iterator[sakhalin.Battle]:
        self.iterations += 1
        if self.iterations > 1:
            raise AssertionError("iterated a second time")
        for item in self.items:
            self.taken += 1
            yield item


@pytest.fixture(scope="module")
def two(battle: sakhalin.Battle) -> list[sakhalin.Battle]:
    """The embedded battle and a renamed copy of it."""
    return [battle, attrs.evolve(battle, name="The second battle")]


def _check_attributes(info: FormatInfo) -> None:
    cls = info.cls
    assert isinstance(cls.name, str) and cls.name == cls.name.strip() and cls.name
    assert isinstance(cls.aliases, tuple) and all(isinstance(a, str) and a for a in cls.aliases)
    assert isinstance(cls.extensions, tuple) and cls.extensions
    assert all(isinstance(e, str) and e.startswith(".") and len(e) > 1 for e in cls.extensions)
    assert isinstance(cls.media_type, str)
    kind, _, sub = cls.media_type.partition("/")
    assert kind and sub and " " not in cls.media_type
    assert isinstance(cls.binary, bool)
    assert isinstance(cls.description, str) and cls.description.strip()
    assert "\n" not in cls.description and len(cls.description) <= 160
    for name, param in options_of(cls).items():
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, f"option {name} is not keyword-only"
        assert param.default is not inspect.Parameter.empty, f"option {name} has no default"


def test_there_are_formats() -> None:
    """Both registries hold at least the JSON built-ins."""
    assert "json" in _ids(EXPORTER_INFOS)
    assert "json" in _ids(READER_INFOS)


@pytest.mark.parametrize("registry", [EXPORTERS, READERS], ids=["exporters", "readers"])
def test_names_aliases_and_extensions_are_unique(registry: Registry[object]) -> None:
    """No two formats of one kind answer to the same name or alias, case-insensitively."""
    keys = [key.lower() for info in registry for key in (info.name, *info.aliases)]
    assert len(keys) == len(set(keys))


@exporters
def test_exporter_class_attributes(info: FormatInfo) -> None:
    """An exporter has typed name, aliases, extensions, media type, binary flag, one-line description."""
    _check_attributes(info)
    assert info.origin == "built-in" or isinstance(info.origin, str)


@exporters
def test_exporter_meets_the_protocol(info: FormatInfo) -> None:
    """An exporter built with no options is an instance of the Exporter protocol."""
    assert isinstance(info.cls(), Exporter)
    assert isinstance(info.cls(), sakhalin.Exporter)


@exporters
def test_export_returns_bytes_iff_binary(info: FormatInfo, battle: sakhalin.Battle) -> None:
    """sakhalin.export gives bytes for a binary format and str for a text one, never empty."""
    out = sakhalin.export(battle, info.name)
    assert isinstance(out, bytes if info.binary else str)
    assert len(out) > 0


@exporters
def test_export_is_deterministic_in_process(info: FormatInfo, battle: sakhalin.Battle) -> None:
    """Exporting the same battle twice gives the same output."""
    assert sakhalin.export(battle, info.name) == sakhalin.export(battle, info.name)


_SUBPROCESS_EXPORT = """
import base64, json, sys
import sakhalin
out = {}
for name in json.loads(sys.argv[1]):
    data = sakhalin.export(sakhalin.load(), name)
    out[name] = base64.b64encode(data if isinstance(data, bytes) else data.encode("utf-8")).decode()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def exported_elsewhere() -> dict[str, bytes]:
    """Every format's output of the embedded battle, made in a process with other hash seed and zone."""
    names = json.dumps([info.name for info in EXPORTER_INFOS])
    env = {**os.environ, "PYTHONHASHSEED": "2718", "TZ": "Pacific/Chatham", "LC_ALL": "C"}
    result = subprocess.run(
        [sys.executable, "-c", _SUBPROCESS_EXPORT, names], capture_output=True, text=True, env=env, check=True
    )
    return {name: base64.b64decode(data) for name, data in json.loads(result.stdout).items()}


@exporters
def test_export_is_deterministic_across_processes(
    info: FormatInfo, battle: sakhalin.Battle, exported_elsewhere: dict[str, bytes]
) -> None:
    """Another process, with another PYTHONHASHSEED and time zone, writes the same bytes."""
    here = sakhalin.export(battle, info.name)
    mine = here if isinstance(here, bytes) else here.encode("utf-8")
    assert exported_elsewhere[info.name] == mine


@exporters
def test_export_takes_one_battle_or_several(
    info: FormatInfo, battle: sakhalin.Battle, two: list[sakhalin.Battle]
) -> None:
    """A list of one battle exports as the battle itself; two battles give other, non-empty output."""
    one = sakhalin.export(battle, info.name)
    assert sakhalin.export([battle], info.name) == one
    both = sakhalin.export(two, info.name)
    assert len(both) > 0
    assert both != one


@exporters
def test_export_consumes_an_iterable_once(info: FormatInfo, two: list[sakhalin.Battle]) -> None:
    """An iterable of battles is iterated exactly once and every battle is taken."""
    source = OnceIterable(two)
    sakhalin.export(source, info.name)
    assert source.iterations == 1
    assert source.taken == 2


@exporters
def test_export_consumes_a_generator(info: FormatInfo, two: list[sakhalin.Battle]) -> None:
    """A generator of battles exports the same as the list of them, and is left exhausted."""
    generator = (b for b in two)
    assert sakhalin.export(generator, info.name) == sakhalin.export(two, info.name)
    assert next(generator, None) is None


@exporters
def test_exporter_lookup_by_alias_and_file_name(info: FormatInfo) -> None:
    """Every alias, the upper-cased name and every extension find the same class."""
    for key in (info.name, info.name.upper(), *info.aliases):
        assert EXPORTERS.get(key).cls is info.cls
    for ext in info.extensions:
        assert EXPORTERS.for_path(f"some/folder/battle{ext}").cls is info.cls
        assert EXPORTERS.for_path(f"BATTLE{ext.upper()}").cls is info.cls


@exporters
def test_exporter_rejects_unknown_options(info: FormatInfo, battle: sakhalin.Battle) -> None:
    """An option the exporter does not take raises OptionError naming it."""
    with pytest.raises(sakhalin.OptionError, match="no_such_option"):
        sakhalin.export(battle, info.name, no_such_option=1)


@exporters
def test_write_uses_the_extension(info: FormatInfo, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """sakhalin.write picks the format from the file name and writes what export gives."""
    target = tmp_path / f"battle{info.extensions[0]}"
    assert sakhalin.write(battle, target) == target
    data = sakhalin.export(battle, info.name)
    assert target.read_bytes() == (data if isinstance(data, bytes) else data.encode("utf-8"))


@exporters
@settings(max_examples=15)
@given(generated=battles(max_sides=3))
def test_export_takes_any_valid_battle(info: FormatInfo, generated: sakhalin.Battle) -> None:
    """Any valid battle, hostile strings included, exports without an error."""
    out = sakhalin.export(generated, info.name)
    assert len(out) > 0


@readers
def test_reader_class_attributes(info: FormatInfo) -> None:
    """A reader has typed name, aliases, extensions, media type, binary flag, one-line description."""
    _check_attributes(info)


@readers
def test_reader_meets_the_protocol(info: FormatInfo) -> None:
    """A reader built with no options is an instance of the Reader protocol."""
    assert isinstance(info.cls(), Reader)
    assert isinstance(info.cls(), sakhalin.Reader)


@readers
def test_reader_lookup_by_alias_and_file_name(info: FormatInfo) -> None:
    """Every alias, the upper-cased name and every extension find the same reader."""
    for key in (info.name, info.name.upper(), *info.aliases):
        assert READERS.get(key).cls is info.cls
    for ext in info.extensions:
        assert READERS.for_path(f"some/folder/battle{ext}").cls is info.cls


@readers
def test_reader_rejects_unknown_options(info: FormatInfo, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """An option the reader does not take raises OptionError when read() is called, before iterating."""
    target = tmp_path / f"battle{info.extensions[0]}"
    target.write_bytes(b"")
    with pytest.raises(sakhalin.OptionError, match="no_such_option"):
        sakhalin.read(target, info.name, no_such_option=1)


@readers
def test_reader_reads_its_exporters_output(info: FormatInfo, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """Where an exporter of the same name exists, the reader reads its output back to the same battle name."""
    if info.name not in _ids(EXPORTER_INFOS):
        pytest.skip(f"no exporter is called {info.name}")
    target = sakhalin.write(battle, tmp_path / f"battle{info.extensions[0]}", info.name)
    found = list(sakhalin.read(target, info.name))
    assert [b.name for b in found] == [battle.name]
    assert [s.name for s in found[0].sides] == [s.name for s in battle.sides]


def test_unknown_format_names_the_known_ones() -> None:
    """An unknown format raises UnknownFormatError listing the formats there are."""
    with pytest.raises(sakhalin.UnknownFormatError, match="json"):
        EXPORTERS.get("no-such-format")
    with pytest.raises(sakhalin.UnknownFormatError, match=r"\.json"):
        READERS.for_path("battle.unknown-extension")


def test_builtin_lookup_needs_no_plugin_discovery() -> None:
    """Exporting, writing and reading JSON never import importlib.metadata (no plugin lookup)."""
    code = (
        "import sys, tempfile, os, sakhalin\n"
        "b = sakhalin.load()\n"
        "sakhalin.export(b, 'json')\n"
        "p = os.path.join(tempfile.mkdtemp(), 'b.json')\n"
        "sakhalin.write(b, p)\n"
        "list(sakhalin.read(p))\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_contract_check_refuses_bad_classes() -> None:
    """A class whose attributes break the contract is refused with a TypeError naming each problem."""
    from sakhalin._registry import _info

    class Bad:
        name = ""
        aliases: ClassVar[list[str]] = ["x"]
        extensions = ("csv",)
        media_type = "text"
        binary = 1
        description = "two\nlines"

    with pytest.raises(TypeError) as caught:
        _info(Bad, "test")
    message = str(caught.value)
    for attribute in ("name", "aliases", "extensions", "media_type", "binary", "description"):
        assert attribute in message
    with pytest.raises(TypeError, match="lacks"):
        _info(type("Empty", (), {}), "test")
    with pytest.raises(TypeError, match="not a class"):
        _info(print, "test")  # type: ignore[arg-type]


OPTIONAL = ("openpyxl", "mwparserfromhell", "wikitextparser", "markdown_it", "cmarkgfm", "pandas", "tablib")


def test_listing_formats_imports_no_optional_package() -> None:
    """Listing every format (as `sakhalin formats` does) imports none of the optional packages."""
    code = (
        "import sys\n"
        "from sakhalin._cli import main\n"
        "import io\n"
        "main(['formats'], stdout=io.StringIO(), stderr=io.StringIO())\n"
        f"print(sorted(m for m in {OPTIONAL!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


_BLOCKED_EXPORT = """
import json, sys
for name in ("openpyxl", "mwparserfromhell"):
    sys.modules[name] = None  # as if the package were not installed
import sakhalin
from sakhalin.exporters import EXPORTERS
from sakhalin.readers import READERS
result = {}
for kind, registry in (("export", EXPORTERS), ("read", READERS)):
    for info in registry:
        try:
            if kind == "export":
                sakhalin.export(sakhalin.load(), info.name)
            else:
                import tempfile, os
                path = os.path.join(tempfile.mkdtemp(), "x" + info.extensions[0])
                open(path, "wb").close()
                list(sakhalin.read(path, info.name))
            result[kind + " " + info.name] = "ok"
        except sakhalin.MissingDependencyError as exc:
            result[kind + " " + info.name] = "missing: " + str(exc)
        except sakhalin.SakhalinError as exc:
            result[kind + " " + info.name] = "ok"
print(json.dumps(result))
"""


def test_missing_optional_package_is_a_clear_error() -> None:
    """Without its optional package, a format raises MissingDependencyError naming the extra to install."""
    result = subprocess.run(
        [sys.executable, "-c", _BLOCKED_EXPORT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout)
    assert outcomes["export json"] == "ok"
    for what, outcome in outcomes.items():
        if outcome != "ok":
            # the package itself, which any index has (sakhalin is on none), and the extra that brings it
            assert "pip install openpyxl (sakhalin's xlsx extra)" in outcome or (
                "pip install mwparserfromhell (sakhalin's wikitext extra)" in outcome
            ), (what, outcome)


@readers
def test_reader_reads_two_battles_deterministically(
    info: FormatInfo, two: list[sakhalin.Battle], tmp_path: Path
) -> None:
    """Two battles written by the exporter of the same name read back as the two, the same each time."""
    if info.name not in _ids(EXPORTER_INFOS):
        pytest.skip(f"no exporter is called {info.name}")
    target = sakhalin.write(two, tmp_path / f"two{info.extensions[0]}", info.name)
    first = list(sakhalin.read(target, info.name))
    assert [b.name for b in first] == [b.name for b in two]
    assert list(sakhalin.read(target, info.name)) == first
