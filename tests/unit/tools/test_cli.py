"""CLI behaviour that needs no broker: clear one-line errors for expected failures."""

import os
import subprocess
import sys
import time
from pathlib import Path

from worker.tools.broker import free_port

REPO = Path(__file__).resolve().parents[3]


def _ingest(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worker", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def test_replay_against_a_stopped_broker_fails_fast_with_one_line():
    started = time.monotonic()
    proc = _ingest("replay", "--bootstrap", f"127.0.0.1:{free_port()}")
    assert time.monotonic() - started < 15
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot reach Kafka"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_broker_start_without_java_says_so(tmp_path):
    proc = _ingest("broker", "start", "--data-dir", str(tmp_path), env={"PATH": "/nonexistent"})
    assert proc.returncode != 0
    assert proc.stderr.strip().startswith("error: java not found"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_broker_status_when_nothing_runs(tmp_path):
    proc = _ingest("broker", "status", "--data-dir", str(tmp_path))
    assert proc.returncode == 3
    assert proc.stdout.strip() == "not running"


def test_schemas_check_passes_on_the_committed_schemas():
    proc = _ingest("schemas", "--check")
    assert proc.returncode == 0, proc.stderr
