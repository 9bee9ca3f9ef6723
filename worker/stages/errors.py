"""The one exception a stage raises to reject an article to the DLQ."""

from __future__ import annotations

from worker.models import RejectReason

#: Characters of an error message kept anywhere (DLQ record, logs): one bad record must not bloat either.
MAX_ERROR_CHARS = 500


class RejectError(Exception):
    """An article the pipeline cannot process: a verdict on the *input*, which goes to the DLQ.

    Stages raise it with a bounded reason; the pipeline's guard also turns any
    unexpected exception from stage code into one (reason ``stage_error``) and
    fills in the stage. Infrastructure failures are never turned into it (see
    :mod:`worker.pipeline.guard`).
    """

    def __init__(self, reason: RejectReason, message: str, stage: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message[:MAX_ERROR_CHARS]
        self.stage = stage
