"""SASL/SCRAM-SHA-512 against a local broker that requires it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.integration.conftest import REPO, Deployment
from worker.settings import Settings
from worker.tools.broker import LocalBroker, dev_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def scram_broker(tmp_path_factory: pytest.TempPathFactory):
    b = LocalBroker(data_dir=tmp_path_factory.mktemp("scram"), cache_dir=dev_settings().cache_dir,
                    scram_users={"ingest": "correct-horse"})
    b.start()
    yield b
    b.stop()


def _sasl_env(broker: LocalBroker, password: str) -> dict[str, str]:
    assert broker.sasl_bootstrap
    return {"INGEST_BOOTSTRAP": broker.sasl_bootstrap, "INGEST_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "INGEST_SASL_MECHANISM": "SCRAM-SHA-512", "INGEST_SASL_USERNAME": "ingest",
            "INGEST_SASL_PASSWORD": password}


def test_wrong_password_gives_one_clear_line(scram_broker):
    env = {**os.environ, **_sasl_env(scram_broker, "wrong")}
    for args in (["replay"], ["worker"]):
        proc = subprocess.run([sys.executable, "-m", "worker", *args], env=env, capture_output=True, text=True,
                              cwd=REPO, timeout=60)
        assert proc.returncode != 0
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, proc.stderr
        assert "refused the credentials" in lines[0] and "SaslAuthenticationFailed" in lines[0]


def test_pipeline_runs_over_scram(scram_broker, seed_messages, tmp_path):
    env = _sasl_env(scram_broker, "correct-horse")
    s = Settings(bootstrap=env["INGEST_BOOTSTRAP"], security_protocol="SASL_PLAINTEXT",
                 sasl_mechanism="SCRAM-SHA-512", sasl_username="ingest", sasl_password="correct-horse",
                 app_id="scram-test")
    p = Deployment(settings=s, tmp=tmp_path)
    worker = p.worker(**env).start()
    try:
        worker.wait_ready()
        p.replay(seed_messages())
        assert len(p.collect(expected=5)["enriched"]) == 5, worker.tail_log()
        assert worker.terminate() == 0
    finally:
        worker.kill()
