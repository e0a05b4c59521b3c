"""The format-level API: export to a string or bytes, write a file atomically, read a file."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sakhalin._errors import ReadError, SakhalinError
from sakhalin._model import Battle
from sakhalin._registry import FormatInfo, make

__all__ = ["battles_of", "export", "read", "write"]


def battles_of(battle_or_battles: Battle | Iterable[Battle]) -> Iterator[Battle]:
    """One battle or an iterable of battles, as an iterator (consumed once)."""
    if isinstance(battle_or_battles, Battle):
        return iter((battle_or_battles,))
    return iter(battle_or_battles)


def _exporter_info(format: str | None, path: str | os.PathLike[str] | None) -> FormatInfo:
    from sakhalin.exporters import EXPORTERS

    if format is not None:
        return EXPORTERS.get(format)
    if path is None:
        raise SakhalinError("name a format, or give a file name to infer it from")
    return EXPORTERS.for_path(os.fspath(path))


def export(battle_or_battles: Battle | Iterable[Battle], format: str, **options: Any) -> str | bytes:
    """Export one battle or many in a format; ``str`` for text formats, ``bytes`` for binary ones.

    Args:
        battle_or_battles: a :class:`Battle`, or an iterable of them (consumed once).
        format: a format's name or alias (``"csv"``, ``"xlsx"``, ``"md"``, ``"wiki"``, ``"json"``).
        **options: the exporter's options (see ``sakhalin formats``).

    Raises:
        UnknownFormatError: no exporter has that name.
        OptionError: an option the exporter does not take, or a bad value.
        MissingDependencyError: the format needs a package that is not installed.

    .. versionadded:: 0.1.0

    """
    info = _exporter_info(format, None)
    exporter = make(info, options)
    if info.binary:
        buffer = io.BytesIO()
        exporter.write(battles_of(battle_or_battles), buffer)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    exporter.write(battles_of(battle_or_battles), text)
    return text.getvalue()


def write(
    battle_or_battles: Battle | Iterable[Battle],
    path: str | os.PathLike[str],
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write one battle or many to a file, atomically; the format comes from the file name.

    The output goes to a temporary file in the same folder, which replaces ``path`` only
    when the export has succeeded: a failed or interrupted export leaves no partial file
    and never clobbers an existing one. Text is written as UTF-8.

    Returns:
        The path written.

    Raises:
        UnknownFormatError: the format is unknown, or cannot be told from the file name.
        OptionError: an option the exporter does not take, or a bad value.
        MissingDependencyError: the format needs a package that is not installed.

    .. versionadded:: 0.1.0

    """
    target = Path(path)
    info = _exporter_info(format, target)
    exporter = make(info, options)
    folder = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        if info.binary:
            with os.fdopen(fd, "wb") as stream:
                exporter.write(battles_of(battle_or_battles), stream)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                exporter.write(battles_of(battle_or_battles), stream)
                stream.flush()
                os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read(path: str | os.PathLike[str], format: str | None = None, **options: Any) -> Iterator[Battle]:
    """Read every battle in a file; the format comes from the file name unless given.

    Raises:
        ReadError: the file cannot be read; the message names the file and the place.
        UnknownFormatError: the format is unknown, or cannot be told from the file name.

    .. versionadded:: 0.1.0

    """
    from sakhalin.readers import READERS

    source = Path(path)
    info = READERS.get(format) if format is not None else READERS.for_path(source)
    reader = make(info, options)
    try:
        stream = source.open("rb") if info.binary else source.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ReadError(f"{source}: cannot open: {exc.strerror or exc}") from None
    with stream:
        try:
            yield from reader.read(stream, str(source))
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source}: byte {exc.start}: not UTF-8 text") from None
