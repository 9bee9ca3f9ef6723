"""One batch through one agent: chunks, sends, delivery, metrics, acks; retries; poison; a dead agent.

Acks come last: only when every record the batch produced (and, for dedupe,
every table changelog write) is acknowledged by Kafka. An infrastructure fault
(disk, RocksDB, Kafka) never turns into a DLQ record: the batch is retried with
backoff while /readyz says why, and nothing is acked until it goes through.
Work done before the fault is done again on retry; the hops are idempotent, so
the records are the same. An article the process keeps dying on is rejected
as poison (:mod:`worker.runtime.inflight`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Sequence
from typing import Any, Protocol

import structlog
from aiokafka.errors import KafkaError

from worker.pipeline import InfrastructureError
from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.inflight import InFlight
from worker.runtime.messages import FORWARDED, Send
from worker.runtime.offsets import BrokerOffsets, OffsetGuard

log = structlog.get_logger("worker.agents")

#: Retry delays after an infrastructure fault: doubling from the first to the last.
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 30.0
#: Exit code of a worker whose agent died (EX_SOFTWARE), and how long a graceful stop may take before it.
EXIT_AGENT_DIED = 70
DYING_GRACE_S = 8.0


class Hop(Protocol):
    """One agent's side of the pipeline (implemented in :mod:`worker.runtime.agents`)."""

    stage: str
    chunk: int

    def decode(self, events: Sequence[Any], sends: list[Send]) -> list[Any]: ...
    def handle(self, items: Sequence[Any]) -> list[Send]: ...
    def article_id(self, item: Any) -> str: ...
    def poison(self, item: Any, strikes: int) -> list[Send]: ...
    def after(self, events: Sequence[Any]) -> None: ...
    def on_fault(self) -> None: ...


class BatchRunner:
    """Runs batches for all agents of one worker (they share health, metrics, the producer, the in-flight file)."""

    def __init__(self, w: WorkerApp) -> None:
        self.w = w
        self.inflight = InFlight(w.settings.data_dir, w.settings.poison_strikes)
        self.offsets = OffsetGuard(w.app, BrokerOffsets(w.settings))
        if self.inflight.died_with:
            log.warning("the previous process died with articles in flight; each gets a strike",
                        in_flight=self.inflight.died_with)

    async def run(self, stream: Any, hop: Hop, events: Sequence[Any]) -> None:
        """Handle ``events`` in chunks of work items, then ack them; retry on infrastructure faults."""
        backoff = BACKOFF_FIRST_S
        admitted: Sequence[Any] | None = None
        while True:
            self.w.health.begin(hop.stage)
            try:
                if admitted is None:
                    admitted = await self.offsets.admit(stream, events)
                if not admitted:
                    self.w.health.end(hop.stage)
                    return
                sends, ids = await self._process(hop, admitted)
                break
            except (InfrastructureError, KafkaError, OSError) as exc:
                self.w.health.fault(hop.stage, f"{type(exc).__name__}: {exc}"[:300])
                metrics.INFRASTRUCTURE_ERRORS.labels(stage=hop.stage, kind=_kind(exc)).inc()
                log.warning("infrastructure fault: retrying the batch", stage=hop.stage, error=str(exc)[:300],
                            retry_in_s=backoff)
                await asyncio.sleep(backoff)
                hop.on_fault()
                backoff = min(backoff * 2, BACKOFF_MAX_S)
        events = admitted
        self._count(hop.stage, events, sends)
        for event in events:
            await stream.ack(event)
            msg = event.message
            self.w.progress[(msg.topic, msg.partition)] = msg.offset + 1
        self.inflight.end(hop.stage, ids)
        hop.after(events)
        self.w.health.end(hop.stage)

    async def _process(self, hop: Hop, events: Sequence[Any]) -> tuple[list[Send], list[str]]:
        sends: list[Send] = []
        items = hop.decode(events, sends)
        ids = [hop.article_id(item) for item in items]
        deliveries = [await self._send(s) for s in sends]
        for i in range(0, len(items), hop.chunk):
            out = self._chunk(hop, items[i:i + hop.chunk], ids[i:i + hop.chunk])
            # Sent per chunk, not per batch: the first article of a full batch must not wait for the last.
            deliveries += [await self._send(s) for s in out]
            sends += out
            await asyncio.sleep(0)  # let the web server, heartbeats and other agents run between chunks
        if hop.stage == "dedupe":
            await self.w.app.producer.flush()  # table changelog writes are durable before we ack their inputs
        await asyncio.gather(*deliveries)  # raises if Kafka refused a record: the events stay un-acked
        return sends, ids

    def _chunk(self, hop: Hop, items: Sequence[Any], ids: list[str]) -> list[Send]:
        """The hop over one chunk; a chunk holding a struck article goes one article at a time."""
        inflight = self.inflight
        if not any(inflight.struck(aid) for aid in ids):
            inflight.begin(hop.stage, ids)
            return hop.handle(items)
        out: list[Send] = []
        for item, aid in zip(items, ids, strict=True):
            if inflight.poisoned(aid):
                log.error("poison: rejected without processing", stage=hop.stage, article_id=aid,
                          strikes=inflight.struck(aid))
                out += hop.poison(item, inflight.struck(aid))
                continue
            inflight.begin(hop.stage, [aid])
            out += hop.handle([item])
        return out

    @staticmethod
    async def _send(s: Send) -> Any:
        return await s.topic.send(key=s.key, value=s.value, headers=s.headers)

    def _count(self, stage: str, events: Sequence[Any], sends: list[Send]) -> None:
        now = time.time()
        if stage == "normalize":
            metrics.RAW_CONSUMED.inc(len(events))
        for s in sends:
            if s.outcome != FORWARDED:
                metrics.child(metrics.ARTICLES_OUT, s.outcome).inc()
                metrics.child(metrics.END_TO_END_SECONDS, s.outcome).observe(max(0.0, now - s.raw_ts))
        metrics.child(metrics.LAST_PROCESSED, stage).set(now)


def fatal(w: WorkerApp, stage: str, exc: BaseException) -> None:
    """An agent died outside every per-article boundary: say so once, fail the probes, and exit non-zero.

    A process that cannot process must not look alive: SIGTERM starts faust's
    graceful stop (committing what was acked), and if that does not end the
    process within :data:`DYING_GRACE_S`, it exits hard. The runner turns the
    stop into exit code :data:`EXIT_AGENT_DIED`.
    """
    reason = f"{stage}: {type(exc).__name__}: {exc}"[:500]
    w.health.dead(reason)
    log.critical("agent died; the worker exits", stage=stage, error=reason, exc_info=exc)
    w.exit_code = EXIT_AGENT_DIED
    threading.Timer(DYING_GRACE_S, os._exit, args=(EXIT_AGENT_DIED,)).start()
    os.kill(os.getpid(), signal.SIGTERM)


def _kind(exc: BaseException) -> str:
    """A bounded label for the fault: kafka, disk or storage."""
    cause = exc.__cause__ or exc
    if isinstance(cause, KafkaError):
        return "kafka"
    if isinstance(cause, OSError):
        return "disk"
    return "storage"
