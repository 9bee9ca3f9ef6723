"""Canonical entities from raw NER mentions, counted over the whole text.

spaCy only reads the title and lead (the expensive part); the names it finds,
their partial forms and every country alias are then counted over the full
text with one Aho-Corasick pass (``pyahocorasick``: a C automaton, about 0.2 ms
for tens of thousands of patterns, so counting is nearly free). Canonicalization
happens within the article: a partial name joins the full name it abbreviates,
an alias joins its country, and the label follows the canonical entity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import ahocorasick

from worker.models import Entity, EntityType
from worker.stages.tag.clean import Text
from worker.stages.tag.gazetteer import JUNK, KNOWN_PEOPLE, PLACES, PLACES_LOWER

_LABELS = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "GPE": EntityType.PLACE,
           "LOC": EntityType.PLACE}
#: Country names that are also common first names or US states: counted only when NER saw them as places.
AMBIGUOUS = frozenset({"Jordan", "Chad", "Georgia", "Turkey", "Guinea", "Niger", "Jersey", "Dominica", "Mali",
                       "Gulf", "America", "the States"})
_POSSESSIVE = re.compile(r"(['’]s?|['’])$")
_EDGE = re.compile(r"^(the|The|a|an)\s+|^[^\w]+|[^\w.)]+$")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def _places_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for surface, canonical in PLACES.items():
        auto.add_word(surface, (surface, canonical))
    auto.make_automaton()
    return auto


_PLACES_AUTO = _places_automaton()


def clean_surface(text: str) -> str:
    """'the United States’' -> 'United States'; "Clinton’s" -> 'Clinton'."""
    s = " ".join(text.split())
    s = _POSSESSIVE.sub("", _EDGE.sub("", _EDGE.sub("", s)))
    return s.strip()


def _tokens(name: str) -> list[str]:
    """Name tokens without middle initials: 'Antony J. Blinken' -> ['Antony', 'Blinken']."""
    toks = name.split()
    return [t for i, t in enumerate(toks) if not (_INITIAL.match(t) and (0 < i < len(toks) - 1 or len(toks) > 1))]


def _place(surface: str) -> str | None:
    return PLACES.get(surface) or PLACES_LOWER.get(surface.lower())


def _resolve(raw: list[tuple[str, str]], drop: set[str]) -> dict[str, tuple[str, EntityType]]:
    """Map each surface form to (canonical name, type)."""
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for text, label in raw:
        s = clean_surface(text)
        if len(s) > 1 and s.lower() not in JUNK and s.lower() not in drop and any(c.isupper() for c in s[:2]):
            votes[s][_LABELS[label]] += 1
    out: dict[str, tuple[str, EntityType]] = {}
    fulls: dict[str, str] = {}  # canonical full person name by its token string
    for s, v in votes.items():
        place = _place(s)
        if place:
            out[s] = (place, EntityType.PLACE)
        elif v.most_common(1)[0][0] is EntityType.PERSON and len(_tokens(s)) >= 2:
            name = " ".join(_tokens(s))
            out[s] = fulls.setdefault(name, name), EntityType.PERSON
    full_tokens = [(n, n.split()) for n in fulls]
    for s, v in votes.items():
        if s in out:
            continue
        core = _tokens(s)
        matches = [n for n, t in full_tokens if core and (core[-1] == t[-1] or (len(core) == 1 and core[0] == t[0]))
                   and set(core) <= set(t)]
        if len(matches) == 1 and (v[EntityType.PERSON] or len(core) == 1):
            out[s] = (matches[0], EntityType.PERSON)
        elif len(core) == 1 and core[0] in KNOWN_PEOPLE and not matches:
            out[s] = (KNOWN_PEOPLE[core[0]], EntityType.PERSON)
        elif "-" in s and all(_place(part) for part in s.split("-")):
            continue  # "U.S.-China": both places are counted on their own
        elif not matches and (v.most_common(1)[0][0] is not EntityType.PERSON or len(core) > 1):
            # A lone word labelled PERSON with no full name in the article is mostly a mislabel
            # ("Brexit", "Kiev", "EXPLAINER") on news text: dropped.
            out[s] = (s, v.most_common(1)[0][0])
    return out


def _is_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


def entities(raw: list[tuple[str, str]], text: Text, drop: set[str]) -> list[Entity]:
    """Canonical entities of one article from NER mentions ``(text, spaCy label)`` found in its head."""
    resolved = _resolve([(t, lb) for t, lb in raw if lb in _LABELS], drop)
    auto = ahocorasick.Automaton()
    for surface, target in resolved.items():
        if surface not in PLACES:  # gazetteer places are counted by the shared automaton
            auto.add_word(surface, (surface, target))
        if target[1] is EntityType.PERSON and surface == target[0]:
            for part in {surface.split()[0], surface.split()[-1]} - resolved.keys():
                if part not in auto:
                    auto.add_word(part, (part, target))
    full = text.full
    ner_places = {n for n, t in resolved.values() if t is EntityType.PLACE}
    found: list[tuple[int, int, tuple[str, EntityType]]] = []  # (start, -length, target)
    if len(auto):
        auto.make_automaton()
        found += [(end - len(key) + 1, -len(key), target) for end, (key, target) in auto.iter_long(full)]
    found += [(end - len(key) + 1, -len(key), (canonical, EntityType.PLACE))
              for end, (key, canonical) in _PLACES_AUTO.iter_long(full)
              if key not in AMBIGUOUS or canonical in ner_places]
    found.sort()
    salient_end = full.find(text.lead) + len(text.lead) if text.lead else len(text.title)
    counts: Counter[tuple[str, EntityType]] = Counter()
    salient: set[tuple[str, EntityType]] = set()
    free = 0  # leftmost-longest across both automata: a match may not overlap an earlier one
    for start, neg_len, target in found:
        end = start - neg_len
        if start >= free and _is_word(full, start, end):
            counts[target] += 1
            free = end
            if start < salient_end:
                salient.add(target)
    ents = [Entity(name=n, type=t, mentions=c, salient=(n, t) in salient) for (n, t), c in counts.items()
            if n.lower() not in drop]
    ents.sort(key=lambda e: (not e.salient, -e.mentions, e.type.value, e.name))
    return ents
