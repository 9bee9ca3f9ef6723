"""The normalize stage: decode, clean, extract metadata, detect language."""

from __future__ import annotations

from dataclasses import dataclass, field

import xxhash

from worker.models import NormalizedArticle, RawRef
from worker.stages.normalize.decode import decode_bytes
from worker.stages.normalize.language import detect_language
from worker.stages.normalize.text import content_hash, fold, paragraphs

VERSION = "normalize/1"

#: A first line this short and without terminal punctuation is taken as the title.
MAX_TITLE_WORDS = 25


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
    paras = paragraphs(text)
    title = _guess_title(paras)
    body_paras = paras[1:] if title else paras
    body = "\n\n".join(body_paras)
    folded = fold(body)
    language, confidence = detect_language(body)
    return NormalizedArticle(
        article_id=article_id_for(raw.source),
        source=raw.source,
        title=title,
        body=body,
        folded=folded,
        content_hash=content_hash(folded),
        word_count=len(body.split()),
        language=language,
        language_confidence=confidence,
        stage_versions={"normalize": VERSION},
    )


def _guess_title(paras: list[str]) -> str | None:
    if len(paras) < 2:
        return None
    first = paras[0]
    if len(first.split()) <= MAX_TITLE_WORDS and not first.endswith((".", "!", "?", ":", "…")):
        return first
    return None
