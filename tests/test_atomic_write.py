"""sakhalin.write and `sakhalin export -o` replace a file whole or not at all."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sakhalin
from sakhalin import _cli
from sakhalin.exporters import EXPORTERS
from tests.plugins import (
    FailingBinaryExporter,
    FailingExporter,
    InterruptedExporter,
    make_distribution,
    register,
)


@pytest.fixture(autouse=True)
def failing_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test exporters that break half-way, registered for each test."""
    register(monkeypatch, EXPORTERS, FailingExporter, InterruptedExporter, FailingBinaryExporter)


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that changes it."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


FAILURES = [
    ("failing", RuntimeError),
    ("interrupted", KeyboardInterrupt),
    ("failing-binary", RuntimeError),
]


@pytest.mark.parametrize(("name", "error"), FAILURES)
def test_failed_export_leaves_no_file(
    name: str, error: type[BaseException], battle: sakhalin.Battle, tmp_path: Path
) -> None:
    """An exporter that raises (or is interrupted) half-way leaves neither the file nor a temporary file."""
    with pytest.raises(error):
        sakhalin.write(battle, tmp_path / "out.txt", name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "error"), FAILURES)
def test_failed_export_keeps_the_old_file(
    name: str, error: type[BaseException], battle: sakhalin.Battle, tmp_path: Path
) -> None:
    """An existing file keeps its bytes when an export to it fails half-way."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"the old contents\n")
    with pytest.raises(error):
        sakhalin.write(battle, target, name)
    assert target.read_bytes() == b"the old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_export_by_extension(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A format chosen by the file's extension fails the same clean way."""
    with pytest.raises(RuntimeError):
        sakhalin.write(battle, tmp_path / "out.failing")
    assert list(tmp_path.iterdir()) == []


def test_cli_failed_export_leaves_no_file(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """Through the command line, a failing exporter leaves the old file as it was and no temporary file."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        _cli.main(["export", "failing", "-o", str(target)], stdout=io.StringIO(), stderr=io.StringIO())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_cli_interrupted_export_in_a_real_process(tmp_path: Path) -> None:
    """A real `sakhalin export` interrupted half-way exits 130 and leaves the old file whole."""
    site = make_distribution(
        tmp_path / "site",
        "sakhalin-test-interrupt",
        {
            "interrupt_plugin": """
                class Interrupted:
                    name = "interrupt-me"
                    aliases = ()
                    extensions = (".int",)
                    media_type = "text/plain"
                    binary = False
                    description = "writes a little, then is interrupted"

                    def write(self, battles, stream):
                        stream.write("partial\\n" * 10000)
                        stream.flush()
                        raise KeyboardInterrupt
            """
        },
        {"sakhalin.exporters": {"interrupt-me": "interrupt_plugin:Interrupted"}},
    )
    out = tmp_path / "out"
    out.mkdir()
    target = out / "battle.int"
    target.write_bytes(b"old")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "sakhalin", "export", "interrupt-me", "-o", str(target)],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 130
    assert b"Traceback" not in result.stderr
    assert target.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["battle.int"]


def test_successful_write_leaves_only_the_file(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A successful write leaves the file and nothing else, and replaces an older file whole."""
    target = tmp_path / "battle.json"
    target.write_text("x" * 100_000, encoding="utf-8")
    sakhalin.write(battle, target)
    assert [p.name for p in tmp_path.iterdir()] == ["battle.json"]
    assert target.read_text(encoding="utf-8") == sakhalin.export(battle, "json")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
@pytest.mark.usefixtures("umask")
def test_new_file_mode_honours_umask(mask: int, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A new file gets mode 0o666 less the umask, as open() would give it (not mkstemp's 0o600)."""
    os.umask(mask)
    target = sakhalin.write(battle, tmp_path / "battle.json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


@pytest.mark.usefixtures("umask")
def test_replaced_file_keeps_its_mode(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """Replacing an existing file keeps its permission bits."""
    os.umask(0o022)
    target = tmp_path / "battle.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    sakhalin.write(battle, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == sakhalin.export(battle, "json")


def test_symlink_stays_a_link(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """Writing through a symbolic link replaces the file it points to and keeps the link."""
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    sakhalin.write(battle, link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == sakhalin.export(battle, "json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_named_pipe_is_written_not_replaced(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A named pipe (like /dev/stdout) is written to directly, never replaced by a regular file."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    sakhalin.write(battle, fifo)
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received == [sakhalin.export(battle, "json").encode("utf-8")]  # type: ignore[union-attr]


def test_folder_as_target_is_refused(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A folder given as the file to write raises IsADirectoryError naming it, and is left alone."""
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        sakhalin.write(battle, folder)
    assert caught.value.filename == str(folder)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_missing_folder_names_the_target(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A missing folder raises FileNotFoundError naming the target, not the temporary file."""
    target = tmp_path / "missing" / "battle.json"
    with pytest.raises(FileNotFoundError) as caught:
        sakhalin.write(battle, target)
    assert caught.value.filename == str(target)


SLOW_PLUGIN = """
    import time

    import sakhalin

    class SlowReader:
        name = "slow"
        aliases = ()
        extensions = (".slow",)
        media_type = "text/plain"
        binary = False
        description = "the embedded battle, again and again, slowly"

        def read(self, stream, source):
            battle = sakhalin.load()
            for _ in range(600):  # a minute at most: the test stops it long before
                yield battle
                time.sleep(0.1)

    class SlowExporter:
        name = "slow-names"
        aliases = ()
        extensions = (".names",)
        media_type = "text/plain"
        binary = False
        description = "each battle's name, again and again, slowly"

        def write(self, battles, stream):
            names = [battle.name for battle in battles]
            for _ in range(600):
                stream.write("\\n".join(names) + "\\n")
                stream.flush()
                time.sleep(0.1)
"""


def _wait_for(found: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    """Wait (up to a minute) until ``found()`` holds; fail if the process ends first."""
    deadline = time.monotonic() + 60
    while not found():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("command", ["convert", "export"])
def test_signal_during_a_long_write_leaves_nothing(signum: int, command: str, tmp_path: Path) -> None:
    """SIGTERM or SIGHUP mid-write: exit 128+signal, no traceback, no temporary file, old output intact."""
    site = make_distribution(
        tmp_path / "site",
        "sakhalin-test-slow",
        {"slow_plugin": SLOW_PLUGIN},
        {
            "sakhalin.readers": {"slow": "slow_plugin:SlowReader"},
            "sakhalin.exporters": {"slow-names": "slow_plugin:SlowExporter"},
        },
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "in.slow").write_text("", encoding="utf-8")
    if command == "convert":  # a slow reader: the exporter streams what it reads
        target = work / "out.csv"
        argv = ["convert", "-q", str(work / "in.slow"), str(target)]
    else:  # a slow exporter
        target = work / "out.names"
        argv = ["export", "slow-names", "-o", str(target)]
    target.write_bytes(b"the old contents\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "sakhalin", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    try:
        _wait_for(lambda: any(p.suffix == ".part" and p.stat().st_size for p in work.iterdir()), process)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 128 + signum
    assert err == b"", err.decode(errors="replace")
    assert sorted(p.name for p in work.iterdir()) == sorted(["in.slow", target.name])
    assert target.read_bytes() == b"the old contents\n"
