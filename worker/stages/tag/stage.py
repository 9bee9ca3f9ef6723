"""The tag stage: keywords weighted by how rare a word is in the language."""

from __future__ import annotations

import re
from collections import Counter

from wordfreq import zipf_frequency

from worker.models import Keyword, NormalizedArticle, Tags
from worker.settings import Settings

VERSION = "tag/1"

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
#: Words more common than this (Zipf scale) are not keywords ("the" is 7.7).
MAX_KEYWORD_ZIPF = 5.0


class Tagger:
    """Tags articles; holds the loaded models so they load once per process."""

    def __init__(self, *, max_keywords: int = 10) -> None:
        self.max_keywords = max_keywords

    @classmethod
    def from_settings(cls, settings: Settings) -> Tagger:
        return cls(max_keywords=settings.max_keywords)

    def tag_many(self, articles: list[NormalizedArticle]) -> list[Tags]:
        """Tag a batch; batching lets the NER model amortize its overhead."""
        return [self.tag(a) for a in articles]

    def tag(self, article: NormalizedArticle) -> Tags:
        return Tags(keywords=self._keywords(article), flags=list(article.flags))

    def _keywords(self, article: NormalizedArticle) -> list[Keyword]:
        lang = article.language or "en"
        counts = Counter(w.lower() for w in _WORD.findall(article.body) if len(w) > 2)
        scored = []
        for word, n in counts.items():
            zipf = zipf_frequency(word, lang)
            if zipf > MAX_KEYWORD_ZIPF:
                continue
            scored.append((n * (MAX_KEYWORD_ZIPF + 1 - zipf), word))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [Keyword(term=w, score=round(s, 3)) for s, w in scored[: self.max_keywords]]
