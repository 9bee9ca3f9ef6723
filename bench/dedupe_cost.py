"""Dedupe cost and state growth, with state in RocksDB the way the worker keeps it.

In the worker each dedupe table is a faust table over ``rocksdict`` (raw mode,
orjson-encoded values, faust's RocksDB options with our block cache), every
write is also a changelog message, and the agent runs on ONE partition; the
lookup index is the worker's own local RocksDB (``worker.runtime.local_index``, no
changelog). So this bench backs each table with its own ``rocksdict.Rdict``
opened with faust's options (``RocksMap``), the index with ``LocalIndex``, and
counts gets and writes (set and delete) of each. It measures:
- ``fingerprint()`` (the stateless part, done upstream in the parallel normalize agent);
- ``decide(article, fingerprint)`` (the stateful part) at ~10k and at N articles in state;
- reads and writes per article (unique and copies separately; table writes are
  changelog messages in the worker, index writes are local puts);
- state entries and bytes on disk per 100k articles, process RSS and its growth, and
  RSS extrapolated to 1M articles. ``--store memory`` runs the same over dicts.

NewsArticles texts are recycled into N articles: copy k of a text gets new ids,
about one word in six replaced (so it is *unique* at the MinHash level and the
indexes really grow) and a clock shifted by k x 80 h (so each round is its own
news week). One article in ten is re-sent as an exact copy (new id, same text).
Retention is set long so nothing expires while filling. Articles are generated
on the fly, so the process holds only the corpus and the state.

RSS grows while RocksDB memtables and block caches fill (both capped: two 16 MB
memtables and a 64 MB cache per database, by the worker's settings), so a linear
extrapolation from the start overstates it; the bench prints RSS at four
checkpoints and also extrapolates from the last quarter's growth.
``--write-buffer-mb`` shows the effect of another memtable size (faust's own
default is 64 MB x 3 per table).

Usage: ``python -m bench.dedupe_cost [--articles 100000] [--sample 2000] [--store rocksdb|memory]
[--write-buffer-mb 64]``
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
import rocksdict

from bench.corpus import news_articles
from worker.models import NormalizedArticle, RawRef, Verdict
from worker.runtime.local_index import LocalIndex
from worker.settings import get_settings
from worker.stages.dedupe import Deduper, DedupeStore
from worker.stages.dedupe.index import MemoryKeyValue
from worker.stages.normalize.text import content_hash, fold

HOUR = 3_600_000
T0 = 1_486_000_000_000


class Counts:
    reads = 0
    writes = 0
    index_reads = 0
    index_writes = 0


class CountingDict(dict[str, Any]):
    """A plain dict (as the in-memory store uses) that counts gets and writes."""

    def get(self, key: str, default: Any = None) -> Any:
        Counts.reads += 1
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        Counts.writes += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        Counts.writes += 1
        super().__delitem__(key)


class IndexCounting:
    """Mixin: count the index's gets and writes (put before a str -> str mapping class)."""

    def get(self, key: str, default: str | None = None) -> str | None:
        Counts.index_reads += 1
        return super().get(key, default)  # type: ignore[misc]

    def __setitem__(self, key: str, value: str) -> None:
        Counts.index_writes += 1
        super().__setitem__(key, value)  # type: ignore[misc]

    def __delitem__(self, key: str) -> None:
        Counts.index_writes += 1
        super().__delitem__(key)  # type: ignore[misc]


class CountingIndex(IndexCounting, LocalIndex):
    """The worker's local index, counting."""

    def disk_bytes(self) -> int:
        self.db.flush()
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())


class CountingDictIndex(IndexCounting, MemoryKeyValue):  # type: ignore[misc]
    """The in-memory index, counting."""


def rocks_options(block_cache_mb: int, write_buffer_mb: int = 64) -> rocksdict.Options:
    """faust's ``RocksDBOptions.as_options`` for rocksdict, with the worker's block cache and memtables."""
    opts = rocksdict.Options(raw_mode=True)
    opts.create_if_missing(True)
    opts.set_max_open_files(943719)
    opts.set_write_buffer_size(write_buffer_mb * 1024 * 1024)  # faust default: 64 MB, up to 3 per table
    opts.set_target_file_size_base(67108864)
    opts.set_max_write_buffer_number(2)  # the worker's table options
    table = rocksdict.BlockBasedOptions()
    table.set_bloom_filter(3, True)
    table.set_block_cache(rocksdict.Cache(block_cache_mb * 1024 * 1024))
    table.set_index_type(rocksdict.BlockBasedIndexType.binary_search())
    opts.set_block_based_table_factory(table)
    return opts


