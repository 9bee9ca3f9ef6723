"""The text the tagger reads: the body minus credits, chrome and off-topic tails.

Normalize removes page junk too, but tags are what users search, so the tagger
does not trust its input: a credit line left in the body would make the
photographer a "person in the news". The rules are conservative (whole
paragraphs only) and cheap (a few compiled regexes per paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from worker.stages.tag.gazetteer import AGENCIES

#: A paragraph that is a credit, a byline or a teaser: never content.
_CREDIT = re.compile(
    r"^\s*(\(?(reporting|writing|editing|additional reporting|compiled|edited|engineered|written|photo|photos|"
    r"picture|pictures|image|images|video|illustration)\b.*\bby\b|by\s+[A-Z][\w.’'-]+\s+[A-Z]|written by\s*$|"
    r"(photo|picture|image|source|credit)s?\s*(source|credit)?\s*[:|–—-]|see also\s*:|read next\s*:|also read\s*:|"
    r"related\s*:|read more\s*:|©|copyright\b)",
    re.IGNORECASE,
)
#: Site chrome and comment-form lines (short paragraphs only).
_CHROME = re.compile(
    r"(captcha|leave a reply|enter your (comment|name|email)|connect with us|what are you looking for|"
    r"latest updates|exit mobile version|^share\.?$|all rights reserved|trade confidently|learn more\.?$|"
    r"sign up|subscribe|newsletter|content generation system|follow us|click here)",
    re.IGNORECASE,
)
#: A paragraph after which the page is something else (unrelated headlines, comments).
_TAIL = re.compile(r"^\s*(breaking news|leave a reply|related (articles|stories|posts)|more from|trending|"
                   r"you may also like|recommended|most popular)\s*:?\s*$", re.IGNORECASE)
_AGENCY = "(?:{})".format("|".join(re.escape(a) for a in AGENCIES))
#: Inline credits: "(AFP, dpa, Reuters)", "/TASS/." (both start with a literal, so the scan is fast).
_AGENCY_CREDIT = re.compile(rf"\(\s*{_AGENCY}(?:\s*[,/&]\s*{_AGENCY})*\s*\)\s*[-–—]?\s*|/{_AGENCY}/\.?\s*",
                            re.IGNORECASE)
_COURTESY = re.compile(r"\b(?:images?|photos?|pictures?) courtesy of [^.]*\.?", re.IGNORECASE)
#: A share bar: three or more network names in a row, then maybe a permalink.
_SHARE_BAR = re.compile(r"(?:(?:\b(?:send|share|facebook|twitter|google|whatsapp|tumblr|linkedin|stumble|digg|reddit|"
                        r"newsvine|permalink|email|pinterest)\b\+?)\s*){3,}(?:https?://\S+)?", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(\s*(\([^)]{1,30}\))?\s*[-–—:]|, \w+ \d{1,2}\. /\w+/\.)\s*")
_MACHINE = re.compile(r"\b(GPT-?\d|generative AI|content generation system|generated (by|with|using) (AI|an AI|"
                      r"artificial intelligence))", re.IGNORECASE)


@dataclass(frozen=True)
class Text:
    """The analysed text: title, lead (first content paragraph) and the whole content."""

    title: str
    paragraphs: tuple[str, ...]
    machine_generated: bool

    @cached_property
    def lead(self) -> str:
        return next((p for p in self.paragraphs if p.count(" ") >= 11), self.paragraphs[0] if self.paragraphs else "")

    @cached_property
    def full(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs)) if self.title else "\n\n".join(self.paragraphs)

    def head(self, max_words: int) -> tuple[str, tuple[str, ...]]:
        """Title plus paragraphs up to about ``max_words`` words (NER input), and the text left.

        A paragraph longer than the budget is cut, and its remainder leads the text left.
        """
        out, n = [self.title] if self.title else [], 0
        for k, p in enumerate(self.paragraphs):
            words = p.split()
            if n + len(words) <= max_words:
                out.append(p)
                n += len(words)
                continue
            if n == 0:
                out.append(" ".join(words[:max_words]))
                return "\n\n".join(out), (" ".join(words[max_words:]), *self.paragraphs[k + 1:])
            return "\n\n".join(out), self.paragraphs[k:]
        return "\n\n".join(out), ()


def analysis_text(title: str | None, body: str) -> Text:
    """Split, filter and tidy the body for tagging."""
    kept: list[str] = []
    machine = False
    for para in body.split("\n\n"):
        p = " ".join(para.split())
        if not p:
            continue
        if ("GPT" in p or "enerat" in p) and _MACHINE.search(p):
            machine = True
        if _TAIL.match(p) and kept:
            break
        if (_CREDIT.match(p) and len(p) < 300) or (len(p) < 200 and _CHROME.search(p)):
            continue
        if not kept:
            p = _DATELINE.sub("", p, count=1)
        p = _AGENCY_CREDIT.sub("", p)
        if "courtesy" in p:
            p = _COURTESY.sub("", p)
        if "Facebook" in p or "Twitter" in p or "Whatsapp" in p or "WhatsApp" in p:
            p = _SHARE_BAR.sub("", p)
        kept.append(p)
    return Text(title=" ".join((title or "").split()), paragraphs=tuple(kept), machine_generated=machine)
