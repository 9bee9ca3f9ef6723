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
from dataclasses import dataclass

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

#: Index keys written per unique article, and looked up per article.
INDEX_KEYS = 10
#: Newest entries kept per posting list (older ones fall off: bounded writes).
POSTING_CAP = 24
#: Story candidates whose features are read and scored.
MAX_CANDIDATES = 12


def event_ms(article: NormalizedArticle) -> int:
    """When the story happened: published_at, else the raw message time."""
    if article.published_at is not None:
        return int(article.published_at.timestamp() * 1000)
    return article.source.timestamp_ms


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
                        self.num_perm, INDEX_KEYS)

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
        t = event_ms(article)
        match = self._story(feats, t)
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

    def _story(self, feats: Features, t: int) -> StoryMatch | None:
        window = self.settings.story_window_hours * 3_600_000
        hits: Counter[str] = Counter()
        for key in feats.index_keys:
            for cand, ct in self.state.postings.get(key) or ():
                if abs(ct - t) <= window:
                    hits[cand] += 1
        best: StoryMatch | None = None
        for cand, _ in hits.most_common(MAX_CANDIDATES):
            doc = self.state.articles.get(cand)
            if doc is None or "f" not in doc:
                continue
            sim = story_similarity(feats, unpack(doc["f"]))
            if sim >= self.settings.story_threshold and (best is None or sim > best.similarity):
                best = StoryMatch(doc["s"], cand, sim)
        return best

    def _index(self, aid: str, article: NormalizedArticle, feats: Features, bands: list[str], t: int,
               result: DedupeResult) -> None:
        st = self.state
        ingest = article.source.timestamp_ms
        st.articles[aid] = {"r": result.model_dump(mode="json"), "i": ingest, "t": t, "k": article.source.key,
                            "h": article.content_hash, "s": result.story_id, "f": pack(feats)}
        st.hashes[article.content_hash] = [aid, article.source.key, result.story_id]
        for k in bands:
            if st.bands.get(k) is None:
                st.bands[k] = aid
        for key in feats.index_keys:
            posting = list(st.postings.get(key) or ())
            posting.append([aid, t])
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
