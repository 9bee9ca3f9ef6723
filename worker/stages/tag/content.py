"""The text the tagger reads: the body minus credits, chrome and off-topic tails.

Normalize removes page junk too, but tags are what users search, so the tagger
does not trust its input: a credit line left in the body would make the
photographer a "person in the news". It asks normalize's own line judge
(:func:`worker.stages.normalize.junk.strong_kind`, built on the shared
:mod:`worker.stages.normalize.lexicon`) instead of keeping a second lexicon.

Two more rules are the tagger's own. A paragraph that is not prose (a short
label, a headline, a line in capitals) is kept for counting names but never
read by NER: NER mislabels headlines ("JAPAN GET LUCKY WIN" as an
organisation). And when no title is known, a headline-shaped first paragraph
becomes the title instead of the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from worker.stages.normalize import junk
from worker.stages.normalize import lexicon as lx
from worker.stages.tag.gazetteer import AGENCIES

_AGENCY = "(?:{})".format("|".join(re.escape(a) for a in AGENCIES))
#: Inline credits: "(AFP, dpa, Reuters)", "/TASS/." (both start with a literal, so the scan is fast).
_AGENCY_CREDIT = re.compile(rf"\(\s*{_AGENCY}(?:\s*[,/&]\s*{_AGENCY})*\s*\)\s*[-–—]?\s*|/{_AGENCY}/\.?\s*",
                            re.IGNORECASE)
_COURTESY = re.compile(r"\b(?:images?|photos?|pictures?) courtesy of [^.]*\.?", re.IGNORECASE)
_NOT_LOWER = re.compile(r"[^a-zà-ÿ]+")
_NOT_UPPER = re.compile(r"[^A-ZÀ-Þ]+")
#: A paragraph this short with no sentence end is a label or a headline, not prose.
MAX_LABEL_WORDS = 14


@dataclass(frozen=True)
class Text:
    """The analysed text: title, content paragraphs, and which of them are prose NER may read."""

    title: str
    paragraphs: tuple[str, ...]
    prose: tuple[bool, ...]
    machine_generated: bool

    @cached_property
    def lead(self) -> str:
        """The first prose paragraph (the lead), or the first paragraph when none is prose."""
        return next((p for p, ok in zip(self.paragraphs, self.prose, strict=True) if ok),
                    self.paragraphs[0] if self.paragraphs else "")

    @cached_property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @cached_property
    def full(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs)) if self.title else "\n\n".join(self.paragraphs)


def shouting(text: str) -> bool:
    """Mostly capitals ("GUNMEN KILL FIVE IN ..."): a headline or a label, whatever its length."""
    lower = len(_NOT_LOWER.sub("", text))
    if lower > len(text) // 3:  # the common case, decided by one C-level pass
        return False
    upper = len(_NOT_UPPER.sub("", text))
    return upper + lower >= 8 and upper > 0.6 * (upper + lower)


def is_prose(para: str) -> bool:
    """A sentence NER can read: not shouting, and either long or ending like a sentence."""
    if shouting(para):
        return False
    return para.count(" ") >= MAX_LABEL_WORDS or junk.ends_sentence(para)


def _tail_marker(para: str) -> bool:
    """A short label after which the page is something else: "Breaking News", "Related Articles"."""
    if para.count(" ") > 3 or junk.ends_sentence(para):
        return False
    return bool(lx.COMMENT_FORM.search(para) or lx.CTA_WORDS.search(para) or lx.TEASER.match(para.rstrip(":") + ":"))


def _tidy(p: str, first: bool) -> str:
    if first:
        p = lx.SLASH_DATELINE.sub("", p, count=1)
        p = lx.DATELINE.sub("", p, count=1)
    p = _AGENCY_CREDIT.sub("", p)
    if "courtesy" in p:
        p = _COURTESY.sub("", p)
    if "acebook" in p or "witter" in p or "hatsapp" in p or "hatsApp" in p:
        p = lx.SHARE_RUN.sub("", p)
    return " ".join(p.split())


def analysis_text(title: str | None, body: str) -> Text:
    """Split, filter and tidy the body for tagging."""
    kept: list[str] = []
    machine = False
    for para in body.split("\n\n"):
        p = " ".join(para.split())
        if not p:
            continue
        if ("GPT" in p or "enerat" in p or "written" in p) and junk.is_disclosure(p):
            machine = True
            continue
        if kept and _tail_marker(p):
            break
        if junk.strong_kind(p) is None and (p := _tidy(p, not kept)):
            kept.append(p)
    head = " ".join((title or "").split())
    if not head and len(kept) > 1 and not is_prose(kept[0]):
        head, kept = kept[0], kept[1:]  # a headline left in the body is the title, never the lead
    return Text(title=head, paragraphs=tuple(kept), prose=tuple(is_prose(p) for p in kept), machine_generated=machine)
