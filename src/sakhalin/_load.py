"""The embedded default battle, read through the same converter users use."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sakhalin._convert import from_dict
from sakhalin._model import Battle

__all__ = ["EMBEDDED_BATTLE", "load"]

EMBEDDED_BATTLE = Path(__file__).parent / "data" / "invasion-of-sakhalin.json"
"""The data file of the embedded battle, inside the installed package."""


@functools.cache
def _embedded() -> Battle:
    return from_dict(json.loads(EMBEDDED_BATTLE.read_text(encoding="utf-8")))


def load() -> Battle:
    """The embedded battle: the Japanese invasion of Sakhalin, July 1905.

    The battle is read once and cached; it is immutable, so every call returns the
    same object.

    .. versionadded:: 0.1.0
    """
    return _embedded()
