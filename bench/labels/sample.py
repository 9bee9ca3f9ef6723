"""Seeded, outlet-stratified samples of NewsArticles for hand labelling.

The annotator reads the articles this prints; the sample is a pure function of
the corpus and the seed, so anyone can regenerate the exact list of ids that
``keywords.jsonl`` and ``categories.jsonl`` label. Articles under
``MIN_WORDS`` words are skipped (too short to carry 5-10 keyphrases), as is a
text identical to one already drawn (the corpus holds a few repeats).

    python -m bench.labels.sample keywords            # list ids
    python -m bench.labels.sample keywords --show 0 5 # print articles 0..4 in full
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence

from bench.corpus import CorpusArticle, news_articles

SEED = 20170301
MIN_WORDS = 150
SIZES = {"keywords": 60, "categories": 120}
TUNE_OUTLETS = ("aljazeera.com", "tass.com", "abcnews.go.com", "huffingtonpost.com", "rte.ie")
REPORT_OUTLETS = ("dw.com", "europe.chinadaily.com.cn", "bbc.co.uk", "cnn.com")


def split_of(outlet: str) -> str:
    """`tune` for the five tuning outlets, `report` for the four held-out ones."""
    if outlet in TUNE_OUTLETS:
        return "tune"
    if outlet in REPORT_OUTLETS:
        return "report"
    raise ValueError(f"unknown outlet {outlet!r}")


def quotas(total: int, outlets: Sequence[str]) -> dict[str, int]:
    """Equal share per outlet; the remainder goes one each to outlets in the given order."""
    base, extra = divmod(total, len(outlets))
    return {o: base + (1 if i < extra else 0) for i, o in enumerate(outlets)}


def draw(articles: Sequence[CorpusArticle], total: int, rng: random.Random,
         exclude: set[str]) -> list[CorpusArticle]:
    """Stratified draw without replacement: `total` articles spread evenly over outlets."""
    outlets = sorted({a.outlet for a in articles})
    rng.shuffle(outlets)  # which outlets get the remainder is itself seeded
    seen_texts = {a.text for a in articles if a.id in exclude}
    picked: list[CorpusArticle] = []
    for outlet, n in quotas(total, outlets).items():
        pool = sorted((a for a in articles if a.outlet == outlet and a.id not in exclude
                       and len(a.text.split()) >= MIN_WORDS), key=lambda a: int(a.id))
        rng.shuffle(pool)
        taken = 0
        for art in pool:
            if taken == n:
                break
            if art.text in seen_texts:
                continue
            seen_texts.add(art.text)
            picked.append(art)
            taken += 1
    return sorted(picked, key=lambda a: (a.outlet, int(a.id)))


def samples() -> dict[str, list[CorpusArticle]]:
    """Both samples from one seeded generator; the category sample excludes the keyword one."""
    articles = news_articles()
    rng = random.Random(SEED)
    keywords = draw(articles, SIZES["keywords"], rng, exclude=set())
    categories = draw(articles, SIZES["categories"], rng, exclude={a.id for a in keywords})
    return {"keywords": keywords, "categories": categories}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=sorted(SIZES))
    parser.add_argument("--show", nargs=2, type=int, metavar=("START", "STOP"))
    args = parser.parse_args()
    sample = samples()[args.task]
    if args.show is None:
        for i, a in enumerate(sample):
            print(f"{i:3d} {a.id:>5} {a.outlet:26} {len(a.text.split()):5d}w {a.title[:70]}")
        return
    for i in range(*args.show):
        a = sample[i]
        print(f"=== [{i}] id={a.id} outlet={a.outlet} date={a.date} words={len(a.text.split())}")
        print(f"TITLE: {a.title}\n{a.text}\n")


if __name__ == "__main__":
    main()
