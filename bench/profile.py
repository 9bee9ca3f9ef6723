"""Where a worker's time goes: py-spy samples a real worker draining a backlog, grouped by what the code is for.

Starts a local broker, pre-loads N NewsArticles (as ``bench.pipeline`` does),
starts one worker and attaches ``py-spy record`` (sampling, in raw collapsed
form) from ready until the backlog is drained. Then every sample is put in one
bucket by the frames on its stack: stage code (by module), the consumer thread,
sending, table and index access, codecs, metrics, the idle event loop, other.
The raw stacks are kept (``--out``) for a flame graph.

    python -m bench.profile [--n 4000] [--ner off] [--out var/profile.txt]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.pipeline import make_messages
from bench.runners import fresh_deployment
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import publish

#: (bucket, a substring of some frame on the stack), first match wins: outer purposes before inner ones.
BUCKETS = [
    ("idle: an event loop waiting (either thread)", "EpollSelector.select"),
    ("consumer thread (fetch, decode records)", "WorkerThread.run"),
    ("compression (lz4)", "lz4_"),
    ("send outputs (faust send)", "BatchRunner._send"),
    ("producer buffer and aiokafka sender", "ProducerBuffer"),
    ("producer buffer and aiokafka sender", "Sender."),
    ("decode internal batches", "_decode_batches"),
    ("encode records (JSON)", "model_dump_json"),
    ("dedupe index filed from recovery", "apply_changelog_batch"),
    ("poison bookkeeping (in-flight file)", "InFlight."),
    ("metrics", "prometheus_client"),
    ("logging", "structlog"),
]
#: The file of a py-spy frame, "name (path/to/file.py:123)".
_PATH = re.compile(r"\(([^():]+):\d+\)$")


def bucket(stack: str) -> str:
    frames = stack.split(";")
    for frame in frames:
        if "guarded (" in frame:
            return "stage: " + _stage_module(frames)
    for name, needle in BUCKETS:
        if needle in stack:
            return name
    return "other plumbing (faust streams, asyncio, aiokafka)"


def _stage_module(frames: list[str]) -> str:
    """What the innermost frame of a stage sample belongs to: a stage module, a library, or the tables."""
    for frame in reversed(frames):
        m = _PATH.search(frame)
        if m is None:
            continue
        path = m.group(1)
        if path.startswith("worker/"):
            return path.removesuffix(".py")
        top = path.split("/")[0].removesuffix(".py")
        return "faust tables (RocksDB, changelog)" if top in ("faust", "mode", "rocksdict") else top
    return "other"


def summarize(raw: Path) -> list[tuple[str, float]]:
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        counts[bucket(stack)] += int(n)
    total = sum(counts.values()) or 1
    return [(k, 100 * v / total) for k, v in counts.most_common()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--ner", choices=["on", "off"], default="off")
    ap.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    ap.add_argument("--out", type=Path, default=Path("var/profile.txt"))
    args = ap.parse_args()
    spy = Path(sys.executable).parent / "py-spy"
    tmp = Path(tempfile.mkdtemp(prefix="profile-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    try:
        p = fresh_deployment(broker, tmp, "prof")
        asyncio.run(publish(p.settings, make_messages(args.n), show_progress=False))
        w = p.worker(INGEST_NER_ENABLED=str(args.ner == "on").lower(), INGEST_LOG_LEVEL="WARNING").start()
        w.wait_ready(timeout=180)
        assert w.proc is not None
        args.out.parent.mkdir(parents=True, exist_ok=True)
        sampler = subprocess.Popen([str(spy), "record", "-p", str(w.proc.pid), "-f", "raw", "-o", str(args.out),
                                    "-r", str(args.rate)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while w.metric("ingest_articles_out_total") < args.n:
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        sampler.send_signal(2)  # SIGINT: py-spy writes its output and exits
        sampler.wait(timeout=60)
        w.terminate()
    finally:
        broker.stop()
    print(f"{args.n} articles, NER {args.ner}, {args.n / elapsed:.0f} articles/s under the sampler "
          f"(it slows the worker); samples in {args.out}")
    print(report(summarize(args.out)))


def report(shares: list[tuple[str, float]], top: int = 12) -> str:
    """Two Markdown tables: share of samples by purpose, then the stage code's by module."""
    stage = [(k.removeprefix("stage: "), v) for k, v in shares if k.startswith("stage: ")]
    purpose = [("stage code (all modules below)", sum(v for _, v in stage)),
               *((k, v) for k, v in shares if not k.startswith("stage: "))]
    rows = ["| by purpose | share of samples |", "|---|---|", *(f"| {k} | {v:.1f} % |" for k, v in purpose),
            "", "| stage code by module | share of samples |", "|---|---|",
            *(f"| {k} | {v:.1f} % |" for k, v in stage[:top])]
    if len(stage) > top:
        rows.append(f"| {len(stage) - top} more modules | {sum(v for _, v in stage[top:]):.1f} % |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
