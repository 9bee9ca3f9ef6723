"""US states and Canadian provinces by the abbreviations newswires write after a city.

"Houston, Tex.", "Calgary, Alta.": the AP Stylebook abbreviations (and the
Canadian Press ones for provinces) are not names NER knows. spaCy labels them
a person, an organisation or nothing; they are places (regions), named here in
full. The table is the place resolver's (:mod:`geofacts`, read by :mod:`geosources`: one list of regions
and their wire abbreviations in the tree), read without loading the gazetteer.
"""

from __future__ import annotations

import re

from worker.stages.tag.geosources import wire_abbreviations

#: Abbreviation (as written, with its full stops) -> full name of the state or province.
ABBREVIATIONS: dict[str, str] = {a: name for a, name in wire_abbreviations().items() if "." in a}

#: "Dallas, Tex." : an abbreviation right after a comma that follows a word (the city). Found without NER.
AFTER_CITY = re.compile(r"(?<=[a-z.], )(?:{})(?!\w)".format("|".join(
    re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))))


def region(surface: str) -> str | None:
    """The state or province an abbreviation names ("Tex." -> "Texas"), else None."""
    return ABBREVIATIONS.get(surface)
