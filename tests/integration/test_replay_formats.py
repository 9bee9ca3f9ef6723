"""Corpora as they come (a WARC crawl, news-please JSON lines, a CSV export) through ``ingest replay``, the real
broker and a real worker: every article comes out with its URL, domain and publication time; bad records are
reported in one line each, counted, and the rest is replayed."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.integration.conftest import REPO, Deployment
from tests.replay_inputs import CSV_FIELDS, Sample, samples, write_csv, write_jsonl, write_warc
from worker.tools.topic_reader import read_topics

pytestmark = pytest.mark.integration
SCHEMA = json.loads((REPO / "schemas" / "enriched_article.schema.json").read_text())
LAST_MODIFIED = ["Mon, 01 Apr 2024 00:00:00 GMT", "Wed, 03 Apr 2024 09:00:00 GMT", "Thu, 04 Apr 2024 10:00:00 GMT"]


def replay(p: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "worker", "replay", *args], capture_output=True, text=True,
                          cwd=REPO, env=p.env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


def raw_records(p: Deployment) -> list[Any]:
    async def read() -> list[Any]:
        return [r async for r in read_topics(p.settings, [p.settings.topic_raw], idle_timeout=1.5)]
    return asyncio.run(read())


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def test_warc_jsonl_and_csv_arrive_with_url_domain_and_publication_time(pipeline: Deployment, tmp_path: Path
                                                                        ) -> None:
    worker = pipeline.worker().start()
    wire = samples(10, site="wire.example")
    warc = [wire[5], wire[3], wire[4]]  # 3 and 4 name no year: the page states no date, Last-Modified stands
    daily = samples(3, site="daily.example")  # published in 2024: too old to keep as record timestamps
    recent = samples(3, site="post.example", first=datetime.now(UTC) - timedelta(days=3), skip=6)
    files = (write_warc(tmp_path / "crawl.warc.gz", warc, LAST_MODIFIED, with_image=True, with_redirect=True),
             write_jsonl(tmp_path / "daily.jsonl.gz", daily, ('{"title": "cut off',)),
             write_csv(tmp_path / "post.csv", recent, blank_text_row=True))
    worker.wait_ready()
    started_ms = int(time.time() * 1000)

    runs = [replay(pipeline, str(files[0])), replay(pipeline, str(files[1])),
            replay(pipeline, str(files[2]), *[a for f in CSV_FIELDS for a in ("--field", f)])]
    warc_lines = runs[0].stderr.splitlines()
    assert len(warc_lines) == 2 and all(line.startswith("skipped crawl.warc.gz@") for line in warc_lines)
    assert warc_lines[0].endswith(" (https://www.example.org/logo.png): not HTML (image/png)")
    assert warc_lines[1].endswith(" (https://www.example.org/old): HTTP status 301, not a page")
    assert runs[1].stderr.splitlines() == [
        "skipped daily.jsonl.gz:4: not JSON (unexpected end of data: line 1 column 19 (char 18))"]
    assert runs[2].stderr.splitlines() == ["skipped post.csv row 4: no text (field 'text' is missing or empty)"]
    assert "3 articles; 2 skipped (1 not HTML, 1 HTTP status 301, not a page)" in runs[0].stdout
    assert "3 articles; 1 skipped (1 not JSON)" in runs[1].stdout
    assert "3 stamped with the send time" in runs[1].stdout
    assert "3 articles; 1 skipped (1 no text)" in runs[2].stdout

    out = pipeline.collect(expected=9)
    assert not out["dlq"] and not out["duplicates"], out
    by_url = {r["url"]: r for r in out["enriched"]}
    assert set(by_url) == {s.url for s in warc + daily + recent}, worker.tail_log()
    for record in by_url.values():
        jsonschema.validate(record, SCHEMA)
    for s in daily + recent:
        _assert_published(by_url[s.url], s, s.published, "header")
    _assert_published(by_url[warc[0].url], warc[0], warc[0].published[:10] + "T00:00:00Z", "html")
    _assert_published(by_url[warc[1].url], warc[1], "2024-04-03T09:00:00Z", "header")  # Last-Modified
    _assert_published(by_url[warc[2].url], warc[2], "2024-04-04T10:00:00Z", "header")

    raw = {dict(r.headers)["url"].decode(): r for r in raw_records(pipeline)}
    for s in recent:  # recent publication times are the records' timestamps
        assert raw[s.url].timestamp == ms(s.published)
        assert dict(raw[s.url].headers)["published_at"].decode() == s.published
    for s in daily + warc:  # 2024 is older than the topic's retention allows: stamped when sent
        assert raw[s.url].timestamp >= started_ms


def _assert_published(record: dict[str, Any], s: Sample, expected: str, source: str) -> None:
    assert record["source_domain"] == s.domain
    assert ms(record["published_at"]) == ms(expected), (record["url"], record["published_at"], expected)
    assert record["metadata_source"]["published_at"] == source
    assert record["metadata_source"]["url"] == "header"

