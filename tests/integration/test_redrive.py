"""``ingest dlq redrive`` on a real broker: rejects come back through the hop that rejected them, once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition

from tests.integration.conftest import REPO, Deployment
from worker.models import DedupedBatch, FingerprintedArticle, FingerprintedBatch, RawRef, Rejected, RejectReason
from worker.pipeline import Pipeline, rejects
from worker.runtime.kafka import ensure_topics
from worker.settings import Settings
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput
from worker.tools.dlq import Filters
from worker.tools.redrive import ledger as redrive_ledger
from worker.tools.redrive import redrive
from worker.tools.replay import article_files
from worker.tools.topic_reader import read_topics

pytestmark = pytest.mark.integration

SEEDS = article_files([REPO / "seeds"])


def _ingest(p: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "worker", "dlq", *args], capture_output=True, text=True, cwd=REPO,
                          env=p.env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


def _records(settings: Settings, topic: str) -> list[Any]:
    async def read() -> list[Any]:
        return [r async for r in read_topics(settings, [topic], idle_timeout=1.5)]

    return asyncio.run(read())


def _wait_for(settings: Settings, topic: str, done: Any, timeout: float = 120) -> list[dict[str, Any]]:
    """Records of ``topic`` (JSON) once ``done(records)`` holds; the last read when time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        records = [json.loads(r.value) for r in _records(settings, topic)]
        if done(records) or time.monotonic() > deadline:
            return records


def _end_offsets(settings: Settings, *topics: str) -> dict[tuple[str, int], int]:
    async def ends() -> dict[tuple[str, int], int]:
        from aiokafka import AIOKafkaConsumer

        c = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap, group_id=None)
        await c.start()
        try:
            tps = [TopicPartition(t, p) for t in topics for p in range(settings.partitions)
                   if p == 0 or t != settings.topic_normalized]
            return {(tp.topic, tp.partition): off for tp, off in (await c.end_offsets(tps)).items()}
        finally:
            await c.stop()

    return asyncio.run(ends())


def test_a_timeout_reject_redriven_with_the_default_budget_comes_out_enriched_and_only_once(pipeline, seed_messages):
    s = pipeline.settings
    tight = pipeline.worker(INGEST_STAGE_TIMEOUT_S="0.0005").start()  # NER on: every stage is slower than this
    tight.wait_ready()
    pipeline.replay(seed_messages())
    first = pipeline.collect(expected=len(SEEDS))
    assert tight.terminate() == 0
    rejected = first["dlq"]
    assert rejected, f"no article timed out at 0.5 ms\n{tight.tail_log()}"
    assert {r["reason"] for r in rejected} == {"timeout"}
    assert {r["stage"] for r in rejected} <= {"normalize", "dedupe", "tag"}
    enriched_before = {r["source"]["key"] for r in first["enriched"]}

    relaxed = pipeline.worker().start()
    relaxed.wait_ready()
    out = _ingest(pipeline, "redrive", "--reason", "timeout").stdout.splitlines()
    assert out[-1] == (f"selected {len(rejected)}: sent {len(rejected)}, skipped 0 already redriven, "
                       "refused 0 truncated, refused 0 unroutable or corrupt"), out
    keys = {r["source"]["key"] for r in rejected}
    enriched = _wait_for(s, s.topic_enriched, lambda rs: keys <= {r["source"]["key"] for r in rs})
    assert {r["source"]["key"] for r in enriched} == keys | enriched_before == {f.stem for f in SEEDS}
    by_key = {r["source"]["key"]: r for r in rejected}
    for r in enriched:
        if r["source"]["key"] in keys and by_key[r["source"]["key"]]["stage"] == "normalize":
            # Back on the raw topic with its original Kafka timestamp, at a new offset.
            assert r["source"]["timestamp_ms"] == by_key[r["source"]["key"]]["source"]["timestamp_ms"]

    internal = (s.topic_raw, s.topic_normalized, s.topic_deduped)
    before = _end_offsets(s, *internal)
    again = _ingest(pipeline, "redrive", "--reason", "timeout").stdout.splitlines()
    assert again == [f"selected {len(rejected)}: sent 0, skipped {len(rejected)} already redriven, "
                     "refused 0 truncated, refused 0 unroutable or corrupt"]
    assert _end_offsets(s, *internal) == before, "a second redrive published something"
    listed = _ingest(pipeline, "list", "--reason", "timeout").stdout.splitlines()
    assert len(listed) == len(rejected) + 1 and all("[redriven -> " in line for line in listed[:-1]), listed
    assert relaxed.terminate() == 0


