"""The dedupe lookup index on local disk: a RocksDB (rocksdict) string map beside faust's table.

Nothing here is changelogged: the index is derived from the dedupe table and
rebuilt from it when it is incomplete (see :mod:`worker.runtime.dedupe_table`),
so losing it costs a rebuild, never a wrong answer. RocksDB keeps it out of the
Python heap (RSS stays flat as articles accumulate), with a capped block cache
and small memtables. The write-ahead log stays on, so a SIGKILL loses nothing
that a put returned from.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, MutableMapping
from pathlib import Path

import rocksdict


def options(block_cache_mb: int, write_buffer_mb: int) -> rocksdict.Options:
    opts = rocksdict.Options(raw_mode=True)
    opts.create_if_missing(True)
    opts.set_write_buffer_size(write_buffer_mb * 1024 * 1024)
    opts.set_max_write_buffer_number(2)
    table = rocksdict.BlockBasedOptions()
    table.set_bloom_filter(10, False)  # most lookups miss (new hashes, free bands): the filter answers them
    table.set_block_cache(rocksdict.Cache(block_cache_mb * 1024 * 1024))
    opts.set_block_based_table_factory(table)
    return opts


class LocalIndex(MutableMapping[str, str]):
    """A str -> str mapping over one RocksDB database, opened on first use."""

    def __init__(self, path: Path, block_cache_mb: int = 64, write_buffer_mb: int = 16) -> None:
        self.path = path
        self.block_cache_mb = block_cache_mb
        self.write_buffer_mb = write_buffer_mb
        self._db: rocksdict.Rdict | None = None

    @property
    def db(self) -> rocksdict.Rdict:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = rocksdict.Rdict(str(self.path), options=options(self.block_cache_mb, self.write_buffer_mb))
        return self._db

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        raw = self.db.get(key.encode())
        return default if raw is None else raw.decode()

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: str) -> None:
        self.db.put(key.encode(), value.encode())

    def __delitem__(self, key: str) -> None:
        self.db.delete(key.encode())

    def __iter__(self) -> Iterator[str]:
        it = self.db.iter()
        it.seek_to_first()
        while it.valid():
            yield it.key().decode()
            it.next()

    def __len__(self) -> int:
        """RocksDB's estimate (exact counting would read every key)."""
        return int(self.db.property_int_value("rocksdb.estimate-num-keys") or 0)

    def scan(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` keys starting with ``prefix``, in key order."""
        out: list[str] = []
        it = self.db.iter()
        it.seek(prefix.encode())
        while it.valid() and len(out) < limit:
            key = it.key().decode()
            if not key.startswith(prefix):
                break
            out.append(key)
            it.next()
        return out

    def clear(self) -> None:
        """Drop the whole index (its folder); it is reopened empty on next use."""
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
