"""Off-topic tail cut: trailing paragraphs that have nothing to do with the article.

Pages append other stories' headlines and blurbs after the article ("Breaking
News: ..."). We compare each trailing paragraph's content words with the
title and lead, which state what the article is about. Low overlap alone is
not enough (a last sentence like "The company did not reply." shares no word
with the lead), so a paragraph is only cut when it also *looks* appended: it
ends in a truncation ellipsis, or removed furniture separates it from the
article above.
"""

from __future__ import annotations

from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.junk import words

#: Content words are compared by this many leading characters (a cheap stemmer: Russia/Russian).
STEM = 5
#: A trailing paragraph sharing less than this share of its content words with the topic is off-topic.
MIN_OVERLAP = 0.12
#: Never cut into the first paragraphs: they define the topic.
LEAD_PARAGRAPHS = 2


def content_stems(text: str) -> set[str]:
    """Stems of the non-function words of ``text``."""
    return {w.lower()[:STEM] for w in words(text) if len(w) > 2 and w.lower() not in lx.STOP_WORDS
            and not w.isdigit()}


def overlap(paragraph: str, topic: set[str]) -> float:
    """Share of the paragraph's content stems that also occur in the topic."""
    stems = content_stems(paragraph)
    return len(stems & topic) / len(stems) if stems else 1.0


def off_topic_tail(paras: list[str], separated: list[bool], title: str | None) -> int:
    """Index where the off-topic tail starts (``len(paras)`` when there is none).

    Args:
        paras: the kept body paragraphs, in order.
        separated: for each paragraph, whether removed furniture stands between it and the one before.
        title: the article title, if known.
    """
    if len(paras) <= LEAD_PARAGRAPHS:
        return len(paras)
    topic = content_stems(" ".join([title or "", *paras[:LEAD_PARAGRAPHS]]))
    cut = len(paras)
    appended = False
    for i in range(len(paras) - 1, LEAD_PARAGRAPHS - 1, -1):
        p = paras[i]
        if overlap(p, topic) >= MIN_OVERLAP:
            break
        appended = appended or bool(lx.TRUNCATED.search(p)) or separated[i]
        cut = i
        if separated[i]:
            break
    return cut if appended else len(paras)
