"""A real MediaWiki for the tests: Debian's ``mediawiki`` package, offline, on SQLite.

:class:`MediaWiki` installs a throwaway wiki in a folder (``maintenance/install.php``), with
Scribunto on the standalone Lua 5.1 and a template of our own, ``{{Params}}``, that lists
every parameter it receives, each rendered in its own ``<div class="sk-param">``. What a
value shows on a real wiki is then read from the HTML that ``maintenance/parse.php`` makes.
``parse.php`` starts PHP and MediaWiki at each call (about a second): :meth:`render` renders
many snippets in one call. CI installs the packages (``.ci/run``); elsewhere the tests that
need the wiki skip, saying why.
"""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
from pathlib import Path

MEDIAWIKI = Path("/usr/share/mediawiki")
LUA = Path("/usr/bin/lua5.1")

MODULE = """\
local p = {}
function p.list(frame)
  local args = frame:getParent().args
  local names = {}
  for k in pairs(args) do table.insert(names, tostring(k)) end
  table.sort(names)
  local out = {}
  for _, k in ipairs(names) do
    local v = args[k] or args[tonumber(k)]
    table.insert(out, '<div class="sk-param" data-name="' .. mw.text.encode(k) .. '">' .. v .. '</div>')
  end
  return table.concat(out, '')
end
return p
"""

SETTINGS = """
$wgScribuntoDefaultEngine = 'luastandalone';
$wgScribuntoEngineConf['luastandalone']['luaPath'] = '/usr/bin/lua5.1';
# The magic links a wiki may have on (off by default since 1.28): plain text must not make them.
$wgEnableMagicLinks = [ 'ISBN' => true, 'PMID' => true, 'RFC' => true ];
"""


def missing() -> str | None:
    """Why no wiki can be made here, or None when it can."""
    if not (MEDIAWIKI / "maintenance" / "parse.php").is_file():
        return f"MediaWiki is not installed ({MEDIAWIKI}: apt-get install mediawiki, see .ci/run)"
    if shutil.which("php") is None:
        return "php is not installed (apt-get install php8.2-cli php8.2-sqlite3)"
    if not LUA.is_file():
        return f"Lua 5.1 is not installed ({LUA}: apt-get install lua5.1)"
    return None


class MediaWiki:
    """One offline wiki in ``folder``, made on construction (a few seconds)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.conf = folder / "LocalSettings.php"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self._php(
            "install.php",
            "--dbtype=sqlite",
            f"--dbpath={folder / 'data'}",
            "--dbname=wiki",
            f"--confpath={folder}",
            "--pass=Throwaway-password-1905",
            "--server=http://localhost",
            "--scriptpath=",
            "--extensions=Scribunto",
            "Test wiki",
            "Admin",
            conf=False,
        )
        with self.conf.open("a", encoding="utf-8") as settings:
            settings.write(SETTINGS)
        self.edit("Module:Params", MODULE)
        self.edit("Template:Params", "{{#invoke:Params|list}}")

    def _php(self, script: str, *args: str, text: str | None = None, conf: bool = True) -> str:
        command = ["php", str(MEDIAWIKI / "maintenance" / script), *args]
        if conf:
            command.insert(2, f"--conf={self.conf}")
        done = subprocess.run(
            command, input=text, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False
        )
        if done.returncode != 0:
            output = done.stderr[-2000:] + done.stdout[-2000:]
            raise RuntimeError(f"{script} failed ({done.returncode}): {output}")
        return done.stdout

    def edit(self, title: str, text: str) -> None:
        """Save a page."""
        self._php("edit.php", "--user=Admin", "--summary=test set-up", title, text=text)

    def render(self, snippets: list[str]) -> list[str]:
        """Each snippet's HTML, all rendered in one parse.php call (each in its own block)."""
        marked = "".join(f'\n<div class="sk-case">\n{snippet}\n</div>\n' for snippet in snippets)
        out = self._php("parse.php", "--title=Test", text=marked)
        cases = _Cases()
        cases.feed(out)
        cases.close()
        if len(cases.found) != len(snippets):
            raise RuntimeError(f"parse.php gave {len(cases.found)} cases for {len(snippets)} snippets")
        return cases.found

    def shown(self, snippets: list[str]) -> list[dict[str, str]]:
        """For each ``{{Params|...}}`` snippet: every parameter it received, as the page shows it."""
        return [params_shown(one) for one in self.render(snippets)]


class _Cases(html.parser.HTMLParser):
    """The inner HTML of each top-level ``<div class="sk-case">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and self.depth == 0 and ("class", "sk-case") in attrs:
            self.depth = 1
            self.parts = []
            return
        if self.depth:
            self.depth += tag == "div"
            self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "div":
            self.depth -= 1
            if not self.depth:
                self.found.append("".join(self.parts))
                return
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        if self.depth:
            self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self.depth:
            self.parts.append(f"&#{name};")


class _Params(html.parser.HTMLParser):
    """The text each ``<div class="sk-param">`` shows, ``<br>`` as a newline; links noted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.params: dict[str, str] = {}
        self.name: str | None = None
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and found.get("class") == "sk-param" and self.name is None:
            self.name, self.depth, self.text = found.get("data-name") or "", 1, []
            return
        if self.name is None:
            return
        if tag == "div":
            self.depth += 1
        if tag == "br":
            self.text.append("\n")
        elif tag in ("a", "img", "ul", "ol", "li", "pre", "hr", "h2", "table", "b", "i", "sup"):
            self.text.append(f"\x00<{tag}>")  # markup where plain text was meant: never equal

    def handle_endtag(self, tag: str) -> None:
        if self.name is None or tag != "div":
            return
        self.depth -= 1
        if not self.depth:
            self.params[self.name] = "".join(self.text)
            self.name = None

    def handle_data(self, data: str) -> None:
        if self.name is not None:
            self.text.append(data)


def params_shown(fragment: str) -> dict[str, str]:
    """Every parameter ``{{Params}}`` listed in a rendered fragment, with the text it shows."""
    parser = _Params()
    parser.feed(fragment)
    parser.close()
    return parser.params


def text_shown(fragment: str) -> str:
    """A fragment's text, tags removed and entities decoded (whitespace as it is)."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))
