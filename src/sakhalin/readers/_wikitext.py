"""MediaWiki wikitext: every ``{{Infobox military conflict}}`` in a page or a snippet.

The infobox is found whatever its spelling (``Infobox Military Conflict``, underscores, a
``Template:`` prefix, the redirects ``Infobox battle``, ``Infobox war`` and ``Warbox``),
with comments and other templates around it. Every parameter is read: the documented ones
into typed fields, the numbered families for up to five sides (the casualties row one past
the last side is the joint row), and the rest into ``Battle.extra``. Blank parameters count
as absent.

Values are turned into plain text by fixed rules (links show their label, flag templates
their country, references, notes and comments are dropped, ``<br />``, lists and
``{{plainlist}}`` split lines), then typed where the text allows: dates, figures and
casualties; what cannot be typed is kept as text. A side the infobox gives no combatant
for (only commanders or figures) gets one belligerent named "(not named)" of kind
"unknown", since the model needs one; while it is unchanged, it is not written back. The
battle also keeps every raw parameter and a fingerprint of each typed field, so that writing
it back with the wikitext exporter gives the same parameters with the same values.

Limits, each a reader option refusing larger input with a one-line :class:`ReadError`
before it is parsed: ``max_chars`` (default 5,000,000 characters), ``max_depth``
(templates nested at most 40 deep), ``max_markup`` (at most 100,000 pieces of markup:
templates, links, tags, pipes, list items; mwparserfromhell spends up to 50 microseconds
and 1 KB on each) and ``max_lookahead`` (markup left open may make the parser read ahead
at most 2 times the text's length, plus 100,000 characters; an unclosed tag or link
otherwise costs the square of the text's length).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from typing import IO, Any, ClassVar, Final

from sakhalin._errors import MissingDependencyError, ReadError, ValidationError
from sakhalin._model import Battle, Belligerent, Casualties, Person, Place, Side, War
from sakhalin._wiki_parse import parse_casualty_items, parse_date, parse_quantity
from sakhalin._wiki_values import MAX_SIDES, digest, field_keys, field_of, field_value

__all__ = [
    "INFOBOX_NAMES",
    "MAX_LOOKAHEAD",
    "MAX_MARKUP",
    "WikitextReader",
    "infobox_templates",
    "may_hold_infobox",
    "page_battles",
    "plain_lines",
    "read_infobox",
]

INFOBOX_NAMES: Final = frozenset({"infobox military conflict", "infobox battle", "infobox war", "warbox"})
"""Names (lower case) the template answers to: its own and its redirects."""

MAX_MARKUP: Final = 100_000
"""The most pieces of markup (templates, links, tags, pipes, list items) a text may hold by default."""
MAX_LOOKAHEAD: Final = 2
"""How far, in times the text's length, open markup may make the parser read ahead by default."""

# "{{", then space, underscores, a leading ":" and "Template:", then one of the names with space
# or underscores between its words: what _norm makes of a name, once comments are taken out.
_MAY_HOLD_RE: Final = re.compile(
    r"\{\{[\s_]*(?::[\s_]*)?(?:template[\s_]*:[\s_]*)?(?:"
    + "|".join(r"[\s_]+".join(map(re.escape, name.split())) for name in sorted(INFOBOX_NAMES))
    + ")",
    re.IGNORECASE,
)
# An infobox's opening as written: the name ends at "|", "}}", a comment or the end.
_OPENS_RE: Final = re.compile(_MAY_HOLD_RE.pattern + r"(?=[\s_]*(?:\||\}\}|<!--|$))", re.IGNORECASE)
_HIDDEN_RE: Final = re.compile(
    r"<!--.*?(?:-->|$)|<(nowiki|pre)\b[^>]*(?<!/)>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE
)
_LITERAL: Final = "\x00"
_BREAK: Final = "\x01"
_FLAG: Final = "\x02"
_ITEM: Final = "\x03"
_COMMENT_RE: Final = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG_RE: Final = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_QUOTES_RE: Final = re.compile(r"''+")
_MARKER_RE: Final = re.compile(r"^[ \t\r\n]*[*#:;]+")
_EMPTY_PARENS_RE: Final = re.compile(r"\([ \t\r\n]*\)")
_SPACE_RE: Final = re.compile(r"[ \t\r\n]+")
_LITERAL_RE: Final = re.compile(_LITERAL + r"([0-9]+)" + _LITERAL)
_FLAG_RE: Final = re.compile(_FLAG + r"([0-9]+)" + _FLAG)
_SOFT_LIST_RE: Final = re.compile(r"\n[ \t]*(?=[*#:;])")
_FILE_RE: Final = re.compile(r"^\s*:?\s*(?:file|image)\s*:", re.IGNORECASE)

