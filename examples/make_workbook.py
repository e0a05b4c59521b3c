"""Write the embedded battle (the invasion of Sakhalin, 1905) to an Excel workbook.

Usage: python examples/make_workbook.py [FOLDER]

Writes FOLDER/invasion-of-sakhalin.xlsx (FOLDER defaults to the current folder) and prints its
path. Needs the xlsx extra: pip install 'sakhalin[xlsx]'.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sakhalin


def main(folder: Path) -> Path:
    """Write the workbook into the folder; return its path."""
    battle = sakhalin.load()
    return sakhalin.write(battle, folder / "invasion-of-sakhalin.xlsx")


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path()))
