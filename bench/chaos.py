"""Chaos harness: SIGKILL the worker that holds dedupe, again and again, restart the broker, then check everything.

Two workers share one raw partition (so raw offset order is the order dedupe
sees) and a dedupe table with a standby; a background publisher feeds N
NewsArticles at ``--rate`` per second and then an exact copy of each. While the
feed runs: ``--kills`` SIGKILLs of whichever worker holds the dedupe partition
(each restarted on its own data folder, as a pod would be) and one broker
restart, one fault at a random moment in each equal slice of 5-90 % of the
feed. The publisher survives the broker restart by retrying (idempotent, so no
raw message is written twice). Then :mod:`bench.chaos_checks`: nothing lost,
repeats byte-identical, verdicts equal to one process over the raw topic, and
complete dedupe state on every worker's disk and on a fresh disk (the
changelog replayed). It also reports how long output stopped after each kill.

    python -m bench.chaos --n 3000 --kills 8 [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import tempfile
import threading
import time
from pathlib import Path

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from bench import chaos_checks as checks
from bench.pipeline import make_messages
from bench.stalls import OutputClock
from tests.integration.conftest import Deployment, WorkerProc
from worker.runtime.kafka import client_options, ensure_topics
from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import Message


async def feed(settings: Settings, msgs: list[Message], rate: float) -> None:
    """Publish every message at ``rate``/s, retrying each one until the broker takes it.

    A send that fails or hangs (the broker is restarting) is retried on a new
    producer. If the first attempt did reach the topic, the retry adds a second
    copy at a new offset: a re-sent copy, judged a duplicate like any other.
    """
    producer: AIOKafkaProducer | None = None
    start = time.monotonic()
    try:
        for i, m in enumerate(msgs):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            while True:
                try:
                    if producer is None:
                        producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5,
                                                    max_request_size=settings.max_message_bytes)
                        await asyncio.wait_for(producer.start(), 10)
                    await asyncio.wait_for(producer.send_and_wait(settings.topic_raw, m.value, key=m.key.encode(),
                                                                  headers=m.headers), 10)
                    break
                except (KafkaError, OSError, TimeoutError):
                    producer = await _drop(producer)
                    await asyncio.sleep(1)
    finally:
        await _drop(producer)


async def _drop(producer: AIOKafkaProducer | None) -> None:
    if producer is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(producer.stop(), 5)


def with_copies(n: int) -> list[Message]:
    """N articles, then an exact copy of each (new keys): every copy must be judged a duplicate."""
    originals = make_messages(n)
    return originals + [Message(f"copy-{m.key}", m.value, m.headers) for m in originals]


def holder(workers: list[WorkerProc], topic: str) -> WorkerProc | None:
    """The running worker that consumes the dedupe topic now, if any."""
    for w in workers:
        try:
            if w.proc and w.proc.poll() is None and w.metric("ingest_assigned_partitions", topic=topic) > 0:
                return w
        except Exception:  # not answering yet
            continue
    return None


def _wait_for_holder(workers: list[WorkerProc], topic: str, timeout: float = 60) -> WorkerProc | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = holder(workers, topic)
        if found is not None:
            return found
        time.sleep(0.5)
    return None


def run_faults(args: argparse.Namespace, rng: random.Random, broker: LocalBroker, p: Deployment,
               clock: OutputClock) -> tuple[list[float], float]:
    """Feed, inject the faults, wait for the feed; returns (kill times, seconds)."""
    s = p.settings
    env = {"INGEST_NER_ENABLED": "false", "INGEST_LOG_LEVEL": "WARNING"}
    msgs = with_copies(args.n)
    asyncio.run(ensure_topics(s))
    # As in the StatefulSet: each worker keeps its data folder and, with --static, its group instance id.
    workers = [p.worker(**env, **({"INGEST_GROUP_INSTANCE_ID": f"chaos-{i}"} if args.static else {})).start()
               for i in range(2)]
    for w in workers:
        w.wait_ready(timeout=180)
    feeder = threading.Thread(target=lambda: asyncio.run(feed(s, msgs, args.rate)), daemon=True)
    started = time.monotonic()
    feeder.start()
    clock.start()
    print(f"feeding {len(msgs)} raw messages ({args.n} + a copy of each) at {args.rate:.0f}/s", flush=True)
    events = sorted(["kill"] * args.kills + ["broker"], key=lambda _: rng.random())
    slot = 0.85 / len(events)
    duration = len(msgs) / args.rate
    kills: list[float] = []
    for i, event in enumerate(events):
        time.sleep(max(0.0, started + (0.05 + slot * (i + rng.random())) * duration - time.monotonic()))
        if event == "broker":
            broker.stop()
            broker.start()
            print(f"t={time.monotonic() - started:.0f}s broker restarted", flush=True)
            continue
        victim = _wait_for_holder(workers, s.topic_normalized)
        if victim is None:
            print(f"t={time.monotonic() - started:.0f}s no dedupe holder within a minute: fault skipped", flush=True)
            continue
        victim.kill()
        kills.append(time.monotonic())
        print(f"t={time.monotonic() - started:.0f}s SIGKILL of the dedupe holder", flush=True)
        same = {k: v for k, v in victim.env.items() if k in ("INGEST_DATA_DIR", "INGEST_GROUP_INSTANCE_ID")}
        workers[workers.index(victim)] = p.worker(**env, **same).start()
    feeder.join()
    p.current = workers  # type: ignore[attr-defined]
    return kills, time.monotonic() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="original articles (each is also sent again)")
    ap.add_argument("--kills", type=int, default=8)
    ap.add_argument("--rate", type=float, default=20, help="articles published per second")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--static", action=argparse.BooleanOptionalAction, default=True,
                    help="static group membership, as the StatefulSet runs it (--no-static: dynamic)")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # the harness's own clients retry through the faults
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="chaos-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    s = Settings(bootstrap=broker.bootstrap, app_id="chaos", partitions=1, ner_enabled=False)
    p = Deployment(settings=s, tmp=tmp)
    clock = OutputClock(s)
    try:
        kills, elapsed = run_faults(args, rng, broker, p, clock)
        ok = report(p, s, kills, clock, args.timeout, elapsed)
    finally:
        clock.stop()
        for w in p.workers:
            w.kill()
        broker.stop()
    raise SystemExit(0 if ok else 1)


def report(p: Deployment, s: Settings, kills: list[float], clock: OutputClock, timeout: float,
           elapsed: float) -> bool:
    raw = checks.read_raw(s)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outputs = checks.outputs_by_offset(clock.records())
        if raw.inputs.keys() <= outputs.keys():
            break
        time.sleep(5)
    for w in p.current:  # type: ignore[attr-defined]
        w.terminate()
    lost = len(raw.inputs.keys() - outputs.keys())
    repeats = {k: v for k, v in outputs.items() if len(v) > 1}
    identical = sum(1 for v in repeats.values() if len(set(v)) == 1)
    diffs = checks.verdict_differences(raw, outputs, s)
    aids = checks.article_ids(raw, outputs)
    states = {w.env["INGEST_DATA_DIR"]: checks.local_state(Path(w.env["INGEST_DATA_DIR"]), s.app_id)
              for w in p.current}  # type: ignore[attr-defined]
    gaps = {d: checks.incomplete(dec, idx, aids) for d, (dec, idx) in states.items()}
    fresh = checks.replayed_changelog(s)
    fresh_gaps = checks.incomplete(fresh.decisions, dict(fresh.index.data.items()), aids)  # type: ignore[attr-defined]
    holder_index = max(states.values(), key=lambda st: len(st[0]))[1]
    same_index = checks.index_without_digests(holder_index) == checks.index_without_digests(
        dict(fresh.index.data.items()))  # type: ignore[attr-defined]
    stalls = clock.stalls(kills)
    print(f"\nraw messages:              {len(raw.inputs)}")
    print(f"lost:                      {lost}")
    print(f"offsets with repeats:      {len(repeats)} ({identical} byte-identical)")
    print(f"verdict differences:       {len(diffs)} (vs one process over the raw topic in offset order)")
    for d in diffs[:5]:
        print(f"    {d}")
    for d, g in gaps.items():
        print(f"incomplete state on disk:  {len(g)} of {len(aids)} articles ({Path(d).name})")
    print(f"incomplete on a fresh disk:{len(fresh_gaps):5d} of {len(aids)} articles (changelog replayed); "
          f"index equal to the holder's: {same_index}")
    print(f"kills of the dedupe holder: {len(kills)}; longest output stall after a kill: "
          f"{max(stalls, default=0):.1f} s (all: {', '.join(f'{x:.1f}' for x in stalls)})")
    print(f"elapsed {elapsed:.0f}s")
    return lost == 0 and identical == len(repeats) and not diffs and not any(gaps.values()) and not fresh_gaps


if __name__ == "__main__":
    main()
