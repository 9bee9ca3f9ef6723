"""US states and Canadian provinces with the abbreviations newswires write after a city.

"Houston, Tex.", "Calgary, Alta.": the AP Stylebook abbreviations (and the
Canadian Press ones for provinces) are not names NER knows. spaCy labels them
a person, an organisation or nothing; they are places (regions), named here in
full. The table is facts, typed in: no package we could find ships the
stylebook forms under a permissive licence (``us`` has states only and pulls
in a string-distance library).
"""

from __future__ import annotations

import re

#: Full name -> abbreviations (stylebook forms; the two-letter postal codes are too ambiguous to use).
_STATES: dict[str, tuple[str, ...]] = {
    "Alabama": ("Ala.",), "Arizona": ("Ariz.",), "Arkansas": ("Ark.",), "California": ("Calif.", "Cal."),
    "Colorado": ("Colo.",), "Connecticut": ("Conn.",), "Delaware": ("Del.",), "Florida": ("Fla.",),
    "Georgia": ("Ga.",), "Illinois": ("Ill.",), "Indiana": ("Ind.",), "Kansas": ("Kan.", "Kans."),
    "Kentucky": ("Ky.",), "Louisiana": ("La.",), "Maryland": ("Md.",), "Massachusetts": ("Mass.",),
    "Michigan": ("Mich.",), "Minnesota": ("Minn.",), "Mississippi": ("Miss.",), "Missouri": ("Mo.",),
    "Montana": ("Mont.",), "Nebraska": ("Neb.", "Nebr."), "Nevada": ("Nev.",), "New Hampshire": ("N.H.",),
    "New Jersey": ("N.J.",), "New Mexico": ("N.M.", "N.Mex."), "New York": ("N.Y.",), "North Carolina": ("N.C.",),
    "North Dakota": ("N.D.", "N.Dak."), "Oklahoma": ("Okla.",), "Oregon": ("Ore.", "Oreg."),
    "Pennsylvania": ("Pa.", "Penn."), "Rhode Island": ("R.I.",), "South Carolina": ("S.C.",),
    "South Dakota": ("S.D.", "S.Dak."), "Tennessee": ("Tenn.",), "Texas": ("Tex.",), "Vermont": ("Vt.",),
    "Virginia": ("Va.",), "Washington": ("Wash.",), "West Virginia": ("W.Va.", "W. Va."), "Wisconsin": ("Wis.",),
    "Wyoming": ("Wyo.",),
    "Alberta": ("Alta.",), "British Columbia": ("B.C.",), "Manitoba": ("Man.",), "New Brunswick": ("N.B.",),
    "Newfoundland and Labrador": ("Nfld.", "N.L."), "Nova Scotia": ("N.S.",), "Ontario": ("Ont.",),
    "Prince Edward Island": ("P.E.I.",), "Quebec": ("Que.",), "Saskatchewan": ("Sask.",),
    "Northwest Territories": ("N.W.T.",),
}

#: Abbreviation (as written) -> full name.
ABBREVIATIONS: dict[str, str] = {a: name for name, abbrs in _STATES.items() for a in abbrs}

#: "Dallas, Tex." : an abbreviation right after a comma that follows a word (the city). Found without NER.
AFTER_CITY = re.compile(r"(?<=[a-z.], )(?:{})(?!\w)".format("|".join(
    re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))))


def region(surface: str) -> str | None:
    """The state or province an abbreviation names ("Tex." -> "Texas"), else None."""
    return ABBREVIATIONS.get(surface)
