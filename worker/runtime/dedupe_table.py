"""Dedupe state in the worker: the decisions as a faust table, the lookup index on local RocksDB.

The index is derived from the table (see :mod:`worker.stages.dedupe.store`).
Two things keep them consistent across crashes, restarts and rebalances:

- every record a changelog recovery (or a standby replica) applies to the
  local table is first filed in the index, in changelog order, replacing what
  the record it overwrites had filed (:class:`DecisionTable`);
- an index that has not seen the whole local table (a new or lost index
  folder, a rebuild cut short) forces the table to be recovered from its
  changelog from the start, so every record passes through the first rule.
  The index is marked complete when that recovery ends.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable
from typing import Any

import faust

from worker.runtime import metrics
from worker.runtime.local_index import LocalIndex
from worker.settings import Settings
from worker.stages.dedupe import TABLE, DedupeStore


class DecisionTable(faust.Table):
    """A faust table that files every record a changelog recovery brings in before applying it."""

    store: DedupeStore | None = None

    def apply_changelog_batch(self, batch: Iterable[Any]) -> None:
        events = list(batch)
        store = self.store
        if store is not None:
            seen: dict[bytes, Any] = {}  # within one batch, a key's "old" value is the batch's previous one
            data = self.data
            for event in events:
                msg = event.message
                old = seen[msg.key] if msg.key in seen else self._local(msg.partition, msg.key)
                new = data._decode_value(msg.value) if msg.value is not None else None  # type: ignore[attr-defined]
                store.refile(data._decode_key(msg.key), old, new)  # type: ignore[attr-defined]
                seen[msg.key] = new
            metrics.DEDUPE_INDEX_REBUILT.inc(len(events))
        super().apply_changelog_batch(events)

    def _local(self, partition: int, key: bytes) -> Any:
        """The value the local store holds for ``key`` before this batch is applied."""
        raw = self.data._db_for_partition(partition).get(key)  # type: ignore[attr-defined]
        return self.data._decode_value(raw) if raw is not None else None  # type: ignore[attr-defined]


def reopen_storage(w: Any) -> None:
    """Close the dedupe table's and the index's RocksDB handles; the next access reopens them.

    After a write fails (e.g. "No space left on device"), RocksDB keeps
    answering "Writer has previous error" even once the cause is gone; a
    reopen replays its write-ahead log and starts clean.
    """
    w.index.close()
    dbs = getattr(w.table.data, "_dbs", {})
    for partition in list(dbs):
        db = dbs.pop(partition)
        with contextlib.suppress(Exception):
            db.close()


def create_store(app: faust.App, settings: Settings) -> tuple[DecisionTable, LocalIndex, DedupeStore]:
    """The decisions table (registered with the app), the local index, and the store over both."""
    options = {"block_cache_size": settings.rocksdb_block_cache_mb * 1024 * 1024,
               "write_buffer_size": settings.rocksdb_write_buffer_mb * 1024 * 1024,
               "max_write_buffer_number": 2,
               "block_cache_compressed_size": 0}
    table = DecisionTable(app, name=f"dedupe-{TABLE}", default=None, partitions=1, key_type=str, options=options)
    app.tables.add(table)
    index = LocalIndex(settings.data_dir / f"{settings.app_id}-dedupe-index", settings.rocksdb_block_cache_mb,
                       settings.rocksdb_write_buffer_mb)
    store = DedupeStore(table, index, bands=settings.minhash_bands, rows=settings.minhash_rows)
    table.store = store
    if not store.index.built:
        # The index may lack records the local table holds: recover the table from its changelog, all of it.
        shutil.rmtree(table.data.partition_path(0), ignore_errors=True)  # type: ignore[attr-defined]
        index.clear()

    @table.on_recover
    async def index_complete() -> None:
        store.index.mark_built()

    return table, index, store
