"""Article tone: VADER sentence by sentence, averaged, in [-1, 1], at a fraction of VADER's cost.

VADER's compound score saturates on long texts (a whole 550-word article
scores beyond +/-0.95 in most cases), and its authors advise scoring sentences
and averaging, which is what we do: the tone is the mean compound score of the
title's and body's sentences, neutral sentences included.

The numbers are VADER's own (tests compare with ``polarity_scores`` sentence by
sentence); the work is done once per article, mostly in C-level ``map`` calls:

- the article is split into sentences with one regex, and into words once;
  each distinct word's VADER token (edge punctuation stripped, lower-cased),
  lexicon valence and reach (see below) come from a bounded memo table;
- a sentence without lexicon words scores 0;
- a rule of VADER's changes a word's valence only from up to three words
  before it (negations, boosters, "no", "least", "this"), from "but" in the
  sentence, from a multi-word idiom or booster, or when the word is in
  capitals. A hit out of every such reach keeps its lexicon value, so a
  sentence of such hits scores the sum of their values through VADER's
  normalisation; the other hits go through VADER's rules
  (:mod:`worker.stages.tag.vader`), and sentences with emoji through VADER.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain, compress

from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, normalize

from worker.models import Tone
from worker.stages.tag.vader import PUNCT, CapDiff, but_scaled, compound, finish, kind_of, lexicon, valence_at

#: Languages the lexicon covers.
LANGUAGES = frozenset({"en"})
#: Distinct words remembered before the memo table is cleared (about 15 MB at most).
MEMO_SIZE = 100_000
#: A sentence ends after ".", "!" or "?" (and any closing quotes, which belong to no sentence) and spaces,
#: or at a line break. The pattern starts with one character class so the regex engine scans fast.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’)]*\s+|(?<=\n)\n*)")
#: The same boundaries for ``re.split``, keeping the character that ends a sentence.
_SENTENCE_SPLIT = re.compile(r"([.!?\n])(?:(?<=[.!?])[\"”’)]*\s+|(?<=\n)\n*)")
#: Token -> the offsets after it (0 = itself) whose valence VADER's rules may change: boosters and negations
#: (words with "n't" too) reach three words on, "least" and "this" one ("this good" is scaled by 1.25), and
#: "no" also itself (it is worth nothing before another lexicon word).
_REACH: dict[str, tuple[int, ...]] = {
    **{w: (1, 2, 3) for w in (*NEGATE, *BOOSTER_DICT) if " " not in w},
    "least": (1,), "this": (1,), "no": (0, 1, 2, 3),
}
_NOT = (1, 2, 3)
#: "but" changes every valence of its sentence.
_BUT = (-2,)
#: VADER's multi-word idioms and boosters ("kind of", "the bomb"), each by its least common word (the
#: others, e.g. "the", "of", are everywhere): a sentence holding one is scored rule by rule.
_PHRASE_WORDS = frozenset({"shit", "bomb", "ass", "bus", "yeah", "kiss", "die", "beating", "enough", "kind", "sort"})
_PHRASE = (-1,)


def _rule(token: str) -> tuple[int, ...] | None:
    """How a token takes part in VADER's rules: offsets it reaches, ``_BUT``, ``_PHRASE`` or None."""
    if token == "but":
        return _BUT
    if token in _PHRASE_WORDS:
        return _PHRASE
    return _REACH.get(token) or (_NOT if "n't" in token else None)


@dataclass(frozen=True, slots=True)
class _Ruled:
    """A word some rule of VADER's starts from ("not", "very", "but", "no"), with its own valence if any."""

    valence: float | None
    rule: tuple[int, ...]


class _Marks(dict[str, "float | _Ruled | None"]):
    """Raw word -> its lexicon valence, or its rule, or None; filling in a word also files VADER's token for it."""

    def __init__(self, memo: _Memo) -> None:
        super().__init__()
        self.memo = memo

    def __missing__(self, word: str) -> float | _Ruled | None:
        s = word.strip(PUNCT)
        token = (word if len(s) <= 2 else s).lower()
        self.memo.low[word] = token
        value = lexicon().valence.get(token)
        rule = _rule(token)
        self[word] = mark = value if rule is None else _Ruled(value, rule)
        return mark


class _Memo:
    """Per distinct raw word: its mark and VADER's lower-cased token. Replaced whole when full, so an
    article being scored in another thread keeps a consistent table."""

    def __init__(self) -> None:
        self.low: dict[str, str] = {}
        self.marks = _Marks(self)


