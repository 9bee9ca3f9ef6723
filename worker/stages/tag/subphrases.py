"""Sub-phrases of a noun-phrase chunk: the candidate keywords one chunk gives, with their base weights.

A chunk gives itself and its sub-phrases of up to :data:`MAX_WORDS` words,
each weighted by the specificity of its words from ``wordfreq``
(``KEYWORD_MAX_ZIPF - zipf``: "the" and "official" weigh nothing,
"fentanyl" much) and by its length. Names are whole or absent: a run of
capitalised words is kept whole ("Theresa May", never "minister theresa"),
after the job titles and nationality words in front of a person's name come
off ("Prime Minister" | "Theresa May"). A sub-phrase never ends on a
modifier that is also an adjective ("syrian" of "syrian refugees"), and a
nationality word is no keyword: it names its country (:mod:`demonyms`).
Results are memoized per chunk: chunks recur across articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from worker.stages.memo import Memo
from worker.stages.tag.demonyms import country
from worker.stages.tag.spans import TITLES
from worker.stages.tag.weights import zipf
from worker.stages.tag.wordclass import CLASSES

#: Words more common than this (Zipf scale) carry no specificity ("the" is 7.7, "china" 5.1).
KEYWORD_MAX_ZIPF = 6.5
MAX_WORDS = 3
#: Longest name kept whole ("national oceanic and atmospheric administration" is 5).
MAX_NAME_WORDS = 6
#: Per-occurrence factor by length: a longer phrase must recur to beat its parts.
LENGTH_FACTOR = (0.0, 1.0, 0.8, 0.6)
#: A one-word keyword must be at least this specific, unless it is a name.
MIN_SINGLE_SPECIFICITY = 1.5
#: Specificity factor of adjectives: they qualify a topic rather than name one.
ADJECTIVE_FACTOR = 0.5
#: A name's weight lies between these, whatever its letters: fame is not rarity.
NAME_BASE = (2.0, 5.0)
#: A first name is rarer than this (Zipf): "Theresa" 3.6, "Donald" 4.6; "Care" 5.5 starts no name.
PERSON_MAX_ZIPF = 5.0
#: Share of a mention for a sub-phrase that ends before its chunk's head.
PREFIX_FACTOR = 1.0
_JOINERS = frozenset(("of", "for", "&"))
#: Words a sub-phrase never holds outside a name.
_CONNECTORS = frozenset(("of", "for", "&", "and"))



def _specificity(word: str) -> float:
    """How much a word says about a topic; an adjective that is not a noun ("contentious") says less."""
    spec = max(0.0, KEYWORD_MAX_ZIPF - zipf(word, "en"))
    noun, _, adj = CLASSES[word]
    return spec * ADJECTIVE_FACTOR if adj and not noun else spec


_SPEC: Memo[str, float] = Memo(_specificity)


def _word_info(word: str) -> tuple[float, bool]:
    """(specificity, may stand alone as a keyword: specific enough and not a verb form)."""
    spec = _SPEC[word]
    return spec, spec >= MIN_SINGLE_SPECIFICITY and not CLASSES[word][1]


_WORD: Memo[str, tuple[float, bool]] = Memo(_word_info)


def name_base(words: Iterable[str]) -> float:
    """A name's base weight: its specificity, clamped to :data:`NAME_BASE`."""
    low, high = NAME_BASE
    return min(high, max(low, sum(_SPEC[w] for w in words)))


def _runs(words: tuple[str, ...], caps: tuple[bool, ...]) -> Sequence[int]:
    """Run id per word: capitalised words in a row share one (a name).

    "of", "for" and "&" between capitalised words join them ("Department of Homeland Security"); "and"
    does not ("Trump and Putin" is two names; NER's entities keep "Ways and Means" whole). Job titles and
    nationality words in front of a person's name (a word no list knows: "Theresa", "Bashar") come off
    ("Prime Minister" | "Theresa May"); in front of other names they stay ("Syrian Observatory").
    """
    ids: list[int] = []
    n = len(words)
    k = 0
    while k < n:
        end = k + 1
        while caps[k] and end < n and (caps[end] or (words[end] in _JOINERS and end + 1 < n and caps[end + 1])):
            end += 1
        start = _person_start(words, k, end)
        ids.extend(range(len(ids), len(ids) + start - k))
        ids.extend([len(ids)] * (end - start))
        k = end
    return ids


