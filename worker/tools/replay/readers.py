"""One reader per input format, each yielding :class:`Article` or :class:`Malformed` in file order.

Formats: ``text`` (one article per ``.txt``/``.html`` file, as before), ``json``
(one object per file, as news-please stores articles, or an array of them),
``jsonl`` (one JSON object per line), ``csv`` (a header row, then one article
per row), each optionally gzipped, and ``warc`` (web-crawl archives, through
:mod:`.warc`). The
format comes from the file name, or from ``--format`` (needed for standard input,
``-``, unless it starts like JSON lines or a WARC file).

Readers never stop on a bad record: they yield :class:`Malformed` with its place,
and the caller decides (count and go on, or ``--strict``).
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import mimetypes
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal, cast

import orjson

from worker.tools.replay.records import Article, Fields, Malformed, from_row

Format = Literal["text", "json", "jsonl", "csv", "warc"]
STDIN = "-"
SUFFIXES: dict[str, Format] = {".txt": "text", ".text": "text", ".html": "text", ".htm": "text",
                               ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
                               ".warc": "warc", ".arc": "warc"}
#: A CSV field may hold a whole article (Python's default limit is 128 KiB).
CSV_FIELD_LIMIT = 64 * 1024 * 1024

Item = Article | Malformed


def format_of(path: str) -> Format | None:
    """The format a file name implies (``.gz`` looked through), or None."""
    name = path.lower().removesuffix(".gz")
    return SUFFIXES.get(Path(name).suffix)


def expand(paths: list[str]) -> list[str]:
    """Folders to the files in them that have a known format (sorted), globs to their matches; ``-`` stays."""
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
        elif Path(p).is_dir():
            out.extend(sorted(str(f) for f in Path(p).iterdir() if f.is_file() and format_of(f.name)))
        elif not Path(p).exists() and any(c in p for c in "*?["):
            out.extend(sorted(glob.glob(p)))
        else:
            out.append(p)
    return out


def read(path: str, fields: Fields, fmt: Format | None = None) -> Iterator[Item]:
    """Every article (or malformed record) in ``path``, by ``fmt`` or by its name."""
    if path == STDIN:
        yield from _read_stdin(fields, fmt)
        return
    fmt = fmt or format_of(path)
    if fmt is None:
        yield Malformed(path, "unknown format (give --format text|json|jsonl|csv|warc)")
        return
    if fmt == "text":
        yield text_file(Path(path))
        return
    try:
        with _open_binary(path) as stream:
            yield from READERS[fmt](stream, Path(path).name, fields)
    except (OSError, EOFError, UnicodeDecodeError) as exc:  # missing file, truncated gzip: the rest is lost
        yield Malformed(path, f"cannot read on ({type(exc).__name__}: {exc}); the rest of this file is skipped")


def text_file(path: Path) -> Item:
    """A whole file as one article; its stem is the key (the seeds' layout)."""
    try:
        payload = path.read_bytes()
    except OSError as exc:
        return Malformed(str(path), f"cannot read: {exc.strerror or exc}")
    ctype = mimetypes.guess_type(path.name)[0] or "text/plain"
    return Article(payload=payload, content_type=ctype, filename=path.name, where=str(path), id=path.stem)


def read_jsonl(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            row = orjson.loads(line.rstrip(b"\r\n"))
        except orjson.JSONDecodeError as exc:
            yield Malformed(where, f"not JSON ({exc})")
            continue
        yield _object(row, fields, name, where)


def read_json(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    try:
        doc = orjson.loads(stream.read())
    except orjson.JSONDecodeError as exc:
        yield Malformed(name, f"not JSON ({exc})")
        return
    rows = doc if isinstance(doc, list) else [doc]
    for n, row in enumerate(rows):
        where = f"{name}[{n}]" if isinstance(doc, list) else name
        yield _object(row, fields, name, where)


def _object(row: object, fields: Fields, name: str, where: str) -> Item:
    if not isinstance(row, dict):
        return Malformed(where, f"a JSON {type(row).__name__}, not an object")
    return from_row(row, fields, filename=name, where=where)


def read_csv(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    rows = csv.DictReader(text)
    n = 0
    while True:
        n += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Malformed(f"{name} row {n}", f"not CSV ({exc})")
            continue
        yield from_row(row, fields, filename=name, where=f"{name} row {n}")


def _read_warc(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    from worker.tools.replay.warc import read_warc  # lazy: warcio only for archives

    yield from read_warc(stream, name)


READERS: dict[str, Callable[[IO[bytes], str, Fields], Iterator[Item]]] = {
    "json": read_json, "jsonl": read_jsonl, "csv": read_csv, "warc": _read_warc}


def _read_stdin(fields: Fields, fmt: Format | None) -> Iterator[Item]:
    stream = sys.stdin.buffer
    if fmt == "warc":  # warcio reads gzip itself
        yield from _read_warc(stream, "stdin", fields)
        return
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    if head == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=stream)
    if fmt is None:
        fmt = _sniff(stream)
    if fmt == "text":
        yield Article(payload=stream.read(), content_type="text/plain", filename="stdin", where="stdin")
    else:
        yield from READERS[fmt](stream, "stdin", fields)


def _sniff(stream: IO[bytes]) -> Format:
    """JSON lines or WARC by their first bytes; anything else is one text article."""
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    start = head.lstrip()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"WARC/"):
        return "warc"
    return "text"


@contextmanager
def _open_binary(path: str) -> Iterator[IO[bytes]]:
    """The file's bytes, gunzipped when the name ends in ``.gz`` (except WARC: warcio handles its gzip)."""
    with open(path, "rb") as raw:
        if path.lower().endswith(".gz") and format_of(path) != "warc":
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield raw
