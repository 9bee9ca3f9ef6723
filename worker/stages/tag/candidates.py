"""Keyword candidates and the evidence for each: where and how often the article uses them.

Candidates are the noun-phrase chunks of :mod:`phrases` and their sub-phrases
of up to :data:`MAX_WORDS` words. Names are whole or absent: the article's
entities are cut out of the chunks under their canonical names ("president
trump" -> "president", "donald trump"), and a run of capitalised words is
kept whole too ("Theresa May", never "minister theresa"), after the job
titles and nationality words in front of it come off ("Prime Minister" |
"Theresa May"). A sub-phrase never ends on a modifier that is also an
adjective ("syrian" of "syrian refugees"), and a nationality word counts as a
mention of its country (:mod:`demonyms`). A chunk that is the subject of
"said" or the object of "told" is a source ("authorities say", "told
reporters"), not a topic: it counts for nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from worker.models import Entity
from worker.stages.memo import Memo
from worker.stages.tag.demonyms import country
from worker.stages.tag.phrases import Chunks
from worker.stages.tag.spans import TITLES
from worker.stages.tag.weights import zipf
from worker.stages.tag.wordclass import CLASSES

#: Words more common than this (Zipf scale) carry no specificity ("the" is 7.7, "china" 5.1).
KEYWORD_MAX_ZIPF = 6.5
#: Tokens after which a mention weighs half as much as one at the start.
POSITION_SCALE = 150.0
MAX_WORDS = 3
#: Longest name kept whole ("national oceanic and atmospheric administration" is 5).
MAX_NAME_WORDS = 6
#: Per-occurrence factor by length: a longer phrase must recur to beat its parts.
LENGTH_FACTOR = (0.0, 1.0, 0.8, 0.6)
#: A one-word keyword must be at least this specific, unless it is a name.
MIN_SINGLE_SPECIFICITY = 1.5
#: Specificity factor of adjectives: they qualify a topic rather than name one.
ADJECTIVE_FACTOR = 0.5
#: A name's weight lies between these, whatever its letters: fame is not rarity.
NAME_BASE = (2.0, 5.0)
#: A first name is rarer than this (Zipf): "Theresa" 3.6, "Donald" 4.6; "Care" 5.5 starts no name.
PERSON_MAX_ZIPF = 5.0
#: Share of a mention for a sub-phrase that ends before its chunk's head.
PREFIX_FACTOR = 0.5
#: A name that modifies a noun ("U.S. officials", "Syrian refugees") is a setting more than the topic.
MODIFIER_FACTOR = 0.5
#: Verbs whose subject (or, for "told", object) is a source, not a topic.
_SAY = frozenset(("said", "says", "say", "told", "added", "stated", "according", "reported", "noted", "explained"))
Names = dict[tuple[str, ...], str]
_JOINERS = frozenset(("of", "for", "&"))
_NAME_JUNK = re.compile(r"[,;:!?\"()\[\]]")
_GLUED_EDGE = re.compile(r"^(?:the|a|an)-|-(?:the|a|an|who|to)$")
#: Words a sub-phrase never holds outside a name.
_CONNECTORS = frozenset(("of", "for", "&", "and"))


def _specificity(word: str) -> float:
    """How much a word says about a topic; an adjective that is not a noun ("contentious") says less."""
    spec = max(0.0, KEYWORD_MAX_ZIPF - zipf(word, "en"))
    noun, _, adj = CLASSES[word]
    return spec * ADJECTIVE_FACTOR if adj and not noun else spec


_SPEC: Memo[str, float] = Memo(_specificity)


def _word_info(word: str) -> tuple[float, bool]:
    """(specificity, may stand alone as a keyword: specific enough and not a verb form)."""
    spec = _SPEC[word]
    return spec, spec >= MIN_SINGLE_SPECIFICITY and not CLASSES[word][1]


_WORD: Memo[str, tuple[float, bool]] = Memo(_word_info)


def name_base(words: Iterable[str]) -> float:
    """A name's base weight: its specificity, clamped to :data:`NAME_BASE`."""
    low, high = NAME_BASE
    return min(high, max(low, sum(_SPEC[w] for w in words)))


@dataclass
class Tally:
    """Per candidate: summed position weights, occurrences, base weight, and whether the title has it."""

    weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    count: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    base: dict[str, float] = field(default_factory=dict)
    title: set[str] = field(default_factory=set)

    def add(self, phrase: str, weight: float, base: float, title: bool) -> None:
        self.weight[phrase] += weight
        self.count[phrase] += 1
        self.base[phrase] = base
        if title:
            self.title.add(phrase)


