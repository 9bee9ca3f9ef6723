"""How long normalize takes on hostile shapes, and what it decides (one process, no Kafka).

Each shape is what a superlinear step would choke on without the caps described
in :mod:`worker.stages.normalize.visible` (mark floods, invisible characters),
:mod:`worker.stages.normalize.html` (tag floods, deep nesting) and the per-line
bounds of the line features (huge lines of repeated shapes, many lines). The
verdicts are asserted by ``tests/unit/stages/test_normalize_limits.py``; this
prints the seconds (wall clock on a shared machine: compare runs made back to back).

Run: ``python -m bench.normalize_limits``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from worker.models import RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize

SEED = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("002_*.txt"))[0]
LEAD = "The council approved a new budget for public transport on Monday after months of debate."
#: Payloads up to this size are accepted here (the worker's own limit is a setting).
MAX_BYTES = 64_000_000


def shapes() -> Iterator[tuple[str, str | bytes, str]]:
    """(name, payload, content type) of every hostile shape."""
    for n in (1_000, 10_000, 100_000, 1_000_000):
        yield f"{n:,} combining marks after one letter", f"{LEAD}\n\ne" + "\u0301\u0316" * (n // 2), "text/plain"
    seed = SEED.read_text(encoding="utf-8")
    for mark in ("\u200b", "\u200c", "\u00ad"):
        yield f"U+{ord(mark):04X} between every letter of a seed", mark.join(seed), "text/plain"
    yield "5 MB line without spaces", "x" * 5_000_000, "text/plain"
    for unit in ("A", "AAAA - ", "March 3, 2017 ", "By ", "said. Source: ", ".com", "Jane Doe, ", "facebook twitter "):
        yield f"1 MB line of {unit!r}", LEAD + "\n\n" + unit * (1_000_000 // len(unit)), "text/plain"
    yield "150k short lines", "\n".join(f"Line {i} here" for i in range(150_000)), "text/plain"
    yield "60k truncated blurbs", "\n\n".join(
        [LEAD] + [f"word{i} alpha beta gamma delta epsilon zeta eta theta..." for i in range(60_000)]), "text/plain"
    yield "1M empty tags", "<html><body>" + "<p></p>" * 1_000_000 + "</body></html>", "text/html"
    yield "HTML nested 200k deep", ("<html><body>" + "<div>" * 200_000 + "text " * 1000 + "</div>" * 200_000
                                    + "</body></html>"), "text/html"
    yield "20 MB of articles", (seed + "\n\n") * (20_000_000 // (len(seed) + 2)), "text/plain"


def main() -> None:
    slowest = ("", 0.0)
    for name, payload, ctype in shapes():
        raw = RawInput(value=payload.encode() if isinstance(payload, str) else payload,
                       source=RawRef(topic="bench", partition=0, offset=0, timestamp_ms=0, content_type=ctype))
        t0 = time.perf_counter()
        try:
            a = normalize(raw, max_bytes=MAX_BYTES)
            verdict = f"{a.word_count} words, {len(a.body):,} chars, flags {a.flags}"
        except RejectError as exc:
            verdict = f"rejected: {exc.reason}"
        seconds = time.perf_counter() - t0
        slowest = max(slowest, (name, seconds), key=lambda x: x[1])
        print(f"{seconds:7.2f} s  {name}: {verdict}")
    print(f"slowest: {slowest[0]} ({slowest[1]:.2f} s)")


if __name__ == "__main__":
    main()
