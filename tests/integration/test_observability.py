"""Metrics, health and a real Prometheus server scraping a real worker."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time

import httpx
import pytest

from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings, free_port

pytestmark = pytest.mark.integration


def _require(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is not installed: run `make sysdeps` (Debian package prometheus)"
    return path


def test_readyz_goes_from_503_to_200_and_prometheus_counts_the_enriched_articles(pipeline, seed_messages, tmp_path):
    worker = pipeline.worker().start()
    seen: list[int] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and 200 not in seen:
        with contextlib.suppress(httpx.HTTPError):
            seen.append(worker.get("/readyz").status_code)
        time.sleep(0.05)
    assert 503 in seen and seen[-1] == 200, seen[-5:]
    assert worker.get("/healthz").status_code == 200

    prom_port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        f"  - job_name: news-ingest\n    static_configs: [{{targets: ['127.0.0.1:{worker.web_port}']}}]\n"
    )
    prom = subprocess.Popen(
        [_require("prometheus"), f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{prom_port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        pipeline.replay(seed_messages())
        assert len(pipeline.collect(expected=5)["enriched"]) == 5
        query = 'sum(ingest_articles_out_total{outcome="enriched",job="news-ingest"})'
        value = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and value != 5.0:
            try:
                body = httpx.get(f"http://127.0.0.1:{prom_port}/api/v1/query", params={"query": query}).json()
                result = body["data"]["result"]
                value = float(result[0]["value"][1]) if result else None
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            time.sleep(1)
        assert value == 5.0, f"Prometheus answered {value} for {query}"
    finally:
        prom.terminate()
        prom.wait(timeout=20)

    check = subprocess.run([_require("promtool"), "check", "metrics"], input=worker.get("/metrics").text,
                           capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip() and not check.stderr.strip(), check.stdout + check.stderr
    assert worker.terminate() == 0


def test_healthz_fails_while_a_batch_is_stuck_and_recovers(tmp_path, seed_messages):
    """Freeze the broker (SIGSTOP) while the worker is mid-stream: deliveries hang, liveness must say so."""
    broker = LocalBroker(data_dir=tmp_path / "kafka", cache_dir=dev_settings().cache_dir)
    broker.start()
    try:
        from tests.integration.conftest import Deployment

        s = Settings(bootstrap=broker.bootstrap, app_id="stuck", partitions=2)
        p = Deployment(settings=s, tmp=tmp_path)
        worker = p.worker(INGEST_LIVENESS_STALL_S="3").start()
        worker.wait_ready()
        p.replay(seed_messages() * 60)
        assert broker.pid is not None
        os.killpg(broker.pid, signal.SIGSTOP)
        try:
            codes: list[int | str] = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and 503 not in codes:
                try:
                    codes.append(worker.get("/healthz").status_code)
                except httpx.TimeoutException:
                    codes.append("timeout")  # a busy loop also fails a probe, but we want the heartbeat's 503
                time.sleep(0.5)
            assert 503 in codes, f"healthz never reported the stuck batch: {codes[-10:]}"
        finally:
            os.killpg(broker.pid, signal.SIGCONT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _healthz(worker) != 200:
            time.sleep(0.5)
        assert worker.get("/healthz").status_code == 200
        worker.kill()
    finally:
        broker.stop()


def _healthz(worker) -> int | None:
    try:
        return worker.get("/healthz").status_code
    except httpx.TimeoutException:
        return None
