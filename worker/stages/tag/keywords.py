"""Keywords: the noun phrases an editor would file the article under, best first.

Candidates are noun-phrase chunks (:mod:`phrases`) and their sub-phrases of up
to :data:`MAX_WORDS` words; the article's entities are cut out of the chunks
and join under their canonical names ("president trump" -> "president",
"donald trump"), so a name is never split into pieces nor listed twice. Each
occurrence scores its words' specificity, weighted by position
(``1 / (1 + i / POSITION_SCALE)`` at token ``i``: the title and lead count most,
as in PositionRank, Florescu & Caragea 2017) and by length (editors prefer two
or three words, but a phrase has to recur to beat its parts). Specificity comes
from ``wordfreq`` (Apache-2.0 code, CC-BY-SA data, offline):
``KEYWORD_MAX_ZIPF - zipf``, so "the" and "official" weigh nothing and
"fentanyl" much. One form per concept: plurals fold to the dictionary form, and
a phrase inside a better one is dropped ("martial" under "martial law").
YAKE and PositionRank are measured beside it (``bench/keyword_quality.py``).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

from worker.models import Entity, Keyword
from worker.stages.memo import Memo
from worker.stages.tag.phrases import Chunks
from worker.stages.tag.weights import zipf
from worker.stages.tag.wordclass import CLASSES

#: Words more common than this (Zipf scale) carry no specificity ("the" is 7.7, "china" 5.1).
KEYWORD_MAX_ZIPF = 6.5
#: Tokens after which a mention weighs half as much as one at the start.
POSITION_SCALE = 150.0
MAX_WORDS = 3
#: Per-occurrence factor by length: a longer phrase must recur to beat its parts.
LENGTH_FACTOR = (0.0, 1.0, 0.8, 0.6)
#: A one-word keyword must be at least this specific, unless it is a name.
MIN_SINGLE_SPECIFICITY = 1.5
#: Repeats count sub-linearly: the summed position weights are raised to this power.
REPEAT_POWER = 0.7
#: Specificity factor of adjectives: they qualify a topic rather than name one.
ADJECTIVE_FACTOR = 0.5
#: At most this many keywords are entity names (the entities are listed anyway; keywords say what it is about).
MAX_NAMES = 6
Names = dict[tuple[str, ...], str]


def _specificity(word: str) -> float:
    """How much a word says about a topic; an adjective that is not a noun ("contentious") says less."""
    spec = max(0.0, KEYWORD_MAX_ZIPF - zipf(word, "en"))
    noun, _, adj = CLASSES[word]
    return spec * ADJECTIVE_FACTOR if adj and not noun else spec


_SPEC: Memo[str, float] = Memo(_specificity)


def _entity_names(ents: Iterable[Entity]) -> Names:
    """Every lower-case form of an entity -> its canonical lower-case name."""
    out: Names = {}
    for e in ents:
        name = e.name.lower()
        for form in (e.name, *e.aliases):
            out[tuple(form.lower().replace("’", "'").split())] = name
    return out


Segment = tuple[int, int, str | None]


def _split(lower: list[str], a: int, b: int, names: Names) -> list[Segment]:
    """Cut entity names out of the chunk ``a:b``: (start, end, canonical name or None for plain words)."""
    out: list[Segment] = []
    i = start = a
    while i < b:
        for j in range(min(b, i + 6), i, -1):
            if (name := names.get(tuple(lower[i:j]))) is not None:
                if start < i:
                    out.append((start, i, None))
                out.append((i, j, name))
                i = start = j
                break
        else:
            i += 1
    if start < b:
        out.append((start, b, None))
    return out


def _word_info(word: str) -> tuple[float, bool]:
    """(specificity, may stand alone as a keyword: specific enough and not a verb form)."""
    spec = _SPEC[word]
    return spec, spec >= MIN_SINGLE_SPECIFICITY and not CLASSES[word][1]


_WORD: Memo[str, tuple[float, bool]] = Memo(_word_info)


def _subphrases(key: tuple[tuple[str, ...], tuple[bool, ...]]) -> tuple[tuple[str, float], ...]:
    """(phrase, base score) of every sub-phrase of a plain chunk: up to MAX_WORDS words, never half a name."""
    words, caps = key
    info = [_WORD[w] for w in words]
    n = len(words)
    out: list[tuple[str, float]] = []
    for i in range(n):
        total = 0.0
        for j in range(i + 1, min(n, i + MAX_WORDS) + 1):
            total += info[j - 1][0]
            if (i and caps[i - 1] and caps[i]) or (j < n and caps[j - 1] and caps[j]):
                continue  # would cut a name in two ("cruiser pyotr" of "cruiser Pyotr Veliky")
            if j - i > 1 or info[i][1]:
                out.append((" ".join(words[i:j]), total * LENGTH_FACTOR[j - i]))
    return tuple(out)


#: chunk (words, capitals) -> its sub-phrases; chunks recur across articles ("prime minister", "oil prices").
_SUBPHRASES: Memo[tuple[tuple[str, ...], tuple[bool, ...]], tuple[tuple[str, float], ...]] = Memo(_subphrases)


def _add_plain(ch: Chunks, a: int, b: int, weight: float, scores: dict[str, float], base: dict[str, float]) -> None:
    """Count the sub-phrases of the plain chunk ``a:b`` at one position weight."""
    for phrase, value in _SUBPHRASES[(tuple(ch.lower[a:b]), tuple(t[0].isupper() for t in ch.tokens[a:b]))]:
        scores[phrase] += weight
        base[phrase] = value


def _score(ch: Chunks, names: Names) -> dict[str, float]:
    """Phrase -> score, summed over occurrences; names mapped to "" (publisher, authors) are skipped."""
    scores: dict[str, float] = defaultdict(float)  # summed position weights
    base: dict[str, float] = {}  # specificity times length factor
    name_words = {w for form in names for w in form}
    lower = ch.lower
    for a, b in ch.spans:
        weight = 1.0 / (1.0 + a / POSITION_SCALE)
        if b - a == 1 and lower[a] not in name_words:
            spec, alone = _WORD[lower[a]]
            if alone:
                scores[lower[a]] += weight
                base[lower[a]] = spec
        elif name_words.isdisjoint(lower[a:b]):
            _add_plain(ch, a, b, weight, scores, base)
        else:
            for i, j, name in _split(lower, a, b, names):
                if name is None:
                    _add_plain(ch, i, j, weight, scores, base)
                elif name:  # "" is the publisher or an author
                    scores[name] += weight
                    base[name] = max(2.0, sum(_SPEC[w] for w in lower[i:j]))
    return {p: base[p] * w ** REPEAT_POWER for p, w in scores.items()}


def _rank(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


def _ranked(scores: dict[str, float], first: int) -> Iterator[tuple[str, float]]:
    """Best first: the top ``first`` from a heap, the rest sorted only if the caller gets that far."""
    top = heapq.nsmallest(first, scores.items(), key=_rank)
    yield from top
    if len(top) == first:
        yield from sorted(scores.items(), key=_rank)[first:]


def _key(phrase: str) -> tuple[str, ...]:
    """One key per concept: the last word in its dictionary form ("tornadoes" -> "tornado")."""
    *rest, last = phrase.split()
    return (*rest, CLASSES[last][0] or last)


def keywords(phrases: Chunks, ents: list[Entity], limit: int, drop: set[str] | None = None) -> list[Keyword]:
    """The ``limit`` best keywords of an article (its noun-phrase :func:`chunks`), best first."""
    names = _entity_names(ents)
    names.update({tuple(d.split()): "" for d in drop or ()})
    scores = _score(phrases, names)
    canonical = set(names.values())
    out: list[Keyword] = []
    kept: list[set[str]] = []
    keys: set[tuple[str, ...]] = set()
    n_names = 0
    for phrase, score in _ranked(scores, limit * 4):
        key = _key(phrase)
        bag = set(key)
        if key in keys or any(bag <= k or k <= bag for k in kept) or any(w.startswith(("@", "#")) for w in key):
            continue
        if phrase in canonical:
            if n_names >= MAX_NAMES:
                continue
            n_names += 1
        keys.add(key)
        kept.append(bag)
        out.append(Keyword(term=phrase, score=round(math.log1p(score), 3)))
        if len(out) >= limit:
            break
    return out
