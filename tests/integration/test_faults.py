"""Faults a single message or a dying agent can cause: the worker never keeps looking healthy while stuck.

Faults are injected with ``tests/integration/faults/sitecustomize.py`` (on the
worker's PYTHONPATH); see there.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from pathlib import Path

import httpx

from tests.integration.conftest import REPO, WorkerProc
from worker.stages.normalize import article_id_for
from worker.tools.replay import Message

FAULTS = str(REPO / "tests" / "integration" / "faults")


def _faulty(pipeline, fault: str, **extra: str) -> WorkerProc:
    path = os.pathsep.join(filter(None, [FAULTS, os.environ.get("PYTHONPATH")]))
    return pipeline.worker(INGEST_TEST_FAULT=fault, PYTHONPATH=path, INGEST_NER_ENABLED="false", **extra)


def _message(key: str, text: str) -> Message:
    return Message(key, text.encode(), [("content-type", b"text/plain")])


CANARY = ("Canary headline about a harbour\n\nThe harbour authority in the small coastal town approved a new ferry "
          "link on Tuesday after months of talks with operators and local councils.")


def test_the_web_port_serves_our_endpoints_and_nothing_else(pipeline):
    worker = pipeline.worker(INGEST_NER_ENABLED="false").start()
    worker.wait_ready()
    for path in ("/", "/table/", "/table/dedupe-decisions/", "/graph/", "/router/", "/stats/"):
        assert worker.get(path).status_code == 404, path
    assert worker.get("/metrics").status_code == 200
    assert worker.terminate() == 0


def test_an_agent_that_dies_takes_the_process_down(pipeline):
    worker = _faulty(pipeline, "crash-agent").start()
    worker.wait_ready()
    pipeline.replay([_message("crash", CANARY)])
    codes: list[int] = []
    died_at = None
    deadline = time.monotonic() + 60
    assert worker.proc is not None
    while time.monotonic() < deadline and worker.proc.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            codes.append(worker.get("/healthz").status_code)
        if died_at is None and "agent died" in worker.log.read_text(errors="replace"):
            died_at = time.monotonic()
        time.sleep(0.1)
    exited_at = time.monotonic()
    worker.stopped = True
    assert worker.proc.poll() == 70, worker.tail_log()
    assert died_at is not None and exited_at - died_at < 10
    assert 503 in codes, f"healthz never said 503 while dying: {codes[-10:]}"
    lines = [json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")]
    deaths = [e for e in lines if e.get("level") == "critical"]
    assert len(deaths) == 1 and "injected fault" in deaths[0]["error"]


def _wait_in_flight(state: Path, aid: str, since: float, timeout: float = 90) -> None:
    """Until the worker started at ``since`` has ``aid`` in flight in normalize (its own file, not a leftover)."""
    path = state / "inflight.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = path.read_text()
            if path.stat().st_mtime > since and text and aid in json.loads(text).get("normalize", []):
                return
        except (FileNotFoundError, ValueError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{aid} never in flight")


def test_a_message_the_worker_dies_on_twice_is_rejected_as_poison_and_the_next_one_goes_through(pipeline):
    pipeline.replay([_message("hang", CANARY + " Hang."), _message("canary", CANARY)])
    aid = article_id_for(_raw_coordinates(pipeline, "hang"))
    state = pipeline.tmp / "poison-state"
    for _ in range(2):  # the worker hangs on it: killed (as an orchestrator would), restarted, hangs again
        started = time.time()
        w = _faulty(pipeline, "hang", INGEST_DATA_DIR=str(state)).start()
        _wait_in_flight(state, aid, since=started)
        assert w.proc is not None
        w.proc.send_signal(signal.SIGKILL)
        w.proc.wait()
        w.stopped = True
    last = _faulty(pipeline, "hang", INGEST_DATA_DIR=str(state)).start()
    out = pipeline.collect(expected=2)
    (poison,) = out["dlq"]
    assert poison["reason"] == "poison" and poison["article_id"] == aid and poison["stage"] == "normalize"
    # The canary may come out twice: a killed worker can have sent it before its offset was committed.
    enriched = out["enriched"]
    assert {r["source"]["key"] for r in enriched} == {"canary"}
    assert all(r == enriched[0] for r in enriched), "a repeat must be byte-identical"
    assert last.terminate() == 0


def _raw_coordinates(pipeline, key: str):
    """Where the raw message keyed ``key`` landed (partition, offset), read back from the raw topic."""
    import asyncio

    from worker.models import RawRef
    from worker.tools.topic_reader import read_topics

    async def find() -> RawRef:
        async for rec in read_topics(pipeline.settings, [pipeline.settings.topic_raw], idle_timeout=3):
            if rec.key == key.encode():
                return RawRef(topic=rec.topic, partition=rec.partition, offset=rec.offset, timestamp_ms=0)
        raise AssertionError(f"no raw message keyed {key}")

    return asyncio.run(find())
