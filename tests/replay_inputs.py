"""Small corpora in the formats real news corpora come in, written by the tests themselves.

The texts are halves of the cleaned seed bodies (``tests/fixtures/normalize``):
real prose, distinct from each other (no copies, so every one comes out as a
unique article), a handful of paragraphs each.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BODIES = Path(__file__).resolve().parent / "fixtures" / "normalize"


@dataclass(frozen=True)
class Sample:
    title: str
    body: str
    url: str
    published: str  # ISO 8601, UTC

    @property
    def domain(self) -> str:
        return self.url.split("/")[2].removeprefix("www.")


def samples(n: int, site: str = "example.org", first: datetime = datetime(2024, 4, 1, 8, 30, tzinfo=UTC),
            skip: int = 0) -> list[Sample]:
    """``n`` distinct articles (at most 10 - ``skip``): seed bodies cut in two, published a day apart from ``first``."""
    halves = []
    for path in sorted(BODIES.glob("*.body.txt")):
        paras = [p for p in path.read_text().split("\n\n") if p.strip()]
        cut = (len(paras) + 1) // 2
        halves += [paras[:cut], paras[cut:]]
    out = []
    for i, paras in enumerate(halves[skip:skip + n]):
        slug = f"{site.split('.')[0]}-story-{i}"
        when = (first + timedelta(days=i)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        out.append(Sample(title=f"Blinken in China, report {i} from {site}", body="\n\n".join(paras),
                          url=f"https://www.{site}/world/{slug}", published=when))
    return out


def write_jsonl(path: Path, items: list[Sample], extra_lines: tuple[str, ...] = ()) -> Path:
    """news-please layout; ``extra_lines`` are appended raw (to plant malformed ones)."""
    lines = [json.dumps({"title": s.title, "maintext": s.body, "date_publish": s.published.replace("T", " ")[:19],
                         "url": s.url, "source_domain": s.domain, "language": "en", "authors": ["Ann Reporter"]})
             for s in items]
    text = "\n".join([*lines, *extra_lines]) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def write_csv(path: Path, items: list[Sample], blank_text_row: bool = False) -> Path:
    """A spreadsheet export: its own column names (mapped with --field), one row without text if asked."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["headline", "text", "published", "link"])
    for s in items:
        w.writerow([s.title, s.body, s.published, s.url])
    if blank_text_row:
        w.writerow(["A headline without a story", "", "2024-04-01", "https://example.net/empty"])
    path.write_text(buf.getvalue())
    return path


CSV_FIELDS = ["title=headline", "body=text", "published_at=published", "url=link"]


def page(s: Sample, *, meta_date: bool) -> bytes:
    """An article page; with ``meta_date`` the page states its publication time itself."""
    meta = f'<meta property="article:published_time" content="{s.published}">' if meta_date else ""
    paras = "".join(f"<p>{p}</p>" for p in s.body.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{s.title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{s.title}</h1>{paras}</article><footer>Contact us</footer></body></html>").encode()


def write_warc(path: Path, items: list[Sample], last_modified: list[str], crawled: str = "2024-05-01T12:00:00Z",
               *, with_image: bool = False, with_redirect: bool = False) -> Path:
    """A crawl: request + response per page (the first page states its date in a meta tag), plus extras."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for i, (s, modified) in enumerate(zip(items, last_modified, strict=True)):
            _request(writer, s.url, crawled)
            _response(writer, s.url, page(s, meta_date=i == 0), "text/html; charset=utf-8", crawled,
                      [("Last-Modified", modified)])
        if with_image:
            _response(writer, "https://www.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png",
                      crawled, [])
        if with_redirect:
            _response(writer, "https://www.example.org/old", b"", "text/html", crawled,
                      [("Location", "https://www.example.org/new")], status="301 Moved Permanently")
    return path


def _request(writer: WARCWriter, url: str, date: str) -> None:
    headers = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": date}))


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, date: str, extra: list[tuple[str, str]],
              status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body))), *extra],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": date}))
