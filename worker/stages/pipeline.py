"""All three stages in one plain loop, with no Kafka.

``ingest process`` and the benchmark's in-process ceiling use this; the worker
calls the very same stage objects from its agents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from worker.dlq import rejected
from worker.models import DuplicateRecord, EnrichedArticle, Rejected, RejectReason, Verdict
from worker.settings import Settings
from worker.stages import assemble
from worker.stages.dedupe import VERSION as DEDUPE_VERSION
from worker.stages.dedupe import Deduper, DedupeState, MemoryState
from worker.stages.errors import RejectError
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
    """Same error boundaries as the worker's agents: any stage failure becomes a reject, never a crash."""
    outputs: list[Output | None] = [None] * len(raws)
    to_tag = []
    for i, raw in enumerate(raws):
        stage = "normalize"
        try:
            article = normalize(raw, max_bytes=stages.settings.max_payload_bytes)
            stage = "dedupe"
            result = stages.deduper.decide(article)
        except Exception as exc:
            outputs[i] = _reject(raw, stage, exc)
            continue
        if result.verdict is Verdict.UNIQUE:
            to_tag.append((i, raw, article, result))
        else:
            outputs[i] = assemble.duplicate(article, result, {"dedupe": DEDUPE_VERSION})
    try:
        tags = stages.tagger.tag_many([a for _, _, a, _ in to_tag])
    except Exception:  # one bad article must not reject the batch: retry one by one
        tags = None
    for n, (i, raw, article, result) in enumerate(to_tag):
        try:
            t = tags[n] if tags is not None else stages.tagger.tag(article)
        except Exception as exc:
            outputs[i] = _reject(raw, "tag", exc)
            continue
        outputs[i] = assemble.enriched(article, result, t, {"dedupe": DEDUPE_VERSION, "tag": TAG_VERSION})
    return [o for o in outputs if o is not None]


def _reject(raw: RawInput, stage: str, exc: Exception) -> Rejected:
    if isinstance(exc, RejectError):
        reason, message = exc.reason, exc.message
    else:
        reason, message = RejectReason.STAGE_ERROR, repr(exc)
    return rejected(article_id=article_id_for(raw.source), stage=stage, reason=reason, error=message,
                    source=raw.source, original=raw.value, headers=raw.headers)
