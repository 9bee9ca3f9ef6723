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

import math
from collections import defaultdict
from collections.abc import Iterable

from worker.models import Entity, Keyword
from worker.stages.memo import Memo
from worker.stages.tag.phrases import chunks
from worker.stages.tag.weights import zipf
from worker.stages.tag.wordclass import CLASSES, lemma

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


Segment = tuple[tuple[str, ...], str, str | None]


def _split(words: tuple[str, ...], caps: str, names: Names) -> list[Segment]:
    """Cut entity names out of a chunk: (words, capitals mask, canonical name or None for plain words)."""
    out: list[Segment] = []
    i = start = 0
    while names and i < len(words):
        for j in range(min(len(words), i + 6), i, -1):
            if (name := names.get(words[i:j])) is not None:
                if start < i:
                    out.append((words[start:i], caps[start:i], None))
                out.append((words[i:j], caps[i:j], name))
                i = start = j
                break
        else:
            i += 1
    if start < len(words):
        out.append((words[start:], caps[start:], None))
    return out


def _cuts_name(caps: str, a: int, b: int) -> bool:
    """Would words ``a:b`` of a segment cut a capitalised name ("cruiser pyotr" of "cruiser Pyotr Veliky")?"""
    return (a > 0 and caps[a - 1] == caps[a] == "C") or (b < len(caps) and caps[b - 1] == caps[b] == "C")


def _score(title: str, body: str, names: Names) -> dict[str, float]:
    """Phrase -> score, summed over occurrences; names mapped to "" (publisher, authors) are skipped."""
    scores: dict[str, float] = defaultdict(float)  # summed position weights
    base: dict[str, float] = {}  # specificity times length factor
    spec = _SPEC
    for words, pos, caps in chunks(title, body):
        weight = 1.0 / (1.0 + pos / POSITION_SCALE)
        for seg, mask, name in _split(words, caps, names):
            if name == "":  # the publisher or an author
                continue
            if name is not None:
                scores[name] += weight
                base[name] = max(2.0, sum(spec[w] for w in seg))
                continue
            n = len(seg)
            for a in range(n):
                for b in range(a + 1, min(n, a + MAX_WORDS) + 1):
                    if _cuts_name(mask, a, b):
                        continue
                    s = sum(spec[w] for w in seg[a:b])
                    if b - a > 1 or (s >= MIN_SINGLE_SPECIFICITY and not CLASSES[seg[a]][1]):
                        phrase = " ".join(seg[a:b])
                        scores[phrase] += weight
                        base[phrase] = s * LENGTH_FACTOR[b - a]
    return {p: base[p] * w ** REPEAT_POWER for p, w in scores.items()}


def _key(phrase: str) -> tuple[str, ...]:
    """One key per concept: the last word in its dictionary form ("tornadoes" -> "tornado")."""
    *rest, last = phrase.split()
    return (*rest, lemma(last, "noun") or last)


def keywords(title: str, body: str, ents: list[Entity], limit: int, drop: set[str] | None = None) -> list[Keyword]:
    """The ``limit`` best keywords of an article, best first."""
    names = _entity_names(ents)
    names.update({tuple(d.split()): "" for d in drop or ()})
    scores = _score(title, body, names)
    canonical = set(names.values())
    out: list[Keyword] = []
    kept: list[set[str]] = []
    keys: set[tuple[str, ...]] = set()
    n_names = 0
    for phrase, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
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
