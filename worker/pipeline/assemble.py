"""Build the output records from a normalized article and what dedupe and tag decided about it.

An output record repeats the article's fields by name (the models are the one
place that says which), so a field added to both models is carried without
touching this module.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from worker.models import DedupeResult, DuplicateRecord, EnrichedArticle, NormalizedArticle, Tags

M = TypeVar("M", bound=BaseModel)
#: Fields an output sets itself rather than copying from the article.
_OWN = frozenset({"schema_version", "dedupe", "tags", "stage_versions"})


def _shared(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f for f in model.model_fields if f in NormalizedArticle.model_fields and f not in _OWN)


_COPIED = {EnrichedArticle: _shared(EnrichedArticle), DuplicateRecord: _shared(DuplicateRecord)}


def _build(model: type[M], article: NormalizedArticle, versions: dict[str, str], **own: Any) -> M:
    fields = {f: getattr(article, f) for f in _COPIED[model]}
    return model(**fields, **own, stage_versions={**article.stage_versions, **versions})


def enriched(article: NormalizedArticle, dedupe: DedupeResult, tags: Tags, versions: dict[str, str]) -> EnrichedArticle:
    return _build(EnrichedArticle, article, versions, dedupe=dedupe, tags=tags)


def duplicate(article: NormalizedArticle, dedupe: DedupeResult, versions: dict[str, str]) -> DuplicateRecord:
    return _build(DuplicateRecord, article, versions, dedupe=dedupe)
