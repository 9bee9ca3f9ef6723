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
   (capped postings) yields candidates, scored by term and embedding cosine
   within ``story_window_hours`` (:mod:`story`). The article stays unique and
   joins the story.

A unique article's edge paragraphs are also checked against other stories for
cross-article boilerplate (:mod:`boilerplate`); the verdict lists the ones to drop.

Every decision is one record write (:mod:`store`); the lookup index is derived
from the records. The order is the single partition's order of
``articles.normalized``: "first" means first in that order, and a redelivered
article gets its stored decision back.
"""

from __future__ import annotations

from worker.models import DedupeResult, NormalizedArticle, Verdict
from worker.settings import Settings
from worker.stages.dedupe import boilerplate, index, records, story
from worker.stages.dedupe.features import (
    Features,
    band_keys,
    features,
    jaccard,
    pack,
    unpack,
    unpack_signature,
)
from worker.stages.dedupe.records import Stored
from worker.stages.dedupe.store import DedupeStore
from worker.stages.dedupe.story import FILE_KEYS, MAX_CANDIDATES, StoryMatch, Times, time_gap
from worker.stages.normalize.text import fold

__all__ = ["FILE_KEYS", "LOOKUP_KEYS", "MAX_CANDIDATES", "VERSION", "Deduper", "time_gap", "times"]

VERSION = "dedupe/6"

#: Index keys looked up per article (hot ones are skipped; :mod:`story` files under ``FILE_KEYS`` of them).
LOOKUP_KEYS = 8
#: Unpacked features of recently read unique articles kept in memory (checked against the index's digest
#: of the record before use, so an expired or replaced record is never scored from here).
FEATURE_CACHE = 4096


def times(article: NormalizedArticle) -> Times:
    """(published ms or 0, ingest ms): the two clocks the story window can use."""
    pub = int(article.published_at.timestamp() * 1000) if article.published_at is not None else 0
    return pub, article.source.timestamp_ms


class Deduper:
    """Decides unique / exact_duplicate / near_duplicate for each article, in arrival order."""

    def __init__(self, store: DedupeStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        s = settings
        self.num_perm = max(s.minhash_permutations, s.minhash_bands * s.minhash_rows)
        #: Fingerprints made under other parameters are recomputed, never misread.
        self.header = f"f4.{s.shingle_size}.{self.num_perm}.{LOOKUP_KEYS}"
        self._cache: dict[str, tuple[str, story.Known]] = {}
        #: Newest ingest time decided so far: the stream's clock for expiry.
        self._clock = 0

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
        self._clock = max(self._clock, ingest)
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
        """Forget up to ``budget`` articles ingested more than ``retention_days`` ago; returns entries dropped.

        "Now" is the stream's clock, not only the wall clock: the newest ingest time
        decided by this process (never later than ``now_ms``). A replay of an
        archive whose records carry old timestamps keeps its own week of memory
        instead of forgetting each article at the next sweep. Before the first
        decision of a process nothing is forgotten.
        """
        if not self._clock:
            return 0
        now = min(now_ms, self._clock)
        return self.store.expire(now - int(self.settings.retention_days * 86_400_000), budget)

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

    def _story(self, feats: Features, t: Times) -> tuple[StoryMatch | None, tuple[str, ...], dict[str, str]]:
        """Best story match (:mod:`story`), the index keys to file this article under, and their posting lists."""
        found = story.candidates(feats, t, self.store.index, int(self.settings.story_window_hours * 3_600_000))
        return story.best_story(feats, t, found, self._candidate, self.settings), found.file_keys(feats), found.lists

    def _candidate(self, aid: str) -> story.Known | None:
        """What scoring needs of a unique article in state, through the cache."""
        digest = self.store.index.filed_digest(aid)
        hit = self._cache.get(aid)
        if hit is None or hit[0] != digest:
            rec = self.store.unique(aid)
            if rec is None or digest is None:
                return None
            known = story.Known(rec.story_id or aid, unpack(rec.features), (rec.published_ms, rec.ingest_ms))
            hit = self._cache[aid] = (digest, known)
            if len(self._cache) > FEATURE_CACHE:
                del self._cache[next(iter(self._cache))]  # oldest first in
        return hit[1]
