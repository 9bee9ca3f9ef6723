"""Share bars glued inside paragraphs: "... clients. Send Facebook Twitter ... Permalink http://... The firm".

Text that lost its line breaks carries the page's share bar in the middle of a
paragraph, where no line feature can see it. A run of four or more network or
share-action names (:data:`lexicon.SHARE_RUN`) is never prose, as long as one of
them names a network; three names in a sentence ("on Facebook, Twitter and
WhatsApp") are prose.

Cost: the run grammar is a case-insensitive alternation that the regex engine
tries at every position (about 0.2 ms for a 4 KB paragraph, and one article in
five names a network). So substring tests skip paragraphs that name no network,
one Aho-Corasick pass (pyahocorasick, C) over the lower-cased paragraph locates
the names in the others, and the grammar only runs where four of them stand next
to each other.
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick

from worker.stages.normalize import lexicon as lx

#: Words of :data:`lexicon.SHARE_RUN`, as they are found in lower-cased text.
RUN_WORDS = ("send", "share", "email", "e-mail", "print", "facebook", "messenger", "twitter", "google", "whatsapp",
             "tumblr", "linkedin", "stumble", "digg", "reddit", "newsvine", "permalink", "pinterest", "telegram",
             "xing", "vk", "flipboard", "pocket", "copy link")
#: A run has at least this many names.
MIN_RUN = 4
#: Room after a run for its permalink (the grammar allows 200 characters of URL).
URL_ROOM = 220
_SEPARATORS = " \t,|·•/+"


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    names = ahocorasick.Automaton()
    for word in RUN_WORDS:
        names.add_word(word, (len(word), word in lx.SHARE_NAMES))
    names.make_automaton()
    return names


def share_runs(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that are share bars (:data:`lexicon.SHARE_RUN` matches naming a network)."""
    low = line.lower()
    if not any(name in low for name in lx.SHARE_NAMES):  # four in five articles name no network at all
        return []
    if len(low) != len(line):  # lower-casing changed the length (rare letters): positions would not map
        return [m.span() for m in lx.SHARE_RUN.finditer(line) if _names_network(m.group())]
    hits = sorted((end + 1 - size, end + 1, network) for end, (size, network) in _automaton().iter(low))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(hits):
        j = i
        while j + 1 < len(hits) and _separates(low, hits[j][1], hits[j + 1][0]):
            j += 1
        if j + 1 - i >= MIN_RUN and any(h[2] for h in hits[i:j + 1]):
            start, end = max(hits[i][0], spans[-1][1] if spans else 0), min(len(line), hits[j][1] + URL_ROOM)
            spans += [m.span() for m in lx.SHARE_RUN.finditer(line, start, end) if _names_network(m.group())]
        i = j + 1
    return spans


def _separates(low: str, end: int, start: int) -> bool:
    """Is the text between two names only separators (so that they stand in one run)?

    As in the grammar, any number of separators; "upon" only right after "stumble" (StumbleUpon).
    """
    if start < end:
        return False
    gap = low[end:start]
    if gap.startswith("upon") and low[max(0, end - 7):end] == "stumble":
        gap = gap[4:]
    return not gap.strip(_SEPARATORS)


def _names_network(run: str) -> bool:
    low = run.lower()
    return any(name in low for name in lx.SHARE_NAMES)


def cut_share_runs(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines without the share bars glued inside them, and the bars cut out.

    A line that was nothing but the bar is left whole for the line features (it is a share_nav line).
    """
    out, cut = [], []
    for line in lines:
        spans = share_runs(line)
        pieces, prev = [], 0
        for start, end in spans:
            pieces.append(line[prev:start])
            prev = end
        rest = " ".join(" ".join([*pieces, line[prev:]]).split()) if spans else ""
        if rest:
            cut += [line[start:end].strip() for start, end in spans]
            out.append(rest)
        else:
            out.append(line)
    return out, cut
