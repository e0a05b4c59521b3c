"""The facts table's schema: its columns, the :class:`Fact` row, and what a row's cells are."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import TypeAlias

import attrs

from sakhalin._model import Citation

__all__ = ["FACT_COLUMNS", "Fact", "FactRow", "FactValue", "Record", "is_citation_path", "value_type"]

FactValue: TypeAlias = str | int | datetime.date | None

FACT_COLUMNS: tuple[str, ...] = (
    "battle",
    "subject",
    "attribute",
    "value",
    "value_end",
    "unit",
    "qualifier",
    "wording",
    "citation",
    "path",
    "type",
    "cite_source",
    "cite_infobox_row",
    "cite_section",
    "cite_paragraph",
)
"""The columns of the facts table, in order.

``battle`` (the battle's name), ``subject``, ``attribute`` and ``value`` say the fact;
``value_end`` is the other end of a range, ``unit`` what a figure counts, ``qualifier`` how a
figure is known or how precise a date is, ``wording`` the words a figure or date was stated
in, and ``citation`` where the fact stands, as one line of text. The rest make the table
lossless: ``path`` is the place in the model (``sides[1].strength[0]``), ``type`` says what
``value`` holds (``int``, ``date``, ``text``, or empty), and ``cite_source``,
``cite_infobox_row``, ``cite_section`` and ``cite_paragraph`` hold the parts of a citation on
the row that stands for it (a path ending in ``citation``; the citation's note is its
``value``).
"""

FactRow: TypeAlias = tuple[FactValue, ...]
"""A row's cells in :data:`FACT_COLUMNS` order, as :meth:`Fact.as_tuple` gives them."""

Record: TypeAlias = Sequence[FactValue]
"""A row's cells in :data:`FACT_COLUMNS` order (more cells after them are ignored)."""

# The place of each column in a row (a FactRow or a Record).
(
    BATTLE,
    SUBJECT,
    ATTRIBUTE,
    VALUE,
    VALUE_END,
    UNIT,
    QUALIFIER,
    WORDING,
    CITATION,
    PATH,
    TYPE,
    CITE_SOURCE,
    CITE_INFOBOX_ROW,
    CITE_SECTION,
    CITE_PARAGRAPH,
) = range(len(FACT_COLUMNS))

_CITATION_PATH = re.compile(r"(?:^|\.)(?:citation|citations\[\d+\]|infobox_citation)$")


def is_citation_path(path: str) -> bool:
    """Whether a row with this path stands for a citation object (a path ending in ``citation``)."""
    return _CITATION_PATH.search(path) is not None


def value_type(value: FactValue) -> str | None:
    """What a ``value`` cell holds, for the ``type`` column: ``int``, ``date``, ``text`` or ``None``."""
    if value is None:
        return None
    if value.__class__ is str:
        return "text"
    if isinstance(value, bool):
        raise TypeError(f"a fact value cannot be a boolean ({value!r})")
    if isinstance(value, int):
        return "int"
    if isinstance(value, datetime.date):
        return "date"
    return "text"


@attrs.frozen(kw_only=True)
class Fact:
    """One row of the facts table.

    ``value`` is typed: an ``int`` for a figure, a :class:`datetime.date` for a date,
    otherwise text. ``value_end`` is the other end of a range (of figures or dates).
    ``qualifier`` says how a figure is known (``exact``, ``nominal``, ...) or how
    precise a date is (``day``, ``month``, ``year``); ``wording`` keeps the words a
    figure or a date was stated in. ``path`` names the place in the model the fact
    comes from (``sides[1].strength[0]``); ``citation`` is the citation that applies.
    On a citation row (``path`` ending in ``citation``) the citation is the fact itself.
    For a data frame with one column per field, use :func:`sakhalin.to_records` (or
    :meth:`as_dict`).

    .. versionadded:: 0.1.0
    """

    battle: str
    subject: str
    attribute: str
    value: FactValue
    value_end: FactValue = None
    unit: str | None = None
    qualifier: str | None = None
    citation: Citation | None = None
    path: str = ""
    wording: str | None = None
    """The words a quantity or a date was stated in ("7280 men", "7 July – 31 July 1905")."""

    @property
    def value_type(self) -> str | None:
        """What ``value`` holds: ``"int"``, ``"date"``, ``"text"``, or ``None`` when empty."""
        return value_type(self.value)

    @property
    def is_citation(self) -> bool:
        """Whether the row stands for a citation object (its ``citation``)."""
        return is_citation_path(self.path)

    def as_tuple(self) -> FactRow:
        """The row's cells in :data:`FACT_COLUMNS` order, the citation as text."""
        cite = self.citation if self.is_citation else None
        return (
            self.battle,
            self.subject,
            self.attribute,
            self.value,
            self.value_end,
            self.unit,
            self.qualifier,
            self.wording,
            None if self.citation is None else str(self.citation),
            self.path,
            self.value_type,
            None if cite is None else cite.source,
            None if cite is None else cite.infobox_row,
            None if cite is None else cite.section,
            None if cite is None else cite.paragraph,
        )

    def as_dict(self) -> dict[str, FactValue]:
        """The row as a mapping of :data:`FACT_COLUMNS` to cells, as :func:`battles_from_facts` reads it."""
        return dict(zip(FACT_COLUMNS, self.as_tuple(), strict=True))
