"""Liveness and readiness, kept apart from /metrics.

Liveness is a heartbeat from the processing loops, not "the web server
answers": each stage marks when it starts and finishes a batch, and the worker
is unhealthy when a batch has been in flight longer than the stall limit. An
idle worker (nothing in flight) is healthy. Readiness is decided by the app
(partitions assigned, tables recovered) and fed in as a callable.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Heartbeat:
    """Tracks in-flight work per stage to tell a stuck loop from an idle one."""

    stall_after_s: float
    clock: Callable[[], float] = time.monotonic
    _started: dict[str, float] = field(default_factory=dict)
    _last_beat: dict[str, float] = field(default_factory=dict)

    def begin(self, stage: str) -> None:
        self._started[stage] = self.clock()

    def end(self, stage: str) -> None:
        self._started.pop(stage, None)
        self._last_beat[stage] = self.clock()

    def stuck_stages(self) -> dict[str, float]:
        """Stages whose current batch has run longer than the limit, with its age in seconds."""
        now = self.clock()
        return {s: now - t for s, t in self._started.items() if now - t > self.stall_after_s}

    def status(self) -> tuple[bool, dict[str, object]]:
        """(healthy, details) for the /healthz body."""
        stuck = self.stuck_stages()
        now = self.clock()
        details: dict[str, object] = {
            "stuck": {s: round(a, 1) for s, a in stuck.items()},
            "in_flight": sorted(self._started),
            "seconds_since_last_beat": {s: round(now - t, 1) for s, t in self._last_beat.items()},
        }
        return not stuck, details
