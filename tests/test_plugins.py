"""Third-party formats through the entry-point groups sakhalin.exporters and sakhalin.readers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import sakhalin
from sakhalin.exporters import EXPORTERS
from sakhalin.readers import READERS
from tests.plugins import BROKEN_MODULE, IMPOSTOR_MODULE, SHOUT_MODULE, make_distribution

READER_MODULE = '''
    """A plugin reader: a file of battle names, one a line, each becoming the embedded battle renamed."""

    import attrs
    import sakhalin

    class NamesReader:
        name = "names"
        aliases = ()
        extensions = (".names",)
        media_type = "text/plain"
        binary = False
        description = "battle names, one a line"

        def read(self, stream, source):
            for line in stream.read().splitlines():
                yield attrs.evolve(sakhalin.load(), name=line)
'''

NO_ATTRIBUTES_MODULE = """
    class Nameless:
        def write(self, battles, stream):
            stream.write("?")
"""

SECOND_SHOUT_MODULE = """
    class AnotherShout:
        name = "shout"
        aliases = ()
        extensions = (".shout2",)
        media_type = "text/plain"
        binary = False
        description = "a second plugin that wants the name shout"

        def write(self, battles, stream):
            stream.write("SECOND\\n")
"""

MODULES = ("shout_plugin", "broken_plugin", "impostor_plugin", "names_plugin", "nameless_plugin", "shout2")


def make_site(folder: Path) -> Path:
    """A folder holding five throwaway plugin distributions, good and bad."""
    make_distribution(
        folder,
        "sakhalin-shout",
        {"shout_plugin": SHOUT_MODULE, "names_plugin": READER_MODULE},
        {
            "sakhalin.exporters": {"shout": "shout_plugin:ShoutExporter"},
            "sakhalin.readers": {"names": "names_plugin:NamesReader"},
        },
    )
    make_distribution(
        folder,
        "sakhalin-broken",
        {"broken_plugin": BROKEN_MODULE},
        {"sakhalin.exporters": {"broken": "broken_plugin:X"}},
    )
    make_distribution(
        folder,
        "sakhalin-impostor",
        {"impostor_plugin": IMPOSTOR_MODULE},
        {
            "sakhalin.exporters": {
                "fake-csv": "impostor_plugin:FakeCsv",
                "fake-json": "impostor_plugin:FakeJson",
            }
        },
    )
    make_distribution(
        folder,
        "sakhalin-nameless",
        {"nameless_plugin": NO_ATTRIBUTES_MODULE},
        {"sakhalin.exporters": {"nameless": "nameless_plugin:Nameless"}},
    )
    make_distribution(
        folder,
        "sakhalin-second-shout",
        {"shout2": SECOND_SHOUT_MODULE},
        {"sakhalin.exporters": {"zz-shout": "shout2:AnotherShout"}},
    )
    return folder


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The throwaway plugins on sys.path, with the registries refreshed before and after."""
    folder = make_site(tmp_path / "site")
    monkeypatch.syspath_prepend(str(folder))
    EXPORTERS.refresh()
    READERS.refresh()
    yield folder
    for module in MODULES:
        sys.modules.pop(module, None)
    EXPORTERS.refresh()
    READERS.refresh()


def builtin_names() -> set[str]:
    return {info.name for info in EXPORTERS._load_builtins()}


def test_plugin_exporter_is_found_and_used(site: Path, battle: sakhalin.Battle) -> None:
    """A plugin's exporter is listed with its distribution's name and works by name, alias and extension."""
    info = EXPORTERS.get("shout")
    assert info.origin == "sakhalin-shout"
    assert info in list(EXPORTERS)
    assert EXPORTERS.get("LOUD").cls is info.cls
    assert EXPORTERS.for_path("battle.shout").cls is info.cls
    assert sakhalin.export(battle, "shout") == "INVASION OF SAKHALIN!\n"
    assert sakhalin.export(battle, "loud", suffix="?") == "INVASION OF SAKHALIN?\n"
    with pytest.raises(sakhalin.OptionError, match="suffix"):
        sakhalin.export(battle, "shout", volume=11)


