"""Cost of place resolution and tone per article, this checkout beside another one, in one run.

    python -m bench.geo_cost [--n 300] [--baseline DIR] [--rounds 3]

The tag stage runs once here on ``--n`` NewsArticles articles; their place entities (without
places), analysis texts, datelines and languages go to a file. Each version then times
``geography(...)`` and ``tone(...)`` on every article in a fresh interpreter (gazetteer loaded
first, not timed): each article 5 times, fastest kept, since the machine is shared. Versions
alternate for ``--rounds`` rounds; the report is the median over articles of each round's figure,
the middle round by the together figure. ``--baseline`` is a checkout of another version (for
example ``git worktree add /tmp/base main``); it must have the same two functions.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.corpus import news_articles
from bench.tag_common import normalized
from worker.stages.tag import Tagger
from worker.stages.tag.content import analysis_text

ROOT = Path(__file__).resolve().parents[1]

#: Runs inside each version's checkout: per-article fastest of 5, for geography, tone and both.
_MEASURE = """
import json, pickle, sys, time
from worker.stages.tag.places import geography
from worker.stages.tag.tone import tone
rows = pickle.load(open(sys.argv[1], "rb"))
for ents, text, dateline, language in rows[:20]:
    geography(ents, text, dateline), tone(text, language)
def fastest(fn):
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t0)
    return best * 1e3
out = {"geography": [], "tone": [], "together": []}
for ents, text, dateline, language in rows:
    out["geography"].append(fastest(lambda: geography(ents, text, dateline)))
    out["tone"].append(fastest(lambda: tone(text, language)))
    out["together"].append(fastest(lambda: (geography(ents, text, dateline), tone(text, language))))
print(json.dumps(out))
"""


def prepare(n: int, path: Path) -> None:
    corpus = news_articles()
    step = max(1, len(corpus) // n)
    picked = [normalized(1, i)[0] for i in range(0, len(corpus), step)][:n]
    tags = Tagger().tag_many(picked)
    rows = [([e.model_copy(update={"place": None}) for e in t.entities], analysis_text(a.title, a.body).full,
             a.dateline, a.language) for a, t in zip(picked, tags, strict=True)]
    path.write_bytes(pickle.dumps(rows))


def measure(checkout: Path, rows: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(rows)], check=True, capture_output=True, text=True,
                         cwd=checkout, env=env).stdout
    return {k: statistics.median(v) for k, v in json.loads(out).items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--baseline", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    versions = {"this checkout": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "rows.pickle"
        prepare(args.n, rows)
        runs: dict[str, list[dict[str, float]]] = {v: [] for v in versions}
        for _ in range(args.rounds):
            for name, checkout in versions.items():
                runs[name].append(measure(checkout, rows))
    print(f"{args.n} articles, median over articles of the fastest of 5 runs, middle of {args.rounds} rounds (ms):")
    middle = {name: sorted(r, key=lambda m: m["together"])[len(r) // 2] for name, r in runs.items()}
    for name, m in middle.items():
        print(f"  {name:14s} geography {m['geography']:.3f}  tone {m['tone']:.3f}  together {m['together']:.3f}")
    if args.baseline:
        here, base = middle["this checkout"], middle["baseline"]
        print("  baseline / this: " + "  ".join(f"{k} {base[k] / here[k]:.1f}x" for k in here))


if __name__ == "__main__":
    main()
