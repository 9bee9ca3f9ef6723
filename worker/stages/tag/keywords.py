"""Keywords: words (and repeated two-word phrases) that are frequent here but rare in the language.

Weights come from ``wordfreq`` (Apache-2.0 code, CC-BY-SA data; ships offline,
covers ~40 languages): a word's Zipf frequency says how common it is in general
text, so ``MAX_ZIPF + 1 - zipf`` acts as an IDF without a corpus of our own. The
term frequency is dampened (``1 + ln tf``) so one name repeated ten times does
not bury the topic words. Possessives fold ("china's" -> "china"). YAKE was
rejected: LGPL, and 24 ms per article here.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from wordfreq import available_languages, get_frequency_dict, zipf_frequency

from worker.models import Keyword

_POSSESSIVE = re.compile(r"['’]s\b")
_PUNCT = ".,;:!?\"'()[]{}“”‘’«»—–-…/*#@&%$|<>+=_~"
#: Words more common than this (Zipf scale) are not keywords ("the" is 7.7, "china" 5.1).
MAX_ZIPF = 5.5
#: A word unknown to wordfreq (zipf 0) is often a typo or a name fragment: cap its weight.
MIN_ZIPF = 1.5
#: Languages whose words our regex can split; others (zh, ja, ...) go through wordfreq's own tokenizer.
_SPACED = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ru", "uk", "tr",
                     "id", "ca", "ro", "hu", "el", "bg", "hr", "sr", "sk", "sl", "lt", "lv"})


@lru_cache(maxsize=64)
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's word -> frequency table, loaded once per language (~0.6 s for English)."""
    return get_frequency_dict(lang) if lang in _SPACED else {}


#: Languages wordfreq has lists for. For others it would answer from the "nearest" list (English for Nepali)
#: and log a warning each time; an unknown weight is more honest.
_WORDFREQ = frozenset(available_languages())


@lru_cache(maxsize=200_000)
def _slow_zipf(word: str, lang: str) -> float:
    if lang not in _WORDFREQ:
        return 0.0
    try:
        return zipf_frequency(word, lang)
    except (ImportError, KeyError):
        # Chinese/Japanese/Korean lookups need optional segmenters (jieba, MeCab) that we don't ship:
        # an unknown weight keeps the article's keywords instead of rejecting the article.
        return 0.0


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of a lower-case word: a dict lookup where possible (wordfreq's own call tokenizes)."""
    table = _frequencies(lang)
    if table:
        freq = table.get(word)
        if freq is None and "-" in word:  # "high-level": combine the parts as wordfreq does (1 / sum 1/f)
            parts = [table.get(p, 0.0) for p in word.split("-") if p]
            freq = 1 / sum(1 / f for f in parts) if parts and all(parts) else None
        z = math.log10(freq) + 9 if freq else 0.0
    else:
        z = _slow_zipf(word, lang)
    return max(z, MIN_ZIPF)


#: Per-language word -> weight memo (plain dicts: faster than lru_cache on the hot path); cleared when huge.
_MEMO: dict[str, dict[str, float]] = {}
MEMO_LIMIT = 1_000_000


def weights(words: Iterable[str], lang: str) -> dict[str, float]:
    """The memo for ``lang``, filled for ``words``."""
    memo = _MEMO.setdefault(lang, {})
    missing = [w for w in words if w not in memo]
    if len(memo) + len(missing) > MEMO_LIMIT:
        memo.clear()
        missing = list(words)
    for w in missing:
        memo[w] = _weight(w, lang)
    return memo


def _weight(word: str, lang: str) -> float:
    """IDF-like weight of a word (0: not a keyword candidate)."""
    if len(word) < 3 or not word.replace("-", "").isalpha():
        return 0.0
    z = zipf(word, lang)
    return 0.0 if z > MAX_ZIPF else MAX_ZIPF + 1 - z


def terms(text: str) -> list[str]:
    """Lower-case words with possessives folded ("China’s" -> "china"), edge punctuation stripped.

    ``str.split`` + ``strip`` is about twice as fast as a word regex here; tokens that
    are not words ("u.s.-china", "2017") simply get no keyword weight.
    """
    return [w.strip(_PUNCT) for w in _POSSESSIVE.sub("", text.lower()).split()]


def keywords(words: list[str], counts: Mapping[str, int], lang: str, limit: int,
             exclude: frozenset[str] = frozenset()) -> list[Keyword]:
    """The ``limit`` most distinctive terms of a text (its ``terms`` and their counts), best first.

    ``exclude`` holds lower-case words of the article's entity names: those are
    tagged as entities already, so keywords are left to say what it is about.
    """
    memo = weights(counts, lang)
    weight = {w: x for w in counts if (x := memo[w]) and w not in exclude}
    log = math.log
    scored = [(x * (1 + log(counts[w])) if counts[w] > 1 else x, w) for w, x in weight.items()]
    # Two-word phrases seen at least twice, both words distinctive: "steamed bun", "dual-use technology".
    repeated = {w for w in weight if counts[w] >= 2}
    if len(repeated) >= 2:
        pairs = Counter(p for p in itertools.pairwise(words) if p[0] in repeated and p[1] in repeated)
        for (a, b), n in pairs.items():
            if n >= 2 and a != b:
                scored.append(((1 + math.log(n)) * (weight[a] + weight[b]) * 0.75, f"{a} {b}"))
    best = heapq.nlargest(limit, scored)
    return [Keyword(term=w, score=round(s, 3)) for s, w in best]
