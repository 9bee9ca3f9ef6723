"""Dedupe state: one write per decision, an index derived from the records, crash consistency, retention.

The worker's decisions table is a faust table whose writes become changelog
messages; here a dict records its writes as that "changelog", and another
worker's state is built by replaying it through ``DedupeStore.refile`` as the
worker's recovery hook does.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from wordfreq import top_n_list

from worker.models import NormalizedArticle, RawRef, Verdict
from worker.settings import Settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.dedupe.index import POSTING_CAP
from worker.stages.dedupe.records import postings
from worker.stages.normalize import RawInput, normalize
from worker.tools.process import raw_inputs

SEEDS = sorted((Path(__file__).parents[3] / "seeds").glob("*.txt"))
HOUR = 3_600_000
T0 = 1_714_000_000_000
WORDS = top_n_list("en", 20000)[4000:]


class ChangelogTable(dict[str, Any]):
    """A decisions table that keeps its writes in order, as the changelog topic would, and counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, Any]] = []

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.log.append((key, value))

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.log.append((key, None))


def replayed(log: list[tuple[str, Any]]) -> DedupeStore:
    """Another worker's state, recovered from the changelog through the recovery hook."""
    store = DedupeStore(ChangelogTable(), bands=7, rows=6)
    for key, value in log:
        store.refile(key, store.decisions.get(key), value)
        if value is None:
            store.decisions.pop(key, None)
        else:
            dict.__setitem__(store.decisions, key, value)
    return store


