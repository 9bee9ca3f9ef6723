"""DLQ records always fit the topic: whole originals when they fit, a flagged prefix otherwise."""

import base64
import hashlib

from worker.models import RawRef, RejectReason
from worker.pipeline.rejects import MAX_HEADER_CHARS, MAX_HEADERS, original_capacity, to_record
from worker.stages.errors import MAX_ERROR_CHARS, RejectError

SOURCE = RawRef(topic="articles.raw", partition=1, offset=9, key="k", timestamp_ms=1)
LIMIT = 1024 * 1024


def _record(original: bytes, headers: dict[str, str] | None = None):
    error = RejectError(RejectReason.TOO_LARGE, "x" * 10_000, "normalize")
    return to_record(error, article_id="a1", source=SOURCE, original=original, headers=headers or {},
                     max_message_bytes=LIMIT)


def test_an_original_that_fits_is_kept_whole():
    original = b"\xff\x00" * 1000
    rec = _record(original)
    assert base64.b64decode(rec.original_b64) == original
    assert not rec.truncated and rec.original_size == len(original)
    assert rec.original_sha256 == hashlib.sha256(original).hexdigest()
    assert len(rec.error) == MAX_ERROR_CHARS


def test_an_original_at_the_edge_fits_and_one_byte_more_is_cut_to_a_prefix():
    keep = original_capacity(LIMIT)
    assert not _record(b"a" * keep).truncated
    rec = _record(b"a" * keep + b"b")
    assert rec.truncated and rec.original_size == keep + 1
    assert base64.b64decode(rec.original_b64) == b"a" * keep
    assert len(rec.model_dump_json()) < LIMIT


def test_headers_are_bounded():
    headers = {f"h{i}": "v" * 5000 for i in range(100)}
    rec = _record(b"x", headers)
    assert len(rec.headers) == MAX_HEADERS
    assert all(len(v) == MAX_HEADER_CHARS for v in rec.headers.values())
