"""MediaWiki wikitext: each battle as an ``{{Infobox military conflict}}``.

The infobox is built as text (no parser is needed): ``| param = value`` one per line, in
the order the template documents them, belligerents as ``{{flag|...}}`` where their flag
is known, several names one per ``<br />``, figures as the source wrote them. Every text is
escaped (see :mod:`sakhalin._wiki_values`) so that the template keeps exactly its
parameters and each value reads back as written. Several battles are written one
infobox after another, separated by a blank line.

A battle read from wikitext keeps its raw parameters (``Battle.infobox_params``): each is
written back byte for byte while the field it was read into is unchanged, so that editing
one field (with ``attrs.evolve``) changes only that field's parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO, ClassVar

from sakhalin._model import Battle
from sakhalin._wiki_values import (
    DOCUMENTED,
    INFOBOX_NAMES,
    digest,
    escape,
    field_keys,
    field_of,
    field_value,
    fresh_params,
    is_safe_raw,
    shown,
)

__all__ = ["WikitextExporter", "infobox_params", "safe_name"]

_DEFAULT_TEMPLATE = "Infobox military conflict"
_NAME_UNSAFE = frozenset("|={}[]<>&\n\r\t")
_TEMPLATE_NAME = re.compile(r"(?:[Tt]emplate:)?[^\W\d_][\w ()'.,-]*")
"""A template name: letters, digits, spaces and a little punctuation; no colon but the
``Template:`` prefix, so no namespace (``User:X``), parser function or magic word with
an argument (``DISPLAYTITLE:x``, ``#if:``), nor ``subst:``, ``safesubst:`` or ``msgnw:``."""


def plain_template_name(name: str) -> bool:
    """Whether a template name is plain (see ``_TEMPLATE_NAME``) and no magic word (``PAGENAME``).

    A magic word without an argument is written in capitals, so a name in capitals is refused.
    """
    return _TEMPLATE_NAME.fullmatch(name) is not None and name != name.upper()


def _is_infobox_name(name: str) -> bool:
    """Whether a name, as a page writes it, is the infobox's own name or a redirect to it."""
    words = " ".join(name.replace("_", " ").split()).lower()
    return words.removeprefix("template:").strip() in INFOBOX_NAMES


def safe_name(name: str) -> str:
    """A parameter name as written: as is when it is plain, else escaped with entities only.

    A control character is first what a wiki shows for it (U+FFFD, see ``shown``), so that a
    name read back from what was written is written the same way again.
    """
    name = shown(name)
    if name and name.strip() == name and not (_NAME_UNSAFE & set(name)) and name.isprintable():
        return name
    # No templates in a name: mwparserfromhell does not see a template whose names hold them.
    return escape(name).replace("{{!}}", "&#124;").replace("{{=}}", "&#61;")


def _extra_value(value: str) -> str:
    stripped = value.strip()
    return stripped if is_safe_raw(stripped) else escape(value)


def _doc_index(name: str) -> int:
    try:
        return DOCUMENTED.index(name)
    except ValueError:
        return len(DOCUMENTED)


def infobox_params(battle: Battle, *, reuse_raw: bool = True) -> list[tuple[str, str]]:
    """The parameters a battle's infobox is written with: ``(name, wikitext value)`` in order."""
    sides = len(battle.sides)
    fresh = fresh_params(battle)
    # An extra parameter named like a field's parameter would clash with it: it is left out.
    own_extra = [(name, value) for name, value in battle.extra if field_of(name.strip(), sides) is None]
    extras = [(safe_name(name), _extra_value(value)) for name, value in own_extra]
    if not reuse_raw or not battle.infobox_params:
        return [(param, text) for _, param, text in fresh] + extras

    read = dict(battle.infobox_digests)
    raw_by_key: dict[str, list[str]] = {}
    for name, raw in battle.infobox_params:
        key = field_of(name, sides)
        if key is not None:
            raw_by_key.setdefault(key, []).append(raw)
    reusable = {
        key
        for key in field_keys(sides)
        if read.get(key) == digest(key, field_value(battle, key))
        and all(is_safe_raw(raw) for raw in raw_by_key.get(key, ()))
    }
    by_key = {key: (param, text) for key, param, text in fresh}
    extra_left = list(own_extra)
    out: list[tuple[str, str]] = []
    done: set[str] = set()
    for name, raw in battle.infobox_params:
        key = field_of(name, sides)
        if key is None and not name.strip():
            if is_safe_raw(raw):  # a stray "| = x" cannot be an extra: kept as it was
                out.append(("", raw))
            continue
        if key is None:
            found = next((i for i, (extra, _) in enumerate(extra_left) if extra == name), None)
            if found is not None:
                value = extra_left.pop(found)[1]
                out.append(
                    (safe_name(name), raw if value == raw and is_safe_raw(raw) else _extra_value(value))
                )
            elif not raw.strip():
                out.append((safe_name(name), ""))
            continue
        if key in reusable:
            out.append((safe_name(name), raw))
        elif key not in done:
            done.add(key)
            if key in by_key:
                out.append(by_key[key])
    for key, param, text in fresh:
        if key in reusable or key in done:
            continue
        index = _doc_index(param)
        at = 0
        for i, (name, _) in enumerate(out):
            if _doc_index(name) <= index:
                at = i + 1
        out.insert(at, (param, text))
    out.extend((safe_name(name), _extra_value(value)) for name, value in extra_left)
    return out


class WikitextExporter:
    """Each battle as an ``{{Infobox military conflict}}``, one after another."""

    name: ClassVar[str] = "wikitext"
    aliases: ClassVar[tuple[str, ...]] = ("wiki", "infobox")
    extensions: ClassVar[tuple[str, ...]] = (".wiki", ".wikitext")
    media_type: ClassVar[str] = "text/x-wiki"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = (
        "each battle as a MediaWiki {{Infobox military conflict}}; raw values read from wikitext are kept"
    )

    def __init__(self, *, template: str = _DEFAULT_TEMPLATE, reuse_raw: bool = True) -> None:
        if not isinstance(template, str) or not plain_template_name(template.strip()):
            raise ValueError(
                f"template must be a plain template name (no namespace, magic word, subst: or "
                f"msgnw:), not {template!r}"
            )
        self.template = template.strip()
        self.reuse_raw = reuse_raw

    def infobox(self, battle: Battle) -> str:
        """One battle's infobox, ending with a newline."""
        template = self.template
        if self.reuse_raw and battle.infobox_template is not None:
            written = battle.infobox_template.strip()
            if plain_template_name(written) and _is_infobox_name(written):  # a spelling of the infobox's own
                template = written
        lines = [f"{{{{{template}"]
        for name, value in infobox_params(battle, reuse_raw=self.reuse_raw):
            lines.append(f"| {name} = {value}" if value else f"| {name} =")
        lines.append("}}\n")
        return "\n".join(lines)

    def write(self, battles: Iterable[Battle], stream: IO[str]) -> None:
        """Write the battles' infoboxes, separated by a blank line."""
        for i, battle in enumerate(battles):
            if i:
                stream.write("\n")
            stream.write(self.infobox(battle))
