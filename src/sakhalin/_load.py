"""The embedded default battle, read through the same converter users use."""

from __future__ import annotations

import functools
import itertools
import json
import os
from typing import TYPE_CHECKING, Any

from sakhalin._errors import ReadError, SakhalinError
from sakhalin._limits import MAX_BYTES
from sakhalin._model import Battle
from sakhalin._structure import from_dict

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["EMBEDDED_BATTLE", "load"]

_EMBEDDED_FILE = os.path.join(os.path.dirname(__file__), "data", "invasion-of-sakhalin.json")


def __getattr__(name: str) -> Any:
    # EMBEDDED_BATTLE is a Path; pathlib is imported only when someone asks for it.
    if name == "EMBEDDED_BATTLE":
        from pathlib import Path

        return Path(_EMBEDDED_FILE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    EMBEDDED_BATTLE: Path
    """The data file of the embedded battle, inside the installed package."""


# The embedded battle is read once: load() takes 1.3 ms without this cache, under a
# microsecond with it (and returns the same immutable object each time).
@functools.cache
def _embedded() -> Battle:
    with open(_EMBEDDED_FILE, encoding="utf-8") as stream:
        data = json.load(stream)
    # The same converter users call: from_dict (see _structure.py).
    return from_dict(data)


def load(
    path: str | os.PathLike[str] | None = None,
    format: str | None = None,
    *,
    max_bytes: int | None = MAX_BYTES,
    **options: Any,
) -> Battle:
    """The embedded battle (the Japanese invasion of Sakhalin, July 1905), or the battle in a file.

    With no ``path``, the embedded battle: read once and cached; it is immutable, so every
    call returns the same object. With a ``path``, the one battle in that file, read by the
    reader its name (or ``format``) names; a file with several battles is an error (use
    :func:`sakhalin.read` for those). A file larger than ``max_bytes`` (default 50 MB;
    ``None`` for no limit) is refused before it is read.

    Args:
        path: a file holding one battle; ``None`` (the default) for the embedded battle.
        format: a reader's name or alias; by default, told from the file's name.
        max_bytes: the largest file size taken, in bytes; ``None`` for no limit.
        **options: the reader's options (see ``sakhalin formats``).

    Returns:
        The battle.

    Examples:
        >>> battle = sakhalin.load()
        >>> battle.name, battle.date.start.isoformat(), battle.date.end.isoformat()
        ('Invasion of Sakhalin', '1905-07-07', '1905-07-31')
        >>> battle is sakhalin.load()  # cached
        True

    Raises:
        ReadError: the file cannot be read, or holds no battle or several.
        UnknownFormatError: the format is unknown, or cannot be told from the file name.

    .. versionadded:: 0.1.0

    """
    if path is None:
        if format is not None or options or max_bytes != MAX_BYTES:
            raise SakhalinError("a format and options go with a path")
        return _embedded()
    from sakhalin._api import read

    found = list(itertools.islice(read(path, format, max_bytes=max_bytes, **options), 2))
    if len(found) != 1:
        count = "no battle" if not found else "more than one battle"
        raise ReadError(f"{os.fspath(path)}: holds {count}; sakhalin.read() reads every battle of a file")
    return found[0]
