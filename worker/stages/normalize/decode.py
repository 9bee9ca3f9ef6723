"""Turn raw bytes into text, or reject them with a reason.

Why not just ``bytes.decode()``: scraped pages arrive in legacy encodings and
with mojibake. charset-normalizer guesses the encoding when UTF-8 fails, ftfy
repairs text that was decoded wrongly upstream.
"""

from __future__ import annotations

import charset_normalizer
import ftfy

from worker.models import RejectReason
from worker.stages.errors import RejectError

#: Share of control characters (other than whitespace) above which bytes are not text.
MAX_CONTROL_RATIO = 0.01


def decode_bytes(payload: bytes, max_bytes: int) -> str:
    """Decode ``payload`` to ``str``; raise :class:`RejectError` for empty, huge or binary input."""
    if len(payload) > max_bytes:
        raise RejectError(RejectReason.TOO_LARGE, f"payload is {len(payload)} bytes, limit {max_bytes}")
    if not payload.strip():
        raise RejectError(RejectReason.EMPTY, "payload is empty or whitespace only")
    if b"\x00" in payload and not _looks_utf16(payload):
        raise RejectError(RejectReason.NOT_TEXT, "payload contains NUL bytes: binary, not text")
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_guessing(payload)
    text = ftfy.fix_text(text, normalization="NFC")
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise RejectError(RejectReason.NOT_TEXT, "payload is mostly control characters: binary, not text")
    if not text.strip():
        raise RejectError(RejectReason.EMPTY, "payload has no visible text")
    return text


def _looks_utf16(payload: bytes) -> bool:
    return payload[:2] in (b"\xff\xfe", b"\xfe\xff")


def _decode_guessing(payload: bytes) -> str:
    best = charset_normalizer.from_bytes(payload).best()
    if best is None:
        raise RejectError(RejectReason.UNDECODABLE, "payload is not UTF-8 and no text encoding fits it")
    return str(best)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(text)
