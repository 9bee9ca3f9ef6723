"""Offsets are processed in order, none skipped: a guard between faust's delivery and our acks.

Why this exists: faust (0.15.3) can skip records of a partition around a
rebalance. Table recovery resumes the fetcher before it seeks the stream
partitions back to their committed offsets, so records fetched before the
seek are delivered next to those fetched after it, and some never reach the
agent. faust then marks the jump as a "gap" (treated as acked), and its
commit takes the first run of acked offsets even when it starts one past the
committed offset. Together these committed offsets of articles that never
came out: 1 to 32 of 1,500 in one SIGTERM and restart out of three
(tests/integration/test_reliability.py).

The guard keeps, per input partition, the next offset this process must
process, starting from the group's committed offset when the partition is
first seen in a generation. An event at that offset is admitted. One below it
was already processed here (a repeat: acked, not processed again). One above
it means records were skipped: the guard reads them from the broker itself
and admits them first, in order, as ordinary events. Offsets the broker has
no record for (transaction markers, compaction, retention) are registered as
gaps so commits can pass them; faust's own gap guess is switched off
(:func:`install`), so only gaps the broker confirms are ever treated as acked.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import faust
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaTimeoutError
from faust.transport.consumer import Consumer

from worker.runtime import metrics
from worker.runtime.kafka import client_options
from worker.settings import Settings

log = structlog.get_logger("worker.offsets")

#: A direct read of skipped records gives up (and the batch is retried) after this long.
READ_TIMEOUT_S = 30.0

_faust_add_gap = Consumer._add_gap


async def _no_guessed_gaps(self: Consumer, tp: Any, offset_from: int, offset_to: int) -> None:
    """faust's fetcher calls this when offsets jump; a jump after a seek is not a gap (see module doc)."""


def install() -> None:
    """Register gaps only when the broker confirms them (idempotent)."""
    Consumer._add_gap = _no_guessed_gaps  # type: ignore[method-assign]


class BrokerOffsets:
    """Committed offsets and direct reads of a partition, on clients of their own (used rarely)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._lock = asyncio.Lock()  # three agents share these clients; each call runs alone

    async def committed(self, tp: TopicPartition) -> int | None:
        async with self._lock:
            if self._admin is None:
                admin = AIOKafkaAdminClient(**client_options(self.settings))
                await admin.start()
                self._admin = admin
            offsets = await self._admin.list_consumer_group_offsets(self.settings.app_id, partitions=[tp])
        meta = offsets.get(tp)
        return meta.offset if meta is not None and meta.offset >= 0 else None

    async def beginning(self, tp: TopicPartition) -> int:
        async with self._lock:
            consumer = await self._reader()
            return int((await consumer.beginning_offsets([tp]))[tp])

    async def read(self, tp: TopicPartition, start: int, end: int) -> list[ConsumerRecord[bytes, bytes]]:
        """The records of ``tp`` from ``start`` up to (not including) ``end``; raises on a timeout."""
        async with self._lock:
            consumer = await self._reader()
            consumer.assign([tp])
            consumer.seek(tp, start)
            found: list[ConsumerRecord[bytes, bytes]] = []
            deadline = time.monotonic() + READ_TIMEOUT_S
            while await consumer.position(tp) < end:
                if time.monotonic() > deadline:
                    raise KafkaTimeoutError(f"reading {tp.topic}[{tp.partition}] {start}..{end - 1} took too long")
                batch = await consumer.getmany(tp, timeout_ms=1000)
                found += [r for r in batch.get(tp, []) if start <= r.offset < end]
            return found

    async def _reader(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            consumer = AIOKafkaConsumer(**client_options(self.settings), group_id=None, enable_auto_commit=False,
                                        auto_offset_reset="earliest",
                                        max_partition_fetch_bytes=self.settings.max_message_bytes,
                                        fetch_max_bytes=self.settings.max_message_bytes)
            await consumer.start()
            self._consumer = consumer
        return self._consumer


class OffsetGuard:
    """Admits each partition's events in offset order, each offset once per process (see module doc)."""

    def __init__(self, app: Any, broker: BrokerOffsets) -> None:
        self.app = app
        self.broker = broker
        #: tp -> (generation, next offset to process)
        self.expected: dict[Any, tuple[int, int]] = {}

    async def admit(self, stream: Any, events: Sequence[Any]) -> list[Any]:
        """The events to process, in order, with skipped records filled in; repeats are acked here.

        The positions move only when the whole batch is sorted: a broker fault half-way (raised to
        the caller, which retries the batch) leaves them as they were. Each agent reads its own
        topic, so agents admitting at the same time touch different partitions.
        """
        positions: dict[Any, tuple[int, int]] = {}
        admitted: list[Any] = []
        repeats: list[Any] = []
        for event in events:
            message = event.message
            generation = self.app.consumer_generation_id
            if message.generation_id != generation:
                admitted.append(event)  # delivered before a rebalance: processed as before, positions untouched
                continue
            known = positions.get(message.tp) or self.expected.get(message.tp)
            expected = known[1] if known and known[0] == generation else await self._start(message.tp)
            if message.offset < expected:
                repeats.append(event)
                continue
            if message.offset > expected:
                admitted += await self._fill(message.tp, expected, message.offset)
            admitted.append(event)
            positions[message.tp] = (generation, message.offset + 1)
        self.expected.update(positions)
        for event in repeats:
            await stream.ack(event)
        return admitted

    async def _start(self, tp: Any) -> int:
        """Where processing of ``tp`` resumes in this generation: the group's committed offset."""
        committed = await self.broker.committed(_aiokafka_tp(tp))
        return committed if committed is not None else await self.broker.beginning(_aiokafka_tp(tp))

    async def _fill(self, tp: Any, start: int, end: int) -> list[Any]:
        """Events for the records ``start``..``end - 1`` that were not delivered, read from the broker."""
        records = await self.broker.read(_aiokafka_tp(tp), start, end)
        consumer = self.app.consumer
        present = {r.offset for r in records}
        for first, last in _runs(sorted(set(range(start, end)) - present)):
            log.info("offsets without records (transaction markers, compaction or retention)",
                     topic=tp.topic, partition=tp.partition, first=first, last=last)
            await _faust_add_gap(consumer, tp, first, last)
        if records:
            log.warning("records were skipped in delivery: read from the broker", topic=tp.topic,
                        partition=tp.partition, first=records[0].offset, count=len(records))
            metrics.REFILLED.labels(topic=tp.topic).inc(len(records))
        events = []
        for record in records:
            message = consumer._to_message(tp, record)
            events.append(faust.Event(self.app, message.key, message.value, message.headers, message))
        return events


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted offsets as (first, last)."""
    runs: list[tuple[int, int]] = []
    for o in offsets:
        if runs and runs[-1][1] == o - 1:
            runs[-1] = (runs[-1][0], o)
        else:
            runs.append((o, o))
    return runs


def _aiokafka_tp(tp: Any) -> TopicPartition:
    return TopicPartition(tp.topic, tp.partition)
