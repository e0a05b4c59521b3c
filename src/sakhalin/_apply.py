"""Applying battles to a wiki page: each battle's infobox is edited in place, nothing else.

The page is parsed with mwparserfromhell, whose tree prints back to exactly the text it was
parsed from; only the parameters of an infobox whose fields changed are touched, so every
other byte of the page (other infoboxes, the article, comments, spacing) stays as it was.

Which parameters changed is told by the reader's lossless mechanism: the page's infobox is
read as a battle (with its raw parameters), and a field is edited only when its fingerprint
(:func:`sakhalin._wiki_values.digest`) differs from the new battle's. A changed field's
parameters are rewritten item by item (a belligerent, a commander, a line of text): items
that did not change keep their raw wikitext (links, flags, refs), a changed item is edited
in its text where that reads back to the new text (so a ``<ref>`` after a figure stays), and
the list keeps its style (``<br />``, ``{{plainlist}}``, ``{{ubl}}``, ``*`` lines). A
parameter keeps its name, the spacing around it and its line; a new one copies the layout of
the parameter it follows in the template's documented order.

Where a quantity's, date's or casualties' wording (``text``) no longer agrees with its typed
value, the typed value wins and the wording is written anew (:func:`worded`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any, Final, cast

import attrs

from sakhalin._errors import MissingDependencyError, ReadError
from sakhalin._model import Battle, Belligerent, Casualties, DateRange, Person, Place, Quantity, War
from sakhalin._wiki_layout import Layout, layout_of, norm, rebuild, spans
from sakhalin._wiki_values import (
    DOCUMENTED,
    digest,
    escape,
    field_keys,
    field_of,
    field_value,
    is_safe_raw,
    param_of,
    render_date,
    render_field,
    render_quantity,
    shown,
)

__all__ = ["apply", "worded"]

_PLACEHOLDER: Final = "(not named)"
_LISTED: Final = frozenset({"belligerents", "commanders", "units", "strength"})
"""Fields read as a list of items; the others are their lines joined."""
_WHOLE: Final = frozenset({"image", "coordinates"})
"""Fields read from one link or template, not from lines of text: edited as one value."""


# ------------------------------------------------------------------------- wording


def _worded_quantity(q: Quantity) -> Quantity:
    from sakhalin._wiki_parse import parse_quantity

    if q.text is not None and parse_quantity(q.text) == q:
        return q
    if q.text is not None and q.value is None and q.qualifier.value in ("qualitative", "unknown"):
        return q
    return parse_quantity(render_quantity(attrs.evolve(q, text=None)))


def _worded_date(d: DateRange) -> DateRange:
    from sakhalin._wiki_parse import parse_date

    if d.text is not None and (d.start is None or parse_date(d.text) == d):
        return d
    return parse_date(render_date(attrs.evolve(d, text=None)))


_KIND_WORDS: Final = {"killed": "killed", "wounded": "wounded", "captured": "captured", "missing": "missing"}


def _worded_casualties(c: Casualties | None) -> Casualties | None:
    from sakhalin._wiki_parse import parse_casualty_items

    if c is None or not c.items or parse_casualty_items(c.text) == c.items:
        return c
    parts = []
    for item in c.items:
        words = render_quantity(attrs.evolve(item.quantity, text=None))
        label = item.label or _KIND_WORDS.get(item.kind.value)
        parts.append(f"{words} {label}" if label else words)
    text = "; ".join(parts)
    return Casualties(text=text, items=parse_casualty_items(text), citation=c.citation)


def worded(battle: Battle) -> Battle:
    """The battle with each figure's, date's and casualties' wording agreeing with its typed value.

    A wording (``text``) that reads as the typed value it stands beside is kept; one that
    no longer does (the value was edited, the words were not) is written anew from the
    value, as :func:`apply` writes it.
    """
    sides = tuple(
        attrs.evolve(
            side,
            strength=tuple(_worded_quantity(q) for q in side.strength),
            casualties=_worded_casualties(side.casualties),
        )
        for side in battle.sides
    )
    return attrs.evolve(
        battle,
        sides=sides,
        date=None if battle.date is None else _worded_date(battle.date),
        joint_casualties=_worded_casualties(battle.joint_casualties),
    )


# --------------------------------------------------------------------------- items


def _items(key: str, value: object) -> list[tuple[object, str]]:
    """A field's items as ``(what the reader reads, fresh wikitext)``, in reading order."""
    from sakhalin._wiki_values import belligerent_item, name_item, person_item

    if value is None or value == ():
        return []
    kind = key.rpartition(".")[2]
    if kind == "belligerents":
        out: list[tuple[object, str]] = []
        group = None
        for b in cast("tuple[Belligerent, ...]", value):
            if b.name == _PLACEHOLDER and b.kind == "unknown":
                continue
            if b.group is not None and b.group != group:  # its heading is a line of its own
                out.append(((shown(f"{b.group}:"), None), f"{name_item(b.group)}:"))
            group = b.group
            words = b.name if b.note is None else f"{b.name} ({b.note})"
            out.append(((shown(words), None if b.flag is None else shown(b.flag)), belligerent_item(b)))
        return out
    if kind == "commanders":
        return [(shown(p.name), person_item(p)) for p in cast("tuple[Person, ...]", value)]
    if kind == "units":
        return [(shown(u), escape(u)) for u in cast("tuple[str, ...]", value)]
    if kind == "strength":
        stated = [render_quantity(q) for q in cast("tuple[Quantity, ...]", value)]
        return [(shown(w), escape(w)) for w in stated]
    if kind in ("war", "place"):
        assert isinstance(value, War | Place)
        text = value.name
    elif kind == "date":
        assert isinstance(value, DateRange)
        text = render_date(value)
    elif isinstance(value, Casualties):
        text = value.text
    else:
        text = str(value)
    text = shown(text)
    lines = text.split("\n")
    if len(lines) > 1 and not all(line and line.strip() == line for line in lines):
        lines = [text]  # written with "&#10;", as escape_lines writes it: one item
    return [(line, escape(line)) for line in lines]


