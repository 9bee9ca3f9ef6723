"""The article flow, written once (pure: no Kafka). See :class:`Pipeline`."""

from worker.pipeline.guard import InfrastructureError
from worker.pipeline.pipeline import VERSIONS, Output, Pipeline, Result

__all__ = ["VERSIONS", "InfrastructureError", "Output", "Pipeline", "Result"]
