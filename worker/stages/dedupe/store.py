"""Dedupe state: one table of records (the durable truth) and the lookup index derived from it.

The worker hands in a faust table (RocksDB, one changelog message per write)
and a local RocksDB index; tests and ``ingest process`` use the in-memory
defaults. Only ``get``, ``[k] = v`` and ``del`` are used on the table: faust
tables have no cheap ``pop`` and are never iterated here.

Crash consistency, by construction:
- a decision is ONE table write (:class:`~records.Stored`), so the changelog
  holds it whole or not at all;
- the index is derived: filing is idempotent (the digest of the record as filed
  is kept), and :meth:`refile` files every record a changelog recovery brings
  in, in changelog order, unfiling the record it replaces;
- a redelivered article gets its stored decision back only after
  :meth:`save` wrote the record again (the changelog may have lost it) and
  filed it (the index may have missed it).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import orjson
import xxhash

from worker.stages.dedupe.features import band_keys, unpack
from worker.stages.dedupe.index import Index, KeyValue
from worker.stages.dedupe.records import Stored

#: Name of the one durable table (the worker creates it as a faust table).
TABLE = "decisions"


class DedupeStore:
    """The decisions table plus its lookup index, kept consistent with each other."""

    def __init__(self, decisions: MutableMapping[str, Any] | None = None, index: KeyValue | None = None, *,
                 bands: int = 7, rows: int = 6) -> None:
        self.decisions: MutableMapping[str, Any] = decisions if decisions is not None else {}
        self.index = Index(index)
        self.bands, self.rows = bands, rows
        if decisions is None:  # both empty: nothing to derive
            self.index.mark_built()

    def get(self, aid: str) -> Stored | None:
        return Stored.decode(self.decisions.get(aid))

    def unique(self, aid: str | None) -> Stored | None:
        """The record of a unique article still in state (None: gone, or a copy: a stale hint)."""
        rec = self.get(aid) if aid is not None else None
        return rec if rec is not None and rec.unique else None

    def alive(self, aid: str) -> bool:
        return self.unique(aid) is not None

    def save(self, aid: str, rec: Stored) -> None:
        """Write the record (one changelog message) and file it in the index (idempotent).

        Saving a record again is also how a redelivery repairs state: the changelog
        may have lost the first write, the index may have missed it.
        """
        value = rec.encode()
        self.decisions[aid] = value
        self._file(aid, rec, value)

    def refile(self, aid: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        """A changelog recovery replaces ``old`` (the local value, if any) with ``new`` (None: deleted)."""
        old_rec, new_rec = Stored.decode(old), Stored.decode(new)
        if old_rec is not None and old != new:
            self._unfile(aid, old_rec)
        if new_rec is not None and new is not None:
            self._file(aid, new_rec, new)

    def expire(self, cutoff_ms: int, budget: int = 1000) -> int:
        """Forget up to ``budget`` articles ingested before ``cutoff_ms``, oldest first; returns entries dropped."""
        dropped = 0
        for ingest_ms, aid in list(self.index.oldest(budget)):
            if ingest_ms >= cutoff_ms:
                break
            rec = self.get(aid)
            if rec is None:  # expired elsewhere, or never written: only the age entry is left
                del self.index.data[f"t:{ingest_ms:013d}:{aid}"]
                dropped += 1
                continue
            del self.decisions[aid]
            dropped += 1 + self._unfile(aid, rec)
        return dropped

    def bands_and_keys(self, rec: Stored) -> tuple[list[str], tuple[str, ...]]:
        """The LSH band keys and the filed index keys of a unique article's record."""
        if not rec.unique:
            return [], ()
        feats = unpack(rec.features)
        return band_keys(feats.signature, self.bands, self.rows), feats.index_keys

    def _file(self, aid: str, rec: Stored, value: dict[str, Any]) -> None:
        digest = xxhash.xxh3_64_hexdigest(orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
        if self.index.filed_digest(aid) == digest:
            return
        bands, keys = self.bands_and_keys(rec)
        self.index.file(aid, rec, digest, bands, keys, self.alive)

    def _unfile(self, aid: str, rec: Stored) -> int:
        bands, keys = self.bands_and_keys(rec)
        return self.index.unfile(aid, rec, bands, keys)
