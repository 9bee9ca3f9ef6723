"""Categories: IPTC Media Topics (see :mod:`taxonomy`), scored from several words in context.

Why lexicons and not a classifier: no labelled IPTC news corpus ships offline on
PyPI under a licence we can use. Weighted lexicons are transparent (a wrong tag
points at its words), deterministic and cheap: single words are looked up once
per vocabulary word (memoized), phrases take one Aho-Corasick pass.

Evidence for a topic sums each term's weight times ``1 + ln(count)``. A topic
needs two different terms, or one decisive term (weight 3: unambiguous by
construction, "earthquake", "OPEC"), or one weight-2 term said twice: one
polysemous word ("season", "match", weight 1) is never enough, and a word capitalised
mid-sentence is a name, not the word ("Four Seasons"). The score is
``(1 - exp(-evidence / SCALE)) * sqrt(share)``: strength of the evidence
(scaled up for short items, which say things once) times the topic's share of
the strongest topic's evidence, so a passing mention stays low. A consumer can
threshold it; the tagger keeps topics scoring at least :data:`MIN_SCORE`, and
always the best topic that qualifies. A second-level topic comes with its parent.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import ahocorasick

from worker.models import Category
from worker.stages.memo import Memo
from worker.stages.tag.taxonomy import TAXONOMY

SCALE = 6.0
MIN_SCORE = 0.45
MAX_CATEGORIES = 5
#: Articles shorter than this many words have their evidence scaled up (by at most 1.7).
SHORT_WORDS = 300
#: Evidence of one non-polysemous term (weight 2) said twice: enough on its own.
REPEATED = 2 * (1 + math.log(2))
Hit = tuple[str, float, str, bool]  # (slug, weight, term, proper)
_MID_CAPS = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def _index() -> tuple[dict[str, list[Hit]], dict[str, list[Hit]], ahocorasick.Automaton]:
    """Split the lexicons: whole words, prefixes (by their text) and multi-word phrases (an automaton)."""
    exact: dict[str, list[Hit]] = defaultdict(list)
    prefix: dict[str, list[Hit]] = defaultdict(list)
    phrases = ahocorasick.Automaton()
    for slug, (_, _, lexicon) in TAXONOMY.items():
        for term, weight in lexicon.items():
            stem = term.rstrip("*").lower()
            hit = (slug, weight, stem, term[0].isupper())
            if " " in stem:
                entry = phrases.get(stem, (len(stem), term.endswith("*"), []))
                entry[2].append(hit)
                phrases.add_word(stem, entry)
            else:
                (prefix if term.endswith("*") else exact)[stem].append(hit)
    phrases.make_automaton()
    return dict(exact), dict(prefix), phrases


_EXACT, _PREFIX, _PHRASES = _index()
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIX})


def _word_hits(word: str) -> tuple[Hit, ...]:
    """Lexicon entries one lower-case word counts for."""
    hits = list(_EXACT.get(word, ()))
    if word.endswith("s") and word[:-1] in _EXACT:
        hits += _EXACT[word[:-1]]
    for n in _PREFIX_LENGTHS:
        if n > len(word):
            break
        hits += _PREFIX.get(word[:n], ())
    return tuple(hits)


_HITS: Memo[str, tuple[Hit, ...]] = Memo(_word_hits)


def _phrase_hits(text: str, low: str, hits: Counter[tuple[str, float, str]]) -> None:
    same = len(text) == len(low)
    for end, (length, prefix, targets) in _PHRASES.iter(low):
        start = end - length + 1
        if start and low[start - 1].isalnum():
            continue
        after = end + 1 + (end + 1 < len(low) and low[end + 1] == "s")
        if not prefix and after < len(low) and low[after].isalnum():
            continue
        named = same and start > 1 and text[start].isupper() and text[start - 2].islower()
        for slug, weight, term, proper in targets:
            if proper or not named:
                hits[(slug, weight, term)] += 1


def evidence(text: str, counts: Counter[str]) -> tuple[dict[str, float], dict[str, int], dict[str, float]]:
    """Per topic: summed evidence, number of distinct terms, and its strongest single-term evidence."""
    caps = Counter(w.lower() for w in _MID_CAPS.findall(text))
    hits: Counter[tuple[str, float, str]] = Counter()
    for word, n in counts.items():
        for slug, weight, term, proper in _HITS[word]:
            k = n if proper else n - caps[word]
            if k > 0:
                hits[(slug, weight, term)] += k
    _phrase_hits(text, text.lower(), hits)
    total: dict[str, float] = defaultdict(float)
    distinct: dict[str, int] = defaultdict(int)
    strongest: dict[str, float] = defaultdict(float)
    for (slug, weight, _), n in hits.items():
        e = weight * (1 + math.log(n))
        total[slug] += e
        distinct[slug] += 1
        if weight >= 3:
            strongest[slug] = max(strongest[slug], e)
    return total, distinct, strongest


def categorize(text: str, counts: Counter[str]) -> list[Category]:
    """Score every topic of a text (original case) from its lower-case word counts; keep the confident ones."""
    total, distinct, strongest = evidence(text, counts)
    qualified = {s for s in total if distinct[s] >= 2 or strongest[s] > 0 or total[s] >= REPEATED}
    if not qualified:
        return []
    words = sum(counts.values())
    boost = min(1.7, math.sqrt(SHORT_WORDS / max(words, 1))) if words < SHORT_WORDS else 1.0
    top = max(total[s] for s in qualified)
    scores = {s: (1 - math.exp(-total[s] * boost / SCALE)) * math.sqrt(total[s] / top) for s in qualified}
    best_top = max((s for s in qualified if TAXONOMY[s][1] is None), key=lambda s: (scores[s], s), default=None)
    keep = {s for s, v in scores.items() if v >= MIN_SCORE} | ({best_top} if best_top else set())
    for s in list(keep):
        parent = TAXONOMY[s][1]
        if parent:
            keep.add(parent)
            scores[parent] = max(scores.get(parent, 0.0), scores[s])
    ranked = sorted((s for s in keep if TAXONOMY[s][1] is None), key=lambda s: (-scores[s], s))
    out: list[Category] = []
    for s in ranked:
        out.append(Category(name=s, iptc=TAXONOMY[s][0], score=round(scores[s], 3)))
        out += [Category(name=c, iptc=TAXONOMY[c][0], score=round(scores[c], 3), parent=s)
                for c in sorted(keep, key=lambda c: (-scores[c], c)) if TAXONOMY[c][1] == s]
    return out[:MAX_CATEGORIES]
