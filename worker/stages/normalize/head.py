"""The head of an article: where the body starts, and the title, byline, date and dateline lines above it.

Why a module of its own: metadata is read from the top of the text, and
nothing below the body's first line may change what is found there (a trailing
"Source: ..." line once cost plain files their title and date, because the body
was found by how the *last* line ended). So the body starts at the first line
that *opens* like prose: a sentence of :data:`MIN_LEAD_WORDS` words, or a line
too long to be a title that reads like text (function words or a sentence
break). The title is the nearest title-like line above it, past byline, date
and dateline lines.

Structure beats wording at the very top: a short line directly above a date or
byline line is a title even when it reads like a sentence ("Think You Know All
The Different Bra Types? Here Are 25."), and a sentence between a title and the
byline is a standfirst, not the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worker.stages.memo import Memo
from worker.stages.normalize import attribution, junk, meta
from worker.stages.normalize.meta import Meta

#: The body starts at a sentence of at least this many words.
MIN_LEAD_WORDS = 8
#: Titles are at most this many words (longer lines are text); NewsArticles titles reach 26.
MAX_TITLE_WORDS = 30
#: Titles are at most this many characters (30 long words).
MAX_TITLE_CHARS = 400
#: Without a date or byline line below it, a title needs this many words ("Menu" is not a title).
MIN_BARE_TITLE_WORDS = 3
#: The title, date and byline block is looked for within this many lines from the top.
HEAD_LINES = 8
#: Byline, date and dateline lines are at most this many characters.
MAX_META_CHARS = 200
#: Head lines whose kind is remembered (cleared when full).
META_MEMO_LINES = 4096
#: Capitals are judged on this many leading characters.
MAX_CAPS_SCAN = 300
#: A long line opens the body when at least this share of its words are function words (menus have ~0).
MIN_LONG_LINE_STOP_RATIO = 0.15
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]|[。！？]")
#: A web address (for lower-cased lines).
_URL = re.compile(r"https?://|www\.|^\S+\.(?:com|org|net|co\.uk|io)\S*$")
#: Marks of program code; a line with two different ones is script text, not a title.
_SCRIPT_CHARS = "{}=;|&(."
_SCRIPT = re.compile(r"[{}]|=>|\bfunction\b|\b(?:var|let|const) \w|\b(?:window|document)\.|\(\)|;\s*$|\s=\s|\|\||&&")


@dataclass
class Head:
    """The body's first line (a position in the live lines), whether prose marked it, and the moved lines."""

    start: int
    prose: bool
    moved: dict[int, str] = field(default_factory=dict)


def read_head(lines: list[str], live: list[int], m: Meta) -> Head:
    """Find the body start among the ``live`` line indexes and move title/byline/date lines into ``m``.

    When nothing would be left for the body (a title and a date only), the metadata is read but the
    lines stay in the body: an article is never emptied by its head.
    """
    pos = _start_pos(lines, live)
    head = Head(start=pos if pos is not None else _after_meta_block(lines, live), prose=pos is not None)
    above = live[:head.start]
    if m.title is None:
        title_at = _title_at(lines, above)
        if title_at is not None:
            m.title = lines[title_at]
            head.moved[title_at] = "title"
    for i in above:
        if i in head.moved:
            continue
        kind = meta_kind(lines[i])
        if kind is not None:
            _take(lines[i], kind, m)
            head.moved[i] = kind
        elif m.title is not None and lines[i].casefold() == m.title.casefold():
            head.moved[i] = "title"  # the title again (an HTML page's <title> repeated in its text)
    if head.start >= len(live):
        return Head(start=0, prose=head.prose)
    return head


def meta_kind(line: str) -> str | None:
    """"byline", "date" or "dateline" when ``line`` is one of these head lines, else None.

    Memoized (the head asks about the same lines several times); lines longer than
    :data:`MAX_META_CHARS` are none of them.
    """
    return _META_KINDS[line] if len(line) <= MAX_META_CHARS else None


def _meta_kind(line: str) -> str | None:
    if meta.is_byline(line):
        return "byline"
    if meta.is_date_line(line):
        return "date"
    if attribution.is_dateline_only(line):
        return "dateline"
    return None


_META_KINDS: Memo[str, str | None] = Memo(_meta_kind, limit=META_MEMO_LINES)


