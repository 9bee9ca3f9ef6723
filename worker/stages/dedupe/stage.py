"""The dedupe decision: exact copy, near copy, or unique (with its story).

Split in two for cost (the dedupe hop runs on ONE partition, so its per-article
cost caps the deployment):
- ``fingerprint(article)``: stateless and deterministic; all the expensive work
  (MinHash, term vector, names, index keys) packed into one short string. The
  worker computes it in the parallel normalize hop and carries it along.
- ``decide(article, fingerprint)``: the stateful part; only unpacks the string.

Three levels, cheapest first, each with a bounded number of state operations:
1. exact: ``content_hash`` -> first copy (1 index get, 1 record get);
2. near: MinHash-LSH, one index get per band, candidates confirmed by estimated
   Jaccard on the full signature;
3. story: an inverted index over each article's few most distinctive names/terms
   (capped postings) yields candidates, scored by term cosine + shared names
   within ``story_window_hours``. The article stays unique and joins the story.

A unique article's edge paragraphs are also checked against other stories for
cross-article boilerplate (:mod:`boilerplate`); the verdict lists the ones to drop.

Every decision is one record write (:mod:`store`); the lookup index is derived
from the records. The order is the single partition's order of
``articles.normalized``: "first" means first in that order, and a redelivered
article gets its stored decision back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from worker.models import DedupeResult, NormalizedArticle, Verdict
from worker.settings import Settings
from worker.stages.dedupe import boilerplate, index, records
from worker.stages.dedupe.features import (
    Features,
    band_keys,
    features,
    jaccard,
    pack,
    story_similarity,
    topic_cosine,
    unpack,
    unpack_signature,
)
from worker.stages.dedupe.records import Stored
from worker.stages.dedupe.store import DedupeStore
from worker.stages.normalize.text import fold

VERSION = "dedupe/5"

#: Index keys looked up per article (hot ones are skipped), and how many of the rest it is filed under.
LOOKUP_KEYS = 8
FILE_KEYS = 5
#: Distinct stories inside the window that make a key "hot" (too common to tell stories apart).
HOT_POSTINGS = 8
#: A story's first article must score at least this fraction of the threshold too.
ROOT_FACTOR = 0.6
#: Story candidates whose records are read and scored.
MAX_CANDIDATES = 8
#: Unpacked features of recently read unique articles kept in memory (checked against the index's digest
#: of the record before use, so an expired or replaced record is never scored from here).
FEATURE_CACHE = 4096


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

    def __init__(self, store: DedupeStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        s = settings
        self.num_perm = max(s.minhash_permutations, s.minhash_bands * s.minhash_rows)
        #: Fingerprints made under other parameters are recomputed, never misread.
        self.header = f"f3.{s.shingle_size}.{self.num_perm}.{LOOKUP_KEYS}"
        self._cache: dict[str, tuple[str, str, Features]] = {}

    def features(self, article: NormalizedArticle) -> Features:
        return features(article.title, article.body, article.folded or fold(article.body),
                        self.settings.shingle_size, self.num_perm, LOOKUP_KEYS)

    def fingerprint(self, article: NormalizedArticle) -> str:
        """Everything expensive about the article, as one compact string (pure, stateless)."""
        return pack(self.features(article), self.header)

    def decide(self, article: NormalizedArticle, fingerprint: str | None = None) -> DedupeResult:
        """Return the verdict; a redelivered article gets its first verdict back unchanged.

        With ``fingerprint`` (from :meth:`fingerprint`) no feature is recomputed.
        """
        aid, ingest, key = article.article_id, article.source.timestamp_ms, article.source.key
        stored = self.store.get(aid)
        if stored is not None:
            self.store.save(aid, stored)  # a redelivery: the first write may be missing from the changelog
            return stored.result()
        first_id = self.store.index.hash_owner(article.content_hash)
        first = self.store.unique(first_id)
        if first is not None:
            result = DedupeResult(verdict=Verdict.EXACT_DUPLICATE, duplicate_of=first_id,
                                  duplicate_of_key=first.key, similarity=1.0, story_id=first.story_id)
            self.store.save(aid, Stored.copy_of(result, ingest, key))
            return result
        if fingerprint is None or not fingerprint.startswith(self.header + "|"):
            fingerprint = self.fingerprint(article)
        feats = unpack(fingerprint)
        near = self._near(feats.signature, self.store.index.band_owners(self._bands(feats.signature)))
        if near is not None:
            self.store.save(aid, Stored.copy_of(near, ingest, key))
            return near
        t = times(article)
        match, keys, _ = self._story(feats, t)
        story_id = match.story_id if match else aid
        size = self.store.index.story_members(story_id) + 1 if match else 1
        lines, recurring = self._boilerplate(article, records.posting_entry(aid, *t, story_id).rpartition("/")[2])
        result = DedupeResult(verdict=Verdict.UNIQUE, story_id=story_id, story_size=size,
                              story_similarity=match.similarity if match else None, recurring=recurring)
        packed = f"{fingerprint.rpartition('|')[0]}|{' '.join(keys)}"  # filed keys replace the lookup keys
        self.store.save(aid, Stored(
            verdict=Verdict.UNIQUE, ingest_ms=ingest, key=key, story_id=story_id, story_size=size,
            story_similarity=result.story_similarity, recurring=recurring, published_ms=t[0],
            content_hash=article.content_hash, features=packed, lines=lines))
        return result

    def expire(self, now_ms: int, budget: int = 1000) -> int:
        """Forget up to ``budget`` articles ingested more than ``retention_days`` ago; returns entries dropped."""
        return self.store.expire(now_ms - int(self.settings.retention_days * 86_400_000), budget)

    def _boilerplate(self, article: NormalizedArticle, story_tag: str) -> tuple[str, list[int]]:
        """The edge paragraphs to file ("scope|hashes"), and which are seen in enough other stories
        to be boilerplate."""
        need = self.settings.boilerplate_min_stories
        if not need:
            return "", []
        scope = boilerplate.scope(article)
        edge = boilerplate.candidates(article.body)
        lists = self.store.index.line_postings(scope, [h for _, h in edge])
        recurring = [i for i, h in edge if len(index.stories(lists[h]) - {story_tag}) >= need]
        return f"{scope}|{' '.join(h for _, h in edge)}", recurring

    def _bands(self, signature: bytes) -> list[str]:
        return band_keys(signature, self.settings.minhash_bands, self.settings.minhash_rows)

    def _near(self, signature: bytes, owners: list[str | None]) -> DedupeResult | None:
        best: tuple[float, str, Stored] | None = None
        for cand in dict.fromkeys(filter(None, owners)):
            rec = self.store.unique(cand)
            if rec is None:
                continue
            sim = jaccard(signature, unpack_signature(rec.features))
            if sim >= self.settings.near_duplicate_threshold and (best is None or sim > best[0]):
                best = (sim, cand, rec)
        if best is None:
            return None
        sim, cand, rec = best
        return DedupeResult(verdict=Verdict.NEAR_DUPLICATE, duplicate_of=cand, duplicate_of_key=rec.key,
                            similarity=round(sim, 4), story_id=rec.story_id)

    def _story(self, feats: Features, t: tuple[int, int]) -> tuple[StoryMatch | None, tuple[str, ...], dict[str, str]]:
        """Best story match, the index keys to file this article under, and their posting lists as read.

        A key shared inside the window by HOT_POSTINGS or more *different stories* is,
        right now, as common as boilerplate (an outlet's share bar, "trump" in 2017):
        it neither finds candidates nor counts in the score, and is not filed under.
        One big story does not make its own names hot.
        """
        window = self.settings.story_window_hours * 3_600_000
        hits: Counter[str] = Counter()
        hot: set[str] = set()
        lists: dict[str, str] = {}
        for key in feats.index_keys:
            lists[key] = self.store.index.posting(key)
            posting = [p for p in records.postings(lists[key]) if time_gap(p[1:3], t) <= window]
            if len({p[3] for p in posting}) >= HOT_POSTINGS:
                hot.add(key)
                continue
            hits.update(p[0] for p in posting)
        skip = frozenset(hot)
        best: StoryMatch | None = None
        for cand, _ in hits.most_common(MAX_CANDIDATES):
            found = self._candidate(cand)
            if found is None:
                continue
            sim = story_similarity(feats, found[1], skip)
            if (sim >= self.settings.story_threshold and (best is None or sim > best.similarity)
                    and topic_cosine(feats, found[1], skip) >= self.settings.story_min_topic_cosine):
                best = StoryMatch(found[0], cand, sim)
        if best is not None and best.story_id != best.article_id:
            # Against chaining (A~B, B~C, C unlike A): also resemble the story's first article.
            root = self._candidate(best.story_id)
            if root is not None and (
                    story_similarity(feats, root[1], skip) < ROOT_FACTOR * self.settings.story_threshold):
                best = None
        keys = tuple(k for k in feats.index_keys if k not in hot)[:FILE_KEYS]
        return best, keys, lists

    def _candidate(self, aid: str) -> tuple[str, Features] | None:
        """(story_id, features) of a unique article in state, through the cache."""
        digest = self.store.index.filed_digest(aid)
        hit = self._cache.get(aid)
        if hit is None or hit[0] != digest:
            rec = self.store.unique(aid)
            if rec is None or digest is None:
                return None
            hit = self._cache[aid] = (digest, rec.story_id or aid, unpack(rec.features))
            if len(self._cache) > FEATURE_CACHE:
                del self._cache[next(iter(self._cache))]  # oldest first in
        return hit[1], hit[2]
