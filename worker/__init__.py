"""news-ingest: a Kafka stream worker that normalizes, dedupes and tags news articles."""

__version__ = "0.1.0"
