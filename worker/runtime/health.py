"""Liveness and readiness: what /healthz and /readyz answer, and why.

Liveness is a heartbeat from the processing loops, not "the web server
answers": each agent marks when it starts and finishes a batch, and the worker
is not alive when a batch has been in flight longer than the stall limit, when
an agent has died, or when an infrastructure fault (disk, RocksDB, Kafka) has
lasted longer than the stall limit. An idle worker is alive.

Readiness says "send me work": the consumer has partitions, tables are
recovered, no rebalance is running, the broker answered recently, and no
infrastructure fault is being retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The broker must have answered a metadata request within this many seconds for /readyz to pass.
BROKER_FRESH_S = 15.0


@dataclass
class Health:
    """Everything /healthz and /readyz look at, updated by the agents and the broker probe."""

    app: Any  # the faust app: rebalancing, table recovery, assignment
    stall_after_s: float
    clock: Callable[[], float] = time.monotonic
    _started: dict[str, float] = field(default_factory=dict)
    _last_beat: dict[str, float] = field(default_factory=dict)
    #: stage -> (first seen, message) of an infrastructure fault being retried.
    _faults: dict[str, tuple[float, str]] = field(default_factory=dict)
    _dead: str | None = None
    _broker_seen: float | None = None

    # --- reported by the agents ------------------------------------------------------------------

    def begin(self, stage: str) -> None:
        self._started[stage] = self.clock()

    def end(self, stage: str) -> None:
        self._started.pop(stage, None)
        self._last_beat[stage] = self.clock()
        self._faults.pop(stage, None)

    def fault(self, stage: str, message: str) -> None:
        """An infrastructure fault in ``stage`` is being retried (cleared by the next :meth:`end`)."""
        first = self._faults.get(stage, (self.clock(), ""))[0]
        self._faults[stage] = (first, message)
        self._started.pop(stage, None)

    def dead(self, reason: str) -> None:
        """An agent died: the process is on its way out; answer 503 until it is gone."""
        self._dead = reason

    def broker_answered(self) -> None:
        self._broker_seen = self.clock()

    # --- read by the endpoints --------------------------------------------------------------------

    def liveness(self) -> tuple[bool, dict[str, object]]:
        """(alive, details) for /healthz."""
        now = self.clock()
        stuck = {s: round(now - t, 1) for s, t in self._started.items() if now - t > self.stall_after_s}
        faults = {s: {"seconds": round(now - t, 1), "error": m} for s, (t, m) in self._faults.items()}
        lasting = [s for s, (t, _) in self._faults.items() if now - t > self.stall_after_s]
        details: dict[str, object] = {
            "stuck": stuck,
            "in_flight": sorted(self._started),
            "faults": faults,
            "seconds_since_last_beat": {s: round(now - t, 1) for s, t in self._last_beat.items()},
        }
        if self._dead:
            details["dead"] = self._dead
        return not (stuck or lasting or self._dead), details

    def readiness(self) -> tuple[bool, str]:
        """(ready, why) for /readyz."""
        if self._dead:
            return False, f"agent died: {self._dead}"
        if self._faults:
            stage, (_, message) = next(iter(self._faults.items()))
            return False, f"retrying an infrastructure fault in {stage}: {message}"
        if self._broker_seen is None or self.clock() - self._broker_seen > BROKER_FRESH_S:
            return False, "broker not reachable"
        app = self.app
        if app.rebalancing:
            return False, "rebalancing"
        if app.in_recovery or not app.tables.recovery.completed.is_set():
            return False, "recovering tables"
        try:
            assigned = app.consumer.assignment()
        except Exception:  # the consumer is not up yet
            return False, "consumer not started"
        if not assigned:
            return False, "no partitions assigned"
        return True, f"{len(assigned)} partitions assigned"
