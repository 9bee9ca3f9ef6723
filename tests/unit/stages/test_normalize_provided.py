"""Metadata provided in headers: parsed strictly, preferred to what normalize guesses, its source recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.models import NormalizedArticle, RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize, provided

SEED = Path(__file__).resolve().parents[3] / "seeds" / "002_4928581245729e2f.txt"  # Reuters, dated byline
RECORD_MS = int(datetime(2024, 5, 1, tzinfo=UTC).timestamp() * 1000)
HEADERS = {"url": "https://www.example.com/world/blinken-shanghai", "published_at": "2024-04-24T11:25:00Z",
           "publisher": "Example Times", "language": "en", "title": "Blinken lands in Shanghai",
           "authors": "Ann Lee; Bo Chan"}


def run(text: str, headers: dict[str, str], ctype: str = "text/plain") -> NormalizedArticle:
    src = RawRef(topic="t", partition=0, offset=0, timestamp_ms=RECORD_MS, content_type=ctype)
    return normalize(RawInput(value=text.encode(), source=src, headers=headers))


@pytest.mark.parametrize(("value", "expected"), [
    ("https://www.Example.com/a?b=1", "https://www.Example.com/a?b=1"), ("ftp://x.org/a", None),
    ("/relative/path", None), ("https://", None), ("https://a.org/with space", None), ("", None)])
def test_url_must_be_absolute_http(value: str, expected: str | None) -> None:
    assert provided.parse_url(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("www.Reuters.com", "reuters.com"), ("bbc.co.uk.", "bbc.co.uk"), ("localhost", None), ("a b.com", None),
    ("example.com:8080", None), ("zeitung.de", "zeitung.de"), ("münchen.de", "münchen.de")])
def test_domains(value: str, expected: str | None) -> None:
    assert provided.parse_domain(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("en", "en"), ("EN-gb", "en"), ("pt_BR", "pt"), ("zh-Hant-TW", "zh"), ("english", None), ("e", None)])
def test_language_tags(value: str, expected: str | None) -> None:
    assert provided.parse_language(value) == expected


def test_times_are_utc_bounded_by_the_record_timestamp() -> None:
    assert provided.parse_time("2024-04-24T11:25:00", RECORD_MS) == datetime(2024, 4, 24, 11, 25, tzinfo=UTC)
    assert provided.parse_time("2024-04-24T13:25:00+02:00", RECORD_MS) == datetime(2024, 4, 24, 11, 25, tzinfo=UTC)
    assert provided.parse_time("2024-05-01T20:00:00Z", RECORD_MS) is not None  # zone slack
    assert provided.parse_time("2024-05-03T00:00:00Z", RECORD_MS) is None  # after the record: not a publication
    assert provided.parse_time("April 24", RECORD_MS) is None
    assert provided.parse_time("1066-10-14", RECORD_MS) is None


def test_headers_win_over_guesses_and_say_so() -> None:
    text = SEED.read_text()
    guessed = run(text, {})
    assert guessed.publisher == "Reuters" and guessed.published_at is not None
    a = run(text, HEADERS)
    assert (a.title, a.publisher, a.authors, a.language) == (
        "Blinken lands in Shanghai", "Example Times", ["Ann Lee", "Bo Chan"], "en")
    assert a.published_at == datetime(2024, 4, 24, 11, 25, tzinfo=UTC)
    assert (a.url, a.source_domain) == (HEADERS["url"], "example.com")
    assert a.metadata_source == {"authors": "header", "language": "header", "published_at": "header",
                                 "publisher": "header", "source_domain": "url", "title": "header", "url": "header"}
    assert a.language_confidence == 1.0
    assert a.body == guessed.body  # headers change metadata, never the text


def test_without_headers_every_field_is_marked_as_guessed_from_text() -> None:
    a = run(SEED.read_text(), {})
    assert set(a.metadata_source.values()) == {"text"}
    assert {"title", "publisher", "published_at", "authors", "language"} <= set(a.metadata_source)
    assert a.url is None and a.source_domain is None


def test_the_replayers_title_line_is_not_body_and_matches_loosely() -> None:
    body = "A long first sentence of the story that tells what happened in the town on Monday."
    a = run(f"Storm  hits the COAST\n\n{body}", {"title": "Storm hits the coast"})
    assert a.title == "Storm hits the coast" and a.body == body


def test_invalid_headers_are_ignored_and_the_guess_stands() -> None:
    a = run(SEED.read_text(), {"published_at": "last Tuesday", "url": "not a url", "language": "english",
                               "source_domain": "-", "title": " "})
    guessed = run(SEED.read_text(), {})
    assert (a.published_at, a.language, a.title) == (guessed.published_at, guessed.language, guessed.title)
    assert a.url is None and a.source_domain is None
    assert a.metadata_source["published_at"] == "text"


def test_last_modified_fills_in_only_when_nothing_states_a_date() -> None:
    body = "A long first sentence of the story that tells what happened in the town on Monday.\n\nMore text here."
    undated = run(body, {"last_modified": "2024-04-20T08:00:00Z"})
    assert undated.published_at == datetime(2024, 4, 20, 8, tzinfo=UTC)
    assert undated.metadata_source["published_at"] == "header"
    dated = run(SEED.read_text(), {"last_modified": "2024-04-30T08:00:00Z"})
    assert dated.published_at == run(SEED.read_text(), {}).published_at


def test_html_guesses_are_marked_html_and_a_stated_domain_is_a_header() -> None:
    page = ("<html><head><title>Storm hits the coast</title></head><body><article><h1>Storm hits the coast</h1>"
            "<p>A long first sentence of the story that tells what happened in the town on Monday.</p>"
            "<p>Another sentence that adds a detail or two about the storm and the damage.</p></article></body></html>")
    a = run(page, {"source_domain": "coast-news.org", "url": "https://mirror.example/a"}, ctype="text/html")
    assert a.metadata_source["title"] == "html"
    assert (a.source_domain, a.metadata_source["source_domain"]) == ("coast-news.org", "header")


def test_same_message_same_record() -> None:
    assert run(SEED.read_text(), HEADERS) == run(SEED.read_text(), HEADERS)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["url", "published_at", "last_modified", "publisher", "source_domain",
                                        "language", "title", "authors", "content-type"]),
                       st.text(max_size=60), max_size=9))
def test_any_header_values_give_a_valid_record(headers: dict[str, str]) -> None:
    try:
        a = run("Headline here\n\n" + "A sentence with enough words to count as the lead of a story. " * 3, headers)
    except RejectError:
        return
    NormalizedArticle.model_validate(a.model_dump())
    assert set(a.metadata_source) <= {"title", "published_at", "publisher", "authors", "language", "url",
                                      "source_domain"}
