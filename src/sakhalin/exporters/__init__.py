"""Exporters: the plugin contract and the registry of built-in and third-party formats.

A third-party exporter is a class with the attributes of :class:`Exporter`, named by an
entry point in the group ``sakhalin.exporters``::

    [project.entry-points."sakhalin.exporters"]
    latex = "my_package:LatexExporter"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any, ClassVar, Protocol, runtime_checkable

from sakhalin._model import Battle
from sakhalin._registry import Registry

__all__ = ["EXPORTERS", "Exporter"]


@runtime_checkable
class Exporter(Protocol):
    """The contract every exporter meets, built-in or plugin.

    Options are keyword arguments of the constructor, typed and validated there (the
    command line sets them as ``-O key=value``). :meth:`write` writes every battle of an
    iterable to a text stream, or to a byte stream when :attr:`binary` is true; it must
    consume the iterable once and should not hold all of it in memory.

    .. versionadded:: 0.1.0
    """

    name: ClassVar[str]
    """The format's name (``"csv"``)."""
    aliases: ClassVar[tuple[str, ...]]
    """Other names it answers to (``("md",)``)."""
    extensions: ClassVar[tuple[str, ...]]
    """File name endings it is chosen for (``(".csv",)``)."""
    media_type: ClassVar[str]
    """The IANA media type of its output."""
    binary: ClassVar[bool]
    """Whether it writes bytes rather than text."""
    description: ClassVar[str]
    """One line saying what it makes."""

    def write(self, battles: Iterable[Battle], stream: IO[Any]) -> None:
        """Write the battles to the stream.

        Args:
            battles: the battles, to be iterated once (it may be a generator).
            stream: a text stream (``newline=""``), or a byte stream when :attr:`binary` is true;
                the caller opens and closes it.

        Raises:
            SakhalinError: a battle cannot be written in this format (the message names the
                battle and the field); any other exception is a bug of the exporter.

        """


EXPORTERS: Registry[Exporter] = Registry(
    "exporter",
    "sakhalin.exporters",
    (
        # Lookups import modules in this order and stop at the format found: the light text
        # formats first, xlsx (which brings the facts table and more) last.
        "sakhalin.exporters._csv:CsvExporter",
        "sakhalin.exporters._json:JsonExporter",
        "sakhalin.exporters._markdown:MarkdownExporter",
        "sakhalin.exporters._wikitext:WikitextExporter",
        "sakhalin.exporters._xlsx:XlsxExporter",
    ),
)
"""Every exporter: the built-ins, then the plugins."""
