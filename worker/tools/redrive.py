"""``ingest dlq redrive``: send DLQ records back through the pipeline once their cause is fixed.

Each record goes back to the hop that rejected it, as the bytes that hop read:
normalize rejects to the raw topic (original key, headers and Kafka timestamp),
dedupe and tag rejects to their internal topic as the one-item batch the DLQ
kept. A tag reject sent to the raw topic instead would come back as a duplicate
of itself, since dedupe already filed it. Every record sent carries the
``ingest-redrive`` header naming its DLQ coordinates, and the ledger
(:mod:`worker.tools.redrive_ledger`) makes a second run send nothing new.
Truncated originals are refused: a prefix is not the message.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from worker.models import RedriveMark, Rejected
from worker.runtime.kafka import KafkaUnavailable, client_options, preflight
from worker.settings import Settings
from worker.tools import redrive_ledger as ledger
from worker.tools.dlq import DlqEntry, DlqError, Filters, matching

CONNECT_TIMEOUT_S = 10.0
#: DLQ records per round of pending marks, sends and sent marks (and at most this many bytes of originals).
CHUNK = 200
CHUNK_BYTES = 32 * 1024 * 1024

Echo = Callable[[str], None]


class RedriveError(DlqError):
    """Kafka is unreachable or refused a record; the message is one line for the user."""


@dataclass(frozen=True)
class Outgoing:
    """A DLQ record as it goes back: where to, and the message."""

    entry: DlqEntry
    record: Rejected
    topic: str
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    timestamp_ms: int | None

    def describe(self) -> str:
        r = self.record
        return f"{self.entry.coordinates} {r.stage}/{r.reason.value} key={r.source.key or '-'} -> {self.topic}"


@dataclass(frozen=True)
class Refusal:
    kind: str  # truncated | corrupt | unroutable
    why: str


def target_topic(record: Rejected, original: bytes, settings: Settings) -> str | None:
    """The topic of the hop that read ``original``, or None when that cannot be told.

    The stage alone does not say it: the fingerprint half of dedupe runs in the
    normalize hop, on raw bytes, and rejects there say stage ``dedupe``.
    """
    internal = {settings.topic_normalized, settings.topic_deduped}
    if record.source.topic in internal:
        return record.source.topic  # an internal message its hop could not read: back where it was read
    if record.stage == "normalize":
        return settings.topic_raw
    if _is_batch(original):
        return {"dedupe": settings.topic_normalized, "tag": settings.topic_deduped}.get(record.stage)
    return settings.topic_raw if record.stage == "dedupe" else None


def _is_batch(value: bytes) -> bool:
    """Shaped like an internal batch message (``{"items": [{"article": ...}]}``), whatever the model version."""
    try:
        obj = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return False
    items = obj.get("items") if isinstance(obj, dict) and obj.keys() == {"items"} else None
    return isinstance(items, list) and all(isinstance(i, dict) and "article" in i for i in items)


def route(entry: DlqEntry, record: Rejected, settings: Settings) -> Outgoing | Refusal:
    """The message that sends ``record`` back to its hop, or why it cannot be sent."""
    if record.truncated:
        kept = len(base64.b64decode(record.original_b64))
        return Refusal("truncated", f"the DLQ kept {kept} of the original's {record.original_size} bytes")
    original = base64.b64decode(record.original_b64)
    if record.original_sha256 and hashlib.sha256(original).hexdigest() != record.original_sha256:
        return Refusal("corrupt", "the original does not match its SHA-256")
    topic = target_topic(record, original, settings)
    if topic is None:
        return Refusal("unroutable", f"a {record.stage} reject whose original is not an internal batch")
    mark = (ledger.REDRIVE_HEADER, entry.coordinates.encode())
    if topic != settings.topic_raw:
        return Outgoing(entry, record, topic, None, original, [mark], None)
    headers = [(k, v.encode()) for k, v in record.headers.items() if k != ledger.REDRIVE_HEADER]
    key = record.source.key.encode() if record.source.key is not None else None
    return Outgoing(entry, record, topic, key, original, [*headers, mark], record.source.timestamp_ms or None)


@dataclass
class Summary:
    selected: int = 0
    sent: int = 0
    already: int = 0
    truncated: int = 0
    unsendable: int = 0  # corrupt or unroutable
    dry_run: bool = False

    def line(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        return (f"selected {self.selected}: {verb} {self.sent}, skipped {self.already} already redriven, "
                f"refused {self.truncated} truncated, refused {self.unsendable} unroutable or corrupt")


async def redrive(settings: Settings, filters: Filters, *, dry_run: bool = False, force: bool = False,
                  ledger_topic: str | None = None, echo: Echo = print) -> Summary:
    """Send the DLQ records that match ``filters`` back to their hops; one line per record sent or refused."""
    try:
        await preflight(settings, CONNECT_TIMEOUT_S)
    except KafkaUnavailable as exc:
        raise RedriveError(str(exc)) from None
    book = ledger.Ledger(settings, ledger_topic or ledger.default_topic(settings))
    created = False if dry_run else await book.create()
    marks = {} if created else await book.load()
    run = _Run(settings, book, marks, Summary(dry_run=dry_run), force, echo)
    try:
        await run.start()
        chunk: list[Outgoing] = []
        async for entry in matching(settings, filters):
            out = run.admit(entry)
            if out is not None:
                chunk.append(out)
            if len(chunk) >= CHUNK or sum(len(o.value) for o in chunk) >= CHUNK_BYTES:
                await run.flush(chunk)
                chunk = []
        await run.flush(chunk)
    except KafkaError as exc:
        why = str(exc).strip() or type(exc).__name__
        raise RedriveError(f"Kafka at {settings.bootstrap} failed mid-redrive ({why}); run it again: "
                           "what was sent is in the ledger") from None
    finally:
        await run.stop()
    return run.summary


class _Run:
    """One redrive: the clients, the ledger's marks and the counts."""

    def __init__(self, settings: Settings, book: ledger.Ledger, marks: dict[str, RedriveMark], summary: Summary,
                 force: bool, echo: Echo) -> None:
        self.settings, self.book, self.marks, self.summary = settings, book, marks, summary
        self.force, self.echo = force, echo
        self.producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True,
                                         linger_ms=5, max_request_size=settings.max_message_bytes,
                                         request_timeout_ms=15_000)
        self.consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False)

    async def start(self) -> None:
        try:
            await asyncio.wait_for(asyncio.gather(self.producer.start(), self.consumer.start()), CONNECT_TIMEOUT_S)
        except (TimeoutError, KafkaError, OSError) as exc:
            raise RedriveError(f"cannot reach Kafka at {self.settings.bootstrap} ({exc or type(exc).__name__})"
                               ) from None

    async def stop(self) -> None:
        await asyncio.gather(self.producer.stop(), self.consumer.stop())

    def admit(self, entry: DlqEntry) -> Outgoing | None:
        """Count a selected record; the message to send, or None when it is refused or already redriven."""
        assert entry.record is not None, "filters select readable records only"
        self.summary.selected += 1
        out = route(entry, entry.record, self.settings)
        if isinstance(out, Refusal):
            if out.kind == "truncated":
                self.summary.truncated += 1
            else:
                self.summary.unsendable += 1
            self.echo(f"refused {entry.coordinates} ({out.kind}): {out.why}")
            return None
        mark = self.marks.get(entry.coordinates)
        if not self.force and ledger.applies(mark, entry.record) and mark is not None and mark.state == "sent":
            self.summary.already += 1
            return None
        return out

    async def flush(self, chunk: list[Outgoing]) -> None:
        """Send ``chunk`` (minus what an interrupted run already sent), marking it in the ledger around the send."""
        todo = chunk if self.force else await self._settle_pending(chunk)
        if not todo:
            return
        if self.summary.dry_run:
            for o in todo:
                self.echo(f"would send {o.describe()} ({len(o.value)} bytes)")
            self.summary.sent += len(todo)
            return
        ends = {t: await self._end_offsets(t) for t in {o.topic for o in todo}}
        await self.book.write(self.producer, [(o.entry.coordinates, ledger.pending(o.record, o.topic, ends[o.topic]))
                                              for o in todo])
        futures = [await self.producer.send(o.topic, o.value, key=o.key, headers=o.headers,
                                            timestamp_ms=o.timestamp_ms) for o in todo]
        results = await asyncio.gather(*futures, return_exceptions=True)
        done = [(o, r) for o, r in zip(todo, results, strict=True) if not isinstance(r, BaseException)]
        await self.book.write(self.producer, [(o.entry.coordinates, ledger.sent(o.record, o.topic, r.partition,
                                                                                r.offset)) for o, r in done])
        for o, r in done:
            self.echo(f"sent {o.describe()}/{r.partition}@{r.offset}")
        self.summary.sent += len(done)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            raise failed[0]

    async def _settle_pending(self, chunk: list[Outgoing]) -> list[Outgoing]:
        """Drop what a run that died mid-send had already sent (found by its header on the target); mark it sent."""
        waiting: dict[str, list[tuple[Outgoing, RedriveMark]]] = {}
        for o in chunk:
            mark = self.marks.get(o.entry.coordinates)
            if mark is not None and mark.state == "pending" and ledger.applies(mark, o.record):
                waiting.setdefault(mark.target_topic, []).append((o, mark))
        landed: dict[str, tuple[str, int, int]] = {}
        for topic, pairs in waiting.items():
            start: dict[int, int] = {}
            for _, m in pairs:
                for p, off in m.from_offsets.items():
                    start[p] = min(off, start.get(p, off))
            found = await ledger.find_sent(self.settings, topic, start, {o.entry.coordinates for o, _ in pairs})
            landed.update({c: (topic, p, off) for c, (p, off) in found.items()})
        if landed and not self.summary.dry_run:
            by_coords = {o.entry.coordinates: o for o in chunk}
            await self.book.write(self.producer, [(c, ledger.sent(by_coords[c].record, t, p, off))
                                                  for c, (t, p, off) in landed.items()])
        self.summary.already += len(landed)
        return [o for o in chunk if o.entry.coordinates not in landed]

    async def _end_offsets(self, topic: str) -> dict[int, int]:
        parts = self.consumer.partitions_for_topic(topic) or set(await self._refresh(topic))
        ends = await self.consumer.end_offsets([TopicPartition(topic, p) for p in parts])
        return {tp.partition: off for tp, off in ends.items()}

    async def _refresh(self, topic: str) -> set[int]:
        await self.consumer.topics()  # a metadata request for every topic
        return self.consumer.partitions_for_topic(topic) or set()
