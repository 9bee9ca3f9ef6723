"""Thin faust agents: decode, call the pure stage, route the result, ack.

Each agent takes a batch of events without auto-ack (``noack_take``), handles
every event inside its own error boundary, waits until every output record of
the batch is acknowledged by Kafka, and only then acks the events. A crash or
SIGTERM anywhere before that leaves the events un-acked, so they are
redelivered, and the idempotent stages give the same records again
(at-least-once, nothing lost; see README, design).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import structlog
from faust.streams import _current_event
from pydantic import BaseModel, ValidationError

from worker import metrics
from worker.app import STAGE_VERSIONS, WorkerApp
from worker.codecs import decode, encode
from worker.dlq import rejected
from worker.models import DedupedArticle, FingerprintedArticle, RawRef, RejectReason, Verdict
from worker.stages import assemble
from worker.stages.dedupe import Deduper, DedupeState, strip_recurring
from worker.stages.guarded import Failure, guarded, tag_guarded
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.stage import article_id_for
from worker.stages.tag import Tagger
from worker.stages.warmup import warm_up

log = structlog.get_logger("worker.agents")

#: Events per take, and how long a take waits for more: at low rates every hop waits up to that long.
BATCH_MAX = 256
BATCH_WITHIN_S = 0.005
#: Events handled between two yields to the event loop, per stage: each chunk holds the loop for
#: ~10-30 ms (normalize+fingerprint ~2 ms an article, dedupe ~0.5 ms, tag ~1 ms, or ~16 ms with NER,
#: where spaCy gains nothing from batches beyond 4), so the other agents' articles are not held up.
CHUNKS = {"normalize": 16, "dedupe": 32, "tag": 32}
NER_CHUNK = 4
TIMING_HEADER = "ingest-timings"
#: Articles indexed per step when the dedupe index catches up with the tables.
CATCH_UP_CHUNK = 2000


@dataclass(frozen=True)
class Out:
    """One record a stage decided to write, and what it means for the metrics."""

    topic: Any
    key: str
    record: BaseModel
    headers: list[tuple[str, bytes]]
    outcome: str  # enriched | duplicate | rejected | forwarded
    raw_ts: float  # Kafka timestamp of the raw message, seconds


Pending = list[Out]


def add_agents(w: WorkerApp) -> None:
    """Attach the normalize, dedupe and tag agents to the app."""
    s = w.settings
    deduper = Deduper(DedupeState(w.tables, w.index), s)
    tagger = Tagger.from_settings(s)
    w.warm_up = partial(warm_up, deduper, tagger)
    app = w.app

    @app.agent(w.topics.raw, name="normalize", concurrency=1)
    async def normalize_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await _run_batch(w, stream, "normalize", events, lambda evs: _normalize_batch(w, deduper, evs))

    @app.agent(w.topics.normalized, name="dedupe", concurrency=1)
    async def dedupe_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await _catch_up(w, deduper, events[0])
            await _run_batch(w, stream, "dedupe", events, lambda evs: _dedupe_batch(w, deduper, evs))

    @app.agent(w.topics.deduped, name="tag", concurrency=1)
    async def tag_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await _run_batch(w, stream, "tag", events, lambda evs: _tag_batch(w, tagger, evs))


async def _run_batch(
    w: WorkerApp, stream: Any, stage: str, events: Sequence[Any], handle: Callable[[Sequence[Any]], Pending]
) -> None:
    """Handle a batch, wait for its deliveries, record metrics, then ack."""
    w.heartbeat.begin(stage)
    pending: Pending = []
    deliveries = []
    size = NER_CHUNK if stage == "tag" and w.settings.ner_enabled else CHUNKS[stage]
    for i in range(0, len(events), size):
        chunk = handle(events[i : i + size])
        # Sent per chunk, not per batch: the first article of a full batch must not wait for the last.
        deliveries += [await out.topic.send(key=out.key.encode(), value=encode(out.record), headers=out.headers)
                       for out in chunk]
        pending += chunk
        await asyncio.sleep(0)  # let the web server, heartbeats and other agents run between chunks
    if stage == "dedupe":
        await w.app.producer.flush()  # table changelog writes are durable before we ack their inputs
    await asyncio.gather(*deliveries)  # raises if Kafka refused a record: the events stay un-acked
    now = time.time()
    for out in pending:
        if out.outcome != "forwarded":
            metrics.ARTICLES_OUT.labels(outcome=out.outcome).inc()
            metrics.END_TO_END_SECONDS.labels(outcome=out.outcome).observe(max(0.0, now - out.raw_ts))
    for event in events:
        await stream.ack(event)
        msg = event.message
        w.progress[(msg.topic, msg.partition)] = msg.offset + 1
    metrics.LAST_PROCESSED.labels(stage=stage).set(now)
    w.heartbeat.end(stage)


async def _catch_up(w: WorkerApp, deduper: Deduper, event: Any) -> None:
    """Bring the local dedupe index up to the tables before deciding (a no-op unless it is behind).

    It is behind after a restart on a fresh disk, or when the dedupe partition
    comes back after another worker wrote on. Done in chunks, yielding to the
    loop between them, so health and metrics stay responsive.
    """
    _as_current(event)
    start, total, done = time.monotonic(), 0, False
    while not done:
        w.heartbeat.begin("dedupe")  # each chunk is progress: liveness is judged per chunk
        filed, done = deduper.catch_up(budget=CATCH_UP_CHUNK)
        w.heartbeat.end("dedupe")
        total += filed
        metrics.DEDUPE_INDEX_REBUILT.inc(filed)
        if not done:
            await asyncio.sleep(0)
    if total:
        log.info("dedupe index caught up", stage="dedupe", articles=total, seconds=round(time.monotonic() - start, 2))


def _as_current(event: Any) -> None:
    """Make ``event`` faust's current event: tables pick their partition from it."""
    _current_event.set(weakref.ref(event))


