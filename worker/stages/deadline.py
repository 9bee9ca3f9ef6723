"""A per-article time budget for synchronous stage code, and a hard stop for code that ignores it.

Stage code is CPU-bound and runs on the event loop's thread, so an asyncio
timeout cannot interrupt it. ``SIGALRM`` can: the interval timer fires, the
handler raises :class:`RejectError` (reason ``timeout``) inside the running
stage, and the article goes to the DLQ instead of hanging its partition.
Linear-time code and size caps are the first defence; this is the backstop.

Code stuck inside a C call that holds the GIL never returns to Python, so no
Python handler can run. For that, ``hard_after`` arms ``ITIMER_VIRTUAL`` with
``SIGVTALRM`` left at its default action: after that much CPU time the kernel
ends the process. The orchestrator restarts it and the runtime counts the
article that was in flight as a strike toward ``poison``.

The handlers are installed once per process (installing a handler costs ~30
µs, arming the timers ~3 µs), and only the main thread can use them; elsewhere
the budget is not enforced and the code simply runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from worker.models import RejectReason
from worker.stages.errors import RejectError

#: (what, seconds) of the deadline currently armed, or None.
_armed: tuple[str, float] | None = None


def _expired(signum: int, frame: FrameType | None) -> None:
    if _armed is not None:
        what, seconds = _armed
        raise RejectError(RejectReason.TIMEOUT, f"{what} took longer than {seconds:g}s")


def _enforceable() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) is not _expired:  # first use, or someone else took the signal
        signal.signal(signal.SIGALRM, _expired)
        signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    return True


@contextmanager
def deadline(seconds: float, what: str, hard_after: float = 0.0) -> Iterator[None]:
    """Raise ``RejectError(TIMEOUT)`` if the block runs longer than ``seconds``.

    With ``hard_after`` > 0, the process is ended by the kernel once the block has
    used that much CPU time without returning (see the module docstring).
    """
    global _armed
    if seconds <= 0 or not _enforceable():
        yield
        return
    outer = _armed
    _armed = (what, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    if hard_after > 0:
        signal.setitimer(signal.ITIMER_VIRTUAL, hard_after)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if hard_after > 0:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        _armed = outer
