"""faust codecs that carry pydantic v2 models as JSON.

faust's own ``Record`` is not pydantic, so each published model gets a codec
registered under its class name, and topics name it as ``value_serializer``.
Consumers of internal topics read raw bytes and call :func:`decode` inside the
agent's per-event error handling: a faust codec that raises on decode would
throw into the stream and restart the agent, where we want a DLQ record.
"""

from __future__ import annotations

from typing import Any, TypeVar

from faust.serializers import codecs
from pydantic import BaseModel

from worker.models import DedupedArticle, DuplicateRecord, EnrichedArticle, NormalizedArticle, Rejected

M = TypeVar("M", bound=BaseModel)


class PydanticCodec(codecs.Codec):
    """Serialize one pydantic model class to and from compact JSON bytes."""

    def __init__(self, model: type[BaseModel], **kwargs: Any) -> None:
        self.model = model
        super().__init__(model=model, **kwargs)

    def _dumps(self, obj: Any) -> bytes:
        if isinstance(obj, BaseModel):
            return obj.model_dump_json().encode("utf-8")
        return self.model.model_validate(obj).model_dump_json().encode("utf-8")

    def _loads(self, s: bytes) -> Any:
        return self.model.model_validate_json(s)


def decode(model: type[M], payload: bytes) -> M:
    """Parse ``payload`` as ``model``; raises ``pydantic.ValidationError`` on bad input."""
    return model.model_validate_json(payload)


def encode(record: BaseModel) -> bytes:
    return record.model_dump_json().encode("utf-8")


def register_codecs() -> None:
    """Register one codec per model under the model's class name (idempotent)."""
    for model in (NormalizedArticle, DedupedArticle, EnrichedArticle, DuplicateRecord, Rejected):
        codecs.register(model.__name__, PydanticCodec(model))
