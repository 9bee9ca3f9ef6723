"""Story time spans when NewsArticles is replayed at full speed: with its metadata, and as plain files.

Two runs over the same 3,788 articles, in the same order, through the worker's
pipeline in-process (``ingest process``: same readers, same messages, same
hops; NER off, it does not touch dedupe):

- **jsonl**: the corpus written as news-please JSON lines (``title``,
  ``maintext``, ``date_publish``, ``url``, ``source_domain``, ``language``),
  so each article's publication date travels as a header;
- **plain**: one ``title\\n\\ntext`` file per article, no metadata: the time is
  whatever normalize finds in the text, else the replay time.

For each run: multi-article stories, the longest time span of any story by
the corpus's own dates (day precision), and how many stories span more than
``INGEST_STORY_WINDOW_HOURS``; then a fixed-seed sample of multi-article
stories (titles, outlets, dates) to read for precision.

    python -m bench.story_window [--order file|published] [--sample 15] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from bench.corpus import CorpusArticle, news_articles
from worker.models import DuplicateRecord, EnrichedArticle
from worker.settings import Settings
from worker.tools.process import process_source
from worker.tools.replay import Source, Tally

DAY_MS = 86_400_000


def corpus_day(a: CorpusArticle) -> datetime | None:
    try:
        y, m, d = (int(x) for x in a.date.split()[0].split("/"))
        return datetime(y, m, d, tzinfo=UTC)
    except (ValueError, IndexError):
        return None


def write_jsonl(path: Path, arts: list[CorpusArticle]) -> Path:
    with open(path, "w") as f:
        for a in arts:
            day = corpus_day(a)
            f.write(json.dumps({"title": a.title, "maintext": a.text, "url": a.url, "source_domain": a.outlet,
                                "date_publish": day.date().isoformat() if day else None, "language": "en"}) + "\n")
    return path


def write_plain(folder: Path, arts: list[CorpusArticle]) -> Path:
    folder.mkdir()
    for i, a in enumerate(arts):
        (folder / f"{i:05d}_{a.id}.txt").write_text(f"{a.title}\n\n{a.text}")
    return folder


def run(name: str, path: Path, arts: list[CorpusArticle], settings: Settings) -> dict[str, list[int]]:
    """Stories (story id -> input positions of their unique articles); prints the figures."""
    stories: dict[str, list[int]] = defaultdict(list)
    verdicts: Counter[str] = Counter()
    started = time.perf_counter()
    for record in process_source(settings, Source(paths=[str(path)]), Tally(), print):
        if isinstance(record, EnrichedArticle | DuplicateRecord):
            verdicts[record.dedupe.verdict.value] += 1
        if isinstance(record, EnrichedArticle) and record.dedupe.story_id:
            stories[record.dedupe.story_id].append(record.source.offset)
    seconds = time.perf_counter() - started
    multi = [m for m in stories.values() if len(m) > 1]
    spans = [_span_days(m, arts) for m in multi]
    window_days = settings.story_window_hours / 24
    over = sum(s > window_days for s in spans)
    chained = sum(s > window_days and _max_step_days(m, arts) <= window_days for s, m in zip(spans, multi, strict=True))
    print(f"{name:6s} {len(arts)} articles in {seconds:.0f} s; verdicts {dict(verdicts)}")
    print(f"       {len(multi)} multi-article stories, {sum(map(len, multi))} articles in them; "
          f"longest span {max(spans, default=0):.0f} days ({max(spans, default=0) * 24:.0f} h, window "
          f"{settings.story_window_hours:.0f} h); {over} stories span more than the window, {chained} of them "
          f"chains (no gap between consecutive dates over the window)")
    return stories


def _span_days(members: list[int], arts: list[CorpusArticle]) -> float:
    days = [d for d in (corpus_day(arts[i]) for i in members) if d is not None]
    return (max(days) - min(days)).total_seconds() / 86_400 if days else 0.0


def _max_step_days(members: list[int], arts: list[CorpusArticle]) -> float:
    days = sorted(d for d in (corpus_day(arts[i]) for i in members) if d is not None)
    return max(((b - a).total_seconds() / 86_400 for a, b in pairwise(days)), default=0.0)


def show_sample(name: str, stories: dict[str, list[int]], arts: list[CorpusArticle], k: int, seed: int) -> None:
    multi = sorted((m for m in stories.values() if len(m) > 1), key=lambda m: m[0])
    print(f"\n{name}: {min(k, len(multi))} sampled multi-article stories (seed {seed})")
    for n, members in enumerate(random.Random(seed).sample(multi, min(k, len(multi))), 1):
        print(f"[{n}] {len(members)} articles, span {_span_days(members, arts):.0f} days")
        for i in members[:6]:
            a = arts[i]
            print(f"    {a.date[:10]:10s} {a.outlet:22s} {a.title[:80]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--order", choices=["file", "published"], default="file",
                    help="corpus file order (outlet blocks, as an archive replays) or by publication date")
    ap.add_argument("--sample", type=int, default=15, help="stories printed per run for a precision read")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()
    arts = list(news_articles())
    if args.order == "published":
        arts.sort(key=lambda a: corpus_day(a) or datetime.min.replace(tzinfo=UTC))
    arts = arts[:args.limit]
    settings = Settings(ner_enabled=False)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = run("jsonl", write_jsonl(Path(tmp) / "news.jsonl", arts), arts, settings)
        plain = run("plain", write_plain(Path(tmp) / "plain", arts), arts, settings)
    show_sample("jsonl", jsonl, arts, args.sample, args.seed)
    show_sample("plain", plain, arts, args.sample, args.seed)


if __name__ == "__main__":
    main()