def _headers(event: Any) -> dict[str, str]:
    raw = event.message.headers or []
    items = raw.items() if isinstance(raw, dict) else raw
    out = {}
    for k, v in items:
        out[str(k)] = v.decode("utf-8", "replace") if isinstance(v, bytes | bytearray) else str(v)
    return out


def _timings(headers: dict[str, str], stage: str, seconds: float) -> list[tuple[str, bytes]]:
    prior = headers.get(TIMING_HEADER, "")
    entry = f"{stage}={seconds * 1e6:.0f}us"
    return [(TIMING_HEADER, (f"{prior},{entry}" if prior else entry).encode())]


def _source_of(event: Any) -> RawRef:
    msg = event.message
    headers = _headers(event)
    key = msg.key.decode("utf-8", "replace") if isinstance(msg.key, bytes) else msg.key
    return RawRef(
        topic=msg.topic, partition=msg.partition, offset=msg.offset, key=key,
        timestamp_ms=int((msg.timestamp or 0) * 1000),
        filename=headers.get("filename"), content_type=headers.get("content-type"),
    )


def _reject(w: WorkerApp, failure: Failure, source: RawRef, value: bytes, headers: dict[str, str],
            article_id: str | None = None) -> Out:
    record = rejected(article_id=article_id or article_id_for(source), stage=failure.stage, reason=failure.reason,
                      error=failure.message, source=source, original=value, headers=headers)
    metrics.DLQ_RECORDS.labels(stage=failure.stage, reason=failure.reason.value).inc()
    metrics.STAGE_EVENTS.labels(stage=failure.stage, outcome="rejected").inc()
    log.warning("rejected", stage=failure.stage, article_id=record.article_id, reason=failure.reason.value,
                error=failure.message[:200])
    return Out(w.topics.dlq, record.article_id, record, [], "rejected", source.timestamp_ms / 1000)


def _value_bytes(event: Any) -> bytes:
    value = event.value if event.value is not None else event.message.value
    return bytes(value) if value is not None else b""


def _normalize_batch(w: WorkerApp, deduper: Deduper, events: Sequence[Any]) -> Pending:
    pending: Pending = []
    budget, max_bytes = w.settings.stage_timeout_s, w.settings.max_payload_bytes
    for event in events:
        metrics.RAW_CONSUMED.inc()
        source, headers, value = _source_of(event), _headers(event), _value_bytes(event)
        raw = RawInput(value=value, source=source, headers=headers)
        start = time.perf_counter()
        article = guarded("normalize", budget, partial(normalize, raw, max_bytes=max_bytes))
        if isinstance(article, Failure):
            pending.append(_reject(w, article, source, value, headers))
            continue
        took = time.perf_counter() - start
        metrics.STAGE_SECONDS.labels(stage="normalize").observe(took)
        start = time.perf_counter()
        fingerprint = guarded("dedupe", budget, partial(deduper.fingerprint, article))  # stateless half of dedupe
        if isinstance(fingerprint, Failure):
            pending.append(_reject(w, fingerprint, source, value, headers))
            continue
        metrics.STAGE_SECONDS.labels(stage="fingerprint").observe(time.perf_counter() - start)
        metrics.STAGE_EVENTS.labels(stage="normalize", outcome="ok").inc()
        record = FingerprintedArticle(article=article, fingerprint=fingerprint)
        pending.append(Out(w.topics.normalized, article.article_id, record, _timings(headers, "normalize", took),
                           "forwarded", source.timestamp_ms / 1000))
    return pending


