"""The bare consumer loop: the pipeline's hops over a plain aiokafka batch loop, no faust.

A yardstick for the worker's own overhead (issue "lean runtime"): getmany ->
normalize, dedupe, tag (the very ``Pipeline`` hops) -> send the outputs ->
wait for delivery -> commit. It keeps dedupe state in memory (a
``DedupeStore()`` per process) and has no internal topics, no changelog, no
health or metrics: it is what the stages cost over Kafka with nothing else.
With several processes each dedupes only its own partitions, so its verdicts
are not the worker's; it is here for speed only.

    INGEST_BOOTSTRAP=... INGEST_TOPIC_RAW=... python -m bench.bare_loop
"""

from __future__ import annotations

import asyncio
import signal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from worker.models import DedupedArticle, EnrichedArticle, FingerprintedArticle, Rejected
from worker.pipeline import Pipeline
from worker.runtime.kafka import client_options
from worker.runtime.messages import raw_input
from worker.settings import Settings


class _Event:
    """Just enough of a faust event for ``raw_input``."""

    __slots__ = ("message", "value")

    def __init__(self, rec: object) -> None:
        self.message = rec
        self.value = rec.value  # type: ignore[attr-defined]


def _topic_for(settings: Settings, record: object) -> str:
    if isinstance(record, Rejected):
        return settings.topic_dlq
    return settings.topic_enriched if isinstance(record, EnrichedArticle) else settings.topic_duplicates


async def run(settings: Settings) -> None:
    pipeline = Pipeline(settings)
    pipeline.warm_up()
    consumer = AIOKafkaConsumer(settings.topic_raw, **client_options(settings), group_id=f"{settings.app_id}-bare",
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                max_partition_fetch_bytes=settings.max_message_bytes)
    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=2,
                                max_request_size=settings.max_message_bytes)
    await consumer.start()
    await producer.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=100, max_records=256)
            records = [rec for recs in batch.values() for rec in recs]
            if not records:
                continue
            outputs = []
            unique = []
            for rec in records:
                out = pipeline.normalize(raw_input(_Event(rec))).record
                if isinstance(out, FingerprintedArticle):
                    out = pipeline.dedupe(out).record
                (unique if isinstance(out, DedupedArticle) else outputs).append(out)
            outputs += [r.record for r in pipeline.tag(unique)]
            sends = [await producer.send(_topic_for(settings, o), o.model_dump_json().encode(),
                                         key=o.article_id.encode()) for o in outputs]  # type: ignore[union-attr]
            await asyncio.gather(*sends)
            await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(run(Settings()))
