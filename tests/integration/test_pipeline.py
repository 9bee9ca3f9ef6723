"""The whole pipeline on a real broker: seeds in, enriched records out, duplicates, DLQ."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jsonschema
import pytest

from worker.tools.replay import Message

pytestmark = pytest.mark.integration
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def test_seeds_enriched_then_duplicates_and_bad_input_to_dlq(pipeline, seed_messages):
    worker = pipeline.worker().start()
    worker.wait_ready()

    pipeline.replay(seed_messages())
    out = pipeline.collect(expected=5)
    assert len(out["enriched"]) == 5, worker.tail_log()
    enriched_schema = _schema("enriched_article")
    for record in out["enriched"]:
        jsonschema.validate(record, enriched_schema)
        assert record["dedupe"]["verdict"] == "unique"
    assert sorted(r["source"]["key"] for r in out["enriched"]) == sorted(m.key for m in seed_messages())

    pipeline.replay(seed_messages())
    out = pipeline.collect(expected=10)
    assert len(out["duplicates"]) == 5, worker.tail_log()
    first_ids = {r["source"]["key"]: r["article_id"] for r in out["enriched"]}
    for record in out["duplicates"]:
        jsonschema.validate(record, _schema("duplicate_record"))
        assert record["dedupe"]["verdict"] == "exact_duplicate"
        assert record["dedupe"]["duplicate_of"] == first_ids[record["source"]["key"]]

    bad = [
        Message("latin1-garbage", bytes(range(128, 256)) * 4, []),
        Message("empty", b"", []),
        Message("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), []),
        Message("too-large", b"word " * (6 * 1024 * 1024 // 5), []),
    ]
    after = Message("after-bad", b"A fresh article about rivers.\n\nThe river rose after three days of rain, "
                    b"and the town council met on Friday to plan new flood walls along the bank.", [])
    pipeline.replay([*bad, after])
    out = pipeline.collect(expected=15)
    reasons = {r["source"]["key"]: r["reason"] for r in out["dlq"]}
    assert set(reasons) >= {"empty", "binary", "too-large"}, out["dlq"]
    assert reasons["empty"] == "empty"
    assert reasons["binary"] == "not_text"
    assert reasons["too-large"] == "too_large"
    big = next(r for r in out["dlq"] if r["source"]["key"] == "too-large")
    assert base64.b64decode(big["original_b64"]) == bad[3].value, "DLQ must keep the original bytes untouched"
    for record in out["dlq"]:
        jsonschema.validate(record, _schema("rejected"))
    assert "after-bad" in {r["source"]["key"] for r in out["enriched"]}, "worker stopped processing after bad input"
    total = sum(len(v) for v in out.values())
    assert total == 15, {k: len(v) for k, v in out.items()}
    assert worker.proc.poll() is None

    # Accounting from the metrics alone: raw consumed = enriched + duplicates + rejected.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and worker.metric("ingest_raw_consumed_total") < 15:
        time.sleep(0.5)
    raw = worker.metric("ingest_raw_consumed_total")
    outs = {o: worker.metric("ingest_articles_out_total", outcome=o) for o in ("enriched", "duplicate", "rejected")}
    assert raw == 15
    assert raw == sum(outs.values()), outs

    started = time.monotonic()
    assert worker.terminate(timeout=30) == 0, worker.tail_log()
    assert time.monotonic() - started < 10
