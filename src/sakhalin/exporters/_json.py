"""JSON: ``to_dict`` as UTF-8 JSON, keys in the model's order, one battle or a list.

A lone surrogate (U+D800-U+DFFF alone) cannot be encoded in UTF-8. :func:`sakhalin.export`
returns the JSON text as a ``str`` with the surrogate in it as it is (the exporter does not
change texts); writing to a UTF-8 file (:func:`sakhalin.write`) fails with a
:class:`sakhalin.ValidationError` naming the battle and the field's path
(``$.sides[0].commanders[0].name``), and leaves no file. The check runs only when the
stream's encoder refuses a text, so it costs nothing otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, ClassVar

from sakhalin._errors import ValidationError
from sakhalin._model import Battle
from sakhalin._structure import to_dict

__all__ = ["JsonExporter"]


MAX_INDENT = 100
"""The widest indent the JSON exporter takes (a billion spaces a level ran out of memory)."""


class JsonExporter:
    """One battle as a JSON object; several (or with ``always_list``) as a JSON array."""

    name: ClassVar[str] = "json"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "the battle as JSON, exactly as to_dict gives it (UTF-8, stable key order)"

    def __init__(self, *, indent: int = 2, always_list: bool = False) -> None:
        if isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= MAX_INDENT:
            raise ValueError(f"indent must be a whole number from 0 to {MAX_INDENT}, not {indent!r}")
        self.indent = indent
        self.always_list = always_list

    def write(self, battles: Iterable[Battle], stream: IO[str]) -> None:
        """Write the battles: an object for one, an array for several, streamed item by item."""
        indent = self.indent or None
        iterator = iter(battles)
        first = next(iterator, None)
        second = next(iterator, None)
        if first is not None and second is None and not self.always_list:
            _dump(first, stream, indent)
            stream.write("\n")
            return
        stream.write("[")
        for i, battle in enumerate(b for b in (first, second) if b is not None):
            stream.write(",\n" if i else "\n")
            _dump(battle, stream, indent)
        for battle in iterator:
            stream.write(",\n")
            _dump(battle, stream, indent)
        stream.write("\n]\n" if first is not None else "]\n")


def _dump(battle: Battle, stream: IO[str], indent: int | None) -> None:
    data = to_dict(battle)
    try:
        json.dump(data, stream, ensure_ascii=False, indent=indent)
    except UnicodeEncodeError as exc:
        found = _first_unencodable(data, "$", exc.encoding)
        if found is None:  # not a text of the battle: a bug, or a stream in another encoding
            raise
        path, index, char = found
        what = "a lone surrogate" if 0xD800 <= ord(char) <= 0xDFFF else "the character"
        raise ValidationError(
            [
                (
                    path,
                    f"holds {what} U+{ord(char):04X} at index {index}, which {exc.encoding.upper()} "
                    f"(JSON) cannot encode (battle {battle.name!r})",
                )
            ]
        ) from None


def _first_unencodable(value: Any, path: str, encoding: str) -> tuple[str, int, str] | None:
    """The path, index and character of the first text (key or value) the encoding refuses."""
    if isinstance(value, str):
        try:
            value.encode(encoding)
        except UnicodeEncodeError as exc:
            return path, exc.start, value[exc.start]
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_unencodable(key, f"{path} (a key)", encoding) or _first_unencodable(
                item, f"{path}.{key}", encoding
            )
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _first_unencodable(item, f"{path}[{i}]", encoding)
            if found is not None:
                return found
    return None
