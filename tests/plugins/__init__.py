"""Throwaway exporters and plugin distributions for the tests of the registry, plugins and writes.

:func:`make_distribution` writes an installed distribution by hand (a module and a
``.dist-info`` folder with ``METADATA`` and ``entry_points.txt``) into a folder that a test
then puts on ``sys.path`` or ``PYTHONPATH``: no build backend, no pip and no network.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any, ClassVar

import pytest

from sakhalin import Battle
from sakhalin._registry import Registry


def make_distribution(
    folder: Path,
    name: str,
    modules: Mapping[str, str],
    entry_points: Mapping[str, Mapping[str, str]],
    version: str = "1.0",
) -> Path:
    """Write an installed distribution ``name`` with these modules and entry points into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for module, source in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist_info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = []
    for group, points in entry_points.items():
        lines.append(f"[{group}]")
        lines.extend(f"{key} = {value}" for key, value in points.items())
        lines.append("")
    (dist_info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    (dist_info / "RECORD").write_text("", encoding="utf-8")
    return folder


SHOUT_MODULE = '''
    """A plugin exporter: each battle's name in capitals, one a line."""

    class ShoutExporter:
        name = "shout"
        aliases = ("loud",)
        extensions = (".shout",)
        media_type = "text/plain"
        binary = False
        description = "battle names in capital letters"

        def __init__(self, *, suffix: str = "!") -> None:
            self.suffix = suffix

        def write(self, battles, stream):
            for battle in battles:
                stream.write(battle.name.upper() + self.suffix + "\\n")
'''

BROKEN_MODULE = """
    import a_module_that_does_not_exist  # the plugin's import fails
"""

IMPOSTOR_MODULE = '''
    """A plugin that claims the names of built-in formats."""

    class FakeCsv:
        name = "csv"
        aliases = ()
        extensions = (".csv",)
        media_type = "text/csv"
        binary = False
        description = "not the real CSV"

        def write(self, battles, stream):
            stream.write("IMPOSTOR\\n")

    class FakeJson:
        name = "fake-json"
        aliases = ("json",)
        extensions = (".json",)
        media_type = "application/json"
        binary = False
        description = "not the real JSON"

        def write(self, battles, stream):
            stream.write("IMPOSTOR\\n")
'''


class FailingExporter:
    """A test exporter that writes part of its output, then raises (or is interrupted)."""

    name: ClassVar[str] = "failing"
    aliases: ClassVar[tuple[str, ...]] = ("fail",)
    extensions: ClassVar[tuple[str, ...]] = (".failing",)
    media_type: ClassVar[str] = "text/plain"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "writes a little, then fails"
    error: ClassVar[type[BaseException]] = RuntimeError

    def write(self, battles: Iterable[Battle], stream: IO[Any]) -> None:
        """Write a first line, then raise ``error``."""
        for battle in battles:
            stream.write(f"{battle.name}\n" * 1000)
            stream.flush()
            raise self.error("the exporter broke half-way")


class InterruptedExporter(FailingExporter):
    """A test exporter interrupted by Ctrl-C half-way."""

    name: ClassVar[str] = "interrupted"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".interrupted",)
    error: ClassVar[type[BaseException]] = KeyboardInterrupt


class FailingBinaryExporter(FailingExporter):
    """A binary test exporter that fails half-way."""

    name: ClassVar[str] = "failing-binary"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".failbin",)
    media_type: ClassVar[str] = "application/octet-stream"
    binary: ClassVar[bool] = True

    def write(self, battles: Iterable[Battle], stream: IO[Any]) -> None:
        """Write some bytes, then raise."""
        for _ in battles:
            stream.write(b"\x00\x01" * 4096)
            raise self.error("the exporter broke half-way")


class BytesExporter:
    """A binary test exporter: each battle's name in UTF-16."""

    name: ClassVar[str] = "utf16-names"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".u16",)
    media_type: ClassVar[str] = "application/octet-stream"
    binary: ClassVar[bool] = True
    description: ClassVar[str] = "battle names in UTF-16"

    def write(self, battles: Iterable[Battle], stream: IO[Any]) -> None:
        """Write every name as UTF-16 little-endian."""
        for battle in battles:
            stream.write(battle.name.encode("utf-16-le"))


def register(monkeypatch: pytest.MonkeyPatch, registry: Registry[Any], *classes: type[Any]) -> None:
    """Add test formats after a registry's built-ins for the length of one test.

    They are added by dotted path, as the built-ins are, and the registry's caches are
    emptied (and restored afterwards), so that every kind of lookup finds them.
    """
    paths = tuple(f"{cls.__module__}:{cls.__qualname__}" for cls in classes)
    monkeypatch.setattr(registry, "_builtin_paths", (*registry._builtin_paths, *paths))
    for cache, empty in (("_builtins", None), ("_builtins_so_far", []), ("_plugins", None)):
        if hasattr(registry, cache):
            monkeypatch.setattr(registry, cache, empty)
