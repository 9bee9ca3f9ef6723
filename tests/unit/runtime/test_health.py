"""/healthz and /readyz decisions, with a fake clock and a fake faust app."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from worker.runtime.health import BROKER_FRESH_S, Health


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeApp:
    rebalancing: bool = False
    in_recovery: bool = False
    assigned: set[Any] = field(default_factory=lambda: {("raw", 0)})

    @property
    def tables(self) -> Any:
        return SimpleNamespace(recovery=SimpleNamespace(completed=SimpleNamespace(is_set=lambda: True)))

    @property
    def consumer(self) -> Any:
        return SimpleNamespace(assignment=lambda: self.assigned)


def _health(clock: Clock, app: FakeApp | None = None) -> Health:
    h = Health(app or FakeApp(), stall_after_s=10, clock=clock)
    h.broker_answered()
    return h


def test_idle_worker_is_alive_however_long_it_waits():
    clock = Clock()
    h = _health(clock)
    h.begin("tag")
    h.end("tag")
    clock.now += 3600
    assert h.liveness()[0] is True


def test_batch_in_flight_past_the_limit_is_not_alive_until_it_finishes():
    clock = Clock()
    h = _health(clock)
    h.begin("dedupe")
    clock.now += 5
    assert h.liveness()[0] is True
    clock.now += 6
    alive, details = h.liveness()
    assert alive is False and "dedupe" in details["stuck"]
    h.end("dedupe")
    assert h.liveness()[0] is True


def test_an_infrastructure_fault_makes_the_worker_unready_at_once_and_dead_when_it_lasts():
    clock = Clock()
    h = _health(clock)
    h.fault("dedupe", "OSError: No space left on device")
    ready, why = h.readiness()
    assert not ready and "No space left" in why
    assert h.liveness()[0] is True
    clock.now += 11
    h.fault("dedupe", "OSError: No space left on device")  # still failing: the first time counts
    assert h.liveness()[0] is False
    h.end("dedupe")  # the retry went through
    assert h.readiness()[0] is True and h.liveness()[0] is True


def test_a_dead_agent_fails_both_probes():
    h = _health(Clock())
    h.dead("normalize: RuntimeError: boom")
    assert h.liveness()[0] is False
    assert h.readiness() == (False, "agent died: normalize: RuntimeError: boom")


def test_not_ready_without_a_recent_broker_answer_or_partitions():
    clock = Clock()
    app = FakeApp()
    h = _health(clock, app)
    assert h.readiness()[0] is True
    clock.now += BROKER_FRESH_S + 1
    assert h.readiness() == (False, "broker not reachable")
    h.broker_answered()
    app.assigned = set()
    assert h.readiness() == (False, "no partitions assigned")
    app.assigned, app.rebalancing = {("raw", 0)}, True
    assert h.readiness() == (False, "rebalancing")
