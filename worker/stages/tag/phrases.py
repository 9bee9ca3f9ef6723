"""Candidate keywords: the noun phrases of a text, found without a tagger.

Each token gets a class from WordNet's word lists (:mod:`wordclass`) and its
capitalisation: ``N`` a noun (or a name: a capitalised word that is not a
common word in a title-case headline), ``J`` an adjective that is not a noun,
``x`` anything else (function words, verbs, adverbs, numbers, punctuation). A
chunk is then a run ``J* N+``, found by one regex over the class string: no
Python loop per token for the matching. A word that no list knows and that
occurs once is a typo or a fragment ("meterologist", "poice"): class ``x``.
"""

from __future__ import annotations

import re
from collections import Counter

from worker.stages.memo import Memo
from worker.stages.normalize.lexicon import STOP_WORDS
from worker.stages.tag.wordclass import CLASSES, lemma

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.(?= [A-Z])|[^\W_][\w'’&-]*[^\W_]|[^\W_]|[.,;:!?()\"“”]")
_CHUNK = re.compile(r"J*N+")
_SENTENCE_END = frozenset('.!?:"“”')
#: Words that are never part of a keyword whatever WordNet says (reporting and time words).
GENERIC = frozenset((
    "said", "says", "say", "told", "according", "year", "years", "month", "months", "week", "weeks", "day", "days",
    "today", "yesterday", "time", "times", "people", "percent", "per", "cent", "mr", "mrs", "ms", "dr", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "last", "next", "new",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "also", "including",
    "part", "parts", "lot", "lots", "number", "way", "ways", "thing", "things", "didn", "don", "doesn", "isn", "wasn",
    "aren", "weren", "couldn", "wouldn", "shouldn", "won", "hasn", "haven", "amid", "amidst", "among", "amongst",
    "despite", "within", "without", "toward", "towards", "upon", "via", "across", "along", "around", "behind", "beyond",
    "near", "since", "though", "unless", "whether", "yet", "already", "however", "meanwhile", "instead", "rather",
    "onto", "per"
)) | STOP_WORDS


def _word_class(word: str) -> str:
    """Class of a lower-case word by the lists alone ('?' = unknown to them)."""
    if word in GENERIC or not word[0].isalpha() or ("'" in word and not word.endswith("'")) \
            or any(c.isdigit() for c in word):
        return "x"
    noun, verb, adj = CLASSES[word]
    if noun:
        return "N"
    if adj:
        return "J"
    return "x" if verb or lemma(word, "adv") else "?"


CLASS: Memo[str, str] = Memo(_word_class)


def _title_case(tokens: list[str]) -> bool:
    words = [t for t in tokens if t[0].isalpha() and len(t) > 3]
    return len(words) >= 3 and sum(t[0].isupper() for t in words) >= 0.8 * len(words)


def classes(tokens: list[str], lower: list[str], counts: Counter[str], headline: int) -> str:
    """One class letter per token; the first ``headline`` tokens are a title (capitals there mean less)."""
    title_case = _title_case(tokens[:headline])
    out = []
    prev = "."
    for i, (tok, low) in enumerate(zip(tokens, lower, strict=True)):
        c = CLASS[low] if low[0].isalnum() else "x"
        cap = tok[0].isupper() and prev not in _SENTENCE_END and not (title_case and i < headline)
        if c == "?":
            c = "N" if cap or counts[low] >= 2 else "x"  # unknown to every list: a name, or repeated usage
        elif cap and c == "J":
            c = "N"
        out.append(c)
        prev = tok
    return "".join(out)


Chunk = tuple[tuple[str, ...], int, str]


def chunks(title: str, body: str) -> list[Chunk]:
    """(lower-case words, position of the first token, capitals mask) of every noun-phrase chunk, title first.

    The mask has ``C`` for each capitalised word, ``c`` otherwise: a sub-phrase must not cut a name in two.
    """
    head = TOKEN.findall(title)
    tokens = [*head, ".", *TOKEN.findall(body)]
    lower = [t.lower().replace("’", "'") for t in tokens]
    lower = [w[:-2] if w.endswith("'s") else w for w in lower]
    cls = classes(tokens, lower, Counter(lower), len(head))
    return [(tuple(lower[a:b]), a, "".join("C" if t[0].isupper() else "c" for t in tokens[a:b]))
            for a, b in (m.span() for m in _CHUNK.finditer(cls))]
