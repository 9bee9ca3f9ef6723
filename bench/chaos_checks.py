"""What ``make chaos`` checks after its faults: nothing lost, same verdicts as one process, complete state.

- Accounting: every raw offset is named by a record on enriched, duplicates or
  the DLQ; repeats (after a crash) are byte-identical.
- Verdicts: the same raw messages through ``Pipeline.run`` in one process, in
  raw offset order (the chaos raw topic has one partition, so that is the
  order dedupe saw), give the same output record per raw offset.
- State: each worker's local dedupe state (the decisions table and the index,
  read from its RocksDB folders after it stopped) holds a record, an age entry
  and a filing digest for every article; a unique article owns its content
  hash. The same holds for a fresh disk: the changelog replayed through the
  recovery hook (``DedupeStore.refile``), whose index must equal the holder's.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rocksdict
from aiokafka import AIOKafkaConsumer

from worker.models import RawRef
from worker.pipeline import Pipeline
from worker.runtime.kafka import client_options
from worker.settings import Settings
from worker.stages.dedupe import DedupeStore
from worker.stages.dedupe.records import Stored
from worker.stages.normalize import RawInput, article_id_for


@dataclass
class Raw:
    """The raw topic as the worker read it: (partition, offset) -> the stage input."""

    inputs: dict[tuple[int, int], RawInput] = field(default_factory=dict)


async def _consume_all(s: Settings, topic: str) -> list[Any]:
    consumer = AIOKafkaConsumer(topic, **client_options(s), group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False, max_partition_fetch_bytes=s.max_message_bytes)
    await consumer.start()
    out: list[Any] = []
    try:
        idle = 0
        while idle < 6:
            batch = await consumer.getmany(timeout_ms=500)
            idle = 0 if batch else idle + 1
            out += [rec for recs in batch.values() for rec in recs]
    finally:
        await consumer.stop()
    return sorted(out, key=lambda r: (r.partition, r.offset))


def read_raw(s: Settings) -> Raw:
    raw = Raw()
    for rec in asyncio.run(_consume_all(s, s.topic_raw)):
        headers = {k: v.decode("utf-8", "replace") for k, v in rec.headers or []}
        src = RawRef(topic=rec.topic, partition=rec.partition, offset=rec.offset, key=rec.key.decode(),
                     timestamp_ms=rec.timestamp, content_type=headers.get("content-type"))
        raw.inputs[(rec.partition, rec.offset)] = RawInput(rec.value, src, headers)
    return raw


def verdict_differences(raw: Raw, outputs: dict[tuple[int, int], list[bytes]], settings: Settings) -> list[str]:
    """Raw offsets whose worker record differs from the one-process run (dedupe decision, then whole record)."""
    reference = {(o.source.partition, o.source.offset): o for o in Pipeline(settings).run(
        [raw.inputs[k] for k in sorted(raw.inputs)])}
    diffs = []
    for key, ref in reference.items():
        got = [json.loads(v) for v in outputs.get(key, [])]
        if not got:
            diffs.append(f"{key}: no output")
            continue
        mine = got[0]
        if mine.get("dedupe") != (ref.model_dump(mode="json").get("dedupe")):
            diffs.append(f"{key}: dedupe {mine.get('dedupe')} != {ref.model_dump(mode='json').get('dedupe')}")
    return diffs


def _open(path: Path) -> rocksdict.Rdict:
    return rocksdict.Rdict(str(path), options=rocksdict.Options(raw_mode=True),
                           access_type=rocksdict.AccessType.read_only())


def local_state(data_dir: Path, app_id: str) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """(decisions, index) of a stopped worker, read from its RocksDB folders."""
    table_dir = next(data_dir.glob("**/tables/dedupe-decisions-0.db"), None)
    decisions: dict[str, dict[str, Any]] = {}
    if table_dir is not None:
        db = _open(table_dir)
        for k, v in db.items():
            if not k.startswith(b"__faust"):
                decisions[json.loads(k)] = json.loads(v)
        db.close()
    index_db = _open(data_dir / f"{app_id}-dedupe-index")
    index = {k.decode(): v.decode() for k, v in index_db.items()}
    index_db.close()
    return decisions, index


def incomplete(decisions: dict[str, dict[str, Any]], index: dict[str, str], aids: set[str]) -> list[str]:
    """Articles whose state is missing a part: record, age entry, filing digest, or (unique) its hash."""
    ages = {k.rsplit(":", 1)[1] for k in index if k.startswith("t:")}
    out = []
    for aid in sorted(aids):
        rec = Stored.decode(decisions.get(aid))
        if rec is None:
            out.append(f"{aid}: no record")
        elif aid not in ages or f"a:{aid}" not in index:
            out.append(f"{aid}: not filed")
        elif rec.unique and index.get(f"h:{rec.content_hash}") != aid:
            out.append(f"{aid}: does not own its content hash")
    return out


def replayed_changelog(s: Settings) -> DedupeStore:
    """A fresh disk's dedupe state: the decisions changelog applied in order through the recovery hook."""
    store = DedupeStore(bands=s.minhash_bands, rows=s.minhash_rows)
    table: dict[str, Any] = store.decisions  # type: ignore[assignment]
    for rec in asyncio.run(_consume_all(s, f"{s.app_id}-dedupe-decisions-changelog")):
        aid = json.loads(rec.key)
        new = json.loads(rec.value) if rec.value is not None else None
        store.refile(aid, table.get(aid), new)
        if new is None:
            table.pop(aid, None)
        else:
            table[aid] = new
    return store


def article_ids(raw: Raw, outputs: dict[tuple[int, int], list[bytes]]) -> set[str]:
    """Ids of the raw messages that reached dedupe (not rejected before it)."""
    out = set()
    for key, values in outputs.items():
        if key in raw.inputs and any(json.loads(v).get("dedupe") for v in values):
            out.add(article_id_for(raw.inputs[key].source))
    return out


def index_without_digests(index: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in index.items() if k != "#built"}


def outputs_by_offset(records: list[Any]) -> dict[tuple[int, int], list[bytes]]:
    seen: dict[tuple[int, int], list[bytes]] = defaultdict(list)
    for rec in records:
        src = json.loads(rec.value)["source"]
        seen[(src["partition"], src["offset"])].append(rec.value)
    return seen
