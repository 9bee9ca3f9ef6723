"""All three stages in one plain loop, with no Kafka.

``ingest process`` and the benchmark's in-process ceiling use this; the worker
calls the very same stage objects from its agents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from worker.dlq import rejected
from worker.models import DuplicateRecord, EnrichedArticle, Rejected, Verdict
from worker.settings import Settings
from worker.stages import assemble
from worker.stages.dedupe import VERSION as DEDUPE_VERSION
from worker.stages.dedupe import Deduper, DedupeState, MemoryState, strip_recurring
from worker.stages.guarded import Failure, guarded, tag_guarded
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.stage import article_id_for
from worker.stages.tag import VERSION as TAG_VERSION
from worker.stages.tag import Tagger

Output = EnrichedArticle | DuplicateRecord | Rejected


@dataclass
class Stages:
    """The stage objects one process holds: models load once, state lives here."""

    settings: Settings
    deduper: Deduper
    tagger: Tagger

    @classmethod
    def build(cls, settings: Settings, state: DedupeState | None = None) -> Stages:
        return cls(
            settings=settings,
            deduper=Deduper(state if state is not None else MemoryState(), settings),
            tagger=Tagger.from_settings(settings),
        )


def run(stages: Stages, raws: Iterable[RawInput], batch_size: int = 64) -> Iterator[Output]:
    """Yield one output record per raw input, in input order."""
    batch: list[RawInput] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) >= batch_size:
            yield from _run_batch(stages, batch)
            batch = []
    if batch:
        yield from _run_batch(stages, batch)


def _run_batch(stages: Stages, raws: list[RawInput]) -> list[Output]:
    outputs: list[Output | None] = [None] * len(raws)
    budget = stages.settings.stage_timeout_s
    to_tag = []
    for i, raw in enumerate(raws):
        article = guarded("normalize", budget,
                          partial(normalize, raw, max_bytes=stages.settings.max_payload_bytes))
        if isinstance(article, Failure):
            outputs[i] = reject(raw, article)
            continue
        result = guarded("dedupe", budget, partial(stages.deduper.decide, article))
        if isinstance(result, Failure):
            outputs[i] = reject(raw, result)
        elif result.verdict is Verdict.UNIQUE:
            to_tag.append((i, raw, strip_recurring(article, result.recurring), result))
        else:
            outputs[i] = assemble.duplicate(article, result, {"dedupe": DEDUPE_VERSION})
    tags = tag_guarded(stages.tagger, [a for _, _, a, _ in to_tag], budget)
    for (i, raw, article, result), t in zip(to_tag, tags, strict=True):
        outputs[i] = reject(raw, t) if isinstance(t, Failure) else assemble.enriched(
            article, result, t, {"dedupe": DEDUPE_VERSION, "tag": TAG_VERSION})
    return [o for o in outputs if o is not None]


def reject(raw: RawInput, failure: Failure) -> Rejected:
    return rejected(article_id=article_id_for(raw.source), stage=failure.stage, reason=failure.reason,
                    error=failure.message, source=raw.source, original=raw.value, headers=raw.headers)
