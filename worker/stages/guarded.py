"""Run a stage call inside its error boundary and time budget.

The worker's agents and the in-process pipeline both call stages through
here, so "any failure becomes a DLQ record with a reason" holds the same way
in both, and a bug in one article never takes down a batch or a partition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from worker.models import NormalizedArticle, RejectReason, Tags
from worker.stages.deadline import deadline
from worker.stages.errors import RejectError
from worker.stages.tag import Tagger

T = TypeVar("T")
log = logging.getLogger("worker.stages")

#: Exception text kept in a DLQ record's error field.
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class Failure:
    """Why a stage could not handle an article: becomes a DLQ record."""

    stage: str
    reason: RejectReason
    message: str


def guarded(stage: str, seconds: float, call: Callable[[], T]) -> T | Failure:
    """``call()``, or a :class:`Failure` if it rejects, raises or runs past ``seconds``."""
    try:
        with deadline(seconds, stage):
            return call()
    except RejectError as exc:
        return Failure(stage, exc.reason, exc.message)
    except Exception as exc:
        log.exception("stage %s raised", stage)
        return Failure(stage, RejectReason.STAGE_ERROR, f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS])


def tag_guarded(tagger: Tagger, articles: list[NormalizedArticle], seconds: float) -> list[Tags | Failure]:
    """Tag a batch in one call; if the batch fails, tag one by one so only the bad article is rejected."""
    if not articles:
        return []
    batch = guarded("tag", seconds * len(articles), partial(tagger.tag_many, articles))
    if not isinstance(batch, Failure):
        return list(batch)
    return [guarded("tag", seconds, partial(tagger.tag, a)) for a in articles]
