"""Dedupe quality on NewsArticles (3,788 real texts) plus the five seeds.

Runs normalize + dedupe in-process (tagging does not affect dedupe) over the
corpus in publication order, each article's publish date as its time, then:
- compares exact_duplicate verdicts with an independent count of repeated texts
  (lower-cased, whitespace-collapsed raw text);
- counts multi-article stories and prints 20 random ones (fixed seed) with titles
  and outlets, for a manual precision check;
- sweeps ``story_threshold``: stories formed, and whether the seeds form one story;
- shows the corpus articles closest to the seeds (the seeds-vs-other-story margin).

Usage: ``python -m bench.dedupe_quality [--threshold 0.3] [--sample 20] [--seed 7]``
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import CorpusArticle, news_articles
from worker.models import NormalizedArticle, RawRef, Verdict
from worker.settings import get_settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.dedupe.features import story_similarity
from worker.stages.normalize import RawInput, normalize


def corpus_ms(a: CorpusArticle) -> int:
    try:
        y, m, d = (int(x) for x in a.date.split()[0].split("/"))
        return int(datetime(y, m, d, 12, tzinfo=UTC).timestamp() * 1000)
    except (ValueError, IndexError):
        return 0


def normalized_corpus() -> list[tuple[NormalizedArticle, CorpusArticle]]:
    """The corpus in publication order, as a live stream would bring it (the file is ordered by outlet blocks)."""
    out = []
    for i, a in enumerate(sorted(news_articles(), key=corpus_ms)):
        src = RawRef(topic="corpus", partition=0, offset=i, key=a.id, timestamp_ms=corpus_ms(a))
        raw = RawInput(value=a.text.encode(), source=src, headers={})
        # The text alone is hashed (so repeated texts are exact copies); the title joins afterwards.
        art = normalize(raw, max_bytes=10**7)
        out.append((art.model_copy(update={"title": a.title or art.title}), a))
    return out


def normalized_seeds() -> list[NormalizedArticle]:
    from worker.tools.process import raw_inputs

    return [normalize(r, max_bytes=10**7) for r in raw_inputs(sorted(Path("seeds").glob("*.txt")))]


def run(threshold: float, corpus: list[tuple[NormalizedArticle, CorpusArticle]], seeds: list[NormalizedArticle],
        ) -> tuple[dict[str, list[int]], Counter[str], set[str]]:
    """Stories (story_id -> corpus indexes), verdict counts, and the seeds' story ids."""
    settings = get_settings().model_copy(update={"story_threshold": threshold})
    deduper = Deduper(DedupeStore(), settings)
    stories: dict[str, list[int]] = defaultdict(list)
    verdicts: Counter[str] = Counter()
    for i, (art, _) in enumerate(corpus):
        r = deduper.decide(art)
        verdicts[r.verdict.value] += 1
        if r.verdict is Verdict.UNIQUE and r.story_id:
            stories[r.story_id].append(i)
    seed_stories = {s.story_id or "" for s in map(Deduper(DedupeStore(), settings).decide, seeds)}
    return stories, verdicts, seed_stories


def independent_exact(corpus: list[tuple[NormalizedArticle, CorpusArticle]]) -> list[int]:
    """Indexes of texts that repeat an earlier one (lower-cased, whitespace collapsed)."""
    seen: set[str] = set()
    repeats = []
    for i, (_, a) in enumerate(corpus):
        key = " ".join(a.text.lower().split())
        if key in seen:
            repeats.append(i)
        seen.add(key)
    return repeats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=get_settings().story_threshold)
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    corpus, seeds = normalized_corpus(), normalized_seeds()

    stories, verdicts, _ = run(args.threshold, corpus, seeds)
    print(f"corpus: {len(corpus)} articles; verdicts {dict(verdicts)}")
    repeats = independent_exact(corpus)
    deduper = Deduper(DedupeStore(), get_settings())
    flagged = {i for i, (art, _) in enumerate(corpus) if deduper.decide(art).verdict is not Verdict.UNIQUE}
    print(f"exact copies: independent count {len(repeats)}, of them flagged {len(set(repeats) & flagged)}; "
          f"flagged exact_duplicate {verdicts['exact_duplicate']} + near_duplicate {verdicts['near_duplicate']}")
    for i in sorted(flagged - set(repeats)):
        print(f"    also flagged (differs only in case/punctuation/digits, or a near copy): {corpus[i][1].title[:80]}")

    print("\nstory_threshold sweep: multi-article stories / articles in them / seeds in one story")
    for t in sorted({0.40, 0.45, 0.50, 0.55, 0.60, args.threshold}):
        st, _, ss = run(t, corpus, seeds)
        multi = [m for m in st.values() if len(m) > 1]
        print(f"  {t:.2f}: {len(multi):4d} stories, {sum(map(len, multi)):4d} articles, "
              f"seeds one story: {len(ss) == 1}")

    multi = sorted((m for m in stories.values() if len(m) > 1), key=lambda m: m[0])
    sizes = Counter(min(len(m), 6) for m in multi)
    print(f"\nthreshold {args.threshold}: {len(multi)} multi-article stories; "
          f"sizes (6 = 6+) {dict(sorted(sizes.items()))}")
    rng = random.Random(args.seed)
    for n, members in enumerate(rng.sample(multi, min(args.sample, len(multi))), 1):
        print(f"\n[{n}] {len(members)} articles")
        for i in members[:8]:
            a = corpus[i][1]
            print(f"    {a.date[:10]:10s} {a.outlet:22s} {a.title[:90]}")

    d = Deduper(DedupeStore(), get_settings())
    seed_feats = [d.features(s) for s in seeds]
    scored = []
    for art, a in corpus:
        f = d.features(art)
        scored.append((max(story_similarity(f, s) for s in seed_feats), a.title))
    among = [story_similarity(x, y) for i, x in enumerate(seed_feats) for y in seed_feats[i + 1:]]
    print(f"\nseeds among themselves: {min(among):.3f}-{max(among):.3f}; closest corpus articles to any seed:")
    for s, title in sorted(scored, reverse=True)[:5]:
        print(f"    {s:.3f} {title[:90]}")


if __name__ == "__main__":
    main()
