"""The redrive ledger: which DLQ records were sent back, so that a second run sends nothing new.

A compacted topic (``<dlq topic>.redriven``, one partition) keyed by a DLQ
record's coordinates, holding its latest :class:`RedriveMark`. Marks go in two
steps around each send: ``pending`` (with the target's end offsets before the
send) and ``sent``. A run that dies between the two leaves ``pending``; the next
run reads the target from those offsets, looking for the redrive header, and
only sends what it does not find. So an interrupted redrive is resumed without
sending anything twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable
from typing import Literal

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from worker.models import Rejected
from worker.runtime.kafka import client_options
from worker.settings import Settings
from worker.tools.dlq import MissingTopic, drain, snapshot

#: Header on every redriven record: the DLQ record it came from, as ``<topic>/<partition>/<offset>``.
REDRIVE_HEADER = "ingest-redrive"
LEDGER_SUFFIX = ".redriven"


class RedriveMark(BaseModel):
    """A DLQ record's redrive state, the value on the ledger topic.

    ``pending`` is written before the send and names where to look for it after a
    crash; ``sent`` after Kafka acknowledged it. A mark applies only to the DLQ
    record it was written for (same article id and original hash), so a DLQ topic
    that was deleted and recreated, with offsets starting over, is not mistaken
    for one already redriven.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: Literal["pending", "sent"]
    article_id: str
    original_sha256: str
    target_topic: str
    from_offsets: dict[int, int] = Field({}, description="pending: the target's end offset per partition before.")
    partition: int | None = Field(None, description="sent: where the redriven record landed.")
    offset: int | None = None
    at_ms: int = Field(description="When the mark was written (epoch ms).")


def default_topic(settings: Settings) -> str:
    return settings.topic_dlq + LEDGER_SUFFIX


def applies(mark: RedriveMark | None, record: Rejected) -> bool:
    """True when ``mark`` was written for this very DLQ record (not one that once had its coordinates)."""
    return (mark is not None and mark.article_id == record.article_id
            and mark.original_sha256 == record.original_sha256)


def pending(record: Rejected, target: str, from_offsets: dict[int, int]) -> RedriveMark:
    return RedriveMark(state="pending", article_id=record.article_id, original_sha256=record.original_sha256,
                       target_topic=target, from_offsets=from_offsets, at_ms=_now_ms())


def sent(record: Rejected, target: str, partition: int, offset: int) -> RedriveMark:
    return RedriveMark(state="sent", article_id=record.article_id, original_sha256=record.original_sha256,
                       target_topic=target, partition=partition, offset=offset, at_ms=_now_ms())


def stale(marks: Iterable[str], dlq_topic: str, log_starts: dict[int, int]) -> list[str]:
    """Coordinates of ``dlq_topic`` records that retention has deleted (below their partition's log start)."""
    out = []
    for coords in marks:
        topic, _, place = coords.partition("/")
        partition, _, offset = place.partition("/")
        if topic == dlq_topic and partition.isdigit() and offset.isdigit() and \
                int(offset) < log_starts.get(int(partition), 0):
            out.append(coords)
    return out


class Ledger:
    """Reads and appends marks on the ledger topic."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings, self.topic = settings, topic

    async def create(self) -> bool:
        """Create the ledger topic (compacted, one partition) if missing; True when it was created now."""
        admin = AIOKafkaAdminClient(**client_options(self.settings), request_timeout_ms=10_000)
        await admin.start()
        try:
            if self.topic in set(await admin.list_topics()):
                return False
            new = NewTopic(self.topic, num_partitions=1, replication_factor=self.settings.replication_factor,
                           topic_configs={"cleanup.policy": "compact"})
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([new])
            return True
        finally:
            await admin.close()

    async def load(self) -> dict[str, RedriveMark]:
        """The latest mark per DLQ coordinate; empty when the topic does not exist (yet)."""
        marks: dict[str, RedriveMark] = {}
        try:
            async with snapshot(self.settings, self.topic) as (consumer, ends):
                async for rec in drain(consumer, ends):
                    key = rec.key.decode() if rec.key else ""
                    if rec.value is None:
                        marks.pop(key, None)
                        continue
                    with contextlib.suppress(ValidationError):
                        marks[key] = RedriveMark.model_validate_json(rec.value)
        except MissingTopic:
            return {}
        return marks

    async def write(self, producer: AIOKafkaProducer, marks: Iterable[tuple[str, RedriveMark | None]]) -> None:
        """Append ``marks`` (None: a tombstone, compaction drops the key) and wait until Kafka has them all."""
        futures = [await producer.send(self.topic, m.model_dump_json().encode() if m else None, key=coords.encode())
                   for coords, m in marks]
        await asyncio.gather(*futures)


async def find_sent(settings: Settings, topic: str, from_offsets: dict[int, int],
                    wanted: set[str]) -> dict[str, tuple[int, int]]:
    """Records on ``topic`` after ``from_offsets`` whose redrive header names one of ``wanted``: (partition, offset).

    Used only for ``pending`` marks, after a run that died mid-send: the scan is
    bounded by what arrived on the target since then.
    """
    found: dict[str, tuple[int, int]] = {}
    header = REDRIVE_HEADER
    async with snapshot(settings, topic, from_offsets=from_offsets) as (consumer, ends), \
            contextlib.aclosing(drain(consumer, ends)) as records:
        async for rec in records:
            for name, value in rec.headers or ():
                coords = value.decode("utf-8", "replace") if name == header else ""
                if coords in wanted:
                    found[coords] = (rec.partition, rec.offset)
            if len(found) == len(wanted):
                break
    return found


def _now_ms() -> int:
    return int(time.time() * 1000)
