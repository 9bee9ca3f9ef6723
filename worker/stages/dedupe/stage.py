"""The dedupe decision: exact copy, near copy, or unique (with its story).

Split in two for cost (the dedupe agent runs on ONE partition, so its per-article
cost caps the deployment):
- ``fingerprint(article)``: stateless and deterministic; all the expensive work
  (MinHash, term vector, names, index keys) packed into one short string. The
  worker computes it in the parallel normalize agent and carries it along.
- ``decide(article, fingerprint)``: the stateful part; only unpacks the string.

Three levels, cheapest first, each with a bounded number of state operations:
1. exact: ``content_hash`` -> first copy (1 get);
2. near: MinHash-LSH, one get per band, candidates confirmed by estimated Jaccard
   on the full signature;
3. story: an inverted index over each article's few most distinctive names/terms
   (capped postings) yields candidates, scored by term cosine + shared names
   within ``story_window_hours``. The article stays unique and joins the story.

A unique article's edge paragraphs are also checked against other stories for
cross-article boilerplate (:mod:`boilerplate`); the verdict lists the ones to drop.

Every article costs 2 table writes (its record, its expiry entry; +1 when it
joins a story): these are the changelogged truth. A unique article also files
itself in the lookup index (its hash, its free bands, ``FILE_KEYS`` posting
lists), which is local and rebuilt from the records when behind (:mod:`index`).
The order is the single partition's order of ``articles.normalized``: "first"
means first in that order, and a redelivered article gets its stored decision back.
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
from worker.stages.dedupe.index import POSTING_CAP
from worker.stages.dedupe.state import TABLES, DedupeState, MemoryState
from worker.stages.dedupe.story import FILE_KEYS, MAX_CANDIDATES, StoryMatch, Times, time_gap

__all__ = ["FILE_KEYS", "MAX_CANDIDATES", "POSTING_CAP", "TABLES", "VERSION", "DedupeState", "Deduper", "MemoryState",
           "time_gap", "times"]

VERSION = "dedupe/5"

#: Index keys looked up per article (hot ones are skipped).
LOOKUP_KEYS = 8
#: Unpacked features of recently read unique articles kept in memory. A unique
#: article's record never changes (ids come from raw coordinates) and expiry
#: evicts it here too, so this cache can not go stale; it saves the get and the
#: unpack for articles that keep coming up as candidates within a story window.
FEATURE_CACHE = 4096


def times(article: NormalizedArticle) -> Times:
    """(published ms or 0, ingest ms): the two clocks the story window can use."""
    pub = int(article.published_at.timestamp() * 1000) if article.published_at is not None else 0
    return pub, article.source.timestamp_ms


class Deduper:
    """Decides unique / exact_duplicate / near_duplicate for each article, in arrival order."""

    def __init__(self, state: DedupeState, settings: Settings) -> None:
        self.state = state
        self.settings = settings
        s = settings
        self.num_perm = max(s.minhash_permutations, s.minhash_bands * s.minhash_rows)
        #: Fingerprints made under other parameters are recomputed, never misread.
        self.header = f"f4.{s.shingle_size}.{self.num_perm}.{LOOKUP_KEYS}"
        self._cache: dict[str, story.Known] = {}

    def features(self, article: NormalizedArticle) -> Features:
        return features(article.title, article.body, article.folded, self.settings.shingle_size,
                        self.num_perm, LOOKUP_KEYS)

    def fingerprint(self, article: NormalizedArticle) -> str:
        """Everything expensive about the article, as one compact string (pure, stateless)."""
        return pack(self.features(article), self.header)

    def decide(self, article: NormalizedArticle, fingerprint: str | None = None) -> DedupeResult:
        """Return the verdict; a redelivered article gets its first verdict back unchanged.

        With ``fingerprint`` (from :meth:`fingerprint`) no feature is recomputed.
        Writes, in crash-safe order: the expiry entry (so :meth:`catch_up` can
        find the article), the record, the index entries, the index position.
        """
        st, aid = self.state, article.article_id
        stored = st.articles.get(aid)
        if stored is not None:
            return records.decode(stored)
        while not self.catch_up()[1]:  # never decide on a partial index (the worker catches up before a batch)
            pass
        ingest = article.source.timestamp_ms
        hash_owner = st.index.hash_owner(article.content_hash)
        first = self._alive_doc(hash_owner)
        if first is not None:
            result = DedupeResult(verdict=Verdict.EXACT_DUPLICATE, duplicate_of=first[0], duplicate_of_key=first[1].key,
                                  similarity=1.0, story_id=first[1].story_id)
            return self._store_copy(aid, ingest, result)
        if fingerprint is None or not fingerprint.startswith(self.header + "|"):
            fingerprint = self.fingerprint(article)
        feats = unpack(fingerprint)
        bands = self._bands(feats.signature)
        owners = st.index.band_owners(bands)
        near = self._near(feats.signature, owners)
        if near is not None:
            return self._store_copy(aid, ingest, near)
        t = times(article)
        match, keys, lists = self._story(feats, t)
        story_id = match.story_id if match else aid
        size = (st.stories.get(story_id) or [1])[0] + 1 if match else 1
        entry = records.posting_entry(aid, t[0], ingest, story_id)
        lines, line_lists, recurring = self._boilerplate(article, entry.rpartition("/")[2])
        result = DedupeResult(verdict=Verdict.UNIQUE, story_id=story_id, story_size=size,
                              story_similarity=match.similarity if match else None, recurring=recurring)
        packed = f"{fingerprint.rpartition('|')[0]}|{' '.join(keys)}"  # filed keys replace the lookup keys
        n = st.remember(aid, ingest)
        st.articles[aid] = records.encode(result, ingest,
                                          (t[0], article.source.key, article.content_hash, packed, lines))
        if match:
            st.stories[story_id] = [size, ingest]
        st.index.add(aid, article.content_hash, bands, keys, entry, self._alive, index.Read(hash_owner, owners, lists))
        st.index.add_lines(aid, lines, entry, line_lists)
        st.index.next_seq = n + 1
        return result

    def _boilerplate(self, article: NormalizedArticle, story_tag: str) -> tuple[str, dict[str, str], list[int]]:
        """The edge paragraphs to file ("scope|hashes"), their posting lists, and which are seen in enough
        other stories to be boilerplate."""
        need = self.settings.boilerplate_min_stories
        if not need:
            return "", {}, []
        scope = boilerplate.scope(article)
        edge = boilerplate.candidates(article.body)
        lists = self.state.index.line_postings(scope, [h for _, h in edge])
        recurring = [i for i, h in edge if len(index.stories(lists[h]) - {story_tag}) >= need]
        return f"{scope}|{' '.join(h for _, h in edge)}", lists, recurring

    def catch_up(self, budget: int = 2000) -> tuple[int, bool]:
        """Index up to ``budget`` articles the index has not seen yet: (articles filed, index complete).

        Cheap when there is nothing to do (one probe of the expiry table). The
        worker calls it before each dedupe batch and loops until it says True.
        """
        st = self.state
        start, end = st.index.next_seq, st.end()
        if start >= end:
            return 0, True
        stop = min(end, start + budget)
        filed = 0
        for _, aid in st.arrivals(start, stop):
            doc = records.doc(st.articles.get(aid))
            if doc is not None:
                filed += 1
                feats = unpack(doc.features)
                entry = index.posting_entry(aid, doc)
                st.index.add(aid, doc.content_hash, self._bands(feats.signature), feats.index_keys, entry, self._alive)
                st.index.add_lines(aid, doc.lines, entry)
        st.index.next_seq = stop
        return filed, stop >= end

    def _bands(self, signature: bytes) -> list[str]:
        return band_keys(signature, self.settings.minhash_bands, self.settings.minhash_rows)

    def _alive(self, aid: str) -> bool:
        return aid in self._cache or records.doc(self.state.articles.get(aid)) is not None

    def _alive_doc(self, aid: str | None) -> tuple[str, records.Doc] | None:
        """(id, record view) of a unique article still in state, else None (a stale index entry)."""
        if aid is None:
            return None
        doc = records.doc(self.state.articles.get(aid))
        return None if doc is None else (aid, doc)

    def _store_copy(self, aid: str, ingest: int, result: DedupeResult) -> DedupeResult:
        n = self.state.remember(aid, ingest)
        self.state.articles[aid] = records.encode(result, ingest)
        self.state.index.next_seq = n + 1
        return result

    def _near(self, signature: bytes, owners: list[str | None]) -> DedupeResult | None:
        best: tuple[float, str, records.Doc] | None = None
        for cand in dict.fromkeys(filter(None, owners)):
            found = self._alive_doc(cand)
            if found is None:
                continue
            doc = found[1]
            sim = jaccard(signature, unpack_signature(doc.features))
            if sim >= self.settings.near_duplicate_threshold and (best is None or sim > best[0]):
                best = (sim, cand, doc)
        if best is None:
            return None
        sim, cand, doc = best
        return DedupeResult(verdict=Verdict.NEAR_DUPLICATE, duplicate_of=cand, duplicate_of_key=doc.key,
                            similarity=round(sim, 4), story_id=doc.story_id)

    def _story(self, feats: Features, t: Times) -> tuple[StoryMatch | None, tuple[str, ...], dict[str, str]]:
        """Best story match (:mod:`story`), the index keys to file this article under, and their posting lists."""
        found = story.candidates(feats, t, self.state.index, int(self.settings.story_window_hours * 3_600_000))
        return story.best_story(feats, t, found, self._candidate, self.settings), found.file_keys(feats), found.lists

    def _candidate(self, aid: str) -> story.Known | None:
        """What scoring needs of a unique article in state, through the cache."""
        hit = self._cache.get(aid)
        if hit is None:
            doc = records.doc(self.state.articles.get(aid))
            if doc is None:
                return None
            hit = self._cache[aid] = story.Known(doc.story_id, unpack(doc.features), (doc.published, doc.ingest))
            if len(self._cache) > FEATURE_CACHE:
                del self._cache[next(iter(self._cache))]  # oldest first in
        return hit

    def expire(self, now_ms: int, budget: int = 1000) -> int:
        """Drop up to ~``budget`` articles that arrived more than ``retention_days`` ago; return entries dropped.

        Walks the expiry index from its cursor, so each call costs only what it deletes.
        """
        st = self.state
        cutoff = now_ms - int(self.settings.retention_days * 86_400_000)
        dropped = 0
        for aid in st.due(cutoff, budget):
            dropped += 1
            rec = st.articles.get(aid)
            if rec is None:
                continue
            del st.articles[aid]
            self._cache.pop(aid, None)
            doc = records.doc(rec)
            if doc is not None:
                dropped += self._unindex(aid, doc)
        return dropped

    def _unindex(self, aid: str, doc: records.Doc) -> int:
        feats = unpack(doc.features)
        dropped = self.state.index.remove(aid, doc.content_hash, self._bands(feats.signature), feats.index_keys,
                                          doc.lines)
        story = self.state.stories.get(doc.story_id)
        if story is not None and story[1] <= doc.ingest:
            del self.state.stories[doc.story_id]
            dropped += 1
        return dropped
