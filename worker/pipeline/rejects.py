"""DLQ records: the original bytes, stage and reason, always small enough to be written.

A DLQ record that Kafka refuses is worse than none: the agent could not ack
the input, and one message would stop its partition. So the record is sized
against ``max_message_bytes``: the original goes in whole (base64) when it
fits, otherwise a prefix, its total size and SHA-256, flagged ``truncated``.
Headers are bounded too.
"""

from __future__ import annotations

import base64
import hashlib

from worker.models import RawRef, Rejected
from worker.stages.errors import RejectError

#: Room kept for everything in a DLQ record but the original: ids, source, error, headers, Kafka framing.
RECORD_OVERHEAD = 64 * 1024
#: Raw headers kept in a DLQ record, and characters kept of each value.
MAX_HEADERS = 32
MAX_HEADER_CHARS = 1024


def original_capacity(max_message_bytes: int) -> int:
    """Largest original (bytes) that fits whole in a DLQ record under ``max_message_bytes``."""
    return max(0, (max_message_bytes - RECORD_OVERHEAD) // 4 * 3)


def to_record(error: RejectError, *, article_id: str, source: RawRef, original: bytes, headers: dict[str, str],
              max_message_bytes: int) -> Rejected:
    """The DLQ record for ``error``; the original is cut to what fits (and flagged) when it must be."""
    keep = original_capacity(max_message_bytes)
    truncated = len(original) > keep
    return Rejected(
        article_id=article_id,
        stage=error.stage,
        reason=error.reason,
        error=error.message,
        source=source,
        original_b64=base64.b64encode(original[:keep] if truncated else original).decode("ascii"),
        original_size=len(original),
        original_sha256=hashlib.sha256(original).hexdigest(),
        truncated=truncated,
        headers={k[:MAX_HEADER_CHARS]: v[:MAX_HEADER_CHARS] for k, v in list(headers.items())[:MAX_HEADERS]},
    )
