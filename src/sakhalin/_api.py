"""The format-level API: export to a string or bytes, write a file atomically, read a file."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from sakhalin._errors import OptionError, ReadError, SakhalinError
from sakhalin._limits import MAX_BYTES
from sakhalin._model import Battle
from sakhalin._registry import FormatInfo

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "battles_of",
    "check_utf8",
    "export",
    "read",
    "read_bytes",
    "read_with",
    "write",
    "write_text",
]


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

    Returns:
        The whole output: ``str`` for a text format, ``bytes`` for a binary one (``xlsx``).

    Raises:
        UnknownFormatError: no exporter has that name.
        OptionError: an option the exporter does not take, or a bad value.
        MissingDependencyError: the format needs a package that is not installed.

    .. versionadded:: 0.1.0

    """
    from sakhalin.exporters import EXPORTERS

    info = _exporter_info(format, None)
    exporter = EXPORTERS.make(info, options)
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
    when the export has succeeded: a failed or interrupted export (an error, or
    ``KeyboardInterrupt``) leaves no partial file and no temporary file, and never clobbers
    an existing one. A new file gets the usual mode (``0o666`` less the umask); a replaced
    file keeps its mode. A symbolic link is followed, so the link stays a link. A path that
    is not a regular file, such as ``/dev/stdout`` or a named pipe, is written directly.
    Text is written as UTF-8.

    Args:
        battle_or_battles: a :class:`Battle`, or an iterable of them (consumed once).
        path: the file to write; its name chooses the format unless ``format`` is given.
        format: an exporter's name or alias; by default, told from the file's name.
        **options: the exporter's options (see ``sakhalin formats``).

    Returns:
        The path written.

    Raises:
        UnknownFormatError: the format is unknown, or cannot be told from the file name.
        OptionError: an option the exporter does not take, or a bad value.
        MissingDependencyError: the format needs a package that is not installed.
        OSError: the file cannot be written (its ``filename`` is ``path``).

    .. versionadded:: 0.1.0

    """
    from pathlib import Path  # here, not at the top: pathlib is a start-up cost of its own

    from sakhalin.exporters import EXPORTERS

    target = Path(path)
    info = _exporter_info(format, target)
    exporter = EXPORTERS.make(info, options)
    _replace(target, info.binary, lambda stream: exporter.write(battles_of(battle_or_battles), stream))
    return target


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write a text to a file as UTF-8, atomically, as :func:`write` writes an export."""
    from pathlib import Path

    _replace(Path(path), False, lambda stream: stream.write(text))


