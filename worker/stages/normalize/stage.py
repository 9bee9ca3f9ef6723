"""The normalize stage: decode, extract (HTML), clean, take metadata, detect language.

Pure and per-article: no state, no I/O. Plain text and HTML share one cleaning
path (:mod:`clean`), so a teaser is removed the same way whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xxhash

from worker.models import NormalizedArticle, RawRef
from worker.stages.normalize import html, provided
from worker.stages.normalize.clean import clean
from worker.stages.normalize.decode import MAX_TEXT_CHARS, decode_bytes, repair
from worker.stages.normalize.language import detect_language
from worker.stages.normalize.meta import Meta, parse_date
from worker.stages.normalize.text import content_hash, fold, paragraphs

VERSION = "normalize/3"
#: Upper bound on re-cleaning passes (each pass only removes lines, so it converges fast).
MAX_PASSES = 4


@dataclass(frozen=True)
class RawInput:
    """One raw message as the stage sees it: bytes plus where they came from."""

    value: bytes
    source: RawRef
    headers: dict[str, str] = field(default_factory=dict)


def article_id_for(source: RawRef) -> str:
    """Stable id from the raw coordinates: a redelivery gets the same id, a re-sent copy a new one."""
    return xxhash.xxh3_64_hexdigest(f"{source.topic}/{source.partition}/{source.offset}".encode())


def normalize(raw: RawInput, *, max_bytes: int = 5 * 1024 * 1024) -> NormalizedArticle:
    """Normalize one raw article; raises :class:`~worker.stages.errors.RejectError`."""
    text = decode_bytes(raw.value, max_bytes, max_chars=html.MAX_HTML_CHARS)
    ctype = raw.source.content_type or raw.headers.get("content-type")
    given = provided.from_headers(raw.headers, raw.source.timestamp_ms)
    page: html.Extracted | None = None
    if html.is_html(text, ctype):
        truncated = len(text) >= html.MAX_HTML_CHARS
        page = html.extract(text)
        text = page.text
    else:
        truncated = len(text) > MAX_TEXT_CHARS
        text = text[:MAX_TEXT_CHARS]
    text = repair(text)
    lines = provided.without_title(paragraphs(text), given.title)
    cleaned = clean(lines, title=given.title or (_one_line(page.title) if page else None))
    removed = list(cleaned.removed)
    m = cleaned.meta
    # Idempotence: cleaning can expose a new first or last line (a title, a footer) that the next run
    # would take. Re-clean until nothing changes; unchanged input needs no second pass.
    for _ in range(MAX_PASSES):
        if cleaned.body == lines:
            break
        lines = cleaned.body
        cleaned = clean(lines, title=m.title)
        removed += cleaned.removed
        _merge(m, cleaned.meta)
    if page is not None:
        if page.author and not m.authors:
            m.authors = [a.strip() for a in page.author.split(";") if a.strip()]
        m.publisher = m.publisher or page.sitename
        if page.date and m.published_at is None:
            m.published_at = parse_date(page.date)
    if truncated:
        m.flags.append("truncated")
    body = "\n\n".join(cleaned.body)
    folded = fold(body)
    language, confidence = detect_language(body)
    chosen = provided.overlay(given, m, language, confidence, "html" if page is not None else "text")
    return NormalizedArticle(
        article_id=article_id_for(raw.source),
        source=raw.source,
        title=m.title,
        body=body,
        folded=folded,
        content_hash=content_hash(folded),
        word_count=len(body.split()),
        language=chosen.language,
        language_confidence=chosen.confidence,
        authors=m.authors,
        publisher=m.publisher,
        dateline=m.dateline,
        published_at=m.published_at,
        url=given.url,
        source_domain=given.source_domain,
        metadata_source=chosen.sources,
        credits=m.credits,
        flags=m.flags,
        removed=removed,
        stage_versions={"normalize": VERSION},
    )


def _merge(into: Meta, later: Meta) -> None:
    """Keep what the first pass found; add what later passes found on their own."""
    into.authors = into.authors or later.authors
    into.publisher = into.publisher or later.publisher
    into.dateline = into.dateline or later.dateline
    into.published_at = into.published_at or later.published_at
    into.credits += [c for c in later.credits if c not in into.credits]
    into.flags += [f for f in later.flags if f not in into.flags]


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None
