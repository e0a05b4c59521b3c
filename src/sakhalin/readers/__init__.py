"""Readers: the plugin contract and the registry of formats that battles are read from.

A third-party reader is a class with the attributes of :class:`Reader`, named by an entry
point in the group ``sakhalin.readers``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, ClassVar, Protocol, runtime_checkable

from sakhalin._model import Battle
from sakhalin._registry import Registry

__all__ = ["READERS", "Reader"]


@runtime_checkable
class Reader(Protocol):
    """The contract every reader meets, built-in or plugin.

    :meth:`read` reads every battle in a text stream, or a byte stream when
    :attr:`binary` is true. ``source`` names the file in error messages. Bad input raises
    :class:`sakhalin.ReadError` naming the file, the place and the field.

    .. versionadded:: 0.1.0
    """

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]]
    extensions: ClassVar[tuple[str, ...]]
    media_type: ClassVar[str]
    binary: ClassVar[bool]
    description: ClassVar[str]

    def read(self, stream: IO[Any], source: str) -> Iterator[Battle]:
        """Read the battles in the stream."""


READERS: Registry[Reader] = Registry(
    "reader",
    "sakhalin.readers",
    (
        "sakhalin.readers._json:JsonReader",
        "sakhalin.readers._csv:CsvReader",
    ),
)
"""Every reader: the built-ins, then the plugins."""
