"""The dedupe stage's decision logic, over state given to it as plain mappings.

The worker passes faust tables (RocksDB, changelog-backed); ``ingest process``
and the tests pass dicts. The logic is the same either way.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from worker.models import DedupeResult, NormalizedArticle, Verdict
from worker.settings import Settings

VERSION = "dedupe/1"


#: The state tables dedupe needs. The worker creates one faust table per name
#: (RocksDB, changelog-backed); in-process runs use dicts.
TABLES: tuple[str, ...] = ("articles", "hashes")


class DedupeState:
    """Named mappings holding dedupe state. Values must be JSON-able.

    - ``articles``: article_id -> stored decision; a hit means a redelivery,
      which gets the very same answer back.
    - ``hashes``: content hash -> [article_id, raw key] of the first copy.
    """

    def __init__(self, tables: dict[str, MutableMapping[str, Any]] | None = None) -> None:
        tables = tables if tables is not None else {name: {} for name in TABLES}
        missing = set(TABLES) - set(tables)
        if missing:
            raise ValueError(f"dedupe state lacks tables {sorted(missing)}")
        self.tables = tables
        self.articles = tables["articles"]
        self.hashes = tables["hashes"]


def MemoryState() -> DedupeState:
    """Dict-backed state for in-process runs and tests."""
    return DedupeState()


class Deduper:
    """Decides unique / exact_duplicate for each article, in arrival order."""

    def __init__(self, state: DedupeState, settings: Settings) -> None:
        self.state = state
        self.settings = settings

    def decide(self, article: NormalizedArticle) -> DedupeResult:
        """Return the verdict; a redelivered article gets its first verdict back unchanged."""
        stored = self.state.articles.get(article.article_id)
        if stored is not None:
            return DedupeResult.model_validate(stored)
        result = self._fresh_decision(article)
        self.state.articles[article.article_id] = result.model_dump(mode="json")
        return result

    def _fresh_decision(self, article: NormalizedArticle) -> DedupeResult:
        first = self.state.hashes.get(article.content_hash)
        if first is not None:
            first_id, first_key = first
            return DedupeResult(
                verdict=Verdict.EXACT_DUPLICATE,
                duplicate_of=first_id,
                duplicate_of_key=first_key,
                similarity=1.0,
            )
        self.state.hashes[article.content_hash] = [article.article_id, article.source.key]
        return DedupeResult(verdict=Verdict.UNIQUE, story_id=article.article_id, story_size=1)

    def expire(self, now_ms: int, budget: int = 1000) -> int:
        """Drop up to ``budget`` entries older than the retention window; return how many.

        The worker calls this between batches, so state stays bounded without a
        long pause. (Retention arrives with the full dedupe stage.)
        """
        return 0
