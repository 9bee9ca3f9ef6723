"""The dedupe decision: exact copy, near copy, or unique (with its story).

Three levels, cheapest first, each with a bounded number of state reads:
1. exact: ``content_hash`` -> first copy (1 get);
2. near: MinHash-LSH, one get per band, candidates confirmed by estimated Jaccard;
3. story: an inverted index over each article's few most distinctive names/terms
   (bounded postings) yields candidates, scored by term cosine + shared names
   within ``story_window_hours``. The article stays unique and joins the story.

Only unique articles enter the LSH and story indexes, so copies cost three writes.
The order is the single-partition order of ``articles.normalized``: "first" means
first in that order, and a redelivered article gets its stored decision back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from worker.models import DedupeResult, NormalizedArticle, Verdict
from worker.settings import Settings
from worker.stages.dedupe.features import (
    Features,
    band_keys,
    features,
    jaccard,
    pack,
    story_similarity,
    unpack,
)
from worker.stages.dedupe.state import TABLES, DedupeState, MemoryState

__all__ = ["TABLES", "VERSION", "DedupeState", "Deduper", "MemoryState"]

VERSION = "dedupe/2"

#: Index keys written per unique article, and how many are looked up (hot ones get skipped).
INDEX_KEYS = 10
LOOKUP_KEYS = 16
#: Distinct stories inside the window that make a key "hot" (too common to tell stories apart).
HOT_POSTINGS = 12
#: A story's first article must score at least this fraction of the threshold too.
ROOT_FACTOR = 0.6
#: Newest entries kept per posting list (older ones fall off: bounded writes).
POSTING_CAP = 24
#: Story candidates whose features are read and scored.
MAX_CANDIDATES = 12


def times(article: NormalizedArticle) -> tuple[int, int]:
    """(published ms or 0, ingest ms): the two clocks the story window can use."""
    pub = int(article.published_at.timestamp() * 1000) if article.published_at is not None else 0
    return pub, article.source.timestamp_ms


def time_gap(a: Sequence[int], b: Sequence[int]) -> int:
    """Gap between two articles: by publish time when both have one, else by ingest time.

    Mixing clocks would put a dated Reuters piece years away from an undated
    re-crawl of the same story read a minute later.
    """
    return abs(a[0] - b[0]) if a[0] and b[0] else abs(a[1] - b[1])


@dataclass(frozen=True)
class StoryMatch:
    story_id: str
    article_id: str
    similarity: float


class Deduper:
    """Decides unique / exact_duplicate / near_duplicate for each article, in arrival order."""

    def __init__(self, state: DedupeState, settings: Settings) -> None:
        self.state = state
        self.settings = settings
        self.num_perm = settings.minhash_bands * settings.minhash_rows

    def features(self, article: NormalizedArticle) -> Features:
        return features(article.title, article.body, article.folded, self.settings.shingle_size,
                        self.num_perm, LOOKUP_KEYS)

    def decide(self, article: NormalizedArticle) -> DedupeResult:
        """Return the verdict; a redelivered article gets its first verdict back unchanged."""
        stored = self.state.articles.get(article.article_id)
        if stored is not None:
            return DedupeResult.model_validate(stored["r"])
        aid, ingest = article.article_id, article.source.timestamp_ms
        first = self.state.hashes.get(article.content_hash)
        if first is not None:
            result = DedupeResult(verdict=Verdict.EXACT_DUPLICATE, duplicate_of=first[0], duplicate_of_key=first[1],
                                  similarity=1.0, story_id=first[2])
            return self._store_copy(aid, ingest, result)
        feats = self.features(article)
        bands = band_keys(feats.signature, self.settings.minhash_bands, self.settings.minhash_rows)
        near = self._near(feats, bands)
        if near is not None:
            return self._store_copy(aid, ingest, near)
        t = times(article)
        match, keys = self._story(feats, t)
        feats = replace(feats, index_keys=keys)
        story_id = match.story_id if match else aid
        size = (self.state.stories.get(story_id) or [0])[0] + 1
        result = DedupeResult(verdict=Verdict.UNIQUE, story_id=story_id, story_size=size,
                              story_similarity=match.similarity if match else None)
        self._index(aid, article, feats, bands, t, result)
        return result

    def _store_copy(self, aid: str, ingest: int, result: DedupeResult) -> DedupeResult:
        self.state.articles[aid] = {"r": result.model_dump(mode="json"), "i": ingest}
        self.state.remember(aid, ingest)
        return result

    def _near(self, feats: Features, bands: list[str]) -> DedupeResult | None:
        best: tuple[float, str, dict] | None = None
        for cand in dict.fromkeys(filter(None, (self.state.bands.get(k) for k in bands))):
            doc = self.state.articles.get(cand)
            if doc is None or "f" not in doc:
                continue
            sim = jaccard(feats.signature, unpack(doc["f"]).signature)
            if sim >= self.settings.near_duplicate_threshold and (best is None or sim > best[0]):
                best = (sim, cand, doc)
        if best is None:
            return None
        sim, cand, doc = best
        return DedupeResult(verdict=Verdict.NEAR_DUPLICATE, duplicate_of=cand, duplicate_of_key=doc.get("k"),
                            similarity=round(sim, 4), story_id=doc.get("s"))

    def _story(self, feats: Features, t: tuple[int, int]) -> tuple[StoryMatch | None, tuple[str, ...]]:
        """Best story match, and the index keys to file this article under.

        A key shared inside the window by HOT_POSTINGS or more *different stories* is,
        right now, as common as boilerplate (an outlet's share bar, "trump" in 2017):
        it neither finds candidates nor counts in the score, and is not filed under.
        One big story does not make its own names hot.
        """
        window = self.settings.story_window_hours * 3_600_000
        hits: Counter[str] = Counter()
        hot: set[str] = set()
        keys: list[str] = []
        for key in feats.index_keys:
            posting = [p for p in self.state.postings.get(key) or () if time_gap(p[1:3], t) <= window]
            near = [p[0] for p in posting]
            if len({p[3] for p in posting}) >= HOT_POSTINGS:
                hot.add(key)
                continue
            hits.update(near)
            keys.append(key)
        skip = frozenset(hot)
        best: StoryMatch | None = None
        for cand, _ in hits.most_common(MAX_CANDIDATES):
            doc = self.state.articles.get(cand)
            if doc is None or "f" not in doc:
                continue
            sim = story_similarity(feats, unpack(doc["f"]), skip)
            if sim >= self.settings.story_threshold and (best is None or sim > best.similarity):
                best = StoryMatch(doc["s"], cand, sim)
        if best is not None and best.story_id != best.article_id:
            # Against chaining (A~B, B~C, C unlike A): also resemble the story's first article.
            root = self.state.articles.get(best.story_id)
            if root is not None and "f" in root and (
                    story_similarity(feats, unpack(root["f"]), skip) < ROOT_FACTOR * self.settings.story_threshold):
                best = None
        return best, tuple(keys[:INDEX_KEYS])

    def _index(self, aid: str, article: NormalizedArticle, feats: Features, bands: list[str], t: tuple[int, int],
               result: DedupeResult) -> None:
        st = self.state
        ingest = article.source.timestamp_ms
        st.articles[aid] = {"r": result.model_dump(mode="json"), "i": ingest, "t": t[0], "k": article.source.key,
                            "h": article.content_hash, "s": result.story_id, "f": pack(feats)}
        st.hashes[article.content_hash] = [aid, article.source.key, result.story_id]
        for k in bands:
            if st.bands.get(k) is None:
                st.bands[k] = aid
        for key in feats.index_keys:
            posting = list(st.postings.get(key) or ())
            posting.append([aid, *t, result.story_id])
            st.postings[key] = posting[-POSTING_CAP:]
        st.stories[result.story_id or aid] = [result.story_size, ingest]
        st.remember(aid, ingest)

    def expire(self, now_ms: int, budget: int = 1000) -> int:
        """Drop up to ~``budget`` entries first seen more than ``retention_days`` ago; return how many.

        Walks the expiry index from its cursor, so each call costs only what it deletes.
        """
        st = self.state
        cutoff = now_ms - int(self.settings.retention_days * 86_400_000)
        dropped = 0
        for _key, aid in st.due(cutoff, budget):
            dropped += 1
            doc = st.articles.pop(aid, None)
            if doc is None or "f" not in doc:
                continue
            dropped += self._unindex(aid, doc)
        return dropped

    def _unindex(self, aid: str, doc: dict) -> int:
        st, dropped = self.state, 0
        first = st.hashes.get(doc["h"])
        if first is not None and first[0] == aid:
            del st.hashes[doc["h"]]
            dropped += 1
        feats = unpack(doc["f"])
        for k in band_keys(feats.signature, self.settings.minhash_bands, self.settings.minhash_rows):
            if st.bands.get(k) == aid:
                del st.bands[k]
                dropped += 1
        for key in feats.index_keys:
            old = st.postings.get(key) or []
            posting = [p for p in old if p[0] != aid]
            if posting:
                if len(posting) != len(old):
                    st.postings[key] = posting
            elif st.postings.pop(key, None) is not None:
                dropped += 1
        story = st.stories.get(doc["s"])
        if story is not None and story[1] <= doc["i"]:
            del st.stories[doc["s"]]
            dropped += 1
        return dropped
