"""Place resolution on NewsArticles: share resolved, a sample to read, load time, memory and cost.

    python -m bench.geo_quality [--n 300] [--sample 30] [--seed 7]

Articles are split by outlet (TUNE outlets chose nothing here but are reported apart from the
held-out ones, as the team's rule asks). Place entities come from the tag stage with NER on.
Resolved share = place entities given a GeoNames feature / all place entities (mentions counted
once per article). The sample is printed for reading; docs/performance.md lists the errors found.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter

from bench.corpus import news_articles
from bench.tag_common import normalized
from worker.models import EntityType
from worker.stages.tag import Tagger
from worker.stages.tag.clean import analysis_text

TUNE = {"aljazeera.com", "tass.com", "abcnews.go.com", "rte.ie", "europe.chinadaily.com.cn"}


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    outlets = [a.outlet for a in news_articles()]
    step = max(1, len(outlets) // args.n)
    picked = [normalized(1, i)[0] for i in range(0, len(outlets), step)][:args.n]
    tagger = Tagger()
    tagger.nlp  # noqa: B018 - load spaCy before measuring the gazetteer
    from worker.stages.tag import geonames

    before, t0 = _rss_mb(), time.perf_counter()
    geonames.gazetteer()
    print(f"gazetteer load {time.perf_counter() - t0:.2f} s, RSS +{_rss_mb() - before:.0f} MB "
          f"(cities >= {geonames.MIN_CITY_POPULATION})")
    tags = tagger.tag_many(picked)
    rows = []
    for article, t in zip(picked, tags, strict=True):
        split = "tune" if outlets[article.source.offset] in TUNE else "held-out"
        rows += [(split, article, e) for e in t.entities if e.type is EntityType.PLACE]
    for split in ("tune", "held-out"):
        part = [e for s, _, e in rows if s == split]
        ok = sum(e.place is not None for e in part)
        print(f"{split:9s} place entities {len(part):5d}  resolved {ok / max(1, len(part)):.1%}")
    missed = Counter(e.name for _, _, e in rows if e.place is None)
    print("unresolved, most frequent:", ", ".join(f"{n} ({c})" for n, c in missed.most_common(25)))
    resolved = [(a, e) for s, a, e in rows if e.place is not None and s == "held-out"]
    print(f"\nsample of {args.sample} held-out resolutions (seed {args.seed}):")
    for a, e in random.Random(args.seed).sample(resolved, min(args.sample, len(resolved))):
        p = e.place
        assert p is not None
        print(f"  {e.name!r:28} -> {p.name}, {p.kind.value}, {p.region or '-'}, {p.country_code}, "
              f"{p.geonames_id}  | {(a.title or '')[:60]}")
    _cost(picked, tagger)


def _cost(articles: list, tagger: Tagger) -> None:  # type: ignore[type-arg]
    """Per-article cost of geography and tone on top of the tag stage, side by side, best of 3."""
    from worker.stages.tag.places import geography
    from worker.stages.tag.tone import tone

    texts = [analysis_text(a.title, a.body).full for a in articles]
    ents = [t.entities for t in tagger.tag_many(articles)]
    timings = {}
    for name, fn in (("geography", lambda i: geography(ents[i], texts[i], articles[i].dateline)),
                     ("tone", lambda i: tone(texts[i], articles[i].language))):
        best = min(_timed(fn, len(articles)) for _ in range(3))
        timings[name] = best
        print(f"{name:9s} {best * 1e3:.3f} ms/article")
    print(f"together  {sum(timings.values()) * 1e3:.3f} ms/article")


def _timed(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t0) / n


if __name__ == "__main__":
    main()
