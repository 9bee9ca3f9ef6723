"""``make bench``: the worker, a bare consumer loop and the in-process ceiling, side by side in one run.

For each configuration (NER on/off x 1 or 2 processes) and each repeat, the
same N NewsArticles (the corpus recycled with unique keys and a small edit,
so later laps are near copies) go through:

- ``worker``: ``ingest worker`` processes over a pre-loaded raw topic (faust, three hops, durable state);
- ``bare``: a plain aiokafka batch loop over the same ``Pipeline`` hops (``bench/bare_loop.py``;
  in-memory dedupe per process, no internal topics);
- ``ceiling``: the same hops in a plain loop with no Kafka, same number of processes.

It reports medians of the repeats: articles/s, the ratio to the ceiling, client
and broker CPU per article, broker bytes written per article (every topic but
the raw input, changelogs included) as a multiple of the raw article, peak RSS,
and for the worker with one process the raw->enriched latency at the measured
peak rate and at half of it. Runs of the three runners are interleaved, so
machine noise hits them alike.

    python -m bench.pipeline --n 8000 --n-ner 1000 --repeats 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from pathlib import Path

from bench.corpus import news_articles
from bench.runners import Run, fresh_deployment, run_ceiling, run_kafka
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import Message, publish
from worker.tools.topic_reader import read_topics

RUNNERS = ("worker", "bare", "ceiling")


def make_messages(n: int) -> list[Message]:
    corpus = news_articles()
    out = []
    for i in range(n):
        a = corpus[i % len(corpus)]
        lap = i // len(corpus)
        text = f"{a.title}\n\n{a.text}" + (f"\n\nUpdated edition {lap}." if lap else "")
        out.append(Message(f"bench-{i}", text.encode(), [("content-type", b"text/plain")]))
    return out


def latency(broker: LocalBroker, tmp: Path, msgs: list[Message], rate: float, ner: bool) -> tuple[float, float]:
    """p50/p99 raw->enriched ms with one running worker fed at ``rate`` articles/s."""
    p = fresh_deployment(broker, tmp, "lat")
    s = p.settings
    w = p.worker(INGEST_NER_ENABLED=str(ner).lower(), INGEST_LOG_LEVEL="WARNING").start()
    try:
        w.wait_ready(timeout=180)
        asyncio.run(publish(s, msgs, rate=rate, show_progress=False))
        lat: list[float] = []

        async def read() -> None:
            async for rec in read_topics(s, [s.topic_enriched], idle_timeout=5):
                lat.append(rec.timestamp - json.loads(rec.value)["source"]["timestamp_ms"])

        asyncio.run(read())
        q = statistics.quantiles(lat, n=100)
        return q[49], q[98]
    finally:
        w.terminate()


def latency_sample(msgs: list[Message], n: int) -> list[Message]:
    """About ``n`` articles of the same mix (each unique article followed by its recycled copies).

    The corpus's first lap is all unique articles, the expensive kind: the
    first n alone would overload a worker fed at half the mixed rate.
    """
    corpus = len(news_articles())
    if n >= len(msgs) or len(msgs) <= corpus:
        return msgs[:n]
    copies: dict[int, list[Message]] = {}
    for i in range(corpus, len(msgs)):
        copies.setdefault(i % corpus, []).append(msgs[i])
    out: list[Message] = []
    for j in range(corpus):
        if len(out) >= n:
            break
        out += [msgs[j], *copies.get(j, [])]
    return out


def _row(runner: str, ner: bool, procs: int, runs: list[Run], ceiling: float) -> dict[str, object]:
    def med(attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    tput = med("throughput")
    return {
        "runner": runner, "ner": "on" if ner else "off", "procs": procs, "art_s": round(tput, 1),
        "ratio": round(tput / ceiling, 2), "client_cpu_ms": round(med("client_cpu_ms"), 2),
        "broker_cpu_ms": round(med("broker_cpu_ms"), 2),
        "broker_bytes_x_raw": round(med("broker_bytes_per_article") / med("raw_bytes_per_article"), 2),
        "rss_mb": round(max(r.peak_rss_mb for r in runs)), "runs_art_s": [round(r.throughput) for r in runs],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=8000, help="articles per run")
    ap.add_argument("--n-ner", type=int, default=1000, help="articles per run with NER on")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--ner", choices=["on", "off", "both"], default="both")
    ap.add_argument("--runners", nargs="+", choices=RUNNERS, default=list(RUNNERS))
    ap.add_argument("--latency-n", type=int, default=2000, help="articles per latency run (same mix as the rest)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    rows: list[dict[str, object]] = []
    try:
        for ner in ([False, True] if args.ner == "both" else [args.ner == "on"]):
            msgs = make_messages(args.n_ner if ner else args.n)
            for procs in args.processes:
                runs: dict[str, list[Run]] = {r: [] for r in args.runners}
                for _ in range(args.repeats):
                    for runner in args.runners:
                        runs[runner].append(run_ceiling(msgs, procs, ner) if runner == "ceiling"
                                            else run_kafka(runner, broker, tmp, msgs, procs, ner))
                ceiling = statistics.median(r.throughput for r in runs.get("ceiling") or [Run(1, 0, 0, 0, 1, 0)])
                for runner, rs in runs.items():
                    row = _row(runner, ner, procs, rs, ceiling)
                    if runner == "worker" and procs == 1:
                        sample = latency_sample(msgs, args.latency_n)
                        row["p50_p99_ms_half_rate"] = [round(v) for v in latency(broker, tmp, sample,
                                                                                  float(row["art_s"]) / 2, ner)]
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    finally:
        broker.stop()
    cols = ["runner", "ner", "procs", "art_s", "ratio", "client_cpu_ms", "broker_cpu_ms", "broker_bytes_x_raw",
            "rss_mb", "p50_p99_ms_half_rate", "runs_art_s"]
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r.get(c, "–")) for c in cols) + " |")


if __name__ == "__main__":
    main()
