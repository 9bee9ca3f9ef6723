"""Thin faust agents: take a batch, decode, call the pipeline's hop, send, wait for Kafka, ack.

Each agent takes a batch of events without auto-ack (``noack_take``) and hands
it to :class:`~worker.runtime.batches.BatchRunner`, which runs the hop in
chunks, waits until every record the batch produced is acknowledged by Kafka,
and only then acks the events. A crash or SIGTERM before that leaves the events
un-acked, so they are redelivered, and the idempotent hops give the same
records again (at-least-once; see docs/design.md). An agent that dies takes the
process down (:func:`~worker.runtime.batches.fatal`).

This module only says, per hop, how events become work items and work items
become records to send. Internal topics carry batches of articles.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Sequence
from typing import Any

from faust.streams import _current_event
from pydantic import ValidationError

from worker.models import (
    DedupedArticle,
    DedupedBatch,
    FingerprintedArticle,
    FingerprintedBatch,
    Rejected,
    RejectReason,
)
from worker.pipeline import Pipeline, Result
from worker.pipeline import rejects as dlq
from worker.runtime import messages as msgs
from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.batches import BatchRunner, fatal
from worker.runtime.dedupe_table import reopen_storage
from worker.runtime.messages import FORWARDED, Send
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, article_id_for

#: Events per take, and how long a take waits for more: at low rates every hop waits up to that long.
BATCH_MAX = 256
BATCH_WITHIN_S = 0.005
#: Internal batch messages stay under this size (well below INGEST_MAX_MESSAGE_BYTES).
BATCH_BYTES = 1024 * 1024
#: Work items handled between two yields to the event loop: each chunk holds the loop for ~10-30 ms, so
#: the other agents and the web endpoints are not held up. spaCy gains nothing from NER batches beyond a
#: few articles, and a small chunk keeps tag latency low.
CHUNKS = {"normalize": 16, "dedupe": 32, "tag": 32}
NER_CHUNK = 4


def add_agents(w: WorkerApp, pipeline: Pipeline) -> None:
    """Attach the normalize, dedupe and tag agents to the app."""
    runner = BatchRunner(w)
    hops = (NormalizeHop(w, pipeline), DedupeHop(w, pipeline), TagHop(w, pipeline))
    for hop, topic in zip(hops, (w.topics.raw, w.topics.normalized, w.topics.deduped), strict=True):
        _agent(w, runner, hop, topic)


def _agent(w: WorkerApp, runner: BatchRunner, hop: BaseHop, topic: Any) -> None:
    @w.app.agent(topic, name=hop.stage, concurrency=1)
    async def agent(stream: Any) -> None:
        try:
            async for events in stream.noack_take(BATCH_MAX, within=BATCH_WITHIN_S):
                await runner.run(stream, hop, events)
        except Exception as exc:  # outside every per-article boundary: this agent cannot go on
            fatal(w, hop.stage, exc)


def set_current(event: Any) -> None:
    """Make ``event`` faust's current event: tables pick their partition (and changelog) from it."""
    _current_event.set(weakref.ref(event))


