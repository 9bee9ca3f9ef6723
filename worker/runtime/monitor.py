"""Periodic checks that feed /readyz and the gauges: broker reachability, consumer lag, state size.

The broker probe is a metadata request on a client of its own, every few
seconds: the consumer and producer retry silently while the broker is away,
so without it /readyz would say "ready" to an orchestrator routing work to a
worker that cannot reach Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import structlog
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError

from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.health import Health
from worker.runtime.kafka import client_options
from worker.settings import Settings

log = structlog.get_logger("worker.health")

PROBE_EVERY_S = 5.0
LAG_EVERY_S = 5.0


def add_monitors(w: WorkerApp) -> None:
    """Attach the lag/state sampler to the app as a timer (the broker probe runs with the web server)."""

    @w.app.timer(interval=LAG_EVERY_S)
    async def sample_lag() -> None:
        sample(w)


class BrokerProbe:
    """A metadata round trip on a dedicated client; success marks the broker as reachable."""

    def __init__(self, settings: Settings, health: Health) -> None:
        self.settings, self.health = settings, health
        self.client: AIOKafkaClient | None = None
        self.reachable: bool | None = None

    async def run(self) -> None:
        """Check now, then every :data:`PROBE_EVERY_S`, for as long as the process runs."""
        while True:
            await self.check()
            await asyncio.sleep(PROBE_EVERY_S)

    async def check(self) -> None:
        try:
            if self.client is None:
                self.client = AIOKafkaClient(**client_options(self.settings), request_timeout_ms=4000)
                await asyncio.wait_for(self.client.bootstrap(), PROBE_EVERY_S)
            await asyncio.wait_for(self.client.fetch_all_metadata(), PROBE_EVERY_S)
        except (KafkaError, OSError, TimeoutError) as exc:
            if self.client is not None:
                with contextlib.suppress(Exception):
                    await self.client.close()
            self.client = None
            self._changed(False, f"{type(exc).__name__}: {exc}")
            return
        self.health.broker_answered()
        self._changed(True, "")

    def _changed(self, reachable: bool, why: str) -> None:
        if reachable != self.reachable:  # one line per change, not one per probe
            self.reachable = reachable
            log.info("broker reachable" if reachable else "broker not reachable", bootstrap=self.settings.bootstrap,
                     error=why or None)


def sample(w: WorkerApp) -> None:
    """Consumer lag per topic on the partitions this process owns, dedupe state sizes, a heartbeat."""
    app = w.app
    try:
        assigned = app.consumer.assignment()
    except Exception:  # the consumer is not up yet
        return
    per_topic: dict[str, int] = {}
    owned = {t: 0 for t in (w.settings.topic_raw, w.settings.topic_normalized, w.settings.topic_deduped)}
    for tp in assigned:
        if tp.topic in owned:
            owned[tp.topic] += 1
        high = app.consumer.highwater(tp)
        if high is None:
            continue
        done = w.progress.get((tp.topic, tp.partition))
        if done is None:  # nothing processed here since start: fall back to the last commit
            done = getattr(app.consumer, "_committed_offset", {}).get(tp) or 0
        per_topic[tp.topic] = per_topic.get(tp.topic, 0) + max(0, high - done)
    for name, lag in per_topic.items():
        metrics.CONSUMER_LAG.labels(topic=name).set(lag)
    for name, n in owned.items():
        metrics.ASSIGNED_PARTITIONS.labels(topic=name).set(n)
    metrics.DEDUPE_STATE_ENTRIES.labels(table="decisions").set(_estimated_entries(w.table))
    metrics.DEDUPE_STATE_ENTRIES.labels(table="index").set(len(w.index))
    metrics.LAST_PROCESSED.labels(stage="heartbeat").set(time.time())


def _estimated_entries(table: Any) -> int:
    """RocksDB's own key-count estimate: ``len()`` on a RocksDB table iterates every key."""
    dbs = getattr(table.data, "_dbs", None)
    if dbs is None:
        return len(table.data)
    return sum(int(db.property_int_value("rocksdb.estimate-num-keys") or 0) for db in dbs.values())
