"""Categories against hand-labelled IPTC Media Topics (bench/labels/categories.jsonl), per outlet split.

Each article's predicted categories (every one the tagger returns, i.e. score
>= its threshold; ``--min-score`` raises it) are compared as a set of slugs
with the labelled set (top-level and second-level slugs alike). Precision and
recall per label, and micro-averaged over all labels, for the ``tune`` and
``report`` splits separately. ``--show`` prints the disagreements of the tune
split.

    python -m bench.category_quality [--min-score 0.0] [--show]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from bench.corpus import news_articles
from bench.tag_common import _normalize
from worker.settings import Settings
from worker.stages.tag import Tagger

LABELS = Path(__file__).parent / "labels" / "categories.jsonl"


def _table(split: str, pairs: list[tuple[set[str], set[str]]]) -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, pred in pairs:
        for c in pred:
            (tp if c in gold else fp)[c] += 1
        for c in gold - pred:
            fn[c] += 1
    labels = sorted(set(tp) | set(fp) | set(fn), key=lambda c: -(tp[c] + fn[c]))
    micro_p = sum(tp.values()) / max(1, sum(tp.values()) + sum(fp.values()))
    micro_r = sum(tp.values()) / max(1, sum(tp.values()) + sum(fn.values()))
    print(f"\n== {split}: {len(pairs)} articles; micro precision {micro_p:.3f}, recall {micro_r:.3f}, "
          f"F1 {2 * micro_p * micro_r / max(1e-9, micro_p + micro_r):.3f}; articles with no category: "
          f"{sum(1 for _, p in pairs if not p)}")
    print(f"{'label':22s} {'gold':>4s} {'pred':>4s} {'P':>6s} {'R':>6s}")
    for c in labels:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else float("nan")
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else float("nan")
        print(f"{c:22s} {tp[c] + fn[c]:4d} {tp[c] + fp[c]:4d} {p:6.2f} {r:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-score", type=float, default=0.0)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    by_id = {a.id: a for a in news_articles()}
    records = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    tagger = Tagger.from_settings(Settings(ner_enabled=False))
    results: dict[str, list[tuple[set[str], set[str]]]] = {"tune": [], "report": []}
    for i, rec in enumerate(records):
        article = _normalize(by_id[rec["id"]], i)
        cats = tagger.tag(article).categories if article else []
        pred = {c.name for c in cats if c.score >= args.min_score}
        results[rec["split"]].append((set(rec["labels"]), pred))
        if args.show and rec["split"] == "tune" and pred != set(rec["labels"]):
            print(f"{rec['title'][:70]}\n   gold {rec['labels']}  ours {[(c.name, c.score) for c in cats]}")
    for split, pairs in results.items():
        _table(split, pairs)


if __name__ == "__main__":
    main()
