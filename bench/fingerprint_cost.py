"""What ``Deduper.fingerprint`` costs alone, per article, and a digest of what it produced.

Normalizes a fixed sample of NewsArticles once (not timed), warms the word
memos with one pass, then times ``fingerprint()`` per article over ``--rounds``
passes and reports the median of each article's best round, in CPU time of this
process (``time.process_time``: time spent waiting for a shared core does not
count). The digest (xxh64 over every fingerprint) lets two checkouts be
compared: same digest, same output. To compare before/after side by side, run
this module from both trees in one shell command, alternating.

    python -m bench.fingerprint_cost [--n 400] [--rounds 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

import xxhash

from bench.corpus import news_articles
from worker.models import NormalizedArticle, RawRef
from worker.settings import get_settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.normalize import RawInput, normalize


def sample(n: int) -> list[NormalizedArticle]:
    """Every k-th corpus article (all outlets), normalized as the worker would."""
    corpus = news_articles()
    step = max(1, len(corpus) // n)
    out = []
    for i, a in enumerate(corpus[::step][:n]):
        src = RawRef(topic="bench", partition=0, offset=i, key=a.id, timestamp_ms=0)
        art = normalize(RawInput(value=a.text.encode(), source=src, headers={}), max_bytes=10**7)
        out.append(art.model_copy(update={"title": a.title or art.title}))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="print the top functions by own time instead")
    args = ap.parse_args()
    arts = sample(args.n)
    deduper = Deduper(DedupeStore(), get_settings())
    prints = [deduper.fingerprint(a) for a in arts]  # warm-up: word memos and lazy tables
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.rounds):
            for a in arts:
                deduper.fingerprint(a)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
        return
    best = [float("inf")] * len(arts)
    for _ in range(args.rounds):
        for i, a in enumerate(arts):
            t = time.process_time()
            deduper.fingerprint(a)
            best[i] = min(best[i], (time.process_time() - t) * 1000)
    digest = xxhash.xxh64("\n".join(prints).encode()).hexdigest()
    sizes = sorted(len(p) for p in prints)
    print(f"fingerprint: {len(arts)} articles, median {statistics.median(best):.3f} ms, "
          f"p90 {statistics.quantiles(best, n=10)[-1]:.3f} ms, mean {statistics.fmean(best):.3f} ms; "
          f"size median {statistics.median(sizes):.0f}, p99 {sizes[int(0.99 * (len(sizes) - 1))]}, "
          f"max {sizes[-1]} chars; digest {digest}")


if __name__ == "__main__":
    main()
