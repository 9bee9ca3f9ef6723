"""Keyword candidates and the evidence for each: where and how often the article uses them.

Each chunk of :mod:`phrases` gives its sub-phrases (:mod:`subphrases`). The
article's entities are cut out of the chunks first, under their canonical
names ("president trump" -> "president", "donald trump"), so a name is never
split nor listed twice. A mention weighs by its position
(``1 / (1 + i / POSITION_SCALE)`` at token ``i``: the title and lead count
most, as in PositionRank, Florescu & Caragea 2017). A chunk that is the
subject of "said" or the object of "told" is a source ("authorities say",
"told reporters"), not a topic: it counts for nothing; so does an outlet
cited ("told Al Jazeera"). A name that modifies a noun ("U.S. officials",
"Syrian refugees") is the setting more than the topic: half a mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from worker.models import Entity
from worker.stages.tag.phrases import Chunks
from worker.stages.tag.subphrases import MAX_NAME_WORDS, NAME_BASE, SINGLE, SUBPHRASES, capitalised, name_base

#: Tokens after which a mention weighs half as much as one at the start.
POSITION_SCALE = 150.0
#: A name that modifies a noun ("U.S. officials", "Syrian refugees") is a setting more than the topic.
MODIFIER_FACTOR = 0.5
#: Verbs whose subject (or, for "told", object) is a source, not a topic.
_SAY = frozenset(("said", "says", "say", "told", "added", "stated", "according", "reported", "noted", "explained"))
Names = dict[tuple[str, ...], str]
_NAME_JUNK = re.compile(r"[,;:!?\"()\[\]]")
_GLUED_EDGE = re.compile(r"^(?:the|a|an)-|-(?:the|a|an|who|to)$")


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
        for surface in (e.name, *e.aliases):
            out[tuple(surface.lower().replace("’", "'").split())] = name
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


def _cited(lower: list[str], a: int) -> bool:
    """Right after "told" or "according to": an outlet or agency quoted ("told Al Jazeera")."""
    return a > 0 and (lower[a - 1] == "told" or (lower[a - 1] == "to" and a > 1 and lower[a - 2] == "according"))


def tally(ch: Chunks, names: Names, outlets: set[str]) -> Tally:
    """The evidence for every candidate; names mapped to "" (publisher, authors) are skipped, and so are
    mentions of the organisations ``outlets`` as a quoted source. (One loop with local names: the hot path;
    one-word chunks, most of them, take a memo of their own.)"""
    out = Tally()
    weights, counts, bases, title = out.weight, out.count, out.base, out.title
    name_words = {w for form in names for w in form}
    lower, tokens, head, subphrases, singles = ch.lower, ch.tokens, ch.head, SUBPHRASES, SINGLE
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
                if (j < n and lower[j] in _SAY) or (i and lower[i - 1] == "told"):
                    continue  # a source ("authorities say", "told reporters")
                phrases, nations = subphrases[(tuple(lower[i:j]), tuple(map(capitalised, tokens[i:j])))]
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