def entity_names(ents: Iterable[Entity]) -> Names:
    """Every lower-case form of an entity -> its canonical lower-case name, tidied; a name that ends
    another one names the same ("de mistura" -> "staffan de mistura")."""
    out: Names = {}
    by_mentions = sorted(ents, key=lambda e: -e.mentions)
    for e in by_mentions:
        name = _tidy_name(e.name)
        for form in (e.name, *e.aliases):
            out[tuple(form.lower().replace("’", "'").split())] = name
    for form, name in list(out.items()):
        longer = [n for n in out.values() if len(n) > len(name) and n.endswith((" " + name, "-" + name))]
        if longer:
            out[form] = max(longer, key=len)
    return out


def _tidy_name(name: str) -> str:
    """'Nasr al-Hariri,-the' -> 'nasr al-hariri', 'the-Texas Freedom Network' -> 'texas freedom network'."""
    core = _NAME_JUNK.split(name)[0].replace("’", "'").lower()
    return _GLUED_EDGE.sub("", core).strip(" -'")


Segment = tuple[int, int, str | None]


def _split(lower: list[str], a: int, b: int, names: Names) -> list[Segment]:
    """Cut entity names out of the chunk ``a:b``: (start, end, canonical name or None for plain words)."""
    out: list[Segment] = []
    i = start = a
    while i < b:
        for j in range(min(b, i + MAX_NAME_WORDS), i, -1):
            if (name := names.get(tuple(lower[i:j]))) is not None:
                if start < i:
                    out.append((start, i, None))
                out.append((i, j, name))
                i = start = j
                break
        else:
            i += 1
    if start < b:
        out.append((start, b, None))
    return out


def _runs(words: tuple[str, ...], caps: tuple[bool, ...]) -> list[int]:
    """Run id per word: capitalised words in a row share one (a name).

    "of", "for" and "&" between capitalised words join them ("Department of Homeland Security"); "and"
    does not ("Trump and Putin" is two names; NER's entities keep "Ways and Means" whole). Job titles and
    nationality words in front of a person's name (a word no list knows: "Theresa", "Bashar") come off
    ("Prime Minister" | "Theresa May"); in front of other names they stay ("Syrian Observatory").
    """
    ids: list[int] = []
    n = len(words)
    k = 0
    while k < n:
        end = k + 1
        while caps[k] and end < n and (caps[end] or (words[end] in _JOINERS and end + 1 < n and caps[end + 1])):
            end += 1
        start = _person_start(words, k, end)
        ids.extend(range(len(ids), len(ids) + start - k))
        ids.extend([len(ids)] * (end - start))
        k = end
    return ids


def _person_start(words: tuple[str, ...], k: int, end: int) -> int:
    """Where a person's name starts in the run ``k:end``, after titles ("Foreign Minister", "Secretary of
    State", "Russian Foreign Minister"): ``k`` when the rest is no name of at least two words, or starts
    with a common word ("Health | Care Bill" is a bill)."""
    start = k
    while start < end - 2 and (words[start] in TITLES or words[start] in _JOINERS
                               or (country(words[start]) and words[start + 1] in TITLES)):
        start += 1
    return start if start > k and zipf(words[start], "en") < PERSON_MAX_ZIPF else k


SubPhrases = tuple[tuple[tuple[str, float, float], ...], tuple[str, ...]]


class _Facts(NamedTuple):
    """What the sub-phrase rules ask of a word, looked up once per word."""

    spec: float
    alone: bool  # may be a one-word keyword
    modifier: bool  # an adjective form: a sub-phrase may not end on it before the head
    title: bool  # a job title
    describes: bool  # a nationality or a non-noun: with a title after it, a person described


def _facts(word: str) -> _Facts:
    spec, alone = _WORD[word]
    noun, _, adj = CLASSES[word]
    nation = country(word) is not None
    title = word in TITLES
    return _Facts(spec, alone and not nation and not title and len(word) > 2, adj, title, nation or not noun)


_FACTS: Memo[str, _Facts] = Memo(_facts)


