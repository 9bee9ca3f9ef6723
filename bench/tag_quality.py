"""Tag quality on real news: the 30 most frequent entities of each type over 300 NewsArticles.

Read the lists and count the junk by eye (photo agencies, site chrome, author
credits, partial names, wrong labels); the script prints the raw material and a
few automatic checks (non-canonical forms it can detect on its own).

    python -m bench.tag_quality [--n 300]
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench.tag_common import normalized
from worker.models import EntityType
from worker.settings import Settings
from worker.stages.tag import Tagger
from worker.stages.tag.gazetteer import PLACES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    articles = normalized(args.n)
    tags = Tagger.from_settings(Settings()).tag_many(articles)
    per_type: dict[EntityType, Counter[str]] = {t: Counter() for t in EntityType}
    cats: Counter[str] = Counter()
    kws: Counter[str] = Counter()
    for t in tags:
        for e in t.entities:
            per_type[e.type][e.name] += 1
        cats.update(c.name for c in t.categories[:1])
        kws.update(k.term for k in t.keywords)
    print(f"{len(articles)} articles, {sum(len(t.entities) for t in tags) / len(tags):.1f} entities/article")
    for kind, counts in per_type.items():
        print(f"\n== {kind.value}: {len(counts)} distinct; top {args.top} by articles")
        print(", ".join(f"{name} ({n})" for name, n in counts.most_common(args.top)))
    people = per_type[EntityType.PERSON]
    singles = [n for n in people if " " not in n]
    aliases = [n for c in per_type.values() for n in c if n in PLACES and PLACES[n] != n]
    possessive = [n for c in per_type.values() for n in c if n.endswith(("'s", "’s"))]
    print(f"\nautomatic checks: single-word people {len(singles)}/{len(people)} {singles[:15]}; "
          f"un-canonical place aliases {aliases}; possessives {possessive}")
    print("\ntop category:", ", ".join(f"{c} ({n})" for c, n in cats.most_common()))
    print("frequent keywords:", ", ".join(f"{k} ({n})" for k, n in kws.most_common(30)))


if __name__ == "__main__":
    main()
