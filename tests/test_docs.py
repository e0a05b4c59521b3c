"""The documentation cannot go stale: every example in README.md and docs/ runs here.

For each Markdown file, its fenced blocks run in order, in one temporary working folder:

- a ```python block runs in the file's namespace (fresh for each file, shared by its blocks);
  a ``print(...)`` whose line ends with ``# -> text`` must print that text (``...`` elides; the
  outputs of a print run several times are joined with ``, ``);
- in a ```sh / ```console / ```bash / ```shell block, each line that calls ``sakhalin`` runs
  through a shell (pipes and redirections work), with ``sakhalin`` being this checkout's
  command; in a ```console block, the lines after a ``$ sakhalin ...`` prompt are its expected
  output: each must appear, in order, in what the command printed (``...`` elides);
- a block whose info string has ``notest``, or that follows a ``<!-- skip: REASON -->`` line, is
  skipped; a skip must give its reason;
- a ``<!-- test-setup: COMMANDS -->`` line before a block runs those shell commands first (to
  make the files an example works on), unseen by readers of the rendered page.

A ``--8<-- "path"`` line inside a block (pymdownx.snippets) is replaced by that file of the
repository, as the site shows it. Doctests in the package's docstrings run too, and so does
``mkdocs build --strict``.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import io
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import sakhalin
from tests.conftest import ROOT

DOC_FILES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
SHELL_LANGS = {"sh", "console", "bash", "shell"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*)$")
SNIPPET = re.compile(r"""^[ \t]*(?:#\s*)?--8<--[ \t]+["'](?P<path>[^"':]+)["'][ \t]*$""")
SKIP = re.compile(r"^\s*<!--\s*skip(?::\s*(?P<reason>.*?))?\s*-->\s*$")
SETUP = re.compile(r"^\s*<!--\s*test-setup:\s*(?P<command>.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown file."""

    path: Path
    line: int
    """The line number (from 1) of the block's first line of code."""
    lang: str
    code: str
    skip: str | None
    """Why the block is skipped (``""`` when no reason was given), or None when it runs."""
    setup: str | None = None
    """Shell commands to run first (from a ``<!-- test-setup: ... -->`` line), unseen by readers."""


def _expand_snippets(code: str) -> str:
    lines = []
    for line in code.splitlines():
        found = SNIPPET.match(line)
        if found:
            lines.append((ROOT / found["path"]).read_text(encoding="utf-8").rstrip("\n"))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def blocks(path: Path) -> Iterator[Block]:
    """The fenced code blocks of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    skip: str | None = None
    setup: str | None = None
    while i < len(lines):
        found = FENCE.match(lines[i])
        if found is None:
            marker = SKIP.match(lines[i])
            prepare = SETUP.match(lines[i])
            if marker is not None:
                skip = marker["reason"] or ""
            elif prepare is not None:
                setup = prepare["command"]
            elif lines[i].strip():
                skip = setup = None
            i += 1
            continue
        indent, fence = found["indent"], found["fence"]
        words = found["info"].split()
        lang = words[0].lower() if words else ""
        if "notest" in words[1:]:
            reasons = [w for w in words[1:] if w != "notest"]
            skip = " ".join(reasons)
        body: list[str] = []
        i += 1
        start = i + 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            line = lines[i]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            i += 1
        i += 1
        yield Block(path, start, lang, _expand_snippets("\n".join(body)), skip, setup)
        skip = setup = None


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose ``sakhalin`` runs this checkout's command with this interpreter."""
    folder = tmp_path_factory.mktemp("bin")
    command = folder / "sakhalin"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sakhalin "$@"\n', encoding="utf-8")
    command.chmod(0o755)
    return folder


def _commands(block: Block) -> Iterator[tuple[int, str, list[str]]]:
    """Each ``sakhalin`` command line of a shell block, with its line and expected output."""
    lines = block.code.splitlines()
    prompted = block.lang == "console" or any(line.startswith("$ ") for line in lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        number = block.line + i
        i += 1
        if prompted and not line.startswith("$ "):
            continue
        command = line[2:] if line.startswith("$ ") else line
        while command.endswith("\\") and i < len(lines):
            command = command[:-1] + " " + lines[i].removeprefix("> ")
            i += 1
        expected: list[str] = []
        if prompted:
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
        if re.match(r"\s*sakhalin(\s|$)", command):
            yield number, command.strip(), expected


def _normal(line: str) -> str:
    return " ".join(line.split())


def _shell(command: str, cwd: Path, shim: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell command line in which ``sakhalin`` is this checkout's command."""
    env = {
        **os.environ,
        "PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "100",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def _run_shell(block: Block, cwd: Path, shim: Path) -> None:
    for number, command, expected in _commands(block):
        where = f"{block.path.relative_to(ROOT)}:{number}"
        result = _shell(command, cwd, shim)
        output = result.stdout + result.stderr
        shows_error = any("error" in line for line in expected)
        if result.returncode != 0 and not shows_error:
            pytest.fail(f"{where}: `{command}` exited {result.returncode}:\n{output}")
        actual = [_normal(line) for line in output.splitlines()]
        position = 0
        for line in expected:
            want = _normal(line)
            if not want or want in ("...", "…"):
                continue
            try:
                position = actual.index(want, position) + 1
            except ValueError:
                pytest.fail(f"{where}: `{command}` did not print {want!r}; it printed:\n{output}")


ARROW = re.compile(r"#\s*->\s*(?P<want>.*?)\s*$")


class _RecordPrints(ast.NodeTransformer):
    """Turn ``print(...)`` on a line ending ``# -> text`` into a call that also records its output."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.expected: dict[int, str] = {}

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Name) and node.func.id == "print"):
            return node
        found = ARROW.search(self.lines[node.end_lineno - 1] if node.end_lineno else "")
        if found is None:
            return node
        assert node.end_lineno is not None
        self.expected[node.end_lineno] = found["want"]
        recorder = ast.Name(id="__docs_print__", ctx=ast.Load())
        line = ast.Constant(value=node.end_lineno)
        return ast.copy_location(
            ast.Call(func=recorder, args=[line, *node.args], keywords=node.keywords), node
        )


def _matches(got: str, want: str) -> bool:
    """Whether printed text is what the docs say, whitespace aside; ``...`` stands for anything."""
    pattern = ".*".join(re.escape(" ".join(part.split())) for part in want.split("..."))
    return re.fullmatch(pattern, " ".join(got.split()), re.DOTALL) is not None


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    code = "\n" * (block.line - 1) + block.code
    tree = ast.parse(code, str(block.path))
    recorder = _RecordPrints(code.splitlines())
    tree = ast.fix_missing_locations(recorder.visit(tree))
    printed: dict[int, list[str]] = {}

    def docs_print(line: int, *args: Any, **kwargs: Any) -> None:
        stream = io.StringIO()
        print(*args, **{**kwargs, "file": stream})
        printed.setdefault(line, []).append(stream.getvalue().rstrip("\n"))
        print(stream.getvalue(), end="")

    namespace["__docs_print__"] = docs_print
    exec(compile(tree, str(block.path), "exec"), namespace)
    for line, want in recorder.expected.items():
        got = ", ".join(printed.get(line, []))
        where = f"{block.path.relative_to(ROOT)}:{line}"
        assert line in printed, f"{where}: this print never ran"
        assert _matches(got, want), f"{where}: printed {got!r}; the docs say it prints {want!r}"


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DOC_FILES, ids=_id)
def test_examples_in_the_docs_run(
    path: Path, tmp_path: Path, shim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every python and sakhalin shell example of this Markdown file runs, in order, as shown."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in blocks(path):
        if block.skip is not None:
            continue
        if block.setup is not None:
            prepared = _shell(block.setup, tmp_path, shim)
            where = f"{_id(path)}:{block.line}"
            assert prepared.returncode == 0, f"{where}: test-setup failed: {prepared.stdout}{prepared.stderr}"
        if block.lang == "python":
            _run_python(block, namespace)
        elif block.lang in SHELL_LANGS:
            _run_shell(block, tmp_path, shim)


@pytest.mark.parametrize("path", DOC_FILES, ids=_id)
def test_every_skipped_example_says_why(path: Path) -> None:
    """A skipped example gives its reason, and even a skipped python example compiles."""
    for block in blocks(path):
        if block.skip is None:
            continue
        assert block.skip.strip(), f"{_id(path)}:{block.line}: say why this example is skipped"
        if block.lang == "python":
            compile(block.code, f"{path}:{block.line}", "exec")


def test_the_docs_hold_examples_that_run() -> None:
    """The tutorial and README are not hollow: most of their examples run rather than skip."""
    for name in ("README.md", "docs/tutorial.md"):
        found = list(blocks(ROOT / name))
        running = [b for b in found if b.skip is None and b.lang in ("python", *SHELL_LANGS)]
        assert len(running) >= 2, name


def test_block_parser_sees_fences_snippets_and_skips(tmp_path: Path) -> None:
    """The block finder reads languages, skip markers with reasons, and expands snippets."""
    page = tmp_path / "page.md"
    page.write_text(
        "text\n\n```python\nx = 1\n```\n\n<!-- skip: needs a network -->\n```python\nimport nothing\n```\n"
        "\n    ```console\n    $ sakhalin --version\n    sakhalin 0.1.0\n    ```\n"
        '\n```python\n--8<-- "LICENSE"\n```\n'
        "\n<!-- test-setup: mkdir data -->\n```sh\nsakhalin convert data out.json\n```\n",
        encoding="utf-8",
    )
    found = list(blocks(page))
    assert [(b.lang, b.line, b.skip) for b in found] == [
        ("python", 4, None),
        ("python", 9, "needs a network"),
        ("console", 13, None),
        ("python", 18, None),
        ("sh", 23, None),
    ]
    assert found[4].setup == "mkdir data"
    assert found[0].code == "x = 1\n"
    assert list(_commands(found[2])) == [(13, "sakhalin --version", ["sakhalin 0.1.0"])]
    assert found[3].code == (ROOT / "LICENSE").read_text(encoding="utf-8").rstrip("\n") + "\n"


def _modules() -> Iterator[str]:
    yield "sakhalin"
    for module in pkgutil.walk_packages(sakhalin.__path__, "sakhalin."):
        yield module.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_doctests_in_docstrings_pass(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``>>>`` examples in this module's docstrings give the output they show."""
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, extraglobs={"sakhalin": sakhalin}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctests failed in {name}"


def test_docs_site_builds_strictly(tmp_path: Path) -> None:
    """``mkdocs build --strict`` passes, and the API reference documents every public name."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    if not mkdocs.exists() and shutil.which("mkdocs") is None:
        pytest.skip("mkdocs is not installed: pip install --group docs")
    command = str(mkdocs) if mkdocs.exists() else "mkdocs"
    result = subprocess.run(
        [command, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="sakhalin\.(\w+)"', page))
    assert documented >= set(sakhalin.__all__) - {"__version__"}
    plugins = (tmp_path / "site" / "reference" / "plugins" / "index.html").read_text(encoding="utf-8")
    assert 'id="sakhalin.exporters.Exporter"' in plugins
    assert 'id="sakhalin.readers.Reader"' in plugins


def _public() -> list[str]:
    return [name for name in sakhalin.__all__ if name not in ("__version__", "FACT_COLUMNS")]


@pytest.mark.parametrize("name", _public())
def test_public_name_has_a_complete_docstring(name: str) -> None:
    """A public name's docstring has a one-line summary, its sections and since when it exists."""
    import inspect

    obj = getattr(sakhalin, name)
    doc = inspect.getdoc(obj)
    assert doc, f"sakhalin.{name} has no docstring"
    summary, _, rest = doc.partition("\n")
    assert summary.strip().endswith("."), f"sakhalin.{name}: the first line is a one-line summary"
    assert not rest or rest.startswith("\n"), f"sakhalin.{name}: a blank line follows the summary"
    assert ".. versionadded::" in doc, f"sakhalin.{name}: say since when it exists (.. versionadded::)"
    if inspect.isfunction(obj):
        signature = inspect.signature(obj)
        if signature.parameters:
            assert "Args:" in doc, f"sakhalin.{name}: document its arguments (Args:)"
        if signature.return_annotation not in (None, "None"):
            assert "Returns:" in doc, f"sakhalin.{name}: document what it returns (Returns:)"
