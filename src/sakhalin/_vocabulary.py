"""The model's vocabularies: a date's precision, a figure's qualifier, a casualty's kind, a person's fate.

Each is a ``str`` enum: its members compare equal to their values (``"approximate"``), which
are what JSON, the facts table and the CLI write.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["WITHOUT_FIGURE", "CasualtyKind", "Fate", "Precision", "Qualifier"]


class Precision(enum.StrEnum):
    """How precisely a date is known: to the day, the month or the year.

    .. versionadded:: 0.1.0
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Qualifier(enum.StrEnum):
    """How a quantity was stated by its source.

    .. versionadded:: 0.1.0
    """

    EXACT = "exact"
    """A figure given as is: "14,000"."""
    APPROXIMATE = "approximate"
    """A rounded or hedged figure: "around 4000", "c. 281,000", "~300"."""
    ESTIMATED = "estimated"
    """A figure the source calls an estimate: "an estimated 30,000"."""
    NOMINAL = "nominal"
    """A figure on paper, not necessarily present: "a nominal strength of 7280 men"."""
    AT_LEAST = "at_least"
    """A lower bound: "over 150,000", "100,000+", "at least 7,000"."""
    AT_MOST = "at_most"
    """An upper bound: "up to 300,000"."""
    QUALITATIVE = "qualitative"
    """No figure, only words: "minimal", "heavy"."""
    UNKNOWN = "unknown"
    """The source says the figure is not known."""


class CasualtyKind(enum.StrEnum):
    """What kind of loss a casualty figure counts.

    .. versionadded:: 0.1.0
    """

    TOTAL = "total"
    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    MISSING = "missing"
    COMBINED = "combined"
    """Several kinds counted together ("1,800 killed or wounded"); :attr:`Casualty.combines` says which.

    .. versionadded:: 0.1.0
    """
    MATERIEL = "materiel"
    """Equipment, not people ("12 guns captured", "3 ships sunk"); the quantity's unit says what.

    .. versionadded:: 0.1.0
    """
    OTHER = "other"


class Fate(enum.StrEnum):
    """What became of a person in the battle, as the source marks it ("†", ``{{KIA}}``).

    .. versionadded:: 0.1.0
    """

    KILLED = "killed"
    """Killed in the battle, or died of wounds received in it ("†", ``{{KIA}}``, ``{{DOW}}``)."""
    WOUNDED = "wounded"
    """Wounded in the battle (``{{WIA}}``)."""
    CAPTURED = "captured"
    """Taken prisoner (``{{POW}}``)."""
    EXECUTED = "executed"
    """Executed after the battle (``{{Executed}}``)."""


WITHOUT_FIGURE: Final = frozenset({Qualifier.QUALITATIVE, Qualifier.UNKNOWN})
"""The qualifiers of a quantity that has no figure."""
