"""How an infobox value reads as plain text: the lines a reader sees, with links, flags and dates shown.

The wikitext reader turns each parameter into these lines (``plain_lines``) before it types
them; the rules that decide what a link, a flag template, a date template or a list shows
are here, and the reader's own module keeps what it does with the lines.
"""

from __future__ import annotations

import re
from typing import Any, Final

from sakhalin._countries import country_name, force_name, is_code
from sakhalin._wiki_values import (
    INFOBOX_NAMES,
    MONTH_NAMES,
)

__all__ = [
    "COMMENT_RE",
    "DIGIT_RE",
    "FILE_RE",
    "HIDDEN_RE",
    "Line",
    "MAY_HOLD_RE",
    "OPENS_RE",
    "Plain",
    "TooDeep",
    "norm",
]


# "{{", then space, underscores, a leading ":" and "Template:", then one of the names with space
# or underscores between its words: what norm makes of a name, once comments are taken out.
MAY_HOLD_RE: Final = re.compile(
    r"\{\{[\s_]*(?::[\s_]*)?(?:template[\s_]*:[\s_]*)?(?:"
    + "|".join(r"[\s_]+".join(map(re.escape, name.split())) for name in sorted(INFOBOX_NAMES))
    + ")",
    re.IGNORECASE,
)
# An infobox's opening as written: the name ends at "|", "}}", a comment or the end.
OPENS_RE: Final = re.compile(MAY_HOLD_RE.pattern + r"(?=[\s_]*(?:\||\}\}|<!--|$))", re.IGNORECASE)
HIDDEN_RE: Final = re.compile(
    r"<!--.*?(?:-->|$)|<(nowiki|pre)\b[^>]*(?<!/)>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE
)
_LITERAL: Final = "\x00"
_BREAK: Final = "\x01"
_FLAG: Final = "\x02"
_ITEM: Final = "\x03"
_FATE: Final = "\x04"
_SMALL: Final = "\x05"
_SMALL_END: Final = "\x06"
_TITLE: Final = "\x07"
COMMENT_RE: Final = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG_RE: Final = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_QUOTES_RE: Final = re.compile(r"''+")
_MARKER_RE: Final = re.compile(r"^[ \t\r\n]*[*#:;]+")
_EMPTY_PARENS_RE: Final = re.compile(r"\([ \t\r\n]*\)")
_SPACE_RE: Final = re.compile(r"[ \t\r\n]+")
_LITERAL_RE: Final = re.compile(_LITERAL + r"([a-z]+)" + _LITERAL)
_NAMED_SPACES: Final = frozenset({"nbsp", "ensp", "emsp", "thinsp"})
_LITERAL_EDGE_RE: Final = re.compile(_LITERAL + r"([a-z]+)" + _LITERAL)
_SOFT_LITERAL_RE: Final = re.compile(r"[\s–—‒―-]{1,10}")
_FLAG_RE: Final = re.compile(_FLAG + r"([0-9]+)" + _FLAG)
_FATE_RE: Final = re.compile(_FATE + r"([a-z]+)" + _FATE)
_SMALL_RE: Final = re.compile(_SMALL + r"[^\x05\x06]*" + _SMALL_END)
_TRAILING_SMALL_RE: Final = re.compile(_SMALL + r"([^\x05\x06]*)" + _SMALL_END + r"[ \t\r\n]*$")
_SOFT_LIST_RE: Final = re.compile(r"\n[ \t]*(?=[*#:;])")
DIGIT_RE: Final = re.compile(r"[0-9]")
FILE_RE: Final = re.compile(r"^\s*:?\s*(?:file|image)\s*:", re.IGNORECASE)

