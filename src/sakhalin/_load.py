"""The embedded default battle, read through the same converter users use."""

from __future__ import annotations

import datetime
import enum
import functools
import itertools
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from sakhalin import _model
from sakhalin._errors import ReadError, SakhalinError
from sakhalin._limits import MAX_BYTES
from sakhalin._model import Battle

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["EMBEDDED_BATTLE", "load"]

_EMBEDDED_FILE = os.path.join(os.path.dirname(__file__), "data", "invasion-of-sakhalin.json")


def __getattr__(name: str) -> Any:
    # EMBEDDED_BATTLE is a Path; pathlib is imported only when someone asks for it.
    if name == "EMBEDDED_BATTLE":
        from pathlib import Path

        return Path(_EMBEDDED_FILE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    EMBEDDED_BATTLE: Path
    """The data file of the embedded battle, inside the installed package."""


@functools.cache
def _embedded() -> Battle:
    with open(_EMBEDDED_FILE, encoding="utf-8") as stream:
        data = json.load(stream)
    try:
        battle: Battle = _build(Battle, data)
        return battle
    except Exception:  # anything the quick path does not know: the converter, with its errors
        from sakhalin._convert import from_dict

        return from_dict(data)


# The quick path. The embedded data is ours and valid, so it is built straight through the
# model's constructors (which still run every check) instead of through cattrs: importing
# cattrs and generating its structuring functions would cost more than the rest of
# ``import sakhalin`` together. tests/test_performance_behaviour.py checks that both paths
# give equal battles. A field type the quick path does not know makes it give up (the
# converter then does the work), so a new field can never be read wrongly.

_Make = Callable[[Any], Any] | None  # None: the JSON value is the field's value as it is


class _Unknown(Exception):
    pass


_PLANS: dict[type[Any], tuple[tuple[str, _Make], ...]] = {}


def _build(cls: type[Any], data: Any) -> Any:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple((field.name, _maker(field.type)) for field in attrs.fields(cls))
    if type(data) is not dict:
        raise _Unknown(cls.__name__)
    kwargs = {name: data[name] if make is None else make(data[name]) for name, make in plan if name in data}
    if len(kwargs) != len(data):
        raise _Unknown(f"{cls.__name__}: unknown fields")
    return cls(**kwargs)


def _split(args: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(args):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(args[start:i])
            start = i + 1
    parts.append(args[start:])
    return parts


def _optional(make: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else make(value)


def _homogenous(make: _Make) -> Callable[[Any], Any]:
    if make is None:
        return _tuple
    return lambda value: tuple(map(make, _list(value)))


def _fixed(makes: list[_Make]) -> Callable[[Any], Any]:
    def build(value: Any) -> tuple[Any, ...]:
        items = _list(value)
        if len(items) != len(makes):
            raise _Unknown("wrong length")
        return tuple(item if make is None else make(item) for make, item in zip(makes, items, strict=True))

    return build


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Unknown("not a list")
    return value


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(_list(value))


def _date(value: Any) -> datetime.date:
    if type(value) is not str:
        raise _Unknown("not a date")
    return datetime.date.fromisoformat(value)


def _maker(hint: object) -> _Make:
    if not isinstance(hint, str):
        raise _Unknown(repr(hint))
    text = hint.replace(" ", "")
    if text.endswith("|None"):
        inner = _maker(text[: -len("|None")])
        return None if inner is None else _optional(inner)
    if text.startswith("tuple[") and text.endswith("]"):
        args = _split(text[len("tuple[") : -1])
        if len(args) == 2 and args[1] == "...":
            return _homogenous(_maker(args[0]))
        return _fixed([_maker(arg) for arg in args])
    if text in ("str", "int"):
        kind = str if text == "str" else int
        return lambda value: value if type(value) is kind else _fail(text)
    if text == "datetime.date":
        return _date
    target = getattr(_model, text, None)
    if isinstance(target, type) and issubclass(target, enum.Enum):
        return target
    if isinstance(target, type) and attrs.has(target):
        return functools.partial(_build, target)
    raise _Unknown(hint)


def _fail(what: str) -> Any:
    raise _Unknown(f"not {what}")


def load(
    path: str | os.PathLike[str] | None = None,
    format: str | None = None,
    *,
    max_bytes: int | None = MAX_BYTES,
    **options: Any,
) -> Battle:
    """The embedded battle (the Japanese invasion of Sakhalin, July 1905), or the battle in a file.

    With no ``path``, the embedded battle: read once and cached; it is immutable, so every
    call returns the same object. With a ``path``, the one battle in that file, read by the
    reader its name (or ``format``) names; a file with several battles is an error (use
    :func:`sakhalin.read` for those). A file larger than ``max_bytes`` (default 50 MB;
    ``None`` for no limit) is refused before it is read.

    Args:
        path: a file holding one battle; ``None`` (the default) for the embedded battle.
        format: a reader's name or alias; by default, told from the file's name.
        max_bytes: the largest file size taken, in bytes; ``None`` for no limit.
        **options: the reader's options (see ``sakhalin formats``).

    Returns:
        The battle.

    Examples:
        >>> battle = sakhalin.load()
        >>> battle.name, battle.date.start.isoformat(), battle.date.end.isoformat()
        ('Invasion of Sakhalin', '1905-07-07', '1905-07-31')
        >>> battle is sakhalin.load()  # cached
        True

    Raises:
        ReadError: the file cannot be read, or holds no battle or several.
        UnknownFormatError: the format is unknown, or cannot be told from the file name.

    .. versionadded:: 0.1.0

    """
    if path is None:
        if format is not None or options or max_bytes != MAX_BYTES:
            raise SakhalinError("a format and options go with a path")
        return _embedded()
    from sakhalin._api import read

    found = list(itertools.islice(read(path, format, max_bytes=max_bytes, **options), 2))
    if len(found) != 1:
        count = "no battle" if not found else "more than one battle"
        raise ReadError(f"{os.fspath(path)}: holds {count}; sakhalin.read() reads every battle of a file")
    return found[0]
