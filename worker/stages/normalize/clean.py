"""Split an article's lines into body, metadata and removed furniture.

Passes over the lines, each linear:

1. Lines that are furniture wherever they stand (comment forms, legal text,
   teasers, credits, calls to action; see :func:`junk.strong_kind`) and
   machine-generation disclosures are taken out.
2. The head (:mod:`head`) finds where the body starts and moves the title,
   byline, date and dateline lines above it into metadata. Nothing below the
   body's first line changes what the head finds.
3. Plain text only: the body ends at the last line that could end an article.
   Other lines above the body are the header (menus, labels), lines below it the
   footer (share bars, headlines of other stories); both are removed, but only
   when our features recognise most of the text as prose (otherwise a script or
   style they do not know would lose its text). Inside the body, short
   unpunctuated lines that share nothing with the topic are removed, and the
   off-topic tail cut (:mod:`tail`) drops appended paragraphs of other stories.
4. The dateline leaves the first paragraph, the agency trailer the last one
   (:mod:`attribution`).

HTML text comes from trafilatura, which already chose the article's blocks: it
is trusted (``trusted=True``), so step 3 is skipped and only clear furniture
(step 1) and metadata lines leave it. Lists, tables and subheadings stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worker.models import Removal
from worker.stages.normalize import attribution, junk, meta, sharebar, tail
from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.head import read_head

#: A removal keeps this many characters of the removed text.
EXCERPT = 200
#: A disclosure counts only near the edges of the text (an article *about* AI may use the same words).
EDGE_LINES = 6
#: Header and footer zones are only cut when recognisable prose makes up this share of the characters.
MIN_PROSE_SHARE = 0.5
#: A short line inside the body with this many numbers is a table row or a list entry, not a headline.
MIN_DATA_NUMBERS = 2
#: Lines moved into metadata fields rather than removed (not listed in ``removed``).
MOVED = frozenset({"title", "byline", "date", "dateline", "trailer"})
#: A sentence boundary: terminal punctuation (maybe closing a quote), space, a capital or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘])")
_NUMBER = re.compile(r"\d+")


@dataclass
class Cleaned:
    """The body paragraphs, what was learned, and what was removed."""

    body: list[str]
    meta: meta.Meta
    removed: list[Removal] = field(default_factory=list)


class _Lines:
    """The article's lines and which of them are dropped, with the reason."""

    def __init__(self, lines: list[str]) -> None:
        self.text = lines
        self.dropped = [False] * len(lines)
        self.removed: dict[int, Removal] = {}

    def drop(self, i: int, reason: str) -> None:
        self.dropped[i] = True
        if reason not in MOVED:
            self.removed[i] = Removal(reason=reason, text=self.text[i][:EXCERPT])

    def live(self) -> list[int]:
        return [i for i, gone in enumerate(self.dropped) if not gone]


def clean(lines: list[str], title: str | None = None, trusted: bool = False, first: bool = True) -> Cleaned:
    """Clean the article ``lines`` (one paragraph each); ``title`` when already known (HTML).

    ``trusted``: the lines are an extractor's choice of article blocks (HTML), not a whole page.
    ``first``: the lines come from the input, not from an earlier pass (whose output has no glued
    teasers or share bars left to split off).
    """
    m = meta.Meta(title=title)
    text, bars = sharebar.cut_share_runs(_split_glued_teasers(lines)) if first else (lines, [])
    inline = [Removal(reason="share_nav", text=bar[:EXCERPT]) for bar in bars]
    ls = _Lines(text)
    _drop_furniture(ls, m)
    live = ls.live()
    head = read_head(text, live, m)
    for i, kind in head.moved.items():
        ls.drop(i, kind)
    body_idx = [i for i in live if not ls.dropped[i]]
    if not trusted and head.prose and _features_apply(text, body_idx):
        for i in live[:head.start]:
            if not ls.dropped[i]:
                ls.drop(i, "header")
        body_idx = _cut_footer(ls, live[head.start:], m)
        body_idx = _cut_off_topic(ls, body_idx)
    body = [text[i] for i in body_idx if not ls.dropped[i]]
    if body:
        body[0] = attribution.strip_dateline(body[0], m)
        body[-1] = attribution.strip_trailer(body[-1], m)
        body = [p for p in body if p]
    meta.finish(m)
    return Cleaned(body=body, meta=m, removed=inline + [ls.removed[i] for i in sorted(ls.removed)])


