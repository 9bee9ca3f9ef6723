"""``ingest process``: the pipeline over local inputs, with no Kafka: the worker's three hops, chained.

It reads the same inputs as ``ingest replay`` (the same readers) and turns each
article into the raw message the replayer would send: same key, bytes, headers
and timestamp rule. So a file processed here gives the records the worker gives
for it, up to the raw coordinates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from worker.models import RawRef
from worker.pipeline import Output, Pipeline
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.tools.replay import Message, Source, Tally, Timestamps, messages_from_files
from worker.tools.replay.messages import within

LOCAL_TOPIC = "local"


def raw_input(msg: Message, offset: int, now_ms: int, horizon_ms: float) -> RawInput:
    """The message as the worker would read it at ``offset`` of a one-partition topic."""
    headers = {k: v.decode("utf-8", "replace") for k, v in msg.headers}
    stamp = within(msg.timestamp_ms, now_ms, horizon_ms)
    source = RawRef(topic=LOCAL_TOPIC, partition=0, offset=offset, key=msg.key,
                    timestamp_ms=now_ms if stamp is None else stamp,
                    filename=headers.get("filename"), content_type=headers.get("content-type"))
    return RawInput(value=msg.value, source=source, headers=headers)


def raw_inputs_of(messages: Iterable[Message], settings: Settings | None = None) -> Iterator[RawInput]:
    """Messages as raw inputs at offsets 0, 1, ... (ids are stable per invocation).

    A message keeps its own timestamp under the rule the replayer applies for dedupe's retention.
    """
    horizon = (settings or Settings()).retention_days * 86_400_000 / 2
    now_ms = int(time.time() * 1000)
    for offset, msg in enumerate(messages):
        yield raw_input(msg, offset, now_ms, horizon)


def raw_inputs(files: list[Path]) -> Iterator[RawInput]:
    """Each text or HTML file as a raw message (key: its stem)."""
    return raw_inputs_of(messages_from_files(files))


def warm_pipeline(settings: Settings) -> Pipeline:
    """A pipeline with its models loaded, as the worker's is before it reads: loading inside the first
    article's stage deadline would reject it as a timeout (spaCy and the gazetteers take seconds)."""
    pipeline = Pipeline(settings)
    pipeline.warm_up()
    return pipeline


def process_files(settings: Settings, files: list[Path]) -> Iterator[Output]:
    yield from warm_pipeline(settings).run(raw_inputs(files))


def process_source(settings: Settings, source: Source, tally: Tally, report: Callable[[str], None],
                   timestamps: Timestamps = "publication") -> Iterator[Output]:
    """Every article of ``source`` through the pipeline, in input order; bad records go to ``report``."""
    yield from warm_pipeline(settings).run(raw_inputs_of(source.messages(tally, report, timestamps), settings))
