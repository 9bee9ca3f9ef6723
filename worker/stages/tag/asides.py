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
#: A whole credit sentence: "ABC News' X and Y contributed to this report.", "Cassidy reported from Atlanta."
_CREDIT = re.compile(r"[^.!?]*\bcontributed (?:to this report|reporting)[^.!?]*[.!?]?"
                     r"|(?<![\w,] )\b[A-Z][\w'-]+ reported from [A-Z][\w ,]{1,40}\.")
#: "Natacha Butler, reporting from Paris": a correspondent, not a person in the news.
_CORRESPONDENT = re.compile(rf"({_NAME}),? (?:who is |who was )?report(?:ing|ed|s) from\b")
#: Sign-offs of embedded posts: "— Donald J. Trump (@realDonaldTrump) February 7, 2017", "A photo posted by ...".
_POST = re.compile(r"(?:A (?:photo|video|post) (?:posted|shared) by )?[A-Z](?:[^()!?.\"“”]|\b[A-Z]\.){0,40}\(@\w+\)"
                   r"(?: on)? [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?: at \d{1,2}:\d\d ?[ap]m(?: [A-Z]{2,4})?)?")
_FOLLOW = re.compile(r"Follow [^.!?]{0,80}?(?:on Twitter|twitter\.com)[^ ]*(?: and [^.!?]{0,60}?twitter\.com\S*)*")
_LINK = re.compile(r"\b(?:https?://|pic\.twitter\.com/|www\.)\S+")
#: "READ MORE: Israel's settlement bill 'big step towards annexation'": the teaser and up to 10 of its words.
_TEASER = re.compile(r"\b(?:READ|Read) (?:MORE|More|more):(?: \S+){0,10}?(?=[.!?]| [A-Z][a-z]+ (?:is|are|was|were|"
                     r"said|says|has|have|had|will)\b|$)")


def strip_asides(body: str) -> tuple[str, frozenset[str]]:
    """The body without asides, and the lower-case names of its correspondents."""
    names: frozenset[str] = frozenset()
    if "report" in body:
        body = _CREDIT.sub(" ", body)
        if "from" in body:
            names = frozenset(m.group(1).lower() for m in _CORRESPONDENT.finditer(body))
    if "(@" in body:
        body = _POST.sub(" ", body)
    if "http" in body or "twitter.com" in body or "www." in body:
        body = _FOLLOW.sub(" ", body) if "Follow" in body else body
        body = _LINK.sub(" ", body)
    if "ead " in body:
        body = _TEASER.sub(" ", body)
    return body, names
