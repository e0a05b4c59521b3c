from __future__ import annotations

import subprocess
import sys

import sakhalin

PINNED = [
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


def test_public_names_are_pinned() -> None:
    """The public surface changes only on purpose: update PINNED and CHANGELOG.md together."""
    assert sakhalin.__all__ == PINNED


def test_all_is_sorted_and_resolves() -> None:
    """__all__ is sorted and every name in it exists."""
    assert sakhalin.__all__ == sorted(sakhalin.__all__)
    for name in sakhalin.__all__:
        assert hasattr(sakhalin, name), name


def test_version_matches_metadata() -> None:
    """__version__ is the version the package metadata declares."""
    from importlib.metadata import version

    assert sakhalin.__version__ == version("sakhalin") == "0.1.0"


def test_py_typed_is_shipped() -> None:
    """The package ships its py.typed marker."""
    from pathlib import Path

    assert (Path(sakhalin.__file__).parent / "py.typed").is_file()


def test_errors_share_one_base() -> None:
    """ValidationError is a SakhalinError and a ValueError."""
    assert issubclass(sakhalin.ValidationError, sakhalin.SakhalinError)
    assert issubclass(sakhalin.ValidationError, ValueError)


HEAVY = (
    "openpyxl",
    "mwparserfromhell",
    "wikitextparser",
    "importlib.metadata",
    "numpy",
    "pandas",
    "csv",
    "zipfile",
)


def test_import_pulls_in_nothing_heavy() -> None:
    """`import sakhalin; sakhalin.load()` imports no module the core does not need."""
    code = f"import sys, sakhalin; sakhalin.load(); print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_import_loads_only_core_third_party_packages() -> None:
    """After `import sakhalin` the only third-party packages loaded are attrs and cattrs."""
    code = (
        "import sys, sakhalin; sakhalin.load(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {m for m in eval(out) if not m.startswith("_")}
    assert loaded <= {"sakhalin", "attr", "attrs", "cattrs", "typing_extensions", "sitecustomize"}
