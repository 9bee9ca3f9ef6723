"""Cost of normalize per article on NewsArticles plain text (median and p99 ms).

Two inputs per article: the corpus text as it is (one message = the text), and
the same article laid out as a plain file (title line, date line, text), the
shape :mod:`bench.normalize_meta` scores. Time is the thread's CPU time
(``time.thread_time``), so other processes on a shared machine do not count;
every article is normalized ``--rounds`` times and its fastest round counts;
the median and p99 are over articles. Compare runs made back to back.

Run: ``python -m bench.normalize_cost [--docs 1000] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.corpus import news_articles
from worker.models import RawRef
from worker.stages.normalize import RawInput, normalize


def _raw(text: str, offset: int) -> RawInput:
    return RawInput(value=text.encode(), source=RawRef(topic="bench", partition=0, offset=offset, timestamp_ms=0,
                                                       content_type="text/plain"))


def per_article_ms(raws: list[RawInput], rounds: int) -> list[float]:
    """Fastest of ``rounds`` timings per article, in ms, sorted."""
    best = [float("inf")] * len(raws)
    for _ in range(rounds):
        for i, raw in enumerate(raws):
            t0 = time.thread_time()
            normalize(raw)
            best[i] = min(best[i], (time.thread_time() - t0) * 1000)
    return sorted(best)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    arts = news_articles()
    chosen = random.Random(5).sample(range(len(arts)), min(args.docs, len(arts)))
    shapes = {
        "text only": [_raw(arts[i].text, i) for i in chosen],
        "title + date + text": [_raw(f"{arts[i].title}\n\n{arts[i].date.split()[0]}\n\n{arts[i].text}", i)
                                for i in chosen],
    }
    for raw in shapes["title + date + text"][:30]:
        normalize(raw)  # warm up: language model, dateparser data, regex caches
    for name, raws in shapes.items():
        ms = per_article_ms(raws, args.rounds)
        print(f"{name:20s} {len(ms)} NewsArticles: median {statistics.median(ms):.3f} ms, "
              f"p99 {ms[int(0.99 * (len(ms) - 1))]:.3f} ms, mean {statistics.fmean(ms):.3f} ms")


if __name__ == "__main__":
    main()
