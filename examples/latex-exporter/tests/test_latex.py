"""Tests of the LaTeX exporter plugin, on its own and through sakhalin's API."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sakhalin_latex import LatexExporter, escape

import sakhalin

# How each escape typesets: the inverse of sakhalin_latex's table, written out independently.
TYPESETS_AS = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textbar{}": "|",
    "{[}": "[",
    "{]}": "]",
    **{f"\\{c}": c for c in "&%$#_{}"},
}
TOKEN = re.compile("|".join(re.escape(k) for k in sorted(TYPESETS_AS, key=len, reverse=True)) + "|.", re.S)


def typeset(latex: str) -> str:
    """The text a LaTeX cell shows, for the escapes the exporter uses; fails on a bare special."""
    out = []
    for token in TOKEN.findall(latex):
        if token in TYPESETS_AS:
            out.append(TYPESETS_AS[token])
        else:
            assert token not in "\\&%$#_{}~^[]", f"unescaped {token!r} in {latex!r}"
            out.append(token)
    return "".join(out)


def rows(latex: str) -> list[list[str]]:
    """The cells of each table row (between the rules), as the text they typeset as."""
    found = []
    for line in latex.splitlines():
        if line.endswith(" \\\\") and not line.startswith("Subject &"):
            found.append([typeset(cell) for cell in line[: -len(" \\\\")].split(" & ")])
    return found


@given(st.text())
def test_escape_typesets_as_the_text(text: str) -> None:
    """Any text, once escaped, typesets as that same text (whitespace collapsed)."""
    assert typeset(escape(text)) == " ".join(text.split())


def test_escape_of_each_special_character() -> None:
    """Each of LaTeX's special characters gets its own escape."""
    assert escape(r"50% of $5 & #1_{a}~^\ [x]") == (
        r"50\% of \$5 \& \#1\_\{a\}\textasciitilde{}\textasciicircum{}\textbackslash{} {[}x{]}"
    )


def test_meets_the_exporter_contract() -> None:
    """The class has every attribute sakhalin's Exporter protocol asks for."""
    assert isinstance(LatexExporter(), sakhalin.Exporter)


def test_a_latex_parser_reads_the_facts_back() -> None:
    """pylatexenc, a LaTeX parser, reads each cell of the table as the fact's own text."""
    from pylatexenc.latex2text import LatexNodes2Text

    battle = sakhalin.load()
    stream = io.StringIO()
    LatexExporter().write([battle], stream)
    lines = [line for line in stream.getvalue().splitlines() if line.endswith(" \\\\")][1:]
    to_text = LatexNodes2Text()
    for line, fact in zip(lines, sakhalin.facts(battle), strict=True):
        cells = [to_text.latex_to_text(cell) for cell in line.removesuffix(" \\\\").split(" & ")]
        value = "" if fact.value is None else str(fact.value)
        assert cells[:3] == [" ".join(text.split()) for text in (fact.subject, fact.attribute, value)]


def test_table_rows_hold_the_facts() -> None:
    """Every fact of the embedded battle is one row: subject, attribute, value, citation."""
    battle = sakhalin.load()
    stream = io.StringIO()
    LatexExporter().write([battle], stream)
    found = rows(stream.getvalue())
    expected = [
        [
            f.subject,
            f.attribute,
            "" if f.value is None else str(f.value),
            "" if f.citation is None else str(f.citation),
        ]
        for f in sakhalin.facts(battle)
    ]
    assert found == [[" ".join(cell.split()) for cell in row] for row in expected]
    assert ["Russian Empire", "strength", "7280", "wikipedia, infobox row 'Strength'"] in found


@pytest.mark.parametrize(("booktabs", "rule"), [(True, r"\toprule"), (False, r"\hline")])
def test_standalone_document(booktabs: bool, rule: str) -> None:
    """With standalone, the output is a whole document, with the rules asked for."""
    stream = io.StringIO()
    LatexExporter(standalone=True, booktabs=booktabs).write([sakhalin.load()], stream)
    text = stream.getvalue()
    assert text.startswith("\\documentclass{article}\n")
    assert text.rstrip().endswith("\\end{document}")
    assert rule in text
    assert ("\\usepackage{booktabs}" in text) is booktabs


def test_hostile_battle_name_is_escaped() -> None:
    """A name full of LaTeX specials comes out as text, in the comment and in the rows."""
    battle = sakhalin.load()
    hostile = battle.__class__(
        name="\\input{/etc/passwd} 100% & more", sides=battle.sides, sources=battle.sources
    )
    stream = io.StringIO()
    LatexExporter().write([hostile], stream)
    text = stream.getvalue()
    assert "\\input{" not in text
    assert rows(text)[0][2] == "\\input{/etc/passwd} 100% & more"
