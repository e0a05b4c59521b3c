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
    """The format's name (``"csv"``)."""
    aliases: ClassVar[tuple[str, ...]]
    """Other names it answers to (``("excel",)``)."""
    extensions: ClassVar[tuple[str, ...]]
    """File name endings it is chosen for (``(".csv",)``)."""
    media_type: ClassVar[str]
    """The IANA media type it reads."""
    binary: ClassVar[bool]
    """Whether it reads bytes rather than text."""
    description: ClassVar[str]
    """One line saying what it reads."""

    def read(self, stream: IO[Any], source: str) -> Iterator[Battle]:
        """Read the battles in the stream.

        Args:
            stream: a text stream (UTF-8, ``newline=""``), or a byte stream when :attr:`binary`
                is true; the caller opens and closes it.
            source: the file's name, for error messages.

        Returns:
            An iterator over the battles, in the order the stream holds them.

        Raises:
            ReadError: the stream does not hold battles in this format; one line naming
                ``source``, the place (line, sheet and cell, parameter) and the field.

        """


READERS: Registry[Reader] = Registry(
    "reader",
    "sakhalin.readers",
    (
        "sakhalin.readers._json:JsonReader",
        "sakhalin.readers._csv:CsvReader",
        "sakhalin.readers._wikitext:WikitextReader",
        "sakhalin.readers._xlsx:XlsxReader",
        "sakhalin.readers._mediawiki:DumpReader",
    ),
)
"""Every reader: the built-ins, then the plugins."""
