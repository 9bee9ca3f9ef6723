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
from itertools import accumulate, chain, compress, pairwise

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
_BUT = ()
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


class _Valences(dict[str, float | None]):
    """Raw word -> its lexicon valence; filling in a word also files its token and rule in ``_Memo``."""

    def __init__(self, memo: _Memo) -> None:
        super().__init__()
        self.memo = memo

    def __missing__(self, word: str) -> float | None:
        s = word.strip(PUNCT)
        token = (word if len(s) <= 2 else s).lower()
        self.memo.low[word] = token
        if (rule := _rule(token)) is not None:
            self.memo.rules[word] = rule
        self[word] = value = lexicon().valence.get(token)
        return value


class _Memo:
    """Per distinct raw word: valence, VADER's lower-cased token, rule. Replaced whole when full, so an
    article being scored in another thread keeps a consistent table."""

    def __init__(self) -> None:
        self.low: dict[str, str] = {}
        self.rules: dict[str, tuple[int, ...]] = {}
        self.valence = _Valences(self)


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
    hits = iter(compress(range(len(article.raw)), article.valence))
    hit = next(hits, None)
    out: list[float] = []
    for k, (start, end) in enumerate(pairwise(article.bounds)):
        if start == end:
            continue  # only spaces
        mine = []
        while hit is not None and hit < end:
            mine.append(hit)
            hit = next(hits, None)
        out.append(article.score(k, mine) if mine else 0.0)
    return out


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
        self.valence = list(map(self.memo.valence.__getitem__, raw))
        self.ruled: set[int] = set()  # words a rule may reach from the words before them
        self.careful: set[int] = set()  # sentences with "but" or a multi-word idiom or booster
        rules = list(map(self.memo.rules.get, raw))
        for m in compress(range(len(raw)), map(_is_rule, rules)):
            reach = rules[m]
            if reach is _BUT or reach is _PHRASE:
                self.careful.add(bisect_right(self.bounds, m) - 1)
            else:
                self.ruled.update(m + d for d in reach)  # type: ignore[union-attr]
        self.emphatic = "!" in text or "?" in text

    def score(self, k: int, hits: list[int]) -> float:
        """Sentence ``k``'s compound: the sum of its hits' lexicon values when no rule can touch them."""
        capitals = any(map(str.isupper, map(self.raw.__getitem__, hits)))
        if capitals or k in self.careful or not self.ruled.isdisjoint(hits):
            return self._ruled(k, hits)
        total = sum(map(self.valence.__getitem__, hits))  # type: ignore[arg-type]
        return finish(total, self.sentences[k]) if self.emphatic else round(normalize(total), 4)

    def _ruled(self, k: int, hits: list[int]) -> float:
        """VADER's rules for the hits they may touch, lexicon values for the others, then "but"."""
        start, end = self.bounds[k], self.bounds[k + 1]
        words = self.raw[start:end]  # VADER reads only their capitals, which edge punctuation does not change
        lowered = list(map(self.memo.low.__getitem__, words))
        careful = k in self.careful
        cap_diff = CapDiff(words)
        lex = lexicon().valence
        values: list[float] = []
        positions: list[int] = []
        for i in hits:
            at = i - start
            if careful and kind_of(lowered, at):
                continue
            plain = not careful and i not in self.ruled and not self.raw[i].isupper()
            values.append(self.valence[i] if plain else valence_at(at, words, lowered, cap_diff, lex))  # type: ignore[arg-type]
            positions.append(at)
        if "but" in lowered:
            values = but_scaled(values, positions, lowered.index("but"))
        return finish(sum(values), self.sentences[k])


def _is_rule(rule: tuple[int, ...] | None) -> bool:
    return rule is not None


def _reference(sentence: str) -> float:
    """The careful path: VADER itself for emoji (it splices in their descriptions), else its rules."""
    lex = lexicon()
    if not lex.emoji.isdisjoint(sentence):
        return float(lex.reference.polarity_scores(sentence)["compound"])
    return compound(sentence.strip(), lex.valence)
