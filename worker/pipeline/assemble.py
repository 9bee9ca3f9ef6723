"""Build the output records from stage results. Shared by the worker and ``ingest process``."""

from __future__ import annotations

from worker.models import DedupeResult, DuplicateRecord, EnrichedArticle, NormalizedArticle, Tags


def enriched(article: NormalizedArticle, dedupe: DedupeResult, tags: Tags, versions: dict[str, str]) -> EnrichedArticle:
    return EnrichedArticle(
        article_id=article.article_id,
        source=article.source,
        title=article.title,
        body=article.body,
        word_count=article.word_count,
        language=article.language,
        language_confidence=article.language_confidence,
        authors=article.authors,
        publisher=article.publisher,
        dateline=article.dateline,
        published_at=article.published_at,
        url=article.url,
        source_domain=article.source_domain,
        metadata_source=article.metadata_source,
        credits=article.credits,
        removed=article.removed,
        content_hash=article.content_hash,
        dedupe=dedupe,
        tags=tags,
        stage_versions={**article.stage_versions, **versions},
    )


def duplicate(article: NormalizedArticle, dedupe: DedupeResult, versions: dict[str, str]) -> DuplicateRecord:
    return DuplicateRecord(
        article_id=article.article_id,
        source=article.source,
        title=article.title,
        url=article.url,
        content_hash=article.content_hash,
        dedupe=dedupe,
        stage_versions={**article.stage_versions, **versions},
    )
