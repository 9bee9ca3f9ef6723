"""structlog set-up: JSON lines in production, readable lines on a terminal.

Lines about one article carry ``article_id`` and ``stage`` as fields, so an
operator can grep or query a single article's path through the worker.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

import structlog


def configure(fmt: str = "auto", level: str = "INFO") -> None:
    """Route structlog and stdlib logging (faust, aiokafka) through one renderer."""
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    ))
    handler.addFilter(RepeatFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


class RepeatFilter(logging.Filter):
    """At most one line per :data:`INTERVAL_S` for a message the Kafka clients keep repeating.

    During a broker outage aiokafka and faust log every failed connection
    attempt (9,131 lines in one minute, measured): the one line that says what
    is wrong drowns. A repeated message (same logger, same format string) passes
    once per interval, and the next one that passes says how many were held back.
    Only warnings and errors of the client libraries are limited; our own lines
    are never dropped.
    """

    INTERVAL_S = 10.0
    LIMITED = ("aiokafka", "kafka", "faust", "mode")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not record.name.startswith(self.LIMITED):
            return True
        key = (record.name, str(record.msg))
        now = self.clock()
        last, held = self._seen.get(key, (float("-inf"), 0))
        if now - last < self.INTERVAL_S:
            self._seen[key] = (last, held + 1)
            return False
        if len(self._seen) > 10_000:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} [{held} more like this in the last {now - last:.0f}s]"
        return True
