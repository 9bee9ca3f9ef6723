"""Chaos harness: SIGKILL the worker at random moments and restart the broker, then count.

Runs one worker against a real local broker and feeds it N NewsArticles (unique
keys) at ``--rate`` per second from a background publisher, so the stream is
still flowing when the faults land: ``--kills`` SIGKILLs of the worker (each
followed by a restart) and one broker restart, in random order, one at a random
moment in each equal slice of 5-90 % of the feed. The publisher survives the broker restart by retrying
(an idempotent producer, so a retry never writes a raw message twice). At the
end the raw topic's offsets are the truth: every one must be named by a record
on enriched, duplicates or the DLQ. It reports lost offsets, repeats (offsets
with more than one output record) and whether every repeat is byte-identical.

    python -m bench.chaos --n 10000 --kills 5 [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from bench.pipeline import make_messages
from tests.integration.conftest import Deployment
from worker.runtime.kafka import MAX_MESSAGE_BYTES, client_options, ensure_topics
from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import Message
from worker.tools.topic_reader import read_topics


def accounted(p: Deployment) -> dict[tuple[int, int], list[bytes]]:
    """Raw (partition, offset) -> every output value that names it."""
    s = p.settings
    seen: dict[tuple[int, int], list[bytes]] = defaultdict(list)

    async def read() -> None:
        async for rec in read_topics(s, [s.topic_enriched, s.topic_duplicates, s.topic_dlq], idle_timeout=3):
            src = json.loads(rec.value)["source"]
            seen[(src["partition"], src["offset"])].append(rec.value)

    asyncio.run(read())
    return seen


async def feed(settings: Settings, msgs: list[Message], rate: float) -> None:
    """Publish every message at ``rate``/s, retrying each one until the broker takes it."""
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True, linger_ms=5,
                                max_request_size=MAX_MESSAGE_BYTES, request_timeout_ms=5_000)
    await producer.start()
    try:
        start = time.monotonic()
        for i, m in enumerate(msgs):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            while True:
                try:
                    await producer.send_and_wait(settings.topic_raw, m.value, key=m.key.encode(), headers=m.headers)
                    break
                except KafkaError:
                    await asyncio.sleep(1)  # the broker is restarting: the same message again
    finally:
        await producer.stop()


async def raw_offsets(settings: Settings) -> set[tuple[int, int]]:
    """Every (partition, offset) on the raw topic."""
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(settings.topic_raw, p) for p in range(settings.partitions)]
        consumer.assign(parts)
        ends = await consumer.end_offsets(parts)
        starts = await consumer.beginning_offsets(parts)
        return {(tp.partition, o) for tp in parts for o in range(starts[tp], ends[tp])}
    finally:
        await consumer.stop()


def run_faults(args: argparse.Namespace, rng: random.Random, broker: LocalBroker, p: Deployment,
               ) -> tuple[set[tuple[int, int]], dict[tuple[int, int], list[bytes]], float]:
    """Feed, inject the faults, wait until every raw offset is accounted: (raw offsets, outputs, seconds)."""
    s = p.settings
    env = {"INGEST_NER_ENABLED": str(args.ner == "on").lower(), "INGEST_LOG_LEVEL": "WARNING"}
    msgs = make_messages(args.n)
    asyncio.run(ensure_topics(s))
    worker = p.worker(**env).start()
    worker.wait_ready(timeout=180)
    feeder = threading.Thread(target=lambda: asyncio.run(feed(s, msgs, args.rate)), daemon=True)
    started = time.monotonic()
    feeder.start()
    print(f"feeding {len(msgs)} raw messages to {s.topic_raw} at {args.rate:.0f}/s", flush=True)
    duration = len(msgs) / args.rate
    events = sorted(["kill"] * args.kills + ["broker"], key=lambda _: rng.random())
    # One fault per equal slice of 5-90 % of the feed, at a random moment inside it: random, yet spread out.
    slot = 0.85 / len(events)
    moments = [(0.05 + slot * (i + rng.random())) * duration for i in range(len(events))]
    for at, event in zip(moments, events, strict=True):
        time.sleep(max(0.0, started + at - time.monotonic()))
        if event == "kill":
            worker.kill()
            print(f"t={time.monotonic() - started:.0f}s SIGKILL worker", flush=True)
            worker = p.worker(**env).start()
        else:
            broker.stop()
            print(f"t={time.monotonic() - started:.0f}s broker stopped", flush=True)
            broker.start()
            print(f"t={time.monotonic() - started:.0f}s broker up again", flush=True)
    feeder.join()
    raw = asyncio.run(raw_offsets(s))
    print(f"t={time.monotonic() - started:.0f}s feed done: {len(raw)} raw messages on the topic", flush=True)
    deadline = time.monotonic() + args.timeout
    seen = accounted(p)
    while not raw <= seen.keys() and time.monotonic() < deadline:
        time.sleep(5)
        assert worker.proc and worker.proc.poll() is None, worker.tail_log()
        seen = accounted(p)
    worker.terminate()
    return raw, seen, time.monotonic() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--rate", type=float, default=100, help="articles published per second")
    ap.add_argument("--ner", choices=["on", "off"], default="off")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="chaos-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    s = Settings(bootstrap=broker.bootstrap, app_id="chaos", partitions=4)
    p = Deployment(settings=s, tmp=tmp)
    try:
        raw, seen, elapsed = run_faults(args, rng, broker, p)
    finally:
        for w in p.workers:
            w.kill()
        broker.stop()
    repeats = {k: v for k, v in seen.items() if len(v) > 1}
    identical = sum(1 for v in repeats.values() if len(set(v)) == 1)
    lost = len(raw - seen.keys())
    print(f"\nraw messages:             {len(raw)} (published {args.n})")
    print(f"raw offsets accounted:    {len(raw & seen.keys())}")
    print(f"lost:                     {lost}")
    print(f"offsets with repeats:     {len(repeats)} (extra records: {sum(len(v) - 1 for v in repeats.values())})")
    print(f"repeats byte-identical:   {identical} of {len(repeats)}")
    print(f"faults injected:          {args.kills} SIGKILL + 1 broker restart, all while the feed was running; "
          f"elapsed {elapsed:.0f}s")
    raise SystemExit(0 if lost == 0 and identical == len(repeats) else 1)


if __name__ == "__main__":
    main()
