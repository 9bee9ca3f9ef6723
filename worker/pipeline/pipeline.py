"""The article flow, written once: raw bytes -> fingerprinted -> deduped -> enriched.

Three hops, one per faust agent. The agents only move bytes and count; what
happens to an article is decided here, so ``ingest process``, ``ingest explain``
and the benchmarks' in-process ceiling (which call :meth:`Pipeline.run`, the
three hops chained) produce the very records the worker does.

Each hop returns :class:`Result` values: the record to write and the stage
timings so far (volatile provenance: it goes into a Kafka header, never into a
record value, so a redelivered article yields a byte-identical record).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from worker.models import (
    DedupedArticle,
    DedupedBatch,
    DuplicateRecord,
    EnrichedArticle,
    FingerprintedArticle,
    FingerprintedBatch,
    RawRef,
    Rejected,
    Verdict,
)
from worker.pipeline import assemble, guard, rejects
from worker.pipeline.warmup import SAMPLE
from worker.settings import Settings
from worker.stages.dedupe import VERSION as DEDUPE_VERSION
from worker.stages.dedupe import Deduper, DedupeStore, strip_recurring
from worker.stages.errors import RejectError
from worker.stages.normalize import VERSION as NORMALIZE_VERSION
from worker.stages.normalize import RawInput, article_id_for, normalize
from worker.stages.tag import VERSION as TAG_VERSION
from worker.stages.tag import Tagger

Record = FingerprintedArticle | DedupedArticle | EnrichedArticle | DuplicateRecord | Rejected
Output = EnrichedArticle | DuplicateRecord | Rejected
T = TypeVar("T")
VERSIONS = {"normalize": NORMALIZE_VERSION, "dedupe": DEDUPE_VERSION, "tag": TAG_VERSION}


@dataclass(frozen=True, slots=True)
class Result:
    """What a hop decided for one article: the record to write, and microseconds spent per stage so far."""

    record: Record
    timings_us: dict[str, int]


def _us(seconds: float) -> int:
    return int(seconds * 1e6)


class Pipeline:
    """The stage objects one process holds (models load once, dedupe state lives here) and the three hops."""

    def __init__(self, settings: Settings, store: DedupeStore | None = None, tagger: Tagger | None = None) -> None:
        self.settings = settings
        if store is None:
            store = DedupeStore(bands=settings.minhash_bands, rows=settings.minhash_rows)
        self.deduper = Deduper(store, settings)
        self.tagger = tagger if tagger is not None else Tagger.from_settings(settings)

    def warm_up(self) -> None:
        """Load every model and cache on a made-up article, so the first real ones do not pay for it.

        Dedupe's stateful half is not run: it would write state.
        """
        article = normalize(RawInput(SAMPLE.encode(), RawRef(topic="warm-up", partition=0, offset=0, timestamp_ms=0)))
        self.deduper.fingerprint(article)
        self.tagger.tag_many([article])

    # --- hop 1: normalize (and the stateless half of dedupe) ---------------------------------------

    def normalize(self, raw: RawInput) -> Result:
        """Raw bytes -> :class:`FingerprintedArticle`, or a :class:`Rejected` with the raw bytes."""
        budget = self.settings.stage_timeout_s
        start = time.perf_counter()
        article = self._guarded("normalize", budget, partial(normalize, raw, max_bytes=self.settings.max_payload_bytes))
        if isinstance(article, RejectError):
            return self.reject(raw, article)
        mid = time.perf_counter()
        fingerprint = self._guarded("dedupe", budget, partial(self.deduper.fingerprint, article))
        if isinstance(fingerprint, RejectError):
            return self.reject(raw, fingerprint)
        timings = {"normalize": _us(mid - start), "fingerprint": _us(time.perf_counter() - mid)}
        return Result(FingerprintedArticle(article=article, fingerprint=fingerprint, timings_us=timings), timings)

    # --- hop 2: dedupe (stateful, one partition) ---------------------------------------------------

    def expire(self, now_ms: int) -> int:
        """Forget dedupe state past the retention window; returns entries dropped."""
        return self.deduper.expire(now_ms)

    def dedupe(self, item: FingerprintedArticle) -> Result:
        """-> :class:`DedupedArticle` (unique, on to tag), :class:`DuplicateRecord`, or :class:`Rejected`."""
        article = item.article
        start = time.perf_counter()
        result = self._guarded("dedupe", self.settings.stage_timeout_s,
                         partial(self.deduper.decide, article, item.fingerprint))
        if isinstance(result, RejectError):
            return self.reject(item, result)
        timings = {**item.timings_us, "dedupe": _us(time.perf_counter() - start)}
        if result.verdict is Verdict.UNIQUE:
            unique = strip_recurring(article, result.recurring)
            return Result(DedupedArticle(article=unique, dedupe=result, timings_us=timings), timings)
        return Result(assemble.duplicate(article, result, self._versions("dedupe")), timings)

    # --- hop 3: tag ---------------------------------------------------------------------------------

    def tag(self, items: Sequence[DedupedArticle]) -> list[Result]:
        """Tag a batch in one call (NER batches well); if it fails, one by one, so only the bad one is rejected."""
        if not items:
            return []
        budget = self.settings.stage_timeout_s
        articles = [d.article for d in items]
        start = time.perf_counter()
        batch = self._guarded("tag", budget * len(items), partial(self.tagger.tag_many, articles))
        tags = list(batch) if not isinstance(batch, RejectError) else [
            self._guarded("tag", budget, partial(self.tagger.tag, a)) for a in articles]
        per_article = _us((time.perf_counter() - start) / len(items))
        out = []
        for d, t in zip(items, tags, strict=True):
            if isinstance(t, RejectError):
                out.append(self.reject(d, t))
                continue
            record = assemble.enriched(d.article, d.dedupe, t, self._versions("dedupe", "tag"))
            out.append(Result(record, {**d.timings_us, "tag": per_article}))
        return out

    # --- all three, in-process ----------------------------------------------------------------------

    def run(self, raws: Iterable[RawInput], batch_size: int = 64) -> Iterator[Output]:
        """Every hop in order, in this process: one output record per raw input, in input order."""
        batch: list[RawInput] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, raws: list[RawInput]) -> list[Output]:
        outputs: list[Record] = []
        unique: list[tuple[int, DedupedArticle]] = []
        for raw in raws:
            record = self.normalize(raw).record
            if isinstance(record, FingerprintedArticle):
                record = self.dedupe(record).record
            if isinstance(record, DedupedArticle):
                unique.append((len(outputs), record))
            outputs.append(record)
        for (i, _), result in zip(unique, self.tag([d for _, d in unique]), strict=True):
            outputs[i] = result.record
        self.expire(int(time.time() * 1000))
        return [o for o in outputs if isinstance(o, EnrichedArticle | DuplicateRecord | Rejected)]

    # --- shared --------------------------------------------------------------------------------------

    def reject(self, item: RawInput | FingerprintedArticle | DedupedArticle, error: RejectError) -> Result:
        """The DLQ record for an item at any hop: the bytes that hop read (a raw message, or a one-item batch)."""
        if isinstance(item, RawInput):
            source, original, headers, aid = item.source, item.value, item.headers, article_id_for(item.source)
        else:
            batch = FingerprintedBatch(items=[item]) if isinstance(item, FingerprintedArticle) else DedupedBatch(
                items=[item])
            source, original, headers = item.article.source, batch.model_dump_json().encode(), {}
            aid = item.article.article_id
        record = rejects.to_record(error, article_id=aid, source=source, original=original, headers=headers,
                                   max_message_bytes=self.settings.max_message_bytes)
        return Result(record, {})

    def _guarded(self, stage: str, seconds: float, call: Callable[[], T]) -> T | RejectError:
        return guard.guarded(stage, seconds, call, self.settings.watchdog_cpu_s)

    @staticmethod
    def _versions(*stages: str) -> dict[str, str]:
        return {s: VERSIONS[s] for s in stages}