def _read_items(key: str, code: Any) -> list[object]:
    """What the reader reads from one parameter's value: the items' keys, as :func:`_items`."""
    from sakhalin._wiki_plain import plain_lines

    lines = plain_lines(code)
    if key.endswith(".belligerents"):
        return [(text, flag) for text, flag in lines]
    return [text for text, _ in lines]


# --------------------------------------------------------------------- item edits


def _plain_line(nodes: list[Any], key: str) -> object | None:
    """The one item parsed nodes read as, or None when they read as no item or several."""
    from mwparserfromhell.wikicode import Wikicode

    items = _read_items(key, Wikicode(nodes))
    return items[0] if len(items) == 1 else None


def _edit_item(nodes: list[Any], old: object, new: object, fresh: str, key: str) -> str:
    """A changed item: its words edited in place where that reads back as the new item.

    The changed words (whole words around what differs) are replaced in the one plain text
    of the item that holds them, so that links, flags and references around them stay; when
    no such place is found, or the result would not read as the new item, it is ``fresh``.
    """
    from mwparserfromhell.nodes import Text

    flag = None
    if isinstance(old, tuple) and isinstance(new, tuple):
        if old[1] != new[1]:
            return fresh
        flag, old, new = new[1], old[0], new[0]
    assert isinstance(old, str) and isinstance(new, str)
    p, s = spans(old, new)
    old_mid, new_mid = old[p : len(old) - s], new[p : len(new) - s]
    if not old_mid.strip():
        return fresh
    hits = [n for n in nodes if isinstance(n, Text) and old_mid in str(n.value)]
    if len(hits) != 1 or str(hits[0].value).count(old_mid) != 1:
        return fresh
    text = hits[0]
    before = str(text.value)
    text.value = before.replace(old_mid, escape(new_mid) if new_mid else "", 1)
    try:
        wanted = (new, flag) if key.endswith(".belligerents") else new
        edited = "".join(str(node) for node in nodes).strip()
        return edited if _plain_line(nodes, key) == wanted else fresh
    finally:
        text.value = before  # the nodes are the page's own until the value is set anew


# ------------------------------------------------------------------- the template


