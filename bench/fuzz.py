"""Fuzz run: 10,000 generated hostile payloads through the stages and through a real worker.

Payload families: random bytes, invalid UTF-8, UTF-16 with and without BOM,
NUL bytes, a 20 MB text, deeply nested HTML, pathological whitespace and
punctuation runs, mixed scripts, and valid articles with junk. First every
payload runs through the in-process stages (timing each one); then all of them
go through a worker on a real broker, and every one must come out on exactly
one of enriched, duplicates or DLQ while the worker stays alive.

    python -m bench.fuzz --n 10000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.corpus import news_articles
from tests.integration.conftest import Deployment
from worker.models import RawRef, Rejected
from worker.pipeline import Pipeline
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import Message, publish
from worker.tools.topic_reader import read_topics

SCRIPTS = ["Hello world", "Привет мир", "你好世界", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "こんにちは", "🙂🔥"]


def _article(rng: random.Random) -> str:
    a = rng.choice(news_articles())
    return f"{a.title}\n\n{a.text}"


GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    "random_bytes": lambda r: r.randbytes(r.randint(1, 4000)),
    "invalid_utf8": lambda r: b"News: " + bytes(r.choice([0xC0, 0xC1, 0xF5, 0xFF, 0x80]) for _ in range(50)) * 3,
    "utf16_bom": lambda r: _article(r).encode("utf-16"),
    "utf16_no_bom": lambda r: _article(r).encode("utf-16-le"),
    "nul_bytes": lambda r: _article(r).encode().replace(b" ", b"\x00", r.randint(1, 50)),
    "nested_html": lambda r: (b"<div>" * r.randint(1000, 20000)) + _article(r).encode() + b"</div>" * 10,
    "whitespace_runs": lambda r: (" \t\n" * r.randint(1000, 100000) + "x").encode(),
    "punctuation_runs": lambda r: ("!?.,;:-" * r.randint(1000, 50000) + " By " + "A " * 5000).encode(),
    "mixed_scripts": lambda r: " ".join(r.choice(SCRIPTS) for _ in range(r.randint(5, 2000))).encode(),
    "regex_bait": lambda r: ("By " + "Aa " * 20000 + "\n" + "See Also: " + "x" * 100000).encode(),
    "article_with_junk": lambda r: (_article(r) + "\n\nShare this:\nSubscribe now!\n© 2017 All rights").encode(),
    "empty_ish": lambda r: r.choice([b"", b" ", b"\n\n\n", b"\t"]),
}


def payloads(n: int, seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = [("huge_text_20mb", b"word " * (4 * 1024 * 1024))]
    names = list(GENERATORS)
    while len(out) < n:
        name = names[len(out) % len(names)]
        out.append((name, GENERATORS[name](rng)))
    return out


def accounted(p: Deployment) -> set[tuple[int, int]]:
    """Raw (partition, offset) named by some record on enriched, duplicates or the DLQ."""
    s = p.settings
    seen: set[tuple[int, int]] = set()

    async def read() -> None:
        async for rec in read_topics(s, [s.topic_enriched, s.topic_duplicates, s.topic_dlq], idle_timeout=3):
            src = json.loads(rec.value)["source"]
            seen.add((src["partition"], src["offset"]))

    asyncio.run(read())
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--skip-worker", action="store_true", help="only the in-process part")
    args = ap.parse_args()
    items = payloads(args.n, args.seed)
    pipeline = Pipeline(Settings(ner_enabled=False))
    reasons: Counter[str] = Counter()
    slowest = (0.0, "")
    for i, (name, value) in enumerate(items):
        raw = RawInput(value, RawRef(topic="fuzz", partition=0, offset=i, key=name, timestamp_ms=0))
        started = time.perf_counter()
        (out,) = list(pipeline.run([raw]))
        took = time.perf_counter() - started
        slowest = max(slowest, (took, name))
        reasons[out.reason.value if isinstance(out, Rejected) else "processed"] += 1
    print(f"in-process: {len(items)} payloads, {dict(reasons)}")
    print(f"slowest article: {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    if args.skip_worker:
        return
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    try:
        s = Settings(bootstrap=broker.bootstrap, app_id="fuzz", partitions=4)
        p = Deployment(settings=s, tmp=tmp)
        worker = p.worker(INGEST_NER_ENABLED="false", INGEST_LOG_LEVEL="WARNING").start()
        worker.wait_ready(timeout=180)
        asyncio.run(publish(s, [Message(f"{name}-{i}", v, []) for i, (name, v) in enumerate(items)],
                            show_progress=False))
        deadline = time.monotonic() + 900
        seen = accounted(p)
        while len(seen) < len(items) and time.monotonic() < deadline:
            time.sleep(5)
            seen = accounted(p)
        alive = worker.proc is not None and worker.proc.poll() is None and worker.get("/healthz").status_code == 200
        print(f"worker: {len(seen)} of {len(items)} accounted on enriched/duplicates/dlq; alive and healthy: {alive}")
        worker.terminate()
    finally:
        broker.stop()


if __name__ == "__main__":
    main()
