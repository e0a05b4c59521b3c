"""Real infoboxes scored against what a careful reader expects (tests/fixtures/infobox/expected.json)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import sakhalin as s
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "infobox"
EXPECTED: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
ENTRIES = sorted(key for key in EXPECTED if not key.startswith("_"))

KNOWN_FAILURES: dict[str, str] = {
    # "entry: check": "why it is not met yet"
}
"""Expectations the reader does not meet yet, each with the reason."""


def path_of(entry: dict[str, Any]) -> Path:
    file: str = entry["file"]
    return SHARED / file.removeprefix("shared:") if file.startswith("shared:") else ROOT / file


def battle_of(key: str) -> s.Battle:
    path = path_of(EXPECTED[key])
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus is read in place)")
    return next(iter(s.read(path)))


def _figure_category(kind: str | None, high: object, qualifier: str) -> str:
    if kind == "combined":
        return "combined"
    if kind == "materiel":
        return "materiel"
    if high is not None:
        return "ranges"
    return "hedged" if qualifier != "exact" else "figures"


def _take(found: list[tuple[Any, ...]], want: tuple[Any, ...]) -> bool:
    """Whether ``want`` is among ``found`` (as a prefix of an item), taking it out."""
    for i, item in enumerate(found):
        if item[: len(want)] == want:
            del found[i]
            return True
    return False


def checks(key: str, battle: s.Battle) -> list[tuple[str, str, bool]]:
    """Every expectation of the entry as (category, what, whether it holds)."""
    want = EXPECTED[key]["expect"]
    out: list[tuple[str, str, bool]] = []
    date = battle.date
    for field, value in want.get("date", {}).items():
        got: Any = getattr(date, field, None) if date is not None else None
        got = got.isoformat() if hasattr(got, "isoformat") else (str(got) if field == "precision" else got)
        out.append(("dates", f"date.{field} = {value}", got == value))
    if "coordinates" in want:
        c = battle.coordinates
        expected = want["coordinates"]
        if expected is None:
            out.append(("coordinates", "no coordinates", c is None or c.latitude is None))
        else:
            held = (
                c is not None
                and c.latitude is not None
                and c.longitude is not None
                and abs(c.latitude - expected[0]) < 1e-4
                and abs(c.longitude - expected[1]) < 1e-4
            )
            out.append(("coordinates", f"coordinates = {expected}", held))
    if "war" in want:
        out.append(("war", f"war = {want['war']}", (battle.war.name if battle.war else None) == want["war"]))
    belligerents = {b.name: b for side in battle.sides for b in side.belligerents}
    people = {p.name: p for side in battle.sides for p in side.commanders}
    for family in ("belligerents", "commanders"):
        for n, names in enumerate(want.get(family, [])):
            if names is None:
                continue
            side = battle.sides[n] if n < len(battle.sides) else None
            got = [] if side is None else [x.name for x in getattr(side, family)]
            category = "belligerents" if family == "belligerents" else "people"
            for i, name in enumerate(names):
                out.append((category, f"{family}[{n}][{i}] = {name}", i < len(got) and got[i] == name))
            out.append((category, f"{family}[{n}] has {len(names)}", len(got) == len(names)))
    for field, pool, attribute in (
        ("groups", belligerents, "group"),
        ("notes", belligerents, "note"),
        ("fates", people, "fate"),
        ("roles", people, "role"),
    ):
        for name, value in want.get(field, {}).items():
            got = getattr(pool[name], attribute) if name in pool else "(missing)"
            got = str(got) if got is not None and attribute == "fate" else got
            out.append(("role lines", f"{attribute} of {name} = {value}", got == value))
    for n, items in enumerate(want.get("strength", [])):
        side = battle.sides[n] if n < len(battle.sides) else None
        found: list[tuple[Any, ...]] = [
            (q.value, q.high, str(q.qualifier), q.unit) for q in (side.strength if side else ())
        ]
        for item in items:
            category = _figure_category(None, item[1], item[2])
            out.append((category, f"strength[{n}] has {item}", _take(found, tuple(item))))
    rows = [side.casualties for side in battle.sides]
    for field, per_side in (("casualties", want.get("casualties", [])), ("joint", [want.get("joint")])):
        for n, items in enumerate(per_side):
            if items is None:
                continue
            row = battle.joint_casualties if field == "joint" else (rows[n] if n < len(rows) else None)
            found = [
                (str(i.kind), i.quantity.value, i.quantity.high, str(i.quantity.qualifier))
                + ((tuple(str(k) for k in i.combines),) if i.combines else ())
                + ((i.quantity.unit,) if str(i.kind) == "materiel" else ())
                for i in (row.items if row else ())
            ]
            for item in items:
                wanted = tuple(tuple(x) if isinstance(x, list) else x for x in item)
                category = _figure_category(item[0], item[2], item[3])
                out.append((category, f"{field}[{n}] has {item}", _take(found, wanted)))
    for n, groups in enumerate(want.get("casualty_groups", [])):
        row = rows[n] if n < len(rows) else None
        by_value = {str(i.quantity.value): i.group for i in (row.items if row else ())}
        for value, group in groups.items():
            out.append(
                ("role lines", f"casualty {value} of side {n} under {group}", by_value.get(value) == group)
            )
    return out


@pytest.mark.parametrize("key", ENTRIES)
def test_every_careful_expectation_holds(key: str) -> None:
    """Each real infobox is typed as a careful reader expects, but for the known failures listed."""
    unmet = [what for _, what, held in checks(key, battle_of(key)) if not held]
    assert [w for w in unmet if f"{key}: {w}" not in KNOWN_FAILURES] == []


def test_known_failures_are_still_failures() -> None:
    """A known failure that now holds is taken off the list."""
    for name in KNOWN_FAILURES:
        key, _, what = name.partition(": ")
        if not path_of(EXPECTED[key]).exists():
            continue
        held = {w: ok for _, w, ok in checks(key, battle_of(key))}
        assert held.get(what) is False, name


@pytest.mark.parametrize("key", ENTRIES)
def test_read_and_written_back_losslessly(key: str, tmp_path: Path) -> None:
    """Every corpus file reads, and writes back every parameter with its value; read again, it is equal."""
    battle = battle_of(key)
    back = s.load(s.write(battle, tmp_path / "back.wiki"))
    assert back == battle
    assert back.infobox_params == battle.infobox_params


def score() -> dict[str, tuple[int, int]]:
    """Per category: (expectations met, expectations), over every entry whose file is here."""
    met: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for key in ENTRIES:
        if not path_of(EXPECTED[key]).exists():
            continue
        for category, _, held in checks(key, next(iter(s.read(path_of(EXPECTED[key]))))):
            total[category] += 1
            met[category] += held
    return {category: (met[category], total[category]) for category in sorted(total)}


def test_score_is_at_least_97_percent() -> None:
    """Over the whole corpus, at least 97% of a careful reader's expectations hold."""
    result = score()
    met = sum(m for m, _ in result.values())
    total = sum(t for _, t in result.values())
    assert total > 0 and met / total >= 0.97, result
