"""Dedupe decisions: exact, near, story, redelivery, retention, bounded state."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import ClassVar

import pytest

from worker.models import NormalizedArticle, RawRef, Verdict
from worker.settings import Settings
from worker.stages.dedupe import TABLES, Deduper, DedupeState, MemoryState, strip_recurring
from worker.stages.dedupe.boilerplate import HEAD_PARAGRAPHS, TAIL_PARAGRAPHS
from worker.stages.dedupe.records import postings
from worker.stages.dedupe.stage import FILE_KEYS, LOOKUP_KEYS, MAX_CANDIDATES, POSTING_CAP
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
    return Deduper(MemoryState(), Settings())


def index_entries(state: DedupeState, kind: str) -> dict[str, str]:
    """The index entries of one kind: "h" (hashes), "b" (bands) or "p" (postings)."""
    return {k[2:]: v for k, v in state.index.data.items() if k.startswith(kind + ":")}


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


def test_expire_drops_everything_old_and_only_that(seeds: list[NormalizedArticle]) -> None:
    state = MemoryState()
    d = Deduper(state, Settings(retention_days=1))
    old = [a.model_copy(update={"source": a.source.model_copy(update={"timestamp_ms": T0})}) for a in seeds[:3]]
    new = [a.model_copy(update={"source": a.source.model_copy(update={"timestamp_ms": T0 + 30 * HOUR})})
           for a in seeds[3:]]
    for a in old + new:
        d.decide(a)
    dropped = 0
    while n := d.expire(T0 + 26 * HOUR, budget=2):
        dropped += n
    assert dropped > 3
    assert set(state.articles) == {a.article_id for a in new}
    assert set(index_entries(state, "h").values()) == {a.article_id for a in new}
    assert set(index_entries(state, "b").values()) == {a.article_id for a in new}
    assert all(p[0] in state.articles for packed in index_entries(state, "p").values() for p in postings(packed))
    # The old text is forgotten: a re-send of it is unique again.
    assert d.decide(old[0].model_copy(update={"article_id": "again"})).verdict is not Verdict.EXACT_DUPLICATE
    # Far in the future everything goes, leaving no entries behind but the cursor.
    while d.expire(T0 + 1000 * HOUR):
        pass
    assert not any(state.tables[t] for t in TABLES if t != "meta")
    assert list(state.index.data) == ["#next"]


def test_state_writes_are_bounded(seeds: list[NormalizedArticle]) -> None:
    state = MemoryState()
    d = Deduper(state, Settings())
    rng = random.Random(1)
    verdicts = set()
    for i in range(POSTING_CAP * 3):
        a = seeds[i % 5]
        words = a.folded.split()
        rng.shuffle(words)  # new shingles: unique text, same story
        r = d.decide(a.model_copy(update={"article_id": f"a{i}", "content_hash": f"h{i}", "folded": " ".join(words)}))
        verdicts.add(r.verdict)
    assert verdicts == {Verdict.UNIQUE}
    lengths = [len(postings(p)) for p in index_entries(state, "p").values()]
    assert 5 <= max(lengths) <= POSTING_CAP
    assert len(state.stories) == 1


class Counting(dict[str, object]):
    """A dict that counts gets and writes, like a faust table's RocksDB gets and changelog messages."""

    ops: ClassVar[list[int]] = [0, 0]

    def get(self, key: str, default: object = None) -> object:
        Counting.ops[0] += 1
        return super().get(key, default)

    def __setitem__(self, key: str, value: object) -> None:
        Counting.ops[1] += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        Counting.ops[1] += 1
        super().__delitem__(key)


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
    probe = Deduper(MemoryState(), Settings())
    fps = [probe.fingerprint(a) for a in seeds]
    assert fps == [Deduper(MemoryState(), Settings()).fingerprint(a) for a in seeds]
    assert len(set(fps)) == 5 and all(200 < len(f) < 1500 for f in fps)
    stream = seeds + variants(seeds, 12) + [article(edited(seeds[2].body, random.Random(3)), offset=99)]
    with_fp, without = Deduper(MemoryState(), Settings()), Deduper(MemoryState(), Settings())
    a = [with_fp.decide(x, probe.fingerprint(x)) for x in stream]
    b = [without.decide(x) for x in stream]
    assert a == b
    assert {r.verdict for r in a} == set(Verdict)
    assert with_fp.state.tables == without.state.tables


