"""Formula injection (OWASP "CSV injection"): the one escape of a text cell, and its inverse.

A spreadsheet reads a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula. :func:`escape_formula` puts one apostrophe in front of such a
text, and of a text that starts with apostrophes followed by one of those characters, so
that :func:`unescape_formula`, which takes the first apostrophe off again, is its exact
inverse for every text (``'=x`` is written ``''=x`` and reads back ``'=x``).
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "escape_formula", "needs_escape", "unescape_formula"]

FORMULA_STARTS = frozenset("=+-@\t\r")
"""The first characters that make a spreadsheet read a text cell as a formula."""


def needs_escape(text: str) -> bool:
    """Whether a text cell gets a leading apostrophe: after any apostrophes, a formula character."""
    if not text:
        return False
    first = text[0]
    if first in FORMULA_STARTS:
        return True
    if first != "'":
        return False
    stripped = text.lstrip("'")
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def escape_formula(text: str) -> str:
    """The text as a spreadsheet shows it as text: an apostrophe in front where it needs one."""
    return "'" + text if needs_escape(text) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: the first of leading apostrophes before a formula character."""
    if text[:1] != "'":
        return text
    stripped = text.lstrip("'")
    if stripped and stripped[0] in FORMULA_STARTS:
        return text[1:]
    return text
