"""Kafka messages in and out: raw events as stage input, hop results as records to send.

The only place that knows both faust's event objects and the pipeline's
records, so the agents stay a few lines each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from worker.models import DuplicateRecord, EnrichedArticle, FingerprintedArticle, RawRef, Rejected
from worker.pipeline import Result
from worker.stages.normalize import RawInput

#: Header with the stage timings of an output record (volatile, so never in the value).
TIMING_HEADER = "ingest-timings"
#: Outcome of a record that goes on to the next hop (not an output of the pipeline).
FORWARDED = "forwarded"


@dataclass(frozen=True, slots=True)
class Send:
    """One record to write, and what it means for the metrics."""

    topic: Any  # a faust topic
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    outcome: str  # enriched | duplicate | rejected | forwarded
    raw_ts: float  # Kafka timestamp of the raw message, seconds


def headers_of(event: Any) -> dict[str, str]:
    raw = event.message.headers or []
    items = raw.items() if isinstance(raw, dict) else raw
    return {str(k): v.decode("utf-8", "replace") if isinstance(v, bytes | bytearray) else str(v) for k, v in items}


def source_of(event: Any, headers: dict[str, str]) -> RawRef:
    """Where the message sits: topic, partition, offset, key, Kafka timestamp."""
    msg = event.message
    key = msg.key.decode("utf-8", "replace") if isinstance(msg.key, bytes | bytearray) else msg.key
    return RawRef(topic=msg.topic, partition=msg.partition, offset=msg.offset, key=key,
                  timestamp_ms=int((msg.timestamp or 0) * 1000),
                  filename=headers.get("filename"), content_type=headers.get("content-type"))


def value_of(event: Any) -> bytes:
    value = event.value if event.value is not None else event.message.value
    return bytes(value) if value is not None else b""


def raw_input(event: Any) -> RawInput:
    headers = headers_of(event)
    return RawInput(value=value_of(event), source=source_of(event, headers), headers=headers)


def message_id(source: RawRef) -> str:
    """An id for a message that could not be read as articles (a broken internal batch)."""
    return hashlib.sha256(f"{source.topic}/{source.partition}/{source.offset}".encode()).hexdigest()[:16]


def timing_header(timings_us: dict[str, int]) -> list[tuple[str, bytes]]:
    return [(TIMING_HEADER, ",".join(f"{k}={v}us" for k, v in timings_us.items()).encode())] if timings_us else []


def output(topic: Any, result: Result, outcome: str) -> Send:
    """A published record (enriched, duplicate, rejected), keyed by its article id."""
    record = result.record
    assert isinstance(record, EnrichedArticle | DuplicateRecord | Rejected), "internal records go out in batches"
    return Send(topic, record.article_id.encode(), record.model_dump_json().encode(), timing_header(result.timings_us),
                outcome, record.source.timestamp_ms / 1000)


def batches(items: list[FingerprintedArticle] | list[Any], max_bytes: int) -> Iterator[list[Any]]:
    """Split internal records into runs whose JSON stays under ``max_bytes`` (an oversized one goes alone)."""
    run: list[Any] = []
    size = 0
    for item, n in zip(items, _sizes(items), strict=True):
        if run and size + n > max_bytes:
            yield run
            run, size = [], 0
        run.append(item)
        size += n
    if run:
        yield run


def _sizes(items: Iterable[Any]) -> list[int]:
    # body length in bytes dominates a record's size; 2 KB covers the fields around it
    return [len(item.article.body.encode()) + 2048 for item in items]


def is_rejected(result: Result) -> bool:
    return isinstance(result.record, Rejected)
