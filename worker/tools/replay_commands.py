"""``ingest replay`` and ``ingest process``: one set of input options, the same readers behind both.

Kept apart from :mod:`worker.tools.cli` because both commands share a dozen
options; heavy imports (aiokafka, the pipeline) happen inside the commands so
``ingest --help`` stays fast.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from worker.settings import get_settings
from worker.tools.console import fail, settings_with

if TYPE_CHECKING:
    from worker.tools.replay import Source

#: Room for key and headers next to the payload in one Kafka record.
HEADER_ROOM = 64 * 1024

Paths = Annotated[list[str] | None, typer.Argument(
    help="Files, folders or globs (.txt/.html, .json, .jsonl, .csv, .warc, optionally .gz); '-' is standard "
         "input. Default: seeds/.", show_default=False)]
class InputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    WARC = "warc"


class TimestampMode(StrEnum):
    PUBLICATION = "publication"
    NOW = "now"


FormatOpt = Annotated[InputFormat | None, typer.Option(
    "--format", help="Input format; default from each file's extension.", show_default=False)]
FieldOpt = Annotated[list[str] | None, typer.Option(
    "--field", help="Source field for a part, e.g. --field body=text --field published_at=date. Parts: id, title, "
                    "body, html, published_at, url, source_domain, language, authors, publisher. Defaults: "
                    "news-please (maintext, date_publish, ...).", show_default=False)]
LimitOpt = Annotated[int | None, typer.Option(min=1, help="Stop after this many articles.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first malformed record instead of skipping.")]
TimestampsOpt = Annotated[TimestampMode, typer.Option(
    help="Record timestamp: the article's publication (or crawl) time when known and recent enough to be kept, "
         "or the send time.")]


def _report(line: str) -> None:
    typer.echo(line, err=True)


def _source(paths: list[str] | None, fmt: InputFormat | None, field: list[str] | None, limit: int | None, strict: bool,
            repeat: int, max_bytes: int) -> Source:
    from worker.tools.replay import Fields, Source

    try:
        source = Source(paths=paths or ["seeds"], fields=Fields.parse(field or []),
                        fmt=fmt.value if fmt else None, strict=strict, limit=limit, repeat=repeat, max_bytes=max_bytes)
        source.files()
    except ValueError as exc:
        raise fail(str(exc)) from None
    return source


def replay(
    paths: Paths = None,
    fmt: FormatOpt = None,
    field: FieldOpt = None,
    timestamps: TimestampsOpt = TimestampMode.PUBLICATION,
    rate: Annotated[float | None, typer.Option(help="Messages per second; default as fast as possible.")] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Send the whole input this many times.")] = 1,
    limit: LimitOpt = None,
    strict: StrictOpt = False,
    bootstrap: Annotated[str | None, typer.Option(help="Kafka bootstrap servers.")] = None,
) -> None:
    """Publish each article as one message to the raw topic, its metadata as headers.

    Key: the source's id field, else the URL, else a content hash (a text file: its stem).
    """
    from worker.tools.replay import MalformedInput, PublishStats, ReplayError, Tally, publish

    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # failures surface as one ReplayError line
    s = settings_with(bootstrap)
    source = _source(paths, fmt, field, limit, strict, repeat, s.max_message_bytes - HEADER_ROOM)
    tally, stats = Tally(), PublishStats()
    files = source.files()
    total = len(files) * repeat if all(f.lower().endswith((".txt", ".html", ".htm")) for f in files) else None
    try:
        asyncio.run(publish(s, source.messages(tally, _report, timestamps.value), rate=rate,
                            total=min(filter(None, [total, limit]), default=None),
                            show_progress=sys.stderr.isatty(), stats=stats))
    except (ReplayError, MalformedInput) as exc:
        raise fail(str(exc)) from None
    typer.echo(f"replayed {stats.sent} messages from {len(files)} input(s) x {repeat} to {s.topic_raw} at "
               f"{s.bootstrap}: {tally.summary()}")
    if stats.restamped:
        typer.echo(f"{stats.restamped} stamped with the send time: published more than "
                   f"{stats.horizon_ms / 86_400_000:.1f} days ago (their time is in the published_at header)")


def process(
    paths: Paths = None,
    fmt: FormatOpt = None,
    field: FieldOpt = None,
    timestamps: TimestampsOpt = TimestampMode.PUBLICATION,
    limit: LimitOpt = None,
    strict: StrictOpt = False,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON for people.")] = False,
) -> None:
    """Run all stages in-process (no Kafka) and print one JSON record per article, in input order."""
    from worker.tools.process import process_source
    from worker.tools.replay import MalformedInput, Tally

    s = get_settings()
    source = _source(paths, fmt, field, limit, strict, 1, s.max_message_bytes - HEADER_ROOM)
    tally = Tally()
    try:
        for record in process_source(s, source, tally, _report, timestamps.value):
            typer.echo(record.model_dump_json(indent=2 if pretty else None))
    except MalformedInput as exc:
        raise fail(str(exc)) from None
    _report(f"processed {tally.summary()}")