class _Box:
    """One infobox template being edited, with its layout learnt from its own parameters."""

    def __init__(self, template: Any, where: str) -> None:
        from sakhalin.readers._wikitext import read_infobox

        self.template = template
        self.where = where
        self.old = read_infobox(template, where)
        self.names = [name for name, _ in self.old.infobox_params]
        # Each parameter's value, stripped, kept in step with the template: str() of a parsed
        # value walks its tree, and the fields' parameters are looked up for every field.
        self.raw = [raw for _, raw in self.old.infobox_params]
        self._fields: dict[int, dict[str, list[int]]] = {}
        self.edited: set[str] = set()

    # parameters ----------------------------------------------------------------

    def _value(self, i: int) -> tuple[str, str, str]:
        """Parameter i's value as ``(leading space, core, trailing space)``."""
        value = str(self.template.params[i].value)
        core = value.strip()
        if not core:
            at = value.find("\n")
            return (value, "", "") if at < 0 else (value[:at], "", value[at:])
        start = value.find(core)
        return value[:start], core, value[start + len(core) :]

    def _set(self, i: int, core: str) -> None:
        import mwparserfromhell

        lead, old, trail = self._value(i)
        if old == core:
            return
        if not old and not lead.strip(" \t") and not lead:
            lead = self._typical_lead()
        self.template.params[i].value = mwparserfromhell.parse(lead + core + trail)
        self.raw[i] = core
        self._fields.clear()

    def _typical_lead(self) -> str:
        for i in range(len(self.template.params)):
            lead, core, _ = self._value(i)
            if core:
                return lead
        return " "

    def _remove(self, i: int) -> None:
        import mwparserfromhell

        params = self.template.params
        if i == len(params) - 1 and i > 0:
            # The last parameter's trailing space is the line before "}}": the new last keeps it.
            lead, core, _ = self._value(i - 1)
            _, _, trail = self._value(i)
            if core:
                params[i - 1].value = mwparserfromhell.parse(lead + core + trail)
        del params[i]
        del self.names[i]
        del self.raw[i]
        self._fields.clear()

    def _insert(self, name: str, core: str) -> None:
        """A new parameter after its neighbour in the documented order, in the neighbour's layout."""
        import mwparserfromhell
        from mwparserfromhell.nodes.extras import Parameter

        params = self.template.params
        index = _doc_index(name)
        after = -1
        for i, other in enumerate(self.names):
            if params[i].showkey and _doc_index(other) <= index and str(self._value(i)[1]):
                after = i
        if after < 0:
            after = next((i for i in range(len(params)) if params[i].showkey), -1)
            at = max(after, 0)
        else:
            at = after + 1
        model = after if after >= 0 else None
        if model is None:
            new = Parameter(mwparserfromhell.parse(f" {name} "), mwparserfromhell.parse(f" {core}\n"))
            params.insert(len(params), new)
            self.names.append(name)
            self.raw.append(core)
            self._fields.clear()
            return
        old_name = str(params[model].name)
        name_lead = old_name[: len(old_name) - len(old_name.lstrip())]
        name_trail = old_name[len(old_name.rstrip()) :]
        width = len(old_name.rstrip()) - len(name_lead)
        pad = self._most(lambda i: _trailing(str(params[i].name)))
        if len(name_trail) > 1 and "\n" not in name_trail:  # aligned: pad to the same column
            pad = " " * max(1, width + len(name_trail) - len(name))
        lead = self._most(lambda i: self._value(i)[0])
        trail = self._value(model)[2]
        if at == len(params) and at > 0:  # after the last: it takes the line before "}}"
            prev_trail = self._value(at - 2)[2] if at >= 2 else "\n"
            self._set_trail(at - 1, prev_trail)
        new = Parameter(
            mwparserfromhell.parse(name_lead + name + pad), mwparserfromhell.parse(lead + core + trail)
        )
        params.insert(at, new)
        self.names.insert(at, name)
        self.raw.insert(at, core)
        self._fields.clear()

    def _most(self, part: Callable[[int], str]) -> str:
        """The spacing most parameters with a value have (the first of equals)."""
        found = [part(i) for i in range(len(self.template.params)) if self._value(i)[1]]
        return max(found, key=found.count) if found else " "

    def _set_trail(self, i: int, trail: str) -> None:
        import mwparserfromhell

        lead, core, _ = self._value(i)
        self.template.params[i].value = mwparserfromhell.parse(lead + core + trail)

    # fields ----------------------------------------------------------------------

    def _counting(self, key: str, sides: int) -> list[int]:
        """The parameters a field is read from: for each name, its last occurrence, if not blank."""
        fields = self._fields.get(sides)
        if fields is None:
            last: dict[str, dict[str, int]] = {}
            for i, name in enumerate(self.names):
                field = field_of(name, sides)
                if field is not None:
                    last.setdefault(field, {})[name] = i
            fields = {
                field: [at[name] for name in sorted(at, key=_reading_order) if self.raw[at[name]]]
                for field, at in last.items()
            }
            self._fields[sides] = fields
        return fields.get(key, [])

    def apply(self, battle: Battle) -> None:
        new = worded(battle)
        old = self.old
        old_sides, sides = len(old.sides), len(new.sides)
        read = dict(old.infobox_digests)
        for key in field_keys(sides):
            counting = self._counting(key, sides)
            same = counting == self._counting(key, old_sides) if key in _keys(old_sides) else not counting
            if same and key in _keys(old_sides):
                was = read.get(key) or digest(key, field_value(old, key))
                if digest(key, field_value(new, key)) == was:
                    continue
            elif same and field_value(new, key) in (None, ()):
                continue
            self.edited.add(key)
            self._field(new, key, sides)
        for i in reversed(range(len(self.names))):  # fields of sides the battle no longer has
            name = self.names[i]
            if field_of(name, old_sides) is not None and field_of(name, sides) is None and self.raw[i]:
                self._remove(i)
                self.edited.add(name)
        self._extras(old, new, sides)
        if self.edited:
            self._check(new, sides)

    def _field(self, battle: Battle, key: str, sides: int, *, fresh: bool = False) -> None:
        value = field_value(battle, key)
        wanted = _items(key, value)
        counting = self._counting(key, sides)
        if not wanted:
            for i in reversed(counting):
                self._remove(i)
            return
        if key in _WHOLE:
            self._whole(battle, key, counting, sides, fresh=fresh)
            return
        if not counting:
            self._write_new(key, sides, [fresh_text for _, fresh_text in wanted])
            return
        layouts = [layout_of(self.template.params[i].value) for i in counting]
        read = [_read_items(key, self.template.params[i].value) for i in counting]
        faithful = not fresh and all(
            [_plain_line(nodes, key) for nodes in layout.codes] == items
            for layout, items in zip(layouts, read, strict=True)
        )
        default = self._separator()
        if not faithful:
            # The value's items cannot be told apart: it is written anew, in its list style.
            main = layouts[0] if len(layouts[0].items) > 1 else Layout(["", ""], [""])
            sep = main.typical(default)
            main = Layout([main.seps[0], *([sep] * (len(wanted) - 1)), main.seps[-1]], [t for _, t in wanted])
            self._set(counting[0], main.text().strip())
            for i in reversed(counting[1:]):
                self._remove(i)
            return
        old_keys = [(p, j, item) for p, items in enumerate(read) for j, item in enumerate(items)]
        # Each parameter's new items, each with the separator written before it (None: keep the old one).
        new_raw: list[list[tuple[int | None, str]]] = [[] for _ in counting]
        matcher = difflib.SequenceMatcher(
            None, [k for _, _, k in old_keys], [k for k, _ in wanted], autojunk=False
        )
        where = 0
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            for n in range(max(a2 - a1, b2 - b1)):
                a, b = a1 + n, b1 + n
                if a < a2:
                    where, j, old_item = old_keys[a]
                    raw = layouts[where].items[j]
                    if b < b2 and op == "equal":
                        new_raw[where].append((j, raw))
                    elif b < b2:
                        new_key, fresh_text = wanted[b]
                        edited = _edit_item(layouts[where].codes[j], old_item, new_key, fresh_text, key)
                        new_raw[where].append((j, edited))
                elif b < b2:
                    new_raw[where].append((None, wanted[b][1]))
        for p in reversed(range(len(counting))):
            if not new_raw[p]:
                self._remove(counting[p])
                continue
            self._set(counting[p], rebuild(layouts[p], new_raw[p], default).strip())

    def _whole(self, battle: Battle, key: str, counting: list[int], sides: int, *, fresh: bool) -> None:
        text = render_field(battle, key)
        if not counting:
            self._write_new(key, sides, [text])
            return
        core = self._value(counting[-1])[1]
        old = field_value(self.old, key)
        value = field_value(battle, key)
        if not fresh and isinstance(old, str) and isinstance(value, str):
            edited = _coord(core, value) if key == "coordinates" else None
            if key == "image" and core.count(old) == 1:
                edited = core.replace(old, value)
            if edited is not None and is_safe_raw(edited):
                text = edited
        self._set(counting[-1], text)
        for i in reversed(counting[:-1]):
            self._remove(i)

    def _write_new(self, key: str, sides: int, texts: list[str]) -> None:
        name = param_of(key, sides)
        core = self._separator().join(texts)
        blank = [i for i, other in enumerate(self.names) if other == name]
        if blank:
            self._set(blank[-1], core)
        else:
            self._insert(name, core)

    def _separator(self) -> str:
        """The line break this infobox's lists use most (``<br />`` when none)."""
        import re

        found: dict[str, int] = {}
        for i in range(len(self.template.params)):
            for match in re.findall(r"<br\s*/?\s*>", self._value(i)[1], re.IGNORECASE):
                found[match] = found.get(match, 0) + 1
        return max(found, key=lambda k: found[k]) if found else "<br />"

    def _extras(self, old: Battle, new: Battle, sides: int) -> None:
        wanted = {name: value for name, value in new.extra if field_of(name.strip(), sides) is None}
        had = {name: value for name, value in old.extra}
        for i in reversed(range(len(self.names))):
            name = self.names[i]
            if field_of(name, sides) is not None or not name or name not in had or not self.raw[i]:
                continue
            if had[name] != self.raw[i] and name in wanted:
                continue  # a shadowed duplicate: the last one counts
            if name not in wanted:
                self._remove(i)
                self.edited.add(name)
            elif wanted[name] != had[name]:
                self._set(i, _extra_value(wanted[name]))
                self.edited.add(name)
        for name, value in wanted.items():
            if name not in had and value.strip():
                self.edited.add(name)
                blank = [i for i, other in enumerate(self.names) if other == name]
                if blank:
                    self._set(blank[-1], _extra_value(value))
                else:
                    self._insert(_safe_param_name(name), _extra_value(value))

    def _check(self, new: Battle, sides: int) -> None:
        """Reads the edited fields back; one that does not read as the battle's is written anew.

        Each edited field's parameters are read as the reader reads them (their lines of plain
        text); an edited image or coordinates, or a changed number of sides, is checked by
        reading the whole infobox again.
        """
        for attempt in (1, 2):
            wrong = self._wrong(new, sides)
            if not wrong:
                return
            if attempt == 2:
                raise ReadError(
                    f"{self.where}: the infobox cannot be written to read back as {new.name!r} "
                    f"(fields: {', '.join(wrong)})"
                )
            for key in wrong:
                self._field(new, key, sides, fresh=True)

    def _wrong(self, new: Battle, sides: int) -> list[str]:
        edited = [key for key in field_keys(sides) if key in self.edited]
        if sides != len(self.old.sides) or _WHOLE & self.edited:
            from sakhalin.readers._wikitext import read_infobox

            back = read_infobox(self.template, self.where)
            if len(back.sides) != sides:
                return list(field_keys(sides))
            return [key for key in edited if _projection(key, back) != _projection(key, new)]
        wrong = []
        for key in edited:
            read = [
                item
                for i in self._counting(key, sides)
                for item in _read_items(key, self.template.params[i].value)
            ]
            wanted = _projection(key, new)
            if key.rpartition(".")[2] in _LISTED:
                same = read == wanted
            else:
                same = "\n".join(map(str, read)) == "\n".join(map(str, wanted))
            if not same:
                wrong.append(key)
        return wrong


