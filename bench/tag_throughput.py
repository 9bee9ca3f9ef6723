"""Tag stage throughput on NewsArticles, alone (articles normalized beforehand, not timed).

Prints articles/s for NER on and NER off, in one process and in two processes
(each process its own Tagger over half the articles), plus CPU seconds per
article, which stays honest when other work shares the machine. The best of
these is the in-process ceiling of this stage: the worker can only be slower.

    python -m bench.tag_throughput [--n 400] [--repeats 2] [--sweep]
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

from bench.tag_common import normalized
from worker.models import NormalizedArticle
from worker.settings import Settings
from worker.stages.tag import Tagger

BATCH = 64


def _run(articles: list[NormalizedArticle], ner: bool, words: tuple[int, int] = (120, 60)) -> tuple[float, float]:
    """Tag all articles in batches; return (wall seconds, CPU seconds), model load excluded."""
    tagger = Tagger.from_settings(Settings(ner_enabled=ner, ner_max_words=words[0], ner_probe_words=words[1]))
    tagger.tag_many(articles[:8])  # load the model and warm caches
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(articles), BATCH):
        tagger.tag_many(articles[i:i + BATCH])
    return time.perf_counter() - wall, time.process_time() - cpu


def _parallel(articles: list[NormalizedArticle], ner: bool, procs: int) -> float:
    """Articles/s with ``procs`` processes, from the slowest process's timed section."""
    chunks = [articles[i::procs] for i in range(procs)]
    with ProcessPoolExecutor(procs) as pool:
        results = list(pool.map(_run, chunks, [ner] * procs))
    return len(articles) / max(w for w, _ in results)


def _calibrate() -> float:
    """CPU seconds of a fixed pure-Python loop: compare runs on busy and idle machines by it."""
    cpu = time.process_time()
    sum(range(10_000_000))
    return time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--sweep", action="store_true", help="also NER on with smaller ner_max_words/probe budgets")
    args = parser.parse_args()
    articles = normalized(args.n, start=300)  # not the articles bench.tag_quality looks at
    words = sum(a.word_count for a in articles) / len(articles)
    print(f"{len(articles)} NewsArticles, mean {words:.0f} words; batch {BATCH}; best of {args.repeats}; "
          f"calibration loop {_calibrate():.2f} s CPU (lower = faster/idler machine)")
    ceiling = {}
    for ner in (True, False):
        runs = [_run(articles, ner) for _ in range(args.repeats)]
        wall = min(w for w, _ in runs)
        cpu = min(c for _, c in runs)
        two = max(_parallel(articles, ner, 2) for _ in range(args.repeats))
        label = "NER on " if ner else "NER off"
        print(f"{label}: 1 process {len(articles) / wall:8.0f} articles/s "
              f"({1000 * cpu / len(articles):.2f} ms CPU/article -> {len(articles) / cpu:.0f}/s per free core); "
              f"2 processes {two:8.0f} articles/s")
        ceiling[label] = max(len(articles) / wall, two)
    if args.sweep:
        for words in ((120, 0), (80, 40), (50, 25), (30, 15)):
            wall, cpu = min(_run(articles, True, words) for _ in range(args.repeats))
            print(f"NER on, ner_max_words={words[0]} ner_probe_words={words[1]}: {len(articles) / wall:.0f} articles/s"
                  f" ({len(articles) / cpu:.0f}/s per free core)")
    print("in-process ceiling of the tag stage: " + ", ".join(f"{k.strip()} {v:.0f} articles/s"
                                                             for k, v in ceiling.items()))


if __name__ == "__main__":
    main()
