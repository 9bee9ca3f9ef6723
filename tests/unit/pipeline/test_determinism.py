"""The same raw message gives the same record in any process: no order that depends on hash seeds.

A redelivered article after a crash is processed by another process, whose
``PYTHONHASHSEED`` differs; the record must be byte-identical (measured:
``make chaos`` once found two category lists that differed only in the order
of two equally scored categories).
"""

import os
import subprocess
import sys

from tests.integration.conftest import REPO

SCRIPT = """
import sys
from bench.corpus import news_articles
from worker.models import RawRef
from worker.pipeline import Pipeline
from worker.settings import Settings
from worker.stages.normalize import RawInput

arts = news_articles()[::4]
raws = [RawInput(f"{a.title}\\n\\n{a.text}".encode(), RawRef(topic="t", partition=0, offset=i, timestamp_ms=1))
        for i, a in enumerate(arts)]
for record in Pipeline(Settings(ner_enabled=False)).run(raws):
    sys.stdout.write(record.model_dump_json() + "\\n")
"""


def _run(seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=REPO, capture_output=True, text=True,
                         timeout=600, check=True)
    return out.stdout.splitlines()


def test_records_do_not_depend_on_the_process_hash_seed():
    first, second = _run("1"), _run("2")
    assert len(first) > 50
    assert [a == b for a, b in zip(first, second, strict=True)] == [True] * len(first)
