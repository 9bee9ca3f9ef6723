"""The normalize stage: decode, extract (HTML), clean, take metadata, detect language.

Pure and per-article: no state, no I/O. Plain text and HTML share one cleaning
path (:mod:`clean`), so a teaser is removed the same way whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xxhash

from worker.models import NormalizedArticle, RawRef
from worker.stages.normalize import html
from worker.stages.normalize.clean import clean
from worker.stages.normalize.decode import decode_bytes
from worker.stages.normalize.language import detect_language
from worker.stages.normalize.meta import parse_date
from worker.stages.normalize.text import content_hash, fold, paragraphs

VERSION = "normalize/2"


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
    text = decode_bytes(raw.value, max_bytes)
    ctype = raw.source.content_type or raw.headers.get("content-type")
    page: html.Extracted | None = None
    if html.is_html(text, ctype):
        page = html.extract(text)
        text = page.text
    cleaned = clean(paragraphs(text), title=_one_line(page.title) if page else None)
    m = cleaned.meta
    if page is not None:
        if page.author and not m.authors:
            m.authors = [a.strip() for a in page.author.split(";") if a.strip()]
        m.publisher = m.publisher or page.sitename
        if page.date and m.published_at is None:
            m.published_at = parse_date(page.date)
    body = "\n\n".join(cleaned.body)
    folded = fold(body)
    language, confidence = detect_language(body)
    return NormalizedArticle(
        article_id=article_id_for(raw.source),
        source=raw.source,
        title=m.title,
        body=body,
        folded=folded,
        content_hash=content_hash(folded),
        word_count=len(body.split()),
        language=language,
        language_confidence=confidence,
        authors=m.authors,
        publisher=m.publisher,
        dateline=m.dateline,
        published_at=m.published_at,
        credits=m.credits,
        flags=m.flags,
        removed=cleaned.removed,
        stage_versions={"normalize": VERSION},
    )


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None