_DROPPED: Final = frozenset(
    {
        "flagicon image",
        "kia",
        "pow",
        "executed",
        "coord",
        "efn",
        "refn",
        "notetag",
        "cref",
        "sfn",
        "harvnb",
        "reflist",
        "citation needed",
        "cn",
        "fact",
        "endplainlist",
        "endflatlist",
        "end plainlist",
        "end flatlist",
        "age",
    }
)
_DROPPED_PREFIXES: Final = ("campaignbox", "cite ", "citation", "sfn", "efn", "harv", "age ", "refn", "note")
_LAST_ARG: Final = frozenset(
    {"nowrap", "small", "resize", "lang", "nobr", "smaller", "big", "larger", "transl"}
)
_LISTS: Final = frozenset(
    {
        "plainlist",
        "plain list",
        "flatlist",
        "ubl",
        "unbulleted list",
        "collapsible list",
        "hlist",
        "bulleted list",
    }
)
_FLAGS: Final = frozenset({"flag", "flagcountry", "flag country", "flagu", "flagcountry2"})
_FLAG_ICONS: Final = frozenset({"flagicon", "flagdeco", "flag icon"})
_SHIP_PREFIXES: Final = frozenset(
    {"uss", "hms", "sms", "hmas", "hmcs", "hmnzs", "ins", "usns", "usat", "uscgc"}
)
_CONSTANTS: Final = {
    "!": "|",
    "=": "=",
    "snds": " – ",
    "ndash": "–",
    "mdash": "—",
    "nbsp": "\xa0",
    "·": " · ",
    "dot": " · ",
    "spaced ndash": " – ",
}


class _TooDeep(Exception):
    pass


def _norm(name: str) -> str:
    name = _COMMENT_RE.sub("", name).replace("_", " ")
    name = " ".join(name.split()).lower()
    for prefix in ("template:", ":template:"):
        if name.startswith(prefix):
            name = name[len(prefix) :].strip()
    return name


