"""Dedupe state: the durable tables, the derived lookup index, and the arrival order that bounds both.

The worker hands in faust tables (RocksDB, one changelog message per write) and a
local RocksDB index; tests and ``ingest process`` hand in dicts. Each table is a
plain key -> JSON value map, so a write is one small message and a read is one
RocksDB get. Only ``get``, ``[k] = v`` and ``del`` are used: faust tables have no
cheap ``pop`` and must never be iterated. The tables hold the truth (article
records, story sizes, the expiry sequence); the index (:mod:`index`) only what
can be rebuilt from them.

Retention: every article gets ONE ``expiry`` entry under a dense arrival sequence
number, ``"<n>" -> [article_id, ingest ms]``. The next number is kept in memory
and persisted to ``meta["seq"]`` only every ``SEQ_EVERY`` articles; after a
restart it is found again by probing forward from there (at most ``SEQ_EVERY``
gets, once). Before each write the slot is checked to be free, so a stale
counter (the partition moved away and back) can never overwrite an entry.
``meta["cursor"]`` is the first entry not yet expired; ``expire`` walks forward
from it and stops at the first entry that is still young, so it touches only
what it deletes. Arrival order is the single partition's order, and ingest
times along it are close to monotonic; an entry that arrives out of time order
waits for its predecessors (retention is "at least", never "less").
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from worker.stages.dedupe.index import Index

#: The durable state tables dedupe needs. The worker creates one faust table per name.
TABLES: tuple[str, ...] = ("articles", "stories", "expiry", "meta")

#: Persist the arrival counter every this many articles (amortised: 1/64 write per article).
SEQ_EVERY = 64


class DedupeState:
    """Named mappings holding dedupe state. Values are JSON-able and short.

    - ``articles``: article_id -> stored record (see ``records``): the decision, and
      for unique articles the content hash and packed features. A hit means a redelivery.
    - ``stories``: story_id -> [unique members so far, ingest ms of the newest member];
      absent for a story of one.
    - ``expiry``: "<n>" -> [article_id, ingest ms], n the arrival sequence number.
    - ``meta``: "cursor" -> first n not yet expired; "seq" -> a recent next n.
    - ``index``: hashes, LSH bands and posting lists, derived from ``articles``.
    """

    def __init__(self, tables: dict[str, MutableMapping[str, Any]] | None = None,
                 index: MutableMapping[str, str] | None = None) -> None:
        tables = tables if tables is not None else {name: {} for name in TABLES}
        missing = set(TABLES) - set(tables)
        if missing:
            raise ValueError(f"dedupe state lacks tables {sorted(missing)}")
        self.tables = tables
        self.index = Index(index)
        self.articles = tables["articles"]
        self.stories = tables["stories"]
        self.expiry = tables["expiry"]
        self.meta = tables["meta"]
        self._seq: int | None = None

    def end(self) -> int:
        """The next free arrival sequence number (every number below it is taken or expired)."""
        return self._next()

    def _next(self) -> int:
        """The next free sequence number: probed forward from the remembered (or persisted) one.

        Usually one get that misses. After a restart it probes from ``meta["seq"]``;
        if another owner wrote on meanwhile (the partition moved away and back) it
        walks past their entries, so no entry is ever overwritten.
        """
        n = self._seq if self._seq is not None else max(self.meta.get("seq") or 0, self.meta.get("cursor") or 0)
        while self.expiry.get(str(n)) is not None:
            n += 1
        self._seq = n
        return n

    def remember(self, article_id: str, ingest_ms: int) -> int:
        """Append the article to the expiry index: one write (plus one every ``SEQ_EVERY``); return its number."""
        n = self._next()
        self.expiry[str(n)] = [article_id, ingest_ms]
        self._seq = n + 1
        if self._seq % SEQ_EVERY == 0:
            self.meta["seq"] = self._seq
        return n

    def arrivals(self, start: int, end: int) -> list[tuple[int, str]]:
        """(n, article_id) of the expiry entries in ``[max(start, cursor), end)``, oldest first."""
        first = max(start, self.meta.get("cursor") or 0)
        out = []
        for n in range(first, end):
            entry = self.expiry.get(str(n))
            if entry is not None:
                out.append((n, entry[0]))
        return out

    def due(self, cutoff_ms: int, budget: int) -> list[str]:
        """Remove and return up to ``budget`` article ids that arrived before ``cutoff_ms``, oldest first."""
        start = cursor = self.meta.get("cursor") or 0
        end = self._next()
        out: list[str] = []
        steps = 0
        while cursor < end and len(out) < budget and steps < 4 * budget:
            steps += 1
            entry = self.expiry.get(str(cursor))
            if entry is not None:
                if entry[1] >= cutoff_ms:
                    break
                del self.expiry[str(cursor)]
                out.append(entry[0])
            cursor += 1  # a missing entry is a lost write: skip it
        if cursor != start:
            self.meta["cursor"] = cursor
        return out


def MemoryState() -> DedupeState:
    """Dict-backed state (tables and index) for in-process runs and tests."""
    return DedupeState()