def test_dedupe_and_tag_rejects_go_back_to_their_internal_topics_and_truncated_ones_are_refused(pipeline):
    s = pipeline.settings
    asyncio.run(ensure_topics(s))
    dedupe_item, tag_item = _fingerprinted(s, SEEDS[0]), _fingerprinted(s, SEEDS[1])
    deduped = Pipeline(s.model_copy(update={"ner_enabled": False})).dedupe(tag_item).record
    records = [
        _reject(s, "dedupe", FingerprintedBatch(items=[dedupe_item]).model_dump_json().encode(), dedupe_item),
        _reject(s, "tag", DedupedBatch(items=[deduped]).model_dump_json().encode(), tag_item),  # type: ignore[list-item]
        _reject(s, "normalize", b"x" * 2_000_000, tag_item, max_message_bytes=1024 * 1024),
    ]
    asyncio.run(_publish(s, s.topic_dlq, [r.model_dump_json().encode() for r in records]))
    worker = pipeline.worker().start()
    worker.wait_ready()
    out = _ingest(pipeline, "redrive", "--all").stdout.splitlines()
    assert out[-1] == ("selected 3: sent 2, skipped 0 already redriven, refused 1 truncated, "
                       "refused 0 unroutable or corrupt"), out
    assert any(line.startswith("refused ") and "(truncated)" in line for line in out)
    assert any(f"-> {s.topic_normalized}/" in line for line in out) and any(f"-> {s.topic_deduped}/" in line
                                                                            for line in out), out
    ids = {dedupe_item.article.article_id, tag_item.article.article_id}
    enriched = _wait_for(s, s.topic_enriched, lambda rs: ids <= {r["article_id"] for r in rs})
    assert {r["article_id"] for r in enriched} == ids, worker.tail_log()
    assert worker.terminate() == 0


def test_an_interrupted_redrive_resumes_without_sending_twice_and_dry_run_and_force_behave(pipeline):
    s = pipeline.settings
    asyncio.run(ensure_topics(s))
    item = _fingerprinted(s, SEEDS[2])
    landed, lost = (_reject(s, "normalize", f.read_bytes(), item, key=f.stem) for f in SEEDS[3:5])
    asyncio.run(_publish(s, s.topic_dlq, [r.model_dump_json().encode() for r in (landed, lost)], partition=0))
    coords = {landed.source.key: f"{s.topic_dlq}/0/0", lost.source.key: f"{s.topic_dlq}/0/1"}
    # A run that died mid-send: both marked pending, only the first reached the raw topic.
    raw_ends = {p: off for (_, p), off in _end_offsets(s, s.topic_raw).items()}
    book = redrive_ledger.default_topic(s)
    asyncio.run(redrive_ledger.Ledger(s, book).create())
    marks = [(coords[r.source.key], redrive_ledger.pending(r, s.topic_raw, raw_ends)) for r in (landed, lost)]
    asyncio.run(_publish_marks(s, book, marks))
    header = [(redrive_ledger.REDRIVE_HEADER, coords[landed.source.key].encode())]
    asyncio.run(_publish(s, s.topic_raw, [b"what the dead run sent"], headers=header))

    def run(**kw: Any) -> tuple[list[str], str]:
        lines: list[str] = []
        summary = asyncio.run(redrive(s, Filters(reasons=frozenset({RejectReason.TIMEOUT})), echo=lines.append, **kw))
        return lines, summary.line()

    dry = run(dry_run=True)
    assert dry[1].startswith("selected 2: would send 1, skipped 1 already redriven"), dry
    before = _end_offsets(s, s.topic_raw)
    lines, summary = run()
    assert summary.startswith("selected 2: sent 1, skipped 1 already redriven"), (lines, summary)
    assert [line.split()[1] for line in lines] == [coords[lost.source.key]]
    after = _end_offsets(s, s.topic_raw)
    assert sum(after.values()) - sum(before.values()) == 1
    assert run()[1].startswith("selected 2: sent 0, skipped 2 already redriven")
    assert run(force=True)[1].startswith("selected 2: sent 2, skipped 0")
    sent = [r for r in _records(s, s.topic_raw) if dict(r.headers).get(redrive_ledger.REDRIVE_HEADER)]
    assert sorted(dict(r.headers)[redrive_ledger.REDRIVE_HEADER].decode() for r in sent) == sorted(
        [coords[landed.source.key]] * 2 + [coords[lost.source.key]] * 2)
    assert {r.key.decode() for r in sent if r.value != b"what the dead run sent"} == set(coords)


# --- helpers ------------------------------------------------------------------------------------------


def _fingerprinted(s: Settings, path: Path) -> FingerprintedArticle:
    source = RawRef(topic=s.topic_raw, partition=0, offset=1000 + SEEDS.index(path), key=path.stem,
                    timestamp_ms=int(time.time() * 1000))
    record = Pipeline(s.model_copy(update={"ner_enabled": False})).normalize(RawInput(path.read_bytes(), source)).record
    assert isinstance(record, FingerprintedArticle)
    return record


def _reject(s: Settings, stage: str, original: bytes, item: FingerprintedArticle, *, key: str | None = None,
            max_message_bytes: int | None = None) -> Rejected:
    source = item.article.source.model_copy(update={"key": key} if key else {})
    return rejects.to_record(RejectError(RejectReason.TIMEOUT, f"{stage} took too long", stage),
                             article_id=item.article.article_id, source=source, original=original,
                             headers={"filename": f"{source.key}.txt"},
                             max_message_bytes=max_message_bytes or s.max_message_bytes)


async def _publish(s: Settings, topic: str, values: list[bytes], *, partition: int | None = None,
                   headers: list[tuple[str, bytes]] | None = None) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=s.bootstrap, max_request_size=s.max_message_bytes)
    await producer.start()
    try:
        for v in values:
            await producer.send_and_wait(topic, v, partition=partition, headers=headers or [])
    finally:
        await producer.stop()


async def _publish_marks(s: Settings, topic: str, marks: list[tuple[str, redrive_ledger.RedriveMark]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=s.bootstrap)
    await producer.start()
    try:
        await redrive_ledger.Ledger(s, topic).write(producer, marks)
    finally:
        await producer.stop()