class _Plain:
    """Turns wikitext nodes into lines of plain text, noting flags shown on each line."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.literals: list[str] = []
        self.flags: list[str] = []

    def literal(self, text: str) -> str:
        self.literals.append(text)
        return f"{_LITERAL}{len(self.literals) - 1}{_LITERAL}"

    def flag(self, walked: str) -> str:
        """A flag named by an argument already walked (so that nothing is walked twice)."""
        name = " ".join(text for text, _ in self.split(walked))
        if not name:
            return ""
        self.flags.append(name)
        return f"{_FLAG}{len(self.flags) - 1}{_FLAG}"

    def text_of(self, code: Any, depth: int) -> str:
        """One argument's plain text on one line (titles)."""
        return " ".join(text for text, _ in self.split(self.walk(code, depth)))

    def walk(self, code: Any, depth: int, label: bool = False) -> str:
        if depth > self.max_depth:
            raise _TooDeep
        return "".join(self.node(node, depth, label) for node in code.nodes)

    def node(self, node: Any, depth: int, label: bool) -> str:
        kind = type(node).__name__
        if kind == "Text":
            value = str(node.value).translate({0: None, 1: None, 2: None, 3: None})
            value = _TAG_RE.sub("", _QUOTES_RE.sub("", value))
            return value.replace("----", _BREAK).replace("*", _ITEM)
        if kind == "Comment":
            return ""
        if kind == "HTMLEntity":
            return self.literal(node.normalize())
        if kind == "Tag":
            return self.tag(node, depth, label)
        if kind == "Wikilink":
            title = str(node.title)
            if _FILE_RE.match(title):
                return ""
            if node.text is not None:
                return self.walk(node.text, depth, label=True)
            return self.walk(node.title, depth, label=True).lstrip(" :")
        if kind == "ExternalLink":
            if not node.brackets:
                return self.walk(node.url, depth, label)
            return self.walk(node.title, depth, label=True) if node.title is not None else ""
        if kind == "Template":
            return self.template(node, depth + 1)
        if kind == "Heading":
            return _BREAK + self.walk(node.title, depth) + _BREAK
        return ""  # {{{arguments}}} and anything else show nothing

    def tag(self, node: Any, depth: int, label: bool) -> str:
        name = str(node.tag).strip().lower()
        if name == "ref":
            return ""
        if name in ("br", "hr"):
            return " " if label and name == "br" else _BREAK
        if name == "nowiki":
            return self.literal(str(node.contents)) if node.contents is not None else ""
        if node.wiki_markup in ("*", "#", ":", ";"):
            return _ITEM
        inner = self.walk(node.contents, depth, label) if node.contents is not None else ""
        if name in (
            "div",
            "p",
            "li",
            "dt",
            "dd",
            "ul",
            "ol",
            "table",
            "tr",
            "td",
            "th",
            "center",
            "blockquote",
        ):
            return _BREAK + inner + _BREAK
        return inner

    def template(self, node: Any, depth: int) -> str:
        if depth > self.max_depth:
            raise _TooDeep
        name = _norm(str(node.name))
        positional: dict[int, Any] = {}
        named: dict[str, Any] = {}
        for param in node.params:
            key = str(param.name).strip()
            if key.isdecimal() and len(key) <= 9:  # not "²", which int() refuses, nor 5,000 digits
                positional[int(key)] = param.value
            else:
                named[key.lower()] = param.value
        args = [positional[i] for i in sorted(positional)]
        if name in _CONSTANTS:
            return self.literal(_CONSTANTS[name])
        if name in _FLAGS:
            if not args:
                return ""
            shown = named.get("name")
            country = self.walk(args[0], depth)
            return self.flag(country) + (country if shown is None else self.walk(shown, depth))
        if name in _FLAG_ICONS:
            return self.flag(self.walk(args[0], depth)) if args else ""
        if name in _DROPPED or name.startswith(_DROPPED_PREFIXES):
            return ""
        if name in _LAST_ARG or name.startswith("lang-"):
            return self.walk(args[-1], depth) if args else ""
        if name in _LISTS:
            title = named.get("title")
            parts = ([self.walk(title, depth)] if title is not None else []) + [
                self.walk(arg, depth) for arg in args
            ]
            return _BREAK + _BREAK.join(parts) + _BREAK
        if name == "coat of arms":
            shown = named.get("text")
            if shown is not None:
                return self.walk(shown, depth)
            return self.walk(args[0], depth) if args else ""
        if name in _SHIP_PREFIXES and args:
            ship = f"{name.upper()} {self.text_of(args[0], depth)}"
            return ship + (f" ({self.text_of(args[1], depth)})" if len(args) > 1 else "")
        if name == "ship" and len(args) >= 2:
            ship = f"{self.text_of(args[0], depth)} {self.text_of(args[1], depth)}"
            return ship + (f" ({self.text_of(args[2], depth)})" if len(args) > 2 else "")
        return ""  # a template we do not know shows nothing here; the raw value keeps it

    def lines(self, code: Any, depth: int) -> list[tuple[str, str | None]]:
        """The plain text lines of the code, each with the first flag shown on it."""
        return self.split(self.walk(code, depth))

    def split(self, walked: str) -> list[tuple[str, str | None]]:
        """The plain text lines of walked code, each with the first flag shown on it."""
        text = _join_physical_lines(_SOFT_LIST_RE.sub(_BREAK, walked))
        out: list[tuple[str, str | None]] = []
        for raw in text.split(_BREAK):
            flags = [self.flags[int(i)] for i in _FLAG_RE.findall(raw)]
            line = _MARKER_RE.sub("", _FLAG_RE.sub("", raw))
            line = _EMPTY_PARENS_RE.sub("", line)
            line = _SPACE_RE.sub(" ", line).strip(" \t\r\n")
            if not line:
                continue
            line = _LITERAL_RE.sub(lambda m: self.literals[int(m[1])], line)
            out.append((line, flags[0] if flags else None))
        return out


