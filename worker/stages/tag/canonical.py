"""One canonical name and type per entity of an article, from NER's raw mentions.

Within the article: a partial name joins the full name it abbreviates ("Blinken"
-> "Antony Blinken"), an alias joins its country ("U.S." -> "United States"), a
short company name joins its legal name ("ChemLawn" -> "ChemLawn Corp"), an
acronym joins the long form it abbreviates ("SPA" -> "Saudi Press Agency"), and
the type follows the canonical entity: every mention of one person is typed
the same way. The type is NER's majority vote, overruled by the fixed rules of
:mod:`kinds` and, against a person vote, by an organisation word in the name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from worker.models import EntityType
from worker.stages.tag import kinds
from worker.stages.tag.gazetteer import JUNK, KNOWN_PEOPLE, PLACES, PLACES_LOWER
from worker.stages.tag.spans import clean_surface, initials, strip_title
from worker.stages.tag.wordclass import CLASSES

_INITIAL = re.compile(r"^[A-Z]\.?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
#: "Saudi Press Agency (SPA)": a capitalised long form, then its acronym in parentheses.
DEFINED = re.compile(r"((?:[A-Z][\w&.'’-]*\s+(?:(?:of|for|and|the|de|on)\s+)?){1,8})\(([A-Z][A-Z&]{1,6})\)")
_ORDER = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE)
Resolved = dict[str, tuple[str, EntityType]]


def tokens(name: str) -> list[str]:
    """Name tokens without middle initials: 'Antony J. Blinken' -> ['Antony', 'Blinken']."""
    toks = name.split()
    return [t for i, t in enumerate(toks) if not (_INITIAL.match(t) and (0 < i < len(toks) - 1 or len(toks) > 1))]


def place(surface: str) -> str | None:
    return PLACES.get(surface) or PLACES_LOWER.get(surface.lower())


def votes(raw: list[tuple[str, str]], drop: set[str]) -> dict[str, Counter[EntityType]]:
    """Cleaned surface -> NER's type votes; titles come off person names, junk and non-names are dropped."""
    out: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for text, label in raw:
        kind = kinds.LABELS.get(label)
        if kind is None:
            continue
        s = clean_surface(text)
        if kind is EntityType.PERSON:
            s = strip_title(s)[0]
        low = s.lower()
        if len(s) > 1 and low not in JUNK and low not in drop and any(c.isupper() for c in s.split()[0]) \
                and not kinds.not_a_name(s, kind):
            out[s][kind] += 1
    return out


def _kind(surface: str, vote: Counter[EntityType]) -> EntityType:
    """Majority vote (ties: person, organisation, place), unless the name's own words say organisation."""
    best = max(_ORDER, key=lambda k: (vote[k], -_ORDER.index(k)))
    if best is EntityType.PERSON and kinds.shape_kind(surface) is EntityType.ORGANIZATION:
        return EntityType.ORGANIZATION
    return best


def resolve(raw: list[tuple[str, str]], drop: set[str], text: str) -> Resolved:
    """Map each surface form NER found (and acronyms defined in ``text``) to (canonical name, type)."""
    vote = votes(raw, drop)
    out: Resolved = {}
    fulls: dict[str, str] = {}  # canonical full person name by its token string
    for s, v in vote.items():
        fixed = kinds.fixed_kind(s)
        kind = _kind(s, v)
        if fixed:
            out[s] = fixed
        elif p := place(s):
            out[s] = (p, EntityType.PLACE)
        elif kind is EntityType.PERSON and len(tokens(s)) >= 2:
            name = " ".join(tokens(s))
            out[s] = fulls.setdefault(name, name), EntityType.PERSON
    _partials(vote, out, list(fulls), text)
    _short_forms(out)
    _acronyms(out, text)
    return out


def _lone_person(word: str, text: str) -> bool:
    """A one-word person with no full name in the article: a first name ("Clara"), a surname after a title
    ("Mr Spicer"), or a mislabel ("Twitter", "Kiev"). Kept unless it is a dictionary word or a place with no title."""
    if place(word):
        return False
    noun, verb, adj = CLASSES[word.lower()]
    return not (noun or verb or adj) or bool(re.search(rf"\b(?:Mr|Mrs|Ms|Dr|Miss)\.? {re.escape(word)}\b", text))


def _partials(vote: dict[str, Counter[EntityType]], out: Resolved, fulls: list[str], text: str) -> None:
    """Surfaces not resolved yet: partial person names, known surnames, or names in their own right."""
    full_tokens = [(n, n.split()) for n in fulls]
    for s, v in vote.items():
        if s in out:
            continue
        core = tokens(s)
        kind = _kind(s, v)
        matches = [n for n, t in full_tokens if core and (core[-1] == t[-1] or (len(core) == 1 and core[0] == t[0]))
                   and set(core) <= set(t)]
        if len(matches) == 1 and (v[EntityType.PERSON] or len(core) == 1):
            out[s] = (matches[0], EntityType.PERSON)
        elif len(core) == 1 and core[0] in KNOWN_PEOPLE and not matches:
            out[s] = (KNOWN_PEOPLE[core[0]], EntityType.PERSON)
        elif "-" in s and all(place(part) for part in s.split("-")):
            continue  # "U.S.-China": both places are counted on their own
        elif not matches and (kind is not EntityType.PERSON or len(core) > 1 or _lone_person(s, text)):
            out[s] = (s, kind)


def _short_forms(out: Resolved) -> None:
    """'ChemLawn' next to 'ChemLawn Corp': the short form joins the legal name."""
    legal = {kinds.without_legal_form(n): (n, t) for n, t in set(out.values())
             if t is EntityType.ORGANIZATION and kinds.without_legal_form(n) != n}
    for s, (name, _) in list(out.items()):
        if name in legal:
            out[s] = legal[name]


def _acronyms(out: Resolved, text: str) -> None:
    """An acronym joins the one long form in the article whose initials it spells."""
    longs: dict[str, list[tuple[str, EntityType]]] = defaultdict(list)
    for name, kind in set(out.values()):
        if kind is not EntityType.PERSON and name.count(" ") >= 1:
            longs[initials(name)].append((name, kind))
    if "(" in text:
        for m in DEFINED.finditer(text):
            long, acr = clean_surface(m.group(1)), m.group(2)
            if initials(long) == acr and long not in {n for n, _ in longs[acr]}:
                target = next((t for s, t in out.items() if s == long), None)
                longs[acr].append(target or (long, EntityType.ORGANIZATION))
                out.setdefault(long, longs[acr][-1])
    for acr, targets in longs.items():
        if len(targets) == 1 and len(acr) >= 2 and (acr not in out or _ACRONYM.match(acr)):
            out[acr] = targets[0]
