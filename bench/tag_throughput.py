"""Tag stage throughput on NewsArticles, alone (articles normalized beforehand, not timed).

Prints articles/s for NER on and NER off, in one process and in two processes
(each process its own Tagger over half the articles), plus CPU seconds per
article, which stays honest when other work shares the machine. The best of
these is the in-process ceiling of this stage: the worker can only be slower.

    python -m bench.tag_throughput [--n 400] [--repeats 2] [--sweep]

``--sweep`` also tries other NER budgets (lead words / probe words / probe window)
and scores each against NER over the *whole* body (~5x the cost): the share of
those entities it finds, and the share of its own entities that whole-body NER
does not have (mislabels from short context). That is how the defaults were chosen.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

from bench.tag_common import normalized
from worker.models import NormalizedArticle, Tags
from worker.settings import Settings
from worker.stages.tag import Tagger

BATCH = 64


def _run(articles: list[NormalizedArticle], ner: bool, budget: tuple[int, int, int] | None = None,
         out: list[Tags] | None = None) -> tuple[float, float]:
    """Tag all articles in batches; return (wall seconds, CPU seconds), model load excluded."""
    s = Settings(ner_enabled=ner)
    if budget is not None:
        s = s.model_copy(update=dict(zip(("ner_max_words", "ner_probe_words", "ner_probe_window"), budget,
                                         strict=True)))
    tagger = Tagger.from_settings(s)
    tagger.tag_many(articles[:8])  # load the model and warm caches
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(articles), BATCH):
        tags = tagger.tag_many(articles[i:i + BATCH])
        if out is not None:
            out += tags
    return time.perf_counter() - wall, time.process_time() - cpu


def _entities(tags: list[Tags]) -> set[tuple[int, str, str]]:
    return {(i, e.name, e.type.value) for i, t in enumerate(tags) for e in t.entities}


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
        whole: list[Tags] = []
        _, cpu = _run(articles, True, (100_000, 0, 3), whole)
        reference = _entities(whole)
        print(f"NER over the whole body: {1000 * cpu / len(articles):.1f} ms CPU/article, {len(reference)} entities")
        d = Settings()
        for budget in ((d.ner_max_words, d.ner_probe_words, d.ner_probe_window), (120, 60, 5), (120, 0, 5),
                       (60, 60, 5), (40, 60, 3), (40, 40, 3), (30, 45, 3), (120, 60, 3)):
            tags: list[Tags] = []
            wall, cpu = _run(articles, True, budget, tags)
            found = _entities(tags)
            print(f"NER on, lead {budget[0]} / probes {budget[1]} / window {budget[2]}: "
                  f"{len(articles) / wall:.0f} articles/s ({1000 * cpu / len(articles):.1f} ms CPU/article); finds "
                  f"{len(found & reference) / len(reference):.3f} of whole-body NER's entities, "
                  f"{len(found - reference) / max(1, len(found)):.3f} of its own are not among them")
    print("in-process ceiling of the tag stage: " + ", ".join(f"{k.strip()} {v:.0f} articles/s"
                                                             for k, v in ceiling.items()))


if __name__ == "__main__":
    main()
