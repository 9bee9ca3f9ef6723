"""Compact encodings of what dedupe stores: article records and posting lists.

Each table write is a Kafka changelog message in the worker, and each read a
RocksDB get plus a JSON decode, so values are flat lists and packed strings
rather than nested objects.

- Article record: ``[verdict code, ingest ms, duplicate_of, duplicate_of_key,
  similarity, story_id, story_size, story_similarity]``, and for unique articles
  also ``[published ms or 0, raw key, content hash, packed features, recurring
  paragraph indexes, "scope|edge paragraph hashes"]`` (see :mod:`boilerplate`).
  Decoding gives back the very same ``DedupeResult`` (redeliveries repeat their
  answer). Records written before the last two fields existed read as having none.
- Posting list: space-separated entries ``aid/pub/ingest/story``, times in whole
  minutes base 36, story as a 5-character hash (only counted, to spot hot keys),
  newest last.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import xxhash

from worker.models import DedupeResult, Verdict

_CODES = {Verdict.UNIQUE: "u", Verdict.EXACT_DUPLICATE: "e", Verdict.NEAR_DUPLICATE: "n"}
_VERDICTS = {v: k for k, v in _CODES.items()}
MINUTE = 60_000


def encode(result: DedupeResult, ingest_ms: int, unique: tuple[int, str | None, str, str, str] | None = None,
           ) -> list[Any]:
    """The stored record; ``unique`` = (published ms, raw key, content hash, packed features, edge lines)."""
    r = result
    rec = [_CODES[r.verdict], ingest_ms, r.duplicate_of, r.duplicate_of_key, r.similarity, r.story_id,
           r.story_size, r.story_similarity]
    if unique is None:
        return rec
    published, key, content_hash, features, lines = unique
    return [*rec, published, key, content_hash, features, r.recurring, lines]


def decode(rec: list[Any]) -> DedupeResult:
    """The decision a record holds."""
    return DedupeResult(verdict=_VERDICTS[rec[0]], duplicate_of=rec[2], duplicate_of_key=rec[3], similarity=rec[4],
                        story_id=rec[5], story_size=rec[6], story_similarity=rec[7],
                        recurring=rec[12] if len(rec) > 12 else [])


class Doc(NamedTuple):
    """The fields of a unique article's record that candidate scoring and expiry use."""

    ingest: int
    story_id: str
    published: int
    key: str | None
    content_hash: str
    features: str
    lines: str  # "scope|hash hash ...": the edge paragraphs filed for boilerplate evidence


def doc(rec: list[Any] | None) -> Doc | None:
    """The unique-article view of a record, or None for copies and misses."""
    if rec is None or len(rec) < 12:
        return None
    return Doc(rec[1], rec[5], rec[8], rec[9], rec[10], rec[11], rec[13] if len(rec) > 13 else "")


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, d = divmod(n, 36)
        out = digits[d] + out
        if not n:
            return out


def posting_entry(article_id: str, published_ms: int, ingest_ms: int, story_id: str) -> str:
    story = xxhash.xxh32_hexdigest(story_id.encode())[:5]
    return f"{article_id}/{_b36(published_ms // MINUTE)}/{_b36(ingest_ms // MINUTE)}/{story}"


def postings(packed: str | None) -> list[tuple[str, int, int, str]]:
    """Decode a posting list (None or "" is empty) into (article_id, published ms, ingest ms, story tag)."""
    out = []
    for entry in (packed or "").split():
        aid, pub, ing, story = entry.split("/")
        out.append((aid, int(pub, 36) * MINUTE, int(ing, 36) * MINUTE, story))
    return out
