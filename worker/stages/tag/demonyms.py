"""Nationality words and the countries they name: "Syrian" -> Syria, "North Koreans" -> North Korea.

An editor tags a story about Syrian refugees "Syria" even where the text says
only "Syrian"; the bare adjective is no keyword. English forms most of these
words from the country's name by a handful of suffix rules (Syria-n,
Moroc-can, Japan-ese, Ital-ian, Ukrain-ian, Iraq-i), so the table is built
from the country names the gazetteer already has (CLDR via ``babel``): a
derived word counts only when its rule lands on a real country name. The
words no rule reaches are listed (French, British, Dutch ...).
"""

from __future__ import annotations

from functools import cache

from worker.stages.tag.gazetteer import PLACES, REGIONS

#: Nationality words that no suffix rule derives from the country's name.
_IRREGULAR = {
    "american": "United States", "british": "United Kingdom", "french": "France", "dutch": "Netherlands",
    "swiss": "Switzerland", "greek": "Greece", "turkish": "Turkey", "spanish": "Spain", "polish": "Poland",
    "swedish": "Sweden", "danish": "Denmark", "finnish": "Finland", "irish": "Ireland", "filipino": "Philippines",
    "thai": "Thailand", "afghan": "Afghanistan", "saudi": "Saudi Arabia", "emirati": "United Arab Emirates",
    "palestinian": "Palestine", "welsh": "Wales", "scottish": "Scotland", "icelandic": "Iceland",
    "portuguese": "Portugal", "german": "Germany",
}
#: (letters cut from the name's end, suffix added), most common first: Syria-n, Mexic-an, Japan-ese, Chin-ese,
#: Leban-ese, Belarus-ian, Ital-ian, Iraq-i, Chile-an.
_RULES = ((0, "n"), (1, "an"), (0, "ese"), (1, "ese"), (2, "ese"), (0, "ian"), (1, "ian"), (0, "i"), (0, "an"))
#: Derived words that name something else too ("Indian", "Georgian", "Jordanian"): not taken as nationalities.
_NOT_DEMONYMS = frozenset({"jordanian", "georgian", "chadian", "malian", "guinean", "dominican", "jerseyan"})


#: Two-word countries whose nationality word keeps the first word ("North Korean", "Sri Lankan").
_TWO_WORD = ("North ", "South ", "Saudi ", "Sri ", "El ", "Costa ", "Sierra ")


@cache
def _table() -> dict[str, str]:
    """Lower-case nationality word -> canonical country name; the first rule to reach a word wins."""
    names = set(PLACES.values()) - {*REGIONS, "European Union"}
    countries = sorted(name for name in names if " " not in name or name.startswith(_TWO_WORD))
    out: dict[str, str] = {}
    for cut, suffix in _RULES:
        for name in countries:
            *prefix, last = name.lower().split()
            word = " ".join((*prefix, last[: len(last) - cut] + suffix))
            if word not in _NOT_DEMONYMS:
                out.setdefault(word, name)
    return _IRREGULAR | {w: c for w, c in out.items() if w not in _IRREGULAR}


def country(phrase: str) -> str | None:
    """The country a lower-case nationality word or phrase names ("north koreans" -> "North Korea"), or None."""
    table = _table()
    return table.get(phrase) or (table.get(phrase[:-1]) if phrase.endswith("s") else None)
