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
from dataclasses import dataclass

from worker.stages.memo import Memo
from worker.stages.normalize.lexicon import STOP_WORDS
from worker.stages.tag.asides import strip_asides
from worker.stages.tag.disambiguate import past_tense, resolve
from worker.stages.tag.wordclass import CLASSES, lemma

TOKEN = re.compile(r"[A-Z]\.(?:[A-Za-z]\.)+|[A-Z]\.(?= [A-Z])|[#@]?[\w\ufffd]+(?:['&-][\w\ufffd]+)*|[^\w\s]")
_CHUNK = re.compile(r"J*N+")
_AFTER_NOUN = re.compile("(?<=[N?])p")  # after a noun or an unknown word (capitalised: checked)
_SENTENCE_END = frozenset('.!?:"“”')
_UNSETTLED = re.compile(r"[?J]")
_POSSESSIVE = re.compile(r"'s\b")
_WORD_AT = re.compile(r"\w+")
_WORD_BEFORE = re.compile(r"\w+$")
#: Lower-case particles inside names ("Staffan de Mistura", "Bashar al-Assad" is one token).
PARTICLES = frozenset(("de", "di", "da", "del", "della", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la",
                       "le", "du", "dos", "das", "ben"))
#: Words of the time lists that are also surnames after a capitalised word ("Theresa May").
_NAME_MONTHS = frozenset(("may", "march", "june", "august", "april"))
#: Words that join two capitalised runs into one name ("Department of Homeland Security", "Ways and Means").
CONNECTORS = frozenset(("of", "and", "for", "&"))
_NAME_WORDS = PARTICLES | _NAME_MONTHS | CONNECTORS
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
    "onto", "per", "must", "might", "shall", "ought"
)) | STOP_WORDS


def _word_class(word: str) -> str:
    """Class of a lower-case word by the lists alone ('?' = unknown to them, 'x' also for punctuation,
    ``p`` a word that may join a name).

    ``V`` is a noun that may be a verb, ``A`` one that may be an adverb: :mod:`disambiguate` settles them.
    """
    if word in _NAME_WORDS:
        return "p"  # a particle, connector or month: inside a name or not, :func:`_name_parts` decides
    if not word[0].isalnum() or "\ufffd" in word:
        return "x"  # punctuation, a tag or handle, or a word the feed's encoding broke ("D\ufffdil")
    if word in GENERIC or not word[0].isalpha() or ("'" in word and not word.endswith("'")) \
            or any(c.isdigit() for c in word):
        return "x"
    noun, verb, adj = CLASSES[word]
    if noun:
        if word == "us":
            return "A"  # the pronoun, unless written "US"
        if lemma(word, "adv"):
            return "A"
        return "V" if verb and (not adj or past_tense(word)) else "N"  # "fell", "rose": settled in context
    if adj:
        return "J"
    return "x" if verb or lemma(word, "adv") else "?"


CLASS: Memo[str, str] = Memo(_word_class)


def _title_case(tokens: list[str]) -> bool:
    words = [t for t in tokens if t[0].isalpha() and len(t) > 3]
    return len(words) >= 3 and sum(t[0].isupper() for t in words) >= 0.8 * len(words)


def classes(tokens: list[str], lower: list[str], headline: int) -> str:
    """One class letter per token; the first ``headline`` tokens are a title (capitals there mean less).

    The classes of words come from a memo (C-speed list comprehension); only the few tokens the
    lists do not settle ("?", and adjectives that may start a name) are looked at one by one.
    """
    cls = [CLASS[w] for w in lower]
    joined = "".join(cls)
    start = headline if _title_case(tokens[:headline]) else 0
    if "V" in joined or "A" in joined:
        resolve(cls, tokens, lower, start)
    _name_parts(cls, tokens, lower)
    joined = "".join(cls)
    if "?" not in joined and "J" not in joined:
        return joined
    counts = Counter(lower)
    for m in _UNSETTLED.finditer(joined, start):
        i = m.start()
        tok = tokens[i]
        cap = i > 0 and (tok[0].isupper() or tok.partition("-")[2][:1].isupper()) and tokens[i - 1] not in _SENTENCE_END
        if cls[i] == "?":
            cls[i] = "N" if cap or counts[lower[i]] >= 2 else "x"  # unknown to every list: a name, or repeated
        elif cap:
            cls[i] = "N"
    if start:  # a title-case headline: unknown words there count as names only when repeated
        for i in range(start):
            if cls[i] == "?":
                cls[i] = "N" if counts[lower[i]] >= 2 else "x"
    return "".join(cls)


def _name_parts(cls: list[str], tokens: list[str], lower: list[str]) -> None:
    """Particles and connectors between capitalised words ("Staffan de Mistura", "Ways and Means") and "May"
    after one ("Theresa May") are parts of a name."""
    n = len(tokens)
    for m in _AFTER_NOUN.finditer("".join(cls)):
        i = m.start()
        if i < n - 1 and tokens[i - 1][0].isupper():
            nxt = tokens[i + 1]
            if lower[i] in PARTICLES or lower[i] in CONNECTORS:
                if nxt[0].isupper() and not tokens[i][0].isupper():
                    cls[i] = "N"
            elif tokens[i][0].isupper() and not nxt[0].isdigit():
                cls[i] = "N"


@dataclass(frozen=True)
class Chunks:
    """The tokens of an article (title first) and the spans ``(start, end)`` of its noun-phrase chunks.

    ``head`` is the number of title tokens; ``credited`` the lower-case names of correspondents (:mod:`asides`).
    """

    tokens: list[str]
    lower: list[str]
    spans: list[tuple[int, int]]
    head: int = 0
    credited: frozenset[str] = frozenset()

    def words(self) -> list[str]:
        """Each chunk as lower-case text (for reading and tests)."""
        return [" ".join(self.lower[a:b]) for a, b in self.spans]


def chunks(title: str, body: str) -> Chunks:
    """Noun-phrase chunks of an article, title first (its tokens, then a full stop, then the body's)."""
    body, credited = strip_asides(body)
    head = TOKEN.findall(_tidy(title))
    tokens = [*head, ".", *TOKEN.findall(_tidy(body))]
    lower = [t.lower() for t in tokens]
    cls = classes(tokens, lower, len(head))
    return Chunks(tokens, lower, [m.span() for m in _CHUNK.finditer(cls)], len(head), credited)


def _tidy(text: str) -> str:
    """Straight apostrophes, possessives off ("China’s" -> "China"), function words unglued ("MP-who")."""
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text.replace("’", "'"))
    return _unglue(text) if "-" in text else text


def _unglue(text: str) -> str:
    """A hyphen that glues a function word to a word is a typo for a space ("Tory MP-who", "the-Texas")."""
    spaced = []
    at = text.find("-")
    while at > 0:
        after = _WORD_AT.match(text, at + 1)
        before = _WORD_BEFORE.search(text, max(0, at - 12), at)
        if after and before and (after.group().lower() in STOP_WORDS or before.group().lower() in STOP_WORDS):
            spaced.append(at)
        at = text.find("-", at + 1)
    if not spaced:
        return text
    chars = list(text)
    for at in spaced:
        chars[at] = " "
    return "".join(chars)
