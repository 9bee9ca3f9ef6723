"""Entities of an article: canonical names (see :mod:`canonical`) counted over the whole text.

NER finds the names; every mention of them is then counted over the full text
with one Aho-Corasick pass (``pyahocorasick``: a C automaton, about 0.2 ms for
tens of thousands of patterns). Countries and their aliases are counted without
NER from a fixed gazetteer, and so are state abbreviations after a city
("Dallas, Tex."). An entity mentioned in the title or lead is salient.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import ahocorasick

from worker.models import Entity, EntityType
from worker.stages.tag.canonical import Resolved, resolve
from worker.stages.tag.content import Text
from worker.stages.tag.gazetteer import AMBIGUOUS, PLACES
from worker.stages.tag.subdivisions import ABBREVIATIONS, AFTER_CITY

Target = tuple[str, EntityType]
_COUNTRIES = frozenset(PLACES.values())
#: A city name used as a team: "Liverpool beat", "against Chelsea", "Leicester's striker".
_TEAM_AFTER = r"\s+(?:beat|beats|defeated|edged|thrashed|drew|draw|lost|lose|won|win|wins|host|hosts|hosted|" \
              r"face|faces|faced|play|plays|trail|lead|scored|v|vs\.?)\b"
_TEAM_BEFORE = r"\b(?:against|beat|beating|defeated|defeating|over|v|vs\.?|host|hosting|hosted|faces|facing)\s+"
_TEAM_POSSESSIVE = r"['’]s\s+(?:win|victory|defeat|loss|draw|striker|manager|coach|goalkeeper|squad|players|fans|" \
                   r"midfielder|defender|captain|goal|season)\b"


def _places_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for surface, canonical in PLACES.items():
        auto.add_word(surface, (surface, (canonical, EntityType.PLACE)))
    auto.make_automaton()
    return auto


_PLACES_AUTO = _places_automaton()


def _is_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


def _automaton(resolved: Resolved) -> ahocorasick.Automaton:
    """Surfaces NER found, plus the first and last name of each full person name."""
    auto = ahocorasick.Automaton()
    for surface, target in resolved.items():
        if surface not in PLACES:  # gazetteer places are counted by the shared automaton
            auto.add_word(surface, (surface, target))
        if target[1] is EntityType.PERSON and surface == target[0]:
            for part in {surface.split()[0], surface.split()[-1]} - resolved.keys():
                if part not in auto:
                    auto.add_word(part, (part, target))
    return auto


def _matches(full: str, resolved: Resolved) -> list[tuple[int, int, str, Target]]:
    """(start, -length, surface, target) of every candidate mention, sorted."""
    ner_places = {n for n, t in resolved.values() if t is EntityType.PLACE}
    found: list[tuple[int, int, str, Target]] = []
    auto = _automaton(resolved)
    if len(auto):
        auto.make_automaton()
        found += [(end - len(key) + 1, -len(key), key, target) for end, (key, target) in auto.iter_long(full)]
    found += [(end - len(key) + 1, -len(key), key, target) for end, (key, target) in _PLACES_AUTO.iter_long(full)
              if key not in AMBIGUOUS or target[0] in ner_places]
    if ", " in full:
        found += [(m.start(), -len(m.group()), m.group(), (ABBREVIATIONS[m.group()], EntityType.PLACE))
                  for m in AFTER_CITY.finditer(full)]
    found.sort()
    return found


def _teams(names: set[str], full: str) -> set[str]:
    """Place names used as sports teams in this text (called only for sports articles)."""
    out = set()
    for name in names - _COUNTRIES:
        n = re.escape(name)
        if re.search(rf"\b{n}{_TEAM_AFTER}|{_TEAM_BEFORE}{n}\b|\b{n}{_TEAM_POSSESSIVE}", full):
            out.add(name)
    return out


def entities(raw: list[tuple[str, str]], text: Text, drop: set[str], sport: bool = False) -> list[Entity]:
    """Canonical entities of one article from NER mentions ``(text, spaCy label)``."""
    full = text.full
    resolved = resolve(raw, drop, full)
    salient_end = full.find(text.lead) + len(text.lead) if text.lead else len(text.title)
    counts: Counter[Target] = Counter()
    salient: set[Target] = set()
    surfaces: dict[Target, set[str]] = defaultdict(set)
    free = 0  # leftmost-longest across the automata: a match may not overlap an earlier one
    for start, neg_len, surface, target in _matches(full, resolved):
        end = start - neg_len
        if start >= free and _is_word(full, start, end):
            counts[target] += 1
            surfaces[target].add(surface)
            free = end
            if start < salient_end:
                salient.add(target)
    teams = _teams({n for n, t in counts if t is EntityType.PLACE}, full) if sport else set()
    ents = []
    for (name, kind), n in counts.items():
        if name.lower() in drop:
            continue
        typed = EntityType.ORGANIZATION if name in teams else kind
        ents.append(Entity(name=name, type=typed, mentions=n, salient=(name, kind) in salient,
                           aliases=sorted(surfaces[(name, kind)] - {name})))
    ents.sort(key=lambda e: (not e.salient, -e.mentions, e.type.value, e.name))
    return ents
