"""Small hostile files cost little: every reader's time and memory grow at most linearly.

Bounds are asserted with operation counts, or with CPU time relative to the same reader on an
ordinary input of the same size (never a wall-clock threshold): a quadratic or exponential
path is hundreds of times slower than its ordinary twin at these sizes, a linear one is not.
Each limit that refuses input is checked to give one line naming the file, the place and
the option that raises it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sakhalin
from sakhalin._wiki_parse import parse_casualty_items
from sakhalin.readers import _wikitext

INFOBOX = "{{{{Infobox military conflict\n|conflict=A\n|{param}={value}\n}}}}\n"


def cpu(fn: Callable[[], Any], runs: int = 3) -> float:
    """The least CPU time of some runs of fn, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def read_wiki(tmp_path: Path, text: str, **options: Any) -> list[sakhalin.Battle]:
    """Every battle of a .wiki file holding text."""
    path = tmp_path / "page.wiki"
    path.write_text(text, encoding="utf-8")
    return list(sakhalin.read(path, **options))


def refusal(tmp_path: Path, text: str, **options: Any) -> str:
    """The one-line ReadError reading text as a .wiki file gives."""
    with pytest.raises(sakhalin.ReadError) as info:
        read_wiki(tmp_path, text, **options)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(tmp_path / "page.wiki") + ": line ")
    return message


# ------------------------------------------------------------ 1: nested templates walk once


def walks(value: str) -> int:
    """How many times the reader walks a piece of parsed wikitext turning value into plain text."""
    calls = 0
    walk = _wikitext._Plain.walk

    def counted(self: Any, *args: Any, **kwargs: Any) -> str:
        nonlocal calls
        calls += 1
        return walk(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_wikitext._Plain, "walk", counted)
        _wikitext.plain_lines(mwparserfromhell.parse(value))
    return calls


@given(
    templates=st.lists(
        st.sampled_from(["flag", "flagcountry", "flagicon", "nowrap", "hms", "ship"]), max_size=14
    )
)
def test_nested_templates_are_walked_once_per_level(templates: list[str]) -> None:
    """Templates that show their argument (flag, nowrap, ship) nested n deep cost O(n) walks, not 2**n."""
    value = "X"
    for name in templates:
        value = f"{{{{{name}|{value}|y}}}}"
    assert walks(value) <= 3 * len(templates) + 1


def test_twenty_nested_flags_read_the_country(tmp_path: Path) -> None:
    """Twenty nested {{flag}} templates (exponential before) read as the country, flag and all."""
    value = "Japan"
    for _ in range(20):
        value = f"{{{{flag|{value}}}}}"
    (battle,) = read_wiki(tmp_path, INFOBOX.format(param="combatant1", value=value))
    belligerent = battle.sides[0].belligerents[0]
    assert (belligerent.name, belligerent.flag) == ("Japan", "Japan")


# ------------------------------------------------------------ 2: casualty splitter is linear