class BaseHop:
    """One agent's side of the pipeline: events -> work items -> records to send (see ``batches.Hop``)."""

    stage = ""

    def __init__(self, w: WorkerApp, pipeline: Pipeline) -> None:
        self.w, self.pipeline, self.topics = w, pipeline, w.topics
        self.chunk = CHUNKS[self.stage]

    def decode(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        raise NotImplementedError

    def handle(self, items: Sequence[Any]) -> list[Send]:
        raise NotImplementedError

    def article_id(self, item: Any) -> str:
        return str(item.article.article_id)

    def poison(self, item: Any, strikes: int) -> list[Send]:
        """The DLQ record for an article the process died on ``strikes`` times."""
        error = RejectError(RejectReason.POISON, f"the worker died {strikes} times while this article was in "
                                                 f"{self.stage}; not processed again", self.stage)
        result = self.pipeline.reject(item, error)
        metrics.observe(self.stage, result)
        return [msgs.output(self.topics.dlq, result, "rejected")]

    def after(self, events: Sequence[Any]) -> None:
        """Work after a batch is acked (dedupe's retention sweep)."""

    def on_fault(self) -> None:
        """Before a batch is retried after an infrastructure fault (dedupe reopens its storage)."""

    def _decode_batches(self, events: Sequence[Any], model: type[FingerprintedBatch] | type[DedupedBatch],
                        sends: list[Send]) -> list[tuple[Any, Any]]:
        """(event, item) for every item of the internal batch messages; a broken message becomes a DLQ record."""
        out = []
        for event in events:
            value = msgs.value_of(event)
            try:
                out += [(event, item) for item in model.model_validate_json(value).items]
            except ValidationError as exc:
                headers = msgs.headers_of(event)
                source = msgs.source_of(event, headers)
                error = RejectError(RejectReason.INVALID, f"{model.__name__}: {exc}", self.stage)
                record = dlq.to_record(error, article_id=msgs.message_id(source), source=source, original=value,
                                       headers=headers, max_message_bytes=self.w.settings.max_message_bytes)
                sends.append(msgs.output(self.topics.dlq, Result(record, {}), "rejected"))
        return out

    @staticmethod
    def _batches(topic: Any, items: list[Any], model: type[FingerprintedBatch] | type[DedupedBatch]) -> list[Send]:
        """Internal batch messages for ``items`` (no key: spread over the topic's partitions)."""
        return [Send(topic, None, model(items=run).model_dump_json().encode(), [], FORWARDED,
                     min(i.article.source.timestamp_ms for i in run) / 1000)
                for run in msgs.batches(items, BATCH_BYTES)]


class NormalizeHop(BaseHop):
    stage = "normalize"

    def decode(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        return [msgs.raw_input(e) for e in events]

    def article_id(self, item: RawInput) -> str:
        return article_id_for(item.source)

    def handle(self, raws: Sequence[RawInput]) -> list[Send]:
        results = [self.pipeline.normalize(raw) for raw in raws]
        for r in results:
            metrics.observe(self.stage, r)
        forward = [r.record for r in results if isinstance(r.record, FingerprintedArticle)]
        sends = [msgs.output(self.topics.dlq, r, "rejected") for r in results if isinstance(r.record, Rejected)]
        return sends + self._batches(self.topics.normalized, forward, FingerprintedBatch)


class DedupeHop(BaseHop):
    """Work items are (event, article): each article is decided in its message's context (tables need it)."""

    stage = "dedupe"

    def decode(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        return self._decode_batches(events, FingerprintedBatch, sends)

    def article_id(self, item: tuple[Any, FingerprintedArticle]) -> str:
        return item[1].article.article_id

    def poison(self, item: tuple[Any, FingerprintedArticle], strikes: int) -> list[Send]:
        return super().poison(item[1], strikes)

    def handle(self, items: Sequence[tuple[Any, FingerprintedArticle]]) -> list[Send]:
        sends: list[Send] = []
        unique: list[DedupedArticle] = []
        for event, item in items:
            set_current(event)
            result = self.pipeline.dedupe(item)
            metrics.observe(self.stage, result)
            record = result.record
            if isinstance(record, DedupedArticle):
                unique.append(record)
            elif isinstance(record, Rejected):
                sends.append(msgs.output(self.topics.dlq, result, "rejected"))
            else:
                sends.append(msgs.output(self.topics.duplicates, result, "duplicate"))
        return sends + self._batches(self.topics.deduped, unique, DedupedBatch)

    def on_fault(self) -> None:
        reopen_storage(self.w)

    def after(self, events: Sequence[Any]) -> None:
        set_current(events[-1])  # table deletes reach the changelog through the current event's partition
        expired = self.pipeline.expire(int(time.time() * 1000))
        if expired:
            metrics.DEDUPE_EXPIRED.labels(table="all").inc(expired)


class TagHop(BaseHop):
    stage = "tag"

    def __init__(self, w: WorkerApp, pipeline: Pipeline) -> None:
        super().__init__(w, pipeline)
        self.chunk = NER_CHUNK if w.settings.ner_enabled else CHUNKS["tag"]

    def decode(self, events: Sequence[Any], sends: list[Send]) -> list[Any]:
        return [item for _, item in self._decode_batches(events, DedupedBatch, sends)]

    def handle(self, items: Sequence[DedupedArticle]) -> list[Send]:
        sends = []
        for result in self.pipeline.tag(items):
            metrics.observe(self.stage, result)
            rejected = isinstance(result.record, Rejected)
            sends.append(msgs.output(self.topics.dlq if rejected else self.topics.enriched, result,
                                     "rejected" if rejected else "enriched"))
        return sends