_memo = _Memo()


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
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + (text[m.start()] != "\n")  # the terminal punctuation stays in the sentence
        if text[start:end].strip():
            out.append(text[start:end])
        start = m.end()
    if text[start:].strip():
        out.append(text[start:])
    return out


def sentence_scores(text: str) -> list[float]:
    """VADER's compound score of each sentence, as ``polarity_scores`` would give it."""
    if not text.isascii() and not lexicon().emoji.isdisjoint(text):
        return [_reference(s) for s in sentences(text)]
    article = _Article(text)
    bounds = article.bounds
    return [article.score(k) if k in article.groups else 0.0 for k in range(len(bounds) - 1)
            if bounds[k] != bounds[k + 1]]  # a sentence of spaces only is none


class _Article:
    """The article's words once: raw, their valences, and which sentences and hits VADER's rules may touch."""

    def __init__(self, text: str) -> None:
        parts = _SENTENCE_SPLIT.split(text)  # sentence, the character that ended it, sentence, ...
        self.sentences = [a + b for a, b in zip(parts[::2], parts[1::2], strict=False)] + [parts[-1]]
        words = list(map(str.split, self.sentences))
        self.bounds = [0, *accumulate(map(len, words))]
        self.raw = raw = list(chain.from_iterable(words))
        global _memo
        self.memo = _memo
        if len(_memo.low) >= MEMO_SIZE:
            _memo = _Memo()
        marks = list(map(self.memo.marks.__getitem__, raw))
        self.valence: dict[int, float] = {}  # lexicon words by position
        self.ruled: set[int] = set()  # words a rule may reach from the words before them
        self.phrased: set[int] = set()  # sentences with a multi-word idiom or booster: every hit by the rules
        self.but: set[int] = set()  # sentences with "but"
        for m in compress(range(len(raw)), marks):
            mark = marks[m]
            if isinstance(mark, float):
                self.valence[m] = mark
                continue
            assert mark is not None
            if mark.valence is not None:
                self.valence[m] = mark.valence
            if mark.rule is _BUT or mark.rule is _PHRASE:
                (self.phrased if mark.rule is _PHRASE else self.but).add(bisect_right(self.bounds, m) - 1)
            else:
                self.ruled.update(m + d for d in mark.rule)
        self.emphatic = "!" in text or "?" in text
        self.careful = self.phrased | self.but  # sentences scored rule by rule
        self.groups: dict[int, list[int]] = {}  # sentence -> its lexicon words
        self._group()

    def _group(self) -> None:
        """Lexicon words by sentence; a sentence where a rule may touch one, or one is in capitals, is careful."""
        k, bounds = 0, self.bounds
        for i in self.valence:
            while bounds[k + 1] <= i:
                k += 1
            self.groups.setdefault(k, []).append(i)
            if i in self.ruled or self.raw[i].isupper():
                self.careful.add(k)

    def score(self, k: int) -> float:
        """Sentence ``k``'s compound: the sum of its hits' lexicon values when no rule can touch them."""
        hits = self.groups[k]
        if k in self.careful:
            return self._ruled(k, hits)
        total = sum(map(self.valence.__getitem__, hits))
        return finish(total, self.sentences[k]) if self.emphatic else round(normalize(total), 4)

    def _ruled(self, k: int, hits: list[int]) -> float:
        """VADER's rules for the hits they may touch, lexicon values for the others, then "but"."""
        start, end = self.bounds[k], self.bounds[k + 1]
        words = self.raw[start:end]  # VADER reads only their capitals, which edge punctuation does not change
        lowered = list(map(self.memo.low.__getitem__, words))
        careful = k in self.phrased
        cap_diff = CapDiff(words)
        lex = lexicon().valence
        values: list[float] = []
        positions: list[int] = []
        for i in hits:
            at = i - start
            if careful and kind_of(lowered, at):
                continue
            plain = not careful and i not in self.ruled and not self.raw[i].isupper()
            values.append(self.valence[i] if plain else valence_at(at, words, lowered, cap_diff, lex))
            positions.append(at)
        if "but" in lowered:
            values = but_scaled(values, positions, lowered.index("but"))
        return finish(sum(values), self.sentences[k])


def _reference(sentence: str) -> float:
    """The careful path: VADER itself for emoji (it splices in their descriptions), else its rules."""
    lex = lexicon()
    if not lex.emoji.isdisjoint(sentence):
        return float(lex.reference.polarity_scores(sentence)["compound"])
    return compound(sentence.strip(), lex.valence)
