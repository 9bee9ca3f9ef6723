"""Word weights from ``wordfreq``, and the keyword fallback for languages without noun phrases.

``wordfreq`` (Apache-2.0 code, CC-BY-SA data; ships offline, ~40 languages)
gives a word's Zipf frequency in general text, an IDF without a corpus of our
own. English keywords are noun phrases (:mod:`keywords`); for other languages
there is no word-class list, so the fallback ranks single words (and repeated
two-word phrases) that are frequent here but rare in the language.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from wordfreq import available_languages, get_frequency_dict, zipf_frequency

from worker.models import Keyword
from worker.stages.memo import Memo

_POSSESSIVE = re.compile(r"['’]s\b")
_PUNCT = ".,;:!?\"'()[]{}“”‘’«»—–-…/*#@&%$|<>+=_~"
#: Single words more common than this (Zipf scale) are not keywords in the fallback.
FALLBACK_MAX_ZIPF = 5.5
#: A word unknown to wordfreq (zipf 0) is often a typo or a name fragment: floor its Zipf here.
MIN_ZIPF = 1.5
#: Languages whose words our regex can split; others (zh, ja, ...) go through wordfreq's own tokenizer.
_SPACED = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ru", "uk", "tr",
                     "id", "ca", "ro", "hu", "el", "bg", "hr", "sr", "sk", "sl", "lt", "lv"})
#: Languages wordfreq has lists for. For others it would answer from the "nearest" list (English for Nepali)
#: and log a warning each time; an unknown weight is more honest.
_WORDFREQ = frozenset(available_languages())


@lru_cache(maxsize=64)
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's word -> frequency table, loaded once per language (~0.6 s for English)."""
    return get_frequency_dict(lang) if lang in _SPACED else {}


def _lookup(key: tuple[str, str]) -> float:
    word, lang = key
    table = _frequencies(lang)
    if not table:
        if lang not in _WORDFREQ:
            return MIN_ZIPF
        try:
            return max(zipf_frequency(word, lang), MIN_ZIPF)
        except (ImportError, KeyError):
            # Chinese/Japanese/Korean lookups need optional segmenters (jieba, MeCab) that we don't ship.
            return MIN_ZIPF
    freq = table.get(word)
    if freq is None and "-" in word:  # "high-level": combine the parts as wordfreq does (1 / sum 1/f)
        parts = [table.get(p, 0.0) for p in word.split("-") if p]
        freq = 1 / sum(1 / f for f in parts) if parts and all(parts) else None
    return max(math.log10(freq) + 9 if freq else 0.0, MIN_ZIPF)


_ZIPF: Memo[tuple[str, str], float] = Memo(_lookup, limit=1_000_000)


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of a lower-case word (a dict lookup: wordfreq's own call tokenizes)."""
    return _ZIPF[(word, lang)]


def terms(text: str) -> list[str]:
    """Lower-case words with possessives folded ("China’s" -> "china"), edge punctuation stripped."""
    return [w.strip(_PUNCT) for w in _POSSESSIVE.sub("", text.lower()).split()]


def _weight(word: str, lang: str) -> float:
    if len(word) < 3 or not word.replace("-", "").isalpha():
        return 0.0
    z = zipf(word, lang)
    return 0.0 if z > FALLBACK_MAX_ZIPF else FALLBACK_MAX_ZIPF + 1 - z


def word_keywords(words: list[str], counts: Mapping[str, int], lang: str, limit: int) -> list[Keyword]:
    """The ``limit`` most distinctive words (and repeated word pairs) of a text, best first."""
    weight = {w: x for w in counts if (x := _weight(w, lang))}
    scored = [(x * (1 + math.log(counts[w])), w) for w, x in weight.items()]
    repeated = {w for w in weight if counts[w] >= 2}
    if len(repeated) >= 2:
        pairs = Counter(p for p in itertools.pairwise(words) if p[0] in repeated and p[1] in repeated)
        scored += [((1 + math.log(n)) * (weight[a] + weight[b]) * 0.75, f"{a} {b}") for (a, b), n in pairs.items()
                   if n >= 2 and a != b]
    return [Keyword(term=w, score=round(s, 3)) for s, w in heapq.nlargest(limit, scored)]
