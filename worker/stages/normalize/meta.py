"""Metadata hidden in page lines: bylines, dates, copyright holders, and the choice of publisher.

Datelines and agency trailers are read by :mod:`attribution`, dates by :mod:`dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from worker.stages.memo import Memo
from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.dates import parse_date

#: A line this long (in words, or characters) is never a date line, however many dates it names.
MAX_DATE_LINE_WORDS = 12
MAX_DATE_LINE_CHARS = 160
#: A line this long (in words, or characters) is never a byline.
MAX_BYLINE_WORDS = 20
MAX_BYLINE_CHARS = 200
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
_PERSON = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}$")
#: "Jane Doe, Political Correspondent": a name, then a newsroom role.
_NAME_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]{1,30}(?: [A-Z][\w.'’-]{1,30}){1,3}), (?:[\w'’&-]{1,30} ){0,3}"
    r"(?i:correspondent|editor|reporter|writer|columnist|contributor|journalist|analyst|producer|bureau chief|"
    r"staff)s?\b[^.!?]{0,40}$"
)
_COPYRIGHT_HOLDER = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:-\s*\d{4}\s*)?)?(?P<name>[A-Z][\w&.' -]{1,40})",
                               re.IGNORECASE)
_DOMAIN_TAIL = re.compile(r"\.(?:com|org|net|co\.uk|co|news|io)\b.*$", re.IGNORECASE)


#: The metadata fields a NormalizedArticle carries (the rest are candidates for the publisher).
RECORD_FIELDS = ("title", "authors", "publisher", "dateline", "published_at", "credits", "flags")


#: Dates of the date lines seen lately: a head line is asked about, then read (cleared when full).
_DATE_LINES: Memo[str, datetime | None] = Memo(parse_date, limit=4096)


@dataclass
class Meta:
    """What normalize learned about the article besides its body."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    dateline: str | None = None
    published_at: datetime | None = None
    credits: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    byline_publisher: str | None = None
    copyright_holder: str | None = None
    trailer_agency: str | None = None

    def record_fields(self) -> dict[str, Any]:
        """What a :class:`~worker.models.NormalizedArticle` takes from the metadata, by field name."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}


def is_byline(line: str) -> bool:
    """A "By Jane Doe ..." line or a "Jane Doe, Political Correspondent" line."""
    if len(line) > MAX_BYLINE_CHARS:
        return False
    return (lx.BYLINE.match(line) is not None and len(line.split()) <= MAX_BYLINE_WORDS) or (
        _NAME_ROLE.match(line) is not None)


def is_date_line(line: str) -> bool:
    """A short line that gives an absolute date ("Wed 15 Mar 2017 10:31 GMT", "Published: 2017-03-15")."""
    return len(line) <= MAX_DATE_LINE_CHARS and len(line.split()) <= MAX_DATE_LINE_WORDS and (
        _DATE_LINES[line] is not None)


def read_byline(line: str, meta: Meta) -> bool:
    """Fill authors/publisher/published_at from a byline; False when ``line`` is not one."""
    if len(line) > MAX_BYLINE_CHARS:
        return False
    role = _NAME_ROLE.match(line)
    if role is not None:
        _add_names(role.group("name"), meta)
        return True
    m = lx.BYLINE.match(line)
    if m is None or len(line.split()) > MAX_BYLINE_WORDS:
        return False
    rest = m.group("rest")
    date_m = lx.DATEISH.search(rest)
    if date_m is not None:
        meta.published_at = meta.published_at or parse_date(rest)
        rest = rest[:date_m.start()]
    _add_names(rest, meta)
    return True


def _add_names(text: str, meta: Meta) -> None:
    for name in _NAME_SPLIT.split(text):
        name = name.strip(" -–—:|")
        if not name:
            continue
        if name.isupper():
            name = name.title()  # wire bylines print names in capitals ("By JANE MILLER")
        if lx.ORG_WORDS.search(name):
            meta.byline_publisher = meta.byline_publisher or name
        elif _PERSON.match(name) and name not in meta.authors:
            meta.authors.append(name)


def read_date_line(line: str, meta: Meta) -> None:
    """Keep the date of a date line (the first one seen wins)."""
    day = _DATE_LINES[line] if len(line) <= MAX_DATE_LINE_CHARS else parse_date(line)
    meta.published_at = meta.published_at or day


def read_copyright(line: str, meta: Meta) -> None:
    """Remember the holder of a "© 2024 Example.com" line as a publisher candidate."""
    m = _COPYRIGHT_HOLDER.search(line)
    if m is None:
        return
    name = _DOMAIN_TAIL.sub("", m.group("name")).strip(" .,-")
    if name and not name.lower().startswith(("all rights", "by ")):
        meta.copyright_holder = meta.copyright_holder or name


def finish(meta: Meta) -> None:
    """Choose the publisher: dateline agency, then trailer agency, byline organisation, copyright holder."""
    meta.publisher = meta.publisher or meta.trailer_agency or meta.byline_publisher or meta.copyright_holder
