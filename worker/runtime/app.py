"""The faust app: topics and dedupe state. Agents are attached by :mod:`worker.runtime.runner`.

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

from worker.runtime import assignment, offsets
from worker.runtime.dedupe_table import DecisionTable, create_store
from worker.runtime.health import Health
from worker.runtime.kafka import ssl_context, topic_layout
from worker.runtime.local_index import LocalIndex
from worker.settings import Settings
from worker.stages.dedupe import DedupeStore


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
    #: Dedupe state: the decisions table (changelogged), the local index derived from it, the store over both.
    table: DecisionTable
    index: LocalIndex
    store: DedupeStore
    health: Health
    #: (topic, partition) -> next offset to process, for the lag gauge.
    progress: dict[tuple[str, int], int] = field(default_factory=dict)
    #: Set when the process must exit with an error (an agent died).
    exit_code: int = 0


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
    assignment.install()
    offsets.install()
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
        # Offsets of acked events are committed twice a second, so after a SIGKILL few delivered
        # articles come back as (byte-identical) repeats (4x a second overlapped itself under load).
        broker_commit_interval=0.5,
        # A crashed member's partitions move after the session timeout (faust's default is 60 s); the
        # heartbeat is a third of it. faust's consumer runs in its own thread, so a long batch on the
        # event loop does not stop heartbeats.
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.session_timeout_s / 3,
        consumer_group_instance_id=settings.group_instance_id,
        table_standby_replicas=settings.standby_replicas,
        producer_acks=-1,
        producer_compression_type=None if settings.compression == "none" else settings.compression,
        producer_linger_ms=5,
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
    table, index, store = create_store(app, settings)
    return WorkerApp(settings=settings, app=app, topics=topics, table=table, index=index, store=store,
                     health=Health(app, stall_after_s=settings.liveness_stall_s))
