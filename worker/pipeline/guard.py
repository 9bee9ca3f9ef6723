"""Every stage call runs here: a time budget, and the line between bad input and a broken worker.

Any exception from stage code is a verdict on the article (it goes to the DLQ
with its reason), except infrastructure failures: a full disk, a RocksDB I/O
error, Kafka, permissions, memory. Those say nothing about the input, so they
propagate as :class:`InfrastructureError`; the runtime pauses, retries and
reports itself unready, and the article is processed once the fault is gone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TypeVar

from worker.models import RejectReason
from worker.stages.deadline import deadline
from worker.stages.errors import RejectError

T = TypeVar("T")
log = logging.getLogger("worker.pipeline")

#: RocksDB (rocksdict) raises plain ``Exception`` whose message starts with its status code.
_ROCKSDB_FAULT = re.compile(r"^(?:IO error|Corruption|Resource busy|Busy|Timed out|TryAgain|Aborted|Incomplete|"
                            r"ShutdownInProgress|Not implemented|Invalid argument: .*(?:lock|LOCK))")


class InfrastructureError(RuntimeError):
    """The worker, not the article, is at fault: retry later, never reject."""


def is_infrastructure(exc: BaseException) -> bool:
    """Disk, memory, storage engine or Kafka trouble (as opposed to a bug or bad input)."""
    if isinstance(exc, InfrastructureError | OSError | MemoryError):
        return True
    module = type(exc).__module__ or ""
    if module.startswith(("aiokafka", "kafka", "rocksdict")):
        return True
    return type(exc) is Exception and bool(_ROCKSDB_FAULT.match(str(exc)))


def guarded(stage: str, seconds: float, call: Callable[[], T], hard_after: float = 0.0) -> T | RejectError:
    """``call()``, or the :class:`RejectError` that says why the article is rejected.

    Raises :class:`InfrastructureError` for faults that are not the article's.
    ``hard_after``: see :func:`worker.stages.deadline.deadline`.
    """
    try:
        with deadline(seconds, stage, hard_after):
            return call()
    except RejectError as exc:
        exc.stage = exc.stage or stage
        return exc
    except Exception as exc:
        if is_infrastructure(exc):
            raise InfrastructureError(f"{stage}: {type(exc).__name__}: {exc}") from exc
        log.exception("stage %s raised", stage)
        return RejectError(RejectReason.STAGE_ERROR, f"{type(exc).__name__}: {exc}", stage)
