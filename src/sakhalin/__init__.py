"""sakhalin: a typed model of a battle, with exporters to CSV, Excel, Markdown and wikitext.

The embedded default is the Japanese invasion of Sakhalin (July 1905), the last land
battle of the Russo-Japanese War; the same model describes any battle that Wikipedia's
``{{Infobox military conflict}}`` can describe.
"""

from typing import TYPE_CHECKING, Any

from sakhalin._errors import (
    MissingDependencyError,
    OptionError,
    ReadError,
    SakhalinError,
    UnknownFormatError,
    ValidationError,
)
from sakhalin._load import load
from sakhalin._model import (
    Battle,
    Belligerent,
    Casualties,
    Casualty,
    CasualtyKind,
    Citation,
    Coordinates,
    DateRange,
    Event,
    Fate,
    LocalName,
    Organisation,
    Person,
    Place,
    Precision,
    Qualifier,
    Quantity,
    Side,
    Source,
    Statement,
    War,
)

if TYPE_CHECKING:
    from sakhalin._api import export, read, write
    from sakhalin._apply import apply
    from sakhalin._facts import FACT_COLUMNS, Fact, facts
    from sakhalin._records import to_records
    from sakhalin._structure import from_dict, to_dict
    from sakhalin.exporters import Exporter
    from sakhalin.readers import Reader

__version__ = "0.1.0"

# Names whose modules load on first use, so that ``import sakhalin`` stays fast (see
# docs/performance.md): the formats, the facts table and the converter are not needed to
# load the embedded battle.
_LAZY = {
    "FACT_COLUMNS": "sakhalin._facts",
    "apply": "sakhalin._apply",
    "Exporter": "sakhalin.exporters",
    "Fact": "sakhalin._facts",
    "Reader": "sakhalin.readers",
    "export": "sakhalin._api",
    "facts": "sakhalin._facts",
    "from_dict": "sakhalin._structure",
    "read": "sakhalin._api",
    "to_dict": "sakhalin._structure",
    "to_records": "sakhalin._records",
    "write": "sakhalin._api",
}


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'sakhalin' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Battle",
    "Belligerent",
    "Casualties",
    "Casualty",
    "CasualtyKind",
    "Citation",
    "Coordinates",
    "DateRange",
    "Event",
    "Exporter",
    "FACT_COLUMNS",
    "Fact",
    "Fate",
    "LocalName",
    "MissingDependencyError",
    "OptionError",
    "Organisation",
    "Person",
    "Place",
    "Precision",
    "Qualifier",
    "Quantity",
    "ReadError",
    "Reader",
    "SakhalinError",
    "Side",
    "Source",
    "Statement",
    "UnknownFormatError",
    "ValidationError",
    "War",
    "__version__",
    "apply",
    "export",
    "facts",
    "from_dict",
    "load",
    "read",
    "to_dict",
    "to_records",
    "write",
]
