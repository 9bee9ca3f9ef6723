"""Fixtures for integration tests: a real Kafka broker (session), workers as real processes.

The broker is Apache Kafka started from the Maven-fetched jars on free ports in
a temporary folder. Each test gets its own topic names and consumer group, so
tests never see each other's records.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings, free_port
from worker.tools.replay import Message, publish
from worker.tools.topic_reader import read_topics

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    b = LocalBroker(data_dir=tmp_path_factory.mktemp("kafka"), cache_dir=dev_settings().cache_dir)
    b.start()
    yield b
    b.stop()


@dataclass
class WorkerProc:
    """A worker running as ``ingest worker`` in its own process."""

    env: dict[str, str]
    log: Path
    web_port: int
    proc: subprocess.Popen[bytes] | None = None
    stopped: bool = False  # set when a test stops it on purpose

    def start(self) -> WorkerProc:
        log = open(self.log, "ab")  # noqa: SIM115 - the child keeps it
        self.proc = subprocess.Popen([sys.executable, "-m", "worker", "worker"], env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, cwd=REPO)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, timeout=5)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, self.tail_log()
            try:
                if self.get("/readyz").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"worker not ready in {timeout}s\n{self.tail_log()}")

    def terminate(self, timeout: float = 30) -> int:
        assert self.proc is not None
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        self.stopped = True
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def metric(self, name: str, **labels: str) -> float:
        """Sum of samples of ``name`` whose labels include ``labels``."""
        from prometheus_client.parser import text_string_to_metric_families

        total = 0.0
        for fam in text_string_to_metric_families(self.get("/metrics").text):
            for s in fam.samples:
                if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                    total += s.value
        return total

    def tail_log(self, n: int = 60) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


@dataclass
class Deployment:
    """One isolated deployment on the shared broker: its own topics, group and state."""

    settings: Settings
    tmp: Path
    workers: list[WorkerProc] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        s = self.settings
        env = {**os.environ, "INGEST_LOG_FORMAT": "json"}
        for name in ("bootstrap", "app_id", "topic_raw", "topic_normalized", "topic_deduped", "topic_enriched",
                     "topic_duplicates", "topic_dlq", "partitions"):
            env[f"INGEST_{name.upper()}"] = str(getattr(s, name))
        env.update(extra)
        return env

    def worker(self, **extra: str) -> WorkerProc:
        n = len(self.workers)
        port = free_port()
        defaults = {"INGEST_WEB_PORT": str(port), "INGEST_DATA_DIR": str(self.tmp / f"state-{n}")}
        w = WorkerProc(env=self.env(**{**defaults, **extra}), log=self.tmp / f"worker-{n}.log", web_port=port)
        self.workers.append(w)
        return w

    def replay(self, messages: list[Message]) -> None:
        asyncio.run(publish(self.settings, messages, show_progress=False))

    async def _read_outputs(self, kinds: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds.values()}
        async for rec in read_topics(self.settings, list(kinds), idle_timeout=1.5):
            out[kinds[rec.topic]].append(json.loads(rec.value))
        return out

    def collect(self, expected: int, timeout: float = 120.0) -> dict[str, list[dict[str, Any]]]:
        """Read all output topics until ``expected`` raw messages are accounted for (or timeout); by topic kind.

        Counted by distinct raw offsets, not records: after a restart some articles come out twice
        (byte-identical repeats), and counting those would stop reading while others are still in flight.
        """
        s = self.settings
        kinds = {s.topic_enriched: "enriched", s.topic_duplicates: "duplicates", s.topic_dlq: "dlq"}
        deadline = time.monotonic() + timeout
        out: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds.values()}
        while time.monotonic() < deadline:
            out = asyncio.run(self._read_outputs(kinds))
            if len({(r["source"]["partition"], r["source"]["offset"]) for v in out.values() for r in v}) >= expected:
                return out
            for w in self.workers:
                assert w.stopped or w.proc is None or w.proc.poll() is None, f"worker died\n{w.tail_log()}"
        return out


@pytest.fixture
def pipeline(broker: LocalBroker, tmp_path: Path) -> Iterator[Deployment]:
    tag = uuid.uuid4().hex[:8]
    s = Settings(bootstrap=broker.bootstrap, app_id=f"test-{tag}", topic_raw=f"raw-{tag}",
                 topic_normalized=f"normalized-{tag}", topic_deduped=f"deduped-{tag}",
                 topic_enriched=f"enriched-{tag}", topic_duplicates=f"duplicates-{tag}", topic_dlq=f"dlq-{tag}",
                 partitions=4)
    p = Deployment(settings=s, tmp=tmp_path)
    yield p
    for w in p.workers:
        w.kill()


@pytest.fixture
def seed_messages() -> Callable[[], list[Message]]:
    from worker.tools.replay import article_files, messages_from_files

    return lambda: list(messages_from_files(article_files([REPO / "seeds"])))
