"""The dedupe stage's decision logic, over state given to it as plain mappings.

The worker passes faust tables (RocksDB, changelog-backed); ``ingest process``
and the tests pass dicts. The logic is the same either way.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from worker.models import DedupeResult, NormalizedArticle, Verdict
from worker.settings import Settings

VERSION = "dedupe/1"


class DedupeState(Protocol):
    """The tables dedupe reads and writes. Values are JSON-able."""

    articles: MutableMapping[str, Any]
    """article_id -> stored decision; a hit means a redelivery, which gets the same answer."""
    hashes: MutableMapping[str, Any]
    """content hash -> [article_id, raw key] of the first article with that text."""


@dataclass
class MemoryState:
    """Dict-backed state for in-process runs and tests."""

    articles: MutableMapping[str, Any] = field(default_factory=dict)
    hashes: MutableMapping[str, Any] = field(default_factory=dict)


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
