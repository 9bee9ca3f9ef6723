"""One redrive run: select DLQ records, route them, skip what the ledger lists, send in chunks, count."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from worker.runtime.kafka import client_options
from worker.settings import Settings
from worker.tools.dlq import (
    CONNECT_TIMEOUT_S,
    DlqEntry,
    DlqError,
    Filters,
    connect,
    describe,
    matching,
    partitions,
)
from worker.tools.redrive import ledger
from worker.tools.redrive.route import Outgoing, Refusal, route

#: DLQ records per round of pending marks, sends and sent marks (and at most this many bytes of originals).
CHUNK = 200
CHUNK_BYTES = 32 * 1024 * 1024

Echo = Callable[[str], None]


class RedriveError(DlqError):
    """Kafka is unreachable or refused a record; the message is one line for the user."""


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
    await connect(settings)
    book = ledger.Ledger(settings, ledger_topic or ledger.default_topic(settings))
    created = False if dry_run else await book.create()
    marks = {} if created else await book.load()
    run = _Run(settings, book, marks, Summary(dry_run=dry_run), force, echo)
    try:
        await run.start()
        if not dry_run:
            await run.prune()
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


async def listing(settings: Settings, filters: Filters, ledger_topic: str | None = None) -> AsyncIterator[str]:
    """``ingest dlq list``: one line per matching DLQ record, with where the ledger says it was redriven."""
    await connect(settings)
    marks = await ledger.Ledger(settings, ledger_topic or ledger.default_topic(settings)).load()
    async for entry in matching(settings, filters):
        mark = marks.get(entry.coordinates)
        assert entry.record is not None, "filters select readable records only"
        line = describe(entry)
        if mark is not None and ledger.applies(mark, entry.record):
            line += (f" [redriven -> {mark.target_topic}/{mark.partition}@{mark.offset}]" if mark.state == "sent"
                     else f" [redrive pending -> {mark.target_topic}]")
        yield line


class _Run:
    """One redrive: the clients, the ledger's marks and the counts."""

    def __init__(self, settings: Settings, book: ledger.Ledger, marks: dict[str, ledger.RedriveMark], summary: Summary,
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
        await asyncio.gather(self.producer.stop(), self.consumer.stop(), return_exceptions=True)

    async def prune(self) -> None:
        """Forget marks of DLQ records that retention deleted, so the ledger stays as small as the DLQ."""
        dlq = self.settings.topic_dlq
        tps = [TopicPartition(dlq, p) for p in await partitions(self.settings, dlq)]
        starts = {tp.partition: off for tp, off in (await self.consumer.beginning_offsets(tps)).items()}
        gone = ledger.stale(self.marks, dlq, starts)
        await self.book.write(self.producer, [(c, None) for c in gone])
        for c in gone:
            del self.marks[c]

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
        waiting: dict[str, list[tuple[Outgoing, ledger.RedriveMark]]] = {}
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
        parts = await partitions(self.settings, topic)
        ends = await self.consumer.end_offsets([TopicPartition(topic, p) for p in parts])
        return {tp.partition: off for tp, off in ends.items()}
