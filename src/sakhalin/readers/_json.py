"""JSON: what the json exporter writes (one battle, or an array of them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, ClassVar

from sakhalin._convert import from_dict
from sakhalin._errors import ReadError, ValidationError
from sakhalin._model import Battle

__all__ = ["JsonReader"]


class JsonReader:
    """A JSON object (one battle) or array of objects, as ``to_dict`` makes them."""

    name: ClassVar[str] = "json"
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "battles as JSON, as the json exporter writes them"

    def read(self, stream: IO[str], source: str) -> Iterator[Battle]:
        """Read one battle or an array of battles."""
        try:
            data = json.load(stream)
        except json.JSONDecodeError as exc:
            raise ReadError(
                f"{source}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
            ) from None
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source}: byte {exc.start}: not UTF-8 text") from None
        except RecursionError:
            raise ReadError(f"{source}: nested too deeply to be a battle") from None
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items):
            path = f"$[{i}]" if isinstance(data, list) else "$"
            try:
                yield _structure(item, path)
            except ValidationError as exc:
                raise ReadError(f"{source}: {exc}") from None


def _structure(item: object, path: str) -> Battle:
    from sakhalin._convert import structure

    if path == "$":
        return from_dict(item)
    return structure(item, Battle, path=path)
