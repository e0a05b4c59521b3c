"""The limits on what sakhalin reads, in one place so that the documentation can name them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_LOOKAHEAD",
    "MAX_MARKUP",
    "MAX_PROBLEMS",
    "check_counts",
    "some_problems",
]

MAX_BYTES = 50_000_000
"""The largest file ``sakhalin.read`` and ``sakhalin.load`` take unless told otherwise (50 MB).

Change it per call with ``max_bytes=`` (``None`` for no limit) or on the command line
with ``--max-bytes``.
"""

MAX_DEPTH = 64
"""How deeply JSON objects and arrays may nest by default; a battle needs about ten levels.

Change it per call with the JSON reader's option ``max_depth=``.
"""

MAX_DIGITS = 100
"""The most digits a whole number of the model (a figure, a year, a paragraph) may have.

Far more than any count needs, and far less than the 4,300 digits past which Python refuses
to turn a number into text or back; the JSON reader refuses longer numbers before parsing them.
"""

MAX_MARKUP = 100_000
"""The most pieces of markup (templates, links, tags, pipes, list items) a wikitext may hold by default.

Change it with the wikitext and dump readers' option ``max_markup=``.
"""

MAX_LOOKAHEAD = 2
"""How far, in times a wikitext's length, open markup may make the parser read ahead by default.

Change it with the wikitext and dump readers' option ``max_lookahead=``.
"""

MAX_PROBLEMS = 10
"""How many problems a ReadError names (each located in the file); the rest are only counted.

Naming every problem of a file made of thousands of bad entries would make the message as
large as the file, and locating each one costs a look through the file.
"""


def some_problems(problems: Sequence[T], describe: Callable[[T], str]) -> str:
    """The first :data:`MAX_PROBLEMS` problems described, joined by "; ", and how many more there are."""
    shown = [describe(problem) for problem in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"and {len(problems) - MAX_PROBLEMS:,} more problems")
    return "; ".join(shown)


def check_counts(**limits: object) -> None:
    """Refuse a limit that is not a whole number, 1 or more: a ``ValueError`` naming it."""
    for name, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number, 1 or more, not {value!r}")
