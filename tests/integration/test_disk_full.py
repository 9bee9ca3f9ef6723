"""A full disk is the worker's problem, not the article's: no DLQ records, unready while it lasts, nothing lost.

The worker's data folder is a small tmpfs the test mounts (root only); mid-feed
a filler file takes every free byte, and is removed a little later.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from bench.pipeline import make_messages

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


@pytest.fixture
def small_disk(tmp_path: Path):
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * (256 * 1024))
                f.flush()
        except OSError:
            pass
    return filler


def _readyz(worker) -> int | None:
    try:
        return worker.get("/readyz").status_code
    except httpx.HTTPError:
        return None


def test_a_full_disk_pauses_the_worker_and_rejects_nothing(pipeline, small_disk: Path):
    msgs = make_messages(600)
    worker = pipeline.worker(INGEST_NER_ENABLED="false", INGEST_DATA_DIR=str(small_disk / "state")).start()
    worker.wait_ready()
    pipeline.replay(msgs[:200])
    assert len({r["article_id"] for v in pipeline.collect(expected=200).values() for r in v}) == 200
    filler = _fill(small_disk)
    pipeline.replay(msgs[200:])
    codes = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and 503 not in codes:
        codes.append(_readyz(worker))
        time.sleep(0.5)
    assert 503 in codes, f"/readyz never said the worker cannot write: {codes[-5:]}"
    assert worker.metric("ingest_infrastructure_errors_total") > 0
    time.sleep(3)
    filler.unlink()  # space comes back
    out = pipeline.collect(expected=600, timeout=240)
    assert out["dlq"] == [], [r["error"] for r in out["dlq"][:3]]
    assert len({(r["source"]["partition"], r["source"]["offset"]) for v in out.values() for r in v}) == 600
    assert _readyz(worker) == 200
    # what was decided while the disk was full is remembered: re-sent copies are duplicates
    pipeline.replay(msgs[200:260])
    again = pipeline.collect(expected=660, timeout=120)
    copies = [r for r in again["duplicates"] if r["source"]["key"] in {m.key for m in msgs[200:260]}
              and r["dedupe"]["verdict"] == "exact_duplicate"]
    assert len({r["source"]["key"] for r in copies}) == 60
    assert worker.terminate() == 0