_DROPPED: Final = frozenset(
    {
        "flagicon image",
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
_LAST_ARG: Final = frozenset({"nowrap", "resize", "lang", "nobr", "big", "larger", "transl"})
_SMALL_NAMES: Final = frozenset({"small", "smaller"})
_FATES: Final = {
    "kia": "killed",
    "dow": "killed",
    "died in battle": "killed",
    "wia": "wounded",
    "pow": "captured",
    "executed": "executed",
}
"""Templates that mark a person's fate (each shows a small sign after the name)."""
_FATE_LINKS: Final = {
    "killed in action": "killed",
    "died of wounds": "killed",
    "wounded in action": "wounded",
    "prisoner of war": "captured",
    "capital punishment": "executed",
    "surrender (military)": "captured",
}
"""Articles a sign ("†", "+") links to in order to say a person's fate."""
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
_FORCES: Final = {"navy": "navy", "army": "army", "air force": "air force", "airforce": "air force"}
"""Templates that show a country's flag and the force its data names (``{{navy|UK}}``: Royal Navy)."""
_NAVAL: Final = frozenset({"naval", "naval flag"})
"""Templates that show a country's naval ensign and its name (as ``{{flagcountry}}``)."""
_SHIP_PREFIXES: Final = frozenset(
    {"uss", "hms", "sms", "hmas", "hmcs", "hmnzs", "ins", "usns", "usat", "uscgc"}
)
_DATE_PARTS: Final = frozenset(
    {
        "start date",
        "end date",
        "birth date",
        "death date",
        "start date and age",
        "end date and age",
        "birth date and age",
        "death date and age",
        "dts",
    }
)
"""Templates that show the date given as year, month and day arguments."""
_DATE_WORDS: Final = frozenset({"start-date", "end-date", "birth-date", "death-date", "date"})
"""Templates that show the date given as one argument in words (or ISO 8601)."""
_OLD_STYLE: Final = frozenset({"oldstyledate", "oldstyledatedy", "oldstyledateny", "old style date"})
_CIRCA: Final = frozenset({"circa", "c.", "ca.", "circ"})
_ISO_DAY_RE: Final = re.compile(r"(-?[0-9]{1,4})-([0-9]{1,2})-([0-9]{1,2})")
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


class TooDeep(Exception):
    pass


def norm(name: str) -> str:
    name = COMMENT_RE.sub("", name).replace("_", " ")
    name = " ".join(name.split()).lower()
    for prefix in ("template:", ":template:"):
        if name.startswith(prefix):
            name = name[len(prefix) :].strip()
    return name


class Plain:
    """Turns wikitext nodes into lines of plain text, noting flags shown on each line."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.literals: list[str] = []
        self.flags: list[str] = []
        self.spaces: set[int] = set()  # the literals written as named spaces ("&nbsp;")

    def literal(self, text: str) -> str:
        self.literals.append(text)
        return f"{_LITERAL}{_letters(len(self.literals) - 1)}{_LITERAL}"

    def resolve(self, shape: str) -> str:
        """A line's text with its literals (entities, ``<nowiki>``, constants) in place."""
        return _LITERAL_RE.sub(lambda m: self.literals[_index(m[1])], shape)

    def soften(self, shape: str) -> str:
        """A shape with its spaces and dashes in place ("2,200&nbsp;– 2,500"), the other literals kept."""

        def soft(m: re.Match[str]) -> str:
            text = self.literals[_index(m[1])]
            return text if _SOFT_LITERAL_RE.fullmatch(text) else m[0]

        return _LITERAL_RE.sub(soft, shape)

    def flag(self, walked: str) -> str:
        """A flag named by an argument already walked (so that nothing is walked twice)."""
        name = " ".join(text for text, _ in self.split(walked))
        if not name:
            return ""
        self.flags.append(name)
        return f"{_FLAG}{len(self.flags) - 1}{_FLAG}"

    def trim(self, shape: str) -> str:
        """A flagged line's shape without the named spaces before it ("&nbsp;[[Link]]").

        Only named entities: the exporter writes a space it means to keep as ``&#32;``.
        """
        while (m := _LITERAL_EDGE_RE.match(shape)) and _index(m[1]) in self.spaces:
            shape = shape[m.end() :].lstrip(" ")
        return shape

    def text_of(self, code: Any, depth: int) -> str:
        """One argument's plain text on one line (titles)."""
        return " ".join(text for text, _ in self.split(self.walk(code, depth)))

    def walk(self, code: Any, depth: int, label: bool = False) -> str:
        if depth > self.max_depth:
            raise TooDeep
        return "".join(self.node(node, depth, label) for node in code.nodes)

    def node(self, node: Any, depth: int, label: bool) -> str:
        kind = type(node).__name__
        if kind == "Text":
            value = str(node.value).translate(
                {0: None, 1: None, 2: None, 3: None, 4: None, 5: None, 6: None, 7: None}
            )
            value = _TAG_RE.sub("", _QUOTES_RE.sub("", value))
            return value.replace("----", _BREAK).replace("*", _ITEM)
        if kind == "Comment":
            return ""
        if kind == "HTMLEntity":
            if node.named and str(node.value) in _NAMED_SPACES:  # "&nbsp;" as people write it
                self.spaces.add(len(self.literals))
            return self.literal(node.normalize())
        if kind == "Tag":
            return self.tag(node, depth, label)
        if kind == "Wikilink":
            title = str(node.title)
            if FILE_RE.match(title):
                return ""
            if node.text is not None:
                if "natural" in title.lower() and str(node.text).strip() == "†":  # a death, not in battle
                    return f"{_FATE}natural{_FATE}†"
                fate = _FATE_LINKS.get(norm(title))
                if fate is not None and not any(c.isalnum() for c in str(node.text)):
                    return f"{_FATE}{fate}{_FATE}"  # "[[Killed in action|†]]": a sign linked to its meaning
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
        if node.wiki_markup == ";":  # a definition list's term heads the lines under it
            return _ITEM + _TITLE
        if node.wiki_markup in ("*", "#", ":"):
            return _ITEM
        inner = self.walk(node.contents, depth, label) if node.contents is not None else ""
        if name == "small":
            return _SMALL + inner + _SMALL_END
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
            raise TooDeep
        name = norm(str(node.name))
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
            marker = self.flag(country)
            if shown is not None:
                return marker + self.walk(shown, depth)
            if name == "flag" or not marker:  # {{flag}} shows its argument as given
                return marker + country
            return marker + self.literal(country_name(self.flags[-1]))  # the country data's short name
        if name in _FLAG_ICONS:
            return self.flag(self.walk(args[0], depth)) if args else ""
        if name in _FORCES or name in _NAVAL:
            if not args:
                return ""
            marker = self.flag(self.walk(args[0], depth))
            if not marker:
                return ""
            country = self.flags[-1]
            shown = named.get("name")
            if shown is not None:
                return marker + self.walk(shown, depth)
            words = force_name(_FORCES[name], country) if name in _FORCES else country_name(country)
            return marker + self.literal(words)
        if name in _FATES:
            return f"{_FATE}{_FATES[name]}{_FATE}"
        if name in _SMALL_NAMES:
            return _SMALL + self.walk(args[-1], depth) + _SMALL_END if args else ""
        if name in _DROPPED or name.startswith(_DROPPED_PREFIXES):
            return ""
        if name in _DATE_PARTS or name in _DATE_WORDS or name in _OLD_STYLE or name in _CIRCA:
            return self.date_template(name, [self.text_of(arg, depth) for arg in args], named, depth)
        if name == "start and end dates":
            texts = [self.text_of(arg, depth) for arg in args]
            day_first = _day_first(named, self, depth)
            return f"{_shown_date(texts[:3], day_first)} – {_shown_date(texts[3:6], day_first)}"
        if name in _LAST_ARG or name.startswith("lang-"):
            return self.walk(args[-1], depth) if args else ""
        if name in _LISTS:
            title = named.get("title")
            parts = ([self.walk(title, depth) + _TITLE] if title is not None else []) + [
                self.walk(arg, depth) for arg in args
            ]
            return _BREAK + _BREAK.join(parts) + _BREAK
        if name == "coat of arms":
            shown = named.get("text")
            if shown is not None:
                return self.walk(shown, depth)
            return self.walk(args[0], depth) if args else ""
        if is_code(written := " ".join(str(node.name).split())):  # {{USA}}: {{flag|United States}}
            self.flags.append(written)
            return f"{_FLAG}{len(self.flags) - 1}{_FLAG}" + self.literal(country_name(written))
        if name in _SHIP_PREFIXES and args:
            ship = f"{name.upper()} {self.text_of(args[0], depth)}"
            return ship + (f" ({self.text_of(args[1], depth)})" if len(args) > 1 else "")
        if name == "ship" and len(args) >= 2:
            ship = f"{self.text_of(args[0], depth)} {self.text_of(args[1], depth)}"
            return ship + (f" ({self.text_of(args[2], depth)})" if len(args) > 2 else "")
        return ""  # a template we do not know shows nothing here; the raw value keeps it

    def date_template(self, name: str, args: list[str], named: dict[str, Any], depth: int) -> str:
        """The date a date template shows, in words the date reader reads."""
        if name in _CIRCA:
            return f"c. {args[0]}" if args else "c."
        if name in _OLD_STYLE:  # the new-style date, then the year ("18 January" "1778")
            return " ".join(args[:2])
        if name in _DATE_WORDS:
            if not args:
                return ""
            iso = _ISO_DAY_RE.fullmatch(args[0])
            return _shown_date(list(iso.groups()), True) if iso else args[0]
        return _shown_date(args[:3], _day_first(named, self, depth))

    def lines(self, code: Any, depth: int) -> list[tuple[str, str | None]]:
        """The plain text lines of the code, each with the first flag shown on it."""
        return self.split(self.walk(code, depth))

    def split(self, walked: str) -> list[tuple[str, str | None]]:
        """The plain text lines of walked code, each with the first flag shown on it."""
        return [(line.text, line.flag) for line in self.marked(walked)]

    def marked_lines(self, code: Any, depth: int) -> list[Line]:
        """The plain text lines of the code, each with its flag, fate marks and whether it is small."""
        return self.marked(self.walk(code, depth))

    def marked(self, walked: str) -> list[Line]:
        """The plain text lines of walked code, each with its flag, fate marks and whether it is small."""
        text = _join_physical_lines(_SOFT_LIST_RE.sub(_BREAK, walked))
        out: list[Line] = []
        for raw in text.split(_BREAK):
            flags = [self.flags[int(i)] for i in _FLAG_RE.findall(raw)]
            fates = _FATE_RE.findall(raw)
            line = _MARKER_RE.sub("", _FATE_RE.sub("", _FLAG_RE.sub("", raw)))
            line = _EMPTY_PARENS_RE.sub("", line)
            small = _SMALL in line and not _SMALL_RE.sub("", line).strip(" \t\r\n")
            title = _TITLE in line
            trailing = None if small else _TRAILING_SMALL_RE.search(line)
            head = aside = None
            if trailing is not None:  # "Name<small>role</small>": the small words are a note
                head = self.trim(
                    _SPACE_RE.sub(" ", _SMALL_RE.sub("", line[: trailing.start()])).strip(" \t\r\n")
                )
                aside = _SPACE_RE.sub(" ", trailing[1]).strip(" \t\r\n")
            line = line.replace(_SMALL, "").replace(_SMALL_END, "").replace(_TITLE, "")
            line = _SPACE_RE.sub(" ", line).strip(" \t\r\n")
            if flags:  # "{{flagicon|UK}}&nbsp;[[British Army]]": the name, not the space after the icon
                line = self.trim(line)
            if not line:
                if flags and _ICON_ONLY_RE.fullmatch(_FATE_RE.sub("", raw)):  # an icon alone: its country
                    shape = self.literal(country_name(flags[0]))
                    out.append(Line(self, shape, flags[0], fates[0] if fates else None, False, False))
                continue
            made = Line(self, line, flags[0] if flags else None, fates[0] if fates else None, small, title)
            if head and aside:
                made.head, made.aside = head.replace(_TITLE, ""), aside
            out.append(made)
        return out


def _letters(index: int) -> str:
    """A literal's number in letters ("a", "b", ..., "ba"): no digit, colon or bracket to misread."""
    out = ""
    while True:
        index, digit = divmod(index, 26)
        out = chr(97 + digit) + out
        if not index:
            return out


def _index(letters: str) -> int:
    value = 0
    for char in letters:
        value = value * 26 + ord(char) - 97
    return value


class Line:
    """One line of a value's plain text, with what the markup said about it.

    ``shape`` is the text with each literal (an entity, ``<nowiki>``, ``{{!}}``) still a
    placeholder, so that a colon or bracket written as an entity is read as part of a name,
    never as a heading or a note; :meth:`resolve` puts the literals in.
    """

    __slots__ = ("aside", "fate", "flag", "head", "plain", "shape", "small", "text", "title")

    def __init__(
        self, plain: Plain, shape: str, flag: str | None, fate: str | None, small: bool, title: bool
    ) -> None:
        self.plain, self.shape, self.flag, self.fate, self.small = plain, shape, flag, fate, small
        self.title = title  # the title of a list template: a heading
        self.head = shape  # the shape without small words after it (a name)
        self.aside: str | None = None  # those small words ("chief of staff"), a shape
        self.text = plain.resolve(shape)

    def resolve(self, shape: str) -> str:
        return self.plain.resolve(shape)


_ICON_ONLY_RE: Final = re.compile(r"[ \t\r\n]*" + _FLAG + r"[0-9]+" + _FLAG + r"[ \t\r\n]*")


def _day_first(named: dict[str, Any], plain: Plain, depth: int) -> bool:
    """Whether a date template is told to show the day first (``df=y``)."""
    value = named.get("df")
    return value is not None and plain.text_of(value, depth).strip().lower() in ("y", "yes", "true", "1")


def _shown_date(parts: list[str], day_first: bool) -> str:
    """Year, month and day arguments as the date templates show them ("July 1, 1863")."""
    parts = [p.strip() for p in parts]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        return ""
    if len(parts) == 1 or not parts[1].isdecimal() or not 1 <= int(parts[1]) <= 12:
        return " ".join(parts)
    month = MONTH_NAMES[int(parts[1]) - 1]
    year = parts[0].lstrip("0") or "0"
    if len(parts) == 2:
        return f"{month} {year}"
    day = parts[2].lstrip("0") or "0"
    return f"{day} {month} {year}" if day_first else f"{month} {day}, {year}"


def _join_physical_lines(text: str) -> str:
    """A newline ends a list item's line, a blank line a paragraph; any other newline is a space."""
    out = []
    for physical in text.split("\n"):
        out.append(physical)
        out.append(_BREAK if _ITEM in physical or not physical.strip(" \t\r") else " ")
    return "".join(out[:-1]).replace(_ITEM, _BREAK)


def plain_lines(code: Any, max_depth: int = 40) -> list[tuple[str, str | None]]:
    """A parsed value's plain text lines, each with the first flag shown on it (or None)."""
    return Plain(max_depth).lines(code, 0)
