"""Throughput of the replayer itself: a 10,000-line news-please JSONL file to a real broker.

Measured in one run, side by side (medians of ``--repeats``):

- **read**: the file parsed into messages (JSON, dates, headers, keys), no broker;
- **replay**: the same, sent to a fresh raw topic on a local broker, from the
  first byte read to the last acknowledgement (``acks=all``), as ``ingest replay``
  does it (the topic check and the retention lookup included);
- **pipeline**: the worker's hops in-process (NER off, its fastest path) over a
  sample of the same messages: the most any worker process can take.

The replayer is not the bottleneck when *replay* is well above *pipeline*.

    python -m bench.replay_throughput [--lines 10000] [--repeats 3] [--pipeline-sample 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bench.corpus import news_articles
from bench.story_window import corpus_day
from worker.pipeline import Pipeline
from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.process import raw_inputs_of
from worker.tools.replay import Message, PublishStats, Source, Tally, publish


def write_corpus(path: Path, lines: int) -> int:
    """The corpus recycled to ``lines`` lines: later laps get their own URL and a closing line. Returns bytes."""
    corpus = news_articles()
    with open(path, "w") as f:
        for i in range(lines):
            a, lap = corpus[i % len(corpus)], i // len(corpus)
            day = corpus_day(a)
            f.write(json.dumps({"title": a.title, "maintext": a.text + (f"\nUpdated edition {lap}." if lap else ""),
                                "url": a.url + (f"#lap{lap}" if lap else ""), "source_domain": a.outlet,
                                "date_publish": day.date().isoformat() if day else None, "language": "en",
                                "authors": []}) + "\n")
    return path.stat().st_size


def read_only(path: Path) -> tuple[float, list[Message]]:
    started = time.perf_counter()
    messages = list(Source(paths=[str(path)]).messages(Tally(), print))
    return time.perf_counter() - started, messages


def replay(broker: LocalBroker, path: Path) -> tuple[float, PublishStats]:
    s = Settings(bootstrap=broker.bootstrap, topic_raw=f"replay-bench-{uuid.uuid4().hex[:8]}", partitions=4)
    stats = PublishStats()
    started = time.perf_counter()
    asyncio.run(publish(s, Source(paths=[str(path)]).messages(Tally(), print), show_progress=False, stats=stats))
    return time.perf_counter() - started, stats


def pipeline_rate(messages: list[Message]) -> float:
    pipeline = Pipeline(Settings(ner_enabled=False))
    pipeline.warm_up()
    raws = list(raw_inputs_of(messages))
    started = time.perf_counter()
    for _ in pipeline.run(raws):
        pass
    return len(raws) / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pipeline-sample", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        size = write_corpus(path, args.lines)
        broker = LocalBroker(data_dir=Path(tmp) / "kafka", cache_dir=dev_settings().cache_dir)
        broker.start()
        try:
            reads, replays, pipes, restamped = [], [], [], 0
            for _ in range(args.repeats):
                seconds, messages = read_only(path)
                reads.append(len(messages) / seconds)
                seconds, stats = replay(broker, path)
                replays.append(stats.sent / seconds)
                restamped = stats.restamped
                pipes.append(pipeline_rate(messages[:args.pipeline_sample]))
        finally:
            broker.stop()
    read, sent, pipe = (statistics.median(x) for x in (reads, replays, pipes))
    print(f"{args.lines} lines, {size / 1e6:.1f} MB; medians of {args.repeats}")
    print(f"  read (parse + messages, no broker): {read:8.0f} articles/s")
    print(f"  replay to the broker (acks=all):    {sent:8.0f} articles/s, {sent * size / args.lines / 1e6:.1f} MB/s "
          f"({restamped} of {args.lines} stamped with the send time: published 2017)")
    print(f"  pipeline in-process, NER off:       {pipe:8.0f} articles/s (sample of {args.pipeline_sample})")
    print(f"  replay / pipeline: {sent / pipe:.1f}x")
    print("  runs (read, replay, pipeline): " + "; ".join(
        f"{r:.0f}, {s:.0f}, {p:.0f}" for r, s, p in zip(reads, replays, pipes, strict=True)))


if __name__ == "__main__":
    main()
