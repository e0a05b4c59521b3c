"""How an infobox parameter lists its items, so that one item can change and the rest stay.

A value's core is cut into items and the separators between them (``<br />``, a list
template's framing and ``|``, ``*`` line starts, and the whitespace around them), so that the
items can be replaced one by one and the value rebuilt with every separator it had.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["Layout", "layout_of", "norm", "plain_sep", "rebuild", "spans"]

_ARG_LISTS: Final = frozenset({"ubl", "unbulleted list", "hlist", "bulleted list"})
_BULLET_LISTS: Final = frozenset({"plainlist", "plain list", "flatlist"})


@attrs.define
class Layout:
    """A parameter value's core cut into items: ``seps[0] items[0] seps[1] ... items[-1] seps[-1]``.

    The separators hold everything that is not an item: ``<br />``, a list template's
    framing (``{{plainlist|`` and ``}}``, ``|`` between ``{{ubl}}`` items), ``*`` markers and
    the whitespace around them, so that joining them back gives the core unchanged.
    """

    seps: list[str]
    items: list[str]
    codes: list[list[Any]] = attrs.field(factory=list)
    """Each item's parsed nodes (what it was cut from), for reading and editing it."""

    def text(self) -> str:
        out = [self.seps[0]]
        for item, sep in zip(self.items, self.seps[1:], strict=True):
            out += [item, sep]
        return "".join(out)

    def typical(self, default: str) -> str:
        """The separator most used between items (the last of equals), or ``default``."""
        inner = [sep for sep in self.seps[1:-1] if plain_sep(sep)]
        if not inner:
            return default
        return max(reversed(inner), key=inner.count)


def plain_sep(sep: str) -> bool:
    return "{{" not in sep and "}}" not in sep


def norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


class _Cutter:
    """Cuts a value into items at ``<br />``, list templates' items and ``*`` line starts."""

    def __init__(self) -> None:
        self.seps: list[str] = [""]
        self.items: list[str] = []
        self.codes: list[list[Any]] = []
        self.buffer: list[Any] = []

    def cut(self, sep: str) -> None:
        nodes, self.buffer = self.buffer, []
        item = "".join(str(node) for node in nodes)
        if item.strip():
            lead = item[: len(item) - len(item.lstrip())]
            trail = item[len(item.rstrip()) :]
            self.seps[-1] += lead
            self.items.append(item.strip())
            self.codes.append(nodes)
            self.seps.append(trail + sep)
        else:
            self.seps[-1] += item + sep

    def nodes(self, code: Any) -> None:
        for node in code.nodes:
            kind = type(node).__name__
            if kind == "Tag" and (str(node.tag).strip().lower() == "br" or node.wiki_markup in ("*", "#")):
                self.cut(str(node))
            elif kind == "Template" and self.list_template(node):
                continue
            else:
                self.buffer.append(node)

    def list_template(self, template: Any) -> bool:
        name = norm(str(template.name))
        params = list(template.params)
        if name not in _ARG_LISTS | _BULLET_LISTS or not params or any(p.showkey for p in params):
            return False
        if name in _BULLET_LISTS and len(params) != 1:
            return False
        self.cut("{{" + str(template.name) + "|")
        for i, param in enumerate(params):
            if name in _BULLET_LISTS:
                self.nodes(param.value)
            else:
                self.buffer.extend(param.value.nodes)
            self.cut("|" if i < len(params) - 1 else "}}")
        return True

    def layout(self) -> Layout:
        self.cut("")
        return Layout(self.seps, self.items, self.codes)


def layout_of(code: Any) -> Layout:
    """How a parsed value lists its items: ``<br />``, a list template, ``*`` lines, or one item.

    The value's surrounding whitespace is in the first and last separators.
    """
    cutter = _Cutter()
    cutter.nodes(code)
    return cutter.layout()


def spans(old: str, new: str) -> tuple[int, int]:
    """The common prefix and suffix lengths of two texts, cut back to whole words."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    while p and not old[p - 1].isspace():
        p -= 1
    while s and not old[len(old) - s].isspace():
        s -= 1
    return p, s


def rebuild(layout: Layout, items: list[tuple[int | None, str]], default: str) -> str:
    """A layout with its items replaced: kept items keep the separators around them.

    An item that is gone takes a plain separator next to it away with it (never a list
    template's opening or closing); a new item is written after its predecessor with the
    separator the list uses most.
    """
    seps = list(layout.seps)
    kept = {j for j, _ in items if j is not None}
    # Separators are indexed like the layout's: seps[j] before item j, seps[j + 1] after it.
    drop: set[int] = set()
    for j in range(len(layout.items)):
        if j in kept:
            continue
        before, after = j, j + 1
        if before > 0 and plain_sep(seps[before]) and before not in drop:
            drop.add(before)
        elif after < len(seps) - 1 and plain_sep(seps[after]) and after not in drop:
            drop.add(after)
        else:
            seps[after] = seps[before] + seps[after] if before not in drop else seps[after]
            drop.add(before)
    sep = layout.typical(default)
    out = [seps[0]] if 0 not in drop else [""]
    last_j = -1
    for n, (at, raw) in enumerate(items):
        if at is None:
            if n:
                out.append(sep)
            out.append(raw)
            continue
        between = [seps[k] for k in range(last_j + 1, at + 1) if k not in drop and k > 0]
        if n and not between:
            between = [sep]
        out += between
        out.append(raw)
        last_j = at
    out += [seps[k] for k in range(last_j + 1, len(seps)) if k not in drop and k > 0]
    return "".join(out)
