"""What a reader yields: an article with the metadata its source states, or a malformed record and why.

JSON lines and CSV rows are mapped to articles through :class:`Fields` (which
column holds what). The defaults are news-please's names, the crawler whose
JSON output most news corpora are published in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from worker.stages.normalize.provided import AUTHOR_SEPARATOR, FUTURE_SLACK_MS, MIN_YEAR, parse_time

TEXT_PLAIN = "text/plain; charset=utf-8"
TEXT_HTML = "text/html; charset=utf-8"
#: dateparser may only read absolute dates with day, month and year ("yesterday" means nothing in an archive).
_DATEPARSER_SETTINGS = {"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True,
                        "PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
_NUMBER = re.compile(r"^\d{9,13}(?:\.\d+)?$")
#: Epoch values above this are milliseconds, below it seconds (1e11 s is the year 5138).
_MS_ABOVE = 1e11


@dataclass(frozen=True)
class Article:
    """One article as its source gives it: the bytes to send and the metadata the source states."""

    payload: bytes
    content_type: str
    filename: str
    where: str = ""  # e.g. "news.jsonl:17", for messages
    id: str | None = None
    url: str | None = None
    source_domain: str | None = None
    published_at: datetime | None = None
    last_modified: datetime | None = None
    crawled_at: datetime | None = None
    publisher: str | None = None
    language: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    #: Fields the source had but whose values could not be read (e.g. an unparseable date).
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Malformed:
    """A line or record that is not an article: where it is and why, in words for one line."""

    where: str
    reason: str


@dataclass(frozen=True)
class Fields:
    """Which source field (JSON key or CSV column) holds each part of an article."""

    id: str = "id"
    title: str = "title"
    body: str = "maintext"
    html: str = "html"
    published_at: str = "date_publish"
    url: str = "url"
    source_domain: str = "source_domain"
    language: str = "language"
    authors: str = "authors"
    publisher: str = "publisher"

    @classmethod
    def parse(cls, assignments: list[str]) -> Fields:
        """From ``["body=text", "published_at=date"]``; raises ValueError naming the bad one."""
        names = {f.name for f in fields(cls)}
        changes: dict[str, str] = {}
        for item in assignments:
            target, sep, source = item.partition("=")
            target, source = target.strip(), source.strip()
            if not sep or not source or target not in names:
                allowed = ", ".join(sorted(names))
                raise ValueError(f"--field {item!r}: expected TARGET=NAME with TARGET one of {allowed}")
            changes[target] = source
        return cls(**changes)


def from_row(row: Mapping[str, Any], f: Fields, *, filename: str, where: str) -> Article | Malformed:
    """The article a JSON object or CSV row describes, or why it is not one."""
    html = _text(row.get(f.html))
    body = _text(row.get(f.body))
    if not (html or body or "").strip():
        return Malformed(where, f"no text (field {f.body!r} is missing or empty)")
    title = _one_line(row.get(f.title))
    unreadable = []
    published = None
    if row.get(f.published_at) not in (None, ""):
        published = parse_published(row[f.published_at])
        if published is None:
            unreadable.append(f"published_at={str(row[f.published_at])[:40]!r}")
    if html:
        payload, ctype = html.encode("utf-8"), TEXT_HTML
    else:
        payload, ctype = (f"{title}\n\n{body}" if title else str(body)).encode("utf-8"), TEXT_PLAIN
    return Article(payload=payload, content_type=ctype, filename=filename, where=where,
                   id=_one_line(row.get(f.id)), url=_one_line(row.get(f.url)),
                   source_domain=_one_line(row.get(f.source_domain)), published_at=published,
                   publisher=_one_line(row.get(f.publisher)), language=_one_line(row.get(f.language)), title=title,
                   authors=_names(row.get(f.authors)), unreadable=tuple(unreadable))


def parse_published(value: Any, now: datetime | None = None) -> datetime | None:
    """A publication time from what corpora put there: ISO 8601, epoch seconds or ms, or an absolute date.

    No zone means UTC. Values before :data:`MIN_YEAR` or after ``now`` (plus a day) are refused.
    """
    parsed: datetime | None
    text = str(value).strip()
    if isinstance(value, bool):
        return None
    if _NUMBER.match(text):
        number = float(text)
        try:
            parsed = datetime.fromtimestamp(number / 1000 if number > _MS_ABOVE else number, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        parsed = parse_time(text) or _dateparser(text)
    if parsed is None or parsed.year < MIN_YEAR:
        return None
    limit = (now or datetime.now(UTC)).timestamp() * 1000 + FUTURE_SLACK_MS
    return parsed if parsed.timestamp() * 1000 <= limit else None


def _dateparser(text: str) -> datetime | None:
    import dateparser  # lazy: only for dates that are not ISO 8601 (about a millisecond each)

    parsed = dateparser.parse(text[:80], languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.astimezone(UTC) if parsed is not None else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _one_line(value: Any) -> str | None:
    """A scalar as one line of text, or None."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def _names(value: Any) -> tuple[str, ...]:
    """Authors from a JSON list or a ``;``-separated string ("Doe, Jane" stays one name)."""
    items = value if isinstance(value, list) else value.split(";") if isinstance(value, str) else []
    out = []
    for item in items:
        name = _one_line(item)
        if name:
            name = name.replace(AUTHOR_SEPARATOR.strip(), ",")  # the header joins names with "; "
            if name not in out:
                out.append(name)
    return tuple(out)

