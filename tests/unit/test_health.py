from worker.health import Heartbeat


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_idle_worker_is_healthy_however_long_it_waits():
    clock = Clock()
    hb = Heartbeat(stall_after_s=10, clock=clock)
    hb.begin("tag")
    hb.end("tag")
    clock.now += 3600
    assert hb.status()[0] is True


def test_batch_in_flight_past_the_limit_is_unhealthy_until_it_finishes():
    clock = Clock()
    hb = Heartbeat(stall_after_s=10, clock=clock)
    hb.begin("dedupe")
    clock.now += 5
    assert hb.status()[0] is True
    clock.now += 6
    healthy, details = hb.status()
    assert healthy is False
    assert "dedupe" in details["stuck"]
    hb.end("dedupe")
    assert hb.status()[0] is True