def _replace(target: Path, binary: bool, emit: Callable[[IO[Any]], object]) -> None:
    """Replace a file with what ``emit`` writes to a stream, atomically (see :func:`write`)."""
    from pathlib import Path

    try:
        existing: os.stat_result | None = os.stat(target)  # through any symlink
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # A device or a pipe: it cannot be replaced, and must not be. It is opened by the
        # name given: /dev/stdout's real path is a pipe's (/proc/N/fd/pipe:[M]), no file.
        _write_to(binary, emit, target)
        return
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    if existing is not None and not os.access(real, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", str(target))
    import tempfile  # here, not at the top: it costs more than the rest of a small export

    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        if binary:
            with os.fdopen(fd, "wb") as stream:
                emit(stream)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as text:
                emit(text)
                text.flush()
                os.fsync(text.fileno())
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
        os.chmod(temp_name, mode)
        os.replace(temp_name, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError) and exc.filename == temp_name:
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        raise


def _write_to(binary: bool, emit: Callable[[IO[Any]], object], path: Path) -> None:
    if binary:
        with path.open("wb") as stream:
            emit(stream)
    else:
        with path.open("w", encoding="utf-8", newline="") as text:
            emit(text)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _size(count: int, *, limit: bool = False) -> str:
    """A size for people: ``209.7 MB``, ``2,048 bytes`` (``2,048-byte`` before "limit")."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}".removesuffix(".0") + " MB"
    return f"{count:,}-byte" if limit else f"{count:,} bytes"


def read(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    max_bytes: int | None = MAX_BYTES,
    **options: Any,
) -> Iterator[Battle]:
    """Read every battle in a file; the format comes from the file name unless given.

    The file is checked before anything is parsed: a format that is unknown, an option the
    reader does not take, a file that is missing or larger than ``max_bytes`` raise here,
    when :func:`read` is called; bad content raises while the battles are iterated.

    Args:
        path: the file.
        format: a reader's name or alias; by default, told from the file's name.
        max_bytes: the largest file size taken, in bytes (default 50 MB); ``None`` for no limit.
            A MediaWiki dump is read as a stream and is not bound by it (its reader's
            ``max_page_bytes`` bounds what is held at once).
        **options: the reader's options (see ``sakhalin formats``), such as the JSON
            reader's ``max_depth``.

    Returns:
        An iterator over the file's battles, in order; it reads the file as it goes.

    Raises:
        ReadError: the file cannot be read; the message names the file, the place and the field.
        UnknownFormatError: the format is unknown, or cannot be told from the file name.
        OptionError: an option the reader does not take, or a bad value.

    .. versionadded:: 0.1.0

    """
    from pathlib import Path

    from sakhalin.readers import READERS

    source = Path(path)
    info = READERS.get(format) if format is not None else READERS.for_path(source)
    return read_with(READERS.make(info, options), info, source, max_bytes)


def read_with(reader: Any, info: FormatInfo, source: Path, max_bytes: int | None) -> Iterator[Battle]:
    """The battles of a file read by this reader (:func:`read` once the reader is made).

    A reader whose class sets ``streams = True`` (a dump reader) is given the open file and
    reads it as it goes, holding only a bounded part of it at once: ``max_bytes`` does not
    apply to it. Any other reader is given the file's bytes, at most ``max_bytes`` of them.
    """
    if getattr(info.cls, "streams", False) is True:
        _check_max_bytes(max_bytes)
        try:
            stream = source.open("rb")
        except OSError as exc:
            raise ReadError(f"{source}: cannot read: {exc.strerror or exc}") from None
        return _battles(reader, stream, str(source))
    data = read_bytes(source, max_bytes)
    if info.binary:
        return _battles(reader, io.BytesIO(data), str(source))
    # Decoded as it is read; bad UTF-8 is then reported with its line and column (_battles).
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    return _battles(reader, text, str(source), (data, source))


def _check_max_bytes(max_bytes: int | None) -> None:
    if max_bytes is not None and (isinstance(max_bytes, bool) or max_bytes < 0):
        raise OptionError(f"max_bytes is a size in bytes (0 or more) or None, not {max_bytes!r}")


def read_bytes(source: Path, max_bytes: int | None) -> bytes:
    """The file's bytes; a ReadError for a file larger than ``max_bytes`` or one that cannot be read."""
    _check_max_bytes(max_bytes)
    try:
        with source.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise ReadError(
                    f"{source}: {_size(size)} is over the {_size(max_bytes, limit=True)} limit (max_bytes)"
                )
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:  # a pipe, or a file that grew
        raise ReadError(f"{source}: more than the {_size(max_bytes, limit=True)} limit (max_bytes)")
    return data


def check_utf8(data: bytes, source: Path) -> None:
    """Raise a ReadError naming the line, column and byte of the first bytes that are not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise ReadError(
            f"{source}: line {line}, column {column} (byte {exc.start}): not UTF-8 text ({exc.reason})"
        ) from None


def _battles(
    reader: Any, stream: IO[Any], source: str, raw: tuple[bytes, Path] | None = None
) -> Iterator[Battle]:
    with stream:
        try:
            yield from reader.read(stream, source)
        except RecursionError:
            raise ReadError(f"{source}: nested too deeply to be a battle") from None
        except (UnicodeDecodeError, ReadError) as exc:
            # A text file that is not UTF-8 (met by the reader as it decodes, or by the reader's
            # own error for it): the error names the first bad byte's line and column instead.
            if raw is not None and UnicodeDecodeError in (type(exc), type(exc.__cause__)):
                check_utf8(*raw)
            raise
