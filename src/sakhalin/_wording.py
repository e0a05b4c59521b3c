"""Words for people: how a quantity, a date and a person read in every output made for reading.

The Markdown tables, the XLSX summary sheets and ``sakhalin show`` word these the same way,
through these functions (the facts table keeps the parts themselves: figure, unit,
qualifier, the source's own words). A value stated in words keeps its words; one without
them is worded from its parts.
"""

from __future__ import annotations

import datetime

from sakhalin._model import DateRange, Person, Precision, Qualifier, Quantity

__all__ = ["date_text", "figure", "iso_date", "person_text", "qualifier_text", "quantity_text"]

_PREFIX = {
    Qualifier.APPROXIMATE: "c. ",
    Qualifier.ESTIMATED: "est. ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.AT_MOST: "up to ",
}


def qualifier_text(qualifier: Qualifier) -> str:
    """A qualifier in words: ``at least``, not its code ``at_least``."""
    return str(qualifier).replace("_", " ")


def figure(quantity: Quantity) -> str:
    """A quantity's figure in plain digits, a range as ``low–high``; empty when it has none."""
    if quantity.value is None:
        return ""
    return str(quantity.value) if quantity.high is None else f"{quantity.value}–{quantity.high}"


def quantity_text(quantity: Quantity) -> str:
    """A quantity as its source words it, or worded from its figure, unit and qualifier.

    ``c. 7,280 men``, ``at least 500``, ``3,000 men (nominal)``; ``unknown`` without a figure.
    """
    if quantity.text is not None:
        return quantity.text
    if quantity.value is None:
        return "unknown"
    words = f"{quantity.value:,}"
    if quantity.high is not None:
        words += f"–{quantity.high:,}"
    if quantity.unit is not None:
        words += f" {quantity.unit}"
    words = _PREFIX.get(quantity.qualifier, "") + words
    return f"{words} (nominal)" if quantity.qualifier is Qualifier.NOMINAL else words


def _day(value: datetime.date, precision: Precision) -> str:
    if precision is Precision.YEAR:
        return f"{value.year:04d}"
    if precision is Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def iso_date(date: DateRange) -> str:
    """A date range in ISO 8601 to its precision: ``1905-06-07``, ``1875``, ``1905-07-07/1905-07-31``."""
    if date.start is None or date.end is None:
        return ""
    first, last = _day(date.start, date.precision), _day(date.end, date.precision)
    return first if first == last else f"{first}/{last}"


def date_text(date: DateRange) -> str:
    """A date as its source words it, or in ISO 8601 to its precision when it has no wording."""
    return date.text if date.text is not None else iso_date(date)


def person_text(person: Person) -> str:
    """A person by name, with the full name after it when there is one: ``Lyapunov (Mikhail Lyapunov)``."""
    return person.name if person.full_name is None else f"{person.name} ({person.full_name})"