def _person_start(words: tuple[str, ...], k: int, end: int) -> int:
    """Where a person's name starts in the run ``k:end``, after titles ("Foreign Minister", "Secretary of
    State", "Russian Foreign Minister"): ``k`` when the rest is no name of at least two words, or starts
    with a common word ("Health | Care Bill" is a bill)."""
    start = k
    while start < end - 2 and (words[start] in TITLES or words[start] in _JOINERS
                               or (country(words[start]) and words[start + 1] in TITLES)):
        start += 1
    return start if start > k and zipf(words[start], "en") < PERSON_MAX_ZIPF else k


SubPhrases = tuple[tuple[tuple[str, float, float], ...], tuple[str, ...]]


class _Facts(NamedTuple):
    """What the sub-phrase rules ask of a word, looked up once per word."""

    spec: float
    alone: bool  # may be a one-word keyword
    modifier: bool  # an adjective form: a sub-phrase may not end on it before the head
    title: bool  # a job title
    describes: bool  # a nationality or a non-noun: with a title after it, a person described


def _facts(word: str) -> _Facts:
    spec, alone = _WORD[word]
    noun, _, adj = CLASSES[word]
    nation = country(word) is not None
    title = word in TITLES
    return _Facts(spec, alone and not nation and not title and len(word) > 2, adj, title, nation or not noun)


_FACTS: Memo[str, _Facts] = Memo(_facts)


def _subphrases(key: tuple[tuple[str, ...], tuple[bool, ...]]) -> SubPhrases:
    """((phrase, base, weight factor), ...) of a plain chunk, and the countries its nationality words name.

    A sub-phrase that stops before the chunk's head ("republican health" of "republican health care
    plan") counts :data:`PREFIX_FACTOR` of a mention: it is a modifier there, not what the chunk names.
    """
    words, caps = key
    n = len(words)
    named = True in caps
    runs = _runs(words, caps) if named else range(n)
    facts = [_FACTS[w] for w in words]
    out: list[tuple[str, float, float]] = []
    nations = tuple(c.lower() for w, cap in zip(words, caps, strict=True) if cap and (c := country(w))) if named else ()
    for i in range(n):
        if i and runs[i] == runs[i - 1]:
            continue  # would start inside a name
        total = 0.0
        for j in range(i + 1, n + 1):
            last = facts[j - 1]
            total += last.spec
            if j < n and runs[j] == runs[j - 1]:
                continue  # would end inside a name
            if runs[i] == runs[j - 1] and j - i > 1:
                if j - i <= MAX_NAME_WORDS:
                    out.append((" ".join(words[i:j]), name_base(words[i:j]), 1.0))
                break  # a whole name stands alone
            if j - i > MAX_WORDS or runs[j - 1] - runs[i] + 1 < j - i or words[j - 1] in _CONNECTORS:
                break  # too long, a name inside a longer phrase, or "of" and the like
            if (j < n and last.modifier) or (j - i == 1 and not last.alone):
                continue  # ends on a modifier ("syrian" of "syrian refugees"), or a word that is no keyword alone
            if j - i > 1 and last.title and facts[i].describes:
                continue  # "indian prime minister", "incoming president": a person described, not a topic
            out.append((" ".join(words[i:j]), total * LENGTH_FACTOR[j - i], 1.0 if j == n else PREFIX_FACTOR))
    return tuple(out), nations


#: chunk (words, capitals) -> its sub-phrases; chunks recur across articles ("prime minister", "oil prices").
SUBPHRASES: Memo[tuple[tuple[str, ...], tuple[bool, ...]], SubPhrases] = Memo(_subphrases)


def capitalised(token: str) -> bool:
    """Starts with a capital, or has one after a lower-case prefix ("al-Assad")."""
    return token[0].isupper() or ("-" in token and token.partition("-")[2][:1].isupper())


def single(word: str) -> tuple[bool, float, str | None]:
    """A one-word chunk: (may stand alone as a keyword, its specificity, the country it names if capitalised)."""
    (phrases, _), (_, nations) = _subphrases(((word,), (False,))), _subphrases(((word,), (True,)))
    return bool(phrases), _WORD[word][0], nations[0] if nations else None


SINGLE: Memo[str, tuple[bool, float, str | None]] = Memo(single)
