"""Shared by the tag benchmarks: NewsArticles articles, normalized once (not timed)."""

from __future__ import annotations

from bench.corpus import news_articles
from worker.models import NormalizedArticle, RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize


def normalized(n: int, start: int = 0) -> list[NormalizedArticle]:
    """The first ``n`` corpus articles from ``start``, through normalize as the worker would."""
    out = []
    for i, art in enumerate(news_articles()[start:start + n]):
        ref = RawRef(topic="bench", partition=0, offset=start + i, key=art.id, timestamp_ms=0,
                     content_type="text/plain")
        try:
            out.append(normalize(RawInput(value=f"{art.title}\n\n{art.text}".encode(), source=ref)))
        except RejectError:
            continue
    return out
