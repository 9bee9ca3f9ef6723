"""Read records from topics: the operator's quick look (``ingest tail``), and the tools' and tests' reader."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from aiokafka import AIOKafkaConsumer

from worker.runtime.kafka import client_options
from worker.settings import Settings


async def read_topics(settings: Settings, topics: list[str], *, from_beginning: bool = True,
                  idle_timeout: float | None = None, limit: int | None = None) -> AsyncIterator[Any]:
    """Yield consumer records from ``topics`` (no group, no commits), until idle or ``limit``."""
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False, group_id=None,
                                auto_offset_reset="earliest" if from_beginning else "latest",
                                max_partition_fetch_bytes=settings.max_message_bytes,
                                fetch_max_bytes=settings.max_message_bytes)
    consumer.subscribe(topics)  # without a group id aiokafka assigns every partition to us
    await consumer.start()
    try:
        seen = 0
        while limit is None or seen < limit:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                if idle_timeout is not None:
                    idle_timeout -= 0.5
                    if idle_timeout <= 0:
                        return
                continue
            for recs in batch.values():
                for rec in recs:
                    yield rec
                    seen += 1
                    if limit is not None and seen >= limit:
                        return
    finally:
        await consumer.stop()


def render(value: bytes, pretty: bool) -> str:
    try:
        obj = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return repr(value[:200])
    return json.dumps(obj, indent=2 if pretty else None, ensure_ascii=False)


def tail(settings: Settings, topic: str, *, from_beginning: bool, limit: int | None, pretty: bool,
         idle_timeout: float | None) -> int:
    async def _run() -> int:
        n = 0
        async for rec in read_topics(settings, [topic], from_beginning=from_beginning, limit=limit,
                                 idle_timeout=idle_timeout):
            key = rec.key.decode("utf-8", "replace") if rec.key else None
            print(f"# {rec.topic}[{rec.partition}]@{rec.offset} key={key}")
            print(render(rec.value, pretty))
            n += 1
        return n

    return asyncio.run(_run())
