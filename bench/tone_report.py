"""Tone on the seeds and on NewsArticles: distribution, agreement with VADER, cost side by side.

    python -m bench.tone_report [--n 300]

Three ways of scoring the same text, timed in one run: VADER ``polarity_scores`` on the whole
article (what saturates), VADER on each sentence (the reference for our score), and
worker.stages.tag.tone (same sentences, same numbers, done once per article). Agreement is
checked on every sentence.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from vaderSentiment.vaderSentiment import normalize as vader_normalize

from bench.corpus import news_articles
from bench.tag_common import normalized
from worker.stages.normalize import normalize
from worker.stages.tag.content import analysis_text
from worker.stages.tag.tone import _Article, sentence_scores, sentences, tone
from worker.stages.tag.vader import lexicon
from worker.tools.process import raw_inputs

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def _describe(label: str, scores: list[float]) -> None:
    q = statistics.quantiles(scores, n=10) if len(scores) >= 10 else scores
    print(f"{label:22s} n={len(scores):4d} mean={statistics.mean(scores):+.3f} "
          f"p10={q[0]:+.3f} median={statistics.median(scores):+.3f} p90={q[-1]:+.3f} "
          f"min={min(scores):+.3f} max={max(scores):+.3f} negative={sum(s < -0.05 for s in scores) / len(scores):.0%} "
          f"positive={sum(s > 0.05 for s in scores) / len(scores):.0%}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()
    seeds = [normalize(raw) for raw in raw_inputs(SEEDS)]
    for a in seeds:
        t = tone(analysis_text(a.title, a.body).full, a.language)
        print(f"seed {a.source.key}: tone {t.score:+.4f} over {t.sentences} sentences")
    outlets = [a.outlet for a in news_articles()]
    step = max(1, len(outlets) // args.n)
    picked = [normalized(1, i)[0] for i in range(0, len(outlets), step)][:args.n]
    texts = [analysis_text(a.title, a.body).full for a in picked]
    scores = [tone(t, a.language).score for t, a in zip(texts, picked, strict=True)]
    _describe("NewsArticles (all)", [s for s in scores if s is not None])
    for outlet in sorted(set(outlets)):
        part = [s for s, a in zip(scores, picked, strict=True) if s is not None and outlets[a.source.offset] == outlet]
        if part:
            _describe(outlet, part)
    reference = lexicon().reference
    whole = [reference.polarity_scores(t)["compound"] for t in texts]
    expected = [[reference.polarity_scores(s)["compound"] for s in sentences(t)] for t in texts]
    got = [sentence_scores(t) for t in texts]
    pairs = [(e, g) for es, gs in zip(expected, got, strict=True) for e, g in zip(es, gs, strict=True)]
    print(f"\nsentences {len(pairs)}, identical to VADER: {sum(e == g for e, g in pairs)}")
    print(f"whole-article VADER saturated (|compound| > 0.95): {sum(abs(w) > 0.95 for w in whole) / len(texts):.0%}")
    costs = {
        "VADER whole": _fastest_pass(lambda t: reference.polarity_scores(t), texts),
        "VADER per sentence": _fastest_pass(lambda t: [reference.polarity_scores(s) for s in sentences(t)], texts),
        "tone.py": _fastest_pass(lambda t: tone(t, "en"), texts),
    }
    print("cost ms/article (fastest of 3 passes): " + ", ".join(f"{k} {v:.3f}" for k, v in costs.items())
          + f"  (VADER per sentence / tone.py = {costs['VADER per sentence'] / costs['tone.py']:.1f}x)")
    _frontier(texts, got)


def _frontier(texts: list[str], exact: list[list[float]]) -> None:
    """What dropping VADER's rules would buy: cost against agreement, beside the words-and-lookups floor."""
    def no_rules(text: str) -> list[float]:
        a = _Article(text)
        b = a.bounds
        return [round(vader_normalize(sum(map(a.valence.__getitem__, a.groups[k]))), 4) if k in a.groups else 0.0
                for k in range(len(b) - 1) if b[k] != b[k + 1]]

    rough = [no_rules(t) for t in texts]
    same = sum(e == g for es, gs in zip(exact, rough, strict=True) for e, g in zip(es, gs, strict=True))
    close = sum(abs(statistics.mean(es or [0]) - statistics.mean(gs or [0])) < 0.005
                for es, gs in zip(exact, rough, strict=True))
    print(f"frontier (ms/article, fastest of 3 passes): VADER's rules {_fastest_pass(sentence_scores, texts):.3f} "
          f"(all sentences equal); lexicon sums only {_fastest_pass(no_rules, texts):.3f} "
          f"({same}/{sum(map(len, exact))} sentences equal, {close}/{len(texts)} article tones within 0.005); "
          f"splitting and lookups alone {_fastest_pass(_Article, texts):.3f}")


def _fastest_pass(fn: Callable[[str], object], texts: list[str], passes: int = 3) -> float:
    """Mean ms per article of the fastest of ``passes`` passes over all texts (the machine is shared)."""
    best = float("inf")
    for _ in range(passes):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return 1e3 * best / len(texts)

if __name__ == "__main__":
    main()
