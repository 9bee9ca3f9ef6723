"""normalize: bytes in, a clean :class:`~worker.models.NormalizedArticle` out."""

from worker.stages.normalize.stage import VERSION, RawInput, article_id_for, normalize

__all__ = ["VERSION", "RawInput", "article_id_for", "normalize"]
