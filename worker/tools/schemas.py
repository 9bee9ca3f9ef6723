"""Generate (or check) the published JSON Schemas from :data:`worker.models.PUBLISHED_MODELS`."""

from __future__ import annotations

import json
from pathlib import Path

from worker.models import PUBLISHED_MODELS

SCHEMA_BASE = "https://github.com/news-ingest/news-ingest/schemas/"
SUFFIX = ".schema.json"


def schema_documents() -> dict[str, str]:
    """File stem -> schema text (stable key order, trailing newline)."""
    docs = {}
    for name, model in PUBLISHED_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"{SCHEMA_BASE}{name}{SUFFIX}", **schema}
        docs[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return docs


def stale_files(folder: Path) -> list[Path]:
    """Schema files in ``folder`` that differ from the models, are missing, or belong to no model."""
    docs = schema_documents()
    out = [folder / f"{n}{SUFFIX}" for n, text in docs.items()
           if not (folder / f"{n}{SUFFIX}").exists() or (folder / f"{n}{SUFFIX}").read_text() != text]
    return out + [p for p in sorted(folder.glob(f"*{SUFFIX}")) if p.name.removesuffix(SUFFIX) not in docs]


def write(folder: Path) -> None:
    """Write every schema and remove the files of models that no longer exist."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = schema_documents()
    for name, text in docs.items():
        (folder / f"{name}{SUFFIX}").write_text(text)
    for p in folder.glob(f"*{SUFFIX}"):
        if p.name.removesuffix(SUFFIX) not in docs:
            p.unlink()