class RocksMap(MutableMapping[str, Any]):
    """A faust-table-like mapping: str keys, orjson values, one RocksDB get/put/delete per operation."""

    def __init__(self, path: Path, block_cache_mb: int, write_buffer_mb: int = 64) -> None:
        self.path = path
        self.db = rocksdict.Rdict(str(path), options=rocks_options(block_cache_mb, write_buffer_mb))

    def get(self, key: str, default: Any = None) -> Any:
        Counts.reads += 1
        raw = self.db.get(key.encode())
        return default if raw is None else orjson.loads(raw)

    def __getitem__(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        Counts.writes += 1
        self.db.put(key.encode(), orjson.dumps(value))

    def __delitem__(self, key: str) -> None:
        Counts.writes += 1
        self.db.delete(key.encode())

    def __iter__(self) -> Iterator[str]:
        """For the rebuild timing only (the stage never iterates the table)."""
        return (k.decode() for k in self.db.keys())  # noqa: SIM118 (Rdict is not typed as iterable)

    def __len__(self) -> int:
        """Exact count by a full scan (bench only: the stage never does this)."""
        return sum(1 for _ in self.db.keys())  # noqa: SIM118 (Rdict is not typed as iterable)

    def disk_bytes(self) -> int:
        self.db.flush()
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def articles(deduper: Deduper, seed: int = 1) -> Iterator[tuple[NormalizedArticle, str, float]]:
    """Endless stream of (article, fingerprint, ms spent on the fingerprint)."""
    corpus = news_articles()
    vocab = [w for a in corpus[:300] for w in a.text.split()]
    rng = random.Random(seed)
    prev: NormalizedArticle | None = None
    i = 0
    while True:
        if prev is not None and rng.random() < 0.1:  # a re-sent copy of the previous article
            a = prev.model_copy(update={"article_id": f"{i:016x}", "source": prev.source.model_copy(
                update={"offset": i})})
        else:
            k, n = divmod(i, len(corpus))
            words = corpus[n].text.split()
            if k:
                words = [rng.choice(vocab) if rng.random() < 1 / 6 else w for w in words]
            body = " ".join(words)
            folded = fold(body)
            src = RawRef(topic="bench", partition=0, offset=i, key=f"{k}-{corpus[n].id}",
                         timestamp_ms=T0 + k * 80 * HOUR + (n * 60_000))
            a = NormalizedArticle(article_id=f"{i:016x}", source=src, title=corpus[n].title, body=body,
                                  folded=folded, content_hash=content_hash(folded), word_count=len(words))
        t = time.perf_counter()
        fp = deduper.fingerprint(a)
        yield a, fp, (time.perf_counter() - t) * 1000
        prev, i = a, i + 1


def timed(deduper: Deduper, stream: Iterator[tuple[NormalizedArticle, str, float]], n: int) -> dict[str, Any]:
    ms: dict[bool, list[float]] = {True: [], False: []}
    ops: dict[bool, list[int]] = {True: [0, 0, 0, 0], False: [0, 0, 0, 0]}
    fp_ms = []
    counts = lambda: (Counts.reads, Counts.writes, Counts.index_reads, Counts.index_writes)  # noqa: E731
    for _ in range(n):
        a, fp, f_ms = next(stream)
        fp_ms.append(f_ms)
        before = counts()
        t = time.perf_counter()
        r = deduper.decide(a, fp)
        took = (time.perf_counter() - t) * 1000
        uniq = r.verdict is Verdict.UNIQUE
        ms[uniq].append(took)
        for k, (x, y) in enumerate(zip(counts(), before, strict=True)):
            ops[uniq][k] += x - y
    return {"ms": ms[True] + ms[False], "fp": fp_ms, "unique": (len(ms[True]), *ops[True]),
            "copies": (len(ms[False]), *ops[False])}


def report(label: str, res: dict[str, Any]) -> None:
    ms, fp = res["ms"], res["fp"]
    p95 = statistics.quantiles(ms, n=20)[-1]
    print(f"{label}: decide(article, fingerprint) median {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms; "
          f"fingerprint() median {statistics.median(fp):.2f} ms, p95 {statistics.quantiles(fp, n=20)[-1]:.2f} ms")
    for kind in ("unique", "copies"):
        n, r, w, ir, iw = res[kind]
        if n:
            print(f"    {kind:7s} ({n}): tables {r / n:.1f} reads, {w / n:.1f} writes (changelog messages); "
                  f"index {ir / n:.1f} reads, {iw / n:.1f} writes per article")


def state_size(table: Any, index: Any) -> tuple[int, int]:
    if isinstance(index, CountingIndex):
        return len(table) + _exact_len(index), table.disk_bytes() + index.disk_bytes()
    size = sum(len(k) + len(orjson.dumps(v)) for k, v in table.items())
    size += sum(len(k) + len(v) for k, v in index.items())
    return len(table) + len(index), size


def _exact_len(index: LocalIndex) -> int:
    return sum(1 for _ in index.db.keys())  # noqa: SIM118 (Rdict is not typed as iterable)


def rebuild(table: Any, index: Any, settings: Any, tmp: Path) -> None:
    """Time a full index rebuild from the table: what a worker on a fresh disk does while it recovers.

    The worker files each record its changelog recovery applies (``DedupeStore.refile``); here the
    records come from the table itself, oldest first.
    """
    fresh: Any = CountingIndex(tmp / "index-rebuilt", settings.rocksdb_block_cache_mb) if isinstance(
        index, CountingIndex) else CountingDictIndex()
    store = DedupeStore(table, fresh, bands=settings.minhash_bands, rows=settings.minhash_rows)
    records = sorted(table.items(), key=lambda kv: kv[1]["ingest_ms"])
    t = time.perf_counter()
    for aid, value in records:
        store.refile(aid, None, value)
    took = time.perf_counter() - t
    print(f"index rebuilt from the table (a fresh disk): {len(records):,} records in {took:.1f} s, "
          f"{len(records) / took:,.0f} records/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--store", choices=["rocksdb", "memory"], default="rocksdb")
    ap.add_argument("--write-buffer-mb", type=int, default=None,
                    help="RocksDB memtable size (default: the worker's setting; faust's own default is 64)")
    args = ap.parse_args()
    n, sample = args.articles, args.sample
    settings = get_settings().model_copy(update={"retention_days": 10_000})
    buffer_mb = args.write_buffer_mb or settings.rocksdb_write_buffer_mb
    tmp = Path(tempfile.mkdtemp(prefix="dedupe-cost-"))
    try:
        if args.store == "rocksdb":
            table: Any = RocksMap(tmp / "decisions", settings.rocksdb_block_cache_mb, buffer_mb)
            index: Any = CountingIndex(tmp / "index", settings.rocksdb_block_cache_mb, buffer_mb)
            print(f"state: RocksDB in {tmp}, block cache {settings.rocksdb_block_cache_mb} MB, "
                  f"write buffer {buffer_mb} MB per table; local index as the worker opens it")
        else:
            table = CountingDict()
            index = CountingDictIndex()
            print("state: in memory")
        deduper = Deduper(DedupeStore(table, index, bands=settings.minhash_bands, rows=settings.minhash_rows),
                          settings)
        stream = articles(deduper)
        small = min(10_000, n)
        for _ in range(small):
            a, fp, _ms = next(stream)
            deduper.decide(a, fp)
        report(f"with {small} in state", timed(deduper, stream, sample))

        rss0, (e0, b0), done0 = rss_mb(), state_size(table, index), small + sample
        t = time.perf_counter()
        quarters = [done0 + (n - done0) * q // 4 for q in range(1, 5)]
        checkpoints = [(done0, rss0)]
        done = done0
        for stop in quarters:
            for _ in range(stop - done):
                a, fp, _ms = next(stream)
                deduper.decide(a, fp)
            done = stop
            checkpoints.append((done, rss_mb()))
        fill_s = time.perf_counter() - t
        rss1, (e1, b1) = rss_mb(), state_size(table, index)
        print(f"filled {n - done0} more in {fill_s:.0f} s ({fill_s / (n - done0) * 1000:.2f} ms/article mean, "
              f"fingerprint included)")
        report(f"with {n} in state", timed(deduper, stream, sample))

        per = 100_000 / (n - done0)
        print(f"state growth per 100k articles: {(e1 - e0) * per:,.0f} entries, "
              f"{(b1 - b0) * per / 1e6:.1f} MB {'on disk' if args.store == 'rocksdb' else 'JSON'}; "
              f"RSS {(rss1 - rss0) * per:.0f} MB")
        print(f"entries: table {len(table):,}; "
              f"index {_exact_len(index) if isinstance(index, CountingIndex) else len(index):,}")
        print("RSS at " + ", ".join(f"{k:,}: {r:.0f} MB" for k, r in checkpoints))
        (k0, r0), (k1, r1) = checkpoints[-2], checkpoints[-1]
        # RocksDB's caches and memtables are capped and fill early, so the last quarter's slope is the honest one.
        print(f"RSS now {rss1:.0f} MB; extrapolated to 1M articles in state: "
              f"{rss1 + (rss1 - rss0) / (n - done0) * (1_000_000 - n):.0f} MB at the mean growth, "
              f"{r1 + (r1 - r0) / (k1 - k0) * (1_000_000 - k1):.0f} MB at the last quarter's")
        rebuild(table, index, settings, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
