"""Redrive without a broker: which records go where, as which bytes; filters; the ledger's marks."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.models import (
    DedupedArticle,
    DedupedBatch,
    DedupeResult,
    FingerprintedArticle,
    FingerprintedBatch,
    RawRef,
    Rejected,
    RejectReason,
    Verdict,
)
from worker.pipeline import rejects
from worker.settings import Settings
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize
from worker.tools.broker import free_port
from worker.tools.dlq import DlqEntry, DlqError, Filters, describe, entry_of, parse_time
from worker.tools.redrive import Summary, ledger
from worker.tools.redrive.route import Outgoing, Refusal, route

S = Settings(topic_raw="raw", topic_normalized="norm", topic_deduped="dedup", topic_dlq="dlq")
SRC = RawRef(topic="raw", partition=2, offset=41, key="001_abc", timestamp_ms=1_713_900_000_000,
             filename="001_abc.txt", content_type="text/plain")
TEXT = b"Talks in Beijing\n\nThe two ministers met on Friday to discuss trade, fentanyl and Taiwan at length."


def _reject(stage: str, original: bytes, *, headers: dict[str, str] | None = None, source: RawRef = SRC,
            reason: RejectReason = RejectReason.TIMEOUT, max_message_bytes: int = 16 * 1024 * 1024) -> Rejected:
    """A DLQ record as the pipeline builds it."""
    return rejects.to_record(RejectError(reason, f"{stage} took too long", stage), article_id="a1", source=source,
                             original=original, headers=headers or {}, max_message_bytes=max_message_bytes)


def _entry(record: Rejected, offset: int = 7, timestamp_ms: int = 1_713_900_100_000) -> DlqEntry:
    return DlqEntry("dlq", 1, offset, timestamp_ms, record)


def _article() -> FingerprintedArticle:
    return FingerprintedArticle(article=normalize(RawInput(TEXT, SRC)), fingerprint="ff00", timings_us={"n": 1})


def _sent(record: Rejected) -> Outgoing:
    out = route(_entry(record), record, S)
    assert isinstance(out, Outgoing), out
    return out


# --- where each reject goes --------------------------------------------------------------------------


def test_a_normalize_reject_goes_back_to_raw_as_the_same_message_plus_the_redrive_header():
    out = _sent(_reject("normalize", TEXT, headers={"filename": "001_abc.txt", "content-type": "text/plain"}))
    assert (out.topic, out.key, out.value, out.timestamp_ms) == ("raw", b"001_abc", TEXT, SRC.timestamp_ms)
    assert out.headers == [("filename", b"001_abc.txt"), ("content-type", b"text/plain"),
                           (ledger.REDRIVE_HEADER, b"dlq/1/7")]


def test_a_record_redriven_twice_carries_one_redrive_header_naming_the_latest_dlq_record():
    out = _sent(_reject("normalize", TEXT, headers={ledger.REDRIVE_HEADER: "dlq/0/3", "filename": "f"}))
    assert out.headers == [("filename", b"f"), (ledger.REDRIVE_HEADER, b"dlq/1/7")]


def test_a_fingerprint_reject_says_dedupe_but_holds_raw_bytes_so_it_goes_to_raw():
    # The fingerprint half of dedupe runs in the normalize hop: stage "dedupe", original = the raw message.
    assert _sent(_reject("dedupe", TEXT)).topic == "raw"


def test_a_dedupe_reject_goes_to_the_normalized_topic_as_its_one_item_batch():
    batch = FingerprintedBatch(items=[_article()]).model_dump_json().encode()
    out = _sent(_reject("dedupe", batch))
    assert (out.topic, out.key, out.value, out.timestamp_ms) == ("norm", None, batch, None)
    assert out.headers == [(ledger.REDRIVE_HEADER, b"dlq/1/7")]


def test_a_tag_reject_goes_to_the_deduped_topic_not_to_raw_where_dedupe_would_call_it_a_copy_of_itself():
    item = _article()
    deduped = DedupedArticle(article=item.article, dedupe=DedupeResult(verdict=Verdict.UNIQUE))
    batch = DedupedBatch(items=[deduped]).model_dump_json().encode()
    out = _sent(_reject("tag", batch))
    assert (out.topic, out.value) == ("dedup", batch)


def test_an_internal_message_its_hop_could_not_read_goes_back_where_it_was_read():
    source = RawRef(topic="dedup", partition=3, offset=9, timestamp_ms=0)
    out = _sent(_reject("tag", b"{not json", source=source, reason=RejectReason.INVALID))
    assert (out.topic, out.value, out.timestamp_ms) == ("dedup", b"{not json", None)


def test_a_tag_reject_whose_original_is_not_a_batch_is_refused_not_guessed():
    out = route(_entry(rec := _reject("tag", TEXT)), rec, S)
    assert isinstance(out, Refusal) and out.kind == "unroutable"


def test_a_truncated_original_is_refused():
    big = b"x" * (2 * 1024 * 1024)
    rec = _reject("normalize", big, max_message_bytes=1024 * 1024)
    assert rec.truncated
    out = route(_entry(rec), rec, S)
    assert isinstance(out, Refusal) and out.kind == "truncated"
    assert str(len(big)) in out.why


def test_an_original_that_does_not_match_its_hash_is_refused():
    rec = _reject("normalize", TEXT).model_copy(update={"original_b64": base64.b64encode(b"other").decode()})
    out = route(_entry(rec), rec, S)
    assert isinstance(out, Refusal) and out.kind == "corrupt"


@settings(max_examples=200, deadline=None)
@given(value=st.binary(max_size=3000), key=st.one_of(st.none(), st.text(max_size=30)),
       headers=st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=40), max_size=5),
       ts=st.integers(min_value=1, max_value=2**41))
def test_any_raw_message_rejected_by_normalize_goes_back_byte_for_byte(value, key, headers, ts):
    source = SRC.model_copy(update={"key": key, "timestamp_ms": ts})
    out = _sent(_reject("normalize", value, headers=headers, source=source))
    assert (out.value, out.key, out.timestamp_ms) == (value, None if key is None else key.encode(), ts)
    assert dict(out.headers) == {**{k: v.encode() for k, v in headers.items() if k != ledger.REDRIVE_HEADER},
                                 ledger.REDRIVE_HEADER: b"dlq/1/7"}


# --- filters and times -----------------------------------------------------------------------------


NOW = datetime(2024, 4, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("2h", datetime(2024, 4, 24, 10, 0, tzinfo=UTC)),
    ("90m", datetime(2024, 4, 24, 10, 30, tzinfo=UTC)),
    ("1.5d", datetime(2024, 4, 23, 0, 0, tzinfo=UTC)),
    ("2024-04-24T08:15", datetime(2024, 4, 24, 8, 15, tzinfo=UTC)),
    ("2024-04-24T08:15:00+02:00", datetime(2024, 4, 24, 6, 15, tzinfo=UTC)),
])
def test_times_are_ages_or_iso_and_naive_means_utc(text, expected):
    assert parse_time(text, NOW) == int(expected.timestamp() * 1000)


def test_a_time_that_is_neither_says_so():
    with pytest.raises(DlqError, match="not a time"):
        parse_time("yesterday", NOW)


def test_filters_combine_with_and_and_values_of_one_kind_with_or():
    rec = _reject("normalize", TEXT)
    e = _entry(rec, timestamp_ms=1_000)
    assert Filters().empty and Filters().match(e)
    assert Filters(reasons=frozenset({RejectReason.EMPTY, RejectReason.TIMEOUT})).match(e)
    assert not Filters(reasons=frozenset({RejectReason.EMPTY})).match(e)
    assert Filters(stages=frozenset({"normalize"}), keys=frozenset({"001_abc"})).match(e)
    assert Filters(keys=frozenset({"a1"})).match(e)  # the article id works too
    assert not Filters(stages=frozenset({"tag"}), keys=frozenset({"001_abc"})).match(e)
    assert Filters(since_ms=1_000, until_ms=1_000).match(e)
    assert not Filters(since_ms=1_001).match(e)
    assert not Filters(until_ms=999).match(e)


def test_an_unreadable_dlq_value_matches_no_filter_and_is_described():
    e = entry_of("dlq", 0, 3, 0, b'{"something": "else"}')
    assert e.record is None and not Filters().match(e)
    assert describe(e).startswith("dlq/0/3 1970-01-01T00:00:00Z unreadable")


# --- ledger marks and the summary ------------------------------------------------------------------


def test_a_mark_applies_only_to_the_record_it_was_written_for():
    rec = _reject("normalize", TEXT)
    mark = ledger.sent(rec, "raw", 1, 5)
    assert ledger.applies(mark, rec)
    assert not ledger.applies(None, rec)
    # The DLQ topic was recreated: same coordinates, another record.
    assert not ledger.applies(mark, _reject("normalize", TEXT + b"!"))
    assert not ledger.applies(mark, rec.model_copy(update={"article_id": "other"}))


def test_marks_of_dlq_records_that_retention_deleted_are_stale():
    marks = ["dlq/0/4", "dlq/0/5", "dlq/1/0", "dlq.v2/0/1", "other/0/0", "dlq/x", "dlq/0/"]
    assert ledger.stale(marks, "dlq", {0: 5, 1: 0}) == ["dlq/0/4"]
    assert ledger.stale(marks, "dlq.v2", {0: 9}) == ["dlq.v2/0/1"]


def test_the_summary_line_names_every_count():
    s = Summary(selected=7, sent=3, already=2, truncated=1, unsendable=1)
    assert s.line() == ("selected 7: sent 3, skipped 2 already redriven, refused 1 truncated, "
                        "refused 1 unroutable or corrupt")
    assert Summary(dry_run=True).line().startswith("selected 0: would send 0")


# --- the command line -------------------------------------------------------------------------------


def _ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worker", "dlq", *args], capture_output=True, text=True,
                          env={**os.environ, "INGEST_BOOTSTRAP": f"127.0.0.1:{free_port()}"}, timeout=60)


@pytest.mark.parametrize("args", [("redrive", "--reason", "timeout"), ("list",)])
def test_an_unreachable_broker_is_one_error_line(args):
    proc = _ingest(*args)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: cannot reach Kafka"), proc.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("redrive",), "error: give a filter"),
    (("redrive", "--reason", "slow"), "error: unknown reason slow; one of empty, invalid,"),
    (("list", "--since", "soon"), "error: not a time: 'soon'"),
])
def test_bad_usage_is_one_error_line_before_any_connection(args, message):
    proc = _ingest(*args)
    assert proc.returncode == 1 and proc.stderr.startswith(message), proc.stderr
