"""Build DLQ records: the original bytes, untouched, plus stage and reason."""

from __future__ import annotations

import base64

from worker.models import RawRef, Rejected, RejectReason

#: Error messages are cut so one bad record cannot bloat the DLQ.
MAX_ERROR_CHARS = 500


def rejected(
    *,
    article_id: str,
    stage: str,
    reason: RejectReason,
    error: str,
    source: RawRef,
    original: bytes,
    headers: dict[str, str],
) -> Rejected:
    return Rejected(
        article_id=article_id,
        stage=stage,
        reason=reason,
        error=error[:MAX_ERROR_CHARS],
        source=source,
        original_b64=base64.b64encode(original).decode("ascii"),
        headers=headers,
    )
