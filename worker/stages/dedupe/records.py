"""What dedupe stores per article, and the posting-list entries of its lookup index.

One :class:`Stored` per article, in one table write, so the changelog holds a
decision whole or not at all: there is no second write a crash could lose. It
carries the decision (a redelivered article gets it back unchanged) and, for a
unique article, everything the lookup index and the story scoring derive from
it: content hash, packed features, publication time, edge-paragraph hashes.

Stored as a JSON object with named fields (it is a changelog message in the
worker; the features string dominates its size, ~0.7-1 KB).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import xxhash

from worker.models import DedupeResult, Verdict

MINUTE = 60_000


@dataclass(frozen=True)
class Stored:
    """One article's dedupe record."""

    verdict: Verdict
    ingest_ms: int
    key: str | None = None
    duplicate_of: str | None = None
    duplicate_of_key: str | None = None
    similarity: float | None = None
    story_id: str | None = None
    story_size: int = 1
    story_similarity: float | None = None
    recurring: list[int] = field(default_factory=list)
    # --- unique articles only: what the lookup index and story scoring need ---
    published_ms: int = 0
    content_hash: str = ""
    features: str = ""
    lines: str = ""  # "scope|hash hash ...": edge paragraphs filed as boilerplate evidence

    @property
    def unique(self) -> bool:
        return self.verdict is Verdict.UNIQUE

    def result(self) -> DedupeResult:
        """The decision it holds (a redelivery returns exactly this)."""
        return DedupeResult(verdict=self.verdict, duplicate_of=self.duplicate_of,
                            duplicate_of_key=self.duplicate_of_key, similarity=self.similarity,
                            story_id=self.story_id, story_size=self.story_size,
                            story_similarity=self.story_similarity, recurring=self.recurring)

    def encode(self) -> dict[str, Any]:
        """The table value: defaults left out, so a duplicate's record stays a few dozen bytes."""
        defaults = _DEFAULTS
        return {k: v for k, v in asdict(self).items() if v != defaults.get(k, object())}

    @classmethod
    def decode(cls, value: dict[str, Any] | None) -> Stored | None:
        if value is None:
            return None
        return cls(**{**value, "verdict": Verdict(value["verdict"])})

    @classmethod
    def copy_of(cls, result: DedupeResult, ingest_ms: int, key: str | None) -> Stored:
        return cls(verdict=result.verdict, ingest_ms=ingest_ms, key=key, duplicate_of=result.duplicate_of,
                   duplicate_of_key=result.duplicate_of_key, similarity=result.similarity,
                   story_id=result.story_id)


_DEFAULTS = {k: v for k, v in asdict(Stored(verdict=Verdict.UNIQUE, ingest_ms=0)).items()
             if k not in ("verdict", "ingest_ms")}


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, d = divmod(n, 36)
        out = digits[d] + out
        if not n:
            return out


def posting_entry(article_id: str, published_ms: int, ingest_ms: int, story_id: str) -> str:
    """``aid/pub/ingest/story``: times in whole minutes base 36, the story as a 5-character hash."""
    story = xxhash.xxh32_hexdigest(story_id.encode())[:5]
    return f"{article_id}/{_b36(published_ms // MINUTE)}/{_b36(ingest_ms // MINUTE)}/{story}"


def postings(packed: str | None) -> list[tuple[str, int, int, str]]:
    """Decode a posting list (None or "" is empty) into (article_id, published ms, ingest ms, story tag)."""
    out = []
    for entry in (packed or "").split():
        aid, pub, ing, story = entry.split("/")
        out.append((aid, int(pub, 36) * MINUTE, int(ing, 36) * MINUTE, story))
    return out
