"""The published JSON Schemas must match worker/models.py exactly."""

from pathlib import Path

from worker.tools.schemas import schema_documents

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"


def test_schemas_do_not_drift_from_models():
    docs = schema_documents()
    on_disk = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert on_disk == set(docs), "schemas/ has extra or missing files; run `ingest schemas`"
    for name, text in docs.items():
        assert (SCHEMAS / f"{name}.schema.json").read_text() == text, f"{name} drifted; run `ingest schemas`"
