"""Every record the worker reads or writes, as pydantic v2 models: the one place records are defined.

Split by what the records are (``base``, ``articles``, ``tags``, ``outputs``)
only to keep each file readable; import them from here. The JSON Schemas in
``schemas/`` are generated from these models
(``ingest schemas``) and a test fails when they drift.

Values are deterministic functions of the raw message (and of dedupe state at
the time it was first seen): a redelivered raw message yields a byte-identical
record. Volatile provenance (stage timings, worker host) travels in Kafka
headers instead, so it never breaks that promise.
"""

from __future__ import annotations

from pydantic import BaseModel

from worker.models.articles import (
    DedupedArticle,
    DedupedBatch,
    DedupeResult,
    FingerprintedArticle,
    FingerprintedBatch,
    NormalizedArticle,
    Verdict,
)
from worker.models.base import MetadataSource, RawRef, Record, Removal
from worker.models.outputs import (
    DuplicateRecord,
    EnrichedArticle,
    Rejected,
    RejectReason,
)
from worker.models.tags import (
    Category,
    Entity,
    EntityType,
    Keyword,
    Place,
    PlaceKind,
    Tags,
    Tone,
)

#: Models published in ``schemas/``, by file stem.
PUBLISHED_MODELS: dict[str, type[BaseModel]] = {
    "enriched_article": EnrichedArticle,
    "duplicate_record": DuplicateRecord,
    "rejected": Rejected,
    "normalized_article": NormalizedArticle,
    "fingerprinted_batch": FingerprintedBatch,
    "deduped_batch": DedupedBatch,
}

__all__ = [
    "PUBLISHED_MODELS",
    "Category",
    "DedupeResult",
    "DedupedArticle",
    "DedupedBatch",
    "DuplicateRecord",
    "EnrichedArticle",
    "Entity",
    "EntityType",
    "FingerprintedArticle",
    "FingerprintedBatch",
    "Keyword",
    "MetadataSource",
    "NormalizedArticle",
    "Place",
    "PlaceKind",
    "RawRef",
    "Record",
    "RejectReason",
    "Rejected",
    "Removal",
    "Tags",
    "Tone",
    "Verdict",
]
