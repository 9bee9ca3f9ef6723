"""VADER's sentence score (vaderSentiment 3.3.2, MIT), rule for rule, over pre-lowered tokens.

``polarity_scores`` costs about 130 us a sentence, mostly rebuilding lower-cased
word lists for every lexicon hit. :func:`compound` gives the same number for the
same sentence with VADER's own constants and helpers (negation, boosters,
capitals, idioms, "least", "but", "!" and "?"), lowering each token once.
tone.py uses it for the sentences its faster path cannot settle; tests compare
both against ``polarity_scores`` itself.
"""

from __future__ import annotations

import string
from functools import lru_cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    allcap_differential,
    normalize,
    scalar_inc_dec,
)

PUNCT = string.punctuation
_NEGATE = frozenset(NEGATE)


class Lexicon:
    """VADER's word valences and its emoji table (VADER swaps emoji for their descriptions char by char)."""

    def __init__(self) -> None:
        self.reference = SentimentIntensityAnalyzer()
        self.valence: dict[str, float] = self.reference.lexicon
        self.emoji = frozenset(e for e in self.reference.emojis if len(e) == 1)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def tokens(sentence: str) -> list[str]:
    """VADER's tokens: whitespace words with edge punctuation removed, unless 2 characters or fewer remain."""
    return [w if len(s := w.strip(PUNCT)) <= 2 else s for w in sentence.split()]


def emphasis(sentence: str) -> float:
    """What VADER adds for "!" and "?" to a non-zero sum."""
    return SentimentIntensityAnalyzer._amplify_ep(sentence) + SentimentIntensityAnalyzer._amplify_qm(sentence)


def finish(total: float, sentence: str) -> float:
    """VADER's compound from the sum of a sentence's word valences."""
    if not total:
        return 0.0
    amplified = emphasis(sentence)
    return round(normalize(total + amplified if total > 0 else total - amplified), 4)


def compound(sentence: str, valence: dict[str, float]) -> float:
    """``polarity_scores(sentence)["compound"]`` for a sentence without emoji."""
    words = tokens(sentence)
    lowered = " ".join(words).lower().split(" ")
    if len(lowered) != len(words):  # a token lower-cases to something with a space: never seen, but be exact
        lowered = [w.lower() for w in words]
    hits = [i for i, w in enumerate(lowered) if w in valence and w not in BOOSTER_DICT and not kind_of(lowered, i)]
    if not hits:
        return 0.0
    cap_diff = CapDiff(words)
    sentiments = [0.0] * len(words)
    for i in hits:
        sentiments[i] = valence_at(i, words, lowered, cap_diff, valence)
    if "but" in lowered:
        sentiments = SentimentIntensityAnalyzer._but_check(words, sentiments)
    return finish(sum(sentiments), sentence)


def kind_of(lowered: list[str], i: int) -> bool:
    """VADER skips "kind" when "of" follows (it is a dampener then, not the lexicon's "kind")."""
    return lowered[i] == "kind" and lowered[i + 1:i + 2] == ["of"]


def but_scaled(values: list[float], positions: list[int], but: int) -> list[float]:
    """VADER's ``_but_check`` on the non-zero valences only (zeros never change, nor are found by value).

    VADER finds each valence by value (``list.index``), so an earlier word whose scaled valence equals
    a later one's is scaled again instead; the same search over the same values keeps that behaviour.
    """
    out = list(values)
    for v in values:
        if v:
            k = out.index(v)
            if positions[k] != but:
                out[k] = v * 0.5 if positions[k] < but else v * 1.5
    return out


class CapDiff:
    """VADER's "some but not all words in capitals", computed only when a capitalised word asks."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = allcap_differential(self.words)
        return self.value


def valence_at(i: int, words: list[str], lowered: list[str], cap_diff: CapDiff, lexicon: dict[str, float]) -> float:
    """VADER's ``sentiment_valence`` for the lexicon word at ``i``: ``lowered`` are VADER's tokens lower-cased,
    ``words`` the same tokens before lower-casing (stripped of edge punctuation or not: only their
    capitals are read)."""
    v = lexicon[lowered[i]]
    if lowered[i] == "no" and i != len(words) - 1 and lowered[i + 1] in lexicon:
        v = 0.0
    if (i > 0 and lowered[i - 1] == "no") or (i > 1 and lowered[i - 2] == "no") \
            or (i > 2 and lowered[i - 3] == "no" and lowered[i - 1] in ("or", "nor")):
        v = lexicon[lowered[i]] * N_SCALAR
    if words[i].isupper() and cap_diff:
        v += C_INCR if v > 0 else -C_INCR
    for k in range(3):
        if i > k and lowered[i - k - 1] not in lexicon:
            s = _booster(words[i - k - 1], lowered[i - k - 1], v, cap_diff)
            v += s * (1.0, 0.95, 0.9)[k] if s else 0.0
            v = _negation(v, lowered, k, i)
            if k == 2:
                v = _idioms(v, lowered, i)
    return _least(v, lowered, i, lexicon)


def _booster(word: str, low: str, v: float, cap_diff: CapDiff) -> float:
    """VADER's ``scalar_inc_dec`` for the word before a hit: ``low`` is VADER's token lower-cased, ``word``
    the raw token it came from (edge punctuation does not change whether a word is in capitals)."""
    if low not in BOOSTER_DICT:
        return 0.0
    return scalar_inc_dec(low.upper() if word.isupper() else low, v, cap_diff)


def negated(word: str) -> bool:
    """VADER's ``negated`` for one lower-cased word."""
    return word in _NEGATE or "n't" in word


def _negation(v: float, low: list[str], k: int, i: int) -> float:
    """VADER's ``_negation_check`` at distance ``k + 1`` before ``i``."""
    if k == 0:
        return v * N_SCALAR if negated(low[i - 1]) else v
    if k == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            return v * 1.25
        if low[i - 2] == "without" and low[i - 1] == "doubt":
            return v
        return v * N_SCALAR if negated(low[i - 2]) else v
    if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
        return v * 1.25
    if low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
        return v
    return v * N_SCALAR if negated(low[i - 3]) else v


def _idioms(v: float, low: list[str], i: int) -> float:
    """VADER's ``_special_idioms_check`` (idioms around ``i``, then "kind of"-style dampeners)."""
    before = (f"{low[i - 1]} {low[i]}", f"{low[i - 2]} {low[i - 1]} {low[i]}", f"{low[i - 2]} {low[i - 1]}",
              f"{low[i - 3]} {low[i - 2]} {low[i - 1]}", f"{low[i - 3]} {low[i - 2]}")
    v = next((SPECIAL_CASES[seq] for seq in before if seq in SPECIAL_CASES), v)
    if len(low) - 1 > i and (after := f"{low[i]} {low[i + 1]}") in SPECIAL_CASES:
        v = SPECIAL_CASES[after]
    if len(low) - 1 > i + 1 and (after3 := f"{low[i]} {low[i + 1]} {low[i + 2]}") in SPECIAL_CASES:
        v = SPECIAL_CASES[after3]
    for gram in (before[3], before[4], before[2]):
        if gram in BOOSTER_DICT:
            v += BOOSTER_DICT[gram]
    return v


def _least(v: float, low: list[str], i: int, lexicon: dict[str, float]) -> float:
    """VADER's ``_least_check``: "least" before a word negates it, unless "at least" / "very least"."""
    if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
        return v if low[i - 2] in ("at", "very") else v * N_SCALAR
    if i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
        return v * N_SCALAR
    return v
