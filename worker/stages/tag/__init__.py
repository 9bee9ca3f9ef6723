"""tag: entities, categories, keywords and flags for a normalized article."""

from worker.stages.tag.stage import VERSION, Tagger

__all__ = ["VERSION", "Tagger"]
