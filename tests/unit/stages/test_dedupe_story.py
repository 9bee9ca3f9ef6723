"""Story matching: one event per story, however long its theme runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.models import NormalizedArticle
from worker.settings import Settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.dedupe.story import time_gap
from worker.stages.normalize import normalize
from worker.tools.process import raw_inputs

SEEDS = sorted((Path(__file__).parents[3] / "seeds").glob("*.txt"))
HOUR = 3_600_000
T0 = 1_714_000_000_000


@pytest.fixture(scope="module")
def seeds() -> list[NormalizedArticle]:
    return [normalize(r, max_bytes=10**7) for r in raw_inputs(SEEDS)]


def at(article: NormalizedArticle, hours: float) -> NormalizedArticle:
    """The article as if read ``hours`` after T0, with no publish date of its own."""
    return article.model_copy(update={"published_at": None, "source": article.source.model_copy(
        update={"timestamp_ms": T0 + int(hours * HOUR)})})


def stories(settings: Settings, stream: list[NormalizedArticle]) -> list[str | None]:
    d = Deduper(DedupeStore(), settings)
    return [d.decide(a).story_id for a in stream]


def test_a_story_does_not_spread_past_its_span_from_the_first_article(seeds: list[NormalizedArticle]) -> None:
    # Each article is within a day of the previous one, but the third is 40 h from the first.
    stream = [at(seeds[0], 0), at(seeds[1], 20), at(seeds[2], 40)]
    loose = stories(Settings(story_gap_penalty=0, story_span_hours=100), stream)
    assert len(set(loose)) == 1
    tight = stories(Settings(story_gap_penalty=0, story_span_hours=36), stream)
    assert tight[1] == tight[0] and tight[2] != tight[0]


def test_a_later_article_needs_more_similarity_to_join(seeds: list[NormalizedArticle]) -> None:
    stream = [at(seeds[0], 0), at(seeds[1], 30)]
    assert len(set(stories(Settings(story_gap_penalty=0), stream))) == 1
    assert len(set(stories(Settings(story_gap_penalty=0.5), stream))) == 2


def test_same_hour_rewrites_stay_one_story_under_the_defaults(seeds: list[NormalizedArticle]) -> None:
    assert len(set(stories(Settings(), [at(s, i) for i, s in enumerate(seeds)]))) == 1


def test_time_gap_uses_publish_times_only_when_both_have_one() -> None:
    assert time_gap((5 * HOUR, 0), (2 * HOUR, 9 * HOUR)) == 3 * HOUR
    assert time_gap((0, 1 * HOUR), (2 * HOUR, 4 * HOUR)) == 3 * HOUR
