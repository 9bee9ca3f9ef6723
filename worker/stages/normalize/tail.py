"""Off-topic tail cut: trailing paragraphs that have nothing to do with the article.

Pages append other stories' headlines and blurbs after the article ("Breaking
News: ..."). We compare each trailing paragraph's content words with the
lead, which states what the article is about. Low overlap alone is
not enough (a last sentence like "The company did not reply." shares no word
with the lead), so a paragraph is only cut when it also *looks* appended: it
ends in a truncation ellipsis or opens with a dateline of its own ("ISLAMABAD:").
Low overlap after a separator alone cut real closing sentences in the
benchmark (a sentence of 15 content words often shares only two with the
rest), so it is not used.
"""

from __future__ import annotations

from itertools import islice

from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.junk import ends_sentence, words

#: Content words are compared by this many leading characters (a cheap stemmer: Russia/Russian).
STEM = 5
#: A trailing paragraph sharing less than this share of its content words with the article above is off-topic.
MIN_OVERLAP = 0.2
#: The topic is the content words of this many leading characters of the title and the paragraphs above.
TOPIC_CHARS = 600
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


def looks_appended(paragraph: str) -> bool:
    """A blurb or headline of another story: cut off with an ellipsis, opening with its own dateline,
    or a short line that is not a sentence."""
    if lx.truncated(paragraph) or lx.DATELINE.match(paragraph):
        return True
    return len(words(paragraph)) <= 15 and not ends_sentence(paragraph)


def topic_stems(paras: list[str], upto: int | None = None) -> set[str]:
    """Content stems of the first :data:`TOPIC_CHARS` characters of ``paras[:upto]`` (the lead).

    Only as many paragraphs are joined as the budget needs, so each call costs the
    same however long the article is (the tail walk calls it once per paragraph).
    The title is not part of the topic: normalizing the body again (without its
    title) must cut the same lines (idempotence), and the lead says what the title says.
    """
    pieces: list[str] = []
    size = 0
    for p in islice(paras, upto):
        if size >= TOPIC_CHARS:
            break
        pieces.append(p[:TOPIC_CHARS])
        size += len(pieces[-1]) + 1
    return content_stems(" ".join(pieces)[:TOPIC_CHARS])


def off_topic_tail(paras: list[str]) -> int:
    """Index where the off-topic tail starts (``len(paras)`` when there is none).

    Walks up from the last paragraph while each one looks appended and shares
    less than :data:`MIN_OVERLAP` of its content words with the topic (the lead
    above it). The lead paragraphs are never cut.
    """
    k = len(paras)
    while k > LEAD_PARAGRAPHS and looks_appended(paras[k - 1]):
        if overlap(paras[k - 1], topic_stems(paras, k - 1)) >= MIN_OVERLAP:
            break
        k -= 1
    return k
