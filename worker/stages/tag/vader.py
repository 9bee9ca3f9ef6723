"""Article tone: VADER (vaderSentiment 3.3.2, MIT) sentence by sentence, averaged, in [-1, 1].

VADER's compound score saturates on long texts (a whole 550-word article
scores beyond +/-0.95 in most cases), and its authors advise scoring sentences
and averaging, which is what we do: the tone is the mean compound score of the
title's and body's sentences, neutral sentences included.

The reference implementation costs about 130 us a sentence (3 ms an article),
mostly rebuilding lower-cased word lists for every lexicon hit. This module
gives the same numbers for the same sentences at a fraction of the cost:

- a sentence none of whose words (punctuation removed) is in the lexicon,
  and that holds no emoticon-like entry, scores exactly 0 without tokenizing;
- the others are tokenized as VADER does, once, and scored with VADER's rules
  (negation, boosters, capitals, idioms, "least", "but", "!" and "?") written
  over the pre-lowered tokens, with VADER's own constants and helpers;
- sentences with emoji, whose descriptions VADER splices in, go to VADER itself.

bench/tone_report.py checks agreement with ``polarity_scores`` on every sentence.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

import ahocorasick
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

from worker.models import Tone

#: Languages the lexicon covers.
LANGUAGES = frozenset({"en"})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")
_PUNCT = string.punctuation
_TO_SPACE = str.maketrans(_PUNCT, " " * len(_PUNCT))
_NEGATE = frozenset(NEGATE)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _Lexicon:
    """VADER's lexicon and emoji table, and an automaton for its entries that contain punctuation."""

    def __init__(self) -> None:
        self.reference = SentimentIntensityAnalyzer()
        self.valence: dict[str, float] = self.reference.lexicon
        self.emoji = frozenset(e for e in self.reference.emojis if len(e) == 1)  # VADER swaps emoji char by char
        self.punctuated = ahocorasick.Automaton()
        for word in self.valence:
            if word == word.lower() and any(c in _PUNCT for c in word):
                self.punctuated.add_word(word, word)
        self.punctuated.make_automaton()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def tone(text: str, language: str | None) -> Tone:
    """The article's tone; ``None`` with a reason when the lexicon does not cover it."""
    if (language or "en") not in LANGUAGES:
        return Tone(score=None, reason="language_not_supported")
    scores = sentence_scores(text)
    if not scores:
        return Tone(score=None, reason="no_text")
    return Tone(score=round(sum(scores) / len(scores), 4), sentences=len(scores))


def sentences(text: str) -> list[str]:
    """The sentences tone is averaged over (paragraph breaks and terminal punctuation)."""
    return [text[a:b] for a, b in _spans(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def sentence_scores(text: str) -> list[float]:
    """VADER's compound score of each sentence, as ``polarity_scores`` would give it."""
    lex = _lexicon()
    low = text.lower()
    aligned = len(low) == len(text)  # lower() keeps offsets (it does not for a few letters, e.g. 'İ')
    marked = sorted(end for end, _ in lex.punctuated.iter(low)) if aligned else []
    emoji = not text.isascii() and not lex.emoji.isdisjoint(_NON_ASCII.findall(text))
    out: list[float] = []
    for a, b in _spans(text):
        sent = text[a:b]
        words = (low[a:b] if aligned else sent.lower()).translate(_TO_SPACE).split()
        punctuated = not aligned or any(a <= e < b for e in marked)
        if emoji and not lex.emoji.isdisjoint(sent):
            out.append(lex.reference.polarity_scores(sent)["compound"])
        elif lex.valence.keys().isdisjoint(words) and not punctuated:
            out.append(0.0)
        else:
            out.append(_compound(sent.strip(), lex.valence))
    return out


def _tokens(sentence: str) -> list[str]:
    """VADER's tokens: whitespace words with edge punctuation removed, unless 2 characters or fewer remain."""
    return [w if len(s := w.strip(_PUNCT)) <= 2 else s for w in sentence.split()]


def _compound(sentence: str, valence: dict[str, float]) -> float:
    words = _tokens(sentence)
    lowered = " ".join(words).lower().split(" ")
    if len(lowered) != len(words):  # a token lower-cases to something with a space: never seen, but be exact
        lowered = [w.lower() for w in words]
    hits = [i for i, w in enumerate(lowered) if w in valence and w not in BOOSTER_DICT
            and not (w == "kind" and lowered[i + 1:i + 2] == ["of"])]
    if not hits:
        return 0.0
    cap_diff = _CapDiff(words)
    sentiments = [0.0] * len(words)
    for i in hits:
        sentiments[i] = _valence(i, words, lowered, cap_diff, valence)
    if "but" in lowered:
        sentiments = SentimentIntensityAnalyzer._but_check(words, sentiments)
    total = sum(sentiments)
    if not total:
        return 0.0
    emphasis = SentimentIntensityAnalyzer._amplify_ep(sentence) + SentimentIntensityAnalyzer._amplify_qm(sentence)
    return round(normalize(total + emphasis if total > 0 else total - emphasis), 4)


class _CapDiff:
    """VADER's "some but not all words in capitals", computed only when a capitalised word asks."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = allcap_differential(self.words)
        return self.value


def _valence(i: int, words: list[str], lowered: list[str], cap_diff: _CapDiff, lexicon: dict[str, float]) -> float:
    """VADER's ``sentiment_valence`` for the lexicon word at ``i``."""
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
            s = scalar_inc_dec(words[i - k - 1], v, cap_diff) if lowered[i - k - 1] in BOOSTER_DICT else 0.0
            v += s * (1.0, 0.95, 0.9)[k] if s else 0.0
            v = _negation(v, lowered, k, i)
            if k == 2:
                v = _idioms(v, lowered, i)
    return _least(v, lowered, i, lexicon)


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _negation(v: float, low: list[str], k: int, i: int) -> float:
    """VADER's ``_negation_check`` at distance ``k + 1`` before ``i``."""
    if k == 0:
        return v * N_SCALAR if _negated(low[i - 1]) else v
    if k == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            return v * 1.25
        if low[i - 2] == "without" and low[i - 1] == "doubt":
            return v
        return v * N_SCALAR if _negated(low[i - 2]) else v
    if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
        return v * 1.25
    if low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
        return v
    return v * N_SCALAR if _negated(low[i - 3]) else v


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
