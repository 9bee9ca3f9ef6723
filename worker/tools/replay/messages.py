"""An article as a Kafka message: key, raw bytes, metadata headers, and the record timestamp it asks for.

Header names and formats are the ones :mod:`worker.stages.normalize.provided`
reads: times in ISO 8601 (UTC), authors joined by ``"; "``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import xxhash

from worker.stages.normalize.provided import AUTHOR_SEPARATOR
from worker.tools.replay.records import Article

#: ``publication``: the record timestamp is the article's time when the source states one; ``now``: send time.
Timestamps = Literal["publication", "now"]


@dataclass(frozen=True)
class Message:
    """One record for the raw topic. ``timestamp_ms`` None lets the producer stamp the send time."""

    key: str
    value: bytes
    headers: list[tuple[str, bytes]]
    timestamp_ms: int | None = None


def key_of(article: Article) -> str:
    """Stable per article: the source's id, else its URL, else a hash of the bytes (copies share a key)."""
    return article.id or article.url or f"xxh3-{xxhash.xxh3_64_hexdigest(article.payload)}"


def event_ms(article: Article) -> int | None:
    """When the article happened, as far as the source says: published, else crawled (never Last-Modified)."""
    when = article.published_at or article.crawled_at
    return int(when.timestamp() * 1000) if when is not None else None


def to_message(article: Article, timestamps: Timestamps = "publication") -> Message:
    headers = [("filename", article.filename), ("content-type", article.content_type)]
    text_fields = {"url": article.url, "source_domain": article.source_domain, "publisher": article.publisher,
                   "language": article.language, "title": article.title}
    headers += [(name, value) for name, value in text_fields.items() if value]
    time_fields = {"published_at": article.published_at, "last_modified": article.last_modified,
                   "crawled_at": article.crawled_at}
    headers += [(name, _iso(value)) for name, value in time_fields.items() if value is not None]
    if article.authors:
        headers.append(("authors", AUTHOR_SEPARATOR.join(article.authors)))
    return Message(key=key_of(article), value=article.payload, headers=[(k, v.encode()) for k, v in headers],
                   timestamp_ms=event_ms(article) if timestamps == "publication" else None)


def within(timestamp_ms: int | None, now_ms: int, horizon_ms: float) -> int | None:
    """``timestamp_ms`` if it is less than ``horizon_ms`` old (and not in the future), else None (send time)."""
    if timestamp_ms is None or not 0 <= now_ms - timestamp_ms < horizon_ms:
        return None
    return timestamp_ms


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
