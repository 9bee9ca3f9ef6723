"""Dedupe cost and state growth, in-process over ``MemoryState``-shaped dict tables.

NewsArticles texts are recycled into N articles: copy k of a text gets new ids,
about one word in six replaced (so it is *unique* at the MinHash level and the
indexes really grow) and a clock shifted by k x 80 h (so each round is its own
news week and stories do not span rounds). Retention is set long so nothing
expires while filling. Reported:
- median / p95 ms per ``decide`` with ~10k and ~N articles already in state;
- table reads and writes per article (each write is a changelog message in the worker);
- state entries and JSON bytes per 100k articles, RSS growth, and RSS extrapolated to 1M.

Usage: ``python -m bench.dedupe_cost [--articles 100000] [--sample 2000]``
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from bench.corpus import news_articles
from worker.models import NormalizedArticle, RawRef
from worker.settings import get_settings
from worker.stages.dedupe import TABLES, Deduper, DedupeState
from worker.stages.normalize.text import content_hash, fold

HOUR = 3_600_000
T0 = 1_486_000_000_000


class CountingDict(dict[str, Any]):
    """A plain dict (as MemoryState uses) that counts gets and writes."""

    reads = 0
    writes = 0

    def get(self, key: str, default: Any = None) -> Any:
        CountingDict.reads += 1
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        CountingDict.writes += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        CountingDict.writes += 1
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        CountingDict.writes += 1
        return super().pop(key, *default)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def articles(n: int, seed: int = 1) -> list[NormalizedArticle]:
    corpus = news_articles()
    vocab = [w for a in corpus[:300] for w in a.text.split()]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k, a = divmod(i, len(corpus))
        words = corpus[a].text.split()
        if k:
            words = [rng.choice(vocab) if rng.random() < 1 / 6 else w for w in words]
        body = " ".join(words)
        folded = fold(body)
        src = RawRef(topic="bench", partition=0, offset=i, key=f"{k}-{corpus[a].id}",
                     timestamp_ms=T0 + k * 80 * HOUR + (a * 60_000))
        out.append(NormalizedArticle(article_id=f"{i:016x}", source=src, title=corpus[a].title, body=body,
                                     folded=folded, content_hash=content_hash(folded), word_count=len(words)))
    return out


def timed(deduper: Deduper, batch: list[NormalizedArticle]) -> tuple[list[float], float, float]:
    r0, w0 = CountingDict.reads, CountingDict.writes
    ms = []
    for a in batch:
        t = time.perf_counter()
        deduper.decide(a)
        ms.append((time.perf_counter() - t) * 1000)
    return ms, (CountingDict.reads - r0) / len(batch), (CountingDict.writes - w0) / len(batch)


def report(label: str, ms: list[float], reads: float, writes: float) -> None:
    p95 = statistics.quantiles(ms, n=20)[-1]
    print(f"{label}: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms per article; "
          f"{reads:.1f} reads, {writes:.1f} writes per article")


def state_size(state: DedupeState) -> tuple[int, int]:
    entries = sum(len(t) for t in state.tables.values())
    size = sum(len(k) + len(json.dumps(v, separators=(",", ":"))) for t in state.tables.values() for k, v in t.items())
    return entries, size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2000)
    args = ap.parse_args()
    n, sample = args.articles, args.sample
    print(f"building {n + 2 * sample} articles ...", flush=True)
    arts = articles(n + 2 * sample)
    state = DedupeState({name: CountingDict() for name in TABLES})
    deduper = Deduper(state, get_settings().model_copy(update={"retention_days": 10_000}))
    small = min(10_000, n)
    for a in arts[:small]:
        deduper.decide(a)
    report(f"with {small} in state", *timed(deduper, arts[small:small + sample]))

    rss0, (e0, b0), done0 = rss_mb(), state_size(state), small + sample
    t = time.perf_counter()
    for a in arts[done0:n]:
        deduper.decide(a)
    fill_s = time.perf_counter() - t
    rss1, (e1, b1) = rss_mb(), state_size(state)
    print(f"filled {n - done0} more in {fill_s:.0f} s ({fill_s / (n - done0) * 1000:.2f} ms/article mean)")
    report(f"with {n} in state", *timed(deduper, arts[n:n + sample]))

    per = 100_000 / (n - done0)
    verdicts: dict[str, int] = {}
    for v in state.articles.values():
        verdicts[v["r"]["verdict"]] = verdicts.get(v["r"]["verdict"], 0) + 1
    print(f"verdicts in state: {verdicts}")
    print(f"state growth per 100k articles: {(e1 - e0) * per:,.0f} entries, {(b1 - b0) * per / 1e6:.1f} MB JSON; "
          f"RSS {(rss1 - rss0) * per:.0f} MB")
    print("entries by table: " + ", ".join(f"{k} {len(v):,}" for k, v in state.tables.items()))
    print(f"RSS now {rss1:.0f} MB; extrapolated to 1M articles in state: "
          f"{rss1 + (rss1 - rss0) / (n - done0) * (1_000_000 - n):.0f} MB")


if __name__ == "__main__":
    main()
