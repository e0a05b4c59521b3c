"""JSON: ``to_dict`` as UTF-8 JSON, keys in the model's order, one battle or a list."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, ClassVar

from sakhalin._convert import to_dict
from sakhalin._model import Battle

__all__ = ["JsonExporter"]


class JsonExporter:
    """One battle as a JSON object; several (or with ``always_list``) as a JSON array."""

    name: ClassVar[str] = "json"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "the battle as JSON, exactly as to_dict gives it (UTF-8, stable key order)"

    def __init__(self, *, indent: int = 2, always_list: bool = False) -> None:
        if indent < 0:
            raise ValueError(f"indent must be 0 or more, not {indent}")
        self.indent = indent
        self.always_list = always_list

    def write(self, battles: Iterable[Battle], stream: IO[str]) -> None:
        """Write the battles: an object for one, an array for several, streamed item by item."""
        indent = self.indent or None
        iterator = iter(battles)
        first = next(iterator, None)
        second = next(iterator, None)
        if first is not None and second is None and not self.always_list:
            json.dump(to_dict(first), stream, ensure_ascii=False, indent=indent)
            stream.write("\n")
            return
        stream.write("[")
        for i, battle in enumerate(b for b in (first, second) if b is not None):
            stream.write(",\n" if i else "\n")
            json.dump(to_dict(battle), stream, ensure_ascii=False, indent=indent)
        for battle in iterator:
            stream.write(",\n")
            json.dump(to_dict(battle), stream, ensure_ascii=False, indent=indent)
        stream.write("\n]\n" if first is not None else "]\n")