def test_plugin_write_by_extension(site: Path, battle: sakhalin.Battle, tmp_path: Path) -> None:
    """sakhalin.write picks a plugin by the file's extension."""
    target = sakhalin.write(battle, tmp_path / "out.shout")
    assert target.read_text(encoding="utf-8") == "INVASION OF SAKHALIN!\n"


def test_plugin_reader_is_found_and_used(site: Path, tmp_path: Path) -> None:
    """A plugin reader in sakhalin.readers reads its own files."""
    source = tmp_path / "two.names"
    source.write_text("First\nSecond\n", encoding="utf-8")
    assert READERS.get("names").origin == "sakhalin-shout"
    assert [b.name for b in sakhalin.read(source)] == ["First", "Second"]


def test_broken_plugin_is_reported_and_harmless(site: Path, battle: sakhalin.Battle) -> None:
    """A plugin whose import fails is reported with its distribution's name; the others still work."""
    names = [info.name for info in EXPORTERS]
    assert "broken" not in names
    assert "shout" in names
    problems = "\n".join(EXPORTERS.problems)
    assert "'broken' from sakhalin-broken failed to load: ModuleNotFoundError" in problems
    assert sakhalin.export(battle, "shout") == "INVASION OF SAKHALIN!\n"


def test_plugin_without_the_attributes_is_reported(site: Path) -> None:
    """A plugin class lacking the contract's attributes is refused and reported."""
    list(EXPORTERS)
    problems = "\n".join(EXPORTERS.problems)
    assert "'nameless' from sakhalin-nameless failed to load: TypeError" in problems
    assert "lacks the class attributes" in problems


def test_plugin_never_shadows_a_builtin(site: Path, battle: sakhalin.Battle) -> None:
    """A plugin claiming a built-in's name or alias is ignored and reported; the built-in answers."""
    assert EXPORTERS.get("json").origin == "built-in"
    assert EXPORTERS.for_path("x.json").origin == "built-in"
    assert sakhalin.export(battle, "json") == sakhalin.export(battle, "json", indent=2)
    assert "IMPOSTOR" not in str(sakhalin.export(battle, "json"))
    list(EXPORTERS)  # a lookup of a built-in discovers no plugin: list them all
    problems = "\n".join(EXPORTERS.problems)
    assert "'fake-json' from sakhalin-impostor was ignored: json is already taken" in problems
    if "csv" in builtin_names():
        assert EXPORTERS.get("csv").origin == "built-in"
        assert "'fake-csv' from sakhalin-impostor was ignored: csv is already taken" in problems


def test_first_plugin_keeps_a_contested_name(site: Path) -> None:
    """Of two plugins wanting one name, the entry point that sorts first keeps it; the other is reported."""
    assert EXPORTERS.get("shout").origin == "sakhalin-shout"
    problems = "\n".join(EXPORTERS.problems)
    assert "'zz-shout' from sakhalin-second-shout was ignored: shout is already taken" in problems


