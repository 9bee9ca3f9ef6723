"""How long output stopped after a fault: every output record, with the time it was seen."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from aiokafka import AIOKafkaConsumer

from worker.runtime.kafka import client_options
from worker.settings import Settings


class OutputClock:
    """Reads the output topics in a background thread and keeps (seen at, record) for each record."""

    def __init__(self, s: Settings) -> None:
        self.s = s
        self._seen: list[tuple[float, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def records(self) -> list[Any]:
        return [rec for _, rec in list(self._seen)]

    def stalls(self, faults: list[float]) -> list[float]:
        """For each fault time (monotonic), seconds until the next output record was seen."""
        times = [t for t, _ in list(self._seen)]
        return [next((t - f for t in times if t > f), float("nan")) for f in faults]

    async def _run(self) -> None:
        s = self.s
        consumer = AIOKafkaConsumer(s.topic_enriched, s.topic_duplicates, s.topic_dlq, **client_options(s),
                                    group_id=None, auto_offset_reset="earliest",
                                    max_partition_fetch_bytes=s.max_message_bytes)
        await consumer.start()
        try:
            while not self._stop.is_set():
                batch = await consumer.getmany(timeout_ms=100)
                now = time.monotonic()
                self._seen += [(now, rec) for recs in batch.values() for rec in recs]
        finally:
            await consumer.stop()
