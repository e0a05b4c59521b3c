"""sakhalin: a typed model of a battle, with exporters to CSV, Excel, Markdown and wikitext.

The embedded default is the Japanese invasion of Sakhalin (July 1905), the last land
battle of the Russo-Japanese War; the same model describes any battle that Wikipedia's
``{{Infobox military conflict}}`` can describe.
"""

from sakhalin._api import export, read, write
from sakhalin._convert import from_dict, to_dict
from sakhalin._errors import (
    MissingDependencyError,
    OptionError,
    ReadError,
    SakhalinError,
    UnknownFormatError,
    ValidationError,
)
from sakhalin._facts import FACT_COLUMNS, Fact, facts
from sakhalin._load import load
from sakhalin._model import (
    Battle,
    Belligerent,
    Casualties,
    Casualty,
    CasualtyKind,
    Citation,
    DateRange,
    Event,
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
from sakhalin.exporters import Exporter
from sakhalin.readers import Reader

__version__ = "0.1.0"

__all__ = [
    "Battle",
    "Belligerent",
    "Casualties",
    "Casualty",
    "CasualtyKind",
    "Citation",
    "DateRange",
    "Event",
    "Exporter",
    "FACT_COLUMNS",
    "Fact",
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
    "export",
    "facts",
    "from_dict",
    "load",
    "read",
    "to_dict",
    "write",
]
