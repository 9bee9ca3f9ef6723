"""The faust app: topics, tables, web endpoints. Agents live in :mod:`worker.agents`.

Every topic is read as raw bytes and decoded inside the agent, so a payload
that fails to decode becomes a DLQ record instead of an exception thrown into
the stream (which faust answers by acking the event and restarting the agent).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import faust
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from worker import metrics
from worker.codecs import register_codecs
from worker.health import Heartbeat
from worker.kafka import MAX_MESSAGE_BYTES, ssl_context, topic_layout
from worker.local_index import LocalIndex
from worker.settings import Settings
from worker.stages.dedupe import TABLES as DEDUPE_TABLES
from worker.stages.dedupe import VERSION as DEDUPE_VERSION
from worker.stages.normalize import VERSION as NORMALIZE_VERSION
from worker.stages.tag import VERSION as TAG_VERSION

STAGE_VERSIONS = {"normalize": NORMALIZE_VERSION, "dedupe": DEDUPE_VERSION, "tag": TAG_VERSION}


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
    """The faust app plus what its agents share: topics, tables, heartbeat, progress."""

    settings: Settings
    app: faust.App
    topics: Topics
    tables: dict[str, Any]
    #: The dedupe lookup index: local, derived from ``tables`` (see worker.local_index).
    index: LocalIndex
    heartbeat: Heartbeat
    #: (topic, partition) -> next offset to process, for the lag gauge.
    progress: dict[tuple[str, int], int] = field(default_factory=dict)
    #: Loads the stages' models and caches; the runner calls it before the worker starts (set by the agents).
    warm_up: Callable[[], None] = lambda: None

    def is_ready(self) -> tuple[bool, str]:
        """Ready = started, not rebalancing, tables recovered, partitions assigned."""
        app = self.app
        if app.rebalancing:
            return False, "rebalancing"
        recovery = app.tables.recovery  # type: ignore[attr-defined]  # TableManager has it; TableManagerT doesn't
        if app.in_recovery or not recovery.completed.is_set():
            return False, "recovering tables"
        try:
            assigned = app.consumer.assignment()
        except Exception:  # the consumer is not up yet
            return False, "consumer not started"
        if not assigned:
            return False, "no partitions assigned"
        return True, f"{len(assigned)} partitions assigned"


def _credentials(settings: Settings) -> Any:
    if settings.security_protocol.startswith("SASL"):
        mechanism = settings.sasl_mechanism or "PLAIN"
        return faust.SASLCredentials(
            username=settings.sasl_username or "",
            password=settings.sasl_password or "",
            mechanism=mechanism,
            ssl_context=ssl_context(settings) if settings.security_protocol == "SASL_SSL" else None,
        )
    if settings.security_protocol == "SSL":
        return faust.SSLCredentials(ssl_context(settings))
    return None


def create_app(settings: Settings) -> WorkerApp:
    register_codecs()
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
        # Offsets of acked events are committed 4x a second: after a SIGKILL fewer delivered articles come
        # back as (byte-identical) repeats: chaos 43 -> 19 offsets with repeats, no throughput change measured.
        broker_commit_interval=0.25,
        producer_acks=-1,
        producer_linger_ms=2,
        producer_max_request_size=MAX_MESSAGE_BYTES,
        consumer_max_fetch_size=8 * 1024 * 1024,
        stream_wait_empty=True,
        web_enabled=True,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_stats_enabled=False,
        web_graph_enabled=False,
        web_router_enabled=False,
        web_metrics_enabled=False,
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
    wapp = WorkerApp(settings=settings, app=app, topics=topics, tables=tables, index=index,
                     heartbeat=Heartbeat(stall_after_s=settings.liveness_stall_s))
    metrics.BUILD_INFO.info({"version": metrics.VERSION, **{f"{k}_version": v for k, v in STAGE_VERSIONS.items()}})
    _add_web_routes(wapp)
    _add_lag_timer(wapp)
    from worker.agents import add_agents  # agents need the finished WorkerApp

    add_agents(wapp)
    return wapp


def _add_web_routes(wapp: WorkerApp) -> None:
    app = wapp.app

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(generate_latest(metrics.REGISTRY), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        ok, details = wapp.heartbeat.status()
        return web.json({"status": "ok" if ok else "stuck", **details}, status=200 if ok else 503)

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        ok, why = wapp.is_ready()
        return web.json({"status": "ready" if ok else "not ready", "detail": why}, status=200 if ok else 503)


def _add_lag_timer(wapp: WorkerApp) -> None:
    app = wapp.app

    @app.timer(interval=5.0)
    async def sample_lag() -> None:
        try:
            assigned = app.consumer.assignment()
        except Exception:
            return
        per_topic: dict[str, int] = {}
        for tp in assigned:
            high = app.consumer.highwater(tp)
            if high is None:
                continue
            done = wapp.progress.get((tp.topic, tp.partition))
            if done is None:  # nothing processed here since start: fall back to the last commit
                done = getattr(app.consumer, "_committed_offset", {}).get(tp) or 0
            per_topic[tp.topic] = per_topic.get(tp.topic, 0) + max(0, high - done)
        for name, lag in per_topic.items():
            metrics.CONSUMER_LAG.labels(topic=name).set(lag)
        for name, table in wapp.tables.items():
            metrics.DEDUPE_STATE_ENTRIES.labels(table=name).set(_estimated_entries(table))
        metrics.DEDUPE_STATE_ENTRIES.labels(table="index").set(len(wapp.index))
        metrics.LAST_PROCESSED.labels(stage="heartbeat").set(time.time())


def _estimated_entries(table: Any) -> int:
    """RocksDB's own key-count estimate: ``len()`` on a RocksDB table iterates every key."""
    dbs = getattr(table.data, "_dbs", None)
    if dbs is None:
        return len(table.data)
    return sum(int(db.property_int_value("rocksdb.estimate-num-keys") or 0) for db in dbs.values())