def test_refresh_forgets_plugins(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the plugins leave sys.path, refresh() makes the registry forget them."""
    assert "shout" in [info.name for info in EXPORTERS]
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(site)])
    assert "shout" in [info.name for info in EXPORTERS]  # cached until refreshed
    EXPORTERS.refresh()
    assert "shout" not in [info.name for info in EXPORTERS]
    assert EXPORTERS.problems == []
    with pytest.raises(sakhalin.UnknownFormatError):
        EXPORTERS.get("shout")


def _run(site: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "sakhalin", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_formats_command_lists_plugins_and_problems(tmp_path: Path) -> None:
    """`sakhalin formats` with the plugins installed lists them with their origin and reports the bad ones."""
    site = make_site(tmp_path / "site")
    result = _run(site, "formats")
    assert (result.returncode, result.stderr) == (0, "")
    out = result.stdout
    assert "  shout (loud)  .shout [from sakhalin-shout]" in out
    assert "  names  .names [from sakhalin-shout]" in out
    assert "! exporter plugin 'broken' from sakhalin-broken failed to load: ModuleNotFoundError" in out
    assert "! exporter plugin 'fake-json' from sakhalin-impostor was ignored: json is already taken" in out
    assert "not the real JSON" not in out


def test_export_command_uses_a_plugin(tmp_path: Path, battle: sakhalin.Battle) -> None:
    """`sakhalin export shout` in a process with the plugins prints the plugin's output; json stays real."""
    site = make_site(tmp_path / "site")
    result = _run(site, "export", "shout", "-O", "suffix=!!")
    assert (result.returncode, result.stdout, result.stderr) == (0, "INVASION OF SAKHALIN!!\n", "")
    result = _run(site, "export", "json")
    assert result.returncode == 0
    assert result.stdout == sakhalin.export(battle, "json")
    for name in builtin_names() & {"csv"}:
        result = _run(site, "export", name)
        assert "IMPOSTOR" not in result.stdout


def test_plugin_discovery_is_lazy(tmp_path: Path) -> None:
    """With plugins installed, a built-in format never imports importlib.metadata; a plugin format does."""
    site = make_site(tmp_path / "site")
    code = (
        "import sys, sakhalin\n"
        "b = sakhalin.load()\n"
        "sakhalin.export(b, 'json')\n"
        "before = 'importlib.metadata' in sys.modules\n"
        "sakhalin.export(b, 'shout')\n"
        "print(before, 'importlib.metadata' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"]


UPPER_JSON_MODULE = """
    class LoudJson:
        name = "JSON"
        aliases = ()
        extensions = (".loudjson",)
        media_type = "application/json"
        binary = False
        description = "claims the json name in capitals"

        def write(self, battles, stream):
            stream.write("IMPOSTOR\\n")
"""


def test_broken_metadata_hides_no_other_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, battle: sakhalin.Battle
) -> None:
    """A distribution with a malformed entry_points.txt is reported by name; other plugins still load."""
    site = make_distribution(
        tmp_path / "site",
        "sakhalin-shout",
        {"shout_plugin": SHOUT_MODULE},
        {"sakhalin.exporters": {"shout": "shout_plugin:ShoutExporter"}},
    )
    broken = make_distribution(site, "sakhalin-garbled", {}, {})
    (broken / "sakhalin_garbled-1.0.dist-info" / "entry_points.txt").write_text(
        "[sakhalin.exporters]\nthis line has no equals sign\n", encoding="utf-8"
    )
    make_distribution(
        site,
        "sakhalin-loud-json",
        {"loud_json": UPPER_JSON_MODULE},
        {"sakhalin.exporters": {"loud-json": "loud_json:LoudJson"}},
    )
    monkeypatch.syspath_prepend(str(site))
    EXPORTERS.refresh()
    try:
        names = [info.name for info in EXPORTERS]
        problems = "\n".join(EXPORTERS.problems)
        assert "shout" in names
        assert "JSON" not in names
        assert "exporter plugins of sakhalin-garbled could not be listed" in problems
        assert "'loud-json' from sakhalin-loud-json was ignored: json is already taken" in problems
        assert sakhalin.export(battle, "shout") == "INVASION OF SAKHALIN!\n"
        assert "IMPOSTOR" not in str(sakhalin.export(battle, "JSON"))
    finally:
        for module in ("shout_plugin", "loud_json"):
            sys.modules.pop(module, None)
        monkeypatch.undo()
        EXPORTERS.refresh()


# --- plugins that misbehave at import or break the contract in ways `formats` must survive ------

GOOD_ATTRIBUTES = """
    aliases = ()
    extensions = (".x",)
    media_type = "text/plain"
    binary = False
    description = "a plugin that misbehaves"

    def write(self, battles, stream):
        stream.write("x")
"""

MISBEHAVING = {
    # a class whose constructor has no signature inspect can read (a dict subclass)
    "unsigned": "class Plugin(dict):\n    name = 'unsigned'\n" + GOOD_ATTRIBUTES,
    "exits": "raise SystemExit(3)\n",
    "interrupts": "raise KeyboardInterrupt\n",
    "trailing-space": "class Plugin:\n    name = 'spaced '\n" + GOOD_ATTRIBUTES,
    "bad-alias": "class Plugin:\n    name = 'aliased'\n" + GOOD_ATTRIBUTES.replace("()", "('two words',)", 1),
    "bad-extension": "class Plugin:\n    name = 'extended'\n" + GOOD_ATTRIBUTES.replace('".x"', '".x y"'),
}

