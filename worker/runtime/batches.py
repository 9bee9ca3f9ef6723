"""One batch through one agent: chunks, sends, delivery, metrics, acks, and retries on infrastructure faults.

Acks come last: only when every record the batch produced (and, for dedupe,
every table changelog write) is acknowledged by Kafka. An infrastructure fault
(disk, RocksDB, Kafka) never turns into a DLQ record: the batch is retried with
backoff while /readyz says why, and nothing is acked until it goes through.
Work done before the fault is done again on retry; the hops are idempotent, so
the records are the same.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any

import structlog
from aiokafka.errors import KafkaError

from worker.pipeline import InfrastructureError
from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.messages import FORWARDED, Send

log = structlog.get_logger("worker.agents")

#: Retry delays after an infrastructure fault: doubling from the first to the last.
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 30.0

Decode = Callable[[Sequence[Any], list[Send]], list[Any]]
Handle = Callable[[Sequence[Any]], list[Send]]


class BatchRunner:
    """Runs batches for all agents of one worker (they share health, metrics and the producer)."""

    def __init__(self, w: WorkerApp) -> None:
        self.w = w

    async def run(self, stream: Any, stage: str, events: Sequence[Any], decode: Decode, handle: Handle,
                  chunk: int) -> None:
        """Handle ``events`` in chunks of ``chunk`` work items, then ack them; retry on infrastructure faults."""
        backoff = BACKOFF_FIRST_S
        while True:
            self.w.health.begin(stage)
            try:
                sends = await self._process(stage, events, decode, handle, chunk)
                break
            except (InfrastructureError, KafkaError, OSError) as exc:
                self.w.health.fault(stage, f"{type(exc).__name__}: {exc}"[:300])
                metrics.INFRASTRUCTURE_ERRORS.labels(stage=stage, kind=_kind(exc)).inc()
                log.warning("infrastructure fault: retrying the batch", stage=stage, error=str(exc)[:300],
                            retry_in_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_S)
        self._count(stage, events, sends)
        for event in events:
            await stream.ack(event)
            msg = event.message
            self.w.progress[(msg.topic, msg.partition)] = msg.offset + 1
        self.w.health.end(stage)

    async def _process(self, stage: str, events: Sequence[Any], decode: Decode, handle: Handle,
                       chunk: int) -> list[Send]:
        sends: list[Send] = []
        items = decode(events, sends)
        deliveries = [await self._send(s) for s in sends]
        for i in range(0, len(items), chunk):
            out = handle(items[i:i + chunk])
            # Sent per chunk, not per batch: the first article of a full batch must not wait for the last.
            deliveries += [await self._send(s) for s in out]
            sends += out
            await asyncio.sleep(0)  # let the web server, heartbeats and other agents run between chunks
        if stage == "dedupe":
            await self.w.app.producer.flush()  # table changelog writes are durable before we ack their inputs
        await asyncio.gather(*deliveries)  # raises if Kafka refused a record: the events stay un-acked
        return sends

    @staticmethod
    async def _send(s: Send) -> Any:
        return await s.topic.send(key=s.key, value=s.value, headers=s.headers)

    def _count(self, stage: str, events: Sequence[Any], sends: list[Send]) -> None:
        now = time.time()
        if stage == "normalize":
            metrics.RAW_CONSUMED.inc(len(events))
        for s in sends:
            if s.outcome != FORWARDED:
                metrics.ARTICLES_OUT.labels(outcome=s.outcome).inc()
                metrics.END_TO_END_SECONDS.labels(outcome=s.outcome).observe(max(0.0, now - s.raw_ts))
        metrics.LAST_PROCESSED.labels(stage=stage).set(now)


def _kind(exc: BaseException) -> str:
    """A bounded label for the fault: kafka, disk or storage."""
    cause = exc.__cause__ or exc
    if isinstance(cause, KafkaError):
        return "kafka"
    if isinstance(cause, OSError):
        return "disk"
    return "storage"
