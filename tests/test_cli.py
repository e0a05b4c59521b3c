"""The sakhalin command: in-process through main(argv), and a few real runs of python -m sakhalin."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import attrs
import pytest

import sakhalin
from sakhalin import _cli
from sakhalin._registry import FormatInfo
from sakhalin.exporters import EXPORTERS
from sakhalin.readers import READERS
from tests.plugins import BytesExporter, register

EXPORTER_INFOS = list(EXPORTERS)
BINARY = [info for info in EXPORTER_INFOS if info.binary]


class Output(io.TextIOWrapper):
    """A standard output for main(): text over a byte buffer, optionally claiming to be a terminal."""

    def __init__(self, *, tty: bool = False) -> None:
        self.raw_bytes = io.BytesIO()
        super().__init__(self.raw_bytes, encoding="utf-8", newline="")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def value(self) -> bytes:
        self.flush()
        return self.raw_bytes.getvalue()


def run(*argv: str, tty: bool = False) -> tuple[int, bytes, str]:
    """Run main() in-process; return the exit code, standard output's bytes and standard error."""
    out = Output(tty=tty)
    err = io.StringIO()
    code = _cli.main(list(argv), stdout=out, stderr=err)
    return code, out.value(), err.getvalue()


def as_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def python_m(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run python -m sakhalin with these arguments, capturing its output."""
    result: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "sakhalin", *argv],
        capture_output=True,
        check=False,
        timeout=120,
        **kwargs,  # type: ignore[call-overload]
    )
    return result


def assert_one_error_line(err: str | bytes) -> str:
    """Standard error is exactly one line starting 'sakhalin: error:', with no traceback."""
    text = err.decode("utf-8") if isinstance(err, bytes) else err
    assert text.endswith("\n")
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("sakhalin: error: ")
    assert "Traceback" not in text
    return lines[0]


exporters = pytest.mark.parametrize("info", EXPORTER_INFOS, ids=[i.name for i in EXPORTER_INFOS])


@exporters
def test_export_to_stdout(info: FormatInfo, battle: sakhalin.Battle) -> None:
    """`sakhalin export FORMAT` writes exactly what sakhalin.export gives to standard output."""
    code, out, err = run("export", info.name)
    assert (code, err) == (0, "")
    assert out == as_bytes(sakhalin.export(battle, info.name))


@exporters
def test_export_to_file(info: FormatInfo, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """`sakhalin export FORMAT -o PATH` writes the file, prints nothing and leaves no temporary file."""
    target = tmp_path / f"out{info.extensions[0]}"
    code, out, err = run("export", info.name, "-o", str(target))
    assert (code, out, err) == (0, b"", "")
    assert target.read_bytes() == as_bytes(sakhalin.export(battle, info.name))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_export_with_dash_output_is_stdout(battle: sakhalin.Battle) -> None:
    """`-o -` means standard output."""
    code, out, _ = run("export", "json", "-o", "-")
    assert code == 0
    assert json.loads(out) == sakhalin.to_dict(battle)


def test_typed_options(battle: sakhalin.Battle) -> None:
    """-O key=value options are converted to the option's type (int, bool) before export."""
    code, out, err = run("export", "json", "-O", "indent=0", "-O", "always_list=yes")
    assert (code, err) == (0, "")
    assert out == as_bytes(sakhalin.export(battle, "json", indent=0, always_list=True))
    assert json.loads(out) == [sakhalin.to_dict(battle)]


def test_input_json_file(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """--input reads the battle from a JSON file; export and show use it instead of the embedded one."""
    other = attrs.evolve(battle, name="Battle read from a file")
    source = sakhalin.write(other, tmp_path / "other.json")
    code, out, _ = run("export", "json", "--input", str(source))
    assert code == 0
    assert sakhalin.from_dict(json.loads(out)) == other
    code, out, _ = run("show", "-i", str(source))
    assert code == 0
    assert out.decode().splitlines()[0] == "Battle read from a file"


def test_input_with_explicit_format(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """--from names the input's format when its file name does not."""
    source = tmp_path / "battle.data"
    source.write_text(json.dumps(sakhalin.to_dict(battle)), encoding="utf-8")
    code, out, _ = run("export", "json", "-i", str(source), "--from", "json")
    assert code == 0
    assert json.loads(out) == sakhalin.to_dict(battle)


def test_binary_output_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A binary format is not written to a terminal: one error line, exit code 2, nothing written."""
    register(monkeypatch, EXPORTERS, BytesExporter)
    code, out, err = run("export", "utf16-names", tty=True)
    assert (code, out) == (2, b"")
    assert "-o" in assert_one_error_line(err)


def test_binary_output_to_a_pipe(monkeypatch: pytest.MonkeyPatch, battle: sakhalin.Battle) -> None:
    """A binary format goes to a standard output that is not a terminal as raw bytes."""
    register(monkeypatch, EXPORTERS, BytesExporter)
    code, out, err = run("export", "utf16-names")
    assert (code, err) == (0, "")
    assert out.decode("utf-16-le") == battle.name


def test_binary_output_refused_on_a_text_only_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """A standard output with no byte buffer gets no binary data, and one error line."""
    register(monkeypatch, EXPORTERS, BytesExporter)
    err = io.StringIO()
    assert _cli.main(["export", "utf16-names"], stdout=io.StringIO(), stderr=err) == 2
    assert_one_error_line(err.getvalue())


@pytest.mark.parametrize("info", BINARY, ids=[i.name for i in BINARY])
def test_binary_output_refused_on_a_real_pty(info: FormatInfo) -> None:
    """Run with a pseudo-terminal as standard output, a binary format is refused with exit code 2."""
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sakhalin", "export", info.name],
            stdout=follower,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert_one_error_line(result.stderr)


def _on_a_pty(argv: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run python -m sakhalin with a fresh pseudo-terminal as standard output; the result and what it showed.

    ``TTY`` in ``argv`` stands for the terminal's own name (such as ``/dev/pts/3``).
    """
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # a terminal nobody reads fills up, and the writer waits
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        name = os.ttyname(follower)
        result = subprocess.run(
            [sys.executable, "-m", "sakhalin", *(name if a == "TTY" else a for a in argv)],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=cwd,
            check=False,
            timeout=120,
        )
    finally:
        os.close(follower)  # the leader then reads EIO: the drain ends
        reader.join(timeout=10)
        os.close(leader)
    return result, bytes(shown)


TERMINAL_PATHS = [
    ["export", "xlsx", "-o", "/dev/stdout"],
    ["export", "xlsx", "-o", "/dev/fd/1"],
    ["export", "xlsx", "-o", "TTY"],
    ["export", "xlsx", "-o", "-"],
    ["convert", "-q", "--to", "xlsx", "in.json", "/dev/stdout"],
    ["convert", "-q", "--to", "xlsx", "in.json", "TTY"],
]


@pytest.mark.parametrize("argv", TERMINAL_PATHS, ids=[" ".join(a) for a in TERMINAL_PATHS])
def test_binary_output_refused_on_a_terminal_named_by_path(argv: list[str], tmp_path: Path) -> None:
    """-o /dev/stdout (or the terminal's name) on a pseudo-terminal: one error line, exit 2, no output."""
    sakhalin.write(sakhalin.load(), tmp_path / "in.json")
    result, shown = _on_a_pty(argv, tmp_path)
    assert result.returncode == 2
    assert shown == b""
    line = assert_one_error_line(result.stderr)
    assert "xlsx is binary" in line and "terminal" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_binary_output_to_dev_stdout_when_it_is_a_pipe(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """-o /dev/stdout with standard output a pipe writes the workbook there, and openpyxl reads it."""
    openpyxl = pytest.importorskip("openpyxl")
    result = python_m("export", "xlsx", "-o", "/dev/stdout")
    assert (result.returncode, result.stderr) == (0, b"")
    book = openpyxl.load_workbook(io.BytesIO(result.stdout), read_only=True)
    assert battle.name in {cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row}


def test_text_output_to_dev_stdout_on_a_terminal(tmp_path: Path) -> None:
    """A text format still goes to a terminal named by -o /dev/stdout (only binary is refused)."""
    result, shown = _on_a_pty(["export", "json", "-o", "/dev/stdout"], tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(shown.replace(b"\r\n", b"\n")) == sakhalin.to_dict(sakhalin.load())


def test_formats_lists_every_format() -> None:
    """`sakhalin formats` lists every exporter and reader by name, with its description."""
    code, out, err = run("formats")
    assert (code, err) == (0, "")
    text = out.decode()
    exporters_part, _, readers_part = text.partition("Readers:")
    for info in EXPORTERS:
        assert f"  {info.name}" in exporters_part
        assert info.description in exporters_part
    for info in READERS:
        assert f"  {info.name}" in readers_part


def test_show_summarises_the_battle(battle: sakhalin.Battle) -> None:
    """`sakhalin show` prints the battle's name, every side and the result."""
    code, out, err = run("show")
    assert (code, err) == (0, "")
    text = out.decode()
    assert text.splitlines()[0] == battle.name
    for side in battle.sides:
        assert side.name in text
    assert battle.result is not None and battle.result in text


def test_version() -> None:
    """`sakhalin --version` prints the version on standard output and exits 0."""
    assert run("--version") == (0, f"sakhalin {sakhalin.__version__}\n".encode(), "")


def test_help() -> None:
    """`sakhalin --help` prints the usage on standard output and exits 0."""
    code, out, err = run("--help")
    assert (code, err) == (0, "")
    assert out.decode().startswith("usage: sakhalin")


def test_no_command_prints_a_short_help() -> None:
    """`sakhalin` with no command prints a short help naming the commonest commands, not the JSON."""
    code, out, err = run()
    assert (code, err) == (0, "")
    text = out.decode("utf-8")
    assert len(text.splitlines()) < 20
    for command in ("sakhalin show", "sakhalin export json", "sakhalin convert", "sakhalin formats"):
        assert command in text
    assert "sakhalin --help" in text
    assert '"name"' not in text
    result = python_m()
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8") == text


COMMANDS = ["export", "convert", "formats", "apply", "show"]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_has_a_description_and_examples(command: str) -> None:
    """Every command's --help (and the command's own) has a description and examples that name the command."""
    code, out, err = run(*([command] if command else []), "--help")
    assert (code, err) == (0, "")
    text = out.decode("utf-8")
    usage, description, *_ = text.split("\n\n")
    assert usage.startswith("usage: sakhalin")
    assert len(description.split()) >= 8, description
    examples = text[text.index("examples:\n") :].splitlines()[1:]
    assert len(examples) >= 2
    assert all(line.startswith("  sakhalin") for line in examples if line.startswith("  "))
    assert examples[0].startswith(f"  sakhalin {command}".rstrip())


def test_the_commands_in_help_examples_are_real() -> None:
    """Every example in the help texts parses: its command and options exist."""
    parser = _cli._parser()
    for command in ["", *COMMANDS]:
        _, out, _ = run(*([command] if command else []), "--help")
        for line in out.decode("utf-8").splitlines():
            if line.startswith("  sakhalin ") and " -h" not in line:
                words = line.split("   ")[0].split()[1:]
                parser.parse_args([w for w in words if w not in (">", "new.wiki")])


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["expot", "json"], "(did you mean 'export'?)"),
        (["shwo"], "(did you mean 'show'?)"),
        (["formts"], "(did you mean 'formats'?)"),
        (["export", "cvs"], "(did you mean 'csv'?)"),
        (["export", "exel", "-o", "x.xlsx"], "(did you mean 'excel'?)"),
        (["export", "jsno"], "(did you mean 'json'?)"),
        (["show", "-i", "battle.jsn"], "(did you mean '.json'?)"),
    ],
)
def test_misspelt_commands_and_formats_suggest_the_nearest(argv: list[str], suggestion: str) -> None:
    """A misspelt command, format or file ending is one error line naming the nearest one."""
    code, out, err = run(*argv)
    assert (code, out) == (2, b"")
    assert suggestion in assert_one_error_line(err)


def test_unknown_format_lists_names_and_aliases() -> None:
    """An unknown format lists every format with its aliases, and suggests none when none is near."""
    code, _, err = run("export", "docx")
    assert code == 2
    line = assert_one_error_line(err)
    assert "did you mean" not in line
    known = line.split("known: ")[1]
    for info in EXPORTERS:
        assert info.name in known
        for alias in info.aliases:
            assert alias in known
    assert "markdown (md)" in known and "xlsx (excel)" in known


def test_show_and_export_take_files_with_several_battles(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """show prints every battle of a file, and export writes them all."""
    other = attrs.evolve(battle, name="Second battle")
    source = tmp_path / "two.json"
    sakhalin.write([battle, other], source)
    code, out, err = run("show", "-i", str(source))
    assert (code, err) == (0, "")
    lines = out.decode("utf-8").splitlines()
    assert lines[0] == battle.name and "Second battle" in lines
    assert lines[lines.index("Second battle") - 1] == ""
    code, out, err = run("export", "json", "-i", str(source))
    assert (code, err) == (0, "")
    assert [sakhalin.from_dict(item) for item in json.loads(out)] == [battle, other]
    target = tmp_path / "two.csv"
    assert run("export", "csv", "-i", str(source), "-o", str(target))[0] == 0
    assert list(sakhalin.read(target)) == [battle, other]


def test_a_file_without_battles_is_an_error(tmp_path: Path) -> None:
    """show and export of a file holding no battle are one error line, and write nothing."""
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    target = tmp_path / "out.csv"
    for argv in (["show", "-i", str(empty)], ["export", "csv", "-i", str(empty), "-o", str(target)]):
        code, out, err = run(*argv)
        assert (code, out) == (2, b"")
        assert assert_one_error_line(err).endswith("empty.json: holds no battle")
    assert not target.exists()


def _errors(tmp: Path) -> list[tuple[str, list[str], int, str]]:
    malformed = tmp / "malformed.json"
    malformed.write_text('{"name": "x",\n  "sides": [}', encoding="utf-8")
    bad_field = tmp / "bad-field.json"
    bad_field.write_text('{"name": 5, "sides": []}', encoding="utf-8")
    big = tmp / "big.json"
    big.write_text(json.dumps(sakhalin.to_dict(sakhalin.load())), encoding="utf-8")
    return [
        ("unknown format", ["export", "nope"], 2, "no exporter is called 'nope'"),
        ("unknown option", ["export", "json", "-O", "colour=red"], 2, "not colour"),
        ("bad option value", ["export", "json", "-O", "indent=wide"], 2, "indent"),
        ("option without =", ["export", "json", "-O", "indent"], 2, "key=value"),
        ("unknown argument", ["export", "json", "--frobnicate"], 2, "--frobnicate"),
        ("missing input", ["export", "json", "-i", str(tmp / "missing.json")], 2, "missing.json"),
        ("malformed JSON", ["export", "json", "-i", str(malformed)], 2, "line 2, column"),
        ("bad field", ["show", "-i", str(bad_field)], 2, "$.name"),
        ("input too large", ["show", "-i", str(big), "--max-bytes", "100"], 2, "max_bytes"),
        ("bad --max-bytes", ["show", "--max-bytes", "lots"], 2, "--max-bytes"),
        ("--from alone", ["show", "--from", "json"], 2, "--input"),
        ("-I alone", ["show", "-I", "max_depth=3"], 2, "--input"),
        ("too deep for -I", ["show", "-i", str(big), "-I", "max_depth=3"], 2, "(max_depth)"),
        (
            "unknown reader option",
            ["show", "-i", str(big), "-I", "speed=3"],
            2,
            "json takes max_depth; not speed",
        ),
        ("unknown input format", ["show", "-i", str(tmp / "x.unknown")], 2, "x.unknown"),
        ("output folder missing", ["export", "json", "-o", str(tmp / "no" / "such" / "o.json")], 1, "o.json"),
        ("output is a folder", ["export", "json", "-o", str(tmp)], 1, "folder"),
        ("output format unknown", ["export", "nope", "-o", str(tmp / "o.json")], 2, "nope"),
    ]


_CASES = [case[0] for case in _errors(Path(tempfile.gettempdir()))]


@pytest.mark.parametrize("case", _CASES)
def test_errors_are_one_line(case: str, tmp_path: Path) -> None:
    """Every error is one 'sakhalin: error:' line naming its cause, with the right exit code."""
    _, argv, expected_code, expected_text = next(c for c in _errors(tmp_path) if c[0] == case)
    code, out, err = run(*argv)
    assert code == expected_code
    assert out == b""
    assert expected_text in assert_one_error_line(err)


def test_permission_denied_is_exit_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A folder that refuses the file gives one error line naming the target, and exit code 1."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".o.json.xyz.part"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run("export", "json", "-o", str(tmp_path / "o.json"))
    assert code == 1
    line = assert_one_error_line(err)
    assert "o.json: Permission denied" in line
    assert ".part" not in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_exit_1(tmp_path: Path) -> None:
    """A real read-only folder gives one error line and exit code 1."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = run("export", "json", "-o", str(folder / "o.json"))
    finally:
        folder.chmod(0o700)
    assert code == 1
    assert "Permission denied" in assert_one_error_line(err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    """An existing read-only file is refused (exit code 1) and keeps its bytes."""
    target = tmp_path / "o.json"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    code, _, err = run("export", "json", "-o", str(target))
    assert code == 1
    assert "read-only" in assert_one_error_line(err)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C ends the command with exit code 130 and no traceback."""

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_cli, "main", interrupted)
    with pytest.raises(SystemExit) as caught:
        _cli.run()
    assert caught.value.code == 130


def test_subprocess_export_matches_the_library(battle: sakhalin.Battle) -> None:
    """`python -m sakhalin export json` prints what sakhalin.export gives, exit code 0, nothing on stderr."""
    result = python_m("export", "json")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == as_bytes(sakhalin.export(battle, "json"))


def test_subprocess_version_and_error() -> None:
    """A real run prints the version; an unknown format gives one error line and exit code 2."""
    result = python_m("--version")
    assert (result.returncode, result.stdout) == (0, f"sakhalin {sakhalin.__version__}\n".encode())
    result = python_m("export", "no-such-format")
    assert (result.returncode, result.stdout) == (2, b"")
    assert_one_error_line(result.stderr)


def test_subprocess_malformed_input(tmp_path: Path) -> None:
    """A real run on malformed JSON gives one error line naming the file and the place, exit code 2."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"name": "x", "sides": [1, 2,]}')
    result = python_m("show", "-i", str(bad))
    assert result.returncode == 2
    line = assert_one_error_line(result.stderr)
    assert "bad.json: line 1, column" in line


@pytest.fixture
def big_input(battle: sakhalin.Battle, tmp_path: Path) -> Path:
    """A battle whose JSON is far larger than a pipe's buffer."""
    statement = sakhalin.Statement(subject="test", attribute="padding", text="x" * 200)
    big = attrs.evolve(battle, statements=(statement,) * 3000, result="a long result " * 25_000)
    return sakhalin.write(big, tmp_path / "big.json")


def test_broken_pipe_exits_quietly(big_input: Path) -> None:
    """When the reader of standard output goes away (`| head -1`), the command exits 0 and says nothing."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sakhalin", "export", "json", "-i", str(big_input)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    assert first == b"{\n"
    assert stderr == b""


TEXT = [info for info in EXPORTER_INFOS if not info.binary]


@pytest.mark.parametrize("info", TEXT, ids=[i.name for i in TEXT])
def test_shell_pipe_into_head(info: FormatInfo, big_input: Path) -> None:
    """`sakhalin export FORMAT | head -1` in a real shell prints the first line and no error."""
    command = f"{sys.executable} -m sakhalin export {info.name} -i '{big_input}' | head -1"
    result = subprocess.run(["sh", "-c", command], capture_output=True, check=False, timeout=120)
    assert result.returncode == 0
    assert result.stderr == b""
    whole = as_bytes(sakhalin.export(sakhalin.load(big_input), info.name))
    assert len(whole) > 256 * 1024  # far more than a pipe holds, so the pipe does break
    assert result.stdout == whole.split(b"\n")[0] + b"\n"


def test_lone_surrogate_is_one_error_line(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """A battle holding a lone surrogate (UTF-8 cannot encode it) gives one error line, exit 2, no file."""
    odd = attrs.evolve(battle, name="Invasion \ud800")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sakhalin, "load", lambda *args, **kwargs: odd)
        code, out, err = run("export", "json")
        assert (code, out) == (2, b"")
        assert "U+D800, a lone surrogate" in assert_one_error_line(err)
        code, out, err = run("export", "json", "-o", str(tmp_path / "o.json"))
    assert code == 2
    assert_one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_show_escapes_terminal_control_sequences(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """`show` of an untrusted battle prints no control character: escapes and line breaks show escaped."""
    hostile = attrs.evolve(battle, name="Sakhalin\x1b[2J\x1b]0;owned\x07", result="won\nSide 3: nobody\u202e")
    source = sakhalin.write(hostile, tmp_path / "hostile.json")
    code, out, err = run("show", "-i", str(source))
    assert (code, err) == (0, "")
    text = out.decode("utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert text.splitlines()[0] == "Sakhalin\\x1b[2J\\x1b]0;owned\\x07"
    assert "Result: won\\nSide 3: nobody\\u202e" in text.splitlines()


def test_error_lines_escape_control_characters(tmp_path: Path) -> None:
    """An error naming a hostile file name or value prints it with its control characters escaped."""
    code, _, err = run("export", "json", "-i", str(tmp_path / "evil\x1b[31m.json"))
    assert code == 2
    line = assert_one_error_line(err)
    assert "\x1b" not in line
    assert "evil\\x1b[31m.json" in line


@pytest.mark.skipif(
    "csv" not in [i.name for i in EXPORTER_INFOS], reason="the csv exporter is not registered"
)
def test_choice_and_bool_options(battle: sakhalin.Battle) -> None:
    """A -O option with a fixed set of values takes one of them and names them all when given another."""
    code, out, err = run("export", "csv", "-O", "table=people", "-O", "escape_formulas=off")
    assert (code, err) == (0, "")
    assert out == as_bytes(sakhalin.export(battle, "csv", table="people", escape_formulas=False))
    code, out, err = run("export", "csv", "-O", "table=everything")
    assert (code, out) == (2, b"")
    assert "table is one of facts, sides, people, events; not 'everything'" in assert_one_error_line(err)
    code, _, err = run("export", "csv", "-O", "escape_formulas=maybe")
    assert code == 2
    assert "escape_formulas is true or false" in assert_one_error_line(err)


def test_show_keeps_spaces_and_scripts(battle: sakhalin.Battle, tmp_path: Path) -> None:
    """`show` prints no-break and other spaces, and any script, as they are; only controls are escaped."""
    spaced = attrs.evolve(battle, name="7\u00a0280 men\u2009\u2014 \u6a3a\u592a\u4e0a\u9678\u4f5c\u6226")
    source = sakhalin.write(spaced, tmp_path / "spaced.json")
    code, out, _ = run("show", "-i", str(source))
    assert code == 0
    assert out.decode("utf-8").splitlines()[0] == spaced.name
