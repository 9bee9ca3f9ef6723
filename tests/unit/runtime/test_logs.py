"""Repeated client errors are rate-limited; our own lines never are."""

import logging

from worker.runtime.logs import RepeatFilter


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def _record(name: str, level: int, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_a_repeated_client_error_passes_once_per_interval_with_a_count():
    clock = Clock()
    f = RepeatFilter(clock)
    passed = []
    for i in range(1000):
        clock.now = i * 0.06  # 60 s of a message every 60 ms
        rec = _record("aiokafka.conn", logging.ERROR, "Unable connect to node with id %s: %s", 1, "refused")
        if f.filter(rec):
            passed.append(rec.getMessage())
    assert 6 <= len(passed) <= 7
    assert "more like this" in passed[1] and "more like this" not in passed[0]


def test_our_lines_and_info_lines_are_never_dropped():
    f = RepeatFilter(Clock())
    assert all(f.filter(_record("worker.agents", logging.ERROR, "rejected")) for _ in range(50))
    assert all(f.filter(_record("aiokafka.consumer", logging.INFO, "joined")) for _ in range(50))
