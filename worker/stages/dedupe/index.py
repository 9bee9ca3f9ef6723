"""The lookup side of dedupe state, derived from the stored records: hashes, bands, postings, stories, ages.

Why it is kept apart from the records: in the worker every table write is a
changelog message (producer, broker, a second RocksDB put), and the lookups are
most of the writes: a hash, a key per LSH band, a posting list per filed term.
They hold nothing the record does not, so they live in a local key-value store
(RocksDB beside the table in the worker, memory elsewhere) that can always be
derived again from the records.

Entries are hints, never trusted alone: every hit is confirmed against the
record it names, so an entry left behind by a crash or by an expiry done
elsewhere is skipped, and its slot taken by the next article that needs it.

Keys: ``h:<content hash>``, ``b:<band key>`` -> id of the first unique article;
``p:<term>`` and ``r:<scope>:<paragraph hash>`` -> posting lists (see
:mod:`records`); ``s:<story id>`` -> "members newest-ingest-ms"; ``t:<ingest
ms>:<id>`` -> "" (arrival by time, for expiry); ``a:<id>`` -> digest of the
record as filed (filing is idempotent); ``#built`` -> "1" once the index holds
every record of the table.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from worker.stages.dedupe.records import Stored, posting_entry

#: Newest entries kept per posting list (older ones fall off: bounded values).
POSTING_CAP = 16
#: Newest entries kept per paragraph: enough to count a few distinct stories.
LINE_CAP = 12
BUILT = "#built"

Alive = Callable[[str], bool]


class KeyValue(Protocol):
    """The store under the index: string keys and values, ordered scans by prefix."""

    def get(self, key: str) -> str | None: ...
    def __setitem__(self, key: str, value: str) -> None: ...
    def __delitem__(self, key: str) -> None: ...
    def scan(self, prefix: str, limit: int) -> list[str]: ...


class MemoryKeyValue(dict[str, str]):
    """A dict, with the ``t:`` keys also kept sorted (the only prefix the index scans)."""

    def __init__(self) -> None:
        super().__init__()
        self._times: list[str] = []

    def __setitem__(self, key: str, value: str) -> None:
        if key.startswith("t:") and key not in self:
            bisect.insort(self._times, key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        if key.startswith("t:"):
            del self._times[bisect.bisect_left(self._times, key)]

    def scan(self, prefix: str, limit: int) -> list[str]:
        if prefix != "t:":
            raise ValueError("only t: keys are scanned")
        return self._times[:limit]


class Index:
    """Typed access to the index's key-value store."""

    def __init__(self, data: KeyValue | None = None) -> None:
        self.data: KeyValue = data if data is not None else MemoryKeyValue()

    # --- lookups ------------------------------------------------------------------------------

    def hash_owner(self, content_hash: str) -> str | None:
        return self.data.get("h:" + content_hash)

    def band_owners(self, bands: Sequence[str]) -> list[str | None]:
        return [self.data.get("b:" + k) for k in bands]

    def posting(self, term: str) -> str:
        return self.data.get("p:" + term) or ""

    def line_postings(self, scope: str, hashes: Sequence[str]) -> dict[str, str]:
        """Posting list of each edge paragraph hash in ``scope``."""
        return {h: self.data.get(f"r:{scope}:{h}") or "" for h in hashes}

    def story_members(self, story_id: str) -> int:
        """Unique articles in the story so far (1 for a story of one)."""
        value = self.data.get("s:" + story_id)
        return int(value.split()[0]) if value else 1

    def filed_digest(self, aid: str) -> str | None:
        return self.data.get("a:" + aid)

    def oldest(self, limit: int) -> Iterator[tuple[int, str]]:
        """(ingest ms, id) of the earliest-ingested articles, oldest first."""
        for key in self.data.scan("t:", limit):
            _, ms, aid = key.split(":", 2)
            yield int(ms), aid

    @property
    def built(self) -> bool:
        return self.data.get(BUILT) == "1"

    def mark_built(self) -> None:
        self.data[BUILT] = "1"

    # --- filing -------------------------------------------------------------------------------

    def file(self, aid: str, rec: Stored, digest: str, bands: Sequence[str], keys: Sequence[str],
             alive: Alive) -> None:
        """File a record: its age and digest; for a unique article also hash, free bands, postings, story.

        ``alive(aid)`` says whether a slot's current owner still exists; a slot
        whose owner is gone is taken over.
        """
        self.data[f"t:{rec.ingest_ms:013d}:{aid}"] = ""
        self.data["a:" + aid] = digest
        if not rec.unique:
            return
        self._own("h:" + rec.content_hash, aid, alive)
        for band in bands:
            self._own("b:" + band, aid, alive)
        story = rec.story_id or aid
        entry = posting_entry(aid, rec.published_ms, rec.ingest_ms, story)
        for key in keys:
            self._append("p:" + key, aid, entry, POSTING_CAP)
        scope, _, hashes = rec.lines.partition("|")
        for h in hashes.split():
            self._append(f"r:{scope}:{h}", aid, entry, LINE_CAP)
        if story != aid:
            size, newest = self._story(story)
            self.data["s:" + story] = f"{max(size, rec.story_size)} {max(newest, rec.ingest_ms)}"

    def unfile(self, aid: str, rec: Stored, bands: Sequence[str], keys: Sequence[str]) -> int:
        """Take a record's entries out (expiry, or an overwritten record); returns entries dropped."""
        dropped = 0
        for slot in (f"t:{rec.ingest_ms:013d}:{aid}", "a:" + aid):
            if self.data.get(slot) is not None:
                del self.data[slot]
                dropped += 1
        if not rec.unique:
            return dropped
        for slot in ["h:" + rec.content_hash, *("b:" + b for b in bands)]:
            if self.data.get(slot) == aid:
                del self.data[slot]
                dropped += 1
        scope, _, hashes = rec.lines.partition("|")
        for slot in [*("p:" + k for k in keys), *(f"r:{scope}:{h}" for h in hashes.split())]:
            dropped += self._drop_entry(slot, aid)
        story = rec.story_id or aid
        if self.data.get("s:" + story) is not None and self._story(story)[1] <= rec.ingest_ms:
            del self.data["s:" + story]  # its newest member is leaving: the story has ended
            dropped += 1
        return dropped

    def _story(self, story: str) -> tuple[int, int]:
        value = self.data.get("s:" + story)
        if not value:
            return 1, 0
        size, newest = value.split()
        return int(size), int(newest)

    def _own(self, slot: str, aid: str, alive: Alive) -> None:
        owner = self.data.get(slot)
        if owner != aid and (owner is None or not alive(owner)):
            self.data[slot] = aid

    def _append(self, slot: str, aid: str, entry: str, cap: int) -> None:
        packed = self.data.get(slot) or ""
        if f"{aid}/" not in packed:
            self.data[slot] = " ".join([*packed.split()[-(cap - 1):], entry])

    def _drop_entry(self, slot: str, aid: str) -> int:
        old = (self.data.get(slot) or "").split()
        kept = [e for e in old if not e.startswith(aid + "/")]
        if kept and len(kept) != len(old):
            self.data[slot] = " ".join(kept)
        elif not kept and old:
            del self.data[slot]
            return 1
        return 0


def stories(packed: str) -> set[str]:
    """The distinct story tags in a posting list."""
    return {entry.rpartition("/")[2] for entry in packed.split()}
