"""A plain-dict memo for per-word functions on the hot path.

``functools.lru_cache`` costs about half a microsecond a call (it keeps its
recency list up to date); a dict subclass with ``__missing__`` answers a hit
with one C-level lookup, tens of nanoseconds. Articles repeat their vocabulary,
so hits dominate. Bounded by clearing when full: a news vocabulary is small,
so that is rare, and it costs only recomputation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``memo[key]`` is ``fn(key)``, computed once per key until the memo fills up."""

    def __init__(self, fn: Callable[[K], V], limit: int = 200_000) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value
