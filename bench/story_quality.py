"""Story quality on hand-labelled NewsArticles pairs (``bench/labels/story_pairs.jsonl``).

Each pair is labelled ``same_event`` / ``related`` / ``different`` by reading
(see ``bench/labels/README.md``); ``split`` says ``tune`` or ``report``. For
each split separately this prints:

- how well a score tracks the labels: Spearman rank correlation with the
  ordinal label (different 0 < related 1 < same_event 2) and AUC of
  ``same_event`` against the rest (and Pearson, for comparison with rating sets),
  for the project's ``story_similarity`` and,
  side by side, plain TF-IDF cosine (raw counts x ln(N/df) over the corpus);
- precision and recall of the pipeline's same-story decision: a full dedupe run
  over the corpus in publication order (``bench.dedupe_quality``) puts a pair in
  one story or not, against ``same_event`` labels. The TF-IDF baseline decides
  "same story" at the lowest cosine whose precision on the *tune* split reaches
  the pipeline's tune precision (or at its most precise cut if none does):
  chosen there, applied to both, so the two are compared at equal precision.

Thresholds and weights are chosen on ``tune`` only; ``report`` is for reporting.

    python -m bench.story_quality [--labels bench/labels/story_pairs.jsonl] [--errors tune]
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import CorpusArticle
from bench.dedupe_quality import normalized_corpus, normalized_seeds, run
from worker.settings import get_settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.dedupe.features import Features, story_similarity

LABELS = Path(__file__).parent / "labels" / "story_pairs.jsonl"
ORDINAL = {"different": 0, "related": 1, "same_event": 2}
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    label: str
    split: str
    title_a: str
    title_b: str


def load(path: Path) -> list[Pair]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [Pair(r["a"], r["b"], r["label"], r["split"], r.get("a_title", ""), r.get("b_title", "")) for r in rows]


def ranks(xs: Sequence[float]) -> list[float]:
    """Average ranks (ties share the mean rank), 1-based."""
    order = sorted(range(len(xs)), key=xs.__getitem__)
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    var = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return cov / var if var else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True))
    var = math.sqrt(sum((a - mx) ** 2 for a in xs) * sum((b - my) ** 2 for b in ys))
    return cov / var if var else 0.0


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    r = ranks(scores)
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    return (sum(x for x, p in zip(r, positive, strict=True) if p) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


class TfIdf:
    """Plain TF-IDF cosine: lower-case words, raw counts, idf = ln(N / df) over the whole corpus."""

    def __init__(self, corpus: Sequence[CorpusArticle]) -> None:
        self.counts = {a.id: Counter(_TOKEN.findall(f"{a.title}\n{a.text}".lower())) for a in corpus}
        df: Counter[str] = Counter()
        for c in self.counts.values():
            df.update(c.keys())
        n = len(self.counts)
        self.idf = {t: math.log(n / d) for t, d in df.items()}

    def vector(self, aid: str) -> dict[str, float]:
        v = {t: c * self.idf[t] for t, c in self.counts[aid].items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        return {t: w / norm for t, w in v.items()}

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        return sum(w * vb[t] for t, w in va.items() if t in vb)


def precision_recall(same: Sequence[bool], labels: Sequence[str]) -> tuple[float, float, int]:
    hit = sum(s and lab == "same_event" for s, lab in zip(same, labels, strict=True))
    said, truth = sum(same), sum(lab == "same_event" for lab in labels)
    return (hit / said if said else float("nan")), (hit / truth if truth else float("nan")), said


def baseline_threshold(scores: Sequence[float], labels: Sequence[str], target: float) -> float:
    """Lowest cut whose precision (same_event at or above it) reaches ``target``, else the most precise cut."""
    results = [(precision_recall([s >= cut for s in scores], labels)[0], cut) for cut in sorted(set(scores))]
    reaching = [cut for p, cut in results if p >= target]
    return min(reaching) if reaching else max(results, key=lambda pc: (pc[0], -pc[1]))[1]


def correlation_lines(name: str, scores: Sequence[float], labels: Sequence[str]) -> str:
    ordinal = [ORDINAL[lab] for lab in labels]
    return (f"  {name:28s} Spearman {spearman(scores, ordinal):.3f}   Pearson {pearson(scores, ordinal):.3f}   "
            f"AUC same_event {auc(scores, [lab == 'same_event' for lab in labels]):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--errors", choices=["none", "tune"], default="none",
                    help="list the tune split's wrong decisions (never the report split's)")
    args = ap.parse_args()
    pairs = load(args.labels)
    corpus = normalized_corpus()
    by_id = {a.id: i for i, (_, a) in enumerate(corpus)}
    settings = get_settings()
    deduper = Deduper(DedupeStore(), settings)
    feats: dict[str, Features] = {a.id: deduper.features(art) for art, a in corpus}
    tfidf = TfIdf([a for _, a in corpus])
    stories, _, seed_stories = run(settings.story_threshold, corpus, normalized_seeds())
    story_of = {corpus[i][1].id: sid for sid, members in stories.items() for i in members}
    scorers: dict[str, Callable[[Pair], float]] = {
        "story_similarity": lambda p: story_similarity(feats[p.a], feats[p.b]),
        "TF-IDF cosine (baseline)": lambda p: tfidf.cosine(p.a, p.b),
    }
    tune = [p for p in pairs if p.split == "tune" and p.a in by_id and p.b in by_id]
    tune_precision = precision_recall([story_of.get(p.a) == story_of.get(p.b) for p in tune],
                                      [p.label for p in tune])[0]
    cut = baseline_threshold([tfidf.cosine(p.a, p.b) for p in tune], [p.label for p in tune], tune_precision)
    print(f"{len(pairs)} labelled pairs; seeds form one story: {len(seed_stories) == 1}; "
          f"TF-IDF baseline cut (tune precision >= the pipeline's {tune_precision:.3f}): {cut:.3f}")
    for split in ("tune", "report"):
        part = [p for p in pairs if p.split == split and p.a in by_id and p.b in by_id]
        labels = [p.label for p in part]
        print(f"\n{split}: {len(part)} pairs {dict(Counter(labels))}")
        for name, score in scorers.items():
            print(correlation_lines(name, [score(p) for p in part], labels))
        decided = [story_of.get(p.a) is not None and story_of.get(p.a) == story_of.get(p.b) for p in part]
        for name, same in (("pipeline same story", decided),
                           (f"TF-IDF >= {cut:.3f}", [tfidf.cosine(p.a, p.b) >= cut for p in part])):
            prec, rec, said = precision_recall(same, labels)
            print(f"  {name:28s} precision {prec:.3f}  recall {rec:.3f}  ({said} pairs said same)")
        if split == "tune" and args.errors == "tune":
            for p, same in zip(part, decided, strict=True):
                if same != (p.label == "same_event"):
                    sim = story_similarity(feats[p.a], feats[p.b])
                    print(f"    {'FALSE MERGE' if same else 'missed':11s} {p.label:10s} {sim:.3f} "
                          f"| {p.title_a[:60]} | {p.title_b[:60]}")


if __name__ == "__main__":
    main()
