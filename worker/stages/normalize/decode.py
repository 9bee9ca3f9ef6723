"""Turn raw bytes into text, or reject them with a reason.

Why not just ``bytes.decode()``: scraped pages arrive in legacy encodings and
with mojibake. charset-normalizer guesses the encoding when UTF-8 fails, ftfy
repairs text that was decoded wrongly upstream.

Bounded work: charset-normalizer only sees the first :data:`SNIFF_BYTES`
bytes (its guess does not improve with more), and ftfy only runs when a cheap
regex finds a mojibake or HTML-entity hint, so a clean 20 MB text costs one
UTF-8 decode and a couple of C-level scans.
"""

from __future__ import annotations

import re
import unicodedata

import charset_normalizer
import ftfy

from worker.models import RejectReason
from worker.stages.errors import RejectError
from worker.stages.normalize.visible import visible

#: Share of control characters (other than whitespace) above which bytes are not text.
MAX_CONTROL_RATIO = 0.01
#: charset-normalizer guesses the encoding from this many leading bytes.
SNIFF_BYTES = 64 * 1024
#: Text beyond this many characters is cut before any per-character work (no article is that long).
MAX_TEXT_CHARS = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Typical marks of UTF-8 read as Latin-1/cp1252 (Ã©, â€™, Â ) and of escaped entities.
_MOJIBAKE_FIRST = "&ÃÂâ"
_MOJIBAKE_HINT = re.compile(r"[ÃÂâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|[ÃÂ][\xa0-\xff]|&(?:#\d{1,6}|[a-z]{2,8});")


def decode_bytes(payload: bytes, max_bytes: int, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Decode ``payload`` to ``str``; raise :class:`RejectError` for empty, huge or binary input.

    The result is cut to ``max_chars`` (HTML pages get more room than text); callers compare
    lengths to notice. It is not yet repaired: call :func:`repair` on the article text.
    """
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
    text = text[:max_chars]
    if _CONTROL.search(text):
        if _control_ratio(text) > MAX_CONTROL_RATIO:
            raise RejectError(RejectReason.NOT_TEXT, "payload is mostly control characters: binary, not text")
        text = _CONTROL.sub("", text)  # the few left are noise; dropping them keeps output stable on re-runs
    if not text.strip():
        raise RejectError(RejectReason.EMPTY, "payload has no visible text")
    return text


def repair(text: str) -> str:
    """Invisible characters out and mark floods cut (:mod:`visible`), mojibake repaired, NFC.

    Called on the article text (after HTML extraction), never on whole pages:
    ftfy costs about a second per megabyte, so it only runs when a cheap scan
    finds a hint of mojibake or escaped entities (which may unescape to
    invisible characters, hence the second :func:`visible`).
    """
    text = visible(text)
    if _may_be_mojibake(text) and _MOJIBAKE_HINT.search(text):
        text = visible(ftfy.fix_text(text, normalization=None, fix_character_width=False))
    return unicodedata.normalize("NFC", text)


def _may_be_mojibake(text: str) -> bool:
    """Cheap gate for :data:`_MOJIBAKE_HINT`: does any of its first characters occur at all?"""
    return any(ch in text for ch in _MOJIBAKE_FIRST)


def _looks_utf16(payload: bytes) -> bool:
    return payload[:2] in (b"\xff\xfe", b"\xfe\xff")


def _decode_guessing(payload: bytes) -> str:
    best = charset_normalizer.from_bytes(payload[:SNIFF_BYTES]).best()
    if best is None or best.encoding is None:
        raise RejectError(RejectReason.UNDECODABLE, "payload is not UTF-8 and no text encoding fits it")
    return payload.decode(best.encoding, errors="replace")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)
