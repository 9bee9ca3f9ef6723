"""The replayer: publish article files to the raw topic, one message per file.

Keys are file stems, headers carry the file name and content type. The raw
topic is created with the pipeline's layout when missing.
"""

from __future__ import annotations

import asyncio
import mimetypes
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from rich.progress import Progress

from worker.runtime.kafka import KafkaUnavailable, client_options, preflight
from worker.settings import Settings

CONNECT_TIMEOUT_S = 10.0
ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm"}


class ReplayError(RuntimeError):
    """The broker cannot be reached or refused the messages."""


@dataclass(frozen=True)
class Message:
    key: str
    value: bytes
    headers: list[tuple[str, bytes]]


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the article files in them, sorted by name."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            out.append(p)
    return out


def messages_from_files(files: list[Path], repeat: int = 1) -> Iterator[Message]:
    for _ in range(repeat):
        for f in files:
            ctype = mimetypes.guess_type(f.name)[0] or "text/plain"
            yield Message(f.stem, f.read_bytes(), [("filename", f.name.encode()), ("content-type", ctype.encode())])


async def publish(settings: Settings, messages: Iterable[Message], *, rate: float | None = None,
                  total: int | None = None, show_progress: bool = True) -> int:
    """Send every message to the raw topic, at most ``rate`` per second; return the count."""
    try:
        await preflight(settings, CONNECT_TIMEOUT_S)
    except KafkaUnavailable as exc:
        raise ReplayError(str(exc)) from None
    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5,
                                max_request_size=settings.max_message_bytes, request_timeout_ms=15_000)
    try:
        await asyncio.wait_for(producer.start(), CONNECT_TIMEOUT_S)
    except (TimeoutError, KafkaError, OSError) as exc:
        await producer.stop()
        raise ReplayError(f"cannot reach Kafka at {settings.bootstrap} ({_why(exc)})") from None
    sent = 0
    started = time.monotonic()
    pending = []
    try:
        with Progress(disable=not show_progress, transient=False) as progress:
            task = progress.add_task(f"replaying to {settings.topic_raw}", total=total)
            for msg in messages:
                if rate:
                    delay = started + sent / rate - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                pending.append(await producer.send(settings.topic_raw, msg.value, key=msg.key.encode(),
                                                   headers=msg.headers))
                sent += 1
                progress.advance(task)
                if len(pending) >= 1000:
                    await asyncio.gather(*pending)
                    pending.clear()
            await asyncio.gather(*pending)
    except KafkaError as exc:
        raise ReplayError(f"Kafka refused the messages ({_why(exc)})") from None
    finally:
        await producer.stop()
    return sent


def _why(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
