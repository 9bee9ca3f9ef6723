"""Place resolution on NewsArticles: share resolved, a sample to read, gazetteer load cost, cost per article.

    python -m bench.geo_quality [--n 300] [--sample 30] [--seed 7] [--contexts]

Articles are split by outlet: TUNE outlets are the ones looked at while the resolver and gazetteer
were written, the others are held out; both are reported. Place entities come from the tag stage
with NER on (mentions counted once per article). Some are not places at all ("Brexit", "Gunmen",
"Grammys"): bench/labels/not_places.jsonl lists those a person judged so by reading the article
(README_places.md says how), and the resolved share is taken over the others. An entity not in the
labels counts as a real place, so the share can only be understated by missing labels.

``--contexts`` prints every unresolved entity with its sentence, for labelling.
The cost per article is measured by bench/geo_cost.py.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.corpus import news_articles
from bench.tag_common import normalized
from worker.models import Entity, EntityType, NormalizedArticle
from worker.stages.tag import Tagger

TUNE = {"aljazeera.com", "tass.com", "abcnews.go.com", "rte.ie", "europe.chinadaily.com.cn"}
LABELS = Path(__file__).resolve().parent / "labels" / "not_places.jsonl"

#: Loads the gazetteer in a fresh interpreter and prints its wall time, CPU time and resident memory growth.
_LOAD = """
import json, resource, time
def rss(): return int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 2**20
import worker.stages.tag.places
before, wall, cpu = rss(), time.perf_counter(), time.process_time()
worker.stages.tag.geonames.gazetteer()
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu, rss() - before]))
"""


def not_places() -> set[tuple[str, str]]:
    """(article id, entity name) pairs a reader judged not to be places."""
    return {(r["id"], r["name"]) for r in map(json.loads, LABELS.read_text().splitlines()) if r}


def load_cost(runs: int = 3) -> tuple[float, float, float]:
    """Median wall s, CPU s and RSS MB of loading the gazetteer, each in a fresh process."""
    out = [json.loads(subprocess.run([sys.executable, "-c", _LOAD], check=True, capture_output=True,
                                     text=True).stdout) for _ in range(runs)]
    return tuple(statistics.median(col) for col in zip(*out, strict=True))  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--contexts", action="store_true")
    args = ap.parse_args()
    wall, cpu, rss = load_cost()
    print(f"gazetteer load (fresh process, median of 3): {wall:.3f} s wall, {cpu:.3f} s CPU, RSS +{rss:.0f} MB")
    corpus = news_articles()
    step = max(1, len(corpus) // args.n)
    picked = [normalized(1, i)[0] for i in range(0, len(corpus), step)][:args.n]
    tagger = Tagger()
    tags = tagger.tag_many(picked)
    labels = not_places()
    rows = []
    for article, t in zip(picked, tags, strict=True):
        ident = corpus[article.source.offset].id
        split = "tune" if corpus[article.source.offset].outlet in TUNE else "held-out"
        rows += [(split, article, e, (ident, e.name) in labels) for e in t.entities if e.type is EntityType.PLACE]
    _coverage(rows)
    if args.contexts:
        _contexts(rows, corpus)
    resolved = [(a, e) for s, a, e, _ in rows if e.place is not None and s == "held-out"]
    print(f"\nsample of {args.sample} held-out resolutions (seed {args.seed}):")
    for a, e in random.Random(args.seed).sample(resolved, min(args.sample, len(resolved))):
        p = e.place
        assert p is not None
        print(f"  {e.name!r:26} -> {p.name}, {p.kind.value}, {p.region or '-'}, {p.country_code}, "
              f"{p.geonames_id}  | {corpus[a.source.offset].id}: {_snippet(a, e.name, 60)}")


def _coverage(rows: list[tuple[str, NormalizedArticle, Entity, bool]]) -> None:
    for split in ("tune", "held-out"):
        part = [(e, noise) for s, _, e, noise in rows if s == split]
        real = [e for e, noise in part if not noise]
        ok = sum(e.place is not None for e in real)
        areas = sum(e.place is not None and e.place.kind.value == "area" for e in real)
        print(f"{split:9s} place entities {len(part):4d}, not a place {len(part) - len(real):3d}, "
              f"real places {len(real):4d}: resolved {ok / max(1, len(real)):.1%} "
              f"(areas {areas}, without a point {sum(e.place is not None and e.place.latitude is None for e in real)})"
              f"; over all place entities {ok / max(1, len(part)):.1%}")
    missed = Counter(e.name for _, _, e, noise in rows if e.place is None and not noise)
    print("unresolved real places:", ", ".join(f"{n} ({c})" for n, c in missed.most_common(40)))
    noise = Counter(e.name for _, _, e, noise in rows if noise)
    print("not places (labelled):", ", ".join(f"{n} ({c})" for n, c in noise.most_common(40)))


def _contexts(rows: list[tuple[str, NormalizedArticle, Entity, bool]], corpus: tuple) -> None:  # type: ignore[type-arg]
    print("\nunresolved place entities in context:")
    for split, a, e, noise in rows:
        if e.place is None:
            print(json.dumps({"id": corpus[a.source.offset].id, "name": e.name, "split": split, "labelled": noise,
                              "context": _snippet(a, e.name, 90)}, ensure_ascii=False))


def _snippet(a: NormalizedArticle, name: str, width: int) -> str:
    """The text around the first mention of ``name``, for reading."""
    text = f"{a.title}\n{a.body}"
    at = text.find(name)
    return " ".join(text[max(0, at - width):at + len(name) + width].split()) if at >= 0 else "(not in text)"


if __name__ == "__main__":
    main()