def _subphrases(key: tuple[tuple[str, ...], tuple[bool, ...]]) -> SubPhrases:
    """((phrase, base, weight factor), ...) of a plain chunk, and the countries its nationality words name.

    A sub-phrase that stops before the chunk's head ("republican health" of "republican health care
    plan") counts :data:`PREFIX_FACTOR` of a mention: it is a modifier there, not what the chunk names.
    """
    words, caps = key
    n = len(words)
    runs = _runs(words, caps)
    facts = [_FACTS[w] for w in words]
    out: list[tuple[str, float, float]] = []
    nations = tuple(c.lower() for w, cap in zip(words, caps, strict=True) if cap and (c := country(w)))
    for i in range(n):
        if i and runs[i] == runs[i - 1]:
            continue  # would start inside a name
        total = 0.0
        for j in range(i + 1, n + 1):
            last = facts[j - 1]
            total += last.spec
            if j < n and runs[j] == runs[j - 1]:
                continue  # would end inside a name
            if runs[i] == runs[j - 1] and j - i > 1:
                if j - i <= MAX_NAME_WORDS:
                    out.append((" ".join(words[i:j]), name_base(words[i:j]), 1.0))
                break  # a whole name stands alone
            if j - i > MAX_WORDS or runs[j - 1] - runs[i] + 1 < j - i or words[j - 1] in _CONNECTORS:
                break  # too long, a name inside a longer phrase, or "of" and the like
            if (j < n and last.modifier) or (j - i == 1 and not last.alone):
                continue  # ends on a modifier ("syrian" of "syrian refugees"), or a word that is no keyword alone
            if j - i > 1 and last.title and facts[i].describes:
                continue  # "indian prime minister", "incoming president": a person described, not a topic
            out.append((" ".join(words[i:j]), total * LENGTH_FACTOR[j - i], 1.0 if j == n else PREFIX_FACTOR))
    return tuple(out), nations


#: chunk (words, capitals) -> its sub-phrases; chunks recur across articles ("prime minister", "oil prices").
_SUBPHRASES: Memo[tuple[tuple[str, ...], tuple[bool, ...]], SubPhrases] = Memo(_subphrases)


def _source(lower: list[str], a: int, b: int) -> bool:
    """A chunk that is the subject of "said" or the object of "told": a source ("authorities say")."""
    return (b < len(lower) and lower[b] in _SAY) or _cited(lower, a)


def _cited(lower: list[str], a: int) -> bool:
    """Right after "told" or "according to": an outlet or agency quoted ("told Al Jazeera")."""
    return a > 0 and (lower[a - 1] == "told" or (lower[a - 1] == "to" and a > 1 and lower[a - 2] == "according"))


def _single(word: str) -> tuple[bool, float, str | None]:
    """A one-word chunk: (may stand alone as a keyword, its specificity, the country it names if capitalised)."""
    (phrases, _), (_, nations) = _subphrases(((word,), (False,))), _subphrases(((word,), (True,)))
    return bool(phrases), _WORD[word][0], nations[0] if nations else None


_SINGLE: Memo[str, tuple[bool, float, str | None]] = Memo(_single)


def tally(ch: Chunks, names: Names, outlets: set[str]) -> Tally:
    """The evidence for every candidate; names mapped to "" (publisher, authors) are skipped, and so are
    mentions of the organisations ``outlets`` as a quoted source. (One loop with local names: the hot path;
    one-word chunks, most of them, take a memo of their own.)"""
    out = Tally()
    weights, counts, bases, title = out.weight, out.count, out.base, out.title
    name_words = {w for form in names for w in form}
    lower, tokens, head, subphrases, singles = ch.lower, ch.tokens, ch.head, _SUBPHRASES, _SINGLE
    n = len(lower)
    segments: list[Segment]
    for a, b in ch.spans:
        weight = 1.0 / (1.0 + a / POSITION_SCALE)
        in_title = a < head
        if b - a == 1 and lower[a] not in name_words:
            word = lower[a]
            if (b < n and lower[b] in _SAY) or (a and lower[a - 1] == "told"):
                continue
            alone, spec, nation = singles[word]
            if alone:
                weights[word] += weight
                counts[word] += 1
                bases[word] = spec
                if in_title:
                    title.add(word)
            elif nation and tokens[a][0].isupper():
                out.add(nation, weight, NAME_BASE[0], in_title)
            continue
        segments = [(a, b, None)] if name_words.isdisjoint(lower[a:b]) else _split(lower, a, b, names)
        for i, j, name in segments:
            if name is None:
                if _source(lower, i, j):
                    continue
                phrases, nations = subphrases[(tuple(lower[i:j]), tuple(t[0].isupper() for t in tokens[i:j]))]
                for phrase, base, factor in phrases:
                    weights[phrase] += weight * factor
                    counts[phrase] += 1
                    bases[phrase] = base
                    if in_title:
                        title.add(phrase)
                for nation in nations:
                    out.add(nation, weight * (1.0 if j - i == 1 else MODIFIER_FACTOR), NAME_BASE[0], in_title)
            elif name and not (name in outlets and _cited(lower, i)):  # "" is the publisher or an author
                out.add(name, weight * (MODIFIER_FACTOR if j < b else 1.0), name_base(lower[i:j]), in_title)
    return out
