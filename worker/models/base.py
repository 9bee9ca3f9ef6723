"""The base of every record, and where an article came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Frozen, and strict about unknown fields: a record is what its schema says, nothing more."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RawRef(Record):
    """Where an article came from: its coordinates on the raw topic."""

    topic: str
    partition: int
    offset: int
    key: str | None = Field(None, description="The raw message key, e.g. the seed file stem.")
    timestamp_ms: int = Field(description="Kafka timestamp of the raw message (ingest time).")
    filename: str | None = Field(None, description="From the 'filename' header, when present.")
    content_type: str | None = Field(None, description="From the 'content-type' header, when present.")


#: Where a metadata field's value came from: a Kafka header, the URL header, the HTML page, the plain text.
MetadataSource = Literal["header", "url", "html", "text"]


class Removal(Record):
    """One piece of text normalize dropped from the body, and why (for audits)."""

    reason: str = Field(description="Reason code, e.g. 'cta', 'share_nav', 'teaser', 'legal', 'off_topic_tail'.")
    text: str = Field(description="The removed text, cut to 200 characters.")
