"""Load a battle from {{Infobox military conflict}} markup, look at it, save it as JSON.

Usage: python examples/load_infobox.py [FOLDER]

The markup below is a short infobox of the Battle of Mukden (1905), written for this example.
The script saves it as FOLDER/battle-of-mukden.wiki, loads it into the battle model, prints a
summary and writes the model as FOLDER/battle-of-mukden.json (FOLDER defaults to the current
folder). Needs mwparserfromhell, which sakhalin's wikitext extra installs; sakhalin is on no
package index, so install it from its checkout's folder: pip install '.[wikitext]' (or a wheel
built from it, 'dist/sakhalin-0.1.0-py3-none-any.whl[wikitext]'; see the README).
"""

from __future__ import annotations

import sys
from pathlib import Path

import sakhalin

INFOBOX = """\
<!-- A short infobox written for sakhalin's examples. -->
{{Infobox military conflict
| conflict    = Battle of Mukden
| partof      = the [[Russo-Japanese War]]
| date        = 20 February – 10 March 1905
| place       = [[Shenyang|Mukden]], [[Manchuria]]
| result      = Japanese victory
| combatant1  = {{flag|Empire of Japan}}
| combatant2  = {{flag|Russian Empire}}
| commander1  = [[Ōyama Iwao]]<br />[[Nogi Maresuke]]
| commander2  = [[Aleksey Kuropatkin]]
| strength1   = about 270,000
| strength2   = about 330,000
}}
"""


def main(folder: Path) -> Path:
    """Load the infobox, print a summary, write the battle as JSON; return the JSON's path."""
    markup = folder / "battle-of-mukden.wiki"
    markup.write_text(INFOBOX, encoding="utf-8")
    battle = sakhalin.load(markup)
    print(f"{battle.name} ({battle.date.text if battle.date else 'no date'})")
    for number, side in enumerate(battle.sides, 1):
        commanders = ", ".join(person.name for person in side.commanders)
        strength = "; ".join(f"{q.value} ({q.qualifier})" for q in side.strength)
        print(f"  side {number}: {side.name}; commanders: {commanders}; strength: {strength}")
    return sakhalin.write(battle, folder / "battle-of-mukden.json")


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path()))
