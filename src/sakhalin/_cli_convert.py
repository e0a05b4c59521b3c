"""``sakhalin convert``: many input files (or folders of them) into one output, streamed.

Every battle of every input goes through one generator into one exporter, so a folder of
files never has to be held in memory at once; only one input file is read at a time. The
output is written atomically by :func:`sakhalin.write`: an error in any input leaves no
output at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from sakhalin._errors import OptionError, ReadError

if TYPE_CHECKING:
    from sakhalin._model import Battle
    from sakhalin._registry import FormatInfo

__all__ = ["PROGRESS_AFTER", "Progress", "convert", "input_files"]

PROGRESS_AFTER = 0.5
"""Seconds a conversion runs before the progress bar shows (on a terminal only)."""

_REDRAW_EVERY = 0.1
_BAR_WIDTH = 24


class Progress:
    """A one-line progress bar on a terminal, redrawn in place with carriage returns.

    It stays silent when it is not enabled (not a terminal, or ``--quiet``) and for the
    first :data:`PROGRESS_AFTER` seconds, so quick conversions print nothing.
    """

    def __init__(
        self, stream: IO[str], total_files: int, *, enabled: bool, after: float | None = None
    ) -> None:
        self.stream = stream
        self.total_files = total_files
        self.enabled = enabled
        self.after = PROGRESS_AFTER if after is None else after
        self.started = time.monotonic()
        self.last_drawn: float | None = None
        self.files_done = 0
        self.battles = 0
        self.width = 0
        self.dump: Any = None
        """The counts of the dump being read (a reader's ``stats``), if any: pages and MB/s."""

    def file_done(self) -> None:
        """One more input file has been read to its end."""
        self.files_done += 1
        self._maybe_draw(force=True)

    def battle(self) -> None:
        """One more battle has gone to the exporter."""
        self.battles += 1
        self._maybe_draw(force=False)

    def _maybe_draw(self, *, force: bool) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.after:
            return
        if not force and self.last_drawn is not None and now - self.last_drawn < _REDRAW_EVERY:
            return
        self.last_drawn = now
        self._draw()

    def _draw(self) -> None:
        fraction = self.files_done / self.total_files if self.total_files else 1.0
        dump = self.dump
        if dump is not None and dump.total_bytes and self.total_files == 1:
            fraction = min(1.0, dump.bytes_read / dump.total_bytes)
        filled = int(fraction * _BAR_WIDTH)
        noun = "battle" if self.battles == 1 else "battles"
        line = (
            f"sakhalin: [{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {fraction:4.0%} "
            f"{self.files_done}/{self.total_files} files, {self.battles} {noun}"
        )
        if dump is not None:
            seconds = max(time.monotonic() - dump.started, 1e-9)
            line += f", {dump.pages:,} pages, {dump.bytes_read / 1e6 / seconds:.1f} MB/s"
        padding = " " * max(0, self.width - len(line))
        self.width = len(line)
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()

    def clear(self) -> None:
        """Rub out the bar, so that a message can take its line (it is drawn again later)."""
        if self.last_drawn is not None and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0
            self.stream.flush()

    def finish(self) -> None:
        """End the line, if a bar was drawn."""
        if self.last_drawn is not None:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()


def input_files(paths: Sequence[str], from_format: str | None) -> list[tuple[str, FormatInfo]]:
    """The files to read, each with its reader: folders give their readable files, sorted by name.

    A folder gives every file directly in it (not in sub-folders, not hidden) whose name ends
    with an extension some reader knows; each file's reader is ``from_format`` if given, else
    the one its name names. Everything is checked here, before any output is written.
    """
    from sakhalin.readers import READERS

    forced = READERS.get(from_format) if from_format is not None else None
    known = tuple({ext for info in READERS for ext in info.extensions})
    found: list[tuple[str, FormatInfo]] = []
    for path in paths:
        if os.path.isdir(path):
            names = sorted(
                name
                for name in os.listdir(path)
                if not name.startswith(".")
                and name.lower().endswith(known)
                and os.path.isfile(os.path.join(path, name))
            )
            if not names:
                raise ReadError(
                    f"{path}: a folder with no file any reader knows ({', '.join(sorted(known))})"
                )
            found.extend((os.path.join(path, name), forced or READERS.for_path(name)) for name in names)
        elif os.path.isfile(path):
            found.append((path, forced or READERS.for_path(path)))
        elif os.path.exists(path):
            raise ReadError(f"{path}: not a file or a folder")
        else:
            raise ReadError(f"{path}: no such file or folder")
    return found


def convert(
    inputs: Sequence[tuple[str, FormatInfo, dict[str, object]]],
    output: str,
    to_format: FormatInfo,
    options: dict[str, Any],
    *,
    progress: Progress,
    max_bytes: int | None,
) -> int:
    """Write every battle of every input to ``output``; return how many battles were written.

    Each input is a file, its reader and the reader's options, all checked (every reader
    made) before anything is read.
    """
    from pathlib import Path

    import sakhalin
    from sakhalin._api import read_with
    from sakhalin.readers import READERS

    same = _same_file_as(output)
    sources = [(path, info, READERS.make(info, opts)) for path, info, opts in inputs if not same(path)]
    if not sources:
        raise OptionError(f"{output}: the output is the only input")
    count = 0

    def battles() -> Iterator[Battle]:
        nonlocal count
        for path, info, reader in sources:
            found = read_with(reader, info, Path(path), max_bytes)
            progress.dump = getattr(reader, "stats", None)
            for battle in found:
                count += 1
                progress.battle()
                yield battle
            progress.file_done()
            progress.dump = None

    try:
        sakhalin.write(battles(), output, to_format.name, **options)
    finally:
        progress.finish()
    return count


def _same_file_as(output: str) -> Any:
    try:
        target = os.stat(output)
    except OSError:
        return lambda path: False

    def same(path: str) -> bool:
        try:
            found = os.stat(path)
        except OSError:
            return False
        return (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino)

    return same