def _coord(core: str, value: str) -> str | None:
    """A value's ``{{coord}}`` with new coordinates, its named parameters kept."""
    import mwparserfromhell

    code = mwparserfromhell.parse(core)
    for template in code.filter_templates(recursive=False):
        if norm(str(template.name)) == "coord":
            named = "".join("|" + str(p) for p in template.params if p.showkey)
            args = "|".join(value.split(" "))
            return core.replace(str(template), "{{" + str(template.name) + "|" + args + named + "}}", 1)
    return None


def _projection(key: str, battle: Battle) -> list[object]:
    return [k for k, _ in _items(key, field_value(battle, key))]


def _keys(sides: int) -> frozenset[str]:
    return frozenset(field_keys(sides))


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def _reading_order(name: str) -> tuple[int, str]:
    """Belligerents are read from ``combatantN`` first, then ``combatantNa`` to ``combatantNd``."""
    return (0 if name[-1:].isdigit() else 1, name)


def _doc_index(name: str) -> int:
    try:
        return DOCUMENTED.index(name)
    except ValueError:
        return len(DOCUMENTED)


def _extra_value(value: str) -> str:
    stripped = value.strip()
    return stripped if is_safe_raw(stripped) else escape(value)


def _safe_param_name(name: str) -> str:
    from sakhalin.exporters._wikitext import safe_name

    return safe_name(name)


