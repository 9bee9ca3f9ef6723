"""Tag stage throughput on NewsArticles, alone (articles normalized beforehand, not timed).

Prints articles/s for NER on and NER off, in one process and in two processes
(each process its own Tagger over half the articles), CPU ms per article (honest
when other work shares the machine) and, NER off, the median wall time per
article. The best of these is the in-process ceiling of this stage.

    python -m bench.tag_throughput [--n 400] [--repeats 2] [--sweep]

``--compare REF`` times the NER-off path of this tree against the tag stage of git
revision ``REF`` (its ``worker`` package unpacked to a temporary folder), in
alternating subprocesses over the same articles, each after a warm-up on 1,000
other articles (a running worker's memos hold the common vocabulary), and prints
both and their ratio.

``--sweep`` prints the frontier of what NER reads (see ``worker/stages/tag/scope.py``):
for each window size and retry count, CPU ms per article NER on, and the share
of the entities found with NER over the *whole* body (the same pipeline with
``ner_window=0``), by canonical name and type, and the loose recall of raw
whole-body spaCy names (see ``bench/entity_quality.py``), per outlet split.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from bench.entity_quality import found, junk_reason, reference
from bench.tag_common import SPLITS, normalized, sample, spacy_ner
from worker.models import NormalizedArticle, Tags
from worker.settings import Settings
from worker.stages.tag import Tagger

BATCH = 64
#: (ner_window, ner_retries) tried by --sweep; window 0 is the whole body.
SWEEP = ((0, 0), (2, 0), (3, 0), (4, 0), (4, 1), (6, 0), (6, 1), (8, 1), (12, 1))


def _run(articles: list[NormalizedArticle], ner: bool, scope: tuple[int, int] | None = None,
         out: list[Tags] | None = None) -> tuple[float, float]:
    """Tag all articles in batches; return (wall seconds, CPU seconds), model load excluded."""
    s = Settings(ner_enabled=ner)
    if scope is not None:
        s = s.model_copy(update={"ner_window": scope[0], "ner_retries": scope[1]})
    tagger = Tagger.from_settings(s)
    tagger.tag_many(articles[:8])  # load the model and warm caches
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(articles), BATCH):
        tags = tagger.tag_many(articles[i:i + BATCH])
        if out is not None:
            out += tags
    return time.perf_counter() - wall, time.process_time() - cpu


def _median_ms(articles: list[NormalizedArticle]) -> float:
    """Median wall ms of tagging one article alone, NER off (the per-article share in the pipeline)."""
    tagger = Tagger.from_settings(Settings(ner_enabled=False))
    tagger.tag_many(articles[:8])
    times = []
    for a in articles:
        t = time.perf_counter()
        tagger.tag_many([a])
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


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


def _keys(tags: Tags) -> set[tuple[str, str]]:
    return {(e.name, e.type.value) for e in tags.entities}


def sweep(n: int) -> None:
    """The recall-vs-CPU frontier of NER windows, per outlet split."""
    pairs = sample(n)
    articles = [a for _, a in pairs]
    raw = reference(spacy_ner(), articles)
    results = {}
    for scope in SWEEP:
        tags: list[Tags] = []
        _, cpu = _run(articles, True, scope, tags)
        results[scope] = (cpu, tags)
    whole = results[(0, 0)][1]
    for split, outlets in SPLITS.items():
        idx = [i for i, (art, _) in enumerate(pairs) if art.outlet in outlets]
        clean = [(i, r) for i in idx for r in raw[i] if not junk_reason(r, raw[i], articles[i], pairs[i][0].text)]
        print(f"\n== {split} split, {len(idx)} articles: window/retries | CPU ms/article (NER on, all) | "
              f"share of whole-body entities (name+type) | (name only) | loose recall of raw spaCy non-junk names")
        for scope, (cpu, tags) in results.items():
            ref = [_keys(whole[i]) for i in idx]
            got = [_keys(tags[i]) for i in idx]
            typed = sum(len(r & g) for r, g in zip(ref, got, strict=True)) / max(1, sum(map(len, ref)))
            names = sum(len({x for x, _ in r} & {x for x, _ in g}) for r, g in zip(ref, got, strict=True)) / max(
                1, sum(map(len, ref)))
            loose = sum(found(r, tags[i], True) for i, r in clean) / max(1, len(clean))
            label = "whole body" if scope[0] == 0 else f"window {scope[0]:2d}, retries {scope[1]}"
            print(f"{label:22s} | {1000 * cpu / len(articles):6.1f} | {typed:.3f} | {names:.3f} | {loose:.3f}")


_TIMER = """
import pickle, statistics, sys, time
from worker.stages.tag import Tagger
warm, articles = pickle.load(open(sys.argv[1], "rb"))
tagger = Tagger(ner_enabled=False)
for i in range(0, len(warm), 64):  # a running worker has seen the common vocabulary: warm the memos
    tagger.tag_many(warm[i:i + 64])
cpu, times = time.process_time(), []
for a in articles:
    t = time.perf_counter()
    tagger.tag_many([a])
    times.append(time.perf_counter() - t)
print(1000 * (time.process_time() - cpu) / len(articles), 1000 * statistics.median(times))
"""


def compare(ref: str, n: int, repeats: int) -> None:
    """NER-off CPU ms/article and median of this tree against revision ``ref``, alternating runs."""
    import pickle
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    articles = normalized(n, start=300)
    warm = normalized(1000, start=1500)  # other articles (other outlets too), not timed
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(root), "archive", ref, "worker"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        data = Path(tmp) / "articles.pkl"
        data.write_bytes(pickle.dumps((warm, articles)))
        best: dict[str, tuple[float, float]] = {}
        for _ in range(repeats):
            for label, tree in ((ref, old), ("this tree", root)):
                out = subprocess.run([sys.executable, "-c", _TIMER, str(data)], cwd=tree, check=True,
                                     capture_output=True, text=True).stdout.split()
                cpu, median = float(out[0]), float(out[1])
                best[label] = min(best.get(label, (cpu, median)), (cpu, median))
    for label, (cpu, median) in best.items():
        print(f"{label:>12s}: NER off {cpu:.3f} ms CPU/article, median {median:.3f} ms/article (best of {repeats})")
    print(f"ratio this tree / {ref}: CPU {best['this tree'][0] / best[ref][0]:.2f}, "
          f"median {best['this tree'][1] / best[ref][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--sweep", action="store_true", help="only the NER window frontier (on --n sampled articles)")
    parser.add_argument("--compare", metavar="REF", help="only: NER-off cost of this tree against git revision REF")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.n, max(args.repeats, 3))
        return
    if args.sweep:
        sweep(args.n)
        return
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
    print(f"NER off, one article at a time: median {min(_median_ms(articles) for _ in range(args.repeats)):.3f} ms")
    print("in-process ceiling of the tag stage: " + ", ".join(f"{k.strip()} {v:.0f} articles/s"
                                                             for k, v in ceiling.items()))


if __name__ == "__main__":
    main()
