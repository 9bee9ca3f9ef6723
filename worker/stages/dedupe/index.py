"""The lookup side of dedupe state: content hashes, LSH bands and posting lists.

Why it is kept apart from the article records: in the worker every write to a
faust table is also a changelog message (about 0.1 ms of producer and RocksDB
work each), and the lookups are most of the writes: one hash, one key per LSH
band and one posting list per filed term, 13 for a unique article against 2 for
its record and expiry entry. Yet they hold nothing the article records don't:
a unique article's record carries its content hash, signature and filed terms.
So the index lives in a local key-value store (RocksDB beside the tables in the
worker, a dict elsewhere) and is *derived*: :func:`catch_up` rebuilds whatever
is missing from the records, walking the arrival-ordered expiry index from the
last sequence number it indexed. That covers a restart on a fresh disk, a crash
between a record and its index writes, and the dedupe partition coming back
after another worker wrote on.

Entries are hints, never trusted alone: every hit is confirmed by reading the
article record it names, so an entry left by a crash or by an expiry done
elsewhere is skipped, and overwritten by the next article that needs the slot.

Keys: ``h:<content hash>`` and ``b:<band key>`` -> article id of the first
unique article; ``p:<term>`` -> posting list (see :mod:`records`);
``r:<scope>:<paragraph hash>`` -> posting list of the articles whose body edge
held that paragraph (boilerplate evidence, see :mod:`boilerplate`);
``#next`` -> the first arrival sequence number not indexed yet.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field

from worker.stages.dedupe import records

#: Newest entries kept per posting list (older ones fall off: bounded values).
POSTING_CAP = 16
#: Newest entries kept per paragraph: enough to count a few distinct stories.
LINE_CAP = 12
NEXT = "#next"

Alive = Callable[[str], bool]


@dataclass
class Read:
    """Index entries a caller read just before filing (``owners`` empty: not read)."""

    hash_owner: str | None = None
    owners: list[str | None] = field(default_factory=list)
    postings: dict[str, str] = field(default_factory=dict)


class Index:
    """Typed access to the index mapping (str -> str)."""

    def __init__(self, data: MutableMapping[str, str] | None = None) -> None:
        self.data: MutableMapping[str, str] = data if data is not None else {}

    def hash_owner(self, content_hash: str) -> str | None:
        return self.data.get("h:" + content_hash)

    def band_owners(self, bands: Sequence[str]) -> list[str | None]:
        return [self.data.get("b:" + k) for k in bands]

    def posting(self, term: str) -> str:
        return self.data.get("p:" + term) or ""

    def line_postings(self, scope: str, hashes: Sequence[str]) -> dict[str, str]:
        """Posting list of each edge paragraph hash in ``scope``."""
        return {h: self.data.get(f"r:{scope}:{h}") or "" for h in hashes}

    @property
    def next_seq(self) -> int:
        return int(self.data.get(NEXT) or 0)

    @next_seq.setter
    def next_seq(self, n: int) -> None:
        self.data[NEXT] = str(n)

    def add(self, aid: str, content_hash: str, bands: Sequence[str], keys: Sequence[str], entry: str,
            alive: Alive, read: Read | None = None) -> None:
        """File a unique article: owner of its hash and of free bands, newest entry of its posting lists.

        A slot is taken over when its owner is gone (``alive`` says no). ``read``
        holds what the caller has just read: the hash owner, the band owners and
        the posting lists, to save reading them again. Filing twice (a crash
        before ``next_seq`` moved) changes nothing.
        """
        read = read or Read()
        self._own("h:" + content_hash, aid, alive, read.hash_owner if read.owners else self.hash_owner(content_hash))
        owners = read.owners or self.band_owners(bands)
        for band, owner in zip(bands, owners, strict=True):
            self._own("b:" + band, aid, alive, owner)
        for key in keys:
            self._append("p:" + key, read.postings.get(key), aid, entry, POSTING_CAP)

    def add_lines(self, aid: str, lines: str, entry: str, read: dict[str, str] | None = None) -> None:
        """File the article under its edge paragraphs (``lines`` = "scope|hash hash ..."; ``read`` as just read)."""
        scope, _, hashes = lines.partition("|")
        for h in hashes.split():
            self._append(f"r:{scope}:{h}", (read or {}).get(h), aid, entry, LINE_CAP)

    def _append(self, slot: str, packed: str | None, aid: str, entry: str, cap: int) -> None:
        packed = self.data.get(slot) or "" if packed is None else packed
        if f"{aid}/" not in packed:
            self.data[slot] = " ".join([*packed.split()[-(cap - 1):], entry])

    def _own(self, slot: str, aid: str, alive: Alive, owner: str | None) -> None:
        if owner != aid and (owner is None or not alive(owner)):
            self.data[slot] = aid

    def remove(self, aid: str, content_hash: str, bands: Sequence[str], keys: Sequence[str], lines: str = "") -> int:
        """Take an expired article out; return how many entries were dropped."""
        dropped = 0
        for slot in ["h:" + content_hash, *("b:" + b for b in bands)]:
            if self.data.get(slot) == aid:
                del self.data[slot]
                dropped += 1
        scope, _, hashes = lines.partition("|")
        for slot in [*("p:" + k for k in keys), *(f"r:{scope}:{h}" for h in hashes.split())]:
            old = (self.data.get(slot) or "").split()
            kept = [e for e in old if not e.startswith(aid + "/")]
            if kept and len(kept) != len(old):
                self.data[slot] = " ".join(kept)
            elif not kept and old:
                del self.data[slot]
                dropped += 1
        return dropped


def stories(packed: str) -> set[str]:
    """The distinct story tags in a posting list."""
    return {entry.rpartition("/")[2] for entry in packed.split()}


def posting_entry(aid: str, doc: records.Doc) -> str:
    return records.posting_entry(aid, doc.published, doc.ingest, doc.story_id)
