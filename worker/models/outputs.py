"""The published records on the output topics: enriched articles, duplicates, rejects."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from worker.models.articles import DedupeResult
from worker.models.base import MetadataSource, RawRef, Record, Removal
from worker.models.tags import Tags


class EnrichedArticle(Record):
    """Output on ``articles.enriched``: a non-duplicate article, tagged, with its story (v2: url, source)."""

    schema_version: Literal[2] = 2
    article_id: str
    source: RawRef
    title: str | None
    body: str
    word_count: int
    language: str | None
    language_confidence: float
    authors: list[str]
    publisher: str | None
    dateline: str | None
    published_at: datetime | None
    url: str | None
    source_domain: str | None
    metadata_source: dict[str, MetadataSource]
    credits: list[str]
    removed: list[Removal]
    content_hash: str
    dedupe: DedupeResult
    tags: Tags
    stage_versions: dict[str, str]


class DuplicateRecord(Record):
    """Output on ``articles.duplicates``: an exact or near copy, pointing at the first seen (v2: url)."""

    schema_version: Literal[2] = 2
    article_id: str
    source: RawRef
    title: str | None
    url: str | None
    content_hash: str
    dedupe: DedupeResult
    stage_versions: dict[str, str]


class RejectReason(StrEnum):
    """Bounded set of reasons a record goes to the DLQ (also a metric label)."""

    UNDECODABLE = "undecodable"
    NOT_TEXT = "not_text"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    INVALID = "invalid"
    STAGE_ERROR = "stage_error"
    TIMEOUT = "timeout"
    POISON = "poison"


class Rejected(Record):
    """Output on ``articles.dlq``: the original bytes and why they were rejected."""

    schema_version: Literal[1] = 1
    article_id: str
    stage: str
    reason: RejectReason
    error: str = Field(description="Human-readable message.")
    source: RawRef
    original_b64: str = Field(description=(
        "The value the rejecting stage read, base64: the raw message for normalize, the internal record "
        "(a one-item batch) for dedupe and tag. Whole unless 'truncated'."))
    original_size: int = Field(0, description="Size in bytes of the whole original value.")
    original_sha256: str = Field("", description="SHA-256 (hex) of the whole original value.")
    truncated: bool = Field(False, description=(
        "True when the original did not fit the DLQ record: original_b64 holds only a prefix."))
    headers: dict[str, str] = {}
