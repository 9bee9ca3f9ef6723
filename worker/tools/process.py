"""``ingest process``: the pipeline over local files, with no Kafka: the worker's three hops, chained."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterator
from pathlib import Path

from worker.models import RawRef
from worker.pipeline import Output, Pipeline
from worker.settings import Settings
from worker.stages.normalize import RawInput

LOCAL_TOPIC = "local"


def raw_inputs(files: list[Path]) -> Iterator[RawInput]:
    """Each file as a raw message at offset = its position, so ids are stable per invocation."""
    now_ms = int(time.time() * 1000)
    for offset, f in enumerate(files):
        ctype = mimetypes.guess_type(f.name)[0] or "text/plain"
        source = RawRef(topic=LOCAL_TOPIC, partition=0, offset=offset, key=f.stem, timestamp_ms=now_ms,
                        filename=f.name, content_type=ctype)
        yield RawInput(value=f.read_bytes(), source=source, headers={"filename": f.name, "content-type": ctype})


def process_files(settings: Settings, files: list[Path]) -> Iterator[Output]:
    yield from Pipeline(settings).run(raw_inputs(files))
