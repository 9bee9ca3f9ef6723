"""Readers: every format yields its articles in order, and a bad record as one Malformed, never an exception."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from tests.replay_inputs import CSV_FIELDS, samples, write_csv, write_jsonl, write_warc
from worker.tools.replay import Article, Fields, Malformed
from worker.tools.replay.readers import expand, format_of, read

ITEMS = samples(3)
LAST_MODIFIED = ["Tue, 02 Apr 2024 10:00:00 GMT", "not a date", "Thu, 04 Apr 2024 10:00:00 GMT"]


def articles(items: list[Article | Malformed]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def malformed(items: list[Article | Malformed]) -> list[Malformed]:
    return [i for i in items if isinstance(i, Malformed)]


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.txt", "text"), ("a.HTML", "text"), ("a.json", "json"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"),
    ("a.ndjson", "jsonl"), ("a.csv.gz", "csv"), ("a.warc.gz", "warc"), ("a.warc", "warc"), ("a.parquet", None),
    ("a.gz", None)])
def test_format_comes_from_the_name_looking_through_gz(name: str, fmt: str | None) -> None:
    assert format_of(name) == fmt


def test_jsonl_reads_news_please_fields_and_reports_bad_lines_in_place(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", ITEMS, ('{"title": "cut off', "[1, 2]", "",
                                                        json.dumps({"title": "no body"})))
    items = list(read(str(path), Fields()))
    good, bad = articles(items), malformed(items)
    assert [a.url for a in good] == [s.url for s in ITEMS]
    assert [(b.where, b.reason.split(" (")[0]) for b in bad] == [
        ("news.jsonl:4", "not JSON"), ("news.jsonl:5", "a JSON list, not an object"), ("news.jsonl:7", "no text")]
    first = good[0]
    assert first.payload.decode() == f"{ITEMS[0].title}\n\n{ITEMS[0].body}"
    assert first.published_at is not None and first.published_at.isoformat() == "2024-04-01T08:30:00+00:00"
    assert (first.source_domain, first.language, first.authors) == ("example.org", "en", ("Ann Reporter",))


def test_gzipped_jsonl_reads_the_same(tmp_path: Path) -> None:
    plain = list(read(str(write_jsonl(tmp_path / "a.jsonl", ITEMS)), Fields()))
    zipped = list(read(str(write_jsonl(tmp_path / "a.jsonl.gz", ITEMS)), Fields()))
    assert [a.payload for a in articles(plain)] == [a.payload for a in articles(zipped)]


def test_a_truncated_gzip_ends_that_file_with_one_malformed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl.gz", ITEMS * 20)
    path.write_bytes(path.read_bytes()[:-40])
    items = list(read(str(path), Fields()))
    assert isinstance(items[-1], Malformed) and "the rest of this file is skipped" in items[-1].reason
    assert len(articles(items)) >= 3


def test_json_file_holds_one_article_or_an_array(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "T", "maintext": "Body text here."}, indent=2))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"maintext": "First body."}, "junk", {"maintext": "Second body."}]))
    assert [a.payload for a in articles(list(read(str(one), Fields())))] == [b"T\n\nBody text here."]
    items = list(read(str(many), Fields()))
    assert [a.payload for a in articles(items)] == [b"First body.", b"Second body."]
    assert [m.where for m in malformed(items)] == ["many.json[1]"]


def test_csv_with_mapped_columns_and_a_row_without_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", ITEMS, blank_text_row=True)
    items = list(read(str(path), Fields.parse(CSV_FIELDS)))
    assert [a.url for a in articles(items)] == [s.url for s in ITEMS]
    assert [(m.where, m.reason) for m in malformed(items)] == [
        ("export.csv row 4", "no text (field 'text' is missing or empty)")]
    assert articles(items)[1].title == ITEMS[1].title


def test_csv_holds_articles_longer_than_pythons_default_field_limit(tmp_path: Path) -> None:
    long_body = "A sentence that goes on for a while. " * 10_000  # 370 KB
    path = tmp_path / "long.csv"
    path.write_text("maintext\n" + json.dumps(long_body) + "\n")
    (article,) = articles(list(read(str(path), Fields())))
    assert len(article.payload) == len(long_body)


def test_warc_takes_html_responses_and_reports_other_responses(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", ITEMS, LAST_MODIFIED, with_image=True, with_redirect=True)
    items = list(read(str(path), Fields()))
    good = articles(items)
    assert [a.url for a in good] == [s.url for s in ITEMS]  # request records are passed over silently
    assert all(a.payload.startswith(b"<!DOCTYPE html>") for a in good)
    assert [a.last_modified.isoformat() if a.last_modified else None for a in good] == [
        "2024-04-02T10:00:00+00:00", None, "2024-04-04T10:00:00+00:00"]
    assert {a.crawled_at.isoformat() for a in good if a.crawled_at} == {"2024-05-01T12:00:00+00:00"}
    reasons = [m.reason for m in malformed(items)]
    assert reasons == ["not HTML (image/png)", "HTTP status 301, not a page"]
    assert all(m.where.startswith("crawl.warc.gz@") for m in malformed(items))


def test_uncompressed_warc_reads_the_same(tmp_path: Path) -> None:
    a = articles(list(read(str(write_warc(tmp_path / "a.warc", ITEMS, LAST_MODIFIED)), Fields())))
    b = articles(list(read(str(write_warc(tmp_path / "b.warc.gz", ITEMS, LAST_MODIFIED)), Fields())))
    assert [x.payload for x in a] == [x.payload for x in b]


def test_a_file_that_is_not_a_warc_is_one_malformed(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n" * 10)
    items = list(read(str(path), Fields()))
    assert len(items) == 1 and isinstance(items[0], Malformed)


def test_stdin_is_sniffed_as_jsonl_gzipped_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", ITEMS).read_bytes()
    for raw in (data, gzip.compress(data)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(raw))))  # type: ignore[arg-type]
        assert [a.url for a in articles(list(read("-", Fields())))] == [s.url for s in ITEMS]


def test_stdin_text_is_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(b"Title\n\nSome body."))))
    (article,) = list(read("-", Fields()))
    assert isinstance(article, Article) and article.payload == b"Title\n\nSome body."


def test_expand_folders_globs_and_stdin(tmp_path: Path) -> None:
    for name in ("b.txt", "a.jsonl", "c.warc.gz", "notes.md"):
        (tmp_path / name).write_text("x")
    assert expand([str(tmp_path)]) == [str(tmp_path / n) for n in ("a.jsonl", "b.txt", "c.warc.gz")]
    assert expand([str(tmp_path / "*.txt"), "-"]) == [str(tmp_path / "b.txt"), "-"]