def stream(n: int, seed: int = 7) -> list[NormalizedArticle]:
    """``n`` articles: a few stories of several rewrites each, unrelated articles, and exact re-sends."""
    rng = random.Random(seed)
    topics = [rng.sample(WORDS, 40) for _ in range(n // 6 + 1)]
    out: list[NormalizedArticle] = []
    for i in range(n):
        if i % 5 == 4:
            src = out[rng.randrange(len(out))]
            out.append(src.model_copy(update={"article_id": f"copy{i}"}))
            continue
        words = rng.sample(topics[i % len(topics)], 25) + rng.sample(WORDS, 15)
        text = " ".join(words).capitalize() + ".\n\n" + " ".join(rng.sample(words, 30)) + "."
        src = RawRef(topic="t", partition=0, offset=i, key=f"k{i}", timestamp_ms=T0 + i * 60_000)
        out.append(normalize(RawInput(value=text.encode(), source=src)))
    return out


def index_keys(store: DedupeStore) -> dict[str, str]:
    return {k: v for k, v in store.index.data.items() if k != "#built"}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def articles() -> list[NormalizedArticle]:
    return stream(120)


def test_every_decision_is_exactly_one_table_write(articles: list[NormalizedArticle]) -> None:
    table = ChangelogTable()
    d = Deduper(DedupeStore(table), Settings())
    verdicts = []
    for a in articles:
        before = len(table.log)
        verdicts.append(d.decide(a).verdict)
        assert len(table.log) - before == 1
    assert set(verdicts) == {Verdict.UNIQUE, Verdict.EXACT_DUPLICATE}
    assert max(len(str(v)) for v in table.values()) < 1500


def test_a_redelivery_rewrites_its_record_so_a_lost_changelog_message_comes_back(
        articles: list[NormalizedArticle]) -> None:
    table = ChangelogTable()
    d = Deduper(DedupeStore(table), Settings())
    first = [d.decide(a) for a in articles[:60]]
    lost = articles[30].article_id
    table.log = [(k, v) for k, v in table.log if k != lost]  # the holder died before this write left
    assert d.decide(articles[30]) == first[30]  # the redelivery gets the same answer ...
    assert table.log[-1] == (lost, table[lost])  # ... and writes the record again
    other = replayed(table.log)
    assert index_keys(other) == index_keys(d.store)


def test_a_replayed_changelog_gives_the_same_state_and_the_same_verdicts(articles: list[NormalizedArticle]) -> None:
    table = ChangelogTable()
    straight = Deduper(DedupeStore(table), Settings())
    expected = [straight.decide(a) for a in articles]
    head = ChangelogTable()
    holder = Deduper(DedupeStore(head), Settings())
    got = [holder.decide(a) for a in articles[:70]]
    # The dedupe partition moves: a worker on a fresh disk recovers from the changelog and goes on.
    successor = Deduper(replayed(head.log), Settings())
    assert index_keys(successor.store) == index_keys(holder.store)
    got += [successor.decide(a) for a in articles[70:]]
    assert got == expected
    # Replaying twice (a recovery that restarts) files nothing twice.
    again = replayed(head.log + head.log)
    assert index_keys(again) == index_keys(holder.store)


def test_a_record_replaced_in_recovery_takes_the_old_ones_entries_with_it(seeds_: list[NormalizedArticle]) -> None:
    a, b = seeds_[0], seeds_[1]
    store = DedupeStore(ChangelogTable())
    d = Deduper(store, Settings())
    d.decide(a)
    old = store.decisions[a.article_id]
    # Another worker decided this article differently (it had seen b first) and its record wins.
    other = DedupeStore(ChangelogTable())
    Deduper(other, Settings()).decide(b)
    Deduper(other, Settings()).decide(a)
    new = other.decisions[a.article_id]
    assert new != old
    assert store.index.story_members(b.article_id) == 1  # here, b's story does not exist yet
    store.refile(a.article_id, old, new)
    store.decisions[a.article_id] = new
    assert store.index.story_members(b.article_id) == 2  # a is filed as b's story's second article
    # exactly the entries the new record files, none left from the old one
    assert index_keys(store) == index_keys(replayed([(a.article_id, new)]))


@pytest.fixture(scope="module")
def seeds_() -> list[NormalizedArticle]:
    return [normalize(r) for r in raw_inputs(SEEDS)]


def test_expire_forgets_what_is_older_than_retention_on_the_streams_clock(articles: list[NormalizedArticle]) -> None:
    store = DedupeStore(ChangelogTable())
    d = Deduper(store, Settings(retention_days=1))
    hourly = [a.model_copy(update={"source": a.source.model_copy(update={"timestamp_ms": T0 + i * HOUR})})
              for i, a in enumerate(articles)]
    for a in hourly:
        d.decide(a)
    newest = hourly[-1].source.timestamp_ms
    dropped = 0
    while n := d.expire(newest + 1000 * HOUR, budget=7):  # the wall clock is far ahead; the stream's is not
        dropped += n
    kept = {a.article_id for a in hourly if a.source.timestamp_ms >= newest - 24 * HOUR}
    assert set(store.decisions) == kept and dropped > len(hourly) - len(kept)
    assert all(p[0] in kept for k, v in index_keys(store).items() if k.startswith("p:") for p in postings(v))
    # the stream moves on: everything before the new article's day is forgotten, nothing left behind
    late = hourly[0].model_copy(update={"article_id": "late", "source": hourly[0].source.model_copy(
        update={"timestamp_ms": newest + 1000 * HOUR})})
    d.decide(late)
    while d.expire(newest + 1000 * HOUR):
        pass
    assert set(store.decisions) == {"late"}
    assert {k.split(":")[0] for k in index_keys(store)} <= {"t", "a", "h", "b", "p", "r"}
    assert all("late" in k or "late" in v for k, v in index_keys(store).items())


def test_posting_lists_stay_capped(articles: list[NormalizedArticle]) -> None:
    store = DedupeStore()
    d = Deduper(store, Settings())
    for a in articles:
        d.decide(a)
    lengths = [len(postings(v)) for k, v in index_keys(store).items() if k.startswith("p:")]
    assert lengths and max(lengths) <= POSTING_CAP


def test_an_index_hint_to_a_record_that_is_gone_is_ignored(seeds_: list[NormalizedArticle]) -> None:
    store = DedupeStore()
    d = Deduper(store, Settings())
    d.decide(seeds_[0])
    del store.decisions[seeds_[0].article_id]  # expired elsewhere: the index still names it
    again = d.decide(seeds_[0].model_copy(update={"article_id": "resent"}))
    assert again.verdict is Verdict.UNIQUE and again.story_id == "resent"
    assert store.index.hash_owner(seeds_[0].content_hash) == "resent"