def opens_prose(line: str) -> bool:
    """Does the line open like article text (whatever its end looks like)?"""
    if junk.is_prose(line, MIN_LEAD_WORDS):
        return True
    ws = junk.words(line)
    if len(ws) <= MAX_TITLE_WORDS:
        return False
    return junk.stop_ratio(ws) >= MIN_LONG_LINE_STOP_RATIO or bool(
        _SENTENCE_BREAK.search(line, 0, junk.MAX_JUNK_CHARS))


def _start_pos(lines: list[str], live: list[int]) -> int | None:
    """Position in ``live`` of the first body line, or None when no line opens like prose.

    Right under a title and its date/byline lines, a sentence-length line starts the body even
    when its punctuation got lost (it is text, not a label).
    """
    under_block = False
    for pos, i in enumerate(live):
        if 0 < pos < HEAD_LINES and meta_kind(lines[i]) is not None:
            under_block = under_block or _title_like(lines[live[pos - 1]], bare=False)
            continue
        if under_block and len(junk.words(lines[i])) >= MIN_LEAD_WORDS:
            return pos
        under_block = False
        if not opens_prose(lines[i]):
            continue
        below = lines[live[pos + 1]] if pos + 1 < len(live) else ""
        if pos < HEAD_LINES and _is_short(lines[i]) and below and meta_kind(below) is not None:
            continue  # a title (or standfirst) that reads like a sentence, above its date or byline
        return pos
    return None


def _after_meta_block(lines: list[str], live: list[int]) -> int:
    """Without prose (a table, a list): the body starts after the top's date/byline lines, or after a title.

    A first line is only taken as the title when it stands out from the next one (capitals above
    mixed case), so that cleaning the rest again does not take the next line too (idempotence).
    """
    last = None
    for pos, i in enumerate(live[:HEAD_LINES]):
        if meta_kind(lines[i]) is not None:
            last = pos
        elif not _is_short(lines[i]):
            break
    if last is not None:
        return last + 1
    if len(live) >= 2 and _title_like(lines[live[0]], bare=True) and _all_caps(lines[live[0]]) and not _all_caps(
            lines[live[1]]):
        return 1  # a wire headline in capitals above a table: "BROWN-FORMAN INC <BFD> 4TH QTR NET"
    return 0


def _all_caps(line: str) -> bool:
    """Written in capitals (and with letters): a wire headline, which the lines below it are not."""
    return line == line.upper() and sum(c.isalpha() for c in line[:MAX_CAPS_SCAN]) >= 2


def _title_at(lines: list[str], above: list[int]) -> int | None:
    """The index of the title among the lines above the body: the nearest title-like one past metadata."""
    k = len(above) - 1
    while k >= 0 and meta_kind(lines[above[k]]) is not None:
        k -= 1
    if k < 0:
        return None
    bare = k == len(above) - 1  # nothing structural below it: it must look like a title by itself
    if not _title_like(lines[above[k]], bare=bare):
        return None
    line = lines[above[k]]
    if not bare and line.endswith(".") and k > 0 and _title_like(lines[above[k - 1]], bare=True) and (
            len(junk.words(lines[above[k - 1]])) < len(junk.words(line))):
        return above[k - 1]  # title, then a standfirst sentence, then byline/date
    return above[k]


def _title_like(line: str, bare: bool) -> bool:
    if len(line) > MAX_TITLE_CHARS:
        return False
    ws = junk.words(line)
    if not (MIN_BARE_TITLE_WORDS if bare else 1) <= len(ws) <= MAX_TITLE_WORDS or all(w.isdigit() for w in ws):
        return False
    if bare and line.endswith((".", ":")) and not line.endswith("..."):
        return False
    return not (_URL.search(line.lower()) or is_script(line) or junk.is_breadcrumb(line))


def is_script(line: str) -> bool:
    """Program text ("window.dataLayer = window.dataLayer || [];"), not words."""
    if not any(c in line for c in _SCRIPT_CHARS):  # most lines have none of the marks' characters
        return False
    return len({m.group() for m in _SCRIPT.finditer(line, 0, junk.MAX_JUNK_CHARS)}) >= 2


def _is_short(line: str) -> bool:
    return len(junk.words(line)) <= MAX_TITLE_WORDS and len(_SENTENCE_BREAK.findall(line, 0, junk.MAX_JUNK_CHARS)) <= 2


def _take(line: str, kind: str, m: Meta) -> None:
    if kind == "byline":
        meta.read_byline(line, m)
    elif kind == "date":
        meta.read_date_line(line, m)
    else:
        attribution.strip_dateline(line, m)
