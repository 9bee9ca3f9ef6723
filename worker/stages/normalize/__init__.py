"""normalize: bytes in, a clean :class:`~worker.models.NormalizedArticle` out."""

from worker.stages.normalize.stage import VERSION, RawInput, normalize

__all__ = ["VERSION", "RawInput", "normalize"]