def _drop_furniture(ls: _Lines, m: meta.Meta) -> None:
    """Step 1: lines that are furniture wherever they stand; credits and copyright holders are kept in ``m``."""
    n = len(ls.text)
    for i, line in enumerate(ls.text):
        kind = junk.strong_kind(line)
        if (i < EDGE_LINES or i >= n - EDGE_LINES) and junk.is_disclosure(line):
            kind = "machine_disclosure"
            if "machine_generated" not in m.flags:
                m.flags.append("machine_generated")
        if kind == "credit":
            m.credits.append(line.strip("()[] "))
        if kind == "legal":
            meta.read_copyright(line, m)
        if kind is not None:
            ls.drop(i, kind)


def _cut_footer(ls: _Lines, body_idx: list[int], m: meta.Meta) -> list[int]:
    """Lines after the last one that could end the article: trailers and bylines move, the rest goes."""
    text = ls.text
    end = next((k for k in range(len(body_idx) - 1, 0, -1) if junk.is_prose_end(text[body_idx[k]])), 0)
    for i in body_idx[end + 1:]:
        if attribution.is_trailer(text[i]):
            attribution.strip_trailer(text[i], m)
            ls.drop(i, "trailer")
        elif meta.read_byline(text[i], m):
            ls.drop(i, "byline")
        else:
            ls.drop(i, "off_topic_tail" if lx.truncated(text[i]) else "footer")
    return body_idx[:end + 1]


def _cut_off_topic(ls: _Lines, body_idx: list[int]) -> list[int]:
    """Short unpunctuated lines sharing nothing with the topic, then the off-topic tail."""
    text = ls.text
    heads = [i for i in body_idx[1:] if not junk.ends_sentence(text[i]) and len(junk.words(text[i])) <= 15
             and len(_NUMBER.findall(text[i])) < MIN_DATA_NUMBERS]
    if heads:
        topic = tail.topic_stems([text[i] for i in body_idx[:2]])
        for i in heads:
            if tail.overlap(text[i], topic) == 0:
                ls.drop(i, "off_topic_headline")
    body_idx = [i for i in body_idx if not ls.dropped[i]]
    cut = tail.off_topic_tail([text[i] for i in body_idx])
    for i in body_idx[cut:]:
        ls.drop(i, "off_topic_tail")
    return body_idx[:cut]


def _split_glued_teasers(lines: list[str]) -> list[str]:
    """Split "READ MORE: <headline> <sentence>. <sentences>" into the teaser and the sentences after it.

    Scraped text often loses the line break after a teaser, gluing the next
    paragraph of the article to it. The first glued sentence goes with the
    teaser (the headline-to-sentence seam has no punctuation to split on), but
    what follows the first sentence end is kept as its own paragraph unless it
    looks appended itself (a teaser's truncated blurb about another story).
    """
    out: list[str] = []
    for line in lines:
        brk = _SENTENCE_BREAK.search(line, 0, junk.MAX_JUNK_CHARS) if lx.TEASER.match(line) else None
        if brk is not None and not tail.looks_appended(rest := line[brk.end():]):
            out += [line[:brk.end()].rstrip(), rest]
        else:
            out.append(line)
    return out


def _features_apply(lines: list[str], live: list[int]) -> bool:
    """Do our sentence features recognise most of the text as prose (by characters)?"""
    total = sum(len(lines[i]) for i in live)
    prose = sum(len(lines[i]) for i in live if junk.is_prose_end(lines[i]))
    return prose >= MIN_PROSE_SHARE * total
