"""Metadata the source provides in Kafka headers: parsed, validated, and weighed against normalize's guesses.

A crawler or an archive knows things about an article that normalize can only
guess from its lines: where it was published, when, under which title. The
replayer (or any producer) sends them as headers next to the raw bytes:

=================  ==========================================================
``url``            the article's URL (http or https)
``source_domain``  the site, e.g. ``reuters.com`` (else the URL's host)
``published_at``   ISO 8601; no zone means UTC
``last_modified``  ISO 8601; a crawled page's HTTP ``Last-Modified``
``publisher``      the outlet's name
``language``       a language tag, e.g. ``en`` or ``en-GB``
``title``          the headline
``authors``        names separated by ``"; "``
=================  ==========================================================

Who wins, per field: a valid header beats the guess from the text or the
page, because the source *states* it and normalize only infers it (a dateline
agency is not the outlet that ran the story; a date line may be an update
time). The one exception is ``last_modified``: a server sends the time of the
last edit, or of serving, so it is only a bound on the publication time and is
used only when neither a ``published_at`` header nor the page gives a date.
A header that fails validation is ignored, never fatal: the guess stands, and
``metadata_source`` says which one the record carries.

Pure: the outcome depends only on the headers, the record timestamp and the
text, so a redelivered message yields the same record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from worker.models import MetadataSource
from worker.stages.normalize.meta import Meta

#: Longest header value kept per field (longer ones are not metadata but a mistake).
MAX_TITLE_CHARS = 500
MAX_NAME_CHARS = 200
MAX_URL_CHARS = 4096
MAX_AUTHORS = 20
#: A stated time may run ahead of the record's timestamp by this much (zones, clock skew), not more.
FUTURE_SLACK_MS = 86_400_000
#: Earliest plausible publication year (older values are parse accidents, e.g. epoch 0).
MIN_YEAR = 1800
AUTHOR_SEPARATOR = "; "

_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_][\w-]{0,62}$")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Provided:
    """The header metadata that passed validation (None / empty where absent or invalid)."""

    url: str | None = None
    source_domain: str | None = None
    published_at: datetime | None = None
    last_modified: datetime | None = None
    publisher: str | None = None
    language: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    #: True when ``source_domain`` came from its own header, False when taken from the URL.
    domain_stated: bool = False


@dataclass(frozen=True)
class Chosen:
    """The language to record, and where each metadata field's value came from."""

    language: str | None
    confidence: float
    sources: dict[str, MetadataSource]


def from_headers(headers: Mapping[str, str], record_ms: int) -> Provided:
    """Parse and validate the metadata headers; ``record_ms`` (the Kafka timestamp) bounds the times."""
    url = parse_url(headers.get("url"))
    stated_domain = parse_domain(headers.get("source_domain"))
    return Provided(
        url=url,
        source_domain=stated_domain or domain_of(url),
        domain_stated=stated_domain is not None,
        published_at=parse_time(headers.get("published_at"), record_ms),
        last_modified=parse_time(headers.get("last_modified"), record_ms),
        publisher=_one_line(headers.get("publisher"), MAX_NAME_CHARS),
        language=parse_language(headers.get("language")),
        title=_one_line(headers.get("title"), MAX_TITLE_CHARS),
        authors=parse_authors(headers.get("authors")),
    )


def without_title(lines: list[str], title: str | None) -> list[str]:
    """Drop the first paragraph when it is the provided title (the replayer sends ``title\\n\\nbody``)."""
    if title and lines and _same(lines[0], title):
        return lines[1:]
    return lines


def overlay(given: Provided, meta: Meta, language: str | None, confidence: float,
            guessed_from: MetadataSource) -> Chosen:
    """Put the header values over normalize's guesses in ``meta``; return the language and every field's source.

    ``guessed_from`` names where the guesses came from: ``"html"`` for a page, ``"text"`` for plain text.
    """
    sources: dict[str, MetadataSource] = {}
    for name, stated in (("title", given.title), ("publisher", given.publisher),
                         ("authors", list(given.authors)), ("published_at", given.published_at)):
        if stated:
            setattr(meta, name, stated)
            sources[name] = "header"
        elif getattr(meta, name):
            sources[name] = guessed_from
        elif name == "published_at" and given.last_modified is not None:
            meta.published_at = given.last_modified
            sources[name] = "header"
    if given.language:
        language, confidence = given.language, 1.0
        sources["language"] = "header"
    elif language:
        sources["language"] = guessed_from
    if given.url:
        sources["url"] = "header"
    if given.source_domain:
        sources["source_domain"] = "header" if given.domain_stated else "url"
    return Chosen(language=language, confidence=confidence, sources=dict(sorted(sources.items())))


# --- parsers: one per header kind; each returns None for anything it does not trust ------------------


def parse_time(value: str | None, record_ms: int = 0) -> datetime | None:
    """ISO 8601 in UTC; None when unparseable, before :data:`MIN_YEAR` or after the record's timestamp."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if parsed.year < MIN_YEAR:
        return None
    if record_ms > 0 and parsed.timestamp() * 1000 > record_ms + FUTURE_SLACK_MS:
        return None
    return parsed


def parse_url(value: str | None) -> str | None:
    """An absolute http(s) URL without whitespace, as given."""
    if not value:
        return None
    value = value.strip()
    if len(value) > MAX_URL_CHARS or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def domain_of(url: str | None) -> str | None:
    """The URL's host, lower-cased, without a leading ``www.``."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return parse_domain(host)


def parse_domain(value: str | None) -> str | None:
    """A host name (lower-cased, no ``www.``, no port); None for anything else."""
    if not value:
        return None
    host = value.strip().lower().rstrip(".").removeprefix("www.")
    return host if _DOMAIN.match(host) else None


def parse_language(value: str | None) -> str | None:
    """The primary subtag of a language tag (``en-GB`` -> ``en``)."""
    m = _LANGUAGE.match((value or "").strip().lower())
    return m.group(1) if m else None


def parse_authors(value: str | None) -> tuple[str, ...]:
    """Names from a ``"; "``-separated list: trimmed, distinct, each a plausible name."""
    out: list[str] = []
    for part in (value or "").split(";"):
        name = _one_line(part, MAX_NAME_CHARS)
        if name and name not in out:
            out.append(name)
    return tuple(out[:MAX_AUTHORS])


def _one_line(value: str | None, limit: int) -> str | None:
    """Whitespace collapsed; None when empty, too long, or without a letter."""
    text = " ".join((value or "").split())
    return text if text and len(text) <= limit and _LETTER.search(text) else None


def _same(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()
