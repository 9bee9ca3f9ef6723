"""Chaos harness: SIGKILL the worker at random moments and restart the broker, then count.

Replays N NewsArticles (unique keys) to a real local broker, runs one worker,
SIGKILLs it ``--kills`` times at random moments (restarting it each time) and
restarts the broker once mid-stream. Then it reads every output topic and
reports, per raw offset: lost (in no output), repeats (emitted more than once)
and whether every repeat is byte-identical.

    python -m bench.chaos --n 10000 --kills 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.pipeline import make_messages
from tests.integration.conftest import Pipeline
from worker.broker import LocalBroker
from worker.replay import publish
from worker.settings import Settings
from worker.tail import records


def accounted(p: Pipeline) -> dict[tuple[int, int], list[bytes]]:
    """Raw (partition, offset) -> every output value that names it."""
    s = p.settings
    seen: dict[tuple[int, int], list[bytes]] = defaultdict(list)

    async def read() -> None:
        async for rec in records(s, [s.topic_enriched, s.topic_duplicates, s.topic_dlq], idle_timeout=3):
            src = json.loads(rec.value)["source"]
            seen[(src["partition"], src["offset"])].append(rec.value)

    asyncio.run(read())
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--ner", choices=["on", "off"], default="off")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="chaos-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=Settings().cache_dir, heap="1g")
    broker.start()
    s = Settings(bootstrap=broker.bootstrap, app_id="chaos", partitions=4)
    p = Pipeline(settings=s, tmp=tmp)
    env = {"INGEST_NER_ENABLED": str(args.ner == "on").lower(), "INGEST_LOG_LEVEL": "WARNING"}
    msgs = make_messages(args.n)
    asyncio.run(publish(s, msgs, show_progress=False))
    print(f"replayed {len(msgs)} raw messages to {s.topic_raw}", flush=True)
    worker = p.worker(**env).start()
    worker.wait_ready(timeout=180)
    started = time.monotonic()
    events = sorted(["kill"] * args.kills + ["broker"], key=lambda _: rng.random())
    log = []
    done = 0
    for event in events:
        # Fault at a random moment *while it is making progress*: wait for new output first.
        wait_until = time.monotonic() + 180
        while len(accounted(p)) < done + 200 and time.monotonic() < wait_until:
            time.sleep(1)
        time.sleep(rng.uniform(0.5, 5))
        done = len(accounted(p))
        if event == "kill":
            worker.kill()
            log.append(f"t={time.monotonic() - started:.0f}s SIGKILL worker at {done} accounted")
            worker = p.worker(**env).start()
        else:
            broker.stop()
            log.append(f"t={time.monotonic() - started:.0f}s broker restart at {done} accounted")
            broker.start()
        print(log[-1], flush=True)
    deadline = time.monotonic() + args.timeout
    seen = accounted(p)
    while len(seen) < len(msgs) and time.monotonic() < deadline:
        time.sleep(5)
        assert worker.proc and worker.proc.poll() is None, worker.tail_log()
        seen = accounted(p)
    worker.terminate()
    broker.stop()
    repeats = {k: v for k, v in seen.items() if len(v) > 1}
    identical = sum(1 for v in repeats.values() if len(set(v)) == 1)
    lost = len(msgs) - len(seen)
    print(f"\nraw messages:             {len(msgs)}")
    print(f"raw offsets accounted:    {len(seen)}")
    print(f"lost:                     {lost}")
    print(f"offsets with repeats:     {len(repeats)} (extra records: {sum(len(v) - 1 for v in repeats.values())})")
    print(f"repeats byte-identical:   {identical} of {len(repeats)}")
    elapsed = time.monotonic() - started
    print(f"faults injected:          {args.kills} SIGKILL + 1 broker restart; elapsed {elapsed:.0f}s")
    raise SystemExit(0 if lost == 0 and identical == len(repeats) else 1)


if __name__ == "__main__":
    main()
