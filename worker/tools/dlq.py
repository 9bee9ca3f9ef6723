"""Reading the DLQ: its records with their coordinates, the operator's filters, and ``ingest dlq list``.

The DLQ is read as a snapshot: every partition from its start (or from the
first offset at ``--since``) up to the end offset it had when reading began.
Records rejected while a redrive runs (for example, a redriven record that
fails again) are left for the next run instead of being chased forever.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pydantic import ValidationError

from worker.models import Rejected, RejectReason
from worker.runtime.kafka import KafkaUnavailable, client_options, preflight
from worker.settings import Settings

CONNECT_TIMEOUT_S = 10.0
_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class DlqError(RuntimeError):
    """A bad filter or an unusable DLQ; the message is one line for the user."""


class MissingTopic(DlqError):
    """The topic to read does not exist."""


def parse_time(text: str, now: datetime | None = None) -> int:
    """``2h`` / ``30m`` / ``1d`` ago, or an ISO 8601 time (UTC when it names no zone), as epoch milliseconds."""
    now = now or datetime.now(UTC)
    rel = _RELATIVE.match(text)
    if rel:
        moment = now - timedelta(**{_UNITS[rel.group(2)]: float(rel.group(1))})
    else:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise DlqError(f"not a time: {text!r} (use ISO 8601 like 2024-04-24T19:25 or an age like 2h)") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class Filters:
    """Which DLQ records to act on; an empty set of a kind means "any"."""

    reasons: frozenset[RejectReason] = frozenset()
    stages: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()
    since_ms: int | None = None
    until_ms: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.reasons or self.stages or self.keys) and self.since_ms is None and self.until_ms is None

    def match(self, entry: DlqEntry) -> bool:
        r = entry.record
        if r is None:
            return False
        if self.since_ms is not None and entry.timestamp_ms < self.since_ms:
            return False
        if self.until_ms is not None and entry.timestamp_ms > self.until_ms:
            return False
        return ((not self.reasons or r.reason in self.reasons)
                and (not self.stages or r.stage in self.stages)
                and (not self.keys or bool({r.source.key, r.article_id} & self.keys)))


def filters_from(reasons: list[str] | None = None, stages: list[str] | None = None, keys: list[str] | None = None,
                 since: str | None = None, until: str | None = None) -> Filters:
    """:class:`Filters` from command-line values; :class:`DlqError` names a reason that does not exist."""
    known = {r.value for r in RejectReason}
    unknown = sorted(set(reasons or ()) - known)
    if unknown:
        raise DlqError(f"unknown reason {', '.join(unknown)}; one of {', '.join(sorted(known))}")
    return Filters(reasons=frozenset(RejectReason(r) for r in reasons or ()), stages=frozenset(stages or ()),
                   keys=frozenset(keys or ()), since_ms=parse_time(since) if since else None,
                   until_ms=parse_time(until) if until else None)


@dataclass(frozen=True)
class DlqEntry:
    """One DLQ record and where it sits; ``record`` is None when the value is not a readable :class:`Rejected`."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    record: Rejected | None
    problem: str = field(default="", compare=False)

    @property
    def coordinates(self) -> str:
        """``<topic>/<partition>/<offset>``: the record's identity, in the redrive header and the ledger."""
        return f"{self.topic}/{self.partition}/{self.offset}"


def entry_of(topic: str, partition: int, offset: int, timestamp_ms: int, value: bytes | None) -> DlqEntry:
    try:
        record = Rejected.model_validate_json(value or b"")
    except ValidationError as exc:
        return DlqEntry(topic, partition, offset, timestamp_ms, None, f"not a DLQ record ({exc.error_count()} errors)")
    return DlqEntry(topic, partition, offset, timestamp_ms, record)


async def read_dlq(settings: Settings, since_ms: int | None = None) -> AsyncIterator[DlqEntry]:
    """Every record of the DLQ topic up to its end at call time, in offset order per partition."""
    topic = settings.topic_dlq
    async with snapshot(settings, topic, since_ms) as (consumer, ends):
        async for rec in drain(consumer, ends):
            yield entry_of(topic, rec.partition, rec.offset, rec.timestamp, rec.value)


async def partitions(settings: Settings, topic: str) -> list[int]:
    """The partition numbers of ``topic``; :class:`MissingTopic` when it does not exist."""
    admin = AIOKafkaAdminClient(**client_options(settings), request_timeout_ms=10_000)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if not described or described[0]["error_code"] != 0 or not described[0]["partitions"]:
        raise MissingTopic(f"topic {topic} does not exist at {settings.bootstrap}")
    return sorted(p["partition"] for p in described[0]["partitions"])


@asynccontextmanager
async def snapshot(settings: Settings, topic: str, since_ms: int | None = None,
                   from_offsets: dict[int, int] | None = None
                   ) -> AsyncIterator[tuple[AIOKafkaConsumer, dict[TopicPartition, int]]]:
    """A group-less consumer on every partition of ``topic``, and the end offsets (now) to stop at.

    It starts at the first record at or after ``since_ms``, or at ``from_offsets``
    (partition -> offset), or at the beginning.
    """
    tps = [TopicPartition(topic, p) for p in await partitions(settings, topic)]
    c = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False, group_id=None,
                         auto_offset_reset="earliest", max_partition_fetch_bytes=settings.max_message_bytes,
                         fetch_max_bytes=settings.max_message_bytes)
    await c.start()
    try:
        c.assign(tps)
        ends = await c.end_offsets(tps)
        await c.seek_to_beginning(*tps)
        if since_ms is not None:
            found = await c.offsets_for_times(dict.fromkeys(tps, since_ms))
            for tp in tps:
                c.seek(tp, found[tp].offset if found.get(tp) is not None else ends[tp])
        for p, offset in (from_offsets or {}).items():
            c.seek(TopicPartition(topic, p), offset)
        yield c, ends
    finally:
        await c.stop()


async def drain(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> AsyncGenerator[Any, None]:
    """Consumer records until every partition reached its offset in ``ends``."""
    todo = {tp for tp, end in ends.items() if await consumer.position(tp) < end}
    while todo:
        batch = await consumer.getmany(*todo, timeout_ms=1000)
        for tp, recs in batch.items():
            for rec in recs:
                if rec.offset < ends[tp]:
                    yield rec
        todo = {tp for tp in todo if await consumer.position(tp) < ends[tp]}


def describe(entry: DlqEntry) -> str:
    """One line for a person: coordinates, time, stage and reason, key, size, error."""
    r = entry.record
    when = datetime.fromtimestamp(entry.timestamp_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if r is None:
        return f"{entry.coordinates} {when} unreadable: {entry.problem}"
    cut = " truncated" if r.truncated else ""
    return (f"{entry.coordinates} {when} {r.stage}/{r.reason.value} key={r.source.key or '-'} "
            f"{r.original_size}B{cut}: {r.error[:120]}")


async def connect(settings: Settings) -> None:
    """Check that Kafka answers (and create the pipeline's topics if missing, as the worker would)."""
    try:
        await preflight(settings, CONNECT_TIMEOUT_S)
    except KafkaUnavailable as exc:
        raise DlqError(str(exc)) from None


async def matching(settings: Settings, filters: Filters) -> AsyncIterator[DlqEntry]:
    """The DLQ records that match ``filters``, in offset order per partition (call :func:`connect` first)."""
    async for entry in read_dlq(settings, filters.since_ms):
        if filters.match(entry):
            yield entry
