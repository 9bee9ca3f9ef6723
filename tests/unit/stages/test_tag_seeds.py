"""normalize + tag on the five seeds: canonical people, places and organisations, no junk, politics."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.models import EntityType, NormalizedArticle, RawRef, Tags
from worker.settings import Settings
from worker.stages.normalize import normalize
from worker.stages.tag import Tagger
from worker.tools.process import raw_inputs

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

PEOPLE = {"Antony Blinken", "Xi Jinping", "Wang Yi", "Joe Biden"}
PLACES = {"China", "United States", "Shanghai", "Beijing", "Russia", "Ukraine", "Taiwan"}
ORGS = {"TikTok", "ByteDance"}
#: Names that must never be entities: partial or alias forms, photo agencies, site chrome, credits.
NEVER = {"Blinken", "J. Blinken", "Antony J. Blinken", "Biden", "Xi", "Wang", "U.S.", "US", "the United States",
         "America", "State", "Getty Images", "Getty", "Shutterstock", "Captcha", "CAPTCHA", "Benzinga Neuro",
         "Benzinga", "Alexandros Michailidis", "Pooja Rajkumari", "Simon Lewis", "Antoni Slodkowski",
         "Christopher Cushing", "Thomson Reuters", "Reuters", "Punjab", "Chahat Fateh Ali Khan", "U.S.-China"}


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.from_settings(Settings())


@pytest.fixture(scope="module")
def tags(tagger: Tagger) -> dict[str, Tags]:
    articles = [normalize(raw) for raw in raw_inputs(SEEDS)]
    return {a.source.key or "": t for a, t in zip(articles, tagger.tag_many(articles), strict=True)}


def _names(tags: dict[str, Tags], kind: EntityType) -> set[str]:
    return {e.name for t in tags.values() for e in t.entities if e.type is kind}


def test_people_places_orgs_are_canonical(tags: dict[str, Tags]) -> None:
    assert _names(tags, EntityType.PERSON) >= PEOPLE
    assert _names(tags, EntityType.PLACE) >= PLACES
    assert _names(tags, EntityType.ORGANIZATION) >= ORGS


def test_each_entity_once_per_article(tags: dict[str, Tags]) -> None:
    for key, t in tags.items():
        names = [e.name for e in t.entities]
        assert len(names) == len(set(names)), key
        assert "Antony Blinken" in names, key
        blinken = next(e for e in t.entities if e.name == "Antony Blinken")
        assert blinken.type is EntityType.PERSON and blinken.salient and blinken.mentions >= 4, key


def test_no_partial_alias_or_junk_entities(tags: dict[str, Tags]) -> None:
    found = {e.name for t in tags.values() for e in t.entities}
    assert not found & NEVER
    assert not [n for n in found if n.endswith(("'s", "’s", "’"))]


def test_every_seed_is_politics(tags: dict[str, Tags]) -> None:
    for key, t in tags.items():
        assert "politics" in {c.name for c in t.categories}, key
        assert all(0 < c.score < 1 for c in t.categories)


def test_keywords(tags: dict[str, Tags]) -> None:
    with_fentanyl = [key for key, t in tags.items() if [k for k in t.keywords if "fentanyl" in k.term.split()]]
    assert len(with_fentanyl) >= 2  # a topic of the story; 000 names it once only, in passing
    for t in tags.values():
        assert not [k.term for k in t.keywords if k.term.endswith(("'s", "’s"))]


def test_machine_generated_flag(tags: dict[str, Tags]) -> None:
    assert "machine_generated" in tags["000_f57c6311f6d72510"].flags
    assert "machine_generated" not in tags["002_4928581245729e2f"].flags


def test_junk_filter_holds_on_uncleaned_text(tagger: Tagger) -> None:
    """Tag the raw seed text as if normalize had removed nothing: still no junk entity."""
    raw = [NormalizedArticle(article_id=p.stem, source=RawRef(topic="t", partition=0, offset=i, timestamp_ms=0),
                             body=p.read_text(encoding="utf-8").replace("\n", "\n\n"), folded="", content_hash="",
                             word_count=0, language="en") for i, p in enumerate(SEEDS)]
    found = {e.name for t in tagger.tag_many(raw) for e in t.entities}
    assert not found & NEVER, found & NEVER
    assert found >= PEOPLE | ORGS | {"China", "United States"}
