"""Articles as Kafka messages: stable keys, headers that normalize reads back, the record timestamp rule."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from worker.stages.normalize import provided
from worker.tools.replay import Article, to_message
from worker.tools.replay.messages import key_of, within

DAY = 86_400_000
T = datetime(2024, 4, 24, 9, 15, tzinfo=UTC)


def test_key_is_the_id_then_the_url_then_a_content_hash() -> None:
    base = Article(payload=b"text", content_type="text/plain", filename="f")
    assert key_of(Article(**{**base.__dict__, "id": "7", "url": "https://a.org/x"})) == "7"
    assert key_of(Article(**{**base.__dict__, "url": "https://a.org/x"})) == "https://a.org/x"
    hashed = key_of(base)
    assert hashed.startswith("xxh3-") and hashed == key_of(Article(payload=b"text", content_type="x", filename="g"))
    assert hashed != key_of(Article(payload=b"other", content_type="text/plain", filename="f"))


def test_headers_carry_the_metadata_and_normalize_reads_them_back() -> None:
    article = Article(payload=b"T\n\nBody.", content_type="text/plain", filename="news.jsonl", url="https://www.a.org/x",
                      published_at=T, last_modified=T, publisher="The Daily", language="en-GB", title="T",
                      authors=("Ann Lee", "Bo Chan"))
    msg = to_message(article)
    headers = {k: v.decode() for k, v in msg.headers}
    assert headers["published_at"] == "2024-04-24T09:15:00Z"
    assert headers["filename"] == "news.jsonl" and headers["content-type"] == "text/plain"
    back = provided.from_headers(headers, record_ms=int(T.timestamp() * 1000))
    assert (back.url, back.source_domain, back.published_at, back.last_modified) == (
        "https://www.a.org/x", "a.org", T, T)
    assert (back.publisher, back.language, back.title, back.authors) == ("The Daily", "en", "T", ("Ann Lee", "Bo Chan"))


def test_record_timestamp_is_the_publication_else_the_crawl_time_unless_now_is_asked() -> None:
    crawled = Article(payload=b"<html>", content_type="text/html", filename="c.warc", crawled_at=T, last_modified=T)
    assert to_message(crawled).timestamp_ms == int(T.timestamp() * 1000)
    published = Article(payload=b"x", content_type="text/plain", filename="f", published_at=T,
                        crawled_at=datetime.now(UTC))
    assert to_message(published).timestamp_ms == int(T.timestamp() * 1000)
    assert to_message(published, "now").timestamp_ms is None
    undated = Article(payload=b"x", content_type="text/plain", filename="f", last_modified=T)
    assert to_message(undated).timestamp_ms is None  # Last-Modified is no publication time


def test_only_timestamps_younger_than_the_horizon_are_kept() -> None:
    now = 1_700_000_000_000
    assert within(now - DAY, now, 3.5 * DAY) == now - DAY
    assert within(now - 4 * DAY, now, 3.5 * DAY) is None
    assert within(now + 1000, now, 3.5 * DAY) is None  # never ahead of the clock
    assert within(None, now, 3.5 * DAY) is None


@given(st.text(min_size=1, max_size=80), st.lists(st.text(min_size=1, max_size=30), max_size=4))
def test_any_title_and_authors_survive_the_header_round_trip_or_are_dropped(title: str, authors: list[str]) -> None:
    article = Article(payload=b"x", content_type="text/plain", filename="f", title=" ".join(title.split()) or None,
                      authors=tuple(" ".join(a.replace(";", ",").split()) for a in authors if a.split()))
    headers = {k: v.decode() for k, v in to_message(article).headers}
    back = provided.from_headers(headers, record_ms=0)
    assert back.title in (article.title, None)
    assert set(back.authors) <= set(article.authors)
