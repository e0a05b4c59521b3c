"""JSON: what the json exporter writes (one battle, or an array of them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, ClassVar

from sakhalin._errors import ReadError, ValidationError
from sakhalin._limits import MAX_DEPTH, MAX_DIGITS, some_problems
from sakhalin._model import Battle

__all__ = ["MAX_DEPTH", "JsonReader"]


class JsonReader:
    """A JSON object (one battle) or array of objects, as ``to_dict`` makes them.

    Options:
        max_depth: how deeply objects and arrays may nest (default 64). Deeper input is
            refused with a :class:`sakhalin.ReadError` before it is turned into battles.
    """

    name: ClassVar[str] = "json"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "battles as JSON, as the json exporter writes them"

    def __init__(self, *, max_depth: int = MAX_DEPTH) -> None:
        if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
            raise ValueError(f"max_depth is a whole number, 1 or more, not {max_depth!r}")
        self.max_depth = max_depth

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read one battle or an array of battles."""
        try:
            text = stream.read()
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source}: byte {exc.start}: not UTF-8 text") from exc
        text = text.removeprefix("\ufeff")
        try:
            data = json.loads(
                text, parse_constant=_refuse_constant, parse_int=_whole_number, object_pairs_hook=_object
            )
        except _Twice as exc:
            raise ReadError(_printable(f"{source}: {exc}")) from None
        except _NotJson as exc:
            match = next((m for m in _TOKEN.finditer(text) if m.group(exc.group)), None)
            where = "" if match is None else _where(text, match.start(exc.group))
            raise ReadError(f"{source}: {where}not valid JSON: {exc}") from None
        except json.JSONDecodeError as exc:
            raise ReadError(
                f"{source}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
            ) from None
        except RecursionError:
            raise ReadError(
                f"{source}: nested too deeply to be a battle (more than {self.max_depth} levels; max_depth)"
            ) from None
        bad = _check(data, self.max_depth)
        if bad is not None:
            where, what = bad
            raise ReadError(_printable(f"{source}: {_place(text, where)}{where}: {what}"))
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items):
            path = f"$[{i}]" if isinstance(data, list) else "$"
            try:
                yield _to_battle(item, path)
            except ValidationError as exc:
                shown = some_problems(
                    exc.problems,
                    lambda p: f"{_place(text, p[0], at_key=p[1] == 'unknown field')}{p[0]}: {p[1]}",
                )
                raise ReadError(_printable(f"{source}: {shown}")) from None


def _printable(message: str) -> str:
    """The message on one line: line breaks, controls and invisible characters in field names escaped."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message)


class _NotJson(ValueError):
    def __init__(self, message: str, group: int) -> None:
        super().__init__(message)
        self.group = group


# A JSON string as a whole (so that nothing inside one is taken for a token), or the
# tokens the parser refuses: the non-standard constants and overlong numbers.
_TOKEN = re.compile(rf'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)|(-?[0-9]{{{MAX_DIGITS + 1},}})')


def _refuse_constant(name: str) -> object:
    raise _NotJson(f"{name} is not a number JSON allows", 1)


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _NotJson(f"a whole number of {len(digits.lstrip('-')):,} digits (at most {MAX_DIGITS})", 2)
    return int(digits)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}: "


def _to_battle(item: object, path: str) -> Battle:
    from sakhalin._structure import battle_from

    return battle_from(item, path)


def _check(data: object, max_depth: int) -> tuple[str, str] | None:
    """The first value nested deeper than ``max_depth`` or holding a lone surrogate: (path, problem)."""
    stack: list[tuple[object, str, int]] = [(data, "$", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if not _encodable(value):
                return (
                    path,
                    "a text with a lone UTF-16 surrogate (\\ud800-\\udfff escape), which is no character",
                )
        elif isinstance(value, dict | list) and depth > max_depth:
            return path, f"nested more than {max_depth} levels deep (max_depth)"
        elif isinstance(value, dict):
            for k, v in value.items():
                if not _encodable(k):
                    return path, "a field name with a lone UTF-16 surrogate, which is no character"
                stack.append((v, f"{path}.{k}", depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Twice(ValueError):
    pass


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Twice(f"the field {key!r} appears twice in one object")
            seen.add(key)
    return result


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, pos: int) -> int:
    """The offset of the first character at or after ``pos`` that is not JSON white space."""
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _place(text: str, path: str, *, at_key: bool = False) -> str:
    """``"line L, column C: "`` for the value a path such as ``$.sides[1].name`` names, or ``""``.

    With ``at_key``, the place of the last member's key rather than its value.
    """
    try:
        offset = _locate(text, path, at_key)
    except (ValueError, IndexError, RecursionError):
        return ""
    if offset is None:
        return ""
    return _where(text, offset)


def _locate(text: str, path: str, at_key: bool) -> int | None:
    """The offset in ``text`` of the value at ``path``, or of the deepest part of it that exists."""
    if not path.startswith("$"):
        return None
    rest = path[1:]
    pos = _skip(text, 0)
    while rest:
        if rest.startswith("[") and text.startswith("[", pos):
            close = rest.index("]")
            index = int(rest[1:close])
            rest = rest[close + 1 :]
            pos = _skip(text, pos + 1)
            for _ in range(index):
                _, pos = _DECODER.raw_decode(text, pos)
                pos = _skip(text, pos)
                if not text.startswith(",", pos):
                    return None
                pos = _skip(text, pos + 1)
        elif rest.startswith(".") and text.startswith("{", pos):
            found = _member(text, pos, rest[1:])
            if found is None:
                return pos  # the field is missing: point at its object
            key_start, value_start, length = found
            rest = rest[1 + length :]
            if not rest and at_key:
                return key_start
            pos = value_start
        else:
            return pos
    return pos


def _member(text: str, pos: int, rest: str) -> tuple[int, int, int] | None:
    """In the object at ``pos``, the member whose key begins ``rest``: (key, value offsets, key length)."""
    pos = _skip(text, pos + 1)
    best: tuple[int, int, int] | None = None
    while text.startswith('"', pos):
        key_start = pos
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        pos = _skip(text, pos + 1)  # the colon
        value_start = pos
        if (
            isinstance(key, str)
            and rest.startswith(key)
            and rest[len(key) : len(key) + 1] in ("", ".", "[")
            and (best is None or len(key) > best[2])
        ):
            best = (key_start, value_start, len(key))
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if not text.startswith(",", pos):
            break
        pos = _skip(text, pos + 1)
    return best
