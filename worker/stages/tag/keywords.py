"""Keywords: words (and repeated two-word phrases) that are frequent here but rare in the language.

Weights come from ``wordfreq`` (Apache-2.0 code, CC-BY-SA data; ships offline,
covers ~40 languages): a word's Zipf frequency says how common it is in general
text, so ``MAX_ZIPF + 1 - zipf`` acts as an IDF without a corpus of our own. The
term frequency is dampened (``1 + ln tf``) so one name repeated ten times does
not bury the topic words. Possessives fold ("china's" -> "china"). YAKE was
rejected: LGPL, and 24 ms per article here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

from worker.models import Keyword

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_POSSESSIVE = re.compile(r"['’]s?$")
#: Words more common than this (Zipf scale) are not keywords ("the" is 7.7, "china" 5.4).
MAX_ZIPF = 5.5
#: A word unknown to wordfreq (zipf 0) is often a typo or a name fragment: cap its weight.
MIN_ZIPF = 1.5


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    return max(zipf_frequency(word, lang), MIN_ZIPF)


def terms(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w.lower()) for w in _WORD.findall(text)]


def keywords(text: str, lang: str, limit: int, exclude: frozenset[str] = frozenset()) -> list[Keyword]:
    """The ``limit`` most distinctive terms of ``text`` with scores, best first.

    ``exclude`` holds lower-case words of the article's entity names: those are
    tagged as entities already, so keywords are left to say what it is about.
    """
    words = terms(text)
    counts = Counter(w for w in words if len(w) > 2 and w not in exclude and "'" not in w and "’" not in w)
    weight: dict[str, float] = {}
    scored: list[tuple[float, str]] = []
    for word, n in counts.items():
        z = zipf(word, lang)
        if z > MAX_ZIPF:
            continue
        weight[word] = MAX_ZIPF + 1 - z
        scored.append(((1 + math.log(n)) * weight[word], word))
    # Two-word phrases seen at least twice, both words distinctive: "steamed bun", "dual-use technology".
    pairs = Counter(itertools.pairwise(words))
    for (a, b), n in pairs.items():
        if n >= 2 and a in weight and b in weight and a != b:
            scored.append(((1 + math.log(n)) * (weight[a] + weight[b]) * 0.75, f"{a} {b}"))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Keyword(term=w, score=round(s, 3)) for s, w in scored[:limit]]
