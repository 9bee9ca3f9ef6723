"""Send messages to the raw topic: rate-limited, with a progress bar, keyed, stamped with their event time.

A message may ask for a record timestamp (its publication time). Kafka keeps or
drops records by that timestamp, not by when they arrived: a partition whose
newest record is older than ``retention.ms`` is deleted whole at the broker's
next retention check (measured: 100 records stamped 2017 went within a minute
on a 7-day topic), whether or not the worker has read them yet; a broker with
``message.timestamp.before.max.ms`` refuses them outright; and dedupe forgets
articles older than ``retention_days`` by the same clock. So a message keeps its
own timestamp only when it is younger than half the shortest of those limits;
older ones (an archive) are stamped with the send time, and are counted. Their
publication time still travels in the ``published_at`` header, which is what
normalize and the story window use.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError
from rich.progress import Progress

from worker.runtime.kafka import KafkaUnavailable, client_options, preflight
from worker.settings import Settings
from worker.tools.replay.messages import Message, within

CONNECT_TIMEOUT_S = 10.0
#: Kafka's own default for ``retention.ms`` (7 days), assumed when the topic's config cannot be read.
KAFKA_DEFAULT_RETENTION_MS = 7 * 86_400_000
#: Topic configs that bound how old a record's timestamp may be.
AGE_LIMITS = ("retention.ms", "message.timestamp.before.max.ms")
#: In-flight sends awaited together.
WINDOW = 1000


class ReplayError(RuntimeError):
    """The broker cannot be reached or refused the messages."""


@dataclass
class PublishStats:
    """Filled in by :func:`publish`: messages sent, and how many lost their own timestamp (too old)."""

    sent: int = 0
    restamped: int = 0
    horizon_ms: float = 0.0


async def publish(settings: Settings, messages: Iterable[Message], *, rate: float | None = None,
                  total: int | None = None, show_progress: bool = True, stats: PublishStats | None = None) -> int:
    """Send every message to the raw topic, at most ``rate`` per second; return the count."""
    stats = stats if stats is not None else PublishStats()
    try:
        await preflight(settings, CONNECT_TIMEOUT_S)
    except KafkaUnavailable as exc:
        raise ReplayError(str(exc)) from None
    stats.horizon_ms = await timestamp_horizon(settings)
    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5,
                                max_request_size=settings.max_message_bytes, request_timeout_ms=15_000)
    try:
        await asyncio.wait_for(producer.start(), CONNECT_TIMEOUT_S)
    except (TimeoutError, KafkaError, OSError) as exc:
        await producer.stop()
        raise ReplayError(f"cannot reach Kafka at {settings.bootstrap} ({_why(exc)})") from None
    try:
        await _send_all(producer, settings.topic_raw, messages, rate, total, show_progress, stats)
    except KafkaError as exc:
        raise ReplayError(f"Kafka refused the messages ({_why(exc)})") from None
    finally:
        await producer.stop()
    return stats.sent


async def _send_all(producer: AIOKafkaProducer, topic: str, messages: Iterable[Message], rate: float | None,
                    total: int | None, show_progress: bool, stats: PublishStats) -> None:
    started = time.monotonic()
    pending = []
    with Progress(disable=not show_progress, transient=False) as progress:
        task = progress.add_task(f"replaying to {topic}", total=total)
        for msg in messages:
            if rate:
                delay = started + stats.sent / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            stamp = within(msg.timestamp_ms, int(time.time() * 1000), stats.horizon_ms)
            stats.restamped += msg.timestamp_ms is not None and stamp is None
            pending.append(await producer.send(topic, msg.value, key=msg.key.encode(), headers=msg.headers,
                                               timestamp_ms=stamp))
            stats.sent += 1
            progress.advance(task)
            if len(pending) >= WINDOW:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)


async def timestamp_horizon(settings: Settings) -> float:
    """Half the shortest age limit on record timestamps: the raw topic's and dedupe's retention."""
    limits = [settings.retention_days * 86_400_000.0, *await _topic_age_limits(settings)]
    return min(limits) / 2


async def _topic_age_limits(settings: Settings) -> list[float]:
    """The raw topic's positive age limits (ms); Kafka's default retention when its config cannot be read."""
    admin = AIOKafkaAdminClient(**client_options(settings), request_timeout_ms=10_000)
    try:
        await asyncio.wait_for(admin.start(), CONNECT_TIMEOUT_S)
        described = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, settings.topic_raw)])
    except (TimeoutError, KafkaError, OSError):
        return [float(KAFKA_DEFAULT_RETENTION_MS)]
    finally:
        await admin.close()
    values: list[float] = []
    for response in described:
        for resource in response.resources:
            for entry in resource[4]:  # (name, value, read_only, default, sensitive[, synonyms])
                if entry[0] in AGE_LIMITS and entry[1] is not None and float(entry[1]) > 0:
                    values.append(float(entry[1]))
    return values


def _why(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
