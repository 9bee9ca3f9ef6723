"""``ingest explain``: why dedupe would (or would not) tie two articles together.

Each file goes through the pipeline's normalize hop exactly as in the worker,
then every pair is measured with the dedupe stage's own functions, so the
numbers match its decisions: equal content hash, estimated Jaccard (b-bit
MinHash), story similarity, shared names and terms, the time gap, and the
verdict the dedupe hop gives the second article when the first is already in
state (a fresh in-memory pipeline per pair).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

from worker.models import DedupedArticle, DuplicateRecord, FingerprintedArticle, Rejected
from worker.pipeline import Pipeline
from worker.settings import Settings
from worker.stages.dedupe.features import cosine, entity_overlap, jaccard, story_similarity, topic_cosine
from worker.stages.dedupe.stage import time_gap, times
from worker.tools.process import raw_inputs


def explain_pair(x: FingerprintedArticle, y: FingerprintedArticle, settings: Settings) -> dict[str, Any]:
    """Every measure dedupe uses for the pair, and its verdict on ``y`` after ``x``."""
    probe = Pipeline(settings)
    a, b = x.article, y.article
    fa, fb = probe.deduper.features(a), probe.deduper.features(b)
    probe.dedupe(x)
    second = probe.dedupe(y).record
    if not isinstance(second, DedupedArticle | DuplicateRecord):
        raise ValueError(f"{b.source.key}: rejected by dedupe")
    result = second.dedupe
    gap_h = time_gap(times(a), times(b)) / 3_600_000
    shared_terms = sorted(set(fa.vector) & set(fb.vector), key=lambda t: -(fa.vector[t] * fb.vector[t]))
    return {
        "a": a.source.key, "b": b.source.key,
        "equal_hash": a.content_hash == b.content_hash,
        "jaccard_estimate": round(jaccard(fa.signature, fb.signature), 4),
        "story_similarity": story_similarity(fa, fb),
        "term_cosine": round(cosine(fa.vector, fb.vector), 4),
        "entity_overlap": round(entity_overlap(fa.entities, fb.entities), 4),
        "topic_cosine": topic_cosine(fa, fb),
        "shared_entities": sorted(fa.entities & fb.entities),
        "shared_terms": shared_terms[:12],
        "time_gap_hours": round(gap_h, 2),
        "within_window": gap_h <= settings.story_window_hours,
        "verdict": result.verdict.value,
        "same_story": result.story_id == a.article_id,
        "thresholds": {"near_duplicate": settings.near_duplicate_threshold, "story": settings.story_threshold,
                       "topic": settings.story_min_topic_cosine},
    }


def explain_files(files: list[Path], settings: Settings) -> Iterator[dict[str, Any]]:
    """One explanation per pair of files, in the order given."""
    pipeline = Pipeline(settings)
    articles = []
    for raw in raw_inputs(files):
        record = pipeline.normalize(raw).record
        if isinstance(record, Rejected):
            raise ValueError(f"{raw.source.key}: rejected by normalize ({record.reason.value}: {record.error})")
        assert isinstance(record, FingerprintedArticle)
        articles.append(record)
    for a, b in combinations(articles, 2):
        yield explain_pair(a, b, settings)


def render(e: dict[str, Any]) -> str:
    """A few readable lines for one pair."""
    verdict = e["verdict"] + (" (same story)" if e["verdict"] == "unique" and e["same_story"] else "")
    return "\n".join([
        f"{e['a']}  vs  {e['b']}",
        f"  equal hash       {e['equal_hash']}",
        f"  jaccard (est.)   {e['jaccard_estimate']:.3f}   (near copy at >= {e['thresholds']['near_duplicate']})",
        f"  story similarity {e['story_similarity']:.3f}   (terms {e['term_cosine']:.3f}, names "
        f"{e['entity_overlap']:.3f}; story at >= {e['thresholds']['story']})",
        f"  topic words      {e['topic_cosine']:.3f}   (of the term cosine, words that are not names; "
        f"a story needs >= {e['thresholds']['topic']})",
        f"  shared names     {', '.join(e['shared_entities']) or '-'}",
        f"  shared terms     {', '.join(e['shared_terms']) or '-'}",
        f"  time gap         {e['time_gap_hours']} h{'' if e['within_window'] else ' (outside the story window)'}",
        f"  verdict          {verdict}",
    ])
