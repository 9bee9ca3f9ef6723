"""Generate the published JSON Schemas from :data:`worker.models.PUBLISHED_MODELS`."""

from __future__ import annotations

import json

from worker.models import PUBLISHED_MODELS

SCHEMA_BASE = "https://github.com/news-ingest/news-ingest/schemas/"


def schema_documents() -> dict[str, str]:
    """File stem -> schema text (stable key order, trailing newline)."""
    docs = {}
    for name, model in PUBLISHED_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"{SCHEMA_BASE}{name}.schema.json", **schema}
        docs[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return docs
