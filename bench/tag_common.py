"""Shared by the tag benchmarks: NewsArticles normalized once (not timed), split by outlet, and reference NER.

Anything tuned in the tag stage is tuned on the ``tune`` outlets and reported on
the ``report`` outlets (other newsrooms, other house styles). The split is fixed
here so that every tag benchmark uses the same one.
"""

from __future__ import annotations

import random
from typing import Any

from bench.corpus import CorpusArticle, news_articles
from worker.models import NormalizedArticle, RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize

#: The split of the hand-labelled sets (bench/labels/README.md).
TUNE_OUTLETS = frozenset({"aljazeera.com", "tass.com", "abcnews.go.com", "huffingtonpost.com", "rte.ie"})
REPORT_OUTLETS = frozenset({"dw.com", "europe.chinadaily.com.cn", "bbc.co.uk", "cnn.com"})
SPLITS = {"tune": TUNE_OUTLETS, "report": REPORT_OUTLETS}
SEED = 17


def split_of(article: CorpusArticle) -> str:
    return "tune" if article.outlet in TUNE_OUTLETS else "report"


def _normalize(art: CorpusArticle, offset: int) -> NormalizedArticle | None:
    ref = RawRef(topic="bench", partition=0, offset=offset, key=art.id, timestamp_ms=0, content_type="text/plain")
    try:
        return normalize(RawInput(value=f"{art.title}\n\n{art.text}".encode(), source=ref))
    except RejectError:
        return None


def normalized(n: int, start: int = 0) -> list[NormalizedArticle]:
    """The first ``n`` corpus articles from ``start``, through normalize as the worker would."""
    out = [_normalize(a, start + i) for i, a in enumerate(news_articles()[start:start + n])]
    return [a for a in out if a is not None]


def sample(n: int, split: str | None = None, seed: int = SEED) -> list[tuple[CorpusArticle, NormalizedArticle]]:
    """A seeded random sample of ``n`` articles (half per split when ``split`` is None), normalized."""
    corpus = list(enumerate(news_articles()))
    rng = random.Random(seed)
    rng.shuffle(corpus)
    wanted = {split: n} if split else {"tune": n // 2, "report": n - n // 2}
    out: list[tuple[CorpusArticle, NormalizedArticle]] = []
    for i, art in corpus:
        s = split_of(art)
        if wanted.get(s, 0) > 0 and len(art.text.split()) >= 80 and (norm := _normalize(art, i)) is not None:
            out.append((art, norm))
            wanted[s] -= 1
    return out


def spacy_ner() -> Any:
    """The NER-only spaCy pipeline the tagger loads (the reference runs the same model over whole bodies)."""
    from worker.stages.tag import Tagger

    return Tagger().nlp
