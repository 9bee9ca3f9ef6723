"""Kafka connection options and topic administration shared by the worker and the tools.

Every client (faust, the replayer's producer, the tail consumer, the admin
client) gets its security options from here, so SASL/SSL is configured once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from worker.settings import Settings


def client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client: bootstrap plus security."""
    opts: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        opts["ssl_context"] = ssl_context(settings)
    if settings.security_protocol.startswith("SASL"):
        opts["sasl_mechanism"] = settings.sasl_mechanism or "PLAIN"
        opts["sasl_plain_username"] = settings.sasl_username
        opts["sasl_plain_password"] = settings.sasl_password
    return opts


def ssl_context(settings: Settings) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None)
    if settings.ssl_certfile:
        ctx.load_cert_chain(str(settings.ssl_certfile), str(settings.ssl_keyfile) if settings.ssl_keyfile else None)
    return ctx


def topic_layout(settings: Settings) -> dict[str, int]:
    """Every topic the pipeline uses, with its partition count.

    ``articles.normalized`` has one partition on purpose: it is the dedupe
    stage's serialization point, where "which copy came first" is decided in
    one total order (see README, design).
    """
    n = settings.partitions
    return {
        settings.topic_raw: n,
        settings.topic_normalized: 1,
        settings.topic_deduped: n,
        settings.topic_enriched: n,
        settings.topic_duplicates: n,
        settings.topic_dlq: n,
    }


def topic_config(settings: Settings) -> dict[str, str]:
    """Per-topic configs for every topic the pipeline creates: one size limit everywhere."""
    return {"max.message.bytes": str(settings.max_message_bytes)}


class KafkaUnavailable(RuntimeError):
    """Kafka cannot be used (unreachable, wrong credentials); the message is one line for the user."""


class _ErrorCapture(logging.Handler):
    """Keeps aiokafka's error log lines: they hold the real cause (e.g. SASL auth failure)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def preflight(settings: Settings, timeout: float = 10.0) -> None:
    """Create missing topics; raise :class:`KafkaUnavailable` with the real reason on failure."""
    capture = _ErrorCapture()
    log = logging.getLogger("aiokafka")
    saved = log.level, log.propagate
    log.setLevel(logging.ERROR)
    log.propagate = False  # the cause is reported once, in our own error line
    log.addHandler(capture)
    try:
        await asyncio.wait_for(ensure_topics(settings), timeout)
    except (TimeoutError, KafkaError, OSError) as exc:
        auth = [m for m in capture.messages if "Authentication" in m or "SASL" in m.upper()]
        if auth:
            reason = auth[-1].split(": ", 1)[-1]
            raise KafkaUnavailable(f"Kafka at {settings.bootstrap} refused the credentials: {reason}") from None
        raise KafkaUnavailable(f"cannot reach Kafka at {settings.bootstrap} ({str(exc).strip() or type(exc).__name__})"
                               ) from None
    finally:
        log.removeHandler(capture)
        log.setLevel(saved[0])
        log.propagate = saved[1]


async def ensure_topics(settings: Settings) -> None:
    """Create missing topics with the layout above; existing topics are left alone."""
    admin = AIOKafkaAdminClient(**client_options(settings), request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name, num_partitions=parts, replication_factor=settings.replication_factor,
                     topic_configs=topic_config(settings))
            for name, parts in topic_layout(settings).items()
            if name not in existing
        ]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(wanted)
        # Also when another process created them a moment ago: a fresh topic has no leader for a while.
        await _wait_for_leaders(admin, list(topic_layout(settings)))
    finally:
        await admin.close()


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str], timeout: float = 15.0) -> None:
    """New topics answer NotLeaderForPartition for a moment; wait until every partition has a leader."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        described = await admin.describe_topics(names)
        if all(t["error_code"] == 0 and t["partitions"] and all(p["leader"] >= 0 for p in t["partitions"])
               for t in described):
            return
        await asyncio.sleep(0.1)
