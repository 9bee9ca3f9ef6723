"""Metadata hidden in page lines: bylines, dates, datelines, copyright holders.

Dates go through dateparser, which knows hundreds of formats but costs about a
millisecond a call (and loads its data on first use), so it only ever sees a
short slice that the cheap :data:`lexicon.DATEISH` gate already found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from worker.stages.normalize import lexicon as lx

#: dateparser never sees more than this many characters.
MAX_DATE_CHARS = 60
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
_PERSON = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}$")
_COPYRIGHT_HOLDER = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:-\s*\d{4}\s*)?)?(?P<name>[A-Z][\w&.' -]{1,40})",
                               re.IGNORECASE)
_DOMAIN_TAIL = re.compile(r"\.(?:com|org|net|co\.uk|co|news|io)\b.*$", re.IGNORECASE)
_DATELINE_PLACE_WORD = re.compile(r"[A-Z]{3,}")


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


def parse_date(line: str) -> datetime | None:
    """The first absolute date in ``line`` (UTC when no zone is given), or None."""
    m = lx.DATEISH.search(line)
    if m is None:
        return None
    import dateparser  # lazy: heavy import, only needed when a date-like line exists

    chunk = line[m.start():m.start() + MAX_DATE_CHARS].replace("|", " ")
    settings = {"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(chunk, languages=["en"], settings=settings)
    if parsed is None:
        parsed = dateparser.parse(m.group(0), languages=["en"], settings=settings)
    if parsed is None:
        return None
    return parsed.astimezone(UTC)


def read_byline(line: str, meta: Meta) -> bool:
    """Fill authors/publisher/published_at from a "By ..." line; False when it is not one."""
    m = lx.BYLINE.match(line)
    if m is None or len(line.split()) > 20:
        return False
    rest = m.group("rest")
    date_m = lx.DATEISH.search(rest)
    if date_m is not None:
        meta.published_at = meta.published_at or parse_date(rest)
        rest = rest[:date_m.start()]
    for name in _NAME_SPLIT.split(rest):
        name = name.strip(" -–—:|")
        if not name:
            continue
        if lx.ORG_WORDS.search(name):
            meta.byline_publisher = meta.byline_publisher or name
        elif _PERSON.match(name) and name not in meta.authors:
            meta.authors.append(name)
    return True


def read_copyright(line: str, meta: Meta) -> None:
    """Remember the holder of a "© 2024 Example.com" line as a publisher candidate."""
    m = _COPYRIGHT_HOLDER.search(line)
    if m is None:
        return
    name = _DOMAIN_TAIL.sub("", m.group("name")).strip(" .,-")
    if name and not name.lower().startswith(("all rights", "by ")):
        meta.copyright_holder = meta.copyright_holder or name


def strip_dateline(first: str, meta: Meta) -> str:
    """Move a dateline ("SHANGHAI (Reuters) –") off the first paragraph into ``meta``."""
    m = lx.SLASH_DATELINE.match(first) or lx.DATELINE.match(first)
    if m is None or not _DATELINE_PLACE_WORD.search(m.group("place")):
        return first
    rest = first[m.end():]
    if len(rest.split()) < 3 and not (m.re is lx.SLASH_DATELINE and not rest):
        return first
    meta.dateline = m.group("place").strip(" ,").title()
    if m.group("agency"):
        meta.publisher = m.group("agency").strip()
    return rest[:1].upper() + rest[1:]


def finish(meta: Meta) -> None:
    """Choose the publisher: dateline agency, then byline organisation, then copyright holder."""
    meta.publisher = meta.publisher or meta.byline_publisher or meta.copyright_holder
