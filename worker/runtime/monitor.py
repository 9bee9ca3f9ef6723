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

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError

from worker.runtime import metrics
from worker.runtime.app import WorkerApp
from worker.runtime.kafka import client_options

PROBE_EVERY_S = 5.0
LAG_EVERY_S = 5.0


def add_monitors(w: WorkerApp) -> None:
    """Attach the broker probe and the lag/state sampler to the app as timers."""
    app = w.app
    probe = BrokerProbe(w)

    @app.timer(interval=PROBE_EVERY_S, on_leader=False)
    async def probe_broker() -> None:
        await probe.check()

    @app.timer(interval=LAG_EVERY_S)
    async def sample_lag() -> None:
        sample(w)


class BrokerProbe:
    """A metadata round trip on a dedicated client; success marks the broker as reachable."""

    def __init__(self, w: WorkerApp) -> None:
        self.w = w
        self.client: AIOKafkaClient | None = None

    async def check(self) -> None:
        try:
            if self.client is None:
                self.client = AIOKafkaClient(**client_options(self.w.settings), request_timeout_ms=4000)
                await asyncio.wait_for(self.client.bootstrap(), PROBE_EVERY_S)
            await asyncio.wait_for(self.client.fetch_all_metadata(), PROBE_EVERY_S)
        except (KafkaError, OSError, TimeoutError):
            if self.client is not None:
                with contextlib.suppress(Exception):
                    await self.client.close()
            self.client = None
            return
        self.w.health.broker_answered()


def sample(w: WorkerApp) -> None:
    """Consumer lag per topic on the partitions this process owns, dedupe state sizes, a heartbeat."""
    app = w.app
    try:
        assigned = app.consumer.assignment()
    except Exception:  # the consumer is not up yet
        return
    per_topic: dict[str, int] = {}
    for tp in assigned:
        high = app.consumer.highwater(tp)
        if high is None:
            continue
        done = w.progress.get((tp.topic, tp.partition))
        if done is None:  # nothing processed here since start: fall back to the last commit
            done = getattr(app.consumer, "_committed_offset", {}).get(tp) or 0
        per_topic[tp.topic] = per_topic.get(tp.topic, 0) + max(0, high - done)
    for name, lag in per_topic.items():
        metrics.CONSUMER_LAG.labels(topic=name).set(lag)
    metrics.DEDUPE_STATE_ENTRIES.labels(table="decisions").set(_estimated_entries(w.table))
    metrics.DEDUPE_STATE_ENTRIES.labels(table="index").set(len(w.index))
    metrics.LAST_PROCESSED.labels(stage="heartbeat").set(time.time())


def _estimated_entries(table: Any) -> int:
    """RocksDB's own key-count estimate: ``len()`` on a RocksDB table iterates every key."""
    dbs = getattr(table.data, "_dbs", None)
    if dbs is None:
        return len(table.data)
    return sum(int(db.property_int_value("rocksdb.estimate-num-keys") or 0) for db in dbs.values())
