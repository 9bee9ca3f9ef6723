"""Keywords: the noun phrases an editor would file the article under, best first.

Each candidate (:mod:`candidates`) scores its base weight (the specificity of
its words from ``wordfreq``, ``KEYWORD_MAX_ZIPF - zipf``, so "the" and
"official" weigh nothing and "fentanyl" much; a name's weight is clamped, as
fame is not rarity) times its summed position weights raised to
:data:`REPEAT_POWER` (the title and lead count most, as in PositionRank,
Florescu & Caragea 2017). What an editor would not sign is held back:

- a phrase the article uses once, outside the title, is a passing detail
  ("corresponding malaise", "arrivals terminal"), and so is a person named
  once (the expert quoted in passing): :data:`ONCE_FACTOR`;
- correspondents, the publisher and the authors, news outlets, handles;
- variants: one form per concept (the words' dictionary forms), and a phrase
  inside a kept one, or holding one, is dropped ("storm chasers" and "storm
  chasers die", "martial" and "martial law").

YAKE and PositionRank are measured beside it (``bench/keyword_quality.py``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator

from worker.models import Entity, EntityType, Keyword
from worker.stages.tag.candidates import Tally, entity_names, tally
from worker.stages.tag.phrases import Chunks
from worker.stages.tag.wordclass import CLASSES

#: Repeats count sub-linearly: the summed position weights are raised to this power.
REPEAT_POWER = 0.7
#: Factor for a phrase seen once outside the title, and for a person named once.
ONCE_FACTOR = 0.5
#: Factor for a one-word phrase that is not a name: single words are the editors' least favourite keywords.
SINGLE_FACTOR = 0.5
#: Past the first :data:`MIN_KEYWORDS` (of which :data:`MIN_PHRASES` are not names), keywords scoring under
#: this share of the best one are left out: an article may have fewer keywords than the limit.
MIN_SHARE = 0.25
MIN_KEYWORDS = 5
MIN_PHRASES = 3
#: At most this many keywords are entity names (the entities are listed anyway; keywords say what it is about).
MAX_NAMES = 6


def _scores(t: Tally, once_people: set[str], canonical: set[str]) -> dict[str, float]:
    out = {}
    for phrase, weight in t.weight.items():
        score = t.base[phrase] * weight ** REPEAT_POWER
        single = " " not in phrase and phrase not in canonical
        title = phrase in t.title and not single  # a single word must recur in the body
        body = t.count[phrase] - (phrase in t.title)
        if not title and (body <= 1 or phrase in once_people):
            score *= ONCE_FACTOR
        if single:
            score *= SINGLE_FACTOR
        out[phrase] = score
    return out


def _rank(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


def _ranked(scores: dict[str, float], first: int) -> Iterator[tuple[str, float]]:
    """Best first: the top ``first`` from a heap, the rest sorted only if the caller gets that far."""
    top = heapq.nsmallest(first, scores.items(), key=_rank)
    yield from top
    if len(top) == first:
        yield from sorted(scores.items(), key=_rank)[first:]


def _forms(phrase: str) -> frozenset[str]:
    """The phrase's words in their dictionary forms ("storm chasers" -> {"storm", "chaser"}; "kurils" ->
    "kuril", "kuril-islands" -> {"kuril", "island"})."""
    return frozenset(_form(w) for w in phrase.replace("-", " ").split())


def _form(word: str) -> str:
    lemma = CLASSES[word][0]
    if lemma:
        return lemma
    return word[:-1] if word.endswith("s") and len(word) > 4 and not word.endswith("ss") else word


def _unwanted(phrase: str, skip: set[str]) -> bool:
    """Correspondents, the publisher and authors, news outlets ("ABC News"), handles, and phrases cut after
    an adjective ("national oceanic": the name goes on)."""
    words = phrase.split()
    noun, _, adj = CLASSES[words[-1]]
    return phrase in skip or phrase.startswith(("@", "#")) or "news" in words or (adj and noun is None)


def keywords(phrases: Chunks, ents: list[Entity], limit: int, drop: set[str] | None = None) -> list[Keyword]:
    """The ``limit`` best keywords of an article (its noun-phrase :func:`chunks`), best first."""
    names = entity_names(ents)
    skip = set(drop or ()) | phrases.credited
    names.update({tuple(d.split()): "" for d in skip})
    canonical = set(names.values())
    once = {e.name.lower() for e in ents if e.type is EntityType.PERSON and e.mentions == 1}
    outlets = {n for e in ents if e.type is EntityType.ORGANIZATION for n in [e.name.lower()]}
    scores = _scores(tally(phrases, names, outlets), once, canonical)
    out: list[Keyword] = []
    kept: list[frozenset[str]] = []
    n_names = 0
    floor = MIN_SHARE * max(scores.values(), default=0.0)
    n_phrases = 0
    for phrase, score in _ranked(scores, limit * 4):
        if score < floor and (phrase in canonical or n_phrases >= MIN_PHRASES) and len(out) >= MIN_KEYWORDS:
            continue
        bag = _forms(phrase)
        if _unwanted(phrase, skip) or any(bag <= k or k <= bag for k in kept):
            continue
        if phrase in canonical:
            if n_names >= MAX_NAMES:
                continue
            n_names += 1
        else:
            n_phrases += 1
        kept.append(bag)
        out.append(Keyword(term=phrase, score=round(math.log1p(score), 3)))
        if len(out) >= limit:
            break
    return out
