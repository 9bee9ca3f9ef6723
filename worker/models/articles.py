"""Articles as they move between the hops: normalized, fingerprinted, decided; the internal batch messages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from worker.models.base import MetadataSource, RawRef, Record, Removal


class NormalizedArticle(Record):
    """Output of the normalize stage: clean body, metadata and language."""

    article_id: str = Field(description="Stable id derived from the raw coordinates.")
    source: RawRef
    title: str | None = None
    body: str = Field(description="NFC text, paragraphs separated by a blank line.")
    folded: str = Field("", exclude=True, description=(
        "Lower-cased, punctuation- and digit-free form used for hashing only; in memory, never on a topic."))
    content_hash: str = Field(description="Hash of the folded text (exact-copy key).")
    word_count: int
    language: str | None = Field(None, description="ISO 639-1 code.")
    language_confidence: float = 0.0
    authors: list[str] = []
    publisher: str | None = None
    dateline: str | None = Field(None, description="Place from a dateline like 'SHANGHAI (Reuters) –'.")
    published_at: datetime | None = None
    url: str | None = Field(None, description="The article's URL, from the 'url' header.")
    source_domain: str | None = Field(None, description=(
        "Site the article came from ('source_domain' header, else the URL's host without 'www.')."))
    metadata_source: dict[str, MetadataSource] = Field({}, description=(
        "Field name -> where its value came from, for every metadata field that has a value."))
    credits: list[str] = Field([], description="Photo, reporting and editing credit lines moved out of the body.")
    flags: list[str] = Field([], description="E.g. 'machine_generated'.")
    removed: list[Removal] = []
    stage_versions: dict[str, str] = {}


class Verdict(StrEnum):
    """What dedupe decided about an article."""

    UNIQUE = "unique"
    EXACT_DUPLICATE = "exact_duplicate"
    NEAR_DUPLICATE = "near_duplicate"


class DedupeResult(Record):
    """The dedupe stage's decision for one article."""

    verdict: Verdict
    duplicate_of: str | None = Field(None, description="article_id of the first-seen copy.")
    duplicate_of_key: str | None = Field(None, description="Raw key of the first-seen copy.")
    similarity: float | None = Field(None, description="Estimated Jaccard to the first-seen copy.")
    story_id: str | None = Field(None, description="article_id of the story's first article.")
    story_size: int = Field(1, description="Articles in the story when this one joined.")
    story_similarity: float | None = Field(None, description="Similarity to the story's best match.")
    recurring: list[int] = Field([], description=(
        "Body paragraphs (0-based, as normalize left the body) seen in other stories of the same publisher: "
        "boilerplate, removed from the enriched body and listed in its 'removed' with reason 'recurring'."))


class FingerprintedArticle(Record):
    """Internal: a normalized article plus its dedupe fingerprint, from normalize to dedupe.

    The fingerprint (MinHash, band keys, weighted terms, names) is the expensive,
    stateless half of dedupe. It is computed by the normalize hop, which scales
    with partitions and processes, so the single-partition dedupe hop only looks
    things up.
    """

    article: NormalizedArticle
    fingerprint: str
    timings_us: dict[str, int] = Field({}, description="Stage -> microseconds so far (volatile, for headers).")


class DedupedArticle(Record):
    """Internal: a unique article on its way from dedupe to tag."""

    article: NormalizedArticle
    dedupe: DedupeResult
    timings_us: dict[str, int] = Field({}, description="Stage -> microseconds so far (volatile, for headers).")


class FingerprintedBatch(Record):
    """Internal message on ``articles.normalized``: the articles of one normalize chunk, in raw order.

    Internal hops carry batches, not single articles: per-message costs (faust's
    stream machinery, the producer, the broker) are paid once per batch.
    """

    items: list[FingerprintedArticle]


class DedupedBatch(Record):
    """Internal message on ``articles.deduped``: the unique articles of one dedupe chunk."""

    items: list[DedupedArticle]
