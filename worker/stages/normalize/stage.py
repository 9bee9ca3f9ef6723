"""The normalize stage: decode, extract (HTML), clean, take metadata, detect language.

Pure and per-article: no state, no I/O. Plain text and HTML share one cleaning
path (:mod:`clean`), so a teaser is removed the same way whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xxhash

from worker.models import NormalizedArticle, RawRef, RejectReason, Removal
from worker.stages.errors import RejectError
from worker.stages.normalize import html, junk, provided
from worker.stages.normalize.clean import EXCERPT, clean
from worker.stages.normalize.dates import parse_date
from worker.stages.normalize.decode import MAX_TEXT_CHARS, decode_bytes, repair
from worker.stages.normalize.language import detect_language
from worker.stages.normalize.meta import Meta
from worker.stages.normalize.text import content_hash, fold, paragraphs

VERSION = "normalize/4"
#: A token longer than this is no word of any language ("xxxx..." a million times over is not an article).
MAX_WORD_CHARS = 50
#: Lines looked at for a word (an article has one in its first lines).
MAX_WORD_PROBE_LINES = 20
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
    """Normalize one raw article; raises :class:`~worker.stages.errors.RejectError`.

    Metadata the source provided in headers (:mod:`provided`) wins over what
    the text suggests; ``metadata_source`` says, per field, which one was used.
    """
    given = provided.from_headers(raw.headers, raw.source.timestamp_ms)
    text, page, truncated = _article_text(raw, max_bytes)
    lines = provided.without_title(paragraphs(text), given.title)
    body_lines, m, removed = _clean_until_stable(lines, page, given.title)
    if not body_lines:
        raise RejectError(RejectReason.EMPTY, "no article text left after removing page furniture")
    if not any(len(w) <= MAX_WORD_CHARS for line in body_lines[:MAX_WORD_PROBE_LINES] for w in junk.words(line)):
        raise RejectError(RejectReason.EMPTY, f"no words in the text (no token of at most {MAX_WORD_CHARS} letters)")
    if truncated:
        m.flags.append("truncated")
    body = "\n\n".join(body_lines)
    folded = fold(body)
    chosen = provided.overlay(given, m, *detect_language(body), "html" if page is not None else "text")
    return NormalizedArticle(
        article_id=article_id_for(raw.source),
        source=raw.source,
        body=body,
        folded=folded,
        content_hash=content_hash(folded),
        word_count=len(body.split()),
        language=chosen.language,
        language_confidence=chosen.confidence,
        url=given.url,
        source_domain=given.source_domain,
        metadata_source=chosen.sources,
        removed=removed,
        stage_versions={"normalize": VERSION},
        **m.record_fields(),
    )


def _article_text(raw: RawInput, max_bytes: int) -> tuple[str, html.Extracted | None, bool]:
    """The article's text (extracted from HTML pages), the page's metadata, and whether the input was cut."""
    text = decode_bytes(raw.value, max_bytes, max_chars=html.MAX_HTML_CHARS)
    ctype = raw.source.content_type or raw.headers.get("content-type")
    page: html.Extracted | None = None
    if html.is_html(text, ctype):
        truncated = len(text) >= html.MAX_HTML_CHARS
        page = html.extract(text)
        text = page.text
    else:
        truncated = len(text) > MAX_TEXT_CHARS
        text = text[:MAX_TEXT_CHARS]
    return repair(text), page, truncated


def _clean_until_stable(lines: list[str], page: html.Extracted | None,
                        given_title: str | None) -> tuple[list[str], Meta, list[Removal]]:
    """Clean, then re-clean what is left until nothing changes: the body lines, the metadata, every removal.

    Idempotence: cleaning can expose a new first or last line (a title, a footer) that the next run
    would take. Unchanged input needs no second pass. Plain text is re-cleaned as a new input would be
    (its title known only when a header gave it): a line a fresh run would take as a title leaves the
    body here too, listed as ``header``. HTML keeps the page's title, so its text's first lines stay.
    """
    trusted = page is not None
    cleaned = clean(lines, title=given_title or (page.title if page else None), trusted=trusted)
    removed = list(cleaned.removed)
    m = cleaned.meta
    for _ in range(MAX_PASSES):
        if cleaned.body == lines:
            break
        lines = cleaned.body
        cleaned = clean(lines, title=m.title if trusted else given_title, trusted=trusted, first=False)
        if not trusted and given_title is None and cleaned.meta.title is not None and m.title is not None:
            removed.append(Removal(reason="header", text=cleaned.meta.title[:EXCERPT]))
        removed += cleaned.removed
        _merge(m, cleaned.meta)
    if page is not None:
        if page.author and not m.authors:
            m.authors = [a.strip() for a in page.author.split(";") if a.strip()]
        m.publisher = m.publisher or page.sitename
        if page.date and m.published_at is None:
            m.published_at = parse_date(page.date)
    return cleaned.body, m, removed


def _merge(into: Meta, later: Meta) -> None:
    """Keep what the first pass found; add what later passes found on their own."""
    into.title = into.title or later.title
    into.authors = into.authors or later.authors
    into.publisher = into.publisher or later.publisher
    into.dateline = into.dateline or later.dateline
    into.published_at = into.published_at or later.published_at
    into.trailer_agency = into.trailer_agency or later.trailer_agency
    into.credits += [c for c in later.credits if c not in into.credits]
    into.flags += [f for f in later.flags if f not in into.flags]
