"""The faust app: topics and the dedupe tables. Agents are attached by :mod:`worker.runtime.runner`.

Every topic is read as raw bytes and decoded inside the agent, so a payload
that fails to decode becomes a DLQ record instead of an exception thrown into
the stream (which faust answers by acking the event and restarting the agent).
faust's own web server is off: :mod:`worker.runtime.web` serves our three
endpoints and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import faust

from worker.runtime.health import Health
from worker.runtime.kafka import ssl_context, topic_layout
from worker.runtime.local_index import LocalIndex
from worker.settings import Settings
from worker.stages.dedupe import TABLES as DEDUPE_TABLES


@dataclass
class Topics:
    raw: faust.TopicT
    normalized: faust.TopicT
    deduped: faust.TopicT
    enriched: faust.TopicT
    duplicates: faust.TopicT
    dlq: faust.TopicT


@dataclass
class WorkerApp:
    """The faust app plus what its agents share: topics, dedupe state, health, progress."""

    settings: Settings
    app: faust.App
    topics: Topics
    tables: dict[str, Any]
    #: The dedupe lookup index: local, derived from ``tables`` (see worker.stages.dedupe.index).
    index: LocalIndex
    health: Health
    #: (topic, partition) -> next offset to process, for the lag gauge.
    progress: dict[tuple[str, int], int] = field(default_factory=dict)


def _credentials(settings: Settings) -> Any:
    if settings.security_protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username or "",
            password=settings.sasl_password or "",
            mechanism=settings.sasl_mechanism or "PLAIN",
            ssl_context=ssl_context(settings) if settings.security_protocol == "SASL_SSL" else None,
        )
    if settings.security_protocol == "SSL":
        return faust.SSLCredentials(ssl_context(settings))
    return None


def create_app(settings: Settings) -> WorkerApp:
    """The faust app with its topics and tables; no agents yet."""
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{h.strip()}" for h in settings.bootstrap.split(",")],
        broker_credentials=_credentials(settings),
        store="rocksdb://",
        datadir=str(settings.data_dir),
        autodiscover=False,
        processing_guarantee="at_least_once",
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        # Offsets of acked events are committed 4x a second, so after a SIGKILL few delivered
        # articles come back as (byte-identical) repeats.
        broker_commit_interval=0.25,
        producer_acks=-1,
        producer_linger_ms=2,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=settings.max_message_bytes,
        stream_wait_empty=True,
        web_enabled=False,
    )
    layout = topic_layout(settings)

    def topic(name: str) -> faust.TopicT:
        return app.topic(name, partitions=layout[name], key_type=bytes, value_type=bytes,
                         key_serializer="raw", value_serializer="raw")

    topics = Topics(
        raw=topic(settings.topic_raw),
        normalized=topic(settings.topic_normalized),
        deduped=topic(settings.topic_deduped),
        enriched=topic(settings.topic_enriched),
        duplicates=topic(settings.topic_duplicates),
        dlq=topic(settings.topic_dlq),
    )
    table_options = {"block_cache_size": settings.rocksdb_block_cache_mb * 1024 * 1024,
                     "write_buffer_size": settings.rocksdb_write_buffer_mb * 1024 * 1024,
                     "max_write_buffer_number": 2,
                     "block_cache_compressed_size": 0}
    tables = {
        name: app.Table(f"dedupe-{name}", default=None, partitions=1, key_type=str, options=table_options)
        for name in DEDUPE_TABLES
    }
    index = LocalIndex(settings.data_dir / f"{settings.app_id}-dedupe-index", settings.rocksdb_block_cache_mb,
                       settings.rocksdb_write_buffer_mb)
    return WorkerApp(settings=settings, app=app, topics=topics, tables=tables, index=index,
                     health=Health(app, stall_after_s=settings.liveness_stall_s))
