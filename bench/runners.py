"""The three ways ``make bench`` runs the same articles: the worker, a bare consumer loop, no Kafka at all.

Each Kafka runner gets a deployment of its own (fresh topics, group, state)
on the shared broker, with N articles pre-loaded on the raw topic, starts its
processes, and is timed from "ready" to the last article on an output topic
(read from the topics' end offsets, the same way for both). The ceiling runs
the same ``Pipeline`` hops over the same articles in a plain loop.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.broker_usage import bytes_written, snapshot
from tests.integration.conftest import REPO, Deployment
from worker.models import RawRef
from worker.pipeline import Pipeline
from worker.runtime.kafka import client_options, ensure_topics
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.tools.broker import LocalBroker
from worker.tools.replay import Message, publish


@dataclass
class Run:
    """One timed run of one runner."""

    throughput: float
    client_cpu_ms: float
    broker_cpu_ms: float
    broker_bytes_per_article: float
    raw_bytes_per_article: float
    peak_rss_mb: float
    stage_us: dict[str, float] = field(default_factory=dict)


def fresh_deployment(broker: LocalBroker, tmp: Path, prefix: str) -> Deployment:
    """A deployment of its own on the shared broker: new topics (created, with leaders), group and state dir."""
    tag = uuid.uuid4().hex[:8]
    s = Settings(bootstrap=broker.bootstrap, app_id=f"{prefix}-{tag}", topic_raw=f"raw-{tag}",
                 topic_normalized=f"normalized-{tag}", topic_deduped=f"deduped-{tag}",
                 topic_enriched=f"enriched-{tag}", topic_duplicates=f"duplicates-{tag}", topic_dlq=f"dlq-{tag}",
                 partitions=4)
    p = Deployment(settings=s, tmp=tmp / tag)
    p.tmp.mkdir(parents=True)
    asyncio.run(ensure_topics(s))  # fresh topics answer NotLeaderForPartition for a moment
    return p


async def _outputs(s: Settings) -> int:
    """Records on the output topics so far (their end offsets)."""
    consumer = AIOKafkaConsumer(**client_options(s), group_id=None)
    await consumer.start()
    try:
        tps = [TopicPartition(t, p) for t in (s.topic_enriched, s.topic_duplicates, s.topic_dlq)
               for p in range(s.partitions)]
        return sum((await consumer.end_offsets(tps)).values())
    finally:
        await consumer.stop()


def _start(kind: str, p: Deployment, ner: bool, i: int) -> tuple[list[subprocess.Popen[bytes]], list]:
    env = {"INGEST_NER_ENABLED": str(ner).lower(), "INGEST_LOG_LEVEL": "WARNING"}
    if kind == "worker":
        return [], [p.worker(**env).start()]
    log = open(p.tmp / f"bare-{i}.log", "ab")  # noqa: SIM115 - the child keeps it
    return [subprocess.Popen([sys.executable, "-m", "bench.bare_loop"], env=p.env(**env), stdout=log,
                             stderr=subprocess.STDOUT, cwd=REPO)], []


def run_kafka(kind: str, broker: LocalBroker, tmp: Path, msgs: list[Message], processes: int, ner: bool) -> Run:
    """Time ``processes`` processes of ``kind`` ("worker" or "bare") over ``msgs`` pre-loaded on the raw topic."""
    p = fresh_deployment(broker, tmp, kind)
    s = p.settings
    asyncio.run(publish(s, msgs, show_progress=False))
    raw_bytes = sum(len(m.value) for m in msgs)
    bare, workers = [], []
    for i in range(processes):
        b, w = _start(kind, p, ner, i)
        bare += b
        workers += w
    try:
        for w in workers:
            w.wait_ready(timeout=180)
        pids = [w.proc.pid for w in workers if w.proc] + [b.pid for b in bare]
        procs = [psutil.Process(pid) for pid in pids]
        cpu0 = sum(sum(pr.cpu_times()[:2]) for pr in procs)
        before, started, peak = snapshot(broker), time.monotonic(), 0.0
        while asyncio.run(_outputs(s)) < len(msgs):
            time.sleep(0.25)
            peak = max(peak, max(pr.memory_info().rss for pr in procs) / 2**20)
            assert all(pr.is_running() and pr.status() != psutil.STATUS_ZOMBIE for pr in procs), "a process died"
        elapsed = time.monotonic() - started
        after = snapshot(broker)
        cpu = sum(sum(pr.cpu_times()[:2]) for pr in procs) - cpu0
        stage_us = _stage_us(workers)
    finally:
        for w in workers:
            w.terminate()
        for b in bare:
            b.terminate()
            b.wait(timeout=30)
    n = len(msgs)
    return Run(n / elapsed, 1000 * cpu / n, 1000 * (after.cpu_s - before.cpu_s) / n,
               bytes_written(before, after, {s.topic_raw}) / n, raw_bytes / n, peak, stage_us)


def _stage_us(workers: list) -> dict[str, float]:
    out = {}
    for stage in ("normalize", "fingerprint", "dedupe", "tag"):
        total = sum(w.metric("ingest_stage_seconds_sum", stage=stage) for w in workers)
        count = sum(w.metric("ingest_stage_seconds_count", stage=stage) for w in workers)
        out[stage] = 1e6 * total / count if count else 0.0
    return out


def _ceiling_share(args: tuple[list[Message], bool]) -> tuple[float, float]:
    """(seconds, peak RSS MB) of the plain loop over one share, models loaded first as a worker does."""
    msgs, ner = args
    pipeline = Pipeline(Settings(ner_enabled=ner))
    pipeline.warm_up()
    raws = [RawInput(m.value, RawRef(topic="bench", partition=0, offset=i, key=m.key, timestamp_ms=0))
            for i, m in enumerate(msgs)]
    started = time.perf_counter()
    for _ in pipeline.run(raws):
        pass
    return time.perf_counter() - started, psutil.Process(os.getpid()).memory_info().rss / 2**20


def run_ceiling(msgs: list[Message], processes: int, ner: bool) -> Run:
    """Articles/s of the plain loop; with P processes each takes an equal share in parallel."""
    shares = [msgs[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        started = time.perf_counter()
        results = list(pool.map(_ceiling_share, [(sh, ner) for sh in shares]))
        elapsed = time.perf_counter() - started
    busy = sum(seconds for seconds, _ in results)
    return Run(len(msgs) / elapsed, 1000 * busy / len(msgs), 0.0, 0.0,
               statistics.mean(len(m.value) for m in msgs), max(rss for _, rss in results))
