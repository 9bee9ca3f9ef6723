"""WARC archives (web crawls, e.g. news crawls published by web archives): one article per HTML response.

Why warcio: it is the reference reader of the format (Webrecorder, used by
pywb and the Common Crawl tools), streams plain and gzipped archives
record by record, and undoes HTTP chunking and content encodings. The
format's corners (continuations, ARC files, per-record gzip members) are
not worth relearning by hand.

Taken: ``response`` records (and ``resource`` records, which store a page
without its HTTP envelope) of http(s) URIs with a 2xx status and an HTML
payload. Their target URI is the URL, ``WARC-Date`` the crawl time, HTTP
``Last-Modified`` a bound on the publication time. Request, metadata and
warcinfo records and ``dns:`` responses are the crawler's bookkeeping and are
passed over silently; any other response (an image, a redirect) is reported
as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from worker.stages.normalize.html import is_html
from worker.stages.normalize.provided import parse_time
from worker.tools.replay.records import Article, Malformed

PAGE_RECORDS = frozenset({"response", "resource"})
_URI_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):\S")
SNIFF_BYTES = 2048


def read_warc(stream: IO[bytes], name: str) -> Iterator[Article | Malformed]:
    records = ArchiveIterator(stream)
    try:
        for record in records:
            if record.rec_type not in PAGE_RECORDS:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("uri")
            scheme = _URI_SCHEME.match(uri or "")
            if scheme is None:  # warcio reads any text as ARC records: a page record without a URI is no archive
                yield Malformed(f"{name}@{records.offset}", "not a WARC record (no target URI); "
                                "the rest of this file is skipped")
                return
            if scheme.group(1).lower() not in ("http", "https"):  # dns:, whois: bookkeeping of the crawler
                continue
            item = _page(record, name, uri)
            # the offset is known once the record is read: `warcio extract FILE OFFSET` shows the record
            yield replace(item, where=f"{name}@{records.get_record_offset()} ({uri})")
    except ArchiveLoadFailed as exc:
        yield Malformed(name, f"not a readable WARC from here on ({exc}); the rest of this file is skipped")


def _page(record: Any, name: str, uri: str | None) -> Article | Malformed:
    http = record.http_headers
    rec_headers = record.rec_headers
    status = http.get_statuscode() if http is not None else "200"
    if not str(status).startswith("2"):
        return Malformed("", f"HTTP status {status}, not a page")
    ctype = (http.get_header("Content-Type") if http is not None else None) or rec_headers.get_header(
        "Content-Type") or ""
    kind = ctype.split(";")[0].strip().lower()
    if kind and not _maybe_html(kind):  # an image or a PDF is not even read
        return Malformed("", f"not HTML ({kind})")
    payload: bytes = record.content_stream().read()
    if not is_html(payload[:SNIFF_BYTES].decode("utf-8", "replace"), ctype or None):
        return Malformed("", f"not HTML ({kind or 'no content type'})")
    return Article(payload=payload, content_type=ctype or "text/html", filename=name, url=uri,
                   crawled_at=parse_time(rec_headers.get_header("WARC-Date")),
                   last_modified=_http_date(http.get_header("Last-Modified") if http is not None else None))


def _maybe_html(kind: str) -> bool:
    """Content types whose payload may be a page (servers label HTML as text/plain or octet-stream too)."""
    return "html" in kind or "xml" in kind or kind.startswith("text/") or kind == "application/octet-stream"


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110, e.g. ``Tue, 07 Feb 2017 10:00:00 GMT``) in UTC, or None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
