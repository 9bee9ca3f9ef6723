"""``ingest process``: the stages over local files, with no Kafka, exactly as the worker runs them."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterator
from pathlib import Path

from worker.models import RawRef
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.stages.pipeline import Output, Stages, run

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
    yield from run(Stages.build(settings), raw_inputs(files))