EXPECTED_PROBLEMS = {
    "unsigned": "the options its constructor takes cannot be read (ValueError: no signature found",
    "exits": "failed to load: SystemExit: 3",
    "interrupts": "failed to load: KeyboardInterrupt",
    "trailing-space": "name 'spaced ' is not a format name",
    "bad-alias": "alias 'two words' is not a format name",
    "bad-extension": "extension '.x y' is not '.' and a format name",
}


def _misbehaving_site(folder: Path, which: str) -> Path:
    """The good shout plugin, and one misbehaving plugin in the distribution sakhalin-bad-<which>."""
    make_distribution(
        folder,
        "sakhalin-shout",
        {"shout_plugin": SHOUT_MODULE},
        {"sakhalin.exporters": {"shout": "shout_plugin:ShoutExporter"}},
    )
    module = f"bad_{which.replace('-', '_')}"
    make_distribution(
        folder,
        f"sakhalin-bad-{which}",
        {module: MISBEHAVING[which]},
        {"sakhalin.exporters": {which: f"{module}:Plugin"}},
    )
    return folder


@pytest.mark.parametrize("which", sorted(MISBEHAVING))
def test_misbehaving_plugin_is_one_line_in_formats(which: str, tmp_path: Path) -> None:
    """`formats` survives a plugin that exits, interrupts, has no signature or a bad name, and names it."""
    site = _misbehaving_site(tmp_path / "site", which)
    result = _run(site, "formats")
    assert (result.returncode, result.stderr) == (0, "")
    problems = [line for line in result.stdout.splitlines() if line.startswith("  ! ")]
    assert len(problems) == 1, result.stdout
    assert problems[0].startswith(f"  ! exporter plugin {which!r} from sakhalin-bad-{which} failed to load: ")
    assert EXPECTED_PROBLEMS[which] in problems[0]
    assert "  shout (loud)  .shout [from sakhalin-shout]" in result.stdout
    assert "  csv  " in result.stdout
    assert "spaced" not in result.stdout.replace(problems[0], "")
    result = _run(site, "export", "shout")
    assert (result.returncode, result.stdout, result.stderr) == (0, "INVASION OF SAKHALIN!\n", "")


def test_a_real_ctrl_c_while_plugins_load_still_stops(tmp_path: Path) -> None:
    """A real SIGINT while a plugin imports stops `sakhalin formats` (exit 130), unlike a plugin's raise."""
    site = tmp_path / "site"
    make_distribution(
        site,
        "sakhalin-ctrl-c",
        {"ctrl_c": "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(2)\n"},
        {"sakhalin.exporters": {"ctrl-c": "ctrl_c:Plugin"}},
    )
    result = _run(site, "formats")
    assert result.returncode == 130
    assert "Traceback" not in result.stderr


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """An event a hanging plugin waits for, set at the end of the test so that its thread ends."""
    event = threading.Event()
    module = types.ModuleType("sakhalin_test_gate")
    module.EVENT = event  # type: ignore[attr-defined]
    sys.modules["sakhalin_test_gate"] = module
    yield event
    event.set()
    del sys.modules["sakhalin_test_gate"]


def test_plugin_hanging_at_import_is_bounded(
    gate: threading.Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin whose import never ends is reported after LOAD_TIMEOUT; `formats` lists the rest."""
    from sakhalin import _cli, _registry

    site = _misbehaving_site(tmp_path / "site", "exits")
    make_distribution(
        site,
        "sakhalin-hangs",
        {"hangs_plugin": "import sakhalin_test_gate\nsakhalin_test_gate.EVENT.wait(60)\n"},
        {"sakhalin.exporters": {"hangs": "hangs_plugin:Plugin"}},
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(_registry, "LOAD_TIMEOUT", 0.2)
    EXPORTERS.refresh()
    READERS.refresh()
    try:
        out, err = io.StringIO(), io.StringIO()
        assert _cli.main(["formats"], stdout=out, stderr=err) == 0
    finally:
        gate.set()
        for module in ("shout_plugin", "bad_exits", "hangs_plugin"):
            sys.modules.pop(module, None)
        EXPORTERS.refresh()
        READERS.refresh()
    text = out.getvalue()
    assert (
        "! exporter plugin 'hangs' from sakhalin-hangs failed to load: its import did not end within 0.2"
        in text
    )
    assert "  shout (loud)  .shout [from sakhalin-shout]" in text
    assert err.getvalue() == ""
