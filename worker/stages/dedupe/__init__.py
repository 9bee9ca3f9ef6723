"""dedupe: exact copies, near copies and same-story clusters over bounded state."""

from worker.stages.dedupe.boilerplate import strip as strip_recurring
from worker.stages.dedupe.stage import VERSION, Deduper
from worker.stages.dedupe.store import TABLE, DedupeStore

__all__ = ["TABLE", "VERSION", "DedupeStore", "Deduper", "strip_recurring"]
