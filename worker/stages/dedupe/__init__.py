"""dedupe: exact copies, near copies and same-story clusters over bounded state."""

from worker.stages.dedupe.boilerplate import strip as strip_recurring
from worker.stages.dedupe.stage import TABLES, VERSION, Deduper, DedupeState, MemoryState

__all__ = ["TABLES", "VERSION", "DedupeState", "Deduper", "MemoryState", "strip_recurring"]
