"""The facts table as records: one mapping per fact, for pandas and other table tools."""

from __future__ import annotations

from collections.abc import Iterable

from sakhalin._facts import FACT_COLUMNS, FactValue, fact_rows
from sakhalin._model import Battle

__all__ = ["to_records"]


def to_records(battles: Battle | Iterable[Battle]) -> list[dict[str, FactValue]]:
    """The facts table of one battle or several, as one dict per fact keyed by :data:`FACT_COLUMNS`.

    Each record holds the cells the CSV exporter writes, with their Python types: figures
    are ``int``, dates :class:`datetime.date`, the citation is its text and its parts are in
    the ``cite_*`` columns. ``pandas.DataFrame(sakhalin.to_records(battle))`` (or
    ``pandas.DataFrame.from_records``) makes one column per field, in :data:`FACT_COLUMNS`
    order; so do ``polars.DataFrame`` and ``csv.DictWriter``.

    Args:
        battles: a battle, or an iterable of battles (their rows follow one another).

    Returns:
        A new list of new dicts, one per row of :func:`sakhalin.facts`, in the same order.

    Examples:
        >>> records = sakhalin.to_records(sakhalin.load())
        >>> list(records[0])[:4]
        ['battle', 'subject', 'attribute', 'value']
        >>> records[0]["attribute"], records[0]["value"]
        ('name', 'Invasion of Sakhalin')

    .. versionadded:: 0.1.0

    """
    many = (battles,) if isinstance(battles, Battle) else battles
    return [dict(zip(FACT_COLUMNS, row, strict=True)) for battle in many for row in fact_rows(battle)]
