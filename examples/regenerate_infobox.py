"""Edit one fact of the embedded battle with attrs.evolve, and write its infobox again.

Usage: python examples/regenerate_infobox.py [FOLDER]

Later revisions of the source article add a Territory row; this script adds it to the
embedded battle and writes FOLDER/invasion-of-sakhalin.wiki, an {{Infobox military conflict}}
ready to paste into a wiki page (FOLDER defaults to the current folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

import sakhalin

TERRITORY = "Japanese occupation of Sakhalin"


def main(folder: Path) -> Path:
    """Write the edited infobox into the folder; return its path."""
    battle = sakhalin.load()
    # Frozen objects are not changed in place: evolve makes a new, validated battle.
    edited = attrs.evolve(battle, territory=TERRITORY)
    # A nested edit: the same figure, in the words later revisions use.
    japan, russia = edited.sides
    strength = attrs.evolve(russia.strength[0], text="7,280 men")
    edited = attrs.evolve(edited, sides=(japan, attrs.evolve(russia, strength=(strength,))))
    return sakhalin.write(edited, folder / "invasion-of-sakhalin.wiki")


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path()))
