"""`docker compose up`, for real: the images built and docker-compose.yml run as a user runs it.

Run by ``make compose-test`` (root: it installs Debian's docker.io,
docker-compose, debootstrap and kcat, and starts a private dockerd). The tests
run in file order on one stack and print the figures a user would see: build
times, time to healthy, the enriched keys, the Prometheus answer, the exit
codes on ``down``, and the duplicates after a second ``up`` on the same volumes.
Grafana is not started: its image cannot be had without a registry (its
provisioning is checked offline by tests/unit/deploy).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.compose.engine import private_engine
from tests.compose.images import ROOT, build_images
from tests.compose.stack import ComposeStack

pytestmark = [
    pytest.mark.skipif(not os.environ.get("INGEST_COMPOSE_TEST"),
                       reason="needs root and a Docker engine: run `make compose-test`"),
    pytest.mark.timeout(2400),
]

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ENRICHED = 'sum(ingest_articles_out_total{outcome="enriched"})'
#: 143 is the JVM's exit status after its SIGTERM shutdown hook ran (Kafka); 137 would be a SIGKILL.
CLEAN_EXITS = {0, 143}


STARTED = time.monotonic()


def report(line: str) -> None:
    print(f"compose-test: [{time.monotonic() - STARTED:4.0f} s] {line}", flush=True)


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[ComposeStack]:
    parent = Path(os.environ.get("COMPOSE_TEST_TMPDIR", "/var/tmp"))
    workdir = Path(tempfile.mkdtemp(prefix="ni-compose-", dir=parent))
    failures = request.session.testsfailed
    try:
        with private_engine(workdir / "engine") as engine:
            project = ComposeStack(engine, workdir, project=f"ni-compose-{os.getpid()}")
            failed = True
            try:
                project.render()
                for image, seconds in build_images(engine, workdir, project.build_worker).items():
                    report(f"built {image} in {seconds:.0f} s")
                report(f"ports on 127.0.0.1: {project.ports}")
                report(f"up -d returned after {project.up():.0f} s; {project.timeline()}")
                yield project
                failed = request.session.testsfailed > failures
            finally:
                if failed:  # a test failed, or setup did: show what the services said
                    print(project.logs(), flush=True)
                project.remove()
                report(f"engine holds, before removal: {engine.disk_usage()}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        report(f"stopped the engine, removed {workdir}")
        assert not workdir.exists(), f"{workdir} is left behind"  # a teardown error fails the run


def test_worker_becomes_healthy(stack: ComposeStack) -> None:
    seconds = stack.seconds_to_healthy("worker")
    report(f"worker healthy {seconds:.1f} s after its container started")
    state = stack.inspect("worker")
    assert state["Config"]["User"] == "10001:10001" and state["HostConfig"]["ReadonlyRootfs"] is True


def test_replayer_publishes_the_seeds(stack: ComposeStack) -> None:
    state = stack.inspect("replayer")["State"]
    logs = stack.logs("replayer")
    raw = stack.topic_keys("articles.raw", want=len(SEEDS), timeout=30)
    report(f"replayer exit code {state['ExitCode']}: {logs.strip().splitlines()[-1] if logs.strip() else ''}; "
           f"articles.raw holds {len(raw)} records")
    assert state["Status"] == "exited" and state["ExitCode"] == 0
    assert len(raw) == len(SEEDS)


def test_enriched_records_reach_the_host(stack: ComposeStack) -> None:
    keys = stack.topic_keys("articles.enriched", want=len(SEEDS))
    report(f"articles.enriched (kcat from the host): {len(keys)} records, keys {' '.join(keys)}")
    assert len(keys) == len(set(keys)) == len(SEEDS)


def test_prometheus_scrapes_the_worker(stack: ComposeStack) -> None:
    targets = stack.prometheus("/api/v1/targets")["data"]["activeTargets"]
    health = {t["labels"]["job"]: t["health"] for t in targets}
    value = stack.query(ENRICHED, want=len(SEEDS))
    report(f"prometheus targets {health}; {ENRICHED} = {value}")
    assert value == len(SEEDS)
    assert health["news-ingest"] == "up"


def test_down_drains_and_exits_cleanly(stack: ComposeStack) -> None:
    codes, seconds = stack.down()
    report(f"down in {seconds:.0f} s, exit codes {codes}")
    assert codes.get("worker") == 0, codes  # the SIGTERM drain finished in the grace period
    assert set(codes) == {"worker", "kafka", "prometheus"} and set(codes.values()) <= CLEAN_EXITS, codes
    assert not stack.leftovers()


def test_second_up_resumes_from_the_volumes(stack: ComposeStack) -> None:
    """The state volume survives `down`: the seeds, replayed again by `up`, are judged duplicates."""
    report(f"second up -d returned after {stack.up():.0f} s; {stack.timeline()}")
    duplicates = stack.topic_keys("articles.duplicates", want=len(SEEDS))
    enriched = stack.topic_keys("articles.enriched", want=len(SEEDS), timeout=10)
    report(f"articles.duplicates: {len(duplicates)} records, keys {' '.join(duplicates)}; "
           f"articles.enriched still {len(enriched)}")
    assert len(set(duplicates)) == len(SEEDS)
    assert len(enriched) == len(SEEDS)
    codes, seconds = stack.down()
    report(f"second down in {seconds:.0f} s, exit codes {codes}")
    assert codes.get("worker") == 0, codes