def _decode_internal(w: WorkerApp, stage: str, event: Any, model: type[BaseModel]) -> Any:
    """Decode an internal record; on failure return a pending DLQ send instead."""
    value = _value_bytes(event)
    try:
        return decode(model, value)
    except ValidationError as exc:
        source = _source_of(event)
        return _reject(w, Failure(stage, RejectReason.INVALID, f"{model.__name__}: {exc}"), source, value,
                       _headers(event))


def _dedupe_batch(w: WorkerApp, deduper: Deduper, events: Sequence[Any]) -> Pending:
    pending: Pending = []
    for event in events:
        item = _decode_internal(w, "dedupe", event, FingerprintedArticle)
        if isinstance(item, Out):
            pending.append(item)
            continue
        article = item.article
        headers = _headers(event)
        raw_ts = article.source.timestamp_ms / 1000
        _as_current(event)
        start = time.perf_counter()
        result = guarded("dedupe", w.settings.stage_timeout_s, partial(deduper.decide, article, item.fingerprint))
        if isinstance(result, Failure):
            pending.append(_reject(w, result, article.source, _value_bytes(event), headers, article.article_id))
            continue
        took = time.perf_counter() - start
        metrics.STAGE_SECONDS.labels(stage="dedupe").observe(took)
        timing = _timings(headers, "dedupe", took)
        if result.verdict is Verdict.UNIQUE:
            metrics.STAGE_EVENTS.labels(stage="dedupe", outcome="ok").inc()
            unique = DedupedArticle(article=strip_recurring(article, result.recurring), dedupe=result)
            pending.append(Out(w.topics.deduped, article.article_id, unique, timing, "forwarded", raw_ts))
        else:
            kind = "exact" if result.verdict is Verdict.EXACT_DUPLICATE else "near"
            metrics.DUPLICATES.labels(kind=kind).inc()
            metrics.STAGE_EVENTS.labels(stage="dedupe", outcome="duplicate").inc()
            record = assemble.duplicate(article, result, {"dedupe": STAGE_VERSIONS["dedupe"]})
            log.info("duplicate", stage="dedupe", article_id=article.article_id, verdict=result.verdict.value,
                     duplicate_of=result.duplicate_of)
            pending.append(Out(w.topics.duplicates, article.article_id, record, timing, "duplicate", raw_ts))
    if events:  # bounded retention sweep, in event context so table deletes reach the changelog
        _as_current(events[-1])
        expired = deduper.expire(int(time.time() * 1000))
        if expired:
            metrics.DEDUPE_EXPIRED.labels(table="all").inc(expired)
    return pending


def _tag_batch(w: WorkerApp, tagger: Tagger, events: Sequence[Any]) -> Pending:
    pending: Pending = []
    items: list[tuple[Any, DedupedArticle]] = []
    for event in events:
        item = _decode_internal(w, "tag", event, DedupedArticle)
        if isinstance(item, Out):
            pending.append(item)
        else:
            items.append((event, item))
    if not items:
        return pending
    start = time.perf_counter()
    all_tags = tag_guarded(tagger, [d.article for _, d in items], w.settings.stage_timeout_s)
    per_article = (time.perf_counter() - start) / len(items)
    versions = {"dedupe": STAGE_VERSIONS["dedupe"], "tag": STAGE_VERSIONS["tag"]}
    for (event, d), tags in zip(items, all_tags, strict=True):
        headers = _headers(event)
        if isinstance(tags, Failure):
            pending.append(_reject(w, tags, d.article.source, _value_bytes(event), headers, d.article.article_id))
            continue
        metrics.STAGE_SECONDS.labels(stage="tag").observe(per_article)
        metrics.STAGE_EVENTS.labels(stage="tag", outcome="ok").inc()
        record = assemble.enriched(d.article, d.dedupe, tags, versions)
        pending.append(Out(w.topics.enriched, record.article_id, record, _timings(headers, "tag", per_article),
                           "enriched", d.article.source.timestamp_ms / 1000))
    return pending
