"""Restarts, SIGTERM mid-stream and several worker processes: nothing lost, same answers."""

from __future__ import annotations

import json
import time
from collections import defaultdict

import pytest

from worker.tools.replay import Message

pytestmark = pytest.mark.integration


def _corpus_messages(n: int) -> list[Message]:
    from bench.pipeline import make_messages

    return make_messages(n)


def _by_raw_offset(out: dict[str, list[dict]]) -> dict[tuple[int, int], list[dict]]:
    seen: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for records in out.values():
        for r in records:
            seen[(r["source"]["partition"], r["source"]["offset"])].append(r)
    return seen


def test_sigterm_mid_stream_exits_cleanly_and_a_restart_loses_nothing(pipeline):
    msgs = _corpus_messages(1500)
    worker = pipeline.worker(INGEST_NER_ENABLED="false").start()
    worker.wait_ready()
    pipeline.replay(msgs)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.metric("ingest_articles_out_total") < 200:
        time.sleep(0.2)
    done_before = worker.metric("ingest_articles_out_total")
    assert 0 < done_before < len(msgs), "stop must land mid-stream"
    started = time.monotonic()
    code = worker.terminate(timeout=30)
    took = time.monotonic() - started
    assert code == 0, worker.tail_log()
    assert took < 10, f"SIGTERM took {took:.1f}s"

    restarted = pipeline.worker(INGEST_NER_ENABLED="false").start()
    restarted.wait_ready()
    out = pipeline.collect(expected=len(msgs), timeout=300)
    seen = _by_raw_offset(out)
    assert len(seen) == len(msgs), f"lost {len(msgs) - len(seen)} articles"
    for records in seen.values():
        assert all(r == records[0] for r in records), "a redelivered article must give the same record"
    assert restarted.terminate() == 0


def test_restart_keeps_dedupe_state(pipeline, seed_messages):
    first = pipeline.worker().start()
    first.wait_ready()
    pipeline.replay(seed_messages())
    assert len(pipeline.collect(expected=5)["enriched"]) == 5
    assert first.terminate() == 0

    second = pipeline.worker(INGEST_DATA_DIR=first.env["INGEST_DATA_DIR"]).start()
    second.wait_ready()
    pipeline.replay(seed_messages())
    out = pipeline.collect(expected=10)
    assert [r["dedupe"]["verdict"] for r in out["duplicates"]] == ["exact_duplicate"] * 5, second.tail_log()
    assert second.terminate() == 0
    highwater, starts = _recovery_tables(second.log.read_text())
    assert highwater and starts.keys() == highwater.keys()
    assert starts == highwater, "recovery re-read changelog history instead of resuming from local RocksDB"


def test_a_worker_on_a_fresh_disk_rebuilds_the_dedupe_index_from_the_tables(pipeline, seed_messages):
    first = pipeline.worker().start()
    first.wait_ready()
    pipeline.replay(seed_messages())
    assert len(pipeline.collect(expected=5)["enriched"]) == 5
    assert first.terminate() == 0

    fresh = pipeline.worker().start()  # its own, empty data dir: tables come back from their changelogs
    assert fresh.env["INGEST_DATA_DIR"] != first.env["INGEST_DATA_DIR"]
    fresh.wait_ready()
    pipeline.replay(seed_messages())
    out = pipeline.collect(expected=10)
    assert [r["dedupe"]["verdict"] for r in out["duplicates"]] == ["exact_duplicate"] * 5, fresh.tail_log()
    assert fresh.metric("ingest_dedupe_index_rebuilt_articles_total") == 5
    assert fresh.terminate() == 0


def _recovery_tables(log: str) -> tuple[dict[str, int], dict[str, int]]:
    """faust's recovery log: changelog highwaters and where reading starts, per topic."""
    tables: dict[str, dict[str, int]] = {}
    for line in log.splitlines():
        try:
            event = json.loads(line)["event"]
        except (ValueError, KeyError):
            continue
        for title, name in (("Highwater for active changelog partitions", "high"),
                            ("active offsets at start of reading", "start")):
            if title in event:
                rows = [r.split("|") for r in event.splitlines() if r.startswith("| ") and "changelog" in r]
                tables[name] = {f"{c[1].strip()}/{c[2].strip()}": int(c[3]) for c in rows}
    return tables.get("high", {}), tables.get("start", {})


def test_two_workers_on_four_partitions_give_the_single_process_verdicts(pipeline, seed_messages, tmp_path):
    from tests.integration.conftest import REPO
    from worker.settings import Settings
    from worker.tools.process import process_files
    from worker.tools.replay import article_files

    files = article_files([REPO / "seeds"])
    offline = list(process_files(Settings(), files + files))
    expected = sorted((r.source.key, r.dedupe.verdict.value) for r in offline)  # type: ignore[union-attr]

    workers = [pipeline.worker().start() for _ in range(2)]
    for w in workers:
        w.wait_ready()
    pipeline.replay(seed_messages())
    pipeline.collect(expected=5)
    pipeline.replay(seed_messages())
    out = pipeline.collect(expected=10)
    got = sorted((r["source"]["key"], r["dedupe"]["verdict"]) for k in ("enriched", "duplicates") for r in out[k])
    assert got == expected
    partitions = {r["source"]["partition"] for r in out["enriched"]}
    assert len(partitions) > 1, "seeds should spread over several raw partitions"
    stories = {r["dedupe"]["story_id"] for r in out["enriched"]}
    offline_stories = {r.dedupe.story_id for r in offline if r.dedupe.verdict.value == "unique"}  # type: ignore[union-attr]
    assert len(stories) == len(offline_stories), "story grouping must match the single-process run"
    assert all(w.terminate() == 0 for w in workers)


def test_a_third_worker_started_mid_feed_gets_partitions_within_one_rebalance(pipeline):
    import asyncio
    import threading

    from worker.tools.replay import publish

    msgs = _corpus_messages(3000)
    first, second = (pipeline.worker(INGEST_NER_ENABLED="false").start() for _ in range(2))
    first.wait_ready()
    second.wait_ready()
    feeder = threading.Thread(target=lambda: asyncio.run(publish(pipeline.settings, msgs, rate=100,
                                                                   show_progress=False)))
    feeder.start()
    time.sleep(5)
    third = pipeline.worker(INGEST_NER_ENABLED="false").start()
    deadline = time.monotonic() + 180
    while "WebServer]: Starting" not in third.log.read_text(errors="replace"):  # imports, models: not measured
        assert time.monotonic() < deadline, third.tail_log()
        time.sleep(0.2)
    started = time.monotonic()
    third.wait_ready(timeout=60)
    took = time.monotonic() - started
    detail = third.get("/readyz").json()["detail"]
    assert "partitions assigned" in detail and not detail.startswith("0 "), detail
    feeder.join()
    out = pipeline.collect(expected=len(msgs), timeout=240)
    assert len(_by_raw_offset(out)) == len(msgs)
    print(f"third worker ready with partitions {took:.1f} s after start ({detail})")
    for w in (first, second, third):
        assert w.terminate() == 0