def test_decide_does_not_recompute_a_given_fingerprint(seeds: list[NormalizedArticle],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    d = Deduper(MemoryState(), Settings())
    fps = [d.fingerprint(a) for a in seeds]
    monkeypatch.setattr(Deduper, "features", lambda *_: pytest.fail("features recomputed"))
    assert [d.decide(a, f).verdict for a, f in zip(seeds, fps, strict=True)] == [Verdict.UNIQUE] * 5


def test_foreign_fingerprint_is_recomputed_not_misread(seeds: list[NormalizedArticle]) -> None:
    other = Deduper(MemoryState(), Settings(minhash_permutations=64)).fingerprint(seeds[0])
    d = Deduper(MemoryState(), Settings())
    assert d.decide(seeds[0], other) == Deduper(MemoryState(), Settings()).decide(seeds[0])


class CountingIndex(dict[str, str]):
    """The same for the local index (RocksDB gets and puts in the worker, no changelog)."""

    ops: ClassVar[list[int]] = [0, 0]

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        CountingIndex.ops[0] += 1
        return super().get(key, default)

    def __setitem__(self, key: str, value: str) -> None:
        CountingIndex.ops[1] += 1
        super().__setitem__(key, value)


def test_state_operations_per_article_are_few(seeds: list[NormalizedArticle]) -> None:
    d = Deduper(DedupeState({name: Counting() for name in TABLES}, CountingIndex()), Settings())
    stream = variants(seeds, 60)
    per: dict[bool, list[tuple[int, int, int, int]]] = {True: [], False: []}
    for a in stream:
        before = [*Counting.ops, *CountingIndex.ops]
        r = d.decide(a, d.fingerprint(a))
        after = [*Counting.ops, *CountingIndex.ops]
        per[r.verdict is Verdict.UNIQUE].append(tuple(x - y for x, y in zip(after, before, strict=True)))
    s = Settings()
    assert len(per[False]) == 20
    # Table writes are changelog messages: a copy writes its record and expiry entry (+ meta 1 in 64) ...
    assert all(w <= 3 and r <= 4 for r, w, _, _ in per[False])
    # ... and so does a unique article, + its story's size when it joins one.
    assert all(w <= 4 for _, w, _, _ in per[True])
    assert sum(w for _, w, _, _ in per[True]) / len(per[True]) < 3.1
    assert all(r <= 4 + MAX_CANDIDATES for r, _, _, _ in per[True])
    # Index: position, hash, bands, lookup keys and edge paragraphs read; hash, free bands, filed keys,
    # edge paragraphs and the position written.
    edge = HEAD_PARAGRAPHS + TAIL_PARAGRAPHS
    assert all(r <= 2 + s.minhash_bands + LOOKUP_KEYS + edge for _, _, r, _ in per[True])
    assert all(w <= 2 + s.minhash_bands + FILE_KEYS + edge for _, _, _, w in per[True])
    assert all(w == 1 for _, _, _, w in per[False])
    # Values stay short: a posting list is one capped string, an article record a flat list.
    assert all(len(v) < 40 * POSTING_CAP for v in index_entries(d.state, "p").values())
    assert max(len(json.dumps(v)) for v in d.state.articles.values()) < 1500


def test_expiry_sequence_survives_a_restart_without_overwriting(seeds: list[NormalizedArticle]) -> None:
    tables = MemoryState().tables
    stream = variants(seeds, 120)
    first = Deduper(DedupeState(tables), Settings(retention_days=1))
    for a in stream[:100]:
        first.decide(a)
    # A new process over the same tables (the counter was persisted 64 articles ago at best).
    second = Deduper(DedupeState(tables), Settings(retention_days=1))
    for a in stream[100:]:
        second.decide(a)
    assert len(tables["expiry"]) == len(stream) == len(tables["articles"])
    # A stale counter (the partition came back after another owner wrote on) never overwrites.
    for a in stream[:5]:
        first.decide(a.model_copy(update={"article_id": "x" + a.article_id}))
    assert len(tables["expiry"]) == len(stream) + 5
    later = max(a.source.timestamp_ms for a in stream) + 1000 * HOUR
    while second.expire(later, budget=7):
        pass
    assert not any(tables[t] for t in TABLES if t != "meta")


def test_a_lost_or_stale_index_is_rebuilt_from_the_tables(seeds: list[NormalizedArticle]) -> None:
    stream = variants(seeds, 30) + [a.model_copy(update={"article_id": f"again{i}"}) for i, a in enumerate(seeds)]
    straight = Deduper(MemoryState(), Settings())
    expected = [straight.decide(a) for a in stream]
    # Half the stream on one worker; then the index is lost (a new disk) and a new process goes on.
    tables = MemoryState().tables
    first = Deduper(DedupeState(tables), Settings())
    got = [first.decide(a) for a in stream[:20]]
    second = Deduper(DedupeState(tables), Settings())
    unique = [r.verdict is Verdict.UNIQUE for r in got]
    assert second.catch_up(budget=5) == (sum(unique[:5]), False)
    assert second.catch_up() == (sum(unique[5:]), True)
    got += [second.decide(a) for a in stream[20:30]]
    # The partition moves back to the first worker, whose index missed what the second one did.
    got += [first.decide(a) for a in stream[30:]]
    assert got == expected
    assert first.state.index.data == straight.state.index.data


def test_index_entries_of_articles_no_longer_in_state_are_ignored(seeds: list[NormalizedArticle]) -> None:
    d = Deduper(MemoryState(), Settings())
    d.decide(seeds[0])
    del d.state.articles[seeds[0].article_id]  # e.g. a crash after the index write, or expired elsewhere
    d._cache.clear()
    again = d.decide(seeds[0].model_copy(update={"article_id": "resent"}))
    assert again.verdict is Verdict.UNIQUE and again.story_id == "resent"
    assert index_entries(d.state, "h")[seeds[0].content_hash] == "resent"


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
    d = Deduper(MemoryState(), Settings(boilerplate_min_stories=0))
    assert all(d.decide(other_story(i)).recurring == [] for i in range(6))
    assert not index_entries(d.state, "r")


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
        d = Deduper(MemoryState(), Settings(story_min_topic_cosine=floor))
        d.decide(a)
        assert (d.decide(b).story_id == a.article_id) is same
