"""The one exception a stage raises to reject an article to the DLQ."""

from __future__ import annotations

from worker.models import RejectReason


class RejectError(Exception):
    """Raised by a stage when an article cannot be processed; carries a bounded reason.

    The worker catches it per article and writes a DLQ record, so a bad input
    never stops the agent (cf. arroyo's ``InvalidMessage``).
    """

    def __init__(self, reason: RejectReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
