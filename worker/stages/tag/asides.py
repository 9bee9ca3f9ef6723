"""Text in a body that is not the article's own words: credits, correspondents, embedded posts, teasers.

Normalize drops whole lines of page furniture, but many feeds (and the
NewsArticles corpus) run the page into one paragraph, so asides sit inside
sentences the line judge must keep: "ABC News' Alisa Wiersema contributed to
this report.", "Al Jazeera's Natacha Butler, reporting from Paris, said ...",
an embedded tweet's sign-off "— RTÉ News (@rtenews) February 7, 2017", links,
and "READ MORE: <another headline>". Keywords say what the article is about,
so the tagger's phrase reader (:mod:`phrases`) cuts these out first, and keeps
the correspondents' names to leave them out of the keywords (they stay
entities: the reporter is in the text, just not the topic).
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w.-]*(?: (?:[A-Z][\w.-]*|de|di|da|van|von|bin|al|el)){1,3}"
#: A credit sentence: "ABC News' X and Y contributed to this report.", "Cassidy reported from Atlanta."
_CREDIT = re.compile(r"contributed (?:to this report|reporting)|reported from [A-Z][\w ,]{1,40}\.")
#: What stands before "reported from" in a credit sentence: one name ("Cassidy").
_BYLINE = re.compile(r"(?:^|[.!?\"] )[A-Z][\w'-]+ $")
_SENTENCE_END = re.compile(r"[.!?]")
#: "Natacha Butler, reporting from Paris": a correspondent, not a person in the news.
_REPORTING = re.compile(r"report(?:ing|ed|s) from\b")
_CORRESPONDENT = re.compile(rf"({_NAME}),? (?:who is |who was )?$")
#: Sign-offs of embedded posts: "— Donald J. Trump (@realDonaldTrump) February 7, 2017", "A photo posted by ...".
_POST = re.compile(r"(?:A (?:photo|video|post) (?:posted|shared) by )?[A-Z](?:[^()!?.\"“”]|\b[A-Z]\.){0,40}\(@\w+\)"
                   r"(?: on)? [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?: at \d{1,2}:\d\d ?[ap]m(?: [A-Z]{2,4})?)?")
_FOLLOW = re.compile(r"Follow [^.!?]{0,80}?(?:on Twitter|twitter\.com)[^ ]*(?: and [^.!?]{0,60}?twitter\.com\S*)*")
_LINK = re.compile(r"\b(?:https?://|pic\.twitter\.com/|www\.)\S+")
#: "READ MORE: Israel's settlement bill 'big step towards annexation'": the teaser and up to 10 of its words.
_TEASER = re.compile(r"(?:READ MORE|Read [Mm]ore):(?: \S+){0,10}?(?=[.!?]| [A-Z][a-z]+ (?:is|are|was|were|"
                     r"said|says|has|have|had|will)\b|$)")


def strip_asides(body: str) -> tuple[str, frozenset[str]]:
    """The body without asides, and the lower-case names of its correspondents."""
    names: frozenset[str] = frozenset()
    if "report" in body:
        body = _cut_sentences(body)
        if "from" in body:
            names = frozenset(_correspondents(body))
    if "(@" in body:
        body = _POST.sub(" ", body)
    if "http" in body or "twitter.com" in body or "www." in body:
        body = _FOLLOW.sub(" ", body) if "Follow" in body else body
        body = _LINK.sub(" ", body)
    if "READ MORE" in body or "Read more" in body or "Read More" in body:
        body = _TEASER.sub(" ", body)
    return body, names


def _cut_sentences(body: str) -> str:
    """The body without the sentences that hold a credit (found by their literal words, then widened)."""
    cuts = []
    for m in _CREDIT.finditer(body):
        if m.group()[0] == "r" and not _BYLINE.search(body, max(0, m.start() - 30), m.start()):
            continue  # "reported from" inside a sentence of the article
        start = max(body.rfind(".", 0, m.start()), body.rfind("!", 0, m.start()), body.rfind("?", 0, m.start())) + 1
        stop = _SENTENCE_END.search(body, m.end() - 1)
        cuts.append((start, stop.end() if stop else len(body)))
    if not cuts:
        return body
    parts: list[str] = []
    last = 0
    for start, end in cuts:
        parts.append(body[last:max(start, last)])
        last = max(end, last)
    return " ".join((*parts, body[last:]))


def _correspondents(body: str) -> list[str]:
    """Lower-case names written just before "reporting from" (found by the literal, then looked back)."""
    out = []
    for m in _REPORTING.finditer(body):
        if name := _CORRESPONDENT.search(body, max(0, m.start() - 60), m.start()):
            out.append(name.group(1).lower())
    return out
