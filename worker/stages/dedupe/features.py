"""What dedupe compares: a MinHash signature, weighted terms, a word-embedding vector and names.

- Near copies: b-bit MinHash over word shingles (:mod:`minhash`).
- Same story: a blend of two views of what the article says. The term vector
  (top ``VECTOR_TERMS`` words, sublinear tf x rarity) sees the exact words; the
  embedding (:mod:`embedding`, static word vectors of those same terms) also sees
  related words that differ ("killed" / "assassinated"). Rarity comes from
  ``wordfreq`` (offline English frequencies, no corpus statistics to keep):
  ``RARITY_CEILING_ZIPF - zipf``, with words rarer than ``RARITY_FLOOR_ZIPF``
  (typos, name fragments) capped there, and words at ``COMMON_ZIPF`` or above
  left out. Names count as terms like any word; they also find candidates
  (index keys) and tell what is said from who says it (:func:`topic_cosine`),
  but there is no separate name-overlap term: on the tuning pairs it only
  lowered the correlation with human labels (``docs/design.md``, "Stories").

Everything is packed into one short string (``pack``): the normalize agent computes
it in parallel and the single-partition dedupe agent only unpacks it, and the same
string is what the ``articles`` table keeps for candidate scoring.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np
from numpy.typing import NDArray
from wordfreq import zipf_frequency

from worker.stages.dedupe import embedding
from worker.stages.dedupe.minhash import band_keys, jaccard, minhash
from worker.stages.memo import Memo

__all__ = ["Features", "band_keys", "cosine", "entity_overlap", "features", "jaccard", "pack", "rarity",
           "story_similarity", "topic_cosine", "unpack", "unpack_signature"]

#: Words (letters, with inner apostrophes).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Sentence-ending marks: the first word after one is "initial" (capitalised anyway).
_SENTENCE_END = re.compile(r"[.!?:\n]")

#: Words at least this frequent (zipf) carry no topical weight ("the" is 7.7, "said" 6.2, "year" 6.0).
COMMON_ZIPF = 6.0
#: Rarity is this minus a word's zipf ...
RARITY_CEILING_ZIPF = 7.0
#: ... with words rarer than this counted as this rare (a typo is no more topical than a rare real word).
RARITY_FLOOR_ZIPF = 2.0
#: A capitalised word whose lower-case zipf is above this is a common word, not a name.
NAME_MAX_ZIPF = 5.2
#: Story similarity = TERM_SHARE x term cosine + (1 - TERM_SHARE) x embedding cosine.
TERM_SHARE = 0.6
#: Capitalised but never a story's name.
NOT_NAMES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december"})
VECTOR_TERMS = 40
ENTITY_TERMS = 15


def rarity(term: str) -> float:
    """IDF-like weight from general English frequency: 0 for common words, 1 to 5 for the rest."""
    z = zipf_frequency(term, "en")
    return 0.0 if z >= COMMON_ZIPF else RARITY_CEILING_ZIPF - max(z, RARITY_FLOOR_ZIPF)


#: ``rarity`` memoised (the hot path reads this dict).
_RARITY: Memo[str, float] = Memo(rarity)


@dataclass(frozen=True)
class Features:
    """The comparable summary of one article."""

    signature: bytes  # b-bit MinHash, one byte per permutation
    vector: dict[str, float]  # L2-normalised, top VECTOR_TERMS by weight
    entities: frozenset[str]  # lower-cased proper nouns
    index_keys: tuple[str, ...]  # most distinctive terms/names: the inverted-index keys
    meaning: bytes = b""  # embedding.DIMS signed bytes: the terms' word vectors, weighted (see embedding)

    @cached_property
    def norm2(self) -> float:
        """Squared length of ``vector`` (about 1; rounding makes it not exactly 1)."""
        return sum(w * w for w in self.vector.values())

    @cached_property
    def meaning_unit(self) -> NDArray[np.float32] | None:
        """``meaning`` as a unit float vector, decoded once per article (see :func:`embedding.unit`)."""
        return embedding.unit(self.meaning)


def _classify(word: str) -> tuple[str, bool, bool]:
    """(term, is a name mid-sentence, is a name at a sentence start) for one surface word."""
    low = word.replace("’", "'").lower()
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2 or not word[0].isupper():
        return low, False, False
    z = zipf_frequency(low, "en")
    name = z <= NAME_MAX_ZIPF and low not in NOT_NAMES
    return low, name, name and z <= 3.5


def _role(field: int) -> Memo[str, str]:
    """Surface word -> its term if it plays ``field``'s role, else "" (counted, then dropped).

    Fields: 0 a topical term (rarity above 0), 1 a name mid-sentence, 2 a name even
    at a sentence start, 3 a name mid-sentence only (its sentence-initial uses are
    taken back out).
    Four plain dicts so that ``Counter(map(memo.__getitem__, words))`` counts in C.
    """
    def role(word: str) -> str:
        low, mid, initial = _classify(word)
        if len(low) < 2:
            return ""
        topical = low if _RARITY[low] else ""
        return (topical, low if mid else "", low if initial else "", low if mid and not initial else "")[field]

    return Memo(role)


_TERM, _NAME, _INITIAL_NAME, _MID_NAME = (_role(i) for i in range(4))
#: Sublinear term frequency, 1 + ln(tf), memoised per count.
_SUBLINEAR: Memo[int, float] = Memo(lambda n: 1 + math.log(n))


def _tokens(title: str | None, body: str) -> tuple[Counter[str], Counter[str]]:
    """Topical term counts (lower-case) and proper-noun counts, title counted twice.

    Every word is classified once per distinct surface form (memo), and counted
    by ``Counter`` over ``map`` in C. A name is counted where it appears mid-sentence;
    at a sentence start (the first word after a sentence end, and every title word:
    Title Case) only if it is rare enough to be a name there too.
    """
    head = _WORD.findall(title or "")
    words = _WORD.findall(body)
    terms = Counter(map(_TERM.__getitem__, chain(head, head, words)))
    names = Counter(map(_NAME.__getitem__, words))
    names.update(map(_INITIAL_NAME.__getitem__, chain(head, head)))
    for piece in _SENTENCE_END.split(body):
        if (m := _WORD.search(piece)) and (low := _MID_NAME[m.group()]):
            names[low] -= 1
    del terms[""], names[""]
    return terms, +names


def features(title: str | None, body: str, folded: str, shingle: int, num_perm: int, index_size: int) -> Features:
    """Compute everything dedupe stores and compares for one article."""
    terms, names = _tokens(title, body)
    # (-weight, term) tuples sort in C: heaviest first, ties by term.
    ranked = sorted([(-(_SUBLINEAR[n] * _RARITY[t]), t) for t, n in terms.items()])
    top = {t: -w for w, t in ranked[:VECTOR_TERMS]}
    norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
    vector = {t: round(w / norm, 3) for t, w in top.items()}
    name_rank = [t for _, t in sorted((-(_SUBLINEAR[n] * _RARITY[t]), t) for t, n in names.items())][:ENTITY_TERMS]
    # Index keys: the strongest names first (they carry the story), then rare terms.
    keys = list(dict.fromkeys(name_rank[: index_size // 2] + list(top)))
    return Features(minhash(folded, shingle, num_perm), vector, frozenset(name_rank), tuple(keys[:index_size]),
                    embedding.embed(top))


def cosine(a: dict[str, float], b: dict[str, float], skip: frozenset[str] = frozenset()) -> float:
    """Cosine of two unit vectors, with the ``skip`` terms taken out of both (then renormalised).

    Works on the shared keys only (a C-level set intersection), and takes the
    skipped terms' squares out of the norms instead of building filtered copies.
    """
    shared = a.keys() & b.keys()
    if skip:
        shared -= skip
    dot = sum(a[t] * b[t] for t in shared)
    if not skip or not dot:
        return dot
    na = sum(w * w for w in a.values()) - sum(a[t] * a[t] for t in skip if t in a)
    nb = sum(w * w for w in b.values()) - sum(b[t] * b[t] for t in skip if t in b)
    return dot / math.sqrt(na * nb)


def entity_overlap(a: frozenset[str], b: frozenset[str], skip: frozenset[str] = frozenset()) -> float:
    """Shared names weighted by rarity, cosine-normalised (one shared name in a tiny set is weak)."""
    a, b = a - skip, b - skip
    if not a or not b:
        return 0.0
    shared = sum(_RARITY[t] for t in a & b)
    return shared / math.sqrt(sum(_RARITY[t] for t in a) * sum(_RARITY[t] for t in b))


def story_similarity(a: Features, b: Features, skip: frozenset[str] = frozenset()) -> float:
    """Same-story score in [0, 1]: term cosine blended with embedding cosine, ignoring ``skip`` terms.

    The term part is ``cosine`` with each side's norm computed once per article
    (``Features`` caches it), since one article is scored against many candidates.
    """
    terms = a.vector.keys() & b.vector.keys()
    if skip:
        terms -= skip
    dot = sum(a.vector[t] * b.vector[t] for t in terms)
    if skip and dot:
        na = a.norm2 - sum(a.vector[t] ** 2 for t in skip if t in a.vector)
        nb = b.norm2 - sum(b.vector[t] ** 2 for t in skip if t in b.vector)
        dot /= math.sqrt(na * nb)
    x, y = a.meaning_unit, b.meaning_unit
    meaning = 0.0 if x is None or y is None else max(0.0, float(x @ y))
    return round(TERM_SHARE * dot + (1 - TERM_SHARE) * meaning, 4)


def topic_cosine(a: Features, b: Features, skip: frozenset[str] = frozenset()) -> float:
    """The part of the term cosine carried by shared words that are nobody's name: what both say, not who.

    Two briefings by the same spokesman share his name, his title and his
    office, and little else; two reports of one event share its words
    ("avalanche", "coin", "bomb") even when the names differ.
    """
    shared = (a.vector.keys() & b.vector.keys()) - a.entities - b.entities
    if skip:
        shared -= skip
    return round(sum(a.vector[t] * b.vector[t] for t in shared), 4)


def pack(f: Features, header: str) -> str:
    """One compact string: ``header|signature b64|terms|weights in thousandths|names|embedding b64|keys``.

    Terms and names are letters and apostrophes only, so ``|`` and spaces never
    occur inside them. About 0.8-1 KB for a typical article.
    """
    return "|".join((header, base64.b64encode(f.signature).decode(), " ".join(f.vector),
                     " ".join(str(round(w * 1000)) for w in f.vector.values()), " ".join(sorted(f.entities)),
                     base64.b64encode(f.meaning).decode(), " ".join(f.index_keys)))


def unpack_signature(packed: str) -> bytes:
    """Just the MinHash signature (what a near-copy check needs), without parsing the rest."""
    return base64.b64decode(packed.split("|", 2)[1])


def unpack(packed: str) -> Features:
    """The features back; a record written before the embedding existed (six fields) has none."""
    parts = packed.split("|")
    if len(parts) == 6:
        parts.insert(5, "")
    _, sig, terms, weights, ents, meaning, keys = parts
    vector = dict(zip(terms.split(), [int(w) / 1000 for w in weights.split()], strict=True))
    return Features(base64.b64decode(sig), vector, frozenset(ents.split()), tuple(keys.split()),
                    base64.b64decode(meaning))
