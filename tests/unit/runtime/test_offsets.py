"""The offset guard: in order, each offset once, skipped records read back, only confirmed gaps acked."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka import TopicPartition

from worker.runtime import offsets
from worker.runtime.offsets import OffsetGuard


@dataclass
class Record:
    offset: int
    topic: str = "raw"
    partition: int = 0
    key: bytes = b"k"
    value: bytes = b"v"
    headers: list[Any] = field(default_factory=list)


@dataclass
class Message:
    offset: int
    generation_id: int = 1
    topic: str = "raw"
    partition: int = 0
    key: bytes = b"k"
    value: bytes = b"v"
    headers: list[Any] = field(default_factory=list)
    acked: bool = False

    @property
    def tp(self) -> TopicPartition:
        return TopicPartition(self.topic, self.partition)


@dataclass
class Event:
    message: Message


class Consumer:
    def __init__(self) -> None:
        self.gaps: list[tuple[int, int]] = []

    def _to_message(self, tp: Any, record: Record) -> Message:
        return Message(record.offset, topic=tp.topic, partition=tp.partition)


class App:
    consumer_generation_id = 1

    def __init__(self) -> None:
        self.consumer = Consumer()


class Broker:
    """A partition holding ``offsets`` (others are markers), committed at ``committed``."""

    def __init__(self, committed: int | None, offsets: set[int]) -> None:
        self._committed, self.offsets, self.reads = committed, offsets, []

    async def committed(self, tp: Any) -> int | None:
        return self._committed

    async def beginning(self, tp: Any) -> int:
        return min(self.offsets)

    async def read(self, tp: Any, start: int, end: int) -> list[Record]:
        self.reads.append((start, end))
        return [Record(o) for o in range(start, end) if o in self.offsets]


class Stream:
    def __init__(self) -> None:
        self.acked: list[int] = []

    async def ack(self, event: Event) -> None:
        self.acked.append(event.message.offset)


@pytest.fixture(autouse=True)
def _gaps(monkeypatch: pytest.MonkeyPatch) -> None:
    async def add_gap(consumer: Consumer, tp: Any, first: int, last: int) -> None:
        consumer.gaps.append((first, last))

    monkeypatch.setattr(offsets, "_faust_add_gap", add_gap)


def _admit(guard: OffsetGuard, stream: Stream, offs: list[int], generation: int = 1) -> list[int]:
    events = [Event(Message(o, generation_id=generation)) for o in offs]
    return [e.message.offset for e in asyncio.run(guard.admit(stream, events))]


def test_in_order_batches_pass_through_untouched() -> None:
    broker = Broker(committed=10, offsets=set(range(100)))
    guard, stream = OffsetGuard(App(), broker), Stream()
    assert _admit(guard, stream, [10, 11, 12]) == [10, 11, 12]
    assert _admit(guard, stream, [13, 14]) == [13, 14]
    assert broker.reads == [] and stream.acked == []


def test_skipped_records_are_read_from_the_broker_and_come_first() -> None:
    broker = Broker(committed=10, offsets=set(range(100)))
    guard, stream = OffsetGuard(App(), broker), Stream()
    assert _admit(guard, stream, [10, 14, 15]) == [10, 11, 12, 13, 14, 15]
    assert broker.reads == [(11, 14)]


def test_a_partition_first_seen_past_its_committed_offset_starts_at_the_committed_offset() -> None:
    broker = Broker(committed=3, offsets=set(range(100)))
    assert _admit(OffsetGuard(App(), broker), Stream(), [7, 8]) == [3, 4, 5, 6, 7, 8]


def test_repeats_are_acked_and_not_processed_again() -> None:
    broker = Broker(committed=0, offsets=set(range(100)))
    guard, stream = OffsetGuard(App(), broker), Stream()
    assert _admit(guard, stream, [0, 1, 2]) == [0, 1, 2]
    assert _admit(guard, stream, [1, 2, 3]) == [3]
    assert stream.acked == [1, 2]


def test_offsets_without_records_become_gaps_only_when_the_broker_confirms_them() -> None:
    broker = Broker(committed=0, offsets={0, 1, 4, 5})  # 2 and 3: transaction markers
    guard, stream = OffsetGuard(App(), broker), Stream()
    app = guard.app
    assert _admit(guard, stream, [0, 1, 4, 5]) == [0, 1, 4, 5]
    assert app.consumer.gaps == [(2, 3)]


def test_a_broker_fault_leaves_positions_unchanged_so_the_retried_batch_is_the_same() -> None:
    broker = Broker(committed=0, offsets=set(range(100)))
    guard, stream = OffsetGuard(App(), broker), Stream()
    assert _admit(guard, stream, [0, 1]) == [0, 1]

    async def down(tp: Any, start: int, end: int) -> list[Record]:
        raise OSError("broker down")

    broker.read = down  # type: ignore[method-assign]
    with pytest.raises(OSError):
        _admit(guard, stream, [2, 5])
    broker.read = Broker.read.__get__(broker)  # type: ignore[method-assign]
    assert _admit(guard, stream, [2, 5]) == [2, 3, 4, 5]


def test_a_new_generation_starts_again_from_the_committed_offset() -> None:
    broker = Broker(committed=0, offsets=set(range(100)))
    app = App()
    guard, stream = OffsetGuard(app, broker), Stream()
    assert _admit(guard, stream, [0, 1, 2]) == [0, 1, 2]
    app.consumer_generation_id = 2
    broker._committed = 2
    assert _admit(guard, stream, [2, 3], generation=2) == [2, 3]
    assert _admit(guard, stream, [9], generation=1) == [9], "a message from an old generation is processed as before"
