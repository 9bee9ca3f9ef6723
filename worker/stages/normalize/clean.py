"""Split an article's lines into body, metadata and removed furniture.

Three passes over the lines, each linear:

1. Lines that are furniture wherever they stand (comment forms, legal text,
   teasers, credits, calls to action; see :func:`junk.strong_kind`) and
   machine-generation disclosures are taken out.
2. The body spans from the first real sentence (8+ words) to the last
   sentence. Above it is the header (title, byline, date, menus), below it the
   footer (credits, share bars, headlines of other stories). Header and footer
   lines that are not metadata are removed; inside the body only short
   unpunctuated lines that share nothing with the topic are.
3. The off-topic tail cut (:mod:`tail`) drops appended paragraphs of other stories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from worker.models import Removal
from worker.stages.normalize import junk, meta, tail
from worker.stages.normalize import lexicon as lx

#: A removal keeps this many characters of the removed text.
EXCERPT = 200
#: The body starts at a sentence of at least this many words.
MIN_LEAD_WORDS = 8
MAX_TITLE_WORDS = 25
#: A disclosure counts only near the edges of the text (an article *about* AI may use the same words).
EDGE_LINES = 6
#: Header and footer zones are only cut when recognisable prose makes up this share of the characters.
MIN_PROSE_SHARE = 0.5
#: Lines moved into metadata fields rather than removed (not listed in ``removed``).
MOVED = frozenset({"title", "byline", "date"})
#: A sentence boundary: terminal punctuation (maybe closing a quote), space, a capital or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘])")


@dataclass
class Cleaned:
    """The body paragraphs, what was learned, and what was removed."""

    body: list[str]
    meta: meta.Meta
    removed: list[Removal] = field(default_factory=list)


def clean(lines: list[str], title: str | None = None) -> Cleaned:
    """Clean the article ``lines`` (one paragraph each); ``title`` when already known (HTML)."""
    m = meta.Meta(title=title)
    lines, inline = _cut_share_runs(_split_glued_teasers(lines))
    removed: dict[int, Removal] = {}
    dropped = [False] * len(lines)

    def drop(i: int, reason: str) -> None:
        dropped[i] = True
        if reason not in MOVED:
            removed[i] = Removal(reason=reason, text=lines[i][:EXCERPT])

    for i, line in enumerate(lines):
        kind = junk.strong_kind(line)
        if (i < EDGE_LINES or i >= len(lines) - EDGE_LINES) and junk.is_disclosure(line):
            kind = "machine_disclosure"
            if "machine_generated" not in m.flags:
                m.flags.append("machine_generated")
        if kind == "credit":
            m.credits.append(line.strip("()[] "))
        if kind == "legal":
            meta.read_copyright(line, m)
        if kind is not None:
            drop(i, kind)

    live = [i for i in range(len(lines)) if not dropped[i]]
    start = next((i for i in live if junk.is_prose(lines[i], MIN_LEAD_WORDS)), None)
    if start is None or not _features_apply(lines, live):
        # no sentence we can recognise (a script or style our features do not know): keep the zones whole
        start, end = (live[0], live[-1]) if live else (0, -1)
    else:
        end = next((i for i in reversed(live) if i >= start and junk.is_prose_end(lines[i])), start)
    _header([i for i in live if i < start], lines, m, drop)
    for i in live:
        if i > end:
            if meta.read_byline(lines[i], m):
                drop(i, "byline")
            else:
                drop(i, "off_topic_tail" if lx.truncated(lines[i]) else "footer")
    body_idx = [i for i in live if start <= i <= end]
    heads = [i for i in body_idx[1:] if not junk.ends_sentence(lines[i]) and len(junk.words(lines[i])) <= 15]
    if heads:
        topic = tail.content_stems(" ".join([m.title or "", *(lines[i][:tail.MAX_TOPIC_CHARS] for i in body_idx[:2])]))
        for i in heads:
            if tail.overlap(lines[i], topic) == 0:
                drop(i, "off_topic_headline")
    body_idx = [i for i in body_idx if not dropped[i]]
    cut = tail.off_topic_tail([lines[i] for i in body_idx], m.title)
    for i in body_idx[cut:]:
        drop(i, "off_topic_tail")
    body = [lines[i] for i in body_idx[:cut]]
    if body:
        body[0] = meta.strip_dateline(body[0], m)
    meta.finish(m)
    return Cleaned(body=body, meta=m, removed=inline + [removed[i] for i in sorted(removed)])


def _cut_share_runs(lines: list[str]) -> tuple[list[str], list[Removal]]:
    """Take share bars glued inside paragraphs out ("... clients. Send Facebook Twitter ... Permalink http://...").

    Text that lost its line breaks carries the page's share bar in the middle of
    a paragraph, where no line feature can see it. A run of four or more network
    names is never prose. A line that was nothing but the bar is left for the
    line features (it is a whole share_nav line).
    """
    out, cut = [], []
    for line in lines:
        low = line.lower()
        if not any(name in low for name in lx.SHARE_NAMES):  # cheap test first: most paragraphs name no network
            out.append(line)
            continue
        runs = list(lx.SHARE_RUN.finditer(line))
        rest = lx.SHARE_RUN.sub(" ", line).strip() if runs else line
        if runs and rest:
            cut += [Removal(reason="share_nav", text=r.group().strip()[:EXCERPT]) for r in runs]
            out.append(" ".join(rest.split()))
        else:
            out.append(line)
    return out, cut


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


def _header(idx: list[int], lines: list[str], m: meta.Meta, drop: Callable[[int, str], None]) -> None:
    """Read title, byline and date from the header lines; drop everything else there."""
    title_at = None
    if m.title is None:
        # the title sits right above the body, or above byline/date/credit lines that sit above it
        for i in reversed(idx):
            ws = junk.words(lines[i])
            if lx.BYLINE.match(lines[i]) or (len(ws) <= 12 and lx.DATEISH.search(lines[i])):
                continue
            if 3 <= len(ws) <= MAX_TITLE_WORDS and not lines[i].endswith(".") and not junk.BREADCRUMB.search(
                    lines[i]):
                title_at = i
            break
    for i in idx:
        if i == title_at:
            m.title = lines[i]
            drop(i, "title")
        elif meta.read_byline(lines[i], m):
            drop(i, "byline")
        elif not meta.strip_dateline(lines[i], m):
            drop(i, "date")
        elif len(junk.words(lines[i])) <= 12 and (d := meta.parse_date(lines[i])) is not None:
            m.published_at = m.published_at or d
            drop(i, "date")
        else:
            drop(i, "header")
