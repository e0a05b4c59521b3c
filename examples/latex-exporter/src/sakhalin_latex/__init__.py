"""A sakhalin exporter plugin: every fact of a battle as a LaTeX table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, ClassVar

import sakhalin

__all__ = ["LatexExporter", "escape"]

# Every character that means something to LaTeX, and how to write it as itself.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # After a row's "\\", a "[" would be read as the row's spacing argument.
    "[": "{[}",
    "]": "{]}",
}


def escape(text: str) -> str:
    """Text as LaTeX that typesets as that text: special characters escaped, lines joined."""
    return "".join(_SPECIAL.get(char, char) for char in " ".join(text.split()))


class LatexExporter:
    """The facts of each battle as a LaTeX ``tabular``: subject, attribute, value, citation."""

    name: ClassVar[str] = "latex"
    aliases: ClassVar[tuple[str, ...]] = ("tex",)
    extensions: ClassVar[tuple[str, ...]] = (".tex",)
    media_type: ClassVar[str] = "application/x-latex"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "the facts as a LaTeX table (booktabs), one table per battle"

    def __init__(self, *, standalone: bool = False, booktabs: bool = True) -> None:
        # Options are keyword arguments; `sakhalin export latex -O standalone=true` sets them.
        self.standalone = standalone
        self.booktabs = booktabs

    def write(self, battles: Iterable[sakhalin.Battle], stream: IO[str]) -> None:
        """Write one table per battle, streaming row by row."""
        top, middle, bottom = (
            (r"\toprule", r"\midrule", r"\bottomrule") if self.booktabs else (r"\hline",) * 3
        )
        if self.standalone:
            stream.write("\\documentclass{article}\n")
            if self.booktabs:
                stream.write("\\usepackage{booktabs}\n")
            stream.write("\\begin{document}\n")
        for battle in battles:
            stream.write(f"% {escape(battle.name)}\n")
            stream.write("\\begin{tabular}{llll}\n")
            stream.write(f"{top}\nSubject & Attribute & Value & Citation \\\\\n{middle}\n")
            for fact in sakhalin.facts(battle):
                cells = (fact.subject, fact.attribute, _text(fact.value), _text(fact.citation))
                stream.write(" & ".join(escape(cell) for cell in cells) + " \\\\\n")
            stream.write(f"{bottom}\n\\end{{tabular}}\n\n")
        if self.standalone:
            stream.write("\\end{document}\n")


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
