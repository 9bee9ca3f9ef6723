"""Mapping JSON objects and CSV rows to articles: field names, publication times, the raw payload."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.tools.replay import Article, Fields, Malformed
from worker.tools.replay.records import TEXT_HTML, TEXT_PLAIN, from_row, parse_published

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-02-07 10:30:00", "2017-02-07T10:30:00+00:00"),  # news-please: no zone means UTC
    ("2017-02-07", "2017-02-07T00:00:00+00:00"),
    ("2017-02-07T10:30:00+01:00", "2017-02-07T09:30:00+00:00"),
    ("2017-02-07T10:30:00Z", "2017-02-07T10:30:00+00:00"),
    ("2017/2/7", "2017-02-07T00:00:00+00:00"),  # NewsArticles' own layout, through dateparser
    ("Tue, 07 Feb 2017 10:30:00 GMT", "2017-02-07T10:30:00+00:00"),
    (1486463400, "2017-02-07T10:30:00+00:00"),  # epoch seconds
    ("1486463400000", "2017-02-07T10:30:00+00:00"),  # epoch milliseconds
])
def test_publication_times_in_the_layouts_corpora_use(value: object, expected: str) -> None:
    parsed = parse_published(value, now=NOW)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize("value", ["yesterday", "3 days ago", "Feb 7", "2099-01-01", "0", 2017, True, "", "soon",
                                   "1700-01-01"])
def test_relative_partial_future_and_absurd_times_are_refused(value: object) -> None:
    assert parse_published(value, now=NOW) is None


def test_fields_parse_overrides_and_names_a_bad_assignment() -> None:
    f = Fields.parse(["body=text", " published_at = date "])
    assert (f.body, f.published_at, f.title) == ("text", "date", "title")
    for bad in ("body", "bogus=x", "body="):
        with pytest.raises(ValueError, match="--field"):
            Fields.parse([bad])


def test_row_becomes_title_blank_line_body_with_metadata() -> None:
    row = {"title": "  A   title\n", "maintext": "First paragraph.\nSecond.", "date_publish": "2017-02-07 10:30:00",
           "url": "https://x.org/a", "authors": ["Ann Lee", "Bo; Chan", "Ann Lee"], "language": "en", "id": 42}
    article = from_row(row, Fields(), filename="f.jsonl", where="f.jsonl:1")
    assert isinstance(article, Article)
    assert article.payload == b"A title\n\nFirst paragraph.\nSecond."
    assert article.content_type == TEXT_PLAIN
    assert (article.title, article.id, article.url) == ("A title", "42", "https://x.org/a")
    assert article.authors == ("Ann Lee", "Bo, Chan")  # the header separator never appears inside a name


def test_row_without_title_is_the_body_alone_and_an_html_field_is_sent_as_html() -> None:
    plain = from_row({"maintext": "Just a body."}, Fields(), filename="f", where="f:1")
    assert isinstance(plain, Article) and plain.payload == b"Just a body."
    page = from_row({"title": "T", "html": "<html><p>x</p></html>"}, Fields(), filename="f", where="f:1")
    assert isinstance(page, Article) and page.content_type == TEXT_HTML and page.payload.startswith(b"<html>")


def test_row_without_text_is_malformed_and_an_unreadable_date_is_only_noted() -> None:
    assert from_row({"title": "x", "maintext": "   "}, Fields(), filename="f", where="f:3") == Malformed(
        "f:3", "no text (field 'maintext' is missing or empty)")
    article = from_row({"maintext": "Body.", "date_publish": "sometime"}, Fields(), filename="f", where="f:4")
    assert isinstance(article, Article) and article.published_at is None
    assert article.unreadable == ("published_at='sometime'",)


@given(st.dictionaries(st.text(max_size=12), st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                                                      st.lists(st.text(max_size=5), max_size=3)), max_size=8))
def test_any_json_object_gives_an_article_or_a_malformed_never_an_error(row: dict[str, object]) -> None:
    for fields in (Fields(), Fields(body="b", title="t", published_at="d", authors="a", url="u", id="i")):
        item = from_row(row, fields, filename="f", where="f:1")
        assert isinstance(item, Article | Malformed)
