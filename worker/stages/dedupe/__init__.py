"""dedupe: exact copies, near copies and same-story clusters over bounded state."""

from worker.stages.dedupe.stage import VERSION, Deduper, DedupeState, MemoryState

__all__ = ["VERSION", "Deduper", "DedupeState", "MemoryState"]
