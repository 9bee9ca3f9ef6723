"""The one Prometheus registry, and every metric the worker exports.

Rules: seconds not milliseconds, counters end in ``_total``, and labels only
take bounded values (stage, outcome, kind, reason class, topic); never article
ids. faust's own Prometheus sensor is not used: it reports milliseconds and
leaves stale series behind after rebalances.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.metrics import MetricWrapperBase

from worker import __version__ as VERSION
from worker.models import DuplicateRecord, EnrichedArticle, Rejected, Verdict
from worker.pipeline import VERSIONS, Result

REGISTRY = CollectorRegistry(auto_describe=True)

#: Stage latencies: sub-millisecond normalize up to multi-second NER batches.
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
#: Raw-to-output latency, dominated by batching and Kafka round trips.
E2E_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

RAW_CONSUMED = Counter(
    "ingest_raw_consumed",
    "Raw messages read from the input topic. Equals enriched + duplicates + rejected once drained.",
    registry=REGISTRY,
)
ARTICLES_OUT = Counter(
    "ingest_articles_out",
    "Articles written to an output topic, by outcome (enriched, duplicate, rejected).",
    ["outcome"],
    registry=REGISTRY,
)
STAGE_EVENTS = Counter(
    "ingest_stage_events",
    "Articles handled per stage, by outcome (ok, duplicate, rejected).",
    ["stage", "outcome"],
    registry=REGISTRY,
)
STAGE_SECONDS = Histogram(
    "ingest_stage_seconds",
    "Time one article spends in a stage's pure code (batched stages: batch time / batch size).",
    ["stage"],
    buckets=STAGE_BUCKETS,
    registry=REGISTRY,
)
END_TO_END_SECONDS = Histogram(
    "ingest_end_to_end_seconds",
    "From the raw message's Kafka timestamp to its output record being acknowledged, by outcome.",
    ["outcome"],
    buckets=E2E_BUCKETS,
    registry=REGISTRY,
)
#: Countries that get a label of their own on ARTICLES_BY_COUNTRY; every other code counts as "other".
#: Fixed (not "top N so far"), so the series set is bounded and stable across restarts: the G20 members,
#: then the countries NewsArticles and wire copy name most that the G20 lacks.
COUNTRY_LABELS = frozenset({
    "AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "ID", "IN", "IT", "JP", "KR", "MX", "RU", "SA", "TR", "US",
    "ZA", "UA", "IL", "IR", "SY", "IQ", "AF", "PK", "EG", "KP", "TW", "IE", "ES", "PL", "NL", "BE", "CH", "SE",
})
ARTICLES_BY_COUNTRY = Counter(
    "ingest_articles_by_country",
    "Enriched articles by their most salient country (tags.countries[0]): one of COUNTRY_LABELS, "
    "'other', or 'none' when no place resolved.",
    ["country"],
    registry=REGISTRY,
)


def country_label(countries: list[str]) -> str:
    """The bounded label for an article's countries: its first, 'other', or 'none'."""
    if not countries:
        return "none"
    return countries[0] if countries[0] in COUNTRY_LABELS else "other"


DUPLICATES = Counter(
    "ingest_duplicates",
    "Duplicates found, by kind (exact, near).",
    ["kind"],
    registry=REGISTRY,
)
DLQ_RECORDS = Counter(
    "ingest_dlq_records",
    "Records written to the DLQ, by stage and reason class.",
    ["stage", "reason"],
    registry=REGISTRY,
)
DEDUPE_STATE_ENTRIES = Gauge(
    "ingest_dedupe_state_entries",
    "Entries in each dedupe table held by this process.",
    ["table"],
    registry=REGISTRY,
)
DEDUPE_INDEX_REBUILT = Counter(
    "ingest_dedupe_index_rebuilt_articles",
    "Articles re-filed in the local dedupe index from the tables (after a new disk, a crash or a rebalance).",
    registry=REGISTRY,
)
DEDUPE_EXPIRED = Counter(
    "ingest_dedupe_expired_entries",
    "Dedupe state entries dropped because they passed the retention window.",
    ["table"],
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "ingest_consumer_lag_messages",
    "Messages behind the log end on the partitions this process owns, summed per topic.",
    ["topic"],
    registry=REGISTRY,
)
ASSIGNED_PARTITIONS = Gauge(
    "ingest_assigned_partitions",
    "Partitions of each topic this process consumes now (the one with the internal 1-partition topic "
    "holds dedupe).",
    ["topic"],
    registry=REGISTRY,
)
LAST_PROCESSED = Gauge(
    "ingest_last_processed_timestamp_seconds",
    "Unix time a stage last finished an article; alert when it stops moving while lag grows.",
    ["stage"],
    registry=REGISTRY,
)
REFILLED = Counter(
    "ingest_offset_refilled",
    "Records faust skipped in delivery (around rebalances) that the worker read from the broker itself.",
    ["topic"],
    registry=REGISTRY,
)
INFRASTRUCTURE_ERRORS = Counter(
    "ingest_infrastructure_errors",
    "Batches retried because of a fault that is not the input's (kind: kafka, disk, storage); never DLQ'd.",
    ["stage", "kind"],
    registry=REGISTRY,
)
BUILD_INFO = Info("ingest_build", "Version of the worker and its stage code.", registry=REGISTRY)
BUILD_INFO.info({"version": VERSION, **{f"{stage}_version": v for stage, v in VERSIONS.items()}})

#: Stage timings a hop reports, by the hop that runs them.
_TIMED = {"normalize": ("normalize", "fingerprint"), "dedupe": ("dedupe",), "tag": ("tag",)}


@cache
def child(metric: MetricWrapperBase, *values: str) -> Any:
    """``metric.labels(*values)``, looked up once per label set (a lock and a dict per call otherwise)."""
    return metric.labels(*values)


def observe(hop: str, result: Result) -> None:
    """Count one article's outcome at ``hop``: events, time per stage, duplicates, rejects."""
    record = result.record
    if isinstance(record, Rejected):
        child(DLQ_RECORDS, record.stage, record.reason.value).inc()
        child(STAGE_EVENTS, hop, "rejected").inc()
        return
    for stage in _TIMED[hop]:
        child(STAGE_SECONDS, stage).observe(result.timings_us.get(stage, 0) / 1e6)
    if isinstance(record, DuplicateRecord):
        child(DUPLICATES, "exact" if record.dedupe.verdict is Verdict.EXACT_DUPLICATE else "near").inc()
        child(STAGE_EVENTS, hop, "duplicate").inc()
        return
    child(STAGE_EVENTS, hop, "ok").inc()
    if isinstance(record, EnrichedArticle):
        child(ARTICLES_BY_COUNTRY, country_label(record.tags.countries)).inc()
