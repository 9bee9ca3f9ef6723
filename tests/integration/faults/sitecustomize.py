"""Fault injection for integration tests: put this folder on PYTHONPATH and set INGEST_TEST_FAULT.

Python imports ``sitecustomize`` at start-up, so a worker process started with
it patches itself before it runs; production code carries no test hooks.

- ``crash-agent``: the normalize agent raises outside every per-article boundary when it sees a raw
  message keyed ``crash``.
- ``hang``: normalizing a raw message keyed ``hang`` blocks forever, out of reach of the stage's time
  budget (SIGALRM blocked), as code stuck in a C call would.
"""

import os
import signal
import time

FAULT = os.environ.get("INGEST_TEST_FAULT")

if FAULT == "crash-agent":
    from worker.runtime import agents

    _decode = agents.NormalizeHop.decode

    def _crashing_decode(self, events, sends):  # type: ignore[no-untyped-def]
        items = _decode(self, events, sends)
        if any(item.source.key == "crash" for item in items):
            raise RuntimeError("injected fault: the normalize agent breaks")
        return items

    agents.NormalizeHop.decode = _crashing_decode  # type: ignore[method-assign]

if FAULT == "hang":
    from worker.pipeline import pipeline

    _normalize = pipeline.Pipeline.normalize

    def _hanging_normalize(self, raw):  # type: ignore[no-untyped-def]
        if raw.source.key == "hang":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            while True:
                time.sleep(1)
        return _normalize(self, raw)

    pipeline.Pipeline.normalize = _hanging_normalize  # type: ignore[method-assign]