# ------------------------------------------------------------------------- the page


def _name_of(battle: Battle) -> str:
    return " ".join(battle.name.split())


def apply(battle_or_battles: Battle | Iterable[Battle], page: str) -> str:
    """The page with each battle's ``{{Infobox military conflict}}`` updated in place.

    A battle goes to the infobox whose ``conflict`` (its plain text) is the battle's name;
    a battle no infobox is named for goes to the infobox at its own position when the page
    has as many infoboxes as there are battles. Only the parameters of fields that changed
    are rewritten, each in the infobox's own layout; infoboxes no battle goes to, and
    everything outside the infoboxes, stay byte for byte. Where a figure's, date's or
    casualties' wording no longer agrees with its edited typed value, the value wins and the
    wording is written anew. Applying the battles read from a page gives the page unchanged.

    Args:
        battle_or_battles: a :class:`Battle`, or an iterable of them (consumed once).
        page: the page's wikitext.

    Returns:
        The page's new wikitext; it reads back (with the wikitext reader) as the battles.

    Raises:
        ReadError: the page has no infobox or one that cannot be read, or a battle matches
            no infobox (the message names it).
        MissingDependencyError: mwparserfromhell is not installed.

    .. versionadded:: 0.2.0

    """
    from sakhalin._api import battles_of

    try:
        import mwparserfromhell
    except ImportError:
        raise MissingDependencyError(
            "applying to a wiki page needs mwparserfromhell: "
            "pip install mwparserfromhell (sakhalin's wikitext extra)"
        ) from None
    from sakhalin.readers._wikitext import infobox_templates

    battles = list(battles_of(battle_or_battles))
    if not battles:
        return page
    code = mwparserfromhell.parse(page)
    templates = infobox_templates(code)
    if not templates:
        raise ReadError("page: no {{Infobox military conflict}} found")
    boxes: list[_Box] = []
    offset = 0
    for template in templates:
        at = page.find(str(template), offset)
        offset = max(at, offset)
        boxes.append(_Box(template, f"page: line {page.count(chr(10), 0, offset) + 1}"))
    taken: dict[int, Battle] = {}
    unmatched: list[int] = []
    for n, battle in enumerate(battles):
        found = next(
            (i for i, box in enumerate(boxes) if i not in taken and _name_of(box.old) == _name_of(battle)),
            None,
        )
        if found is None:
            unmatched.append(n)
        else:
            taken[found] = battle
    for n in unmatched:
        if len(battles) != len(boxes) or n in taken:
            names = ", ".join(repr(box.old.name) for box in boxes)
            raise ReadError(
                f"page: no infobox for the battle {battles[n].name!r}: none is named so "
                f"(the page's {len(boxes)} infobox(es): {names}), and the page has not one "
                f"infobox per battle ({len(battles)}) to match them by position"
            )
        taken[n] = battles[n]
    for i, battle in taken.items():
        boxes[i].apply(battle)
    return str(code)
