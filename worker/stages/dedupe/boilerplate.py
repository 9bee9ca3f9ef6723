"""Cross-article evidence for boilerplate: edge paragraphs that recur across other stories.

normalize judges each line by its shape and vocabulary; what no single article
can show is that "The Chronicle has covered the valley since 1887." closes
every article of one outlet. Many articles show it, so this runs in dedupe,
the one place that sees every article in one order and keeps state.

A candidate is a paragraph at the edge of the body (the first
:data:`HEAD_PARAGRAPHS` or the last :data:`TAIL_PARAGRAPHS`, at most
:data:`MAX_WORDS` words), keyed by the hash of its folded text. It is
boilerplate when it was already seen in at least ``min_stories`` *other
stories* of the same publisher (the extracted publisher; articles without one
share a pool). Counting stories, not articles, keeps a quote that five outlets
repeat about one event. The decision is stored with the article's record, so a
redelivered article loses the very same paragraphs.
"""

from __future__ import annotations

import xxhash

from worker.models import NormalizedArticle, Removal
from worker.stages.normalize.text import fold

HEAD_PARAGRAPHS = 2
TAIL_PARAGRAPHS = 4
MAX_WORDS = 40
#: Removal reason code in the enriched record.
REASON = "recurring"


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n") if body else []


def candidates(body: str) -> list[tuple[int, str]]:
    """(paragraph index, hash) of the edge paragraphs short enough to be furniture.

    The article's first paragraph never counts: it is the lead, however short.
    """
    paras = paragraphs(body)
    edge = sorted({*range(1, min(HEAD_PARAGRAPHS + 1, len(paras))), *range(max(1, len(paras) - TAIL_PARAGRAPHS),
                                                                           len(paras))})
    out = []
    for i in edge:
        folded = fold(paras[i])
        if folded and len(folded.split()) <= MAX_WORDS:
            out.append((i, xxhash.xxh3_64_hexdigest(folded.encode())[:12]))
    return out


def scope(article: NormalizedArticle) -> str:
    """Whose boilerplate: the publisher (lower-cased, no separators), or '*' when unknown."""
    name = " ".join((article.publisher or "").lower().replace("|", " ").replace(":", " ").split())
    return name or "*"


def strip(article: NormalizedArticle, recurring: list[int]) -> NormalizedArticle:
    """The article without the recurring paragraphs, each listed in ``removed`` with reason ``recurring``."""
    if not recurring:
        return article
    drop = set(recurring)
    paras = paragraphs(article.body)
    kept = [p for i, p in enumerate(paras) if i not in drop]
    removed = [*article.removed, *(Removal(reason=REASON, text=paras[i][:200]) for i in sorted(drop)
                                  if i < len(paras))]
    body = "\n\n".join(kept)
    return article.model_copy(update={"body": body, "word_count": len(body.split()), "removed": removed})