def _join_physical_lines(text: str) -> str:
    """A newline ends a list item's line, a blank line a paragraph; any other newline is a space."""
    out = []
    for physical in text.split("\n"):
        out.append(physical)
        out.append(_BREAK if _ITEM in physical or not physical.strip(" \t\r") else " ")
    return "".join(out[:-1]).replace(_ITEM, _BREAK)


def plain_lines(code: Any, max_depth: int = 40) -> list[tuple[str, str | None]]:
    """A parsed value's plain text lines, each with the first flag shown on it (or None)."""
    return _Plain(max_depth).lines(code, 0)


_MARKUP_RE: Final = re.compile(
    r"\{\{|\}\}|\[\[|(?P<url>\[)(?=[A-Za-z][A-Za-z0-9+.\-]*:|//)|\[|<!--"
    r"|<(?P<end>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)|<|\||''|\n[*#:;=]"
)
"""What mwparserfromhell builds a node for (or may try to): each match is one unit of markup."""
_CLOSERS: Final = {"[[": ("]]",), "[http": ("]", "\n"), "<!--": ("-->",), "<tag": (">",)}


def _check_markup(text: str, source: str, max_depth: int, max_markup: int, max_lookahead: int) -> None:
    """Refuse, before parsing, wikitext whose parse could take more than linear time or memory.

    mwparserfromhell spends 10 to 50 microseconds and up to 1 KB on each unit of markup (a
    template, a link, a tag, a pipe, a list item), and an opener that is never closed makes
    it read ahead to the end of the text (or line) and start again after it, so that
    openers without closers cost the square of the text's length. Counted here in one pass:
    the units of markup (at most ``max_markup``), how deeply templates nest (``max_depth``),
    and how far each opener reaches before the next thing that could close it (added up, at
    most ``max_lookahead`` times the text's length plus 100,000 characters).
    """
    from mwparserfromhell.definitions import is_single_only

    opens: dict[str, list[int]] = {}  # where each tag name's opening and closing tags start
    closes: dict[str, list[int]] = {}
    for match in re.finditer(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)", text):
        name = match[2].lower()
        if match[1]:
            closes.setdefault(name, []).append(match.start())
        elif not match[3].endswith("/") and not is_single_only(name):  # not <ref />, <br>
            opens.setdefault(name, []).append(match.start())
    budget = max_lookahead * len(text) + 100_000
    next_at: dict[str, int] = {}  # where the next of each closer is (or the text's end)

    def reach(kind: str, at: int) -> int:
        nearest = len(text)
        for closer in _CLOSERS[kind]:
            found = next_at.get(closer, -1)
            if found < at:
                found = text.find(closer, at)
                next_at[closer] = found = len(text) if found < 0 else found
            nearest = min(nearest, found)
        return nearest - at

    depth = looked = 0
    for count, match in enumerate(_MARKUP_RE.finditer(text), 1):
        token, at = match[0], match.start()
        if token == "{{":  # (one left open is one level deeper: max_depth bounds its look-ahead)
            depth += 1
        elif token == "}}":
            depth -= depth > 0
        elif token == "[[":
            looked += reach("[[", at)
        elif match["url"]:
            looked += reach("[http", at)
        elif token == "<!--":
            looked += reach("<!--", at)
        elif match["tag"]:
            looked += reach("<tag", at)
            starts = opens.get(match["tag"].lower(), [])
            i = bisect.bisect_left(starts, at)
            if i < len(starts) and starts[i] == at:
                # more such tags open after this one than close after it: it is never closed,
                # and the parser looks for its end as far as the text goes
                later = closes.get(match["tag"].lower(), [])
                if len(starts) - i > len(later) - bisect.bisect_right(later, at):
                    looked += len(text) - at
        problem = ""
        if depth > max_depth:
            problem = f"templates are nested more than {max_depth} deep (raise max_depth to read it)"
        elif count > max_markup:
            problem = f"more than {max_markup:,} pieces of markup (raise max_markup to read it)"
        elif looked > budget:
            problem = (
                f"markup left open here and before makes the parser read ahead more than "
                f"{max_lookahead} times the text's length (raise max_lookahead to read it)"
            )
        if problem:
            line = text.count("\n", 0, at) + 1
            raise ReadError(f"{source}: line {line}: {problem}")


