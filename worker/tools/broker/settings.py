"""The development broker's own two knobs, kept out of the runtime's settings.

The worker never starts a broker; only the demo, the tests, the benchmarks and
``ingest broker`` do. So the Kafka version they fetch and the cache folder for
its jars (and for the benchmark corpora) live here, read from the same
``INGEST_*`` environment variables as before.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "news-ingest"


class DevSettings(BaseSettings):
    """Where the development broker's jars come from and go to."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", frozen=True, extra="ignore")

    kafka_version: str = Field("3.9.1", description="Apache Kafka version of the local broker (from Maven Central).")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description=(
        "Kafka jars and downloaded benchmark corpora (default ~/.cache/news-ingest)."))


@lru_cache(maxsize=1)
def dev_settings() -> DevSettings:
    return DevSettings()
