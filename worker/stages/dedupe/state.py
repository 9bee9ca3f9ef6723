"""Dedupe state as named flat mappings, and the time-ordered index that bounds it.

The worker hands in faust tables (RocksDB, one changelog message per write); tests
and ``ingest process`` hand in dicts. Each table is a plain key -> JSON value map,
so a write is one small message and a read is one RocksDB get.

Retention: every article gets one entry in ``expiry`` under its ingest hour and a
dense sequence number (``"<hour>:<n>"``), and the hour's counter ``"<hour>"``. The
``meta`` cursor remembers where expiry stopped, so ``expire`` walks forward from
there, touching only what it deletes; nothing is ever scanned.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

#: The state tables dedupe needs. The worker creates one faust table per name.
TABLES: tuple[str, ...] = ("articles", "hashes", "bands", "postings", "stories", "expiry", "meta")

HOUR_MS = 3_600_000


class DedupeState:
    """Named mappings holding dedupe state. Values are JSON-able.

    - ``articles``: article_id -> {"r": stored decision, "i": ingest ms, and for
      unique articles "t" event ms, "k" raw key, "h" hash, "s" story, "f" packed features}.
      A hit means a redelivery, which gets the very same decision back.
    - ``hashes``: content hash -> [article_id, raw key, story_id] of the first copy.
    - ``bands``: LSH bucket key -> article_id of the first unique article in it.
    - ``postings``: distinctive term -> [[article_id, published ms or 0, ingest ms, story_id], ...],
      newest last, capped.
    - ``stories``: story_id -> [unique members so far, ingest ms of the newest member].
    - ``expiry``: "<hour>" -> count, "<hour>:<n>" -> article_id (see module doc).
    - ``meta``: "cursor" -> [hour, n], the first expiry entry not yet dropped.
    """

    def __init__(self, tables: dict[str, MutableMapping[str, Any]] | None = None) -> None:
        tables = tables if tables is not None else {name: {} for name in TABLES}
        missing = set(TABLES) - set(tables)
        if missing:
            raise ValueError(f"dedupe state lacks tables {sorted(missing)}")
        self.tables = tables
        self.articles = tables["articles"]
        self.hashes = tables["hashes"]
        self.bands = tables["bands"]
        self.postings = tables["postings"]
        self.stories = tables["stories"]
        self.expiry = tables["expiry"]
        self.meta = tables["meta"]

    def remember(self, article_id: str, ingest_ms: int) -> None:
        """Append the article to its ingest hour in the expiry index (two small writes)."""
        hour = ingest_ms // HOUR_MS
        n = self.expiry.get(f"{hour:010d}") or 0
        self.expiry[f"{hour:010d}:{n}"] = article_id
        self.expiry[f"{hour:010d}"] = n + 1
        cursor = self.meta.get("cursor")
        if cursor is None or hour < cursor[0]:
            self.meta["cursor"] = [hour, 0]

    def due(self, cutoff_ms: int, budget: int) -> list[tuple[str, str]]:
        """Pop up to ``budget`` expiry entries older than ``cutoff_ms``: (expiry key, article_id)."""
        cursor = self.meta.get("cursor")
        if cursor is None:
            return []
        hour, n = cursor
        last = cutoff_ms // HOUR_MS - 1  # only whole hours before the cutoff
        out: list[tuple[str, str]] = []
        steps = 0
        while hour <= last and len(out) < budget and steps < budget:
            count = self.expiry.get(f"{hour:010d}") or 0
            if n < count:
                key = f"{hour:010d}:{n}"
                aid = self.expiry.pop(key, None)
                if aid is not None:
                    out.append((key, aid))
                n += 1
                continue
            self.expiry.pop(f"{hour:010d}", None)
            hour, n, steps = hour + 1, 0, steps + 1
        if [hour, n] != cursor:
            self.meta["cursor"] = [hour, n]
        return out


def MemoryState() -> DedupeState:
    """Dict-backed state for in-process runs and tests."""
    return DedupeState()
