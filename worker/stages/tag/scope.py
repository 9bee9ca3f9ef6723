"""What NER reads of an article: the lead, then a window around each name not read yet.

NER costs ~0.1 ms per token, about 55 ms for a whole 550-word article; most of
that is spent on repeats of names already read and on sentences with no name
at all. So NER reads the lead sentences in full (never skipped: the most
salient names are there), then, for every capitalised run of words ("Sergey
Lavrov", "Philadelphia Eagles") that no earlier window contained, ``window``
tokens either side, which is all the context spaCy's small model looks at (its
token encoder sees four tokens each side). Every mention is then counted over
the whole text by :mod:`entities`. Headlines and labels (non-prose paragraphs,
see :mod:`content`) are never read. Deterministic: the windows depend only on the
article, so a redelivered article gets the same tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worker.stages.normalize.lexicon import STOP_WORDS
from worker.stages.tag.content import Text
from worker.stages.tag.gazetteer import AMBIGUOUS, PLACES

_STRIP = ".,;:!?\"'()[]{}“”‘’«»—–…*"
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "“", "—", "–")
#: Capitalised words that never start a name worth a window (the run after them may).
_NOT_NAME = frozenset((STOP_WORDS | {"mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday", "thursday",
                                     "friday", "saturday", "sunday", "january", "february", "march", "april",
                                     "june", "july", "august", "september", "october", "november",
                                     "december"}) - {"may"})
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def _word(tok: str) -> str:
    w = tok.strip(_STRIP)
    return w[:-2] if w.endswith(("'s", "’s")) else w


def runs(toks: list[str]) -> list[tuple[int, int, str]]:
    """(first, end, text) of each run of capitalised tokens; a run stops at punctuation."""
    out: list[tuple[int, int, str]] = []
    start = -1
    for i, tok in enumerate([*toks, ""]):
        w = _word(tok)
        cap = bool(w) and w[0].isupper() and w.lower() not in _NOT_NAME
        if cap and start < 0:
            start = i
        if start >= 0 and (not cap or i == len(toks) - 1 or tok[-1:] in _STRIP):
            end = i + 1 if cap else i
            out.append((start, end, " ".join(_word(t) for t in toks[start:end])))
            start = -1
    return out


def lead_words(para: str, minimum: int) -> int:
    """How many tokens of ``para`` make its first sentences of at least ``minimum`` words."""
    n = 0
    for sentence in _SENTENCE.split(para):
        n += len(sentence.split())
        if n >= minimum:
            break
    return n


def _subruns(run: str) -> set[str]:
    words = run.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


@dataclass
class Scope:
    """What NER reads of one article: ``snippets`` first; ``later`` holds, per name run, windows
    around its later mentions, read in a second pass only if the first did not find that name."""

    snippets: list[str] = field(default_factory=list)
    later: dict[str, list[str]] = field(default_factory=dict)

    def retry(self, names: list[str], tries: int) -> list[str]:
        """Windows around up to ``tries`` later mentions of each run none of ``names`` covers."""
        covered: set[str] = set()
        for name in names:
            covered |= _subruns(" ".join(_word(t) for t in name.split()))
        return [w for run, wins in self.later.items() if run not in covered for w in wins[:tries]]


def plan(text: Text, window: int, lead_min: int = 25, tries: int = 1) -> Scope:
    """The lead sentences, then a window around each unseen name; later mentions kept for :meth:`Scope.retry`.

    ``window`` 0 reads every prose paragraph whole (the reference the windows are measured against).
    """
    scope = Scope()
    if window <= 0:
        scope.snippets = [p for p, prose in zip(text.paragraphs, text.prose, strict=True) if prose]
        return scope
    seen: set[str] = set()
    lead_left = True
    for para, prose in zip(text.paragraphs, text.prose, strict=True):
        if not prose:
            continue
        toks = para.split()
        spans: list[list[int]] = [[0, lead_words(para, lead_min)]] if lead_left else []
        lead_left = False
        for first, end, run in runs(toks):
            lo, hi = max(0, first - window), min(len(toks), end + window)
            if any(a <= first and end <= b for a, b in spans) or (run in PLACES and run not in AMBIGUOUS):
                pass
            elif run in seen:
                later = scope.later.setdefault(run, [])
                if len(later) < tries:
                    later.append(" ".join(toks[lo:hi]))
            elif spans and lo <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
            seen |= _subruns(run)
        scope.snippets += [" ".join(toks[lo:hi]) for lo, hi in spans]
    return scope