@pytest.mark.parametrize(
    "filler",
    ["\xa0", " ", "\xa0and", " x", "\u2003"],
    ids=["no-break spaces", "spaces", "and", "words", "em spaces"],
)
def test_casualty_items_cost_linear_time_in_runs_of_spaces(filler: str) -> None:
    """A casualty text with a long run of (no-break) spaces costs what an ordinary text of its size costs."""
    size = 12_000
    hostile = "1 dead" + filler * (size // len(filler)) + "x("
    ordinary = ("1 dead, 2 wounded; " * size)[:size]
    assert (
        cpu(lambda: parse_casualty_items(hostile)) < 20 * cpu(lambda: parse_casualty_items(ordinary)) + 0.01
    )


def test_casualty_items_unchanged_by_the_linear_patterns() -> None:
    """The linear patterns split and label as before: separators after spaces, labels trimmed."""
    items = parse_casualty_items("181\xa0dead  and 3,270 prisoners ; ; 12 wounded\xa0(est.)")
    assert [(c.kind.value, c.quantity.value, c.label) for c in items] == [
        ("killed", 181, "dead"),
        ("captured", 3270, "prisoners"),
        ("wounded", 12, "wounded"),
    ]


# ------------------------------------------------------------ 7: the parser's input is bounded


@pytest.mark.parametrize(
    ("piece", "option"),
    [
        ("[http://a ", "max_lookahead"),  # 16,000 of these took 54 s
        ("<b ", "max_lookahead"),  # a tag never closed: the parser reads its attributes to the end
        ("<b>", "max_lookahead"),
        ("<!--", "max_lookahead"),
        ("[[a|", "max_lookahead"),
        ("|", "max_markup"),  # a million pipes took 898 MB and 50 s
        ("<br>", "max_markup"),
        ("\n*a", "max_markup"),
    ],
)
def test_markup_that_would_cost_the_parser_dear_is_refused_before_parsing(
    tmp_path: Path, piece: str, option: str
) -> None:
    """Open markup repeated, or a flood of markup, is refused before parsing in one line naming the option."""
    text = INFOBOX.format(param="result", value=piece * (20_000 // len(piece)))
    options = {"max_markup": 5_000} if option == "max_markup" else {}
    assert f"raise {option} to read it" in refusal(tmp_path, text, **options)


def test_the_limits_are_options(tmp_path: Path) -> None:
    """max_markup and max_lookahead refuse at what they are set to, and let through what is under them."""
    text = INFOBOX.format(param="result", value="[[a|b]] " * 50)
    assert read_wiki(tmp_path, text, max_markup=200)[0].result == "b " * 49 + "b"
    assert "more than 100 pieces of markup (raise max_markup" in refusal(tmp_path, text, max_markup=100)
    unclosed = INFOBOX.format(param="result", value="<b " * 3 + "x" * 100_000)
    assert "read ahead more than 1 times" in refusal(tmp_path, unclosed, max_lookahead=1)
    assert read_wiki(tmp_path, unclosed, max_lookahead=6)[0].name == "A"
    with pytest.raises(sakhalin.OptionError, match="max_markup"):
        sakhalin.read(tmp_path / "page.wiki", max_markup=0)


def test_closed_markup_reads_however_much_it_nests(tmp_path: Path) -> None:
    """Tags, links and templates that close, nested or not, cost no look-ahead: a long page of them reads."""
    block = "<div><ref name=a/>{{nowrap|[[A|B]]}} [http://x.example y] <!-- c --><ref>r</ref></div>\n"
    text = "<div>" + block * 2_000 + "</div>" + INFOBOX.format(param="result", value="win")
    assert read_wiki(tmp_path, text, max_lookahead=1)[0].result == "win"


@given(
    pieces=st.lists(
        st.sampled_from(
            ["[http://a ", "<b ", "<i>", "<!--", "[[a|", "{{a|", "}}", "]]", "|", "-->", ">", "x y "]
        ),
        min_size=1,
        max_size=8,
    ),
    times=st.integers(1, 4),
)
@settings(max_examples=12)
def test_reading_grown_hostile_markup_costs_linear_time(pieces: list[str], times: int) -> None:
    """Any mix of open markup, grown to 15 KB, reads or is refused within a linear budget of CPU time.

    The budget: 200 times what reading an ordinary page of the same size costs (quadratic
    paths in the parser cost thousands of times that at this size).
    """
    unit = "".join(pieces) * times
    body = (unit * (15_000 // len(unit) + 1))[:15_000]
    hostile = INFOBOX.format(param="result", value=body)
    ordinary = INFOBOX.format(param="result", value=("[[a|b]] c " * 1_500)[:15_000])

    def attempt(text: str) -> str:
        try:
            list(_wikitext.WikitextReader().read(io.StringIO(text), "page.wiki"))
        except sakhalin.ReadError as exc:
            return str(exc)
        return ""

    assert "\n" not in attempt(hostile)
    assert cpu(lambda: attempt(hostile), runs=1) < 200 * cpu(lambda: attempt(ordinary)) + 0.05
