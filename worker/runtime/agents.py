"""Thin faust agents: take a batch, decode, call the pipeline's hop, send, wait for Kafka, ack.

Each agent takes a batch of events without auto-ack (``noack_take``), hands
them to its hop (:mod:`worker.pipeline`), waits until every record the batch
produced is acknowledged by Kafka, and only then acks the events. A crash or
SIGTERM anywhere before that leaves the events un-acked, so they are
redelivered, and the idempotent hops give the same records again
(at-least-once, nothing lost; see docs/design.md).

Internal topics carry batches of articles (one message per chunk), so faust's
per-message costs are paid per chunk, not per article.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import structlog
from faust.streams import _current_event
from pydantic import ValidationError

from worker.models import DedupedArticle, DedupedBatch, FingerprintedArticle, FingerprintedBatch, Rejected, RejectReason
from worker.pipeline import Pipeline, Result
from worker.pipeline import rejects as dlq
from worker.runtime import messages as msgs
from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.batches import BatchRunner
from worker.runtime.messages import FORWARDED, Send
from worker.stages.errors import RejectError

log = structlog.get_logger("worker.agents")

#: Events per take, and how long a take waits for more: at low rates every hop waits up to that long.
BATCH_MAX = 256
BATCH_WITHIN_S = 0.005
#: Internal batch messages stay under this size (well below INGEST_MAX_MESSAGE_BYTES).
BATCH_BYTES = 1024 * 1024
#: Work items handled between two yields to the event loop, per stage: each chunk holds the loop for
#: ~10-30 ms, so the other agents' articles and the web endpoints are not held up. spaCy gains
#: nothing from NER batches beyond a few articles, and a small chunk keeps tag latency low.
CHUNKS = {"normalize": 16, "dedupe": 32, "tag": 32}
NER_CHUNK = 4


def add_agents(w: WorkerApp, pipeline: Pipeline) -> None:
    """Attach the normalize, dedupe and tag agents to the app."""
    app, runner = w.app, BatchRunner(w)
    hops = Hops(w, pipeline)
    tag_chunk = NER_CHUNK if w.settings.ner_enabled else CHUNKS["tag"]

    @app.agent(w.topics.raw, name="normalize", concurrency=1)
    async def normalize_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await runner.run(stream, "normalize", events, hops.raw_items, hops.normalize, CHUNKS["normalize"])

    @app.agent(w.topics.normalized, name="dedupe", concurrency=1)
    async def dedupe_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await runner.run(stream, "dedupe", events, hops.fingerprinted_items, hops.dedupe, CHUNKS["dedupe"])
            hops.expire(events[-1])

    @app.agent(w.topics.deduped, name="tag", concurrency=1)
    async def tag_agent(stream: Any) -> None:
        async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
            await runner.run(stream, "tag", events, hops.deduped_items, hops.tag, tag_chunk)


def set_current(event: Any) -> None:
    """Make ``event`` faust's current event: tables pick their partition (and changelog) from it."""
    _current_event.set(weakref.ref(event))


class Hops:
    """Per agent: events -> work items (decoding), and work items -> records to send (the pipeline's hop).

    A message that cannot be decoded becomes a DLQ record during decoding.
    """

    def __init__(self, w: WorkerApp, pipeline: Pipeline) -> None:
        self.w, self.pipeline, self.topics = w, pipeline, w.topics

    # --- decoding ---------------------------------------------------------------------------------

    def raw_items(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        return [msgs.raw_input(e) for e in events]

    def fingerprinted_items(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        """(event, article) pairs: dedupe runs each article in its message's context (tables need it)."""
        return [(e, item) for e in events for item in self._decode(e, FingerprintedBatch, "dedupe", sends)]

    def deduped_items(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        return [item for e in events for item in self._decode(e, DedupedBatch, "tag", sends)]

    # --- the hops ---------------------------------------------------------------------------------

    def normalize(self, raws: Sequence[Any]) -> list[Send]:
        results = [self.pipeline.normalize(raw) for raw in raws]
        for r in results:
            metrics.observe("normalize", r)
        forward = [r.record for r in results if isinstance(r.record, FingerprintedArticle)]
        sends = [msgs.output(self.topics.dlq, r, "rejected") for r in results if isinstance(r.record, Rejected)]
        return sends + self._batches(self.topics.normalized, forward, FingerprintedBatch)

    def dedupe(self, items: Sequence[tuple[Any, FingerprintedArticle]]) -> list[Send]:
        sends: list[Send] = []
        unique: list[DedupedArticle] = []
        for event, item in items:
            set_current(event)
            result = self.pipeline.dedupe(item)
            metrics.observe("dedupe", result)
            record = result.record
            if isinstance(record, DedupedArticle):
                unique.append(record)
            elif isinstance(record, Rejected):
                sends.append(msgs.output(self.topics.dlq, result, "rejected"))
            else:
                sends.append(msgs.output(self.topics.duplicates, result, "duplicate"))
        return sends + self._batches(self.topics.deduped, unique, DedupedBatch)

    def expire(self, event: Any) -> None:
        """Bounded retention sweep, in event context so table deletes reach the changelog."""
        set_current(event)
        expired = self.pipeline.expire(int(time.time() * 1000))
        if expired:
            metrics.DEDUPE_EXPIRED.labels(table="all").inc(expired)

    def tag(self, items: Sequence[DedupedArticle]) -> list[Send]:
        sends = []
        for result in self.pipeline.tag(items):
            metrics.observe("tag", result)
            rejected = isinstance(result.record, Rejected)
            sends.append(msgs.output(self.topics.dlq if rejected else self.topics.enriched, result,
                                     "rejected" if rejected else "enriched"))
        return sends

    # --- shared -----------------------------------------------------------------------------------

    def _decode(self, event: Any, model: type[FingerprintedBatch] | type[DedupedBatch], stage: str,
                sends: list[Send]) -> list[Any]:
        """The items of an internal batch message; a broken message becomes one DLQ record instead."""
        value = msgs.value_of(event)
        try:
            return list(model.model_validate_json(value).items)
        except ValidationError as exc:
            headers = msgs.headers_of(event)
            source = msgs.source_of(event, headers)
            error = RejectError(RejectReason.INVALID, f"{model.__name__}: {exc}", stage)
            record = dlq.to_record(error, article_id=msgs.message_id(source), source=source, original=value,
                                   headers=headers, max_message_bytes=self.w.settings.max_message_bytes)
            sends.append(msgs.output(self.topics.dlq, Result(record, {}), "rejected"))
            return []

    @staticmethod
    def _batches(topic: Any, items: list[Any], model: Callable[..., Any]) -> list[Send]:
        """Internal batch messages for ``items`` (no key: spread over the topic's partitions)."""
        return [Send(topic, None, model(items=run).model_dump_json().encode(), [], FORWARDED,
                     min(i.article.source.timestamp_ms for i in run) / 1000)
                for run in msgs.batches(items, BATCH_BYTES)]
