"""A battle's summary for people: the lines ``sakhalin show`` prints, the table a notebook shows.

Both come from the same fields worded the same way (by :mod:`sakhalin._wording`, as the
Markdown and XLSX outputs word them): the infobox's rows (part of, date,
location, result, territory), then each side's belligerents, commanders, units, strength and
losses, then how many people, events, statements and sources the story holds.
"""

from __future__ import annotations

from html import escape

from sakhalin._model import Battle, Side
from sakhalin._wording import date_text, quantity_text

__all__ = ["battle_html", "battle_lines"]


def _overview(battle: Battle) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if battle.war is not None:
        rows.append(("Part of", battle.war.name))
    if battle.date is not None:
        rows.append(("Date", date_text(battle.date)))
    if battle.place is not None:
        rows.append(("Location", battle.place.name))
    if battle.result is not None:
        rows.append(("Result", battle.result))
    if battle.territory is not None:
        rows.append(("Territory", battle.territory))
    return rows


def _side_rows(side: Side) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if side.commanders:
        rows.append(("Commanders", ", ".join(p.name for p in side.commanders)))
    if side.units:
        rows.append(("Units", ", ".join(side.units)))
    if side.strength:
        rows.append(("Strength", "; ".join(quantity_text(q) for q in side.strength)))
    if side.casualties is not None:
        rows.append(("Casualties", side.casualties.text))
    return rows


def _counts(battle: Battle) -> str:
    return (
        f"{len(battle.people)} other people, {len(battle.events)} events, "
        f"{len(battle.statements)} statements, {len(battle.sources)} sources"
    )


def battle_lines(battle: Battle) -> list[str]:
    """The summary ``sakhalin show`` prints, line by line (the texts as they are, unescaped)."""
    lines = [battle.name, "=" * len(battle.name)]
    for local in battle.names:
        roman = f" ({local.romanisation})" if local.romanisation else ""
        lines.append(f"{local.lang}: {local.name}{roman}")
    lines.extend(f"{label}: {value}" for label, value in _overview(battle))
    for number, side in enumerate(battle.sides, 1):
        lines.extend(["", f"Side {number}: {side.name}"])
        lines.extend(f"  {label}: {value}" for label, value in _side_rows(side))
    if battle.joint_casualties is not None:
        lines.extend(["", f"All sides: {battle.joint_casualties.text}"])
    lines.extend(["", _counts(battle)])
    return lines


def battle_html(battle: Battle) -> str:
    """The summary as one HTML table: the overview rows, then a column for each side.

    Every text is escaped: a battle read from a stranger's file cannot add markup or script.
    """
    columns = len(battle.sides)
    out = [
        '<table class="sakhalin-battle">',
        f'<caption style="font-weight: bold">{escape(battle.name)}</caption>',
    ]
    for label, value in _overview(battle):
        out.append(
            f'<tr><th style="text-align: left">{label}</th><td colspan="{columns}">{escape(value)}</td></tr>'
        )
    out.append("<tr><th></th>" + "".join(f"<th>{escape(side.name)}</th>" for side in battle.sides) + "</tr>")
    per_side = [dict(_side_rows(side)) for side in battle.sides]
    for label in ("Commanders", "Units", "Strength", "Casualties"):
        if any(label in rows for rows in per_side):
            cells = "".join(f"<td>{escape(rows.get(label, ''))}</td>" for rows in per_side)
            out.append(f'<tr><th style="text-align: left">{label}</th>{cells}</tr>')
    if battle.joint_casualties is not None:
        out.append(
            f'<tr><th style="text-align: left">All sides</th>'
            f'<td colspan="{columns}">{escape(battle.joint_casualties.text)}</td></tr>'
        )
    out.append(f'<tr><td colspan="{columns + 1}"><small>{escape(_counts(battle))}</small></td></tr>')
    out.append("</table>")
    return "\n".join(out)
