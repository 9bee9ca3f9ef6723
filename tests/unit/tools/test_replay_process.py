"""``ingest process`` reads what ``ingest replay`` reads, and the metadata reaches the output records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.replay_inputs import samples, write_jsonl
from worker.models import DuplicateRecord, EnrichedArticle, Verdict
from worker.settings import Settings
from worker.tools.process import process_source
from worker.tools.replay import Source, Tally

REPO = Path(__file__).resolve().parents[3]
ITEMS = samples(2)


def test_jsonl_metadata_reaches_enriched_and_duplicate_records(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS)
    copy = tmp_path / "copy.txt"  # the first article again, as a plain file: same text, no headers
    copy.write_text(f"{ITEMS[0].title}\n\n{ITEMS[0].body}")
    out = list(process_source(Settings(), Source(paths=[str(path), str(copy)]), Tally(), print))
    first, second, again = out
    assert isinstance(first, EnrichedArticle) and isinstance(second, EnrichedArticle)
    assert (first.url, first.source_domain, first.published_at.isoformat() if first.published_at else None) == (
        ITEMS[0].url, "example.org", "2024-04-01T08:30:00+00:00")
    assert first.metadata_source["published_at"] == "header" and first.schema_version == 2
    # The raw text is the same whichever format carried it, so the copy is found as one.
    assert isinstance(again, DuplicateRecord) and again.dedupe.verdict is Verdict.EXACT_DUPLICATE
    assert again.dedupe.duplicate_of == first.article_id and again.url is None


def _ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worker", *args], capture_output=True, text=True, cwd=REPO,
                          env=os.environ.copy(), timeout=300)


def test_cli_prints_records_reports_bad_lines_and_summarises(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS, ("not json",))
    proc = _ingest("process", str(path))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["url"] for r in records] == [s.url for s in ITEMS]
    err = proc.stderr.strip().splitlines()
    assert err[0].startswith("skipped n.jsonl:3: not JSON")
    assert err[-1] == "processed 2 articles; 1 skipped (1 not JSON)"


def test_cli_strict_fails_with_one_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS, ("not json",))
    proc = _ingest("process", "--strict", str(path))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("error: n.jsonl:3: not JSON")
    assert "Traceback" not in proc.stderr


def test_cli_field_mapping_errors_are_one_line(tmp_path: Path) -> None:
    proc = _ingest("process", "--field", "bogus=x", str(write_jsonl(tmp_path / "n.jsonl", ITEMS)))
    assert proc.returncode == 1 and proc.stderr.startswith("error: --field 'bogus=x'")
