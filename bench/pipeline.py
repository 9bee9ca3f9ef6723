"""End-to-end benchmark: NewsArticles through a real broker and real worker processes.

For each configuration (NER on/off x worker processes) it pre-loads N articles
(the corpus recycled with unique keys and a small edit, so they are not exact
copies) onto a fresh raw topic, starts the workers, and times them from ready
to the last article accounted for. In the same run it measures the in-process
ceiling: the same stage objects over the same articles in a plain loop, with
the same number of processes. Then it replays the same articles at the measured
peak rate and at half of it into a running worker (one process) to measure
raw->enriched latency.

    python -m bench.pipeline --n 20000 --repeats 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.corpus import news_articles
from tests.integration.conftest import Deployment
from worker.models import RawRef
from worker.pipeline import Pipeline
from worker.runtime.kafka import ensure_topics
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.tools.broker import LocalBroker, dev_settings
from worker.tools.replay import Message, publish
from worker.tools.topic_reader import read_topics


def make_messages(n: int) -> list[Message]:
    corpus = news_articles()
    out = []
    for i in range(n):
        a = corpus[i % len(corpus)]
        lap = i // len(corpus)
        text = f"{a.title}\n\n{a.text}" + (f"\n\nUpdated edition {lap}." if lap else "")
        out.append(Message(f"bench-{i}", text.encode(), [("content-type", b"text/plain")]))
    return out


def _ceiling_worker(args: tuple[list[Message], bool]) -> float:
    msgs, ner = args
    pipeline = Pipeline(Settings(ner_enabled=ner))
    pipeline.warm_up()  # load models outside the timed loop, as a worker does at start
    raws = [RawInput(m.value, RawRef(topic="bench", partition=0, offset=i, key=m.key, timestamp_ms=0))
            for i, m in enumerate(msgs)]
    started = time.perf_counter()
    for _ in pipeline.run(raws):
        pass
    return time.perf_counter() - started


def ceiling(msgs: list[Message], processes: int, ner: bool) -> float:
    """Articles/s of the plain loop; with P processes each takes an equal share in parallel."""
    shares = [msgs[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        started = time.perf_counter()
        list(pool.map(_ceiling_worker, [(s, ner) for s in shares]))
        return len(msgs) / (time.perf_counter() - started)


@dataclass
class RunResult:
    throughput: float
    cpu_per_article_ms: float
    peak_rss_mb: float
    stage_us: dict[str, float]


def fresh_pipeline(broker: LocalBroker, tmp: Path, prefix: str) -> Deployment:
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


def run_workers(broker: LocalBroker, tmp: Path, msgs: list[Message], processes: int, ner: bool) -> RunResult:
    p = fresh_pipeline(broker, tmp, "bench")
    s = p.settings
    asyncio.run(publish(s, msgs, show_progress=False))
    workers = [p.worker(INGEST_NER_ENABLED=str(ner).lower(), INGEST_LOG_LEVEL="WARNING").start()
               for _ in range(processes)]
    try:
        for w in workers:
            w.wait_ready(timeout=180)
        procs = [psutil.Process(w.proc.pid) for w in workers if w.proc]
        cpu0 = sum(pr.cpu_times().user + pr.cpu_times().system for pr in procs)
        started = time.monotonic()
        peak = 0.0
        done = 0.0
        while done < len(msgs):
            time.sleep(0.5)
            done = sum(w.metric("ingest_articles_out_total") for w in workers)
            peak = max(peak, max(pr.memory_info().rss for pr in procs) / 2**20)
            for w in workers:
                assert w.proc and w.proc.poll() is None, w.tail_log()
        elapsed = time.monotonic() - started
        cpu = sum(pr.cpu_times().user + pr.cpu_times().system for pr in procs) - cpu0
        stage_us = {}
        for stage in ("normalize", "fingerprint", "dedupe", "tag"):
            total = sum(w.metric("ingest_stage_seconds_sum", stage=stage) for w in workers)
            count = sum(w.metric("ingest_stage_seconds_count", stage=stage) for w in workers)
            stage_us[stage] = 1e6 * total / count if count else 0.0
        return RunResult(len(msgs) / elapsed, 1000 * cpu / len(msgs), peak, stage_us)
    finally:
        for w in workers:
            w.terminate()


def latency(broker: LocalBroker, tmp: Path, msgs: list[Message], rate: float, ner: bool) -> tuple[float, float]:
    """p50/p99 raw->enriched ms with one running worker fed at ``rate`` articles/s."""
    p = fresh_pipeline(broker, tmp, "lat")
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


def _ms(value: float) -> int | None:
    return None if value != value else round(value)  # NaN: latency is measured with 1 process only


def _latency_sample(msgs: list[Message], n: int) -> list[Message]:
    """About ``n`` articles of the same workload: the same share of recycled (near-copy) ones, spread evenly.

    Latency must be measured on the mix whose peak was measured. The corpus's
    first lap is all unique articles, the expensive kind, so the first n alone
    would overload the worker at half the mixed rate; here each unique article
    is followed by its own recycled copies, so the mix is the same all along.
    """
    from bench.corpus import news_articles

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000, help="articles per run")
    ap.add_argument("--n-ner", type=int, default=None, help="articles per run with NER on (default --n)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--ner", choices=["on", "off", "both"], default="both")
    ap.add_argument("--latency-n", type=int, default=2000, help="articles per latency run (same mix as the rest)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    broker = LocalBroker(data_dir=tmp / "kafka", cache_dir=dev_settings().cache_dir, heap="1g")
    broker.start()
    rows = []
    try:
        for ner in ([True, False] if args.ner == "both" else [args.ner == "on"]):
            n = (args.n_ner or args.n) if ner else args.n
            msgs = make_messages(n)
            for procs in args.processes:
                results = [run_workers(broker, tmp, msgs, procs, ner) for _ in range(args.repeats)]
                ceilings = [ceiling(msgs, procs, ner) for _ in range(args.repeats)]
                med = statistics.median(r.throughput for r in results)
                ceil = statistics.median(ceilings)
                p50 = p99 = peak50 = peak99 = float("nan")
                if procs == 1:
                    lat_msgs = _latency_sample(msgs, args.latency_n)
                    peak50, peak99 = latency(broker, tmp, lat_msgs, med, ner)
                    p50, p99 = latency(broker, tmp, lat_msgs, med / 2, ner)
                rows.append({
                    "ner": "on" if ner else "off", "processes": procs, "articles": n,
                    "worker_art_s": round(med, 1), "ceiling_art_s": round(ceil, 1), "ratio": round(med / ceil, 2),
                    "cpu_ms_per_art": round(statistics.median(r.cpu_per_article_ms for r in results), 2),
                    "peak_rss_mb": round(max(r.peak_rss_mb for r in results)),
                    "p50_ms_peak_rate": _ms(peak50), "p99_ms_peak_rate": _ms(peak99),
                    "p50_ms_half_rate": _ms(p50), "p99_ms_half_rate": _ms(p99),
                    **{f"{k}_us": round(statistics.median(r.stage_us[k] for r in results))
                       for k in ("normalize", "fingerprint", "dedupe", "tag")},
                    "runs_art_s": [round(r.throughput) for r in results],
                })
                print(json.dumps(rows[-1]), flush=True)
    finally:
        broker.stop()
    cols = list(rows[0])
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")


if __name__ == "__main__":
    main()