def _infoboxes(code: Any) -> list[Any]:
    """The infobox templates of a page, in order, not looking inside an infobox for more."""
    found: list[Any] = []
    stack: list[Any] = [iter(code.nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        kind = type(node).__name__
        inner: list[Any] = []
        if kind == "Template":
            if _norm(str(node.name)) in INFOBOX_NAMES:
                found.append(node)
                continue
            inner = [node.name, *(p.value for p in node.params)]
        elif kind == "Tag":
            inner = [node.contents] if node.contents is not None else []
        elif kind in ("Wikilink", "ExternalLink", "Heading"):
            inner = [part for part in (node.title, getattr(node, "text", None)) if part is not None]
        for part in reversed(inner):
            stack.append(iter(part.nodes))
    return found


class WikitextReader:
    """Every ``{{Infobox military conflict}}`` of a wiki page or snippet, as a battle."""

    name: ClassVar[str] = "wikitext"
    aliases: ClassVar[tuple[str, ...]] = ("wiki", "infobox")
    extensions: ClassVar[tuple[str, ...]] = (".wiki", ".wikitext", ".txt")
    media_type: ClassVar[str] = "text/x-wiki"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = (
        "every {{Infobox military conflict}} of a wiki page, typed, with its raw values kept"
    )

    def __init__(
        self,
        *,
        max_chars: int = 5_000_000,
        max_depth: int = 40,
        max_markup: int = MAX_MARKUP,
        max_lookahead: int = MAX_LOOKAHEAD,
    ) -> None:
        for name, value in (
            ("max_chars", max_chars),
            ("max_depth", max_depth),
            ("max_markup", max_markup),
            ("max_lookahead", max_lookahead),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number, 1 or more, not {value!r}")
        self.max_chars = max_chars
        self.max_depth = max_depth
        self.max_markup = max_markup
        self.max_lookahead = max_lookahead

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read every infobox of the page, in order; none at all is an error."""
        try:
            import mwparserfromhell  # noqa: F401  (checked here, used by page_battles)
        except ImportError:
            raise MissingDependencyError(
                "reading wikitext needs mwparserfromhell: pip install 'sakhalin[wikitext]'"
            ) from None
        text = stream.read(self.max_chars + 1)
        if len(text) > self.max_chars:
            raise ReadError(f"{source}: more than {self.max_chars:,} characters (raise max_chars to read it)")
        battles = page_battles(
            text, source, self.max_depth, max_markup=self.max_markup, max_lookahead=self.max_lookahead
        )
        if not battles:
            raise ReadError(f"{source}: no {{{{Infobox military conflict}}}} found")
        yield from battles


def page_battles(
    text: str,
    source: str,
    max_depth: int,
    title: str | None = None,
    *,
    max_markup: int = MAX_MARKUP,
    max_lookahead: int = MAX_LOOKAHEAD,
) -> list[Battle]:
    """Every infobox of a page's text as a battle, in order; none is an empty list.

    ``source`` starts each error message (a line number follows). An infobox whose
    ``conflict`` is blank or missing takes ``title`` as the battle's name when one is given
    (a page of a dump has one), and is an error otherwise. The text is refused before it
    is parsed if it holds more than ``max_markup`` pieces of markup or markup left open
    that would make the parser read ahead more than ``max_lookahead`` times its length.
    """
    import mwparserfromhell

    _check_markup(text, source, max_depth, max_markup, max_lookahead)
    try:
        code = mwparserfromhell.parse(text)
    except Exception as exc:  # the parser's own limits; reported as a read error
        raise ReadError(f"{source}: not readable as wikitext: {type(exc).__name__}: {exc}") from None
    battles = []
    spans = []
    offset = 0
    line = 1
    for template in _infoboxes(code):
        raw = str(template)
        at = max(text.find(raw, offset), offset)
        line += text.count("\n", offset, at)  # counted from the last infobox: linear in all
        offset = at
        spans.append((offset, offset + len(raw)))
        battles.append(_Infobox(template, f"{source}: line {line}", max_depth, title).battle())
    _check_all_closed(text, source, spans)
    return battles


def _check_all_closed(text: str, source: str, spans: list[tuple[int, int]]) -> None:
    """Refuse an infobox that opens and is not a template (never closed): it would be lost silently."""
    hidden: list[tuple[int, int]] | None = None
    for match in _OPENS_RE.finditer(text):
        at = match.start()
        if _within(at, spans):
            continue
        if hidden is None:  # comments, nowiki and pre: text that holds no template
            hidden = [m.span() for m in _HIDDEN_RE.finditer(text)]
        if _within(at, hidden):
            continue
        line = text.count("\n", 0, at) + 1
        shown = " ".join(match[0].split())
        raise ReadError(f"{source}: line {line}: {shown} opens here and is never closed with }}}}")


def _within(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` is inside one of the spans (in order, not overlapping): a binary search."""
    i = bisect.bisect_right(spans, at, key=operator.itemgetter(0)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def may_hold_infobox(text: str) -> bool:
    """Whether the text may hold an infobox :func:`page_battles` finds (never false when it does).

    A quick look for ``{{`` followed by one of :data:`INFOBOX_NAMES`, in the spellings the
    reader takes (any case, underscores, a ``Template:`` prefix, comments and space between
    the words), so that a dump reader parses only the pages that may give a battle.
    """
    if _MAY_HOLD_RE.search(text) is not None:
        return True
    return "<!--" in text and _MAY_HOLD_RE.search(_COMMENT_RE.sub("", text)) is not None


class _Infobox:
    def __init__(self, template: Any, where: str, max_depth: int, title: str | None = None) -> None:
        self.template = template
        self.where = where
        self.max_depth = max_depth
        self.title = title
        self.params: list[tuple[str, str]] = []
        self.values: dict[str, Any] = {}
        for param in template.params:
            name = self._name(param.name)
            raw = str(param.value).strip()
            self.params.append((name, raw))
            if raw:
                self.values[name] = param.value
            else:
                self.values.pop(name, None)  # the last of two same-named parameters counts

    def _name(self, code: Any) -> str:
        name = _COMMENT_RE.sub("", str(code)).strip()
        if "&" in name or "{{" in name:
            name = " ".join(text for text, _ in self._lines(code, "a parameter name")) or name
        return name

    def _lines(self, code: Any, param: str) -> list[tuple[str, str | None]]:
        try:
            return plain_lines(code, self.max_depth)
        except (_TooDeep, RecursionError):
            raise ReadError(
                f"{self.where}: parameter {param}: templates nested more than {self.max_depth} deep"
            ) from None

    def items(self, param: str) -> list[str]:
        code = self.values.get(param)
        return [] if code is None else [text for text, _ in self._lines(code, param)]

    def text(self, param: str) -> str | None:
        return "\n".join(self.items(param)) or None

    def sides(self) -> int:
        count = 2
        for n in range(1, MAX_SIDES + 1):
            names = [f"{family}{n}" for family in ("combatant", "commander", "units", "strength")]
            names += [f"combatant{n}{x}" for x in "abcd"]
            if any(name in self.values for name in names):
                count = max(count, n)
        return count

    def side(self, n: int) -> Side:
        belligerents: list[Belligerent] = []
        for param in (f"combatant{n}", *(f"combatant{n}{x}" for x in "abcd")):
            code = self.values.get(param)
            if code is not None:
                belligerents += [Belligerent(name=t, flag=f) for t, f in self._lines(code, param)]
        if not belligerents:
            belligerents = [Belligerent(name="(not named)", kind="unknown")]
        return Side(
            belligerents=tuple(belligerents),
            commanders=tuple(Person(name=t) for t in self.items(f"commander{n}")),
            units=tuple(self.items(f"units{n}")),
            strength=tuple(parse_quantity(t) for t in self.items(f"strength{n}")),
            casualties=self.casualties(f"casualties{n}"),
        )

    def casualties(self, param: str) -> Casualties | None:
        text = self.text(param)
        return None if text is None else Casualties(text=text, items=parse_casualty_items(text))

    def image(self) -> str | None:
        code = self.values.get("image")
        if code is None:
            return None
        for link in code.filter_wikilinks(recursive=False):
            title = str(link.title)
            if _FILE_RE.match(title):
                return _FILE_RE.sub("", title).strip() or None
        text = self.text("image")
        if text is None:
            return None
        prefix = _FILE_RE.match(text)
        return text if prefix is None else text[prefix.end() :].strip(" ") or text

    def coordinates(self) -> str | None:
        code = self.values.get("coordinates")
        if code is None:
            return None
        for template in code.filter_templates(recursive=False):
            if _norm(str(template.name)) == "coord":
                args = [str(p.value).strip() for p in template.params if not p.showkey]
                return " ".join(a for a in args if a) or None
        return self.text("coordinates")

    def battle(self) -> Battle:
        try:
            return self._battle()
        except ValidationError as exc:
            raise ReadError(f"{self.where}: {exc}") from None

    def _battle(self) -> Battle:
        name = self.text("conflict") or self.title
        if name is None:
            raise ReadError(f"{self.where}: parameter conflict is missing or blank; a battle needs its name")
        count = self.sides()
        war = self.text("partof")
        place = self.text("place")
        date = self.text("date")
        extra = tuple(
            (param, raw) for param, raw in self.params if raw and param and field_of(param, count) is None
        )
        battle = Battle(
            name=name,
            sides=tuple(self.side(n) for n in range(1, count + 1)),
            war=War(name=war) if war else None,
            date=parse_date(date) if date else None,
            place=Place(name=place) if place else None,
            coordinates=self.coordinates(),
            result=self.text("result"),
            territory=self.text("territory"),
            image=self.image(),
            caption=self.text("caption"),
            joint_casualties=self.casualties(f"casualties{count + 1}"),
            extra=extra,
            infobox_template=" ".join(_COMMENT_RE.sub("", str(self.template.name)).split()) or None,
            infobox_params=tuple(self.params),
        )
        digests = tuple((key, digest(key, field_value(battle, key))) for key in field_keys(count))
        return _with_digests(battle, digests)


def _with_digests(battle: Battle, digests: tuple[tuple[str, str], ...]) -> Battle:
    import attrs

    return attrs.evolve(battle, infobox_digests=digests)


def infobox_templates(code: Any) -> list[Any]:
    """The ``{{Infobox military conflict}}`` templates of a parsed page, in the order read."""
    return _infoboxes(code)


def read_infobox(template: Any, where: str, max_depth: int = 40) -> Battle:
    """One parsed infobox template as a battle, exactly as :class:`WikitextReader` reads it.

    The battle's ``infobox_params`` hold one ``(name, raw value)`` per parameter of the
    template, in the template's order.
    """
    return _Infobox(template, where, max_depth).battle()
