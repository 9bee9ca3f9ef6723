"""Which earlier story a unique article joins, if any.

Candidates come from the inverted index: the posting lists of the article's
few most distinctive names and terms, inside ``story_window_hours``. A key
shared inside the window by ``HOT_POSTINGS`` or more *different stories* is,
right now, as common as boilerplate (an outlet's share bar, "trump" in 2017):
it neither finds candidates nor counts in the score, and is not filed under.
One big story does not make its own names hot.

The best-scoring candidate at or above ``story_threshold`` wins, on three
conditions that keep a story one event:
- **topic**: the two share what they say, not only who says it
  (:func:`features.topic_cosine` at least ``story_min_topic_cosine``): one
  spokesman's briefings on two subjects share his name and title only;
- **root**: the article also resembles the story's first article (at least
  ``ROOT_FACTOR`` x threshold), so A~B, B~C does not make C, unlike A, a member;
- **span**: it is no further than ``story_span_hours`` from that first article,
  so a running theme (a referendum campaign, a war) does not chain weeks of
  different events into one story. Past the span the article starts a new story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from worker.settings import Settings
from worker.stages.dedupe import records
from worker.stages.dedupe.features import Features, story_similarity, topic_cosine
from worker.stages.dedupe.index import Index

#: Index keys filed per article (after the hot ones are dropped).
FILE_KEYS = 5
#: Distinct stories inside the window that make a key "hot" (too common to tell stories apart).
HOT_POSTINGS = 8
#: A story's first article must score at least this fraction of the threshold too.
ROOT_FACTOR = 0.6
#: Story candidates whose records are read and scored.
MAX_CANDIDATES = 8

DAY_MS = 86_400_000

#: (published ms or 0, ingest ms): the two clocks the story window can use.
Times = tuple[int, int]


@dataclass(frozen=True)
class Known:
    """What scoring needs of an earlier unique article."""

    story_id: str
    features: Features
    times: Times


@dataclass(frozen=True)
class StoryMatch:
    story_id: str
    article_id: str
    similarity: float


def time_gap(a: Sequence[int], b: Sequence[int]) -> int:
    """Gap between two articles: by publish time when both have one, else by ingest time.

    Mixing clocks would put a dated Reuters piece years away from an undated
    re-crawl of the same story read a minute later.
    """
    return abs(a[0] - b[0]) if a[0] and b[0] else abs(a[1] - b[1])


@dataclass(frozen=True)
class Candidates:
    """Who the index proposes, and what was read to find them."""

    ranked: list[str]  # article ids, most shared keys first
    hot: frozenset[str]  # keys too common right now to count
    lists: dict[str, str]  # posting lists as read (the caller files into them)

    def file_keys(self, feats: Features) -> tuple[str, ...]:
        return tuple(k for k in feats.index_keys if k not in self.hot)[:FILE_KEYS]


def candidates(feats: Features, t: Times, index: Index, window_ms: int) -> Candidates:
    """Articles sharing the most non-hot index keys with this one, inside the window."""
    hits: Counter[str] = Counter()
    hot: set[str] = set()
    lists: dict[str, str] = {}
    for key in feats.index_keys:
        lists[key] = index.posting(key)
        posting = [p for p in records.postings(lists[key]) if time_gap(p[1:3], t) <= window_ms]
        if len({p[3] for p in posting}) >= HOT_POSTINGS:
            hot.add(key)
            continue
        hits.update(p[0] for p in posting)
    return Candidates([aid for aid, _ in hits.most_common(MAX_CANDIDATES)], frozenset(hot), lists)


def best_story(feats: Features, t: Times, found: Candidates, known: Callable[[str], Known | None],
               settings: Settings) -> StoryMatch | None:
    """The story this article joins (see the module docstring for the three conditions), or None."""
    skip = found.hot
    best: StoryMatch | None = None
    for cand in found.ranked:
        other = known(cand)
        if other is None:
            continue
        sim = story_similarity(feats, other.features, skip)
        need = settings.story_threshold + settings.story_gap_penalty * time_gap(other.times, t) / DAY_MS
        if (sim >= need and (best is None or sim > best.similarity)
                and topic_cosine(feats, other.features, skip) >= settings.story_min_topic_cosine):
            best = StoryMatch(other.story_id, cand, sim)
    root = None if best is None else known(best.story_id)
    if best is None or root is None:  # no match, or the story's first article has expired
        return best
    if time_gap(root.times, t) > settings.story_span_hours * 3_600_000:
        return None
    if best.story_id != best.article_id and (
            story_similarity(feats, root.features, skip) < ROOT_FACTOR * settings.story_threshold):
        return None
    return best
