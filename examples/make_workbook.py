"""Write the embedded battle (the invasion of Sakhalin, 1905) to an Excel workbook.

Usage: python examples/make_workbook.py [FOLDER]

Writes FOLDER/invasion-of-sakhalin.xlsx (FOLDER defaults to the current folder) and prints its
path. Needs openpyxl, which sakhalin's xlsx extra installs; sakhalin is on no package index,
so install it from its checkout's folder: pip install '.[xlsx]' (or a wheel built from it,
'dist/sakhalin-0.1.0-py3-none-any.whl[xlsx]'; see the README).
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
