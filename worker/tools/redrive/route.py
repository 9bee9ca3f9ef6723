"""Where a DLQ record goes back to, and as which message: the hop that rejected it, the bytes it read.

Normalize rejects go to the raw topic with their original key, headers and
Kafka timestamp. Dedupe and tag rejects go to their internal topic as the
one-item batch the DLQ kept: a tag reject sent to the raw topic instead would
come back as a duplicate of itself, since dedupe already filed it. Truncated
originals are refused: a prefix is not the message.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from worker.models import Rejected
from worker.settings import Settings
from worker.tools.dlq import DlqEntry
from worker.tools.redrive.ledger import REDRIVE_HEADER


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
    mark = (REDRIVE_HEADER, entry.coordinates.encode())
    if topic != settings.topic_raw:
        return Outgoing(entry, record, topic, None, original, [mark], None)
    headers = [(k, v.encode()) for k, v in record.headers.items() if k != REDRIVE_HEADER]
    key = record.source.key.encode() if record.source.key is not None else None
    return Outgoing(entry, record, topic, key, original, [*headers, mark], record.source.timestamp_ms or None)
