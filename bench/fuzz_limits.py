"""Targeted hostile messages through a real worker, one at a time, each followed by a canary.

Every size limit in the chain at 0.9x and 1.0x (and one byte over), floods of
combining marks, a 5 MB line without spaces, a page of a million empty tags,
a seed with an invisible character between every letter, and a message the
worker dies on (twice, then it is poison; the hang is injected with
``tests/integration/faults``). For each: which output topic it
ended on with which verdict (against the expected one), whether the canary
sent right after it on the same partition came out, and how long it took.

    python -m bench.fuzz_limits
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.corpus import news_articles
from tests.integration.conftest import REPO, Deployment
from worker.models import RawRef
from worker.pipeline.rejects import original_capacity
from worker.runtime.kafka import client_options, ensure_topics
from worker.settings import Settings
from worker.stages.normalize import article_id_for
from worker.tools.broker import LocalBroker, dev_settings

SEED = (REPO / "seeds" / "000_f57c6311f6d72510.txt").read_text()
CANARY = ("Harbour link approved\n\nThe harbour authority of a small coastal town approved a new ferry link on "
          "Tuesday after months of talks with operators and councils, officials said.")
ZWSP = "\u200b"


@dataclass(frozen=True)
class Case:
    name: str
    payload: bytes
    expect: str  # "enriched", "duplicate", "dlq:<reason>", "dlq:<reason>:truncated", or "refused"
    content_type: str = "text/plain"


def _text_of(size: int, seed: int) -> bytes:
    """A plausible article of exactly ``size`` bytes: NewsArticles texts in an order of its own, cut at the end.

    Each case gets its own order, so no two cases (nor the seed) are copies of each other.
    """
    corpus = news_articles()
    rng = random.Random(seed)
    out, n = [f"Report number {seed}".encode()], 0
    while n < size:
        a = corpus[rng.randrange(len(corpus))]
        out.append(f"{a.title}\n\n{a.text}".encode())
        n += len(out[-1]) + 2
    return b"\n\n".join(out)[:size]


def cases(s: Settings) -> list[Case]:
    payload, dlq, topic = s.max_payload_bytes, original_capacity(s.max_message_bytes), s.max_message_bytes
    out = [
        Case("payload_limit_0.9x", _text_of(int(0.9 * payload), 1), "enriched"),
        Case("payload_limit_1.0x", _text_of(payload, 2), "enriched"),
        Case("payload_limit_+1", _text_of(payload + 1, 3), "dlq:too_large"),
        Case("dlq_whole_limit_0.9x", _text_of(int(0.9 * dlq), 4), "dlq:too_large"),
        Case("dlq_whole_limit_1.0x", _text_of(dlq, 5), "dlq:too_large"),
        Case("dlq_whole_limit_+1", _text_of(dlq + 1, 6), "dlq:too_large:truncated"),
        Case("topic_limit_0.9x", _text_of(int(0.9 * topic), 7), "dlq:too_large:truncated"),
        Case("topic_limit_1.0x", _text_of(topic, 8), "refused"),
    ]
    for exp in (3, 4, 5, 6):  # an article of its own with a flood of marks on one letter
        marks = ("e" + "\u0301" * 10 ** exp).encode()
        out.append(Case(f"combining_marks_1e{exp}", _text_of(6000, 10 + exp) + b"\n\n" + marks, "enriched"))
    out += [
        Case("line_5mb_no_spaces", b"x" * 5_000_000, "dlq:empty"),
        Case("empty_tags_1m", b"<html><body>" + b"<i>" * 1_000_000 + b"</body></html>", "dlq:empty", "text/html"),
        Case("invisible_between_letters", ZWSP.join(SEED).encode(), "duplicate"),
    ]
    return out


class Outputs:
    """Everything on the output topics, by raw (partition, offset), read as it arrives."""

    def __init__(self, s: Settings) -> None:
        self.s = s
        self.seen: dict[tuple[int, int], tuple[str, dict[str, Any], int]] = {}
        self.consumer = AIOKafkaConsumer(s.topic_enriched, s.topic_duplicates, s.topic_dlq, **client_options(s),
                                         group_id=None, auto_offset_reset="earliest",
                                         max_partition_fetch_bytes=s.max_message_bytes,
                                         fetch_max_bytes=s.max_message_bytes)

    async def wait_for(self, keys: list[tuple[int, int]], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not all(k in self.seen for k in keys) and time.monotonic() < deadline:
            for recs in (await self.consumer.getmany(timeout_ms=500)).values():
                for rec in recs:
                    value = json.loads(rec.value)
                    src = value["source"]
                    self.seen[(src["partition"], src["offset"])] = (rec.topic, value, rec.timestamp)
        return all(k in self.seen for k in keys)


def verdict(topic: str, value: dict[str, Any], s: Settings) -> str:
    if topic == s.topic_enriched:
        return "enriched"
    if topic == s.topic_duplicates:
        return "duplicate"
    return f"dlq:{value['reason']}" + (":truncated" if value.get("truncated") else "")


async def run_cases(s: Settings, todo: list[Case]) -> list[dict[str, Any]]:
    producer = AIOKafkaProducer(**client_options(s), acks="all", max_request_size=s.max_message_bytes + 1024)
    outputs = Outputs(s)
    await producer.start()
    await outputs.consumer.start()
    rows = []
    try:
        seed = await (await producer.send(s.topic_raw, SEED.encode(), key=b"seed", partition=0))
        await outputs.wait_for([(0, seed.offset)], 120)
        for case in todo:
            rows.append(await _one(producer, outputs, s, case))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        await outputs.consumer.stop()
        await producer.stop()
    return rows


async def _one(producer: AIOKafkaProducer, outputs: Outputs, s: Settings, case: Case) -> dict[str, Any]:
    sent_at = time.time()
    headers = [("content-type", case.content_type.encode())]
    try:
        meta = await (await producer.send(s.topic_raw, case.payload, key=case.name.encode(), partition=0,
                                          headers=headers))
        keys = [(0, meta.offset)]
    except Exception as exc:  # the broker refused it at the door: nothing to follow
        keys, got = [], f"refused ({type(exc).__name__})"
    canary = await (await producer.send(s.topic_raw, CANARY.encode(), key=b"canary", partition=0))
    came_out = await outputs.wait_for([*keys, (0, canary.offset)], 300)
    if keys:
        topic, value, ts = outputs.seen.get(keys[0], ("", {}, 0))
        got = verdict(topic, value, s) if topic else "missing"
        took = (ts / 1000 - sent_at) if ts else None
    else:
        took = None
    return {"case": case.name, "bytes": len(case.payload), "expect": case.expect, "got": got,
            "ok": got.split(" ")[0] == case.expect and came_out, "canary_out": came_out,
            "seconds": round(took, 2) if took is not None else None}


def poison_case(p: Deployment, s: Settings) -> dict[str, Any]:
    """A message the worker hangs on (injected: tests/integration/faults), killed twice: then it is poison."""
    from tests.integration.test_faults import _faulty, _wait_in_flight

    async def send() -> tuple[int, int]:
        producer = AIOKafkaProducer(**client_options(s), acks="all")
        await producer.start()
        try:
            hang = await (await producer.send(s.topic_raw, CANARY.encode() + b" Hang.", key=b"hang", partition=0))
            canary = await (await producer.send(s.topic_raw, CANARY.encode() + b" After.", key=b"canary", partition=0))
            return hang.offset, canary.offset
        finally:
            await producer.stop()

    hang, canary = asyncio.run(send())
    aid = article_id_for(RawRef(topic=s.topic_raw, partition=0, offset=hang, timestamp_ms=0))
    state = p.tmp / "poison-state"
    started = time.time()
    for _ in range(2):  # it hangs, an orchestrator kills it, it restarts and hangs again
        since = time.time()
        w = _faulty(p, "hang", INGEST_DATA_DIR=str(state)).start()
        _wait_in_flight(state, aid, since=since)
        w.kill()
    last = _faulty(p, "hang", INGEST_DATA_DIR=str(state)).start()

    async def wait() -> tuple[Outputs, bool]:
        outputs = Outputs(s)
        await outputs.consumer.start()
        try:
            return outputs, await outputs.wait_for([(0, hang), (0, canary)], 300)
        finally:
            await outputs.consumer.stop()

    outputs, came_out = asyncio.run(wait())
    topic, value, ts = outputs.seen.get((0, hang), ("", {}, 0))
    got = verdict(topic, value, s) if topic else "missing"
    last.terminate()
    return {"case": "poison_after_two_kills", "bytes": len(CANARY) + 6, "expect": "dlq:poison", "got": got,
            "ok": got == "dlq:poison" and came_out, "canary_out": came_out,
            "seconds": round(ts / 1000 - started, 2) if ts else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-limits-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    try:
        s = Settings(bootstrap=broker.bootstrap, app_id="fuzz-limits", partitions=4)
        asyncio.run(ensure_topics(s))
        p = Deployment(settings=s, tmp=tmp)
        worker = p.worker(INGEST_NER_ENABLED="false", INGEST_LOG_LEVEL="WARNING").start()
        worker.wait_ready(timeout=180)
        rows = asyncio.run(run_cases(s, cases(s)))
        alive = worker.proc is not None and worker.proc.poll() is None and worker.get("/healthz").status_code == 200
        worker.terminate()
        rows.append(poison_case(p, s))
        print(json.dumps(rows[-1]), flush=True)
    finally:
        broker.stop()
    timed = [r for r in rows if r["seconds"] is not None]
    slowest = max(timed, key=lambda r: r["seconds"])
    print(f"\n{sum(r['ok'] for r in rows)} of {len(rows)} as expected; every canary out: "
          f"{all(r['canary_out'] for r in rows)}; slowest {slowest['seconds']} s ({slowest['case']}); "
          f"worker alive and healthy at the end: {alive}")
    print("\n| case | bytes | expected | got | canary out | seconds |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['bytes']:,} | {r['expect']} | {r['got']} | {r['canary_out']} | {r['seconds']} |")


if __name__ == "__main__":
    main()
