"""What kind of name a span is, where NER's label is often wrong on news.

Rules that hold whatever the context, each a closed class of evidence:

- a legal-form suffix makes an organisation ("Sedio N.V.", "Woodco Inc",
  "Nobel Industrier Sweden AB"), whatever NER said;
- an organisation word inside the name ("Party", "Ministry", "Bank", "FC")
  makes an organisation when NER's votes are split;
- a state or province abbreviation is a place ("Tex.", "Alta.");
- a common word in capitals is not a name ("GUNMEN", "TOSS"), nor is a time
  zone or a unit ("GMT");
- a place name ending in a crude-oil grade word is a commodity ("West Texas Sour").
"""

from __future__ import annotations

import re

from worker.models import EntityType
from worker.stages.tag.subdivisions import region
from worker.stages.tag.wordclass import CLASSES

LABELS = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "GPE": EntityType.PLACE,
          "LOC": EntityType.PLACE}
#: Company legal forms, as written after the name (Inc, Corp, Ltd, AB, N.V., S.A., GmbH, PLC, AG, SpA, ...).
LEGAL_FORMS = frozenset((
    "Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation", "Co", "Co.", "Cos", "Cos.", "Ltd", "Ltd.", "Limited",
    "LLC", "L.L.C.", "LP", "L.P.", "LLP", "PLC", "Plc", "plc", "AG", "GmbH", "KG", "KGaA", "AB", "NV", "N.V.", "SA",
    "S.A.", "SpA", "S.p.A.", "SE", "BV", "B.V.", "ASA", "AS", "A/S", "Oyj", "Oy", "SAS", "S.A.S.", "SARL", "Pty", "Bhd",
    "Berhad", "Tbk", "K.K.", "KK", "NL"
))
#: Words that make a multi-word name an organisation.
ORG_WORDS = frozenset((
    "Party", "Ministry", "Council", "University", "Bank", "Group", "Agency", "Association", "Committee", "Club", "FC",
    "Union", "Company", "Department", "Commission", "Court", "Parliament", "Assembly", "Institute", "Foundation",
    "Airlines", "Airways", "Police", "Army", "Navy", "Forces", "Organization", "Organisation", "League", "Federation",
    "College", "Hospital", "Church", "Front", "Movement", "Service", "Authority", "Board", "Bureau", "Office",
    "Corporation", "Holdings", "Industries", "Motors", "Systems", "Technologies", "Times", "Post", "News", "Press",
    "Television", "Radio", "Network"
))
#: Capitalised tokens that are never names on their own.
NOT_NAMES = frozenset((
    "GMT", "UTC", "BST", "EST", "EDT", "CST", "CDT", "PST", "PDT", "CET", "CEST", "IST", "JST", "AEST", "AM", "PM",
    "CEO", "CFO", "COO", "GDP", "TV", "AD", "BC", "LOL", "OK"
))
_CRUDE_GRADE = frozenset({"Sour", "Sweet", "Intermediate", "Blend", "Crude", "Light", "Heavy"})
_CAPS_WORD = re.compile(r"^[A-Z]{3,}$")


def common_in_caps(name: str) -> bool:
    """'GUNMEN', 'TOSS', 'DEFEAT': one shouted dictionary word that is not an acronym.

    Acronyms are nouns in WordNet too ("nato", "opec"), so a noun counts only when
    inflected ("gunmen" is the plural of "gunman", but "nhs" is not of "nh");
    verbs and adjectives always count.
    """
    if not _CAPS_WORD.match(name):
        return False
    low = name.lower()
    noun, verb, adj = CLASSES[low]
    return verb or adj or (noun is not None and noun != low and len(noun) >= 4)


def fixed_kind(name: str) -> tuple[str, EntityType] | None:
    """A (canonical name, type) that NER's label cannot change, or None."""
    state = region(name)
    if state:
        return state, EntityType.PLACE
    last = name.rsplit(" ", 1)[-1]
    if " " in name and last in LEGAL_FORMS:
        return name, EntityType.ORGANIZATION
    return None


def not_a_name(name: str, kind: EntityType) -> bool:
    """Spans that name nothing: time zones, shouted common words, crude grades as places."""
    if name in NOT_NAMES or common_in_caps(name):
        return True
    return kind is EntityType.PLACE and " " in name and name.rsplit(" ", 1)[-1] in _CRUDE_GRADE


def shape_kind(name: str) -> EntityType | None:
    """The type a name's own words give it ('Labour Party' -> organisation), if any."""
    toks = name.split()
    if len(toks) > 1 and any(t in ORG_WORDS for t in toks):
        return EntityType.ORGANIZATION
    return None


def without_legal_form(name: str) -> str:
    """'ChemLawn Corp' -> 'ChemLawn' (the short form written next to it)."""
    head, _, last = name.rpartition(" ")
    return head.rstrip(",") if head and last in LEGAL_FORMS else name
