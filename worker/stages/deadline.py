"""A per-article time budget for synchronous stage code.

Stage code is CPU-bound and runs on the event loop's thread, so an asyncio
timeout can't interrupt it. ``SIGALRM`` can: the interval timer fires, the
handler raises :class:`RejectError` (reason ``timeout``) inside the running
stage, and the article goes to the DLQ instead of hanging its partition.
Linear-time code and size caps are the first defence; this is the backstop.

Only the main thread receives signals. Elsewhere (or on platforms without
``setitimer``) the budget is not enforced and the code simply runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from worker.models import RejectReason
from worker.stages.errors import RejectError


def _enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise ``RejectError(TIMEOUT)`` if the block runs longer than ``seconds``."""
    if seconds <= 0 or not _enforceable():
        yield
        return

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise RejectError(RejectReason.TIMEOUT, f"{what} took longer than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
