"""Dedupe decisions: exact, near, story, redelivery, boilerplate (state itself: test_dedupe_store.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from worker.models import NormalizedArticle, RawRef, Verdict
from worker.settings import Settings
from worker.stages.dedupe import Deduper, DedupeStore, strip_recurring
from worker.stages.normalize import RawInput, normalize
from worker.tools.process import raw_inputs

SEEDS = sorted((Path(__file__).parents[3] / "seeds").glob("*.txt"))
HOUR = 3_600_000
T0 = 1_714_000_000_000


def article(text: str, offset: int, ts: int = T0, key: str | None = None) -> NormalizedArticle:
    src = RawRef(topic="t", partition=0, offset=offset, key=key or f"k{offset}", timestamp_ms=ts)
    return normalize(RawInput(value=text.encode(), source=src, headers={}), max_bytes=10**7)


@pytest.fixture(scope="module")
def seeds() -> list[NormalizedArticle]:
    return [normalize(r, max_bytes=10**7) for r in raw_inputs(SEEDS)]


@pytest.fixture
def deduper() -> Deduper:
    return Deduper(DedupeStore(), Settings())


def index_entries(store: DedupeStore, kind: str) -> dict[str, str]:
    """The index entries of one kind: "h" (hashes), "b" (bands), "p" (postings), "r" (paragraphs)."""
    return {k[2:]: v for k, v in store.index.data.items() if k.startswith(kind + ":")}  # type: ignore[attr-defined]


def test_seeds_are_one_story_of_five_unique_articles(deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    results = [deduper.decide(a) for a in seeds]
    assert [r.verdict for r in results] == [Verdict.UNIQUE] * 5
    assert {r.story_id for r in results} == {seeds[0].article_id}
    assert [r.story_size for r in results] == [1, 2, 3, 4, 5]
    assert all(r.story_similarity and r.story_similarity >= Settings().story_threshold for r in results[1:])


def test_resent_copy_is_exact_duplicate_and_redelivery_repeats_first_answer(
        deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    firsts = [deduper.decide(a) for a in seeds]
    copies = [a.model_copy(update={"article_id": f"copy{i}"}) for i, a in enumerate(seeds)]
    again = [deduper.decide(c) for c in copies]
    assert [r.verdict for r in again] == [Verdict.EXACT_DUPLICATE] * 5
    assert [r.duplicate_of for r in again] == [a.article_id for a in seeds]
    assert [r.duplicate_of_key for r in again] == [a.source.key for a in seeds]
    # Redelivery (same article_id) returns exactly the first decision, unique or duplicate.
    assert [deduper.decide(a) for a in seeds] == firsts
    assert [deduper.decide(c) for c in copies] == again


def edited(text: str, rng: random.Random, frac: float = 0.1) -> str:
    """Reword or drop about ``frac`` of the sentences, then append junk."""
    sentences = [s for s in text.replace("\n", " ").split(". ") if s.strip()]
    out = []
    for s in sentences:
        r = rng.random()
        if r < frac / 2:
            continue  # dropped
        if r < frac:
            words = s.split()
            words[len(words) // 2] = "reportedly"
            s = " ".join(words[::-1][:3] + words[3:])  # reworded
        out.append(s)
    junk = "Subscribe to our newsletter for the latest updates. Share this article. All rights reserved."
    return ". ".join(out) + ".\n\n" + junk


def test_lightly_edited_seed_is_near_duplicate(deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    original = seeds[2]
    copy = article(edited(original.body, random.Random(3)), offset=99)
    assert copy.content_hash != original.content_hash
    deduper.decide(original)
    r = deduper.decide(copy)
    assert r.verdict is Verdict.NEAR_DUPLICATE
    assert r.duplicate_of == original.article_id
    assert r.similarity is not None and Settings().near_duplicate_threshold <= r.similarity < 1


def test_unrelated_articles_stay_separate(deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    other = article("The city council of Springfield approved a new budget for public libraries and parks. "
                    "Mayor Quimby said the funds would repair the Evergreen Terrace playground.", offset=50)
    deduper.decide(seeds[0])
    r = deduper.decide(other)
    assert r.verdict is Verdict.UNIQUE and r.story_id == other.article_id and r.story_size == 1


def test_story_window_separates_distant_times(deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    late = seeds[1].model_copy(update={"source": seeds[1].source.model_copy(
        update={"timestamp_ms": seeds[0].source.timestamp_ms + 100 * HOUR})})
    deduper.decide(seeds[0])
    assert deduper.decide(late).story_id == late.article_id


def variants(seeds: list[NormalizedArticle], n: int) -> list[NormalizedArticle]:
    """Unique texts (shuffled words) of the seed story, plus every third one re-sent as an exact copy."""
    rng = random.Random(5)
    out = []
    for i in range(n):
        a = seeds[i % 5]
        words = a.folded.split()
        rng.shuffle(words)
        out.append(a.model_copy(update={"article_id": f"v{i}", "content_hash": f"h{i}", "folded": " ".join(words)}))
        if i % 3 == 0:
            out.append(out[-1].model_copy(update={"article_id": f"c{i}"}))
    return out


def test_fingerprint_is_compact_deterministic_and_decides_the_same(seeds: list[NormalizedArticle]) -> None:
    probe = Deduper(DedupeStore(), Settings())
    fps = [probe.fingerprint(a) for a in seeds]
    assert fps == [Deduper(DedupeStore(), Settings()).fingerprint(a) for a in seeds]
    assert len(set(fps)) == 5 and all(200 < len(f) < 1500 for f in fps)
    stream = seeds + variants(seeds, 12) + [article(edited(seeds[2].body, random.Random(3)), offset=99)]
    with_fp, without = Deduper(DedupeStore(), Settings()), Deduper(DedupeStore(), Settings())
    a = [with_fp.decide(x, probe.fingerprint(x)) for x in stream]
    b = [without.decide(x) for x in stream]
    assert a == b
    assert {r.verdict for r in a} == set(Verdict)
    assert with_fp.store.decisions == without.store.decisions


def test_decide_does_not_recompute_a_given_fingerprint(seeds: list[NormalizedArticle],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    d = Deduper(DedupeStore(), Settings())
    fps = [d.fingerprint(a) for a in seeds]
    monkeypatch.setattr(Deduper, "features", lambda *_: pytest.fail("features recomputed"))
    assert [d.decide(a, f).verdict for a, f in zip(seeds, fps, strict=True)] == [Verdict.UNIQUE] * 5


def test_foreign_fingerprint_is_recomputed_not_misread(seeds: list[NormalizedArticle]) -> None:
    other = Deduper(DedupeStore(), Settings(minhash_permutations=64)).fingerprint(seeds[0])
    d = Deduper(DedupeStore(), Settings())
    assert d.decide(seeds[0], other) == Deduper(DedupeStore(), Settings()).decide(seeds[0])


TAGLINE = "The Valley Chronicle has covered the towns of the upper valley since 1887."


def other_story(i: int, tail: str = TAGLINE) -> NormalizedArticle:
    """An article about its own subject (random rare words: no two share a story), ending in ``tail``."""
    from wordfreq import top_n_list

    words = top_n_list("en", 20000)[5000:]
    rng = random.Random(i)
    paras = [" ".join(rng.sample(words, 30)).capitalize() + "." for _ in range(4)]
    return article("\n\n".join([*paras, tail]), offset=1000 + i, key=f"story{i}")


def test_an_edge_paragraph_seen_in_other_stories_becomes_boilerplate(deduper: Deduper) -> None:
    need = Settings().boilerplate_min_stories
    results = [deduper.decide(other_story(i)) for i in range(need + 2)]
    assert len({r.story_id for r in results}) == need + 2, "each article is its own story"
    last = len(other_story(0).body.split("\n\n")) - 1
    assert [r.recurring for r in results] == [[]] * need + [[last]] * 2
    stripped = strip_recurring(other_story(need), results[need].recurring)
    assert TAGLINE not in stripped.body and stripped.body in other_story(need).body
    assert stripped.removed[-1].reason == "recurring" and stripped.removed[-1].text == TAGLINE
    assert stripped.word_count == len(stripped.body.split())
    # A redelivery strips the same paragraphs.
    assert deduper.decide(other_story(need)).recurring == [last]


def test_a_paragraph_repeated_within_one_story_is_kept(deduper: Deduper, seeds: list[NormalizedArticle]) -> None:
    quote = "\n\n“We will not back down,” the minister said."
    results = [deduper.decide(a.model_copy(update={"body": a.body + quote})) for a in seeds]
    assert len({r.story_id for r in results}) == 1
    assert all(r.recurring == [] for r in results)


def test_boilerplate_evidence_can_be_turned_off() -> None:
    d = Deduper(DedupeStore(), Settings(boilerplate_min_stories=0))
    assert all(d.decide(other_story(i)).recurring == [] for i in range(6))
    assert not index_entries(d.store, "r")


def test_one_speaker_on_two_topics_is_not_a_story() -> None:
    """Same spokesman, same names, nothing else in common: high score, no shared topic words."""
    nato = ("Kremlin spokesman Dmitry Peskov warned that Vladimir Putin regards eastward Nato expansion as a direct "
            "threat to Russian security.\n\nAccording to Peskov, Moscow would answer fresh troop deployments near its "
            "borders, and Putin raised the question with his Security Council.")
    grain = ("Dmitry Peskov of the Kremlin welcomed a record grain harvest, praising Vladimir Putin's support for "
             "farmers across Russia.\n\nWheat exports from Moscow's southern ports should climb again, Peskov "
             "predicted, after Putin met growers from the Volga valley.")
    a, b = article(nato, 1), article(grain, 2)
    for floor, same in ((0.0, True), (Settings().story_min_topic_cosine, False)):
        d = Deduper(DedupeStore(), Settings(story_min_topic_cosine=floor))
        d.decide(a)
        assert (d.decide(b).story_id == a.article_id) is same
